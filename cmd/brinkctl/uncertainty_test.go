package main

import (
	"brink/network/analysis"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/network/modelfile"
)

// uncertaintyJSON is the documented shape of `brinkctl uncertainty --json`.
type uncertaintyJSON struct {
	Target         string  `json:"target"`
	Samples        int     `json:"samples"`
	Interval       float64 `json:"interval"`
	UncertainNodes int     `json:"uncertain_nodes"`
	States         []struct {
		State string  `json:"state"`
		Fixed float64 `json:"fixed"`
		Mean  float64 `json:"mean"`
		Low   float64 `json:"low"`
		High  float64 `json:"high"`
		Term  string  `json:"term"`
	} `json:"states"`
	// Policies is there for a model with decisions only (see
	// beliefs.policies).
	Policies map[string]json.RawMessage `json:"policies"`
}

func runUncertaintyArgs(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = runUncertainty(args, &out, &errb)
	return out.String(), errb.String(), err
}

func decodeUncertainty(t *testing.T, out string) uncertaintyJSON {
	t.Helper()
	var got uncertaintyJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	return got
}

// TestUncertaintyJSON checks the shape, that "fixed" is the posterior of
// `brinkctl query` with the same findings, that the interval holds the
// mean and that the term names the mean. The flagship has 27 nodes, two
// of them decisions, which are not sampled: 25 uncertain nodes.
func TestUncertaintyJSON(t *testing.T) {
	args := []string{"../../models/us-iran.toml", "--target", "outcome", "--scenario", "red_sea_spark", "--default-confidence", "20", "--samples", "300", "--json"}
	out, errs, err := runUncertaintyArgs(t, args...)
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	got := decodeUncertainty(t, out)
	if got.Target != "outcome" || got.Samples != 300 || got.Interval != 0.9 || got.UncertainNodes != 25 || len(got.States) != 4 || len(got.Policies) != 2 {
		t.Fatalf("got %+v", got)
	}
	q, qerrs, st := brinkctl(t, "query", "../../models/us-iran.toml", "--scenario", "red_sea_spark", "--json")
	if st != 0 {
		t.Fatal(qerrs)
	}
	var query struct {
		Marginals map[string]map[string]float64 `json:"marginals"`
	}
	if err := json.Unmarshal([]byte(q), &query); err != nil {
		t.Fatal(err)
	}
	for _, s := range got.States {
		if want := query.Marginals["outcome"][s.State]; s.Fixed != want {
			t.Errorf("%s: fixed %v, query says %v", s.State, s.Fixed, want)
		}
		if !(s.Low <= s.Mean && s.Mean <= s.High && s.High-s.Low > 0.01) {
			t.Errorf("%s: mean %v, interval [%v, %v]", s.State, s.Mean, s.Low, s.High)
		}
		if s.Term != analysis.Term(s.Mean) {
			t.Errorf("%s: term %q for %v", s.State, s.Term, s.Mean)
		}
	}
	if !strings.HasPrefix(out, `{"target": "outcome", "samples": 300, "interval": 0.9, "uncertain_nodes": 25, "states": [{"state": "fragile_balance", "fixed": `) {
		t.Errorf("unexpected layout: %.140s", out)
	}

	again, _, _ := runUncertaintyArgs(t, args...)
	other, _, _ := runUncertaintyArgs(t, append(args, "--seed", "2")...)
	if again != out || other == out {
		t.Error("the seed does not fix the result")
	}
}

