package bif

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"brink/network"
	"brink/network/diag"
)

// build resolves the parsed blocks into CPTs in network.VariableSpec's
// layout and builds the network. Problems are recorded with p.report; the
// result is nil if there are any.
func (p *parser) build() *network.Network {
	for _, v := range p.vars {
		v.index = make(map[string]int, len(v.states))
		for i, s := range v.states {
			v.index[s] = i
		}
	}
	if len(p.vars) == 0 {
		p.report(0, ErrSyntax, "no variables declared")
		return nil
	}
	byVar := make([]*probBlock, len(p.vars))
	parentsOf := make([][]int, len(p.vars))
	cpts := make([][]float64, len(p.vars))
	for _, b := range p.blocks {
		if p.nerrs > maxErrors {
			p.stopped = true
			return nil
		}
		name := p.text(b.child)
		ci, ok := p.varIndex[name]
		if !ok {
			p.report(b.child.pos, network.ErrUnknownVariable, "probability block for undeclared variable %q", name)
			continue
		}
		if prev := byVar[ci]; prev != nil {
			p.report(b.pos, ErrDuplicate, "second probability block for variable %q (first at line %d)", name, p.line(prev.pos))
			continue
		}
		byVar[ci] = b
		pis, ok := p.resolveParents(b, name)
		if !ok {
			continue
		}
		parentsOf[ci] = pis
		cpts[ci] = p.cpt(b, ci, pis)
	}
	for i, v := range p.vars {
		if byVar[i] == nil {
			p.report(v.pos, ErrNoProbability, "variable %q has no probability block", v.name)
		}
	}
	if p.nerrs > 0 {
		return nil
	}
	specs := make([]network.VariableSpec, len(p.vars))
	for i, v := range p.vars {
		ps := make([]string, len(parentsOf[i]))
		for j, pi := range parentsOf[i] {
			ps[j] = p.vars[pi].name
		}
		specs[i] = network.VariableSpec{Name: v.name, States: v.states, Parents: ps, CPT: cpts[i]}
		normaliseRows(cpts[i], len(v.states))
	}
	n, err := network.New(specs)
	if err != nil {
		p.networkErrors(err, byVar, parentsOf)
		return nil
	}
	return n
}

// normaliseRows makes each row that network.New would accept sum to exactly
// 1 when added up left to right in float64, as network.New adds it, so that
// network.New's own division by the sum changes nothing. Dividing by the
// sum alone is not enough: the quotients need not add up to exactly 1
// (0.48, 0.42, 0.10 add up to 1-2⁻⁵³, and divided by that to 1+2⁻⁵²), and
// then reading a file written from the network would divide again and move
// entries by an ulp, so that Write and Read would not round-trip.
//
// A row is accepted when it is within network.SumTolerance of 1 allowing
// for the rounding of the sum itself: JavaBayes writes six decimals, and
// its ALARM has rows of three 0.333333, exactly 1e-6 short in decimal but
// 1.00000000003e-6 short once summed in binary. Other rows (and rows with
// negative or non-finite entries) are left for network.New to report.
func normaliseRows(cpt []float64, k int) {
	// Adding k numbers in [0, 1] errs by less than k ulps of 1.
	tol := network.SumTolerance + float64(k)*0x1p-52
	for r := 0; r+k <= len(cpt); r += k {
		row := cpt[r : r+k]
		sum := 0.0
		for _, x := range row {
			if !(x >= 0) || math.IsInf(x, 0) {
				sum = math.NaN()
				break
			}
			sum += x
		}
		if sum == 1 || !(math.Abs(sum-1) <= tol) {
			continue
		}
		for j := range row {
			row[j] /= sum
		}
		sumToOne(row)
	}
}

