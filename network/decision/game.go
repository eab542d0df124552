package decision

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"brink/network"
)

// Game is the table of two sides' options against each other: for every
// pair, what follows when both are taken (as actions, under the current
// findings) and how good that is for each side by its own utilities.
type Game struct {
	// A and B are the two decisions, with their options.
	A, B int
	// Payoff[i][j] holds the expected utility of side A (index 0) and B
	// (index 1) when A takes option i and B option j; NaN when the
	// findings rule the pair out.
	Payoff [][][2]float64
	// Outcomes[i][j] holds the posterior of each watched variable for
	// the pair (i, j), by the order of the watch list given to NewGame.
	Outcomes [][][][]float64
	// BestA[j] are A's best responses to B's option j (several on a
	// tie); BestB[i] are B's to A's option i.
	BestA, BestB [][]int
	// Pure lists the pure-strategy equilibria: pairs of mutual best
	// responses.
	Pure [][2]int
	// Mixed is a mixed-strategy equilibrium (the probabilities with
	// which each side plays its options) when the table is 2×2 or 3×3
	// and one exists in which some side mixes; nil otherwise.
	Mixed *MixedEquilibrium
}

// MixedEquilibrium is a pair of mixed strategies each of which makes the
// other side indifferent among the options it plays.
type MixedEquilibrium struct {
	A, B   []float64 // probability of each option
	EA, EB float64   // each side's expected utility
}

// tie is how close two expected utilities must be to count as equal.
const tie = 1e-9

// NewGame builds the table of decision a's options against decision b's,
// given ev, with side A's utilities those whose Actor is actorA and B's
// those of actorB. watch lists variables whose posteriors to keep per
// pair (the outcomes a reader wants to see).
func (dg *Diagram) NewGame(ev *network.Evidence, a, b int, actorA, actorB string, watch []int) (*Game, error) {
	for _, d := range []int{a, b} {
		if !slices.Contains(dg.decisions, d) {
			return nil, fmt.Errorf("decision: variable %d: %w", d, ErrNotDecision)
		}
	}
	if a == b {
		return nil, errors.New("decision: a game needs two decisions")
	}
	var ua, ub []int
	for k, u := range dg.utilities {
		switch u.Actor {
		case actorA:
			ua = append(ua, k)
		case actorB:
			ub = append(ub, k)
		}
	}
	if len(ua) == 0 || len(ub) == 0 {
		return nil, fmt.Errorf("decision: a game needs utilities for both %q and %q", actorA, actorB)
	}
	base, err := dg.lift(ev)
	if err != nil {
		return nil, err
	}
	na, nb := dg.aug.Card(a), dg.aug.Card(b)
	g := &Game{A: a, B: b}
	for i := range na {
		g.Payoff = append(g.Payoff, make([][2]float64, nb))
		g.Outcomes = append(g.Outcomes, make([][][]float64, nb))
		for j := range nb {
			e := base.Clone()
			e.Retract(a)
			e.Retract(b)
			if err := e.SetDo(a, i); err != nil {
				return nil, err
			}
			if err := e.SetDo(b, j); err != nil {
				return nil, err
			}
			if err := dg.jt.Propagate(e); err != nil {
				var ie *network.ImpossibleEvidenceError
				if !errors.As(err, &ie) {
					return nil, err
				}
				g.Payoff[i][j] = [2]float64{math.NaN(), math.NaN()}
				continue
			}
			eu := func(ks []int) float64 {
				s := 0.0
				for _, k := range ks {
					s += dg.lo[k] + dg.span[k]*dg.jt.Posterior(dg.ind[k])[0]
				}
				return s
			}
			g.Payoff[i][j] = [2]float64{eu(ua), eu(ub)}
			for _, v := range watch {
				g.Outcomes[i][j] = append(g.Outcomes[i][j], append([]float64(nil), dg.jt.Posterior(v)...))
			}
		}
	}
	g.bestResponses()
	g.Mixed = g.mixed()
	return g, nil
}

