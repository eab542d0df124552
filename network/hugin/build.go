package hugin

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/diag"
	"brink/network/model"
)

// build resolves the parsed blocks into CPTs in network.VariableSpec's
// layout, builds the network and wraps it in a model. Problems are added
// to p.errs; the result is nil if there are any.
func (p *parser) build() *model.Model {
	if len(p.nodes) == 0 {
		if len(p.refused) == 0 {
			p.report(0, ErrSyntax, "no nodes declared")
		}
		return nil
	}
	byNode := make([]*potDecl, len(p.nodes))
	parentsOf := make([][]int, len(p.nodes))
	cpts := make([][]float64, len(p.nodes))
	for _, pot := range p.pots {
		if p.full() {
			return nil
		}
		name := p.text(pot.head)
		if p.refused[name] {
			continue // the node is reported already
		}
		ci, ok := p.nodeIndex[name]
		if !ok {
			p.report(pot.head.pos, network.ErrUnknownVariable, "potential for undeclared node %q", name)
			continue
		}
		if prev := byNode[ci]; prev != nil {
			p.report(pot.pos, ErrDuplicate, "second potential for node %q (first at line %d)", name, p.line(prev.pos))
			continue
		}
		byNode[ci] = pot
		pis, ok := p.resolveParents(pot, name)
		if !ok {
			continue
		}
		parentsOf[ci] = pis
		cpts[ci] = p.cpt(pot, ci, pis)
	}
	for i, nd := range p.nodes {
		if byNode[i] == nil {
			p.report(nd.pos, ErrNoPotential, "node %q has no potential", nd.name)
		}
	}
	if len(p.errs) > 0 {
		return nil
	}
	specs := make([]network.VariableSpec, len(p.nodes))
	for i, nd := range p.nodes {
		ps := make([]string, len(parentsOf[i]))
		for j, pi := range parentsOf[i] {
			ps[j] = p.nodes[pi].name
		}
		specs[i] = network.VariableSpec{Name: nd.name, States: nd.states, Parents: ps, CPT: cpts[i]}
	}
	n, err := network.New(specs)
	if err != nil {
		p.networkErrors(err, byNode)
		return nil
	}
	m := model.New(n)
	m.Title = p.title
	if !p.hasTitle {
		m.Title = p.netName
	}
	m.Description = p.desc
	for i, nd := range p.nodes {
		m.Nodes[i].Label = nd.label
		m.Nodes[i].Description = nd.desc
		m.Nodes[i].Position = nd.position
	}
	return m
}

// resolveParents looks up the parents named in a potential's head. It
// reports unknown and repeated parents, and skips silently a potential
// that names a node already refused as unsupported.
func (p *parser) resolveParents(pot *potDecl, child string) ([]int, bool) {
	pis := make([]int, len(pot.parents))
	ok := true
	for j, t := range pot.parents {
		name := p.text(t)
		if p.refused[name] {
			return nil, false
		}
		pi, found := p.nodeIndex[name]
		switch {
		case !found:
			p.report(t.pos, network.ErrUnknownParent, "node %q: parent %q is not declared", child, name)
			ok = false
		case pi == p.nodeIndex[child]:
			p.report(t.pos, network.ErrCycle, "node %q is listed as its own parent", child)
			ok = false
		default:
			for _, q := range pis[:j] {
				if q == pi {
					p.report(t.pos, network.ErrDuplicateVariable, "node %q: parent %q listed twice", child, name)
					ok = false
				}
			}
		}
		pis[j] = pi
	}
	return pis, ok
}