// sumToOne changes a row of non-negative numbers that adds up to 1 within
// a few ulps so that it adds up to exactly 1, left to right.
//
// It first moves the largest entry, where an ulp matters least, by the
// error and by a few ulps either way; that nearly always works. Otherwise
// it sets the last non-zero entry x_j to 1 - p, p being the sum of the
// entries before it, after lowering the largest entry until p <= 1. The sum
// is then exactly 1: for p >= 1/2, 1 - p is exact (Sterbenz's lemma) and so
// is p + (1 - p); for p < 1/2, fl(1 - p) is within 2⁻⁵⁴ of 1 - p, and
// p + fl(1 - p) rounds to 1 (a tie at 1 - 2⁻⁵⁴ goes to the even neighbour,
// 1). The zeros after x_j add nothing.
func sumToOne(row []float64) {
	sum := rowSum(row)
	if sum == 1 {
		return
	}
	big := 0
	for j, x := range row {
		if x > row[big] {
			big = j
		}
	}
	x := row[big]
	up, down := x+(1-sum), x+(1-sum)
	for range 4 {
		for _, y := range [2]float64{up, down} {
			if y >= 0 {
				row[big] = y
				if rowSum(row) == 1 {
					return
				}
			}
		}
		up, down = math.Nextafter(up, 2), math.Nextafter(down, -1)
	}
	row[big] = x
	last := len(row) - 1
	for last > 0 && row[last] == 0 {
		last--
	}
	p := rowSum(row[:last])
	for i := 0; p > 1 && last != big && i < 8; i++ {
		row[big] = math.Nextafter(row[big]-(p-1), -1)
		p = rowSum(row[:last])
	}
	if p <= 1 {
		row[last] = 1 - p
	}
}

func rowSum(row []float64) float64 {
	sum := 0.0
	for _, x := range row {
		sum += x
	}
	return sum
}

// resolveParents looks up the parents named in a probability head.
func (p *parser) resolveParents(b *probBlock, child string) ([]int, bool) {
	pis := make([]int, len(b.parents))
	seen := make(map[int]bool, len(b.parents))
	ok := true
	for j, r := range b.parents {
		name := p.text(r)
		pi, found := p.varIndex[name]
		switch {
		case !found:
			p.report(r.pos, network.ErrUnknownParent, "variable %q: parent %q is not declared", child, name)
			ok = false
		case seen[pi]:
			p.report(r.pos, network.ErrDuplicateVariable, "variable %q: parent %q listed twice", child, name)
			ok = false
		}
		seen[pi] = true
		pis[j] = pi
	}
	return pis, ok
}

