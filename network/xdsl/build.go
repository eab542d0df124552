package xdsl

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/charset"
	"brink/network/decimal"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// builder turns the element tree into a model, collecting every problem.
type builder struct {
	src    *source
	lim    limits.Limits
	c      *diag.Collector
	budget *limits.Budget
	nodes  []*node
	index  map[string]int // node id text -> index in nodes
}

// node is one element of <nodes> as read from the file.
type node struct {
	el       *element
	id       charset.Name
	kind     string         // the element name: cpt, deterministic, ...
	states   []charset.Name // state ids in order
	statesAt []*element     // the <state> of each
	stateIdx map[string]int // state id text -> index
	parents  *element       // <parents>, or nil
	table    *element       // <probabilities>, <resultingstates> or <parameters>
	strength *element       // a noisy-MAX node's <strengths>, or nil

	pidx   []int            // parents resolved to node indices
	cpt    []float64        // in network.VariableSpec's layout
	canon  *model.Canonical // the parameters of a noisy-MAX or deterministic node
	values []float64        // a utility node's values, one per parent configuration

	// at is the node's index among the network's variables, or for a
	// utility node among the model's utilities.
	at int
}

// isUtility reports whether n is a utility node, which the model keeps
// beside the network.
func (n *node) isUtility() bool { return n.kind == "utility" }

// unsupportedKinds says, for each kind of SMILE node Brink cannot hold,
// what it is and why it is refused.
var unsupportedKinds = map[string]string{
	"tdecision":  "a temporal decision node; dynamic networks are not supported yet",
	"mau":        "a multi-attribute utility node; utilities that combine other utilities are not supported yet",
	"noisyadder": "a noisy-adder node; canonical gates are not supported yet",
	"demorgan":   "a DeMorgan node; canonical gates are not supported yet",
	"equation":   "an equation node; continuous variables are not supported yet",
}

// report records a problem; past the limit it is only counted.
func (b *builder) report(err *diag.Error) { b.c.Add(err) }

// full reports whether more problems have been found than are kept, after
// which the reader stops looking for more.
func (b *builder) full() bool { return b.c.Len() > b.c.Max }

// errorf reports a problem at decoder offset o. Past the limit it is only
// counted, without the cost of finding its position.
func (b *builder) errorf(o int64, sentinel error, format string, args ...any) {
	if b.c.Full() {
		b.c.Add(nil)
		return
	}
	b.report(b.src.errorf(o, sentinel, format, args...))
}

// wordErrorf reports a problem at a word of an element's text.
func (b *builder) wordErrorf(w word, sentinel error, format string, args ...any) {
	if b.c.Full() {
		b.c.Add(nil)
		return
	}
	b.report(b.src.errorAt(b.src.wordPos(w), sentinel, format, args...))
}

// limitError reports err, such as a *limits.Error, at decoder offset o.
func (b *builder) limitError(o int64, err error) {
	b.errorf(o, err, "%s", err)
}

// warnf records a warning about decoder offset o, printed
// "path:line:col: xdsl: message" like the errors.
func (b *builder) warnf(o int64, format string, args ...any) {
	b.c.Warnf(b.src.pos(o), "xdsl: "+format, args...)
}

// warnAt records a warning at a position.
func (b *builder) warnAt(pos diag.Pos, format string, args ...any) {
	b.c.Warnf(pos, "xdsl: "+format, args...)
}

