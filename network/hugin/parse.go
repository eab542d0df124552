package hugin

import (
	"fmt"
	"strconv"

	"brink/network"
	"brink/network/charset"
	"brink/network/decimal"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// nodeDecl is one node block.
type nodeDecl struct {
	name      charset.Name
	pos       int // offset of the name
	states    []charset.Name
	statePos  []int          // offset of each state
	index     map[string]int // state text -> index
	listed    int            // the number of states listed, kept or not
	statesPos int            // offset of the "states" attribute, or of the name if there is none
	label     string
	desc      string
	position  *model.Point
	decision  bool // a decision node: its states are options
}

// potDecl is one potential block.
type potDecl struct {
	pos      int // offset of "potential"
	head     token
	parents  []token
	data     *dataList
	modelPos int // offset of an expression attribute (model_data, ...); -1 if none
}

// dataList is the `data` of a potential: its numbers in file order and
// what the parser saw of the parentheses that group them.
type dataList struct {
	pos   int // offset of "data"
	open  int // offset of the list's "("
	close int // offset of its ")"
	vals  []float64
	// numDepth is the nesting depth of the numbers (1 inside the outer
	// parentheses), or -1 if they sit at different depths.
	numDepth int
	// leafLen is the number of values in every innermost group (a group
	// holding no other group), or -1 if the groups differ.
	leafLen int
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
	nvals    int          // the numbers of all data lists
	src      *diag.Source // byte offsets to positions

	nodes     []*nodeDecl     // chance and decision nodes, the network's variables
	nodeIndex map[string]int  // node text -> index
	utils     []*nodeDecl     // utility nodes
	utilIndex map[string]int  // utility text -> index
	refused   map[string]bool // decision, utility, function and continuous nodes
	pots      []*potDecl
	netPos    int // offset of the net block, -1 if none yet

	title, netName, desc string
	hasTitle             bool
}

func newParser(data []byte, filename string, lim limits.Limits, c *diag.Collector) *parser {
	p := &parser{lx: newLexer(data), data: data, filename: filename, lim: lim, c: c, src: diag.NewSource(filename, data),
		nodeIndex: map[string]int{}, utilIndex: map[string]int{}, refused: map[string]bool{}, netPos: -1}
	p.tok = p.lx.next()
	return p
}

// pos converts a byte offset to a file position; columns count bytes, as
// go/scanner's do.
func (p *parser) pos(off int) diag.Pos { return p.src.Pos(off) }

// line returns the line number of an offset, for "first at line N" notes.
func (p *parser) line(off int) int { return p.pos(off).Line }

// errorf builds a positioned error whose message starts "hugin: " and whose
// cause wraps sentinel.
func (p *parser) errorf(off int, sentinel error, format string, args ...any) *diag.Error {
	return &diag.Error{Pos: p.pos(off), Err: &diag.Cause{Msg: "hugin: " + fmt.Sprintf(format, args...), Err: sentinel}}
}

// add records an error; past the limit it is only counted.
func (p *parser) add(e *diag.Error) { p.c.Add(e) }

// full reports whether more errors were found than are kept, after which
// reading stops.
func (p *parser) full() bool { return p.c.Len() > p.c.Max }

// report records an error that does not stop parsing. Past the limit it is
// only counted, without the cost of finding its position.
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
	p.add(&diag.Error{Pos: p.pos(off), Err: &diag.Cause{Msg: "hugin: " + err.Error(), Err: err}})
}

// warn records a warning.
func (p *parser) warn(off int, format string, args ...any) {
	p.c.Warnf(p.pos(off), "hugin: "+format, args...)
}

// checkText reports the first byte of a string or word that is not valid
// UTF-8 or is NUL, and whether there was none.
func (p *parser) checkText(t token, what string) bool {
	off, bad := charset.BadByte(p.data[t.start:t.end])
	if off < 0 {
		return true
	}
	p.report(t.start+off, ErrEncoding, "%s %s holds %s", what, network.QuoteName(string(p.data[t.start:t.end])), bad)
	return false
}

func (p *parser) text(t token) string { return string(p.data[t.start:t.end]) }

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

// isTopKeyword reports whether the next token starts a top-level block.
func (p *parser) isTopKeyword() bool {
	if p.tok.kind != tWord {
		return false
	}
	switch string(p.data[p.tok.start:p.tok.end]) {
	case "net", "node", "potential", "class", "instance",
		"discrete", "continuous", "chance", "decision", "utility", "function":
		return true
	}
	return false
}