// TestUncertaintyNoConfidence: with nothing uncertain the command says so
// instead of printing a degenerate interval as if it meant something.
func TestUncertaintyNoConfidence(t *testing.T) {
	out, errs, err := runUncertaintyArgs(t, "../../models/asia.toml", "--target", "lung", "-e", "smoke=yes")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	for _, want := range []string{"No node has a confidence and no --default-confidence was given", "no interval to report", "yes    10.0%  very unlikely"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "% interval") {
		t.Errorf("degenerate interval printed:\n%s", out)
	}

	out, errs, err = runUncertaintyArgs(t, "../../models/asia.toml", "--target", "lung", "--json")
	if err != nil {
		t.Fatal(err)
	}
	got := decodeUncertainty(t, out)
	if got.UncertainNodes != 0 || got.Samples != 0 || got.States[0].Low != got.States[0].Fixed || got.States[0].High != got.States[0].Fixed {
		t.Errorf("got %+v", got)
	}
	if !strings.Contains(errs, "no node has a confidence") {
		t.Errorf("no note on stderr: %q", errs)
	}
}

// TestUncertaintyConfidenceFromFile: confidences written in the model file
// are used, and the report counts them.
func TestUncertaintyConfidenceFromFile(t *testing.T) {
	m, err := modelfile.Load("../../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"smoke", "lung"} {
		v, _ := m.Net.Index(name)
		m.Nodes[v].Confidence = 15
	}
	data, err := modelfile.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "asia-conf.toml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, err := runUncertaintyArgs(t, path, "--target", "lung", "--scenario", "smoker_with_dyspnoea", "--samples", "200")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	for _, want := range []string{"target:      lung", "evidence:", "smoke=yes", "2 of 8 nodes have one; the other 6 are held fixed", "samples:     200 (seed 1)", "90% interval", "term (of the mean)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// Without findings, smoking and lung cancer cannot move the prior of
	// a visit to Asia.
	out, errs, err = runUncertaintyArgs(t, path, "--target", "asia")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	if !strings.Contains(out, "None of the 2 uncertain nodes can affect asia") || strings.Contains(out, "% interval") {
		t.Errorf("barren case not explained:\n%s", out)
	}
	out, errs, err = runUncertaintyArgs(t, path, "--target", "asia", "--default-confidence", "5", "--samples", "50")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	if !strings.Contains(out, "2 of 8 nodes have their own; --default-confidence 5 for the other 6") || !strings.Contains(out, "samples:     50") {
		t.Errorf("default confidence not reported:\n%s", out)
	}
}

func TestUncertaintyErrors(t *testing.T) {
	asia := "../../models/asia.toml"
	tests := []struct {
		name string
		args []string
		want []string // substrings of the error or of stderr
	}{
		{"no target", []string{asia}, []string{"--target VAR is required"}},
		{"unknown target", []string{asia, "--target", "lungs"}, []string{`no variable "lungs"`, "asia, tub, smoke"}},
		{"target with state", []string{asia, "--target", "lung=yes"}, []string{"not VAR=STATE"}},
		{"zero samples", []string{asia, "--target", "lung", "--samples", "0"}, []string{"--samples must be at least 1"}},
		{"interval", []string{asia, "--target", "lung", "--interval", "90"}, []string{"--interval 90", "between 0 and 1"}},
		{"negative default", []string{asia, "--target", "lung", "--default-confidence", "-3"}, []string{"--default-confidence -3"}},
		{"NaN default", []string{asia, "--target", "lung", "--default-confidence", "NaN"}, []string{"--default-confidence NaN"}},
		{"infinite default", []string{asia, "--target", "lung", "--default-confidence", "+Inf"}, []string{"uncertainty: default confidence +Inf"}},
		{"impossible", []string{asia, "--target", "lung", "-e", "either=no", "-e", "lung=yes", "--default-confidence", "5"}, []string{"impossible evidence"}},
		{"unknown scenario", []string{asia, "--target", "lung", "--scenario", "nope"}, []string{`no scenario "nope"`}},
		{"bad flag", []string{asia, "--target", "lung", "--samples", "many"}, []string{"invalid value"}},
		{"two models", []string{asia, asia, "--target", "lung"}, []string{"exactly one MODEL"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, err := runUncertaintyArgs(t, tc.args...)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error() + "\n" + errs
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q lacks %q", msg, w)
				}
			}
		})
	}
}
