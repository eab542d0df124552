// Package jtree is Brink's exact inference engine: a junction tree (clique
// tree) compiled once per network structure, with Hugin propagation
// (Jensen, Lauritzen & Olesen 1990, "Bayesian updating in causal
// probabilistic networks by local computations") for posterior marginals and
// P(evidence), and max-product propagation for the most probable
// explanation.
//
// Compile moralises the network, triangulates it with the best of several
// greedy elimination heuristics, joins the maximal cliques into a maximum
// weight spanning tree and allocates every table. Propagate then runs with
// no allocation: it resets the clique tables to the product of their CPTs,
// multiplies in the findings, and passes messages in and out from a root.
package jtree

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"brink/network"
	"brink/network/factor"
)

var (
	_ network.Engine    = (*JunctionTree)(nil)
	_ network.MPEEngine = (*JunctionTree)(nil)
)

// ErrTooLarge is returned by Compile when the junction tree would not fit
// in the memory budget.
var ErrTooLarge = errors.New("junction tree too large")

// Options tune compilation. The zero value is a sensible default.
type Options struct {
	// MaxEntries bounds the total number of float64 entries in clique and
	// separator tables (default 2.5e8, 2 GiB). Compile fails with
	// ErrTooLarge, giving the estimated size, beyond it.
	MaxEntries float64
	// Tries is the number of randomised triangulation runs on top of the
	// deterministic heuristics. Zero chooses by network size; negative
	// means none.
	Tries int
	// Seed seeds the randomised triangulation runs, so that compilation is
	// reproducible.
	Seed uint64
}

// Clique is one node of the junction tree.
type clique struct {
	vars   []int // variable order of the table, first slowest
	cards  []int
	table  []float64
	init   []float64 // product of the assigned CPTs; nil when rebuilt on demand
	cpts   []int     // variables whose CPT is assigned here
	cptMap []*factor.Projection
	parent int // -1 at a root
	sep    int // separator to the parent, -1 at a root
}

// separator joins a clique to its parent.
type separator struct {
	vars     []int
	table    []float64 // the message last sent towards the root
	scratch  []float64
	child    int
	parent   int
	toChild  *factor.Projection // child clique ↔ separator
	toParent *factor.Projection // parent clique ↔ separator
}

// JunctionTree is a compiled network. It implements network.Engine and
// network.MPEEngine. It is not safe for concurrent use; compile one per
// goroutine (compilation is cheap next to the GUI's needs).
type JunctionTree struct {
	net     *network.Network
	cliques []clique
	seps    []separator
	order   []int // cliques, each after its parent (roots first)

	home    []int                // per variable: smallest clique containing it
	homeMap []*factor.Projection // home clique → variable
	post    []float64            // all posteriors, concatenated
	offset  []int                // start of each variable in post
	logZ    float64
	valid   bool // post holds results of a successful propagation

	calibrated bool // clique tables hold P(clique | e) of the last successful Propagate (see FamilyPosterior)

	heuristic Heuristic
	entries   float64 // Σ clique table sizes
	largest   float64
}

// Stats describes the size of a compiled junction tree.
type Stats struct {
	Cliques          int
	CliqueEntries    int     // Σ clique table sizes (not separators)
	MaxCliqueEntries int     // the largest clique table
	SeparatorEntries int     // Σ separator table sizes
	Heuristic        string  // the triangulation heuristic that won
	LargestClique    []int   // variables of the largest clique
	Treewidth        int     // largest clique size minus one
	MemoryBytes      float64 // tables held, in bytes
}

// Compile builds a junction tree for n.
func Compile(n *network.Network, opts Options) (*JunctionTree, error) {
	if opts.MaxEntries == 0 {
		opts.MaxEntries = 2.5e8
	}
	nv := n.NumVariables()
	if nv == 0 {
		return nil, errors.New("jtree: network has no variables")
	}
	moral := moralGraph(n)
	tri := triangulate(n, moral, opts.Tries, opts.Seed)
	if tri.total > opts.MaxEntries {
		return nil, fmt.Errorf("jtree: %w: cliques need %.3g table entries (%.1f GiB), largest clique %.3g entries; the limit is %.3g",
			ErrTooLarge, tri.total, tri.total*8/(1<<30), tri.largest, opts.MaxEntries)
	}
	jt := &JunctionTree{net: n, heuristic: tri.heuristic, entries: tri.total, largest: tri.largest}
	jt.buildTree(tri.cliques)
	jt.assign()
	jt.allocate(opts.MaxEntries)
	return jt, nil
}

