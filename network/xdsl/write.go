package xdsl

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"brink/network"
	"brink/network/model"
)

// GeNIe's default node: 72 pixels wide and 36 high. Written rectangles
// have this size, or one more in a dimension whose centre falls on a half
// unit (see rect).
const (
	nodeWidth  = 72
	nodeHeight = 36
)

// maxCoord bounds the centres written: GeNIe keeps a rectangle in 32-bit
// integers, and a centre beyond a billion units is no layout anyone drew.
const maxCoord = 1e9

// Write writes m as an XDSL file for GeNIe and SMILE:
//
//	<smile version="1.0" id="..." numsamples="10000" discsamples="10000">
//	  <nodes>        one element per variable, parents before children:
//	                 <decision>, <noisymax>, <deterministic> or <cpt>;
//	                 then one <utility> per utility
//	  <extensions>
//	    <genie version="1.0" app="Brink" name="title">
//	      <comment>  the model's description
//	      <node>     each node's label as <name>, its description as
//	                 <comment> and its <position>
//	      <submodel> one per group, holding the <node> of its members
//
// GeNIe requires every parent to come before its children. The nodes are
// in the network's order when it does that, and otherwise in topological
// order, each step taking the earliest variable of the network's order
// whose parents have all been written; so the output depends only on m,
// and a model read back from it is written again byte for byte. Each
// element lists the node's states and its parents in CPT order. A node
// whose canonical model (model.Node.Canonical) is a noisy-MAX or noisy-OR
// with the absent state last, as GeNIe has it, is written as a
// <noisymax> with its strengths and parameters, and a deterministic one
// as a <deterministic> with its resulting states, provided the model
// still expands to the node's table (see writable); any other node,
// among them a noisy model in MSBNx's order (absent state first), which
// GeNIe cannot hold, is written as a <cpt> with its probabilities, and
// the parameters are lost. The network's CPT runs over
// the parent configurations in row-major order, the first parent slowest
// and the last fastest, with the node's own states within each
// configuration; that is the order of XDSL's <probabilities> (GeNIe, too,
// varies the last parent fastest), so the table is written as it stands.
// Numbers are written with strconv.FormatFloat(x, 'g', -1, 64), so Read
// gives back exactly the same float64 values.
//
// The <smile> id is made of the title, each run of characters an id cannot
// hold written as one underscore ("US–Iran standoff" becomes
// US_Iran_standoff), or "Network" for a model without one; the title
// itself is the GeNIe name, which Read prefers. A label is written as
// <name> (the node's id when it has none) and texts are escaped as GeNIe
// escapes them, a line break as \n and a backslash as \\, so that Read
// gives back the same text; characters XML cannot hold become U+FFFD.
// Each group is a submodel named after it, with an id made of its name as
// the <smile> id is, and drawn at the middle of its members; Read gives
// its members the submodel's name as their group.
//
// A position is the centre of a Brink card (260 or more model units wide,
// see gui/cardlayout); GeNIe draws a node as a rectangle, "left top right
// bottom" in whole pixels, and Read takes the centre of that rectangle. The
// rectangle written is GeNIe's default node, 72 × 36, centred on the
// position: a network laid out in Brink opens in GeNIe with its nodes at
// the same places, at GeNIe's size (so more widely spaced than GeNIe would
// draw them), and comes back to Brink at the same positions. To keep whole
// pixels, a centre on a half unit gets a rectangle one pixel wider or
// taller (73 or 37), and a centre that is neither a whole nor a half unit
// is rounded to the nearest half unit. A node without a position, or with
// one that is not finite or beyond a billion units, is written without
// one.
//
// An influence diagram is written as GeNIe writes one: a variable whose
// role is model.RoleDecision as a <decision> with its states and parents
// and no table (its CPT, a placeholder for its policy, is not written),
// and each of m.Utilities, after the variables, as a <utility> with its
// parents and its values in CPT order, drawn at its position with its
// label and description.
//
// What XDSL has no place for is left out: authors, dates, notes, limits,
// sources, roles other than decision, actors, state labels (GeNIe has only state ids; the label
// attribute of a state is its diagnostic fault label), rationales,
// citations, confidence values, marks on rows to review, and scenarios.
//
// GeNIe accepts as node and state ids only ASCII letters, digits and
// underscores, starting with a letter. A variable, state or utility name
// that is not such an id cannot be written: Write returns an error naming
// them all, which answers errors.Is(err, network.ErrBadName), and writes
// nothing. So is a model without a network or without variables an error,
// and a utility whose id is another node's, whose parents are not
// variables of the network, or whose table is not one finite value per
// parent configuration.
func Write(w io.Writer, m *model.Model) error {
	if m == nil || m.Net == nil {
		return errors.New("xdsl: the model has no network")
	}
	n := m.Net
	if n.NumVariables() == 0 {
		return errors.New("xdsl: the network has no variables, and an XDSL file needs at least one")
	}
	if err := checkIDs(m); err != nil {
		return err
	}
	if err := checkUtilities(m); err != nil {
		return err
	}
	doc := func(v int) *model.Node {
		if v < len(m.Nodes) {
			return &m.Nodes[v]
		}
		return &model.Node{}
	}
	order := topological(n)

	e := &encoder{bw: bufio.NewWriterSize(w, 64<<10)}
	taken := make(map[string]bool, n.NumVariables())
	for v := range n.NumVariables() {
		taken[n.Name(v)] = true
	}
	for _, u := range m.Utilities {
		taken[u.ID] = true
	}
	id := identifier(m.Title, "Network")
	title := m.Title
	if strings.TrimSpace(title) == "" {
		// Read would take the <smile> id as the title: say so, so that
		// the model read back is written the same.
		title = id
	}
	e.str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<smile version=\"1.0\" id=\"")
	e.str(id)
	e.str("\" numsamples=\"10000\" discsamples=\"10000\">\n\t<nodes>\n")
	for _, v := range order {
		if doc(v).Role == model.RoleDecision {
			e.decision(n, v)
			continue
		}
		e.definition(n, v, doc(v).Canonical)
	}
	// Utilities have no children, so they can all follow the variables.
	for k := range m.Utilities {
		e.utility(&m.Utilities[k])
	}
	e.str("\t</nodes>\n\t<extensions>\n\t\t<genie version=\"1.0\" app=\"Brink\" name=\"")
	e.text(title, true)
	e.str("\">\n")
	if m.Description != "" {
		e.elem("\t\t\t", "comment", m.Description)
	}

	// Each group is written where its first member comes in order, with
	// all its members.
	members := map[string][]int{}
	for _, v := range order {
		if g := doc(v).Group; g != "" {
			members[g] = append(members[g], v)
		}
	}
	for _, v := range order {
		nd := doc(v)
		if nd.Group == "" {
			e.node("\t\t\t", n, v, nd)
			continue
		}
		vs, pending := members[nd.Group]
		if !pending {
			continue
		}
		delete(members, nd.Group)
		sub := unique(identifier(nd.Group, "Submodel"), taken)
		e.str("\t\t\t<submodel id=\"")
		e.str(sub)
		e.str("\">\n")
		e.elem("\t\t\t\t", "name", nd.Group)
		e.drawing("\t\t\t\t")
		if c, ok := middle(vs, doc); ok {
			e.position("\t\t\t\t", c)
		}
		for _, u := range vs {
			e.node("\t\t\t\t", n, u, doc(u))
		}
		e.str("\t\t\t</submodel>\n")
	}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		e.view("\t\t\t", u.ID, u.Label, u.Position, u.Description)
	}
	e.str("\t\t</genie>\n\t</extensions>\n</smile>\n")
	return e.close()
}

