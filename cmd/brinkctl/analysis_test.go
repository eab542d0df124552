package main

// The analysis commands are called directly (runImpact etc.) rather than
// through run, whose command table is wired in main.go.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"brink/network"
	"brink/network/analysis"
	"brink/network/jtree"
	"brink/network/modelfile"
)

const asiaPath = "../../models/asia.toml"

type runFunc func(args []string, stdout, stderr io.Writer) error

// analysisCmd runs one analysis command and returns its output.
func analysisCmd(t *testing.T, fn runFunc, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = fn(args, &out, &errb)
	return out.String(), errb.String(), err
}

// decodeStrict decodes JSON into v, refusing unknown keys (and NaN, which
// is not JSON).
func decodeStrict(t *testing.T, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
}

// asiaPosterior propagates findings ("var=state") on asia with a tree of
// its own and returns P(v=s | findings).
func asiaPosterior(t *testing.T, target string, findings ...string) float64 {
	t.Helper()
	m, err := modelfile.Load(asiaPath)
	if err != nil {
		t.Fatal(err)
	}
	n := m.Net
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(n)
	for _, f := range findings {
		v, s, err := lookupPair(n, f, "-e")
		if err != nil {
			t.Fatal(err)
		}
		_ = ev.SetState(v, s)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	v, s, err := lookupPair(n, target, "--target")
	if err != nil {
		t.Fatal(err)
	}
	return jt.Posterior(v)[s]
}

// TestImpactJSON checks the shape of impact --json and every row against
// re-propagation with the row's state observed (tol 1e-9).
func TestImpactJSON(t *testing.T) {
	out, errs, err := analysisCmd(t, runImpact, asiaPath, "--target", "lung=yes", "-e", "dysp=yes", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var rows []struct {
		Node      string  `json:"node"`
		State     string  `json:"state"`
		Posterior float64 `json:"posterior"`
		Delta     float64 `json:"delta"`
		Term      string  `json:"term"`
	}
	decodeStrict(t, out, &rows)
	if !strings.HasPrefix(out, "[\n  {\"node\": \"either\", \"state\": \"yes\", \"posterior\": ") {
		t.Errorf("unexpected layout or order (either moves lung most): %.80s", out)
	}
	if len(rows) != 12 { // 6 variables besides lung and dysp, 2 states each
		t.Fatalf("%d rows, want 12", len(rows))
	}
	base := asiaPosterior(t, "lung=yes", "dysp=yes")
	for _, r := range rows {
		want := asiaPosterior(t, "lung=yes", "dysp=yes", r.Node+"="+r.State)
		if math.Abs(r.Posterior-want) > 1e-9 || math.Abs(r.Delta-(want-base)) > 1e-9 {
			t.Errorf("%s=%s: posterior %v delta %v, want %v and %v", r.Node, r.State, r.Posterior, r.Delta, want, want-base)
		}
		if r.Term != analysis.Term(r.Posterior) {
			t.Errorf("%s=%s: term %q for %v", r.Node, r.State, r.Term, r.Posterior)
		}
	}
}

// TestImpactImpossibleRows checks that observations contradicting the
// evidence are left out of the JSON and listed in the text.
func TestImpactImpossibleRows(t *testing.T) {
	out, _, err := analysisCmd(t, runImpact, asiaPath, "--target", "bronc=yes", "-e", "either=no", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, `"node": "tub", "state": "yes"`) || strings.Contains(out, `"node": "lung", "state": "yes"`) {
		t.Errorf("impossible rows in JSON:\n%s", out)
	}
	if got := strings.Count(out, `"node"`); got != 10 { // 6 variables × 2 states − 2 impossible
		t.Errorf("%d rows, want 10", got)
	}
	text, _, err := analysisCmd(t, runImpact, asiaPath, "--target", "bronc=yes", "-e", "either=no")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"omitted, impossible given the evidence:", "tub=yes", "lung=yes", "target:", "bronc=yes", "if observed"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestExplainJSON checks explain --json against retracting each finding
// and re-propagating, and an infinite weight written as null.
func TestExplainJSON(t *testing.T) {
	type weight struct {
		Finding     string   `json:"finding"`
		With        float64  `json:"with"`
		Term        string   `json:"term"`
		Without     float64  `json:"without"`
		WithoutTerm string   `json:"without_term"`
		Delta       float64  `json:"delta"`
		Decibans    *float64 `json:"decibans"`
		Conclusive  bool     `json:"conclusive"`
	}
	out, errs, err := analysisCmd(t, runExplain, asiaPath, "--target", "lung=yes", "-e", "xray=yes", "-e", "smoke=yes", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var ws []weight
	decodeStrict(t, out, &ws)
	if len(ws) != 2 || ws[0].Finding != "smoke=yes" || ws[1].Finding != "xray=yes" {
		t.Fatalf("weights %+v, want smoke=yes then xray=yes (variable order)", ws)
	}
	with := asiaPosterior(t, "lung=yes", "xray=yes", "smoke=yes")
	for i, w := range ws {
		rest := []string{"xray=yes", "smoke=yes"}[i]
		without := asiaPosterior(t, "lung=yes", rest)
		db := 10 * math.Log10(with/(1-with)/(without/(1-without)))
		if math.Abs(w.With-with) > 1e-9 || math.Abs(w.Without-without) > 1e-9 || w.Decibans == nil || math.Abs(*w.Decibans-db) > 1e-6 || w.Conclusive {
			t.Errorf("%s: %+v, want with %v without %v, %v dB", w.Finding, w, with, without, db)
		}
		if w.Term != analysis.Term(w.With) || w.WithoutTerm != analysis.Term(w.Without) {
			t.Errorf("%s: terms %q, %q", w.Finding, w.Term, w.WithoutTerm)
		}
	}
	// lung=yes makes either=yes certain: an infinite weight.
	out, _, err = analysisCmd(t, runExplain, asiaPath, "--target", "either=yes", "-e", "lung=yes", "--json")
	if err != nil {
		t.Fatal(err)
	}
	ws = nil
	decodeStrict(t, out, &ws)
	if len(ws) != 1 || ws[0].Decibans != nil || !ws[0].Conclusive || ws[0].With != 1 || ws[0].Term != analysis.AlmostCertainly {
		t.Errorf("conclusive finding: %s", out)
	}
	if !strings.Contains(out, `"decibans": null, "conclusive": true`) {
		t.Errorf("infinite weight not written as null: %s", out)
	}
}

// TestVOIJSON checks voi --json: exact keys, highest first, and one value
// worked by hand.
func TestVOIJSON(t *testing.T) {
	out, errs, err := analysisCmd(t, runVOI, asiaPath, "--target", "lung", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	type voiRow struct {
		Node              string  `json:"node"`
		MutualInformation float64 `json:"mutual_information"`
	}
	var rows []voiRow
	decodeStrict(t, out, &rows)
	if len(rows) != 7 {
		t.Fatalf("%d rows, want 7", len(rows))
	}
	if !slices.IsSortedFunc(rows, func(a, b voiRow) int { return cmp.Compare(b.MutualInformation, a.MutualInformation) }) {
		t.Errorf("not sorted highest first: %s", out)
	}
	// I(lung; smoke) = H(lung) − H(lung | smoke) with P(smoke) = .5 and
	// P(lung | smoke) = .1, .01.
	h := func(p float64) float64 { return -p*math.Log2(p) - (1-p)*math.Log2(1-p) }
	want := h(0.055) - 0.5*h(0.1) - 0.5*h(0.01)
	for _, r := range rows {
		if r.Node == "smoke" && math.Abs(r.MutualInformation-want) > 1e-12 {
			t.Errorf("I(lung; smoke) = %v, want %v", r.MutualInformation, want)
		}
	}
}

// TestSensitivityJSON checks sensitivity --json on asia with no evidence:
// P(lung=yes) = .5·θ(yes|smoke=yes) + .5·θ(yes|smoke=no), so the four lung
// entries lead with derivatives ±0.5.
func TestSensitivityJSON(t *testing.T) {
	out, errs, err := analysisCmd(t, runSensitivity, asiaPath, "--target", "lung=yes", "--top", "3", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var ps []struct {
		Node       string            `json:"node"`
		Given      map[string]string `json:"given"`
		State      string            `json:"state"`
		Value      float64           `json:"value"`
		Term       string            `json:"term"`
		Derivative float64           `json:"derivative"`
	}
	decodeStrict(t, out, &ps)
	if len(ps) != 3 {
		t.Fatalf("%d entries, want 3", len(ps))
	}
	for _, p := range ps {
		want := 0.5
		if p.State == "no" {
			want = -0.5
		}
		if p.Node != "lung" || len(p.Given) != 1 || p.Given["smoke"] == "" || math.Abs(p.Derivative-want) > 1e-12 || p.Term != analysis.Term(p.Value) {
			t.Errorf("entry %+v, want a lung entry with derivative %v", p, want)
		}
	}
	if !strings.Contains(out, `"given": {"smoke": "yes"}`) && !strings.Contains(out, `"given": {"smoke": "no"}`) {
		t.Errorf("given not written as an object: %s", out)
	}
}

// TestAnalysisText runs each command's readable output on the shipped
// US–Iran model with a scenario and checks its headings and that no NaN
// or Inf leaks into it.
func TestAnalysisText(t *testing.T) {
	tests := []struct {
		name string
		fn   runFunc
		args []string
		want []string
	}{
		{"impact", runImpact, []string{"builtin:us-iran.toml", "--target", "outcome=accidental_escalation", "--scenario", "maximum_pressure"},
			[]string{"evidence:", "us_carrier_deployment=surge", "target:", "if observed", "escalation_spiral=spiralling", " pp "}},
		{"explain", runExplain, []string{"builtin:us-iran.toml", "--target", "outcome=accidental_escalation", "--scenario", "domestic_unrest"},
			[]string{"without it", "iran_protests=widespread", " dB", "decibans"}},
		{"explain without findings", runExplain, []string{asiaPath, "--target", "lung=yes"},
			[]string{"no findings to weigh"}},
		{"voi", runVOI, []string{"builtin:us-iran.toml", "--target", "outcome", "--scenario", "maximum_pressure"},
			[]string{"H = ", "bits", "observe next", "share of H", "direct_conflict", "fragile_balance"}},
		{"sensitivity", runSensitivity, []string{"builtin:us-iran.toml", "--target", "outcome=accidental_escalation", "--top", "4"},
			[]string{"entry", "given", "dP/dθ", "outcome=accidental_escalation", "Chan & Darwiche"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, err := analysisCmd(t, tc.fn, tc.args...)
			if err != nil {
				t.Fatalf("%v: %s", err, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
				t.Errorf("output has NaN or Inf:\n%s", out)
			}
		})
	}
}

// TestAnalysisErrors checks that mistakes name the variable or state and
// that nothing panics.
func TestAnalysisErrors(t *testing.T) {
	tests := []struct {
		name string
		fn   runFunc
		args []string
		want []string // substrings of the error
		is   error
	}{
		{"no target", runImpact, []string{asiaPath}, []string{"--target is required", "VAR=STATE"}, nil},
		{"target without state", runImpact, []string{asiaPath, "--target", "lung"}, []string{`--target "lung": want VAR=STATE`}, nil},
		{"unknown target variable", runExplain, []string{asiaPath, "--target", "lungs=yes"}, []string{`no variable "lungs"`, "asia, tub"}, network.ErrUnknownVariable},
		{"unknown target state", runSensitivity, []string{asiaPath, "--target", "lung=maybe"}, []string{`"lung" has no state "maybe"`, "yes, no"}, network.ErrUnknownState},
		{"voi with a state", runVOI, []string{asiaPath, "--target", "lung=yes"}, []string{"want a variable, not VAR=STATE", `no variable "lung=yes"`}, network.ErrUnknownVariable},
		{"voi unknown variable", runVOI, []string{asiaPath, "--target", "cough"}, []string{`no variable "cough"`}, network.ErrUnknownVariable},
		{"impossible evidence", runVOI, []string{asiaPath, "--target", "bronc", "-e", "either=no", "-e", "tub=yes"}, []string{"impossible evidence", "either=no", "tub=yes"}, network.ErrImpossibleEvidence},
		{"unknown finding", runImpact, []string{asiaPath, "--target", "lung=yes", "-e", "xray=blurred"}, []string{`"xray" has no state "blurred"`}, network.ErrUnknownState},
		{"negative top", runSensitivity, []string{asiaPath, "--target", "lung=yes", "--top", "-1"}, []string{"--top"}, nil},
		{"no model", runVOI, []string{"--target", "lung"}, []string{"exactly one MODEL"}, nil},
		{"unknown scenario", runImpact, []string{"builtin:us-iran.toml", "--target", "outcome=accidental_escalation", "--scenario", "peace"}, []string{`no scenario "peace"`, "maximum_pressure"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := analysisCmd(t, tc.fn, tc.args...)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
	// A flag the command does not know is a usage error, as for the
	// other commands.
	if _, errs, err := analysisCmd(t, runImpact, asiaPath, "--target", "lung=yes", "--bogus"); err != errUsage || !strings.Contains(errs, "bogus") {
		t.Errorf("unknown flag: %v, %q", err, errs)
	}
}
