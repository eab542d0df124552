package xmlbif

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"brink/network/charset"
	"brink/network/decimal"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// parser walks the element tree of a document with encoding/xml's token
// Decoder, recording what the document declares and the offset of each
// element, for build to resolve.
type parser struct {
	filename string
	src      source
	dec      *xml.Decoder
	lim      limits.Limits
	c        *diag.Collector
	stop     bool // a fatal problem: read no further
	depth    int  // elements started and not yet ended
	nvals    int  // the entries of all tables

	title, description string
	networks           int
	forless            int // definitions without FOR
	vars               []*variable
	defs               []*definition
}

// variable is one VARIABLE element.
type variable struct {
	off         int64 // of <VARIABLE>
	typ         string
	text        string       // the NAME as written, trimmed
	name        charset.Name // the NAME as Brink keeps it, set by build
	nameOff     int64        // of <NAME>, or -1
	outcomes    []string     // the OUTCOMEs as written, trimmed
	outcomeOffs []int64
	states      []charset.Name // the OUTCOMEs as Brink keeps them, set by build
	stateOffs   []int64
	position    *model.Point
	description string
}

// definition is one DEFINITION (or PROBABILITY) element.
type definition struct {
	off      int64 // of <DEFINITION>
	forName  string
	forOff   int64 // of <FOR>, or -1
	given    []named
	table    table
	tableOff int64 // of <TABLE>, or -1
	tableBad bool  // the TABLE held elements, so its count means nothing
}

// named is the text of a NAME-like element and where the element starts.
type named struct {
	text string
	off  int64
}

// table is the numbers of a TABLE. Their offsets are found again from the
// runs of text they were read from when a message needs one, so that a
// table costs eight bytes an entry.
type table struct {
	vals []float64
	runs []textRun
}

// textRun is one piece of a TABLE's character data: where it is in the
// decoder's stream, whether its bytes there are its text (no entity
// references or CDATA), and the index of its first entry.
type textRun struct {
	start, end int64
	exact      bool
	first      int
}

func newParser(data []byte, filename string, lim limits.Limits, c *diag.Collector) *parser {
	p := &parser{filename: filename, src: source{stream: data}, lim: lim, c: c}
	p.dec = xml.NewDecoder(bytes.NewReader(data))
	p.dec.CharsetReader = p.src.charsetReader
	return p
}

// errorf reports a problem at a decoder offset. The message gets the
// package prefix; cause is the sentinel it wraps. Once more problems were
// found than are kept, reading stops.
func (p *parser) errorf(off int64, cause error, format string, args ...any) {
	if p.stop {
		return
	}
	if p.c.Full() {
		p.c.Add(nil)
		p.stop = true
		return
	}
	p.c.Add(&diag.Error{Pos: p.src.pos(p.filename, off), Err: &diag.Cause{Msg: "xmlbif: " + fmt.Sprintf(format, args...), Err: cause}})
}

// limitError reports err, such as a *limits.Error, at a decoder offset and
// stops reading.
func (p *parser) limitError(off int64, err error) {
	if !p.stop {
		p.c.AddErr(p.src.pos(p.filename, off), err)
	}
	p.stop = true
}

// warnf records a warning at a decoder offset, printed as an error is.
func (p *parser) warnf(off int64, format string, args ...any) {
	p.c.Warnf(p.src.pos(p.filename, off), "xmlbif: "+format, args...)
}

// next returns the next token and the offset where it starts. ok is false
// at the end of the input and after an error, which it reports. It counts
// the depth of elements and refuses one nested deeper than lim.Nesting,
// before the decoder reads any further: a document nested millions deep
// would otherwise grow the decoder's stack of open elements without bound.
func (p *parser) next() (tok xml.Token, off int64, ok bool) {
	if p.stop {
		return nil, 0, false
	}
	off = p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		if err != io.EOF {
			p.xmlError(err)
		}
		return nil, off, false
	}
	switch t := tok.(type) {
	case xml.StartElement:
		p.depth++
		if p.lim.Nesting >= 0 && p.depth > p.lim.Nesting {
			p.limitError(off, &limits.Error{What: fmt.Sprintf("nesting of <%s>", t.Name.Local),
				Got: fmt.Sprintf("%d levels", p.depth), Limit: strconv.Itoa(p.lim.Nesting)})
			return nil, off, false
		}
	case xml.EndElement:
		p.depth--
	}
	return tok, off, true
}

