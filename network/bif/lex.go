package bif

// The lexer works on the whole file as a []byte and hands out tokens as byte
// offsets into it, so that scanning allocates nothing; line and column are
// computed only when an error needs them (see parser.pos).

type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // an unquoted run of word bytes: a name, a keyword or a number
	tString         // a double-quoted name; the text excludes the quotes
	tLBrace         // {
	tRBrace         // }
	tLParen         // (
	tRParen         // )
	tLBrack         // [
	tRBrack         // ]
	tSemi           // ;
	tComma          // ,
	tBar            // |
)

// token is one lexeme. pos is the offset of its first byte; start and end
// delimit its text (for a string, the bytes between the quotes).
type token struct {
	kind       tokKind
	pos        int
	start, end int
}

// delim marks the bytes that end a word. Every other byte, apart from the
// start of a comment, belongs to the word, so that state names such as
// ">=7.5", "Asy/Patch" or "0-3_days" need no quotes.
var delim = [256]bool{
	' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true,
	'{': true, '}': true, '(': true, ')': true, '[': true, ']': true,
	';': true, ',': true, '|': true, '"': true,
}

var punct = [256]tokKind{
	'{': tLBrace, '}': tRBrace, '(': tLParen, ')': tRParen,
	'[': tLBrack, ']': tRBrack, ';': tSemi, ',': tComma, '|': tBar,
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// lexError is a lexical problem: an unterminated string or comment.
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
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		lx.off = 3
	}
	return lx
}

// skip moves past white space and comments.
func (lx *lexer) skip() {
	d := lx.data
	for lx.off < len(d) {
		c := d[lx.off]
		switch {
		case isSpace(c):
			lx.off++
		case c == '/' && lx.off+1 < len(d) && d[lx.off+1] == '/':
			for lx.off < len(d) && d[lx.off] != '\n' {
				lx.off++
			}
		case c == '/' && lx.off+1 < len(d) && d[lx.off+1] == '*':
			start := lx.off
			lx.off += 2
			for {
				if lx.off+1 >= len(d) {
					lx.fail(start, "comment not terminated")
					return
				}
				if d[lx.off] == '*' && d[lx.off+1] == '/' {
					lx.off += 2
					break
				}
				lx.off++
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
		i := start + 1
		for i < len(d) && d[i] != '"' {
			i++
		}
		if i >= len(d) {
			lx.fail(start, "string not terminated")
			return token{kind: tEOF, pos: len(d), start: len(d), end: len(d)}
		}
		lx.off = i + 1
		return token{kind: tString, pos: start, start: start + 1, end: i}
	}
	i := start
	for i < len(d) {
		b := d[i]
		if delim[b] || (b == '/' && i+1 < len(d) && (d[i+1] == '/' || d[i+1] == '*')) {
			break
		}
		i++
	}
	lx.off = i
	return token{kind: tWord, pos: start, start: start, end: i}
}

// restOfProperty returns the text of a property after the keyword: up to a
// semicolon (consumed), or up to the end of the line, a brace or a comment
// (not consumed), whichever comes first outside double quotes. JavaBayes
// writes `property "position = (47, 42)" ;`; MSBNx writes properties without
// quotes and sometimes without the semicolon.
func (lx *lexer) restOfProperty() (start, end int) {
	d := lx.data
	for lx.off < len(d) && (d[lx.off] == ' ' || d[lx.off] == '\t') {
		lx.off++
	}
	start = lx.off
	inQuote := false
	for lx.off < len(d) {
		c := d[lx.off]
		if inQuote {
			if c == '"' {
				inQuote = false
			}
			lx.off++
			continue
		}
		switch {
		case c == '"':
			inQuote = true
		case c == ';':
			end = lx.off
			lx.off++
			return start, end
		case c == '\n' || c == '\r' || c == '{' || c == '}':
			return start, lx.off
		case c == '/' && lx.off+1 < len(d) && (d[lx.off+1] == '/' || d[lx.off+1] == '*'):
			return start, lx.off
		}
		lx.off++
	}
	if inQuote {
		lx.fail(start, "string not terminated")
	}
	return start, len(d)
}
