package decision

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/network"
	"brink/network/jtree"
	"brink/network/model"
)

// BeliefNetwork returns the network on which every belief about m under
// ev (findings and actions on m.Net; nil for none) is computed — the
// window's bars, its analyses and brinkctl's alike. For a model with
// decisions and utilities (an influence diagram, FromModel) it is the
// policy network of the diagram solved under ev (Diagram.BeliefNetwork),
// returned with the diagram and the solution; for any other model it is
// m.Net, with a nil diagram and solution. A decision set by action or
// observed in ev keeps its own table, which the evidence overrides, as in
// PolicyNetwork.
//
// The error is FromModel's or Solve's, except for evidence that is
// impossible in m.Net itself (the decisions' own tables standing), for
// which it is the engine's *network.ImpossibleEvidenceError, naming the
// findings in conflict as a query without decisions would.
func BeliefNetwork(m *model.Model, ev *network.Evidence) (*network.Network, *Diagram, *Solution, error) {
	dg, err := FromModel(m)
	if errors.Is(err, ErrNoDecisions) {
		return m.Net, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	net, sol, err := dg.BeliefNetwork(ev)
	if err != nil {
		if jt, cerr := jtree.Compile(m.Net, jtree.Options{}); cerr == nil {
			if perr := jt.Propagate(ev); perr != nil {
				return nil, nil, nil, perr
			}
		}
		return nil, nil, nil, err
	}
	return net, dg, sol, nil
}

// BeliefNetwork solves the diagram under ev (Solve) and returns its
// policy network (PolicyNetwork) with the solution: the network on which
// beliefs are computed when each decision follows its best policy. Like
// Solve it uses the diagram's compiled tree and is not safe for
// concurrent use; the network it returns is immutable and may be shared.
func (dg *Diagram) BeliefNetwork(ev *network.Evidence) (*network.Network, *Solution, error) {
	sol, err := dg.Solve(ev)
	if err != nil {
		return nil, nil, err
	}
	net, err := dg.PolicyNetwork(ev, sol)
	if err != nil {
		return nil, nil, err
	}
	return net, sol, nil
}

// ChoiceKind says what fixes a decision's option in a belief network.
type ChoiceKind int

// The kinds of choice.
const (
	// ByPolicy: the decision follows its best policy.
	ByPolicy ChoiceKind = iota
	// ByAction: the decision is set by action (network.Evidence.SetDo).
	ByAction
	// ByFinding: the decision is observed; its own table stands and the
	// finding overrides it.
	ByFinding
)

// Choice is what one decision does in the network BeliefNetwork returns.
type Choice struct {
	Decision int
	Kind     ChoiceKind
	// Option is the option taken: the one set by action, the state of a
	// hard finding, or the policy's choice when it is the same in every
	// case that can arise; -1 when the policy's choice varies with what
	// the decision sees, or the finding is not hard.
	Option int
	// DependsOn lists the parents the policy's choice varies with, in
	// the order of the decision's parents, when Option is -1 and Kind is
	// ByPolicy: a parent p is listed when two cases that can arise and
	// differ only in p's state lead to different options.
	DependsOn []int
	// Policy is the decision's best policy (Solution.Policies), whatever
	// Kind is, over every case, those that cannot arise included.
	Policy Policy
}

// Choices says, for each decision in the order they are taken, what fixes
// its option under ev (nil for none) in the network BeliefNetwork(ev)
// returns with sol. A case of what a decision sees "can arise" when it
// has a positive probability given ev in that network: with the oil
// wildcatter's test taken for certain, the choice to drill depends on the
// test's result only, although the policy also says what to do untested.
func (dg *Diagram) Choices(ev *network.Evidence, sol *Solution) ([]Choice, error) {
	if sol == nil || len(sol.Policies) != len(dg.decisions) {
		return nil, fmt.Errorf("decision: a solution with %d policies for %d decisions", policiesOf(sol), len(dg.decisions))
	}
	if ev == nil {
		ev = network.NewEvidence(dg.net)
	}
	var arise [][]bool // by decision, by case; nil until needed
	out := make([]Choice, len(dg.decisions))
	for i, d := range dg.decisions {
		pol := sol.Policies[i]
		c := Choice{Decision: d, Kind: ByPolicy, Option: -1, Policy: pol}
		if s, set := ev.Do(d); set {
			c.Kind, c.Option = ByAction, s
			out[i] = c
			continue
		}
		if f, observed := ev.Finding(d); observed {
			c.Kind = ByFinding
			if f.Kind == network.Hard {
				c.Option = f.State
			}
			out[i] = c
			continue
		}
		if arise == nil {
			var err error
			if arise, err = dg.cases(ev, sol); err != nil {
				return nil, err
			}
		}
		c.Option, c.DependsOn = dependsOn(dg.net, d, pol, arise[i])
		out[i] = c
	}
	return out, nil
}

// cases reports, for each decision and each configuration of its parents
// (a policy's row), whether it has a positive probability given ev in the
// network BeliefNetwork returns: the family posteriors of one propagation
// of the diagram's tree with the decisions' tables as PolicyNetwork sets
// them. The policies are installed again afterwards, as Expected leaves
// them.
func (dg *Diagram) cases(ev *network.Evidence, sol *Solution) ([][]bool, error) {
	restore, err := dg.propagateUnder(ev, sol)
	defer restore()
	if err != nil {
		return nil, err
	}
	out := make([][]bool, len(dg.decisions))
	for i, d := range dg.decisions {
		fam, err := dg.jt.FamilyPosterior(d)
		if err != nil {
			return nil, fmt.Errorf("decision: %w", err)
		}
		k := dg.aug.Card(d)
		out[i] = make([]bool, len(fam)/k)
		for r := range out[i] {
			for _, p := range fam[r*k : (r+1)*k] {
				out[i][r] = out[i][r] || p > 0
			}
		}
	}
	return out, nil
}

// dependsOn returns the option pol chooses in every case that can arise
// (arise, by row), or −1 and the parents of d whose state changes the
// option in some pair of cases that can arise. Rows are numbered with
// the first parent slowest (network.VariableSpec), so that the rows
// differing from r only in the parent at position j are r ± k·stride_j.
// When the cases that can arise with different options differ in several
// parents at once and never in one alone, the parents listed are those
// in which some such pair differs. (That some case can arise is certain
// after a successful propagation; were none to, the whole policy would
// be read.)
func dependsOn(n *network.Network, d int, pol Policy, arise []bool) (int, []int) {
	if !slices.Contains(arise, true) {
		arise = nil
	}
	can := func(r int) bool { return arise == nil || arise[r] }
	option := -1
	same := true
	for r, o := range pol {
		if !can(r) {
			continue
		}
		if option < 0 {
			option = o
		}
		same = same && o == option
	}
	if same {
		return option, nil
	}
	var out []int
	stride := len(pol)
	for _, p := range n.Parents(d) {
		card := n.Card(p)
		stride /= card
		varies := false
		for r := 0; r < len(pol) && !varies; r++ {
			if !can(r) {
				continue
			}
			base := r - r/stride%card*stride
			for t := range card {
				if o := base + t*stride; can(o) && pol[o] != pol[r] {
					varies = true
					break
				}
			}
		}
		if varies {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		var a, b []int
		for j, p := range n.Parents(d) {
			for r := range pol {
				for o := r + 1; o < len(pol) && !slices.Contains(out, p); o++ {
					if can(r) && can(o) && pol[r] != pol[o] {
						a, b = n.ParentStates(d, r, a), n.ParentStates(d, o, b)
						if a[j] != b[j] {
							out = append(out, p)
						}
					}
				}
			}
		}
	}
	return -1, out
}

// ChoicesText says in one sentence, in m's labels, that beliefs are under
// the best policies and what each decision does: "Beliefs are under the
// best policies: Seismic test? = Test; Drill? depends on Seismic test?
// and Test result."
func ChoicesText(m *model.Model, cs []Choice) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		d := c.Decision
		switch {
		case c.Kind == ByAction:
			parts[i] = fmt.Sprintf("%s = %s (set by action)", m.Label(d), m.StateLabel(d, c.Option))
		case c.Kind == ByFinding && c.Option >= 0:
			parts[i] = fmt.Sprintf("%s = %s (observed)", m.Label(d), m.StateLabel(d, c.Option))
		case c.Kind == ByFinding:
			parts[i] = m.Label(d) + " as observed"
		case c.Option >= 0:
			parts[i] = fmt.Sprintf("%s = %s", m.Label(d), m.StateLabel(d, c.Option))
		default:
			names := make([]string, len(c.DependsOn))
			for j, p := range c.DependsOn {
				names[j] = m.Label(p)
			}
			parts[i] = m.Label(d) + " depends on " + andList(names)
		}
	}
	return "Beliefs are under the best policies: " + strings.Join(parts, "; ") + "."
}

// andList joins names as "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// SamplingModel returns what uncertainty.Run is to be given to sample
// the CPT numbers of net — m.Net or the network BeliefNetwork returns for
// m — around their stated values without touching the decisions' tables,
// which are policies or choices, not estimates: a model of net whose
// nodes hold only the confidence each is sampled with, and the default
// confidence to pass in uncertainty.Options. A chance node keeps its own
// confidence or, having none, takes def when def is a finite positive
// number; a decision node holds none. The default returned is then 0;
// when def is 0 or not a number Run accepts, it is def itself, so that
// Run treats it as before (holds nodes fixed, or refuses it).
func SamplingModel(m *model.Model, net *network.Network, def float64) (*model.Model, float64) {
	snap := &model.Model{Net: net, Nodes: make([]model.Node, len(m.Nodes))}
	apply := def > 0 && !math.IsInf(def, 0)
	for v, nd := range m.Nodes {
		switch {
		case nd.Role == model.RoleDecision:
		case nd.Confidence == 0 && apply:
			snap.Nodes[v].Confidence = def
		default:
			snap.Nodes[v].Confidence = nd.Confidence
		}
	}
	if apply {
		def = 0
	}
	return snap, def
}
