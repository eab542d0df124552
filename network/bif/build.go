package bif

import (
	"fmt"
	"slices"
	"strings"

	"brink/network"
	"brink/network/charset"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// build resolves the parsed blocks into CPTs in network.VariableSpec's
// layout and builds the network and its model. Problems are recorded with
// p.report; the result is nil if there are any.
func (p *parser) build() *model.Model {
	if len(p.vars) == 0 {
		p.report(0, ErrSyntax, "no variables declared")
		return nil
	}
	p.names()
	budget := limits.NewBudget(p.lim)
	byVar := make([]*probBlock, len(p.vars))
	parentsOf := make([][]int, len(p.vars))
	cpts := make([][]float64, len(p.vars))
	canon := make([]*model.Canonical, len(p.vars))
	for _, b := range p.blocks {
		if p.tooMany() {
			return nil
		}
		name := network.NormalName(p.text(b.child))
		ci, ok := p.varIndex[name]
		if !ok {
			p.report(b.child.pos, network.ErrUnknownVariable, "probability block for undeclared variable %q", name)
			continue
		}
		if prev := byVar[ci]; prev != nil {
			p.report(b.pos, ErrDuplicate, "second probability block for variable %q (first at line %d)", name, p.line(prev.pos))
			continue
		}
		byVar[ci] = b
		pis, ok := p.resolveParents(b, name)
		if !ok {
			continue
		}
		cards := make([]int, len(pis))
		for j, pi := range pis {
			cards[j] = len(p.vars[pi].states)
		}
		// The table is accounted for before it is allocated: a `default`
		// row fills every parent configuration, so that a few bytes can
		// ask for millions of entries.
		if err := budget.Table(name, len(p.vars[ci].states), cards); err != nil {
			p.reportErr(b.pos, err)
			continue
		}
		parentsOf[ci] = pis
		if b.noisy {
			cpts[ci], canon[ci] = p.noisyMAX(b, ci, pis)
		} else {
			cpts[ci] = p.cpt(b, ci, pis)
		}
	}
	// MSBNx leaves out the block of a node that is joined to nothing
	// (CARPO's N117): in a file with MSBNx's noisy-MAX blocks such a node
	// gets equally likely states, with a warning. It is no one's parent,
	// so this changes no other node's beliefs. Elsewhere a missing block
	// is an error.
	msbnx := slices.ContainsFunc(p.blocks, func(b *probBlock) bool { return b.noisy })
	named := make([]bool, len(p.vars))
	for _, pis := range parentsOf {
		for _, pi := range pis {
			named[pi] = true
		}
	}
	for i, v := range p.vars {
		if byVar[i] != nil {
			continue
		}
		if msbnx && !named[i] {
			k := len(v.states)
			cpts[i] = make([]float64, k)
			for s := range cpts[i] {
				cpts[i][s] = 1 / float64(k)
			}
			p.warn(v.pos, "variable %q has no probability block and is joined to no other node (MSBNx leaves such blocks out): its states are taken as equally likely", v.name.Text)
			continue
		}
		p.report(v.pos, ErrNoProbability, "variable %q has no probability block", v.name.Text)
	}
	if p.c.Len() > 0 {
		return nil
	}
	specs := make([]network.VariableSpec, len(p.vars))
	for i, v := range p.vars {
		ps := make([]string, len(parentsOf[i]))
		for j, pi := range parentsOf[i] {
			ps[j] = p.vars[pi].name.ID
		}
		specs[i] = network.VariableSpec{Name: v.name.ID, States: stateIDs(v.states), Parents: ps, CPT: cpts[i]}
	}
	n, err := network.New(specs)
	if err != nil {
		p.c.AddNetworkErrors(err, p.filename, &locator{p: p, byVar: byVar, parentsOf: parentsOf})
		return nil
	}
	m := model.New(n)
	for i, v := range p.vars {
		doc := &m.Nodes[i]
		doc.Position = v.layout
		doc.Canonical = canon[i]
		if v.name.Changed() {
			doc.Label = v.name.Text
		}
		for s, st := range v.states {
			if st.Changed() {
				if doc.StateLabels == nil {
					doc.StateLabels = make([]string, len(v.states))
				}
				doc.StateLabels[s] = st.Text
			}
		}
	}
	return m
}

// names gives the variables and states that need one a safe, unique name
// (see charset.Name) and warns about each.
func (p *parser) names() {
	vn := make([]charset.Name, len(p.vars))
	for i, v := range p.vars {
		vn[i] = v.name
	}
	charset.Unique(vn)
	for i, v := range p.vars {
		v.name = vn[i]
		if v.name.Changed() {
			p.warn(v.pos, "%s", v.name.Renamed("variable"))
		}
		charset.Unique(v.states)
		for s, st := range v.states {
			if st.Changed() {
				p.warn(v.statePos[s], "%s", st.Renamed(fmt.Sprintf("variable %q: state", v.name.Text)))
			}
		}
	}
}

// stateIDs returns the IDs of states.
func stateIDs(states []charset.Name) []string {
	ids := make([]string, len(states))
	for i, s := range states {
		ids[i] = s.ID
	}
	return ids
}

// resolveParents looks up the parents named in a probability head.
func (p *parser) resolveParents(b *probBlock, child string) ([]int, bool) {
	pis := make([]int, len(b.parents))
	seen := make(map[int]bool, len(b.parents))
	ok := true
	for j, r := range b.parents {
		name := network.NormalName(p.text(r))
		pi, found := p.varIndex[name]
		switch {
		case !found:
			p.report(r.pos, network.ErrUnknownParent, "variable %q: parent %q is not declared", child, name)
			ok = false
		case seen[pi]:
			p.report(r.pos, network.ErrDuplicateVariable, "variable %q: parent %q listed twice", child, name)
			ok = false
		}
		seen[pi] = true
		pis[j] = pi
	}
	return pis, ok
}

// cpt assembles the CPT of variable ci from its block, in
// network.VariableSpec's layout (first parent slowest, own state fastest).
// It returns nil after reporting a problem.
func (p *parser) cpt(b *probBlock, ci int, pis []int) []float64 {
	child := p.vars[ci]
	name := child.name.Text
	k := len(child.states)
	if k == 0 {
		return nil // reported with the variable
	}
	// The budget has accepted k × configs entries, so the product
	// cannot overflow.
	configs := 1
	for _, pi := range pis {
		c := len(p.vars[pi].states)
		if c == 0 {
			return nil
		}
		configs *= c
	}
	size := k * configs

	if t := b.table; t != nil {
		var other *entry
		if len(b.rows) > 0 {
			other = &b.rows[0]
		} else if b.def != nil {
			other = b.def
		}
		if other != nil {
			p.report(other.pos, ErrDuplicate, "variable %q: rows given as well as a table (at line %d)", name, p.line(t.pos))
			return nil
		}
		if t.v1-t.v0 != size {
			detail := ""
			if len(pis) > 0 {
				detail = fmt.Sprintf(" (%d states × %d parent configurations)", k, configs)
			}
			p.countError(name, t, "table", size, detail)
			return nil
		}
		vals := b.vals[t.v0:t.v1]
		if len(pis) == 0 {
			return vals
		}
		// In a table the child's state varies slowest:
		//	table[s*configs + c] = P(child = s | configuration c),
		// whereas the spec wants cpt[c*k + s].
		cpt := make([]float64, size)
		for s := range k {
			for c, x := range vals[s*configs : (s+1)*configs] {
				cpt[c*k+s] = x
			}
		}
		return cpt
	}

	if len(b.rows) == 0 && b.def == nil {
		p.report(b.pos, ErrMissingRow, "variable %q: probability block has no table and no rows", name)
		return nil
	}
	// Without a default row, fewer rows than configurations is an error, so
	// the table is not allocated and duplicates are found with a map: a
	// short file must not make the reader allocate a huge table.
	dense := b.def != nil || len(b.rows) >= configs
	var (
		cpt   []float64
		first []int32 // row index + 1 of the row for each configuration
		seen  map[int]int
	)
	if dense {
		cpt = make([]float64, size)
		first = make([]int32, configs)
	} else {
		seen = make(map[int]int, len(b.rows))
	}
	nerrs := p.c.Len()
	filled := 0
	var states []ref
	for ri := range b.rows {
		r := &b.rows[ri]
		states = p.rowStates(r, states[:0])
		if len(states) != len(pis) {
			p.report(r.pos, network.ErrCPTShape, "variable %q: row names %s, want %d (%s)", name, plural(len(states), "parent state"), len(pis), p.parentNames(pis))
			continue
		}
		cfg, ok := 0, true
		for j, st := range states {
			pv := p.vars[pis[j]]
			si, found := pv.index[network.NormalName(p.text(st))]
			if !found {
				p.report(st.pos, network.ErrUnknownState, "variable %q: parent %q has no state %q (states: %s)", name, pv.name.Text, p.text(st), stateList(pv.states))
				ok = false
				continue
			}
			cfg = cfg*len(pv.states) + si
		}
		if r.v1-r.v0 != k {
			p.countError(name, r, "row "+p.rowText(states), k, "")
			ok = false
		}
		if !ok {
			continue
		}
		r.cfg = cfg
		prev := -1
		if dense {
			if first[cfg] != 0 {
				prev = int(first[cfg]) - 1
			} else {
				first[cfg] = int32(ri + 1)
			}
		} else {
			if q, dup := seen[cfg]; dup {
				prev = q
			} else {
				seen[cfg] = ri
			}
		}
		if prev >= 0 {
			p.report(r.pos, ErrDuplicate, "variable %q: second row for (%s) (first at line %d)", name, p.config(pis, cfg, false), p.line(b.rows[prev].pos))
			continue
		}
		filled++
		if dense {
			copy(cpt[cfg*k:], b.vals[r.v0:r.v1])
		}
	}
	if p.c.Len() > nerrs {
		return nil
	}
	if d := b.def; d != nil {
		if d.v1-d.v0 != k {
			p.countError(name, d, "default row", k, "")
			return nil
		}
		vals := b.vals[d.v0:d.v1]
		for c := range configs {
			if first[c] == 0 {
				copy(cpt[c*k:], vals)
			}
		}
		return cpt
	}
	if filled < configs {
		missing := 0
		if dense {
			for first[missing] != 0 {
				missing++
			}
		} else {
			for {
				if _, ok := seen[missing]; !ok {
					break
				}
				missing++
			}
		}
		more := ""
		if n := configs - filled - 1; n > 0 {
			more = fmt.Sprintf(" and %d more", n)
		}
		p.report(b.pos, ErrMissingRow, "variable %q: no row for parent configuration (%s)%s", name, p.config(pis, missing, false), more)
		return nil
	}
	return cpt
}

// rowStates reads a row's parent states again, appending them to dst. The
// parser has checked the syntax.
func (p *parser) rowStates(r *entry, dst []ref) []ref {
	lx := lexer{data: p.data, off: r.pos + 1} // after "("
	for {
		t := lx.next()
		switch t.kind {
		case tWord, tString:
			dst = append(dst, ref{pos: t.pos, start: t.start, end: t.end})
		case tComma:
		default:
			return dst
		}
	}
}

// countError reports a statement with the wrong number of values: at the
// first value too many, or at the semicolon when values are missing.
func (p *parser) countError(name string, e *entry, what string, want int, detail string) {
	got := e.v1 - e.v0
	off := e.semi
	if got > want {
		off = p.nthValue(e, want)
	}
	p.report(off, network.ErrCPTShape, "variable %q: %s has %s, want %d%s", name, what, plural(got, "value"), want, detail)
}

// nthValue finds the offset of value number n (from 0) of an entry by
// scanning the entry again; the parser keeps no offsets for values.
func (p *parser) nthValue(e *entry, n int) int {
	lx := &lexer{data: p.data, off: e.pos}
	t := lx.next() // "(", "table" or "default"
	if t.kind == tLParen {
		for t.kind != tRParen && t.kind != tEOF {
			t = lx.next()
		}
	}
	for i := 0; ; {
		t = lx.next()
		switch t.kind {
		case tWord:
			if i == n {
				return t.pos
			}
			i++
		case tComma:
		default:
			return e.semi
		}
	}
}

// plural renders a count of things, e.g. "1 value" or "3 values".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// rowText renders a row's parent states as written, e.g. "(yes, no)".
func (p *parser) rowText(states []ref) string {
	parts := make([]string, len(states))
	for i, st := range states {
		parts[i] = p.text(st)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (p *parser) parentNames(pis []int) string {
	if len(pis) == 0 {
		return "no parents"
	}
	names := make([]string, len(pis))
	for i, pi := range pis {
		names[i] = p.vars[pi].name.Text
	}
	return strings.Join(names, ", ")
}

// stateList renders states for a message, as the file writes them.
func stateList(states []charset.Name) string {
	texts := make([]string, len(states))
	for i, s := range states {
		texts[i] = s.Text
	}
	return strings.Join(texts, ", ")
}

// config renders parent configuration number cfg as network.ConfigString
// does, e.g. "lung=yes, tub=no"; the first parent varies slowest. With ids
// set it uses the names network.New was given, as its errors do, and
// otherwise the names as the file writes them.
func (p *parser) config(pis []int, cfg int, ids bool) string {
	parts := make([]string, len(pis))
	for j := len(pis) - 1; j >= 0; j-- {
		v := p.vars[pis[j]]
		c := len(v.states)
		st := v.states[cfg%c]
		if ids {
			parts[j] = v.name.ID + "=" + st.ID
		} else {
			parts[j] = v.name.Text + "=" + st.Text
		}
		cfg /= c
	}
	return strings.Join(parts, ", ")
}

// locator places the errors of network.New in the file (see
// diag.NetworkLocator): a CPT problem at the row concerned, a cycle at the
// parent that closes it, anything else about a variable at its probability
// block.
type locator struct {
	p         *parser
	byVar     []*probBlock
	parentsOf [][]int
	ids       map[string]int         // variable ID -> index, built on first use
	rows      map[int]map[string]int // variable -> config string -> row offset
}

func (l *locator) index(id string) (int, bool) {
	if l.ids == nil {
		l.ids = make(map[string]int, len(l.p.vars))
		for i, v := range l.p.vars {
			l.ids[v.name.ID] = i
		}
	}
	i, ok := l.ids[id]
	return i, ok
}

// Variable implements diag.NetworkLocator.
func (l *locator) Variable(variable, config string) (diag.Pos, bool) {
	p := l.p
	i, ok := l.index(variable)
	if !ok {
		return diag.Pos{}, false
	}
	b := l.byVar[i]
	switch {
	case b == nil:
		return p.pos(p.vars[i].pos), true
	case b.table != nil:
		return p.pos(b.table.pos), true
	case config != "" || len(l.parentsOf[i]) == 0:
		if l.rows == nil {
			l.rows = map[int]map[string]int{}
		}
		idx := l.rows[i]
		if idx == nil {
			idx = make(map[string]int, len(b.rows))
			for _, r := range b.rows {
				idx[p.config(l.parentsOf[i], r.cfg, true)] = r.pos
			}
			l.rows[i] = idx
		}
		if o, ok := idx[config]; ok {
			return p.pos(o), true
		}
		if b.def != nil {
			return p.pos(b.def.pos), true
		}
	}
	return p.pos(b.pos), true
}

// Cycle implements diag.NetworkLocator: the arrow from the last variable of
// the cycle to the first is declared in the first one's probability head.
func (l *locator) Cycle(cycle []string) (diag.Pos, bool) {
	p := l.p
	i, ok := l.index(cycle[0])
	if !ok || l.byVar[i] == nil {
		return diag.Pos{}, false
	}
	b := l.byVar[i]
	off := b.pos
	last, _ := l.index(cycle[len(cycle)-1])
	for _, r := range b.parents {
		if j, ok := p.varIndex[network.NormalName(p.text(r))]; ok && j == last {
			off = r.pos
		}
	}
	return p.pos(off), true
}