// build reads the document. It returns nil when it has reported errors.
func (b *builder) build(root *element) *model.Model {
	if root.name != "smile" {
		b.errorf(root.start, ErrSyntax, "root element is <%s>, not <smile>", root.name)
		return nil
	}
	var nodes *element
	for _, c := range root.children {
		switch c.name {
		case "nodes":
			if nodes != nil {
				b.errorf(c.start, ErrSyntax, "second <nodes> element (first at line %d)", b.src.pos(nodes.start).Line)
				continue
			}
			nodes = c
		case "dynamic":
			b.errorf(c.start, ErrUnsupported, "<dynamic> element: dynamic (temporal) networks are not supported yet")
		}
	}
	if nodes == nil {
		b.errorf(root.start, ErrSyntax, "no <nodes> element")
		return nil
	}
	for _, c := range nodes.children {
		b.readNode(c)
	}
	if b.c.Len() > 0 {
		return nil
	}
	if len(b.nodes) == 0 {
		b.errorf(nodes.start, ErrSyntax, "no nodes")
		return nil
	}
	b.names()
	for _, n := range b.nodes {
		b.resolve(n)
	}
	if b.c.Len() > 0 {
		return nil
	}
	// The network holds the chance and decision nodes, in the file's
	// order; the utilities are kept beside it.
	var specs []network.VariableSpec
	var utils []model.Utility
	for _, n := range b.nodes {
		ps := make([]string, len(n.pidx))
		for j, p := range n.pidx {
			ps[j] = b.nodes[p].id.ID
		}
		if n.isUtility() {
			n.at = len(utils)
			u := model.Utility{ID: n.id.ID, Table: n.values}
			if len(ps) > 0 {
				u.Parents = ps
			}
			utils = append(utils, u)
			continue
		}
		states := make([]string, len(n.states))
		for s, st := range n.states {
			states[s] = st.ID
		}
		n.at = len(specs)
		specs = append(specs, network.VariableSpec{Name: n.id.ID, States: states, Parents: ps, CPT: n.cpt})
	}
	if len(specs) == 0 {
		b.errorf(nodes.start, ErrSyntax, "only utility nodes, and no chance or decision node")
		return nil
	}
	net, err := network.New(specs)
	if err != nil {
		b.c.AddNetworkErrors(err, b.src.file, &locator{b: b})
		return nil
	}
	m := model.New(net)
	m.Utilities = utils
	if id, ok := root.attr("id"); ok {
		m.Title = id
	}
	for _, c := range root.children {
		if c.name == "extensions" {
			for _, g := range c.children {
				if g.name == "genie" {
					b.genie(m, g)
				}
			}
		}
	}
	for _, n := range b.nodes {
		if n.isUtility() {
			if u := &m.Utilities[n.at]; n.id.Changed() && u.Label == "" {
				u.Label = n.id.Text
			}
			continue
		}
		doc := &m.Nodes[n.at]
		doc.Canonical = n.canon
		if n.kind == "decision" {
			doc.Role = model.RoleDecision
		}
		if n.id.Changed() && doc.Label == "" {
			doc.Label = n.id.Text
		}
		for s, st := range n.states {
			if st.Changed() {
				if doc.StateLabels == nil {
					doc.StateLabels = make([]string, len(n.states))
				}
				doc.StateLabels[s] = st.Text
			}
		}
	}
	return m
}

