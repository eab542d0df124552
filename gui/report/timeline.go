package report

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot/vg"

	"brink/network/analysis"
	"brink/network/model"
	"brink/network/timeline"
)

// The model's log over time in pictures and in the brief: the path chart
// (every intention and outcome state over the log's dates, a step at each
// entry) and the brief's "What changed" section.

// SectionTimeline is the brief's section on the log: the path chart and
// what changed between the model's as-of date and the log's last date.
// It is written when Options.Sections names it and the model has a log;
// it is not among AllSections, so that a brief asked for by default keeps
// its length.
const SectionTimeline = "timeline"

// OptionalSections are the sections a brief writes only when
// Options.Sections names them, after the decisions.
var OptionalSections = []string{SectionTimeline}

// PathChart draws the path as a picture in format (png, svg or pdf): one
// panel per intention and outcome node, a line per state stepping at each
// date of the log, each entry marked by a numbered line and listed in a
// key below.
func PathChart(w io.Writer, format string, m *model.Model, path *timeline.Path, opts Options) error {
	if path == nil || len(path.Points) == 0 {
		return errors.New("report: no path to chart")
	}
	return render(w, format, opts, func(p pen, pw, ph float64) {
		drawPath(p, pw, ph, m, path, pathStyle{heading: true, key: true})
	})
}

// PathImage draws the path without heading or key at w×h pixels (scale
// times as many), for the window, and returns where each point of the path
// is across, in the same pixels (before scaling).
func PathImage(m *model.Model, path *timeline.Path, w, h int, scale float64) (image.Image, []float64, error) {
	var buf bytes.Buffer
	opts := Options{Width: w, Height: h, Scale: scale, Now: time.Unix(0, 0)}
	if path == nil || len(path.Points) == 0 {
		return nil, nil, errors.New("report: no path to chart")
	}
	var xs []float64
	err := render(&buf, "png", opts, func(p pen, pw, ph float64) {
		xs = drawPath(p, pw, ph, m, path, pathStyle{window: true}).xs
	})
	if err != nil {
		return nil, nil, err
	}
	img, err := png.Decode(&buf)
	return img, xs, err
}

// pathGeom is where a path chart put things.
type pathGeom struct {
	x0, x1 float64   // the plots' left and right
	xs     []float64 // each point's x
}

// pathEntries numbers the points with entries: the k-th point with
// entries is marked k (from 1); the start gets 0.
func pathMarks(path *timeline.Path) []int {
	out := make([]int, len(path.Points))
	n := 0
	for i, pt := range path.Points {
		if i > 0 && len(pt.Entries) > 0 {
			n++
			out[i] = n
		}
	}
	return out
}

// dayOf returns the day number of a YYYY-MM-DD date, 0 when it is not one.
func dayOf(date string) float64 {
	t, err := model.ParseDate(date)
	if err != nil {
		return 0
	}
	return float64(t.Unix() / 86400)
}

// PathKey returns the key of a path chart: one line per marked date, its
// number, date and entries in words ("1 · 7 Dec 2026 · Red-line clarity
// = Absent").
func PathKey(m *model.Model, path *timeline.Path) []string {
	var out []string
	marks := pathMarks(path)
	for i, pt := range path.Points {
		if marks[i] == 0 {
			continue
		}
		line := strconv.Itoa(marks[i]) + " · " + model.DateText(pt.Date) + " · "
		for k, e := range pt.Entries {
			if k > 0 {
				line += "; "
			}
			line += timeline.EntryText(m, e)
		}
		out = append(out, line)
	}
	return out
}

// pathStyle says what a path chart shows and at what size: heading adds
// the title, key the list of entries below; window sizes the text for
// the window's side panel, k (when not 0) scales it otherwise.
type pathStyle struct {
	heading, key, window bool
	k                    float64
}

