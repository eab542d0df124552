package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// shapleyJSON is the --json output of brinkctl shapley.
type shapleyJSON struct {
	Policies      json.RawMessage `json:"policies"`
	Target        string          `json:"target"`
	State         string          `json:"state"`
	Baseline      float64         `json:"baseline"`
	BaselineTerm  string          `json:"baseline_term"`
	Posterior     float64         `json:"posterior"`
	PosteriorTerm string          `json:"posterior_term"`
	Total         float64         `json:"total"`
	Method        string          `json:"method"`
	Permutations  int             `json:"permutations"`
	Values        []struct {
		Node     string  `json:"node"`
		Finding  string  `json:"finding"`
		Value    float64 `json:"value"`
		StdError float64 `json:"std_error"`
	} `json:"values"`
}

// TestShapleyJSON checks shapley --json on asia against separate
// propagations (tol 1e-9): the baseline P(lung = yes) with no findings,
// the posterior with all three, and values that add up to their
// difference (1e-12), highest first.
func TestShapleyJSON(t *testing.T) {
	fs := []string{"xray=yes", "smoke=no", "dysp=yes"}
	args := []string{asiaPath, "--target", "lung=yes", "--json"}
	for _, f := range fs {
		args = append(args, "-e", f)
	}
	out, errs, err := analysisCmd(t, runShapley, args...)
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var got shapleyJSON
	decodeStrict(t, out, &got)
	if got.Target != "lung" || got.State != "yes" || got.Method != "exact" || got.Permutations != 0 || len(got.Values) != 3 || got.Policies != nil {
		t.Fatalf("shape: %s", out)
	}
	if want := asiaPosterior(t, "lung=yes"); math.Abs(got.Baseline-want) > 1e-9 {
		t.Errorf("baseline %v, want %v", got.Baseline, want)
	}
	if want := asiaPosterior(t, "lung=yes", fs...); math.Abs(got.Posterior-want) > 1e-9 {
		t.Errorf("posterior %v, want %v", got.Posterior, want)
	}
	sum := 0.0
	for i, v := range got.Values {
		sum += v.Value
		if v.StdError != 0 || (i > 0 && v.Value > got.Values[i-1].Value) {
			t.Errorf("value %d: %+v (not exact, or out of order)", i, v)
		}
	}
	if math.Abs(sum-got.Total) > 1e-15 || math.Abs(sum-(got.Posterior-got.Baseline)) > 1e-12 {
		t.Errorf("Σφ = %v, total %v, posterior − baseline %v", sum, got.Total, got.Posterior-got.Baseline)
	}
	if got.Values[0].Finding != "xray=yes" || got.Values[2].Finding != "smoke=no" {
		t.Errorf("order: %s", out)
	}

	// With one finding its value is the whole change.
	out, _, err = analysisCmd(t, runShapley, asiaPath, "--target", "lung=yes", "-e", "xray=yes", "--json")
	if err != nil {
		t.Fatal(err)
	}
	got = shapleyJSON{}
	decodeStrict(t, out, &got)
	if want := asiaPosterior(t, "lung=yes", "xray=yes") - asiaPosterior(t, "lung=yes"); math.Abs(got.Values[0].Value-want) > 1e-9 {
		t.Errorf("one finding: %v, want %v", got.Values[0].Value, want)
	}
}

// TestShapleySampledFlagship observes every evidence node of the flagship
// but one (more than 12 findings), so that the values are sampled: each
// has a standard error, and they still add up to the change (1e-12).
func TestShapleySampledFlagship(t *testing.T) {
	args := []string{"builtin:us-iran.toml", "--target", "outcome=accidental_escalation", "--permutations", "40",
		"--scenario", "present_conditions"} // five findings; nine more by hand
	for _, f := range []string{"proxy_incidents=multi_theater", "localized_clash=yes", "us_cost_tolerance=low",
		"iran_capabilities=advancing", "us_threat_perception=high", "us_carrier_deployment=surge", "us_sanctions=expanded",
		"iran_protests=localized", "leader_rhetoric=defiant"} {
		args = append(args, "-e", f)
	}
	out, errs, err := analysisCmd(t, runShapley, append(args, "--json")...)
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var got shapleyJSON
	decodeStrict(t, out, &got)
	if got.Method != "sampled" || got.Permutations != 40 || len(got.Values) != 14 || got.Policies == nil {
		t.Fatalf("shape: %s", out)
	}
	sum, withSE := 0.0, 0
	for _, v := range got.Values {
		sum += v.Value
		if v.StdError > 0 {
			withSE++
		}
	}
	if withSE == 0 || math.Abs(sum-(got.Posterior-got.Baseline)) > 1e-12 {
		t.Errorf("%d values with a standard error; Σφ = %v, posterior − baseline %v", withSE, sum, got.Posterior-got.Baseline)
	}
	text, _, err := analysisCmd(t, runShapley, args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"decisions:", "standard error", "method: sampled, 40 random orders of the 14 findings", "Localized clash = Yes", "pp"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestShapleyText checks the labels, the total and the method line.
func TestShapleyText(t *testing.T) {
	out, _, err := analysisCmd(t, runShapley, asiaPath, "--target", "lung=yes", "-e", "xray=yes", "-e", "smoke=no", "--do", "asia=yes")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"evidence:  Smoker = no; Positive X-ray = yes; Visit to Asia set to yes (by action)",
		"target:    Lung cancer = yes",
		"with no findings (the baseline)",
		"Positive X-ray = yes  +",
		"total",
		"method: exact, over all 4 coalitions of the 2 findings (Shapley 1953)",
		"Actions stand in every order: they are not findings.",
	} {
		// Notes are wrapped: compare with runs of blanks as one space.
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	out, _, err = analysisCmd(t, runShapley, asiaPath, "--target", "lung=yes")
	if err != nil || !strings.Contains(out, "no findings to credit") {
		t.Errorf("no findings: %v\n%s", err, out)
	}
}

// TestShapleyErrors checks what the user can get wrong.
func TestShapleyErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no target", []string{asiaPath, "-e", "xray=yes"}, "--target is required"},
		{"target without a state", []string{asiaPath, "--target", "lung"}, "want VAR=STATE"},
		{"permutations", []string{asiaPath, "--target", "lung=yes", "--permutations", "1"}, "--permutations 1: at least 2"},
		{"impossible", []string{asiaPath, "--target", "lung=yes", "-e", "either=no", "-e", "tub=yes"}, "impossible evidence"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := analysisCmd(t, runShapley, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
