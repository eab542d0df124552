package bif

import (
	"fmt"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/diag"
)

// ref is a name in the file: the offset of its token and its text's bounds.
type ref struct {
	pos, start, end int
}

// varDecl is one variable block.
type varDecl struct {
	name   string
	pos    int // offset of the name
	states []string
	index  map[string]int // state name -> index, built by build
}

// entry is one statement of a probability block: a `table`, a `default`
// row or a row for one parent configuration.
type entry struct {
	pos    int // offset of "table", "default" or "("
	v0, v1 int // the values are probBlock.vals[v0:v1]
	semi   int // offset of the closing ";"
	cfg    int // a row's parent configuration, set by build
}

// probBlock is one probability block.
type probBlock struct {
	pos     int // offset of "probability"
	child   ref
	parents []ref
	vals    []float64 // the values of all entries
	table   *entry
	def     *entry
	rows    []entry
}

type parser struct {
	lx       *lexer
	data     []byte
	filename string
	tok      token        // the next token, not yet consumed
	depth    int          // braces opened and not yet closed by consumed tokens
	errs     diag.List    // the first maxErrors problems
	nerrs    int          // the number of problems found, shown or not
	stopped  bool         // parsing gave up after too many problems
	src      *diag.Source // byte offsets to positions

	vars     []*varDecl
	varIndex map[string]int
	blocks   []*probBlock
	layout   map[string][2]float64
}

func newParser(data []byte, filename string) *parser {
	p := &parser{lx: newLexer(data), data: data, filename: filename, varIndex: map[string]int{}, src: diag.NewSource(filename, data)}
	p.tok = p.lx.next()
	return p
}

// pos converts a byte offset to a file position; columns count bytes, as
// go/scanner's do.
func (p *parser) pos(off int) diag.Pos { return p.src.Pos(off) }

// line returns the line number of an offset, for "first at line N" notes.
func (p *parser) line(off int) int { return p.pos(off).Line }

// errorf builds a positioned error whose message starts "bif: " and whose
// cause wraps sentinel.
func (p *parser) errorf(off int, sentinel error, format string, args ...any) *diag.Error {
	return &diag.Error{Pos: p.pos(off), Err: &diag.Cause{Msg: "bif: " + fmt.Sprintf(format, args...), Err: sentinel}}
}

// add records a problem; past maxErrors it only counts it.
func (p *parser) add(e *diag.Error) {
	p.nerrs++
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, e)
	}
}

// report records a problem that does not stop parsing.
func (p *parser) report(off int, sentinel error, format string, args ...any) {
	p.add(p.errorf(off, sentinel, format, args...))
}

// result returns the problems found, sorted by position, or nil.
func (p *parser) result() error {
	if p.nerrs == 0 {
		return nil
	}
	p.errs.Sort()
	if more := p.nerrs - len(p.errs); more > 0 {
		msg := fmt.Sprintf("bif: %d more errors not shown", more)
		if p.stopped {
			msg = "bif: too many errors; stopped checking"
		}
		p.errs = append(p.errs, &diag.Error{Pos: diag.Pos{File: p.filename}, Err: &diag.Cause{Msg: msg}})
	}
	return p.errs
}

func (p *parser) text(r ref) string { return string(p.data[r.start:r.end]) }

func (p *parser) advance() {
	switch p.tok.kind {
	case tLBrace:
		p.depth++
	case tRBrace:
		if p.depth > 0 {
			p.depth--
		}
	}
	p.tok = p.lx.next()
}

// is reports whether the next token is the unquoted word kw.
func (p *parser) is(kw string) bool {
	return p.tok.kind == tWord && string(p.data[p.tok.start:p.tok.end]) == kw
}

// describe renders the next token for a message.
func (p *parser) describe() string {
	t := p.tok
	switch t.kind {
	case tEOF:
		return "end of file"
	case tString:
		return "string " + diag.Quote(p.data[t.start:t.end])
	}
	return diag.Quote(p.data[t.start:t.end])
}

// syntax reports that the next token is not what was expected. At the end
// of the input after a lexical error it reports that error instead, since
// it is the real cause.
func (p *parser) syntax(expected string) *diag.Error {
	if p.tok.kind == tEOF && p.lx.err != nil {
		e := p.lx.err
		p.lx.err = nil
		return p.errorf(e.pos, ErrSyntax, "%s", e.msg)
	}
	return p.errorf(p.tok.pos, ErrSyntax, "expected %s, found %s", expected, p.describe())
}