// cpt checks and normalises the data of node ci's potential, which is
// already in network.VariableSpec's layout. It returns nil after reporting
// a problem.
func (p *parser) cpt(pot *potDecl, ci int, pis []int) []float64 {
	nd := p.nodes[ci]
	k := len(nd.states)
	if k == 0 {
		return nil // reported with the node
	}
	configs := 1
	for _, pi := range pis {
		c := len(p.nodes[pi].states)
		if c == 0 {
			return nil
		}
		if configs > MaxCPTEntries/c/k {
			p.report(pot.pos, ErrTooLarge, "node %q: table would have more than %d entries", nd.name, MaxCPTEntries)
			return nil
		}
		configs *= c
	}
	size := k * configs
	d := pot.data
	if d == nil {
		if pot.modelPos >= 0 {
			p.report(pot.modelPos, ErrUnsupported, "node %q: the table is given only as an expression (model_data), which Brink cannot evaluate; have Hugin generate the table and save it", nd.name)
		} else {
			p.report(pot.pos, ErrNoPotential, "potential for node %q has no data", nd.name)
		}
		return nil
	}
	if pot.modelPos >= 0 {
		p.warn(pot.modelPos, "node %q: the table's expression is ignored; the numbers in data are used", nd.name)
	}

	// A table whose numbers are all nested to the depth of one row per
	// parent configuration says where each row begins, which locates a
	// missing or extra number better than the total alone.
	rowsGrouped := len(pis) > 0 && d.numDepth == len(pis)+1
	if len(d.vals) != size {
		detail := "one per state"
		if len(pis) > 0 {
			detail = fmt.Sprintf("%d states × %d configurations of %s", k, configs, p.parentNames(pis))
		}
		if rowsGrouped && d.leafLen != k {
			if off, first, got, ok := p.badGroup(d, k); ok && first%k == 0 && first/k < configs {
				p.report(off, network.ErrCPTShape, "node %q: row given %s has %s, want %d (data has %s, want %d: %s)",
					nd.name, p.config(pis, first/k), plural(got, "number"), k, plural(len(d.vals), "number"), size, detail)
				return nil
			}
		}
		off := d.close
		if len(d.vals) > size {
			off = p.valuePos(d, size, false)
		}
		p.report(off, network.ErrCPTShape, "node %q: data has %s, want %d (%s)", nd.name, plural(len(d.vals), "number"), size, detail)
		return nil
	}
	if rowsGrouped && d.leafLen != k {
		if off, first, got, ok := p.badGroup(d, k); ok {
			p.warn(off, "node %q: a group of %s where a row of %d is expected (at number %d); the numbers are read in order regardless", nd.name, plural(got, "number"), k, first+1)
		}
	}

	cpt := d.vals
	bad := false
	normalised, firstRow := 0, 0
	var firstSum float64
	for r := range configs {
		if p.full() {
			return nil
		}
		row := cpt[r*k : (r+1)*k]
		neg := false
		for j, x := range row {
			if x < 0 {
				neg = true
				// Locating a number rescans the table: stop once the
				// list is full, or a table of negative numbers would
				// take quadratic time.
				if p.full() {
					return nil
				}
				p.report(p.valuePos(d, r*k+j, false), network.ErrCPTNegative, "node %q: negative probability %v for state %q%s", nd.name, x, nd.states[j], p.given(pis, r))
			}
		}
		if neg {
			bad = true
			continue
		}
		sum := normaliseRow(row)
		if sum == 0 {
			what := "row" + p.given(pis, r)
			if len(pis) == 0 {
				what = "table"
			}
			p.report(p.valuePos(d, r*k, true), network.ErrCPTSum, "node %q: %s is all zeros and cannot be normalised", nd.name, what)
			bad = true
			continue
		}
		if math.Abs(sum-1) > network.SumTolerance+roundingSlack(k) {
			if normalised == 0 {
				firstRow, firstSum = r, sum
			}
			normalised++
		}
	}
	if bad {
		return nil
	}
	if normalised > 0 {
		what := "row" + p.given(pis, firstRow)
		if len(pis) == 0 {
			what = "table"
		}
		more := ""
		if normalised > 1 {
			more = fmt.Sprintf("; %s of this table normalised", plural(normalised-1, "more row"))
		}
		p.warn(p.valuePos(d, firstRow*k, true), "node %q: %s normalised (sum %s)%s", nd.name, what, strconv.FormatFloat(firstSum, 'g', 9, 64), more)
	}
	return cpt
}

// normaliseRow divides a row of non-negative numbers by its sum and
// returns the sum it had. A row of zeros is left alone and 0 returned. A
// row that adds up to 1 within the rounding of its own float64 sum (see
// roundingSlack) is also left alone, as network.New leaves it, so that a
// table written by Write reads back bit for bit. A row whose sum overflows
// is scaled down by its largest entry first.
func normaliseRow(row []float64) float64 {
	sum := rowSum(row)
	if sum == 0 || math.Abs(sum-1) <= roundingSlack(len(row)) {
		return sum
	}
	div := sum
	if math.IsInf(sum, 1) {
		big := row[argMax(row)]
		for j := range row {
			row[j] /= big
		}
		div = rowSum(row)
	}
	for j := range row {
		row[j] /= div
	}
	return sum
}

// roundingSlack is how far from 1 the float64 sum of k numbers that add up
// to 1 may fall through rounding alone: less than k ulps of 1. network.New
// keeps rows within it as given and divides the others by their sum.
func roundingSlack(k int) float64 { return float64(k) * 0x1p-52 }

