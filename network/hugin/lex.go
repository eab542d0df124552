package hugin

import (
	"bytes"
	"strings"
)

// The lexer works on the whole file as a []byte and hands out tokens as byte
// offsets into it, so that scanning allocates nothing; line and column are
// computed only when an error or a warning needs them (see parser.pos).

type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // an unquoted run of word bytes: a name, a keyword or a number
	tString         // a double-quoted string; the text excludes the quotes
	tLBrace         // {
	tRBrace         // }
	tLParen         // (
	tRParen         // )
	tSemi           // ;
	tEquals         // =
	tBar            // |
)

// token is one lexeme. pos is the offset of its first byte; start and end
// delimit its text (for a string, the bytes between the quotes, escapes
// undecoded). escaped says that a string contains a backslash.
type token struct {
	kind       tokKind
	escaped    bool
	pos        int
	start, end int
}

// delim marks the bytes that end a word. Commas count as blanks: Hugin
// writes none outside expressions, but a list such as `("a", "b")` then
// still reads as meant.
var delim = [256]bool{
	' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true, ',': true,
	'{': true, '}': true, '(': true, ')': true, ';': true, '=': true, '|': true,
	'"': true, '%': true,
}

var punct = [256]tokKind{
	'{': tLBrace, '}': tRBrace, '(': tLParen, ')': tRParen,
	';': tSemi, '=': tEquals, '|': tBar,
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ','
}

// lexError is a lexical problem: an unterminated string.
type lexError struct {
	pos int
	msg string
}

type lexer struct {
	data []byte
	off  int
	err  *lexError // the first lexical error; scanning stops there
}

func newLexer(data []byte) *lexer {
	lx := &lexer{data: data}
	// A UTF-8 byte order mark is not part of the text.
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		lx.off = 3
	}
	return lx
}

// skip moves past blanks and comments. A comment runs from `%` to the end
// of the line whatever it holds, so UnBBayes's `%frase "..."` lines with
// unbalanced quotes do no harm.
func (lx *lexer) skip() {
	d := lx.data
	for lx.off < len(d) {
		c := d[lx.off]
		switch {
		case isBlank(c):
			lx.off++
		case c == '%':
			if i := bytes.IndexByte(d[lx.off:], '\n'); i >= 0 {
				lx.off += i + 1
			} else {
				lx.off = len(d)
			}
		default:
			return
		}
	}
}

func (lx *lexer) fail(pos int, msg string) {
	if lx.err == nil {
		lx.err = &lexError{pos: pos, msg: msg}
	}
	lx.off = len(lx.data)
}

// next scans one token. After a lexical error it returns tEOF for ever.
func (lx *lexer) next() token {
	lx.skip()
	d := lx.data
	if lx.off >= len(d) {
		return token{kind: tEOF, pos: len(d), start: len(d), end: len(d)}
	}
	start := lx.off
	c := d[start]
	if k := punct[c]; k != tEOF {
		lx.off++
		return token{kind: k, pos: start, start: start, end: start + 1}
	}
	if c == '"' {
		escaped := false
		i := start + 1
		for i < len(d) {
			b := d[i]
			if b == '"' {
				break
			}
			if b == '\\' {
				escaped = true
				i++ // the next byte is taken literally, even a quote
			}
			i++
		}
		if i >= len(d) {
			lx.fail(start, "string not terminated")
			return token{kind: tEOF, pos: len(d), start: len(d), end: len(d)}
		}
		lx.off = i + 1
		return token{kind: tString, escaped: escaped, pos: start, start: start + 1, end: i}
	}
	i := start
	for i < len(d) && !delim[d[i]] {
		i++
	}
	lx.off = i
	return token{kind: tWord, pos: start, start: start, end: i}
}

// unescape decodes the text of a string: \n is a new line, \" a quote and
// \\ a backslash; a backslash before anything else stands for itself. A
// line break written into the string as CR LF becomes a plain LF, so that
// a label does not depend on the line endings of the file.
func unescape(b []byte, escaped bool) string {
	if !escaped && bytes.IndexByte(b, '\r') < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			switch b[i+1] {
			case 'n':
				sb.WriteByte('\n')
				i++
			case '"', '\\':
				sb.WriteByte(b[i+1])
				i++
			default:
				sb.WriteByte('\\')
			}
		case c == '\r' && i+1 < len(b) && b[i+1] == '\n':
			// dropped; the LF follows
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// appendQuoted appends s as a NET string: in double quotes, with the
// escapes unescape decodes. A new line is always written as \n, so the
// file never holds the CR LF pair that unescape would shorten, and every
// string reads back as it was.
func appendQuoted(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			buf = append(buf, '\\', c)
		case '\n':
			buf = append(buf, '\\', 'n')
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}
