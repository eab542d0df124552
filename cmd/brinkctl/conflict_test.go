package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gradedScenario is a scenario for asia whose reports carry Admiralty
// gradings: a B2 lab says the patient has tuberculosis or lung cancer,
// an E5 source reports a clear X-ray, which that makes improbable
// (P(xray = no | either = yes) = 0.02), and two reports are ungraded or
// well graded and fit.
const gradedScenario = `
[[scenario]]
name = "graded"
title = "Graded reports"

[[scenario.finding]]
node = "either"
state = "yes"
source = "lab"
reliability = "B"
credibility = 2

[[scenario.finding]]
node = "xray"
state = "no"
note = "A clear film, by a second-hand account."
reliability = "E"
credibility = 5

[[scenario.finding]]
node = "smoke"
state = "yes"
reliability = "B"
credibility = 2

[[scenario.finding]]
node = "dysp"
state = "yes"
`

// gradedAsia writes asia with gradedScenario to a temporary file.
func gradedAsia(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(asiaPath)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "graded.toml")
	if err := os.WriteFile(path, append(src, gradedScenario...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// conflictJSON is the --json output of brinkctl conflict.
type conflictJSON struct {
	Policies        json.RawMessage `json:"policies"`
	Conf            float64         `json:"conf"`
	Verdict         string          `json:"verdict"`
	LogProbEvidence float64         `json:"log_prob_evidence"`
	Threshold       float64         `json:"threshold"`
	Findings        []struct {
		Node          string  `json:"node"`
		Finding       string  `json:"finding"`
		Kind          string  `json:"kind"`
		Contribution  float64 `json:"contribution"`
		Retracted     float64 `json:"retracted"`
		RetractedTerm string  `json:"retracted_term"`
		Prior         float64 `json:"prior"`
		PriorTerm     string  `json:"prior_term"`
		Source        struct {
			Reliability *string `json:"reliability"`
			Credibility *int    `json:"credibility"`
			Checked     bool    `json:"checked"`
			Surprising  bool    `json:"surprising"`
			Suspect     bool    `json:"suspect"`
			Reason      string  `json:"reason"`
		} `json:"source"`
	} `json:"findings"`
	Target *struct {
		Node    string `json:"node"`
		LeftOut string `json:"left_out"`
		States  []struct {
			State         string   `json:"state"`
			Prior         float64  `json:"prior"`
			PriorTerm     string   `json:"prior_term"`
			Posterior     float64  `json:"posterior"`
			PosteriorTerm string   `json:"posterior_term"`
			Possible      bool     `json:"possible"`
			Consistent    bool     `json:"consistent"`
			Conf          *float64 `json:"conf"`
			Fits          bool     `json:"fits"`
		} `json:"states"`
	} `json:"target"`
}

// TestConflictSourceCheck runs the graded scenario: the E5 clear X-ray
// is flagged, the B2 lab report that the X-ray makes improbable is
// surprising but not flagged, and the ungraded and fitting reports are
// not; the numbers agree with separate propagations (tol 1e-9):
//
//	retracted(xray = no) = P(xray = no | either, smoke, dysp) = 0.02,
//	conf = Σ_i log2 P(e_i) − log2 P(e),
//
// with P(e) from brinkctl query and P(e_i) from the prior marginals.
func TestConflictSourceCheck(t *testing.T) {
	path := gradedAsia(t)
	out, errs, err := analysisCmd(t, runConflict, path, "--scenario", "graded", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var got conflictJSON
	decodeStrict(t, out, &got)
	if got.Policies != nil || got.Target != nil || got.Threshold != 0.1 || len(got.Findings) != 4 {
		t.Fatalf("shape: %s", out)
	}
	byNode := map[string]int{}
	for i, f := range got.Findings {
		byNode[f.Node] = i
	}
	x := got.Findings[byNode["xray"]]
	if !x.Source.Suspect || !x.Source.Surprising || *x.Source.Reliability != "E" || *x.Source.Credibility != 5 ||
		!strings.HasPrefix(x.Source.Reason, "the rest of the evidence gave this report 2% (") ||
		!strings.HasSuffix(x.Source.Reason, "alone); its source is graded E5 (unreliable, improbable)") {
		t.Errorf("xray: %+v", x)
	}
	if want := asiaPosterior(t, "xray=no", "either=yes", "smoke=yes", "dysp=yes"); math.Abs(x.Retracted-want) > 1e-9 || math.Abs(want-0.02) > 1e-12 {
		t.Errorf("xray retracted %v, want %v", x.Retracted, want)
	}
	if want := asiaPosterior(t, "xray=no"); math.Abs(x.Prior-want) > 1e-9 {
		t.Errorf("xray prior %v, want %v", x.Prior, want)
	}
	e := got.Findings[byNode["either"]]
	if e.Source.Suspect || !e.Source.Surprising || !strings.Contains(e.Source.Reason, "graded B2 (usually reliable, probably true): question the other reports") {
		t.Errorf("either: %+v", e)
	}
	s := got.Findings[byNode["smoke"]]
	if s.Source.Suspect || s.Source.Surprising || !strings.HasPrefix(s.Source.Reason, "fits the rest") {
		t.Errorf("smoke: %+v", s)
	}
	d := got.Findings[byNode["dysp"]]
	if d.Source.Suspect || d.Source.Reliability != nil || d.Source.Credibility != nil {
		t.Errorf("dysp: %+v", d)
	}

	// conf from P(e) and the priors of brinkctl query.
	qout, qerrs, st := brinkctl(t, "query", path, "--scenario", "graded", "--json")
	if st != 0 {
		t.Fatal(qerrs)
	}
	var q struct {
		LogProbEvidence float64 `json:"log_prob_evidence"`
	}
	if err := json.Unmarshal([]byte(qout), &q); err != nil {
		t.Fatal(err)
	}
	want := -q.LogProbEvidence / math.Ln2
	for _, f := range []string{"either=yes", "xray=no", "smoke=yes", "dysp=yes"} {
		want += math.Log2(asiaPosterior(t, f))
	}
	if math.Abs(got.Conf-want) > 1e-9 || got.Verdict != "conflict" || got.Conf <= 0 {
		t.Errorf("conf %v (%s), want %v", got.Conf, got.Verdict, want)
	}

	// A finding the command line replaces loses the scenario's grading;
	// one it repeats keeps it.
	out, _, err = analysisCmd(t, runConflict, path, "--scenario", "graded", "-e", "xray=yes", "-e", "either=yes", "--json")
	if err != nil {
		t.Fatal(err)
	}
	got = conflictJSON{}
	decodeStrict(t, out, &got)
	for _, f := range got.Findings {
		graded := f.Source.Reliability != nil
		if (f.Node == "xray" && graded) || (f.Node == "either" && !graded) {
			t.Errorf("%s: reliability %v after -e", f.Node, f.Source.Reliability)
		}
	}

	// The text names the finding by its labels and flags it.
	text, _, err := analysisCmd(t, runConflict, path, "--scenario", "graded")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"conf(e) = +3.81 bits: ",
		"unusual together, 14 times less probable than if independent (a possible conflict)",
		"Positive X-ray = no",
		"graded B2, fits",
		"surprising, well graded",
		"Dyspnoea = yes",
		"source check: surprising under 10% given the rest",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	flagged := strings.Contains(text, "  Positive X-ray = no: POSSIBLE BAD SOURCE OR DECEPTION\n"+
		"    the rest of the evidence gave this report 2% (89% alone); its source is\n"+
		"    graded E5 (unreliable, improbable)\n")
	if !flagged {
		t.Errorf("the X-ray is not flagged:\n%s", text)
	}
}

// TestConflictTarget checks the rare-case check: on asia with a positive
// X-ray and no dyspnoea, given each state of lung, conf(e | t) and
// whether it fits; the target's own finding is left out.
func TestConflictTarget(t *testing.T) {
	out, errs, err := analysisCmd(t, runConflict, asiaPath, "-e", "xray=yes", "-e", "dysp=no", "-e", "smoke=no", "--target", "lung", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var got conflictJSON
	decodeStrict(t, out, &got)
	if got.Target == nil || got.Target.Node != "lung" || len(got.Target.States) != 2 || got.Target.LeftOut != "" {
		t.Fatalf("target: %s", out)
	}
	for _, s := range got.Target.States {
		want := asiaPosterior(t, "lung="+s.State, "xray=yes", "dysp=no", "smoke=no")
		if math.Abs(s.Posterior-want) > 1e-9 || !s.Possible || !s.Consistent || s.Conf == nil || s.Fits != (*s.Conf <= 0) {
			t.Errorf("%s: %+v, want posterior %v", s.State, s, want)
		}
	}

	out, _, err = analysisCmd(t, runConflict, asiaPath, "-e", "xray=yes", "-e", "lung=yes", "--target", "lung", "--json")
	if err != nil {
		t.Fatal(err)
	}
	got = conflictJSON{}
	decodeStrict(t, out, &got)
	if got.Target.LeftOut != "lung=yes" {
		t.Errorf("left_out %q", got.Target.LeftOut)
	}
	text, _, err := analysisCmd(t, runConflict, asiaPath, "-e", "xray=yes", "-e", "lung=yes", "--target", "lung")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rare case: does some state of Lung cancer make the findings fit?", "(its own finding, Lung cancer = yes, is left out)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestConflictDecisions runs the flagship, whose beliefs are under the
// decisions' best policies: a "decisions:" line, a "policies" field.
func TestConflictDecisions(t *testing.T) {
	args := []string{"builtin:us-iran.toml", "--scenario", "red_sea_spark", "-e", "leader_rhetoric=conciliatory", "--target", "iran_intention"}
	out, errs, err := analysisCmd(t, runConflict, append(args, "--json")...)
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var got conflictJSON
	decodeStrict(t, out, &got)
	if got.Policies == nil || len(got.Findings) != 3 || got.Target == nil || len(got.Target.States) != 3 {
		t.Errorf("flagship: %s", out)
	}
	text, _, err := analysisCmd(t, runConflict, args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"decisions:", "Leaders' rhetoric = Conciliatory", "Proxy incidents = Multi-theatre", "ungraded"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestConflictErrors checks what the user can get wrong.
func TestConflictErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"threshold 0", []string{asiaPath, "--threshold", "0"}, "--threshold 0: want a probability above 0"},
		{"threshold 2", []string{asiaPath, "--threshold", "2"}, "--threshold 2: want a probability above 0"},
		{"target with a state", []string{asiaPath, "--target", "lung=yes"}, "want a variable, not VAR=STATE"},
		{"unknown target", []string{asiaPath, "--target", "nope"}, "nope"},
		{"impossible", []string{asiaPath, "-e", "either=no", "-e", "tub=yes"}, "impossible evidence"},
		{"target set by action", []string{asiaPath, "--do", "lung=yes", "--target", "lung"}, "set by action"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := analysisCmd(t, runConflict, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	out, _, err := analysisCmd(t, runConflict, asiaPath)
	if err != nil || !strings.Contains(out, "nothing to compare") || !strings.Contains(out, "no findings;") {
		t.Errorf("no findings: %v\n%s", err, out)
	}
}

// TestConflictShapleyNeverNonFinite runs both commands on the adversarial
// likelihoods of the hardening tests: JSON with finite numbers only, text
// with no NaN or Inf.
func TestConflictShapleyNeverNonFinite(t *testing.T) {
	for name, fs := range adversarial {
		for _, c := range [][]string{
			{"conflict", asiaPath, "--target", "lung"},
			{"shapley", asiaPath, "--target", "lung=yes"},
		} {
			args := append(append(c, fs...), "-e", "dysp=yes")
			checkJSONOutput(t, name+" "+c[0], append(args, "--json"))
			out, errs, st := brinkctl(t, args...)
			if !okOrUnderflow(t, name+" "+c[0], out, errs, st) {
				continue
			}
			if loc := nonFinite.FindStringIndex(out); loc != nil {
				t.Errorf("%s %s prints %q:\n%s", name, c[0], out[loc[0]:loc[1]], out)
			}
		}
	}
}
