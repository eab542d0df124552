// Package decision evaluates influence diagrams over a belief network:
// decision variables (a side's options) whose parents are what is known
// when deciding, and utility tables (the analyst's judgement of how good
// each combination of their parents is, in the analyst's units). It finds
// each decision's best option and the optimal policy for several
// decisions, the expected utility of each option, and the value of
// knowing a chance variable before deciding.
//
// Utilities are folded into the network as chance variables, after
// Cooper (1988): a utility table U over its parents becomes a binary
// indicator I with
//
//	P(I = 1 | pa) = (U(pa) − min U) / (max U − min U),
//	E[U | e] = min U + (max U − min U) · P(I = 1 | e),
//
// so that every expected utility is a marginal of one propagation of the
// junction tree, findings and actions included. A decision is taken by
// setting it by action (network.Evidence.SetDo); a policy for a later
// decision is installed as its CPT, one state for certain per
// configuration of what it sees (network.Network.WithCPT), without
// recompiling.
//
// Policies are found by single policy updating (Lauritzen & Nilsson,
// "Representing and solving decision problems with limited information",
// Management Science 47(9), 2001): each decision's policy in turn is made
// the best response to the others', last decision first, until none
// changes. When the decisions are totally ordered and each sees what the
// earlier ones saw and chose (perfect recall), the first sweep is
// backward induction and the result is optimal; otherwise it is a local
// optimum, as for any LIMID solved by SPU.
package decision

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"brink/network"
	"brink/network/jtree"
)

// Utility is a utility table: a value for each configuration of its
// parents (first parent slowest, as CPT rows are ordered).
type Utility struct {
	Name    string
	Actor   string // whose utility it is; "" for a single decision maker
	Parents []int  // variables of the network
	Table   []float64
}

// Diagram is an influence diagram ready to evaluate.
type Diagram struct {
	net       *network.Network // the belief network the analyst sees
	aug       *network.Network // with one indicator per utility, current policies installed
	decisions []int
	// actors holds each decision's actor: it weighs the options by that
	// actor's utilities only ("" weighs them by every utility).
	actors    []string
	utilities []Utility
	ind       []int     // indicator variable of each utility, in aug
	lo, span  []float64 // each utility's minimum and range
	jt        *jtree.JunctionTree
}

// ErrNotDecision is returned for a variable that is not one of the
// diagram's decisions.
var ErrNotDecision = errors.New("not a decision")

