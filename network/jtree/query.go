package jtree

import (
	"fmt"
	"math"
	"slices"

	"brink/network"
	"brink/network/factor"
)

// MPE finds a most probable explanation: one state per variable maximising
// the joint probability together with the evidence,
//
//	x* = argmax_x Π_v P(x_v | x_pa(v)) · Π_findings w_f(x_f),
//
// and returns that maximum (for hard findings, P(x*, e)); like ProbEvidence
// it is +Inf or 0 when likelihood weights put it outside the float64 range.
// It runs max-product propagation over the compiled tree (Dawid 1992,
// "Applications of a general propagation algorithm for probabilistic expert
// systems") and decodes from the root outwards, each clique choosing its
// best entry consistent with the states already fixed by its parent. The
// posteriors of the last Propagate are kept.
func (jt *JunctionTree) MPE(ev *network.Evidence) ([]int, float64, error) {
	logP, ok := jt.run(ev, true, nil)
	if !ok {
		return nil, 0, jt.conflict(ev)
	}
	assign := make([]int, jt.net.NumVariables())
	for i := range assign {
		assign[i] = -1
	}
	for _, ci := range jt.order {
		c := &jt.cliques[ci]
		strides := make([]int, len(c.vars))
		s := 1
		for k := len(c.vars) - 1; k >= 0; k-- {
			strides[k] = s
			s *= c.cards[k]
		}
		best, bestVal := -1, -1.0
	entries:
		for i, x := range c.table {
			if x <= bestVal {
				continue
			}
			for k, v := range c.vars {
				if a := assign[v]; a >= 0 && (i/strides[k])%c.cards[k] != a {
					continue entries
				}
			}
			best, bestVal = i, x
		}
		for k, v := range c.vars {
			assign[v] = (best / strides[k]) % c.cards[k]
		}
	}
	return assign, math.Exp(logP), nil
}

// Joint returns P(vars | ev) as a factor over vars in the order given.
// When one clique holds all of vars it is read from the propagated tree;
// otherwise it is computed by variable elimination on the network, after
// removing the variables that cannot matter (barren descendants).
func (jt *JunctionTree) Joint(ev *network.Evidence, vars []int) (*factor.Factor, error) {
	n := jt.net
	if len(vars) == 0 {
		return nil, fmt.Errorf("jtree: joint of no variables")
	}
	for i, v := range vars {
		if v < 0 || v >= n.NumVariables() {
			return nil, fmt.Errorf("jtree: joint: variable index %d: %w", v, network.ErrUnknownVariable)
		}
		if slices.Contains(vars[:i], v) {
			return nil, fmt.Errorf("jtree: joint: variable %q listed twice", n.Name(v))
		}
	}
	best := jt.cliqueHolding(vars)
	if best >= 0 {
		if _, ok := jt.run(ev, false, nil); !ok {
			return nil, jt.conflict(ev)
		}
		c := &jt.cliques[best]
		f := &factor.Factor{Vars: c.vars, Cards: c.cards, Values: c.table}
		out, err := f.Marginal(vars)
		if err != nil {
			return nil, err
		}
		out.Normalize()
		return out, nil
	}
	out, err := eliminate(n, ev, vars)
	if err != nil {
		return nil, err
	}
	if out.Normalize() == 0 {
		return nil, jt.conflict(ev)
	}
	return out, nil
}

// eliminate computes P(vars, ev) (unnormalised) by variable elimination
// (Zhang & Poole 1994), choosing each next variable by min-weight.
func eliminate(n *network.Network, ev *network.Evidence, vars []int) (*factor.Factor, error) {
	// Only the query and observed variables and their ancestors matter.
	relevant := make([]bool, n.NumVariables())
	var stack []int
	mark := func(v int) {
		if !relevant[v] {
			relevant[v] = true
			stack = append(stack, v)
		}
	}
	for _, v := range vars {
		mark(v)
	}
	if ev != nil {
		for _, f := range ev.Findings() {
			mark(f.Variable)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range n.Parents(v) {
			mark(p)
		}
	}
	var factors []*factor.Factor
	for v := range n.NumVariables() {
		if !relevant[v] {
			continue
		}
		fam := append(slices.Clone(n.Parents(v)), v)
		cards := make([]int, len(fam))
		for i, u := range fam {
			cards[i] = n.Card(u)
		}
		f := &factor.Factor{Vars: fam, Cards: cards, Values: slices.Clone(n.CPT(v))}
		if ev != nil {
			// The result is normalised, so the scale of the weights
			// does not matter; rescaled, they cannot overflow.
			if w, _ := ev.ScaledLikelihood(v); w != nil {
				f.MulVector(v, w)
			}
		}
		factors = append(factors, f)
	}
	for {
		// Pick the non-query variable whose elimination makes the smallest
		// table.
		x, bestSize := -1, math.Inf(1)
		for v := range n.NumVariables() {
			if !relevant[v] || slices.Contains(vars, v) {
				continue
			}
			scope := map[int]bool{}
			for _, f := range factors {
				if slices.Contains(f.Vars, v) {
					for _, u := range f.Vars {
						scope[u] = true
					}
				}
			}
			size := 1.0
			for u := range scope {
				size *= float64(n.Card(u))
			}
			if size < bestSize {
				x, bestSize = v, size
			}
		}
		if x < 0 {
			break
		}
		if bestSize > 1e8 {
			return nil, fmt.Errorf("jtree: joint of %d variables spread over the tree needs a table of %.3g entries: %w", len(vars), bestSize, ErrTooLarge)
		}
		relevant[x] = false
		var prod *factor.Factor
		rest := factors[:0]
		for _, f := range factors {
			if slices.Contains(f.Vars, x) {
				if prod == nil {
					prod = f
				} else {
					prod = factor.Product(prod, f)
				}
			} else {
				rest = append(rest, f)
			}
		}
		factors = rest
		if prod != nil {
			factors = append(factors, prod.SumOut(x))
		}
	}
	cards := make([]int, len(vars))
	for i, v := range vars {
		cards[i] = n.Card(v)
	}
	out := factor.New(vars, cards)
	for _, f := range factors {
		out = factor.Product(out, f)
	}
	return out.Marginal(vars)
}

// cliqueHolding returns the smallest clique that contains every variable
// of vars, or -1.
func (jt *JunctionTree) cliqueHolding(vars []int) int {
	best := -1
	for ci, c := range jt.cliques {
		holds := true
		for _, v := range vars {
			if !slices.Contains(c.vars, v) {
				holds = false
				break
			}
		}
		if holds && (best < 0 || len(c.table) < len(jt.cliques[best].table)) {
			best = ci
		}
	}
	return best
}
