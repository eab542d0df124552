package workspace

import (
	"errors"
	"fmt"

	"brink/network"
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
	dg := w.diagram()
	if dg == nil {
		return nil, fmt.Errorf("workspace: %w", decision.ErrNoDecisions)
	}
	// The last propagation solved the diagram for the current findings
	// already (propagate); otherwise solve it now.
	sol := w.polSol
	if sol == nil || w.polEv != w.ev {
		var err error
		if sol, err = dg.Solve(w.ev); err != nil {
			return nil, err
		}
	}
	d := &Decisions{Diagram: dg, Solution: sol}
	if actors, sides, _, ok := decision.TwoSides(m); ok {
		for _, v := range m.BriefingNodes() {
			if m.Nodes[v].Role != model.RoleDecision {
				d.Watch = append(d.Watch, v)
			}
		}
		d.Actors, d.Sides = actors, sides
		g, err := dg.NewGame(w.ev, d.Sides[0], d.Sides[1], actors[0], actors[1], d.Watch)
		if err != nil && !errors.Is(err, decision.ErrNotDecision) {
			return d, fmt.Errorf("workspace: the two sides' table: %w", err)
		}
		d.Game = g
	}
	return d, nil
}

// policyNetwork returns the network on which beliefs under ev are
// computed when the model has the diagram dg — its policy network, each
// decision's placeholder table replaced by its optimal policy given ev
// (decisions set by action or observed in ev keep their tables, which
// the evidence overrides; decision.Diagram.BeliefNetwork, which brinkctl
// uses too) — so that the beliefs shown are those under the best play, as
// influence diagram tools show them; and the solution. Both are nil when
// there is no diagram or it cannot be solved (the placeholder tables then
// stand).
func policyNetwork(dg *decision.Diagram, ev *network.Evidence) (*network.Network, *decision.Solution) {
	if dg == nil {
		return nil, nil
	}
	n, sol, err := dg.BeliefNetwork(ev)
	if err != nil {
		return nil, nil
	}
	return n, sol
}

// ExpectedUtilities returns the expected value of each of the model's
// utilities (model.Model.Utilities, in order), in the model's units,
// under the current findings and actions with the decisions following
// their best policies — the play under which the views show every
// belief (decision.Diagram.Expected). ok is false when there are none to
// give: the model has no utilities or no decisions, or its diagram
// cannot be solved under the findings. Found once per change of model or
// findings; the slice is the workspace's.
func (w *Workspace) ExpectedUtilities() (values []float64, ok bool) {
	if w.expGen == w.gen && w.expModel == w.Model() {
		return w.exp, w.expOK
	}
	w.exp, w.expOK = w.expectedUtilities()
	w.expGen, w.expModel = w.gen, w.Model()
	return w.exp, w.expOK
}

func (w *Workspace) expectedUtilities() ([]float64, bool) {
	dg := w.diagram()
	if dg == nil {
		return nil, false
	}
	// The last propagation solved the diagram for the current findings
	// already (propagate); otherwise solve it now.
	sol := w.polSol
	if sol == nil || w.polEv != w.ev {
		var err error
		if sol, err = dg.Solve(w.ev); err != nil {
			return nil, false
		}
	}
	vals, err := dg.Expected(w.ev, sol)
	if err != nil || len(vals) != len(w.Model().Utilities) {
		return nil, false
	}
	return vals, true
}

// diagram returns the open model's influence diagram, or nil when it has
// none, built once per model.
func (w *Workspace) diagram() *decision.Diagram {
	if w.diagModel != w.Model() {
		w.diagModel = w.Model()
		w.diag, _ = decision.FromModel(w.Model())
	}
	return w.diag
}

// propagate conditions the engine on ev, in a model with decisions under
// the policies that are best given ev.
func (w *Workspace) propagate(ev *network.Evidence) error {
	pn, sol := policyNetwork(w.diagram(), ev)
	w.polSol, w.polEv = sol, ev
	if pn != nil {
		if err := w.engine.SetNetwork(pn); err != nil {
			return err
		}
	} else if w.engine.Network() != w.Network() {
		if err := w.engine.SetNetwork(w.Network()); err != nil {
			return err
		}
	}
	return w.engine.Propagate(ev)
}
