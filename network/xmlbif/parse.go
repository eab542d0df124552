package xmlbif

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"brink/network/diag"
	"brink/network/model"
)

// parser walks the element tree of a document with encoding/xml's token
// Decoder, recording what the document declares and the offset of each
// element, for build to resolve.
type parser struct {
	filename string
	src      source
	dec      *xml.Decoder
	errs     diag.List
	warns    diag.List // returned only if errs stays empty
	stop     bool      // a fatal problem: read no further

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
	name        string
	nameOff     int64 // of <NAME>, or -1
	states      []string
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
	table    []entry
	tableOff int64 // of <TABLE>, or -1
	tableBad bool  // the TABLE held elements, so its count means nothing
}

// named is the text of a NAME-like element and where the element starts.
type named struct {
	text string
	off  int64
}

// entry is one number of a TABLE and where it starts.
type entry struct {
	val float64
	off int64
}

func newParser(data []byte, filename string) *parser {
	p := &parser{filename: filename, src: source{stream: data}}
	p.dec = xml.NewDecoder(bytes.NewReader(data))
	p.dec.CharsetReader = p.src.charsetReader
	return p
}

// errorf reports a problem at a decoder offset. The message gets the
// package prefix; cause is the sentinel it wraps.
func (p *parser) errorf(off int64, cause error, format string, args ...any) {
	if p.stop {
		return
	}
	p.errs.Add(p.src.pos(p.filename, off), &diag.Cause{Msg: "xmlbif: " + fmt.Sprintf(format, args...), Err: cause})
	if len(p.errs) >= maxErrors {
		p.stop = true
	}
}

// warnf records a warning at a decoder offset, printed as an error is.
func (p *parser) warnf(off int64, format string, args ...any) {
	p.warns.Add(p.src.pos(p.filename, off), errors.New("xmlbif: "+fmt.Sprintf(format, args...)))
}

// next returns the next token and the offset where it starts. ok is false
// at the end of the input and after an error, which it reports.
func (p *parser) next() (tok xml.Token, off int64, ok bool) {
	if p.stop {
		return nil, 0, false
	}
	off = p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err == nil {
		return tok, off, true
	}
	if err != io.EOF {
		p.xmlError(err)
	}
	return nil, off, false
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
	p.errs.Add(pos, &diag.Cause{Msg: "xmlbif: malformed XML: " + msg, Err: errors.Join(ErrXML, err)})
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
	if !root && len(p.errs) == 0 {
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

// skip consumes the rest of the element just started.
func (p *parser) skip() {
	if p.stop {
		return
	}
	if err := p.dec.Skip(); err != nil {
		p.xmlError(err)
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
				p.errorf(off, ErrSyntax, "variable %q: a second <NAME> %q", v.name, name)
				return
			}
			v.name, v.nameOff = name, off
		case is(t, "OUTCOME"):
			v.states = append(v.states, p.textElem("OUTCOME", false))
			v.stateOffs = append(v.stateOffs, off)
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
	x, errX := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	if errX != nil || errY != nil || math.IsInf(x, 0) || math.IsNaN(x) || math.IsInf(y, 0) || math.IsNaN(y) {
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
// each with its offset, and reports whether it held elements. Numbers are located in the raw text, so that an
// error can point at the one concerned; text holding entity or character
// references or CDATA sections is split after decoding instead, and its
// numbers share the offset of the text.
func (p *parser) table() (out []entry, bad bool) {
	for {
		tok, off, ok := p.next()
		if !ok {
			return out, bad
		}
		switch t := tok.(type) {
		case xml.CharData:
			end := p.dec.InputOffset()
			raw := t
			exact := false
			if off >= 0 && end <= int64(len(p.src.stream)) && off <= end {
				r := p.src.stream[off:end]
				if !bytes.ContainsAny(r, "&<") {
					raw, exact = r, true
				}
			}
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
				if exact {
					at = off + int64(i)
				}
				out = append(out, p.number(string(raw[i:j]), at, len(out)))
				i = j
			}
		case xml.StartElement:
			p.errorf(off, ErrSyntax, "element <%s> inside <TABLE>, which holds numbers only", t.Name.Local)
			p.skip()
			bad = true
		case xml.EndElement:
			return out, bad
		}
	}
}

// isSpace reports XML white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// number parses table entry number i (from 0).
func (p *parser) number(s string, off int64, i int) entry {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			p.errorf(off, ErrSyntax, "<TABLE> entry %d, %q, is out of range", i+1, s)
		} else {
			p.errorf(off, ErrSyntax, "<TABLE> entry %d, %q, is not a number", i+1, s)
		}
	}
	return entry{val: x, off: off}
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
