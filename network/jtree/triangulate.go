package jtree

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"brink/network"
)

// graph is an undirected graph on the variables: for each variable, its
// neighbours in increasing order. Sorted lists keep memory proportional to
// the number of edges, so that sparse networks of 10⁵ variables fit, and
// make every walk over a neighbourhood run in index order, as the scores
// below need for reproducible floating-point sums.
type graph [][]int

// Heuristic names a greedy elimination heuristic for triangulation.
type Heuristic int

// The greedy heuristics tried by Compile. Each eliminates next the variable
// whose elimination costs least by its measure (Kjærulff 1990, "Triangulation
// of graphs — algorithms giving small total state space"; Koller & Friedman
// 2009, §9.4.3.2).
const (
	// MinFill adds the fewest fill-in edges.
	MinFill Heuristic = iota
	// WeightedMinFill minimises the sum, over fill-in edges, of the product
	// of the two endpoints' state counts.
	WeightedMinFill
	// MinWeight creates the smallest clique table.
	MinWeight
	// MinNeighbours has the fewest neighbours.
	MinNeighbours
)

func (h Heuristic) String() string {
	return [...]string{"min-fill", "weighted-min-fill", "min-weight", "min-neighbours"}[h]
}

// moralGraph returns the moral graph of n: each variable joined to its
// parents, and the parents of each variable joined to each other.
func moralGraph(n *network.Network) graph {
	adj := make(graph, n.NumVariables())
	link := func(a, b int) {
		if a != b {
			adj[a] = append(adj[a], b)
			adj[b] = append(adj[b], a)
		}
	}
	for v := range adj {
		ps := n.Parents(v)
		for i, p := range ps {
			link(v, p)
			for _, q := range ps[i+1:] {
				link(p, q)
			}
		}
	}
	for v, nb := range adj {
		slices.Sort(nb)
		adj[v] = slices.Clip(slices.Compact(nb))
	}
	return adj
}

// triangulation is the result of one elimination run.
type triangulation struct {
	heuristic Heuristic
	order     []int
	cliques   [][]int // maximal cliques, sorted variable lists, in elimination order
	// treeParent joins the maximal cliques into a junction forest (the
	// contracted elimination tree, see maximalCliques): the index of each
	// clique's neighbour towards its component's root, or -1 at a root.
	treeParent []int
	total      float64 // Σ clique table sizes
	largest    float64 // largest clique table size
}

// eliminator runs greedy elimination on a copy of a moral graph.
type eliminator struct {
	moral   graph
	logCard []float64
	card    []float64
	icard   []int64
	scratch *elimRun // the buffers of the last run, for the next

	// verify makes every run check, after each step, that the scores it
	// maintains incrementally equal scores computed afresh, and record
	// the first difference in verifyErr. Tests set it; it rescores every
	// variable at every step.
	verify    bool
	verifyErr error

	lastWork int64 // the work of the last run, finished or abandoned (elimRun.work)
	// slack bounds Σ elimination clique sizes / Σ maximal clique sizes:
	// the elimination cliques inside one maximal clique form a chain,
	// each at most half the next when every variable has two states or
	// more (see maximalCliques), so the sum is at most twice.
	slack float64
	// rank is each variable's place in the order of names, the last key
	// of the heap in runs that break ties by name (see triangulate).
	rank []uint64
}

func newEliminator(n *network.Network, moral graph) *eliminator {
	nv := len(moral)
	e := &eliminator{moral: moral, logCard: make([]float64, nv), card: make([]float64, nv), icard: make([]int64, nv)}
	e.slack = 2
	for v := range moral {
		if n.Card(v) < 2 {
			e.slack = math.Inf(1)
		}
		e.icard[v] = int64(n.Card(v))
		e.card[v] = float64(n.Card(v))
		e.logCard[v] = math.Log(e.card[v])
	}
	return e
}

