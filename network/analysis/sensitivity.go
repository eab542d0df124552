package analysis

import (
	"cmp"
	"math"
	"slices"

	"brink/network"
)

// Param is one CPT entry θ_{x|u} = P(Node = State | parents = Row) and the
// sensitivity of the target's posterior to it.
type Param struct {
	Node   int
	Row    int    // the parent configuration u, the CPT row (see network.VariableSpec)
	Config string // the row described, e.g. "smoke=yes, asia=no"; "" for a variable without parents
	State  int
	Value  float64 // θ_{x|u}
	// Derivative is ∂P(target = state | e)/∂θ_{x|u} with the other entries
	// of the row co-varied proportionally; exactly 0 when that is
	// rounding noise (see Sensitivity and Tolerance).
	Derivative float64
}

// Sensitivity returns the top CPT entries by the size of the derivative of
// P(t | e), t the event target = state, with respect to each of them, the
// other entries of the entry's row scaled proportionally to keep it a
// distribution, θ_{x'|u}(θ) = θ⁰_{x'|u} · (1 − θ)/(1 − θ⁰_{x|u}) for x' ≠ x
// (Chan & Darwiche 2002, "When do numbers really matter?", JAIR 17; see
// Coupé & van der Gaag 2002 for the one-way sensitivity function).
//
// P(e) is multilinear in the parameters (Castillo, Gutiérrez & Hadi 1997;
// Darwiche 2003), so with P(x, u, e) = θ_{x|u} · ∂P(e)/∂θ_{x|u} the
// co-varied derivative is
//
//	∂P(e)/∂θ = P(x, u, e)/θ − P(¬x, u, e)/(1 − θ) = [P(x, u, e) − θ·P(u, e)] / [θ(1 − θ)],
//
// the same for P(t, e), and the quotient rule gives
//
//	∂P(t | e)/∂θ = { [P(t, x, u | e) − P(t | e)·P(x, u | e)] − θ·[P(t, u | e) − P(t | e)·P(u | e)] } / [θ(1 − θ)],
//
// which is A/θ − B/(1 − θ) with A and B the covariances given e of the
// indicators of t and of (x, u), and of t and of (¬x, u). (The shorter
// [P(t, x, u | e) − P(t | e)·P(x, u | e)] / [θ(1 − θ)] drops the second
// bracket and is exact only when t is independent of the row u given e,
// as for a variable without parents.) The family posteriors come from the
// engine (FamilyPosterior; for the junction tree, its calibrated cliques)
// after two propagations, of e + {T = t} and of e:
//
//	P(t, x, u | e) = P(t | e) · P(x, u | e, t),  P(t, u | e) = P(t | e) · Σ_x P(x, u | e, t).
//
// The numerator is computed as
//
//	N = [P(x, u | e, t) − P(x, u | e)] − θ·[P(u | e, t) − P(u | e)],
//	∂P(t | e)/∂θ = P(t | e) · N / [θ(1 − θ)],
//
// and N is set to 0 when |N| < Tolerance · (P(x, u | e, t) + P(x, u | e) +
// θ·[P(u | e, t) + P(u | e)]): it is then the rounding noise of a
// derivative that is 0 in exact arithmetic, as for an entry whose CPT
// cannot affect the target given e, and dividing it by θ(1 − θ) would
// make it look like a real value.
//
// Entries equal to 0 or 1 are skipped: at θ = 1 the other entries cannot
// be scaled (1 − θ = 0), and at θ = 0 the derivative is not determined by
// the family posterior (P(x, u | e) = 0 for every value of ∂P(e)/∂θ).
// Proportional scaling keeps zeros zero, so when P(t | e) = 0 every
// derivative is 0.
//
// top ≤ 0 returns every entry. Entries are sorted by |Derivative|, largest
// first, ties (to Tolerance) by variable name, row and state. The engine is
// left on e; impossible e gives the engine's
// *network.ImpossibleEvidenceError.
func Sensitivity(eng FamilyEngine, ev *network.Evidence, target, state, top int) ([]Param, error) {
	n, ev, err := setup(eng, ev, target, state)
	if err != nil {
		return nil, err
	}
	if err := notSet(n, ev, target); err != nil {
		return nil, err
	}
	nv := n.NumVariables()
	famT := make([][]float64, nv) // P(x, u | e, t); nil when P(t | e) = 0
	possibleT, err := propagateOrZero(eng, withTarget(ev, target, state))
	if err != nil {
		return nil, err
	}
	if possibleT {
		for v := range nv {
			if famT[v], err = eng.FamilyPosterior(v); err != nil {
				return nil, err
			}
		}
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	pt := eng.Posterior(target)[state]

	var out []Param
	for v := range nv {
		famE, err := eng.FamilyPosterior(v)
		if err != nil {
			return nil, err
		}
		cpt := n.CPT(v)
		k := n.Card(v)
		for row := range len(cpt) / k {
			lo, hi := row*k, (row+1)*k
			var uE, uT float64 // P(u | e), P(u | e, t)
			for i := lo; i < hi; i++ {
				uE += famE[i]
				if possibleT {
					uT += famT[v][i]
				}
			}
			for i := lo; i < hi; i++ {
				theta := cpt[i]
				if theta <= 0 || theta >= 1 {
					continue
				}
				d := 0.0
				if possibleT && pt > 0 {
					num := (famT[v][i] - famE[i]) - theta*(uT-uE)
					if noise(num, famT[v][i]+famE[i]+theta*(uT+uE)) {
						num = 0
					}
					d = pt * num / (theta * (1 - theta))
				}
				out = append(out, Param{Node: v, Row: row, State: i - lo, Value: theta, Derivative: d})
			}
		}
	}
	slices.SortFunc(out, func(a, b Param) int {
		if c := byValueThenName(n, math.Abs(a.Derivative), math.Abs(b.Derivative), a.Node, b.Node); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.State, b.State))
	})
	if top > 0 && len(out) > top {
		out = out[:top:top]
	}
	for i := range out {
		out[i].Config = n.ConfigString(out[i].Node, out[i].Row)
	}
	return out, nil
}