// xmlError reports an error of the decoder and stops. The decoder gives
// a line only, so the column is that of the decoder's offset when it is
// on the same line, which it nearly always is.
func (p *parser) xmlError(err error) {
	pos := p.src.pos(p.filename, p.dec.InputOffset())
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
		if se.Line != pos.Line {
			pos.Line, pos.Col = se.Line, 0
		}
	}
	msg = strings.TrimPrefix(msg, "xml: ")
	cause := errors.Join(ErrXML, err)
	switch {
	case p.src.err != nil:
		cause = errors.Join(ErrXML, p.src.err)
	case strings.HasPrefix(msg, "invalid UTF-8"), strings.HasPrefix(msg, "illegal character code"):
		cause = errors.Join(ErrXML, ErrEncoding, err)
	}
	if !p.stop {
		p.c.Add(&diag.Error{Pos: pos, Err: &diag.Cause{Msg: "xmlbif: malformed XML: " + msg, Err: cause}})
	}
	p.stop = true
}

// is reports whether an element has the given name, in any letter case.
func is(e xml.StartElement, name string) bool {
	return strings.EqualFold(e.Name.Local, name)
}

// blank reports whether character data is white space only. A byte order
// mark counts as blank: encoding/xml passes it on as text.
func blank(b []byte) bool {
	return len(bytes.TrimLeft(bytes.TrimSpace(b), "\uFEFF")) == 0
}

// document reads the whole document: anything but comments, processing
// instructions and a DOCTYPE outside the one BIF element is an error.
func (p *parser) document() {
	root := false
	for {
		tok, off, ok := p.next()
		if !ok {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case root:
				p.errorf(off, ErrSyntax, "element <%s> after </BIF>", t.Name.Local)
				p.skip()
			case !is(t, "BIF"):
				p.errorf(off, ErrSyntax, "the document element is <%s>, want <BIF>", t.Name.Local)
				p.stop = true
			default:
				root = true
				p.bif(off)
			}
		case xml.CharData:
			if !blank(t) {
				p.errorf(off, ErrSyntax, "text %s outside <BIF>", quoteText(t))
			}
		}
	}
	if !root && p.c.Len() == 0 {
		p.errorf(0, ErrSyntax, "no <BIF> element")
	}
}

// container reads the children of an element up to its end tag, calling
// child for each child element (which must consume it) and reporting any
// text other than white space. It returns false if reading stopped early.
func (p *parser) container(parent string, child func(xml.StartElement, int64)) bool {
	for {
		tok, off, ok := p.next()
		if !ok {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			child(t, off)
		case xml.EndElement:
			return true
		case xml.CharData:
			if !blank(t) {
				p.errorf(off, ErrSyntax, "text %s inside <%s>", quoteText(t), parent)
			}
		}
	}
}

// unknown reports an element that has no place where it is, and skips it.
func (p *parser) unknown(t xml.StartElement, off int64, parent string) {
	p.errorf(off, ErrSyntax, "unknown element <%s> inside <%s>", t.Name.Local, parent)
	p.skip()
}

