package jtree

import (
	"fmt"
	"math"

	"brink/network"
)

// Propagate conditions the tree on ev and computes every posterior and
// P(ev). It allocates nothing when ev is possible. When P(ev) = 0 it
// returns an *network.ImpossibleEvidenceError naming a smallest conflicting
// set of findings, and the results of the previous propagation stay.
func (jt *JunctionTree) Propagate(ev *network.Evidence) error {
	if ev != nil && ev.Network().NumVariables() != jt.net.NumVariables() {
		return fmt.Errorf("jtree: evidence is for another network")
	}
	logZ, ok := jt.run(ev, false)
	if !ok {
		return jt.conflict(ev)
	}
	jt.logZ = logZ
	for v := range jt.home {
		dst := jt.post[jt.offset[v]:jt.offset[v+1]]
		jt.homeMap[v].SumInto(dst, jt.cliques[jt.home[v]].table)
		normalize(dst)
	}
	jt.valid = true
	jt.calibrated = true
	return nil
}

// run loads the clique tables, enters ev and passes messages to the root
// and back, with summation (Hugin) or, if maximise, maximisation
// (max-product, Dawid 1992). It returns ln of the normalising constant and
// false if the evidence has probability zero.
//
// Messages towards the root are scaled to sum to 1 and the logarithms of
// the scale factors summed, so that nothing underflows however much
// evidence there is:
//
//	ln P(e) = Σ_messages ln z_m + ln z_root
//
// where z_m is the sum of message m before scaling and z_root the sum of
// the root after absorbing its children. Each separator keeps the
// unscaled message, so the update on the way back,
//
//	φ_child ← φ_child · (μ_new / μ_old),  0/0 = 0,
//
// leaves every clique holding P(clique, e) / P(e).
func (jt *JunctionTree) run(ev *network.Evidence, maximise bool) (float64, bool) {
	jt.calibrated = false // MPE, Joint and the conflict search overwrite the tables too
	for i := range jt.cliques {
		c := &jt.cliques[i]
		if c.init != nil {
			copy(c.table, c.init)
		} else {
			jt.fillInit(c, c.table)
		}
	}
	if ev != nil && ev.Len() > 0 {
		for v, home := range jt.home {
			if w := ev.Likelihood(v); w != nil {
				jt.homeMap[v].MulFrom(jt.cliques[home].table, w)
			}
		}
	}
	logZ := 0.0
	// Collect: leaves first.
	for k := len(jt.order) - 1; k >= 1; k-- {
		c := &jt.cliques[jt.order[k]]
		s := &jt.seps[c.sep]
		if maximise {
			s.toChild.MaxInto(s.table, c.table)
		} else {
			s.toChild.SumInto(s.table, c.table)
		}
		z := sum(s.table)
		if z == 0 || math.IsNaN(z) {
			return 0, false
		}
		logZ += math.Log(z)
		copy(s.scratch, s.table)
		scale(s.scratch, 1/z)
		s.toParent.MulFrom(jt.cliques[s.parent].table, s.scratch)
	}
	root := jt.cliques[jt.order[0]].table
	var z float64
	if maximise {
		z = maxOf(root)
	} else {
		z = sum(root)
	}
	if z == 0 || math.IsNaN(z) {
		return 0, false
	}
	logZ += math.Log(z)
	scale(root, 1/z)
	// Distribute: parents first.
	for _, ci := range jt.order[1:] {
		c := &jt.cliques[ci]
		s := &jt.seps[c.sep]
		if maximise {
			s.toParent.MaxInto(s.scratch, jt.cliques[s.parent].table)
		} else {
			s.toParent.SumInto(s.scratch, jt.cliques[s.parent].table)
		}
		for i, old := range s.table {
			if old != 0 {
				s.scratch[i] /= old
			} else {
				s.scratch[i] = 0
			}
		}
		s.toChild.MulFrom(c.table, s.scratch)
	}
	return logZ, true
}

// conflict explains impossible evidence. It drops findings one at a time,
// keeping out each whose removal leaves the rest impossible; what remains
// is a minimal impossible subset (a deletion filter, as used for
// irreducible infeasible sets). It runs only on the error path.
func (jt *JunctionTree) conflict(ev *network.Evidence) error {
	trial := ev.Clone()
	for _, f := range ev.Findings() {
		trial.Retract(f.Variable)
		if _, ok := jt.run(trial, false); ok {
			_ = trial.Set(f) // needed for the conflict: put it back
		}
	}
	var names []string
	for _, f := range trial.Findings() {
		names = append(names, f.Describe(jt.net))
	}
	if len(names) == 0 {
		// The network itself has probability zero, which New prevents;
		// name all findings rather than none.
		for _, f := range ev.Findings() {
			names = append(names, f.Describe(jt.net))
		}
	}
	return &network.ImpossibleEvidenceError{Findings: names}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func scale(xs []float64, f float64) {
	for i := range xs {
		xs[i] *= f
	}
}

// normalize divides xs by its sum; a zero vector is left as it is.
func normalize(xs []float64) {
	if s := sum(xs); s > 0 {
		scale(xs, 1/s)
	}
}
