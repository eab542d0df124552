package gui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/gui/workspace"
	"brink/network/analysis"
	"brink/network/model"
)

// outcomePanel shows each side's intention and the outcome nodes as large
// bars with percentages and the change against the baseline (no
// findings), always in view beside the network.
//
// Its rows are laid out by outcomeLayout, which switches to compact rows
// (lower bars, smaller text) when the space the panel is given is shorter
// than the normal rows need, so that the flagship's intentions and outcomes
// fit above the fold on a 1366×768 screen.
type outcomePanel struct {
	ws *workspace.Workspace
	// box holds the rows; content is box in a vertical scroll, what the
	// window places in its side panel.
	box     *fyne.Container
	layout  *outcomeLayout
	content *container.Scroll
	heads   []*canvas.Text
	entries []outcomeRow
	// period heads the outcome nodes when the model has a horizon:
	// "Outcomes by 7 Jun 2027 — 6 months from 7 Dec 2026", or its first
	// part alone when the panel is too narrow for all of it (periodFull,
	// periodShort); nil when the model has none. It goes above the
	// heading of node periodAt, the first outcome node.
	period                  *canvas.Text
	periodFull, periodShort string
	periodAt                int
	// empty is shown instead of rows when the model has no briefing nodes.
	empty *widget.Label
	// noteSwatch and note are the legend of the uncertainty intervals,
	// shown while there are intervals.
	noteSwatch *canvas.Rectangle
	note       *widget.Label
	noteText   string
	intervals  bool
	// words adds the ICD 203 estimative term to each percentage.
	words bool
}

type outcomeRow struct {
	v, s  int
	bar   *bigBar
	delta *canvas.Text
}

// defaultIntervalNote explains the interval strips when the analysis that
// drew them gave no note of its own.
const defaultIntervalNote = "The strip along each bar's foot spans its uncertainty interval."

func newOutcomePanel(ws *workspace.Workspace) *outcomePanel {
	p := &outcomePanel{ws: ws}
	p.note = widget.NewLabel("")
	p.note.Truncation = fyne.TextTruncateEllipsis
	p.note.SizeName = theme.SizeNameCaptionText
	p.noteSwatch = canvas.NewRectangle(theme.Color(theme.ColorNameForeground))
	p.layout = &outcomeLayout{p: p}
	p.box = container.New(p.layout)
	p.content = container.NewVScroll(p.box)
	p.rebuild()
	return p
}

