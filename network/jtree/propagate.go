package jtree

import (
	"fmt"
	"math"
	"slices"

	"brink/network"
)

// Propagate conditions the tree on ev and computes every posterior and
// P(ev). It allocates nothing when ev is possible and sets nothing by
// action (network.Evidence.SetDo). When P(ev) = 0 it
// returns an *network.ImpossibleEvidenceError naming a smallest conflicting
// set of findings, and the results of the previous propagation stay.
//
// On large trees, hard findings make it faster: it then propagates only
// the entries of the tables consistent with them (see slice.go). The
// first propagation with a new set of observed variables allocates the
// layout of those slices, which later ones reuse.
func (jt *JunctionTree) Propagate(ev *network.Evidence) error {
	if ev != nil && ev.Network().NumVariables() != jt.net.NumVariables() {
		return fmt.Errorf("jtree: evidence is for another network")
	}
	plan := jt.planFor(ev)
	logZ, ok := jt.run(ev, false, plan)
	if !ok {
		return jt.conflict(ev)
	}
	jt.logZ = logZ
	for v := range jt.home {
		dst := jt.post[jt.offset[v]:jt.offset[v+1]]
		switch {
		case plan == nil:
			jt.homeMap[v].SumInto(dst, jt.cliques[jt.home[v]].view)
		case jt.hardState[v] >= 0:
			clear(dst)
			dst[jt.hardState[v]] = 1
			continue
		default:
			plan.homeMap[v].SumInto(dst, jt.cliques[jt.home[v]].view)
		}
		normalize(dst)
	}
	jt.lastPlan = plan
	jt.valid = true
	jt.calibrated = true
	return nil
}

