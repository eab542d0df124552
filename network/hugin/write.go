package hugin

import (
	"bufio"
	"io"
	"math"
	"strconv"

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
// Positions are written as they are; Hugin writes whole numbers, and a
// model laid out by Hugin keeps them. What NET has no place for is left
// out: authors, dates, notes, sources,
// roles, groups, state labels, rationales, citations and scenarios. A
// variable name that is not letters, digits and underscores (not starting
// with a digit), or a position that is not finite, cannot be written and
// is an error.
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

	bw := bufio.NewWriter(w)
	buf := make([]byte, 0, 64<<10)
	var werr error
	// flush hands buf to bw when it is full, or always when force is set.
	flush := func(force bool) {
		if werr != nil || (len(buf) < 32<<10 && !force) {
			return
		}
		_, werr = bw.Write(buf)
		buf = buf[:0]
	}

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
		buf = append(buf, "\nnode "...)
		buf = append(buf, n.Name(v)...)
		buf = append(buf, "\n{\n"...)
		if nd.Label != "" {
			buf = appendAttr(buf, "label", nd.Label)
		}
		if pt := nd.Position; pt != nil {
			buf = append(buf, "    position = ("...)
			buf = strconv.AppendFloat(buf, pt.X, 'g', -1, 64)
			buf = append(buf, ' ')
			buf = strconv.AppendFloat(buf, pt.Y, 'g', -1, 64)
			buf = append(buf, ");\n"...)
		}
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

	var config []int
	for v := range n.NumVariables() {
		parents := n.Parents(v)
		buf = append(buf, "\npotential ("...)
		buf = append(buf, n.Name(v)...)
		if len(parents) > 0 {
			buf = append(buf, " |"...)
			for _, pa := range parents {
				buf = append(buf, ' ')
				buf = append(buf, n.Name(pa)...)
			}
		}
		buf = append(buf, ")\n{\n"...)

		// Row r of the table is parent configuration r, the last parent
		// varying fastest. Before it open one group per parent whose
		// state, and that of every later parent, is the first (plus the
		// row's own parentheses); after it close one per parent whose
		// state, and every later one's, is the last.
		const lead = "    data = "
		k := n.Card(v)
		cpt := n.CPT(v)
		config = append(config[:0], make([]int, len(parents))...)
		rows := n.ParentConfigs(v)
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
			for _, x := range cpt[r*k : (r+1)*k] {
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
			flush(false)
		}
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

// appendAttr appends `    name = "value";`.
func appendAttr(buf []byte, name, value string) []byte {
	buf = append(buf, "    "...)
	buf = append(buf, name...)
	buf = append(buf, " = "...)
	buf = appendQuoted(buf, value)
	return append(buf, ";\n"...)
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
