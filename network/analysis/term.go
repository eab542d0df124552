package analysis

import "math"

// The estimative terms of ICD 203, from least to most likely.
const (
	AlmostNoChance    = "almost no chance"
	VeryUnlikely      = "very unlikely"
	Unlikely          = "unlikely"
	RoughlyEvenChance = "roughly even chance"
	Likely            = "likely"
	VeryLikely        = "very likely"
	AlmostCertainly   = "almost certainly"
)

// Term returns the expression of likelihood that Intelligence Community
// Directive 203, Analytic Standards (ODNI, 2 January 2015), pairs with the
// probability p in its table of expressions of likelihood:
//
//	p < 0.05          almost no chance     (ICD 203: 1–5%)
//	0.05 ≤ p < 0.20   very unlikely        (5–20%)
//	0.20 ≤ p < 0.45   unlikely             (20–45%)
//	0.45 ≤ p ≤ 0.55   roughly even chance  (45–55%)
//	0.55 < p ≤ 0.80   likely               (55–80%)
//	0.80 < p ≤ 0.95   very likely          (80–95%)
//	0.95 < p          almost certainly     (95–99%)
//
// The directive's ranges share their end points; a boundary value belongs
// to the band nearer to even chance, so that the words never claim more
// certainty than the number and Term(p) mirrors Term(1 − p). The directive
// gives no words below 1% or above 99%: Term says "almost no chance" and
// "almost certainly" there too, including for exactly 0 and 1 (a model's
// certainty is still a judgement). NaN, and values outside [0, 1] by more
// than rounding (1e-9), have no term: Term returns "".
func Term(p float64) string {
	switch {
	case math.IsNaN(p) || p < -1e-9 || p > 1+1e-9:
		return ""
	case p < 0.05:
		return AlmostNoChance
	case p < 0.20:
		return VeryUnlikely
	case p < 0.45:
		return Unlikely
	case p <= 0.55:
		return RoughlyEvenChance
	case p <= 0.80:
		return Likely
	case p <= 0.95:
		return VeryLikely
	}
	return AlmostCertainly
}
