package xdsl

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"brink/network/charset"
	"brink/network/diag"
	"brink/network/limits"
)

// source is one input file: its bytes, and what is needed to turn the
// decoder's offsets into positions in those bytes.
//
// encoding/xml counts offsets in the stream it reads. Before the XML
// declaration that is the input itself; after a declaration naming a
// single-byte charset it is the UTF-8 that charsetReader produces, in which
// every byte at or above 0x80 has become two or three bytes. inputOffset
// undoes that expansion, so that columns count bytes of the file as it is
// on disk, as go/scanner's do.
type source struct {
	data []byte
	file string

	// cm decodes a single-byte charset; nil while the input is read as
	// UTF-8.
	cm *charmap.Charmap
	// declEnd is the decoder offset just after the XML declaration, from
	// where table applies; -1 until the declaration has been read.
	declEnd int64
	// sawDecl and sawElement record what the decoder has returned so far,
	// so that a second declaration, or one after the root element, is
	// refused instead of switching charsets in mid-file.
	sawDecl, sawElement bool
	// err is the error charsetReader last returned: encoding/xml keeps
	// only its text.
	err error

	lines []int   // offsets at which lines start, built on first use
	high  []shift // the bytes at or above 0x80 after declEnd, built on first use
}

func newSource(data []byte, file string) *source {
	return &source{data: data, file: file, declEnd: -1}
}

// inputOffset converts a decoder offset to an offset in s.data.
//
// After the declaration, the input byte at offset i starts at decoder
// offset
//
//	i + Σ (len(decode(c)) - 1)   over the bytes c between the declaration and i.
//
// Only bytes at or above 0x80 add to the sum, so they are listed once, with
// their offsets on both sides, and an offset is converted by binary search.
func (s *source) inputOffset(o int64) int {
	if s.cm == nil || s.declEnd < 0 || o <= s.declEnd {
		return int(min(max(o, 0), int64(len(s.data))))
	}
	if s.high == nil {
		s.high = []shift{}
		out := s.declEnd
		for i := int(s.declEnd); i < len(s.data); i++ {
			if c := s.data[i]; c >= utf8.RuneSelf {
				s.high = append(s.high, shift{in: i, out: out})
				out += int64(s.decodedLen(c))
			} else {
				out++
			}
		}
	}
	// The last high byte whose decoding starts before o.
	k, _ := slices.BinarySearchFunc(s.high, o, func(h shift, o int64) int { return cmp.Compare(h.out, o) })
	in := int(o)
	if k > 0 {
		h := s.high[k-1]
		end := h.out + int64(s.decodedLen(s.data[h.in]))
		in = h.in + 1
		if o > end {
			in += int(o - end)
		}
	}
	return min(in, len(s.data))
}

// shift records where a byte at or above 0x80 is, in the input (in) and in
// the decoder's stream (out).
type shift struct {
	in  int
	out int64
}

// decodedLen is the number of UTF-8 bytes charsetReader makes of b.
func (s *source) decodedLen(b byte) int { return charset.DecodedLen(s.cm, b) }

