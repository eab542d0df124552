package analysis

import (
	"math"

	"brink/network"
)

// Weight is how much one current finding moved the target.
type Weight struct {
	Finding network.Finding
	With    float64 // P(t | e)
	Without float64 // P(t | e ∖ f), the finding retracted
	Delta   float64 // With − Without; 0 when that is rounding noise (see Tolerance)
	// Decibans is the weight of evidence of the finding for t,
	// 10·log10(O(t | e) / O(t | e ∖ f)). It is +Inf when the finding
	// makes t certain or rescues it from impossible, −Inf when it rules t
	// out or makes it certain no longer, 0 when both probabilities are
	// the same or the weight is rounding noise (|W| < Tolerance dB), and
	// never NaN.
	Decibans float64
}

// Explain weighs each current finding f for target = state: the target's
// posterior with all findings, P(t | e), and with f retracted, P(t | e ∖ f),
// and the weight of evidence in decibans (Good 1950, Probability and the
// Weighing of Evidence; the deciban is Turing's unit, a tenth of a power of
// ten in the odds),
//
//	W(t : f | e ∖ f) = 10 · log10( O(t | e) / O(t | e ∖ f) ),  O(t | ·) = P(t | ·) / P(¬t | ·),
//
// which for a hard finding is the log-likelihood ratio
// 10·log10(P(f | t, e ∖ f) / P(f | ¬t, e ∖ f)), and adds up over findings
// taken one after another. P(¬t | ·) is summed over the other states of the
// target rather than computed as 1 − P(t | ·), so that odds near certainty
// keep their precision. Odds of 0 or ∞ give an infinite weight (see
// Weight.Decibans); equal probabilities give 0, and so do weights and
// changes of probability that are rounding noise (see Tolerance).
//
// Retracting a finding from possible evidence leaves it possible, so the
// cost is one propagation per finding plus two of e (one first, to fail
// fast on impossible evidence; one last, so that the engine is left on e).
// Findings come in variable order; a finding on the target itself is
// weighed like any other. Impossible e gives the engine's
// *network.ImpossibleEvidenceError.
func Explain(eng network.Engine, ev *network.Evidence, target, state int) ([]Weight, error) {
	_, ev, err := setup(eng, ev, target, state)
	if err != nil {
		return nil, err
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	with, withNot := split(eng.Posterior(target), state)
	findings := ev.Findings()
	out := make([]Weight, len(findings))
	trial := ev.Clone()
	for i, f := range findings {
		trial.Retract(f.Variable)
		if err := eng.Propagate(trial); err != nil {
			return nil, err
		}
		without, withoutNot := split(eng.Posterior(target), state)
		w := Weight{
			Finding:  f,
			With:     with,
			Without:  without,
			Delta:    with - without,
			Decibans: decibans(with, withNot, without, withoutNot),
		}
		if noise(w.Delta, max(with, without)) {
			w.Delta = 0
		}
		if noise(w.Decibans, 1) {
			w.Decibans = 0
		}
		out[i] = w
		if err := trial.Set(f); err != nil {
			return nil, err // the finding came from a valid Evidence
		}
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	return out, nil
}

// split returns P(state) and P(other states), the latter summed.
func split(post []float64, state int) (p, not float64) {
	for s, x := range post {
		if s == state {
			p = x
		} else {
			not += x
		}
	}
	return p, not
}

// decibans returns 10·log10((p1/q1) / (p0/q0)) for the odds p1:q1 with the
// finding and p0:q0 without it. Each side is certain at most one way
// (p and q are not both 0), so the only ∞ − ∞ cases are the same certainty
// on both sides, which weigh 0.
func decibans(p1, q1, p0, q0 float64) float64 {
	if (p1 == 0 && p0 == 0) || (q1 == 0 && q0 == 0) || (p1 == p0 && q1 == q0) {
		return 0
	}
	w := 10 * ((math.Log10(p1) - math.Log10(q1)) - (math.Log10(p0) - math.Log10(q0)))
	if math.IsNaN(w) {
		return 0 // unreachable by the cases above; never report NaN
	}
	return w
}