// scanMax is the largest network whose randomised runs pick among tied
// variables by scanning all of them in index order (reservoir sampling,
// one random draw per tie met). That costs O(n) per step and O(n²) per
// run, which is nothing below a few thousand variables, and it keeps the
// seeded triangulations of such networks exactly as they have always been.
// Larger networks draw a random key per variable instead and keep the
// variables in a heap, O(log n) per step.
const scanMax = 2000

// elimRun is the state of one elimination run.
type elimRun struct {
	*eliminator
	h            Heuristic
	useSecondary bool
	fillIn       bool // h is MinFill or WeightedMinFill
	adj          graph
	prim, sec    []float64
	fill         []int64  // fill-in heuristics: the fill-in measure of each variable, prim as an integer
	tie          []uint64 // last key of the heap order: the index, or a random key
	alive        []bool
	heap         []heapItem // variables not yet eliminated, a binary min-heap under less
	pos          []int      // position of each variable in heap
	mark         []int      // mark[u] == stamp: u is in the set being compared against
	stamp        int
	seen         []int // seen[u] == step: u is already in dirty
	inNb         []int // inNb[u] == step: u is a neighbour of the variable eliminated at step
	dirty        []int // variables to rescore after a step
	buf          []int
	flat         []int   // storage of the initial neighbour lists
	members      []int   // the elimination cliques, end to end
	ends         []int   // clique i is members[ends[i]:ends[i+1]]
	elim         [][]int // the elimination cliques, as slices of members
	work         int64   // operations of the run so far (see triangulate)
	cliques      cliqueScratch
}

// score returns the cost of eliminating v under h, with the clique weight
// (log of its table size) as tie-break, and for the fill-in heuristics the
// primary cost as an integer.
//
// The fill-in of v counts the pairs of neighbours that are not adjacent;
// for weighted min-fill each missing pair {u, x} weighs card(u)·card(x).
// Seen from neighbour u, with N = nb(v):
//
//	missing(u)  = |N| − 1 − |adj(u) ∩ N|
//	wmissing(u) = Σ_{x∈N} card(x) − card(u) − Σ_{x∈adj(u)∩N} card(x)
//	fill  = ½ Σ_{u∈N} missing(u),   wfill = ½ Σ_{u∈N} card(u)·wmissing(u)
//
// (each missing edge is seen from both ends, hence the halving), in
// O(|N| + Σ_{u∈N} |adj(u)|). The sums are of integers, exact whatever their
// order, so the incremental updates of run give the same values.
func (r *elimRun) score(v int) (primary, secondary float64, fill int64) {
	e, nb := r.eliminator, r.adj[v]
	r.work += int64(len(nb)) + 4
	logW := e.logCard[v]
	for _, u := range nb {
		logW += e.logCard[u]
	}
	switch r.h {
	case MinNeighbours:
		return float64(len(nb)), logW, 0
	case MinWeight:
		return logW, float64(len(nb)), 0
	}
	r.stamp++
	var wnb int64
	for _, u := range nb {
		r.mark[u] = r.stamp
		wnb += e.icard[u]
	}
	var missing, wmissing int64
	for _, u := range nb {
		common, wcommon := 0, int64(0)
		r.work += int64(len(r.adj[u]))
		for _, x := range r.adj[u] {
			if r.mark[x] == r.stamp {
				common++
				wcommon += e.icard[x]
			}
		}
		missing += int64(len(nb) - 1 - common)
		wmissing += e.icard[u] * (wnb - e.icard[u] - wcommon)
	}
	fill = missing / 2
	if r.h == WeightedMinFill {
		fill = wmissing / 2
	}
	return float64(fill), logW, fill
}

// heapItem is a variable waiting in the heap with a copy of its key, so
// that sifting reads contiguous memory.
type heapItem struct {
	prim, sec float64
	tie       uint64
	v         int
}

