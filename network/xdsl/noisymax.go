package xdsl

import (
	"math"
	"strconv"

	"brink/network"
	"brink/network/decimal"
	"brink/network/model"
)

// A GeNIe noisy-MAX node is written
//
//	<noisymax id="Y">
//	  <state id="high" /> <state id="low" /> <state id="none" />
//	  <parents>A B</parents>
//	  <strengths>0 1 2 1 0</strengths>
//	  <parameters>c_A(·|strength 0) c_A(·|strength 1) c_A(·|strength 2)
//	              c_B(·|strength 0) c_B(·|strength 1) leak</parameters>
//	</noisymax>
//
// The node's distinguished (absent) state is its last. <strengths> lists,
// for each parent in the order of <parents>, its state indices from the
// strongest to the weakest, the last being the parent's distinguished
// state: above, A's states in their own order and B's reversed, so that
// B's state 0 is its distinguished one. <parameters> holds, for each
// parent in order and for each of its states in strength order, a
// distribution over the node's states, and then the leak: (Σ k_i + 1)
// columns of m numbers for parents of k_i states and a node of m. The
// column of a parent's distinguished state is (0, …, 0, 1). The numbers
// are Díez's parameters (the parent alone, without the leak).
//
// What was checked, and where:
//
//   - SMILE's own header, smile/defnoisymax.h (DSL_noisyMAX, in the stored
//     code corpus): GetOutcomeOfStrength(parent, strength) returns
//     parentOutcomeStrengths[parent][strength] and GetStrengthOfOutcome is
//     its FindPosition, so the array, which <strengths> spells out, is
//     indexed by strength and holds state indices. Its comment says the
//     native parameters are "weight[i] = P(Y|Xi), called 'Diez'", not
//     Henrion's P(Y | ~X1, …, Xi, …, ~Xn); Henrion's are only converted
//     to (GetHenrionProbabilities).
//   - SMILE manual, "Noisy-MAX" (support.bayesfusion.com/docs/SMILE/
//     noisy-max.html): the table has one column per parent state plus one
//     for the leak, "the last column for each of the parents is
//     constrained to contain zero probabilities in all but its last
//     element", and it follows the order of the strengths; the wrappers'
//     manual (…/docs/Wrappers/noisy-max.html) says the same and that the
//     strengths of each parent may be set to any order
//     (set_noisy_parent_strengths), which Write relies on.
//   - SMILE's XML schema, as quoted in the documentation of a Qt reader
//     of XDSL (SmileXmlParser, in the stored code corpus): a <noisymax>
//     is <state> (two or more), <parents> (optional), <strengths> (a list
//     of integers, optional) and <parameters> (a list of doubles).
//     Without <strengths> the parents' states are taken in their own
//     order, GeNIe's default, with the last distinguished.
//   - Files: no GeNIe-written XDSL with a <noisymax> node is in the
//     stored corpus. A Python reader for pgmpy (genie2pgm's noisymax.py)
//     takes the parameters as above, one column per parent state and the
//     leak last, and ignores <strengths>. A Julia reader's test has a
//     hand-written node (<strengths>0 1</strengths><parameters>0.1 0.9
//     0.2 0.8 0 1</parameters>) in the layout above, though with a
//     distinguished column SMILE would refuse. A Python converter
//     (tools/xdsl_to_bif.py, written for pgmpy) reads the same layout but
//     takes <strengths> as one rank per state, the inverse permutation,
//     which agrees with SMILE's header only when each parent's order is
//     its own inverse (its own order, or states swapped in pairs). This
//     reader follows the header; testdata/noisymax.xdsl has a parent whose
//     strengths are a cycle of three, on which the two readings differ.

