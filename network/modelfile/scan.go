package modelfile

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The checks in this file run on the raw bytes before the TOML decoder
// sees them. The decoder allocates far more than the file for deeply
// nested values (45 KB of {a={a=…}} exhausts 4 GiB), recurses once per
// level (20 MB of [[[…]]] overflows the goroutine stack, which Go cannot
// recover from) and takes time quadratic in the parts of a dotted key
// (40 KB of a.a.a… = 1 takes half a minute), so nesting must be refused
// before decoding. Each check is one linear pass with constant memory.

// badEncoding returns the offset of the first byte that cannot be in a
// TOML file — a byte that is not part of valid UTF-8, or NUL — and what it
// is, or -1 when there is none.
func badEncoding(data []byte) (int, string) {
	if utf8.Valid(data) {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return i, "a NUL byte"
		}
		return -1, ""
	}
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == 0 {
				return i, "a NUL byte"
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i, fmt.Sprintf("byte 0x%02x, which is not valid UTF-8", c)
		}
		i += n
	}
	return -1, "" // not reached: utf8.Valid said otherwise
}

// scanResult is what the pre-scan found.
type scanResult struct {
	// deep is the offset of the first opener past the nesting limit — a
	// '[', a '{', or a part of a dotted key — or -1.
	deep int
	// small are the offsets of the first number literals that are not
	// zero as written but underflow to zero or to a subnormal float64,
	// at most maxSmall of them; smallCount counts them all.
	small      [][2]int // [start, end) of the literal
	smallCount int
}

// scan walks the lexical structure of a TOML document: table headers,
// keys, strings (basic, literal and their multi-line forms, with escapes),
// comments, arrays and inline tables. It measures nesting as the number of
// tables and arrays a value sits in — each part of a table header or of a
// dotted key but the last is a table, each '[' or '{' one more level —
// and stops at the first opener deeper than max (negative: no limit).
// Along the way it notes the first maxSmall number literals that
// underflow.
//
// The scan does not validate: on text that is not TOML it keeps going as
// best it can and leaves the error to the decoder. It must only never
// call valid TOML too deep when it is not.
func scan(data []byte, max, maxSmall int) scanResult {
	s := &scanner{data: data, max: max, maxSmall: maxSmall, res: scanResult{deep: -1}}
	s.document()
	return s.res
}

type scanner struct {
	data     []byte
	i        int
	max      int
	maxSmall int
	res      scanResult
	// table is the depth of the current table, the number of parts of
	// its header.
	table int
}

func (s *scanner) tooDeep(depth, at int) bool {
	if s.max >= 0 && depth > s.max {
		s.res.deep = at
		return true
	}
	return false
}

func (s *scanner) peek(k int) byte {
	if s.i+k < len(s.data) {
		return s.data[s.i+k]
	}
	return 0
}

// space skips blanks and, when lines is set, line breaks and comments.
func (s *scanner) space(lines bool) {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			if !lines {
				return
			}
			s.i++
		case '#':
			if !lines {
				return
			}
			s.comment()
		default:
			return
		}
	}
}

func (s *scanner) comment() {
	if j := bytes.IndexByte(s.data[s.i:], '\n'); j >= 0 {
		s.i += j
	} else {
		s.i = len(s.data)
	}
}

// restOfLine skips to the next line, passing strings whole so that a '#'
// or a line break inside one is not taken for the end of the line.
func (s *scanner) restOfLine() {
	for s.i < len(s.data) {
		switch c := s.data[s.i]; c {
		case '\n':
			s.i++
			return
		case '#':
			s.comment()
		case '"', '\'':
			s.str()
		default:
			s.i++
		}
	}
}

func (s *scanner) document() {
	for s.i < len(s.data) && s.res.deep < 0 {
		s.space(true)
		if s.i >= len(s.data) {
			return
		}
		if s.data[s.i] == '[' {
			s.header()
			continue
		}
		parts, ok := s.key(s.table, false)
		if !ok {
			s.restOfLine()
			continue
		}
		if s.peek(0) == '=' {
			s.i++
			s.value(s.table + parts - 1)
		}
		if s.res.deep < 0 {
			s.restOfLine()
		}
	}
}

// header reads [a.b] or [[a.b]]: a table of depth 2.
func (s *scanner) header() {
	s.i++
	if s.peek(0) == '[' {
		s.i++
	}
	parts, _ := s.key(0, true)
	s.table = parts
	if s.res.deep < 0 {
		s.restOfLine()
	}
}

// key reads a possibly dotted key in a table at depth base, checks the
// depth of the tables its parts make, and returns the number of parts.
// Every part of a table header is a table; every part of a key but the
// last. ok is false when there is no key here.
func (s *scanner) key(base int, header bool) (parts int, ok bool) {
	for {
		s.space(false)
		at := s.i
		switch c := s.peek(0); {
		case c == '"' || c == '\'':
			s.str()
		case isBare(c):
			for s.i < len(s.data) && isBare(s.data[s.i]) {
				s.i++
			}
		default:
			return parts, parts > 0
		}
		parts++
		depth := base + parts
		if !header {
			depth-- // the last part names the value, not a table
		}
		if s.tooDeep(depth, at) {
			return parts, false
		}
		s.space(false)
		if s.peek(0) != '.' {
			return parts, true
		}
		s.i++
	}
}

