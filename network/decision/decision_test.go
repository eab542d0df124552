package decision

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
)

// oilWildcatter is Raiffa's oil wildcatter (Decision Analysis, 1968), with
// the numbers of ../shared/interop/unsupported/agrum-OilWildcatter-
// influence-diagram.xml: test (cost 10) or not, then drill or not, having
// seen the test's result; the oil is dry, wet or soaking (0.5, 0.3, 0.2);
// drilling pays −70, 50 or 200.
func oilWildcatter(t *testing.T) (*Diagram, *network.Network) {
	t.Helper()
	third := 1.0 / 3
	net, err := network.New([]network.VariableSpec{
		{Name: "Testing", States: []string{"Yes", "No"}, CPT: []float64{0.5, 0.5}},
		{Name: "OilContents", States: []string{"Dry", "Wet", "Soaking"}, CPT: []float64{0.5, 0.3, 0.2}},
		{Name: "TestResult", States: []string{"closed", "open", "diffuse"}, Parents: []string{"Testing", "OilContents"},
			CPT: []float64{0.1, 0.3, 0.6, 0.3, 0.4, 0.3, 0.5, 0.4, 0.1, third, third, third, third, third, third, third, third, third}},
		{Name: "Drilling", States: []string{"Yes", "No"}, Parents: []string{"TestResult", "Testing"},
			CPT: []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	dg, err := New(net, []int{0, 3}, []Utility{
		{Name: "Cost", Parents: []int{0}, Table: []float64{-10, 0}},
		{Name: "Reward", Parents: []int{3, 1}, Table: []float64{-70, 50, 200, 0, 0, 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return dg, net
}

// TestOilWildcatter checks the published solution: test, then drill
// unless the result is diffuse; MEU 22.5; not testing is worth 20
// (Raiffa 1968; the same numbers in Jensen & Nielsen, Bayesian Networks
// and Decision Graphs, 2007, §9.3).
func TestOilWildcatter(t *testing.T) {
	dg, net := oilWildcatter(t)
	sol, err := dg.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sol.MEU-22.5) > 1e-9 {
		t.Errorf("MEU %v, want 22.5", sol.MEU)
	}
	if sol.Policies[0][0] != 0 {
		t.Errorf("Testing policy %v, want Yes", sol.Policies[0])
	}
	// Drilling sees (TestResult, Testing): rows (closed,Yes) (closed,No)
	// (open,Yes) (open,No) (diffuse,Yes) (diffuse,No).
	if p := sol.Policies[1]; p[0] != 0 || p[2] != 0 || p[4] != 1 {
		t.Errorf("Drilling policy %v, want drill after closed and open, not after diffuse", p)
	}
	if got := sol.Options[0]; math.Abs(got[0]-22.5) > 1e-9 || math.Abs(got[1]-20) > 1e-9 {
		t.Errorf("EU(test) = %v, EU(no test) = %v; want 22.5 and 20", got[0], got[1])
	}
	// Knowing the oil before drilling (having tested, as the policy
	// says): drill only if wet or soaking, −10 + 0.3·50 + 0.2·200 = 45;
	// VPI = 45 − 22.5 = 22.5.
	v, err := dg.Value(nil, sol, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(v-22.5) > 1e-9 {
		t.Errorf("VPI of the oil for Drilling %v, want 22.5", v)
	}
	if _, err := dg.Value(nil, sol, 0, 2); err == nil {
		t.Error("the test result, an effect of Testing, was valued for Testing")
	}
	_ = net
}

// TestSingleDecisionBruteForce builds small random diagrams with one
// decision that sees its parents, and checks Solve's MEU against every
// deterministic policy evaluated by enumerating the joint, and Value
// against the same enumeration with the variable known.
func TestSingleDecisionBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	meus, vpis := 0, 0
	for trial := range 60 {
		net := enginetest.RandomNetwork(rng, 4+rng.IntN(3), 2, 3)
		d := rng.IntN(net.NumVariables())
		// A utility over the decision and one other variable.
		other := (d + 1 + rng.IntN(net.NumVariables()-1)) % net.NumVariables()
		table := make([]float64, net.Card(d)*net.Card(other))
		for i := range table {
			table[i] = math.Round(rng.Float64()*200-100) / 2
		}
		dg, err := New(net, []int{d}, []Utility{{Name: "U", Parents: []int{d, other}, Table: table}})
		if err != nil {
			t.Fatal(err)
		}
		sol, err := dg.Solve(nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Pow(float64(net.Card(d)), float64(net.ParentConfigs(d))) > 5000 {
			continue // too many policies to enumerate
		}
		want := bruteMEU(t, net, d, other, table)
		meus++
		if math.Abs(sol.MEU-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Fatalf("trial %d: MEU %v, brute force %v", trial, sol.MEU, want)
		}
		// VPI of a non-descendant x: brute force with x added to what d
		// sees, by the same enumeration over the policies.
		for x := range net.NumVariables() {
			if x == d || dg.descends(x, d) || slices.Contains(net.Parents(d), x) {
				continue
			}
			if math.Pow(float64(net.Card(d)), float64(net.ParentConfigs(d)*net.Card(x))) > 5000 {
				continue // too many policies to enumerate
			}
			got, err := dg.Value(nil, sol, d, x)
			if err != nil {
				t.Fatal(err)
			}
			wantV := bruteWith(t, net, d, x, other, table) - want
			vpis++
			if math.Abs(got-math.Max(0, wantV)) > 1e-9*math.Max(1, math.Abs(wantV)) {
				t.Fatalf("trial %d: VPI(%s) = %v, brute force %v", trial, net.Name(x), got, wantV)
			}
			break
		}
	}
	t.Logf("%d MEUs and %d values of information checked", meus, vpis)
	if meus < 30 || vpis < 10 {
		t.Errorf("only %d MEUs and %d values of information checked", meus, vpis)
	}
}

// bruteMEU enumerates every deterministic policy of decision d (a choice
// for each configuration of its parents) and returns the best expected
// utility, each by summing the joint with d's CPT replaced by the policy.
func bruteMEU(t *testing.T, net *network.Network, d, other int, table []float64) float64 {
	rows := net.ParentConfigs(d)
	k := net.Card(d)
	pol := make([]int, rows)
	best := math.Inf(-1)
	for {
		cpt := make([]float64, rows*k)
		for r, o := range pol {
			cpt[r*k+o] = 1
		}
		m, err := net.WithCPT(d, cpt)
		if err != nil {
			t.Fatal(err)
		}
		joint := joint2(t, m, d, other)
		eu := 0.0
		for i, p := range joint {
			eu += p * table[i]
		}
		best = math.Max(best, eu)
		i := 0
		for ; i < rows; i++ {
			pol[i]++
			if pol[i] < k {
				break
			}
			pol[i] = 0
		}
		if i == rows {
			return best
		}
	}
}

// joint2 returns P(a, b) over the states of a then b, by enumeration:
// P(a = i, b = j) = P(a = i) · P(b = j | a = i).
func joint2(t *testing.T, n *network.Network, a, b int) []float64 {
	t.Helper()
	out := make([]float64, 0, n.Card(a)*n.Card(b))
	for i := range n.Card(a) {
		ev := network.NewEvidence(n)
		if err := ev.SetState(a, i); err != nil {
			t.Fatal(err)
		}
		marg, pe, err := enginetest.Enumerate(n, ev)
		if err != nil {
			for range n.Card(b) {
				out = append(out, 0)
			}
			continue
		}
		for j := range n.Card(b) {
			out = append(out, pe*marg[b][j])
		}
	}
	return out
}

// bruteWith is the MEU when d also sees x: the network with x added to
// d's parents (d's table copied for each state of x) and every policy
// over the enlarged parent set enumerated.
func bruteWith(t *testing.T, net *network.Network, d, x, other int, table []float64) float64 {
	t.Helper()
	specs := make([]network.VariableSpec, net.NumVariables())
	for v := range specs {
		vr := net.Variable(v)
		s := network.VariableSpec{Name: vr.Name, States: vr.States, CPT: net.CPT(v)}
		for _, p := range net.Parents(v) {
			s.Parents = append(s.Parents, net.Name(p))
		}
		if v == d {
			s.Parents = append(s.Parents, net.Name(x))
			var cpt []float64
			k := net.Card(d)
			for r := range net.ParentConfigs(d) {
				for range net.Card(x) {
					cpt = append(cpt, net.CPT(d)[r*k:(r+1)*k]...)
				}
			}
			s.CPT = cpt
		}
		specs[v] = s
	}
	m, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	return bruteMEU(t, m, d, other, table)
}

// BenchmarkOilWildcatter solves the oil wildcatter: policies, MEU and the
// expected utility of every option.
func BenchmarkOilWildcatter(b *testing.B) {
	t := &testing.T{}
	dg, _ := oilWildcatter(t)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dg.Solve(nil); err != nil {
			b.Fatal(err)
		}
	}
}
