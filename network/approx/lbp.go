package approx

import (
	"context"
	"fmt"
	"math"

	"brink/network"
)

// graphFactor is one factor of the factor graph: a variable's CPT over its
// family (parents first, in CPT order, the variable last), or, for a
// variable set by action, a point mass over the variable alone.
type graphFactor struct {
	vars  []int
	cards []int
	table []float64 // row-major, first variable slowest, as network CPTs
	// msg[k] is the message from the factor to vars[k], normalised to
	// sum to 1.
	msg [][]float64
	// at[k] is the index of this factor in adj[vars[k]].
	at []int
}

// factorGraph is the factor graph of a network under evidence: one factor
// per variable (its CPT, or a point mass when set by action), and each
// finding's scaled likelihood as the variable's local evidence φ_v.
type factorGraph struct {
	net     *network.Network
	order   []int         // topological (see topologicalOrder)
	factors []graphFactor // factors[v] is v's own factor
	adj     [][]adjacent  // per variable: the factors it is in
	phi     [][]float64   // per variable: scaled likelihood, nil if none
	logPhi  float64       // Σ ln scale of the likelihoods (see network.Evidence.ScaledLikelihood)

	// scratch
	in, out [][]float64
	state   []int
}

// adjacent is one factor a variable is in, at position pos of its scope.
type adjacent struct{ factor, pos int }

func newFactorGraph(n *network.Network, ev *network.Evidence) *factorGraph {
	nv := n.NumVariables()
	g := &factorGraph{net: n, order: topologicalOrder(n), factors: make([]graphFactor, nv), adj: make([][]adjacent, nv), phi: make([][]float64, nv)}
	width := 0
	maxCard := 0
	for v := range nv {
		f := &g.factors[v]
		if s, set := ev.Do(v); set {
			f.vars = []int{v}
			f.table = make([]float64, n.Card(v))
			f.table[s] = 1
		} else {
			f.vars = append(append([]int(nil), n.Parents(v)...), v)
			f.table = n.CPT(v)
		}
		f.cards = make([]int, len(f.vars))
		f.msg = make([][]float64, len(f.vars))
		f.at = make([]int, len(f.vars))
		for k, u := range f.vars {
			f.cards[k] = n.Card(u)
			f.msg[k] = uniform(n.Card(u))
			f.at[k] = len(g.adj[u])
			g.adj[u] = append(g.adj[u], adjacent{v, k})
		}
		width = max(width, len(f.vars))
		maxCard = max(maxCard, n.Card(v))
		if w, ls := ev.ScaledLikelihood(v); w != nil {
			g.phi[v] = w
			g.logPhi += ls
		}
	}
	g.in = make([][]float64, width)
	g.out = make([][]float64, width)
	for k := range g.in {
		g.in[k] = make([]float64, maxCard)
		g.out[k] = make([]float64, maxCard)
	}
	g.state = make([]int, width+1)
	return g
}

func uniform(c int) []float64 {
	u := make([]float64, c)
	for i := range u {
		u[i] = 1 / float64(c)
	}
	return u
}

// varToFactor writes into dst the message from variable v to its factor
// at adjacency skip (or, with skip < 0, v's belief), normalised:
//
//	μ_{v→f}(x) ∝ φ_v(x) · Π_{g ∋ v, g ≠ f} μ_{g→v}(x).
//
// It returns false when the product is zero everywhere.
func (g *factorGraph) varToFactor(v, skip int, dst []float64) bool {
	c := g.net.Card(v)
	dst = dst[:c]
	if w := g.phi[v]; w != nil {
		copy(dst, w)
	} else {
		for i := range dst {
			dst[i] = 1
		}
	}
	for j, a := range g.adj[v] {
		if j == skip {
			continue
		}
		m := g.factors[a.factor].msg[a.pos]
		for i := range dst {
			dst[i] *= m[i]
		}
	}
	return normalise(dst) > 0
}

