package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"brink/network"
)

// MostLikely, as Conclusion.State, makes the conclusion which state of the
// target is the most likely.
const MostLikely = -1

// TermBounds are the probabilities at which the ICD 203 expression of
// likelihood changes (see Term): a Conclusion on a state without
// thresholds of its own keeps its words.
var TermBounds = []float64{0.05, 0.20, 0.45, 0.55, 0.80, 0.95}

// Conclusion is what an analyst concludes from the target's posterior,
// whose fragility Fragility and TwoWay measure.
type Conclusion struct {
	Target int
	// State is a state t of Target, for a conclusion about P(t | e), or
	// MostLikely for "the most likely state of Target is the one it is
	// now".
	State int
	// Thresholds cut [0, 1] into bands, and the conclusion about P(t | e)
	// is the band it lies in: the largest threshold at or below it, Low,
	// and the smallest above it, High. It changes when P(t | e) falls
	// below Low or reaches High. Nil or empty means TermBounds, so that
	// the conclusion is the ICD 203 words for P(t | e). Each must lie in
	// (0, 1). Ignored for MostLikely.
	Thresholds []float64
}

// Entry names one CPT entry θ_{x|u} = P(Node = State | parents = Row).
type Entry struct {
	Node, Row, State int
}

// Ratio is P(s | e) as a function of one CPT entry θ, the other entries
// of its row co-varied proportionally: a ratio of two functions linear
// in θ,
//
//	P(s | e)(θ) = (Alpha·θ + Beta) / (Gamma·θ + Delta),
//
// in which the numerator is P(s, e)(θ) and the denominator P(e)(θ), both
// divided by P(e) at the entry's current value θ₀, so that Gamma·θ₀ +
// Delta = 1 (Castillo, Gutiérrez & Hadi 1997; Chan & Darwiche 2002).
type Ratio struct {
	Alpha, Beta, Gamma, Delta float64
}

// At returns P(s | e) at θ; NaN where P(e)(θ) = 0.
func (r Ratio) At(theta float64) float64 {
	den := r.Gamma*theta + r.Delta
	if !(den > 0) {
		return math.NaN()
	}
	return (r.Alpha*theta + r.Beta) / den
}

// Change is where the conclusion changes as one entry moves one way from
// its current value θ₀.
type Change struct {
	// Possible reports whether some value of the entry that way, in
	// [0, 1], changes the conclusion; if not, the other fields are zero
	// and Value is NaN.
	Possible bool
	// Value is the nearest such value: where P(t | e) equals Threshold,
	// or where P(Rival | e) equals the probability of the most likely
	// state.
	Value float64
	// Threshold is the threshold reached (a conclusion on a state), NaN
	// otherwise.
	Threshold float64
	// Rival is the state that takes first place (MostLikely), -1
	// otherwise.
	Rival int
	// LogOdds is |ln O(Value) − ln O(θ₀)|, O(θ) = θ/(1 − θ): the distance
	// of Chan & Darwiche (2002) between the network's distribution before
	// and after the change, which bounds the change of the odds of any
	// event by a factor e^LogOdds. +Inf when Value or θ₀ is 0 or 1.
	LogOdds float64
}

// Margin is one CPT entry and how far it can move before the conclusion
// changes.
type Margin struct {
	Entry
	Config string  // the row described, e.g. "smoke=yes, asia=no"; "" for a variable without parents
	Value  float64 // θ₀
	// Down and Up are where the conclusion changes as θ falls from θ₀
	// towards 0 and rises towards 1.
	Down, Up Change
	// Distance is the smaller of |Value − θ₀| over the two directions in
	// which the conclusion can change, +Inf when it cannot.
	Distance float64
	// Ratio is P(t | e)(θ) for the conclusion's state (the report's
	// State). States holds P(s | e)(θ) for every state s of the target
	// when the conclusion is MostLikely, nil otherwise.
	Ratio  Ratio
	States []Ratio
	// Derivative is ∂P(t | e)/∂θ at θ₀ (see Sensitivity).
	Derivative float64
}

// CannotChange reports whether no value of the entry in [0, 1] changes
// the conclusion.
func (m *Margin) CannotChange() bool { return !m.Down.Possible && !m.Up.Possible }

// FragilityReport is the result of Fragility.
type FragilityReport struct {
	// Conclusion is the conclusion examined, with the thresholds used.
	Conclusion Conclusion
	// Posterior is P(Target | e).
	Posterior []float64
	// State is the state the conclusion is about: Conclusion.State, or
	// the most likely state (the first of equals).
	State int
	// Low and High bound the band of a conclusion on a state (see
	// Conclusion.Thresholds); NaN when there is no threshold on that
	// side. For MostLikely, Low is the probability of the runner-up
	// (NaN for a target with one state) and High is NaN.
	Low, High float64
	// Margins are the entries of the tables the target depends on,
	// sorted by Distance, smallest first, then by LogOdds of that
	// direction, then by variable name, row and state.
	Margins []Margin
	// Families are the variables whose tables can affect the target
	// given e (by d-separation), other than those skipped and those set
	// by action, in index order.
	Families []int
	// NoEffect counts the entries of those tables that cannot move any
	// probability the conclusion rests on, to Tolerance: those of rows
	// impossible given e, for instance. They are not in Margins.
	NoEffect int
	// Fixed counts the entries left out because their row cannot be
	// co-varied proportionally: entries equal to 1, and entries equal
	// to 0 when the engine cannot swap networks (see NetworkEngine).
	Fixed int
	// Complements counts the entries of two-state rows left out as the
	// complement of the first entry, which is listed: with the row
	// co-varied, P(x₂ | u) = 1 − P(x₁ | u) is the same parameter, and the
	// conclusion changes where the first is 1 minus its value.
	Complements int
}