// encoder appends the document to buf and hands it to bw in pieces,
// keeping the first error.
type encoder struct {
	bw  *bufio.Writer
	buf []byte
	err error
}

// flush hands buf to bw once it has grown.
func (e *encoder) flush() {
	if len(e.buf) < 32<<10 || e.err != nil {
		return
	}
	_, e.err = e.bw.Write(e.buf)
	e.buf = e.buf[:0]
}

// close writes what is left and returns the first error.
func (e *encoder) close() error {
	if e.err == nil {
		_, e.err = e.bw.Write(e.buf)
	}
	if e.err == nil {
		e.err = e.bw.Flush()
	}
	if e.err != nil {
		return fmt.Errorf("xdsl: %w", e.err)
	}
	return nil
}

func (e *encoder) str(s string) { e.buf = append(e.buf, s...) }

// text appends s escaped (see appendText).
func (e *encoder) text(s string, attr bool) { e.buf = appendText(e.buf, s, attr) }

// elem appends indent<tag>text</tag> and a line break.
func (e *encoder) elem(indent, tag, text string) {
	e.str(indent)
	e.buf = append(e.buf, '<')
	e.str(tag)
	e.buf = append(e.buf, '>')
	e.text(text, false)
	e.str("</")
	e.str(tag)
	e.str(">\n")
}