// normalise divides xs by its sum and returns the sum; a sum of zero (or
// one that is not finite) leaves xs unchanged.
func normalise(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	if s > 0 && !math.IsInf(s, 1) {
		for i := range xs {
			xs[i] /= s
		}
	}
	return s
}

// updateFactor recomputes the messages from factor fi to each variable of
// its scope (sum-product),
//
//	μ_{f→v}(x_v) ∝ Σ_{x_f∖v} ψ_f(x_f) · Π_{u ∈ f, u ≠ v} μ_{u→f}(x_u),
//
// with prefix and suffix products of the incoming messages so that each
// table entry costs O(|f|). It damps, normalises and returns the largest
// change of an entry, and false when some message is zero everywhere:
// the evidence is impossible.
func (g *factorGraph) updateFactor(fi int, damping float64) (float64, bool) {
	f := &g.factors[fi]
	w := len(f.vars)
	for k, u := range f.vars {
		if !g.varToFactor(u, f.at[k], g.in[k]) {
			return 0, false
		}
	}
	out := g.out[:w]
	for k := range w {
		out[k] = out[k][:cap(out[k])][:f.cards[k]]
		clear(out[k])
	}
	st := g.state[:w]
	clear(st)
	var prefix [16]float64
	pre := prefix[:]
	if w+1 > len(pre) {
		pre = make([]float64, w+1) // families of more than 15 variables
	}
	for _, t := range f.table {
		if t != 0 {
			// pre[k] = Π_{j<k} in_j; the suffix is carried down.
			pre[0] = t
			for k := range w {
				pre[k+1] = pre[k] * g.in[k][st[k]]
			}
			s := 1.0
			for k := w - 1; k >= 0; k-- {
				out[k][st[k]] += pre[k] * s
				s *= g.in[k][st[k]]
			}
		}
		for k := w - 1; k >= 0; k-- {
			st[k]++
			if st[k] < f.cards[k] {
				break
			}
			st[k] = 0
		}
	}
	change := 0.0
	for k := range w {
		if normalise(out[k]) == 0 {
			return 0, false
		}
		m := f.msg[k]
		for i, x := range out[k] {
			x = (1-damping)*x + damping*m[i]
			change = max(change, math.Abs(x-m[i]))
			m[i] = x
		}
	}
	return change, true
}

// propagate runs sweeps until the largest change is below tol or maxIter
// sweeps have run. ok is false when the evidence is found impossible.
func (g *factorGraph) propagate(ctx context.Context, opts Options) (Convergence, bool, error) {
	order := g.order
	var c Convergence
	for c.Iterations < opts.MaxIterations {
		if err := ctx.Err(); err != nil {
			return c, true, fmt.Errorf("approx: loopy belief propagation stopped after %d iterations: %w", c.Iterations, err)
		}
		change := 0.0
		for pass := range 2 {
			for i := range order {
				v := order[i]
				if pass == 1 {
					v = order[len(order)-1-i]
				}
				d, ok := g.updateFactor(v, opts.Damping)
				if !ok {
					return c, false, nil
				}
				change = max(change, d)
			}
		}
		c.Iterations++
		c.MaxChange = change
		if change < opts.Tolerance {
			c.Converged = true
			break
		}
	}
	return c, true, nil
}

// beliefs returns the normalised belief of every variable,
//
//	b_v(x) ∝ φ_v(x) · Π_{f ∋ v} μ_{f→v}(x),
//
// and false if one is zero everywhere.
func (g *factorGraph) beliefs() ([][]float64, bool) {
	out := make([][]float64, g.net.NumVariables())
	for v := range out {
		out[v] = make([]float64, g.net.Card(v))
		if !g.varToFactor(v, -1, out[v]) {
			return nil, false
		}
	}
	return out, true
}