// readNode reads one element of <nodes>, reporting what it cannot hold.
func (b *builder) readNode(el *element) {
	raw, ok := el.attr("id")
	if !ok || raw == "" {
		b.errorf(el.start, ErrSyntax, "<%s> element without an id", el.name)
		return
	}
	id, err := charset.VariableName(raw)
	if err != nil {
		b.errorf(el.start, network.ErrBadName, "node id %s", err)
		return
	}
	if i, dup := b.index[id.Text]; dup {
		first := b.nodes[i]
		b.errorf(el.start, network.ErrDuplicateVariable, "duplicate node id %s (first at line %d)%s", name(id.Text), b.src.pos(first.el.start).Line, note(charset.Same(first.id, id)))
		return
	}
	n := &node{el: el, id: id, kind: el.name, stateIdx: map[string]int{}}
	b.index[id.Text] = len(b.nodes)
	b.nodes = append(b.nodes, n)
	switch el.name {
	case "cpt", "deterministic", "noisymax", "decision", "utility":
	default:
		what, known := unsupportedKinds[el.name]
		if !known {
			what = fmt.Sprintf("of the unknown kind <%s>", el.name)
		}
		b.errorf(el.start, ErrUnsupported, "node %s is %s", name(id.Text), what)
		return
	}
	if d, ok := el.attr("dynamic"); ok {
		b.errorf(el.start, ErrUnsupported, "node %s is a temporal node (dynamic=%q); dynamic networks are not supported yet", name(id.Text), d)
		return
	}
	// A decision has no table: its options get equal probabilities until
	// a policy is found. A utility has no states.
	tableName := "probabilities"
	switch el.name {
	case "deterministic":
		tableName = "resultingstates"
	case "noisymax":
		tableName = "parameters"
	case "decision":
		tableName = ""
	case "utility":
		tableName = "utilities"
	}
	for _, c := range el.children {
		switch c.name {
		case "state":
			if el.name == "utility" {
				b.errorf(c.start, ErrSyntax, "node %s: a utility node has no states, and a value for each configuration of its parents", name(id.Text))
				continue
			}
			sid, ok := c.attr("id")
			if !ok || sid == "" {
				b.errorf(c.start, ErrSyntax, "node %s: <state> without an id", name(id.Text))
				continue
			}
			st, err := charset.StateName(sid)
			if err != nil {
				b.errorf(c.start, network.ErrBadName, "node %s: state id %s", name(id.Text), err)
				continue
			}
			if i, dup := n.stateIdx[st.Text]; dup {
				b.errorf(c.start, network.ErrDuplicateState, "node %s: duplicate state %s%s", name(id.Text), name(st.Text), note(charset.Same(n.states[i], st)))
				continue
			}
			n.stateIdx[st.Text] = len(n.states)
			n.states = append(n.states, st)
			n.statesAt = append(n.statesAt, c)
		case "parents":
			if n.parents != nil {
				b.errorf(c.start, ErrSyntax, "node %s: second <parents> element", name(id.Text))
				continue
			}
			n.parents = c
		case tableName:
			if n.table != nil {
				b.errorf(c.start, ErrSyntax, "node %s: second <%s> element", name(id.Text), tableName)
				continue
			}
			n.table = c
		case "strengths":
			if el.name != "noisymax" {
				continue
			}
			if n.strength != nil {
				b.errorf(c.start, ErrSyntax, "node %s: second <strengths> element", name(id.Text))
				continue
			}
			n.strength = c
		}
	}
	if len(n.states) == 0 && el.name != "utility" {
		b.errorf(el.start, network.ErrNoStates, "node %s has no states", name(id.Text))
	}
	if n.table == nil && tableName != "" {
		b.errorf(el.start, ErrNoProbability, "node %s has no <%s>", name(id.Text), tableName)
	}
}

// note renders an explanation after a message, or nothing.
func note(s string) string {
	if s == "" {
		return ""
	}
	return "; " + s
}

// names gives the nodes and states that need one a safe, unique name (see
// charset.Name) and warns about each. SMILE ids are identifiers, so this
// happens only to files that other tools wrote.
func (b *builder) names() {
	ids := make([]charset.Name, len(b.nodes))
	for i, n := range b.nodes {
		ids[i] = n.id
	}
	charset.Unique(ids)
	for i, n := range b.nodes {
		n.id = ids[i]
		if n.id.Changed() {
			b.warnf(n.el.start, "%s", n.id.Renamed("node"))
		}
		charset.Unique(n.states)
		for s, st := range n.states {
			if st.Changed() {
				b.warnf(n.statesAt[s].start, "%s", st.Renamed(fmt.Sprintf("node %s: state", name(n.id.Text))))
			}
		}
	}
}

