package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"brink/network"
	"brink/network/model"
)

// ErrCertainTarget reports a target state that is certain or impossible
// given the evidence (or set by action): with P(t | e) = 1 or 0 one of t
// and ¬t cannot happen, so no observation can tell them apart or move the
// target.
var ErrCertainTarget = errors.New("the target state is certain or impossible given the evidence")

// Indicator is one observable variable read as a sign of the target state
// t: how differently it is expected to turn out if t holds and if it does
// not.
type Indicator struct {
	Node int
	// Divergence is Jeffreys' divergence J, in bits, between the
	// variable's distributions given t and given ¬t (see Indicators):
	// 0 when it tells nothing about t (exactly 0 when it is rounding
	// noise, see Tolerance), +Inf when a state is possible one way and
	// impossible the other, so that seeing it would settle the question.
	Divergence float64
	States     []IndicatorState // in state order
}

// IndicatorState is one state x of an indicator.
type IndicatorState struct {
	State          int
	GivenTarget    float64 // P(x | t, e)
	GivenNotTarget float64 // P(x | ¬t, e)
	// LikelihoodRatio is GivenTarget / GivenNotTarget, Heuer's
	// diagnosticity of x for t against ¬t: how many times likelier x is
	// if t holds. It is +Inf when x is possible only with t, 0 when only
	// without it, and exactly 1 when x cannot be seen at all (not
	// Possible) or when the two probabilities differ by rounding noise
	// only (|a − b| < Tolerance · max(a, b)).
	LikelihoodRatio float64
	// Probability is P(x | e) = P(t | e) · P(x | t, e) + P(¬t | e) · P(x | ¬t, e):
	// how likely the analyst is to see x.
	Probability float64
	// Posterior is P(t | e, x), and Delta its difference from P(t | e),
	// 0 when that is rounding noise (Posterior is then exactly P(t | e)).
	// Both are 0 when the state is not Possible.
	Posterior float64
	Delta     float64
	// Possible is false when P(x | e) = 0.
	Possible bool
}

