package report

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"

	"brink/gui/cardlayout"
	"brink/network"
	"brink/network/analysis"
	"brink/network/model"
)

// Brief writes a scenario brief as a PDF document (A4) to w, in the
// sections of AllSections that opts.Sections names (all by default):
//   - the bottom line first (bottomLine): each scenario's most likely
//     state of every intention and outcome, its key judgement, the top
//     drivers and what to watch;
//   - with several columns, the comparison: the findings of each, then
//     the probabilities side by side with their differences against the
//     reference (the model without findings, or the column opts.Reference
//     names), in tables of at most four scenarios, each with its chart;
//   - each scenario in turn, flowing from one to the next: its findings
//     with the analyst's notes, source, date observed and Admiralty
//     grading, its actions, the judgement in words, its best moves in a
//     model with decisions, the top drivers and (for up to four
//     scenarios) what to collect next; a brief of one scenario, or one
//     without the comparison, adds its table of intentions and outcomes;
//   - in a model with decisions, their options once, under the
//     reference's findings (decisionsOnce);
//   - the limits the model states (m.Limits);
//   - the network picture, on a landscape page of its own.
//
// Every page carries the handling line (opts.Handling, else the model's),
// and its footer the model's as-of date and "page n of N"; the first
// page's header says the period the outcomes speak of. No heading or
// table row is left alone at a page's end, and a table that breaks
// repeats its header. A scenario has the same colour on every page.
//
// Impossible evidence in any column returns the engine's error, as does a
// failing callback, and nothing is written.
func Brief(w io.Writer, m *model.Model, cols []Column, opts Options) (err error) {
	defer guard(&err)
	if len(cols) == 0 {
		return errors.New("report: no scenario for the brief")
	}
	r, err := compute(m, cols)
	if err != nil {
		return err
	}
	fonts, err := sansFaces()
	if err != nil {
		return err
	}
	b := newBriefWriter(m, r, opts)
	b.fonts = fonts
	if err := b.setReference(cols); err != nil {
		return err
	}
	if b.show, err = opts.sections(); err != nil {
		return err
	}
	if b.show[SectionSummary] {
		if err := b.bottomLine(cols); err != nil {
			return err
		}
	}
	if len(cols) > 1 && b.show[SectionComparison] {
		b.comparison(cols)
	}
	if b.show[SectionScenarios] {
		what := "The scenario"
		if len(cols) > 1 {
			what = "The " + strconv.Itoa(len(cols)) + " scenarios, one by one"
		}
		b.partHead("Scenarios", what, "Model: "+b.title+"  ·  changes against "+b.refName)
		for i, c := range cols {
			if err := b.scenario(cols, c, i); err != nil {
				return err
			}
		}
	}
	if b.show[SectionDecisions] {
		b.decisionsOnce(cols)
	}
	if b.show[SectionTimeline] && len(m.Log) > 0 { // timeline.go
		if err := b.timeline(); err != nil {
			return err
		}
	}
	if b.show[SectionLimits] {
		if b.doc.PageNo() == 0 {
			b.pageHead("Limits", b.title, "Model: "+b.title)
		}
		b.limits()
	}
	if b.show[SectionNetwork] {
		b.networkPage(cols)
	}
	if b.doc.PageNo() == 0 {
		return errors.New("report: the sections asked for leave the brief empty")
	}
	if err := b.doc.Error(); err != nil {
		return fmt.Errorf("report: writing the brief: %w", err)
	}
	var buf bytes.Buffer
	if err := b.doc.Output(&buf); err != nil {
		return fmt.Errorf("report: writing the brief: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Page geometry of the brief, in millimetres.
const (
	bPageW   = 210.0
	bPageH   = 297.0
	bMargin  = 15.0
	bBottom  = 18.0
	bWidth   = bPageW - 2*bMargin
	bRowH    = 6.0
	bLineH   = 4.6
	bSection = 9.0 // space a section heading takes
)

// Brief colours.
var (
	bInk     = color.NRGBA{0x11, 0x18, 0x27, 0xff}
	bMuted   = color.NRGBA{0x4b, 0x55, 0x63, 0xff}
	bRule    = color.NRGBA{0xd1, 0xd5, 0xdb, 0xff}
	bStripe  = color.NRGBA{0xf3, 0xf4, 0xf6, 0xff}
	bUp      = color.NRGBA{0xc2, 0x41, 0x0c, 0xff} // probability rose
	bDown    = color.NRGBA{0x1d, 0x4e, 0xd8, 0xff} // probability fell
	bAccent  = color.NRGBA{0x1e, 0x3a, 0x8a, 0xff}
	bMissing = color.NRGBA{0x9c, 0xa3, 0xaf, 0xff}
)

type briefWriter struct {
	doc   *fpdf.Fpdf
	m     *model.Model
	r     *results
	opts  Options
	date  string
	title string      // the model's title, or a stand-in
	fonts *font.Cache // for the figures
	// ref holds the beliefs every comparison is made against, indexed
	// [variable][state], and refName says what they are, for a reader.
	ref     [][]float64
	refName string
	refCol  int                  // the reference's column, or -1 for the baseline
	cache   map[int]*colAnalyses // by column, see analyses
	show    map[string]bool      // the sections to write (Options.Sections)
}

func newBriefWriter(m *model.Model, r *results, opts Options) *briefWriter {
	now := opts.now()
	doc := newPDF("mm", fpdf.SizeType{Wd: bPageW, Ht: bPageH}, now)
	b := &briefWriter{doc: doc, m: m, r: r, opts: opts, date: now.Format("2 January 2006"), title: m.Title}
	if b.title == "" {
		b.title = "Untitled model"
	}
	doc.SetMargins(bMargin, bMargin, bMargin)
	doc.SetAutoPageBreak(true, bBottom)
	doc.SetTitle("Scenario brief — "+b.title, true)
	doc.SetSubject("Brink scenario brief", true)
	doc.AliasNbPages("{nb}")
	handling := oneLine(opts.Handling)
	if handling == "" {
		handling = oneLine(m.Handling)
	}
	if handling != "" {
		doc.SetHeaderFuncMode(func() {
			doc.SetY(6)
			b.font("B", 8, bInk)
			doc.CellFormat(b.width(), 4, handling, "", 0, "C", false, 0, "")
		}, true)
	}
	doc.SetFooterFunc(func() {
		if handling != "" {
			doc.SetY(-8)
			b.font("B", 8, bInk)
			doc.CellFormat(b.width(), 4, handling, "", 0, "C", false, 0, "")
		}
		doc.SetY(-12.5)
		b.font("", 7.5, bMuted)
		doc.CellFormat(b.width()/2, 4, "Brink scenario brief · "+b.title+" · "+b.date, "", 0, "L", false, 0, "")
		page := "page " + strconv.Itoa(doc.PageNo()) + " of {nb}"
		if m.AsOf != "" {
			page = "As of " + model.DateText(m.AsOf) + " · " + page
		}
		doc.CellFormat(b.width()/2, 4, page, "", 0, "R", false, 0, "")
	})
	return b
}

// setReference sets the beliefs the comparisons are made against: the
// column named by opts.Reference, or the model without findings.
func (b *briefWriter) setReference(cols []Column) error {
	b.ref, b.refName, b.refCol = b.r.base, "the baseline (the model without findings)", -1
	if b.opts.Reference == "" {
		// A column without findings or actions is the baseline: it
		// stands as the reference in the tables.
		for i, ev := range b.r.evs {
			if ev.Len() == 0 && ev.DoLen() == 0 {
				b.refCol = i
				break
			}
		}
		return nil
	}
	for i, c := range cols {
		if c.Name == b.opts.Reference {
			b.ref, b.refName, b.refCol = b.r.posts[i], columnName(c, i), i
			return nil
		}
	}
	return fmt.Errorf("report: the reference %q is not one of the scenarios of the brief", b.opts.Reference)
}

func (b *briefWriter) font(style string, size float64, c color.NRGBA) {
	b.doc.SetFont(pdfFamily, style, size)
	b.doc.SetTextColor(int(c.R), int(c.G), int(c.B))
}

// width is the width of the current page between its margins: bWidth,
// or more on the network's landscape page.
func (b *briefWriter) width() float64 {
	w, _ := b.doc.GetPageSize()
	return w - 2*bMargin
}

func (b *briefWriter) fill(c color.NRGBA) { b.doc.SetFillColor(int(c.R), int(c.G), int(c.B)) }
func (b *briefWriter) draw(c color.NRGBA) { b.doc.SetDrawColor(int(c.R), int(c.G), int(c.B)) }

// ensure starts a new page unless h millimetres are left on this one.
func (b *briefWriter) ensure(h float64) {
	if b.doc.GetY()+h > bPageH-bBottom {
		b.doc.AddPage()
	}
}

// pageHead starts a page: a kicker, a title and a line under them. The
// first page's also says when the model speaks for, when it says
// (model.Model.AsOfLine).
func (b *briefWriter) pageHead(kicker, title, sub string) {
	d := b.doc
	d.AddPage()
	b.font("B", 8, bAccent)
	d.CellFormat(bWidth, 4, strings.ToUpper(kicker)+"  ·  "+b.date, "", 1, "L", false, 0, "")
	d.Ln(1)
	b.font("B", 20, bInk)
	d.MultiCell(bWidth, 8.5, title, "", "L", false)
	b.font("", 10.5, bMuted)
	d.MultiCell(bWidth, 5, sub, "", "L", false)
	if line := b.m.AsOfLine(); line != "" && d.PageNo() == 1 {
		b.font("B", 10.5, bInk)
		d.MultiCell(bWidth, 5, line, "", "L", false)
	}
	d.Ln(2)
	b.draw(bRule)
	d.SetLineWidth(0.3)
	d.Line(bMargin, d.GetY(), bMargin+bWidth, d.GetY())
	d.Ln(3)
}

// partHead starts a part of the brief: on the page in progress when more
// than a third of it is left, under a heading as large as a section's
// rule allows, else on a new page (pageHead).
func (b *briefWriter) partHead(kicker, title, sub string) {
	d := b.doc
	if d.PageNo() == 0 || d.GetY() > bPageH-bBottom-bPageH/3 {
		b.pageHead(kicker, title, sub)
		return
	}
	d.Ln(6)
	b.draw(bInk)
	d.SetLineWidth(0.6)
	d.Line(bMargin, d.GetY(), bMargin+bWidth, d.GetY())
	d.Ln(2)
	b.font("B", 8, bAccent)
	d.CellFormat(bWidth, 4, strings.ToUpper(kicker), "", 1, "L", false, 0, "")
	b.font("B", 16, bInk)
	d.MultiCell(bWidth, 7, title, "", "L", false)
	b.font("", 10, bMuted)
	d.MultiCell(bWidth, 4.8, sub, "", "L", false)
	d.Ln(3)
}

// section writes a section heading, keeping it with at least next
// millimetres of what follows.
func (b *briefWriter) section(title string, next float64) {
	b.ensure(bSection + next)
	d := b.doc
	d.Ln(2)
	b.font("B", 12, bInk)
	d.CellFormat(bWidth, 6, title, "", 1, "L", false, 0, "")
	d.Ln(1)
}

// para writes wrapped text at indent.
func (b *briefWriter) para(indent float64, text, style string, size float64, c color.NRGBA) {
	d := b.doc
	b.font(style, size, c)
	d.SetX(bMargin + indent)
	d.MultiCell(bWidth-indent, size*0.45, text, "", "L", false)
}

// scenario writes one scenario's part of the brief, flowing on from the
// one before: its name in its colour, its description, the findings with
// their provenance and the actions, the judgement in words, its best
// moves in a model with decisions, the top drivers and what to collect
// next. Its table of intentions and outcomes is left to the comparison
// when the brief has one, since it shows the same numbers side by side.
func (b *briefWriter) scenario(cols []Column, c Column, i int) error {
	d := b.doc
	ev, post := b.r.evs[i], b.r.posts[i]
	// The heading stays with the first lines of what follows.
	b.ensure(40)
	if i > 0 {
		d.Ln(3)
	}
	y := d.GetY()
	b.fill(scenarioColor(i))
	d.Rect(bMargin, y+1.2, 3.2, 3.2, "F")
	d.SetX(bMargin + 5.5)
	b.font("B", 13, bInk)
	d.MultiCell(bWidth-5.5, 6, columnName(c, i), "", "L", false)
	b.draw(bRule)
	d.SetLineWidth(0.3)
	d.Line(bMargin, d.GetY()+0.5, bMargin+bWidth, d.GetY()+0.5)
	d.Ln(2)
	if c.Description != "" {
		b.para(0, oneLine(c.Description), "I", 9.5, bMuted)
		d.Ln(1.5)
	}

	if ev.Len() == 0 && ev.DoLen() == 0 {
		b.para(0, "No findings: the model's beliefs before any observation.", "", 10, bInk)
		d.Ln(1)
	}
	if ev.Len() > 0 {
		b.subhead("Findings", 12)
	}
	for _, f := range ev.Findings() {
		b.finding(c, f)
	}
	if acts := ev.Interventions(); len(acts) > 0 {
		b.subhead("Actions: if these are made so", 12)
		b.para(0, "Not observed but set by action: what follows if they are done. Their causes are not inferred from them.", "I", 9, bMuted)
		for _, it := range acts {
			b.para(0, "If "+b.m.Label(it.Variable)+" is set to "+b.m.StateLabel(it.Variable, it.State), "B", 10, bInk)
			if prov := c.Provenance[b.m.Net.Name(it.Variable)]; prov != nil && prov.Note != "" {
				b.para(4.5, oneLine(prov.Note), "", 9.5, bInk)
			}
		}
		d.Ln(1)
	}

	a, err := b.analyses(c, i)
	if err != nil {
		return err
	}
	if a.narrative != nil && len(a.narrative.Paragraphs()) > 0 {
		paras := a.narrative.Paragraphs()
		b.subhead("In words", 3*bLineH)
		for k, p := range paras {
			style := ""
			if k == 0 {
				style = "B" // the key judgement first, in bold
			}
			b.para(0, p, style, 9.5, bInk)
			d.Ln(0.6)
		}
	}
	if moves := b.bestMoves(ev); len(moves) > 0 {
		b.subhead("Best moves under these findings", 2*bLineH)
		for _, m := range moves {
			b.para(0, m, "", 9.5, bInk)
		}
	}

	if len(cols) == 1 || !b.show[SectionComparison] {
		b.subhead("Intentions and outcomes", 3*bRowH)
		b.outcomeTable(post)
	}

	// Many scenarios: the three strongest of each; the bottom line has
	// the strongest across them.
	limit := 5
	if len(cols) > 2 {
		limit = 3
	}
	if b.opts.Drivers != nil && (ev.Len() > 0 || ev.DoLen() > 0) {
		b.subhead("Top drivers", 2*bRowH)
		b.drivers(a.drivers[:min(limit, len(a.drivers))])
	}
	// What to collect next differs little between scenarios, and many
	// would repeat it: the bottom line's "What to watch" gathers it.
	if b.opts.NextToCollect != nil && len(cols) <= 4 {
		b.subhead("What to collect next", 2*bRowH)
		b.collect(a.collect[:min(limit, len(a.collect))])
	}
	return nil
}

// subhead writes the heading of a part of a scenario, smaller than a
// section's, keeping it with at least next millimetres of what follows.
func (b *briefWriter) subhead(title string, next float64) {
	b.ensure(7 + next)
	d := b.doc
	d.Ln(1)
	b.font("B", 10.5, bAccent)
	d.CellFormat(bWidth, 5.5, title, "", 1, "L", false, 0, "")
}

// finding writes one finding with its provenance.
func (b *briefWriter) finding(c Column, f network.Finding) {
	d := b.doc
	prov := c.Provenance[b.m.Net.Name(f.Variable)]
	b.ensure(2 * bLineH)
	y := d.GetY()
	b.fill(colFinding)
	d.Circle(bMargin+1.6, y+2.3, 1.1, "F")
	d.SetX(bMargin + 4.5)
	b.font("B", 10, bInk)
	d.MultiCell(bWidth-4.5, bLineH+0.4, findingText(b.m, f), "", "L", false)
	if prov != nil && prov.Note != "" {
		b.para(4.5, oneLine(prov.Note), "", 9.5, bInk)
	}
	var meta []string
	if prov != nil {
		if prov.Source != "" {
			meta = append(meta, "Source: "+sourceName(b.m, prov.Source))
		}
		if prov.Observed != "" {
			meta = append(meta, "Observed: "+prov.Observed)
		}
		if g := grading(prov); g != "" {
			meta = append(meta, "Grading: "+g)
		}
	}
	if len(meta) > 0 {
		b.para(4.5, strings.Join(meta, "  ·  "), "", 8.5, bMuted)
	} else {
		b.para(4.5, "Source, date observed and grading not recorded.", "I", 8.5, bMissing)
	}
	d.Ln(1.8)
}

// outcomeTable writes the intentions and outcomes: one row per state with
// its probability, a bar, the ICD 203 words and the change against the
// model without findings.
func (b *briefWriter) outcomeTable(post [][]float64) {
	d := b.doc
	widths := []float64{40, 40, 19, 27, 32, 22}
	head := []string{"Node", "State", "Probability", "", "Estimate (ICD 203)", "vs. baseline"}
	align := []string{"L", "L", "R", "L", "L", "R"}
	header := func() {
		b.font("B", 8, bMuted)
		for j, h := range head {
			d.CellFormat(widths[j], bRowH, h, "B", 0, align[j], false, 0, "")
		}
		d.Ln(-1)
	}
	header()
	for _, v := range b.m.BriefingNodes() {
		k := b.m.Net.Card(v)
		if d.GetY()+float64(k)*bRowH > bPageH-bBottom {
			d.AddPage()
			header()
		}
		role := roleColor(string(b.m.Nodes[v].Role))
		for s := range k {
			p := post[v][s]
			y := d.GetY()
			x := bMargin
			if s == 0 {
				b.font("B", 9, bInk)
				b.fill(role)
				d.Rect(x, y+1.3, 1.2, bRowH-2.6, "F")
				d.SetX(x + 2.5)
				d.CellFormat(widths[0]-2.5, bRowH, fitText(d, b.m.Label(v), widths[0]-3), "", 0, "L", false, 0, "")
			} else {
				d.CellFormat(widths[0], bRowH, "", "", 0, "L", false, 0, "")
			}
			x += widths[0]
			b.font("", 9, bInk)
			d.CellFormat(widths[1], bRowH, fitText(d, b.m.StateLabel(v, s), widths[1]-1), "", 0, "L", false, 0, "")
			x += widths[1]
			b.font("B", 9, bInk)
			d.CellFormat(widths[2], bRowH, analysis.Percent(p), "", 0, "R", false, 0, "")
			x += widths[2]
			// The bar, with the baseline marked.
			bx, bw := x+3, widths[3]-5
			b.fill(bStripe)
			d.Rect(bx, y+1.7, bw, bRowH-3.4, "F")
			b.fill(role)
			if p > 0 {
				d.Rect(bx, y+1.7, math.Max(0.3, bw*clamp01(p)), bRowH-3.4, "F")
			}
			b.draw(bInk)
			d.SetLineWidth(0.35)
			tx := bx + bw*clamp01(b.r.base[v][s])
			d.Line(tx, y+1, tx, y+bRowH-1)
			d.SetX(x + widths[3])
			b.font("", 9, bMuted)
			d.CellFormat(widths[4], bRowH, term(p), "", 0, "L", false, 0, "")
			delta := p - b.r.base[v][s]
			b.deltaColor(delta)
			d.CellFormat(widths[5], bRowH, analysis.Delta(delta), "", 1, "R", false, 0, "")
		}
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, d.GetY(), bMargin+bWidth, d.GetY())
	}
	d.Ln(1)
	b.font("", 7.5, bMuted)
	d.MultiCell(bWidth, 3.6, "Bars: probability given the findings; the thin mark shows it without findings. Changes in percentage points (pp) against the model without findings.", "", "L", false)
}

// deltaColor sets the text colour for a change of probability.
func (b *briefWriter) deltaColor(d float64) {
	switch {
	case math.Abs(100*d) < 0.05 || math.IsNaN(d):
		b.font("", 9, bMissing)
	case d > 0:
		b.font("B", 9, bUp)
	default:
		b.font("B", 9, bDown)
	}
}

// drivers writes the "Top drivers" table.
func (b *briefWriter) drivers(lines []DriverLine) {
	if len(lines) == 0 {
		b.para(0, "No finding moved the intentions or outcomes.", "I", 9.5, bMuted)
		return
	}
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = []string{l.Finding, l.Target, analysis.Percent(l.Without) + " → " + analysis.Percent(l.With), analysis.Delta(l.With - l.Without)}
	}
	b.table([]float64{62, 58, 36, 24}, []string{"Finding", "Moves", "Without → with", "Change"}, []string{"L", "L", "R", "R"}, rows, func(i int) float64 { return lines[i].With - lines[i].Without })
}

// collect writes the "What to collect next" table.
func (b *briefWriter) collect(lines []CollectLine) {
	if len(lines) == 0 {
		b.para(0, "Nothing left to observe would inform the intentions or outcomes.", "I", 9.5, bMuted)
		return
	}
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = []string{l.Node, l.Target, strconv.FormatFloat(l.Bits, 'f', 3, 64) + " bits", l.Note}
	}
	b.table([]float64{48, 42, 22, 68}, []string{"Observe", "To learn about", "Value", "Note"}, []string{"L", "L", "R", "L"}, rows, nil)
	b.para(0, bitsNote, "", 7.5, bMuted)
}

