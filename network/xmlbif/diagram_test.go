package xmlbif

import (
	"bytes"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

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

// choice returns the option the policy of decision d picks when its
// parents are in the given states (by name, in any order).
func choice(t *testing.T, m *model.Model, dg *decision.Diagram, sol *decision.Solution, d string, given map[string]string) string {
	t.Helper()
	n := m.Net
	v, ok := n.Index(d)
	i := slices.Index(dg.Decisions(), v)
	if !ok || i < 0 {
		t.Fatalf("%s is not a decision", d)
	}
	row := 0
	for _, p := range n.Parents(v) {
		s := n.Variable(p).StateIndex(given[n.Name(p)])
		if s < 0 {
			t.Fatalf("%s: no state %q of parent %s", d, given[n.Name(p)], n.Name(p))
		}
		row = row*n.Card(p) + s
	}
	return n.Variable(v).States[sol.Policies[i][row]]
}

// checkSameDiagram checks that b has the decisions of a (role, options and
// parents), its utilities (ids, parents and values, exactly) and the same
// maximum expected utility, to 1e-9.
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
		if !slices.Equal(a.Net.Variable(v).States, b.Net.Variable(w).States) || !reflect.DeepEqual(parentNames(a, v), parentNames(b, w)) {
			t.Errorf("decision %s: options or parents changed", name)
		}
	}
	if len(a.Utilities) != len(b.Utilities) {
		t.Fatalf("%d utilities, want %d", len(b.Utilities), len(a.Utilities))
	}
	for k, u := range a.Utilities {
		got := b.Utilities[k]
		if got.ID != u.ID || !slices.Equal(got.Parents, u.Parents) || !slices.Equal(got.Table, u.Table) {
			t.Errorf("utility %d: %+v, want %+v", k, got, u)
		}
	}
	_, sa := solve(t, a)
	_, sb := solve(t, b)
	if math.Abs(sa.MEU-sb.MEU) > 1e-9 {
		t.Errorf("MEU %v, was %v", sb.MEU, sa.MEU)
	}
}

func parentNames(m *model.Model, v int) []string {
	var out []string
	for _, p := range m.Net.Parents(v) {
		out = append(out, m.Net.Name(p))
	}
	return out
}

// TestOilWildcatter reads aGrUM's oil wildcatter influence diagram and
// solves it. Reference: Raiffa (1968), Decision Analysis, the oil
// wildcatter with a seismic test costing 10: test, then drill unless the
// test comes out diffuse, for an expected utility of 22.5 (20 without the
// test: drill, 0.5·−70 + 0.3·50 + 0.2·200). Tolerance 1e-9.
func TestOilWildcatter(t *testing.T) {
	m, warnings, err := readFile(sharedFile(t, "interop", "unsupported", "agrum-OilWildcatter-influence-diagram.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings %q", warnings)
	}
	n := m.Net
	for name, want := range map[string]model.Role{"Testing": model.RoleDecision, "Drilling": model.RoleDecision, "TestResult": model.RoleNone, "OilContents": model.RoleNone} {
		v, ok := n.Index(name)
		if !ok || m.Nodes[v].Role != want {
			t.Errorf("%s: role %q, want %q", name, m.Nodes[v].Role, want)
		}
	}
	v, _ := n.Index("Drilling")
	if got := parentNames(m, v); !slices.Equal(got, []string{"TestResult", "Testing"}) {
		t.Errorf("Drilling sees %v, want [TestResult Testing]", got)
	}
	for _, p := range n.CPT(v) {
		if p != 0.5 {
			t.Errorf("Drilling's CPT %v, want the uniform placeholder", n.CPT(v))
			break
		}
	}
	// The file's values, in its order: the first GIVEN slowest.
	want := []model.Utility{
		{ID: "Cost", Parents: []string{"Testing"}, Table: []float64{-10, 0}},
		{ID: "Reward", Parents: []string{"Drilling", "OilContents"}, Table: []float64{-70, 50, 200, 0, 0, 0}},
	}
	if !reflect.DeepEqual(m.Utilities, want) {
		t.Errorf("utilities %+v\nwant %+v", m.Utilities, want)
	}

	dg, sol := solve(t, m)
	if math.Abs(sol.MEU-22.5) > 1e-9 {
		t.Errorf("MEU %v, want 22.5", sol.MEU)
	}
	if got := sol.Options[0]; math.Abs(got[0]-22.5) > 1e-9 || math.Abs(got[1]-20) > 1e-9 {
		t.Errorf("Testing: expected utilities %v, want [22.5 20]", got)
	}
	if got := choice(t, m, dg, sol, "Testing", nil); got != "Yes" {
		t.Errorf("Testing = %s, want Yes", got)
	}
	for result, drill := range map[string]string{"closed": "Yes", "open": "Yes", "diffuse": "No"} {
		if got := choice(t, m, dg, sol, "Drilling", map[string]string{"Testing": "Yes", "TestResult": result}); got != drill {
			t.Errorf("after a %s test, Drilling = %s, want %s", result, got, drill)
		}
	}

	out := write(t, m)
	back, warnings, err := Read(out, "oil.xml", limits.Limits{})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(warnings) > 0 {
		t.Errorf("reading what Write wrote gives warnings %q", warnings)
	}
	checkSameDiagram(t, m, back)
	if again := write(t, back); !bytes.Equal(out, again) {
		t.Errorf("a second write differs:\n%s\n---\n%s", out, again)
	}
}