// familySwapper is a FamilyEngine that is also a NetworkEngine.
type familySwapper interface {
	FamilyEngine
	SetNetwork(m *network.Network) error
}

// NetworkEngine is an engine that can swap in a network of the same
// structure with other CPTs without recompiling, as
// *jtree.JunctionTree.SetNetwork does. TwoWay needs one; Fragility uses
// one, when the engine is one, for entries equal to 0.
type NetworkEngine interface {
	network.Engine
	SetNetwork(m *network.Network) error
}

// Fragility reports, for every entry θ = θ_{x|u} of every CPT the target
// depends on given e, how far θ must move, the rest of its row co-varied
// proportionally, before the conclusion c changes: P(t | e) leaves the
// band between c's thresholds, or the most likely state of the target
// loses first place (Chan & Darwiche 2002, "When do numbers really
// matter?", JAIR 17; Chan & Darwiche 2004, "Sensitivity analysis in
// Bayesian networks: from single to multiple parameters"; the SamIam
// tool). skip, when not nil, names variables whose tables are not numbers
// to doubt (decisions); variables set by action are skipped too, since
// their tables are not used.
//
// With the other entries of the row scaled as θ_{x'|u}(θ) = θ⁰_{x'|u} ·
// (1 − θ)/(1 − θ₀), P(e) is linear in θ, and so is P(s, e) for each
// target state s. Writing D = ∂P(e)/∂θ_{x|u} (the unconstrained partial
// derivative, which does not involve v's table: Darwiche 2003) and
// P(x, u, e) = θ₀·D,
//
//	P(e)(θ)/P(e) = 1 + γ·(θ − θ₀),     γ = [D/P(e) − P(u | e)] / (1 − θ₀),
//	P(s, e)(θ)/P(e) = p + a·(θ − θ₀),  a = [D_s/P(e) − P(s, u | e)] / (1 − θ₀),
//
// with p = P(s | e) and D_s the derivative of P(s, e), so that P(s | e)(θ)
// is the Ratio (a·θ + p − a·θ₀)/(γ·θ + 1 − γ·θ₀). For θ₀ > 0 the
// derivatives come from the family posteriors, as in Sensitivity:
//
//	D/P(e) = P(x, u | e)/θ₀,  D_s/P(e) = p · P(x, u | e, s)/θ₀,
//
// after one propagation of e and one of e + {T = s} for each state s
// used (one for a conclusion on a state, |T| for MostLikely). This is
// exact and cheaper than the alternative of two propagations per entry
// on networks with the row replaced. For θ₀ = 0 the family posterior is
// 0 whatever D is, so D is read from the network with v's table made
// uniform (1/k), whose family posterior is P'(x, u | e) = D/(k·P'(e)):
// normalising by Σ θ₀·P'(x, u | e) = P(e)/(k·P'(e)) gives D/P(e), and
// likewise D_s/P(e) = P'(s | e)·P'(x, u | e, s) / Σ θ₀·P'(x, u | e). That
// costs the same propagations again per variable with an entry 0, on an
// engine that can swap networks (NetworkEngine); otherwise such entries
// are counted in Fixed. Entries equal to 1 cannot be co-varied
// proportionally (their row's other entries are all 0) and are counted
// in Fixed; a zero entry of the same row moves it. In a row of two
// states the second entry is the complement of the first and is counted
// in Complements, not listed.
//
// P(e)(θ) ≥ 0 on [0, 1] and is positive at θ₀, so it is positive inside
// [0, 1] and P(s | e)(θ) is monotone there. A conclusion on a state
// therefore changes at most once each way, where P(t | e)(θ) equals Low
// or High, and the value is the root of a linear equation,
//
//	θ* = θ₀ + (τ − p)/(a − τ·γ);
//
// first place changes where a rival's numerator meets the leader's,
//
//	θ* = θ₀ + (p_m − p_s)/(a_s − a_m),
//
// the nearest such root each way over the rivals s. A root at an end of
// [0, 1] where P(e)(θ) = 0 does not count.
//
// Families are found by d-separation ("Bayes-ball", Shachter 1998): a
// table can affect P(T | e) only if a parameter node added as a parent
// of its variable is d-connected to T given the observed variables (those
// with a hard finding or set by action; a negative or likelihood finding
// is an observed child). Within them, an entry whose Ratios are constant
// to Tolerance, as in a row impossible given e, is counted in NoEffect.
//
// The engine is left on e. Impossible e gives the engine's
// *network.ImpossibleEvidenceError.
func Fragility(eng FamilyEngine, ev *network.Evidence, c Conclusion, skip func(v int) bool) (*FragilityReport, error) {
	state := c.State
	if state == MostLikely {
		state = anyState
	}
	n, ev, err := setup(eng, ev, c.Target, state)
	if err != nil {
		return nil, err
	}
	if c.State != MostLikely {
		if c.Thresholds, err = thresholds(c.Thresholds); err != nil {
			return nil, err
		}
	} else {
		c.Thresholds = nil
	}
	target := c.Target
	var states []int // the target states whose P(s | e)(θ) are needed
	if c.State == MostLikely {
		for s := range n.Card(target) {
			states = append(states, s)
		}
	} else {
		states = []int{c.State}
	}

	relevant := requisiteFamilies(n, ev, target)
	r := &FragilityReport{Conclusion: c}
	for v, ok := range relevant {
		if _, set := ev.Do(v); ok && !set && (skip == nil || !skip(v)) {
			r.Families = append(r.Families, v)
		}
	}

	// famS[i][v]: P(x, u | e, s) for states[i]; nil when P(s | e) = 0.
	famS := make([][][]float64, len(states))
	if len(r.Families) > 0 {
		for i, s := range states {
			ok, err := propagateOrZero(eng, withTarget(ev, target, s))
			if err != nil {
				return nil, err
			}
			if ok {
				if famS[i], err = families(eng, r.Families, n.NumVariables()); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	r.Posterior = slices.Clone(eng.Posterior(target))
	famE, err := families(eng, r.Families, n.NumVariables())
	if err != nil {
		return nil, err
	}
	if c.State == MostLikely {
		r.State, r.Low, r.High = 0, math.NaN(), math.NaN()
		for s, p := range r.Posterior {
			if p > r.Posterior[r.State] {
				r.State = s
			}
		}
		for s, p := range r.Posterior {
			if s != r.State && !(p <= r.Low) {
				r.Low = p
			}
		}
	} else {
		r.State = c.State
		r.Low, r.High = band(c.Thresholds, r.Posterior[c.State])
	}

	// Entries equal to 0 need each variable's derivatives from a network
	// with its table made uniform.
	swap, canSwap := eng.(familySwapper)
	swapped := false
	defer func() {
		if swapped {
			_ = swap.SetNetwork(n) // the same structure: cannot fail
		}
	}()

	uS := make([]float64, len(states)) // P(s, u | e) of a row
	dS := make([]float64, len(states)) // D_s/P(e) of an entry
	for _, v := range r.Families {
		cpt := n.CPT(v)
		k := n.Card(v)
		var zero *uniformDerivs
		if slices.Contains(cpt, 0) && canSwap {
			swapped = true
			if zero, err = derivsWithUniform(swap, n, ev, v, target, states); err != nil {
				return nil, err
			}
		}
		for row := range len(cpt) / k {
			lo, hi := row*k, (row+1)*k
			var uE float64 // P(u | e)
			clear(uS)
			for i := lo; i < hi; i++ {
				uE += famE[v][i]
				for j := range states {
					if famS[j] != nil {
						uS[j] += famS[j][v][i]
					}
				}
			}
			for j, s := range states {
				uS[j] *= r.Posterior[s] // P(s, u | e)
			}
			for i := lo; i < hi; i++ {
				theta := cpt[i]
				if theta >= 1 || (theta == 0 && zero == nil) {
					r.Fixed++
					continue
				}
				if k == 2 && i == hi-1 && cpt[lo] > 0 && cpt[lo] < 1 {
					r.Complements++
					continue
				}
				var dE float64
				clear(dS)
				if theta > 0 {
					dE = famE[v][i] / theta
					for j, s := range states {
						if famS[j] != nil {
							dS[j] = r.Posterior[s] * famS[j][v][i] / theta
						}
					}
				} else {
					dE = zero.e[i]
					for j := range states {
						dS[j] = zero.s[j][i]
					}
				}
				m, ok := r.margin(Entry{Node: v, Row: row, State: i - lo}, theta, states, dE, uE, dS, uS)
				if !ok {
					r.NoEffect++
					continue
				}
				r.Margins = append(r.Margins, m)
			}
		}
	}
	if swapped {
		swapped = false
		if err := swap.SetNetwork(n); err != nil {
			return nil, err
		}
		if err := eng.Propagate(ev); err != nil {
			return nil, err
		}
	}

	slices.SortFunc(r.Margins, func(a, b Margin) int {
		if c := cmp.Compare(tieKey(a.Distance), tieKey(b.Distance)); c != 0 {
			return c
		}
		if c := cmp.Compare(tieKey(a.nearestLogOdds()), tieKey(b.nearestLogOdds())); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(n.Name(a.Node), n.Name(b.Node)), cmp.Compare(a.Row, b.Row), cmp.Compare(a.State, b.State))
	})
	for i := range r.Margins {
		r.Margins[i].Config = n.ConfigString(r.Margins[i].Node, r.Margins[i].Row)
	}
	return r, nil
}

// margin builds the Margin of entry e = θ₀ from the derivatives dE =
// D/P(e) and dS[j] = D_s/P(e) and the row's P(u | e) and P(s, u | e)
// (see Fragility), or reports false when none of the Ratios moves.
func (r *FragilityReport) margin(e Entry, theta float64, states []int, dE, uE float64, dS, uS []float64) (Margin, bool) {
	gamma := (dE - uE) / (1 - theta)
	ratios := make([]Ratio, len(states))
	moves := false
	for j, s := range states {
		p := r.Posterior[s]
		a := (dS[j] - uS[j]) / (1 - theta)
		// a = p·γ exactly when P(s | e) does not depend on θ; the
		// difference is then rounding noise of the numbers below.
		if d := (dS[j] - uS[j]) - p*(dE-uE); d == 0 || noise(d, math.Abs(dS[j])+uS[j]+p*(math.Abs(dE)+uE)) {
			a = p * gamma
		} else {
			moves = true
		}
		ratios[j] = Ratio{Alpha: a, Beta: p - a*theta, Gamma: gamma, Delta: 1 - gamma*theta}
	}
	if !moves {
		return Margin{}, false
	}
	m := Margin{Entry: e, Value: theta, Distance: math.Inf(1)}
	if r.Conclusion.State == MostLikely {
		m.States = ratios
		m.Ratio = ratios[r.State]
		m.Down, m.Up = r.rivalChanges(ratios, theta)
	} else {
		m.Ratio = ratios[0]
		m.Down, m.Up = r.thresholdChanges(m.Ratio, theta)
	}
	m.Derivative = m.Ratio.Alpha - r.Posterior[r.State]*m.Ratio.Gamma
	for _, ch := range []Change{m.Down, m.Up} {
		if ch.Possible {
			m.Distance = min(m.Distance, math.Abs(ch.Value-theta))
		}
	}
	return m, true
}

// nearestLogOdds is the LogOdds of the direction of m's Distance.
func (m *Margin) nearestLogOdds() float64 {
	switch {
	case m.Down.Possible && m.Up.Possible:
		if math.Abs(m.Down.Value-m.Value) <= math.Abs(m.Up.Value-m.Value) {
			return m.Down.LogOdds
		}
		return m.Up.LogOdds
	case m.Down.Possible:
		return m.Down.LogOdds
	case m.Up.Possible:
		return m.Up.LogOdds
	}
	return math.Inf(1)
}

// noChange is a Change that is not possible.
func noChange() Change { return Change{Value: math.NaN(), Threshold: math.NaN(), Rival: -1} }

// crossing returns θ* = θ₀ + h for the root h of the linear function f0 +
// f1·h (f0 its value at θ₀), and whether θ* lies in [0, 1] with P(e)(θ*)
// > 0 and is a change in the direction up (true) or down. A root at θ₀
// itself (f0 = 0) goes in the direction in which f becomes positive,
// that is, in which the conclusion changes when f > 0 means changed.
func crossing(f0, f1, theta float64, den Ratio) (x float64, up, ok bool) {
	if f1 == 0 || math.IsNaN(f1) {
		return 0, false, false
	}
	h := -f0 / f1
	x = theta + h
	if math.IsNaN(x) || x < 0 || x > 1 || !(den.Gamma*x+den.Delta > Tolerance) {
		return 0, false, false
	}
	if h == 0 {
		return x, f1 > 0, true
	}
	return x, h > 0, true
}

// record keeps ch in *dst when it is nearer θ₀ than what *dst holds.
func record(dst *Change, ch Change, theta float64) {
	if !dst.Possible || math.Abs(ch.Value-theta) < math.Abs(dst.Value-theta) {
		*dst = ch
	}
}

// thresholdChanges finds where P(t | e)(θ) = p + a·h over 1 + γ·h (h = θ
// − θ₀) falls below Low or reaches High: (p − τ) + (a − τγ)·h = 0.
func (r *FragilityReport) thresholdChanges(q Ratio, theta float64) (down, up Change) {
	down, up = noChange(), noChange()
	p := r.Posterior[r.State]
	for _, tau := range []float64{r.Low, r.High} {
		if math.IsNaN(tau) {
			continue
		}
		f0, f1 := p-tau, q.Alpha-tau*q.Gamma
		if tau == r.Low {
			// Changed when below Low: when −(P − Low) > 0.
			f0, f1 = -f0, -f1
		}
		x, isUp, ok := crossing(f0, f1, theta, q)
		if !ok {
			continue
		}
		ch := Change{Possible: true, Value: x, Threshold: tau, Rival: -1, LogOdds: logOddsDistance(theta, x)}
		if isUp {
			record(&up, ch, theta)
		} else {
			record(&down, ch, theta)
		}
	}
	return down, up
}

// rivalChanges finds where a rival s of the leader m reaches it:
// (p_s − p_m) + (a_s − a_m)·h = 0, the nearest over s each way.
func (r *FragilityReport) rivalChanges(q []Ratio, theta float64) (down, up Change) {
	down, up = noChange(), noChange()
	m := r.State
	for s := range q {
		if s == m {
			continue
		}
		f0, f1 := r.Posterior[s]-r.Posterior[m], q[s].Alpha-q[m].Alpha
		x, isUp, ok := crossing(f0, f1, theta, q[m])
		if !ok {
			continue
		}
		ch := Change{Possible: true, Value: x, Threshold: math.NaN(), Rival: s, LogOdds: logOddsDistance(theta, x)}
		if isUp {
			record(&up, ch, theta)
		} else {
			record(&down, ch, theta)
		}
	}
	return down, up
}

// logOddsDistance is |ln O(b) − ln O(a)|, O(θ) = θ/(1 − θ); +Inf when
// either is 0 or 1 (and they differ).
func logOddsDistance(a, b float64) float64 {
	if a == b {
		return 0
	}
	if a <= 0 || a >= 1 || b <= 0 || b >= 1 {
		return math.Inf(1)
	}
	return math.Abs((math.Log(b) - math.Log1p(-b)) - (math.Log(a) - math.Log1p(-a)))
}

// thresholds checks and sorts a conclusion's thresholds, TermBounds when
// there are none.
func thresholds(ts []float64) ([]float64, error) {
	if len(ts) == 0 {
		return slices.Clone(TermBounds), nil
	}
	out := slices.Clone(ts)
	for _, t := range out {
		if !(t > 0 && t < 1) {
			return nil, fmt.Errorf("analysis: threshold %v: want a probability strictly between 0 and 1", t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// band returns the largest threshold at or below p and the smallest
// above it, NaN where there is none.
func band(ts []float64, p float64) (lo, hi float64) {
	lo, hi = math.NaN(), math.NaN()
	for _, t := range ts {
		if t <= p {
			lo = t
		} else if math.IsNaN(hi) {
			hi = t
		}
	}
	return lo, hi
}

// families reads the family posteriors of vars into a slice indexed by
// variable (nil for the others).
func families(eng FamilyEngine, vars []int, nv int) ([][]float64, error) {
	out := make([][]float64, nv)
	for _, v := range vars {
		f, err := eng.FamilyPosterior(v)
		if err != nil {
			return nil, err
		}
		out[v] = f
	}
	return out, nil
}

// uniformDerivs holds, for one variable v, D/P(e) (e) and D_s/P(e) (s,
// by index into the states used) for every entry of its table.
type uniformDerivs struct {
	e []float64
	s [][]float64
}

// derivsWithUniform computes the derivatives of P(e) and P(s, e) with
// respect to every entry of v's table, relative to P(e), from the network
// with v's table made uniform (see Fragility). The engine is left on that
// network; the caller restores n.
func derivsWithUniform(eng familySwapper, n *network.Network, ev *network.Evidence, v, target int, states []int) (*uniformDerivs, error) {
	k := n.Card(v)
	uni := make([]float64, len(n.CPT(v)))
	for i := range uni {
		uni[i] = 1 / float64(k)
	}
	m, err := n.WithCPT(v, uni)
	if err != nil {
		return nil, err
	}
	if err := eng.SetNetwork(m); err != nil {
		return nil, err
	}
	out := &uniformDerivs{s: make([][]float64, len(states))}
	for j, s := range states {
		ok, err := propagateOrZero(eng, withTarget(ev, target, s))
		if err != nil {
			return nil, err
		}
		if !ok {
			out.s[j] = make([]float64, len(uni))
			continue
		}
		if out.s[j], err = eng.FamilyPosterior(v); err != nil {
			return nil, err
		}
	}
	// P'(e) > 0: P(e) = Σ θ₀·D > 0 makes some D > 0, and P'(e) = Σ D/k.
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	if out.e, err = eng.FamilyPosterior(v); err != nil {
		return nil, err
	}
	cpt := n.CPT(v)
	z := 0.0 // P(e)/(k·P'(e))
	for i, f := range out.e {
		z += cpt[i] * f
	}
	if !(z > 0) {
		return nil, errors.New("analysis: fragility: P(e) vanished with a table made uniform") // unreachable
	}
	post := eng.Posterior(target)
	for i := range out.e {
		out.e[i] /= z
	}
	for j, s := range states {
		for i := range out.s[j] {
			out.s[j][i] *= post[s] / z
		}
	}
	return out, nil
}

// requisiteFamilies returns, for every variable, whether its table can
// affect P(target | ev): whether a parameter node π_v added as a parent
// of v is d-connected to the target given the observed variables, by the
// Reachable procedure of Koller & Friedman, Probabilistic Graphical
// Models (2009), Algorithm 3.1, which is Shachter's (1998) Bayes-ball. A
// variable set by action has its incoming edges cut and counts as
// observed; a hard finding makes a variable observed; a negative or
// likelihood finding is an observed child of its variable.
func requisiteFamilies(n *network.Network, ev *network.Evidence, target int) []bool {
	nv := n.NumVariables()
	// Nodes: variables 0..nv-1, parameter nodes nv..2nv-1, then one
	// observed child per soft finding.
	pa := make([][]int, 2*nv)
	observed := make([]bool, 2*nv)
	for v := range nv {
		if _, set := ev.Do(v); set {
			observed[v] = true
			continue
		}
		pa[v] = append(slices.Clone(n.Parents(v)), nv+v)
		if f, ok := ev.Finding(v); ok {
			if f.Kind == network.Hard {
				observed[v] = true
			} else {
				pa = append(pa, []int{v})
				observed = append(observed, true)
			}
		}
	}
	total := len(pa)
	ch := make([][]int, total)
	for v, ps := range pa {
		for _, p := range ps {
			ch[p] = append(ch[p], v)
		}
	}
	// Phase 1: the observed nodes and their ancestors.
	anc := make([]bool, total)
	var stack []int
	for v, o := range observed {
		if o {
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !anc[v] {
			anc[v] = true
			stack = append(stack, pa[v]...)
		}
	}
	// Phase 2: active trails from the target, each step arriving at a
	// node from a child (up) or from a parent (down).
	type visit struct {
		v  int
		up bool
	}
	reach := make([]bool, total)
	seen := make(map[visit]bool)
	todo := []visit{{target, true}}
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		if !observed[x.v] {
			reach[x.v] = true
		}
		switch {
		case x.up && !observed[x.v]:
			for _, p := range pa[x.v] {
				todo = append(todo, visit{p, true})
			}
			for _, c := range ch[x.v] {
				todo = append(todo, visit{c, false})
			}
		case !x.up:
			if !observed[x.v] {
				for _, c := range ch[x.v] {
					todo = append(todo, visit{c, false})
				}
			}
			if anc[x.v] { // a v-structure made active by evidence below
				for _, p := range pa[x.v] {
					todo = append(todo, visit{p, true})
				}
			}
		}
	}
	return reach[nv : 2*nv]
}

// Bilinear is the function A + B·x + C·y + D·x·y.
type Bilinear struct {
	A, B, C, D float64
}

// At returns the function's value at (x, y).
func (f Bilinear) At(x, y float64) float64 { return f.A + f.B*x + f.C*y + f.D*x*y }

// minus returns f − k·g.
func (f Bilinear) minus(k float64, g Bilinear) Bilinear {
	return Bilinear{f.A - k*g.A, f.B - k*g.B, f.C - k*g.C, f.D - k*g.D}
}

// Point is a pair of values of the two entries of a TwoWayGrid, X first.
type Point struct {
	X, Y float64
}

// Boundary is one stretch of the curve along which the conclusion
// changes in a TwoWayGrid.
type Boundary struct {
	// Points lie on the curve, in order along it.
	Points []Point
	// Threshold is the threshold P(t | e) reaches there, NaN for
	// MostLikely.
	Threshold float64
	// Rival is the state that ties with the most likely one there
	// (MostLikely), -1 otherwise.
	Rival int
}

// TwoWayGrid is the target's probability as two CPT entries vary
// together, each with the rest of its row co-varied proportionally: the
// result of TwoWay.
type TwoWayGrid struct {
	X, Y           Entry
	XValue, YValue float64 // the entries' current values
	// State is the target state whose probability the grid holds: the
	// conclusion's state, or the most likely one; Current is its
	// probability now, P(State | e) at (XValue, YValue).
	State   int
	Current float64
	// Low and High are as in FragilityReport.
	Low, High float64
	// Axis holds the values each entry takes on the grid, 0 to 1 in equal
	// steps; P[j][i] is P(State | e) with X = Axis[i] and Y = Axis[j], NaN
	// where P(e) = 0 (only possible on the edges of the square).
	Axis []float64
	P    [][]float64
	// Num[s] is P(s, e) and Den P(e) as functions of (X, Y), relative to
	// P(e) now, so that P(s | e) = Num[s]/Den.
	Num []Bilinear
	Den Bilinear
	// Boundaries are where the conclusion changes inside the square.
	Boundaries []Boundary
}

// DefaultSteps is the number of steps of each axis of a TwoWayGrid when
// TwoWay is given none: a 21×21 grid.
const DefaultSteps = 20

// TwoWay computes P(t | e) over a grid of values of two CPT entries x and
// y, each with the rest of its row co-varied proportionally, and the
// curve where conclusion c changes (Chan & Darwiche 2004; Coupé, van der
// Gaag & Habbema 2000, "Sensitivity analysis: an aid for belief-network
// quantification"). steps ≤ 0 means DefaultSteps.
//
// P(e) is multilinear in the network's parameters and each of its terms
// holds exactly one entry of each table, so with both rows co-varied
// P(e)(x, y) = A + B·x + C·y + D·x·y, and so is P(s, e)(x, y) for each
// target state s (D = 0 when x and y are rows of one table). Four
// propagations, at x, y ∈ {1/4, 3/4} on networks with the two rows
// replaced (network.WithCPT, swapped in with SetNetwork), give P(e) =
// exp(ln P(e) − ln P(e)⁰) relative to now and P(s, e) = P(s | e)·P(e) at
// the four corners of that square, which fix the four coefficients
// exactly; every grid value and the boundary follow from them. Inside the
// unit square P(e)(x, y) > 0 (a non-negative bilinear function that
// vanished inside would vanish on the lines through that point, and it is
// positive now), so the corners are possible evidence.
//
// The boundary of a conclusion on a state is the zero set of P(t, e) −
// τ·P(e) for τ = Low and High, a hyperbola (or a line), traced as y(x) =
// −(A + B·x)/(C + D·x) with the points where it meets the square's sides
// solved exactly. For MostLikely it is where a rival's P(s, e) meets the
// leader's while no third state is above them.
//
// x and y may not be two entries of one row, and neither may be 1 (see
// Fragility). The engine is left on the original network and e.
// Impossible e gives the engine's *network.ImpossibleEvidenceError.
func TwoWay(eng NetworkEngine, ev *network.Evidence, c Conclusion, x, y Entry, steps int) (*TwoWayGrid, error) {
	state := c.State
	if state == MostLikely {
		state = anyState
	}
	n, ev, err := setup(eng, ev, c.Target, state)
	if err != nil {
		return nil, err
	}
	if c.State != MostLikely {
		if c.Thresholds, err = thresholds(c.Thresholds); err != nil {
			return nil, err
		}
	}
	for _, e := range []Entry{x, y} {
		if err := checkEntry(n, e); err != nil {
			return nil, err
		}
	}
	if x.Node == y.Node && x.Row == y.Row {
		return nil, fmt.Errorf("analysis: two-way: both entries are in the row %q of %q; take entries of two rows", n.ConfigString(x.Node, x.Row), n.Name(x.Node))
	}
	switch {
	case steps <= 0:
		steps = DefaultSteps
	case steps > 1000:
		return nil, fmt.Errorf("analysis: two-way: %d steps: at most 1000", steps)
	}

	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	target := c.Target
	g := &TwoWayGrid{X: x, Y: y, Low: math.NaN(), High: math.NaN()}
	g.XValue = n.CPT(x.Node)[x.Row*n.Card(x.Node)+x.State]
	g.YValue = n.CPT(y.Node)[y.Row*n.Card(y.Node)+y.State]
	post := slices.Clone(eng.Posterior(target))
	logZ := eng.LogProbEvidence()

	nt := n.Card(target)
	corner := [2]float64{0.25, 0.75}
	var den [2][2]float64
	num := make([][2][2]float64, nt)
	swapped := true
	defer func() {
		if swapped { // an error on the way: put n back (the same structure cannot fail)
			_ = eng.SetNetwork(n)
		}
	}()
	for a, xv := range corner {
		for b, yv := range corner {
			m, err := covaried(n, x, xv, y, yv)
			if err != nil {
				return nil, err
			}
			if err := eng.SetNetwork(m); err != nil {
				return nil, err
			}
			if err := eng.Propagate(ev); err != nil {
				return nil, err
			}
			z := math.Exp(eng.LogProbEvidence() - logZ)
			den[a][b] = z
			for s, p := range eng.Posterior(target) {
				num[s][a][b] = p * z
			}
		}
	}
	swapped = false
	if err := eng.SetNetwork(n); err != nil {
		return nil, err
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	g.Den = fitCorners(den)
	g.Num = make([]Bilinear, nt)
	for s := range nt {
		g.Num[s] = fitCorners(num[s])
	}

	if c.State == MostLikely {
		for s, p := range post {
			if p > post[g.State] {
				g.State = s
			}
		}
	} else {
		g.State = c.State
		g.Low, g.High = band(c.Thresholds, post[c.State])
	}
	g.Current = post[g.State]
	g.Axis = make([]float64, steps+1)
	for i := range g.Axis {
		g.Axis[i] = float64(i) / float64(steps)
	}
	g.Axis[steps] = 1
	g.P = make([][]float64, steps+1)
	for j, yv := range g.Axis {
		g.P[j] = make([]float64, steps+1)
		for i, xv := range g.Axis {
			g.P[j][i] = g.at(g.State, xv, yv)
		}
	}

	defined := func(px, py float64) bool { return g.Den.At(px, py) > Tolerance }
	if c.State == MostLikely {
		m := g.State
		for s := range nt {
			if s == m {
				continue
			}
			keep := func(px, py float64) bool {
				if !defined(px, py) {
					return false
				}
				lead := g.Num[m].At(px, py)
				for r := range nt {
					if r != m && r != s && g.Num[r].At(px, py) > lead+Tolerance*g.Den.At(px, py) {
						return false
					}
				}
				return true
			}
			for _, pts := range zeroSet(g.Num[s].minus(1, g.Num[m]), keep) {
				g.Boundaries = append(g.Boundaries, Boundary{Points: pts, Threshold: math.NaN(), Rival: s})
			}
		}
	} else {
		for _, tau := range []float64{g.Low, g.High} {
			if math.IsNaN(tau) {
				continue
			}
			for _, pts := range zeroSet(g.Num[g.State].minus(tau, g.Den), defined) {
				g.Boundaries = append(g.Boundaries, Boundary{Points: pts, Threshold: tau, Rival: -1})
			}
		}
	}
	return g, nil
}

// At returns P(s | e) with the entries at (x, y), NaN where P(e) = 0.
func (g *TwoWayGrid) At(s int, x, y float64) float64 { return g.at(s, x, y) }

func (g *TwoWayGrid) at(s int, x, y float64) float64 {
	d := g.Den.At(x, y)
	if !(d > Tolerance) {
		return math.NaN()
	}
	return clamp01(g.Num[s].At(x, y) / d)
}

// fitCorners returns the bilinear function through f[a][b] at x = 1/4 +
// a/2, y = 1/4 + b/2: with u = 2x − 1/2 and v = 2y − 1/2,
//
//	f = f00 + p·u + q·v + r·u·v,  p = f10 − f00, q = f01 − f00, r = f11 − f10 − f01 + f00.
func fitCorners(f [2][2]float64) Bilinear {
	p := f[1][0] - f[0][0]
	q := f[0][1] - f[0][0]
	r := f[1][1] - f[1][0] - f[0][1] + f[0][0]
	return Bilinear{A: f[0][0] - p/2 - q/2 + r/4, B: 2*p - r, C: 2*q - r, D: 4 * r}
}

// checkEntry checks that e is an entry of n's tables that can be
// co-varied.
func checkEntry(n *network.Network, e Entry) error {
	if e.Node < 0 || e.Node >= n.NumVariables() {
		return fmt.Errorf("analysis: variable index %d: %w", e.Node, network.ErrUnknownVariable)
	}
	if e.Row < 0 || e.Row >= n.ParentConfigs(e.Node) {
		return fmt.Errorf("analysis: %q has no row %d (it has %d)", n.Name(e.Node), e.Row, n.ParentConfigs(e.Node))
	}
	k := n.Card(e.Node)
	if e.State < 0 || e.State >= k {
		return fmt.Errorf("analysis: variable %q has no state number %d: %w", n.Name(e.Node), e.State, network.ErrUnknownState)
	}
	if n.CPT(e.Node)[e.Row*k+e.State] >= 1 {
		return fmt.Errorf("analysis: P(%s=%s | %s) is 1, and the other entries of its row, all 0, cannot be scaled with it; take one of them instead",
			n.Name(e.Node), n.Variable(e.Node).States[e.State], n.ConfigString(e.Node, e.Row))
	}
	return nil
}

// covary sets row[s] to theta and scales the row's other entries by
// (1 − theta)/(1 − row[s]), which keeps the sum 1 and the ratios between
// them; row[s] < 1.
func covary(row []float64, s int, theta float64) {
	f := (1 - theta) / (1 - row[s])
	for i := range row {
		if i == s {
			row[i] = theta
		} else {
			row[i] *= f
		}
	}
}

// covaried returns n with entry x at xv and entry y at yv, their rows
// co-varied.
func covaried(n *network.Network, x Entry, xv float64, y Entry, yv float64) (*network.Network, error) {
	kx := n.Card(x.Node)
	cx := slices.Clone(n.CPT(x.Node))
	covary(cx[x.Row*kx:(x.Row+1)*kx], x.State, xv)
	if y.Node == x.Node {
		covary(cx[y.Row*kx:(y.Row+1)*kx], y.State, yv)
		return n.WithCPT(x.Node, cx)
	}
	m, err := n.WithCPT(x.Node, cx)
	if err != nil {
		return nil, err
	}
	ky := n.Card(y.Node)
	cy := slices.Clone(n.CPT(y.Node))
	covary(cy[y.Row*ky:(y.Row+1)*ky], y.State, yv)
	return m.WithCPT(y.Node, cy)
}

// zeroSet traces the zero set of f inside the unit square where keep
// holds, as polylines. Points are on the curve up to rounding: sampled on
// y(x) = −(A + B·x)/(C + D·x), with the ends where the curve meets the
// square's sides solved exactly, pieces refined until consecutive points
// are at most 0.01 apart, and the ends where keep changes found by
// bisection. When C + D·x vanishes identically the zero set is the line
// x = −A/B; when A·D = B·C it is the pair of lines y = −B/D and x = −C/D.
func zeroSet(f Bilinear, keep func(x, y float64) bool) [][]Point {
	scale := math.Abs(f.A) + math.Abs(f.B) + math.Abs(f.C) + math.Abs(f.D)
	if scale == 0 {
		return nil // identically zero: no curve to draw
	}
	tiny := Tolerance * scale
	vertical := func(x0 float64) [][]Point {
		if !(x0 >= 0 && x0 <= 1) {
			return nil
		}
		return trace(linspace(0, 1, 200), func(t float64) (Point, bool) {
			return Point{x0, t}, keep(x0, t)
		}, nil)
	}
	if math.Abs(f.C)+math.Abs(f.D) <= tiny {
		if math.Abs(f.B) <= tiny {
			return nil
		}
		return vertical(-f.A / f.B)
	}
	var out [][]Point
	pole := math.NaN()
	if math.Abs(f.D) > tiny {
		pole = -f.C / f.D
		if math.Abs(f.A*f.D-f.B*f.C) <= tiny*scale {
			out = append(out, vertical(pole)...)
		}
	}
	xs := linspace(0, 1, 200)
	if f.B != 0 {
		xs = append(xs, -f.A/f.B) // y = 0
	}
	if f.B+f.D != 0 {
		xs = append(xs, -(f.A+f.C)/(f.B+f.D)) // y = 1
	}
	xs = slices.DeleteFunc(xs, func(x float64) bool { return !(x >= 0 && x <= 1) || x == pole })
	slices.Sort(xs)
	xs = slices.Compact(xs)
	at := func(x float64) (Point, bool) {
		y := -(f.A + f.B*x) / (f.C + f.D*x)
		if !(y >= -1e-12 && y <= 1+1e-12) {
			return Point{}, false
		}
		y = clamp01(y)
		return Point{x, y}, keep(x, y)
	}
	split := func(a, b float64) bool { return pole > a && pole < b }
	return append(out, trace(xs, at, split)...)
}

// linspace returns k+1 equally spaced values from a to b.
func linspace(a, b float64, k int) []float64 {
	out := make([]float64, k+1)
	for i := range out {
		out[i] = a + (b-a)*float64(i)/float64(k)
	}
	out[k] = b
	return out
}

// trace joins the points at(t) for the increasing parameters ts into
// polylines: a polyline runs while at reports a valid point and split
// (nil: never) does not separate consecutive parameters. Where validity
// changes between two parameters the change is found by bisection, and
// consecutive valid points more than 0.01 apart get points in between.
func trace(ts []float64, at func(t float64) (Point, bool), split func(a, b float64) bool) [][]Point {
	var out [][]Point
	var cur []Point
	flush := func() {
		if len(cur) >= 2 {
			out = append(out, cur)
		}
		cur = nil
	}
	// edge returns the valid point nearest the change of validity
	// between a (valid when fromValid) and b, and its parameter.
	edge := func(a, b float64, fromValid bool) (float64, Point, bool) {
		for range 50 {
			mid := (a + b) / 2
			if _, ok := at(mid); ok == fromValid {
				a = mid
			} else {
				b = mid
			}
		}
		if !fromValid {
			a = b
		}
		p, ok := at(a)
		return a, p, ok
	}
	var refine func(t0, t1 float64, p0, p1 Point, depth int)
	refine = func(t0, t1 float64, p0, p1 Point, depth int) {
		if depth > 0 && math.Hypot(p1.X-p0.X, p1.Y-p0.Y) > 0.01 {
			mid := (t0 + t1) / 2
			if pm, ok := at(mid); ok {
				refine(t0, mid, p0, pm, depth-1)
				refine(mid, t1, pm, p1, depth-1)
				return
			}
		}
		cur = append(cur, p1)
	}
	prevT, prevOK := 0.0, false
	var prevP Point
	for i, t := range ts {
		p, ok := at(t)
		joined := i > 0 && (split == nil || !split(prevT, t))
		switch {
		case ok && prevOK && joined:
			refine(prevT, t, prevP, p, 20)
		case ok && !prevOK && joined:
			flush()
			if te, q, qok := edge(prevT, t, false); qok {
				cur = append(cur, q)
				refine(te, t, q, p, 20)
			} else {
				cur = append(cur, p)
			}
		case !ok && prevOK && joined:
			if te, q, qok := edge(prevT, t, true); qok {
				refine(prevT, te, prevP, q, 20)
			}
			flush()
		case ok:
			flush()
			cur = append(cur, p)
		default:
			flush()
		}
		prevT, prevOK, prevP = t, ok, p
	}
	flush()
	return out
}
