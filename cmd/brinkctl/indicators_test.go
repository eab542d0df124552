package main

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// indicatorsOut is the JSON of brinkctl indicators.
type indicatorsOut struct {
	Policies    map[string]any `json:"policies"`
	Target      string         `json:"target"`
	Probability float64        `json:"probability"`
	Term        string         `json:"term"`
	Observable  []string       `json:"observable"`
	Indicators  []struct {
		Node       string   `json:"node"`
		Label      string   `json:"label"`
		Divergence *float64 `json:"divergence"`
		Conclusive bool     `json:"conclusive"`
		States     []struct {
			State           string   `json:"state"`
			Label           string   `json:"label"`
			GivenTarget     float64  `json:"given_target"`
			GivenNotTarget  float64  `json:"given_not_target"`
			LikelihoodRatio *float64 `json:"likelihood_ratio"`
			Probability     float64  `json:"probability"`
			Posterior       float64  `json:"posterior"`
			Term            string   `json:"term"`
			Delta           float64  `json:"delta"`
		} `json:"states"`
	} `json:"indicators"`
	Search *struct {
		Level       float64  `json:"level"`
		Direction   string   `json:"direction"`
		Reached     bool     `json:"reached"`
		Unreachable bool     `json:"unreachable"`
		Extreme     *float64 `json:"extreme"`
		Findings    []struct {
			Node      string  `json:"node"`
			State     string  `json:"state"`
			Posterior float64 `json:"posterior"`
		} `json:"findings"`
		Posterior   float64 `json:"posterior"`
		Term        string  `json:"term"`
		Probability float64 `json:"probability"`
	} `json:"search"`
}

