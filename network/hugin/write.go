package hugin

import (
	"bufio"
	"io"
	"math"
	"strconv"

	"brink/network"
	"brink/network/model"
)

// Write writes m in the NET language: a net block with the model's title
// as its label and its description as HR_Desc, one node block per variable
// (label, position, states and description as HR_Desc, each only when
// set), then one potential per variable, in the network's order. Tables
// are nested one level per parent, one row per line with a `%` comment
// naming its parent configuration. Numbers are written with
// strconv.FormatFloat(x, 'g', -1, 64), so Read gives back exactly the same
// float64 values, and the output depends only on m.
//
// An influence diagram is written as Hugin writes one: a variable whose
// role is model.RoleDecision as a `decision` node whose potential,
// `potential (D | parents) {}`, has no data (its CPT, a placeholder for
// its policy, is not written), and each of m.Utilities, after the
// variables, as a `utility` node with its label, position and description,
// and a potential whose data holds its values in CPT order, nested one
// level per parent but the last.
//
// Positions are written as they are; Hugin writes whole numbers, and a
// model laid out by Hugin keeps them. What NET has no place for is left
// out: authors, dates, notes, sources, roles other than decision, groups,
// state labels, actors, rationales, citations and scenarios. A variable or
// utility name that is not letters, digits and underscores (not starting
// with a digit), or a position that is not finite, cannot be written and
// is an error; so is a utility whose name is another node's, whose parents
// are not variables of the network, or whose table is not one finite
// value per parent configuration.
func Write(w io.Writer, m *model.Model) error {
	if m == nil || m.Net == nil {
		return formatErr("no network to write")
	}
	n := m.Net
	node := func(v int) model.Node {
		if v < len(m.Nodes) {
			return m.Nodes[v]
		}
		return model.Node{}
	}
	for v := range n.NumVariables() {
		if !validName(n.Name(v)) {
			return formatErr("cannot write the node name %q: NET names are letters, digits and underscores and do not start with a digit", n.Name(v))
		}
		if pt := node(v).Position; pt != nil && !(isFinite(pt.X) && isFinite(pt.Y)) {
			return formatErr("node %q: cannot write the position (%v, %v)", n.Name(v), pt.X, pt.Y)
		}
	}
	if err := checkUtilities(m); err != nil {
		return err
	}

	bw := bufio.NewWriter(w)
	buf := make([]byte, 0, 64<<10)
	var werr error
	// spill hands b to bw when it is full, or always when force is set,
	// and returns what is left of it to append to.
	spill := func(b []byte, force bool) []byte {
		if werr != nil || (len(b) < 32<<10 && !force) {
			return b
		}
		_, werr = bw.Write(b)
		return b[:0]
	}
	flush := func(force bool) { buf = spill(buf, force) }
	flushRow := func(b []byte) []byte { return spill(b, false) }

	buf = append(buf, "net\n{\n    node_size = (80 40);\n"...)
	if m.Title != "" {
		buf = appendAttr(buf, "label", m.Title)
	}
	if m.Description != "" {
		buf = appendAttr(buf, "HR_Desc", m.Description)
	}
	buf = append(buf, "}\n"...)

	for v := range n.NumVariables() {
		nd := node(v)
		kw := "\nnode "
		if nd.Role == model.RoleDecision {
			kw = "\ndecision "
		}
		buf = append(buf, kw...)
		buf = append(buf, n.Name(v)...)
		buf = append(buf, "\n{\n"...)
		buf = appendLabelPosition(buf, nd.Label, nd.Position)
		buf = append(buf, "    states = ("...)
		for i, s := range n.Variable(v).States {
			if i > 0 {
				buf = append(buf, ' ')
			}
			buf = appendQuoted(buf, s)
		}
		buf = append(buf, ");\n"...)
		if nd.Description != "" {
			buf = appendAttr(buf, "HR_Desc", nd.Description)
		}
		buf = append(buf, "}\n"...)
		flush(false)
	}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		buf = append(buf, "\nutility "...)
		buf = append(buf, u.ID...)
		buf = append(buf, "\n{\n"...)
		buf = appendLabelPosition(buf, u.Label, u.Position)
		if u.Description != "" {
			buf = appendAttr(buf, "HR_Desc", u.Description)
		}
		buf = append(buf, "}\n"...)
		flush(false)
	}

	var config []int
	for v := range n.NumVariables() {
		parents := n.Parents(v)
		buf = appendHead(buf, n, n.Name(v), parents)
		if nd := node(v); nd.Role == model.RoleDecision {
			// A decision's table is a placeholder for its policy; the
			// head gives its informational links, as Hugin writes it.
			buf = append(buf, " {}\n"...)
			continue
		}
		buf = append(buf, "\n{\n"...)
		buf, config = appendData(buf, n, parents, n.CPT(v), n.Card(v), config, flushRow)
		buf = append(buf, "}\n"...)
	}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		parents := make([]int, len(u.Parents))
		for j, pa := range u.Parents {
			parents[j], _ = n.Index(pa)
		}
		buf = appendHead(buf, n, u.ID, parents)
		buf = append(buf, "\n{\n"...)
		// One number per parent configuration, grouped as Hugin groups
		// them: the last parent's states innermost.
		last := 1
		if len(parents) > 0 {
			last = n.Card(parents[len(parents)-1])
			parents = parents[:len(parents)-1]
		}
		buf, config = appendData(buf, n, parents, u.Table, last, config, flushRow)
		buf = append(buf, "}\n"...)
	}
	flush(true)
	if werr == nil {
		werr = bw.Flush()
	}
	if werr != nil {
		return formatErr("%w", werr)
	}
	return nil
}

