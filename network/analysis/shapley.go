package analysis

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"

	"brink/network"
)

// MaxShapleyExact is the largest number of findings whose Shapley values
// Shapley computes exactly by default: 2^12 = 4096 propagations.
const MaxShapleyExact = 12

// ShapleyPermutations is the number of random orders Shapley samples by
// default beyond MaxShapleyExact findings.
const ShapleyPermutations = 1000

// ShapleyOptions configures Shapley. The zero value computes exactly up
// to MaxShapleyExact findings and samples ShapleyPermutations orders
// beyond, with a fixed seed.
type ShapleyOptions struct {
	// MaxExact is the largest number of findings computed exactly, over
	// every coalition; 0 means MaxShapleyExact. At most 20.
	MaxExact int
	// Permutations is the number of random orders sampled beyond
	// MaxExact findings; 0 means ShapleyPermutations. At least 2.
	Permutations int
	// Rand draws the orders; nil means a generator with a fixed seed, so
	// that the same question gets the same answer.
	Rand *rand.Rand
}

// ShapleyValue is one finding's share of the change of the target's
// probability.
type ShapleyValue struct {
	Finding network.Finding
	// Value is the finding's Shapley value φ_i, a difference of
	// probabilities; 0 when that is rounding noise (|φ_i| < Tolerance).
	Value float64
	// StdErr is the standard error of a sampled Value, 0 when exact.
	StdErr float64
}

// ShapleyResult holds the Shapley values of the findings for target =
// state.
type ShapleyResult struct {
	// Baseline is v(∅) = P(t) with no findings (the actions stand), and
	// Posterior v(N) = P(t | e); the values sum to Posterior − Baseline.
	Baseline, Posterior float64
	// Values holds one entry per finding, in variable order.
	Values []ShapleyValue
	// Exact is true when every coalition was propagated; otherwise
	// Permutations random orders were sampled.
	Exact        bool
	Permutations int
}