// resolve finds a node's parents and builds its CPT, once the budget has
// accepted its size.
func (b *builder) resolve(n *node) {
	if b.full() {
		return
	}
	ok := true
	seen := map[int]bool{}
	if n.parents != nil {
		// Parents past the limit are not looked at: the budget refuses
		// the node.
		for w := range n.parents.words() {
			if b.full() {
				return
			}
			if len(n.pidx) > b.lim.Parents && b.lim.Parents >= 0 {
				break
			}
			p, found := b.index[network.NormalName(w.s)]
			switch {
			case !found:
				b.wordErrorf(w, network.ErrUnknownParent, "node %s: parent %s is not a node", name(n.id.Text), name(w.s))
				ok = false
			case b.nodes[p].isUtility():
				b.wordErrorf(w, ErrUnsupported, "node %s: parent %s is a utility node, which can have no children", name(n.id.Text), name(w.s))
				ok = false
			case seen[p]:
				b.wordErrorf(w, network.ErrDuplicateVariable, "node %s: parent %s listed twice", name(n.id.Text), name(w.s))
				ok = false
			default:
				seen[p] = true
				n.pidx = append(n.pidx, p)
			}
		}
	}
	if !ok {
		return
	}
	k := len(n.states)
	cards := make([]int, len(n.pidx))
	for j, p := range n.pidx {
		cards[j] = len(b.nodes[p].states)
	}
	if err := b.budget.Table(n.id.Text, max(k, 1), cards); err != nil {
		b.limitError(n.el.start, err)
		return
	}
	rows := 1
	for _, c := range cards {
		rows *= c
	}
	switch n.kind {
	case "decision":
		n.cpt = make([]float64, rows*k)
		for i := range n.cpt {
			n.cpt[i] = 1 / float64(k)
		}
	case "utility":
		n.values = b.utilities(n, rows)
	case "deterministic":
		n.cpt = b.deterministic(n, rows)
	case "noisymax":
		n.cpt = b.noisyMAX(n, cards)
	default:
		n.cpt = b.probabilities(n, rows)
	}
}

// shape describes the expected size of a table for messages.
func shape(k, rows int) string {
	if rows == 1 {
		return fmt.Sprintf("%d %s", k, plural(k, "state"))
	}
	return fmt.Sprintf("%d %s × %d parent configurations", k, plural(k, "state"), rows)
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// given describes parent configuration row of n, " given A=a, B=b", or ""
// for a node without parents.
func (b *builder) given(n *node, row int) string {
	if len(n.pidx) == 0 {
		return ""
	}
	parts := make([]string, len(n.pidx))
	for i := len(n.pidx) - 1; i >= 0; i-- {
		p := b.nodes[n.pidx[i]]
		c := len(p.states)
		parts[i] = p.id.Text + "=" + p.states[row%c].Text
		row /= c
	}
	return " given " + strings.Join(parts, ", ")
}

// probabilities reads the <probabilities> of a CPT node with rows parent
// configurations and checks each row:
//
//	entries finite and ≥ 0
//	s = Σ_j p_j > 0
//	|s - 1| ≤ MaxRowDeviation
//
// Rows that network.CheckRow accepts are left for network.New, which keeps
// those that sum to 1 up to rounding and divides the rest silently; the
// others are divided by their sum here, and the node gets a warning. It
// returns nil after reporting a problem. The words are counted before the
// table is allocated, so that a table's size is its node's, not the
// file's.
func (b *builder) probabilities(n *node, rows int) []float64 {
	k := len(n.states)
	want := rows * k
	if got := n.table.countWords(want); got != want {
		got = n.table.countWords(-1)
		const format = "node %s: %d probabilities, expected %d (%s)"
		if got > want {
			b.wordErrorf(n.table.nthWord(want), network.ErrCPTShape, format, name(n.id.Text), got, want, shape(k, rows))
		} else {
			b.errorf(n.table.start, network.ErrCPTShape, format, name(n.id.Text), got, want, shape(k, rows))
		}
		return nil
	}
	cpt := make([]float64, want)
	ok := true
	normalised, worst := 0, 0.0
	var tiny *word // the first number that underflowed
	ntiny := 0
	i := 0
	var first word // the first word of the current row
	for w := range n.table.words() {
		row, j := i/k, i%k
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
			b.wordErrorf(w, ErrSyntax, "node %s: P(%s%s) is %s, not a number", name(n.id.Text), name(n.states[j].Text), b.given(n, row), strconv.Quote(w.s))
			ok = false
		case x < 0 || math.IsInf(x, 0):
			b.wordErrorf(w, network.ErrCPTNegative, "node %s: P(%s%s) = %s is not a probability", name(n.id.Text), name(n.states[j].Text), b.given(n, row), w.s)
			ok = false
		case decimal.Underflowed(x, w.s):
			if ntiny == 0 {
				tiny = &w
			}
			ntiny++
		}
		cpt[i-1] = x
		if j < k-1 || !ok {
			continue
		}
		r := cpt[row*k : (row+1)*k]
		c := network.CheckRow(r)
		dev := math.Abs(c.Sum - 1)
		switch {
		case c.Sum == 0:
			b.wordErrorf(first, network.ErrCPTSum, "node %s: the probabilities%s are all zero", name(n.id.Text), b.given(n, row))
			ok = false
		case !(dev <= MaxRowDeviation):
			b.wordErrorf(first, network.ErrCPTSum, "node %s: the probabilities%s sum to %.6g, off by more than %g", name(n.id.Text), b.given(n, row), c.Sum, MaxRowDeviation)
			ok = false
		case !c.Acceptable:
			normalised++
			worst = max(worst, dev)
			network.NormaliseRow(r)
		}
	}
	if !ok {
		return nil
	}
	b.numberWarnings(n, "row", "probability", "this table", normalised, worst, ntiny, tiny)
	return cpt
}