// TestIndicatorsJSON checks indicators --json on asia, whose evidence
// nodes are asia, smoke and x-ray: only they are read, each state's
// posterior agrees with re-propagation with it observed, and the set the
// search finds reaches the level when propagated (tol 1e-9).
func TestIndicatorsJSON(t *testing.T) {
	out, _, err := analysisCmd(t, runIndicators, asiaPath, "--target", "lung=yes", "-e", "dysp=yes", "--top", "0", "--reach", "40%", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got indicatorsOut
	decodeStrict(t, out, &got)
	if want := []string{"asia", "smoke", "xray"}; !slices.Equal(got.Observable, want) {
		t.Errorf("observable %v, want %v", got.Observable, want)
	}
	if len(got.Indicators) != 3 {
		t.Fatalf("%d indicators, want 3", len(got.Indicators))
	}
	if p := asiaPosterior(t, "lung=yes", "dysp=yes"); math.Abs(got.Probability-p) > 1e-9 {
		t.Errorf("probability %v, want %v", got.Probability, p)
	}
	for _, ind := range got.Indicators {
		for _, st := range ind.States {
			p := asiaPosterior(t, "lung=yes", "dysp=yes", ind.Node+"="+st.State)
			if math.Abs(st.Posterior-p) > 1e-9 || math.Abs(st.Delta-(p-got.Probability)) > 1e-9 {
				t.Errorf("%s=%s: posterior %v, delta %v; want %v", ind.Node, st.State, st.Posterior, st.Delta, p)
			}
			if lr := st.LikelihoodRatio; lr == nil || math.Abs(*lr-st.GivenTarget/st.GivenNotTarget) > 1e-9 {
				t.Errorf("%s=%s: ratio %v, want %v", ind.Node, st.State, lr, st.GivenTarget/st.GivenNotTarget)
			}
		}
	}
	s := got.Search
	if s == nil || !s.Reached || s.Direction != "above" || s.Level != 0.4 || len(s.Findings) == 0 {
		t.Fatalf("search %+v, want the level reached upwards", s)
	}
	findings := []string{"dysp=yes"}
	for _, f := range s.Findings {
		findings = append(findings, f.Node+"="+f.State)
	}
	if p := asiaPosterior(t, "lung=yes", findings...); math.Abs(p-s.Posterior) > 1e-9 || p < 0.4 {
		t.Errorf("with %v: P %v, search says %v", findings, p, s.Posterior)
	}
}

// TestIndicatorsDecisions: on the oil wildcatter the decisions are never
// watched or taken as findings, the JSON carries the policies, and a
// level the one evidence node cannot bring the target to is reported as
// unreachable, with the most it can give.
func TestIndicatorsDecisions(t *testing.T) {
	out, _, err := analysisCmd(t, runIndicators, oilPath, "--target", "oil=dry", "--above", "0.9", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got indicatorsOut
	decodeStrict(t, out, &got)
	if got.Policies == nil {
		t.Error("no policies")
	}
	if !slices.Equal(got.Observable, []string{"result"}) || len(got.Indicators) != 1 || got.Indicators[0].Node != "result" {
		t.Errorf("observable %v, indicators %+v: want the test result alone", got.Observable, got.Indicators)
	}
	s := got.Search
	if s == nil || s.Reached || !s.Unreachable || s.Extreme == nil || *s.Extreme >= 0.9 {
		t.Fatalf("search %+v, want unreachable", s)
	}
	text, _, err := analysisCmd(t, runIndicators, oilPath, "--target", "oil=dry", "--above", "0.9")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"decisions:", "Watching the one unobserved evidence node.", "Test result = No structure: 2.7× likelier if Oil in the ground = Dry", "it cannot be done"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	_, body, _ := strings.Cut(text, "\ntarget:") // after the decisions' line
	for _, d := range []string{"Drill?", "Seismic test?"} {
		if strings.Contains(body, d) {
			t.Errorf("a decision is offered (%q):\n%s", d, text)
		}
	}
}

// TestIndicatorsText checks the flagship's text output: labels for
// people, and the search's steps and chance.
func TestIndicatorsText(t *testing.T) {
	out, _, err := analysisCmd(t, runIndicators, "builtin:us-iran.toml", "--target", "outcome=accidental_escalation", "--reach", "0.3", "--top", "3")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Watching the 11 unobserved evidence nodes.",
		"Localized clash = Yes: 3.0× likelier if Outcome = Accidental escalation; would move it +14.9 points, to 25.0%",
		"To bring P(Outcome = Accidental escalation) from 10.1% to 30% or more:",
		"1. Localized clash = Yes",
		"the chance of seeing them all, given the evidence:",
		"not ruled out",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "bits)"); n != 3 {
		t.Errorf("%d nodes listed, want 3 (--top 3)", n)
	}
}

// TestIndicatorsErrors: conflicting or bad levels and a target the
// evidence settles are refused with a message.
func TestIndicatorsErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"two levels", []string{"--target", "lung=yes", "--reach", "0.5", "--below", "0.1"}, "at most one of"},
		{"level above 1", []string{"--target", "lung=yes", "--reach", "150%"}, ""},
		{"level not a number", []string{"--target", "lung=yes", "--above", "lots"}, ""},
		{"target observed", []string{"--target", "lung=yes", "-e", "lung=yes"}, "lung=yes is certain given the evidence"},
		{"target ruled out", []string{"--target", "lung=yes", "-e", "either=no"}, "lung=yes is impossible given the evidence"},
		{"no target", nil, "--target is required"},
		{"negative top", []string{"--target", "lung=yes", "--top", "-1"}, "--top"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := analysisCmd(t, runIndicators, append([]string{asiaPath}, tc.args...)...)
			if err == nil || (tc.want != "" && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestInfluenceJSON checks influence --json on asia: every edge once,
// values in [0, 1], sorted by average (or by maximum with --maximum), and
// the deterministic OR either | lung, tub at maximum 1.
func TestInfluenceJSON(t *testing.T) {
	type edge struct {
		Parent  string  `json:"parent"`
		Child   string  `json:"child"`
		Average float64 `json:"average"`
		Maximum float64 `json:"maximum"`
		Policy  bool    `json:"policy"`
	}
	for _, byMax := range []bool{false, true} {
		args := []string{asiaPath, "--json"}
		if byMax {
			args = append(args, "--maximum")
		}
		out, _, err := analysisCmd(t, runInfluence, args...)
		if err != nil {
			t.Fatal(err)
		}
		var got []edge
		decodeStrict(t, out, &got)
		if len(got) != 8 {
			t.Fatalf("%d edges, want asia's 8", len(got))
		}
		for i, e := range got {
			if e.Average < 0 || e.Maximum > 1 || e.Average > e.Maximum {
				t.Errorf("%s → %s: %+v", e.Parent, e.Child, e)
			}
			if i > 0 {
				prev, cur := got[i-1].Average, e.Average
				if byMax {
					prev, cur = got[i-1].Maximum, e.Maximum
				}
				if prev < cur {
					t.Errorf("--maximum %v: not sorted at %d", byMax, i)
				}
			}
			if e.Child == "either" && e.Maximum != 1 {
				t.Errorf("%s → either: maximum %v, want 1", e.Parent, e.Maximum)
			}
		}
	}
	out, _, err := analysisCmd(t, runInfluence, oilPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "result → drilling") || !strings.Contains(out, "(the best policy's table)") {
		t.Errorf("oil wildcatter: the policy's edges are not marked:\n%s", out)
	}
}
