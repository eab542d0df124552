package jtree

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
)

// eliminationGame eliminates the vertices of g in the given order and
// returns the clique made at each step, sorted: the vertex with its
// neighbours at that moment, which are then joined pairwise. It is the
// textbook elimination game on adjacency sets, slow and obvious.
func eliminationGame(g graph, order []int) [][]int {
	adj := make([]map[int]bool, len(g))
	for v, nb := range g {
		adj[v] = map[int]bool{}
		for _, u := range nb {
			adj[v][u] = true
		}
	}
	var out [][]int
	for _, v := range order {
		c := []int{v}
		for u := range adj[v] {
			c = append(c, u)
		}
		slices.Sort(c)
		out = append(out, c)
		for u := range adj[v] {
			for w := range adj[v] {
				if u != w {
					adj[u][w] = true
				}
			}
			delete(adj[u], v)
		}
		adj[v] = nil
	}
	return out
}

// bruteMaximal keeps the cliques not contained in an earlier one, the way
// Brink did before maximalCliques used the elimination tree: every pair
// compared.
func bruteMaximal(elim [][]int) [][]int {
	var out [][]int
	for i, c := range elim {
		contained := false
		for _, d := range elim[:i] {
			if isSubset(c, d) {
				contained = true
				break
			}
		}
		if !contained {
			out = append(out, c)
		}
	}
	return out
}

func isSubset(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// randomGraph returns a graph on n vertices with each edge present with
// probability p.
func randomGraph(rng *rand.Rand, n int, p float64) graph {
	g := make(graph, n)
	for a := range n {
		for b := a + 1; b < n; b++ {
			if rng.Float64() < p {
				g[a] = append(g[a], b)
				g[b] = append(g[b], a)
			}
		}
	}
	for _, nb := range g {
		slices.Sort(nb)
	}
	return g
}

// checkForest reports whether parent (one entry per clique, -1 at roots) is
// a forest over cl with the running-intersection property: for every
// variable, the cliques holding it are connected, which in a forest means
// exactly one fewer edge between them than cliques.
func checkForest(cl [][]int, parent []int) error {
	for k := range parent {
		steps := 0
		for p := k; p >= 0; p = parent[p] {
			if steps++; steps > len(parent) {
				return fmt.Errorf("clique %d: parent links form a cycle", k)
			}
		}
	}
	nodes, edges := map[int]int{}, map[int]int{}
	for k, c := range cl {
		for _, x := range c {
			nodes[x]++
			if p := parent[k]; p >= 0 && slices.Contains(cl[p], x) {
				edges[x]++
			}
		}
	}
	for x, k := range nodes {
		if edges[x] != k-1 {
			return fmt.Errorf("variable %d: in %d cliques joined by %d tree edges, not connected", x, k, edges[x])
		}
	}
	return nil
}

// TestMaximalCliquesAgainstBruteForce checks the elimination-tree test of
// maximality (Fulkerson & Gross; Golumbic §4.2) against comparing every
// pair of cliques, and that the forest it builds is a junction forest, on
// random graphs and random elimination orders, including empty graphs,
// complete graphs and disconnected ones.
func TestMaximalCliquesAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 2000 {
		n := 1 + rng.IntN(30)
		p := []float64{0, 0.05, 0.1, 0.2, 0.4, 0.8, 1}[rng.IntN(7)]
		g := randomGraph(rng, n, p)
		order := rng.Perm(n)
		elim := eliminationGame(g, order)
		got, parent := maximalCliques(order, elim)
		want := bruteMaximal(elim)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("trial %d (n=%d, p=%v, order %v): maximal cliques\n%v\nwant\n%v", trial, n, p, order, got, want)
		}
		if err := checkForest(got, parent); err != nil {
			t.Fatalf("trial %d (n=%d, p=%v, order %v): %v", trial, n, p, order, err)
		}
	}
}

