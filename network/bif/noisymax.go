package bif

import (
	"fmt"
	"slices"

	"brink/network"
	"brink/network/model"
)

// MSBNx writes a noisy-MAX node's probability block as the parameters of
// the model rather than its table:
//
//	probability ( N9  | N5 ,N19 ,N69  ) {
//	  property function max;
//	  (0, 0, 0) 0.8999999762 , 0.05000000075 , 0.05000000075;  // Leak term
//	  (1, 0, 0) 0.1000000015 , 0.8000000119 , 0.1000000015;
//	  (0, 1, 0) 0.05000000075 , 0.1000000015 , 0.8500000238;
//	  (0, 0, 1) 0.1000000015 , 0.8000000119 , 0.1000000015;
//	}
//
// State 0 of the node and of each parent is the normal (absent) state and
// the others are ordered by severity from it. The row with every parent in
// state 0 is the leak; each other row puts one parent in a state other
// than 0, the rest in 0, and gives that parent's effect.
//
// Whether that effect includes the leak (Henrion's parameters, P(Y | only
// X_i active)) or not (Díez's, X_i on its own) the file does not say, and
// the MSBNx documentation found (Kadie, Hovel & Horvitz, "MSBNx: a
// component-centric toolkit for modeling and inference with Bayesian
// networks", MSR-TR-2001-67, 2001) does not define it. The numbers decide.
// Under Henrion's reading a row is the leak combined with the cause, so
// its distribution accumulated from the absent end, C(j) = P(Y ≤ j), can
// be no larger than the leak's: C_row(j) = C_leak(j)·C_i(j) ≤ C_leak(j),
// a cause cannot leave the child less severe than the leak alone. Of the
// 45 noisy-MAX blocks of msbnx-carpo-noisymax.bif (MSBNx's CARPO network,
// in shared/interop/unsupported), three break this:
//
//	N5  | N143, N187        leak (0.25, 0.75),       row (1, 0)    (0.5, 0.5):          C(0) 0.5 > 0.25
//	N57 | N34               leak (0.05, 0.95),       row (1)       (0.95, 0.05):        C(0) 0.95 > 0.05
//	N66 | N19, N29, N69     leak (0.98, 0.01, 0.01), row (0, 1, 0) (0.98, 0.02, 0):     C(1) 1 > 0.99
//
// so the rows cannot be Henrion's, and they are read as Díez's: the
// distribution the parent causes on its own, without the leak, which is
// what model.Canonical holds (TestMSBNxNotHenrion keeps the evidence).
// Under that reading every row is only required to be a distribution.

