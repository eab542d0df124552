package canonical

import (
	"fmt"
	"math"
)

// RankedFunc is the function that places a ranked node's distribution
// given its parents (Fenton, Neil & Caballero 2007).
type RankedFunc int

// The ranked-node functions. The zero RankedFunc is none of them, so that
// a model whose function was never set is refused, not taken for WMean.
const (
	WMean     RankedFunc = iota + 1 // weighted mean
	WMin                            // weighted minimum
	WMax                            // weighted maximum
	MixMinMax                       // weighted mixture of minimum and maximum
)

func (f RankedFunc) String() string {
	switch f {
	case WMean:
		return "WMEAN"
	case WMin:
		return "WMIN"
	case WMax:
		return "WMAX"
	case MixMinMax:
		return "MIXMINMAX"
	}
	return fmt.Sprintf("RankedFunc(%d)", int(f))
}

// Ranked is a ranked node (Fenton, Neil & Caballero 2007): the child and
// its parents are ordinal scales ("very low" … "very high") laid on [0, 1]
// in intervals of equal width, and given its parents the child is a
// normal distribution truncated to [0, 1], centred on a weighted
// combination of the parents' positions.
//
// A variable of k states has state j on [j/k, (j+1)/k]; state 0 is the
// lowest. Parent i, of k_i states, in state s stands at the midpoint of
// its interval,
//
//	X_i = (s + ½) / k_i,
//
// and with n parents, weights w_i = Weights[i], w_min = MinWeight and
// w_max = MaxWeight the centre μ is, as Fenton et al. define them,
//
//	WMean:     μ = Σ_i w_i X_i / Σ_i w_i
//	WMin:      μ = min_i (w_i X_i + Σ_{j≠i} X_j) / (w_i + n − 1)
//	WMax:      μ = max_i (w_i X_i + Σ_{j≠i} X_j) / (w_i + n − 1)
//	MixMinMax: μ = (w_min · min_i X_i + w_max · max_i X_i) / (w_min + w_max)
//
// Every μ is a weighted mean of midpoints, so it lies in (0, 1). The
// child, of k states, is TNormal(μ, σ², 0, 1) with σ² = Variance (the
// variance of the normal before truncation), and its state j has the
// truncated normal's mass on its interval:
//
//	P(Y = j | x) = [Φ((b_j − μ)/σ) − Φ((a_j − μ)/σ)] / [Φ((1 − μ)/σ) − Φ(−μ/σ)],
//	a_j = j/k, b_j = (j+1)/k,
//
// Φ the standard normal distribution function. The denominator is the sum
// of the numerators, and the table divides by that sum.
//
// Special cases: with one parent, WMin and WMax are X_1 whatever its
// weight; a weight of 0 removes a parent from WMean; WMin with a large
// w_i is pulled towards X_i when X_i is low, the "weakest link" that the
// function is for. A small variance puts nearly all the mass in the
// state containing μ; a large one tends to the uniform distribution.
//
// Tools differ in how a parent's state enters μ: this model uses the
// interval's midpoint, so one normal is computed per parent configuration;
// a tool that integrates over each parent's interval, or samples it,
// gives slightly different rows.
type Ranked struct {
	States  int        // k, the number of the child's states, at least 1
	Parents []int      // the number of states of each parent, at least one parent
	Func    RankedFunc // how μ combines the parents

	// Weights has one weight per parent for WMean, WMin and WMax, each
	// finite and at least 0; WMean needs a positive sum, and WMin and WMax
	// with one parent a positive weight. It must be empty for MixMinMax.
	Weights []float64
	// MinWeight and MaxWeight are w_min and w_max for MixMinMax, finite,
	// at least 0 and not both 0; they must be 0 for the other functions.
	MinWeight, MaxWeight float64

	Variance float64 // σ², finite and greater than 0
}

// CPT returns the table of the ranked node: States × Π Parents entries,
// refused above maxEntries (zero: DefaultMaxEntries; negative: no bound
// but overflow).
func (m Ranked) CPT(maxEntries int) ([]float64, error) {
	c := checker{model: "ranked"}
	ok := c.states("States", m.States)
	if len(m.Parents) == 0 {
		c.add("Parents", ErrCount, "a ranked node needs at least one parent")
		ok = false
	}
	for i, k := range m.Parents {
		if !c.states(fmt.Sprintf("Parents[%d]", i), k) {
			ok = false
		}
	}
	if !ok {
		return nil, c.err()
	}
	n, _ := c.size(m.States, m.Parents, maxEntries)
	m.checkWeights(&c)
	if c.finite("Variance", m.Variance) && !(m.Variance > 0) {
		c.add("Variance", ErrVariance, "%v", m.Variance)
	}
	if err := c.err(); err != nil {
		return nil, err
	}

	sigma := math.Sqrt(m.Variance)
	cpt := make([]float64, n)
	config := make([]int, len(m.Parents))
	x := make([]float64, len(m.Parents))
	for r := 0; r*m.States < n; r++ {
		for i, s := range config {
			x[i] = (float64(s) + 0.5) / float64(m.Parents[i])
		}
		tnormalMasses(cpt[r*m.States:(r+1)*m.States], m.mean(x), sigma)
		next(config, m.Parents)
	}
	return cpt, nil
}