// TestDecisionTable checks that a decision's TABLE, which a policy
// replaces, is ignored, with a warning unless it is uniform.
func TestDecisionTable(t *testing.T) {
	head := vars + `<VARIABLE TYPE="decision"><NAME>d</NAME><OUTCOME>go</OUTCOME><OUTCOME>stay</OUTCOME></VARIABLE>` + "\n" +
		`<VARIABLE TYPE="utility"><NAME>u</NAME><OUTCOME>0</OUTCOME><PROPERTY>position = (5, 7)</PROPERTY><PROPERTY>description = payoff</PROPERTY></VARIABLE>` + "\n" +
		defA + defB("1 0 0 1") + "<DEFINITION><FOR>u</FOR><GIVEN>d</GIVEN><GIVEN>b</GIVEN><TABLE>1 -2 3.5 0</TABLE></DEFINITION>\n"
	for _, tc := range []struct {
		name, def, warning string
	}{
		{"none", "", ""},
		{"no TABLE", "<DEFINITION><FOR>d</FOR><GIVEN>a</GIVEN></DEFINITION>\n", ""},
		{"uniform", "<DEFINITION><FOR>d</FOR><GIVEN>a</GIVEN><TABLE>1 1 0.5 0.5</TABLE></DEFINITION>\n", ""},
		{"policy", "<DEFINITION><FOR>d</FOR><GIVEN>a</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>\n",
			`t.xml:10:41: xmlbif: decision "d": its <TABLE> is ignored`},
		{"short", "<DEFINITION><FOR>d</FOR><TABLE>1</TABLE></DEFINITION>\n",
			`t.xml:10:25: xmlbif: decision "d": its <TABLE> is ignored`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, warnings, err := Read([]byte(doc(head+tc.def)), "t.xml", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(warnings, "\n"); (tc.warning == "") != (got == "") || !strings.Contains(got, tc.warning) {
				t.Errorf("warnings %q, want %q", warnings, tc.warning)
			}
			v, _ := m.Net.Index("d")
			if m.Nodes[v].Role != model.RoleDecision || slices.ContainsFunc(m.Net.CPT(v), func(p float64) bool { return p != 0.5 }) {
				t.Errorf("d: role %q, CPT %v", m.Nodes[v].Role, m.Net.CPT(v))
			}
			want := []model.Utility{{ID: "u", Description: "payoff", Parents: []string{"d", "b"}, Table: []float64{1, -2, 3.5, 0}, Position: &model.Point{X: 5, Y: 7}}}
			if !reflect.DeepEqual(m.Utilities, want) {
				t.Errorf("utilities %+v, want %+v", m.Utilities, want)
			}
			back := read(t, write(t, m), "out.xml")
			checkSameDiagram(t, m, back)
			if !reflect.DeepEqual(back.Utilities, m.Utilities) {
				t.Errorf("after Write and Read: %+v", back.Utilities)
			}
		})
	}
}

// TestWriteUtilityErrors checks that utilities that could not be read
// back are refused.
func TestWriteUtilityErrors(t *testing.T) {
	base := read(t, []byte(doc(vars+defA+defB("1 0 0 1"))), "t.xml")
	for _, tc := range []struct {
		name string
		u    model.Utility
		want string
	}{
		{"name of a variable", model.Utility{ID: "a", Table: []float64{1}}, `xmlbif: cannot write utility "a": the name is also another node's`},
		{"unknown parent", model.Utility{ID: "u", Parents: []string{"c"}, Table: []float64{1, 2}}, `parent "c" is not a variable of the network`},
		{"short table", model.Utility{ID: "u", Parents: []string{"a"}, Table: []float64{1}}, `xmlbif: cannot write utility "u": 1 values for 2 parent configurations`},
		{"infinite value", model.Utility{ID: "u", Table: []float64{math.Inf(1)}}, `the value +Inf is not a finite number`},
		{"blank name", model.Utility{ID: " u", Table: []float64{1}}, `xmlbif: cannot write utility " u"`},
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
