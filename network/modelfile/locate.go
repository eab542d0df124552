package modelfile

import (
	"strconv"
	"strings"
)

// locate finds where key paths appear in a TOML document, so that problems
// found after decoding can say path:line:col. The TOML decoder does not
// expose positions, so the locator scans the text itself. It needs to
// understand only the lexical structure — tables, array tables, keys,
// strings, arrays and inline tables — and it never fails: on text it
// cannot follow it records less, and a path it did not find takes the
// position of its longest prefix that it did.
//
// Paths are written as the decoder's keys are, joined by dots, with array
// elements as [i]: "node[2].cpt[5].p", "scenario[0].finding[1].state".
//
// The locator runs once per read, and only when there is something to
// report, for the paths of the problems kept (at most a few hundred); it
// stores positions only for those and their prefixes, so a file of a
// million rows costs one pass and no memory per row.
func locate(src string, paths []string) map[string]loc {
	want := make(map[string]bool, 4*len(paths))
	for _, p := range paths {
		for q := p; q != ""; q = parentPath(q) {
			if want[q] {
				break
			}
			want[q] = true
		}
	}
	l := &locator{src: src, want: want, pos: map[string]loc{}, count: map[string]int{}, last: map[string]int{}, line: 1}
	func() {
		// The locator is best effort; a bug here must not take a load
		// down with it.
		defer func() { _ = recover() }()
		l.document()
	}()
	out := make(map[string]loc, len(paths))
	for _, p := range paths {
		for q := p; q != ""; q = parentPath(q) {
			if at, ok := l.pos[q]; ok {
				out[p] = at
				break
			}
		}
	}
	return out
}

// parentPath returns path without its last key or index, or "".
func parentPath(path string) string {
	cut := max(strings.LastIndexByte(path, '.'), strings.LastIndexByte(path, '['))
	if cut <= 0 {
		return ""
	}
	return path[:cut]
}

type locator struct {
	src   string
	want  map[string]bool // paths to record, with their prefixes
	pos   map[string]loc
	count map[string]int // elements of each array table, by resolved path
	last  map[string]int // latest element of each array table, by dotted key
	path  []byte         // the path of the value being read
	i     int
	line  int
	col0  int // offset of the current line's first byte
}

type loc struct{ line, col int }

func (l *locator) here() loc { return loc{l.line, l.i - l.col0 + 1} }

// record notes the position of the current path if it is wanted and not
// seen yet (a table defined by dotted keys in several places is placed at
// the first).
func (l *locator) record(at loc) {
	if l.want[string(l.path)] {
		if _, seen := l.pos[string(l.path)]; !seen {
			l.pos[string(l.path)] = at
		}
	}
}

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
			l.i++
		case c == '#' && newlines:
			for l.i < len(l.src) && l.src[l.i] != '\n' {
				l.i++
			}
		case c == '\n' && newlines:
			l.advance()
		default:
			return
		}
	}
}

// toLineEnd passes the rest of the line, strings whole.
func (l *locator) toLineEnd() {
	for l.i < len(l.src) && l.peek() != '\n' {
		switch l.peek() {
		case '"', '\'':
			l.str()
		case '#':
			for l.i < len(l.src) && l.src[l.i] != '\n' {
				l.i++
			}
		default:
			l.advance()
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
			l.toLineEnd()
			if isArray {
				table = l.arrayPath(key)
			} else {
				table = l.resolve(strings.Split(key, "."))
			}
			l.path = append(l.path[:0], table...)
			l.record(at)
			continue
		}
		start := l.i
		key := l.key()
		if key == "" {
			if l.i == start && l.peek() != '\n' {
				l.advance()
			}
			l.toLineEnd() // not a key: skip the line
			continue
		}
		l.path = append(l.path[:0], table...)
		l.push(key)
		l.record(at)
		l.skip(false)
		if l.peek() == '=' {
			l.advance()
			l.skip(false)
			l.value()
		}
		l.toLineEnd()
	}
}

// push appends a key to the current path.
func (l *locator) push(key string) {
	if len(l.path) > 0 {
		l.path = append(l.path, '.')
	}
	l.path = append(l.path, key...)
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
				l.i++
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
// inline-table keys under the current path. The pre-scan has bounded the
// nesting, and so this recursion.
func (l *locator) value() {
	base := len(l.path)
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
			l.path = append(l.path[:base], '[')
			l.path = strconv.AppendInt(l.path, int64(n), 10)
			l.path = append(l.path, ']')
			l.record(l.here())
			start := l.i
			l.value()
			l.path = l.path[:base]
			l.skip(true)
			if l.peek() == ',' || l.i == start {
				l.advance() // a separator, or a stray character: move on
			}
		}
	case '{':
		l.advance()
		for {
			l.skip(true) // TOML 1.1 lets inline tables span lines
			if c := l.peek(); c == '}' || c == 0 {
				l.advance()
				return
			}
			at := l.here()
			k := l.key()
			if k == "" {
				l.advance()
				continue
			}
			l.path = l.path[:base]
			l.push(k)
			l.record(at)
			l.skip(false)
			if l.peek() == '=' {
				l.advance()
				l.skip(false)
				l.value()
			}
			l.path = l.path[:base]
			l.skip(true)
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
	triple := func() bool { return l.i+2 < len(l.src) && l.src[l.i+1] == q && l.src[l.i+2] == q && l.src[l.i] == q }
	if triple() {
		l.i += 3
		start := l.i
		for l.i < len(l.src) {
			if q == '"' && l.peek() == '\\' {
				l.advance()
				l.advance()
				continue
			}
			if triple() {
				s := l.src[start:l.i]
				l.i += 3
				for k := 0; k < 2 && l.peek() == q; k++ { // up to two quotes may end the content
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
	if l.peek() == q {
		l.advance()
	}
	return s
}
