package analysis

import (
	"math"
	"strconv"
	"strings"
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

// Chance writes how likely the model found a set of findings, P(e), for
// an analyst: a percentage with two significant figures down to 0.1%
// ("49%", "0.24%"), then "1 in N" with N to two significant figures ("1 in
// 42,000"), "impossible" for zero and "–" for NaN. Unlike Percent it keeps
// small values apart, because P(e) is usually small and its size is the
// point: how unusual the case is for the model.
func Chance(p float64) string {
	switch {
	case math.IsNaN(p) || p < 0:
		return "–"
	case p == 0:
		return "impossible"
	case p >= 1:
		return "100%"
	case p >= 0.001:
		pct := 100 * p
		digits := max(0, 1-int(math.Floor(math.Log10(pct))))
		s := strconv.FormatFloat(pct, 'f', digits, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s + "%"
	}
	n := 1 / p
	if math.IsInf(n, 1) || n > 1e15 {
		return "less than 1 in a million billion"
	}
	mag := math.Pow(10, math.Floor(math.Log10(n))-1)
	return "1 in " + thousands(int64(math.Round(n/mag)*mag))
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Factor writes a multiplying factor with two significant figures, as
// people read one: "2.6×", "14×".
func Factor(x float64) string {
	if x >= 9.95 {
		return strconv.FormatFloat(x, 'f', 0, 64) + "×"
	}
	return strconv.FormatFloat(x, 'f', 1, 64) + "×"
}

// RatioText writes a likelihood ratio P(x | t)/P(x | ¬t) (Heuer's
// diagnosticity) for people: "2.6× likelier", "3.1× less likely", "seen
// only" (+Inf), "never seen" (0), or "about as likely either way" within
// 5% of 1. Callers add the condition ("if Iran escalates").
func RatioText(lr float64) string {
	switch {
	case math.IsInf(lr, 1):
		return "seen only"
	case lr == 0:
		return "never seen"
	case math.IsNaN(lr) || (lr < 1.05 && lr > 1/1.05):
		return "about as likely either way"
	case lr >= 1:
		return Factor(lr) + " likelier"
	}
	return Factor(1/lr) + " less likely"
}

// TimesText writes 2^bits as a factor in words, "3.2 times", or "2^84
// times" when the number is too large to read; a conflict measure in
// bits reads so. NaN reads as "1 times" would, so it is taken as 0 bits.
func TimesText(bits float64) string {
	if math.IsNaN(bits) || math.IsInf(bits, 0) {
		bits = 0
	}
	if bits > 40 {
		return "2^" + strconv.FormatFloat(bits, 'f', 0, 64) + " times"
	}
	return strconv.FormatFloat(math.Exp2(bits), 'g', 3, 64) + " times"
}
