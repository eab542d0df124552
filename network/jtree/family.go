package jtree

import (
	"errors"
	"fmt"
	"slices"

	"brink/network"
)

// ErrNotCalibrated is returned by FamilyPosterior when the clique tables do
// not hold the beliefs of a successful Propagate: before the first one, or
// after MPE, Joint, a failed Propagate or SetNetwork, all of which reuse the
// tables.
var ErrNotCalibrated = errors.New("jtree: clique beliefs are not calibrated; call Propagate first")

// FamilyPosterior returns the joint posterior of v and its parents given
// the evidence of the last successful Propagate,
//
//	P(v, pa(v) | e),
//
// in the layout of network.CPT(v): parent configurations row-major over
// Parents(v) (the first parent slowest), the states of v fastest within each
// one. The result is a new slice that sums to 1.
//
// After Hugin propagation every clique table holds P(clique | e) (Jensen,
// Lauritzen & Olesen 1990), and the clique that v's CPT was assigned to
// contains the whole family, so the family posterior is that clique's table
// summed onto the family. These are the quantities that parameter
// sensitivity needs (Chan & Darwiche 2002; Darwiche 2003, "A differential
// approach to inference in Bayesian networks": P(x, u | e) = θ_{x|u} ·
// ∂P(e)/∂θ_{x|u} / P(e)).
//
// The tables are calibrated only between a successful Propagate and the next
// call that runs the tree (MPE, Joint, a failing Propagate) or SetNetwork;
// otherwise FamilyPosterior returns ErrNotCalibrated. A variable index out
// of range gives an error wrapping network.ErrUnknownVariable.
func (jt *JunctionTree) FamilyPosterior(v int) ([]float64, error) {
	if v < 0 || v >= jt.net.NumVariables() {
		return nil, fmt.Errorf("jtree: family posterior: variable index %d: %w", v, network.ErrUnknownVariable)
	}
	if !jt.calibrated {
		return nil, ErrNotCalibrated
	}
	if jt.lastPlan != nil {
		return jt.slicedFamily(v), nil
	}
	c := &jt.cliques[jt.cptAt[v]]
	if k := slices.Index(c.cpts, v); k >= 0 {
		out := make([]float64, c.cptMap[k].InnerSize())
		c.cptMap[k].SumInto(out, c.table)
		normalize(out)
		return out, nil
	}
	// assign records where every CPT went, so this is unreachable.
	panic(fmt.Sprintf("jtree: the CPT of variable %d is in no clique", v))
}