// skip consumes the rest of the element just started. It reads through
// next, not the decoder's Skip, so that the depth of what it skips is
// bounded too.
func (p *parser) skip() {
	for depth := 1; depth > 0; {
		tok, _, ok := p.next()
		if !ok {
			return
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

// textElem reads the character data of an element that holds text only
// (NAME, OUTCOME, FOR, GIVEN, PROPERTY), trimmed of surrounding white
// space. Comments inside are dropped; child elements are reported unless
// lenient, in which case they are skipped.
func (p *parser) textElem(elem string, lenient bool) string {
	var b []byte
	for {
		tok, off, ok := p.next()
		if !ok {
			break
		}
		switch t := tok.(type) {
		case xml.CharData:
			b = append(b, t...)
		case xml.StartElement:
			if !lenient {
				p.errorf(off, ErrSyntax, "element <%s> inside <%s>, which holds text only", t.Name.Local, elem)
			}
			p.skip()
		case xml.EndElement:
			return strings.TrimSpace(string(b))
		}
	}
	return strings.TrimSpace(string(b))
}

// bif reads the BIF element, which holds one NETWORK.
func (p *parser) bif(off int64) {
	done := p.container("BIF", func(t xml.StartElement, off int64) {
		if !is(t, "NETWORK") {
			p.unknown(t, off, "BIF")
			return
		}
		p.networks++
		if p.networks > 1 {
			p.errorf(off, ErrUnsupported, "a second <NETWORK>: only one network per file is supported")
			p.skip()
			return
		}
		p.network()
	})
	if done && p.networks == 0 {
		p.errorf(off, ErrSyntax, "<BIF> holds no <NETWORK>")
	}
}

// network reads the NETWORK element.
func (p *parser) network() {
	nameOff := int64(-1)
	p.container("NETWORK", func(t xml.StartElement, off int64) {
		switch {
		case is(t, "NAME"):
			name := p.textElem("NAME", false)
			if nameOff >= 0 {
				p.errorf(off, ErrSyntax, "a second <NAME> for the network (first at line %d)", p.line(nameOff))
				return
			}
			nameOff, p.title = off, name
		case is(t, "PROPERTY"):
			if d, ok := descriptionProperty(p.textElem("PROPERTY", true)); ok && p.description == "" {
				p.description = d
			}
		case is(t, "VARIABLE"):
			if err := p.lim.CheckVariables(len(p.vars) + 1); err != nil {
				p.limitError(off, err)
				return
			}
			p.variable(t, off)
		case is(t, "DEFINITION"), is(t, "PROBABILITY"):
			p.definition(t, off)
		default:
			p.unknown(t, off, "NETWORK")
		}
	})
}

// variable reads a VARIABLE element.
func (p *parser) variable(start xml.StartElement, off int64) {
	v := &variable{off: off, nameOff: -1, typ: "nature"}
	for _, a := range start.Attr {
		if strings.EqualFold(a.Name.Local, "TYPE") {
			v.typ = strings.ToLower(strings.TrimSpace(a.Value))
		}
	}
	done := p.container(start.Name.Local, func(t xml.StartElement, off int64) {
		switch {
		case is(t, "NAME"):
			name := p.textElem("NAME", false)
			if v.nameOff >= 0 {
				p.errorf(off, ErrSyntax, "variable %q: a second <NAME> %q", v.text, name)
				return
			}
			v.text, v.nameOff = name, off
		case is(t, "OUTCOME"):
			text := p.textElem("OUTCOME", false)
			if err := p.lim.CheckStates(v.text, len(v.outcomes)+1); err != nil {
				p.limitError(off, err)
				return
			}
			v.outcomes = append(v.outcomes, text)
			v.outcomeOffs = append(v.outcomeOffs, off)
		case is(t, "PROPERTY"):
			v.property(p.textElem("PROPERTY", true))
		default:
			p.unknown(t, off, start.Name.Local)
		}
	})
	if !done {
		return
	}
	if v.nameOff < 0 {
		p.errorf(off, ErrSyntax, "<%s> has no <NAME>", start.Name.Local)
		return
	}
	p.vars = append(p.vars, v)
}

// property takes what a variable's PROPERTY says, if it is a position or
// a description; other properties are ignored.
func (v *variable) property(s string) {
	if pt, ok := positionProperty(s); ok && v.position == nil {
		v.position = pt
		return
	}
	if d, ok := descriptionProperty(s); ok && v.description == "" {
		v.description = d
	}
}

// keyValue splits "key = value" at the first "=", trimming both parts.
func keyValue(s string) (key, value string, ok bool) {
	key, value, ok = strings.Cut(s, "=")
	return strings.TrimSpace(key), strings.TrimSpace(value), ok
}

// positionProperty parses "position = (x, y)", as JavaBayes, SamIam and
// pgmpy write it: x grows rightwards and y downwards, in screen pixels.
// Coordinates must be finite numbers.
func positionProperty(s string) (*model.Point, bool) {
	key, val, ok := keyValue(s)
	if !ok || !strings.EqualFold(key, "position") {
		return nil, false
	}
	inner, ok := strings.CutPrefix(val, "(")
	if !ok {
		return nil, false
	}
	if inner, ok = strings.CutSuffix(inner, ")"); !ok {
		return nil, false
	}
	xs, ys, ok := strings.Cut(inner, ",")
	if !ok {
		return nil, false
	}
	x, okX := decimal.Parse(strings.TrimSpace(xs))
	y, okY := decimal.Parse(strings.TrimSpace(ys))
	if !okX || !okY {
		return nil, false
	}
	return &model.Point{X: x, Y: y}, true
}

// descriptionProperty parses "description = text", as pyAgrum writes a
// variable's description. Other text, such as the bare descriptions of
// older aGrUM versions, cannot be told apart from other notes and is not
// taken.
func descriptionProperty(s string) (string, bool) {
	key, val, ok := keyValue(s)
	if !ok || !strings.EqualFold(key, "description") || val == "" {
		return "", false
	}
	return val, true
}

// definition reads a DEFINITION (or PROBABILITY) element.
func (p *parser) definition(start xml.StartElement, off int64) {
	elem := start.Name.Local
	d := &definition{off: off, forOff: -1, tableOff: -1}
	done := p.container(elem, func(t xml.StartElement, off int64) {
		switch {
		case is(t, "FOR"):
			name := p.textElem("FOR", false)
			if d.forOff >= 0 {
				p.errorf(off, ErrSyntax, "<%s> for %q has a second <FOR> %q", elem, d.forName, name)
				return
			}
			d.forName, d.forOff = name, off
		case is(t, "GIVEN"):
			d.given = append(d.given, named{text: p.textElem("GIVEN", false), off: off})
		case is(t, "TABLE"):
			if d.tableOff >= 0 {
				p.errorf(off, ErrSyntax, "<%s> has a second <TABLE> (first at line %d)", elem, p.line(d.tableOff))
				p.skip()
				return
			}
			d.tableOff = off
			d.table, d.tableBad = p.table()
		case is(t, "PROPERTY"):
			p.textElem("PROPERTY", true)
		default:
			p.unknown(t, off, elem)
		}
	})
	if !done {
		return
	}
	if d.forOff < 0 {
		p.errorf(off, ErrSyntax, "<%s> has no <FOR>", elem)
		p.forless++
		return
	}
	p.defs = append(p.defs, d)
}

// table reads the numbers of a TABLE element, separated by white space,
// and reports whether it held elements. Numbers are located in the raw
// text, so that an error can point at the one concerned; text holding
// entity or character references or CDATA sections is split after
// decoding instead, and its numbers share the offset of the text. A table
// with more entries than any CPT may hold, or that takes the entries of
// all tables past the limit, is refused before its entries are kept.
func (p *parser) table() (tab table, bad bool) {
	for {
		tok, off, ok := p.next()
		if !ok {
			return tab, bad
		}
		switch t := tok.(type) {
		case xml.CharData:
			run := p.textRun(off, len(tab.vals))
			raw := []byte(t)
			if run.exact {
				raw = p.src.stream[run.start:run.end]
			}
			tab.runs = append(tab.runs, run)
			for i := 0; i < len(raw); {
				if isSpace(raw[i]) {
					i++
					continue
				}
				j := i
				for j < len(raw) && !isSpace(raw[j]) {
					j++
				}
				at := off
				if run.exact {
					at = off + int64(i)
				}
				p.nvals++
				if err := p.checkEntries(len(tab.vals) + 1); err != nil {
					p.limitError(at, err)
					return tab, bad
				}
				tab.vals = append(tab.vals, p.number(string(raw[i:j]), at, len(tab.vals)))
				i = j
			}
		case xml.StartElement:
			p.errorf(off, ErrSyntax, "element <%s> inside <TABLE>, which holds numbers only", t.Name.Local)
			p.skip()
			bad = true
		case xml.EndElement:
			return tab, bad
		}
	}
}

// textRun describes the character data that starts at off and whose first
// entry is number first.
func (p *parser) textRun(off int64, first int) textRun {
	end := p.dec.InputOffset()
	run := textRun{start: off, end: end, first: first}
	if off >= 0 && end <= int64(len(p.src.stream)) && off <= end {
		run.exact = !bytes.ContainsAny(p.src.stream[off:end], "&<")
	}
	return run
}

// checkEntries refuses a table of n entries, or the entries of all tables
// so far, beyond the limits on CPT entries.
func (p *parser) checkEntries(n int) error {
	if p.lim.TableEntries >= 0 && n > p.lim.TableEntries {
		return &limits.Error{What: "entries of a <TABLE>", Got: strconv.Itoa(n), Limit: strconv.Itoa(p.lim.TableEntries)}
	}
	if p.lim.TotalEntries >= 0 && p.nvals > p.lim.TotalEntries {
		return &limits.Error{What: "entries of the <TABLE>s of the file", Got: strconv.Itoa(p.nvals), Limit: strconv.Itoa(p.lim.TotalEntries)}
	}
	return nil
}

// entryOff returns the decoder offset of entry i of a table, found again
// in the text it was read from.
func (p *parser) entryOff(tab *table, i int) int64 {
	k := sort.Search(len(tab.runs), func(k int) bool { return tab.runs[k].first > i }) - 1
	if k < 0 {
		return -1
	}
	run := tab.runs[k]
	if !run.exact {
		return run.start
	}
	raw := p.src.stream[run.start:run.end]
	n := run.first
	for j := 0; j < len(raw); {
		if isSpace(raw[j]) {
			j++
			continue
		}
		if n == i {
			return run.start + int64(j)
		}
		n++
		for j < len(raw) && !isSpace(raw[j]) {
			j++
		}
	}
	return run.start
}

// isSpace reports XML white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// number parses table entry number i (from 0), a plain decimal number. A
// number written non-zero that underflows to zero or to a subnormal
// float64 is read, with a warning.
func (p *parser) number(s string, off int64, i int) float64 {
	if !decimal.Valid(s) {
		p.errorf(off, ErrSyntax, "<TABLE> entry %d, %q, is not a number", i+1, s)
		return 0
	}
	x, ok := decimal.Parse(s)
	if !ok {
		p.errorf(off, ErrSyntax, "<TABLE> entry %d, %q, is out of range", i+1, s)
		return 0
	}
	if decimal.Underflowed(x, s) {
		p.warnf(off, "<TABLE> entry %d, %s, is below the range of normal float64 numbers and is read as %v", i+1, s, x)
	}
	return x
}

// line returns the line number of an offset.
func (p *parser) line(off int64) int { return p.src.pos(p.filename, off).Line }

// quoteText quotes character data for a message, shortened if long.
func quoteText(b []byte) string {
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return strconv.Quote(s)
}
