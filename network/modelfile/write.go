package modelfile

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"brink/network"
	"brink/network/model"
)

// Write writes m as a Brink model file. The output depends only on the
// model: sections come in a fixed order (model, sources, nodes in variable
// order, scenarios), empty fields are left out, numbers are written in the
// shortest form that reads back to the same float64, and each CPT row is
// one line keyed by its parents' states.
//
// Write refuses, before writing anything, a model that Read would refuse:
// a position or confidence that is not a finite number, a bad name, a
// scenario finding on a node or state that does not exist, a likelihood
// that is not finite, and the like (see check). The error lists every
// problem, naming the node, source or scenario.
func Write(w io.Writer, m *model.Model) error {
	if err := check(m); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	e := &encoder{w: bw}
	e.model(m)
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// Marshal returns the model file for m.
func Marshal(m *model.Model) ([]byte, error) {
	var b strings.Builder
	if err := Write(&b, m); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

type encoder struct {
	w   *bufio.Writer
	err error
}

func (e *encoder) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// str writes key = "value" when value is not empty.
func (e *encoder) str(key, value string) {
	if value != "" {
		e.printf("%s = %s\n", key, quote(value))
	}
}

func (e *encoder) strs(key string, values []string) {
	if len(values) == 0 {
		return
	}
	long := false
	for _, v := range values {
		long = long || len(v) > 40 || strings.Contains(v, "\n")
	}
	if !long {
		q := make([]string, len(values))
		for i, v := range values {
			q[i] = quote(v)
		}
		e.printf("%s = [%s]\n", key, strings.Join(q, ", "))
		return
	}
	e.printf("%s = [\n", key)
	for _, v := range values {
		e.printf("  %s,\n", quote(v))
	}
	e.printf("]\n")
}

func (e *encoder) model(m *model.Model) {
	e.printf("# Brink model file (format described in docs/model-format.md).\n\n")
	e.printf("[model]\nformat = %d\n", model.FormatVersion)
	e.str("title", m.Title)
	e.str("description", m.Description)
	e.strs("authors", m.Authors)
	e.str("created", m.Created)
	e.str("modified", m.Modified)
	e.str("as_of", m.AsOf)
	e.str("horizon", m.Horizon)
	e.str("handling", m.Handling)
	e.str("notes", m.Notes)
	e.strs("limits", m.Limits)
	for _, s := range m.Sources {
		e.printf("\n[[source]]\n")
		e.str("id", s.ID)
		e.str("title", s.Title)
		e.str("author", s.Author)
		e.str("date", s.Date)
		e.str("url", s.URL)
		e.str("citation", s.Citation)
	}
	n := m.Net
	for v := range n.NumVariables() {
		e.node(m, v)
	}
	for k := range m.Utilities {
		e.utility(m, &m.Utilities[k])
	}
	for _, sc := range m.Scenarios {
		e.scenario(&sc)
	}
	e.logEntries(m)
}

func (e *encoder) node(m *model.Model, v int) {
	n := m.Net
	nd := m.Nodes[v]
	vr := n.Variable(v)
	e.printf("\n[[node]]\n")
	e.str("id", vr.Name)
	e.str("label", nd.Label)
	e.str("role", string(nd.Role))
	e.str("group", nd.Group)
	e.str("actor", nd.Actor)
	hasLabels := false
	for _, l := range nd.StateLabels {
		hasLabels = hasLabels || l != ""
	}
	if hasLabels {
		e.printf("states = [\n")
		for s, id := range vr.States {
			label := ""
			if s < len(nd.StateLabels) {
				label = nd.StateLabels[s]
			}
			if label == "" {
				e.printf("  { id = %s },\n", quote(id))
			} else {
				e.printf("  { id = %s, label = %s },\n", quote(id), quote(label))
			}
		}
		e.printf("]\n")
	} else {
		e.strs("states", vr.States)
	}
	parents := make([]string, len(n.Parents(v)))
	for i, p := range n.Parents(v) {
		parents[i] = n.Name(p)
	}
	e.strs("parents", parents)
	if nd.Position != nil {
		e.printf("position = [%s, %s]\n", num(nd.Position.X), num(nd.Position.Y))
	}
	e.str("description", nd.Description)
	e.str("rationale", nd.Rationale)
	if c := nd.Confidence; c != 0 {
		e.printf("confidence = %s\n", num(c))
	}
	switch {
	case nd.Canonical != nil:
		e.canonical(n, v, nd.Canonical)
	case nd.Role == model.RoleDecision && uniform(n.CPT(v), n.Card(v)) && len(nd.Review) == 0:
		// A decision's table is a placeholder for its policy.
	default:
		e.cpt(n, v, nd.Review)
	}
	for _, c := range nd.Citations {
		e.printf("\n[[node.citation]]\n")
		e.str("source", c.Source)
		e.str("quote", c.Quote)
	}
}

// cpt writes one line per parent configuration, in the CPT's row order,
// marking the rows in review (sorted) for the analyst to check.
func (e *encoder) cpt(n *network.Network, v int, review []int) {
	k := n.Card(v)
	table := n.CPT(v)
	ps := n.Parents(v)
	e.printf("cpt = [\n")
	var states []int
	for row := 0; row*k < len(table); row++ {
		e.printf("  {")
		if len(ps) > 0 {
			states = n.ParentStates(v, row, states)
			parts := make([]string, len(ps))
			for i, p := range ps {
				parts[i] = tomlKey(n.Name(p)) + " = " + quote(n.Variable(p).States[states[i]])
			}
			e.printf(" given = { %s },", strings.Join(parts, ", "))
		}
		mark := ""
		if len(review) > 0 && review[0] == row {
			mark, review = ", review = true", review[1:]
		}
		e.printf(" p = [%s]%s },\n", nums(table[row*k:(row+1)*k]), mark)
	}
	e.printf("]\n")
}

func (e *encoder) scenario(sc *model.Scenario) {
	e.printf("\n[[scenario]]\n")
	e.str("name", sc.Name)
	e.str("title", sc.Title)
	e.str("description", sc.Description)
	e.str("author", sc.Author)
	for _, f := range sc.Findings {
		e.printf("\n[[scenario.finding]]\n")
		e.str("node", f.Node)
		switch f.Kind {
		case network.Hard:
			if f.Action {
				e.str("do", f.State)
			} else {
				e.str("state", f.State)
			}
		case network.Negative:
			e.strs("not", f.NotStates)
		case network.Likelihood:
			e.printf("likelihood = [%s]\n", nums(f.Weights))
		}
		if p := f.Provenance; p != nil {
			e.str("note", p.Note)
			e.str("source", p.Source)
			e.str("observed", p.Observed)
			e.str("reliability", p.Reliability)
			if p.Credibility != 0 {
				e.printf("credibility = %d\n", p.Credibility)
			}
		}
	}
}

// num writes x so that it reads back exactly; integral values get no
// decimal point (TOML integers decode into floats), except negative zero,
// which as the integer -0 would read back as zero.
func num(x float64) string {
	if x == 0 && math.Signbit(x) {
		return "-0.0"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func nums(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = num(x)
	}
	return strings.Join(parts, ", ")
}

// tomlKey writes a TOML key, bare when it can be.
func tomlKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return quote(k)
		}
	}
	return k
}

// quote writes a TOML string: a basic string, or, when s is long or has
// line breaks, a multi-line basic string wrapped near wrapColumn with
// line-ending backslashes, so that long rationales stay readable and diff
// line by line. Both escape backslashes, quotes and control characters, so
// any string round-trips exactly.
func quote(s string) string {
	multi := strings.Contains(s, "\n") || len(s) > wrapColumn
	var b strings.Builder
	if multi {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	runes := []rune(s)
	col := 0
	for i, r := range runes {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n' && multi:
			b.WriteByte('\n')
			col = -1
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r > 0xffff && !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\U%08X`, r)
		case r < 0x20 || r == 0x7f || (r > 0x7f && !unicode.IsPrint(r) && !unicode.IsSpace(r)):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
		col++
		// Break after a space when the next character starts a word: the
		// line-ending backslash and the line break are removed on reading,
		// leading whitespace of the next line too, so the next character
		// must not be whitespace.
		if multi && r == ' ' && col >= wrapColumn && i+1 < len(runes) && !unicode.IsSpace(runes[i+1]) {
			b.WriteString("\\\n")
			col = 0
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// wrapColumn is where long strings are wrapped.
const wrapColumn = 80