// file parses the whole input, recovering after each syntax error at the
// next top-level block.
func (p *parser) file() {
	for p.tok.kind != tEOF && !p.full() && !p.stop {
		var err *diag.Error
		switch {
		case p.is("net"):
			err = p.net()
		case p.is("potential"):
			err = p.potential()
		case p.is("class"), p.is("instance"):
			err = p.oobn()
		case p.isTopKeyword():
			err = p.node()
		default:
			err = p.syntax(`"net", "node" or "potential"`)
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
		if p.depth == 0 && p.isTopKeyword() {
			return
		}
		p.advance()
	}
}

// attributes parses `NAME = VALUE;` statements up to and including the
// closing brace of a block, handing each name to attr, which parses the
// value and the semicolon. Stray semicolons are allowed.
func (p *parser) attributes(where string, attr func(name token) *diag.Error) *diag.Error {
	for {
		switch p.tok.kind {
		case tRBrace:
			p.advance()
			return nil
		case tSemi:
			p.advance()
		case tWord:
			name := p.tok
			p.advance()
			if _, err := p.expect(tEquals, fmt.Sprintf(`"=" after %s`, diag.Quote(p.data[name.start:name.end]))); err != nil {
				return err
			}
			if err := attr(name); err != nil {
				return err
			}
		default:
			return p.syntax(`an attribute name or "}" in ` + where)
		}
	}
}

// endAttr consumes the semicolon that ends an attribute.
func (p *parser) endAttr() *diag.Error {
	_, err := p.expect(tSemi, `";" after the attribute value`)
	return err
}

// skipValue consumes a value the reader does not use, and its semicolon.
// Values are strings, words, and parenthesised lists of them; expressions
// (model_data) also hold operators, which the lexer returns as words or
// as "=" and "|".
func (p *parser) skipValue() *diag.Error {
	parens, n := 0, 0
	for {
		switch p.tok.kind {
		case tSemi:
			if parens > 0 {
				return p.syntax(`")"`)
			}
			if n == 0 {
				return p.syntax("a value")
			}
			p.advance()
			return nil
		case tLParen:
			parens++
		case tRParen:
			if parens == 0 {
				return p.syntax(`";" after the attribute value`)
			}
			parens--
		case tWord, tString, tEquals, tBar:
		default:
			if parens > 0 {
				return p.syntax(`")"`)
			}
			return p.syntax(`";" after the attribute value`)
		}
		n++
		p.advance()
	}
}

// stringValue parses a string value and its semicolon. The string must be
// valid UTF-8 without NUL bytes: it is kept in the model.
func (p *parser) stringValue(what string) (string, *diag.Error) {
	t, err := p.expect(tString, what)
	if err != nil {
		return "", err
	}
	if err := p.endAttr(); err != nil {
		return "", err
	}
	if !p.checkText(t, "the string") {
		return "", nil
	}
	return unescape(p.data[t.start:t.end], t.escaped), nil
}

// number parses a word as a decimal number, as C's strtod reads it but
// without the hexadecimal, infinite and NaN forms. A number written
// non-zero that underflows to zero or to a subnormal float64 is read, with
// a warning.
func (p *parser) number(t token) (float64, *diag.Error) {
	b := p.data[t.start:t.end]
	if t.kind != tWord || !decimal.Valid(b) {
		return 0, p.errorf(t.pos, ErrSyntax, "expected a number, found %s", diag.Quote(b))
	}
	x, err := strconv.ParseFloat(string(b), 64)
	if err != nil && (x > 1 || x < -1) {
		return 0, p.errorf(t.pos, ErrSyntax, "number %s is out of range", diag.Quote(b))
	}
	if decimal.Underflowed(x, b) {
		p.warn(t.pos, "number %s is below the range of normal float64 numbers and is read as %v", b, x)
	}
	return x, nil
}

// validName reports whether s can name a node: letters, digits and
// underscores, not starting with a digit. Bytes of multi-byte UTF-8
// characters count as letters, for files written by tools that allow
// accented names.
func validName(s string) bool {
	if s == "" || ('0' <= s[0] && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c >= 0x80) {
			return false
		}
	}
	return true
}

