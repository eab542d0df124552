package xmlbif

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/charset"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// build resolves the parsed variables and definitions into a network and
// its model. Problems are added to p.c; the result is nil if there are
// any. It runs after problems in the document too, unless reading
// stopped, so that all are reported at once.
func (p *parser) build() *model.Model {
	if p.stop {
		return nil
	}
	nerrs := p.c.Len()
	for _, v := range p.vars {
		switch v.typ {
		case "nature", "", "decision", "utility":
		default:
			p.errorf(v.off, ErrUnsupported, "variable %q has TYPE %q; only \"nature\", \"decision\" and \"utility\" are supported", v.text, v.typ)
		}
	}
	if p.c.Len() > nerrs {
		return nil
	}
	if len(p.vars) == 0 {
		if p.networks == 1 && nerrs == 0 {
			p.errorf(0, ErrSyntax, "the network declares no variables")
		}
		return nil
	}

	index := p.names()
	defOf := make([]*definition, len(p.vars))
	parents := make([][]int, len(p.vars))
	budget := limits.NewBudget(p.lim)
	for _, d := range p.defs {
		if p.stop {
			return nil
		}
		name := network.NormalName(d.forName)
		vi, ok := index[name]
		if !ok {
			p.errorf(d.forOff, network.ErrUnknownVariable, "<FOR> names %q, which is not a declared variable", d.forName)
			continue
		}
		if prev := defOf[vi]; prev != nil {
			p.errorf(d.off, ErrDuplicate, "a second definition of variable %q (first at line %d)", name, p.line(prev.off))
			continue
		}
		defOf[vi] = d
		pis, ok := p.resolveGiven(d, index)
		if !ok {
			continue
		}
		cards := make([]int, len(pis))
		for j, pi := range pis {
			cards[j] = len(p.vars[pi].states)
		}
		if err := budget.Table(name, max(len(p.vars[vi].states), 1), cards); err != nil {
			p.limitError(d.off, err)
			return nil
		}
		parents[vi] = pis
		switch p.vars[vi].typ {
		case "utility":
			p.checkUtilityCount(d, vi, pis)
		case "decision":
			p.checkDecisionTable(d, vi, pis)
		default:
			p.checkCount(d, vi, pis)
		}
	}
	for i, v := range p.vars {
		// A definition without FOR has been reported; the variable it
		// was meant for would be reported again here. aGrUM writes no
		// definition for a decision without parents.
		if j, ok := index[v.name.Text]; defOf[i] == nil && p.forless == 0 && ok && j == i && v.typ != "decision" {
			what := "variable"
			if v.typ == "utility" {
				what = "utility"
			}
			p.errorf(v.off, ErrNoDefinition, "%s %q has no <DEFINITION>", what, v.name.Text)
		}
	}
	if p.c.Len() > 0 {
		return nil
	}

	// The network holds the chance and decision variables, in the file's
	// order; utilities are kept beside it.
	var specs []network.VariableSpec
	var utils []int // indices in p.vars
	netIndex := make([]int, len(p.vars))
	for i, v := range p.vars {
		ps := make([]string, len(parents[i]))
		for j, pi := range parents[i] {
			ps[j] = p.vars[pi].name.ID
		}
		if v.typ == "utility" {
			netIndex[i] = -1
			utils = append(utils, i)
			continue
		}
		d := defOf[i]
		k := len(v.states)
		var cpt []float64
		if v.typ == "decision" {
			cpt = uniform(k, p.configs(parents[i]))
		} else {
			cpt = d.table.vals
			if fix := normaliseRows(cpt, k); fix.rows > 0 {
				p.warnf(p.entryOff(&d.table, fix.first*k), "variable %q: %s normalised (largest deviation %.2g)", v.name.Text, plural(fix.rows, "row", "rows"), fix.worst)
			}
		}
		states := make([]string, len(v.states))
		for s, st := range v.states {
			states[s] = st.ID
		}
		netIndex[i] = len(specs)
		specs = append(specs, network.VariableSpec{Name: v.name.ID, States: states, Parents: ps, CPT: cpt})
	}
	if len(specs) == 0 {
		p.errorf(p.vars[0].off, ErrSyntax, "the network declares utilities only, and no chance or decision variable")
		return nil
	}
	n, err := network.New(specs)
	if err != nil {
		p.c.AddNetworkErrors(err, p.filename, &locator{p: p, defOf: defOf, parents: parents})
		return nil
	}
	m := model.New(n)
	m.Title = p.title
	m.Description = p.description
	for i, v := range p.vars {
		if netIndex[i] < 0 {
			continue
		}
		doc := &m.Nodes[netIndex[i]]
		doc.Position = v.position
		doc.Description = v.description
		if v.typ == "decision" {
			doc.Role = model.RoleDecision
		}
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
	for _, i := range utils {
		v := p.vars[i]
		u := model.Utility{ID: v.name.ID, Description: v.description, Position: v.position, Table: defOf[i].table.vals}
		if v.name.Changed() {
			u.Label = v.name.Text
		}
		for _, pi := range parents[i] {
			u.Parents = append(u.Parents, p.vars[pi].name.ID)
		}
		m.Utilities = append(m.Utilities, u)
	}
	return m
}

// configs returns the number of configurations of the parents pis, which
// the budget has accepted.
func (p *parser) configs(pis []int) int {
	c := 1
	for _, pi := range pis {
		c *= len(p.vars[pi].states)
	}
	return c
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

// checkUtilityCount reports a utility's TABLE that does not hold one
// value per configuration of its GIVEN variables,
//
//	want = Π |states of each GIVEN|,
//
// at the first surplus value, or at the TABLE when values are missing.
// aGrUM writes them as a table over the utility (one OUTCOME) and its
// parents, the first GIVEN slowest, as for a CPT.
func (p *parser) checkUtilityCount(d *definition, vi int, pis []int) {
	v := p.vars[vi]
	if d.tableOff < 0 {
		p.errorf(d.off, ErrSyntax, "utility %q: definition has no <TABLE>", v.name.Text)
		return
	}
	if d.tableBad {
		return
	}
	want := p.configs(pis)
	got := len(d.table.vals)
	if got == want {
		return
	}
	var f strings.Builder
	for j, pi := range pis {
		if j > 0 {
			f.WriteString(" × ")
		}
		fmt.Fprintf(&f, "%d (%s)", len(p.vars[pi].states), p.vars[pi].name.Text)
	}
	if len(pis) == 0 {
		f.WriteString("1, as it has no <GIVEN>")
	}
	off := d.tableOff
	if got > want {
		off = p.entryOff(&d.table, want)
	}
	p.errorf(off, network.ErrCPTShape, "utility %q: <TABLE> has %s, want one per configuration of its parents, %d = %s", v.name.Text, plural(got, "value", "values"), want, f.String())
}

// checkDecisionTable warns about the TABLE of a decision, which the
// reader does not use: the decision's CPT is a placeholder that its
// policy replaces. aGrUM writes none. A table that gives each option the
// same probability in every row says nothing and draws no warning.
func (p *parser) checkDecisionTable(d *definition, vi int, pis []int) {
	if d.tableOff < 0 {
		return
	}
	v := p.vars[vi]
	k := len(v.states)
	vals := d.table.vals
	flat := !d.tableBad && k > 0 && len(vals) == k*p.configs(pis)
	for r := 0; flat && r < len(vals); r += k {
		for _, x := range vals[r : r+k] {
			flat = flat && x == vals[r] && x > 0
		}
	}
	if !flat {
		p.warnf(d.tableOff, "decision %q: its <TABLE> is ignored; a decision's options get equal probabilities until a policy is found", v.name.Text)
	}
}

// names reads the NAME and OUTCOMEs of each variable as Brink keeps them
// (see charset.Name): normalised to NFC, and given a safe, unique name,
// with a warning, when the text holds what Brink's names may not. It
// reports names that cannot be kept and names that are one after
// normalisation, and returns the index of the variables by text.
func (p *parser) names() map[string]int {
	index := make(map[string]int, len(p.vars))
	names := make([]charset.Name, 0, len(p.vars))
	for i, v := range p.vars {
		v.name = charset.Name{Raw: v.text, Text: network.NormalName(v.text), ID: v.text}
		switch name, err := charset.VariableName(v.text); {
		case v.text == "":
			p.errorf(v.nameOff, ErrSyntax, "a variable with an empty <NAME>")
		case err != nil:
			p.errorf(v.nameOff, network.ErrBadName, "variable name %s", err)
		default:
			v.name = name
			if j, dup := index[name.Text]; dup {
				first := p.vars[j]
				p.errorf(v.nameOff, network.ErrDuplicateVariable, "variable %q declared twice (first at line %d)%s", name.Text, p.line(first.nameOff), note(charset.Same(first.name, name)))
			} else {
				index[name.Text] = i
			}
		}
		names = append(names, v.name)
		if v.typ == "utility" {
			// aGrUM gives a utility one OUTCOME, which means nothing;
			// its TABLE holds one value per parent configuration.
			if len(v.outcomes) > 1 {
				p.errorf(v.outcomeOffs[1], ErrSyntax, "utility %q has %d <OUTCOME>s; a utility node has at most one, and a value for each configuration of its parents", v.name.Text, len(v.outcomes))
			}
			continue
		}
		if len(v.outcomes) == 0 {
			p.errorf(v.off, network.ErrNoStates, "variable %q has no <OUTCOME>", v.name.Text)
		}
		seen := make(map[string]int, len(v.outcomes))
		// Every OUTCOME is kept, so that the table is counted against
		// what the file lists; a file with a bad one is not built.
		v.states = make([]charset.Name, len(v.outcomes))
		v.stateOffs = v.outcomeOffs
		for k, text := range v.outcomes {
			st, err := charset.StateName(text)
			if err != nil {
				p.errorf(v.outcomeOffs[k], network.ErrBadName, "variable %q: state %s", v.name.Text, err)
				v.states[k] = charset.Name{Raw: text, Text: text, ID: text}
				continue
			}
			v.states[k] = st
			if first, dup := seen[st.Text]; dup {
				prev := v.states[first]
				p.errorf(v.outcomeOffs[k], network.ErrDuplicateState, "variable %q: state %q listed twice (first at line %d)%s", v.name.Text, st.Text, p.line(v.stateOffs[first]), note(charset.Same(prev, st)))
				continue
			}
			seen[st.Text] = k
		}
	}
	charset.Unique(names)
	for i, v := range p.vars {
		v.name = names[i]
		if v.name.Changed() {
			what := "variable"
			if v.typ == "utility" {
				what = "utility"
			}
			p.warnf(v.nameOff, "%s", v.name.Renamed(what))
		}
		charset.Unique(v.states)
		for s, st := range v.states {
			if st.Changed() {
				p.warnf(v.stateOffs[s], "%s", st.Renamed(fmt.Sprintf("variable %q: state", v.name.Text)))
			}
		}
	}
	return index
}

// note renders an explanation after a message, or nothing.
func note(s string) string {
	if s == "" {
		return ""
	}
	return "; " + s
}

// resolveGiven looks up the parents a definition names.
func (p *parser) resolveGiven(d *definition, index map[string]int) ([]int, bool) {
	pis := make([]int, len(d.given))
	ok := true
	for j, g := range d.given {
		pi, found := index[network.NormalName(g.text)]
		if !found {
			p.errorf(g.off, network.ErrUnknownParent, "variable %q: <GIVEN> names %q, which is not a declared variable", d.forName, g.text)
			ok = false
			continue
		}
		if slices.Contains(pis[:j], pi) {
			p.errorf(g.off, network.ErrDuplicateVariable, "variable %q: parent %q given twice", d.forName, g.text)
			ok = false
		}
		if p.vars[pi].typ == "utility" {
			p.errorf(g.off, ErrUnsupported, "variable %q: <GIVEN> names the utility %q; a utility node has no children", d.forName, g.text)
			ok = false
		}
		pis[j] = pi
	}
	return pis, ok
}

// checkCount reports a TABLE whose number of entries is not
//
//	want = |states of FOR| × Π |states of each GIVEN|,
//
// at the first surplus entry, or at the TABLE when entries are missing.
// The budget has accepted want entries, so the product cannot overflow.
func (p *parser) checkCount(d *definition, vi int, pis []int) {
	v := p.vars[vi]
	if d.tableOff < 0 {
		p.errorf(d.off, ErrSyntax, "variable %q: definition has no <TABLE>", v.name.Text)
		return
	}
	if len(v.states) == 0 || d.tableBad {
		return // reported already
	}
	want := len(v.states)
	for _, pi := range pis {
		want *= len(p.vars[pi].states)
	}
	got := len(d.table.vals)
	if got == want {
		return
	}
	var f strings.Builder
	fmt.Fprintf(&f, "%d states", len(v.states))
	for _, pi := range pis {
		fmt.Fprintf(&f, " × %d (%s)", len(p.vars[pi].states), p.vars[pi].name.Text)
	}
	off := d.tableOff
	if got > want {
		off = p.entryOff(&d.table, want)
	}
	p.errorf(off, network.ErrCPTShape, "variable %q: <TABLE> has %s, want %d = %s", v.name.Text, plural(got, "entry", "entries"), want, f.String())
}

// plural renders a count, e.g. "1 entry" or "3 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// rowFix says what normaliseRows did: how many rows it divided by their
// sum, the first of them, and the largest deviation among them.
type rowFix struct {
	rows, first int
	worst       float64
}

// normaliseRows divides by its sum each row of k entries that
// network.CheckRow does not accept but that is off from 1 by at most
// MaxRowDeviation:
//
//	every p_j finite and ≥ 0,
//	s = p_1 + … + p_k,
//	SumTolerance < |s − 1| ≤ MaxRowDeviation,
//
// for a warning. Rows that CheckRow accepts are left for network.New,
// which keeps those that sum to 1 up to rounding and divides the rest
// silently; other rows (negative or non-finite entries, zeros, sums
// further off) are left for it to report.
func normaliseRows(cpt []float64, k int) rowFix {
	var fix rowFix
	if k == 0 {
		return fix
	}
	for r := 0; r+k <= len(cpt); r += k {
		row := cpt[r : r+k]
		c := network.CheckRow(row)
		dev := math.Abs(c.Sum - 1)
		if c.Bad >= 0 || c.Acceptable || !(dev <= MaxRowDeviation) {
			continue
		}
		if fix.rows == 0 {
			fix.first = r / k
		}
		fix.rows++
		fix.worst = max(fix.worst, dev)
		network.NormaliseRow(row)
	}
	return fix
}

// locator places the errors of network.New in the file (see
// diag.NetworkLocator): a bad row at its first entry (a negative entry at
// itself), a cycle at the GIVEN that closes it, anything else about a
// variable at its definition.
type locator struct {
	p       *parser
	defOf   []*definition
	parents [][]int
	ids     map[string]int // variable ID -> index, built on first use
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
	vi, ok := l.index(variable)
	if !ok || l.defOf[vi] == nil {
		return diag.Pos{}, false
	}
	d := l.defOf[vi]
	off := d.off
	if at, ok := p.rowOffset(vi, d, l.parents[vi], config); ok {
		off = at
	}
	return p.src.pos(p.filename, off), true
}

// Cycle implements diag.NetworkLocator: the arrow from the last variable
// of the cycle to the first is the GIVEN in the first one's definition.
func (l *locator) Cycle(cycle []string) (diag.Pos, bool) {
	p := l.p
	vi, ok := l.index(cycle[0])
	if !ok || l.defOf[vi] == nil {
		return diag.Pos{}, false
	}
	d := l.defOf[vi]
	off := d.off
	last, _ := l.index(cycle[len(cycle)-1])
	for j, g := range d.given {
		if j < len(l.parents[vi]) && l.parents[vi][j] == last {
			off = g.off
			break
		}
	}
	return p.src.pos(p.filename, off), true
}

// rowOffset finds the table entry an error about the row of variable vi
// for parent configuration config (as network.Error gives it) points at:
// the first entry of the row, or its first bad entry.
func (p *parser) rowOffset(vi int, d *definition, pis []int, config string) (int64, bool) {
	k := len(p.vars[vi].states)
	rows := len(d.table.vals) / k
	for r := range rows {
		if p.configString(pis, r) != config {
			continue
		}
		row := d.table.vals[r*k : (r+1)*k]
		if c := network.CheckRow(row); c.Bad >= 0 {
			return p.entryOff(&d.table, r*k+c.Bad), true
		}
		return p.entryOff(&d.table, r*k), true
	}
	return 0, false
}

// configString renders parent configuration number row as
// network.ConfigString does, e.g. "asia=yes, smoke=no": the first parent
// varies slowest.
func (p *parser) configString(pis []int, row int) string {
	parts := make([]string, len(pis))
	for j := len(pis) - 1; j >= 0; j-- {
		v := p.vars[pis[j]]
		c := len(v.states)
		parts[j] = v.name.ID + "=" + v.states[row%c].ID
		row /= c
	}
	return strings.Join(parts, ", ")
}