// drawing appends how a node or submodel is drawn: GeNIe's defaults for a
// new node. Read ignores them.
func (e *encoder) drawing(indent string) {
	for _, el := range [...]string{
		`<interior color="e5f6f7" />`,
		`<outline color="000080" />`,
		`<font color="000000" name="Arial" size="8" />`,
	} {
		e.str(indent)
		e.str(el)
		e.buf = append(e.buf, '\n')
	}
}

// position appends the rectangle of a node or submodel centred at c, if
// it can have one.
func (e *encoder) position(indent string, c model.Point) {
	r, ok := rect(c)
	if !ok {
		return
	}
	e.str(indent)
	e.str("<position>")
	for i, x := range r {
		if i > 0 {
			e.buf = append(e.buf, ' ')
		}
		e.buf = strconv.AppendInt(e.buf, x, 10)
	}
	e.str("</position>\n")
}

// definition appends the element that defines v: a <noisymax> or
// <deterministic> when its canonical model c is one GeNIe holds and still
// gives v's table (see writable), a <cpt> otherwise. Ids are checked
// (checkIDs), so they need no escaping.
func (e *encoder) definition(n *network.Network, v int, c *model.Canonical) {
	switch writable(n, v, c) {
	case "noisymax":
		e.noisyMAX(n, v, c)
	case "deterministic":
		e.deterministic(n, v, c)
	default:
		e.cpt(n, v)
	}
	e.flush()
}

// writable returns the element in which v's canonical model c can be
// written, "noisymax" or "deterministic", or "" for none. GeNIe's
// noisy-MAX node has its distinguished state last, so a noisy-OR or
// noisy-MAX model whose absent state is the first (MSBNx's order) is
// written as its table. So is a model that no longer expands to v's
// table, to 1e-9 in each entry: the network holds the table, and an edit
// to it that left the parameters behind must not be undone by GeNIe
// recomputing the table from them.
func writable(n *network.Network, v int, c *model.Canonical) string {
	if c == nil {
		return ""
	}
	k := n.Card(v)
	var kind string
	switch c.Kind {
	case model.NoisyOR, model.NoisyMAX:
		if c.Absent != k-1 {
			return ""
		}
		kind = "noisymax"
	case model.Deterministic:
		kind = "deterministic"
	default:
		return ""
	}
	ps := n.Parents(v)
	cards := make([]int, len(ps))
	for i, p := range ps {
		cards[i] = n.Card(p)
	}
	t, err := c.Table(k, cards, -1)
	cpt := n.CPT(v)
	if err != nil || len(t) != len(cpt) {
		return ""
	}
	for i, x := range cpt {
		if !(math.Abs(t[i]-x) <= 1e-9) {
			return ""
		}
	}
	return kind
}

// head appends the start of the element of kind that defines v, with its
// states and parents.
func (e *encoder) head(kind string, n *network.Network, v int) {
	e.str("\t\t<")
	e.str(kind)
	e.str(" id=\"")
	e.str(n.Name(v))
	e.str("\">\n")
	for _, s := range n.Variable(v).States {
		e.str("\t\t\t<state id=\"")
		e.str(s)
		e.str("\" />\n")
	}
	if ps := n.Parents(v); len(ps) > 0 {
		e.str("\t\t\t<parents>")
		for i, p := range ps {
			if i > 0 {
				e.buf = append(e.buf, ' ')
			}
			e.str(n.Name(p))
		}
		e.str("</parents>\n")
	}
}