// strengths reads the <strengths> of a noisy-MAX node whose parents have
// cards states: order[i][r] is parent i's state of strength r, strongest
// first, and order[i][cards[i]-1] its distinguished state. It reports a
// problem and returns ok false when the element has the wrong number of
// words or does not list each parent's states once each.
func (b *builder) strengths(n *node, cards []int) (order [][]int, ok bool) {
	total := 0
	for _, k := range cards {
		total += k
	}
	if n.strength == nil {
		// SMILE's schema makes <strengths> optional; without it each
		// parent's states count in their own order, the last
		// distinguished, which is GeNIe's default.
		order = make([][]int, len(cards))
		for i, k := range cards {
			order[i] = make([]int, k)
			for s := range k {
				order[i][s] = s
			}
		}
		return order, true
	}
	if got := n.strength.countWords(total); got != total {
		got = n.strength.countWords(-1)
		const format = "node %s: %d strengths, expected %d (each state of each parent once)"
		if got > total {
			b.wordErrorf(n.strength.nthWord(total), network.ErrCPTShape, format, name(n.id.Text), got, total)
		} else {
			b.errorf(n.strength.start, network.ErrCPTShape, format, name(n.id.Text), got, total)
		}
		return nil, false
	}
	order = make([][]int, len(cards))
	for i, k := range cards {
		order[i] = make([]int, 0, k)
	}
	ok = true
	i, seen := 0, []bool(nil)
	for w := range n.strength.words() {
		if b.full() {
			return nil, false
		}
		for len(order[i]) == cards[i] {
			i++
		}
		if len(order[i]) == 0 {
			seen = make([]bool, cards[i])
		}
		parent := b.nodes[n.pidx[i]]
		s, err := stateIndex(w.s)
		switch {
		case err != nil:
			b.wordErrorf(w, ErrSyntax, "node %s: strength %s of parent %s is not a state index", name(n.id.Text), strconv.Quote(w.s), name(parent.id.Text))
			ok = false
		case s >= cards[i]:
			b.wordErrorf(w, network.ErrUnknownState, "node %s: strength %s of parent %s is not one of its states, 0 to %d", name(n.id.Text), w.s, name(parent.id.Text), cards[i]-1)
			ok = false
		case seen[s]:
			b.wordErrorf(w, ErrSyntax, "node %s: state %d (%s) of parent %s is listed twice in <strengths>", name(n.id.Text), s, name(parent.states[s].Text), name(parent.id.Text))
			ok = false
		default:
			seen[s] = true
		}
		order[i] = append(order[i], s)
	}
	if !ok {
		return nil, false
	}
	return order, true
}

// stateIndex parses a state index as GeNIe writes one: decimal digits.
func stateIndex(s string) (int, error) {
	if s == "" || len(s) > 9 {
		return 0, strconv.ErrSyntax
	}
	x := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
		x = 10*x + int(s[i]-'0')
	}
	return x, nil
}

