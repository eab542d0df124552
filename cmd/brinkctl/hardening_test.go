package main

// Tests that brinkctl's output is safe whatever the model and findings:
// JSON that is JSON (no NaN, no Inf, no raw control characters), text
// without NaN or Inf, and no character that acts on a terminal.

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"brink/internal/termtext"
	"brink/network"
	"brink/network/model"
	"brink/network/modelfile"
)

// hostile is text that would act on a terminal printed raw: a colour
// (CSI), a window title (OSC ending in BEL), a carriage return, DEL, an
// 8-bit CSI (C1 U+009B), a right-to-left override, a zero-width space and
// a line separator.
const hostile = "red\x1b[31malert\x1b]0;pwned\x07\rDEL\x7fC1\u009b31m\u202eevil\u200b\u2028"

// hostileScenario is the name of the hostile model's saved scenario.
const hostileScenario = "spark " + hostile

// hostileModel builds, in memory, a three-variable chain smoke → lung →
// xray whose saved scenario has control characters in every text field
// and a likelihood of (1e200, 1), and writes it into a directory whose
// name has control characters too. It returns the model file's path and
// that of a second version with one CPT changed, for diff.
//
// Variable and state names cannot hold control characters (network.New
// refuses them), so the hostile text reaches the output through the
// scenario, the path and the messages.
func hostileModel(t *testing.T) (path, changed string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "models "+hostile)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, pLung float64) string {
		n, err := network.New([]network.VariableSpec{
			{Name: "smoke", States: []string{"yes", "no"}, CPT: []float64{0.3, 0.7}},
			{Name: "lung", States: []string{"yes", "no"}, Parents: []string{"smoke"}, CPT: []float64{pLung, 1 - pLung, 0.01, 0.99}},
			{Name: "xray", States: []string{"yes", "no"}, Parents: []string{"lung"}, CPT: []float64{0.98, 0.02, 0.05, 0.95}},
		})
		if err != nil {
			t.Fatal(err)
		}
		m := model.New(n)
		m.Title = "title " + hostile
		m.Nodes[1].Role = model.RoleOutcome
		m.Scenarios = []model.Scenario{{
			Name:        hostileScenario,
			Description: "first line " + hostile + "\nsecond line",
			Author:      "author " + hostile,
			Findings: []model.Finding{
				{Node: "smoke", Kind: network.Hard, State: "yes", Provenance: &model.Provenance{
					Note: "note " + hostile, Source: "source " + hostile, Observed: "2026-01-02", Reliability: "B", Credibility: 2,
				}},
				{Node: "xray", Kind: network.Likelihood, Weights: []float64{1e200, 1}},
			},
		}}
		data, err := modelfile.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("model.toml", 0.1), write("changed.toml", 0.2)
}

// readable reports whether the model reader accepts the hostile model; a
// reader that refuses control characters in scenarios too leaves only the
// paths and messages to check.
func readable(t *testing.T, path string) bool {
	t.Helper()
	if _, err := modelfile.Load(path); err != nil {
		t.Logf("the reader refuses the hostile model (%s); checking paths and messages only", termtext.Escape(err.Error()))
		return false
	}
	return true
}

// rawControl returns the first control character (termtext.IsControl) in
// s other than tab and newline, and whether there is one; invalid UTF-8
// counts as one.
func rawControl(s string) (string, bool) {
	for i, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if termtext.IsControl(r) || (r == 0xfffd && !strings.HasPrefix(s[i:], "\ufffd")) {
			return strconv.QuoteRune(r) + " at byte " + strconv.Itoa(i) + " in " + strconv.Quote(s[max(0, i-40):min(len(s), i+40)]), true
		}
	}
	return "", false
}

