package main

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"brink/gui/cardlayout"
	"brink/network"
	"brink/network/decision"
	"brink/network/jtree"
	"brink/network/model"
)

func loadT(t *testing.T, path string) (*session, reply) {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &session{}
	r := s.load(string(text))
	if r.Error != "" {
		t.Fatalf("load %s: %s", path, r.Error)
	}
	return s, r
}

// want computes md's beliefs under ev as brinkctl query does (beliefsOf,
// then a junction tree on its network), independently of session.
func want(t *testing.T, md *model.Model, ev *network.Evidence) [][]float64 {
	t.Helper()
	net, _, _, err := decision.BeliefNetwork(md, ev)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, net.NumVariables())
	for v := range out {
		out[v] = append([]float64(nil), jt.Posterior(v)...)
	}
	return out
}

func same(t *testing.T, what string, got []nodeBeliefs, exp [][]float64) {
	t.Helper()
	if len(got) != len(exp) {
		t.Fatalf("%s: %d nodes, want %d", what, len(got), len(exp))
	}
	for v := range exp {
		for s := range exp[v] {
			if math.Abs(got[v].P[s]-exp[v][s]) > 1e-12 {
				t.Errorf("%s: node %d state %d = %v, want %v", what, v, s, got[v].P[s], exp[v][s])
			}
		}
	}
}

// TestQueryIsBrinkctlQuery checks the page engine's beliefs on the
// flagship (a model with decisions) against brinkctl query's way of
// computing them, to 1e-12, for each kind of finding the page sets.
func TestQueryIsBrinkctlQuery(t *testing.T) {
	s, r := loadT(t, "../../models/us-iran.toml")
	md := s.md
	same(t, "baseline", r.Beliefs, want(t, md, network.NewEvidence(md.Net)))
	for _, d := range r.Beliefs {
		for _, x := range d.Delta {
			if x != "±0 pp" {
				t.Fatalf("baseline delta %q", x)
			}
		}
	}
	fs := `[{"node":"proxy_incidents","kind":"hard","state":"multi_theater"},
		{"node":"iran_protests","kind":"not","states":["calm"]},
		{"node":"us_response","kind":"do","state":"forceful"}]`
	got := s.query(fs)
	if got.Error != "" {
		t.Fatal(got.Error)
	}
	ev := network.NewEvidence(md.Net)
	mustLookup := func(v, st string) (int, int) {
		a, b, err := md.Net.Lookup(v, st)
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
	v, st := mustLookup("proxy_incidents", "multi_theater")
	ev.SetState(v, st)
	v, st = mustLookup("iran_protests", "calm")
	ev.SetNotState(v, st)
	v, st = mustLookup("us_response", "forceful")
	ev.SetDo(v, st)
	same(t, "findings", got.Beliefs, want(t, md, ev))
	if len(got.Findings) != 3 || !strings.Contains(got.Choices, "set by action") {
		t.Errorf("findings %+v, choices %q", got.Findings, got.Choices)
	}
}

// TestScenario checks that a scenario's beliefs are its findings' and
// that the reply lists them for the page to adopt.
func TestScenario(t *testing.T) {
	s, _ := loadT(t, "../../models/us-iran.toml")
	r := s.scenario("red_sea_spark")
	if r.Error != "" {
		t.Fatal(r.Error)
	}
	sc, _ := s.md.Scenario("red_sea_spark")
	ev, err := s.md.Evidence(sc)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "scenario", r.Beliefs, want(t, s.md, ev))
	fs, _ := json.Marshal(r.Findings)
	again := s.query(string(fs))
	if again.Error != "" {
		t.Fatal(again.Error)
	}
	same(t, "scenario's findings sent back", again.Beliefs, want(t, s.md, ev))
}

// TestErrors checks the messages the page shows: the app's words.
func TestErrors(t *testing.T) {
	s, _ := loadT(t, "../../web/test/hostile.toml")
	for _, c := range []struct{ name, findings, want string }{
		{"impossible", `[{"node":"gate","kind":"hard","state":"open"},{"node":"light","kind":"hard","state":"off"}]`,
			"These findings cannot all be true (probability 0): <img src=x onerror=window.__pwned=2> = <script>window.__pwned=1</script>; javascript:window.__pwned=3 = Off.\nThe previous findings are kept."},
		{"unknown node", `[{"node":"nosuch","kind":"hard","state":"x"}]`, `Network: no variable "nosuch"`},
		{"unknown state", `[{"node":"gate","kind":"hard","state":"ajar"}]`, `Network: variable "gate" has no state "ajar"`},
		{"unknown kind", `[{"node":"gate","kind":"maybe"}]`, `Brinkweb: node "gate": unknown finding kind "maybe"`},
		{"not JSON", `[{`, "The page sent findings that are not JSON"},
	} {
		r := s.query(c.findings)
		if !strings.HasPrefix(r.Error, c.want) {
			t.Errorf("%s: error %q, want it to start %q", c.name, r.Error, c.want)
		}
	}
	if r := s.scenario("nosuch"); r.Error != `The model has no scenario "nosuch".` {
		t.Errorf("unknown scenario: %q", r.Error)
	}
	if r := (&session{}).load("[model]\nformat = 99\n"); r.Error == "" {
		t.Error("a bad model file loaded")
	}
}

// TestExpectedText holds the page's utility values to the window's
// words (cardlayout.ExpectedText).
func TestExpectedText(t *testing.T) {
	for _, x := range []float64{0, -1e-12, 42.5, -10, 12345.6, 1e20, -0.000123456, 1.23456789, math.NaN(), math.Inf(1)} {
		for _, ok := range []bool{true, false} {
			if got, want := expectedText(x, ok), cardlayout.ExpectedText(x, ok); got != want {
				t.Errorf("expectedText(%v, %v) = %q, want %q", x, ok, got, want)
			}
		}
	}
	s, r := loadT(t, "../../models/us-iran.toml")
	if len(r.Expected) != len(s.md.Utilities) || len(r.Expected) == 0 {
		t.Fatalf("expected %q for %d utilities", r.Expected, len(s.md.Utilities))
	}
	for _, e := range r.Expected {
		if !strings.HasPrefix(e, "expected ") || e == "expected —" {
			t.Errorf("expected value %q", e)
		}
	}
}