// cpt assembles the CPT of variable ci from its block, in
// network.VariableSpec's layout (first parent slowest, own state fastest).
// It returns nil after reporting a problem.
func (p *parser) cpt(b *probBlock, ci int, pis []int) []float64 {
	child := p.vars[ci]
	name := child.name
	k := len(child.states)
	if k == 0 {
		return nil // reported with the variable
	}
	configs := 1
	for _, pi := range pis {
		c := len(p.vars[pi].states)
		if c == 0 {
			return nil
		}
		if configs > MaxCPTEntries/c/k {
			p.report(b.pos, ErrTooLarge, "variable %q: table would have more than %d entries", name, MaxCPTEntries)
			return nil
		}
		configs *= c
	}
	size := k * configs

	if t := b.table; t != nil {
		var other *entry
		if len(b.rows) > 0 {
			other = &b.rows[0]
		} else if b.def != nil {
			other = b.def
		}
		if other != nil {
			p.report(other.pos, ErrDuplicate, "variable %q: rows given as well as a table (at line %d)", name, p.line(t.pos))
			return nil
		}
		if t.v1-t.v0 != size {
			detail := ""
			if len(pis) > 0 {
				detail = fmt.Sprintf(" (%d states × %d parent configurations)", k, configs)
			}
			p.countError(name, t, "table", size, detail)
			return nil
		}
		vals := b.vals[t.v0:t.v1]
		if len(pis) == 0 {
			return vals
		}
		// In a table the child's state varies slowest:
		//	table[s*configs + c] = P(child = s | configuration c),
		// whereas the spec wants cpt[c*k + s].
		cpt := make([]float64, size)
		for s := range k {
			for c, x := range vals[s*configs : (s+1)*configs] {
				cpt[c*k+s] = x
			}
		}
		return cpt
	}

	if len(b.rows) == 0 && b.def == nil {
		p.report(b.pos, ErrMissingRow, "variable %q: probability block has no table and no rows", name)
		return nil
	}
	// Without a default row, fewer rows than configurations is an error, so
	// the table is not allocated and duplicates are found with a map: a
	// short file must not make the reader allocate a huge table.
	dense := b.def != nil || len(b.rows) >= configs
	var (
		cpt   []float64
		first []int32 // row index + 1 of the row for each configuration
		seen  map[int]int
	)
	if dense {
		cpt = make([]float64, size)
		first = make([]int32, configs)
	} else {
		seen = make(map[int]int, len(b.rows))
	}
	nerrs := p.nerrs
	filled := 0
	var states []ref
	for ri := range b.rows {
		r := &b.rows[ri]
		states = p.rowStates(r, states[:0])
		if len(states) != len(pis) {
			p.report(r.pos, network.ErrCPTShape, "variable %q: row names %s, want %d (%s)", name, plural(len(states), "parent state"), len(pis), p.parentNames(pis))
			continue
		}
		cfg, ok := 0, true
		for j, st := range states {
			pv := p.vars[pis[j]]
			si, found := pv.index[string(p.data[st.start:st.end])]
			if !found {
				p.report(st.pos, network.ErrUnknownState, "variable %q: parent %q has no state %q (states: %s)", name, pv.name, p.text(st), strings.Join(pv.states, ", "))
				ok = false
				continue
			}
			cfg = cfg*len(pv.states) + si
		}
		if r.v1-r.v0 != k {
			p.countError(name, r, "row "+p.rowText(states), k, "")
			ok = false
		}
		if !ok {
			continue
		}
		r.cfg = cfg
		prev := -1
		if dense {
			if first[cfg] != 0 {
				prev = int(first[cfg]) - 1
			} else {
				first[cfg] = int32(ri + 1)
			}
		} else {
			if q, dup := seen[cfg]; dup {
				prev = q
			} else {
				seen[cfg] = ri
			}
		}
		if prev >= 0 {
			p.report(r.pos, ErrDuplicate, "variable %q: second row for (%s) (first at line %d)", name, p.config(pis, cfg), p.line(b.rows[prev].pos))
			continue
		}
		filled++
		if dense {
			copy(cpt[cfg*k:], b.vals[r.v0:r.v1])
		}
	}
	if p.nerrs > nerrs {
		return nil
	}
	if d := b.def; d != nil {
		if d.v1-d.v0 != k {
			p.countError(name, d, "default row", k, "")
			return nil
		}
		vals := b.vals[d.v0:d.v1]
		for c := range configs {
			if first[c] == 0 {
				copy(cpt[c*k:], vals)
			}
		}
		return cpt
	}
	if filled < configs {
		missing := 0
		if dense {
			for first[missing] != 0 {
				missing++
			}
		} else {
			for {
				if _, ok := seen[missing]; !ok {
					break
				}
				missing++
			}
		}
		more := ""
		if n := configs - filled - 1; n > 0 {
			more = fmt.Sprintf(" and %d more", n)
		}
		p.report(b.pos, ErrMissingRow, "variable %q: no row for parent configuration (%s)%s", name, p.config(pis, missing), more)
		return nil
	}
	return cpt
}

// rowStates reads a row's parent states again, appending them to dst. The
// parser has checked the syntax.
func (p *parser) rowStates(r *entry, dst []ref) []ref {
	lx := lexer{data: p.data, off: r.pos + 1} // after "("
	for {
		t := lx.next()
		switch t.kind {
		case tWord, tString:
			dst = append(dst, ref{pos: t.pos, start: t.start, end: t.end})
		case tComma:
		default:
			return dst
		}
	}
}