// table writes rows with wrapped cells. delta, when set, colours the last
// column by the sign of the row's change.
func (b *briefWriter) table(widths []float64, head, align []string, rows [][]string, delta func(int) float64) {
	d := b.doc
	header := func() {
		b.font("B", 8, bMuted)
		for j, h := range head {
			d.CellFormat(widths[j], bRowH, h, "B", 0, align[j], false, 0, "")
		}
		d.Ln(-1)
	}
	lineH := 4.2
	cells := make([][][]string, len(rows)) // [row][column] lines
	hs := make([]float64, len(rows))
	b.font("", 9, bInk)
	for i, row := range rows {
		cells[i] = make([][]string, len(row))
		n := 1
		for j, cell := range row {
			cells[i][j] = d.SplitText(oneLine(cell), widths[j]-2)
			n = max(n, len(cells[i][j]))
		}
		hs[i] = float64(n)*lineH + 1.8
	}
	// The header stays with the first row, and a table of two rows
	// stays whole.
	switch len(rows) {
	case 0:
	case 2:
		b.ensure(bRowH + hs[0] + hs[1])
	default:
		b.ensure(bRowH + hs[0])
	}
	header()
	for i, row := range rows {
		lines := cells[i]
		h := hs[i]
		// A table that breaks repeats its header, and never leaves its
		// last row alone on the new page: the row before goes with it.
		room := bPageH - bBottom - d.GetY()
		if h > room || (i > 0 && i == len(rows)-2 && h+hs[i+1] > room) {
			d.AddPage()
			header()
		}
		y := d.GetY()
		x := bMargin
		for j := range row {
			b.font("", 9, bInk)
			if delta != nil && j == len(row)-1 {
				b.deltaColor(delta(i))
			}
			for li, l := range lines[j] {
				d.SetXY(x, y+0.9+float64(li)*lineH)
				d.CellFormat(widths[j], lineH, l, "", 0, align[j], false, 0, "")
			}
			x += widths[j]
		}
		d.SetXY(bMargin, y+h)
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, y+h, bMargin+bWidth, y+h)
	}
}

