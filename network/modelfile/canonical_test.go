package modelfile

import (
	"errors"
	"math"
	"strings"
	"testing"

	"brink/network/limits"
	"brink/network/model"
)

// canonicalModel has one node of each canonical kind.
const canonicalModel = `[model]
format = 1
title = "Canonical nodes"

[[node]]
id = "a"
states = ["yes", "no"]
cpt = [ { p = [0.3, 0.7] } ]

[[node]]
id = "b"
states = ["yes", "no"]
cpt = [ { p = [0.6, 0.4] } ]

[[node]]
id = "or"
states = ["yes", "no"]
parents = ["a", "b"]

[node.noisy_or]
absent = "no"
parent_absent = { a = "no", b = "no" }
link = { a = 0.8, b = 0.5 }
leak = 0.1

[[node]]
id = "level"
states = ["low", "medium", "high"]
parents = ["a"]

[node.ranked]
function = "wmean"
weights = { a = 1 }
variance = 0.05

[[node]]
id = "max"
states = ["severe", "mild", "none"]
parents = ["level", "b"]

[node.noisy_max]
absent = "none"
parent_absent = { level = "low", b = "no" }
leak = [0.01, 0.04, 0.95]
cause = [
  { parent = "level", state = "medium", p = [0.1, 0.5, 0.4] },
  { parent = "level", state = "high", p = [0.6, 0.3, 0.1] },
  { parent = "b", state = "yes", p = [0.2, 0.2, 0.6] },
]

[[node]]
id = "both"
states = ["t", "f"]
parents = ["a", "b"]

[node.deterministic]
outcome = [
  { given = { a = "yes", b = "yes" }, state = "t" },
  { given = { a = "yes", b = "no" }, state = "f" },
  { given = { a = "no", b = "yes" }, state = "f" },
  { given = { a = "no", b = "no" }, state = "f" },
]
`

// TestCanonicalNodes reads a node of each canonical kind, checks the
// expanded tables, and writes them back byte for byte.
func TestCanonicalNodes(t *testing.T) {
	m, _, err := Read([]byte(canonicalModel), "canonical.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	n := m.Net
	v, _ := n.Index("or")
	// Noisy-OR, present = yes: P(no | a, b) = (1 − 0.1)·Π(1 − p_i) over present parents.
	//   a=yes,b=yes: 0.9·0.2·0.5 = 0.09; a=yes,b=no: 0.9·0.2 = 0.18;
	//   a=no,b=yes: 0.9·0.5 = 0.45; a=no,b=no: 0.9.
	want := []float64{0.91, 0.09, 0.82, 0.18, 0.55, 0.45, 0.1, 0.9}
	for i, w := range want {
		if got := n.CPT(v)[i]; math.Abs(got-w) > 1e-12 {
			t.Errorf("noisy-OR entry %d = %v, want %v", i, got, w)
		}
	}
	if c := m.Nodes[v].Canonical; c == nil || c.Kind != model.NoisyOR {
		t.Fatalf("noisy-OR parameters not kept: %+v", c)
	}
	v, _ = n.Index("max")
	// Noisy-MAX, level = low (absent), b = yes: the cumulative from the
	// absent end, C(none) = 0.95·0.6 = 0.57, C(mild or none) =
	// 0.99·0.8 = 0.792; so P = (1 − 0.792, 0.792 − 0.57, 0.57).
	row := n.CPT(v)[0:3] // level = low, b = yes
	for i, w := range []float64{1 - 0.792, 0.792 - 0.57, 0.57} {
		if math.Abs(row[i]-w) > 1e-12 {
			t.Errorf("noisy-MAX row (low, yes) = %v, want %v", row, []float64{1 - 0.792, 0.792 - 0.57, 0.57})
			break
		}
	}
	if got := n.CPT(v)[3:6]; math.Abs(got[2]-0.95) > 1e-12 {
		t.Errorf("with every cause absent the row %v is not the leak", got)
	}
	v, _ = n.Index("both")
	if got := n.CPT(v)[:4]; got[0] != 1 || got[1] != 0 || got[2] != 0 || got[3] != 1 {
		t.Errorf("deterministic rows %v", got)
	}
	v, _ = n.Index("level")
	if c := m.Nodes[v].Canonical; c == nil || c.Function != "wmean" || c.Variance != 0.05 {
		t.Errorf("ranked parameters %+v", c)
	}
	out, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := Read(out, "out.toml", limits.Limits{})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	again, err := Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(out) {
		t.Errorf("a second write differs:\n%s\n---\n%s", out, again)
	}
	for _, kind := range []string{"[node.noisy_or]", "[node.noisy_max]", "[node.ranked]", "[node.deterministic]"} {
		if !strings.Contains(string(out), kind) {
			t.Errorf("written file lacks %s", kind)
		}
	}
	if strings.Count(string(out), "cpt = [") != 2 {
		t.Errorf("canonical nodes written with full tables too:\n%s", out)
	}
}

// TestCanonicalErrors checks bad parameters are reported with where they
// are and why.
func TestCanonicalErrors(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		is             error
		want           string
	}{
		{"missing link", "link = { a = 0.8, b = 0.5 }", "link = { a = 0.8 }", ErrMissing, `node "or": no link probability for parent "b"`},
		{"not a parent", "link = { a = 0.8, b = 0.5 }", "link = { a = 0.8, b = 0.5, z = 1 }", ErrInvalid, `"z" is not a parent`},
		{"probability out of range", "link = { a = 0.8, b = 0.5 }", "link = { a = 1.8, b = 0.5 }", ErrInvalid, `node "or": the cause a = yes: probability outside [0, 1]`},
		{"both", "[node.noisy_or]", "cpt = [ { given = { a = \"yes\", b = \"yes\" }, p = [1, 0] } ]\n[node.noisy_or]", ErrInvalid, `both a cpt and noisy_or`},
		{"missing cause", `  { parent = "b", state = "yes", p = [0.2, 0.2, 0.6] },`, "", ErrMissing, `no cause for "b" = "yes"`},
		{"absent cause", `state = "medium"`, `state = "low"`, ErrInvalid, `the parent's absent state`},
		{"unknown key", "variance = 0.05", "variance = 0.05\nspread = 2", ErrUnknownKey, `unknown key "node.ranked.spread"`},
		{"bad function", `function = "wmean"`, `function = "median"`, ErrInvalid, `ranked function "median"`},
		{"missing outcome", `  { given = { a = "no", b = "no" }, state = "f" },`, "", ErrMissingConfig, `no outcome given a=no, b=no`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(canonicalModel, tc.from, tc.to, 1)
			if src == canonicalModel {
				t.Fatal("the test's change does not apply")
			}
			_, _, err := Read([]byte(src), "bad.toml", limits.Limits{})
			if err == nil {
				t.Fatal("read without error")
			}
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %v and %q", err, tc.is, tc.want)
			}
			if !strings.Contains(err.Error(), "bad.toml:") {
				t.Errorf("error %v does not say where", err)
			}
		})
	}
}