// TestEliminationMatchesGame checks that every greedy run's cliques are
// those of the elimination game played in the order the run chose, and
// that the scores it updates incrementally equal scores computed afresh at
// every step, for deterministic runs and for both kinds of randomised
// tie-breaking (the scan below scanMax variables, random heap keys above).
func TestEliminationMatchesGame(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		n := enginetest.RandomNetwork(rng, 1+rng.IntN(30), 1+rng.IntN(5), 4)
		moral := moralGraph(n)
		e := newEliminator(n, moral)
		e.verify = true
		for _, h := range []Heuristic{MinFill, WeightedMinFill, MinWeight, MinNeighbours} {
			for kind := range 4 {
				var tri *triangulation
				switch kind {
				case 0, 1:
					tri = e.run(h, kind == 0, nil, math.Inf(1))
				case 2:
					tri = e.run(h, false, rand.New(rand.NewPCG(uint64(trial), 1)), math.Inf(1))
				case 3:
					tri = e.runHeapRandom(h, rand.New(rand.NewPCG(uint64(trial), 2)))
				}
				if e.verifyErr != nil {
					t.Fatalf("trial %d, kind %d: %v", trial, kind, e.verifyErr)
				}
				want := bruteMaximal(eliminationGame(moral, tri.order))
				if !slices.EqualFunc(tri.cliques, want, slices.Equal) {
					t.Fatalf("trial %d, %v, kind %d: cliques %v, want %v", trial, h, kind, tri.cliques, want)
				}
				if err := checkForest(tri.cliques, tri.treeParent); err != nil {
					t.Fatalf("trial %d, %v, kind %d: %v", trial, h, kind, err)
				}
			}
		}
	}
}

// runHeapRandom is a randomised run that uses the heap of random keys
// whatever the network's size, as networks above scanMax variables do.
func (e *eliminator) runHeapRandom(h Heuristic, rng *rand.Rand) *triangulation {
	return e.runWith(h, false, rng, math.Inf(1), false, false)
}

// checkJunctionTree checks a compiled tree: every CPT's family lies in the
// clique it is assigned to, every variable's home clique holds it, each
// separator is the intersection of its two cliques, and the cliques holding
// any variable are connected.
func checkJunctionTree(t *testing.T, jt *JunctionTree) {
	t.Helper()
	n := jt.net
	cl := make([][]int, len(jt.cliques))
	parent := make([]int, len(jt.cliques))
	for i, c := range jt.cliques {
		cl[i], parent[i] = c.vars, c.parent
		for _, v := range c.cpts {
			if !isSubset(append(slices.Clone(n.Parents(v)), v), c.vars) {
				t.Fatalf("clique %v holds the CPT of %s but not its family", c.vars, n.Name(v))
			}
		}
	}
	for v, h := range jt.home {
		if !slices.Contains(jt.cliques[h].vars, v) {
			t.Fatalf("home clique %v of %s does not hold it", jt.cliques[h].vars, n.Name(v))
		}
	}
	for _, s := range jt.seps {
		var want []int
		for _, u := range jt.cliques[s.child].vars {
			if slices.Contains(jt.cliques[s.parent].vars, u) {
				want = append(want, u)
			}
		}
		if !isSubset(s.vars, want) || !isSubset(want, s.vars) {
			t.Fatalf("separator %v between %v and %v", s.vars, jt.cliques[s.child].vars, jt.cliques[s.parent].vars)
		}
	}
	if err := checkForest(cl, parent); err != nil {
		t.Fatal(err)
	}
}

