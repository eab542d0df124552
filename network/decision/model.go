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
	var decisions []int
	for _, v := range n.TopologicalOrder() {
		if m.Nodes[v].Role == model.RoleDecision {
			decisions = append(decisions, v)
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
	return New(n, decisions, us)
}

// Decisions returns the diagram's decision variables, in the order they
// are taken.
func (dg *Diagram) Decisions() []int { return dg.decisions }