// run loads the clique tables, enters ev and passes messages to the root
// and back, with summation (Hugin) or, if maximise, maximisation
// (max-product, Dawid 1992). It returns ln of the normalising constant and
// false if the evidence has probability zero.
//
// Every factor that could leave the float64 range goes into a logarithm:
//
//	ln P(e) = Σ_f ln λ_f + Σ_m ln z_m + Σ_r ln z_r + ln z_root
//
// λ_f is the largest weight of finding f, by which its likelihood vector
// is divided before it is multiplied in, so that weights of any magnitude
// (1e308, 1e-320) neither overflow nor underflow the tables. z_m is the sum
// of message m towards the root, which is scaled to sum to 1, so that
// nothing underflows however much evidence there is. Scaled messages have
// entries of at most 1, and a clique with thousands of children (the hub of
// a naive Bayes model) would still underflow as it multiplies them in, so
// after every rescaleEvery-th message it absorbs, a clique is itself scaled
// to sum to 1, z_r being its sum. z_root is the sum of the root after
// absorbing its children. Each separator keeps the unscaled message, so the
// update on the way back,
//
//	φ_child ← φ_child · (μ_new / μ_old),  0/0 = 0,
//
// leaves every clique holding P(clique, e) / P(e).
func (jt *JunctionTree) run(ev *network.Evidence, maximise bool, plan *slicePlan) (float64, bool) {
	if len(jt.cliques) == 0 {
		return 0, true // no variables: P(no findings) = 1
	}
	jt.calibrated = false // MPE, Joint and the conflict search overwrite the tables too
	for i := range jt.cliques {
		c := &jt.cliques[i]
		if plan == nil {
			c.view = c.table
			if c.init != nil {
				copy(c.table, c.init)
			} else {
				jt.fillInit(c, c.table)
			}
			continue
		}
		sc := &plan.cliques[i]
		c.view = c.table[:sc.size:sc.size]
		if c.init != nil {
			sc.gather(c.view, c.init, sc.offset(jt.hardState))
		} else {
			jt.fillInit(c, c.table)
			sc.gather(c.view, c.table, sc.offset(jt.hardState))
		}
	}
	for i := range jt.seps {
		s := &jt.seps[i]
		if plan == nil {
			s.msg, s.tmp, s.down, s.up = s.table, s.scratch, s.toChild, s.toParent
			continue
		}
		ss := &plan.seps[i]
		s.msg, s.tmp, s.down, s.up = s.table[:ss.size], s.scratch[:ss.size], ss.toChild, ss.toParent
	}
	// Actions: the clique holding an intervened variable's CPT is loaded
	// again with that CPT replaced by a point mass on the state set
	// (Pearl's truncated factorisation; see network.Evidence). The tree
	// is the same: cutting edges only removes dependencies it allows for.
	if ev != nil && ev.DoLen() > 0 {
		var loaded []int
		for _, it := range ev.Interventions() {
			if c := jt.cptAt[it.Variable]; !slices.Contains(loaded, c) {
				jt.fillInitDo(&jt.cliques[c], ev)
				if plan != nil {
					sc := &plan.cliques[c]
					sc.gather(jt.cliques[c].view, jt.cliques[c].table, sc.offset(jt.hardState))
				}
				loaded = append(loaded, c)
			}
		}
	}
	// Findings enter rescaled to a largest weight of 1 (Evidence.
	// ScaledLikelihood); the scales are factors of P(e) and go straight
	// into its logarithm. Sliced tables hold only the observed states of
	// hard findings, which have weight 1 there and a scale of 1.
	logZ := 0.0
	if ev != nil && ev.Len() > 0 {
		for v, home := range jt.home {
			w, logScale := ev.ScaledLikelihood(v)
			switch {
			case w == nil:
			case plan == nil:
				jt.homeMap[v].MulFrom(jt.cliques[home].view, w)
				logZ += logScale
			case jt.hardState[v] < 0:
				plan.homeMap[v].MulFrom(jt.cliques[home].view, w)
				logZ += logScale
			}
		}
	}
	// Collect: leaves first.
	for k := len(jt.order) - 1; k >= 1; k-- {
		c := &jt.cliques[jt.order[k]]
		s := &jt.seps[c.sep]
		if maximise {
			s.down.MaxInto(s.msg, c.view)
		} else {
			s.down.SumInto(s.msg, c.view)
		}
		z := sum(s.msg)
		if z == 0 || math.IsNaN(z) {
			return 0, false
		}
		logZ += network.Ln(z)
		copy(s.tmp, s.msg)
		divide(s.tmp, z)
		pt := jt.cliques[s.parent].view
		s.up.MulFrom(pt, s.tmp)
		if s.rescale {
			if maximise {
				z = maxOf(pt)
			} else {
				z = sum(pt)
			}
			if z == 0 || math.IsNaN(z) {
				return 0, false
			}
			logZ += network.Ln(z)
			divide(pt, z)
		}
	}
	root := jt.cliques[jt.order[0]].view
	var z float64
	if maximise {
		z = maxOf(root)
	} else {
		z = sum(root)
	}
	if z == 0 || math.IsNaN(z) {
		return 0, false
	}
	logZ += network.Ln(z)
	divide(root, z)
	// Distribute: parents first.
	for _, ci := range jt.order[1:] {
		c := &jt.cliques[ci]
		s := &jt.seps[c.sep]
		if maximise {
			s.up.MaxInto(s.tmp, jt.cliques[s.parent].view)
		} else {
			s.up.SumInto(s.tmp, jt.cliques[s.parent].view)
		}
		overflow := false
		for i, old := range s.msg {
			if old != 0 {
				s.tmp[i] /= old
				overflow = overflow || math.IsInf(s.tmp[i], 1)
			} else {
				s.tmp[i] = 0
			}
		}
		if !overflow {
			s.down.MulFrom(c.view, s.tmp)
			continue
		}
		// An entry of the old message was so small (subnormal, from a
		// likelihood ratio near 1e-308) that the ratio overflowed.
		// Divide first instead, φ_child / μ_old ≤ 1 entry by entry, then
		// multiply by μ_new: one more pass, only in this case.
		if maximise {
			s.up.MaxInto(s.tmp, jt.cliques[s.parent].view)
		} else {
			s.up.SumInto(s.tmp, jt.cliques[s.parent].view)
		}
		s.down.DivFrom(c.view, s.msg)
		s.down.MulFrom(c.view, s.tmp)
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
		if _, ok := jt.run(trial, false, nil); ok {
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

// divide divides xs by z > 0. Multiplying by 1/z is faster, but 1/z
// overflows when z is subnormal, as the sum of a message can be when a
// likelihood ratio is that small.
func divide(xs []float64, z float64) {
	if z >= 0x1p-1022 {
		scale(xs, 1/z)
		return
	}
	for i := range xs {
		xs[i] /= z
	}
}

// normalize divides xs by its sum; a zero vector is left as it is.
func normalize(xs []float64) {
	if s := sum(xs); s > 0 {
		divide(xs, s)
	}
}