// comparison sets the scenarios side by side: the findings of each, then
// the intentions and outcomes in tables of at most four scenarios and a
// chart of each table's scenarios (small multiples), so that the headers
// and labels keep a size that reads on paper however many scenarios the
// brief holds. When the reference is one of the scenarios, every table
// and chart starts with it.
func (b *briefWriter) comparison(cols []Column) {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = columnName(c, i)
	}
	b.pageHead("Comparison", strconv.Itoa(len(cols))+" scenarios compared", "Model: "+b.title+"  ·  differences against "+b.refName)

	// The findings of each scenario, one line each.
	b.section("Findings", 2*bRowH)
	rows := make([][]string, len(cols))
	for i := range cols {
		s := findingsSummary(b.m, b.r.evs[i])
		if s == "" {
			s = "no findings"
		}
		rows[i] = []string{names[i], s}
	}
	b.table([]float64{45, bWidth - 45}, []string{"Scenario", "Findings"}, []string{"L", "L"}, rows, nil)

	groups := comparisonGroups(len(cols), b.refCol)
	for gi, g := range groups {
		title := "Intentions and outcomes"
		if len(groups) > 1 {
			title += " (" + strconv.Itoa(gi+1) + " of " + strconv.Itoa(len(groups)) + ")"
		}
		b.section(title, 4*bRowH)
		b.comparisonTable(g, names)
		b.chartFigure(cols, g)
	}
}

