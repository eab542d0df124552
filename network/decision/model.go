package decision

import (
	"errors"
	"fmt"

	"brink/network/model"
)

// ErrNoDecisions is returned for a model without decision nodes or
// without utilities.
var ErrNoDecisions = errors.New("the model has no decisions or no utilities")

// FromModel builds the influence diagram of m: its decision nodes (role
// decision) in the network's topological order, the order in which they
// are taken, and its utilities.
func FromModel(m *model.Model) (*Diagram, error) {
	n := m.Net
	// The decisions in a causal order that does not depend on the graph
	// library's: repeatedly the first in the model's order whose
	// ancestors among the decisions are all placed.
	var pending []int
	for v := range n.NumVariables() {
		if m.Nodes[v].Role == model.RoleDecision {
			pending = append(pending, v)
		}
	}
	anc := func(a, b int) bool { // a is an ancestor of b
		seen := map[int]bool{}
		stack := []int{b}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, p := range n.Parents(x) {
				if p == a {
					return true
				}
				if !seen[p] {
					seen[p] = true
					stack = append(stack, p)
				}
			}
		}
		return false
	}
	var decisions []int
	for len(pending) > 0 {
		for i, d := range pending {
			ready := true
			for _, o := range pending {
				if o != d && anc(o, d) {
					ready = false
					break
				}
			}
			if ready {
				decisions = append(decisions, d)
				pending = append(pending[:i], pending[i+1:]...)
				break
			}
		}
	}
	if len(decisions) == 0 || len(m.Utilities) == 0 {
		return nil, fmt.Errorf("decision: %w", ErrNoDecisions)
	}
	us := make([]Utility, len(m.Utilities))
	for k, u := range m.Utilities {
		us[k] = Utility{Name: u.DisplayLabel(), Actor: u.Actor, Table: u.Table}
		for _, p := range u.Parents {
			v, ok := n.Index(p)
			if !ok {
				return nil, fmt.Errorf("decision: utility %q: no node %q", u.ID, p)
			}
			us[k].Parents = append(us[k].Parents, v)
		}
	}
	dg, err := New(n, decisions, us)
	if err != nil {
		return nil, err
	}
	actors := make([]string, len(decisions))
	for i, d := range decisions {
		actors[i] = m.Nodes[d].Actor
	}
	return dg, dg.SetActors(actors)
}

// Decisions returns the diagram's decision variables, in the order they
// are taken.
func (dg *Diagram) Decisions() []int { return dg.decisions }

// TwoSides finds the two actors of m that own decisions, and each one's
// first decision in the order of the model's nodes (the first actor's
// options are a game table's rows). ok is false unless exactly two
// actors own decisions; names lists those found, for messages.
func TwoSides(m *model.Model) (actors [2]string, decisions [2]int, names []string, ok bool) {
	first := map[string]int{}
	for v := range m.Net.NumVariables() {
		nd := m.Nodes[v]
		if nd.Role != model.RoleDecision || nd.Actor == "" {
			continue
		}
		if _, seen := first[nd.Actor]; !seen {
			first[nd.Actor] = v
			names = append(names, nd.Actor)
		}
	}
	if len(names) != 2 {
		return actors, decisions, names, false
	}
	for k, a := range names {
		actors[k], decisions[k] = a, first[a]
	}
	return actors, decisions, names, true
}