// value reads one value at the given depth (that of the table or array
// holding it).
func (s *scanner) value(depth int) {
	s.space(false)
	switch c := s.peek(0); c {
	case '"', '\'':
		s.str()
	case '[':
		if s.tooDeep(depth+1, s.i) {
			return
		}
		s.i++
		s.array(depth + 1)
	case '{':
		if s.tooDeep(depth+1, s.i) {
			return
		}
		s.i++
		s.inline(depth + 1)
	default:
		s.bare()
	}
}

// array reads the elements of an array up to its ']'. Recursion is
// bounded by the nesting limit, which tooDeep enforces before each level.
func (s *scanner) array(depth int) {
	for s.i < len(s.data) && s.res.deep < 0 {
		s.space(true)
		switch s.peek(0) {
		case ']':
			s.i++
			return
		case ',':
			s.i++
			continue
		case 0:
			return
		}
		start := s.i
		s.value(depth)
		if s.i == start {
			s.i++ // not a value: move on
		}
	}
}

// inline reads the keys and values of an inline table up to its '}'.
// TOML 1.1, which the decoder accepts, lets inline tables span lines.
func (s *scanner) inline(depth int) {
	for s.i < len(s.data) && s.res.deep < 0 {
		s.space(true)
		switch s.peek(0) {
		case '}':
			s.i++
			return
		case ',':
			s.i++
			continue
		case 0:
			return
		}
		start := s.i
		parts, ok := s.key(depth, false)
		if ok {
			s.space(false)
			if s.peek(0) == '=' {
				s.i++
				s.value(depth + parts - 1)
			}
		}
		if s.i == start {
			s.i++
		}
	}
}

// bare reads a number, boolean or date and notes a number that
// underflows.
func (s *scanner) bare() {
	start := s.i
	for s.i < len(s.data) {
		c := s.data[s.i]
		if c == ' ' && s.i-start == 10 && isDate(s.data[start:s.i]) && s.i+1 < len(s.data) && isDigit(s.data[s.i+1]) {
			s.i++ // "1979-05-27 07:32:00": a space may separate date and time
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' || c == '#' || c == '[' || c == '{' || c == '"' || c == '\'' {
			break
		}
		s.i++
	}
	if lit := s.data[start:s.i]; mayUnderflow(lit) && underflows(string(lit)) {
		if len(s.res.small) < s.maxSmall {
			s.res.small = append(s.res.small, [2]int{start, s.i})
		}
		s.res.smallCount++
	}
}

// str passes a basic, literal or multi-line string. A single-line string
// ends at its line's end at the latest, so that an unterminated one does
// not swallow the file.
func (s *scanner) str() {
	q := s.data[s.i]
	if s.peek(1) == q && s.peek(2) == q {
		s.i += 3
		for s.i < len(s.data) {
			c := s.data[s.i]
			if c == '\\' && q == '"' {
				s.i += 2
				continue
			}
			if c == q && s.peek(1) == q && s.peek(2) == q {
				s.i += 3
				for k := 0; k < 2 && s.peek(0) == q; k++ { // up to two quotes may end the content
					s.i++
				}
				return
			}
			s.i++
		}
		s.i = len(s.data)
		return
	}
	s.i++
	for s.i < len(s.data) {
		switch c := s.data[s.i]; {
		case c == '\\' && q == '"':
			s.i += 2
		case c == q:
			s.i++
			return
		case c == '\n':
			return
		default:
			s.i++
		}
	}
	s.i = min(s.i, len(s.data))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDate(b []byte) bool {
	for i, c := range b {
		if (i == 4 || i == 7) != (c == '-') || c != '-' && !isDigit(c) {
			return false
		}
	}
	return len(b) == 10
}

// mayUnderflow is a quick test that passes every literal that may
// underflow: one with an exponent, or a long one (the smallest normal
// float64 written out needs 308 zeros).
func mayUnderflow(lit []byte) bool {
	return len(lit) > 300 || bytes.IndexByte(lit, 'e') >= 0 || bytes.IndexByte(lit, 'E') >= 0
}

// underflows reports whether a TOML number literal is not zero as written
// but reads as zero or as a subnormal float64 (below 2⁻¹⁰²², where
// precision is lost): 1e-400 silently becoming 0 would turn a possible
// state into an impossible one.
func underflows(lit string) bool {
	if !strings.ContainsAny(lit, ".eE") || strings.HasPrefix(lit, "0x") || strings.HasPrefix(lit, "0o") || strings.HasPrefix(lit, "0b") {
		return false // integers (and dates) do not underflow
	}
	lit = strings.ReplaceAll(lit, "_", "")
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return false
	}
	if f != 0 {
		return math.Abs(f) < 0x1p-1022
	}
	mantissa := lit
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		mantissa = lit[:i]
	}
	return strings.ContainsAny(mantissa, "123456789")
}

// positions turns byte offsets into line and column numbers (columns count
// bytes, as go/scanner's do) in one pass, without a table of line starts:
// a hostile file may have tens of millions of lines.
func positions(data []byte, offs []int) []loc {
	out := make([]loc, len(offs))
	if len(offs) == 0 {
		return out
	}
	order := make([]int, len(offs))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(offs[a], offs[b]) })
	line, lineStart, i := 1, 0, 0
	for _, k := range order {
		off := min(offs[k], len(data))
		for i < off {
			j := bytes.IndexByte(data[i:off], '\n')
			if j < 0 {
				i = off
				break
			}
			i += j + 1
			line++
			lineStart = i
		}
		out[k] = loc{line: line, col: off - lineStart + 1}
	}
	return out
}