// buildTree joins the cliques into a maximum-weight spanning forest of the
// clique graph, weighting a pair by the number of shared variables
// (Jensen & Jensen 1994, "Optimal junction trees"), with Kruskal's
// algorithm; ties prefer the smaller separator table. The trees of the
// forest are then joined by empty separators so that one root serves all.
func (jt *JunctionTree) buildTree(cl []bitset) {
	n := jt.net
	type edge struct {
		a, b   int
		weight int
		size   float64
	}
	var edges []edge
	for i := range cl {
		for j := i + 1; j < len(cl); j++ {
			w := cl[i].intersectCount(cl[j])
			if w == 0 {
				continue
			}
			size := 1.0
			for k, word := range cl[i] {
				bitset{word & cl[j][k]}.each(func(u int) { size *= float64(n.Card(k<<6 | u)) })
			}
			edges = append(edges, edge{i, j, w, size})
		}
	}
	slices.SortStableFunc(edges, func(x, y edge) int {
		return cmp.Or(cmp.Compare(y.weight, x.weight), cmp.Compare(x.size, y.size))
	})
	uf := make([]int, len(cl))
	for i := range uf {
		uf[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for uf[x] != x {
			uf[x] = uf[uf[x]]
			x = uf[x]
		}
		return x
	}
	adj := make([][]int, len(cl))
	for _, e := range edges {
		ra, rb := find(e.a), find(e.b)
		if ra == rb {
			continue
		}
		uf[ra] = rb
		adj[e.a] = append(adj[e.a], e.b)
		adj[e.b] = append(adj[e.b], e.a)
	}
	// Root at the largest clique; link other trees' roots under it.
	root := 0
	sizes := make([]float64, len(cl))
	for i, c := range cl {
		s := 1.0
		c.each(func(u int) { s *= float64(n.Card(u)) })
		sizes[i] = s
		if s > sizes[root] {
			root = i
		}
	}
	for i := range cl {
		if find(i) != find(root) {
			r := find(i)
			uf[r] = find(root)
			adj[root] = append(adj[root], i)
			adj[i] = append(adj[i], root)
		}
	}
	// Breadth-first order from the root; children after parents.
	parent := make([]int, len(cl))
	for i := range parent {
		parent[i] = -2
	}
	parent[root] = -1
	queue := []int{root}
	for k := 0; k < len(queue); k++ {
		c := queue[k]
		for _, d := range adj[c] {
			if parent[d] == -2 {
				parent[d] = c
				queue = append(queue, d)
			}
		}
	}
	jt.order = queue
	// Variable order inside each clique: the variables shared with the
	// parent last, so that the message to the parent is a contiguous
	// suffix walk.
	jt.cliques = make([]clique, len(cl))
	for i, c := range cl {
		var shared, own []int
		c.each(func(u int) {
			if parent[i] >= 0 && cl[parent[i]].has(u) {
				shared = append(shared, u)
			} else {
				own = append(own, u)
			}
		})
		vars := append(own, shared...)
		cards := make([]int, len(vars))
		for k, u := range vars {
			cards[k] = n.Card(u)
		}
		jt.cliques[i] = clique{vars: vars, cards: cards, parent: parent[i], sep: -1}
		if parent[i] >= 0 {
			jt.cliques[i].sep = len(jt.seps)
			jt.seps = append(jt.seps, separator{vars: shared, child: i, parent: parent[i]})
		}
	}
}

// assign gives each CPT to the smallest clique containing its family, and
// each variable a home clique (the smallest containing it) for entering
// findings and reading its posterior.
func (jt *JunctionTree) assign() {
	n := jt.net
	nv := n.NumVariables()
	size := func(c int) int { return tableSize(jt.cliques[c].cards) }
	contains := func(c int, vars []int) bool {
		for _, v := range vars {
			if !slices.Contains(jt.cliques[c].vars, v) {
				return false
			}
		}
		return true
	}
	jt.home = make([]int, nv)
	jt.homeMap = make([]*factor.Projection, nv)
	for v := range nv {
		fam := append(slices.Clone(n.Parents(v)), v)
		best, home := -1, -1
		for c := range jt.cliques {
			if contains(c, fam) && (best < 0 || size(c) < size(best)) {
				best = c
			}
			if contains(c, []int{v}) && (home < 0 || size(c) < size(home)) {
				home = c
			}
		}
		cq := &jt.cliques[best]
		cq.cpts = append(cq.cpts, v)
		cq.cptMap = append(cq.cptMap, factor.NewProjection(cq.vars, cq.cards, fam))
		jt.home[v] = home
		hq := &jt.cliques[home]
		jt.homeMap[v] = factor.NewProjection(hq.vars, hq.cards, []int{v})
	}
}

// allocate creates every table. Initial clique potentials are kept when
// they fit in the budget beside the working tables; otherwise they are
// rebuilt from the CPTs at each propagation.
func (jt *JunctionTree) allocate(budget float64) {
	keepInit := jt.entries*2 <= budget
	for i := range jt.cliques {
		c := &jt.cliques[i]
		c.table = make([]float64, tableSize(c.cards))
		if keepInit {
			c.init = make([]float64, len(c.table))
			jt.fillInit(c, c.init)
		}
	}
	for i := range jt.seps {
		s := &jt.seps[i]
		ch, pa := &jt.cliques[s.child], &jt.cliques[s.parent]
		s.toChild = factor.NewProjection(ch.vars, ch.cards, s.vars)
		s.toParent = factor.NewProjection(pa.vars, pa.cards, s.vars)
		s.table = make([]float64, s.toChild.InnerSize())
		s.scratch = make([]float64, len(s.table))
	}
	nv := jt.net.NumVariables()
	jt.offset = make([]int, nv+1)
	for v := range nv {
		jt.offset[v+1] = jt.offset[v] + jt.net.Card(v)
	}
	jt.post = make([]float64, jt.offset[nv])
}

// fillInit writes the product of the clique's CPTs into dst.
func (jt *JunctionTree) fillInit(c *clique, dst []float64) {
	for i := range dst {
		dst[i] = 1
	}
	for k, v := range c.cpts {
		c.cptMap[k].MulFrom(dst, jt.net.CPT(v))
	}
}

func tableSize(cards []int) int {
	s := 1
	for _, c := range cards {
		s *= c
	}
	return s
}

// Network returns the network the tree was compiled for.
func (jt *JunctionTree) Network() *network.Network { return jt.net }

// SetNetwork swaps in a network with the same structure but other CPTs
// (see network.Network.WithCPT) without recompiling. Results are
// invalidated until the next Propagate.
func (jt *JunctionTree) SetNetwork(m *network.Network) error {
	if !jt.net.SameStructure(m) {
		return errors.New("jtree: SetNetwork: the network's structure differs; compile it instead")
	}
	old := jt.net
	jt.net = m
	for i := range jt.cliques {
		c := &jt.cliques[i]
		changed := false
		for _, v := range c.cpts {
			if !slices.Equal(old.CPT(v), m.CPT(v)) {
				changed = true
			}
		}
		if changed && c.init != nil {
			jt.fillInit(c, c.init)
		}
	}
	jt.valid = false
	jt.calibrated = false
	return nil
}

// Stats reports the size of the compiled tree.
func (jt *JunctionTree) Stats() Stats {
	s := Stats{Cliques: len(jt.cliques), Heuristic: jt.heuristic.String()}
	mem := 0
	for _, c := range jt.cliques {
		s.CliqueEntries += len(c.table)
		mem += len(c.table) + len(c.init)
		if len(c.table) > s.MaxCliqueEntries {
			s.MaxCliqueEntries = len(c.table)
			s.LargestClique = c.vars
		}
		s.Treewidth = max(s.Treewidth, len(c.vars)-1)
	}
	for _, sp := range jt.seps {
		s.SeparatorEntries += len(sp.table)
		mem += 2 * len(sp.table)
	}
	s.MemoryBytes = float64(mem) * 8
	return s
}

// Posterior returns P(v | evidence) from the last successful Propagate, or
// nil before the first. The slice belongs to the tree; copy it to keep it.
func (jt *JunctionTree) Posterior(v int) []float64 {
	if !jt.valid {
		return nil
	}
	return jt.post[jt.offset[v]:jt.offset[v+1]:jt.offset[v+1]]
}

// ProbEvidence returns P(evidence) from the last successful Propagate.
func (jt *JunctionTree) ProbEvidence() float64 { return math.Exp(jt.logZ) }

// LogProbEvidence returns ln P(evidence) from the last successful
// Propagate.
func (jt *JunctionTree) LogProbEvidence() float64 { return jt.logZ }