// comparisonGroups deals n columns into groups of at most four, as even
// in size as they can be, in order. When ref is a column (≥ 0) it opens
// every group and the others are dealt into the three places left.
func comparisonGroups(n, ref int) [][]int {
	var rest []int
	for i := range n {
		if i != ref {
			rest = append(rest, i)
		}
	}
	per := 4
	if ref >= 0 {
		per = 3
	}
	if len(rest) == 0 {
		return [][]int{{ref}}
	}
	k := (len(rest) + per - 1) / per
	var out [][]int
	for g := range k {
		lo, hi := g*len(rest)/k, (g+1)*len(rest)/k
		var grp []int
		if ref >= 0 {
			grp = append(grp, ref)
		}
		out = append(out, append(grp, rest[lo:hi]...))
	}
	return out
}

// comparisonTable writes the probabilities of the columns idx side by
// side, each with its difference against the reference beside it, under
// headers in bold 8 pt that wrap between words.
func (b *briefWriter) comparisonTable(idx []int, names []string) {
	d := b.doc
	labelW := 46.0
	colW := (bWidth - labelW) / 4 // four columns at most: the same widths in every table
	const headSize, headH = 8.0, 3.7
	const pctW = 13.0 // the percentage; its difference takes the rest
	header := func() {
		b.font("B", headSize, bMuted)
		// The names use the column's whole width, without the cells'
		// inner margin.
		margin := d.GetCellMargin()
		d.SetCellMargin(0)
		defer d.SetCellMargin(margin)
		y := d.GetY()
		lines := make([][]string, len(idx))
		n := 1
		for j, i := range idx {
			lines[j] = d.SplitText(names[i], colW-5)
			n = max(n, len(lines[j]))
		}
		h := float64(n)*headH + 1.5
		d.CellFormat(labelW, h, "", "B", 0, "L", false, 0, "")
		for j, i := range idx {
			// Each name stands over its percentages, with its colour in
			// the chart beside it.
			x := bMargin + labelW + float64(j)*colW
			b.fill(scenarioColor(i))
			d.Rect(x+1, y+0.9, 2, 2, "F")
			for li, l := range lines[j] {
				d.SetXY(x+4, y+float64(li)*headH+0.5)
				d.CellFormat(colW-5, headH, l, "", 0, "L", false, 0, "")
			}
		}
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, y+h, bMargin+bWidth, y+h)
		d.SetXY(bMargin, y+h)
	}
	b.ensure(20 + 3*bRowH)
	header()
	for _, v := range b.m.BriefingNodes() {
		k := b.m.Net.Card(v)
		if d.GetY()+float64(k+1)*bRowH > bPageH-bBottom {
			d.AddPage()
			header()
		}
		b.font("B", 9, bInk)
		b.fill(roleColor(string(b.m.Nodes[v].Role)))
		y := d.GetY()
		d.Rect(bMargin, y+1.3, 1.2, bRowH-2.6, "F")
		d.SetX(bMargin + 2.5)
		d.CellFormat(bWidth-2.5, bRowH, b.m.Label(v), "", 1, "L", false, 0, "")
		for s := range k {
			y := d.GetY()
			b.font("", 9, bInk)
			d.SetX(bMargin + 2.5)
			d.CellFormat(labelW-2.5, bRowH, fitText(d, b.m.StateLabel(v, s), labelW-4), "", 0, "L", false, 0, "")
			ref := b.ref[v][s]
			for j, i := range idx {
				p := b.r.posts[i][v][s]
				x := bMargin + labelW + float64(j)*colW
				b.font("B", 9, bInk)
				d.SetXY(x, y)
				d.CellFormat(pctW+3, bRowH, analysis.Percent(p), "", 0, "R", false, 0, "")
				if i == b.refCol {
					b.font("", 8, bMissing)
					d.CellFormat(colW-pctW-4, bRowH, "reference", "", 0, "R", false, 0, "")
					continue
				}
				b.font(styleOf(p-ref), 8, deltaInk(p-ref))
				d.CellFormat(colW-pctW-4, bRowH, analysis.Delta(p-ref), "", 0, "R", false, 0, "")
			}
			d.SetXY(bMargin, y+bRowH)
		}
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, d.GetY(), bMargin+bWidth, d.GetY())
	}
	d.Ln(1)
	b.font("", 7.5, bMuted)
	d.MultiCell(bWidth, 3.6, "Differences in percentage points (pp) against "+b.refName+".", "", "L", false)
}