func (p *parser) expect(k tokKind, what string) (token, *diag.Error) {
	t := p.tok
	if t.kind != k {
		return t, p.syntax(what)
	}
	p.advance()
	return t, nil
}

// name parses a variable or state name, quoted or not.
func (p *parser) name(what string) (ref, *diag.Error) {
	t := p.tok
	if t.kind != tWord && t.kind != tString {
		return ref{}, p.syntax(what)
	}
	p.advance()
	return ref{pos: t.pos, start: t.start, end: t.end}, nil
}

// file parses the whole input, recovering after each syntax error at the
// next top-level block.
func (p *parser) file() {
	for p.tok.kind != tEOF {
		if p.nerrs > maxErrors {
			p.stopped = true
			return
		}
		var err *diag.Error
		switch {
		case p.is("network"):
			err = p.network()
		case p.is("variable"):
			err = p.variable()
		case p.is("probability"):
			err = p.probability()
		default:
			err = p.syntax(`"network", "variable" or "probability"`)
			p.advance()
		}
		if err != nil {
			p.add(err)
			p.sync()
		}
	}
	if e := p.lx.err; e != nil {
		p.report(e.pos, ErrSyntax, "%s", e.msg)
	}
}

// sync skips to the next block keyword outside braces.
func (p *parser) sync() {
	for p.tok.kind != tEOF {
		if p.depth == 0 && (p.is("network") || p.is("variable") || p.is("probability")) {
			return
		}
		p.advance()
	}
}

// property consumes a property statement and returns its text.
func (p *parser) property() string {
	start, end := p.lx.restOfProperty()
	p.tok = p.lx.next()
	return string(p.data[start:end])
}

// network parses the network block, whose name and properties Brink does
// not keep.
func (p *parser) network() *diag.Error {
	p.advance()
	if p.tok.kind == tWord || p.tok.kind == tString {
		p.advance()
	}
	if _, err := p.expect(tLBrace, `"{" after the network name`); err != nil {
		return err
	}
	for {
		switch {
		case p.tok.kind == tRBrace:
			p.advance()
			return nil
		case p.tok.kind == tSemi:
			p.advance()
		case p.is("property"):
			p.property()
		default:
			return p.syntax(`"property" or "}" in the network block`)
		}
	}
}

// variable parses
//
//	variable NAME { type discrete [ K ] { S1, S2, ... }; property ...; }
func (p *parser) variable() *diag.Error {
	p.advance()
	nm, err := p.name("a variable name")
	if err != nil {
		return err
	}
	if _, err := p.expect(tLBrace, `"{" after the variable name`); err != nil {
		return err
	}
	v := &varDecl{name: p.text(nm), pos: nm.pos}
	typed := false
	var xy [2]float64
	hasXY := false
	for done := false; !done; {
		switch {
		case p.tok.kind == tRBrace:
			p.advance()
			done = true
		case p.tok.kind == tSemi:
			p.advance()
		case p.is("property"):
			if pt, ok := parsePosition(p.property()); ok {
				xy, hasXY = pt, true
			}
		case p.is("type"):
			if typed {
				return p.errorf(p.tok.pos, ErrDuplicate, "variable %q has a second type declaration", v.name)
			}
			typed = true
			if err := p.varType(v); err != nil {
				return err
			}
		default:
			return p.syntax(`"type", "property" or "}" in the variable block`)
		}
	}
	if !typed {
		p.report(nm.pos, ErrSyntax, "variable %q has no type declaration", v.name)
	}
	if i, dup := p.varIndex[v.name]; dup {
		p.report(nm.pos, ErrDuplicate, "variable %q declared twice (first at line %d)", v.name, p.line(p.vars[i].pos))
		return nil
	}
	p.varIndex[v.name] = len(p.vars)
	p.vars = append(p.vars, v)
	if hasXY {
		if p.layout == nil {
			p.layout = map[string][2]float64{}
		}
		p.layout[v.name] = xy
	}
	return nil
}

