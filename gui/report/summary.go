package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"brink/network/analysis"
)

// colAnalyses holds what the callbacks of Options said about one column,
// asked once and shared by the bottom line and the scenario's page.
type colAnalyses struct {
	narrative *analysis.Narrative // nil without opts.Narrative
	drivers   []DriverLine
	collect   []CollectLine
}

// analyses returns what opts.Narrative, opts.Drivers and
// opts.NextToCollect say about column i (nil for each one not set),
// computing them on the first call.
func (b *briefWriter) analyses(c Column, i int) (*colAnalyses, error) {
	if a, ok := b.cache[i]; ok {
		return a, nil
	}
	ev := b.r.evs[i]
	a := &colAnalyses{}
	var err error
	if b.opts.Narrative != nil {
		if a.narrative, err = b.opts.Narrative(ev.Clone()); err != nil {
			return nil, fmt.Errorf("report: scenario %q: in words: %w", columnName(c, i), err)
		}
	}
	if b.opts.Drivers != nil {
		if a.drivers, err = b.opts.Drivers(ev.Clone()); err != nil {
			return nil, fmt.Errorf("report: scenario %q: top drivers: %w", columnName(c, i), err)
		}
	}
	if b.opts.NextToCollect != nil {
		if a.collect, err = b.opts.NextToCollect(ev.Clone()); err != nil {
			return nil, fmt.Errorf("report: scenario %q: what to collect next: %w", columnName(c, i), err)
		}
	}
	if b.cache == nil {
		b.cache = make(map[int]*colAnalyses)
	}
	b.cache[i] = a
	return a, nil
}