// chartFigure draws the chart of the columns idx across the page, as
// tall as its bars need with labels of at least 8 pt, each scenario in
// its colour. Its bars carry no numbers: the table above has them.
func (b *briefWriter) chartFigure(cols []Column, idx []int) {
	d := b.doc
	sub := make([]Column, len(idx))
	r := &results{base: b.r.base}
	for j, i := range idx {
		sub[j] = cols[i]
		sub[j].Name = columnName(cols[i], i)
		r.posts = append(r.posts, b.r.posts[i])
		r.evs = append(r.evs, b.r.evs[i])
	}
	k := bWidth / DefaultWidth // millimetres per logical pixel
	minText := 8.2 / 72 * 25.4 / k
	look := chartLook{colours: idx, minText: minText, bare: true}
	ph := chartHeight(b.m, len(idx), look)
	h := ph * k
	if d.GetY()+h > bPageH-bBottom {
		d.AddPage()
	}
	y := d.GetY()
	c := newPDFCanvas(d, bMargin, y, k, vg.Length(DefaultWidth), vg.Length(ph))
	drawChart(pen{c: c, fonts: b.fonts, u: 1, h: ph}, DefaultWidth, ph, b.m, sub, r, b.opts, false, look)
	b.draw(bRule)
	d.SetLineWidth(0.2)
	d.Rect(bMargin, y, bWidth, h, "D")
	d.SetY(y + h + 2)
}

