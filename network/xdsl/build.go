package xdsl

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

// builder turns the element tree into a model, collecting every problem.
type builder struct {
	src      *source
	errs     diag.List
	warnings []string
	nodes    []*node
	index    map[string]int // node id -> index in nodes
}

// node is one element of <nodes> as read from the file.
type node struct {
	el      *element
	id      string
	kind    string   // the element name: cpt, deterministic, ...
	states  []string // state ids in order
	parents []word
	table   *element // <probabilities> or <resultingstates>

	pidx []int     // parents resolved to node indices
	cpt  []float64 // in network.VariableSpec's layout
}

// unsupportedKinds says, for each kind of SMILE node Brink cannot hold,
// what it is and why it is refused.
var unsupportedKinds = map[string]string{
	"decision":   "a decision node; influence diagrams are not supported yet",
	"tdecision":  "a decision node; influence diagrams are not supported yet",
	"utility":    "a utility node; influence diagrams are not supported yet",
	"mau":        "a multi-attribute utility node; influence diagrams are not supported yet",
	"noisymax":   "a noisy-MAX node; canonical gates are not supported yet",
	"noisyadder": "a noisy-adder node; canonical gates are not supported yet",
	"demorgan":   "a DeMorgan node; canonical gates are not supported yet",
	"equation":   "an equation node; continuous variables are not supported yet",
}

// report records a problem, unless maxErrors have been recorded already.
func (b *builder) report(err *diag.Error) {
	if !b.full() {
		b.errs = append(b.errs, err)
	}
}

// full reports whether maxErrors problems have been reported, after which
// the rest are dropped without the cost of finding their positions.
func (b *builder) full() bool { return len(b.errs) >= maxErrors }

// errorf reports a problem at decoder offset o.
func (b *builder) errorf(o int64, sentinel error, format string, args ...any) {
	if !b.full() {
		b.report(b.src.errorf(o, sentinel, format, args...))
	}
}

// wordErrorf reports a problem at a word of an element's text.
func (b *builder) wordErrorf(w word, sentinel error, format string, args ...any) {
	if !b.full() {
		b.report(b.src.errorAt(b.src.wordPos(w), sentinel, format, args...))
	}
}

// warnf records a warning about decoder offset o, printed
// "path:line:col: xdsl: message" like the errors.
func (b *builder) warnf(o int64, format string, args ...any) {
	b.warnings = append(b.warnings, fmt.Sprintf("%s: xdsl: ", b.src.pos(o))+fmt.Sprintf(format, args...))
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
	if len(b.errs) > 0 {
		return nil
	}
	if len(b.nodes) == 0 {
		b.errorf(nodes.start, ErrSyntax, "no nodes")
		return nil
	}
	for _, n := range b.nodes {
		b.resolve(n)
	}
	if len(b.errs) > 0 {
		return nil
	}
	specs := make([]network.VariableSpec, len(b.nodes))
	for i, n := range b.nodes {
		ps := make([]string, len(n.pidx))
		for j, p := range n.pidx {
			ps[j] = b.nodes[p].id
		}
		specs[i] = network.VariableSpec{Name: n.id, States: n.states, Parents: ps, CPT: n.cpt}
	}
	net, err := network.New(specs)
	if err != nil {
		b.networkErrors(err)
		return nil
	}
	m := model.New(net)
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
	return m
}

// readNode reads one element of <nodes>, reporting what it cannot hold.
func (b *builder) readNode(el *element) {
	id, ok := el.attr("id")
	if !ok || id == "" {
		b.errorf(el.start, ErrSyntax, "<%s> element without an id", el.name)
		return
	}
	if i, dup := b.index[id]; dup {
		b.errorf(el.start, network.ErrDuplicateVariable, "duplicate node id %s (first at line %d)", name(id), b.src.pos(b.nodes[i].el.start).Line)
		return
	}
	n := &node{el: el, id: id, kind: el.name}
	b.index[id] = len(b.nodes)
	b.nodes = append(b.nodes, n)
	if el.name != "cpt" && el.name != "deterministic" {
		what, known := unsupportedKinds[el.name]
		if !known {
			what = fmt.Sprintf("of the unknown kind <%s>", el.name)
		}
		b.errorf(el.start, ErrUnsupported, "node %s is %s", name(id), what)
		return
	}
	if d, ok := el.attr("dynamic"); ok {
		b.errorf(el.start, ErrUnsupported, "node %s is a temporal node (dynamic=%q); dynamic networks are not supported yet", name(id), d)
		return
	}
	tableName := "probabilities"
	if el.name == "deterministic" {
		tableName = "resultingstates"
	}
	var parents *element
	seen := map[string]bool{}
	for _, c := range el.children {
		switch c.name {
		case "state":
			sid, ok := c.attr("id")
			switch {
			case !ok || sid == "":
				b.errorf(c.start, ErrSyntax, "node %s: <state> without an id", name(id))
			case seen[sid]:
				b.errorf(c.start, network.ErrDuplicateState, "node %s: duplicate state %s", name(id), name(sid))
			default:
				seen[sid] = true
				n.states = append(n.states, sid)
			}
		case "parents":
			if parents != nil {
				b.errorf(c.start, ErrSyntax, "node %s: second <parents> element", name(id))
				continue
			}
			parents = c
			n.parents = c.words()
		case tableName:
			if n.table != nil {
				b.errorf(c.start, ErrSyntax, "node %s: second <%s> element", name(id), tableName)
				continue
			}
			n.table = c
		}
	}
	if len(n.states) == 0 {
		b.errorf(el.start, network.ErrNoStates, "node %s has no states", name(id))
	}
	if n.table == nil {
		b.errorf(el.start, ErrNoProbability, "node %s has no <%s>", name(id), tableName)
	}
}