// TestTerminalEscapes runs every command's text output, and some errors,
// through run on the hostile model: nothing it prints to stdout or stderr
// may hold a raw control character, and the hostile text must show as
// visible escapes where it is printed.
func TestTerminalEscapes(t *testing.T) {
	m, changed := hostileModel(t)
	loads := readable(t, m)
	dir := filepath.Dir(m)
	visible := `red\x1b[31malert\x1b]0;pwned\a\rDEL\x7fC1\u009b31m\u202eevil\u200b\u2028`
	sc := []string{"--scenario", hostileScenario}
	tests := []struct {
		name   string
		args   []string
		status int    // -1: any
		want   string // "stdout" or "stderr": where the visible escapes must appear
	}{
		{"query", append([]string{"query", m}, sc...), 0, ""},
		{"mpe", append([]string{"mpe", m}, sc...), 0, ""},
		{"bench", append([]string{"bench", m, "--reps", "1"}, sc...), 0, ""},
		{"validate", []string{"validate", m}, 0, "stdout"},
		{"convert", []string{"convert", m, filepath.Join(dir, "out.toml")}, -1, ""},
		{"scenarios", []string{"scenarios", m}, 0, "stdout"},
		{"diff", []string{"diff", m, changed}, 0, "stdout"},
		{"impact", append([]string{"impact", m, "--target", "lung=yes"}, sc...), 0, ""},
		{"explain", append([]string{"explain", m, "--target", "lung=yes"}, sc...), 0, ""},
		{"voi", append([]string{"voi", m, "--target", "lung"}, sc...), 0, ""},
		{"sensitivity", append([]string{"sensitivity", m, "--target", "lung=yes"}, sc...), 0, ""},
		{"uncertainty", append([]string{"uncertainty", m, "--target", "lung", "--default-confidence", "10", "--samples", "20"}, sc...), 0, ""},
		{"report", append([]string{"report", m, "-o", filepath.Join(dir, "out.svg")}, sc...), 0, "stdout"},
		{"error: unknown scenario", []string{"query", m, "--scenario", "nope"}, 1, "stderr"},
		{"error: missing file", []string{"query", filepath.Join(dir, "missing.toml")}, 1, "stderr"},
		{"error: unknown flag", []string{"query", m, "--" + hostile}, 2, "stderr"},
		{"error: unknown variable", []string{"query", m, "-e", hostile + "=yes"}, 1, "stderr"},
		{"error: unknown command", []string{hostile}, 2, "stderr"},
		{"error: bad weight", []string{"query", m, "--likelihood", "smoke=" + hostile + ",1"}, 1, "stderr"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !loads && tc.want != "stderr" {
				tc.status, tc.want = -1, ""
			}
			out, errs, st := brinkctl(t, tc.args...)
			if tc.status >= 0 && st != tc.status {
				t.Fatalf("status %d, want %d\nstdout:\n%s\nstderr:\n%s", st, tc.status, out, errs)
			}
			for name, s := range map[string]string{"stdout": out, "stderr": errs} {
				if where, bad := rawControl(s); bad {
					t.Errorf("%s has a raw control character: %s", name, where)
				}
			}
			switch tc.want {
			case "stdout":
				if !strings.Contains(out, visible) {
					t.Errorf("stdout does not show the escapes %s:\n%s", visible, out)
				}
			case "stderr":
				// Messages may quote the text themselves (%q); either way
				// the ESC must show.
				if !strings.Contains(errs, `\x1b[31m`) {
					t.Errorf("stderr does not show the escapes:\n%s", errs)
				}
			}
		})
	}
}

