package xdsl

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"brink/network"
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
// parents), its utilities (ids, labels, descriptions, parents, values
// exactly, and positions) and the same maximum expected utility, to 1e-9.
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

// TestPinball reads GeNIe's Pinball influence diagram (a class project at
// Carnegie Mellon, shipped with GeNIe) and solves it. No expected utility
// for it is published, so the maximum expected utility of Solve is
// checked, to 1e-9, against enumeration: no chance node is a parent of a
// decision, so a strategy is one option of each decision and
//
//	MEU = max_{b,l,s} Σ_{r,f,v} P(r) P(f|s) P(v) U(b, r, l, s, f, v)
//
// over BusinessDecision, Location and Setting, RentalRate, Fun and
// RevenueLevel. By hand it is renting the machines out, for 0.25·490 +
// 0.75·205 = 276.25, against 200 for selling them and at best 181.1 for
// vending.
func TestPinball(t *testing.T) {
	m, warnings := readInterop(t, "unsupported/genie-Pinball-influence-diagram.xdsl")
	if len(warnings) > 0 {
		t.Errorf("warnings %q", warnings)
	}
	n := m.Net
	for name, parents := range map[string][]string{"BusinessDecision": nil, "Location": {"BusinessDecision"}, "Setting": {"Location"}} {
		v, ok := n.Index(name)
		if !ok || m.Nodes[v].Role != model.RoleDecision || !slices.Equal(parentNames(m, v), parents) {
			t.Errorf("%s: role %q, parents %v; want a decision seeing %v", name, m.Nodes[v].Role, parentNames(m, v), parents)
		}
		if slices.ContainsFunc(n.CPT(v), func(p float64) bool { return p != 1/float64(n.Card(v)) }) {
			t.Errorf("%s: CPT %v, want the uniform placeholder", name, n.CPT(v))
		}
	}
	if len(m.Utilities) != 1 {
		t.Fatalf("%d utilities, want 1", len(m.Utilities))
	}
	u := m.Utilities[0]
	parents := []string{"BusinessDecision", "RentalRate", "Location", "Setting", "Fun", "RevenueLevel"}
	if u.ID != "TotalRevenue" || u.Label != "Total Revenue" || !slices.Equal(u.Parents, parents) || len(u.Table) != 216 ||
		u.Position == nil || *u.Position != (model.Point{X: 352.5, Y: 178.5}) {
		t.Fatalf("utility %+v", u)
	}
	// The file's values (the first parent slowest): Vending at a bar,
	// high setting, fun, high revenue; the same with a low rent; renting
	// at a high rent and at a low one; selling.
	for i, want := range map[int]float64{0: 199.8, 36: 199.8, 17: 93.59999999999999, 72: 490, 107: 490, 108: 205, 144: 200, 215: 200} {
		if u.Table[i] != want {
			t.Errorf("value %d is %v, want %v", i, u.Table[i], want)
		}
	}

	dg, sol := solve(t, m)
	bf := pinballMEU(t, m)
	if math.Abs(sol.MEU-bf) > 1e-9 || math.Abs(bf-276.25) > 1e-9 {
		t.Errorf("MEU %.12g, enumeration %.12g, want 276.25", sol.MEU, bf)
	}
	b, _ := n.Index("BusinessDecision")
	if i := slices.Index(dg.Decisions(), b); i < 0 || n.Variable(b).States[sol.Policies[i][0]] != "Rentals" {
		t.Errorf("policies %v, want BusinessDecision = Rentals", sol.Policies)
	}
	for _, eu := range slices.Concat(sol.Options...) {
		if math.IsNaN(eu) || math.IsInf(eu, 0) {
			t.Errorf("expected utilities %v", sol.Options)
		}
	}

	out := writeModel(t, m)
	back := readBack(t, out)
	checkSameDiagram(t, m, back)
	if again := writeModel(t, back); !bytes.Equal(out, again) {
		t.Errorf("a second write differs:\n%s\n---\n%s", out, again)
	}
}

// pinballMEU enumerates the strategies of the Pinball diagram (see
// TestPinball).
func pinballMEU(t *testing.T, m *model.Model) float64 {
	n := m.Net
	idx := func(name string) int {
		v, ok := n.Index(name)
		if !ok {
			t.Fatalf("no node %s", name)
		}
		return v
	}
	rent, fun, rev := idx("RentalRate"), idx("Fun"), idx("RevenueLevel")
	u := m.Utilities[0].Table
	best := math.Inf(-1)
	for b := range 3 {
		for l := range 2 {
			for s := range 3 {
				eu := 0.0
				for r := range 2 {
					for f := range 2 {
						for v := range 3 {
							p := n.CPT(rent)[r] * n.CPT(fun)[s*2+f] * n.CPT(rev)[v]
							eu += p * u[((((b*2+r)*2+l)*3+s)*2+f)*3+v]
						}
					}
				}
				best = math.Max(best, eu)
			}
		}
	}
	return best
}

// TestDiagramRoundTrip writes a small influence diagram with a utility
// that has a comment, and reads it back.
func TestDiagramRoundTrip(t *testing.T) {
	in := doc(nodeA,
		`<decision id="D"><state id="go"/><state id="stay"/><parents>A</parents></decision>`,
		`<utility id="U"><parents>D A</parents><utilities>1 -2 3.5 0</utilities></utility>`,
		`<utility id="V"><utilities>-7</utilities></utility>`) +
		""
	in = strings.Replace(in, "</smile>", `<extensions><genie name="g"><node id="U"><name>Payoff</name><comment>what it\nis worth</comment><position>10 20 30 40</position></node></genie></extensions></smile>`, 1)
	m, warnings, err := Read([]byte(in), "t.xdsl", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings %q", warnings)
	}
	want := []model.Utility{
		{ID: "U", Label: "Payoff", Description: "what it\nis worth", Parents: []string{"D", "A"}, Table: []float64{1, -2, 3.5, 0}, Position: &model.Point{X: 20, Y: 30}},
		{ID: "V", Table: []float64{-7}},
	}
	if !reflect.DeepEqual(m.Utilities, want) {
		t.Errorf("utilities %+v, want %+v", m.Utilities, want)
	}
	back := readBack(t, writeModel(t, m))
	checkSameDiagram(t, m, back)
}

// TestWriteUtilityErrors checks that utilities that could not be read
// back are refused.
func TestWriteUtilityErrors(t *testing.T) {
	base, _, err := Read([]byte(doc(nodeA)), "t.xdsl", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		u    model.Utility
		want string
		is   error
	}{
		{"id of a variable", model.Utility{ID: "A", Table: []float64{1}}, `xdsl: cannot write utility "A": the id is also another node's`, nil},
		{"bad id", model.Utility{ID: "u v", Table: []float64{1}}, `xdsl: cannot write utility "u v": an XDSL id is`, network.ErrBadName},
		{"unknown parent", model.Utility{ID: "U", Parents: []string{"C"}, Table: []float64{1, 2}}, `parent "C" is not a variable of the network`, nil},
		{"short table", model.Utility{ID: "U", Parents: []string{"A"}, Table: []float64{1}}, `xdsl: cannot write utility "U": 1 values for 2 parent configurations`, nil},
		{"NaN", model.Utility{ID: "U", Table: []float64{math.NaN()}}, `the value NaN is not a finite number`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := *base
			m.Utilities = []model.Utility{tc.u}
			err := Write(&bytes.Buffer{}, &m)
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