// rebuild lays the panel out for the workspace's model.
func (p *outcomePanel) rebuild() {
	p.box.RemoveAll()
	p.entries, p.heads, p.empty, p.period = nil, nil, nil, nil
	m := p.ws.Model()
	nodes := m.BriefingNodes()
	if len(nodes) == 0 {
		p.empty = widget.NewLabel("This model has no nodes to show here.")
		p.box.Add(p.empty)
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	if full := m.OutcomesHeading(); full != "" {
		// The period shares its row with the first outcome node's heading
		// ("Outcome   by 7 Jun 2027 — 6 months from 7 Dec 2026"), so that
		// it costs the panel no row of its own.
		full = strings.TrimPrefix(full, "Outcomes ")
		p.periodFull, p.periodShort = full, "by "+model.DateText(m.Horizon)
		p.periodAt = nodes[0]
		for _, v := range nodes {
			if m.Nodes[v].Role == model.RoleOutcome {
				p.periodAt = v
				break
			}
		}
		p.period = canvas.NewText(full, fg)
		p.period.TextStyle.Italic = true
		p.box.Add(p.period)
	}
	for _, v := range nodes {
		head := canvas.NewText(m.Label(v), fg)
		head.TextStyle.Bold = true
		p.heads = append(p.heads, head)
		p.box.Add(head)
		for s := range m.Net.Card(v) {
			bar := newBigBar(m.StateLabel(v, s), graphview.RoleColor(m.Nodes[v].Role))
			delta := canvas.NewText("", fg)
			delta.Alignment = fyne.TextAlignTrailing
			p.box.Add(bar)
			p.box.Add(delta)
			p.entries = append(p.entries, outcomeRow{v: v, s: s, bar: bar, delta: delta})
		}
	}
	p.box.Add(p.noteSwatch)
	p.box.Add(p.note)
	p.intervals = false
	p.showNote()
	p.update()
}

// update shows the current beliefs and their change from the baseline.
func (p *outcomePanel) update() {
	for _, e := range p.entries {
		cur := p.ws.Posterior(e.v)[e.s]
		base := p.ws.Baseline(e.v)[e.s]
		e.bar.setValue(cur)
		e.bar.setWords(p.words)
		e.delta.Text, e.delta.Color = deltaText(cur - base)
		e.delta.Refresh()
	}
	if _, sampled := p.ws.Approximation(); sampled || p.note.Visible() {
		p.showNote() // the precision follows the findings
	}
}

// setIntervals shows the uncertainty interval of each state of v as a
// strip along the foot of its bar, with the legend line; they are cleared
// when the beliefs change. Intervals that do not fit v's states (a result
// for another model) are ignored.
func (p *outcomePanel) setIntervals(v int, low, high []float64) {
	for _, e := range p.entries {
		if e.v == v && e.s < len(low) && e.s < len(high) {
			e.bar.setInterval(low[e.s], high[e.s])
			p.intervals = true
		}
	}
	p.showNote()
}

// setIntervalNote sets the legend shown under the bars while intervals are
// shown, e.g. "Bars show a 90% interval from 1,000 samples of the CPTs".
// clearIntervals clears it.
func (p *outcomePanel) setIntervalNote(text string) {
	p.noteText = text
	p.showNote()
}

// clearIntervals removes the interval strips and their legend, which
// belong to the findings they were computed for.
func (p *outcomePanel) clearIntervals() {
	for _, e := range p.entries {
		e.bar.setInterval(-1, -1)
	}
	p.intervals, p.noteText = false, ""
	p.showNote()
}

// intervalNote returns the legend line shown, or "" when none is.
func (p *outcomePanel) intervalNote() string {
	if !p.intervals {
		return ""
	}
	return p.note.Text
}

// showNote shows the line under the bars: the legend of the uncertainty
// intervals while they are shown, and before it, for a network past exact
// reach, that the beliefs are sampled and how precise they are.
func (p *outcomePanel) showNote() {
	approx, sampled := p.ws.Approximation()
	if !p.intervals && !sampled {
		p.note.Hide()
		p.noteSwatch.Hide()
		p.box.Refresh()
		return
	}
	var text string
	if p.intervals {
		text = p.noteText
		if text == "" {
			text = defaultIntervalNote
		}
		p.noteSwatch.FillColor = theme.Color(theme.ColorNameForeground)
		p.noteSwatch.Show()
	} else {
		p.noteSwatch.Hide()
	}
	if sampled {
		text = strings.TrimSpace(approx + ". " + text)
	}
	p.note.SetText(text)
	p.note.Show()
	p.box.Refresh()
}

// rowMetrics are the heights of the outcome panel's parts, in one of two
// densities.
type rowMetrics struct {
	head, bar, gap, text float32
}

var (
	normalRows  = rowMetrics{head: 26, bar: 30, gap: 4, text: 15}
	compactRows = rowMetrics{head: 19, bar: 21, gap: 2, text: 12}
)

const (
	deltaWidth = 84
	// gutter leaves room on the right for the scroll bar, which overlays
	// content.
	gutter = 14
	pad    = 4
)

// outcomeLayout stacks the outcome panel's headings and rows. It uses
// normalRows when the height it is given allows, compactRows otherwise; its
// minimum size is that of the compact rows, so the split around the panel
// does not move when the density changes.
type outcomeLayout struct{ p *outcomePanel }

// height returns the height the panel's rows need at density r.
func (l *outcomeLayout) height(r rowMetrics) float32 {
	p := l.p
	if p.empty != nil {
		return p.empty.MinSize().Height
	}
	h := 2*pad + float32(len(p.heads))*(r.head+r.gap) + float32(len(p.entries))*(r.bar+r.gap)
	if p.note.Visible() {
		h += p.note.MinSize().Height
	}
	return h
}

// roomFor returns the height the panel should be given at density r: its
// rows and, even while no intervals are shown, the legend's line, so that
// turning How sure? on later shows the legend without a scroll bar.
func (l *outcomeLayout) roomFor(r rowMetrics) float32 {
	h := l.height(r)
	if l.p.empty == nil && !l.p.note.Visible() {
		h += l.p.note.MinSize().Height
	}
	return h
}

func (l *outcomeLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	if l.p.empty != nil {
		return l.p.empty.MinSize()
	}
	return fyne.NewSize(2*pad+180+deltaWidth+gutter, l.height(compactRows))
}

// compactFor reports whether rows laid out in height h must be compact.
func (l *outcomeLayout) compactFor(h float32) bool { return h < l.height(normalRows) }

func (l *outcomeLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	p := l.p
	if p.empty != nil {
		p.empty.Resize(size)
		p.empty.Move(fyne.NewPos(0, 0))
		return
	}
	r := normalRows
	if l.compactFor(size.Height) {
		r = compactRows
	}
	w := size.Width - 2*pad
	barW := max(w-deltaWidth-gutter, 1)
	y := float32(pad)
	h, prev := -1, -1
	for _, e := range p.entries {
		if e.v != prev { // rows follow their node's heading
			h, prev = h+1, e.v
			head := p.heads[h]
			head.TextSize = r.text
			th := head.MinSize().Height
			head.Move(fyne.NewPos(pad, y+(r.head-th)/2))
			head.Resize(fyne.NewSize(w, th))
			if p.period != nil && e.v == p.periodAt {
				l.layoutPeriod(r, w, head.MinSize().Width, y)
			}
			y += r.head + r.gap
		}
		e.bar.compact = r == compactRows
		e.bar.Move(fyne.NewPos(pad, y))
		e.bar.Resize(fyne.NewSize(barW, r.bar))
		e.delta.TextSize = r.text
		dh := e.delta.MinSize().Height
		e.delta.Move(fyne.NewPos(pad+barW, y+(r.bar-dh)/2))
		e.delta.Resize(fyne.NewSize(deltaWidth, dh))
		y += r.bar + r.gap
	}
	if p.note.Visible() {
		nh := p.note.MinSize().Height
		p.noteSwatch.Move(fyne.NewPos(pad+theme.InnerPadding()/2, y+nh/2-1.5))
		p.noteSwatch.Resize(fyne.NewSize(16, 3))
		p.note.Move(fyne.NewPos(pad+16, y))
		p.note.Resize(fyne.NewSize(max(w-16-gutter, 1), nh))
	}
}

// layoutPeriod places the period after the heading (headW wide) in the
// row of height r.head at y, right-aligned in width w: all of it when it
// fits, else its first part ("by 7 Jun 2027").
func (l *outcomeLayout) layoutPeriod(r rowMetrics, w, headW, y float32) {
	t := l.p.period
	t.TextSize = r.text - 1
	t.Text = l.p.periodFull
	room := w - headW - gutter - theme.Padding()
	if fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width > room {
		t.Text = l.p.periodShort
	}
	t.Alignment = fyne.TextAlignTrailing
	th := t.MinSize().Height
	t.Move(fyne.NewPos(pad+headW+theme.Padding(), y+(r.head-th)/2))
	t.Resize(fyne.NewSize(max(w-headW-theme.Padding()-gutter, 1), th))
}

// periodText returns the period heading shown, or "" when none is.
func (p *outcomePanel) periodText() string {
	if p.period == nil {
		return ""
	}
	return p.period.Text
}

// deltaText renders a change of probability in percentage points: "▲ +12
// pp", "▼ −3.4 pp", or "±0 pp" when it rounds to nothing.
func deltaText(d float64) (string, color.Color) {
	switch text := analysis.Delta(d); {
	case strings.HasPrefix(text, "▲"):
		return text, color.NRGBA{0xc2, 0x41, 0x0c, 0xff}
	case strings.HasPrefix(text, "▼"):
		return text, color.NRGBA{0x1d, 0x4e, 0xd8, 0xff}
	default:
		return text, theme.Color(theme.ColorNameDisabled)
	}
}

// bigBar is a horizontal bar with the state's name and percentage written
// on it.
type bigBar struct {
	widget.BaseWidget
	label string
	fill  color.Color
	value float64
	big   bool // presentation size
	// compact is the outcome panel's dense size, set by its layout.
	compact bool
	words   bool // show the estimative term
	// lo and hi bound an uncertainty interval, drawn as a strip along the
	// bar's foot, below its text; negative when there is none.
	lo, hi float64
}

func newBigBar(label string, fill color.Color) *bigBar {
	b := &bigBar{label: label, fill: fill, lo: -1, hi: -1}
	b.ExtendBaseWidget(b)
	return b
}

func (b *bigBar) setValue(p float64) {
	if p != b.value {
		b.value = p
		b.Refresh()
	}
}

func (b *bigBar) setWords(on bool) {
	if on != b.words {
		b.words = on
		b.Refresh()
	}
}

func (b *bigBar) setInterval(lo, hi float64) {
	b.lo, b.hi = lo, hi
	b.Refresh()
}

// Percent returns the text shown for the bar's value.
func (b *bigBar) Percent() string {
	if b.words {
		return analysis.Percent(b.value) + " · " + analysis.Term(b.value)
	}
	return analysis.Percent(b.value)
}

func (b *bigBar) CreateRenderer() fyne.WidgetRenderer {
	r := &bigBarRenderer{b: b,
		track: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
		bar:   canvas.NewRectangle(b.fill),
		name:  canvas.NewText(b.label, theme.Color(theme.ColorNameForeground)),
		pct:   canvas.NewText("", theme.Color(theme.ColorNameForeground)),
		err:   canvas.NewRectangle(theme.Color(theme.ColorNameForeground)),
	}
	r.track.CornerRadius, r.bar.CornerRadius = 4, 4
	r.pct.TextStyle.Bold = true
	r.pct.Alignment = fyne.TextAlignTrailing
	r.Refresh()
	return r
}

type bigBarRenderer struct {
	b               *bigBar
	track, bar, err *canvas.Rectangle
	name, pct       *canvas.Text
}

// textSize is the size of the bar's texts.
func (r *bigBarRenderer) textSize() float32 {
	switch {
	case r.b.big:
		return 24
	case r.b.compact:
		return compactRows.text
	}
	return normalRows.text
}

// stripHeight is the height of the interval strip at the bar's foot.
func (r *bigBarRenderer) stripHeight() float32 {
	switch {
	case r.b.big:
		return 6
	case r.b.compact:
		return 3
	}
	return 4
}

func (r *bigBarRenderer) Layout(size fyne.Size) {
	ts := r.textSize()
	r.name.TextSize, r.pct.TextSize = ts, ts
	r.track.Resize(size)
	r.bar.Resize(fyne.NewSize(float32(r.b.value)*size.Width, size.Height))
	// The texts are centred in the part of the bar above the interval
	// strip, so that the strip never crosses them.
	sh := r.stripHeight()
	above := size.Height - sh
	nh := r.name.MinSize().Height
	r.name.Move(fyne.NewPos(8, max((above-nh)/2, 0)))
	r.name.Resize(fyne.NewSize(size.Width-80, nh))
	pw := float32(78)
	if r.b.big {
		pw = 110
	}
	if r.b.words {
		pw += 150
	}
	if r.b.lo >= 0 {
		r.err.Show()
		r.err.Move(fyne.NewPos(float32(r.b.lo)*size.Width, size.Height-sh))
		r.err.Resize(fyne.NewSize(max(float32(r.b.hi-r.b.lo)*size.Width, 2), sh))
	} else {
		r.err.Hide()
	}
	ph := r.pct.MinSize().Height
	r.pct.Move(fyne.NewPos(size.Width-pw, max((above-ph)/2, 0)))
	r.pct.Resize(fyne.NewSize(pw-8, ph))
}

func (r *bigBarRenderer) MinSize() fyne.Size {
	switch {
	case r.b.big:
		return fyne.NewSize(300, 30) // a slide's column gives it more when there is room
	case r.b.compact:
		return fyne.NewSize(180, compactRows.bar)
	}
	return fyne.NewSize(180, normalRows.bar)
}

func (r *bigBarRenderer) Refresh() {
	// The theme of the bar's own window: a slide's projector palette, or
	// the app's theme in the main window.
	th, variant := theme.CurrentForWidget(r.b), fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	r.track.FillColor = th.Color(theme.ColorNameInputBackground, variant)
	c := r.b.fill.(color.NRGBA)
	c.A = 0x99
	r.bar.FillColor = c
	r.name.Color, r.pct.Color = fg, fg
	r.pct.Text = r.b.Percent()
	r.err.FillColor = fg
	r.Layout(r.b.Size())
	r.track.Refresh()
	r.bar.Refresh()
	r.err.Refresh()
	r.name.Refresh()
	r.pct.Refresh()
}

func (r *bigBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.bar, r.err, r.name, r.pct}
}

func (r *bigBarRenderer) Destroy() {}