// noisyMAX reads a noisy-MAX node whose parents have cards states: its
// strengths and parameters (see the layout above), checked column by
// column as probabilities checks rows,
//
//	entries finite and ≥ 0
//	a distinguished parent state's column exactly (0, …, 0, 1)
//	any other column: s = Σ_j c_j > 0 and |s − 1| ≤ MaxRowDeviation,
//	divided by s (with a warning past network.SumTolerance),
//
// and returns the CPT they expand to (model.Canonical.Table, Díez &
// Druzdzel 2006), keeping the parameters as the node's canonical model,
// by each parent's own state order. It returns nil after reporting a
// problem. The budget has accepted the expanded table; the parameters,
// (Σ cards + 1) × m numbers, are fewer than its entries plus m, and are
// counted before they are allocated.
func (b *builder) noisyMAX(n *node, cards []int) []float64 {
	order, ok := b.strengths(n, cards)
	if !ok {
		return nil
	}
	m := len(n.states)
	columns := 1
	for _, k := range cards {
		columns += k
	}
	want := columns * m
	if got := n.table.countWords(want); got != want {
		got = n.table.countWords(-1)
		const format = "node %s: %d parameters, expected %d (%d %s × %d parent states and the leak)"
		if got > want {
			b.wordErrorf(n.table.nthWord(want), network.ErrCPTShape, format, name(n.id.Text), got, want, m, plural(m, "state"), columns-1)
		} else {
			b.errorf(n.table.start, network.ErrCPTShape, format, name(n.id.Text), got, want, m, plural(m, "state"), columns-1)
		}
		return nil
	}

	// column describes column c for messages: "for A=a1" or "of the leak";
	// distinguished reports whether it is a parent's distinguished state.
	parentOf := make([]int, columns) // parent of each column, -1 for the leak
	strength := make([]int, columns)
	c := 0
	for i, k := range cards {
		for r := range k {
			parentOf[c], strength[c] = i, r
			c++
		}
	}
	parentOf[columns-1] = -1
	column := func(c int) (what string, distinguished bool) {
		i := parentOf[c]
		if i < 0 {
			return "of the leak", false
		}
		p := b.nodes[n.pidx[i]]
		return "for " + p.id.Text + "=" + p.states[order[i][strength[c]]].Text, strength[c] == cards[i]-1
	}

	params := make([]float64, want)
	ok = true
	normalised, worst := 0, 0.0
	var tiny *word
	ntiny := 0
	var first word
	i := 0
	for w := range n.table.words() {
		c, j := i/m, i%m
		i++
		if j == 0 {
			if b.full() {
				return nil
			}
			first = w
		}
		x, err := parseNumber(w.s)
		switch {
		case err != nil:
			what, _ := column(c)
			b.wordErrorf(w, ErrSyntax, "node %s: parameter %s %s is %s, not a number", name(n.id.Text), name(n.states[j].Text), what, strconv.Quote(w.s))
			ok = false
		case x < 0 || x > 1 || math.IsInf(x, 0):
			what, _ := column(c)
			b.wordErrorf(w, network.ErrCPTNegative, "node %s: parameter %s %s = %s is not a probability", name(n.id.Text), name(n.states[j].Text), what, w.s)
			ok = false
		case decimal.Underflowed(x, w.s):
			if ntiny == 0 {
				tiny = &w
			}
			ntiny++
		}
		params[i-1] = x
		if j < m-1 || !ok {
			continue
		}
		d := params[c*m : (c+1)*m]
		what, distinguished := column(c)
		if distinguished {
			if !certainlyAbsent(d) {
				b.wordErrorf(first, network.ErrCPTSum, "node %s: the parameters %s, its distinguished state (the last in <strengths>), are not 0 … 0 1", name(n.id.Text), what)
				ok = false
			}
			continue
		}
		rc := network.CheckRow(d)
		dev := math.Abs(rc.Sum - 1)
		switch {
		case rc.Sum == 0:
			b.wordErrorf(first, network.ErrCPTSum, "node %s: the parameters %s are all zero", name(n.id.Text), what)
			ok = false
		case !(dev <= MaxRowDeviation):
			b.wordErrorf(first, network.ErrCPTSum, "node %s: the parameters %s sum to %.6g, off by more than %g", name(n.id.Text), what, rc.Sum, MaxRowDeviation)
			ok = false
		case !rc.Acceptable:
			normalised++
			worst = max(worst, dev)
			network.NormaliseRow(d)
		default:
			// Within network.SumTolerance: divided silently, so that the
			// canonical model, which allows less, takes it.
			network.NormaliseRow(d)
		}
	}
	if !ok {
		return nil
	}
	b.numberWarnings(n, "parameter distribution", "parameter", "these parameters", normalised, worst, ntiny, tiny)

	canon := &model.Canonical{
		Kind:         model.NoisyMAX,
		Absent:       m - 1,
		ParentAbsent: make([]int, len(cards)),
		Causes:       make([][][]float64, len(cards)),
		Leak:         params[(columns-1)*m:],
	}
	c = 0
	for i, k := range cards {
		canon.Causes[i] = make([][]float64, k)
		for r, s := range order[i] {
			if r == k-1 {
				canon.ParentAbsent[i] = s
			} else {
				canon.Causes[i][s] = params[c*m : (c+1)*m : (c+1)*m]
			}
			c++
		}
	}
	canon.Leak = canon.Leak[:m:m]
	cpt, err := canon.Table(m, cards, -1)
	if err != nil {
		// The checks above leave nothing for the canonical model to
		// refuse; this is only for safety.
		b.errorf(n.el.start, err, "node %s: %v", name(n.id.Text), err)
		return nil
	}
	n.canon = canon
	return cpt
}

// certainlyAbsent reports whether d is (0, …, 0, 1).
func certainlyAbsent(d []float64) bool {
	for _, p := range d[:len(d)-1] {
		if p != 0 {
			return false
		}
	}
	return d[len(d)-1] == 1
}