// appendHead appends `potential (name | parents)`.
func appendHead(buf []byte, n *network.Network, name string, parents []int) []byte {
	buf = append(buf, "\npotential ("...)
	buf = append(buf, name...)
	if len(parents) > 0 {
		buf = append(buf, " |"...)
		for _, pa := range parents {
			buf = append(buf, ' ')
			buf = append(buf, n.Name(pa)...)
		}
	}
	return append(buf, ')')
}

// appendData appends `    data = ...;` for vals, rows of k numbers,
// one per configuration of parents, nested one level per parent, one row
// per line with a `%` comment naming its parent configuration. config is
// scratch space, returned for reuse; after each row buf is handed to
// flush, which may write it out and returns what to append to.
func appendData(buf []byte, n *network.Network, parents []int, vals []float64, k int, config []int, flush func([]byte) []byte) ([]byte, []int) {
	// Row r of the table is parent configuration r, the last parent
	// varying fastest. Before it open one group per parent whose state,
	// and that of every later parent, is the first (plus the row's own
	// parentheses); after it close one per parent whose state, and every
	// later one's, is the last.
	const lead = "    data = "
	config = append(config[:0], make([]int, len(parents))...)
	rows := len(vals) / k
	for r := range rows {
		opens, closes := 1, 1
		for j := len(parents) - 1; j >= 0 && config[j] == 0; j-- {
			opens++
		}
		for j := len(parents) - 1; j >= 0 && config[j] == n.Card(parents[j])-1; j-- {
			closes++
		}
		if r == 0 {
			buf = append(buf, lead...)
		} else {
			for range len(lead) + len(parents) + 1 - opens {
				buf = append(buf, ' ')
			}
		}
		for range opens {
			buf = append(buf, '(')
		}
		for _, x := range vals[r*k : (r+1)*k] {
			buf = append(buf, ' ')
			buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
		}
		buf = append(buf, " )"...)
		for range closes - 1 {
			buf = append(buf, ')')
		}
		if r == rows-1 {
			buf = append(buf, ';')
		}
		if len(parents) > 0 {
			buf = append(buf, "\t% "...)
			for j, pa := range parents {
				if j > 0 {
					buf = append(buf, ", "...)
				}
				buf = append(buf, n.Name(pa)...)
				buf = append(buf, '=')
				buf = appendCommentText(buf, n.Variable(pa).States[config[j]])
			}
		}
		buf = append(buf, '\n')
		for j := len(parents) - 1; j >= 0; j-- {
			config[j]++
			if config[j] < n.Card(parents[j]) {
				break
			}
			config[j] = 0
		}
		buf = flush(buf)
	}
	return buf, config
}

// appendAttr appends `    name = "value";`.
func appendAttr(buf []byte, name, value string) []byte {
	buf = append(buf, "    "...)
	buf = append(buf, name...)
	buf = append(buf, " = "...)
	buf = appendQuoted(buf, value)
	return append(buf, ";\n"...)
}

// appendLabelPosition appends a node's label and position, each if set.
func appendLabelPosition(buf []byte, label string, pt *model.Point) []byte {
	if label != "" {
		buf = appendAttr(buf, "label", label)
	}
	if pt != nil {
		buf = append(buf, "    position = ("...)
		buf = strconv.AppendFloat(buf, pt.X, 'g', -1, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, pt.Y, 'g', -1, 64)
		buf = append(buf, ");\n"...)
	}
	return buf
}

// appendCommentText appends a state name to a `%` comment, which ends at
// the end of the line: control characters are written as \n, \r, \t or
// "?", so that the comment stays on its line.
func appendCommentText(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			buf = append(buf, `\n`...)
		case c == '\r':
			buf = append(buf, `\r`...)
		case c == '\t':
			buf = append(buf, `\t`...)
		case c < 0x20 || c == 0x7f:
			buf = append(buf, '?')
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

func isFinite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// checkUtilities refuses utilities that would not read back as they are:
// a name that is not a NET name or is also another node's, a position
// that is not finite, a parent that is not a variable of the network or
// is listed twice, a table of the wrong size or with a value that is not
// finite.
func checkUtilities(m *model.Model) error {
	if err := m.CheckUtilities("name"); err != nil {
		return formatErr("cannot write %v", err)
	}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		if !validName(u.ID) {
			return formatErr("cannot write the utility name %q: NET names are letters, digits and underscores and do not start with a digit", u.ID)
		}
		if pt := u.Position; pt != nil && !(isFinite(pt.X) && isFinite(pt.Y)) {
			return formatErr("utility %q: cannot write the position (%v, %v)", u.ID, pt.X, pt.Y)
		}
	}
	return nil
}