// less orders the heap: by primary cost, then (if useSecondary) by the
// secondary one, then by tie, then by index.
func (r *elimRun) less(a, b *heapItem) bool {
	if a.prim != b.prim {
		return a.prim < b.prim
	}
	if r.useSecondary && a.sec != b.sec {
		return a.sec < b.sec
	}
	if a.tie != b.tie {
		return a.tie < b.tie
	}
	return a.v < b.v
}

func (r *elimRun) swap(i, j int) {
	h := r.heap
	h[i], h[j] = h[j], h[i]
	r.pos[h[i].v], r.pos[h[j].v] = i, j
}

func (r *elimRun) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !r.less(&r.heap[i], &r.heap[p]) {
			return
		}
		r.swap(i, p)
		i = p
	}
}

func (r *elimRun) down(i int) {
	n := len(r.heap)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && r.less(&r.heap[c+1], &r.heap[c]) {
			c++
		}
		if !r.less(&r.heap[c], &r.heap[i]) {
			return
		}
		r.swap(i, c)
		i = c
	}
}

func (r *elimRun) pop() int {
	v := r.heap[0].v
	last := len(r.heap) - 1
	r.swap(0, last)
	r.heap = r.heap[:last]
	r.pos[v] = -1
	r.down(0)
	return v
}

// rekey moves u in the heap after its scores changed.
func (r *elimRun) rekey(u int) {
	i := r.pos[u]
	it := &r.heap[i]
	it.prim, it.sec, it.tie = r.prim[u], r.sec[u], r.tie[u]
	r.up(i)
	r.down(r.pos[u])
}

// pickScan returns a variable of least primary cost, chosen uniformly among
// the tied ones: one pass finds the least cost and counts the ties, one
// random draw picks the k-th, a second pass finds it.
func (r *elimRun) pickScan(rng *rand.Rand) int {
	least, ties := math.Inf(1), 0
	r.work += int64(len(r.alive))
	for v, ok := range r.alive {
		if !ok {
			continue
		}
		if p := r.prim[v]; p < least {
			least, ties = p, 1
		} else if p == least {
			ties++
		}
	}
	k := 0
	if ties > 1 {
		k = rng.IntN(ties)
	}
	for v, ok := range r.alive {
		if ok && r.prim[v] == least {
			if k == 0 {
				return v
			}
			k--
		}
	}
	return -1 // unreachable: some variable is alive
}

// run eliminates every variable greedily under h. With rng nil, ties are
// broken by the secondary measure (clique weight, or neighbour count for
// min-weight) if useSecondary, and then by index. With rng non-nil, the
// secondary measure is ignored and ties of the primary one are broken
// uniformly at random, so repeated runs explore different triangulations;
// on the standard networks this finds tables up to a third smaller than
// any deterministic run. A run whose total table size exceeds bound is
// abandoned and returns nil.
//
// Eliminating v joins its neighbours N = nb(v) pairwise and removes v. The
// neighbours' scores are recomputed. For the fill-in heuristics, the only
// other variables whose score changes are those w ∉ N adjacent to both
// ends of a new edge {a, b}, and each such edge just removes one missing
// pair from nb(w):
//
//	fill(w) ← fill(w) − 1                 (min-fill)
//	fill(w) ← fill(w) − card(a)·card(b)   (weighted min-fill)
//
// so they are updated without rescoring. Eliminating a simplicial variable
// (a leaf of a tree, say) adds no edge and touches only its neighbours,
// however many neighbours they have. The variables wait in a heap, so a
// run costs O(Σ_v (Σ_{u∈nb(v)} |adj(u)| + fill edges(v)·degree) · log n),
// linear in n for networks of bounded degree and treewidth.
func (e *eliminator) run(h Heuristic, useSecondary bool, rng *rand.Rand, bound float64) *triangulation {
	return e.runWith(h, useSecondary, rng, bound, len(e.moral) <= scanMax, false)
}