// countError reports a statement with the wrong number of values: at the
// first value too many, or at the semicolon when values are missing.
func (p *parser) countError(name string, e *entry, what string, want int, detail string) {
	got := e.v1 - e.v0
	off := e.semi
	if got > want {
		off = p.nthValue(e, want)
	}
	p.report(off, network.ErrCPTShape, "variable %q: %s has %s, want %d%s", name, what, plural(got, "value"), want, detail)
}

// nthValue finds the offset of value number n (from 0) of an entry by
// scanning the entry again; the parser keeps no offsets for values.
func (p *parser) nthValue(e *entry, n int) int {
	lx := &lexer{data: p.data, off: e.pos}
	t := lx.next() // "(", "table" or "default"
	if t.kind == tLParen {
		for t.kind != tRParen && t.kind != tEOF {
			t = lx.next()
		}
	}
	for i := 0; ; {
		t = lx.next()
		switch t.kind {
		case tWord:
			if i == n {
				return t.pos
			}
			i++
		case tComma:
		default:
			return e.semi
		}
	}
}

// plural renders a count of things, e.g. "1 value" or "3 values".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// rowText renders a row's parent states as written, e.g. "(yes, no)".
func (p *parser) rowText(states []ref) string {
	parts := make([]string, len(states))
	for i, st := range states {
		parts[i] = p.text(st)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (p *parser) parentNames(pis []int) string {
	if len(pis) == 0 {
		return "no parents"
	}
	names := make([]string, len(pis))
	for i, pi := range pis {
		names[i] = p.vars[pi].name
	}
	return strings.Join(names, ", ")
}

// config renders parent configuration number cfg as network.ConfigString
// does, e.g. "lung=yes, tub=no"; the first parent varies slowest.
func (p *parser) config(pis []int, cfg int) string {
	parts := make([]string, len(pis))
	for j := len(pis) - 1; j >= 0; j-- {
		v := p.vars[pis[j]]
		c := len(v.states)
		parts[j] = v.name + "=" + v.states[cfg%c]
		cfg /= c
	}
	return strings.Join(parts, ", ")
}

// networkErrors turns the errors of network.New into positioned errors:
// a CPT problem at the row concerned, a cycle at the parent that closes it,
// anything else about a variable at its probability block.
func (p *parser) networkErrors(err error, byVar []*probBlock, parentsOf [][]int) {
	rowIndex := map[int]map[string]int{} // variable -> config string -> row offset
	for _, e := range diag.Flatten(err) {
		off := -1
		var ne *network.Error
		var ce *network.CycleError
		switch {
		case errors.As(e, &ne):
			i, ok := p.varIndex[ne.Variable]
			if !ok {
				break
			}
			b := byVar[i]
			switch {
			case b == nil:
				off = p.vars[i].pos
			case b.table != nil:
				off = b.table.pos
			case ne.Config != "" || len(parentsOf[i]) == 0:
				idx := rowIndex[i]
				if idx == nil {
					idx = make(map[string]int, len(b.rows))
					for _, r := range b.rows {
						idx[p.config(parentsOf[i], r.cfg)] = r.pos
					}
					rowIndex[i] = idx
				}
				if o, ok := idx[ne.Config]; ok {
					off = o
				} else if b.def != nil {
					off = b.def.pos
				} else {
					off = b.pos
				}
			default:
				off = b.pos
			}
		case errors.As(e, &ce) && len(ce.Cycle) > 0:
			// The arrow from the last variable of the cycle to the first is
			// declared in the first one's probability head.
			i, ok := p.varIndex[ce.Cycle[0]]
			if !ok || byVar[i] == nil {
				break
			}
			b := byVar[i]
			off = b.pos
			for _, r := range b.parents {
				if p.text(r) == ce.Cycle[len(ce.Cycle)-1] {
					off = r.pos
				}
			}
		}
		cause := &diag.Cause{Msg: "bif: " + strings.TrimPrefix(e.Error(), "network: "), Err: e}
		pos := diag.Pos{File: p.filename}
		if off >= 0 {
			pos = p.pos(off)
		}
		p.add(&diag.Error{Pos: pos, Err: cause})
	}
}