// Page sizes of the network's page, landscape, in millimetres.
var (
	pageA4 = fpdf.SizeType{Wd: bPageW, Ht: bPageH}
	pageA3 = fpdf.SizeType{Wd: 297, Ht: 420}
)

// netMargin is the network page's margin at the sides, in millimetres:
// narrower than the other pages', for the picture's sake.
const netMargin = 10.0

// networkPage draws the network picture on a landscape page of its own,
// under the reference's findings, with a line on what it shows. The page
// is A4 when the cards' text comes out at 8 pt or more on it, otherwise
// an A3 fold-out, which holds the text of some 40 cards laid out as the
// flagship's are at 8 pt; the line says when the text is smaller still.
func (b *briefWriter) networkPage(cols []Column) {
	d := b.doc
	size, pt := pageA4, b.networkTextPt(pageA4)
	if pt < 8 {
		size, pt = pageA3, b.networkTextPt(pageA3)
	}
	d.AddPageFormat("L", size)
	w, h := d.GetPageSize()
	tw := w - 2*bMargin // the text's width, as on every page
	ev, post, name := network.NewEvidence(b.m.Net), b.r.base, "the baseline (the model without findings)"
	if b.refCol >= 0 {
		ev, post, name = b.r.evs[b.refCol], b.r.posts[b.refCol], columnName(cols[b.refCol], b.refCol)
	}
	b.font("B", 8, bAccent)
	d.CellFormat(tw, 4, "THE NETWORK  ·  "+b.date, "", 1, "L", false, 0, "")
	b.font("B", 14, bInk)
	d.CellFormat(tw, 7, "The network: "+b.title, "", 1, "L", false, 0, "")
	b.font("", 9, bMuted)
	line := "Beliefs of " + name + ". Each card shows a node's beliefs; arrows run from cause to effect. Each scenario's findings are listed in its part of the brief; Brink's window and brinkctl report --what network draw the network under any of them."
	if size == pageA3 {
		line += " An A3 page, to print as a fold-out: on A4 its text would be too small to read."
	}
	if pt < 7.95 {
		line += fmt.Sprintf(" The network is too large for its cards' text to be printed at 8 pt on A3: it is %.1f pt here.", pt)
	}
	d.MultiCell(tw, 4.2, line, "", "L", false)
	d.Ln(1.5)
	y := d.GetY()
	pw, fh := w-2*netMargin, h-bBottom-y-1
	k := pw / DefaultWidth // millimetres per logical pixel
	ph := fh / k
	c := newPDFCanvas(d, netMargin, y, k, vg.Length(DefaultWidth), vg.Length(ph))
	p := pen{c: c, fonts: b.fonts, u: 1, h: ph}
	p.rect(0, 0, DefaultWidth, ph, colPage)
	drawLegend(p, netPad, ph-netPad, 1, b.m, b.opts.EdgeStrength)
	var strength map[[2]int]float64
	if b.opts.EdgeStrength {
		strength = edgeStrengths(b.m, ev)
	}
	drawCards(p, netPad, netPad, DefaultWidth-2*netPad, ph-2*netPad-netLegendH, netZoomCap, b.m, ev, post, strength)
	b.draw(bRule)
	d.SetLineWidth(0.2)
	d.Rect(netMargin, y, pw, fh, "D")
}

