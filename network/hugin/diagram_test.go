package hugin

import (
	"bytes"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network/decision"
	"brink/network/limits"
	"brink/network/model"
)

// solve evaluates the influence diagram of m without findings.
func solve(t *testing.T, m *model.Model) (*decision.Diagram, *decision.Solution) {
	t.Helper()
	dg, err := decision.FromModel(m)
	if err != nil {
		t.Fatal(err)
	}
	sol, err := dg.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	return dg, sol
}

// parentNames returns the names of the parents of v.
func parentNames(m *model.Model, v int) []string {
	var out []string
	for _, p := range m.Net.Parents(v) {
		out = append(out, m.Net.Name(p))
	}
	return out
}

// checkSameDiagram checks that b has the decisions of a (role, options and
// parents), its utilities (ids, labels, parents, values exactly, and
// positions) and the same maximum expected utility, to 1e-9.
func checkSameDiagram(t *testing.T, a, b *model.Model) {
	t.Helper()
	for v := range a.Net.NumVariables() {
		if a.Nodes[v].Role != model.RoleDecision {
			continue
		}
		name := a.Net.Name(v)
		w, ok := b.Net.Index(name)
		if !ok || b.Nodes[w].Role != model.RoleDecision {
			t.Errorf("decision %s lost", name)
			continue
		}
		if !slices.Equal(a.Net.Variable(v).States, b.Net.Variable(w).States) || !slices.Equal(parentNames(a, v), parentNames(b, w)) {
			t.Errorf("decision %s: options or parents changed", name)
		}
	}
	if !reflect.DeepEqual(a.Utilities, b.Utilities) {
		t.Errorf("utilities %+v, want %+v", b.Utilities, a.Utilities)
	}
	_, sa := solve(t, a)
	_, sb := solve(t, b)
	if math.Abs(sa.MEU-sb.MEU) > 1e-9 {
		t.Errorf("MEU %v, was %v", sb.MEU, sa.MEU)
	}
}

