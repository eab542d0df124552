package xmlbif

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"brink/network/model"
)

// Write writes m as XMLBIF 0.3: the network's NAME from m.Title, one
// VARIABLE per variable and then one DEFINITION per variable, both in the
// network's order, with the GIVEN elements in CPT order and one line of the
// TABLE per parent configuration. A node's Position is written as a
// "position = (x, y)" PROPERTY (when both coordinates are finite) and its
// Description, like m.Description, as "description = text". Numbers are
// written with strconv.FormatFloat(x, 'g', -1, 64), so Read gives back
// exactly the same float64 values, and the output depends only on m.
//
// An influence diagram is written as aGrUM writes one (see Read): a
// variable whose role is model.RoleDecision as a VARIABLE of TYPE
// "decision" whose DEFINITION has no TABLE (its CPT, a placeholder for its
// policy, is not written), and each of m.Utilities, after the variables,
// as a VARIABLE of TYPE "utility" with the one OUTCOME "0" and a
// DEFINITION whose TABLE holds its values in CPT order. A utility's label,
// actor, rationale and citations, and a decision's actor, have no place
// in XMLBIF and are left out.
//
// XMLBIF readers trim the names of variables and states, so a name with
// white space at either end, or with a character XML cannot hold, cannot
// be written and is an error; so is a model without a network, and a
// utility whose name is another node's, whose parents are not variables
// of the network, or whose table is not one finite value per parent
// configuration.
func Write(w io.Writer, m *model.Model) error {
	if m == nil || m.Net == nil {
		return errors.New("xmlbif: the model has no network")
	}
	n := m.Net
	for v := range n.NumVariables() {
		if err := checkName("variable", n.Name(v)); err != nil {
			return err
		}
		for _, s := range n.Variable(v).States {
			if err := checkName(fmt.Sprintf("variable %q: state", n.Name(v)), s); err != nil {
				return err
			}
		}
	}
	if err := checkUtilities(m); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	// flush hands buf to bw when it has grown, or always when force is set.
	flush := func(force bool) error {
		if len(buf) < 32<<10 && !force {
			return nil
		}
		_, err := bw.Write(buf)
		buf = buf[:0]
		return err
	}

	buf = append(buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"...)
	buf = append(buf, "<BIF VERSION=\"0.3\">\n<NETWORK>\n"...)
	buf = appendElem(buf, "", "NAME", m.Title)
	if m.Description != "" {
		buf = appendElem(buf, "", "PROPERTY", "description = "+m.Description)
	}
	decision := func(v int) bool { return v < len(m.Nodes) && m.Nodes[v].Role == model.RoleDecision }
	for v := range n.NumVariables() {
		typ := "nature"
		if decision(v) {
			typ = "decision"
		}
		buf = append(buf, "\n<VARIABLE TYPE=\""+typ+"\">\n"...)
		buf = appendElem(buf, "\t", "NAME", n.Name(v))
		for _, s := range n.Variable(v).States {
			buf = appendElem(buf, "\t", "OUTCOME", s)
		}
		if v < len(m.Nodes) {
			buf = appendProperties(buf, m.Nodes[v].Position, m.Nodes[v].Description)
		}
		buf = append(buf, "</VARIABLE>\n"...)
		if err := flush(false); err != nil {
			return fmt.Errorf("xmlbif: %w", err)
		}
	}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		// aGrUM gives a utility variable one state, whose name means
		// nothing; "0" is what it writes.
		buf = append(buf, "\n<VARIABLE TYPE=\"utility\">\n"...)
		buf = appendElem(buf, "\t", "NAME", u.ID)
		buf = appendElem(buf, "\t", "OUTCOME", "0")
		buf = appendProperties(buf, u.Position, u.Description)
		buf = append(buf, "</VARIABLE>\n"...)
	}
	for v := range n.NumVariables() {
		buf = append(buf, "\n<DEFINITION>\n"...)
		buf = appendElem(buf, "\t", "FOR", n.Name(v))
		for _, pa := range n.Parents(v) {
			buf = appendElem(buf, "\t", "GIVEN", n.Name(pa))
		}
		if decision(v) {
			// A decision's CPT is a placeholder for its policy; aGrUM
			// writes no TABLE for it, and reads none.
			buf = append(buf, "</DEFINITION>\n"...)
			continue
		}
		// The CPT's layout is XMLBIF's: one row per parent
		// configuration, the first GIVEN slowest, the states within a
		// row.
		buf = append(buf, "\t<TABLE>\n"...)
		k := n.Card(v)
		cpt := n.CPT(v)
		for r := 0; r+k <= len(cpt); r += k {
			buf = append(buf, "\t\t"...)
			for j, x := range cpt[r : r+k] {
				if j > 0 {
					buf = append(buf, ' ')
				}
				buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
			}
			buf = append(buf, '\n')
			if err := flush(false); err != nil {
				return fmt.Errorf("xmlbif: %w", err)
			}
		}
		buf = append(buf, "\t</TABLE>\n</DEFINITION>\n"...)
	}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		buf = append(buf, "\n<DEFINITION>\n"...)
		buf = appendElem(buf, "\t", "FOR", u.ID)
		for _, pa := range u.Parents {
			buf = appendElem(buf, "\t", "GIVEN", pa)
		}
		// One value per parent configuration, the first GIVEN slowest
		// (see Read), one line per configuration of all but the last.
		line := 1
		if len(u.Parents) > 0 {
			last, _ := n.Index(u.Parents[len(u.Parents)-1])
			line = n.Card(last)
		}
		buf = append(buf, "\t<TABLE>\n"...)
		for r := 0; r < len(u.Table); r += line {
			buf = append(buf, "\t\t"...)
			for j, x := range u.Table[r : r+line] {
				if j > 0 {
					buf = append(buf, ' ')
				}
				buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
			}
			buf = append(buf, '\n')
			if err := flush(false); err != nil {
				return fmt.Errorf("xmlbif: %w", err)
			}
		}
		buf = append(buf, "\t</TABLE>\n</DEFINITION>\n"...)
	}
	buf = append(buf, "</NETWORK>\n</BIF>\n"...)
	if err := flush(true); err != nil {
		return fmt.Errorf("xmlbif: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("xmlbif: %w", err)
	}
	return nil
}

