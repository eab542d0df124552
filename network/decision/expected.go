package decision

import (
	"fmt"

	"brink/network"
)

// PolicyNetwork returns the diagram's belief network with each decision's
// placeholder table replaced by its policy in sol, so that its beliefs
// are those under sol's play, as influence-diagram tools show them. A
// decision set by action or observed in ev keeps its table (the evidence
// overrides it). ev may be nil.
func (dg *Diagram) PolicyNetwork(ev *network.Evidence, sol *Solution) (*network.Network, error) {
	if sol == nil || len(sol.Policies) != len(dg.decisions) {
		return nil, fmt.Errorf("decision: a solution with %d policies for %d decisions", policiesOf(sol), len(dg.decisions))
	}
	n := dg.net
	for i, d := range dg.decisions {
		if keepsTable(ev, d) {
			continue
		}
		next, err := n.WithCPT(d, policyCPT(sol.Policies[i], n.Card(d)))
		if err != nil {
			return nil, fmt.Errorf("decision: %w", err)
		}
		n = next
	}
	return n, nil
}

// Expected returns the expected value of each utility, in the order the
// diagram was given them, under ev when the decisions follow sol's
// policies — the network PolicyNetwork returns — by Cooper's indicators
// (see the package comment):
//
//	E[U_k | e] = min U_k + (max U_k − min U_k) · P(I_k = 1 | e)
//
// A decision set by action or observed in ev keeps its table, as in
// PolicyNetwork, so that the values agree with the beliefs shown beside
// them. Their sum is sol.MEU when ev observes no decision. Evidence
// that is impossible under the policies is an error wrapping
// network.ErrImpossibleEvidence.
func (dg *Diagram) Expected(ev *network.Evidence, sol *Solution) ([]float64, error) {
	if sol == nil || len(sol.Policies) != len(dg.decisions) {
		return nil, fmt.Errorf("decision: a solution with %d policies for %d decisions", policiesOf(sol), len(dg.decisions))
	}
	restore, err := dg.propagateUnder(ev, sol)
	defer restore()
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(dg.ind))
	for k, v := range dg.ind {
		out[k] = dg.lo[k] + dg.span[k]*dg.jt.Posterior(v)[0]
	}
	return out, nil
}

// propagateUnder propagates ev on the augmented network with each
// decision's table set to its policy in sol — or kept, for a decision
// set by action or observed in ev, whose evidence overrides it — as
// PolicyNetwork sets them. The returned restore installs sol's policies
// again, as Solve left them (NewGame reads them); call it even on error.
func (dg *Diagram) propagateUnder(ev *network.Evidence, sol *Solution) (restore func(), err error) {
	restore = func() {
		for i, d := range dg.decisions {
			_ = dg.install(d, sol.Policies[i]) // installed before; cannot fail
		}
	}
	base, err := dg.lift(ev)
	if err != nil {
		return restore, err
	}
	for i, d := range dg.decisions {
		cpt := policyCPT(sol.Policies[i], dg.aug.Card(d))
		if keepsTable(ev, d) {
			cpt = dg.net.CPT(d)
		}
		next, err := dg.aug.WithCPT(d, cpt)
		if err != nil {
			return restore, fmt.Errorf("decision: %w", err)
		}
		if err := dg.jt.SetNetwork(next); err != nil {
			return restore, fmt.Errorf("decision: %w", err)
		}
		dg.aug = next
	}
	if err := dg.jt.Propagate(base); err != nil {
		return restore, fmt.Errorf("decision: %w", err)
	}
	return restore, nil
}

// keepsTable reports whether decision d keeps its own table under ev: it
// is set by action or observed.
func keepsTable(ev *network.Evidence, d int) bool {
	if ev == nil {
		return false
	}
	if _, set := ev.Do(d); set {
		return true
	}
	_, observed := ev.Finding(d)
	return observed
}

// policyCPT is the table of a decision with k options that follows pol:
// the chosen option for certain in each row.
func policyCPT(pol Policy, k int) []float64 {
	cpt := make([]float64, len(pol)*k)
	for r, o := range pol {
		cpt[r*k+o] = 1
	}
	return cpt
}

func policiesOf(sol *Solution) int {
	if sol == nil {
		return 0
	}
	return len(sol.Policies)
}
