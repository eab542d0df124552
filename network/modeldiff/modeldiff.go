// Package modeldiff compares two versions of a model the way a reviewer
// needs: which nodes, states and edges came or went, every CPT entry that
// changed, and how the beliefs in the outcome nodes moved under each
// scenario the two versions share.
package modeldiff

import (
	"fmt"
	"slices"

	"brink/network"
	"brink/network/jtree"
	"brink/network/model"
)

// Diff is what changed from model A to model B.
type Diff struct {
	NodesAdded    []string            `json:"nodes_added"`
	NodesRemoved  []string            `json:"nodes_removed"`
	StatesAdded   map[string][]string `json:"states_added"`
	StatesRemoved map[string][]string `json:"states_removed"`
	EdgesAdded    []Edge              `json:"edges_added"`
	EdgesRemoved  []Edge              `json:"edges_removed"`
	CPTChanges    []CPTChange         `json:"cpt_changes"`
	// CPTReplaced lists nodes whose CPTs cannot be compared entry by
	// entry because their parents or states changed.
	CPTReplaced []string      `json:"cpt_replaced"`
	Shifts      []BeliefShift `json:"outcome_shifts"`
	// ScenarioErrors reports scenarios that could not be evaluated in one
	// of the versions (e.g. impossible evidence).
	ScenarioErrors []string `json:"scenario_errors"`
}

// Edge is an arrow From → To.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// CPTChange is one CPT entry that differs: P(Node = State | Given).
type CPTChange struct {
	Node  string            `json:"node"`
	Given map[string]string `json:"given"`
	State string            `json:"state"`
	Old   float64           `json:"old"`
	New   float64           `json:"new"`
}

// BeliefShift is the posterior of one outcome state under one scenario in
// both versions. Scenario "" is the baseline with no findings.
type BeliefShift struct {
	Scenario string  `json:"scenario"`
	Node     string  `json:"node"`
	State    string  `json:"state"`
	Old      float64 `json:"old"`
	New      float64 `json:"new"`
	Delta    float64 `json:"delta"`
}

// Empty reports whether the versions have the same structure and numbers.
func (d *Diff) Empty() bool {
	return len(d.NodesAdded)+len(d.NodesRemoved)+len(d.StatesAdded)+len(d.StatesRemoved)+
		len(d.EdgesAdded)+len(d.EdgesRemoved)+len(d.CPTChanges)+len(d.CPTReplaced) == 0
}

// Compare returns the differences from a to b. Belief shifts are computed
// for the nodes that b marks as outcomes (or a, if b marks none; or every
// node both share if neither does), under the baseline and every scenario
// both versions define.
func Compare(a, b *model.Model) (*Diff, error) {
	d := &Diff{StatesAdded: map[string][]string{}, StatesRemoved: map[string][]string{}}
	na, nb := a.Net, b.Net
	for v := range nb.NumVariables() {
		if _, ok := na.Index(nb.Name(v)); !ok {
			d.NodesAdded = append(d.NodesAdded, nb.Name(v))
		}
	}
	for v := range na.NumVariables() {
		if _, ok := nb.Index(na.Name(v)); !ok {
			d.NodesRemoved = append(d.NodesRemoved, na.Name(v))
		}
	}
	edges := func(n *network.Network) map[Edge]bool {
		out := map[Edge]bool{}
		for v := range n.NumVariables() {
			for _, p := range n.Parents(v) {
				out[Edge{n.Name(p), n.Name(v)}] = true
			}
		}
		return out
	}
	ea, eb := edges(na), edges(nb)
	for v := range nb.NumVariables() {
		for _, p := range nb.Parents(v) {
			if e := (Edge{nb.Name(p), nb.Name(v)}); !ea[e] {
				d.EdgesAdded = append(d.EdgesAdded, e)
			}
		}
	}
	for v := range na.NumVariables() {
		for _, p := range na.Parents(v) {
			if e := (Edge{na.Name(p), na.Name(v)}); !eb[e] {
				d.EdgesRemoved = append(d.EdgesRemoved, e)
			}
		}
	}
	for vb := range nb.NumVariables() {
		va, ok := na.Index(nb.Name(vb))
		if !ok {
			continue
		}
		sa, sb := na.Variable(va).States, nb.Variable(vb).States
		for _, s := range sb {
			if !slices.Contains(sa, s) {
				d.StatesAdded[nb.Name(vb)] = append(d.StatesAdded[nb.Name(vb)], s)
			}
		}
		for _, s := range sa {
			if !slices.Contains(sb, s) {
				d.StatesRemoved[nb.Name(vb)] = append(d.StatesRemoved[nb.Name(vb)], s)
			}
		}
		d.compareCPT(na, va, nb, vb)
	}
	if err := d.shifts(a, b); err != nil {
		return nil, err
	}
	return d, nil
}