// runWith is run, choosing how a randomised run breaks ties: by the scan if
// scan is set, else by random heap keys.
//
// With byName (and rng nil), the last tie-break is by e.rank, the order of
// the variables' names, instead of their index.
func (e *eliminator) runWith(h Heuristic, useSecondary bool, rng *rand.Rand, bound float64, scan, byName bool) *triangulation {
	nv := len(e.moral)
	scan = scan && rng != nil
	// The buffers of a run are reused by the next, so that a network of
	// 10⁵ variables does not allocate tens of megabytes per run.
	r := e.scratch
	if r == nil {
		total := 0
		for _, nb := range e.moral {
			total += len(nb)
		}
		r = &elimRun{
			eliminator: e,
			adj:        make(graph, nv), flat: make([]int, total),
			prim: make([]float64, nv), sec: make([]float64, nv), fill: make([]int64, nv), tie: make([]uint64, nv),
			alive: make([]bool, nv), mark: make([]int, nv), seen: make([]int, nv), inNb: make([]int, nv),
			heap: make([]heapItem, nv), pos: make([]int, nv), ends: make([]int, 0, nv+1), elim: make([][]int, nv),
		}
		e.scratch = r
	}
	r.h, r.useSecondary, r.fillIn = h, useSecondary, h == MinFill || h == WeightedMinFill
	r.work = int64(8 * nv)
	defer func() { e.lastWork = r.work }()
	// One block for all the neighbour lists; a list that grows moves out.
	flat := r.flat
	for v, nb := range e.moral {
		k := copy(flat, nb)
		r.adj[v], flat = flat[:k:k], flat[k:]
		r.alive[v] = true
		r.seen[v], r.inNb[v] = -1, -1
	}
	for v := range nv {
		r.prim[v], r.sec[v], r.fill[v] = r.score(v)
		r.tie[v] = uint64(v)
		if byName && rng == nil {
			r.tie[v] = e.rank[v]
		}
		if rng != nil && !scan {
			r.tie[v] = rng.Uint64()
		}
	}
	if !scan {
		r.heap = r.heap[:nv]
		for v := range nv {
			r.heap[v] = heapItem{prim: r.prim[v], sec: r.sec[v], tie: r.tie[v], v: v}
			r.pos[v] = v
		}
		for i := nv/2 - 1; i >= 0; i-- {
			r.down(i)
		}
	}
	t := &triangulation{heuristic: h, order: make([]int, 0, nv)}
	// The elimination cliques, end to end; clique i is
	// members[ends[i]:ends[i+1]].
	members := r.members[:0]
	ends := append(r.ends[:0], 0)
	defer func() { r.members, r.ends = members, ends }()
	running := 0.0
	for step := range nv {
		var v int
		if scan {
			v = r.pickScan(rng)
		} else {
			v = r.pop()
		}
		nb := r.adj[v]
		at, _ := slices.BinarySearch(nb, v)
		members = append(append(append(members, nb[:at]...), v), nb[at:]...)
		ends = append(ends, len(members))
		size := e.card[v]
		for _, u := range nb {
			size *= e.card[u]
		}
		running += size
		r.work += 16
		if running > bound*e.slack && step > 0 {
			// Even allowing for non-maximal cliques, hopeless.
			return nil
		}
		t.order = append(t.order, v)
		r.alive[v] = false
		r.dirty = r.dirty[:0]
		for _, u := range nb {
			r.inNb[u] = step
		}
		if r.fillIn {
			r.dropFill(v, nb, step)
		}
		// Connect the neighbours pairwise, then remove v.
		for _, u := range nb {
			r.adj[u] = r.joinInto(r.adj[u], nb, u, v)
			r.touch(u, step)
		}
		r.adj[v] = nil
		for _, u := range r.dirty {
			p, s := r.prim[u], r.sec[u]
			if r.inNb[u] == step {
				r.prim[u], r.sec[u], r.fill[u] = r.score(u)
			} else {
				r.prim[u] = float64(r.fill[u])
			}
			if scan || (r.prim[u] == p && r.sec[u] == s) {
				continue
			}
			if rng != nil {
				r.tie[u] = rng.Uint64()
			}
			r.rekey(u)
		}
		if e.verify && e.verifyErr == nil {
			r.check(step)
		}
	}
	elim := r.elim
	for i := range elim {
		elim[i] = members[ends[i]:ends[i+1]:ends[i+1]]
	}
	t.cliques, t.treeParent = r.cliques.maximal(t.order, elim)
	kept := 0
	for _, c := range t.cliques {
		s := 1.0
		for _, u := range c {
			s *= e.card[u]
		}
		t.total += s
		t.largest = max(t.largest, s)
		kept += len(c)
	}
	if t.total > bound {
		return nil
	}
	// Move the maximal cliques out of the buffers that the next run reuses.
	t.cliques = slices.Clone(t.cliques)
	t.treeParent = slices.Clone(t.treeParent)
	own := make([]int, 0, kept)
	for i, c := range t.cliques {
		own = append(own, c...)
		t.cliques[i] = own[len(own)-len(c) : len(own) : len(own)]
	}
	return t
}

