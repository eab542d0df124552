package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"brink/internal/shared"
)

func brinkctl(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errb bytes.Buffer
	status = run(args, &out, &errb)
	return out.String(), errb.String(), status
}

// TestQueryJSON checks the exact JSON shape and values against
// ../shared/reftests/asia.json (libDAI; tol 1e-9).
func TestQueryJSON(t *testing.T) {
	out, errs, st := brinkctl(t, "query", "../../models/asia.toml", "--json")
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	var got struct {
		ProbEvidence    float64                       `json:"prob_evidence"`
		LogProbEvidence float64                       `json:"log_prob_evidence"`
		Marginals       map[string]map[string]float64 `json:"marginals"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.ProbEvidence != 1 || got.LogProbEvidence != 0 || len(got.Marginals) != 8 {
		t.Fatalf("P(e)=%v, ln P(e)=%v, %d variables", got.ProbEvidence, got.LogProbEvidence, len(got.Marginals))
	}
	if p := got.Marginals["lung"]["yes"]; math.Abs(p-0.055) > 1e-9 {
		t.Errorf("P(lung=yes) = %v, want 0.055", p)
	}
	// Model order is kept: asia first, dysp last.
	if !strings.HasPrefix(out, `{"prob_evidence": 1, "log_prob_evidence": 0, "marginals": {"asia": {"yes": `) {
		t.Errorf("unexpected layout: %.80s", out)
	}
}

func TestQueryFindings(t *testing.T) {
	out, errs, st := brinkctl(t, "query", "../../models/asia.toml", "-e", "xray=yes", "--not", "dysp=no", "--likelihood", "smoke=0.8,0.2", "--json")
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	var got struct {
		ProbEvidence float64                       `json:"prob_evidence"`
		Marginals    map[string]map[string]float64 `json:"marginals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Marginals["xray"]["yes"] != 1 || got.Marginals["dysp"]["no"] != 0 {
		t.Errorf("findings not applied: %v %v", got.Marginals["xray"], got.Marginals["dysp"])
	}
	if !(got.ProbEvidence > 0 && got.ProbEvidence < 1) {
		t.Errorf("P(e) = %v", got.ProbEvidence)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // substrings of stderr
	}{
		{"unknown variable", []string{"query", "../../models/asia.toml", "-e", "xrays=yes"}, []string{`no variable "xrays"`, "asia, tub, smoke"}},
		{"unknown state", []string{"query", "../../models/asia.toml", "-e", "xray=maybe"}, []string{`"xray" has no state "maybe"`, "states: yes, no"}},
		{"impossible", []string{"query", "../../models/asia.toml", "-e", "either=no", "-e", "lung=yes"}, []string{"impossible evidence", "lung=yes", "either=no"}},
		{"bad weight", []string{"query", "../../models/asia.toml", "--likelihood", "smoke=0.8,x"}, []string{"weight 2"}},
		{"missing file", []string{"query", "nope.bif"}, []string{"nope.bif"}},
		{"no model", []string{"mpe"}, []string{"exactly one MODEL"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, st := brinkctl(t, tc.args...)
			if st != 1 {
				t.Errorf("status %d, want 1", st)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q lacks %q", errs, w)
				}
			}
		})
	}
}

// TestStateNameWithEquals checks that -e splits at the first '=' so that
// child.bif's state ">=7.5" can be observed.
func TestStateNameWithEquals(t *testing.T) {
	path, ok := shared.Path("networks", "child.bif")
	if !ok {
		t.Skip("../shared not found")
	}
	out, errs, st := brinkctl(t, "query", path, "-e", "CO2Report=>=7.5", "--json")
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	if !strings.Contains(out, `"CO2Report": {"<7.5": 0, ">=7.5": 1}`) {
		t.Errorf("finding not applied: %s", out)
	}
}

func TestMPEAndBenchJSON(t *testing.T) {
	out, errs, st := brinkctl(t, "mpe", "../../models/asia.toml", "-e", "xray=yes", "--json")
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	var mpe struct {
		Assignment  map[string]string `json:"assignment"`
		Probability float64           `json:"probability"`
	}
	if err := json.Unmarshal([]byte(out), &mpe); err != nil {
		t.Fatal(err)
	}
	// By enumeration: asia=no, tub=no, smoke=yes, lung=yes, bronc=yes,
	// either=yes, xray=yes, dysp=yes has P = .99·.99·.5·.1·.6·1·.98·.9.
	want := 0.99 * 0.99 * 0.5 * 0.1 * 0.6 * 0.98 * 0.9
	if math.Abs(mpe.Probability-want) > 1e-12 || mpe.Assignment["lung"] != "yes" || len(mpe.Assignment) != 8 {
		t.Errorf("mpe %v p=%v, want p=%v", mpe.Assignment, mpe.Probability, want)
	}
	out, errs, st = brinkctl(t, "bench", "../../models/asia.toml", "--reps", "3", "--json")
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	var b map[string]int64
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatal(err)
	}
	if b["clique_entries"] != 40 || b["max_clique_entries"] != 8 || b["compile_ns"] <= 0 || b["propagate_ns"] <= 0 || b["propagate_no_findings_ns"] <= 0 || len(b) != 5 {
		t.Errorf("bench output %v", b)
	}
}