func (g *Game) bestResponses() {
	na, nb := len(g.Payoff), len(g.Payoff[0])
	g.BestA = make([][]int, nb)
	for j := range nb {
		top := math.Inf(-1)
		for i := range na {
			if p := g.Payoff[i][j][0]; !math.IsNaN(p) {
				top = math.Max(top, p)
			}
		}
		for i := range na {
			if p := g.Payoff[i][j][0]; !math.IsNaN(p) && p >= top-tie {
				g.BestA[j] = append(g.BestA[j], i)
			}
		}
	}
	g.BestB = make([][]int, na)
	for i := range na {
		top := math.Inf(-1)
		for j := range nb {
			if p := g.Payoff[i][j][1]; !math.IsNaN(p) {
				top = math.Max(top, p)
			}
		}
		for j := range nb {
			if p := g.Payoff[i][j][1]; !math.IsNaN(p) && p >= top-tie {
				g.BestB[i] = append(g.BestB[i], j)
			}
		}
	}
	for i := range na {
		for j := range nb {
			if slices.Contains(g.BestA[j], i) && slices.Contains(g.BestB[i], j) {
				g.Pure = append(g.Pure, [2]int{i, j})
			}
		}
	}
}

// mixed finds an equilibrium in which at least one side mixes, by support
// enumeration (Nash 1951; the method of, e.g., Nisan et al., Algorithmic
// Game Theory, 2007, §3.3): for supports S_A, S_B of equal size k ≥ 2,
// B's mixture q over S_B must make A indifferent over S_A,
//
//	Σ_{j∈S_B} q_j u_A(i, j) = v_A  for i ∈ S_A,   Σ q_j = 1,
//
// and A's p likewise for B; the pair is an equilibrium when p, q ≥ 0 and
// no option outside a support does better. Only 2×2 and 3×3 tables, and
// only tables without ruled-out pairs, are tried.
func (g *Game) mixed() *MixedEquilibrium {
	na, nb := len(g.Payoff), len(g.Payoff[0])
	if na != nb || na < 2 || na > 3 {
		return nil
	}
	for i := range na {
		for j := range nb {
			if math.IsNaN(g.Payoff[i][j][0]) || math.IsNaN(g.Payoff[i][j][1]) {
				return nil
			}
		}
	}
	subsets := func(n, k int) [][]int {
		var out [][]int
		var rec func(start int, cur []int)
		rec = func(start int, cur []int) {
			if len(cur) == k {
				out = append(out, append([]int(nil), cur...))
				return
			}
			for x := start; x < n; x++ {
				rec(x+1, append(cur, x))
			}
		}
		rec(0, nil)
		return out
	}
	for k := 2; k <= na; k++ {
		for _, sa := range subsets(na, k) {
			for _, sb := range subsets(nb, k) {
				q, va, ok := indifference(k, func(r, c int) float64 { return g.Payoff[sa[r]][sb[c]][0] })
				if !ok {
					continue
				}
				p, vb, ok := indifference(k, func(r, c int) float64 { return g.Payoff[sa[c]][sb[r]][1] })
				if !ok {
					continue
				}
				pa, qb := make([]float64, na), make([]float64, nb)
				for x, s := range sa {
					pa[s] = p[x]
				}
				for x, s := range sb {
					qb[s] = q[x]
				}
				if g.noBetter(pa, qb, va, vb) {
					return &MixedEquilibrium{A: pa, B: qb, EA: va, EB: vb}
				}
			}
		}
	}
	return nil
}

// indifference solves Σ_c x_c m(r, c) = v for every row r and Σ x_c = 1,
// returning x and v, and ok false when the system is singular or some x_c
// is negative.
func indifference(k int, m func(r, c int) float64) ([]float64, float64, bool) {
	a := mat.NewDense(k+1, k+1, nil)
	rhs := mat.NewVecDense(k+1, nil)
	for r := range k {
		for c := range k {
			a.Set(r, c, m(r, c))
		}
		a.Set(r, k, -1)
	}
	for c := range k {
		a.Set(k, c, 1)
	}
	rhs.SetVec(k, 1)
	var sol mat.VecDense
	if err := sol.SolveVec(a, rhs); err != nil {
		return nil, 0, false
	}
	x := make([]float64, k)
	for c := range k {
		x[c] = sol.AtVec(c)
		if x[c] < -tie || math.IsNaN(x[c]) {
			return nil, 0, false
		}
		x[c] = math.Max(0, x[c])
	}
	return x, sol.AtVec(k), true
}

// noBetter reports whether no option of either side earns more against
// the other's mixture than the value its own mixture earns.
func (g *Game) noBetter(pa, qb []float64, va, vb float64) bool {
	for i := range pa {
		s := 0.0
		for j, q := range qb {
			s += q * g.Payoff[i][j][0]
		}
		if s > va+tie {
			return false
		}
	}
	for j := range qb {
		s := 0.0
		for i, p := range pa {
			s += p * g.Payoff[i][j][1]
		}
		if s > vb+tie {
			return false
		}
	}
	return true
}