// numberWarnings says how many of node n's distributions (rows or
// parameters, what) were normalised and by how much at most, and where
// the first of ntiny numbers below the normal float64 range is.
func (b *builder) numberWarnings(n *node, what, number, where string, normalised int, worst float64, ntiny int, tiny *word) {
	if normalised > 0 {
		b.warnf(n.table.start, "node %s: %d %s normalised (largest deviation %s)", name(n.id.Text), normalised, plural(normalised, what), short(worst))
	}
	if ntiny > 0 {
		more := ""
		if ntiny > 1 {
			more = fmt.Sprintf(" (and %d more in %s)", ntiny-1, where)
		}
		b.warnAt(b.src.wordPos(*tiny), "node %s: %s %s is below the range of normal float64 numbers and is read as %v%s", name(n.id.Text), number, tiny.s, mustParse(tiny.s), more)
	}
}

// utilities reads the <utilities> of a utility node: one value per
// configuration of its parents, in the order of the probabilities of a
// node's CPT without the node's own states, the first parent slowest.
// GeNIe's Pinball diagram (shared/interop) shows the order: of the 216
// values of TotalRevenue over BusinessDecision (Vending, Rentals, Sell),
// RentalRate (HighRent, LowRent), Location, Setting, Fun and RevenueLevel,
// the first 72 vary and repeat after 36 (Vending, which does not depend
// on the rent), the next 72 are 36 of 490 then 36 of 205 (Rentals, high
// then low rent) and the last 72 are all 200 (Sell): the first parent
// slowest, the second next. Values may be negative. It returns nil after
// reporting a problem.
func (b *builder) utilities(n *node, rows int) []float64 {
	if got := n.table.countWords(rows); got != rows {
		got = n.table.countWords(-1)
		const format = "node %s: %d utilities, expected %d (one per parent configuration)"
		if got > rows {
			b.wordErrorf(n.table.nthWord(rows), network.ErrCPTShape, format, name(n.id.Text), got, rows)
		} else {
			b.errorf(n.table.start, network.ErrCPTShape, format, name(n.id.Text), got, rows)
		}
		return nil
	}
	values := make([]float64, 0, rows)
	ok := true
	for w := range n.table.words() {
		if b.full() {
			return nil
		}
		x, err := parseNumber(w.s)
		switch {
		case err != nil:
			b.wordErrorf(w, ErrSyntax, "node %s: utility %s%s is not a number", name(n.id.Text), strconv.Quote(w.s), b.given(n, len(values)))
			ok = false
		case math.IsInf(x, 0):
			b.wordErrorf(w, ErrSyntax, "node %s: utility %s%s is out of range", name(n.id.Text), w.s, b.given(n, len(values)))
			ok = false
		}
		values = append(values, x)
	}
	if !ok {
		return nil
	}
	return values
}

