package hugin

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/charset"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// build resolves the parsed blocks into CPTs in network.VariableSpec's
// layout, builds the network and wraps it in a model. Problems are added
// to p.c; the result is nil if there are any.
func (p *parser) build() *model.Model {
	if len(p.nodes) == 0 {
		switch {
		case len(p.utils) > 0:
			p.report(p.utils[0].pos, ErrSyntax, "only utility nodes declared, and no chance or decision node")
		case len(p.refused) == 0:
			p.report(0, ErrSyntax, "no nodes declared")
		}
		return nil
	}
	p.names()
	budget := limits.NewBudget(p.lim)
	byNode := make([]*potDecl, len(p.nodes))
	parentsOf := make([][]int, len(p.nodes))
	cpts := make([][]float64, len(p.nodes))
	byUtil := make([]*potDecl, len(p.utils))
	utilParents := make([][]int, len(p.utils))
	values := make([][]float64, len(p.utils))
	for _, pot := range p.pots {
		if p.full() {
			return nil
		}
		name := network.NormalName(p.text(pot.head))
		if p.refused[name] {
			continue // the node is reported already
		}
		if ui, ok := p.utilIndex[name]; ok {
			if prev := byUtil[ui]; prev != nil {
				p.report(pot.pos, ErrDuplicate, "second potential for utility node %q (first at line %d)", name, p.line(prev.pos))
				continue
			}
			byUtil[ui] = pot
			pis, ok := p.budgetedParents(pot, name, 1, budget)
			if !ok {
				continue
			}
			utilParents[ui] = pis
			values[ui] = p.utility(pot, ui, pis)
			continue
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
		pis, ok := p.budgetedParents(pot, name, len(p.nodes[ci].states), budget)
		if !ok {
			continue
		}
		parentsOf[ci] = pis
		cpts[ci] = p.cpt(pot, ci, pis)
	}
	for i, nd := range p.nodes {
		switch {
		case byNode[i] != nil:
		case nd.decision:
			// A decision without a potential has no informational
			// parents; its table is the placeholder for its policy.
			if k := len(nd.states); k > 0 {
				cpts[i] = uniform(k, 1)
			}
		default:
			p.report(nd.pos, ErrNoPotential, "node %q has no potential", nd.name.Text)
		}
	}
	for i, u := range p.utils {
		if byUtil[i] == nil {
			p.report(u.pos, ErrNoPotential, "utility node %q has no potential", u.name.Text)
		}
	}
	if p.c.Len() > 0 {
		return nil
	}
	specs := make([]network.VariableSpec, len(p.nodes))
	for i, nd := range p.nodes {
		ps := make([]string, len(parentsOf[i]))
		for j, pi := range parentsOf[i] {
			ps[j] = p.nodes[pi].name.ID
		}
		states := make([]string, len(nd.states))
		for s, st := range nd.states {
			states[s] = st.ID
		}
		specs[i] = network.VariableSpec{Name: nd.name.ID, States: states, Parents: ps, CPT: cpts[i]}
	}
	n, err := network.New(specs)
	if err != nil {
		p.c.AddNetworkErrors(err, p.filename, &locator{p: p, byNode: byNode})
		return nil
	}
	m := model.New(n)
	m.Title = p.title
	if !p.hasTitle {
		m.Title = p.netName
	}
	m.Description = p.desc
	for i, nd := range p.nodes {
		doc := &m.Nodes[i]
		doc.Label = nd.label
		if doc.Label == "" && nd.name.Changed() {
			doc.Label = nd.name.Text
		}
		doc.Description = nd.desc
		doc.Position = nd.position
		if nd.decision {
			doc.Role = model.RoleDecision
		}
		for s, st := range nd.states {
			if st.Changed() {
				if doc.StateLabels == nil {
					doc.StateLabels = make([]string, len(nd.states))
				}
				doc.StateLabels[s] = st.Text
			}
		}
	}
	for i, ud := range p.utils {
		u := model.Utility{ID: ud.name.ID, Label: ud.label, Description: ud.desc, Position: ud.position, Table: values[i]}
		if u.Label == "" && ud.name.Changed() {
			u.Label = ud.name.Text
		}
		for _, pi := range utilParents[i] {
			u.Parents = append(u.Parents, p.nodes[pi].name.ID)
		}
		m.Utilities = append(m.Utilities, u)
	}
	return m
}

// uniform returns the table of k states over rows parent configurations
// that gives every state the same probability: the placeholder of a
// decision's CPT, which a policy replaces when the diagram is solved.
func uniform(k, rows int) []float64 {
	t := make([]float64, k*rows)
	for i := range t {
		t[i] = 1 / float64(k)
	}
	return t
}

// decisionCPT returns the placeholder table of decision node ci. Hugin
// writes a decision's potential without data, `potential (D | A B) {}`,
// its head giving the informational links; data that gives each option
// the same weight in every row says nothing either. Other data is
// ignored, with a warning: the policy found when the diagram is solved
// takes the table's place.
func (p *parser) decisionCPT(pot *potDecl, ci, configs int) []float64 {
	nd := p.nodes[ci]
	k := len(nd.states)
	if d := pot.data; d != nil {
		flat := len(d.vals) == k*configs
		for r := 0; flat && r < len(d.vals); r += k {
			for _, x := range d.vals[r : r+k] {
				flat = flat && x == d.vals[r] && x > 0
			}
		}
		if !flat {
			p.warn(d.pos, "decision node %q: its data is ignored; a decision's options get equal probabilities until a policy is found", nd.name.Text)
		}
	}
	return uniform(k, configs)
}

// utility checks the data of utility node ui's potential: one number per
// configuration of its parents,
//
//	want = Π |states of each parent|,
//
// in CPT order, the first parent after `|` slowest: as for a chance
// node's table without the node's own states. Hugin writes them nested
// one level per parent but the last, so that the innermost groups hold
// the last parent's states (hugin-mildew3-influence-diagram.net, from
// Hugin's samples, labels each number of U's potential with its
// configuration in a comment, "now r", "now b", ..., which shows the
// order); the grouping is not checked, only the count. Values may be
// negative. It returns nil after reporting a problem.
func (p *parser) utility(pot *potDecl, ui int, pis []int) []float64 {
	u := p.utils[ui]
	configs := 1
	for _, pi := range pis {
		c := len(p.nodes[pi].states)
		if c == 0 {
			return nil // reported with the parent
		}
		configs *= c
	}
	d := pot.data
	if d == nil {
		if pot.modelPos >= 0 {
			p.report(pot.modelPos, ErrUnsupported, "utility node %q: the table is given only as an expression (model_data), which Brink cannot evaluate; have Hugin generate the table and save it", u.name.Text)
		} else {
			p.report(pot.pos, ErrNoPotential, "potential for utility node %q has no data", u.name.Text)
		}
		return nil
	}
	if pot.modelPos >= 0 {
		p.warn(pot.modelPos, "utility node %q: the table's expression is ignored; the numbers in data are used", u.name.Text)
	}
	if len(d.vals) != configs {
		detail := "one, as it has no parents"
		if len(pis) > 0 {
			detail = fmt.Sprintf("one per configuration of %s", p.parentNames(pis))
		}
		off := d.close
		if len(d.vals) > configs {
			off = p.valuePos(d, configs, false)
		}
		p.report(off, network.ErrCPTShape, "utility node %q: data has %s, want %d (%s)", u.name.Text, plural(len(d.vals), "number"), configs, detail)
		return nil
	}
	return d.vals
}

// names gives the nodes and states that need one a safe, unique name (see
// charset.Name) and warns about each.
func (p *parser) names() {
	all := append(p.nodes[:len(p.nodes):len(p.nodes)], p.utils...)
	names := make([]charset.Name, len(all))
	for i, nd := range all {
		names[i] = nd.name
	}
	charset.Unique(names)
	for i, nd := range all {
		nd.name = names[i]
		if nd.name.Changed() {
			p.warn(nd.pos, "%s", nd.name.Renamed("node"))
		}
		charset.Unique(nd.states)
		for s, st := range nd.states {
			if st.Changed() {
				p.warn(nd.statePos[s], "%s", st.Renamed(fmt.Sprintf("node %q: state", nd.name.Text)))
			}
		}
	}
}

// budgetedParents resolves a potential's parents and charges a table of
// k values per parent configuration to the budget, reporting a problem
// and returning ok false on either failure.
func (p *parser) budgetedParents(pot *potDecl, name string, k int, budget *limits.Budget) ([]int, bool) {
	pis, ok := p.resolveParents(pot, name)
	if !ok {
		return nil, false
	}
	cards := make([]int, len(pis))
	for j, pi := range pis {
		cards[j] = len(p.nodes[pi].states)
	}
	if err := budget.Table(name, k, cards); err != nil {
		p.reportErr(pot.pos, err)
		return nil, false
	}
	return pis, true
}

// resolveParents looks up the parents named in a potential's head. It
// reports unknown and repeated parents, and skips silently a potential
// that names a node already refused as unsupported.
func (p *parser) resolveParents(pot *potDecl, child string) ([]int, bool) {
	pis := make([]int, len(pot.parents))
	ok := true
	for j, t := range pot.parents {
		name := network.NormalName(p.text(t))
		if p.refused[name] {
			return nil, false
		}
		pi, found := p.nodeIndex[name]
		_, utility := p.utilIndex[name]
		switch {
		case utility:
			p.report(t.pos, ErrUnsupported, "node %q: parent %q is a utility node, which can have no children", child, name)
			ok = false
		case !found:
			p.report(t.pos, network.ErrUnknownParent, "node %q: parent %q is not declared", child, name)
			ok = false
		case name == child:
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
	// The budget has accepted k × configs entries, so the product cannot
	// overflow.
	configs := 1
	for _, pi := range pis {
		c := len(p.nodes[pi].states)
		if c == 0 {
			return nil
		}
		configs *= c
	}
	if nd.decision {
		return p.decisionCPT(pot, ci, configs)
	}
	size := k * configs
	d := pot.data
	if d == nil {
		if pot.modelPos >= 0 {
			p.report(pot.modelPos, ErrUnsupported, "node %q: the table is given only as an expression (model_data), which Brink cannot evaluate; have Hugin generate the table and save it", nd.name.Text)
		} else {
			p.report(pot.pos, ErrNoPotential, "potential for node %q has no data", nd.name.Text)
		}
		return nil
	}
	if pot.modelPos >= 0 {
		p.warn(pot.modelPos, "node %q: the table's expression is ignored; the numbers in data are used", nd.name.Text)
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
					nd.name.Text, p.config(pis, first/k), plural(got, "number"), k, plural(len(d.vals), "number"), size, detail)
				return nil
			}
		}
		off := d.close
		if len(d.vals) > size {
			off = p.valuePos(d, size, false)
		}
		p.report(off, network.ErrCPTShape, "node %q: data has %s, want %d (%s)", nd.name.Text, plural(len(d.vals), "number"), size, detail)
		return nil
	}
	if rowsGrouped && d.leafLen != k {
		if off, first, got, ok := p.badGroup(d, k); ok {
			p.warn(off, "node %q: a group of %s where a row of %d is expected (at number %d); the numbers are read in order regardless", nd.name.Text, plural(got, "number"), k, first+1)
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
				p.report(p.valuePos(d, r*k+j, false), network.ErrCPTNegative, "node %q: negative probability %v for state %q%s", nd.name.Text, x, nd.states[j].Text, p.given(pis, r))
			}
		}
		if neg {
			bad = true
			continue
		}
		c := network.CheckRow(row)
		if c.Sum == 0 {
			what := "row" + p.given(pis, r)
			if len(pis) == 0 {
				what = "table"
			}
			p.report(p.valuePos(d, r*k, true), network.ErrCPTSum, "node %q: %s is all zeros and cannot be normalised", nd.name.Text, what)
			bad = true
			continue
		}
		// Hugin normalises every row on load, so any positive sum is
		// legal; network.New divides the rows it accepts silently, and
		// the others are divided here, with a warning.
		if !c.Acceptable {
			normaliseRow(row, c.Sum)
			if normalised == 0 {
				firstRow, firstSum = r, c.Sum
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
		p.warn(p.valuePos(d, firstRow*k, true), "node %q: %s normalised (sum %s)%s", nd.name.Text, what, strconv.FormatFloat(firstSum, 'g', 9, 64), more)
	}
	return cpt
}

// normaliseRow divides a row of non-negative numbers by its sum, which
// must not be zero. A row whose sum overflows is scaled down by its
// largest entry first.
func normaliseRow(row []float64, sum float64) {
	if math.IsInf(sum, 1) {
		big := row[argMax(row)]
		for j := range row {
			row[j] /= big
		}
	}
	network.NormaliseRow(row)
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
		names[i] = p.nodes[pi].name.Text
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
		parts[j] = nd.name.Text + "=" + nd.states[cfg%c].Text
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

// locator places the errors of network.New in the file (see
// diag.NetworkLocator): a cycle at the parent that closes it, anything else
// about a node at its potential, or at its declaration when it has none.
type locator struct {
	p      *parser
	byNode []*potDecl
	ids    map[string]int // node ID -> index, built on first use
}

func (l *locator) index(id string) (int, bool) {
	if l.ids == nil {
		l.ids = make(map[string]int, len(l.p.nodes))
		for i, nd := range l.p.nodes {
			l.ids[nd.name.ID] = i
		}
	}
	i, ok := l.ids[id]
	return i, ok
}

// Variable implements diag.NetworkLocator.
func (l *locator) Variable(variable, _ string) (diag.Pos, bool) {
	i, ok := l.index(variable)
	if !ok {
		return diag.Pos{}, false
	}
	if pot := l.byNode[i]; pot != nil {
		return l.p.pos(pot.pos), true
	}
	return l.p.pos(l.p.nodes[i].pos), true
}

// Cycle implements diag.NetworkLocator: the arrow from the last node of
// the cycle to the first is declared in the first one's potential.
func (l *locator) Cycle(cycle []string) (diag.Pos, bool) {
	p := l.p
	i, ok := l.index(cycle[0])
	if !ok || l.byNode[i] == nil {
		return diag.Pos{}, false
	}
	pot := l.byNode[i]
	off := pot.pos
	last, _ := l.index(cycle[len(cycle)-1])
	for _, t := range pot.parents {
		if j, ok := p.nodeIndex[network.NormalName(p.text(t))]; ok && j == last {
			off = t.pos
		}
	}
	return p.pos(off), true
}