// numbers appends xs separated by blanks, each as strconv.FormatFloat(x,
// 'g', -1, 64) writes it, so that Read gives back the same float64.
func (e *encoder) numbers(xs []float64) {
	for i, x := range xs {
		if i > 0 {
			e.buf = append(e.buf, ' ')
		}
		e.buf = strconv.AppendFloat(e.buf, x, 'g', -1, 64)
		e.flush()
	}
}

// cpt appends the <cpt> element of v.
func (e *encoder) cpt(n *network.Network, v int) {
	e.head("cpt", n, v)
	e.str("\t\t\t<probabilities>")
	e.numbers(n.CPT(v))
	e.str("</probabilities>\n\t\t</cpt>\n")
}

// noisyMAX appends the <noisymax> element of v from its noisy-MAX (or
// noisy-OR) model c, whose absent state is v's last (see writable). Each
// parent's strengths are its states in their own order with its absent
// state moved last (0 … k−1 when it is already last), and the parameters
// follow that order, the absent state's column (0, …, 0, 1), then the
// leak, (0, …, 0, 1) when c has none: the layout Read takes (see
// noisymax.go).
func (e *encoder) noisyMAX(n *network.Network, v int, c *model.Canonical) {
	e.head("noisymax", n, v)
	k := n.Card(v)
	absent := make([]float64, k)
	absent[k-1] = 1
	order := make([][]int, len(c.Causes))
	for i := range c.Causes {
		for s := range n.Card(n.Parents(v)[i]) {
			if s != c.ParentAbsent[i] {
				order[i] = append(order[i], s)
			}
		}
		order[i] = append(order[i], c.ParentAbsent[i])
	}
	if len(order) > 0 {
		e.str("\t\t\t<strengths>")
		for i, o := range order {
			for j, s := range o {
				if i > 0 || j > 0 {
					e.buf = append(e.buf, ' ')
				}
				e.buf = strconv.AppendInt(e.buf, int64(s), 10)
			}
		}
		e.str("</strengths>\n")
	}
	e.str("\t\t\t<parameters>")
	sep := false
	column := func(d []float64) {
		if sep {
			e.buf = append(e.buf, ' ')
		}
		sep = true
		e.numbers(d)
	}
	for i, o := range order {
		for _, s := range o {
			if s == c.ParentAbsent[i] {
				column(absent)
			} else {
				column(c.Causes[i][s])
			}
		}
	}
	if c.Leak != nil {
		column(c.Leak)
	} else {
		column(absent)
	}
	e.str("</parameters>\n\t\t</noisymax>\n")
}

// deterministic appends the <deterministic> element of v from its
// outcomes, one state id per parent configuration.
func (e *encoder) deterministic(n *network.Network, v int, c *model.Canonical) {
	e.head("deterministic", n, v)
	states := n.Variable(v).States
	e.str("\t\t\t<resultingstates>")
	for i, s := range c.Outcome {
		if i > 0 {
			e.buf = append(e.buf, ' ')
		}
		e.str(states[s])
		e.flush()
	}
	e.str("</resultingstates>\n\t\t</deterministic>\n")
}

// node appends the GeNIe view of v.
func (e *encoder) node(indent string, n *network.Network, v int, nd *model.Node) {
	e.view(indent, n.Name(v), nd.Label, nd.Position, nd.Description)
}

// view appends the GeNIe view of the node id: its name (the label, or the
// id when there is none), drawing, position and comment, in the order
// GeNIe writes them.
func (e *encoder) view(indent, id, label string, pos *model.Point, description string) {
	e.str(indent)
	e.str("<node id=\"")
	e.str(id)
	e.str("\">\n")
	inner := indent + "\t"
	if label == "" {
		label = id
	}
	e.elem(inner, "name", label)
	e.drawing(inner)
	if pos != nil {
		e.position(inner, *pos)
	}
	if description != "" {
		e.elem(inner, "comment", description)
	}
	e.str(indent)
	e.str("</node>\n")
	e.flush()
}