// posAt converts an offset in s.data to a position. Columns count bytes.
func (s *source) posAt(off int) diag.Pos {
	if s.lines == nil {
		s.lines = []int{0}
		for i, c := range s.data {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	}
	line, found := slices.BinarySearch(s.lines, off)
	if !found {
		line--
	}
	line = max(line, 0)
	return diag.Pos{File: s.file, Line: line + 1, Col: off - s.lines[line] + 1}
}

// pos converts a decoder offset to a position.
func (s *source) pos(o int64) diag.Pos { return s.posAt(s.inputOffset(o)) }

// charsetReader is the xml.Decoder's CharsetReader: it decodes the
// single-byte charsets that charset.Lookup knows and passes UTF-8 spelled
// in ways encoding/xml does not recognise ("UTF8") through unchanged. A
// file that declares US-ASCII but holds other bytes is read as
// ISO-8859-1, unless it is valid UTF-8.
func (s *source) charsetReader(label string, r io.Reader) (io.Reader, error) {
	if s.sawDecl || s.sawElement {
		return nil, fmt.Errorf("%w: a second XML declaration", ErrSyntax)
	}
	cm, err := charset.Lookup(label, s.data)
	if err != nil {
		s.err = err
		return nil, err
	}
	if cm == nil {
		return r, nil
	}
	s.cm = cm
	br, ok := r.(io.ByteReader)
	if !ok {
		// encoding/xml hands over its own io.ByteReader, so this is only
		// for safety; Read on r would bypass any buffering of the decoder.
		s.err = fmt.Errorf("%w: cannot switch to %s", charset.ErrUnknown, label)
		return nil, s.err
	}
	return &decodingReader{r: br, cm: cm}, nil
}

// decodingReader turns a single-byte charset into UTF-8, one byte at a time
// as encoding/xml reads it.
type decodingReader struct {
	r       io.ByteReader
	cm      *charmap.Charmap
	pending [utf8.UTFMax]byte
	next, n int // pending[next:n] is still to be returned
}

// ReadByte returns the next byte of UTF-8.
func (d *decodingReader) ReadByte() (byte, error) {
	if d.next < d.n {
		b := d.pending[d.next]
		d.next++
		return b, nil
	}
	b, err := d.r.ReadByte()
	if err != nil || b < utf8.RuneSelf {
		return b, err
	}
	d.n = utf8.EncodeRune(d.pending[:], charset.DecodeByte(d.cm, b))
	d.next = 1
	return d.pending[0], nil
}

// Read fills p with UTF-8.
func (d *decodingReader) Read(p []byte) (int, error) {
	for i := range p {
		b, err := d.ReadByte()
		if err != nil {
			if i > 0 && err == io.EOF {
				return i, nil
			}
			return i, err
		}
		p[i] = b
	}
	return len(p), nil
}

// element is one XML element, kept with the decoder offsets the reader's
// messages need. Only the elements the reader uses are kept (see
// childRole), so that the tree costs what the model does, not what the
// file holds.
type element struct {
	name     string
	role     role
	attrs    []xml.Attr
	start    int64 // offset of its '<'
	children []*element
	text     []textRun // character data directly inside it, in order
	states   int       // the <state> children of a node, counted as read
}

// role says what an element is to the reader, from where it sits.
type role uint8

const (
	rDropped    role = iota // not used: neither it nor its children are kept
	rRoot                   // <smile>
	rNodes                  // <nodes>
	rNode                   // a node of <nodes>: <cpt>, <deterministic>, ...
	rNodePart               // <state>, <parents>, <probabilities>, <resultingstates>, <strengths>, <parameters>, <utilities>
	rExtensions             // <extensions>
	rGenie                  // <genie>
	rSubmodel               // a <submodel> of the GeNIe view
	rView                   // a <node> of the GeNIe view
	rText                   // <comment>, <name>, <position>: text only
	rLeaf                   // kept for its name and attributes only: <dynamic>
)

// childRole returns the role of an element named name inside one of role
// parent.
func childRole(parent role, name string) role {
	switch parent {
	case rRoot:
		switch name {
		case "nodes":
			return rNodes
		case "extensions":
			return rExtensions
		case "dynamic":
			return rLeaf
		}
	case rNodes:
		return rNode
	case rNode:
		switch name {
		case "state", "parents", "probabilities", "resultingstates", "strengths", "parameters", "utilities":
			return rNodePart
		}
	case rExtensions:
		if name == "genie" {
			return rGenie
		}
	case rGenie, rSubmodel:
		switch name {
		case "node":
			return rView
		case "submodel":
			return rSubmodel
		case "comment", "name":
			return rText
		}
	case rView:
		switch name {
		case "name", "comment", "position":
			return rText
		}
	}
	return rDropped
}

// keepsText reports whether the character data of an element of role r is
// kept.
func (r role) keepsText() bool { return r == rNodePart || r == rText }

// maxChildren bounds the children kept of an element of role r, so that a
// file cannot make the tree larger than the model it describes: a node of
// <nodes> holds its states and a few parts (a second <parents> is kept, to
// be reported), and <nodes> and the GeNIe views hold at most one element a
// variable.
func (r role) maxChildren(lim limits.Limits) int {
	switch r {
	case rNodes, rGenie, rSubmodel:
		return lim.Variables
	case rNode:
		if lim.States < 0 {
			return -1
		}
		return lim.States + 8
	}
	return -1
}

// textRun is one piece of character data and the offsets it spans.
type textRun struct {
	s          string
	start, end int64
}

// attr returns the value of the attribute name.
func (e *element) attr(name string) (string, bool) {
	for _, a := range e.attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// content returns the character data directly inside e.
func (e *element) content() string {
	if len(e.text) == 1 {
		return e.text[0].s
	}
	var b strings.Builder
	for _, t := range e.text {
		b.WriteString(t.s)
	}
	return b.String()
}

// word is one blank-separated word of an element's text: a state or parent
// name, or a number.
type word struct {
	s   string
	run *textRun
	i   int // index of the word among the words of run
}

// isBlank reports whether c is XML white space. strings.Fields would also
// split at U+0085 and U+00A0, which ISO-8859-1 text can contain inside a
// name.
func isBlank(c rune) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isBlankOrBOM(c rune) bool { return isBlank(c) || c == '\uFEFF' }

// skipBlank returns the offset of the first byte at or after off in s.data
// that is neither XML white space nor part of a UTF-8 byte order mark.
func (s *source) skipBlank(off int) int {
	for off < len(s.data) {
		if bytes.HasPrefix(s.data[off:], []byte("\uFEFF")) {
			off += len("\uFEFF")
			continue
		}
		if !isBlank(rune(s.data[off])) {
			break
		}
		off++
	}
	return off
}

// words yields the words of e's text in order, without building a list
// of them: the text of a table can hold millions.
func (e *element) words() iter.Seq[word] {
	return func(yield func(word) bool) {
		for ri := range e.text {
			r := &e.text[ri]
			s, k := r.s, 0
			for {
				i := strings.IndexFunc(s, func(c rune) bool { return !isBlank(c) })
				if i < 0 {
					break
				}
				s = s[i:]
				j := strings.IndexFunc(s, isBlank)
				if j < 0 {
					j = len(s)
				}
				if !yield(word{s: s[:j], run: r, i: k}) {
					return
				}
				k++
				s = s[j:]
			}
		}
	}
}

// countWords returns the number of words of e's text, stopping at max+1
// when max is not negative.
func (e *element) countWords(max int) int {
	n := 0
	for range e.words() {
		n++
		if max >= 0 && n > max {
			break
		}
	}
	return n
}

// nthWord returns word number n (from 0) of e's text. It panics when the
// text has fewer words: callers have counted them.
func (e *element) nthWord(n int) word {
	i := 0
	for w := range e.words() {
		if i == n {
			return w
		}
		i++
	}
	panic("xdsl: nthWord past the last word")
}

// wordPos returns the position of w. Words are found in the input bytes of
// their text run; when the run holds entity references or a CDATA section,
// so that the input and the text differ, the run's start stands in.
func (s *source) wordPos(w word) diag.Pos {
	start, end := s.inputOffset(w.run.start), s.inputOffset(w.run.end)
	raw := s.data[start:max(start, end)]
	if bytes.ContainsAny(raw, "&<") {
		return s.posAt(start)
	}
	k := 0
	for i := 0; i < len(raw); {
		for i < len(raw) && isBlank(rune(raw[i])) {
			i++
		}
		if i == len(raw) {
			break
		}
		if k == w.i {
			return s.posAt(start + i)
		}
		k++
		for i < len(raw) && !isBlank(rune(raw[i])) {
			i++
		}
	}
	return s.posAt(start)
}

// parseXML reads the document into a tree of the elements the reader
// uses (see childRole). A malformed document gives one positioned error,
// and so does one nested deeper than lim.Nesting or with more elements
// than the model could use: both are refused as they are met, before the
// tree grows further.
func (s *source) parseXML(lim limits.Limits) (*element, *diag.Error) {
	d := xml.NewDecoder(bytes.NewReader(s.data))
	d.CharsetReader = s.charsetReader
	var root *element
	var stack []*element // the open elements; nil for those not kept
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, s.xmlError(d, err)
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target == "xml" {
				if s.sawDecl || s.sawElement {
					return nil, s.errorf(off, ErrSyntax, "XML declaration not at the start of the file")
				}
				s.sawDecl = true
				s.declEnd = d.InputOffset()
			}
		case xml.StartElement:
			s.sawElement = true
			if lim.Nesting >= 0 && len(stack) >= lim.Nesting {
				err := &limits.Error{What: fmt.Sprintf("nesting of <%s>", t.Name.Local), Got: fmt.Sprintf("%d levels", len(stack)+1), Limit: strconv.Itoa(lim.Nesting)}
				return nil, s.errorf(off, err, "%s", err)
			}
			var e *element
			switch {
			case len(stack) == 0 && root != nil:
				return nil, s.errorf(off, ErrSyntax, "second root element <%s>", t.Name.Local)
			case len(stack) == 0:
				e = &element{name: t.Name.Local, role: rRoot, attrs: t.Attr, start: off}
				root = e
			case stack[len(stack)-1] != nil:
				top := stack[len(stack)-1]
				if r := childRole(top.role, t.Name.Local); r != rDropped {
					if max := top.role.maxChildren(lim); max >= 0 && len(top.children) >= max {
						err := &limits.Error{What: fmt.Sprintf("elements in <%s>", top.name), Got: strconv.Itoa(max + 1), Limit: strconv.Itoa(max)}
						return nil, s.errorf(off, err, "%s", err)
					}
					e = &element{name: t.Name.Local, role: r, attrs: t.Attr, start: off}
					if top.role == rNode && e.name == "state" {
						top.states++
						id, _ := top.attr("id")
						if err := lim.CheckStates(id, top.states); err != nil {
							return nil, s.errorf(off, err, "%s", err)
						}
					}
					top.children = append(top.children, e)
				}
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				if top := stack[len(stack)-1]; top != nil && top.role.keepsText() {
					top.text = append(top.text, textRun{s: string(t), start: off, end: d.InputOffset()})
				}
			} else if strings.TrimLeftFunc(string(t), isBlankOrBOM) != "" {
				return nil, s.errorAt(s.posAt(s.skipBlank(s.inputOffset(off))), ErrSyntax, "text outside the root element")
			}
		}
	}
	if root == nil {
		return nil, s.errorf(d.InputOffset(), ErrSyntax, "no root element")
	}
	return root, nil
}