// net parses the net block. Its label (or else its name) becomes the
// model's title and its HR_Desc the model's description.
func (p *parser) net() *diag.Error {
	start := p.tok.pos
	p.advance()
	if p.netPos >= 0 {
		p.report(start, ErrDuplicate, "second net block (first at line %d)", p.line(p.netPos))
	} else {
		p.netPos = start
	}
	if _, err := p.expect(tLBrace, `"{" after "net"`); err != nil {
		return err
	}
	return p.attributes("the net block", func(name token) *diag.Error {
		var err *diag.Error
		switch p.text(name) {
		case "label":
			p.title, err = p.stringValue("a string for the label")
			p.hasTitle = true
		case "name":
			p.netName, err = p.stringValue("a string for the name")
		case "HR_Desc":
			p.desc, err = p.stringValue("a string for the description")
		default:
			err = p.skipValue()
		}
		return err
	})
}

// node parses a node block:
//
//	[category] [kind] node NAME { ATTRIBUTE* }
//
// where the category is chance, decision, utility or function and the kind
// discrete or continuous. Old files write `decision NAME` and `utility
// NAME` without "node". Function and continuous nodes are parsed, reported
// as unsupported and otherwise left out. A utility node has no states; a
// states attribute given for one is ignored, with a warning.
func (p *parser) node() *diag.Error {
	start := p.tok.pos
	var category, kind string
modifiers:
	for {
		w := ""
		if p.tok.kind == tWord {
			w = p.text(p.tok)
		}
		switch w {
		case "discrete", "continuous":
			if kind != "" {
				return p.syntax(`"node"`)
			}
			kind = w
		case "chance", "decision", "utility", "function":
			if category != "" {
				return p.syntax(`"node"`)
			}
			category = w
		default:
			break modifiers
		}
		p.advance()
	}
	if p.is("node") {
		p.advance()
	} else if category == "" || category == "chance" {
		return p.syntax(`"node"`)
	}
	nt, err := p.expect(tWord, "a node name")
	if err != nil {
		return err
	}
	nd := &nodeDecl{pos: nt.pos, statesPos: nt.pos}
	nameOK := p.checkText(nt, "node name")
	if nameOK && !validName(p.text(nt)) {
		p.report(nt.pos, ErrSyntax, "invalid node name %q: names are letters, digits and underscores and do not start with a digit", p.text(nt))
		nameOK = false
	}
	if nameOK {
		name, err := charset.VariableName(p.text(nt))
		if err != nil {
			p.report(nt.pos, network.ErrBadName, "node name %s", err)
			nameOK = false
		}
		nd.name = name
	}
	if !nameOK {
		nd.name = charset.Name{Raw: p.text(nt), Text: p.text(nt), ID: p.text(nt)}
	}
	if _, err := p.expect(tLBrace, `"{" after the node name`); err != nil {
		return err
	}
	hasStates := false
	err = p.attributes("a node block", func(name token) *diag.Error {
		var err *diag.Error
		switch p.text(name) {
		case "states":
			if hasStates {
				return p.errorf(name.pos, ErrDuplicate, "node %q: second states attribute", nd.name.Text)
			}
			hasStates = true
			nd.statesPos = name.pos
			err = p.states(nd)
		case "label":
			nd.label, err = p.stringValue("a string for the label")
		case "HR_Desc":
			nd.desc, err = p.stringValue("a string for the description")
		case "position":
			nd.position, err = p.position()
		default:
			err = p.skipValue()
		}
		return err
	})
	if err != nil {
		return err
	}

	name := nd.name.Text
	switch {
	case category == "function":
		p.refused[name] = true
		p.report(start, ErrUnsupported, "function node %q: function nodes are not supported; Brink reads discrete chance, decision and utility nodes", name)
		return nil
	case kind == "continuous":
		p.refused[name] = true
		p.report(start, ErrUnsupported, "continuous node %q: continuous (Gaussian) nodes are not supported; Brink reads discrete chance, decision and utility nodes", name)
		return nil
	}
	if !nameOK {
		return nil
	}
	if first, dup := p.declared(name); dup {
		p.report(nt.pos, network.ErrDuplicateVariable, "node %q declared twice (first at line %d)%s", name, p.line(first.pos), note(charset.Same(first.name, nd.name)))
		return nil
	}
	if err := p.lim.CheckVariables(len(p.nodes) + len(p.utils) + 1); err != nil {
		p.reportErr(nt.pos, err)
		p.stop = true
		return nil
	}
	if category == "utility" {
		if hasStates {
			p.warn(nd.statesPos, "utility node %q: its states are ignored; a utility node has a value for each configuration of its parents", name)
		}
		nd.states, nd.statePos, nd.index, nd.listed = nil, nil, nil, 0
		p.utilIndex[name] = len(p.utils)
		p.utils = append(p.utils, nd)
		return nil
	}
	if !hasStates || nd.listed == 0 {
		p.report(nd.statesPos, network.ErrNoStates, "node %q has no states", name)
	}
	nd.decision = category == "decision"
	p.nodeIndex[name] = len(p.nodes)
	p.nodes = append(p.nodes, nd)
	return nil
}