// TestMildew reads mildew3, the second of Hugin's mildew examples (Jensen
// 1996, An Introduction to Bayesian Networks): a treatment A decided on
// the observed crop OQ and mildew OM, and a time of harvest T (node D10)
// decided on the state H of the crop. Jensen's book and Hugin's pages
// about the example give no expected utility, so the maximum expected
// utility of Solve is checked against enumeration of the joint
// distribution, independent of the junction tree and of policy updating,
// to 1e-9; the value is 8.504582.
func TestMildew(t *testing.T) {
	path, ok := shared.Path("interop", "unsupported", "hugin-mildew3-influence-diagram.net")
	if !ok {
		t.Skip("no shared directory")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, warnings, err := Read(data, "mildew3.net", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings %q", warnings)
	}
	n := m.Net
	idx := func(name string) int {
		v, ok := n.Index(name)
		if !ok {
			t.Fatalf("no node %s", name)
		}
		return v
	}
	for name, parents := range map[string][]string{"A": {"OQ", "OM"}, "D10": {"H"}} {
		v := idx(name)
		if m.Nodes[v].Role != model.RoleDecision || !slices.Equal(parentNames(m, v), parents) {
			t.Errorf("%s: role %q, parents %v; want a decision seeing %v", name, m.Nodes[v].Role, parentNames(m, v), parents)
		}
	}
	if l := m.Nodes[idx("D10")].Label; l != "T" {
		t.Errorf("D10 labelled %q, want T", l)
	}
	// The values of U in the file's order, labelled in its comments
	// "now r", "now b", ..., "wait 2 weeks v": the first parent slowest.
	row := []float64{-1, 1, 5, 8, 10, 12, 13}
	want := []model.Utility{
		{ID: "U", Label: "U", Parents: []string{"D10", "H"}, Table: slices.Concat(row, row, row), Position: &model.Point{X: 360, Y: 210}},
		{ID: "C", Parents: []string{"A"}, Table: []float64{0, -2, -3, -4}, Position: &model.Point{X: 150, Y: 0}},
	}
	if !reflect.DeepEqual(m.Utilities, want) {
		t.Errorf("utilities %+v\nwant %+v", m.Utilities, want)
	}

	_, sol := solve(t, m)
	if bf := mildewMEU(t, m); math.Abs(sol.MEU-bf) > 1e-9 || math.Abs(sol.MEU-8.504582) > 1e-9 {
		t.Errorf("MEU %.12g, enumeration %.12g (want 8.504582)", sol.MEU, bf)
	}
	for _, eu := range slices.Concat(sol.Options...) {
		if math.IsNaN(eu) || math.IsInf(eu, 0) {
			t.Errorf("expected utilities %v", sol.Options)
		}
	}

	out := writeModel(t, m)
	back, warnings, err := Read(out, "mildew.net", limits.Limits{})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(warnings) > 0 {
		t.Errorf("reading what Write wrote gives warnings %q", warnings)
	}
	checkSameDiagram(t, m, back)
	if again := writeModel(t, back); !bytes.Equal(out, again) {
		t.Errorf("a second write differs:\n%s\n---\n%s", out, again)
	}
}

// mildewMEU computes the maximum expected utility of mildew3 by
// enumeration: A sees OQ and OM, and T sees H, on which alone, with T,
// the utility U depends, so that T's best option is the best U given H
// whatever A does:
//
//	MEU = Σ_{oq,om} max_a Σ_{q,m,m*,h} P(q) P(oq|q) P(m) P(om|m) P(m*|a,m) P(h|m*,q) (C(a) + max_t U(t,h))
func mildewMEU(t *testing.T, m *model.Model) float64 {
	n := m.Net
	p := func(name string, state int, given ...int) float64 {
		v, _ := n.Index(name)
		row := 0
		for j, q := range n.Parents(v) {
			row = row*n.Card(q) + given[j]
		}
		return n.CPT(v)[row*n.Card(v)+state]
	}
	u, c := m.Utilities[0], m.Utilities[1]
	if u.ID != "U" || c.ID != "C" {
		t.Fatal("utilities out of order")
	}
	best := make([]float64, 7) // max_t U(t, h)
	for h := range best {
		best[h] = math.Inf(-1)
		for d := range 3 {
			best[h] = math.Max(best[h], u.Table[d*7+h])
		}
	}
	meu := 0.0
	for oq := range 4 {
		for om := range 4 {
			top := math.Inf(-1)
			for a := range 4 {
				eu := 0.0
				for q := range 4 {
					for mm := range 4 {
						w := p("Q", q) * p("OQ", oq, q) * p("M", mm) * p("OM", om, mm)
						for ms := range 4 {
							for h := range 7 {
								eu += w * p("Ms", ms, a, mm) * p("H", h, ms, q) * (c.Table[a] + best[h])
							}
						}
					}
				}
				top = math.Max(top, eu)
			}
			meu += top
		}
	}
	return meu
}

// TestDecisionData checks that a decision's data, which a policy
// replaces, is ignored, with a warning unless it is uniform, and that a
// decision without a potential has no parents.
func TestDecisionData(t *testing.T) {
	const src = head + `decision D
{
    states = ("go" "stay");
}
utility U
{
    label = "Payoff";
    position = (10 20);
    HR_Desc = "what it is worth";
}
potential (A) { data = (0.5 0.5); }
potential (B | D) { data = ((0.2 0.8)(0.6 0.4)); }
potential (U | D B) { data = ((1 -2)(3.5 0)); }
`
	for _, tc := range []struct {
		name, pot, warning string
		parents            []string
	}{
		{"no potential", "", "", nil},
		{"no data", "potential (D | A) {}\n", "", []string{"A"}},
		{"uniform", "potential (D | A) { data = ((1 1)(0.5 0.5)); }\n", "", []string{"A"}},
		{"policy", "potential (D | A) { data = ((1 0)(0 1)); }\n", `t.net:25:21: hugin: decision node "D": its data is ignored`, []string{"A"}},
		{"short", "potential (D) { data = (1); }\n", `t.net:25:17: hugin: decision node "D": its data is ignored`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, warnings, err := Read([]byte(src+tc.pot), "t.net", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(warnings, "\n"); (tc.warning == "") != (got == "") || !strings.Contains(got, tc.warning) {
				t.Errorf("warnings %q, want %q", warnings, tc.warning)
			}
			v, _ := m.Net.Index("D")
			if m.Nodes[v].Role != model.RoleDecision || !slices.Equal(parentNames(m, v), tc.parents) ||
				slices.ContainsFunc(m.Net.CPT(v), func(p float64) bool { return p != 0.5 }) {
				t.Errorf("D: role %q, parents %v, CPT %v", m.Nodes[v].Role, parentNames(m, v), m.Net.CPT(v))
			}
			want := []model.Utility{{ID: "U", Label: "Payoff", Description: "what it is worth", Parents: []string{"D", "B"},
				Table: []float64{1, -2, 3.5, 0}, Position: &model.Point{X: 10, Y: 20}}}
			if !reflect.DeepEqual(m.Utilities, want) {
				t.Errorf("utilities %+v, want %+v", m.Utilities, want)
			}
			back, err := readModel(writeModel(t, m), "out.net")
			if err != nil {
				t.Fatal(err)
			}
			checkSameDiagram(t, m, back)
		})
	}
}

// TestUtilityStates checks that states given for a utility node are
// ignored, with a warning.
func TestUtilityStates(t *testing.T) {
	src := head + "utility U\n{\n    states = (\"x\");\n}\npotential (A) { data = (0.5 0.5); }\npotential (B) { data = (0.5 0.5); }\npotential (U | A) { data = (1 2); }\n"
	m, warnings, err := Read([]byte(src), "t.net", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], `t.net:14:5: hugin: utility node "U": its states are ignored`) {
		t.Errorf("warnings %q", warnings)
	}
	if len(m.Utilities) != 1 || !slices.Equal(m.Utilities[0].Table, []float64{1, 2}) {
		t.Errorf("utilities %+v", m.Utilities)
	}
}

// TestWriteUtilityErrors checks that utilities that could not be read
// back are refused.
func TestWriteUtilityErrors(t *testing.T) {
	base, err := readModel([]byte(head+potA+"potential (B) { data = (0.5 0.5); }\n"), "t.net")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		u    model.Utility
		want string
	}{
		{"name of a variable", model.Utility{ID: "A", Table: []float64{1}}, `hugin: cannot write utility "A": the name is also another node's`},
		{"bad name", model.Utility{ID: "u v", Table: []float64{1}}, `hugin: cannot write the utility name "u v"`},
		{"unknown parent", model.Utility{ID: "U", Parents: []string{"C"}, Table: []float64{1, 2}}, `parent "C" is not a variable of the network`},
		{"short table", model.Utility{ID: "U", Parents: []string{"A"}, Table: []float64{1}}, `hugin: cannot write utility "U": 1 values for 2 parent configurations`},
		{"NaN", model.Utility{ID: "U", Table: []float64{math.NaN()}}, `the value NaN is not a finite number`},
		{"position", model.Utility{ID: "U", Table: []float64{1}, Position: &model.Point{X: math.Inf(1)}}, `utility "U": cannot write the position`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := *base
			m.Utilities = []model.Utility{tc.u}
			err := Write(&bytes.Buffer{}, &m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