// Shapley shares the change of the target's probability that the findings
// bring, P(t | e) − P(t), among them by the Shapley value (L. S. Shapley,
// "A value for n-person games", Contributions to the Theory of Games II,
// 1953). The findings are the players, and a coalition S of them is worth
// the target's probability given S alone,
//
//	v(S) = P(t | S),   v(∅) = P(t),
//
// the "conditional" Shapley value of a Bayesian network's posterior (as in
// pyAgrum's ConditionalShapValues), whose baseline is the target's
// probability with no findings. Finding i gets
//
//	φ_i = Σ_{S ⊆ N∖{i}} |S|!·(n − |S| − 1)!/n! · [ v(S ∪ {i}) − v(S) ],
//
// its marginal contribution averaged over every order in which the
// findings could have arrived. Unlike Explain's one-at-a-time retraction,
// the values add up (efficiency),
//
//	Σ_i φ_i = P(t | e) − P(t),
//
// and two findings that only matter together get equal credit (symmetry).
// Actions stay set in every coalition: they are not players.
//
// With up to opts.MaxExact findings every coalition is propagated on the
// one engine, visited in Gray-code order so that each evidence differs
// from the last by one finding: 2^n propagations. Beyond, Permutations
// random orders are drawn (Castro, Gómez & Tejada, "Polynomial calculation
// of the Shapley value based on sampling", Computers & Operations
// Research 36, 2009) and each finding's marginal contributions averaged,
// n propagations per order, with the standard error of the mean,
// s/√m for sample standard deviation s over m orders. The sampled values
// still sum to P(t | e) − P(t) exactly but for rounding, since each
// order's contributions do. Every coalition of possible evidence is
// possible, so no propagation after the first can fail for want of
// probability.
//
// Values whose magnitude is below Tolerance are rounding noise and are
// set to 0, as they are exactly for a finding d-separated from the
// target. The engine is left on e. Impossible e gives the engine's
// *network.ImpossibleEvidenceError; a target or state out of range an
// error wrapping network.ErrUnknownVariable or network.ErrUnknownState.
func Shapley(eng network.Engine, ev *network.Evidence, target, state int, opts ShapleyOptions) (*ShapleyResult, error) {
	_, ev, err := setup(eng, ev, target, state)
	if err != nil {
		return nil, err
	}
	maxExact, perms := opts.MaxExact, opts.Permutations
	if maxExact == 0 {
		maxExact = MaxShapleyExact
	}
	if perms == 0 {
		perms = ShapleyPermutations
	}
	if maxExact < 0 || maxExact > 20 {
		return nil, fmt.Errorf("analysis: at most 20 findings can be valued exactly, not %d", maxExact)
	}
	if perms < 2 {
		return nil, fmt.Errorf("analysis: %d permutations: at least 2 are needed for a standard error", perms)
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	posterior := eng.Posterior(target)[state]
	fs := ev.Findings()
	base := actionsOnly(ev)
	if err := eng.Propagate(base); err != nil {
		return nil, err
	}
	res := &ShapleyResult{Baseline: eng.Posterior(target)[state], Posterior: posterior, Values: make([]ShapleyValue, len(fs))}
	for i, f := range fs {
		res.Values[i].Finding = f
	}
	if len(fs) <= maxExact {
		res.Exact = true
		if err := shapleyExact(eng, base, fs, target, state, res.Values); err != nil {
			return nil, err
		}
	} else {
		rng := opts.Rand
		if rng == nil {
			rng = rand.New(rand.NewPCG(1953, 1))
		}
		res.Permutations = perms
		if err := shapleySampled(eng, base, fs, target, state, res.Baseline, perms, rng, res.Values); err != nil {
			return nil, err
		}
	}
	for i := range res.Values {
		if noise(res.Values[i].Value, 1) {
			res.Values[i].Value = 0
		}
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	return res, nil
}

// shapleyExact fills in the exact Shapley values of fs, from v(S) of every
// coalition S (a bit mask over fs) propagated on base.
func shapleyExact(eng network.Engine, base *network.Evidence, fs []network.Finding, target, state int, out []ShapleyValue) error {
	n := len(fs)
	v := make([]float64, 1<<n)
	ev := base.Clone()
	prev := 0
	for k := range 1 << n {
		g := k ^ (k >> 1) // Gray code: g and the previous differ in one bit
		if k > 0 {
			i := bits.TrailingZeros(uint(g ^ prev))
			if g&(1<<i) != 0 {
				if err := ev.Set(fs[i]); err != nil {
					return err // the finding came from a valid Evidence
				}
			} else {
				ev.Retract(fs[i].Variable)
			}
		}
		if err := eng.Propagate(ev); err != nil {
			return err
		}
		v[g] = eng.Posterior(target)[state]
		prev = g
	}
	// weight[s] = s!(n−s−1)!/n! = 1 / (n · C(n−1, s)).
	weight := make([]float64, n)
	c := 1.0 // C(n−1, s)
	for s := range n {
		weight[s] = 1 / (float64(n) * c)
		c = c * float64(n-1-s) / float64(s+1)
	}
	for i := range n {
		bit := 1 << i
		phi := 0.0
		for S := range 1 << n {
			if S&bit == 0 {
				phi += weight[bits.OnesCount(uint(S))] * (v[S|bit] - v[S])
			}
		}
		out[i].Value = phi
	}
	return nil
}

// shapleySampled estimates the Shapley values of fs from m random orders
// of the findings, adding them one by one to base, whose value is v0;
// means and variances by Welford's method.
func shapleySampled(eng network.Engine, base *network.Evidence, fs []network.Finding, target, state int, v0 float64, m int, rng *rand.Rand, out []ShapleyValue) error {
	n := len(fs)
	mean := make([]float64, n)
	m2 := make([]float64, n)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for k := 1; k <= m; k++ {
		rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
		ev := base.Clone()
		prev := v0
		for _, i := range order {
			if err := ev.Set(fs[i]); err != nil {
				return err
			}
			if err := eng.Propagate(ev); err != nil {
				return err
			}
			cur := eng.Posterior(target)[state]
			d := cur - prev
			delta := d - mean[i]
			mean[i] += delta / float64(k)
			m2[i] += delta * (d - mean[i])
			prev = cur
		}
	}
	for i := range out {
		out[i].Value = mean[i]
		out[i].StdErr = math.Sqrt(max(m2[i], 0) / float64(m-1) / float64(m))
	}
	return nil
}