// declared returns the node or utility already declared with this name.
func (p *parser) declared(name string) (*nodeDecl, bool) {
	if i, ok := p.nodeIndex[name]; ok {
		return p.nodes[i], true
	}
	if i, ok := p.utilIndex[name]; ok {
		return p.utils[i], true
	}
	return nil, false
}

// note renders an explanation after a message, or nothing.
func note(s string) string {
	if s == "" {
		return ""
	}
	return "; " + s
}

// states parses `("s1" "s2" ...);` into nd's states. Unquoted states are
// accepted too. States past the limit are counted but not kept.
func (p *parser) states(nd *nodeDecl) *diag.Error {
	if _, err := p.expect(tLParen, `"(" to start the list of states`); err != nil {
		return err
	}
	nd.index = map[string]int{}
	listed, over := 0, false
	for p.tok.kind == tString || p.tok.kind == tWord {
		t := p.tok
		p.advance()
		listed++
		if over {
			continue
		}
		if err := p.lim.CheckStates(nd.name.Text, listed); err != nil {
			p.reportErr(t.pos, err)
			over = true
			continue
		}
		// Every state listed is kept, so that tables are counted against
		// what the file lists; a file with a bad one is not built.
		raw := unescape(p.data[t.start:t.end], t.escaped)
		st := charset.Name{Raw: raw, Text: raw, ID: raw}
		if p.checkText(t, fmt.Sprintf("node %q: state", nd.name.Text)) {
			if name, err := charset.StateName(raw); err != nil {
				p.report(t.pos, network.ErrBadName, "node %q: state %s", nd.name.Text, err)
			} else if i, dup := nd.index[name.Text]; dup {
				p.report(t.pos, network.ErrDuplicateState, "node %q: state %q listed twice%s", nd.name.Text, name.Text, note(charset.Same(nd.states[i], name)))
			} else {
				st = name
				nd.index[st.Text] = len(nd.states)
			}
		}
		nd.states = append(nd.states, st)
		nd.statePos = append(nd.statePos, t.pos)
	}
	nd.listed = listed
	if _, err := p.expect(tRParen, `a state name in double quotes or ")"`); err != nil {
		return err
	}
	return p.endAttr()
}

// position parses `(x y);`.
func (p *parser) position() (*model.Point, *diag.Error) {
	if _, err := p.expect(tLParen, `"(" to start the position`); err != nil {
		return nil, err
	}
	var xy [2]float64
	for i := range xy {
		if p.tok.kind != tWord {
			return nil, p.syntax("a number for the position")
		}
		x, err := p.number(p.tok)
		if err != nil {
			return nil, err
		}
		xy[i] = x
		p.advance()
	}
	if _, err := p.expect(tRParen, `")" after the two numbers of the position`); err != nil {
		return nil, err
	}
	return &model.Point{X: xy[0], Y: xy[1]}, p.endAttr()
}

// oobn reports a class or instance, which belong to object-oriented
// networks, and skips it.
func (p *parser) oobn() *diag.Error {
	start := p.tok.pos
	kw := p.text(p.tok)
	p.advance()
	name := ""
	if p.tok.kind == tWord {
		name = p.text(p.tok)
	}
	p.report(start, ErrUnsupported, "%s %q: object-oriented networks (classes and instances) are not supported; unfold the class into a plain network first", kw, name)
	for p.tok.kind != tEOF && p.tok.kind != tLBrace {
		p.advance()
	}
	if p.tok.kind == tEOF {
		return nil
	}
	d := p.depth
	p.advance()
	for p.tok.kind != tEOF && p.depth > d {
		p.advance()
	}
	return nil
}

