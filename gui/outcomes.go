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
)

// outcomePanel shows each side's intention and the outcome nodes as large
// bars with percentages and the change against the baseline (no
// findings), always in view beside the network.
type outcomePanel struct {
	ws      *workspace.Workspace
	box     *fyne.Container
	entries []outcomeRow
	// words adds the ICD 203 estimative term to each percentage.
	words bool
}

type outcomeRow struct {
	v, s  int
	bar   *bigBar
	delta *canvas.Text
}

func newOutcomePanel(ws *workspace.Workspace) *outcomePanel {
	p := &outcomePanel{ws: ws, box: container.NewVBox()}
	p.rebuild()
	return p
}

// rebuild lays the panel out for the workspace's model.
func (p *outcomePanel) rebuild() {
	p.box.RemoveAll()
	p.entries = nil
	m := p.ws.Model()
	nodes := m.BriefingNodes()
	if len(nodes) == 0 {
		p.box.Add(widget.NewLabel("This model has no nodes to show here."))
		return
	}
	for _, v := range nodes {
		head := widget.NewLabelWithStyle(m.Label(v), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		p.box.Add(head)
		for s := range m.Net.Card(v) {
			bar := newBigBar(m.StateLabel(v, s), graphview.RoleColor(m.Nodes[v].Role))
			delta := canvas.NewText("", theme.Color(theme.ColorNameForeground))
			delta.Alignment = fyne.TextAlignTrailing
			delta.TextSize = theme.TextSize()
			dbox := container.NewGridWrap(fyne.NewSize(84, bar.MinSize().Height), delta)
			// Room on the right for the scroll bar, which overlays content.
			gutter := container.NewGridWrap(fyne.NewSize(14, 1))
			p.box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(dbox, gutter), bar))
			p.entries = append(p.entries, outcomeRow{v: v, s: s, bar: bar, delta: delta})
		}
	}
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
}

// setIntervals shows the uncertainty interval of each state of v as an
// error bar; they are cleared when the beliefs change. Intervals that do
// not fit v's states (a result for another model) are ignored.
func (p *outcomePanel) setIntervals(v int, low, high []float64) {
	for _, e := range p.entries {
		if e.v == v && e.s < len(low) && e.s < len(high) {
			e.bar.setInterval(low[e.s], high[e.s])
		}
	}
}

// clearIntervals removes the error bars, which belong to the findings they
// were computed for.
func (p *outcomePanel) clearIntervals() {
	for _, e := range p.entries {
		e.bar.setInterval(-1, -1)
	}
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
	words bool // show the estimative term
	// lo and hi bound an uncertainty interval drawn as an error bar;
	// negative when there is none.
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
	r.name.TextSize, r.pct.TextSize = 15, 15
	if b.big {
		r.name.TextSize, r.pct.TextSize = 24, 24
	}
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

func (r *bigBarRenderer) Layout(size fyne.Size) {
	r.track.Resize(size)
	r.bar.Resize(fyne.NewSize(float32(r.b.value)*size.Width, size.Height))
	r.name.Move(fyne.NewPos(8, (size.Height-r.name.MinSize().Height)/2))
	r.name.Resize(fyne.NewSize(size.Width-80, r.name.MinSize().Height))
	pw := float32(78)
	if r.b.big {
		pw = 110
	}
	if r.b.words {
		pw += 150
	}
	if r.b.lo >= 0 {
		r.err.Show()
		r.err.Move(fyne.NewPos(float32(r.b.lo)*size.Width, size.Height/2-1.5))
		r.err.Resize(fyne.NewSize(max(float32(r.b.hi-r.b.lo)*size.Width, 2), 3))
	} else {
		r.err.Hide()
	}
	r.pct.Move(fyne.NewPos(size.Width-pw, (size.Height-r.pct.MinSize().Height)/2))
	r.pct.Resize(fyne.NewSize(pw-8, r.pct.MinSize().Height))
}

func (r *bigBarRenderer) MinSize() fyne.Size {
	if r.b.big {
		return fyne.NewSize(300, 44)
	}
	return fyne.NewSize(180, 30)
}

func (r *bigBarRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	r.track.FillColor = theme.Color(theme.ColorNameInputBackground)
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
