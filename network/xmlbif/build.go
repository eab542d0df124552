package xmlbif

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/diag"
	"brink/network/model"
)

// build resolves the parsed variables and definitions into a network and
// its model. Problems are added to p.errs; the result is nil if there are
// any. It runs after problems in the document too, unless reading
// stopped, so that all are reported at once.
func (p *parser) build() *model.Model {
	if p.stop {
		return nil
	}
	nerrs := len(p.errs)
	// Influence diagrams first: their decision and utility nodes break
	// every other rule (no TABLE, tables of utilities), so nothing else
	// is worth reporting about them.
	for _, v := range p.vars {
		switch v.typ {
		case "nature", "":
		case "decision", "utility":
			p.errorf(v.off, ErrUnsupported, "variable %q is a %s node: influence diagrams are not supported", v.name, v.typ)
		default:
			p.errorf(v.off, ErrUnsupported, "variable %q has TYPE %q; only \"nature\" is supported", v.name, v.typ)
		}
	}
	if len(p.errs) > nerrs {
		return nil
	}
	if len(p.vars) == 0 {
		if p.networks == 1 && nerrs == 0 {
			p.errorf(0, ErrSyntax, "the network declares no variables")
		}
		return nil
	}

	index := make(map[string]int, len(p.vars))
	for i, v := range p.vars {
		if v.name == "" {
			p.errorf(v.nameOff, ErrSyntax, "a variable with an empty <NAME>")
			continue
		}
		if j, dup := index[v.name]; dup {
			p.errorf(v.nameOff, network.ErrDuplicateVariable, "variable %q declared twice (first at line %d)", v.name, p.line(p.vars[j].nameOff))
			continue
		}
		index[v.name] = i
		if len(v.states) == 0 {
			p.errorf(v.off, network.ErrNoStates, "variable %q has no <OUTCOME>", v.name)
		}
		seen := make(map[string]int, len(v.states))
		for k, s := range v.states {
			if first, dup := seen[s]; dup {
				p.errorf(v.stateOffs[k], network.ErrDuplicateState, "variable %q: state %q listed twice (first at line %d)", v.name, s, p.line(v.stateOffs[first]))
				continue
			}
			seen[s] = k
		}
	}

	defOf := make([]*definition, len(p.vars))
	parents := make([][]int, len(p.vars))
	for _, d := range p.defs {
		if p.stop {
			return nil
		}
		vi, ok := index[d.forName]
		if !ok {
			p.errorf(d.forOff, network.ErrUnknownVariable, "<FOR> names %q, which is not a declared variable", d.forName)
			continue
		}
		if prev := defOf[vi]; prev != nil {
			p.errorf(d.off, ErrDuplicate, "a second definition of variable %q (first at line %d)", d.forName, p.line(prev.off))
			continue
		}
		defOf[vi] = d
		pis, ok := p.resolveGiven(d, index)
		if !ok {
			continue
		}
		parents[vi] = pis
		p.checkCount(d, vi, pis)
	}
	for i, v := range p.vars {
		// A definition without FOR has been reported; the variable it
		// was meant for would be reported again here.
		if j, ok := index[v.name]; defOf[i] == nil && p.forless == 0 && ok && j == i {
			p.errorf(v.off, ErrNoDefinition, "variable %q has no <DEFINITION>", v.name)
		}
	}
	if len(p.errs) > 0 {
		return nil
	}

	specs := make([]network.VariableSpec, len(p.vars))
	for i, v := range p.vars {
		d := defOf[i]
		cpt := make([]float64, len(d.table))
		for j, e := range d.table {
			cpt[j] = e.val
		}
		k := len(v.states)
		if fix := normaliseRows(cpt, k); fix.rows > 0 {
			p.warnf(d.table[fix.first*k].off, "variable %q: %s normalised (largest deviation %.2g)", v.name, plural(fix.rows, "row", "rows"), fix.worst)
		}
		ps := make([]string, len(parents[i]))
		for j, pi := range parents[i] {
			ps[j] = p.vars[pi].name
		}
		specs[i] = network.VariableSpec{Name: v.name, States: v.states, Parents: ps, CPT: cpt}
	}
	n, err := network.New(specs)
	if err != nil {
		p.networkErrors(err, index, defOf, parents)
		return nil
	}
	m := model.New(n)
	m.Title = p.title
	m.Description = p.description
	for i, v := range p.vars {
		m.Nodes[i].Position = v.position
		m.Nodes[i].Description = v.description
	}
	return m
}