// decision appends the <decision> element of v: its options and the
// parents it sees. Its CPT, a placeholder for its policy, is not written.
func (e *encoder) decision(n *network.Network, v int) {
	e.head("decision", n, v)
	e.str("\t\t</decision>\n")
	e.flush()
}

// utility appends the <utility> element of u: its parents and its values,
// in CPT order (see Read), the first parent slowest. The parents are
// checked ids (checkIDs, checkUtilities).
func (e *encoder) utility(u *model.Utility) {
	e.str("\t\t<utility id=\"")
	e.str(u.ID)
	e.str("\">\n")
	if len(u.Parents) > 0 {
		e.str("\t\t\t<parents>")
		e.str(strings.Join(u.Parents, " "))
		e.str("</parents>\n")
	}
	e.str("\t\t\t<utilities>")
	e.numbers(u.Table)
	e.str("</utilities>\n\t\t</utility>\n")
	e.flush()
}

// rect returns the rectangle, "left top right bottom" in whole pixels,
// whose centre as Read computes it, ((left+right)/2, (top+bottom)/2), is
// c rounded to the nearest half unit:
//
//	X = round(2·c.X)            twice the centre, a whole number
//	w = 72 + (X mod 2)          odd when the centre is on a half unit
//	left = (X − w)/2, right = left + w, so that left + right = X
//
// and likewise for the height from 36. Every quantity is an integer well
// inside a float64's 53 bits, so Read's sum and halving are exact. ok is
// false for a centre that is not finite or beyond maxCoord.
func rect(c model.Point) (r [4]int64, ok bool) {
	if !(math.Abs(c.X) <= maxCoord && math.Abs(c.Y) <= maxCoord) {
		return r, false
	}
	x, y := int64(math.Round(2*c.X)), int64(math.Round(2*c.Y))
	w, h := nodeWidth+x&1, nodeHeight+y&1
	r[0], r[1] = (x-w)/2, (y-h)/2
	r[2], r[3] = r[0]+w, r[1]+h
	return r, true
}

// middle returns the centre of the box around the positions of vs, of
// those that can be written; ok is false when none can.
func middle(vs []int, doc func(int) *model.Node) (c model.Point, ok bool) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, v := range vs {
		p := doc(v).Position
		if p == nil {
			continue
		}
		if _, ok := rect(*p); !ok {
			continue
		}
		minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
		ok = true
	}
	return model.Point{X: (minX + maxX) / 2, Y: (minY + maxY) / 2}, ok
}

// appendText appends s as XML text, escaped twice over. First as GeNIe
// escapes its names and comments, which unescape undoes: a backslash is
// written \\ and a line break \n. Then for XML: &, < and > as entities, and
// in an attribute value (attr) the quotes too; a tab and a carriage
// return as character references, so that no reader's normalisation of
// white space changes them. A character XML 1.0 cannot hold, or a byte
// that is not valid UTF-8, becomes U+FFFD, as xml.EscapeText does.
func appendText(buf []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\\':
			buf = append(buf, `\\`...)
		case r == '\n':
			buf = append(buf, `\n`...)
		case r == '&':
			buf = append(buf, "&amp;"...)
		case r == '<':
			buf = append(buf, "&lt;"...)
		case r == '>':
			buf = append(buf, "&gt;"...)
		case r == '"' && attr:
			buf = append(buf, "&quot;"...)
		case r == '\'' && attr:
			buf = append(buf, "&apos;"...)
		case r == '\t':
			buf = append(buf, "&#x9;"...)
		case r == '\r':
			buf = append(buf, "&#xD;"...)
		case r == utf8.RuneError && size == 1, !xmlChar(r):
			buf = utf8.AppendRune(buf, utf8.RuneError)
		default:
			buf = append(buf, s[i-size:i]...)
		}
	}
	return buf
}

