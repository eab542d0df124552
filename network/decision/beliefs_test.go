package decision

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"brink/network"
	"brink/network/jtree"
	"brink/network/limits"
	"brink/network/model"
	"brink/network/modelfile"
)

// loadOil reads the shipped oil wildcatter (testing, oil, result,
// drilling; cost and reward utilities).
func loadOil(t *testing.T) *model.Model {
	t.Helper()
	m, err := modelfile.Load("../../models/oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBeliefNetwork checks the network beliefs are computed on: for the
// oil wildcatter under no findings the policy network (test for certain,
// then drill unless the result is diffuse, by the textbook's numbers,
// tol 1e-12), and for a model without utilities its own network.
func TestBeliefNetwork(t *testing.T) {
	m := loadOil(t)
	net, dg, sol, err := BeliefNetwork(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if dg == nil || sol == nil || net == m.Net {
		t.Fatalf("want the policy network with its diagram and solution, got diagram %v, solution %v, the model's network %v", dg, sol, net == m.Net)
	}
	jt, err := jtree.Compile(net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(network.NewEvidence(m.Net)); err != nil {
		t.Fatal(err)
	}
	testNode, _ := m.Net.Index("testing")
	drillNode, _ := m.Net.Index("drilling")
	// Tested for certain, the result is closed or open with
	// probability 0.5·0.4 + 0.3·0.7 + 0.2·0.9 = 0.59, and then drilled.
	for _, c := range []struct {
		v    int
		want float64
	}{{testNode, 1}, {drillNode, 0.59}} {
		if got := jt.Posterior(c.v)[0]; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("P(%s = yes) = %v, want %v", m.Net.Name(c.v), got, c.want)
		}
	}

	plain := &model.Model{Net: m.Net, Nodes: m.Nodes} // no utilities
	net, dg, sol, err = BeliefNetwork(plain, nil)
	if err != nil || net != m.Net || dg != nil || sol != nil {
		t.Fatalf("without utilities: got %p, %v, %v, %v; want the model's network alone", net, dg, sol, err)
	}
}

// TestChoices names what each decision does in the belief network: by
// policy (one option, or depending on what it sees), set by action, or
// observed.
func TestChoices(t *testing.T) {
	m := loadOil(t)
	n := m.Net
	testNode, _ := n.Index("testing")
	drillNode, _ := n.Index("drilling")
	oilNode, _ := n.Index("oil")
	notTested := network.NewEvidence(n)
	if err := notTested.SetDo(testNode, 1); err != nil {
		t.Fatal(err)
	}
	seenDrilling := network.NewEvidence(n)
	if err := seenDrilling.SetState(drillNode, 0); err != nil {
		t.Fatal(err)
	}
	soaking := network.NewEvidence(n)
	if err := soaking.SetState(oilNode, 2); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ev   *network.Evidence
		want string
	}{
		{"no findings", nil,
			"Beliefs are under the best policies: Seismic test? = Test; Drill? depends on Test result."},
		// Untested, the result shows nothing: drilling blind (20) beats
		// not drilling.
		{"no test, by action", notTested,
			"Beliefs are under the best policies: Seismic test? = Do not test (set by action); Drill? = Drill."},
		{"drilling seen", seenDrilling,
			"Beliefs are under the best policies: Seismic test? = Test; Drill? = Drill (observed)."},
		// Knowing the field is soaking, no test: drilling is best
		// whatever the (uninformative) result.
		{"soaking", soaking,
			"Beliefs are under the best policies: Seismic test? = Do not test; Drill? = Drill."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, dg, sol, err := BeliefNetwork(m, tc.ev)
			if err != nil {
				t.Fatal(err)
			}
			cs, err := dg.Choices(tc.ev, sol)
			if err != nil {
				t.Fatal(err)
			}
			if got := ChoicesText(m, cs); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestDependsOn checks which parents a policy's choice varies with, for
// a decision with two parents of three and two states (first slowest).
func TestDependsOn(t *testing.T) {
	net, err := network.New([]network.VariableSpec{
		{Name: "a", States: []string{"0", "1", "2"}, CPT: []float64{0.2, 0.3, 0.5}},
		{Name: "b", States: []string{"0", "1"}, CPT: []float64{0.5, 0.5}},
		{Name: "d", States: []string{"x", "y"}, Parents: []string{"a", "b"}, CPT: slices.Repeat([]float64{0.5, 0.5}, 6)},
	})
	if err != nil {
		t.Fatal(err)
	}
	all := []bool{true, true, true, true, true, true}
	for _, tc := range []struct {
		name       string
		pol        Policy
		arise      []bool
		wantOption int
		want       []int
	}{
		{"constant", Policy{1, 1, 1, 1, 1, 1}, all, 1, nil},
		{"by a", Policy{0, 0, 1, 1, 0, 0}, all, -1, []int{0}},
		{"by b", Policy{0, 1, 0, 1, 0, 1}, all, -1, []int{1}},
		{"by both", Policy{0, 0, 0, 0, 0, 1}, all, -1, []int{0, 1}},
		// Only b = 1 can arise: the choice is one option.
		{"by b, seen", Policy{0, 1, 0, 1, 0, 1}, []bool{false, true, false, true, false, true}, 1, nil},
		// Only a = 2 can arise: the choice varies with b alone.
		{"by both, seen", Policy{0, 0, 0, 0, 0, 1}, []bool{false, false, false, false, true, true}, -1, []int{1}},
		// Only (a, b) = (0, 0) and (2, 1) can arise, with different
		// options: both parents differ.
		{"diagonal", Policy{0, 0, 0, 0, 0, 1}, []bool{true, false, false, false, false, true}, -1, []int{0, 1}},
	} {
		option, got := dependsOn(net, 2, tc.pol, tc.arise)
		if option != tc.wantOption || !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %d, %v; want %d, %v", tc.name, option, got, tc.wantOption, tc.want)
		}
	}
}

// TestSamplingModel checks that decision nodes are never sampled, that a
// valid default confidence is given to the chance nodes without one, and
// that an invalid one is passed on for uncertainty.Run to refuse.
func TestSamplingModel(t *testing.T) {
	m := loadOil(t)
	oil, _ := m.Net.Index("oil")
	m.Nodes[oil].Confidence = 7
	for _, tc := range []struct {
		name     string
		def      float64
		want     map[string]float64
		wantRest float64
	}{
		{"default 20", 20, map[string]float64{"testing": 0, "oil": 7, "result": 20, "drilling": 0}, 0},
		{"no default", 0, map[string]float64{"testing": 0, "oil": 7, "result": 0, "drilling": 0}, 0},
		{"infinite default", math.Inf(1), map[string]float64{"testing": 0, "oil": 7, "result": 0, "drilling": 0}, math.Inf(1)},
		{"negative default", -1, map[string]float64{"testing": 0, "oil": 7, "result": 0, "drilling": 0}, -1},
	} {
		snap, rest := SamplingModel(m, m.Net, tc.def)
		if rest != tc.wantRest {
			t.Errorf("%s: default passed on %v, want %v", tc.name, rest, tc.wantRest)
		}
		if snap.Net != m.Net {
			t.Errorf("%s: the snapshot has another network", tc.name)
		}
		for name, want := range tc.want {
			v, _ := m.Net.Index(name)
			if got := snap.Nodes[v].Confidence; got != want {
				t.Errorf("%s: %s has confidence %v, want %v", tc.name, name, got, want)
			}
		}
	}
}

// TestBeliefNetworkImpossible checks that evidence impossible whatever
// the decision does is reported as the engine reports it, naming the
// finding, not only as a failure to solve.
func TestBeliefNetworkImpossible(t *testing.T) {
	const src = `
[model]
format = 1

[[node]]
id = "a"
states = ["x", "y"]
cpt = [{ p = [1.0, 0.0] }]

[[node]]
id = "d"
role = "decision"
states = ["go", "stay"]
parents = ["a"]

[[utility]]
id = "u"
parents = ["d", "a"]
values = [
  { given = { d = "go", a = "x" }, value = 1 },
  { given = { d = "go", a = "y" }, value = 0 },
  { given = { d = "stay", a = "x" }, value = 0 },
  { given = { d = "stay", a = "y" }, value = 1 },
]
`
	m, _, err := modelfile.Read([]byte(src), "imp.toml", limits.Default())
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(m.Net)
	if err := ev.SetState(0, 1); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = BeliefNetwork(m, ev)
	var ie *network.ImpossibleEvidenceError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "a=y") {
		t.Fatalf("got %v, want the engine's impossible-evidence error naming a=y", err)
	}
}
