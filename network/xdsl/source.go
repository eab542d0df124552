package xdsl

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"brink/network/diag"
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

	// table decodes bytes 0x80..0xFF of a single-byte charset; nil while
	// the input is read as UTF-8.
	table *[128]rune
	// declEnd is the decoder offset just after the XML declaration, from
	// where table applies; -1 until the declaration has been read.
	declEnd int64
	// sawDecl and sawElement record what the decoder has returned so far,
	// so that a second declaration, or one after the root element, is
	// refused instead of switching charsets in mid-file.
	sawDecl, sawElement bool

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
	if s.table == nil || s.declEnd < 0 || o <= s.declEnd {
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
func (s *source) decodedLen(b byte) int {
	if b < utf8.RuneSelf {
		return 1
	}
	return utf8.RuneLen(s.table[b-utf8.RuneSelf])
}

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

// The single-byte charsets the reader decodes. GeNIe 2 writes
// ISO-8859-1; windows-1252 is what files labelled ISO-8859-1 often turn
// out to hold, and it differs only in 0x80..0x9F, where ISO-8859-1 has
// control characters that no model text uses.
var (
	latin1  [128]rune
	cp1252  [128]rune
	charset = map[string]*[128]rune{
		"iso-8859-1": &latin1, "iso8859-1": &latin1, "iso_8859-1": &latin1,
		"latin1": &latin1, "latin-1": &latin1, "l1": &latin1, "cp819": &latin1,
		"ibm819": &latin1, "iso-ir-100": &latin1, "csisolatin1": &latin1,
		// ASCII is a subset of ISO-8859-1; a stray high byte in a file that
		// claims ASCII is more usefully read as Latin-1 than refused.
		"us-ascii": &latin1, "ascii": &latin1,
		"windows-1252": &cp1252, "cp1252": &cp1252,
	}
)

func init() {
	for i := range latin1 {
		latin1[i] = rune(i + 0x80)
	}
	cp1252 = latin1
	// Windows-1252 puts printable characters in 0x80..0x9F (from the
	// Unicode consortium's mapping table, cp1252.txt); the five bytes it
	// leaves undefined keep their ISO-8859-1 meaning, as in the WHATWG
	// encoding standard.
	for i, r := range [32]rune{
		'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
		0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
	} {
		cp1252[i] = r
	}
}

// errEncoding is the cause charsetReader gives encoding/xml for a charset it
// does not know; encoding/xml wraps it.
var errEncoding = errors.New("unsupported encoding")

// charsetReader is the xml.Decoder's CharsetReader: it decodes the
// single-byte charsets in the charset map and passes UTF-8 spelled in ways
// encoding/xml does not recognise ("UTF8") through unchanged.
func (s *source) charsetReader(label string, r io.Reader) (io.Reader, error) {
	if s.sawDecl || s.sawElement {
		return nil, fmt.Errorf("%w: a second XML declaration", ErrSyntax)
	}
	name := strings.ToLower(strings.TrimSpace(label))
	if name == "utf8" {
		return r, nil
	}
	t, ok := charset[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (known: UTF-8, ISO-8859-1, windows-1252)", errEncoding, label)
	}
	s.table = t
	br, ok := r.(io.ByteReader)
	if !ok {
		// encoding/xml hands over its own io.ByteReader, so this is only
		// for safety; Read on r would bypass any buffering of the decoder.
		return nil, fmt.Errorf("%w: cannot switch to %s", errEncoding, label)
	}
	return &decodingReader{r: br, table: t}, nil
}

// decodingReader turns a single-byte charset into UTF-8, one byte at a time
// as encoding/xml reads it.
type decodingReader struct {
	r       io.ByteReader
	table   *[128]rune
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
	d.n = utf8.EncodeRune(d.pending[:], d.table[b-utf8.RuneSelf])
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
// messages need.
type element struct {
	name     string
	attrs    []xml.Attr
	start    int64 // offset of its '<'
	children []*element
	text     []textRun // character data directly inside it, in order
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

// words splits e's text into words.
func (e *element) words() []word {
	var ws []word
	for i := range e.text {
		r := &e.text[i]
		for j, f := range strings.FieldsFunc(r.s, isBlank) {
			ws = append(ws, word{s: f, run: r, i: j})
		}
	}
	return ws
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

// parseXML reads the document into a tree of elements. A malformed document
// gives one positioned error.
func (s *source) parseXML() (*element, *diag.Error) {
	d := xml.NewDecoder(bytes.NewReader(s.data))
	d.CharsetReader = s.charsetReader
	var root *element
	var stack []*element
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
			e := &element{name: t.Name.Local, attrs: t.Attr, start: off}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.children = append(top.children, e)
			} else if root == nil {
				root = e
			} else {
				return nil, s.errorf(off, ErrSyntax, "second root element <%s>", e.name)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.text = append(top.text, textRun{s: string(t), start: off, end: d.InputOffset()})
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
	if errors.Is(err, errEncoding) {
		return s.errorf(0, ErrUnsupported, "%s", strings.TrimPrefix(err.Error(), "xml: "))
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
	return s.errorf(off, ErrSyntax, "malformed XML: %s", strings.TrimPrefix(msg, "xml: "))
}

// errorf builds an error at decoder offset o whose message starts "xdsl: "
// and whose cause wraps sentinel.
func (s *source) errorf(o int64, sentinel error, format string, args ...any) *diag.Error {
	return s.errorAt(s.pos(o), sentinel, format, args...)
}

// errorAt is errorf for a position already known.
func (s *source) errorAt(pos diag.Pos, sentinel error, format string, args ...any) *diag.Error {
	return &diag.Error{Pos: pos, Err: &cause{msg: "xdsl: " + fmt.Sprintf(format, args...), err: sentinel}}
}

// cause is the cause inside a diag.Error: a message of its own that still
// answers errors.Is for a sentinel, or errors.As for a network error.
type cause struct {
	msg string
	err error
}

func (c *cause) Error() string { return c.msg }
func (c *cause) Unwrap() error { return c.err }