func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// appendProperties appends the PROPERTY elements of a variable or utility:
// its position, when both coordinates are finite, and its description.
func appendProperties(buf []byte, pt *model.Point, description string) []byte {
	if pt != nil && finite(pt.X) && finite(pt.Y) {
		buf = append(buf, "\t<PROPERTY>position = ("...)
		buf = strconv.AppendFloat(buf, pt.X, 'g', -1, 64)
		buf = append(buf, ", "...)
		buf = strconv.AppendFloat(buf, pt.Y, 'g', -1, 64)
		buf = append(buf, ")</PROPERTY>\n"...)
	}
	if description != "" {
		buf = appendElem(buf, "\t", "PROPERTY", "description = "+description)
	}
	return buf
}

// checkUtilities refuses utilities that would not read back as they are:
// an id that is not a writable name or is also a variable's or another
// utility's, a parent that is not a variable of the network or is listed
// twice, a table of the wrong size or with a value that is not finite.
func checkUtilities(m *model.Model) error {
	if err := m.CheckUtilities("name"); err != nil {
		return fmt.Errorf("xmlbif: cannot write %w", err)
	}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		if err := checkName("utility", u.ID); err != nil {
			return err
		}
	}
	return nil
}

// appendElem appends indent<tag>text</tag> and a newline, escaping text.
func appendElem(buf []byte, indent, tag, text string) []byte {
	buf = append(buf, indent...)
	buf = append(buf, '<')
	buf = append(buf, tag...)
	buf = append(buf, '>')
	buf = appendEscaped(buf, text)
	buf = append(buf, "</"...)
	buf = append(buf, tag...)
	return append(buf, ">\n"...)
}

// appendEscaped appends s with the characters that XML text cannot hold
// literally written as references. Tabs, newlines and carriage returns
// are written as character references too, so that a reader's line-end
// normalisation cannot change them.
func appendEscaped(buf []byte, s string) []byte {
	var sb strings.Builder
	// xml.EscapeText writes to a strings.Builder without error.
	_ = xml.EscapeText(&sb, []byte(s))
	return append(buf, sb.String()...)
}

// checkName refuses a name that would not read back as itself: one that
// is not valid UTF-8, holds a character XML 1.0 does not allow, or begins
// or ends with white space, which readers trim.
func checkName(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("xmlbif: cannot write %s %q: not valid UTF-8", what, s)
	}
	for _, r := range s {
		if !xmlChar(r) {
			return fmt.Errorf("xmlbif: cannot write %s %q: XML cannot hold the character %U", what, s, r)
		}
	}
	if strings.TrimSpace(s) != s {
		return fmt.Errorf("xmlbif: cannot write %s %q: XMLBIF readers trim white space at either end", what, s)
	}
	return nil
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