// varType parses `type discrete [ K ] { S1, S2, ... };`. The count in
// brackets is optional; states may be separated by commas or blanks.
func (p *parser) varType(v *varDecl) *diag.Error {
	p.advance()
	if !p.is("discrete") {
		if p.tok.kind == tWord {
			return p.errorf(p.tok.pos, ErrUnsupported, "variable %q has type %s; only discrete variables are supported", v.name, p.describe())
		}
		return p.syntax(`"discrete"`)
	}
	p.advance()
	declared, declPos := -1, 0
	if p.tok.kind == tLBrack {
		p.advance()
		t := p.tok
		if t.kind != tWord {
			return p.syntax("the number of states")
		}
		k, err := strconv.Atoi(string(p.data[t.start:t.end]))
		if err != nil || k < 0 {
			return p.errorf(t.pos, ErrSyntax, "expected the number of states, found %s", p.describe())
		}
		declared, declPos = k, t.pos
		p.advance()
		if _, err := p.expect(tRBrack, `"]"`); err != nil {
			return err
		}
	}
	open, err := p.expect(tLBrace, `"{" before the states`)
	if err != nil {
		return err
	}
	var seen map[string]int
	for p.tok.kind != tRBrace {
		if p.tok.kind == tComma {
			p.advance()
			continue
		}
		s, err := p.name(`a state name or "}"`)
		if err != nil {
			return err
		}
		st := p.text(s)
		if seen == nil {
			seen = map[string]int{}
		}
		if _, dup := seen[st]; dup {
			p.report(s.pos, network.ErrDuplicateState, "variable %q: state %q listed twice", v.name, st)
		}
		seen[st] = s.pos
		v.states = append(v.states, st)
	}
	p.advance()
	if p.tok.kind == tSemi {
		p.advance()
	}
	switch {
	case len(v.states) == 0:
		p.report(open.pos, network.ErrNoStates, "variable %q has no states", v.name)
	case declared >= 0 && declared != len(v.states):
		p.report(declPos, network.ErrCPTShape, "variable %q declares %s but lists %d", v.name, plural(declared, "state"), len(v.states))
	}
	return nil
}

// probability parses
//
//	probability ( CHILD | P1, P2 ) { (s1, s2) v1, v2; default v1, v2; table v1, ...; }
//
// and the JavaBayes head `( CHILD P1 P2 )` without the bar.
func (p *parser) probability() *diag.Error {
	b := &probBlock{pos: p.tok.pos}
	p.advance()
	if _, err := p.expect(tLParen, `"(" after "probability"`); err != nil {
		return err
	}
	child, err := p.name("a variable name")
	if err != nil {
		return err
	}
	b.child = child
	bar := false
	for p.tok.kind != tRParen {
		switch p.tok.kind {
		case tBar:
			if bar || len(b.parents) > 0 {
				return p.syntax(`a parent name or ")"`)
			}
			bar = true
			p.advance()
		case tComma:
			p.advance()
		default:
			r, err := p.name(`a parent name or ")"`)
			if err != nil {
				return err
			}
			b.parents = append(b.parents, r)
		}
	}
	p.advance()
	if _, err := p.expect(tLBrace, `"{" after the probability head`); err != nil {
		return err
	}
	for {
		switch {
		case p.tok.kind == tRBrace:
			p.advance()
			p.blocks = append(p.blocks, b)
			return nil
		case p.tok.kind == tSemi:
			p.advance()
		case p.is("property"):
			pos := p.tok.pos
			if fn, ok := functionProperty(p.property()); ok {
				return p.errorf(pos, ErrUnsupported, "variable %q: probability given by function %q, which is not supported (only complete tables are)", p.text(child), fn)
			}
		case p.is("table"), p.is("default"):
			isTable := p.is("table")
			e := entry{pos: p.tok.pos}
			p.advance()
			if err := p.values(b, &e); err != nil {
				return err
			}
			prev := &b.def
			if isTable {
				prev = &b.table
			}
			if *prev != nil {
				kw := "default row"
				if isTable {
					kw = "table"
				}
				p.report(e.pos, ErrDuplicate, "variable %q: second %s (first at line %d)", p.text(child), kw, p.line((*prev).pos))
				continue
			}
			*prev = &e
		case p.tok.kind == tLParen:
			// The parent states are only checked here; build reads them
			// again from e.pos, which saves storing them.
			e := entry{pos: p.tok.pos}
			p.advance()
			for p.tok.kind != tRParen {
				if p.tok.kind == tComma {
					p.advance()
					continue
				}
				if _, err := p.name(`a parent state or ")"`); err != nil {
					return err
				}
			}
			p.advance()
			if err := p.values(b, &e); err != nil {
				return err
			}
			b.rows = append(b.rows, e)
		default:
			return p.syntax(`"(", "table", "default", "property" or "}" in the probability block`)
		}
	}
}