// resolveGiven looks up the parents a definition names.
func (p *parser) resolveGiven(d *definition, index map[string]int) ([]int, bool) {
	pis := make([]int, len(d.given))
	ok := true
	for j, g := range d.given {
		pi, found := index[g.text]
		if !found {
			p.errorf(g.off, network.ErrUnknownParent, "variable %q: <GIVEN> names %q, which is not a declared variable", d.forName, g.text)
			ok = false
			continue
		}
		for k, q := range pis[:j] {
			if q == pi && d.given[k].text == g.text {
				p.errorf(g.off, network.ErrDuplicateVariable, "variable %q: parent %q given twice", d.forName, g.text)
				ok = false
			}
		}
		pis[j] = pi
	}
	return pis, ok
}

// checkCount reports a TABLE whose number of entries is not
//
//	want = |states of FOR| × Π |states of each GIVEN|,
//
// at the first surplus entry, or at the TABLE when entries are missing.
// The product is not formed past the number of entries, so many parents
// cannot overflow it.
func (p *parser) checkCount(d *definition, vi int, pis []int) {
	v := p.vars[vi]
	if d.tableOff < 0 {
		p.errorf(d.off, ErrSyntax, "variable %q: definition has no <TABLE>", v.name)
		return
	}
	if len(v.states) == 0 || d.tableBad {
		return // reported already
	}
	for _, pi := range pis {
		if len(p.vars[pi].states) == 0 {
			return
		}
	}
	got := len(d.table)
	want, over := len(v.states), false
	for _, pi := range pis {
		c := len(p.vars[pi].states)
		if want > 0 && c > (math.MaxInt32)/want {
			over = true
			break
		}
		want *= c
	}
	if !over && got == want {
		return
	}
	var f strings.Builder
	fmt.Fprintf(&f, "%d states", len(v.states))
	for _, pi := range pis {
		fmt.Fprintf(&f, " × %d (%s)", len(p.vars[pi].states), p.vars[pi].name)
	}
	wants := strconv.Itoa(want)
	if over {
		wants = "more than " + strconv.Itoa(math.MaxInt32)
	}
	off := d.tableOff
	if !over && got > want {
		off = d.table[want].off
	}
	p.errorf(off, network.ErrCPTShape, "variable %q: <TABLE> has %s, want %s = %s", v.name, plural(got, "entry", "entries"), wants, f.String())
}

// plural renders a count, e.g. "1 entry" or "3 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// rowFix says what normaliseRows did beyond the silent repair of
// rounding: how many rows it divided that were off from 1 by more than the
// tolerance, the first of them, and the largest deviation among them.
type rowFix struct {
	rows, first int
	worst       float64
}

// normaliseRows divides each row of k entries that it can take as a
// distribution by its sum, and then nudges it so that adding its entries
// left to right in float64, as network.New does, gives exactly 1. A row
// p_1 … p_k is taken when
//
//	every p_j finite and ≥ 0,
//	s = p_1 + … + p_k (added left to right),
//	|s − 1| ≤ MaxRowDeviation.
//
// A row with |s − 1| ≤ tol, where tol is network.SumTolerance plus the
// rounding of the sum, k ulps of 1, only rounds differently from a
// distribution: three entries of 0.333333, as JavaBayes writes a uniform
// row, are 1e-6 short in decimal but slightly more than that once added in
// binary, and a tool that wrote them meant a distribution. Rows off by
// more than tol are counted in the result, for a warning. Other rows
// (negative or non-finite entries, zeros, sums further off) are left for
// network.New to report.
//
// After the nudge, network.New's own division changes nothing, and a
// table written with Write and read back is bit for bit the table that
// was written: without it, a quotient row can sum to 1 ± an ulp and be
// divided again on every read.
func normaliseRows(cpt []float64, k int) rowFix {
	var fix rowFix
	if k == 0 {
		return fix
	}
	tol := network.SumTolerance + float64(k)*0x1p-52
	for r := 0; r+k <= len(cpt); r += k {
		row := cpt[r : r+k]
		sum := 0.0
		for _, x := range row {
			if !(x >= 0 && x <= math.MaxFloat64) {
				sum = math.NaN()
				break
			}
			sum += x
		}
		dev := math.Abs(sum - 1)
		if sum == 1 || !(dev <= MaxRowDeviation) {
			continue
		}
		if dev > tol {
			if fix.rows == 0 {
				fix.first = r / k
			}
			fix.rows++
			fix.worst = max(fix.worst, dev)
		}
		for j := range row {
			row[j] /= sum
		}
		exactSum(row)
	}
	return fix
}

