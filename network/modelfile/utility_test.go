package modelfile

import (
	"errors"
	"math"
	"strings"
	"testing"

	"brink/network/decision"
	"brink/network/limits"
)

// oilWildcatter is Raiffa's oil wildcatter as a Brink model file: two
// decisions (the second sees the first and the test's result) and two
// utility nodes.
const oilWildcatter = `[model]
format = 1
title = "Oil wildcatter"

[[node]]
id = "testing"
label = "Test for oil?"
role = "decision"
actor = "Wildcatter"
states = ["yes", "no"]

[[node]]
id = "oil"
states = ["dry", "wet", "soaking"]
cpt = [ { p = [0.5, 0.3, 0.2] } ]

[[node]]
id = "result"
states = ["closed", "open", "diffuse"]
parents = ["testing", "oil"]
cpt = [
  { given = { testing = "yes", oil = "dry" }, p = [0.1, 0.3, 0.6] },
  { given = { testing = "yes", oil = "wet" }, p = [0.3, 0.4, 0.3] },
  { given = { testing = "yes", oil = "soaking" }, p = [0.5, 0.4, 0.1] },
  { given = { testing = "no", oil = "dry" }, p = [0.25, 0.25, 0.5] },
  { given = { testing = "no", oil = "wet" }, p = [0.25, 0.25, 0.5] },
  { given = { testing = "no", oil = "soaking" }, p = [0.25, 0.25, 0.5] },
]

[[node]]
id = "drilling"
role = "decision"
actor = "Wildcatter"
states = ["yes", "no"]
parents = ["testing", "result"]

[[utility]]
id = "cost"
label = "Cost of the test"
actor = "Wildcatter"
parents = ["testing"]
values = [ { given = { testing = "yes" }, value = -10 }, { given = { testing = "no" }, value = 0 } ]

[[utility]]
id = "reward"
label = "Reward"
actor = "Wildcatter"
parents = ["drilling", "oil"]
rationale = "Raiffa (1968): drilling costs 70; a wet well pays 120, a soaking one 270."
values = [
  { given = { drilling = "yes", oil = "dry" }, value = -70 },
  { given = { drilling = "yes", oil = "wet" }, value = 50 },
  { given = { drilling = "yes", oil = "soaking" }, value = 200 },
  { given = { drilling = "no", oil = "dry" }, value = 0 },
  { given = { drilling = "no", oil = "wet" }, value = 0 },
  { given = { drilling = "no", oil = "soaking" }, value = 0 },
]
`

// TestUtilityNodes reads decisions (without tables) and utility nodes,
// solves the diagram (Raiffa's MEU 22.5), and writes it back byte for
// byte.
func TestUtilityNodes(t *testing.T) {
	m, _, err := Read([]byte(oilWildcatter), "oil.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Utilities) != 2 || m.Utilities[1].Table[2] != 200 {
		t.Fatalf("utilities %+v", m.Utilities)
	}
	v, _ := m.Net.Index("testing")
	if m.Nodes[v].Actor != "Wildcatter" {
		t.Errorf("actor %q", m.Nodes[v].Actor)
	}
	dg, err := decision.FromModel(m)
	if err != nil {
		t.Fatal(err)
	}
	sol, err := dg.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sol.MEU-22.5) > 1e-9 {
		t.Errorf("MEU %v, want 22.5", sol.MEU)
	}
	out, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := Read(out, "out.toml", limits.Limits{})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	again, _ := Marshal(back)
	if string(again) != string(out) {
		t.Errorf("a second write differs:\n%s\n---\n%s", out, again)
	}
	if strings.Count(string(out), "[[utility]]") != 2 || strings.Count(string(out), "cpt = [") != 2 {
		t.Errorf("written:\n%s", out)
	}
}

// TestUtilityErrors checks bad utility tables are reported with where.
func TestUtilityErrors(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		is             error
		want           string
	}{
		{"missing value", `{ given = { testing = "no" }, value = 0 } ]`, `]`, ErrMissingConfig, `utility "cost": no value given testing=no`},
		{"unknown parent", `parents = ["testing"]`, `parents = ["testing", "weather"]`, nil, `utility "cost": unknown parent "weather"`},
		{"bad state", `{ given = { testing = "no" }, value = 0 }`, `{ given = { testing = "maybe" }, value = 0 }`, nil, `parent "testing" has no state "maybe"`},
		{"id of a node", `id = "cost"`, `id = "oil"`, ErrDuplicate, `utility id "oil" is also a node's`},
		{"unknown key", `label = "Reward"`, "label = \"Reward\"\nweight = 2", ErrUnknownKey, `unknown key "utility.weight"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(oilWildcatter, tc.from, tc.to, 1)
			if src == oilWildcatter {
				t.Fatal("the change does not apply")
			}
			_, _, err := Read([]byte(src), "bad.toml", limits.Limits{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("error %v\nwant %q (%v)", err, tc.want, tc.is)
			}
			if err != nil && !strings.Contains(err.Error(), "bad.toml:") {
				t.Errorf("error %v does not say where", err)
			}
		})
	}
}
