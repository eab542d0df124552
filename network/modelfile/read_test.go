package modelfile

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/limits"
	"brink/network/model"
)

// base is a valid two-node model that the error cases below break one
// line at a time.
const base = `[model]
format = 1
title = "t"

[[source]]
id = "src"

[[node]]
id = "a"
states = ["x", "y"]
cpt = [
  { p = [0.3, 0.7] },
]

[[node]]
id = "b"
states = ["u", "v", "w"]
parents = ["a"]
cpt = [
  { given = { a = "x" }, p = [0.1, 0.2, 0.7] },
  { given = { a = "y" }, p = [0.5, 0.25, 0.25] },
]

[[node.citation]]
source = "src"
quote = "q"

[[scenario]]
name = "s1"

[[scenario.finding]]
node = "b"
state = "u"
reliability = "B"
credibility = 2
`

func TestReadValid(t *testing.T) {
	m, _, err := Read([]byte(base), "base.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.Net.Index("b")
	if got := m.Net.CPT(b)[3]; got != 0.5 {
		t.Errorf("P(b=u | a=y) = %v, want 0.5", got)
	}
	if len(m.Scenarios) != 1 || m.Scenarios[0].Findings[0].Provenance.Reliability != "B" {
		t.Errorf("scenarios %+v", m.Scenarios)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name      string
		old, new  string // replace old by new in base
		is        error
		wantParts []string
	}{
		{"syntax", `title = "t"`, `title = "t`, ErrSyntax, []string{"bad.toml:3:"}},
		{"unknown key", `title = "t"`, "title = \"t\"\ncolour = \"red\"", ErrUnknownKey, []string{"bad.toml:4:1:", `"model.colour"`}},
		{"unknown node key", `id = "b"`, "id = \"b\"\nweight = 3", ErrUnknownKey, []string{"bad.toml:17:1:", "node.weight"}},
		{"duplicate id", `id = "b"`, `id = "a"`, ErrDuplicate, []string{"bad.toml:16:1:", `duplicate node id "a"`}},
		{"unknown parent", `parents = ["a"]`, `parents = ["c"]`, network.ErrUnknownParent, []string{"bad.toml:18:12:", `unknown parent "c"`}},
		{"wrong count", `p = [0.1, 0.2, 0.7]`, `p = [0.3, 0.7]`, network.ErrCPTShape, []string{"bad.toml:20:26:", `node "b" given a=x: 2 probabilities for 3 states (u, v, w)`}},
		{"row sum", `p = [0.1, 0.2, 0.7]`, `p = [0.1, 0.2, 0.6]`, network.ErrCPTSum, []string{"bad.toml:20:26:", "sum to 0.9", "off by -0.1"}},
		{"negative", `p = [0.1, 0.2, 0.7]`, `p = [-0.1, 0.4, 0.7]`, network.ErrCPTNegative, []string{"bad.toml:20:31:", `P(u) = -0.1`}},
		{"missing configuration", `  { given = { a = "y" }, p = [0.5, 0.25, 0.25] },` + "\n", ``, ErrMissingConfig, []string{"bad.toml:19:1:", `no cpt row for a=y`}},
		{"unknown parent state", `{ given = { a = "y" }`, `{ given = { a = "z" }`, network.ErrUnknownState, []string{"bad.toml:21:15:", `parent "a" has no state "z" (states: x, y)`}},
		{"duplicate configuration", `{ given = { a = "y" }`, `{ given = { a = "x" }`, ErrDuplicate, []string{"bad.toml:21:3:", `two rows given a=x (rows 1 and 2)`}},
		{"cycle", "cpt = [\n  { p = [0.3, 0.7] },\n]", "parents = [\"b\"]\ncpt = [\n  { given = { b = \"u\" }, p = [0.3, 0.7] },\n  { given = { b = \"v\" }, p = [0.3, 0.7] },\n  { given = { b = \"w\" }, p = [0.3, 0.7] },\n]", network.ErrCycle, []string{"bad.toml:", "cycle: a -> b -> a"}},
		{"scenario unknown node", `node = "b"`, `node = "q"`, network.ErrUnknownVariable, []string{"bad.toml:32:1:", `scenario "s1": no node "q"`}},
		{"scenario unknown state", `state = "u"`, `state = "zz"`, network.ErrUnknownState, []string{"bad.toml:33:1:", `node "b" has no state "zz" (states: u, v, w)`}},
		{"reliability", `reliability = "B"`, `reliability = "Q"`, ErrInvalid, []string{"bad.toml:34:1:", "not A–F"}},
		{"citation source", `source = "src"`, `source = "nope"`, ErrInvalid, []string{"bad.toml:25:1:", `unknown source "nope"`}},
		{"newer format", `format = 1`, `format = 9`, ErrVersion, []string{"bad.toml:2:1:", "newer"}},
		{"bad role", `id = "a"`, "id = \"a\"\nrole = \"villain\"", ErrInvalid, []string{`role "villain"`}},
		{"zero confidence", `id = "b"`, "id = \"b\"\nconfidence = 0", ErrInvalid, []string{"bad.toml:17:1:", `node "b": confidence 0 is not a positive number`}},
		{"negative confidence", `id = "b"`, "id = \"b\"\nconfidence = -5", ErrInvalid, []string{"bad.toml:17:1:", `confidence -5 is not a positive number`}},
		{"infinite confidence", `id = "b"`, "id = \"b\"\nconfidence = inf", ErrInvalid, []string{"bad.toml:17:1:", `confidence +Inf is not`}},
		{"NaN confidence", `id = "a"`, "id = \"a\"\nconfidence = nan", ErrInvalid, []string{"bad.toml:10:1:", `node "a": confidence NaN is not`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(base, tc.old) {
				t.Fatalf("base lacks %q", tc.old)
			}
			src := strings.Replace(base, tc.old, tc.new, 1)
			_, _, err := Read([]byte(src), "bad.toml", limits.Limits{})
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			for _, w := range tc.wantParts {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestAllErrorsAtOnce checks that independent problems are all reported,
// sorted by position.
func TestAllErrorsAtOnce(t *testing.T) {
	src := strings.Replace(base, `p = [0.3, 0.7]`, `p = [0.3, 0.8]`, 1)
	src = strings.Replace(src, `p = [0.5, 0.25, 0.25]`, `p = [0.5, 0.25]`, 1)
	_, _, err := Read([]byte(src), "bad.toml", limits.Limits{})
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "bad.toml:12:5:") || !strings.HasPrefix(lines[1], "bad.toml:21:26:") {
		t.Errorf("got %q", lines)
	}
}

// TestRoundTripStandardNetworks converts each standard network to the
// Brink format and back: identical network, and byte-identical on a second
// write.
func TestRoundTripStandardNetworks(t *testing.T) {
	dir, ok := shared.Path("networks")
	if !ok {
		t.Skip("../shared not found")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.bif"))
	for _, f := range files {
		if fi, _ := os.Stat(f); fi.Size() > 400_000 {
			continue // the largest CPTs make the test slow without adding cases
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			n, err := bif.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			first, err := Marshal(model.New(n))
			if err != nil {
				t.Fatal(err)
			}
			m, _, err := Read(first, "x.toml", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !specsEqual(n.Specs(), m.Net.Specs()) {
				t.Fatal("network changed in the round trip")
			}
			second, _ := Marshal(m)
			if !bytes.Equal(first, second) {
				t.Fatal("second write differs")
			}
		})
	}
}

func specsEqual(a, b []network.VariableSpec) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || strings.Join(a[i].States, "\x00") != strings.Join(b[i].States, "\x00") ||
			strings.Join(a[i].Parents, "\x00") != strings.Join(b[i].Parents, "\x00") || len(a[i].CPT) != len(b[i].CPT) {
			return false
		}
		for k := range a[i].CPT {
			if a[i].CPT[k] != b[i].CPT[k] {
				return false
			}
		}
	}
	return true
}

// TestRoundTripDocumentation checks that everything the format holds
// survives a write and a read, including awkward strings.
func TestRoundTripDocumentation(t *testing.T) {
	m, err := Load("../../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	m.Nodes[0].Description = "Line one\nline two with \"quotes\", a back\\slash, a tab\t and ünïcode — and a very long tail that must be wrapped by the writer because it goes on and on."
	m.Nodes[1].StateLabels = []string{"Present", ""}
	m.Nodes[2].Confidence = 12.5
	m.Scenarios = append(m.Scenarios, model.Scenario{Name: "soft", Findings: []model.Finding{
		{Node: "xray", Kind: network.Likelihood, Weights: []float64{0.8, 0.2}, Provenance: &model.Provenance{Note: "n", Source: "ls1988", Observed: "2026-01-02", Reliability: "C", Credibility: 3}},
		{Node: "dysp", Kind: network.Negative, NotStates: []string{"no"}},
	}})
	first, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := Read(first, "rt.toml", limits.Limits{})
	if err != nil {
		t.Fatalf("%v\n%s", err, first)
	}
	second, _ := Marshal(back)
	if !bytes.Equal(first, second) {
		t.Fatalf("not byte-identical:\n%s\n---\n%s", first, second)
	}
	if back.Nodes[0].Description != m.Nodes[0].Description {
		t.Errorf("description %q", back.Nodes[0].Description)
	}
	if back.Nodes[2].Confidence != 12.5 {
		t.Errorf("confidence %v, want 12.5", back.Nodes[2].Confidence)
	}
	if back.Nodes[1].StateLabels[0] != "Present" {
		t.Errorf("state labels %q", back.Nodes[1].StateLabels)
	}
	sc, _ := back.Scenario("soft")
	if sc.Findings[0].Weights[0] != 0.8 || sc.Findings[0].Provenance.Credibility != 3 || sc.Findings[1].NotStates[0] != "no" {
		t.Errorf("scenario %+v", sc)
	}
}

// TestConfidence checks that a node's confidence reads as an integer or a
// float, is written after the rationale only when given, and round-trips
// exactly.
func TestConfidence(t *testing.T) {
	src := strings.Replace(base, `id = "b"`, "id = \"b\"\nconfidence = 20", 1)
	m, _, err := Read([]byte(src), "c.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Nodes[0].Confidence != 0 || m.Nodes[1].Confidence != 20 {
		t.Fatalf("confidences %v, %v; want 0, 20", m.Nodes[0].Confidence, m.Nodes[1].Confidence)
	}
	m.Nodes[1].Rationale = "why"
	for _, c := range []float64{20, 0.1, 1e-7, 12345.678, 1e21} {
		m.Nodes[0].Confidence = c
		out, err := Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		if want := "rationale = \"why\"\nconfidence = 20\ncpt = ["; !strings.Contains(text, want) {
			t.Errorf("node b written without %q:\n%s", want, text)
		}
		back, _, err := Read(out, "rt.toml", limits.Limits{})
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if back.Nodes[0].Confidence != c || back.Nodes[1].Confidence != 20 {
			t.Errorf("confidence %v read back as %v", c, back.Nodes[0].Confidence)
		}
	}
	m.Nodes[0].Confidence = 0
	out, _ := Marshal(m)
	if strings.Count(string(out), "confidence") != 1 {
		t.Errorf("confidence 0 should not be written:\n%s", out)
	}
	for _, bad := range []float64{-1, math.Inf(1), math.NaN()} {
		m.Nodes[0].Confidence = bad
		if _, err := Marshal(m); err == nil {
			t.Errorf("confidence %v written without an error", bad)
		}
	}
}

// TestShippedFilesAreCanonical keeps the shipped models in the writer's
// own layout, so that saving one unchanged gives a zero diff.
func TestShippedFilesAreCanonical(t *testing.T) {
	files, _ := filepath.Glob("../../models/*.toml")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		m, _, err := Read(data, f, limits.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		out, _ := Marshal(m)
		if !bytes.Equal(out, data) {
			t.Errorf("%s is not in canonical form; rewrite it with brinkctl convert", f)
		}
	}
}
