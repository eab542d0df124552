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
	"runtime"
	"slices"
	"sync"

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
	parent int       // -1 at a root
	sep    int       // separator to the parent, -1 at a root
	view   []float64 // the table run works on: table, or its first entries when sliced
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
	rescale  bool               // collecting: scale the parent after this message (see run)

	// What run works on: table, scratch and the projections, or their
	// sliced counterparts (see slice.go).
	msg, tmp []float64
	down, up *factor.Projection
}

// rescaleEvery is how many messages a clique absorbs on the way to the root
// between two rescalings of its table (see run). Messages sum to 1, so 16 of
// them shrink a table by far less than the range of a float64 unless the
// evidence itself is that improbable, and cliques with fewer children,
// nearly all of them, are never rescaled.
const rescaleEvery = 16

// JunctionTree is a compiled network. It implements network.Engine and
// network.MPEEngine. It is not safe for concurrent use; compile one per
// goroutine (compilation is cheap next to the GUI's needs).
type JunctionTree struct {
	net     *network.Network
	cliques []clique
	seps    []separator
	order   []int // cliques, each after its parent (roots first)

	home  []int // per variable: smallest clique containing it
	cptAt []int // per variable: the clique its CPT is assigned to
	// doTables are the point-mass CPTs of variables set by action, by
	// (variable, state), built when first needed.
	doTables map[[2]int][]float64
	homeMap  []*factor.Projection // home clique → variable
	post     []float64            // all posteriors, concatenated
	offset   []int                // start of each variable in post
	logZ     float64
	valid    bool // post holds results of a successful propagation

	calibrated bool // clique tables hold P(clique | e) of the last successful Propagate (see FamilyPosterior)

	// Slicing on hard findings (see slice.go).
	slicing   slicing
	plans     map[string]*slicePlan // by the observed variables, uvarint-encoded
	planKey   []byte                // scratch for the key
	hardState []int                 // per variable: its observed state, or -1
	lastPlan  *slicePlan            // the plan of the last successful Propagate, nil if unsliced

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
//
// Compilation is near-linear in the size of the network for sparse
// networks: the moral and filled graphs are kept as sorted neighbour lists,
// the greedy heuristics keep the variables in a heap and rescore only those
// whose cost an elimination changed, and the maximal cliques and the tree
// are found from the elimination order without comparing every pair of
// cliques, so that a chain or a sparse random network of 10⁵ variables
// compiles in about a second (docs/benchmarks.md).
func Compile(n *network.Network, opts Options) (*JunctionTree, error) {
	return compile(n, opts, maxKruskalPairs)
}

// compile is Compile with the bound on Kruskal's candidate separators (see
// buildTree) as a parameter, so that tests can force either way of
// building the tree.
func compile(n *network.Network, opts Options, maxPairs int) (*JunctionTree, error) {
	if opts.MaxEntries == 0 {
		opts.MaxEntries = 2.5e8
	}
	nv := n.NumVariables()
	if nv == 0 {
		// A model being built starts with no nodes: its tree has no
		// cliques, and every propagation gives P(findings) = 1.
		return &JunctionTree{net: n}, nil
	}
	moral := moralGraph(n)
	tri := triangulate(n, moral, opts.Tries, opts.Seed)
	if tri.total > opts.MaxEntries {
		return nil, fmt.Errorf("jtree: %w: cliques need %.3g table entries (%.1f GiB), largest clique %.3g entries; the limit is %.3g",
			ErrTooLarge, tri.total, tri.total*8/(1<<30), tri.largest, opts.MaxEntries)
	}
	jt := &JunctionTree{net: n, heuristic: tri.heuristic, entries: tri.total, largest: tri.largest}
	members := holding(nv, tri.cliques)
	jt.buildTree(tri, members, maxPairs)
	jt.assign(members)
	jt.allocate(opts.MaxEntries)
	return jt, nil
}

// holding returns, for each of the nv variables, the cliques of cl that
// contain it in increasing order.
func holding(nv int, cl [][]int) [][]int {
	count := make([]int, nv)
	total := 0
	for _, c := range cl {
		for _, u := range c {
			count[u]++
		}
		total += len(c)
	}
	flat := make([]int, 0, total)
	out := make([][]int, nv)
	for u, k := range count {
		out[u] = flat[len(flat) : len(flat) : len(flat)+k]
		flat = flat[:len(flat)+k]
	}
	for i, c := range cl {
		for _, u := range c {
			out[u] = append(out[u], i)
		}
	}
	return out
}

// maxKruskalPairs bounds the candidate separators that buildTree sorts for
// Kruskal's algorithm. A variable in k cliques contributes k(k−1)/2 pairs,
// so a hub shared by thousands of cliques would make the sort quadratic;
// beyond the bound buildTree uses the contracted elimination tree, which
// is also a maximum-weight spanning tree.
const maxKruskalPairs = 1 << 20

// buildTree joins the cliques into a maximum-weight spanning forest of the
// clique graph, weighting a pair by the number of shared variables
// (Jensen & Jensen 1994, "Optimal junction trees"), with Kruskal's
// algorithm; ties prefer the smaller separator table. Only pairs that share
// a variable are candidates, found through members (the cliques holding
// each variable). When there would be more than maxPairs candidates it
// takes the junction forest of the elimination instead (tri.treeParent,
// see maximalCliques): every junction tree of a chordal graph has the same
// multiset of separators (Blair & Peyton 1993, §4), so both are maximum
// weight spanning trees and their tables have the same sizes. The trees of
// the forest are then joined by empty separators so that one root serves
// all.
func (jt *JunctionTree) buildTree(tri *triangulation, members [][]int, maxPairs int) {
	n := jt.net
	cl := tri.cliques
	uf := make([]int, len(cl))
	for i := range uf {
		uf[i] = i
	}
	find := func(x int) int {
		for uf[x] != x {
			uf[x] = uf[uf[x]]
			x = uf[x]
		}
		return x
	}
	adj := make([][]int, len(cl))
	join := func(a, b int) {
		uf[find(a)] = find(b)
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	pairs := 0
	for _, m := range members {
		pairs += len(m) * (len(m) - 1) / 2
	}
	if pairs <= maxPairs {
		for _, e := range candidateSeparators(n, cl, members) {
			if find(e.a) != find(e.b) {
				join(e.a, e.b)
			}
		}
	} else {
		for k, p := range tri.treeParent {
			if p >= 0 {
				join(k, p)
			}
		}
	}
	sizes := make([]float64, len(cl))
	entries := 0.0
	largest, hub := 0, 0
	for i, c := range cl {
		s := 1.0
		for _, u := range c {
			s *= float64(n.Card(u))
		}
		sizes[i] = s
		entries += s
		if s > sizes[largest] {
			largest = i
		}
		if s < sizes[hub] {
			hub = i
		}
	}
	// Small trees are rooted at their largest clique, the others hung
	// from it. Larger ones root each tree of the forest where its
	// propagation costs least (cheapestRoot) and hang the trees by empty
	// separators from the smallest clique, since each is one more
	// neighbour whose table is walked twice per propagation; the root is
	// then that of the smallest clique's tree.
	root := largest
	if entries >= rerootMin {
		root = hub
	}
	var roots []int // per tree, in order of its first clique
	seen := make([]bool, len(cl))
	rs := newRootScratch(len(cl))
	for i := range cl {
		if r := find(i); !seen[r] {
			seen[r] = true
			if entries >= rerootMin {
				roots = append(roots, rs.cheapestRoot(n, cl, adj, sizes, i))
			} else {
				roots = append(roots, i)
			}
		}
	}
	for _, r := range roots {
		if find(r) == find(root) {
			if entries >= rerootMin {
				root = r
			}
			continue
		}
		adj[root] = append(adj[root], r)
		adj[r] = append(adj[r], root)
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
	children := make([]int, len(cl))
	// Variable order inside each clique: the variables shared with the
	// parent last, so that the message to the parent is a contiguous
	// suffix walk.
	total := 0
	for _, c := range cl {
		total += len(c)
	}
	allVars, allCards := make([]int, 0, total), make([]int, 0, total)
	var shared []int
	jt.cliques = make([]clique, len(cl))
	jt.seps = make([]separator, 0, max(len(cl)-1, 0))
	for i, c := range cl {
		var pc []int
		if parent[i] >= 0 {
			pc = cl[parent[i]]
		}
		start := len(allVars)
		shared = shared[:0]
		for _, u := range c {
			if _, in := slices.BinarySearch(pc, u); in {
				shared = append(shared, u)
			} else {
				allVars = append(allVars, u)
			}
		}
		allVars = append(allVars, shared...)
		vars := allVars[start:len(allVars):len(allVars)]
		sepVars := vars[len(vars)-len(shared):]
		for _, u := range vars {
			allCards = append(allCards, n.Card(u))
		}
		cards := allCards[start:len(allCards):len(allCards)]
		jt.cliques[i] = clique{vars: vars, cards: cards, parent: parent[i], sep: -1}
		if parent[i] >= 0 {
			jt.cliques[i].sep = len(jt.seps)
			jt.seps = append(jt.seps, separator{vars: sepVars, child: i, parent: parent[i]})
		}
	}
	// Collect runs over the order backwards; count each parent's messages
	// in that order.
	for k := len(queue) - 1; k >= 1; k-- {
		c := &jt.cliques[queue[k]]
		children[c.parent]++
		jt.seps[c.sep].rescale = children[c.parent]%rescaleEvery == 0
	}
}

// candidate is a pair of cliques sharing weight variables, whose separator
// table would have size entries; ends is the sum of the two cliques' table
// sizes.
type candidate struct {
	a, b   int
	weight int
	size   float64
	ends   float64
}

// candidateSeparators returns the pairs of cliques of cl that share a
// variable, heaviest first, ties broken by the smaller separator table,
// then by the smaller sum of the two clique tables, then by index, the
// order in which Kruskal's algorithm takes them.
//
// The second tie-break is for speed: every junction tree of the cliques
// has the same separators (Blair & Peyton 1993, §4), but Hugin
// propagation passes over a clique's table once per separator at it, so
// among equal separators it pays to hang them on the smaller cliques.
func candidateSeparators(n *network.Network, cl, members [][]int) []candidate {
	var edges []candidate
	csize := make([]float64, len(cl))
	for i, c := range cl {
		csize[i] = 1
		for _, u := range c {
			csize[i] *= float64(n.Card(u))
		}
	}
	weight := make([]int, len(cl))
	size := make([]float64, len(cl))
	seen := make([]int, len(cl))
	for i := range seen {
		seen[i] = -1
	}
	var js []int
	for i, c := range cl {
		js = js[:0]
		for _, u := range c {
			for _, j := range members[u] {
				if j <= i {
					continue
				}
				if seen[j] != i {
					seen[j], weight[j], size[j] = i, 0, 1
					js = append(js, j)
				}
				weight[j]++
				size[j] *= float64(n.Card(u))
			}
		}
		slices.Sort(js)
		for _, j := range js {
			edges = append(edges, candidate{i, j, weight[j], size[j], csize[i] + csize[j]})
		}
	}
	// The pairs were made in increasing (a, b), which decides the last
	// ties, as a stable sort would; pdqsort with that key is several
	// times faster than the stable merge sort.
	slices.SortFunc(edges, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.weight, x.weight), cmp.Compare(x.size, y.size), cmp.Compare(x.ends, y.ends),
			cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	return edges
}

// assign gives each CPT to the smallest clique containing its family, and
// each variable a home clique (the smallest containing it) for entering
// findings and reading its posterior; ties go to the clique of lower
// index. members lists the cliques holding each variable, so only those
// are searched.
func (jt *JunctionTree) assign(members [][]int) {
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
	jt.cptAt = make([]int, nv)
	var fam []int
	for v := range nv {
		fam = append(append(fam[:0], n.Parents(v)...), v)
		best, home := -1, -1
		for _, c := range members[v] {
			if (best < 0 || size(c) < size(best)) && contains(c, fam) {
				best = c
			}
			if home < 0 || size(c) < size(home) {
				home = c
			}
		}
		cq := &jt.cliques[best]
		cq.cpts = append(cq.cpts, v)
		cq.cptMap = append(cq.cptMap, factor.NewProjection(cq.vars, cq.cards, fam))
		jt.cptAt[v] = best
		jt.home[v] = home
		hq := &jt.cliques[home]
		jt.homeMap[v] = factor.NewProjection(hq.vars, hq.cards, []int{v})
	}
}

// allocate creates every table. Initial clique potentials are kept when
// they fit in the budget beside the working tables; otherwise they are
// rebuilt from the CPTs at each propagation. The tables of each kind share
// one allocation, so that a tree of 10⁵ small cliques costs a handful of
// allocations rather than hundreds of thousands.
func (jt *JunctionTree) allocate(budget float64) {
	keepInit := jt.entries*2 <= budget
	total := 0
	for i := range jt.cliques {
		total += tableSize(jt.cliques[i].cards)
	}
	tables := make([]float64, total)
	var inits []float64
	if keepInit {
		inits = make([]float64, total)
	}
	off := 0
	for i := range jt.cliques {
		c := &jt.cliques[i]
		size := tableSize(c.cards)
		c.table = tables[off : off+size : off+size]
		if keepInit {
			c.init = inits[off : off+size : off+size]
		}
		off += size
	}
	if keepInit {
		jt.fillInits(total)
	}
	total = 0
	for i := range jt.seps {
		s := &jt.seps[i]
		ch, pa := &jt.cliques[s.child], &jt.cliques[s.parent]
		s.toChild = factor.NewProjection(ch.vars, ch.cards, s.vars)
		s.toParent = factor.NewProjection(pa.vars, pa.cards, s.vars)
		total += s.toChild.InnerSize()
	}
	sepTables := make([]float64, 2*total)
	off = 0
	for i := range jt.seps {
		s := &jt.seps[i]
		size := s.toChild.InnerSize()
		s.table = sepTables[off : off+size : off+size]
		s.scratch = sepTables[off+size : off+2*size : off+2*size]
		off += 2 * size
	}
	nv := jt.net.NumVariables()
	jt.offset = make([]int, nv+1)
	for v := range nv {
		jt.offset[v+1] = jt.offset[v] + jt.net.Card(v)
	}
	jt.post = make([]float64, jt.offset[nv])
}

// parallelFillMin is the smallest tree (Σ clique entries) whose initial
// potentials are filled on two goroutines.
const parallelFillMin = 1 << 18

// fillInits fills the initial potentials of every clique, total entries
// in all. Large trees are split in two runs of cliques of about equal
// size, filled at once: each clique's table and CPT projections are its
// own, so the halves share nothing they write.
func (jt *JunctionTree) fillInits(total int) {
	fill := func(cl []clique) {
		for i := range cl {
			jt.fillInit(&cl[i], cl[i].init)
		}
	}
	if total < parallelFillMin || runtime.GOMAXPROCS(0) < 2 {
		fill(jt.cliques)
		return
	}
	half, acc := 0, 0
	for half < len(jt.cliques) && 2*acc < total {
		acc += len(jt.cliques[half].table)
		half++
	}
	var wg sync.WaitGroup
	wg.Go(func() { fill(jt.cliques[half:]) })
	fill(jt.cliques[:half])
	wg.Wait()
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

// fillInitDo writes into the clique's table the product of its CPTs with
// those of the variables ev sets by action replaced by point masses.
func (jt *JunctionTree) fillInitDo(c *clique, ev *network.Evidence) {
	dst := c.table
	for i := range dst {
		dst[i] = 1
	}
	for k, v := range c.cpts {
		cpt := jt.net.CPT(v)
		if s, set := ev.Do(v); set {
			cpt = jt.pointMass(v, s)
		}
		c.cptMap[k].MulFrom(dst, cpt)
	}
}

// pointMass returns the CPT of v as if set to state s by action: every
// row puts probability 1 on s. The tables are built once per (v, s).
func (jt *JunctionTree) pointMass(v, s int) []float64 {
	key := [2]int{v, s}
	if t, ok := jt.doTables[key]; ok {
		return t
	}
	if jt.doTables == nil {
		jt.doTables = map[[2]int][]float64{}
	}
	k := jt.net.Card(v)
	t := make([]float64, len(jt.net.CPT(v)))
	for r := 0; r < len(t); r += k {
		t[r+s] = 1
	}
	jt.doTables[key] = t
	return t
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

// ProbEvidence returns P(evidence) from the last successful Propagate, as
// math.Exp(LogProbEvidence()). LogProbEvidence is the value to trust:
// P(e) is often outside the float64 range, below 1e-308 for many
// improbable findings, or above 1e308 for likelihood weights such as
// (1e200, 1) on two variables (see network.Evidence.SetLikelihood), and
// then ProbEvidence returns 0 or +Inf, which callers can detect with
// p == 0 || math.IsInf(p, 1). Its relative error grows with |ln P(e)|,
// about |ln P(e)|·1e-16.
func (jt *JunctionTree) ProbEvidence() float64 { return math.Exp(jt.logZ) }

// LogProbEvidence returns ln P(evidence) from the last successful
// Propagate. It is finite after every successful Propagate, whatever the
// number of findings and the magnitude of their weights.
func (jt *JunctionTree) LogProbEvidence() float64 { return jt.logZ }

// runOverhead is what starting one contiguous run of a table walk costs,
// in entries walked (see factor.Projection): about 3 ns against 0.6 ns per
// entry. Link's trees before and after issue 19, of equal clique entries
// to 0.06%, differ by 5% in entries walked but by 13% in propagation
// time; counting each run as 5 entries, they differ by 12%.
const runOverhead = 5.0

// rerootMin is the smallest tree (Σ clique entries) whose root buildTree
// chooses by cheapestRoot. Below it choosing costs about what a
// propagation does (alarm: 7 µs against 7 µs), as laying out slices does
// (sliceMinEntries).
const rerootMin = 1 << 14

// stridedExtra is what walking one entry costs beyond runOverhead's model
// when the innermost run is strided in the separator (scattered reads and
// writes rather than a sum or a contiguous sweep), in entries: about one
// more. Rooted where runOverhead alone is least, barley walks 1.66e7
// entries so, against none rooted at its largest clique, and propagated
// 11% slower.
const stridedExtra = 1.0

// maxRootWork bounds Σ_c deg(c)·(deg(c)+1) over the cliques of a tree,
// the walks cheapestRoot lays out; beyond it (a hub clique with hundreds of
// neighbours) the tree is rooted at its largest clique.
const maxRootWork = 1 << 16

// cheapestRoot returns the clique at which to root the tree of adj that
// holds start (cliques cl, of sizes entries) so that one Hugin
// propagation walks the fewest table entries, counting runOverhead
// entries for each contiguous run a walk starts; start among equals.
//
// A clique is walked twice per separator at it (collect and distribute)
// and once more at the root, where it is summed and divided. Its walks
// onto the separator to its parent are contiguous, since buildTree lays
// those variables out last, but its walks onto its children's separators
// go in runs as short as the variables they share allow, and each run
// costs about as much as runOverhead entries. Where the root is decides
// which walk of each clique is the contiguous one. With c laid out for
// parent p (p = −1 at the root),
//
//	W(c, p) = Σ_{x ∈ nb(c)} 2 |c| (1 + runOverhead / run_x [+ stridedExtra if run_x is strided])  [+ 2 |c| if p = −1]
//
// where run_x is the innermost run of the walk of c, laid out for p, onto
// c ∩ x (innerRun), and rooting at r costs Σ_c W(c, parent_r(c)). Moving the root from r to
// a neighbour s changes only the terms of r and s, so every root is
// scored in one pass over the tree (rerooting), after computing W for
// every clique and each of its neighbours as parent. Link's forest of 11
// trees, rooted at its largest clique with the other trees hung from it,
// walked its parents' tables in 9.2e6 runs; each tree rooted so, and hung
// from the smallest clique, it takes 5.2e6 and propagates 15–19% faster
// (docs/benchmarks.md, issue 19).
func (rs *rootScratch) cheapestRoot(n *network.Network, cl [][]int, adj [][]int, sizes []float64, start int) int {
	// The tree, breadth first from start.
	parent := rs.parent
	parent[start] = -1
	queue := append(rs.queue[:0], start)
	defer func() { rs.queue = queue }()
	work := 0
	for k := 0; k < len(queue); k++ {
		c := queue[k]
		work += len(adj[c]) * (len(adj[c]) + 1)
		for _, d := range adj[c] {
			if d != parent[c] {
				parent[d] = c
				queue = append(queue, d)
			}
		}
	}
	if len(queue) < 3 {
		return start
	}
	if work > maxRootWork {
		largest := start
		for _, c := range queue {
			if sizes[c] > sizes[largest] {
				largest = c
			}
		}
		return largest
	}
	// asChild[c][k] = W(c, adj[c][k]), asRoot[c] = W(c, −1).
	asChild, asRoot := rs.asChild, rs.asRoot
	flat := make([]float64, 0, work)
	lay, sep := rs.lay, rs.sep
	for _, c := range queue {
		vars := cl[c]
		for k := -1; k < len(adj[c]); k++ {
			lay = lay[:0]
			w := 0.0
			if k < 0 {
				lay = append(lay, vars...)
				w = 2 * sizes[c]
			} else {
				sep = intersect(sep[:0], vars, cl[adj[c][k]])
				for _, u := range vars {
					if _, in := slices.BinarySearch(sep, u); !in {
						lay = append(lay, u)
					}
				}
				lay = append(lay, sep...)
			}
			for _, x := range adj[c] {
				sep = intersect(sep[:0], vars, cl[x])
				run, stride := innerRun(n, lay, sep)
				w += 2 * sizes[c] * (1 + runOverhead/float64(run))
				if stride > 1 {
					w += 2 * sizes[c] * stridedExtra
				}
			}
			if k < 0 {
				asRoot[c] = w
			} else {
				flat = append(flat, w)
			}
		}
		asChild[c], flat = flat[:len(adj[c]):len(adj[c])], flat[len(adj[c]):]
	}
	rs.lay, rs.sep = lay, sep
	at := func(c, p int) float64 { return asChild[c][slices.Index(adj[c], p)] }
	score := rs.score
	score[start] = 0
	for _, c := range queue {
		if p := parent[c]; p >= 0 {
			score[start] += at(c, p)
		} else {
			score[start] += asRoot[c]
		}
	}
	// Parents come before children in queue.
	best := start
	for _, s := range queue[1:] {
		r := parent[s]
		score[s] = score[r] - asRoot[r] + at(r, s) - at(s, r) + asRoot[s]
		if score[s] < score[best] {
			best = s
		}
	}
	return best
}

// rootScratch holds the buffers of cheapestRoot, indexed by clique and
// shared by the trees of a forest, which are disjoint.
type rootScratch struct {
	parent, queue, lay, sep []int
	asRoot, score           []float64
	asChild                 [][]float64
}

func newRootScratch(cliques int) *rootScratch {
	return &rootScratch{
		parent: make([]int, cliques), asRoot: make([]float64, cliques),
		score: make([]float64, cliques), asChild: make([][]float64, cliques),
	}
}

// intersect appends to dst the variables of the sorted lists a and b
// common to both, in increasing order.
func intersect(dst, a, b []int) []int {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			dst = append(dst, a[i])
			i++
			j++
		}
	}
	return dst
}

// innerRun returns the length of the innermost run of the walk of a table
// over outer onto one over inner ⊆ outer, and its stride in the inner
// table: the trailing dimensions of the outer table that
// factor.NewProjection merges into one, because all are absent from the
// inner table (stride 0), or all lie in it contiguously and in the same
// order.
func innerRun(n *network.Network, outer, inner []int) (run, stride int) {
	// strideOf returns v's stride in the inner table, 0 if absent.
	strideOf := func(v int) int {
		st := 1
		for i := len(inner) - 1; i >= 0; i-- {
			if inner[i] == v {
				return st
			}
			st *= n.Card(inner[i])
		}
		return 0
	}
	run, stride = 1, -1
	for i := len(outer) - 1; i >= 0; i-- {
		c := n.Card(outer[i])
		if c == 1 {
			continue
		}
		st := strideOf(outer[i])
		switch {
		case stride < 0:
			run, stride = c, st
		case (stride == 0 && st == 0) || (stride != 0 && st == stride*run):
			run *= c
		default:
			return run, stride
		}
	}
	return run, max(stride, 0)
}
