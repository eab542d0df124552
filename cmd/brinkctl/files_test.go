package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/shared"
)

func TestValidate(t *testing.T) {
	out, errs, st := brinkctl(t, "validate", "../../models/asia.toml", "../../models/us-iran.toml")
	if st != 0 || !strings.Contains(out, "asia.toml: ok") || !strings.Contains(out, "us-iran.toml: ok") {
		t.Fatalf("status %d\n%s%s", st, out, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	data, _ := os.ReadFile("../../models/asia.toml")
	broken := strings.Replace(string(data), "p = [0.05, 0.95]", "p = [0.05, 0.94]", 1)
	broken = strings.Replace(broken, `title = "Asia (chest clinic)"`, "title = \"Asia (chest clinic)\"\ncolour = \"red\"", 1)
	if err := os.WriteFile(bad, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, st = brinkctl(t, "validate", bad)
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if st != 1 || len(lines) != 2 {
		t.Fatalf("status %d, errors:\n%s", st, errs)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, bad+":") {
			t.Errorf("error line %q does not start with path:line:col", l)
		}
	}
	if !strings.Contains(errs, `unknown key "model.colour"`) || !strings.Contains(errs, "off by -0.01") {
		t.Errorf("errors lack the causes:\n%s", errs)
	}
}

// TestConvertRoundTrip converts the standard networks through every
// writable format and back to TOML: the posteriors must not move.
func TestConvertRoundTrip(t *testing.T) {
	src, ok := shared.Path("networks", "alarm.bif")
	if !ok {
		t.Skip("../shared not found")
	}
	want, _, st := brinkctl(t, "query", src, "-e", "HR=HIGH", "--json")
	if st != 0 {
		t.Fatal("query failed")
	}
	dir := t.TempDir()
	prev := src
	for _, ext := range []string{".toml", ".xmlbif", ".net", ".bif", ".toml"} {
		next := filepath.Join(dir, "alarm"+ext)
		if _, errs, st := brinkctl(t, "convert", prev, next); st != 0 {
			t.Fatalf("convert %s %s: %s", prev, next, errs)
		}
		got, errs, st := brinkctl(t, "query", next, "-e", "HR=HIGH", "--json")
		if st != 0 {
			t.Fatalf("query %s: %s", next, errs)
		}
		if got != want {
			t.Errorf("posteriors changed after converting to %s", ext)
		}
		prev = next
	}
	next := filepath.Join(dir, "alarm.xdsl")
	if _, errs, st := brinkctl(t, "convert", prev, next); st != 0 {
		t.Fatalf("convert %s %s: %s", prev, next, errs)
	}
	// GeNIe needs parents before children, so the XDSL file lists the
	// nodes in another order: compare the marginals by name, to 1e-12.
	got, errs, st := brinkctl(t, "query", next, "-e", "HR=HIGH", "--json")
	if st != 0 {
		t.Fatalf("query %s: %s", next, errs)
	}
	var a, b struct {
		Marginals map[string]map[string]float64 `json:"marginals"`
	}
	if json.Unmarshal([]byte(want), &a) != nil || json.Unmarshal([]byte(got), &b) != nil || len(a.Marginals) != len(b.Marginals) {
		t.Fatalf("marginals before and after .xdsl:\n%s\n%s", want, got)
	}
	for v, ps := range a.Marginals {
		for s, p := range ps {
			if q, ok := b.Marginals[v][s]; !ok || math.Abs(p-q) > 1e-12 {
				t.Errorf("after .xdsl P(%s = %s) = %v, want %v", v, s, q, p)
			}
		}
	}
}

// TestConvertWarnsWhatItLeavesOut: converting the flagship model to BIF
// keeps the network and says, on stderr, what BIF cannot hold; the exit
// status stays 0.
func TestConvertWarnsWhatItLeavesOut(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "us-iran.bif")
	tests := []struct {
		name  string
		args  []string
		warns []string // lines expected on stderr; nil: stderr empty
	}{
		{"to BIF", []string{"convert", "../../models/us-iran.toml", out},
			[]string{"warning: " + out + " (BIF) leaves out 9 scenarios (18 findings)", "leaves out 1 source", "leaves out the model's notes", "leaves out positions of 27 nodes"}},
		{"quiet", []string{"convert", "--quiet", "../../models/us-iran.toml", out}, nil},
		{"to TOML", []string{"convert", "../../models/us-iran.toml", filepath.Join(dir, "copy.toml")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, st := brinkctl(t, tt.args...)
			if st != 0 || !strings.HasPrefix(stdout, "wrote ") {
				t.Fatalf("status %d: %s%s", st, stdout, stderr)
			}
			if tt.warns == nil && stderr != "" {
				t.Errorf("stderr %q, want nothing", stderr)
			}
			for _, w := range tt.warns {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
	if err := os.Chmod(out, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, stderr, st := brinkctl(t, "convert", "--quiet", "../../models/us-iran.toml", out); st != 1 || !strings.Contains(stderr, "read-only") {
		t.Errorf("over a read-only file: status %d, %s", st, stderr)
	}
	if _, stderr, st := brinkctl(t, "convert", "--quiet", "--force", "../../models/us-iran.toml", out); st != 0 {
		t.Errorf("--force over a read-only file: status %d, %s", st, stderr)
	}
}

func TestScenariosJSON(t *testing.T) {
	out, errs, st := brinkctl(t, "scenarios", "../../models/asia.toml", "--json")
	if st != 0 {
		t.Fatal(errs)
	}
	var got []scenarioJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "smoker_with_dyspnoea" || got[0].Findings[0].Note == "" || got[0].Findings[0].State != "yes" {
		t.Errorf("scenarios %+v", got)
	}
	out, errs, st = brinkctl(t, "query", "../../models/asia.toml", "--scenario", "nope")
	if st != 1 || !strings.Contains(errs, "smoker_with_dyspnoea, asia_positive_xray") {
		t.Errorf("unknown scenario: %d %s %s", st, out, errs)
	}
}

func TestDiffJSON(t *testing.T) {
	data, _ := os.ReadFile("../../models/asia.toml")
	changed := strings.Replace(string(data), "{ given = { asia = \"yes\" }, p = [0.05, 0.95] }", "{ given = { asia = \"yes\" }, p = [0.07, 0.93] }", 1)
	path := filepath.Join(t.TempDir(), "asia2.toml")
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, st := brinkctl(t, "diff", "../../models/asia.toml", path, "--json")
	if st != 0 {
		t.Fatal(errs)
	}
	var d struct {
		CPTChanges []struct {
			Node, State string
			Given       map[string]string
			Old, New    float64
		} `json:"cpt_changes"`
		Shifts []struct {
			Scenario, Node, State string
			Old, New, Delta       float64
		} `json:"outcome_shifts"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.CPTChanges) != 2 || d.CPTChanges[0].Node != "tub" || d.CPTChanges[0].Given["asia"] != "yes" || d.CPTChanges[0].Old != 0.05 || d.CPTChanges[0].New != 0.07 {
		t.Errorf("cpt changes %+v", d.CPTChanges)
	}
	moved := false
	for _, s := range d.Shifts {
		if s.Scenario == "asia_positive_xray" && s.Node == "dysp" && s.Delta != 0 {
			moved = true
		}
	}
	if !moved {
		t.Errorf("no outcome shift under asia_positive_xray: %+v", d.Shifts)
	}
}

func TestBuiltinModels(t *testing.T) {
	out, errs, st := brinkctl(t, "query", "builtin:us-iran.toml", "--scenario", "maximum_pressure", "--json")
	if st != 0 || !strings.Contains(out, `"iran_intention"`) {
		t.Fatalf("status %d: %s", st, errs)
	}
	_, errs, st = brinkctl(t, "validate", "builtin:nope.toml")
	if st != 1 || !strings.Contains(errs, "builtin:us-iran.toml") {
		t.Errorf("status %d: %s", st, errs)
	}
}

// TestInteropToTOML converts every file written by another tool to the
// Brink format: the posteriors must be those of the original file, to
// 1e-12 (the conversion keeps every number exactly).
func TestInteropToTOML(t *testing.T) {
	dir, ok := shared.Path("interop")
	if !ok {
		t.Skip("../shared not found")
	}
	entries, _ := os.ReadDir(dir)
	tmp := t.TempDir()
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			src := filepath.Join(dir, e.Name())
			dst := filepath.Join(tmp, e.Name()+".toml")
			if _, errs, st := brinkctl(t, "convert", src, dst); st != 0 {
				t.Fatalf("convert: %s", errs)
			}
			var a, b struct {
				ProbEvidence float64                       `json:"prob_evidence"`
				Marginals    map[string]map[string]float64 `json:"marginals"`
			}
			for path, into := range map[string]any{src: &a, dst: &b} {
				out, errs, st := brinkctl(t, "query", path, "--json")
				if st != 0 {
					t.Fatalf("query %s: %s", path, errs)
				}
				if err := json.Unmarshal([]byte(out), into); err != nil {
					t.Fatal(err)
				}
			}
			if len(a.Marginals) != len(b.Marginals) {
				t.Fatalf("%d variables, converted %d", len(a.Marginals), len(b.Marginals))
			}
			for v, states := range a.Marginals {
				for s, p := range states {
					if q := b.Marginals[v][s]; math.Abs(p-q) > 1e-12 {
						t.Errorf("P(%s=%s) = %v, converted %v", v, s, p, q)
					}
				}
			}
		})
	}
}

// TestQueryPrintsReaderWarnings: a model that its reader changed (here a
// Hugin row (3, 1), normalised as Hugin does) says so on stderr from every
// command that uses it, not only from validate.
func TestQueryPrintsReaderWarnings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.net")
	if err := os.WriteFile(path, []byte("net { }\nnode A { states = (\"a\" \"b\"); }\npotential (A) { data = (3 1); }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"query", path, "--json"}, {"mpe", path}, {"scenarios", path}, {"voi", path, "--target", "A"}} {
		var stdout, stderr bytes.Buffer
		run(args, &stdout, &stderr)
		if want := path + `:3:24: hugin: node "A": table normalised (sum 4)`; !strings.Contains(stderr.String(), "warning: "+want) {
			t.Errorf("%s: stderr %q lacks the warning %q", args[0], stderr.String(), want)
		}
	}
}

// TestQueryDo sets the flagship's carrier deployment by action: the JSON
// lists it under set_by_action, apart from findings, and US intention (its
// cause) keeps its prior, while observing it with -e moves it.
func TestQueryDo(t *testing.T) {
	var prior, act, obs struct {
		SetByAction map[string]string             `json:"set_by_action"`
		Marginals   map[string]map[string]float64 `json:"marginals"`
	}
	for _, c := range []struct {
		args []string
		into any
	}{
		{[]string{"query", "builtin:us-iran.toml", "--json"}, &prior},
		{[]string{"query", "builtin:us-iran.toml", "--do", "us_carrier_deployment=surge", "--json"}, &act},
		{[]string{"query", "builtin:us-iran.toml", "-e", "us_carrier_deployment=surge", "--json"}, &obs},
	} {
		out, errs, st := brinkctl(t, c.args...)
		if st != 0 {
			t.Fatalf("%v: %s", c.args, errs)
		}
		if err := json.Unmarshal([]byte(out), c.into); err != nil {
			t.Fatal(err)
		}
	}
	if act.SetByAction["us_carrier_deployment"] != "surge" || obs.SetByAction != nil {
		t.Errorf("set_by_action: %v with --do, %v with -e", act.SetByAction, obs.SetByAction)
	}
	p, a, o := prior.Marginals["us_intention"]["strike"], act.Marginals["us_intention"]["strike"], obs.Marginals["us_intention"]["strike"]
	if math.Abs(a-p) > 1e-12 || math.Abs(o-p) < 0.01 {
		t.Errorf("P(US intention = strike): prior %v, by action %v (want the prior), observed %v (want it moved)", p, a, o)
	}
	if _, errs, st := brinkctl(t, "query", "builtin:us-iran.toml", "-e", "us_carrier_deployment=none", "--do", "us_carrier_deployment=surge"); st == 0 || !strings.Contains(errs, "observed") {
		t.Errorf("observing and setting one node: status %d, %s", st, errs)
	}
}