// The network page's picture: its inner margin and the legend's height,
// in logical pixels.
const (
	netPad     = 10.0
	netLegendH = 40.0
)

// netZoomCap lets a small network's cards grow to about 10 pt on the
// page (drawCards caps the zoom at 1.6 times this), where a slide's cap
// would leave them under 8 pt.
const netZoomCap = 1.3

// networkTextPt returns the size, in points, the cards' text comes out at
// on the network's page of the given size, landscape.
func (b *briefWriter) networkTextPt(size fpdf.SizeType) float64 {
	w, h := size.Ht, size.Wd // landscape
	pw := w - 2*netMargin
	k := pw / DefaultWidth
	fh := h - bBottom - 35 // the heading takes about 35 mm
	ph := fh / k
	pos := positions(b.m)
	_, _, bw, bh := cardsExtent(b.m, pos, cardlayout.Widths(b.m))
	z := cardsZoom(DefaultWidth-2*netPad, ph-2*netPad-netLegendH, bw, bh, netZoomCap)
	return cardTextUnits * z * k / 25.4 * 72
}

func styleOf(d float64) string {
	if math.Abs(100*d) < 0.05 || math.IsNaN(d) {
		return ""
	}
	return "B"
}

func deltaInk(d float64) color.NRGBA {
	switch {
	case math.Abs(100*d) < 0.05 || math.IsNaN(d):
		return bMissing
	case d > 0:
		return bUp
	}
	return bDown
}

// limits writes the model's stated limits.
func (b *briefWriter) limits() {
	d := b.doc
	b.section("What the model leaves out", 20)
	if len(b.m.Limits) == 0 {
		b.para(0, "The model states no limits. Ask its authors what it leaves out before relying on it.", "I", 9.5, bMuted)
		return
	}
	b.para(0, "The model's authors state these limits; read every number in this brief within them.", "", 9.5, bMuted)
	d.Ln(1.5)
	for _, l := range b.m.Limits {
		b.ensure(2 * bLineH)
		y := d.GetY()
		b.fill(bMuted)
		d.Circle(bMargin+1.6, y+2.2, 0.7, "F")
		b.para(4.5, oneLine(l), "", 9.5, bInk)
		d.Ln(1.2)
	}
}

// fitText shortens s with an ellipsis to fit w millimetres in the current
// font.
func fitText(d *fpdf.Fpdf, s string, w float64) string {
	if d.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		t := strings.TrimRight(string(r), " ,;:") + "…"
		if d.GetStringWidth(t) <= w {
			return t
		}
	}
	return ""
}

// oneLine joins the lines of a note written across several lines of a
// model file.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