// New builds a diagram over net with the given decisions, in the order
// they are taken (each decision's parents in net are what it sees), and
// utilities. Utility tables must be finite and of the right size.
func New(net *network.Network, decisions []int, utilities []Utility) (*Diagram, error) {
	if len(decisions) == 0 {
		return nil, errors.New("decision: no decision")
	}
	for i, d := range decisions {
		if d < 0 || d >= net.NumVariables() || slices.Contains(decisions[:i], d) {
			return nil, fmt.Errorf("decision: decision %d: bad or repeated variable index", d)
		}
	}
	specs := make([]network.VariableSpec, 0, net.NumVariables()+len(utilities))
	for v := range net.NumVariables() {
		vr := net.Variable(v)
		s := network.VariableSpec{Name: vr.Name, States: vr.States, CPT: net.CPT(v)}
		for _, p := range net.Parents(v) {
			s.Parents = append(s.Parents, net.Name(p))
		}
		specs = append(specs, s)
	}
	dg := &Diagram{net: net, decisions: slices.Clone(decisions), utilities: utilities}
	for k, u := range utilities {
		rows := 1
		var parents []string
		for _, p := range u.Parents {
			if p < 0 || p >= net.NumVariables() {
				return nil, fmt.Errorf("decision: utility %q: parent index %d: %w", u.Name, p, network.ErrUnknownVariable)
			}
			rows *= net.Card(p)
			parents = append(parents, net.Name(p))
		}
		if len(u.Table) != rows {
			return nil, fmt.Errorf("decision: utility %q: %d values for %d parent configurations", u.Name, len(u.Table), rows)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range u.Table {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("decision: utility %q: %v is not a finite value", u.Name, x)
			}
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		span := hi - lo
		cpt := make([]float64, 0, 2*rows)
		for _, x := range u.Table {
			p := 0.0
			if span > 0 {
				p = (x - lo) / span
			}
			cpt = append(cpt, p, 1-p)
		}
		name := fmt.Sprintf("brink_utility_%d", k)
		for {
			if _, taken := net.Index(name); !taken {
				break
			}
			name += "_"
		}
		specs = append(specs, network.VariableSpec{Name: name, States: []string{"high", "low"}, Parents: parents, CPT: cpt})
		dg.ind = append(dg.ind, net.NumVariables()+k)
		dg.lo, dg.span = append(dg.lo, lo), append(dg.span, span)
	}
	aug, err := network.New(specs)
	if err != nil {
		return nil, fmt.Errorf("decision: %w", err)
	}
	jt, err := jtree.Compile(aug, jtree.Options{})
	if err != nil {
		return nil, fmt.Errorf("decision: %w", err)
	}
	dg.aug, dg.jt = aug, jt
	return dg, nil
}

// lift copies evidence on net to the augmented network.
func (dg *Diagram) lift(ev *network.Evidence) (*network.Evidence, error) {
	out := network.NewEvidence(dg.aug)
	if ev == nil {
		return out, nil
	}
	for _, f := range ev.Findings() {
		if err := out.Set(f); err != nil {
			return nil, err
		}
	}
	for _, it := range ev.Interventions() {
		if err := out.SetDo(it.Variable, it.State); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// expected propagates ev on the augmented network as it stands and
// returns the total expected utility, or ok false when ev is impossible.
func (dg *Diagram) expected(ev *network.Evidence) (float64, bool, error) {
	return dg.expectedFor(ev, "")
}

// expectedFor is expected counting only actor's utilities ("" or an
// actor with none: every utility).
func (dg *Diagram) expectedFor(ev *network.Evidence, actor string) (float64, bool, error) {
	if err := dg.jt.Propagate(ev); err != nil {
		var ie *network.ImpossibleEvidenceError
		if errors.As(err, &ie) {
			return 0, false, nil
		}
		return 0, false, err
	}
	own := false
	for _, u := range dg.utilities {
		own = own || (actor != "" && u.Actor == actor)
	}
	total := 0.0
	for k, v := range dg.ind {
		if own && dg.utilities[k].Actor != actor {
			continue
		}
		total += dg.lo[k] + dg.span[k]*dg.jt.Posterior(v)[0]
	}
	return total, true, nil
}

// SetActors says whose each decision is, in the order of the decisions:
// a decision weighs its options by its actor's utilities only, so that
// two sides each pursue their own ends. Without it every decision
// weighs every utility.
func (dg *Diagram) SetActors(actors []string) error {
	if len(actors) != len(dg.decisions) {
		return fmt.Errorf("decision: %d actors for %d decisions", len(actors), len(dg.decisions))
	}
	dg.actors = slices.Clone(actors)
	return nil
}

func (dg *Diagram) actorOf(i int) string {
	if i < len(dg.actors) {
		return dg.actors[i]
	}
	return ""
}

// Policy is a decision's rule: the option chosen for each configuration
// of what the decision sees (its parents), in CPT row order.
type Policy []int

// install makes the augmented network's CPT of decision d its policy.
func (dg *Diagram) install(d int, pol Policy) error {
	k := dg.aug.Card(d)
	cpt := make([]float64, len(pol)*k)
	for r, o := range pol {
		cpt[r*k+o] = 1
	}
	next, err := dg.aug.WithCPT(d, cpt)
	if err != nil {
		return fmt.Errorf("decision: %w", err)
	}
	if err := dg.jt.SetNetwork(next); err != nil {
		return fmt.Errorf("decision: %w", err)
	}
	dg.aug = next
	return nil
}

// Solution is the evaluated diagram given the findings and actions.
type Solution struct {
	// Policies holds each decision's optimal policy, in the order of the
	// decisions.
	Policies []Policy
	// MEU is the expected utility of following them.
	MEU float64
	// Options holds, for each decision, the expected utility of each of
	// its options — by its actor's utilities when the diagram has actors
	// (SetActors) — when it is taken for certain and the other decisions
	// follow their policies; NaN for an option the findings rule out.
	Options [][]float64
	// Sweeps is the number of rounds of policy updating.
	Sweeps int
}

// maxSweeps bounds single policy updating, which converges in a few
// sweeps (each strictly improves the expected utility or stops).
const maxSweeps = 50

// Solve finds the policies of every decision given ev (findings and
// actions on the network's variables; ev may be nil). A decision set by
// action in ev keeps the option set.
func (dg *Diagram) Solve(ev *network.Evidence) (*Solution, error) {
	base, err := dg.lift(ev)
	if err != nil {
		return nil, err
	}
	// A row of a policy that the findings rule out carries no weight, so
	// policy updating cannot choose its option. It keeps the choice the
	// decision would make without the findings (the actions kept), so
	// that a policy read off for a case the findings exclude — by a
	// brief, or by an analysis that retracts a finding — is a sensible
	// one rather than the first option.
	var init []Policy
	if base.Len() > 0 {
		free := network.NewEvidence(dg.aug)
		for _, it := range base.Interventions() {
			if err := free.SetDo(it.Variable, it.State); err != nil {
				return nil, err
			}
		}
		if init, _, err = dg.policies(free, nil); err != nil {
			return nil, err
		}
	}
	pols, sweeps, err := dg.policies(base, init)
	if err != nil {
		return nil, err
	}
	sol := &Solution{Policies: pols, Sweeps: sweeps}
	meu, ok, err := dg.expected(base)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("decision: the findings are impossible")
	}
	sol.MEU = meu
	// Each option taken for certain, the other decisions then made as
	// well as they can be (their policies found again with it fixed).
	for i, d := range dg.decisions {
		opts := make([]float64, dg.aug.Card(d))
		for o := range opts {
			e := base.Clone()
			e.Retract(d)
			if err := e.SetDo(d, o); err != nil {
				return nil, err
			}
			if _, _, err := dg.policies(e, init); err != nil {
				return nil, err
			}
			eu, ok, err := dg.expectedFor(e, dg.actorOf(i))
			if err != nil {
				return nil, err
			}
			opts[o] = eu
			if !ok {
				opts[o] = math.NaN()
			}
		}
		sol.Options = append(sol.Options, opts)
	}
	for i, d := range dg.decisions {
		if err := dg.install(d, pols[i]); err != nil {
			return nil, err
		}
	}
	return sol, nil
}

// policies finds every decision's policy given base by single policy
// updating, starting from init (nil: the first option everywhere), and
// leaves them installed; it returns them and the number of sweeps. Rows
// that base rules out keep their starting option.
func (dg *Diagram) policies(base *network.Evidence, init []Policy) ([]Policy, int, error) {
	pols := make([]Policy, len(dg.decisions))
	for i, d := range dg.decisions {
		pols[i] = make(Policy, dg.aug.ParentConfigs(d))
		if i < len(init) && len(init[i]) == len(pols[i]) {
			copy(pols[i], init[i])
		}
		if err := dg.install(d, pols[i]); err != nil {
			return nil, 0, err
		}
	}
	sweeps := 0
	var states []int
	for sweep := range maxSweeps {
		sweeps = sweep + 1
		changed := false
		for i := len(dg.decisions) - 1; i >= 0; i-- {
			d := dg.decisions[i]
			if _, set := base.Do(d); set {
				continue
			}
			ps := dg.aug.Parents(d)
			for r := range pols[i] {
				states = dg.aug.ParentStates(d, r, states)
				ev := base.Clone()
				possible := true
				for j, p := range ps {
					if f, ok := ev.Finding(p); ok && f.Weights[states[j]] == 0 {
						possible = false
						break
					}
					if s, set := ev.Do(p); set {
						if s != states[j] {
							possible = false
							break
						}
						continue
					}
					ev.Retract(p)
					if err := ev.SetState(p, states[j]); err != nil {
						return nil, 0, err
					}
				}
				if !possible {
					continue
				}
				best, bestEU := pols[i][r], math.Inf(-1)
				for o := range dg.aug.Card(d) {
					e := ev.Clone()
					e.Retract(d)
					if err := e.SetDo(d, o); err != nil {
						return nil, 0, err
					}
					eu, ok, err := dg.expectedFor(e, dg.actorOf(i))
					if err != nil {
						return nil, 0, err
					}
					if ok && eu > bestEU+1e-12 {
						best, bestEU = o, eu
					}
				}
				if best != pols[i][r] {
					pols[i][r] = best
					changed = true
				}
			}
			if err := dg.install(d, pols[i]); err != nil {
				return nil, 0, err
			}
		}
		if !changed {
			break
		}
	}
	return pols, sweeps, nil
}

// Value returns the value of perfect information about chance variable x
// for decision d: how much the maximum expected utility rises when x is
// known, as well as what d sees already (its parents i), before d is
// taken, the other decisions following the policies of sol:
//
//	VPI(x) = Σ_{i,s} P(i, x = s | e) · max_o E[U | e, i, x = s, do(d = o)] − MEU
//
// It is exact when d is the only decision or the last, and a lower bound
// otherwise (the other decisions do not adapt to x); never negative, up
// to rounding. x must not be an effect of d (it could not be known
// before d is taken).
func (dg *Diagram) Value(ev *network.Evidence, sol *Solution, d, x int) (float64, error) {
	i := slices.Index(dg.decisions, d)
	if i < 0 {
		return 0, fmt.Errorf("decision: variable %d: %w", d, ErrNotDecision)
	}
	if x < 0 || x >= dg.net.NumVariables() {
		return 0, fmt.Errorf("decision: variable %d: %w", x, network.ErrUnknownVariable)
	}
	if x == d || dg.descends(x, d) {
		return 0, fmt.Errorf("decision: %q is an effect of the decision %q and cannot be known before it", dg.net.Name(x), dg.net.Name(d))
	}
	base, err := dg.lift(ev)
	if err != nil {
		return 0, err
	}
	for k, dd := range dg.decisions {
		if err := dg.install(dd, sol.Policies[k]); err != nil {
			return 0, err
		}
	}
	if err := dg.jt.Propagate(base); err != nil {
		return 0, fmt.Errorf("decision: %w", err)
	}
	logPE := dg.jt.LogProbEvidence()
	known := append(slices.Clone(dg.aug.Parents(d)), x)
	if slices.Contains(known[:len(known)-1], x) {
		return 0, nil // d sees x already
	}
	cards := make([]int, len(known))
	for j, v := range known {
		cards[j] = dg.aug.Card(v)
	}
	with := 0.0
	cfg := make([]int, len(known))
	for {
		e := base.Clone()
		ok := true
		for j, v := range known {
			if s, set := e.Do(v); set {
				ok = ok && s == cfg[j]
				continue
			}
			if f, has := e.Finding(v); has && f.Weights[cfg[j]] == 0 {
				ok = false
				continue
			}
			e.Retract(v)
			if err := e.SetState(v, cfg[j]); err != nil {
				return 0, err
			}
		}
		if ok {
			if err := dg.jt.Propagate(e); err == nil {
				p := math.Exp(dg.jt.LogProbEvidence() - logPE)
				top := math.Inf(-1)
				for o := range dg.aug.Card(d) {
					c := e.Clone()
					c.Retract(d)
					if err := c.SetDo(d, o); err != nil {
						return 0, err
					}
					if eu, possible, err := dg.expected(c); err != nil {
						return 0, err
					} else if possible {
						top = math.Max(top, eu)
					}
				}
				if !math.IsInf(top, -1) {
					with += p * top
				}
			}
		}
		j := len(cfg) - 1
		for ; j >= 0; j-- {
			cfg[j]++
			if cfg[j] < cards[j] {
				break
			}
			cfg[j] = 0
		}
		if j < 0 {
			break
		}
	}
	return math.Max(0, with-sol.MEU), nil
}

// descends reports whether x is an effect (descendant) of d.
func (dg *Diagram) descends(x, d int) bool {
	seen := map[int]bool{}
	stack := []int{d}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range dg.net.Children(v) {
			if c == x {
				return true
			}
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return false
}
