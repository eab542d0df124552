package analysis

import (
	"math"
	"slices"

	"brink/network"
)

// VOIRow is the value of observing one variable for the target.
type VOIRow struct {
	Node int
	// MutualInformation is I(T; Node | e) in bits: the expected reduction
	// of the target's entropy H(T | e) if Node were observed. It is
	// exactly 0 for a variable d-separated from the target, and for any
	// value below Tolerance bits, which is rounding noise.
	MutualInformation float64
}

// VOI ranks every unobserved variable X other than the target T by the
// mutual information between them given the evidence (Shannon 1948; Cover
// & Thomas, Elements of Information Theory, 2006, §2.4), the myopic,
// information-theoretic value of observing X,
//
//	I(T; X | e) = Σ_{t,x} P(t, x | e) · log2[ P(t, x | e) / (P(t | e) · P(x | e)) ],
//	P(t, x | e) = P(t | e) · P(x | e, t),
//
// the expected number of bits by which observing X would shrink the
// entropy of T (see Entropy). It takes |T| + 1 propagations: e + {T = t}
// for each state t, giving P(x | e, t) for every X at once, and e last for
// P(t | e), which also leaves the engine on e. States t with P(t | e) = 0
// carry no weight (for them e + {T = t} is impossible, and the engine's
// search for the conflicting findings costs a few propagations more). The
// marginals P(t | e) and P(x | e) are summed from the joint table itself,
// so each value is the Kullback–Leibler divergence of that table from the
// product of its marginals and cannot be negative but for rounding. Values
// below Tolerance bits, negative or positive, are rounding noise of a
// mutual information that is 0 in exact arithmetic, and are reported as 0.
//
// Rows are sorted highest first, ties (to Tolerance) by variable name.
// Impossible e gives the engine's *network.ImpossibleEvidenceError.
func VOI(eng network.Engine, ev *network.Evidence, target int) ([]VOIRow, error) {
	n, ev, err := setup(eng, ev, target, anyState)
	if err != nil {
		return nil, err
	}
	if err := notSet(n, ev, target); err != nil {
		return nil, err
	}
	cands := unobserved(n, ev, target)
	off := offsets(n, cands)
	nt := n.Card(target)

	given := make([][]float64, nt) // given[t]: P(x | e, t) over cands; nil if impossible
	for t := range nt {
		ok, err := propagateOrZero(eng, withTarget(ev, target, t))
		if err != nil {
			return nil, err
		}
		if ok {
			given[t] = posteriors(eng, cands, make([]float64, 0, off[len(cands)]))
		}
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	pT := eng.Posterior(target)

	rows := make([]VOIRow, len(cands))
	maxCard := 0
	for _, x := range cands {
		maxCard = max(maxCard, n.Card(x))
	}
	joint := make([]float64, nt*maxCard)
	for i, x := range cands {
		nx := n.Card(x)
		clear(joint)
		for t := range nt {
			if given[t] == nil || pT[t] == 0 {
				continue
			}
			for s := range nx {
				joint[t*nx+s] = pT[t] * given[t][off[i]+s]
			}
		}
		mi := mutualInformation(joint[:nt*nx], nt, nx)
		if noise(mi, 1) {
			mi = 0
		}
		rows[i] = VOIRow{Node: x, MutualInformation: mi}
	}
	slices.SortFunc(rows, func(a, b VOIRow) int {
		return byValueThenName(n, a.MutualInformation, b.MutualInformation, a.Node, b.Node)
	})
	return rows, nil
}

// mutualInformation returns I(A; B) in bits of the joint table p over
// A (nr rows) × B (nc columns), which need not be normalised:
//
//	I = Σ_{a,b} p(a,b)/Z · log2[ p(a,b) · Z / (p(a) · p(b)) ],  Z = Σ p,
//
// with 0·log 0 = 0, clamped at 0 below.
func mutualInformation(p []float64, nr, nc int) float64 {
	rowSum := make([]float64, nr)
	colSum := make([]float64, nc)
	z := 0.0
	for a := range nr {
		for b := range nc {
			x := p[a*nc+b]
			rowSum[a] += x
			colSum[b] += x
			z += x
		}
	}
	if z == 0 {
		return 0
	}
	mi := 0.0
	for a := range nr {
		for b := range nc {
			if x := p[a*nc+b]; x > 0 {
				mi += x * math.Log2(x*z/(rowSum[a]*colSum[b]))
			}
		}
	}
	return max(mi/z, 0)
}

// Entropy returns the Shannon entropy of the distribution p in bits,
// H = −Σ p_i log2 p_i with 0·log 0 = 0 (Shannon 1948). With the target's
// posterior P(T | e) it is the uncertainty H(T | e) that VOI's mutual
// informations are bounded by: I(T; X | e) ≤ H(T | e). p is normalised
// first; an all-zero p has entropy 0.
func Entropy(p []float64) float64 {
	z := 0.0
	for _, x := range p {
		z += x
	}
	if z <= 0 {
		return 0
	}
	h := 0.0
	for _, x := range p {
		if x > 0 {
			q := x / z
			h -= q * math.Log2(q)
		}
	}
	return max(h, 0)
}
