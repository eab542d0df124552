package jtree

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
)

// mutilate returns n with each intervened variable cut from its parents
// and given a point mass on its state: the graph surgery of Pearl's
// do-operator, built independently of the engine's CPT replacement.
func mutilate(t *testing.T, n *network.Network, do []network.Intervention) *network.Network {
	t.Helper()
	specs := make([]network.VariableSpec, n.NumVariables())
	for v := range specs {
		vr := n.Variable(v)
		s := network.VariableSpec{Name: vr.Name, States: vr.States, CPT: n.CPT(v)}
		for _, p := range n.Parents(v) {
			s.Parents = append(s.Parents, n.Name(p))
		}
		if i := slices.IndexFunc(do, func(it network.Intervention) bool { return it.Variable == v }); i >= 0 {
			s.Parents = nil
			s.CPT = make([]float64, n.Card(v))
			s.CPT[do[i].State] = 1
		}
		specs[v] = s
	}
	m, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDoMatchesTruncatedFactorisation checks, on 300 random networks with
// one or two variables set by action and random findings on others, that
// the junction tree's posteriors and P(findings) equal brute-force
// enumeration of the mutilated network (1e-9).
func TestDoMatchesTruncatedFactorisation(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	checked := 0
	for trial := range 300 {
		n := enginetest.RandomNetwork(rng, 3+rng.IntN(6), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		// Set one or two unobserved variables by action.
		var do []network.Intervention
		for range 1 + rng.IntN(2) {
			v := rng.IntN(n.NumVariables())
			if _, observed := ev.Finding(v); observed {
				continue
			}
			s := rng.IntN(n.Card(v))
			if err := ev.SetDo(v, s); err != nil {
				t.Fatal(err)
			}
		}
		do = ev.Interventions()
		cut := mutilate(t, n, do)
		onCut := network.NewEvidence(cut)
		for _, f := range ev.Findings() {
			if err := onCut.Set(f); err != nil {
				t.Fatal(err)
			}
		}
		want, pe, err := enginetest.Enumerate(cut, onCut)
		jt, cerr := Compile(n, Options{})
		if cerr != nil {
			t.Fatal(cerr)
		}
		perr := jt.Propagate(ev)
		if err != nil {
			if perr == nil {
				t.Errorf("trial %d (%v): impossible by enumeration, propagated", trial, ev)
			}
			continue
		}
		if perr != nil {
			t.Fatalf("trial %d (%v): %v", trial, ev, perr)
		}
		checked++
		if math.Abs(jt.ProbEvidence()-pe) > 1e-9*math.Max(1, pe) {
			t.Errorf("trial %d (%v): P(findings | do) = %v, want %v", trial, ev, jt.ProbEvidence(), pe)
		}
		for v := range want {
			for s := range want[v] {
				if math.Abs(jt.Posterior(v)[s]-want[v][s]) > 1e-9 {
					t.Fatalf("trial %d (%v): P(%s = %d) = %v, want %v", trial, ev, n.Name(v), s, jt.Posterior(v)[s], want[v][s])
				}
			}
		}
	}
	if checked < 200 {
		t.Errorf("only %d of 300 trials were possible", checked)
	}
}

// TestDoKeepsAncestorsAndRoots checks that setting a variable by action
// leaves its ancestors at their prior, and that for a variable without
// parents observing and setting agree.
func TestDoKeepsAncestorsAndRoots(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 100 {
		n := enginetest.RandomNetwork(rng, 6, 3, 3)
		jt, err := Compile(n, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := jt.Propagate(network.NewEvidence(n)); err != nil {
			t.Fatal(err)
		}
		prior := make([][]float64, n.NumVariables())
		for v := range prior {
			prior[v] = slices.Clone(jt.Posterior(v))
		}
		x := rng.IntN(n.NumVariables())
		ev := network.NewEvidence(n)
		if err := ev.SetDo(x, 0); err != nil {
			t.Fatal(err)
		}
		if err := jt.Propagate(ev); err != nil {
			t.Fatal(err)
		}
		for _, a := range ancestors(n, x) {
			for s := range prior[a] {
				if math.Abs(jt.Posterior(a)[s]-prior[a][s]) > 1e-12 {
					t.Fatalf("ancestor %s of %s moved from %v to %v", n.Name(a), n.Name(x), prior[a], jt.Posterior(a))
				}
			}
		}
		if len(n.Parents(x)) == 0 {
			set := make([][]float64, n.NumVariables())
			for v := range set {
				set[v] = slices.Clone(jt.Posterior(v))
			}
			obs := network.NewEvidence(n)
			_ = obs.SetState(x, 0)
			if err := jt.Propagate(obs); err != nil {
				continue // observing a state of probability 0
			}
			for v := range set {
				for s := range set[v] {
					if math.Abs(jt.Posterior(v)[s]-set[v][s]) > 1e-12 {
						t.Fatalf("root %s: observing and setting differ for %s", n.Name(x), n.Name(v))
					}
				}
			}
		}
	}
}

func ancestors(n *network.Network, x int) []int {
	var out []int
	seen := map[int]bool{}
	var walk func(v int)
	walk = func(v int) {
		for _, p := range n.Parents(v) {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
				walk(p)
			}
		}
	}
	walk(x)
	return out
}

// TestDoAndFindingRefused checks a variable cannot be observed and set
// at once, either way round, and Retract removes an action.
func TestDoAndFindingRefused(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := enginetest.RandomNetwork(rng, 3, 2, 2)
	ev := network.NewEvidence(n)
	if err := ev.SetState(0, 0); err != nil {
		t.Fatal(err)
	}
	if err := ev.SetDo(0, 1); err == nil {
		t.Error("set by action a variable that is observed")
	}
	if err := ev.SetDo(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := ev.SetState(1, 0); err == nil {
		t.Error("observed a variable set by action")
	}
	c := ev.Clone()
	if s, ok := c.Do(1); !ok || s != 1 || c.DoLen() != 1 {
		t.Error("Clone lost the action")
	}
	ev.Retract(1)
	if _, ok := ev.Do(1); ok || ev.DoLen() != 0 {
		t.Error("Retract left the action")
	}
}