// compareCPT lists the changed entries of one node's CPT, matching rows
// and states by name. If the parents or states differ as sets the CPTs
// are not comparable entry by entry and the node is listed as replaced.
func (d *Diff) compareCPT(na *network.Network, va int, nb *network.Network, vb int) {
	name := nb.Name(vb)
	pa, pb := na.Parents(va), nb.Parents(vb)
	namesOf := func(n *network.Network, ps []int) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = n.Name(p)
		}
		slices.Sort(out)
		return out
	}
	sameStates := func(x, y []string) bool {
		return slices.Equal(slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y)))
	}
	if !slices.Equal(namesOf(na, pa), namesOf(nb, pb)) || !sameStates(na.Variable(va).States, nb.Variable(vb).States) {
		d.CPTReplaced = append(d.CPTReplaced, name)
		return
	}
	for _, p := range pb {
		q, _ := na.Index(nb.Name(p))
		if !sameStates(na.Variable(q).States, nb.Variable(p).States) {
			d.CPTReplaced = append(d.CPTReplaced, name)
			return
		}
	}
	kb := nb.Card(vb)
	var statesB []int
	cptA, cptB := na.CPT(va), nb.CPT(vb)
	for row := 0; row < nb.ParentConfigs(vb); row++ {
		statesB = nb.ParentStates(vb, row, statesB)
		given := map[string]string{}
		rowA := 0
		// Row of a: its parents in its own order, states by name.
		for _, q := range pa {
			qn := na.Name(q)
			j := slices.IndexFunc(pb, func(p int) bool { return nb.Name(p) == qn })
			st := nb.Variable(pb[j]).States[statesB[j]]
			given[qn] = st
			rowA = rowA*na.Card(q) + na.Variable(q).StateIndex(st)
		}
		for s := range kb {
			st := nb.Variable(vb).States[s]
			sa := na.Variable(va).StateIndex(st)
			old, nw := cptA[rowA*na.Card(va)+sa], cptB[row*kb+s]
			if old != nw {
				d.CPTChanges = append(d.CPTChanges, CPTChange{Node: name, Given: given, State: st, Old: old, New: nw})
			}
		}
	}
}

// shifts propagates the baseline and each shared scenario in both
// versions and records the outcome nodes' posteriors.
func (d *Diff) shifts(a, b *model.Model) error {
	targets := outcomeNodes(b, a)
	if len(targets) == 0 {
		return nil
	}
	ja, err := jtree.Compile(a.Net, jtree.Options{})
	if err != nil {
		return fmt.Errorf("modeldiff: compiling the old version: %w", err)
	}
	jb, err := jtree.Compile(b.Net, jtree.Options{})
	if err != nil {
		return fmt.Errorf("modeldiff: compiling the new version: %w", err)
	}
	scenarios := []string{""}
	for _, s := range b.Scenarios {
		if _, ok := a.Scenario(s.Name); ok {
			scenarios = append(scenarios, s.Name)
		}
	}
	for _, name := range scenarios {
		evA, errA := evidenceFor(a, name)
		evB, errB := evidenceFor(b, name)
		if errA == nil {
			errA = ja.Propagate(evA)
		}
		if errB == nil {
			errB = jb.Propagate(evB)
		}
		if errA != nil || errB != nil {
			d.ScenarioErrors = append(d.ScenarioErrors, fmt.Sprintf("scenario %q: old: %v; new: %v", name, errA, errB))
			continue
		}
		for _, t := range targets {
			va, _ := a.Net.Index(t)
			vb, _ := b.Net.Index(t)
			for s, st := range b.Net.Variable(vb).States {
				sa := a.Net.Variable(va).StateIndex(st)
				if sa < 0 {
					continue
				}
				old, nw := ja.Posterior(va)[sa], jb.Posterior(vb)[s]
				d.Shifts = append(d.Shifts, BeliefShift{Scenario: name, Node: t, State: st, Old: old, New: nw, Delta: nw - old})
			}
		}
	}
	return nil
}

func evidenceFor(m *model.Model, scenario string) (*network.Evidence, error) {
	if scenario == "" {
		return network.NewEvidence(m.Net), nil
	}
	s, _ := m.Scenario(scenario)
	return m.Evidence(s)
}

// outcomeNodes returns the names of the nodes both versions share that the
// first model marking any outcome marks as outcomes; with none marked,
// every shared node.
func outcomeNodes(ms ...*model.Model) []string {
	shared := func(name string) bool {
		for _, m := range ms {
			if _, ok := m.Net.Index(name); !ok {
				return false
			}
		}
		return true
	}
	for _, m := range ms {
		var out []string
		for v, nd := range m.Nodes {
			if nd.Role == model.RoleOutcome && shared(m.Net.Name(v)) {
				out = append(out, m.Net.Name(v))
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	var out []string
	for v := range ms[0].Net.NumVariables() {
		if shared(ms[0].Net.Name(v)) {
			out = append(out, ms[0].Net.Name(v))
		}
	}
	return out
}