// leftSum adds xs left to right.
func leftSum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// exactSum changes one entry of a row of non-negative numbers summing to
// 1 within a few ulps so that its left-to-right sum is exactly 1, if it
// can. The sum is a non-decreasing function of each entry (rounded
// addition is monotonic), and non-negative float64s order as their bit
// patterns do, so for a chosen entry a bisection over bit patterns finds
// the least value at which the sum reaches 1; it is a solution if the sum
// there is exactly 1. The largest entry is tried first, where a change is
// relatively smallest, then the last non-zero one: with p the sum of the
// entries before it, p + x = 1 has a float64 solution x whenever p <= 1
// (x = 1 - p, exact by Sterbenz's lemma when p >= 1/2, and rounding to 1
// in the sum otherwise). A row neither fixes is left as it is, and
// network.New divides it by its sum.
func exactSum(row []float64) {
	if leftSum(row) == 1 {
		return
	}
	big, last := 0, 0
	for j, x := range row {
		if x > row[big] {
			big = j
		}
		if x != 0 {
			last = j
		}
	}
	if !solveEntry(row, big) && last != big {
		solveEntry(row, last)
	}
}

// solveEntry sets row[j] to make the row's left-to-right sum exactly 1 and
// reports success; on failure row is unchanged. See exactSum.
func solveEntry(row []float64, j int) bool {
	old := row[j]
	lo, hi := uint64(0), math.Float64bits(1) // sum(hi) >= 1 as entries are >= 0
	for lo < hi {
		mid := lo + (hi-lo)/2
		row[j] = math.Float64frombits(mid)
		if leftSum(row) >= 1 {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	row[j] = math.Float64frombits(lo)
	if leftSum(row) == 1 {
		return true
	}
	row[j] = old
	return false
}

// networkErrors turns the errors of network.New into positioned errors: a
// bad row at its first entry (a negative entry at itself), a cycle at the
// GIVEN that closes it, anything else about a variable at its definition.
func (p *parser) networkErrors(err error, index map[string]int, defOf []*definition, parents [][]int) {
	for _, e := range diag.Flatten(err) {
		if len(p.errs) >= maxErrors {
			return
		}
		off := int64(-1)
		var ne *network.Error
		var ce *network.CycleError
		switch {
		case errors.As(e, &ne):
			vi, ok := index[ne.Variable]
			if !ok {
				break
			}
			d := defOf[vi]
			off = d.off
			if errors.Is(ne, network.ErrCPTSum) || errors.Is(ne, network.ErrCPTNegative) {
				if at, ok := p.rowOffset(vi, d, parents[vi], ne); ok {
					off = at
				}
			}
		case errors.As(e, &ce) && len(ce.Cycle) > 0:
			// The arrow from the last variable of the cycle to the first
			// is the GIVEN in the first one's definition.
			vi, ok := index[ce.Cycle[0]]
			if !ok {
				break
			}
			d := defOf[vi]
			off = d.off
			for _, g := range d.given {
				if g.text == ce.Cycle[len(ce.Cycle)-1] {
					off = g.off
					break
				}
			}
		}
		msg := "xmlbif: " + strings.TrimPrefix(e.Error(), "network: ")
		p.errs.Add(p.src.pos(p.filename, off), &diag.Cause{Msg: msg, Err: e})
	}
}

// rowOffset finds the table entry an error about one row of variable vi
// points at: the first entry of the row whose parent configuration
// network.Error names, or for a negative entry the first bad one.
func (p *parser) rowOffset(vi int, d *definition, pis []int, ne *network.Error) (int64, bool) {
	k := len(p.vars[vi].states)
	rows := len(d.table) / k
	for r := range rows {
		if p.configString(pis, r) != ne.Config {
			continue
		}
		row := d.table[r*k : (r+1)*k]
		if errors.Is(ne, network.ErrCPTNegative) {
			for _, e := range row {
				if !(e.val >= 0) || math.IsInf(e.val, 0) {
					return e.off, true
				}
			}
		}
		return row[0].off, true
	}
	return 0, false
}

// configString renders parent configuration number row as
// network.ConfigString does, e.g. "asia=yes, smoke=no": the first parent
// varies slowest.
func (p *parser) configString(pis []int, row int) string {
	parts := make([]string, len(pis))
	for j := len(pis) - 1; j >= 0; j-- {
		v := p.vars[pis[j]]
		c := len(v.states)
		parts[j] = v.name + "=" + v.states[row%c]
		row /= c
	}
	return strings.Join(parts, ", ")
}