// dropFill updates, before v is eliminated, the fill-in of the variables
// outside N = nb(v) that are adjacent to both ends of a fill edge {a, b}
// (a, b ∈ N, not yet adjacent), and marks them dirty. It walks adj(a)
// once per a and adj(b) once per fill edge.
func (r *elimRun) dropFill(v int, nb []int, step int) {
	e := r.eliminator
	for i, a := range nb {
		r.stamp++
		for _, x := range r.adj[a] {
			r.mark[x] = r.stamp
		}
		for _, b := range nb[i+1:] {
			if r.mark[b] == r.stamp {
				continue // already adjacent
			}
			w := int64(1)
			if r.h == WeightedMinFill {
				w = e.icard[a] * e.icard[b]
			}
			for _, x := range r.adj[b] {
				if r.mark[x] == r.stamp && x != v && r.inNb[x] != step {
					r.fill[x] -= w
					r.touch(x, step)
				}
			}
		}
	}
}

// check compares every live variable's scores with fresh ones (see
// eliminator.verify).
func (r *elimRun) check(step int) {
	for u, ok := range r.alive {
		if !ok {
			continue
		}
		p, s, f := r.score(u)
		if p != r.prim[u] || s != r.sec[u] || f != r.fill[u] {
			r.verifyErr = fmt.Errorf("%v, step %d: variable %d scored (%v, %v, %d), afresh (%v, %v, %d)",
				r.h, step, u, r.prim[u], r.sec[u], r.fill[u], p, s, f)
			return
		}
	}
}

// touch adds a live variable u to the dirty list once per step.
func (r *elimRun) touch(u, step int) {
	if r.alive[u] && r.seen[u] != step {
		r.seen[u] = step
		r.dirty = append(r.dirty, u)
	}
}

// joinInto returns the sorted union of a and nb without u and v, reusing
// a's storage when it is large enough.
func (r *elimRun) joinInto(a, nb []int, u, v int) []int {
	out := r.buf[:0]
	r.work += int64(len(a) + len(nb))
	i, j := 0, 0
	for i < len(a) || j < len(nb) {
		var x int
		switch {
		case j == len(nb) || (i < len(a) && a[i] < nb[j]):
			x = a[i]
			i++
		case i == len(a) || nb[j] < a[i]:
			x = nb[j]
			j++
		default:
			x = a[i]
			i++
			j++
		}
		if x != u && x != v {
			out = append(out, x)
		}
	}
	r.buf = out
	if cap(a) < len(out) {
		a = make([]int, len(out), len(out)+len(out)/2)
	}
	a = a[:len(out)]
	copy(a, out)
	return a
}

