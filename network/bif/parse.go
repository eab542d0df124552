package bif

import (
	"fmt"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/charset"
	"brink/network/decimal"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// ref is a name in the file: the offset of its token and its text's bounds.
type ref struct {
	pos, start, end int
}

// varDecl is one variable block.
type varDecl struct {
	name     charset.Name
	pos      int // offset of the name
	states   []charset.Name
	statePos []int          // offset of each state's name
	index    map[string]int // state text -> index
	layout   *model.Point   // from a position property, or nil
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
	// noisy is set by MSBNx's `property function max;`, at fnPos: the
	// rows are the parameters of a noisy-MAX model (see noisymax.go).
	noisy bool
	fnPos int
}

type parser struct {
	lx       *lexer
	data     []byte
	filename string
	tok      token // the next token, not yet consumed
	depth    int   // braces opened and not yet closed by consumed tokens
	lim      limits.Limits
	c        *diag.Collector
	stop     bool         // a limit was reached: read no further
	src      *diag.Source // byte offsets to positions

	vars     []*varDecl
	varIndex map[string]int // variable text -> index
	blocks   []*probBlock
	nvals    int // the values of all blocks
}

func newParser(data []byte, filename string, lim limits.Limits, c *diag.Collector) *parser {
	p := &parser{lx: newLexer(data), data: data, filename: filename, lim: lim, c: c,
		varIndex: map[string]int{}, src: diag.NewSource(filename, data)}
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

// add records a problem; past the limit it is only counted.
func (p *parser) add(e *diag.Error) { p.c.Add(e) }

// report records a problem that does not stop parsing. Past the limit it
// is only counted, without the cost of finding its position.
func (p *parser) report(off int, sentinel error, format string, args ...any) {
	if p.c.Full() {
		p.c.Add(nil)
		return
	}
	p.add(p.errorf(off, sentinel, format, args...))
}

// reportErr records err, such as a *limits.Error, as the cause of a
// problem at off, its message prefixed with the package name.
func (p *parser) reportErr(off int, err error) {
	p.add(&diag.Error{Pos: p.pos(off), Err: &diag.Cause{Msg: "bif: " + err.Error(), Err: err}})
}

// warn records a warning at off.
func (p *parser) warn(off int, format string, args ...any) {
	p.c.Warnf(p.pos(off), "bif: "+format, args...)
}

// tooMany reports whether more problems were found than are kept, after
// which reading stops.
func (p *parser) tooMany() bool { return p.c.Len() > p.c.Max }

// checkText reports the first byte of a name's text that is not valid
// UTF-8 or is NUL, and whether there was none.
func (p *parser) checkText(r ref, what string) bool {
	off, bad := charset.BadByte(p.data[r.start:r.end])
	if off < 0 {
		return true
	}
	p.report(r.start+off, ErrEncoding, "%s %s holds %s", what, network.QuoteName(p.text(r)), bad)
	return false
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
		if p.stop || p.tooMany() {
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
	v := &varDecl{pos: nm.pos}
	nameOK := p.checkText(nm, "variable name")
	if nameOK {
		name, err := charset.VariableName(p.text(nm))
		if err != nil {
			p.report(nm.pos, network.ErrBadName, "variable name %s", err)
			nameOK = false
		}
		v.name = name
	}
	if !nameOK {
		// Parse the block for its own errors under the name as written.
		v.name = charset.Name{Raw: p.text(nm), Text: p.text(nm), ID: p.text(nm)}
	}
	typed := false
	for done := false; !done; {
		switch {
		case p.tok.kind == tRBrace:
			p.advance()
			done = true
		case p.tok.kind == tSemi:
			p.advance()
		case p.is("property"):
			if pt, ok := parsePosition(p.property()); ok {
				v.layout = &model.Point{X: pt[0], Y: pt[1]}
			}
		case p.is("type"):
			if typed {
				return p.errorf(p.tok.pos, ErrDuplicate, "variable %q has a second type declaration", v.name.Text)
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
		p.report(nm.pos, ErrSyntax, "variable %q has no type declaration", v.name.Text)
	}
	if !nameOK {
		return nil
	}
	if i, dup := p.varIndex[v.name.Text]; dup {
		first := p.vars[i]
		p.report(nm.pos, ErrDuplicate, "variable %q declared twice (first at line %d)%s", v.name.Text, p.line(first.pos), note(charset.Same(first.name, v.name)))
		return nil
	}
	if err := p.lim.CheckVariables(len(p.vars) + 1); err != nil {
		p.reportErr(nm.pos, err)
		p.stop = true
		return nil
	}
	p.varIndex[v.name.Text] = len(p.vars)
	p.vars = append(p.vars, v)
	return nil
}

// note renders an explanation after a message, or nothing.
func note(s string) string {
	if s == "" {
		return ""
	}
	return "; " + s
}

// varType parses `type discrete [ K ] { S1, S2, ... };`. The count in
// brackets is optional; states may be separated by commas or blanks.
func (p *parser) varType(v *varDecl) *diag.Error {
	p.advance()
	if !p.is("discrete") {
		if p.tok.kind == tWord {
			return p.errorf(p.tok.pos, ErrUnsupported, "variable %q has type %s; only discrete variables are supported", v.name.Text, p.describe())
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
	v.index = map[string]int{}
	listed, over := 0, false
	for p.tok.kind != tRBrace {
		if p.tok.kind == tComma {
			p.advance()
			continue
		}
		s, err := p.name(`a state name or "}"`)
		if err != nil {
			return err
		}
		listed++
		if over {
			continue
		}
		if err := p.lim.CheckStates(v.name.Text, listed); err != nil {
			// Count the rest of the list, but keep nothing more of it.
			p.reportErr(s.pos, err)
			over = true
			continue
		}
		// Every state listed is kept, so that tables are counted against
		// what the file lists; a file with a bad one is not built.
		raw := p.text(s)
		st := charset.Name{Raw: raw, Text: raw, ID: raw}
		if p.checkText(s, fmt.Sprintf("variable %q: state name", v.name.Text)) {
			if name, nerr := charset.StateName(raw); nerr != nil {
				p.report(s.pos, network.ErrBadName, "variable %q: state name %s", v.name.Text, nerr)
			} else if i, dup := v.index[name.Text]; dup {
				p.report(s.pos, network.ErrDuplicateState, "variable %q: state %q listed twice%s", v.name.Text, name.Text, note(charset.Same(v.states[i], name)))
			} else {
				st = name
				v.index[st.Text] = len(v.states)
			}
		}
		v.states = append(v.states, st)
		v.statePos = append(v.statePos, s.pos)
	}
	p.advance()
	if p.tok.kind == tSemi {
		p.advance()
	}
	switch {
	case listed == 0:
		p.report(open.pos, network.ErrNoStates, "variable %q has no states", v.name.Text)
	case declared >= 0 && declared != listed && !over:
		p.report(declPos, network.ErrCPTShape, "variable %q declares %s but lists %d", v.name.Text, plural(declared, "state"), listed)
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
			fn, ok := functionProperty(p.property())
			switch {
			case !ok:
			case fn != "max":
				return p.errorf(pos, ErrUnsupported, "variable %q: probability given by function %q, which is not supported (only tables and MSBNx's noisy-MAX, function max, are)", p.text(child), fn)
			case b.noisy:
				p.report(pos, ErrDuplicate, "variable %q: second function property (first at line %d)", p.text(child), p.line(b.fnPos))
			default:
				b.noisy, b.fnPos = true, pos
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
			if decimal.Underflowed(x, p.data[t.start:t.end]) {
				p.warn(t.pos, "number %s is below the range of normal float64 numbers and is read as %v", p.data[t.start:t.end], x)
			}
			p.nvals++
			if err := p.checkValues(b); err != nil {
				p.stop = true
				return p.errorf(t.pos, err, "%s", err)
			}
			b.vals = append(b.vals, x)
			p.advance()
		default:
			return p.syntax(`a probability or ";"`)
		}
	}
}

// checkValues refuses a probability block whose values, or the values of
// all blocks, would pass the limits on CPT entries, before they are kept:
// no table can hold them.
func (p *parser) checkValues(b *probBlock) error {
	child := p.text(b.child)
	if n := len(b.vals) + 1; n > p.lim.TableEntries && p.lim.TableEntries >= 0 {
		return &limits.Error{What: fmt.Sprintf("values in the probability block of %q", child), Got: strconv.Itoa(n), Limit: strconv.Itoa(p.lim.TableEntries)}
	}
	if p.nvals > p.lim.TotalEntries && p.lim.TotalEntries >= 0 {
		return &limits.Error{What: fmt.Sprintf("values in the file, at the probability block of %q", child), Got: strconv.Itoa(p.nvals), Limit: strconv.Itoa(p.lim.TotalEntries)}
	}
	return nil
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
	x, okx := parseNumber([]byte(strings.TrimSpace(xs)))
	y, oky := parseNumber([]byte(strings.TrimSpace(ys)))
	if !okx || !oky {
		return [2]float64{}, false
	}
	return [2]float64{x, y}, true
}

// functionProperty recognises MSBNx's `property function max;`, which
// turns the rows of a probability block into the parameters of a noisy-MAX
// model rather than a table, and returns the function's name.
func functionProperty(prop string) (string, bool) {
	s, ok := strings.CutPrefix(unquote(prop), "function")
	if !ok || (s != "" && !isSpace(s[0]) && s[0] != '=') {
		return "", false
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "="))
	return unquote(s), true
}