// potential parses
//
//	potential ( NODE [| PARENT*] ) { data = ( ... ); ATTRIBUTE* }
func (p *parser) potential() *diag.Error {
	pot := &potDecl{pos: p.tok.pos, modelPos: -1}
	p.advance()
	if _, err := p.expect(tLParen, `"(" after "potential"`); err != nil {
		return err
	}
	var heads []token
	for p.tok.kind == tWord {
		heads = append(heads, p.tok)
		p.advance()
	}
	if len(heads) == 0 {
		return p.syntax(`a node name after "potential ("`)
	}
	if p.tok.kind == tBar {
		p.advance()
		for p.tok.kind == tWord {
			pot.parents = append(pot.parents, p.tok)
			p.advance()
		}
	}
	if _, err := p.expect(tRParen, `a parent name or ")"`); err != nil {
		return err
	}
	pot.head = heads[0]
	if len(heads) > 1 {
		p.report(heads[1].pos, ErrUnsupported, "potential (%s %s ...): a joint potential over several nodes is not supported; write one potential per node, (%s | PARENTS)", p.text(heads[0]), p.text(heads[1]), p.text(heads[0]))
	}
	if _, err := p.expect(tLBrace, `"{" after the potential's head`); err != nil {
		return err
	}
	err := p.attributes("a potential block", func(name token) *diag.Error {
		switch p.text(name) {
		case "data":
			if pot.data != nil {
				return p.errorf(name.pos, ErrDuplicate, "potential for %q: second data attribute (first at line %d)", p.text(pot.head), p.line(pot.data.pos))
			}
			pot.data = &dataList{pos: name.pos}
			if err := p.dataList(pot.data); err != nil {
				return err
			}
			return p.endAttr()
		case "model_nodes", "model_data", "samples_per_interval":
			if pot.modelPos < 0 {
				pot.modelPos = name.pos
			}
		}
		return p.skipValue()
	})
	if err != nil {
		return err
	}
	if len(heads) == 1 {
		p.pots = append(p.pots, pot)
	}
	return nil
}

// dataList parses a parenthesised list of numbers, nested to any depth.
func (p *parser) dataList(d *dataList) *diag.Error {
	open, err := p.expect(tLParen, `"(" to start the table`)
	if err != nil {
		return err
	}
	d.open = open.pos
	const unset = -2
	d.numDepth, d.leafLen = 0, unset
	depth, count, leaf := 1, 0, true
	for {
		t := p.tok
		switch t.kind {
		case tLParen:
			depth++
			count, leaf = 0, true
		case tRParen:
			if leaf {
				switch d.leafLen {
				case unset:
					d.leafLen = count
				case count:
				default:
					d.leafLen = -1
				}
			}
			leaf = false
			depth--
			if depth == 0 {
				d.close = t.pos
				p.advance()
				return nil
			}
		case tWord:
			x, err := p.number(t)
			if err != nil {
				return err
			}
			p.nvals++
			if err := p.checkValues(d); err != nil {
				p.stop = true
				return p.errorf(t.pos, err, "%s", err)
			}
			d.vals = append(d.vals, x)
			count++
			switch d.numDepth {
			case 0:
				d.numDepth = depth
			case depth:
			default:
				d.numDepth = -1
			}
		default:
			return p.syntax(`a number, "(" or ")" in the table`)
		}
		p.advance()
	}
}

// checkValues refuses a data list whose numbers, or the numbers of all
// data lists, would pass the limits on CPT entries, before they are kept:
// no table can hold them.
func (p *parser) checkValues(d *dataList) error {
	if n := len(d.vals) + 1; p.lim.TableEntries >= 0 && n > p.lim.TableEntries {
		return &limits.Error{What: "numbers in the table", Got: strconv.Itoa(n), Limit: strconv.Itoa(p.lim.TableEntries)}
	}
	if p.lim.TotalEntries >= 0 && p.nvals > p.lim.TotalEntries {
		return &limits.Error{What: "numbers in the tables of the file", Got: strconv.Itoa(p.nvals), Limit: strconv.Itoa(p.lim.TotalEntries)}
	}
	return nil
}