// checkWeights checks the weights against Func.
func (m Ranked) checkWeights(c *checker) {
	weight := func(param string, w float64) bool {
		if !c.finite(param, w) {
			return false
		}
		if w < 0 {
			c.add(param, ErrWeight, "%v; weights are at least 0", w)
			return false
		}
		return true
	}
	switch m.Func {
	case WMean, WMin, WMax:
		if m.MinWeight != 0 || m.MaxWeight != 0 {
			c.add("MinWeight", ErrUnused, "MinWeight and MaxWeight are for MIXMINMAX, not %v", m.Func)
		}
		if len(m.Weights) != len(m.Parents) {
			c.add("Weights", ErrCount, "%d weights for %d parents", len(m.Weights), len(m.Parents))
			return
		}
		ok := true
		sum := 0.0
		for i, w := range m.Weights {
			if !weight(fmt.Sprintf("Weights[%d]", i), w) {
				ok = false
			}
			sum += w
		}
		switch {
		case !ok:
		case m.Func == WMean && !(sum > 0):
			c.add("Weights", ErrWeight, "WMEAN needs weights that sum to more than 0")
		case m.Func != WMean && len(m.Weights) == 1 && m.Weights[0] == 0:
			c.add("Weights[0]", ErrWeight, "%v with one parent needs a weight greater than 0", m.Func)
		}
	case MixMinMax:
		if len(m.Weights) != 0 {
			c.add("Weights", ErrUnused, "MIXMINMAX takes MinWeight and MaxWeight, not %d per-parent weights", len(m.Weights))
		}
		okMin := weight("MinWeight", m.MinWeight)
		okMax := weight("MaxWeight", m.MaxWeight)
		if okMin && okMax && !(m.MinWeight+m.MaxWeight > 0) {
			c.add("MaxWeight", ErrWeight, "MIXMINMAX needs MinWeight + MaxWeight greater than 0")
		}
	default:
		c.add("Func", ErrFunction, "%v", m.Func)
	}
}

// mean returns μ for the parents' positions x; the weights have been
// checked.
func (m Ranked) mean(x []float64) float64 {
	switch m.Func {
	case WMean:
		num, den := 0.0, 0.0
		for i, xi := range x {
			num += m.Weights[i] * xi
			den += m.Weights[i]
		}
		return num / den
	case WMin, WMax:
		sum := 0.0
		for _, xi := range x {
			sum += xi
		}
		n := float64(len(x))
		best := math.NaN()
		for i, xi := range x {
			w := m.Weights[i]
			v := (w*xi + (sum - xi)) / (w + n - 1)
			if math.IsNaN(best) || (m.Func == WMin && v < best) || (m.Func == WMax && v > best) {
				best = v
			}
		}
		return best
	case MixMinMax:
		lo, hi := x[0], x[0]
		for _, xi := range x[1:] {
			lo, hi = min(lo, xi), max(hi, xi)
		}
		return (m.MinWeight*lo + m.MaxWeight*hi) / (m.MinWeight + m.MaxWeight)
	}
	panic("canonical: mean of an unchecked ranked node") // CPT checks Func first
}

// tnormalMasses sets row[j] to the mass of TNormal(mu, sigma², 0, 1) on
// [j/k, (j+1)/k], k = len(row). For mu in [0, 1] and sigma > 0 the
// interval containing mu has a positive mass (at least
// Φ(1/(2kσ)) − Φ(0) before normalising), so the sum divided by is never 0.
func tnormalMasses(row []float64, mu, sigma float64) {
	k := float64(len(row))
	sum := 0.0
	lo := (0 - mu) / sigma
	for j := range row {
		hi := (float64(j+1)/k - mu) / sigma
		// math.Erf is accurate to about an ulp but not promised to be
		// monotone, so a nearly empty interval could come out a hair
		// below 0.
		row[j] = max(0, normalMass(lo, hi))
		sum += row[j]
		lo = hi
	}
	for j := range row {
		row[j] /= sum
	}
}

// normalMass returns Φ(b) − Φ(a) for a ≤ b, with Φ the standard normal
// distribution function, Φ(z) = ½ (1 + erf(z/√2)) = ½ erfc(−z/√2). When
// both ends are beyond 1 in the same tail it subtracts the complementary
// values erfc, which are small there, rather than two numbers near 1,
// keeping the relative accuracy far out in the tails (Φ(11) − Φ(10) is
// 7.6e-24); nearer the centre it subtracts values of erf, which keeps the
// accuracy of short intervals near 0, as when σ is huge.
func normalMass(a, b float64) float64 {
	switch {
	case a >= 1:
		return 0.5 * (math.Erfc(a/math.Sqrt2) - math.Erfc(b/math.Sqrt2))
	case b <= -1:
		return 0.5 * (math.Erfc(-b/math.Sqrt2) - math.Erfc(-a/math.Sqrt2))
	}
	return 0.5 * (math.Erf(b/math.Sqrt2) - math.Erf(a/math.Sqrt2))
}

// next advances config to the next parent configuration in row-major
// order (the last parent fastest), wrapping to all zeros after the last.
func next(config, states []int) {
	for i := len(config) - 1; i >= 0; i-- {
		config[i]++
		if config[i] < states[i] {
			return
		}
		config[i] = 0
	}
}