// bottomLine writes the brief's first page: for each scenario, the most
// likely state of every intention and outcome in ICD 203 words with its
// probability and its change against the reference; each scenario's key
// judgement in words (the Key sentence of opts.Narrative); the three
// strongest drivers across the scenarios; and the three observations that
// would tell the most.
func (b *briefWriter) bottomLine(cols []Column) error {
	d := b.doc
	nodes := b.m.BriefingNodes()
	label := "1 scenario"
	if len(cols) > 1 {
		label = strconv.Itoa(len(cols)) + " scenarios"
	}
	b.pageHead("Bottom line", b.title, label+"  ·  changes against "+b.refName)

	b.section("Most likely, by scenario", 4*bRowH)
	labelW := 36.0
	if len(nodes) == 0 {
		b.para(0, "The model marks no intentions or outcomes.", "I", 9.5, bMuted)
	}
	colW := (bWidth - labelW) / float64(max(1, len(nodes)))
	header := func() {
		b.font("B", 8, bMuted)
		y := d.GetY()
		lines := make([][]string, len(nodes))
		n := 1
		for j, v := range nodes {
			lines[j] = d.SplitText(b.m.Label(v), colW-2)
			n = max(n, len(lines[j]))
		}
		h := float64(n)*3.8 + 1.5
		d.SetXY(bMargin, y+h-3.8-0.7)
		d.CellFormat(labelW, 3.8, "Scenario", "", 0, "L", false, 0, "")
		for j, v := range nodes {
			x := bMargin + labelW + float64(j)*colW
			b.fill(roleColor(string(b.m.Nodes[v].Role)))
			d.Rect(x+1, y+0.8, 1.2, h-2.2, "F")
			for li, l := range lines[j] {
				d.SetXY(x+3, y+float64(li)*3.8+0.5)
				d.CellFormat(colW-3, 3.8, l, "", 0, "L", false, 0, "")
			}
		}
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, y+h, bMargin+bWidth, y+h)
		d.SetXY(bMargin, y+h)
	}
	if len(nodes) > 0 {
		header()
	}
	const lineH = 3.0
	for i, c := range cols {
		if len(nodes) == 0 {
			break
		}
		b.font("B", 8.5, bInk)
		name := d.SplitText(columnName(c, i), labelW-2)
		h := float64(max(3, len(name)))*lineH + 1.0
		if d.GetY()+h > bPageH-bBottom {
			d.AddPage()
			header()
		}
		y := d.GetY()
		b.fill(scenarioColor(i))
		d.Rect(bMargin, y+1.2, 2, 2, "F")
		b.font("B", 8.5, bInk)
		for li, l := range name {
			d.SetXY(bMargin+3, y+0.6+float64(li)*lineH)
			d.CellFormat(labelW-3, lineH, l, "", 0, "L", false, 0, "")
		}
		post := b.r.posts[i]
		for j, v := range nodes {
			// Three lines: the state; its ICD 203 word; its probability
			// and its change against the reference.
			x := bMargin + labelW + float64(j)*colW + 3
			w := colW - 4
			s := argmax(post[v])
			p := post[v][s]
			b.font("B", 8, bInk)
			d.SetXY(x, y+0.6)
			d.CellFormat(w, lineH, fitText(d, b.m.StateLabel(v, s), w), "", 0, "L", false, 0, "")
			b.font("", 7.5, bMuted)
			d.SetXY(x, y+0.6+lineH)
			d.CellFormat(w, lineH, fitText(d, term(p), w), "", 0, "L", false, 0, "")
			b.font("B", 8, bInk)
			pct := analysis.Percent(p) + "  "
			pw := d.GetStringWidth(pct)
			d.SetXY(x, y+0.6+2*lineH)
			d.CellFormat(pw, lineH, pct, "", 0, "L", false, 0, "")
			delta := p - b.ref[v][s]
			b.font(styleOf(delta), 7.5, deltaInk(delta))
			d.CellFormat(w-pw, lineH, analysis.Delta(delta), "", 0, "L", false, 0, "")
		}
		d.SetXY(bMargin, y+h)
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, y+h, bMargin+bWidth, y+h)
	}
	if len(nodes) > 0 {
		d.Ln(1)
		b.font("", 7.5, bMuted)
		d.MultiCell(bWidth, 3.6, "The most likely state of each, its ICD 203 word, probability and change in percentage points (pp) against "+b.refName+".", "", "L", false)
	}

	// The key judgements, in words.
	all := make([]*colAnalyses, len(cols))
	for i, c := range cols {
		a, err := b.analyses(c, i)
		if err != nil {
			return err
		}
		all[i] = a
	}
	if b.opts.Narrative != nil {
		b.section("Key judgements", 3*bLineH)
		for i, c := range cols {
			if all[i].narrative == nil || all[i].narrative.Key == "" {
				continue
			}
			b.ensure(2 * 3.9)
			b.font("B", 9, bInk)
			d.SetX(bMargin)
			d.Write(3.9, columnName(c, i)+": ")
			b.font("", 9, bInk)
			d.Write(3.9, oneLine(all[i].narrative.Key))
			d.Ln(3.9)
			d.Ln(0.5)
		}
	}

	// The strongest drivers across the scenarios, each finding once.
	if b.opts.Drivers != nil {
		type driver struct {
			DriverLine
			col int
		}
		var ds []driver
		for i := range cols {
			for _, l := range all[i].drivers {
				ds = append(ds, driver{l, i})
			}
		}
		slices.SortStableFunc(ds, func(x, y driver) int {
			return cmp.Compare(math.Abs(y.With-y.Without), math.Abs(x.With-x.Without))
		})
		b.section("Top drivers", 2*bLineH)
		seen := map[string]bool{}
		n := 0
		for _, l := range ds {
			if n == 3 || seen[l.Finding] {
				continue
			}
			seen[l.Finding] = true
			n++
			b.bullet(l.Finding + " moves " + l.Target + " from " + analysis.Percent(l.Without) + " to " + analysis.Percent(l.With) + " (" + columnName(cols[l.col], l.col) + ").")
		}
		if n == 0 {
			b.para(0, "No finding moved the intentions or outcomes.", "I", 8.5, bMuted)
		}
	}

	// What to watch: the observations worth most in any scenario.
	if b.opts.NextToCollect != nil {
		best := map[string]CollectLine{}
		var order []string
		for i := range cols {
			for _, l := range all[i].collect {
				if o, ok := best[l.Node]; !ok {
					order = append(order, l.Node)
					best[l.Node] = l
				} else if l.Bits > o.Bits {
					best[l.Node] = l
				}
			}
		}
		slices.SortStableFunc(order, func(x, y string) int { return cmp.Compare(best[y].Bits, best[x].Bits) })
		b.section("What to watch", 2*bLineH)
		if len(order) == 0 {
			b.para(0, "Nothing left to observe would inform the intentions or outcomes.", "I", 8.5, bMuted)
		}
		for _, n := range order[:min(3, len(order))] {
			l := best[n]
			b.bullet(l.Node + ", to learn about " + l.Target + " (up to " + strconv.FormatFloat(l.Bits, 'f', 3, 64) + " bits).")
		}
		if len(order) > 0 {
			b.para(4.5, bitsNote, "", 7.5, bMuted)
		}
	}
	return nil
}

// bitsNote says in plain words what the bits of "What to watch" and
// "What to collect next" measure.
const bitsNote = "Bits: how much observing it is expected to tell about the target; one bit is what a fair coin's toss tells, and a target of four states holds at most two."

// bullet writes one line of a list, in the bottom line's size.
func (b *briefWriter) bullet(text string) {
	d := b.doc
	b.ensure(2 * 4.1)
	y := d.GetY()
	b.fill(bMuted)
	d.Circle(bMargin+1.6, y+2.0, 0.6, "F")
	b.para(4.5, text, "", 9, bInk)
	d.Ln(0.4)
}

// argmax returns the index of the largest of ps, the first of ties.
func argmax(ps []float64) int {
	best := 0
	for i, p := range ps {
		if p > ps[best] {
			best = i
		}
	}
	return best
}
