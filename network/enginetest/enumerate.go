package enginetest

import (
	"errors"
	"fmt"
	"math"

	"brink/network"
)

// MaxJointStates is the largest number of joint states Enumerate and
// EnumerateMPE will visit: about a million, so that sixteen binary
// variables or twelve three-state ones take well under a second.
const MaxJointStates = 1 << 20

// ErrTooLarge is returned, wrapped, when a network has more than
// MaxJointStates joint states.
var ErrTooLarge = errors.New("network too large to enumerate")

// Enumerate computes every posterior marginal and the probability of the
// evidence by summing the full joint distribution, with no cleverness that
// could share a bug with a real engine. A nil ev means no evidence.
//
// With findings f, each a likelihood vector λ_f over the states of its
// variable v_f (see network.Finding), the chain rule for Bayesian networks
// (Koller & Friedman, Probabilistic Graphical Models, 2009, §3.2.1) and
// Pearl's virtual evidence (Probabilistic Reasoning in Intelligent Systems,
// 1988, §2.2.2) give
//
//	P(x, e)        = Π_v P(x_v | x_pa(v)) · Π_f λ_f(x_{v_f})
//	P(e)           = Σ_x P(x, e)
//	P(X_v = s | e) = Σ_{x : x_v = s} P(x, e) / P(e)
//
// Hard and negative findings are the special cases of 0/1 vectors, so
// P(e) is the ordinary probability of the observations when the evidence
// is hard or negative, and is scaled by the weights otherwise.
//
// The joint is walked depth first in topological order, skipping every
// branch whose partial product is zero; a product that underflows to zero
// counts as zero. Marginals are accumulated with Neumaier's compensated
// summation (Z. angew. Math. Mech. 54, 1974), so their error does not grow
// with the number of joint states.
//
// When P(e) = 0, marginals is nil, probEvidence is 0 and err is an
// *network.ImpossibleEvidenceError naming a minimal conflicting subset of
// the findings: findings are dropped one at a time, in variable order,
// while the rest stay impossible. Networks with more than MaxJointStates
// joint states give an error wrapping ErrTooLarge.
func Enumerate(n *network.Network, ev *network.Evidence) (marginals [][]float64, probEvidence float64, err error) {
	e, err := newEnumerator(n, ev)
	if err != nil {
		return nil, 0, err
	}
	e.marg = make([][]kahan, n.NumVariables())
	for v := range e.marg {
		e.marg[v] = make([]kahan, n.Card(v))
	}
	total := e.sum(0, 1)
	if total == 0 {
		return nil, 0, e.conflict(ev)
	}
	marginals = make([][]float64, n.NumVariables())
	for v, ks := range e.marg {
		marginals[v] = make([]float64, len(ks))
		for s := range ks {
			marginals[v][s] = ks[s].value() / total
		}
	}
	return marginals, total, nil
}

// EnumerateMPE finds a most probable explanation by visiting every joint
// state: the assignment x maximising P(x, e) as defined at Enumerate, and
// that maximum. A nil ev means no evidence. Among tied assignments it
// returns the first in lexicographic order of the network's topological
// order, but callers should accept any of them.
//
// When P(e) = 0 every assignment has probability zero and err is an
// *network.ImpossibleEvidenceError, as for Enumerate. Networks with more
// than MaxJointStates joint states give an error wrapping ErrTooLarge.
func EnumerateMPE(n *network.Network, ev *network.Evidence) (assignment []int, prob float64, err error) {
	e, err := newEnumerator(n, ev)
	if err != nil {
		return nil, 0, err
	}
	e.bestX = make([]int, n.NumVariables())
	e.maximise(0, 1)
	if e.best == 0 {
		return nil, 0, e.conflict(ev)
	}
	return e.bestX, e.best, nil
}

// JointStates returns the number of joint states of n, Π_v Card(v), or
// math.MaxInt if that overflows.
func JointStates(n *network.Network) int {
	size := 1
	for v := range n.NumVariables() {
		c := n.Card(v)
		if size > math.MaxInt/c {
			return math.MaxInt
		}
		size *= c
	}
	return size
}

// enumerator holds the state of one depth-first walk over the joint.
type enumerator struct {
	n       *network.Network
	order   []int       // variables, parents first
	weights [][]float64 // likelihood vector per variable, nil if unobserved
	x       []int       // the partial assignment, indexed by variable

	marg [][]kahan // per variable and state, for Enumerate

	best  float64 // for EnumerateMPE
	bestX []int
}

