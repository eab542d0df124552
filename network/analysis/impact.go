package analysis

import (
	"slices"

	"brink/network"
)

// ImpactRow is the target's posterior if one more state were observed.
type ImpactRow struct {
	Node  int // the unobserved variable
	State int // its state, supposed observed
	// Posterior is P(target = state | e, Node = State), and Delta its
	// difference from P(target = state | e), 0 when that is rounding noise
	// (see Tolerance; Posterior is then exactly P(target = state | e)).
	// Both are 0 when the row is not Possible.
	Posterior float64
	Delta     float64
	// Possible is false when P(Node = State | e) = 0: that observation
	// would contradict the evidence, and the target has no posterior given
	// it.
	Possible bool
}

// Impact computes, for every unobserved variable X other than the target
// and each of its states x, the posterior of target = state if X = x were
// observed next: the data of a tornado chart. It needs two propagations in
// all, not one per candidate: one of e + {T = t} for P(x | e, t) and one of
// e for P(x | e) and P(t | e), joined by Bayes' rule,
//
//	P(t | e, x) = P(x | e, t) · P(t | e) / P(x | e),
//
// with Delta = P(t | e, x) − P(t | e). Where P(x | e) = 0 the row is marked
// not Possible (with zero Posterior and Delta), never NaN. When
// P(t | e) = 0, e + {T = t} is impossible (the engine then spends a few
// more propagations naming the conflict) and every possible row has
// posterior 0, as it must: no observation can revive an event of
// probability zero. Results are clamped to [0, 1] against rounding, and a
// Delta that is rounding noise (|Delta| < Tolerance · max(P(t | e, x),
// P(t | e))) is 0, as it is exactly for a variable d-separated from the
// target.
//
// Rows come grouped by variable, the states of each in order. Variables are
// sorted for a tornado by their range of movement, max_x P(t | e, x) −
// min_x P(t | e, x) over the possible states, widest first, ties (to
// Tolerance) by variable name.
//
// The engine is left propagated on e, so eng.Posterior(target)[state] is the
// baseline P(t | e) afterwards. Impossible e gives the engine's
// *network.ImpossibleEvidenceError; a target or state out of range an error
// wrapping network.ErrUnknownVariable or network.ErrUnknownState.
func Impact(eng network.Engine, ev *network.Evidence, target, state int) ([]ImpactRow, error) {
	n, ev, err := setup(eng, ev, target, state)
	if err != nil {
		return nil, err
	}
	if err := notSet(n, ev, target); err != nil {
		return nil, err
	}
	cands := unobserved(n, ev, target)
	off := offsets(n, cands)

	// First e + {T = t}, then e, so that the engine ends on e.
	var given []float64 // P(x | e, t), concatenated over cands
	possibleT, err := propagateOrZero(eng, withTarget(ev, target, state))
	if err != nil {
		return nil, err
	}
	if possibleT {
		given = posteriors(eng, cands, make([]float64, 0, off[len(cands)]))
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	pt := eng.Posterior(target)[state]
	if !possibleT {
		pt = 0
	}

	rows := make([]ImpactRow, 0, off[len(cands)])
	type span struct {
		node       int
		first, end int // rows of one variable
		width      float64
	}
	spans := make([]span, len(cands))
	for i, x := range cands {
		px := eng.Posterior(x)
		lo, hi := 1.0, 0.0
		first := len(rows)
		for s, p := range px {
			r := ImpactRow{Node: x, State: s, Possible: p > 0}
			if r.Possible {
				if possibleT {
					r.Posterior = clamp01(given[off[i]+s] * pt / p)
				}
				r.Delta = r.Posterior - pt
				if noise(r.Delta, max(r.Posterior, pt)) {
					r.Posterior, r.Delta = pt, 0
				}
				lo, hi = min(lo, r.Posterior), max(hi, r.Posterior)
			}
			rows = append(rows, r)
		}
		// The width of a variable whose every Delta is noise is exactly 0,
		// since its possible rows are then all exactly pt.
		spans[i] = span{x, first, len(rows), max(hi-lo, 0)}
	}
	slices.SortFunc(spans, func(a, b span) int {
		return byValueThenName(n, a.width, b.width, a.node, b.node)
	})
	out := make([]ImpactRow, 0, len(rows))
	for _, s := range spans {
		out = append(out, rows[s.first:s.end]...)
	}
	return out, nil
}