// TestScenarioText checks the scenarios listing of the hostile model in
// full: each field on its line, escaped, and the multi-line description
// still on two lines.
func TestScenarioText(t *testing.T) {
	m, _ := hostileModel(t)
	if !readable(t, m) {
		t.Skip("no scenario to list")
	}
	out, errs, st := brinkctl(t, "scenarios", m)
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	esc := termtext.Escape(hostile)
	for _, want := range []string{
		"spark " + esc + "  (by author " + esc + ")\n",
		"  first line " + esc + "\nsecond line\n",
		"  • smoke = yes\n      note: note " + esc + "\n      source source " + esc + ", observed 2026-01-02, grading B2\n",
		"  • xray ~ likelihood(yes:1e+200, no:1)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestJSONStrings checks that the JSON string writers escape every control
// character, C0, DEL, C1, U+2028/U+2029 and the bidi and zero-width ones,
// and that the value reads back unchanged.
func TestJSONStrings(t *testing.T) {
	var all []rune
	for r := rune(0); r < 0x30000; r++ {
		if termtext.IsControl(r) {
			all = append(all, r)
		}
	}
	s := "a<b>&" + string(all) + hostile + "\"\\"
	enc := &jsonObject{}
	enc.str(s, s)
	type pair struct{ K, V string }
	var b strings.Builder
	if err := writeJSON(&b, pair{s, s}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"jsonObject": string(enc.bytes()), "writeJSON": b.String()} {
		for i, r := range out {
			if termtext.IsControl(r) && !(name == "writeJSON" && r == '\n') {
				t.Errorf("%s: raw %U at byte %d", name, r, i)
			}
		}
		if !strings.Contains(out, "a<b>&") {
			t.Errorf("%s escapes HTML: %.40s", name, out)
		}
		var back map[string]string
		if err := json.Unmarshal([]byte(out), &back); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := map[string]string{s: s}
		if name == "writeJSON" {
			want = map[string]string{"K": s, "V": s}
		}
		if len(back) != len(want) {
			t.Errorf("%s: read back %q", name, back)
		}
		for k, v := range want {
			if back[k] != v {
				t.Errorf("%s: read back %q: %q, want %q", name, k, back[k], v)
			}
		}
	}
}

// adversarial are findings at the edges of float64, for the two-state
// variables smoke and xray of asia and of the hostile model: likelihoods
// whose product overflows, or underflows, and the extremes. With "tiny
// ones" P(e) underflows even as the engine scales its tables, which an
// engine may report as impossible evidence (see okOrUnderflow).
var adversarial = map[string][]string{
	"overflow":  {"--likelihood", "smoke=1e200,1", "--likelihood", "xray=1e200,1"},
	"underflow": {"--likelihood", "smoke=1e-200,1e-200", "--likelihood", "xray=1e-200,1e-200"},
	"extremes":  {"--likelihood", "smoke=1.7976931348623157e308,5e-324", "--likelihood", "xray=5e-324,1"},
	"tiny ones": {"--likelihood", "smoke=5e-324,5e-324", "--likelihood", "xray=5e-324,5e-324"},
}

// TestJSONNeverNonFinite runs every command with --json on adversarial
// findings, on asia and on the hostile model, and requires JSON that
// parses, every number finite as a float64, and no raw control character.
func TestJSONNeverNonFinite(t *testing.T) {
	m, changed := hostileModel(t)
	files := []string{asiaPath}
	if readable(t, m) {
		files = append(files, m)
		checkJSONOutput(t, "scenarios", []string{"scenarios", m, "--json"})
		checkJSONOutput(t, "diff", []string{"diff", m, changed, "--json"})
	}
	for _, file := range files {
		for name, fs := range adversarial {
			cmds := [][]string{
				{"query", file},
				{"mpe", file},
				{"bench", file, "--reps", "1"},
				{"impact", file, "--target", "lung=yes"},
				{"explain", file, "--target", "lung=yes"},
				{"voi", file, "--target", "lung"},
				{"sensitivity", file, "--target", "lung=yes", "--top", "0"},
				{"uncertainty", file, "--target", "lung", "--default-confidence", "5", "--samples", "30"},
			}
			if file == m {
				cmds = append(cmds, []string{"impact", file, "--target", "lung=yes", "--scenario", hostileScenario})
			}
			for _, c := range cmds {
				args := append(append(c, fs...), "--json")
				checkJSONOutput(t, filepath.Base(file)+" "+name+" "+c[0], args)
			}
		}
	}

	// P(e) itself: null when not representable, ln P(e) always there.
	for name, fs := range adversarial {
		out, errs, st := brinkctl(t, append([]string{"query", asiaPath, "--json"}, fs...)...)
		if !okOrUnderflow(t, name, out, errs, st) {
			continue
		}
		var got struct {
			ProbEvidence    *float64 `json:"prob_evidence"`
			LogProbEvidence *float64 `json:"log_prob_evidence"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.LogProbEvidence == nil {
			t.Errorf("%s: no log_prob_evidence: %.120s", name, out)
		}
		if p := got.ProbEvidence; p != nil && !(*p > 0) {
			t.Errorf("%s: prob_evidence %v; want a positive number or null", name, *p)
		}
		if got.ProbEvidence != nil && got.LogProbEvidence != nil && math.Abs(math.Log(*got.ProbEvidence)-*got.LogProbEvidence) > 1e-9*math.Max(1, math.Abs(*got.LogProbEvidence)) {
			t.Errorf("%s: prob_evidence %v and log_prob_evidence %v disagree", name, *got.ProbEvidence, *got.LogProbEvidence)
		}
	}
}

// okOrUnderflow reports whether a run succeeded. The one failure allowed
// is impossible evidence from P(e) underflowing to 0 — then nothing may be
// on stdout — so that the tests hold for engines that do and that do not
// rescale.
func okOrUnderflow(t *testing.T, what, out, errs string, status int) bool {
	t.Helper()
	if status == 0 {
		return true
	}
	if status != 1 || !strings.Contains(errs, "impossible evidence") || out != "" {
		t.Errorf("%s: status %d\nstdout:\n%s\nstderr:\n%s", what, status, out, errs)
	}
	return false
}

// checkJSONOutput runs brinkctl with args and checks that stdout is JSON
// with only finite numbers and no raw control characters.
func checkJSONOutput(t *testing.T, what string, args []string) {
	t.Helper()
	out, errs, st := brinkctl(t, args...)
	if !okOrUnderflow(t, what, out, errs, st) {
		return
	}
	if !json.Valid([]byte(out)) {
		t.Errorf("%s: not JSON:\n%s", what, out)
		return
	}
	for i, r := range out {
		if r != '\n' && termtext.IsControl(r) {
			t.Errorf("%s: raw %U at byte %d", what, r, i)
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	walkNumbers(v, func(n json.Number) {
		if x, err := strconv.ParseFloat(string(n), 64); err != nil || math.IsInf(x, 0) {
			t.Errorf("%s: number %s is not a finite float64", what, n)
		}
	})
}

// walkNumbers calls f on every number in a decoded JSON value.
func walkNumbers(v any, f func(json.Number)) {
	switch x := v.(type) {
	case json.Number:
		f(x)
	case []any:
		for _, e := range x {
			walkNumbers(e, f)
		}
	case map[string]any:
		for _, e := range x {
			walkNumbers(e, f)
		}
	}
}

// nonFinite matches how Go's fmt writes NaN and infinities.
var nonFinite = regexp.MustCompile(`NaN|[+-]?Inf\b|\binf\b`)

// TestTextNeverNonFinite runs every command's text output on adversarial
// findings: no NaN or Inf, and P(evidence) that cannot be a float64 is
// said to be so, with its logarithm.
func TestTextNeverNonFinite(t *testing.T) {
	for name, fs := range adversarial {
		for _, c := range [][]string{
			{"query", asiaPath},
			{"mpe", asiaPath},
			{"impact", asiaPath, "--target", "lung=yes"},
			{"explain", asiaPath, "--target", "lung=yes"},
			{"voi", asiaPath, "--target", "lung"},
			{"sensitivity", asiaPath, "--target", "lung=yes", "--top", "0"},
			{"uncertainty", asiaPath, "--target", "lung", "--default-confidence", "5", "--samples", "30"},
		} {
			out, errs, st := brinkctl(t, append(c, fs...)...)
			if !okOrUnderflow(t, name+" "+c[0], out, errs, st) {
				continue
			}
			if loc := nonFinite.FindStringIndex(out); loc != nil {
				t.Errorf("%s %s prints %q:\n%s", name, c[0], out[loc[0]:loc[1]], out)
			}
			if c[0] == "query" && name != "extremes" && !strings.Contains(out, "P(evidence):  not representable (ln P = ") {
				t.Errorf("%s query: P(evidence) not flagged:\n%.300s", name, out)
			}
		}
	}
}

// TestNumberFormatting pins the helpers that keep non-finite numbers out
// of the output.
func TestNumberFormatting(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	texts := []struct {
		got, want string
	}{
		{jsonNumber(0.25), "0.25"},
		{jsonNumber(1e-300), "1e-300"},
		{jsonNumber(inf), "null"},
		{jsonNumber(-inf), "null"},
		{jsonNumber(nan), "null"},
		{probabilityText(0.125, math.Log(0.125)), "0.125"},
		{probabilityText(0, -812.34), "not representable (ln P = -812.3)"},
		{probabilityText(inf, 915.74), "not representable (ln P = 915.7)"},
		{probabilityText(nan, nan), "not representable"},
		{probabilityText(0, math.Inf(-1)), "not representable"},
		{analysisPercent(nan), "n/a"},
		{analysisPercent(0.125), "12.50%"},
		{analysisPoints(inf), "n/a pp"},
		{percent(math.Inf(-1), 1), "n/a"},
		{analysisDecibans(inf), "+∞ dB (conclusive)"},
		{analysisDecibans(-inf), "−∞ dB (conclusive)"},
	}
	for i, tc := range texts {
		if tc.got != tc.want {
			t.Errorf("case %d: %q, want %q", i, tc.got, tc.want)
		}
	}
	o := &jsonObject{}
	o.number("a", nan)
	o.number("b", -inf)
	o.number("c", 1)
	if got := string(o.bytes()); got != `{"a": null, "b": null, "c": 1}` {
		t.Errorf("jsonObject: %s", got)
	}
	b, err := json.Marshal([]jsonFloat{1, jsonFloat(inf), jsonFloat(nan)})
	if err != nil || string(b) != "[1,null,null]" {
		t.Errorf("jsonFloat: %s, %v", b, err)
	}
	// A plain float64 that is not finite makes writeJSON fail, writing
	// nothing, rather than print what is not JSON.
	var sb strings.Builder
	var unsupported *json.UnsupportedValueError
	if err := writeJSON(&sb, []float64{inf}); !errors.As(err, &unsupported) || sb.Len() != 0 {
		t.Errorf("writeJSON(+Inf): %v, wrote %q", err, sb.String())
	}
}