// maximalCliques keeps the elimination cliques not contained in another,
// in elimination order, and joins them into a junction forest.
//
// Elimination makes order a perfect elimination ordering of the filled
// graph, and the clique C_v made by eliminating v is v with its
// later-eliminated neighbours X_v. Let parent(v) be the first-eliminated
// vertex of X_v. Then X_v \ {parent(v)} ⊆ X_parent(v), and C_v is not
// maximal if and only if some u with parent(u) = v has |X_u| = |X_v| + 1,
// in which case C_v ⊆ C_u (Fulkerson & Gross 1965, "Incidence matrices and
// interval graphs"; Golumbic 1980, "Algorithmic Graph Theory and Perfect
// Graphs", §4.2; Blair & Peyton 1993, "An introduction to chordal graphs
// and clique trees", §4). Each clique is thus decided by one comparison
// with its largest child, O(Σ |C_v|) in all, where comparing every pair of
// cliques costs O(n²) subset tests.
//
// The same argument gives the junction tree: map each vertex v to rep(v),
// the maximal clique containing C_v reached by following the children that
// contain it. Each clique's preimage is a path upwards in the elimination
// tree (parent links), so contracting the elimination tree by rep gives a
// forest, and since the vertices whose clique holds a variable x form a
// subtree of the elimination tree, so do the cliques holding x: the
// running-intersection property (Blair & Peyton 1993, §4.2; Liu 1990, "The
// role of elimination trees in sparse factorization").
func maximalCliques(order []int, elim [][]int) (cliques [][]int, treeParent []int) {
	var s cliqueScratch
	return s.maximal(order, elim)
}

// cliqueScratch holds the buffers of maximalCliques, reused from one
// elimination run to the next; the results are in them too.
type cliqueScratch struct {
	pos, parent, best, via, rep, first, treeParent []int
	cliques                                        [][]int
}

// maximal is maximalCliques, with its buffers, results included, in s.
func (s *cliqueScratch) maximal(order []int, elim [][]int) (cliques [][]int, treeParent []int) {
	nv := len(order)
	grow := func(b []int) []int {
		if cap(b) < nv {
			return make([]int, nv)
		}
		return b[:nv]
	}
	s.pos, s.parent, s.best, s.via, s.rep = grow(s.pos), grow(s.parent), grow(s.best), grow(s.via), grow(s.rep)
	pos := s.pos
	for i, v := range order {
		pos[v] = i
	}
	parent := s.parent   // per step: the step of parent(v), or -1
	best := s.best       // per step: max over children u of |X_u| − 1, or -1
	via := s.via         // per step: the child achieving best
	rep := s.rep         // per step: the maximal clique containing C_v
	first := s.first[:0] // per maximal clique: the step that made it
	cliques = s.cliques[:0]
	defer func() { s.first, s.cliques = first, cliques }()
	for i := range best {
		best[i], via[i] = -1, -1
	}
	for i, c := range elim {
		x := len(c) - 1
		if best[i] >= x {
			rep[i] = rep[via[i]]
		} else {
			rep[i] = len(cliques)
			cliques = append(cliques, c)
			first = append(first, i)
		}
		p := -1
		for _, u := range c {
			if u != order[i] && (p < 0 || pos[u] < p) {
				p = pos[u]
			}
		}
		parent[i] = p
		if p >= 0 && x-1 > best[p] {
			best[p], via[p] = x-1, i
		}
	}
	if cap(s.treeParent) < len(cliques) {
		s.treeParent = make([]int, len(cliques))
	}
	treeParent = s.treeParent[:len(cliques)]
	for k, i := range first {
		// Walk up the preimage of clique k from its first vertex.
		p := parent[i]
		for p >= 0 && rep[p] == k {
			p = parent[p]
		}
		treeParent[k] = -1
		if p >= 0 {
			treeParent[k] = rep[p]
		}
	}
	return cliques, treeParent
}

