package analysis

import (
	"math"
	"strconv"
)

// Percent writes a probability for an analyst: one decimal, "100%" and
// "0%" only for certainty and impossibility, ">99.9%" and "<0.1%" for
// values that would otherwise round to them, and "–" for NaN, which the
// engine never produces but a display must never show.
func Percent(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p == 1:
		return "100%"
	case p == 0:
		return "0%"
	case p > 0.9995:
		return ">99.9%"
	case p < 0.0005:
		return "<0.1%"
	}
	return strconv.FormatFloat(100*p, 'f', 1, 64) + "%"
}

// Delta writes a change of probability in percentage points: "▲ +12 pp",
// "▼ −3.4 pp" (one decimal below 10 points), or "±0 pp" when it rounds to
// nothing.
func Delta(d float64) string {
	pp := 100 * d
	switch {
	case math.IsNaN(pp) || math.Abs(pp) < 0.05:
		return "±0 pp"
	case pp > 0:
		return "▲ +" + points(pp) + " pp"
	default:
		return "▼ −" + points(-pp) + " pp"
	}
}

func points(x float64) string {
	if x >= 9.95 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}
