package workspace

import (
	"errors"
	"fmt"

	"brink/network/decision"
	"brink/network/model"
)

// Decisions is the model's influence diagram solved under the current
// findings and actions: each decision's options and policy, and, when
// decisions belong to exactly two actors, the table of their options
// against each other.
type Decisions struct {
	Diagram  *decision.Diagram
	Solution *decision.Solution
	// Game is the two sides' table, nil unless two actors have
	// decisions; Actors and Sides name them and their first decisions.
	Game   *decision.Game
	Actors [2]string
	Sides  [2]int
	// Watch are the nodes whose beliefs Game keeps per pair of options.
	Watch []int
}

// Decisions solves the model's influence diagram, once per change of
// model or findings. A model without decisions or utilities gives an
// error wrapping decision.ErrNoDecisions.
func (w *Workspace) Decisions() (*Decisions, error) {
	if w.decGen == w.gen && w.decModel == w.Model() && (w.dec != nil || w.decErr != nil) {
		return w.dec, w.decErr
	}
	w.dec, w.decErr = w.solveDecisions()
	w.decGen, w.decModel = w.gen, w.Model()
	return w.dec, w.decErr
}

func (w *Workspace) solveDecisions() (*Decisions, error) {
	m := w.Model()
	dg, err := decision.FromModel(m)
	if err != nil {
		return nil, err
	}
	sol, err := dg.Solve(w.ev)
	if err != nil {
		return nil, err
	}
	d := &Decisions{Diagram: dg, Solution: sol}
	var actors []string
	first := map[string]int{}
	for v := range m.Net.NumVariables() {
		nd := m.Nodes[v]
		if nd.Role == model.RoleDecision && nd.Actor != "" {
			if _, seen := first[nd.Actor]; !seen {
				first[nd.Actor] = v
				actors = append(actors, nd.Actor)
			}
		}
	}
	if len(actors) == 2 {
		for _, v := range m.BriefingNodes() {
			if m.Nodes[v].Role != model.RoleDecision {
				d.Watch = append(d.Watch, v)
			}
		}
		d.Actors = [2]string{actors[0], actors[1]}
		d.Sides = [2]int{first[actors[0]], first[actors[1]]}
		g, err := dg.NewGame(w.ev, d.Sides[0], d.Sides[1], actors[0], actors[1], d.Watch)
		if err != nil && !errors.Is(err, decision.ErrNotDecision) {
			return d, fmt.Errorf("workspace: the two sides' table: %w", err)
		}
		d.Game = g
	}
	return d, nil
}