// Indicators answers "what should we watch for?": for target = state (t)
// it reads each observable variable X by how differently it behaves if t
// holds and if it does not, given the evidence e. Per state x it gives the
// likelihood ratio
//
//	LR(x) = P(x | t, e) / P(x | ¬t, e),
//
// which is Heuer's "diagnosticity" of an item of evidence (Psychology of
// Intelligence Analysis, 1999, ch. 8) and whose logarithm is Good's
// weight of evidence for t (Jensen & Nielsen, Bayesian Networks and
// Decision Graphs, 2007, §5.3; see Explain), with how far seeing x would
// move the target, by Bayes' rule in odds form,
//
//	P(t | e, x) = P(t | e) · a / (P(t | e) · a + P(¬t | e) · b),  a = P(x | t, e), b = P(x | ¬t, e).
//
// Per variable it gives the divergence of Kullback & Leibler (1951, "On
// information and sufficiency", Ann. Math. Statist. 22, their J, which
// Jeffreys had used in 1946), the symmetric Kullback–Leibler divergence
// between the two distributions,
//
//	J(X) = KL(P(X | t, e) ‖ P(X | ¬t, e)) + KL(P(X | ¬t, e) ‖ P(X | t, e))
//	     = Σ_x (a_x − b_x) · log2(a_x / b_x)   bits,
//
// the mean weight of evidence X gives for t when t holds plus the mean
// weight against t when it does not: how well watching X tells t from ¬t,
// whatever the prior. Unlike VOI's mutual information it does not shrink
// when t is a priori unlikely, which is the point of a list of warning
// signs. States with a_x = b_x = 0 add nothing; a state with one of them
// 0 and the other not makes J = +Inf.
//
// It takes three propagations: e + {T = t}, e + {T ≠ t} (the finding on T
// in e, if any, with t excluded: a likelihood λ keeps its weights on the
// other states, so that ¬t is weighed as e weighs it) and e last, which
// leaves the engine on e and gives P(t | e) and P(¬t | e), the latter
// summed over the other states.
//
// observable lists the variables to read (see Observable); nil means
// every unobserved variable other than the target. The target, and
// variables with a finding or set by action, are skipped; an index out of
// range is an error wrapping network.ErrUnknownVariable. Indicators come
// sorted by Divergence, highest first, ties (to Tolerance) by variable
// name; each holds its states in order.
//
// A target state certain or impossible given e (observed, set by action,
// or ruled out) gives an error wrapping ErrCertainTarget; impossible e the
// engine's *network.ImpossibleEvidenceError.
func Indicators(eng network.Engine, ev *network.Evidence, target, state int, observable []int) ([]Indicator, error) {
	n, ev, err := setup(eng, ev, target, state)
	if err != nil {
		return nil, err
	}
	cands, err := candidates(n, ev, target, observable)
	if err != nil {
		return nil, err
	}
	if _, set := ev.Do(target); set {
		if err := eng.Propagate(ev); err != nil {
			return nil, err
		}
		return nil, certain(n, target, state, eng.Posterior(target)[state])
	}
	off := offsets(n, cands)

	okT, err := propagateOrZero(eng, withTarget(ev, target, state))
	if err != nil {
		return nil, err
	}
	var given, givenNot []float64
	if okT {
		given = posteriors(eng, cands, make([]float64, 0, off[len(cands)]))
	}
	okN := false
	if evN := withoutTarget(ev, target, state); evN != nil {
		if okN, err = propagateOrZero(eng, evN); err != nil {
			return nil, err
		}
		if okN {
			givenNot = posteriors(eng, cands, make([]float64, 0, off[len(cands)]))
		}
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	p, q := split(eng.Posterior(target), state)
	if !okT || !okN || p == 0 || q == 0 {
		return nil, certain(n, target, state, p)
	}

	out := make([]Indicator, len(cands))
	for i, x := range cands {
		ind := Indicator{Node: x, States: make([]IndicatorState, n.Card(x))}
		j := 0.0
		for s := range n.Card(x) {
			a, b := given[off[i]+s], givenNot[off[i]+s]
			st := IndicatorState{State: s, GivenTarget: a, GivenNotTarget: b, LikelihoodRatio: 1}
			px := p*a + q*b
			st.Probability = px
			st.Possible = px > 0
			if st.Possible {
				st.Posterior = clamp01(p * a / px)
				st.Delta = st.Posterior - p
				if noise(st.Delta, max(st.Posterior, p)) {
					st.Posterior, st.Delta = p, 0
				}
				switch {
				case noise(a-b, max(a, b)):
					// LR stays 1: the same probability both ways.
				case b == 0:
					st.LikelihoodRatio = math.Inf(1)
				default:
					st.LikelihoodRatio = a / b
				}
			}
			switch {
			case a == b:
			case a == 0 || b == 0:
				j = math.Inf(1)
			default:
				j += (a - b) * math.Log2(a/b)
			}
			ind.States[s] = st
		}
		if noise(j, 1) {
			j = 0
		}
		ind.Divergence = max(j, 0)
		out[i] = ind
	}
	slices.SortFunc(out, func(a, b Indicator) int {
		return byValueThenName(n, a.Divergence, b.Divergence, a.Node, b.Node)
	})
	return out, nil
}

// certain returns the error for a target state with probability p = 0 or
// 1 given the evidence.
func certain(n *network.Network, target, state int, p float64) error {
	return fmt.Errorf("analysis: P(%s = %s | e) = %v: %w", n.Name(target), n.Variable(target).States[state], p, ErrCertainTarget)
}

// withoutTarget returns a copy of ev in which the target is known not to
// be in state: the finding on the target, if any, as a likelihood with
// the weight of state set to 0, or nil when that leaves no weight (the
// target is observed in state). As for withTarget, the other states keep
// the weights e gives them, so that P(· | e, T ≠ t) is conditioned on e.
func withoutTarget(ev *network.Evidence, target, state int) *network.Evidence {
	w := make([]float64, ev.Network().Card(target))
	if f, ok := ev.Finding(target); ok {
		copy(w, f.Weights)
	} else {
		for s := range w {
			w[s] = 1
		}
	}
	w[state] = 0
	if slices.Max(w) == 0 {
		return nil
	}
	en := ev.Clone()
	en.Retract(target)
	if err := en.SetLikelihood(target, w); err != nil {
		// The weights are a valid finding's, with one set to 0 and one
		// left positive; the target is not set by action.
		panic("analysis: " + err.Error())
	}
	return en
}

// candidates checks the caller's list of variables to observe and drops
// the target and the variables with a finding or set by action; nil means
// every unobserved variable other than the target.
func candidates(n *network.Network, ev *network.Evidence, target int, observable []int) ([]int, error) {
	if observable == nil {
		return unobserved(n, ev, target), nil
	}
	out := make([]int, 0, len(observable))
	seen := make([]bool, n.NumVariables())
	for _, v := range observable {
		if v < 0 || v >= n.NumVariables() {
			return nil, fmt.Errorf("analysis: observable variable index %d: %w", v, network.ErrUnknownVariable)
		}
		if seen[v] || v == target {
			continue
		}
		seen[v] = true
		if _, set := ev.Do(v); set {
			continue
		}
		if _, ok := ev.Finding(v); ok {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

// Observable returns the variables of md an analyst could observe next,
// in variable order: those with role "evidence" when the model marks any,
// else every chance variable; never a decision (chosen, not learnt) nor a
// utility, never the target, and never a variable with a finding in ev or
// set by action. ev may be nil (no evidence), or evidence on a network of
// md's structure such as its belief network (decision.BeliefNetwork);
// target may be −1 for none.
func Observable(md *model.Model, ev *network.Evidence, target int) []int {
	marked := slices.ContainsFunc(md.Nodes, func(nd model.Node) bool { return nd.Role == model.RoleEvidence })
	var out []int
	for v := range md.Net.NumVariables() {
		var role model.Role
		if v < len(md.Nodes) {
			role = md.Nodes[v].Role
		}
		switch {
		case v == target, role == model.RoleDecision, role == model.RoleUtility,
			marked && role != model.RoleEvidence:
			continue
		}
		if ev != nil {
			if _, set := ev.Do(v); set {
				continue
			}
			if _, ok := ev.Finding(v); ok {
				continue
			}
		}
		out = append(out, v)
	}
	return out
}