// parseNumber parses a probability as GeNIe writes it: a plain decimal
// number, [+-]digits[.digits][(e|E)[+-]digits]. strconv.ParseFloat alone
// would also take "NaN", "Inf", hexadecimal floats and underscores between
// digits. A number too large for a float64 comes back as ±Inf without an
// error, for the caller to refuse as a probability.
func parseNumber(s string) (float64, error) {
	if !decimal.Valid(s) {
		return 0, strconv.ErrSyntax
	}
	x, _ := strconv.ParseFloat(s, 64)
	return x, nil
}

// mustParse parses a number parseNumber has accepted.
func mustParse(s string) float64 {
	x, _ := parseNumber(s)
	return x
}

// short formats a small deviation as 1.9e-3.
func short(x float64) string {
	s := strconv.FormatFloat(x, 'e', 1, 64)
	if i := strings.Index(s, "e"); i >= 0 {
		exp := s[i+1:]
		sign := ""
		if exp[0] == '-' || exp[0] == '+' {
			if exp[0] == '-' {
				sign = "-"
			}
			exp = exp[1:]
		}
		exp = strings.TrimLeft(exp, "0")
		if exp == "" {
			exp = "0"
		}
		s = s[:i+1] + sign + exp
	}
	return s
}

// deterministic reads the <resultingstates> of a deterministic node, one
// state per parent configuration, into a CPT of zeros and ones, and keeps
// the states as the node's canonical model. It returns nil after
// reporting a problem.
func (b *builder) deterministic(n *node, rows int) []float64 {
	k := len(n.states)
	if got := n.table.countWords(rows); got != rows {
		got = n.table.countWords(-1)
		const format = "node %s: %d resulting states, expected %d (one per parent configuration)"
		if got > rows {
			b.wordErrorf(n.table.nthWord(rows), network.ErrCPTShape, format, name(n.id.Text), got, rows)
		} else {
			b.errorf(n.table.start, network.ErrCPTShape, format, name(n.id.Text), got, rows)
		}
		return nil
	}
	cpt := make([]float64, rows*k)
	outcome := make([]int, rows)
	ok := true
	row := 0
	for w := range n.table.words() {
		if b.full() {
			return nil
		}
		s, found := n.stateIdx[network.NormalName(w.s)]
		if !found {
			b.wordErrorf(w, network.ErrUnknownState, "node %s: resulting state %s%s is not one of its states", name(n.id.Text), name(w.s), b.given(n, row))
			ok = false
		} else {
			cpt[row*k+s] = 1
			outcome[row] = s
		}
		row++
	}
	if !ok {
		return nil
	}
	n.canon = &model.Canonical{Kind: model.Deterministic, Outcome: outcome}
	return cpt
}

// locator places the errors of network.New at the element of the node
// concerned (see diag.NetworkLocator); the reader's own checks leave only
// cycles for it to find.
type locator struct {
	b   *builder
	ids map[string]int // node ID -> index, built on first use
}