// TestEliminationTreeAsJunctionTree builds the tree both ways, by Kruskal
// over the candidate separators and from the elimination (as Compile does
// when a hub variable would make Kruskal quadratic), and checks on random
// networks that both are junction trees with the same separator sizes
// (every junction tree of a chordal graph has the same multiset of
// separators, Blair & Peyton 1993 §4) and give the same posteriors and
// P(e) (tol 1e-12).
func TestEliminationTreeAsJunctionTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 300 {
		n := enginetest.RandomNetwork(rng, 1+rng.IntN(20), 4, 3)
		ev := enginetest.RandomEvidence(rng, n)
		kruskal, err := compile(n, Options{}, maxKruskalPairs)
		if err != nil {
			t.Fatal(err)
		}
		etree, err := compile(n, Options{}, -1)
		if err != nil {
			t.Fatal(err)
		}
		checkJunctionTree(t, kruskal)
		checkJunctionTree(t, etree)
		sepSizes := func(jt *JunctionTree) []int {
			var s []int
			for _, sp := range jt.seps {
				s = append(s, len(sp.vars))
			}
			slices.Sort(s)
			return s
		}
		if a, b := sepSizes(kruskal), sepSizes(etree); !slices.Equal(a, b) {
			t.Fatalf("trial %d: separator sizes %v (Kruskal) and %v (elimination tree)", trial, a, b)
		}
		errK, errE := kruskal.Propagate(ev), etree.Propagate(ev)
		if (errK == nil) != (errE == nil) {
			t.Fatalf("trial %d: Kruskal tree gives %v, elimination tree %v", trial, errK, errE)
		}
		if errK != nil {
			continue
		}
		if d := math.Abs(kruskal.LogProbEvidence() - etree.LogProbEvidence()); d > 1e-12 {
			t.Fatalf("trial %d: ln P(e) differs by %g", trial, d)
		}
		for v := range n.NumVariables() {
			for s, p := range kruskal.Posterior(v) {
				if d := math.Abs(p - etree.Posterior(v)[s]); d > 1e-12 {
					t.Fatalf("trial %d: P(%s) differs by %g", trial, n.Name(v), d)
				}
			}
		}
	}
}

// TestStarUsesEliminationTree compiles a star (one root with many
// children, a hub in every clique), which has too many candidate separators
// for Kruskal, and checks the tree and a posterior: with the root observed
// every leaf's posterior is its CPT row (tol 1e-12).
func TestStarUsesEliminationTree(t *testing.T) {
	const leaves = 3000
	specs := []network.VariableSpec{{Name: "hub", States: []string{"a", "b"}, CPT: []float64{0.5, 0.5}}}
	for k := range leaves {
		specs = append(specs, network.VariableSpec{
			Name: fmt.Sprintf("leaf%d", k), States: []string{"a", "b"}, Parents: []string{"hub"},
			CPT: []float64{0.9, 0.1, 0.2, 0.8},
		})
	}
	n, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	if pairs := leaves * (leaves - 1) / 2; pairs <= maxKruskalPairs {
		t.Fatalf("%d candidate pairs do not exceed maxKruskalPairs", pairs)
	}
	jt, err := Compile(n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkJunctionTree(t, jt)
	ev := network.NewEvidence(n)
	if err := ev.SetState(0, 1); err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	for _, v := range []int{1, leaves / 2, leaves} {
		if got := jt.Posterior(v)[0]; math.Abs(got-0.2) > 1e-12 {
			t.Errorf("P(%s = a | hub = b) = %v, want 0.2", n.Name(v), got)
		}
	}
}

// TestTriangulateReproducible checks that the search over triangulations
// gives the same tree whether its runs go on one goroutine or two: each
// randomised run has its own random stream and every run of a batch sees
// the same bound.
func TestTriangulateReproducible(t *testing.T) {
	for _, name := range []string{"alarm", "insurance", "mildew", "andes", "pigs"} {
		n := loadStandard(t, name)
		moral := moralGraph(n)
		two := triangulate(n, moral, 0, 3)
		prev := runtime.GOMAXPROCS(1)
		one := triangulate(n, moral, 0, 3)
		runtime.GOMAXPROCS(prev)
		if !slices.Equal(one.order, two.order) || one.total != two.total {
			t.Errorf("%s: %v entries on one goroutine, %v on two", name, one.total, two.total)
		}
	}
}
