// Package analysis answers the analyst's questions about a target outcome
// on top of the junction tree: which unobserved variable would move it most
// if observed (Impact), how much each current finding moved it (Explain),
// which observation would tell the most about it (VOI), which CPT entries it
// depends on most (Sensitivity), and the words of ICD 203 for a probability
// (Term).
//
// Every analysis is computed from a handful of propagations, never one per
// candidate, by reading the calibrated tree under the evidence e and under
// e together with the target state, and combining the two with Bayes' rule.
// Each function leaves the engine propagated on the caller's evidence e when
// it returns without error (its last propagation is of e), so that a
// display showing the engine's posteriors stays right. When e itself has
// probability zero the functions return the engine's
// *network.ImpossibleEvidenceError and the engine keeps the results it had.
//
// A variable is "unobserved" here when the evidence holds no finding of any
// kind (hard, negative or likelihood) on it. Like the engine they drive,
// the functions are not safe for concurrent use on one junction tree.
package analysis

import (
	"errors"
	"fmt"
	"math"

	"brink/network"
	"brink/network/jtree"
)

// setup checks the engine, the evidence, the target and, unless state is
// anyState, the target's state, and returns the network and evidence to
// use: a nil ev means no evidence.
func setup(jt *jtree.JunctionTree, ev *network.Evidence, target, state int) (*network.Network, *network.Evidence, error) {
	if jt == nil {
		return nil, nil, errors.New("analysis: no junction tree")
	}
	n := jt.Network()
	if ev == nil {
		ev = network.NewEvidence(n)
	} else if !n.SameStructure(ev.Network()) {
		return nil, nil, errors.New("analysis: the evidence belongs to a network of another structure")
	}
	if target < 0 || target >= n.NumVariables() {
		return nil, nil, fmt.Errorf("analysis: target variable index %d: %w", target, network.ErrUnknownVariable)
	}
	if state != anyState && (state < 0 || state >= n.Card(target)) {
		return nil, nil, fmt.Errorf("analysis: target variable %q has no state number %d: %w", n.Name(target), state, network.ErrUnknownState)
	}
	return n, ev, nil
}

// anyState tells setup that the analysis concerns the whole target
// variable, not one state.
const anyState = -1 << 31

// withTarget returns a copy of ev with the hard finding target = state,
// replacing any finding on the target.
//
// Replacing rather than adding is what conditioning needs: for a
// likelihood or negative finding λ on T with λ(t) > 0,
//
//	P(· | e, T = t) = P(· | e ∖ λ, T = t),
//
// because λ multiplies every joint state with T = t by the same λ(t). When
// λ(t) = 0, P(t | e) = 0 and the callers give every quantity conditioned on
// t the weight P(t | e) = 0, so what the replaced evidence gives does not
// matter.
func withTarget(ev *network.Evidence, target, state int) *network.Evidence {
	et := ev.Clone()
	if err := et.SetState(target, state); err != nil {
		// setup has checked target and state.
		panic("analysis: " + err.Error())
	}
	return et
}

// propagateOrZero propagates ev and reports false, with no error, when ev
// has probability zero.
func propagateOrZero(jt *jtree.JunctionTree, ev *network.Evidence) (bool, error) {
	err := jt.Propagate(ev)
	if err == nil {
		return true, nil
	}
	var impossible *network.ImpossibleEvidenceError
	if errors.As(err, &impossible) {
		return false, nil
	}
	return false, err
}

// unobserved returns the variables without a finding, other than skip.
func unobserved(n *network.Network, ev *network.Evidence, skip int) []int {
	var out []int
	for v := range n.NumVariables() {
		if _, ok := ev.Finding(v); !ok && v != skip {
			out = append(out, v)
		}
	}
	return out
}

// posteriors copies P(v | current evidence) of each of vars from the engine
// into one slice, with each variable's start in offsets.
func posteriors(jt *jtree.JunctionTree, vars []int, dst []float64) []float64 {
	dst = dst[:0]
	for _, v := range vars {
		dst = append(dst, jt.Posterior(v)...)
	}
	return dst
}

// offsets returns the start of each of vars in a concatenation of their
// state vectors, and the total length as the last element.
func offsets(n *network.Network, vars []int) []int {
	off := make([]int, len(vars)+1)
	for i, v := range vars {
		off[i+1] = off[i] + n.Card(v)
	}
	return off
}

// tieKey rounds x to 1e-12 for sorting, so that values equal in exact
// arithmetic but apart by rounding (which differs between platforms, for
// instance with fused multiply-add) tie and fall back to variable order.
func tieKey(x float64) float64 {
	if math.IsInf(x, 0) {
		return x
	}
	return math.Round(x*1e12) / 1e12
}

// clamp01 brings a probability that rounding has pushed a hair outside
// [0, 1] back into it.
func clamp01(p float64) float64 { return min(max(p, 0), 1) }