func (l *locator) index(id string) (int, bool) {
	if l.ids == nil {
		l.ids = make(map[string]int, len(l.b.nodes))
		for i, n := range l.b.nodes {
			l.ids[n.id.ID] = i
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
	return l.b.src.pos(l.b.nodes[i].el.start), true
}

// Cycle implements diag.NetworkLocator: the arrow from the last node of
// the cycle into the first is written in the first one's <parents>.
func (l *locator) Cycle(cycle []string) (diag.Pos, bool) {
	i, ok := l.index(cycle[0])
	if !ok {
		return diag.Pos{}, false
	}
	n := l.b.nodes[i]
	pos := l.b.src.pos(n.el.start)
	last, _ := l.index(cycle[len(cycle)-1])
	if n.parents != nil {
		for w := range n.parents.words() {
			if j, ok := l.b.index[network.NormalName(w.s)]; ok && j == last {
				pos = l.b.src.wordPos(w)
			}
		}
	}
	return pos, true
}

// genie reads the GeNIe extension: the network's name and comment, and
// each node's name, comment and position.
func (b *builder) genie(m *model.Model, g *element) {
	if t, ok := g.attr("name"); ok && strings.TrimSpace(t) != "" {
		m.Title = unescape(t)
	}
	for _, c := range g.children {
		if c.name == "comment" {
			m.Description = unescape(c.content())
		}
	}
	b.genieNodes(m, g, "")
}

// genieNodes reads the <node> elements of a GeNIe view or submodel. Nodes
// in a submodel get the submodel's name (the path of names, for nested
// ones) as their group. Their positions are in the submodel's own window;
// they are kept as they are. Submodels nest no deeper than the limit on
// nesting that parseXML enforces.
func (b *builder) genieNodes(m *model.Model, view *element, group string) {
	for _, c := range view.children {
		switch c.name {
		case "node":
			b.genieNode(m, c, group)
		case "submodel":
			sub, _ := c.attr("id")
			for _, cc := range c.children {
				if cc.name == "name" {
					sub = unescape(cc.content())
				}
			}
			if group != "" {
				sub = group + "/" + sub
			}
			b.genieNodes(m, c, sub)
		}
	}
}

// genieNode documents one node from its GeNIe view. Nodes the network does
// not have are skipped.
func (b *builder) genieNode(m *model.Model, el *element, group string) {
	id, _ := el.attr("id")
	v, ok := b.index[network.NormalName(id)]
	if !ok {
		return
	}
	n := b.nodes[v]
	var label, desc *string
	var pos **model.Point
	if n.isUtility() {
		// A utility keeps its label, description and position; the
		// model has no groups for utilities.
		u := &m.Utilities[n.at]
		label, desc, pos = &u.Label, &u.Description, &u.Position
	} else {
		doc := &m.Nodes[n.at]
		doc.Group = group
		label, desc, pos = &doc.Label, &doc.Description, &doc.Position
	}
	for _, c := range el.children {
		switch c.name {
		case "name":
			if l := unescape(c.content()); l != n.id.ID {
				*label = l
			}
		case "comment":
			*desc = unescape(c.content())
		case "position":
			p, ok := centre(c.content())
			if !ok {
				b.warnf(c.start, "node %s: position %s is not four numbers; ignored", name(id), strconv.Quote(strings.TrimSpace(c.content())))
				continue
			}
			*pos = p
		}
	}
}

// centre reads GeNIe's "left top right bottom" and returns the middle of
// that rectangle.
func centre(s string) (*model.Point, bool) {
	f := strings.FieldsFunc(s, isBlank)
	if len(f) != 4 {
		return nil, false
	}
	var x [4]float64
	for i, w := range f {
		v, err := parseNumber(w)
		if err != nil || math.IsInf(v, 0) {
			return nil, false
		}
		x[i] = v
	}
	return &model.Point{X: (x[0] + x[2]) / 2, Y: (x[1] + x[3]) / 2}, true
}

// unescape undoes GeNIe's escaping of text: it writes a line break inside
// a name or comment as the two characters \n, and a backslash as \\.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'n':
				out.WriteByte('\n')
				i++
				continue
			case '\\':
				out.WriteByte('\\')
				i++
				continue
			}
		}
		out.WriteByte(s[i])
	}
	return out.String()
}

// name renders a node or state id for a message: as it is when it is an
// identifier, as SMILE requires, and quoted otherwise.
func name(id string) string {
	for i, c := range id {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return strconv.Quote(id)
		}
	}
	if id == "" {
		return `""`
	}
	return id
}