// xmlChar reports whether r may appear in an XML 1.0 document (production
// Char of the XML 1.0 specification).
func xmlChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// validID reports whether s is an id GeNIe accepts: an ASCII letter, then
// ASCII letters, digits and underscores.
func validID(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIDByte(s[i]) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isIDByte(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' || c == '_' }

// idError lists the variable and state names that are not XDSL ids.
type idError struct {
	names []string // quoted, e.g. `variable "a b"` or `variable "v", state "x y"`
}

// maxListed is how many names an idError spells out.
const maxListed = 10

func (e *idError) Error() string {
	const rule = "ASCII letters, digits and underscores, starting with a letter"
	if len(e.names) == 1 {
		return fmt.Sprintf("xdsl: cannot write %s: an XDSL id is %s; rename it to write the model for GeNIe", e.names[0], rule)
	}
	list := e.names[:min(len(e.names), maxListed)]
	more := ""
	if len(e.names) > len(list) {
		more = fmt.Sprintf(" and %d more", len(e.names)-len(list))
	}
	return fmt.Sprintf("xdsl: cannot write %d names that are not XDSL ids (%s): %s%s; rename them to write the model for GeNIe",
		len(e.names), rule, strings.Join(list, "; "), more)
}

// Unwrap makes the error answer errors.Is(err, network.ErrBadName).
func (e *idError) Unwrap() error { return network.ErrBadName }

// checkIDs returns an *idError naming every variable, state and utility
// name of m that is not an XDSL id, or nil.
func checkIDs(m *model.Model) error {
	n := m.Net
	var bad []string
	for v := range n.NumVariables() {
		name := n.Name(v)
		if !validID(name) {
			bad = append(bad, "variable "+network.QuoteName(name))
		}
		for _, s := range n.Variable(v).States {
			if !validID(s) {
				bad = append(bad, "variable "+network.QuoteName(name)+", state "+network.QuoteName(s))
			}
		}
	}
	for _, u := range m.Utilities {
		if !validID(u.ID) {
			bad = append(bad, "utility "+network.QuoteName(u.ID))
		}
	}
	if len(bad) > 0 {
		return &idError{names: bad}
	}
	return nil
}

// checkUtilities refuses utilities that would not read back as they are:
// a name that is also another node's, a parent that is not a variable of
// the network or is listed twice, a table of the wrong size or with a
// value that is not finite.
func checkUtilities(m *model.Model) error {
	if err := m.CheckUtilities("id"); err != nil {
		return fmt.Errorf("xdsl: cannot write %w", err)
	}
	return nil
}

// identifier makes an XDSL id of free text: its letters, digits and
// underscores, each run of other characters written as one underscore,
// with those at either end dropped. An id that would not start with a
// letter is prefixed with fallback and an underscore; empty, it is
// fallback.
func identifier(text, fallback string) string {
	var b []byte
	gap := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if isIDByte(c) {
			if gap && len(b) > 0 {
				b = append(b, '_')
			}
			b = append(b, c)
			gap = false
			continue
		}
		gap = true
	}
	switch {
	case len(b) == 0:
		return fallback
	case !isLetter(b[0]):
		return fallback + "_" + string(b)
	}
	return string(b)
}

// unique returns id, or id with "_2", "_3", ... appended, whichever is
// first not taken, and takes it.
func unique(id string, taken map[string]bool) string {
	u := id
	for k := 2; taken[u]; k++ {
		u = id + "_" + strconv.Itoa(k)
	}
	taken[u] = true
	return u
}

// topological returns the variables of n with every parent before its
// children: Kahn's algorithm (Kahn 1962, "Topological sorting of large
// networks") taking the smallest ready index first, so that a network
// whose order is already topological keeps it. network.Network's own
// TopologicalOrder is not used: it need not be the same from run to run.
func topological(n *network.Network) []int {
	indegree := make([]int, n.NumVariables())
	var ready minHeap
	for v := range indegree {
		indegree[v] = len(n.Parents(v))
		if indegree[v] == 0 {
			ready = append(ready, v)
		}
	}
	heap.Init(&ready)
	order := make([]int, 0, len(indegree))
	for ready.Len() > 0 {
		v := heap.Pop(&ready).(int)
		order = append(order, v)
		for _, c := range n.Children(v) {
			if indegree[c]--; indegree[c] == 0 {
				heap.Push(&ready, c)
			}
		}
	}
	return order
}

// minHeap is a heap of variable indices, smallest first.
type minHeap []int

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