func rowSum(row []float64) float64 {
	sum := 0.0
	for _, x := range row {
		sum += x
	}
	return sum
}

func argMax(row []float64) int {
	b := 0
	for j, x := range row {
		if x > row[b] {
			b = j
		}
	}
	return b
}

// valuePos finds the offset of number n (from 0) of a data list by
// scanning the list again; the parser keeps no offsets for numbers. With
// row set, a number that opens a parenthesised group is located at the
// group's "(". Past the last number it returns the closing ")".
func (p *parser) valuePos(d *dataList, n int, row bool) int {
	lx := &lexer{data: p.data, off: d.open + 1}
	open := d.open
	for i := 0; ; {
		t := lx.next()
		switch t.kind {
		case tLParen:
			open = t.pos
		case tWord:
			if i == n {
				if row && open >= 0 {
					return open
				}
				return t.pos
			}
			i++
			open = -1
		case tRParen:
			open = -1
		default:
			return d.close
		}
		if t.pos >= d.close {
			return d.close
		}
	}
}

// badGroup finds the first innermost group of a data list that does not
// hold k numbers: the offset of its "(", the index of its first number and
// how many it holds.
func (p *parser) badGroup(d *dataList, k int) (off, first, got int, ok bool) {
	lx := &lexer{data: p.data, off: d.open}
	depth, count, leaf, open, index := 0, 0, false, 0, 0
	for {
		t := lx.next()
		switch t.kind {
		case tLParen:
			depth++
			count, leaf, open, first = 0, true, t.pos, index
		case tRParen:
			if leaf && count != k {
				return open, first, count, true
			}
			leaf = false
			depth--
			if depth == 0 {
				return 0, 0, 0, false
			}
		case tWord:
			count++
			index++
		default:
			return 0, 0, 0, false
		}
	}
}

// plural renders a count of things, e.g. "1 number" or "3 numbers".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func (p *parser) parentNames(pis []int) string {
	names := make([]string, len(pis))
	for i, pi := range pis {
		names[i] = p.nodes[pi].name
	}
	return strings.Join(names, ", ")
}

// config renders parent configuration number cfg as network.ConfigString
// does, e.g. "Smoker=yes, Visit_to_asia=no"; the first parent varies
// slowest.
func (p *parser) config(pis []int, cfg int) string {
	parts := make([]string, len(pis))
	for j := len(pis) - 1; j >= 0; j-- {
		nd := p.nodes[pis[j]]
		c := len(nd.states)
		parts[j] = nd.name + "=" + nd.states[cfg%c]
		cfg /= c
	}
	return strings.Join(parts, ", ")
}

// given renders " given A=x, B=y" for a row, or "" for a node without
// parents.
func (p *parser) given(pis []int, row int) string {
	if len(pis) == 0 {
		return ""
	}
	return " given " + p.config(pis, row)
}

// networkErrors turns the errors of network.New into positioned errors: a
// cycle at the parent that closes it, anything else about a node at its
// potential (or at its declaration, for a problem with its states).
func (p *parser) networkErrors(err error, byNode []*potDecl) {
	for _, e := range diag.Flatten(err) {
		off := -1
		var ne *network.Error
		var ce *network.CycleError
		switch {
		case errors.As(e, &ne):
			i, ok := p.nodeIndex[ne.Variable]
			if !ok {
				break
			}
			switch {
			case errors.Is(ne.Err, network.ErrDuplicateState) || errors.Is(ne.Err, network.ErrNoStates):
				off = p.nodes[i].statesPos
			case byNode[i] != nil:
				off = byNode[i].pos
			default:
				off = p.nodes[i].pos
			}
		case errors.As(e, &ce) && len(ce.Cycle) > 0:
			// The arrow from the last node of the cycle to the first is
			// declared in the first one's potential.
			i, ok := p.nodeIndex[ce.Cycle[0]]
			if !ok || byNode[i] == nil {
				break
			}
			pot := byNode[i]
			off = pot.pos
			for _, t := range pot.parents {
				if p.text(t) == ce.Cycle[len(ce.Cycle)-1] {
					off = t.pos
				}
			}
		}
		cause := &diag.Cause{Msg: "hugin: " + strings.TrimPrefix(e.Error(), "network: "), Err: e}
		pos := diag.Pos{File: p.filename}
		if off >= 0 {
			pos = p.pos(off)
		}
		p.add(&diag.Error{Pos: pos, Err: cause})
	}
}