// Constants of the search over triangulations (see triangulate).
const (
	// propagateNsPerEntry is about what one propagation with every
	// posterior costs per clique-table entry (docs/benchmarks.md: water
	// 13.2 ms for 3.47e6 entries, link 112 ms for 2.7e7).
	propagateNsPerEntry = 4.0
	// nsPerWork is about what one unit of elimRun.work costs (2 to 6 ns
	// on the standard networks, measured on the 2-core machine).
	nsPerWork = 3.5
	// maxTries bounds the randomised runs.
	maxTries = 256
	// patience is how many randomised runs in a row may fail to improve
	// on the best before the search stops, or a quarter of the runs the
	// budget allows if that is more; once an improvement has come after
	// k runs, k more may fail, since improvements come rarer as the best
	// gets better (mildew improves at runs 4, 16, 39 and 123 of one
	// stream).
	patience = 24
	// maxWorkers is how many runs go on at once.
	maxWorkers = 2
)

// elimJob is one elimination run of triangulate: a deterministic one
// (try < 0), ties broken by index or by name, or randomised try number
// try.
type elimJob struct {
	h            Heuristic
	useSecondary bool
	byName       bool
	try          int
}

// runJobs runs jobs on the eliminators es, one goroutine each, every run
// abandoned beyond bound, and returns the triangulations (nil for
// abandoned runs) and the work of each, in the order of jobs. Each
// randomised run draws from its own stream of seed, so the results do not
// depend on how many eliminators share the jobs or in what order they
// finish.
func runJobs(es []*eliminator, jobs []elimJob, bound float64, seed uint64) ([]*triangulation, []int64) {
	out := make([]*triangulation, len(jobs))
	work := make([]int64, len(jobs))
	do := func(w int) {
		e := es[w]
		for i := w; i < len(jobs); i += len(es) {
			j := jobs[i]
			var rng *rand.Rand
			if j.try >= 0 {
				rng = rand.New(rand.NewPCG(seed, 0x6272696e6b+uint64(j.try)))
			}
			out[i] = e.runWith(j.h, j.useSecondary, rng, bound, len(e.moral) <= scanMax, j.byName)
			work[i] = e.lastWork
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < min(len(es), len(jobs)); w++ {
		wg.Go(func() { do(w) })
	}
	do(0)
	wg.Wait()
	return out, work
}

// triangulate tries each greedy heuristic deterministically, then the same
// with ties broken by name, then with random tie-breaking, and returns the
// triangulation with the smallest total clique-table size (the first found
// among equals). tries < 0 means no random runs, tries > 0 exactly that
// many.
//
// tries == 0 spends on the runs after the first four (each heuristic with
// its secondary measure) what they can pay back: a smaller triangulation
// saves time at every later propagation, so they may take about as long
// as one propagation of the best tree found so far (propagateNsPerEntry
// per entry), and the randomised ones stop when patience runs in a row
// have not improved on the best. The four without the secondary measure
// run when all four fit in that budget; alarm's propagation (7 µs) and
// hailfinder's (50 µs) pay for none of the runs after the first four,
// link's (0.1 s) for dozens. The cost of a run is estimated from the work
// the deterministic runs did (elimRun.work), not from a clock, so that
// compilation is reproducible: the same network and seed give the same
// tree on any machine and under any load. The randomised runs improve
// rarely but much on some networks (mildew 4.43e6 → 3.44e6 entries) and
// not at all on others (water, barley, munin).
//
// The runs go two at a time on separate goroutines, in batches whose runs
// all see the bound of the best before the batch, so that the result does
// not depend on scheduling.
func triangulate(n *network.Network, moral graph, tries int, seed uint64) *triangulation {
	workers := min(maxWorkers, runtime.GOMAXPROCS(0))
	if len(moral) < 16 {
		workers = 1 // a goroutine costs more than the runs
	}
	es := make([]*eliminator, workers)
	es[0] = newEliminator(n, moral)
	for w := 1; w < workers; w++ {
		e := *es[0]
		e.scratch = nil
		es[w] = &e
	}
	var best *triangulation
	consider := func(ts []*triangulation) bool {
		better := false
		for _, t := range ts {
			if t != nil && (best == nil || t.total < best.total) {
				best, better = t, true
			}
		}
		return better
	}
	hs := []Heuristic{MinFill, WeightedMinFill, MinWeight, MinNeighbours}
	jobs := make([]elimJob, 0, 2*len(hs))
	for _, h := range hs {
		jobs = append(jobs, elimJob{h, true, false, -1})
	}
	ts, work := runJobs(es, jobs, math.Inf(1), seed)
	consider(ts)
	var det int64
	for _, w := range work {
		det += w
	}
	budget := math.Inf(1) // work units the runs below may spend
	if tries == 0 {
		budget = best.total * propagateNsPerEntry / nsPerWork
	}
	// The same four without their secondary measure, unless they would
	// cost more than a propagation of the best tree so far: alarm's (7
	// µs) and hailfinder's (50 µs) pay for none of them, and there the
	// secondary measure finds the smallest tables. The eight are weighed
	// in the order (h, with), (h, without) for each h, so that ties go
	// as they did when all eight always ran.
	if float64(det) <= budget {
		without := make([]elimJob, len(hs))
		for i, h := range hs {
			without[i] = elimJob{h, false, false, -1}
		}
		ts2, work2 := runJobs(es, without, math.Inf(1), seed)
		all := make([]*triangulation, 0, 2*len(hs))
		jobs = jobs[:0]
		for i, h := range hs {
			jobs = append(jobs, elimJob{h, true, false, -1}, without[i])
			all = append(all, ts[i], ts2[i])
			det += work2[i]
		}
		best = nil
		consider(all)
		if tries == 0 {
			budget = best.total * propagateNsPerEntry / nsPerWork
		}
	}
	runs := len(jobs)
	nv := len(moral)
	spent := 0.0
	// The same eight runs with ties broken by the order of the names
	// instead of the index, when they fit in the budget: an order
	// independent of where the variables stand in the file, and on the
	// large networks as good as dozens of randomised runs (link 2.71e7
	// entries against 3.79e7, munin1 1.834e8 against 1.885e8).
	if nv <= scanMax && float64(det) <= budget {
		rank := make([]int, nv)
		for i := range rank {
			rank[i] = i
		}
		slices.SortFunc(rank, func(a, b int) int { return cmp.Compare(n.Name(a), n.Name(b)) })
		r := make([]uint64, nv)
		for i, v := range rank {
			r[v] = uint64(i)
		}
		for _, e := range es {
			e.rank = r
		}
		for i := range jobs {
			jobs[i].byName = true
		}
		ts, work := runJobs(es, jobs, best.total, seed)
		consider(ts)
		for _, w := range work {
			spent += float64(w)
		}
	}
	limit, stopEarly := tries, false
	if tries == 0 {
		perRun := float64(det) / float64(runs)
		limit = int(min(maxTries, (budget-spent)/perRun))
		if nv > scanMax {
			// Runs on sparse networks of 10⁴–10⁵ variables rarely beat
			// the best deterministic run (they never did on the chains
			// and random DAGs of the benchmarks): taper them from 16 at
			// scanMax to one per heuristic.
			limit = min(limit, max(len(hs), 16*scanMax/nv))
		}
		stopEarly = true
	}
	lastBetter := 0
	for next := 0; next < limit && spent < budget; {
		jobs = jobs[:0]
		for i := next; i < min(limit, next+2*workers); i++ {
			jobs = append(jobs, elimJob{hs[i%len(hs)], false, false, i})
		}
		ts, work := runJobs(es, jobs, best.total, seed)
		next += len(jobs)
		for _, w := range work {
			spent += float64(w)
		}
		if consider(ts) {
			lastBetter = next
		}
		if stopEarly && next-lastBetter >= max(patience, limit/4, lastBetter) {
			break
		}
	}
	return best
}