// drawPath draws the path on a page of pw×ph logical pixels.
func drawPath(p pen, pw, ph float64, m *model.Model, path *timeline.Path, st pathStyle) pathGeom {
	heading, key := st.heading, st.key
	k := math.Min(pw/DefaultWidth, ph/DefaultHeight)
	switch {
	case st.window:
		k = math.Max(0.8, math.Min(math.Min(pw/520, ph/460), 1.15)) // the side panel's chart keeps legible text
	case st.k != 0:
		k = st.k
	}
	margin := 40 * k
	p.rect(0, 0, pw, ph, colorWhite)
	top := margin * 0.6
	if heading {
		p.text(margin, top+30*k, "How the judgements moved", 30*k, true, colInk, 0)
		sub := m.Title
		if line := m.AsOfLine(); line != "" {
			sub += " · " + line
		}
		p.text(margin, top+62*k, p.fit(sub, 18*k, false, pw-2*margin), 18*k, false, colMuted, 0)
		top += 84 * k
	}
	lines := PathKey(m, path)
	bottom := ph - margin*0.6
	if key {
		bottom -= float64(len(lines))*22*k + 10*k
	}
	axisH := 26 * k
	markH := 24 * k
	plotTop, plotBottom := top+markH, bottom-axisH
	legendW := math.Min(300*k, pw*0.38)
	yLabelW := 44 * k
	g := pathGeom{x0: margin + yLabelW, x1: pw - margin - legendW}
	first, last := dayOf(path.Points[0].Date), dayOf(path.Points[len(path.Points)-1].Date)
	span := math.Max(last-first, 1)
	pad := span * 0.06
	xOf := func(day float64) float64 { return g.x0 + (day-first)/(span+pad)*(g.x1-g.x0) }
	for _, pt := range path.Points {
		g.xs = append(g.xs, xOf(dayOf(pt.Date)))
	}
	n := len(path.Nodes)
	if n == 0 {
		return g
	}
	gap := 18 * k
	panelH := (plotBottom - plotTop - gap*float64(n-1)) / float64(n)
	title := 16 * k
	small := 13 * k
	// The entries: a light line through every panel and a numbered disc
	// above.
	marks := pathMarks(path)
	for i, x := range g.xs {
		if marks[i] == 0 {
			continue
		}
		p.line(x, plotTop-4*k, x, plotBottom, 1*k, colTrack)
		r := 9 * k
		p.circle(x, plotTop-markH/2-2*k, r, colMuted)
		p.text(x, plotTop-markH/2-2*k+4.5*k, strconv.Itoa(marks[i]), 12*k, true, colorWhite, 0.5)
	}
	for j, v := range path.Nodes {
		y0 := plotTop + float64(j)*(panelH+gap) + title + 10*k
		y1 := plotTop + float64(j)*(panelH+gap) + panelH
		p.text(g.x0, y0-9*k, p.fit(m.Label(v), title, true, g.x1-g.x0), title, true, colInk, 0)
		yOf := func(q float64) float64 { return y1 - q*(y1-y0) }
		for _, q := range []float64{0, 0.5, 1} {
			p.line(g.x0, yOf(q), g.x1, yOf(q), 0.8*k, colTrack)
			p.text(g.x0-6*k, yOf(q)+4*k, strconv.Itoa(int(100*q))+"%", small, false, colMuted, 1)
		}
		var legend []legendItem
		for s := range m.Net.Card(v) {
			col := scenarioColor(s)
			var prevX, prevY float64
			for i, pt := range path.Points {
				x, y := g.xs[i], yOf(pt.P[j][s])
				if i > 0 {
					p.line(prevX, prevY, x, prevY, 2.2*k, col)
					p.line(x, prevY, x, y, 2.2*k, col)
				}
				prevX, prevY = x, y
			}
			p.line(prevX, prevY, g.x1, prevY, 2.2*k, col)
			legend = append(legend, legendItem{y: prevY, text: m.StateLabel(v, s) + " " + analysis.Percent(path.Points[len(path.Points)-1].P[j][s]), col: col})
		}
		// The legend at the right, each label at its line's end, pushed
		// apart where they would overlap.
		spread(legend, small+3*k, y0, y1+small/2)
		for _, it := range legend {
			p.line(g.x1+3*k, it.y-small/3, g.x1+14*k, it.y-small/3, 2.2*k, it.col)
			p.text(g.x1+18*k, it.y, p.fit(it.text, small, false, legendW-22*k), small, false, colInk, 0)
		}
	}
	// The dates across the bottom: the start's and the marked ones' that
	// fit.
	lastEnd := -math.MaxFloat64
	for i, x := range g.xs {
		if i > 0 && marks[i] == 0 {
			continue
		}
		label := model.DateText(path.Points[i].Date)
		w := p.width(label, small, false)
		if x-w/2 < lastEnd+6*k || x+w/2 > pw {
			continue
		}
		p.text(x, plotBottom+18*k, label, small, false, colMuted, 0.5)
		lastEnd = x + w/2
	}
	if key {
		y := bottom + 16*k
		for _, l := range lines {
			p.text(margin, y, p.fit(l, 15*k, false, pw-2*margin), 15*k, false, colInk, 0)
			y += 22 * k
		}
	}
	return g
}