// values parses numbers, separated by commas or blanks, up to a semicolon.
func (p *parser) values(b *probBlock, e *entry) *diag.Error {
	e.v0 = len(b.vals)
	for {
		t := p.tok
		switch t.kind {
		case tSemi:
			e.semi = t.pos
			e.v1 = len(b.vals)
			p.advance()
			return nil
		case tComma:
			p.advance()
		case tWord:
			x, ok := parseNumber(p.data[t.start:t.end])
			if !ok {
				return p.errorf(t.pos, ErrSyntax, "expected a probability, found %s", p.describe())
			}
			b.vals = append(b.vals, x)
			p.advance()
		default:
			return p.syntax(`a probability or ";"`)
		}
	}
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber parses a decimal number: an optional sign, digits with at
// most one decimal point, and an optional exponent. It refuses what
// strconv.ParseFloat would also take (hexadecimal, "Inf", "NaN",
// underscores) and numbers too large for a float64.
//
// Most numbers in BIF files have few digits, and for those it computes the
// value as m / 10^f or m × 10^f with m < 2^53 and 10^f ≤ 10^22 exact in
// float64, so that the one rounding of the division or product gives the
// correctly rounded result, as strconv.ParseFloat would (Clinger's fast
// path: W. D. Clinger, How to read floating point numbers accurately,
// PLDI 1990). Other numbers go to strconv.ParseFloat.
func parseNumber(b []byte) (float64, bool) {
	i := 0
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	var mant uint64
	digits, sig, frac := 0, 0, 0 // digits, significant digits, digits after the point
	for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		digits++
		if mant != 0 || b[i] != '0' {
			sig++
			mant = mant*10 + uint64(b[i]-'0') // wraps when sig > 19; not used then
		}
	}
	if i < len(b) && b[i] == '.' {
		i++
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			digits++
			frac++
			if mant != 0 || b[i] != '0' {
				sig++
				mant = mant*10 + uint64(b[i]-'0')
			}
		}
	}
	if digits == 0 {
		return 0, false
	}
	exp := 0
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		ed := 0
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			ed++
			if exp < 10000 {
				exp = exp*10 + int(b[i]-'0')
			}
		}
		if ed == 0 {
			return 0, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(b) {
		return 0, false
	}
	if e10 := exp - frac; sig <= 19 && mant <= 1<<53 && -22 <= e10 && e10 <= 22 {
		x := float64(mant)
		if e10 < 0 {
			x /= pow10[-e10]
		} else {
			x *= pow10[e10]
		}
		if neg {
			x = -x
		}
		return x, true
	}
	x, err := strconv.ParseFloat(string(b), 64)
	// An underflow to zero or a denormal is fine; an overflow is not.
	if err != nil && (x > 1 || x < -1) {
		return 0, false
	}
	return x, true
}

// unquote removes one pair of surrounding double quotes and blanks.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// parsePosition reads a JavaBayes layout property, `position = (x, y)`,
// quoted or not.
func parsePosition(prop string) ([2]float64, bool) {
	s, ok := strings.CutPrefix(unquote(prop), "position")
	if !ok {
		return [2]float64{}, false
	}
	s, ok = strings.CutPrefix(strings.TrimSpace(s), "=")
	if !ok {
		return [2]float64{}, false
	}
	s = strings.TrimSpace(s)
	s, ok = strings.CutPrefix(s, "(")
	if !ok {
		return [2]float64{}, false
	}
	s, ok = strings.CutSuffix(s, ")")
	if !ok {
		return [2]float64{}, false
	}
	xs, ys, ok := strings.Cut(s, ",")
	if !ok {
		return [2]float64{}, false
	}
	x, errx := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, erry := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	if errx != nil || erry != nil {
		return [2]float64{}, false
	}
	return [2]float64{x, y}, true
}

// functionProperty recognises MSBNx's `property function max;`, which
// turns the rows of a probability block into the parameters of a noisy-MAX
// model rather than a table.
func functionProperty(prop string) (string, bool) {
	s, ok := strings.CutPrefix(unquote(prop), "function")
	if !ok || (s != "" && !isSpace(s[0]) && s[0] != '=') {
		return "", false
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "="))
	return unquote(s), true
}