// betheLogZ returns the Bethe approximation of ln P(e) (Yedidia, Freeman
// & Weiss 2005, "Constructing free-energy approximations and generalized
// belief propagation algorithms"), exact when the factor graph is a tree:
//
//	ln Z ≈ Σ_f Σ_{x_f} b_f (ln ψ_f − ln b_f)
//	     + Σ_v [ Σ_x b_v ln φ_v + (d_v − 1) Σ_x b_v ln b_v ] + Σ_v ln scale_v,
//
// where b_f ∝ ψ_f Π_{v∈f} μ_{v→f} is the factor belief, d_v the number of
// factors v is in, and φ_v the scaled likelihood (its unary factor folded
// in: it adds Σ b ln φ − Σ b ln b, and raises d_v by one, which cancels the
// entropy term). Terms with b = 0 are 0.
func (g *factorGraph) betheLogZ(bel [][]float64) float64 {
	z := g.logPhi
	for fi := range g.factors {
		f := &g.factors[fi]
		for k, u := range f.vars {
			g.varToFactor(u, f.at[k], g.in[k])
		}
		// b_f(x) = ψ_f(x) Π_k in_k(x_k) / sum.
		sum := 0.0
		g.forEntries(f, func(t, p float64) { sum += p })
		if !(sum > 0) {
			return math.NaN()
		}
		g.forEntries(f, func(t, p float64) {
			if p > 0 {
				b := p / sum
				z += b * (network.Ln(t) - network.Ln(b))
			}
		})
	}
	for v, b := range bel {
		d := float64(len(g.adj[v]))
		for x, p := range b {
			if p > 0 {
				if w := g.phi[v]; w != nil {
					z += p * network.Ln(w[x])
				}
				z += (d - 1) * p * network.Ln(p)
			}
		}
	}
	return z
}

// forEntries calls fn with each non-zero entry t of f's table and its
// product with the incoming messages in g.in.
func (g *factorGraph) forEntries(f *graphFactor, fn func(t, p float64)) {
	w := len(f.vars)
	st := g.state[:w]
	clear(st)
	for _, t := range f.table {
		if t > 0 {
			p := t
			for k := range w {
				p *= g.in[k][st[k]]
			}
			fn(t, p)
		}
		for k := w - 1; k >= 0; k-- {
			st[k]++
			if st[k] < f.cards[k] {
				break
			}
			st[k] = 0
		}
	}
}

// LoopyBP runs loopy belief propagation (Pearl 1988, "Probabilistic
// Reasoning in Intelligent Systems", §4.4; Murphy, Weiss & Jordan 1999,
// "Loopy belief propagation for approximate inference: an empirical
// study") on the factor graph of n's CPTs under ev: sum-product messages,
// normalised to sum to 1, updated factor by factor in topological order
// and then in reverse, damped by opts.Damping, until no message entry
// changes by opts.Tolerance or opts.MaxIterations sweeps have run.
//
// On a network without loops (a polytree) the fixed point is exact and
// is reached in a few sweeps. On other networks the beliefs are the
// stationary points of the Bethe free energy and carry no error bound;
// Result.LBP says whether propagation converged. LogProbEvidence is the
// Bethe estimate.
//
// A message that is zero everywhere proves the evidence impossible (zeros
// propagate as in arc consistency, which never rules out a state that a
// consistent configuration uses): the error is an *ImpossibleError with
// Proved set. ctx cancels between sweeps.
func LoopyBP(ctx context.Context, n *network.Network, ev *network.Evidence, opts Options) (*Result, error) {
	if ev == nil {
		ev = network.NewEvidence(n)
	}
	if err := checkEvidence(n, ev); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	g := newFactorGraph(n, ev)
	c, ok, err := g.propagate(ctx, opts)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, impossible(ev, true, 0)
	}
	bel, ok := g.beliefs()
	if !ok {
		return nil, impossible(ev, true, 0)
	}
	return &Result{Method: LBP, LBP: &c, net: n, marginals: bel, logZ: g.betheLogZ(bel)}, nil
}