// xmlError positions an error from encoding/xml where the decoder stopped,
// which is the offending byte or just after it; xml.SyntaxError itself
// carries only a line.
func (s *source) xmlError(d *xml.Decoder, err error) *diag.Error {
	off := d.InputOffset()
	if s.err != nil {
		return s.errorf(0, errors.Join(ErrUnsupported, s.err), "%s", strings.TrimPrefix(err.Error(), "xml: "))
	}
	if errors.Is(err, ErrSyntax) {
		return s.errorf(off, ErrSyntax, "%s", strings.TrimPrefix(err.Error(), "xml: "))
	}
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
	}
	if err == io.ErrUnexpectedEOF || msg == "unexpected EOF" {
		msg = "unexpected end of file"
	}
	msg = strings.TrimPrefix(msg, "xml: ")
	if strings.HasPrefix(msg, "invalid UTF-8") || strings.HasPrefix(msg, "illegal character code") {
		return s.errorf(off, errors.Join(ErrSyntax, ErrEncoding), "malformed XML: %s", msg)
	}
	return s.errorf(off, ErrSyntax, "malformed XML: %s", msg)
}

// errorf builds an error at decoder offset o whose message starts "xdsl: "
// and whose cause wraps sentinel.
func (s *source) errorf(o int64, sentinel error, format string, args ...any) *diag.Error {
	return s.errorAt(s.pos(o), sentinel, format, args...)
}

// errorAt is errorf for a position already known.
func (s *source) errorAt(pos diag.Pos, sentinel error, format string, args ...any) *diag.Error {
	return &diag.Error{Pos: pos, Err: &diag.Cause{Msg: "xdsl: " + fmt.Sprintf(format, args...), Err: sentinel}}
}