// resolve finds a node's parents and builds its CPT.
func (b *builder) resolve(n *node) {
	ok := true
	seen := make(map[int]bool, len(n.parents))
	for _, w := range n.parents {
		if b.full() {
			return
		}
		p, found := b.index[w.s]
		switch {
		case !found:
			b.wordErrorf(w, network.ErrUnknownParent, "node %s: parent %s is not a node", name(n.id), name(w.s))
			ok = false
		case seen[p]:
			b.wordErrorf(w, network.ErrDuplicateVariable, "node %s: parent %s listed twice", name(n.id), name(w.s))
			ok = false
		default:
			seen[p] = true
			n.pidx = append(n.pidx, p)
		}
	}
	if !ok {
		return
	}
	k := len(n.states)
	rows := 1
	for _, p := range n.pidx {
		rows *= len(b.nodes[p].states)
		if rows*k > MaxCPTEntries {
			b.errorf(n.el.start, ErrTooLarge, "node %s: its CPT would have more than %d entries", name(n.id), MaxCPTEntries)
			return
		}
	}
	if n.kind == "deterministic" {
		n.cpt = b.deterministic(n, rows)
	} else {
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
		parts[i] = p.id + "=" + p.states[row%c]
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
// and divides every row by its sum s. A node with a row off by more than
// network.SumTolerance gets a warning. It returns nil after reporting a
// problem.
func (b *builder) probabilities(n *node, rows int) []float64 {
	k := len(n.states)
	ws := n.table.words()
	if want := rows * k; len(ws) != want {
		const format = "node %s: %d probabilities, expected %d (%s)"
		if len(ws) > want {
			b.wordErrorf(ws[want], network.ErrCPTShape, format, name(n.id), len(ws), want, shape(k, rows))
		} else {
			b.errorf(n.table.start, network.ErrCPTShape, format, name(n.id), len(ws), want, shape(k, rows))
		}
		return nil
	}
	cpt := make([]float64, len(ws))
	ok := true
	normalised, worst := 0, 0.0
	for row := range rows {
		if b.full() {
			return nil
		}
		r := cpt[row*k : (row+1)*k]
		sum := 0.0
		rowOK := true
		for j := range r {
			w := ws[row*k+j]
			x, err := parseNumber(w.s)
			switch {
			case err != nil:
				b.wordErrorf(w, ErrSyntax, "node %s: P(%s%s) is %s, not a number", name(n.id), name(n.states[j]), b.given(n, row), strconv.Quote(w.s))
				rowOK = false
			case x < 0 || math.IsInf(x, 0):
				b.wordErrorf(w, network.ErrCPTNegative, "node %s: P(%s%s) = %s is not a probability", name(n.id), name(n.states[j]), b.given(n, row), w.s)
				rowOK = false
			}
			r[j] = x
			sum += x
		}
		if !rowOK {
			ok = false
			continue
		}
		dev := math.Abs(sum - 1)
		switch {
		case sum == 0:
			b.wordErrorf(ws[row*k], network.ErrCPTSum, "node %s: the probabilities%s are all zero", name(n.id), b.given(n, row))
			ok = false
			continue
		case dev > MaxRowDeviation:
			b.wordErrorf(ws[row*k], network.ErrCPTSum, "node %s: the probabilities%s sum to %.6g, off by more than %g", name(n.id), b.given(n, row), sum, MaxRowDeviation)
			ok = false
			continue
		case dev > network.SumTolerance:
			normalised++
			worst = max(worst, dev)
		}
		for j := range r {
			r[j] /= sum
		}
	}
	if !ok {
		return nil
	}
	if normalised > 0 {
		b.warnf(n.table.start, "node %s: %d %s normalised (largest deviation %s)", name(n.id), normalised, plural(normalised, "row"), short(worst))
	}
	return cpt
}

// parseNumber parses a probability as GeNIe writes it: a decimal number,
// perhaps with an exponent. strconv.ParseFloat alone would also take
// "NaN", "Inf" and hexadecimal floats. A number too large for a float64
// comes back as ±Inf without an error, for the caller to refuse as a
// probability.
func parseNumber(s string) (float64, error) {
	for _, c := range s {
		if !('0' <= c && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return 0, strconv.ErrSyntax
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if errors.Is(err, strconv.ErrRange) {
		err = nil
	}
	return x, err
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
// state per parent configuration, into a CPT of zeros and ones. It returns
// nil after reporting a problem.
func (b *builder) deterministic(n *node, rows int) []float64 {
	k := len(n.states)
	ws := n.table.words()
	if len(ws) != rows {
		const format = "node %s: %d resulting states, expected %d (one per parent configuration)"
		if len(ws) > rows {
			b.wordErrorf(ws[rows], network.ErrCPTShape, format, name(n.id), len(ws), rows)
		} else {
			b.errorf(n.table.start, network.ErrCPTShape, format, name(n.id), len(ws), rows)
		}
		return nil
	}
	cpt := make([]float64, rows*k)
	ok := true
	for row, w := range ws {
		if b.full() {
			return nil
		}
		s := -1
		for j, st := range n.states {
			if st == w.s {
				s = j
				break
			}
		}
		if s < 0 {
			b.wordErrorf(w, network.ErrUnknownState, "node %s: resulting state %s%s is not one of its states", name(n.id), name(w.s), b.given(n, row))
			ok = false
			continue
		}
		cpt[row*k+s] = 1
	}
	if !ok {
		return nil
	}
	return cpt
}

// networkErrors reports what network.New found, at the element of the node
// concerned. The reader's own checks leave only cycles for it to find.
func (b *builder) networkErrors(err error) {
	for _, e := range diag.Flatten(err) {
		pos := diag.Pos{File: b.src.file}
		var ne *network.Error
		var ce *network.CycleError
		switch {
		case errors.As(e, &ne):
			if i, ok := b.index[ne.Variable]; ok {
				pos = b.src.pos(b.nodes[i].el.start)
			}
		case errors.As(e, &ce) && len(ce.Cycle) > 0:
			// The arrow from the last node of the cycle into the first is
			// written in the first one's <parents>.
			if i, ok := b.index[ce.Cycle[0]]; ok {
				n := b.nodes[i]
				pos = b.src.pos(n.el.start)
				for _, w := range n.parents {
					if w.s == ce.Cycle[len(ce.Cycle)-1] {
						pos = b.src.wordPos(w)
					}
				}
			}
		}
		b.report(&diag.Error{Pos: pos, Err: &cause{msg: "xdsl: " + strings.TrimPrefix(e.Error(), "network: "), err: e}})
	}
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
	b.genieNodes(m, g, "", 0)
}

// maxSubmodelDepth bounds the recursion into nested submodels.
const maxSubmodelDepth = 64

// genieNodes reads the <node> elements of a GeNIe view or submodel. Nodes
// in a submodel get the submodel's name (the path of names, for nested
// ones) as their group. Their positions are in the submodel's own window;
// they are kept as they are.
func (b *builder) genieNodes(m *model.Model, view *element, group string, depth int) {
	if depth > maxSubmodelDepth {
		return
	}
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
			b.genieNodes(m, c, sub, depth+1)
		}
	}
}

// genieNode documents one node from its GeNIe view. Nodes the network does
// not have are skipped.
func (b *builder) genieNode(m *model.Model, el *element, group string) {
	id, _ := el.attr("id")
	v, ok := m.Net.Index(id)
	if !ok {
		return
	}
	doc := &m.Nodes[v]
	doc.Group = group
	for _, c := range el.children {
		switch c.name {
		case "name":
			if l := unescape(c.content()); l != id {
				doc.Label = l
			}
		case "comment":
			doc.Description = unescape(c.content())
		case "position":
			p, ok := centre(c.content())
			if !ok {
				b.warnf(c.start, "node %s: position %s is not four numbers; ignored", name(id), strconv.Quote(strings.TrimSpace(c.content())))
				continue
			}
			doc.Position = p
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