// noisyMAX reads the rows of a noisy-MAX block of variable ci with parents
// pis into a canonical model (model.Canonical, Kind NoisyMAX, the absent
// state of the node and of each parent its first) and returns the table it
// expands to (Díez & Druzdzel 2006) with the model. The block must have a
// row for the leak and one for each parent state other than the first,
// alone, and no other; each row is checked as network.New checks a CPT
// row (entries finite and ≥ 0, summing to 1 within network.SumTolerance)
// and divided by its sum. It returns nil after reporting a problem. The
// budget has accepted the expanded table.
func (p *parser) noisyMAX(b *probBlock, ci int, pis []int) ([]float64, *model.Canonical) {
	child := p.vars[ci]
	name := child.name.Text
	k := len(child.states)
	if k == 0 {
		return nil, nil // reported with the variable
	}
	cards := make([]int, len(pis))
	for j, pi := range pis {
		cards[j] = len(p.vars[pi].states)
		if cards[j] == 0 {
			return nil, nil
		}
	}
	for _, e := range []*entry{b.table, b.def} {
		if e != nil {
			p.report(e.pos, ErrSyntax, "variable %q: a noisy-MAX block (function max, at line %d) gives the leak and one row for each parent state, not a table or a default row", name, p.line(b.fnPos))
			return nil, nil
		}
	}

	// leak and cause[j][s] are the rows (indices into b.rows) of the leak
	// and of parent j in state s alone, -1 until found.
	leak := -1
	cause := make([][]int, len(pis))
	for j, c := range cards {
		cause[j] = slices.Repeat([]int{-1}, c)
	}
	nerrs := p.c.Len()
	var states []ref
	for ri := range b.rows {
		if p.tooMany() {
			return nil, nil
		}
		r := &b.rows[ri]
		states = p.rowStates(r, states[:0])
		if len(states) != len(pis) {
			p.report(r.pos, network.ErrCPTShape, "variable %q: row names %s, want %d (%s)", name, plural(len(states), "parent state"), len(pis), p.parentNames(pis))
			continue
		}
		cfg, ok := 0, true
		active, nactive, state := -1, 0, 0
		for j, st := range states {
			pv := p.vars[pis[j]]
			si, found := pv.index[network.NormalName(p.text(st))]
			if !found {
				p.report(st.pos, network.ErrUnknownState, "variable %q: parent %q has no state %q (states: %s)", name, pv.name.Text, p.text(st), stateList(pv.states))
				ok = false
				continue
			}
			cfg = cfg*len(pv.states) + si
			if si != 0 {
				active, state = j, si
				nactive++
			}
		}
		if r.v1-r.v0 != k {
			p.countError(name, r, "row "+p.rowText(states), k, "")
			ok = false
		}
		if !ok {
			continue
		}
		r.cfg = cfg
		if nactive > 1 {
			p.report(r.pos, ErrSyntax, "variable %q: row %s puts %d parents in a state other than their first; in a noisy-MAX block (function max) a row is the leak, every parent in its first state, or one parent in another state alone", name, p.rowText(states), nactive)
			continue
		}
		slot := &leak
		if nactive == 1 {
			slot = &cause[active][state]
		}
		if *slot >= 0 {
			p.report(r.pos, ErrDuplicate, "variable %q: second row for (%s) (first at line %d)", name, p.config(pis, cfg, false), p.line(b.rows[*slot].pos))
			continue
		}
		*slot = ri
		vals := b.vals[r.v0:r.v1]
		switch rc := network.CheckRow(vals); {
		case rc.Bad >= 0:
			p.report(p.nthValue(r, rc.Bad), network.ErrCPTNegative, "variable %q: row %s: P(%s) = %v is not a probability", name, p.rowText(states), child.states[rc.Bad].Text, vals[rc.Bad])
		case rc.Sum == 0:
			p.report(r.pos, network.ErrCPTSum, "variable %q: row %s is all zero", name, p.rowText(states))
		case !rc.Acceptable:
			p.report(r.pos, network.ErrCPTSum, "variable %q: row %s sums to %.9g (off by %+.3g)", name, p.rowText(states), rc.Sum, rc.Sum-1)
		}
	}
	if p.c.Len() > nerrs {
		return nil, nil
	}
	if leak < 0 {
		p.report(b.pos, ErrMissingRow, "variable %q: noisy-MAX block (function max) has no leak row (%s)", name, p.config(pis, 0, false))
		return nil, nil
	}
	missing, first := 0, ""
	for j, rows := range cause {
		for s, ri := range rows[1:] {
			if ri < 0 {
				if missing == 0 {
					pv := p.vars[pis[j]]
					first = pv.name.Text + "=" + pv.states[s+1].Text
				}
				missing++
			}
		}
	}
	if missing > 0 {
		more := ""
		if missing > 1 {
			more = fmt.Sprintf(" and %d more", missing-1)
		}
		p.report(b.pos, ErrMissingRow, "variable %q: noisy-MAX block (function max) has no row for %s alone%s", name, first, more)
		return nil, nil
	}

	// row returns the values of row ri divided by their sum, as network.New
	// divides a CPT row: the canonical model allows less rounding than
	// MSBNx's single-precision numbers have.
	row := func(ri int) []float64 {
		r := b.rows[ri]
		d := slices.Clone(b.vals[r.v0:r.v1])
		network.NormaliseRow(d)
		return d
	}
	c := &model.Canonical{
		Kind:         model.NoisyMAX,
		Absent:       0,
		ParentAbsent: make([]int, len(pis)),
		Causes:       make([][][]float64, len(pis)),
		Leak:         row(leak),
	}
	for j, rows := range cause {
		c.Causes[j] = make([][]float64, len(rows))
		for s, ri := range rows[1:] {
			c.Causes[j][s+1] = row(ri)
		}
	}
	cpt, err := c.Table(k, cards, -1)
	if err != nil {
		// The checks above leave nothing for the canonical model to
		// refuse; this is only for safety.
		p.reportErr(b.pos, fmt.Errorf("variable %q: %w", name, err))
		return nil, nil
	}
	return cpt, c
}
