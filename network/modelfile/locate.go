package modelfile

import (
	"strconv"
	"strings"
)

// locator maps key paths of a TOML document to where they appear, so that
// errors found after decoding can say path:line:col. The TOML decoder does
// not expose positions, so the locator scans the text itself. It needs to
// understand only the lexical structure — tables, array tables, keys,
// strings, arrays and inline tables — and it never fails: on text it cannot
// follow it simply records less, and callers fall back to an enclosing path.
//
// Paths are written as the decoder's keys are, joined by dots, with array
// elements as [i]: "node[2].cpt[5].p", "scenario[0].finding[1].state".
type locator struct {
	src   string
	pos   map[string]loc
	count map[string]int // elements of each array table, by resolved path
	last  map[string]int // latest element of each array table, by dotted key
	i     int
	line  int
	col0  int // offset of the current line's first byte
}

type loc struct{ line, col int }

func newLocator(src string) *locator {
	l := &locator{src: src, pos: map[string]loc{}, count: map[string]int{}, last: map[string]int{}, line: 1}
	defer func() {
		// The locator is best effort; a bug here must not take a load
		// down with it.
		_ = recover()
	}()
	l.document()
	return l
}

// find returns the position of path, or of its longest recorded prefix.
func (l *locator) find(path string) (loc, bool) {
	for p := path; p != ""; {
		if at, ok := l.pos[p]; ok {
			return at, true
		}
		cut := max(strings.LastIndexByte(p, '.'), strings.LastIndexByte(p, '['))
		if cut <= 0 {
			break
		}
		p = p[:cut]
	}
	return loc{}, false
}

func (l *locator) here() loc { return loc{l.line, l.i - l.col0 + 1} }

func (l *locator) peek() byte {
	if l.i < len(l.src) {
		return l.src[l.i]
	}
	return 0
}

func (l *locator) advance() {
	if l.i < len(l.src) {
		if l.src[l.i] == '\n' {
			l.line++
			l.col0 = l.i + 1
		}
		l.i++
	}
}

// skip passes spaces, tabs and, if newlines, line breaks and comments.
func (l *locator) skip(newlines bool) {
	for l.i < len(l.src) {
		switch c := l.src[l.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			l.advance()
		case c == '#':
			for l.i < len(l.src) && l.src[l.i] != '\n' {
				l.advance()
			}
		case c == '\n' && newlines:
			l.advance()
		default:
			return
		}
	}
}

func (l *locator) document() {
	table := ""
	for l.i < len(l.src) {
		l.skip(true)
		if l.i >= len(l.src) {
			return
		}
		at := l.here()
		if l.peek() == '[' {
			l.advance()
			isArray := l.peek() == '['
			if isArray {
				l.advance()
			}
			key := l.key()
			for l.i < len(l.src) && l.peek() != '\n' {
				l.advance()
			}
			if isArray {
				table = l.arrayPath(key)
			} else {
				table = l.resolve(strings.Split(key, "."))
			}
			l.pos[table] = at
			continue
		}
		start := l.i
		key := l.key()
		if key == "" {
			if l.i == start && l.peek() != '\n' {
				l.advance()
			}
			// Not a key: skip the line.
			for l.i < len(l.src) && l.peek() != '\n' {
				l.advance()
			}
			continue
		}
		path := join(table, key)
		l.pos[path] = at
		l.skip(false)
		if l.peek() == '=' {
			l.advance()
			l.skip(false)
			l.value(path)
		}
	}
}

// arrayPath turns the header [[a.b.c]] into a path with the indices of
// the enclosing array tables, e.g. "node[3].citation[1]": each header
// appends an element to the array under the latest element of its parent.
func (l *locator) arrayPath(key string) string {
	parts := strings.Split(key, ".")
	full := join(l.resolve(parts[:len(parts)-1]), parts[len(parts)-1])
	k := l.count[full]
	l.count[full] = k + 1
	l.last[key] = k
	return full + "[" + strconv.Itoa(k) + "]"
}

// resolve joins key parts, indexing those that name array tables by their
// latest element.
func (l *locator) resolve(parts []string) string {
	out := ""
	for i, p := range parts {
		out = join(out, p)
		if k, ok := l.last[strings.Join(parts[:i+1], ".")]; ok {
			out += "[" + strconv.Itoa(k) + "]"
		}
	}
	return out
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// key reads a possibly dotted, possibly quoted key and returns it joined
// by dots.
func (l *locator) key() string {
	var parts []string
	for {
		l.skip(false)
		switch c := l.peek(); {
		case c == '"' || c == '\'':
			parts = append(parts, l.str())
		case isBare(c):
			start := l.i
			for isBare(l.peek()) {
				l.advance()
			}
			parts = append(parts, l.src[start:l.i])
		default:
			return strings.Join(parts, ".")
		}
		l.skip(false)
		if l.peek() != '.' {
			return strings.Join(parts, ".")
		}
		l.advance()
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value reads one value, recording the positions of array elements and
// inline-table keys under path.
func (l *locator) value(path string) {
	switch l.peek() {
	case '"', '\'':
		l.str()
	case '[':
		l.advance()
		for n := 0; ; n++ {
			l.skip(true)
			if c := l.peek(); c == ']' || c == 0 {
				l.advance()
				return
			}
			el := path + "[" + strconv.Itoa(n) + "]"
			l.pos[el] = l.here()
			start := l.i
			l.value(el)
			l.skip(true)
			if l.peek() == ',' || l.i == start {
				l.advance() // a separator, or a stray character: move on
			}
		}
	case '{':
		l.advance()
		for {
			l.skip(false)
			if c := l.peek(); c == '}' || c == 0 || c == '\n' {
				l.advance()
				return
			}
			at := l.here()
			k := l.key()
			if k == "" {
				l.advance()
				continue
			}
			p := join(path, k)
			l.pos[p] = at
			l.skip(false)
			if l.peek() == '=' {
				l.advance()
				l.skip(false)
				l.value(p)
			}
			l.skip(false)
			if l.peek() == ',' {
				l.advance()
			}
		}
	default:
		for {
			c := l.peek()
			if c == 0 || c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' {
				return
			}
			l.advance()
		}
	}
}

// str reads a basic, literal or multi-line string and returns its raw
// contents (escapes are not interpreted; the locator needs only keys,
// which are rarely escaped).
func (l *locator) str() string {
	q := l.peek()
	if strings.HasPrefix(l.src[l.i:], strings.Repeat(string(q), 3)) {
		l.i += 3
		start := l.i
		for l.i < len(l.src) {
			if q == '"' && l.peek() == '\\' {
				l.advance()
				l.advance()
				continue
			}
			if strings.HasPrefix(l.src[l.i:], strings.Repeat(string(q), 3)) {
				s := l.src[start:l.i]
				l.i += 3
				for l.peek() == q { // up to two quotes may end the content
					l.advance()
				}
				return s
			}
			l.advance()
		}
		return l.src[start:]
	}
	l.advance()
	start := l.i
	for l.i < len(l.src) && l.peek() != q && l.peek() != '\n' {
		if q == '"' && l.peek() == '\\' {
			l.advance()
		}
		l.advance()
	}
	s := l.src[start:min(l.i, len(l.src))]
	l.advance()
	return s
}