func newEnumerator(n *network.Network, ev *network.Evidence) (*enumerator, error) {
	if size := JointStates(n); size > MaxJointStates {
		return nil, fmt.Errorf("enginetest: %d variables with %d joint states, more than %d: %w",
			n.NumVariables(), size, MaxJointStates, ErrTooLarge)
	}
	if ev != nil && !n.SameStructure(ev.Network()) {
		return nil, errors.New("enginetest: evidence belongs to a network of another structure")
	}
	e := &enumerator{
		n:       n,
		order:   n.TopologicalOrder(),
		weights: make([][]float64, n.NumVariables()),
		x:       make([]int, n.NumVariables()),
	}
	if ev != nil {
		for v := range e.weights {
			e.weights[v] = ev.Likelihood(v)
		}
	}
	return e, nil
}

// row returns the CPT row of v selected by the parents' states in e.x:
// row-major over the parents, the first slowest (see network.VariableSpec).
func (e *enumerator) row(v int) int {
	r := 0
	for _, p := range e.n.Parents(v) {
		r = r*e.n.Card(p) + e.x[p]
	}
	return r
}

// sum returns Σ P(x, e) over the completions of the assignment of the first
// k variables in topological order, whose partial product is acc. When
// e.marg is set it also adds each completion's mass to the marginals.
//
// Summing subtree by subtree, rather than leaf by leaf into one total,
// keeps the rounding error of P(e) proportional to the depth of the
// tree instead of the number of joint states.
func (e *enumerator) sum(k int, acc float64) float64 {
	if k == len(e.order) {
		return acc
	}
	v := e.order[k]
	card := e.n.Card(v)
	cpt := e.n.CPT(v)[e.row(v)*card:][:card]
	w := e.weights[v]
	total := 0.0
	for s, p := range cpt {
		if w != nil {
			p *= w[s]
		}
		if p == 0 {
			continue
		}
		e.x[v] = s
		sub := e.sum(k+1, acc*p)
		if e.marg != nil {
			e.marg[v][s].add(sub)
		}
		total += sub
	}
	return total
}

// maximise records in e.best and e.bestX the most probable completion of
// the assignment of the first k variables, whose partial product is acc.
// Only a strictly larger product replaces the best so far, so ties keep
// the first found.
func (e *enumerator) maximise(k int, acc float64) {
	if k == len(e.order) {
		if acc > e.best {
			e.best = acc
			copy(e.bestX, e.x)
		}
		return
	}
	v := e.order[k]
	card := e.n.Card(v)
	cpt := e.n.CPT(v)[e.row(v)*card:][:card]
	w := e.weights[v]
	for s, p := range cpt {
		if w != nil {
			p *= w[s]
		}
		if p == 0 {
			continue
		}
		e.x[v] = s
		e.maximise(k+1, acc*p)
	}
}

// conflict builds the error for impossible evidence ev, shrinking the set
// of findings to a minimal impossible one by deletion: each finding in
// turn is dropped if the others remain impossible without it. The result
// is minimal (no finding can be removed) though not necessarily the
// smallest such set.
func (e *enumerator) conflict(ev *network.Evidence) error {
	var keep []network.Finding
	if ev != nil {
		keep = ev.Findings()
	}
	clear(e.weights)
	for _, f := range keep {
		e.weights[f.Variable] = f.Weights
	}
	saved := e.marg
	e.marg = nil
	for i := 0; i < len(keep); {
		v := keep[i].Variable
		e.weights[v] = nil
		if e.sum(0, 1) == 0 {
			keep = append(keep[:i], keep[i+1:]...)
			continue
		}
		e.weights[v] = keep[i].Weights
		i++
	}
	e.marg = saved
	names := make([]string, len(keep))
	for i, f := range keep {
		names[i] = f.Describe(e.n)
	}
	return &network.ImpossibleEvidenceError{Findings: names}
}

// jointProb returns P(x, e) = Π_v P(x_v | x_pa(v)) · Π_f λ_f(x_{v_f}) for
// one complete assignment x, multiplying in topological order as the
// enumerator does.
func jointProb(n *network.Network, ev *network.Evidence, x []int) float64 {
	e := &enumerator{n: n, x: x}
	p := 1.0
	for _, v := range n.TopologicalOrder() {
		card := n.Card(v)
		p *= n.CPT(v)[e.row(v)*card+x[v]]
		if ev == nil {
			continue
		}
		if w := ev.Likelihood(v); w != nil {
			p *= w[x[v]]
		}
	}
	return p
}

// kahan is a running sum with Neumaier's compensation term: c collects the
// low-order bits that s loses, so value() is accurate to about one
// rounding whatever the number of terms (Neumaier 1974, improving Kahan
// 1965).
type kahan struct{ s, c float64 }

func (k *kahan) add(x float64) {
	t := k.s + x
	if math.Abs(k.s) >= math.Abs(x) {
		k.c += (k.s - t) + x
	} else {
		k.c += (x - t) + k.s
	}
	k.s = t
}

func (k *kahan) value() float64 { return k.s + k.c }
