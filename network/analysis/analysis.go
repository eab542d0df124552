// Package analysis answers the analyst's questions about a target outcome
// on top of an inference engine (any network.Engine; Sensitivity needs a
// FamilyEngine, such as the junction tree): which unobserved variable
// would move it most if observed (Impact), how much each current finding
// moved it (Explain), which observation would tell the most about it
// (VOI), which CPT entries it depends on most (Sensitivity), and the words
// of ICD 203 for a probability (Term).
//
// Every analysis is computed from a handful of propagations, never one per
// candidate, by reading the engine's posteriors under the evidence e and
// under e together with the target state, and combining the two with
// Bayes' rule.
// Each function leaves the engine propagated on the caller's evidence e when
// it returns without error (its last propagation is of e), so that a
// display showing the engine's posteriors stays right. When e itself has
// probability zero the functions return the engine's
// *network.ImpossibleEvidenceError and the engine keeps the results it had.
//
// A variable is "unobserved" here when the evidence holds no finding of any
// kind (hard, negative or likelihood) on it. Like the engine they drive,
// the functions are not safe for concurrent use on one engine.
//
// Values that are 0 in exact arithmetic but come out as rounding noise are
// reported as exactly 0 (see Tolerance), and rankings break ties by
// variable name, so that a list is ordered by its values and then by name,
// the same on every platform.
package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"

	"brink/network"
)

// FamilyEngine is an engine that can also give the joint posterior of a
// variable and its parents, which Sensitivity reads the parameter
// derivatives from. *jtree.JunctionTree is one.
type FamilyEngine interface {
	network.Engine
	// FamilyPosterior returns P(v, pa(v) | e) for the evidence of the
	// last successful Propagate, in the layout of network.CPT(v) (parent
	// configurations row-major, the states of v fastest), as a new slice
	// that sums to 1; an error when the engine holds no such result (see
	// jtree.JunctionTree.FamilyPosterior).
	FamilyPosterior(v int) ([]float64, error)
}

// Tolerance is the relative size below which a computed difference is
// rounding noise and is reported as exactly 0: the Delta of Impact and of
// Explain, Explain's Decibans, VOI's MutualInformation and Sensitivity's
// Derivative. A value x computed from terms of size s is set to 0 when
//
//	|x| < Tolerance · s,
//
// with s the scale of the numbers x is the difference of:
//
//   - Impact: max(P(t | e, x), P(t | e)) for Delta, which is then 0 and
//     Posterior exactly P(t | e);
//   - Explain: max(P(t | e), P(t | e ∖ f)) for Delta, and 1 dB for
//     Decibans, whose noise is the relative error of the four
//     probabilities in the odds times 10/ln 10, whatever their size;
//   - VOI: 1 bit, the mass of the normalised joint table P(T, X | e) whose
//     terms p·log2(ratio) are each off by about ε·p;
//   - Sensitivity: the sum of the magnitudes of the family posteriors in
//     the numerator of the derivative (see Sensitivity), before it is
//     divided by θ(1 − θ), so that small entries θ neither hide real
//     derivatives nor magnify noise.
//
// Each of these is a difference of nearly equal numbers when its exact
// value is 0 (a variable d-separated from the target, a finding that does
// not move it), and float64 arithmetic leaves a residue of a few ε =
// 2⁻⁵² ≈ 2.2e-16 relative to the numbers subtracted, grown by the
// propagations that produced them: up to 3e-16 bits of mutual information
// on alarm (37 variables). 1e-12 is 4500 ε, three orders of magnitude above
// that noise and still far below any difference that could matter to a
// decision (for a probability, 1e-10 percentage points).
const Tolerance = 1e-12

// noise reports whether x is rounding noise next to numbers of size
// scale (see Tolerance). NaN is not noise.
func noise(x, scale float64) bool { return math.Abs(x) < Tolerance*scale }

// isNil reports whether e is nil or holds a nil pointer, so that a nil
// *jtree.JunctionTree in the interface gives an error, not a panic.
func isNil(e network.Engine) bool {
	if e == nil {
		return true
	}
	v := reflect.ValueOf(e)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// setup checks the engine, the evidence, the target and, unless state is
// anyState, the target's state, and returns the network and evidence to
// use: a nil ev means no evidence.
func setup(e network.Engine, ev *network.Evidence, target, state int) (*network.Network, *network.Evidence, error) {
	if isNil(e) {
		return nil, nil, errors.New("analysis: no engine")
	}
	n := e.Network()
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

// notSet returns ErrTargetSetByAction, wrapped with the target's name,
// when ev sets the target by action: the analyses that condition on the
// target (Impact, Sensitivity, VOI) cannot observe what is set.
func notSet(n *network.Network, ev *network.Evidence, target int) error {
	if _, set := ev.Do(target); set {
		return fmt.Errorf("analysis: target variable %q: %w", n.Name(target), ErrTargetSetByAction)
	}
	return nil
}

// ErrTargetSetByAction reports a target that the evidence sets by action:
// its value is chosen, not in question, so there is nothing to learn,
// weigh or doubt about it. It wraps network.ErrObservedAndSet, since
// conditioning on the target would observe it while it is set.
var ErrTargetSetByAction = fmt.Errorf("it is set by action, so its value is chosen, not in question; retract the action to analyse it (%w)", network.ErrObservedAndSet)

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
func propagateOrZero(e network.Engine, ev *network.Evidence) (bool, error) {
	err := e.Propagate(ev)
	if err == nil {
		return true, nil
	}
	var impossible *network.ImpossibleEvidenceError
	if errors.As(err, &impossible) {
		return false, nil
	}
	return false, err
}

// unobserved returns the variables without a finding and not set by
// action (which nothing can be learnt about), other than skip.
func unobserved(n *network.Network, ev *network.Evidence, skip int) []int {
	var out []int
	for v := range n.NumVariables() {
		if _, set := ev.Do(v); set {
			continue
		}
		if _, ok := ev.Finding(v); !ok && v != skip {
			out = append(out, v)
		}
	}
	return out
}

// posteriors copies P(v | current evidence) of each of vars from the engine
// into one slice, with each variable's start in offsets.
func posteriors(e network.Engine, vars []int, dst []float64) []float64 {
	dst = dst[:0]
	for _, v := range vars {
		dst = append(dst, e.Posterior(v)...)
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

// tieKey rounds x to a multiple of Tolerance for sorting, so that values
// equal in exact arithmetic but apart by rounding (which differs between
// platforms, for instance with fused multiply-add) tie and fall back to
// the secondary key.
func tieKey(x float64) float64 {
	if math.IsInf(x, 0) {
		return x
	}
	return math.Round(x/Tolerance) * Tolerance
}

// byValueThenName orders a before b when its value x is larger (to
// Tolerance, see tieKey), and equal values by variable name, which is
// unique in a network.
func byValueThenName(n *network.Network, xa, xb float64, va, vb int) int {
	if c := cmp.Compare(tieKey(xb), tieKey(xa)); c != 0 {
		return c
	}
	return cmp.Compare(n.Name(va), n.Name(vb))
}

// clamp01 brings a probability that rounding has pushed a hair outside
// [0, 1] back into it.
func clamp01(p float64) float64 { return min(max(p, 0), 1) }
