package jtree

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"brink/network"
)

// chainNetwork returns the binary Markov chain x0 → x1 → … → x(n-1) with
// P(x0 = 0) = p0 and P(x(k) = x(k-1)) = stay.
func chainNetwork(tb testing.TB, n int, p0, stay float64) *network.Network {
	tb.Helper()
	specs := make([]network.VariableSpec, n)
	states := []string{"s0", "s1"}
	for k := range specs {
		specs[k] = network.VariableSpec{Name: "x" + strconv.Itoa(k), States: states}
		if k == 0 {
			specs[k].CPT = []float64{p0, 1 - p0}
			continue
		}
		specs[k].Parents = []string{specs[k-1].Name}
		specs[k].CPT = []float64{stay, 1 - stay, 1 - stay, stay}
	}
	net, err := network.New(specs)
	if err != nil {
		tb.Fatal(err)
	}
	return net
}

// sparseNetwork returns a random sparse DAG of n binary variables: each
// picks up to maxParents distinct parents among the window variables
// before it, so that the moral graph has bandwidth at most window and a
// small treewidth however large n is.
func sparseNetwork(tb testing.TB, n, maxParents, window int, seed uint64) *network.Network {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 3))
	specs := make([]network.VariableSpec, n)
	states := []string{"s0", "s1"}
	for k := range specs {
		specs[k] = network.VariableSpec{Name: "x" + strconv.Itoa(k), States: states}
		lo := max(0, k-window)
		np := min(k-lo, rng.IntN(maxParents+1))
		for _, j := range rng.Perm(k - lo)[:np] {
			specs[k].Parents = append(specs[k].Parents, specs[lo+j].Name)
		}
		rows := 1 << np
		cpt := make([]float64, 2*rows)
		for r := range rows {
			p := 0.05 + 0.9*rng.Float64()
			cpt[2*r], cpt[2*r+1] = p, 1-p
		}
		specs[k].CPT = cpt
	}
	net, err := network.New(specs)
	if err != nil {
		tb.Fatal(err)
	}
	return net
}

// BenchmarkCompileChain compiles binary chains of 10³, 10⁴ and 10⁵
// variables, whose junction tree is a path of n-1 two-variable cliques.
func BenchmarkCompileChain(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 1e5} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			net := chainNetwork(b, n, 0.3, 0.9)
			b.ReportAllocs()
			var jt *JunctionTree
			for b.Loop() {
				var err error
				if jt, err = Compile(net, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(jt.Stats().CliqueEntries), "entries")
		})
	}
}

// BenchmarkCompileSparse compiles random sparse DAGs (at most two parents
// among the previous 20 variables, treewidth about 8) of 10³, 10⁴ and 10⁵
// variables.
func BenchmarkCompileSparse(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 1e5} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			net := sparseNetwork(b, n, 2, 20, 1)
			b.ReportAllocs()
			var jt *JunctionTree
			for b.Loop() {
				var err error
				if jt, err = Compile(net, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(jt.Stats().CliqueEntries), "entries")
		})
	}
}

// TestCompileLongChain compiles a chain of 10⁵ variables, observes its
// last variable and checks posteriors and P(e) against the closed form of
// a two-state Markov chain: with d = 2·stay − 1,
//
//	P(x_k = s0)              = 1/2 + (p0 − 1/2)·d^k,
//	P(x_j = s0 | x_i = s0)   = 1/2 + d^(j−i)/2   (j ≥ i),
//	P(x_i = s0 | x_last = s0) = P(x_i = s0)·P(x_last = s0 | x_i = s0) / P(x_last = s0)
//
// (Bayes' rule on the stationary symmetric chain; tol 1e-9, the rounding of
// 10⁵ messages).
func TestCompileLongChain(t *testing.T) {
	const n, p0, stay = 100_000, 0.3, 0.99999
	net := chainNetwork(t, n, p0, stay)
	jt, err := Compile(net, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := jt.Stats(); st.Cliques != n-1 || st.Treewidth != 1 {
		t.Errorf("chain of %d: %d cliques, treewidth %d; want %d and 1", n, st.Cliques, st.Treewidth, n-1)
	}
	ev := network.NewEvidence(net)
	if err := ev.SetState(n-1, 0); err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	d := 2*stay - 1
	marg := func(k int) float64 { return 0.5 + (p0-0.5)*math.Pow(d, float64(k)) }
	cond := func(dist int) float64 { return 0.5 + 0.5*math.Pow(d, float64(dist)) }
	pe := marg(n - 1)
	if got := jt.LogProbEvidence(); math.Abs(got-math.Log(pe)) > 1e-9 {
		t.Errorf("ln P(e) = %v, want %v", got, math.Log(pe))
	}
	for _, k := range []int{0, 1, n / 3, n / 2, n - 2} {
		want := marg(k) * cond(n-1-k) / pe
		if got := jt.Posterior(k)[0]; math.Abs(got-want) > 1e-9 {
			t.Errorf("P(x%d = s0 | x%d = s0) = %v, want %v", k, n-1, got, want)
		}
	}
	if got := jt.Posterior(n - 1)[0]; got != 1 {
		t.Errorf("P(observed x%d = s0) = %v, want 1", n-1, got)
	}
}
