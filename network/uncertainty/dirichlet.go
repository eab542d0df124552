package uncertainty

import (
	"math"
	"math/rand/v2"
)

// logGamma draws a Gamma(a, 1) variate and returns its natural logarithm,
// for a > 0. The logarithm keeps small shapes usable: for a ≪ 1 the
// variate itself underflows to 0 long before its logarithm leaves the
// float64 range. It returns −Inf only when even the logarithm is out of
// range (a below about 1e-300). For a < 1 it uses the boost of Marsaglia &
// Tsang (2000), §7:
//
//	Gamma(a) = Gamma(a + 1) · U^(1/a),  so  ln G = ln Gamma(a + 1) + (ln U)/a.
func logGamma(rng *rand.Rand, a float64) float64 {
	boost := 0.0
	if a < 1 {
		boost = math.Log(uniform(rng)) / a
		a++
	}
	d, v := marsagliaTsang(rng, a)
	// ln d + ln v rather than ln(d·v): no overflow for any finite shape.
	return math.Log(d) + math.Log(v) + boost
}

// marsagliaTsang draws a Gamma(a, 1) variate, a ≥ 1, as the product d·v,
// by the squeeze-and-reject method of Marsaglia & Tsang (2000), "A simple
// method for generating gamma variables", ACM Transactions on
// Mathematical Software 26(3):363–372:
//
//	d = a − 1/3,  c = 1/√(9d)
//	repeat: x ~ N(0,1), v = (1 + c·x)³, u ~ U(0,1]
//	until v > 0 and (u < 1 − 0.0331·x⁴ or ln u < x²/2 + d·(1 − v + ln v))
//	return d·v
//
// The factors are returned apart so that callers can take logarithms
// without forming a product that could overflow.
func marsagliaTsang(rng *rand.Rand, a float64) (d, v float64) {
	d = a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v = 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := uniform(rng)
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d, v
		}
	}
}

// uniform returns a uniform variate in (0, 1], whose logarithm is finite.
func uniform(rng *rand.Rand) float64 { return 1 - rng.Float64() }

// sampleRow draws one CPT row from Dirichlet(s·θ) into dst, where θ is the
// stated row (non-negative, summing to 1) and s > 0 the confidence:
//
//	gᵢ ~ Gamma(s·θᵢ, 1) independently,  xᵢ = gᵢ / Σⱼ gⱼ
//
// (the construction of the Dirichlet from independent gammas; e.g. Devroye
// 1986, "Non-Uniform Random Variate Generation", §XI.4). When every shape
// s·θᵢ is at least 1 the gammas are used as drawn. Otherwise they are
// drawn as logarithms and normalised by the largest, so that rows of tiny
// parameters do not underflow to 0/0:
//
//	xᵢ = exp(ln gᵢ − m) / Σⱼ exp(ln gⱼ − m),  m = maxⱼ ln gⱼ.
//
// Special cases: a θᵢ of 0 is a Dirichlet parameter of 0, which puts all
// mass at xᵢ = 0, so zeros stay exactly zero and only the positive entries
// are sampled; a row with one positive entry is returned as it is. If
// every logarithm underflows (s·θᵢ below about 1e-300), the row is drawn
// from the limit of Dirichlet(s·θ) as s → 0, a vertex eᵢ with probability
// θᵢ. dst and theta must have the same length; scratch must be at least as
// long. The result never holds NaN and sums to 1 up to rounding.
func sampleRow(rng *rand.Rand, s float64, theta, dst, scratch []float64) {
	positive, last := 0, -1
	linear := true // every shape in [1, 1e300]: no underflow, no overflow
	for i, t := range theta {
		if t > 0 {
			positive++
			last = i
			linear = linear && s*t >= 1 && s*t <= 1e300
		}
	}
	if positive <= 1 {
		copy(dst, theta)
		return
	}
	if linear {
		// The common case, without logarithms.
		sum := 0.0
		for i, t := range theta {
			x := 0.0
			if t > 0 {
				d, v := marsagliaTsang(rng, s*t)
				x = d * v
			}
			dst[i] = x
			sum += x
		}
		for i := range dst {
			dst[i] /= sum
		}
		return
	}
	m := math.Inf(-1)
	lg := scratch[:len(theta)]
	for i, t := range theta {
		if t > 0 {
			lg[i] = logGamma(rng, s*t)
			m = max(m, lg[i])
		}
	}
	if math.IsInf(m, -1) {
		vertex(rng, theta, dst, last)
		return
	}
	sum := 0.0
	for i, t := range theta {
		x := 0.0
		if t > 0 {
			x = math.Exp(lg[i] - m)
		}
		dst[i] = x
		sum += x
	}
	// sum ≥ 1: the largest term is exp(0).
	for i := range dst {
		dst[i] /= sum
	}
}

// vertex sets dst to a unit vector eᵢ with i drawn with probability
// θᵢ; last is the last positive entry, the answer if rounding leaves the
// draw beyond the cumulative sum.
func vertex(rng *rand.Rand, theta, dst []float64, last int) {
	u := rng.Float64()
	pick := last
	acc := 0.0
	for i, t := range theta {
		acc += t
		if t > 0 && u < acc {
			pick = i
			break
		}
	}
	for i := range dst {
		dst[i] = 0
	}
	dst[pick] = 1
}