var colorWhite = colCard

// legendItem is one label of a panel's legend, wanted at baseline y.
type legendItem struct {
	y    float64
	text string
	col  color.NRGBA
}

// spread moves the items' baselines apart to at least h, in order of y,
// within [lo, hi] where it can.
func spread(items []legendItem, h, lo, hi float64) {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	for a := 1; a < len(idx); a++ { // insertion sort by y: a handful of items
		for b := a; b > 0 && items[idx[b]].y < items[idx[b-1]].y; b-- {
			idx[b], idx[b-1] = idx[b-1], idx[b]
		}
	}
	for a := 1; a < len(idx); a++ {
		if prev := items[idx[a-1]].y; items[idx[a]].y < prev+h {
			items[idx[a]].y = prev + h
		}
	}
	if len(idx) > 0 {
		if over := items[idx[len(idx)-1]].y - hi; over > 0 {
			for _, i := range idx {
				items[i].y -= over
			}
		}
		if under := lo - items[idx[0]].y; under > 0 {
			for _, i := range idx {
				items[i].y += under
			}
		}
	}
}

// timeline writes the brief's pages on the log: the path chart with its
// key, and what changed from the model's as-of date (or the start of the
// log) to the log's last date, in words, with the entries that caused it.
func (b *briefWriter) timeline() error {
	m := b.m
	tb, err := timeline.NewBeliefs(m)
	if err != nil {
		return err
	}
	path, err := timeline.ComputePath(tb)
	if err != nil {
		return err
	}
	dates := timeline.Dates(m.Log)
	from, to := m.AsOf, dates[len(dates)-1]
	if from == "" || from > to {
		from = ""
	}
	cs, err := timeline.ComputeChanges(tb, from, to)
	if err != nil {
		return err
	}
	fromText := "the start of the log"
	if from != "" {
		fromText = model.DateText(from)
	}
	b.pageHead("Over time", "How the judgements moved", "Model: "+b.title+" · "+strconv.Itoa(len(m.Log))+" log entries, "+
		model.DateText(dates[0])+" to "+model.DateText(to))
	b.section("The path", 60)
	b.para(0, "Each intention and outcome state over the log's dates, a step at each entry; the numbered lines are the entries, listed below.", "", 9.5, bMuted)
	b.doc.Ln(1)
	b.pathFigure(m, path)
	for _, line := range PathKey(m, path) {
		b.ensure(bLineH)
		b.para(0, line, "", 8.5, bInk)
	}
	b.section("What changed from "+fromText+" to "+model.DateText(to), 20)
	big := cs.Biggest(0.005)
	if len(big) == 0 {
		b.para(0, "No intention or outcome moved by half a point or more.", "", 9.5, bInk)
	}
	d := b.doc
	for _, c := range big {
		b.ensure(2 * bLineH)
		y := d.GetY()
		b.fill(bMuted)
		d.Circle(bMargin+1.6, y+2.2, 0.7, "F")
		b.para(4.5, timeline.ChangeText(m, c), "", 9.5, bInk)
		d.Ln(1.2)
	}
	how := "Each entry's share is its Shapley value over the entries between the two dates, computed exactly: the shares add up to each change."
	if !cs.Exact {
		how = "Each entry's share is its Shapley value over the entries between the two dates, sampled over " + strconv.Itoa(cs.Permutations) + " orders: the shares add up to each change."
	}
	b.para(0, how, "I", 8.5, bMuted)
	return nil
}

// pathFigure draws the path chart across the page, its text at about
// 8 pt (as the brief's other charts), on a new page when it does not fit.
func (b *briefWriter) pathFigure(m *model.Model, path *timeline.Path) {
	d := b.doc
	k := bWidth / DefaultWidth // millimetres per logical pixel
	const textK = 2.4          // 13 px × 2.4 × k ≈ 8 pt
	ph := 260 + 300*float64(len(path.Nodes))
	h := ph * k
	if d.GetY()+h > bPageH-bBottom {
		d.AddPage()
	}
	y := d.GetY()
	c := newPDFCanvas(d, bMargin, y, k, vg.Length(DefaultWidth), vg.Length(ph))
	drawPath(pen{c: c, fonts: b.fonts, u: 1, h: ph}, DefaultWidth, ph, m, path, pathStyle{k: textK})
	b.draw(bRule)
	d.SetLineWidth(0.2)
	d.Rect(bMargin, y, bWidth, h, "D")
	d.SetY(y + h + 2)
}
