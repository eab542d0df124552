package gui

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/gui/workspace"
	"brink/network/model"
)

// outcomePanel shows each side's intention and the outcome nodes as large
// bars with percentages and the change against the baseline (no
// findings), always in view beside the network.
type outcomePanel struct {
	ws      *workspace.Workspace
	box     *fyne.Container
	entries []outcomeRow
}

type outcomeRow struct {
	v, s  int
	bar   *bigBar
	delta *canvas.Text
}

// panelNodes returns the nodes the panel shows: intentions, then outcomes.
func panelNodes(m *model.Model) []int {
	var out []int
	for _, role := range []model.Role{model.RoleIntention, model.RoleOutcome} {
		for v, nd := range m.Nodes {
			if nd.Role == role {
				out = append(out, v)
			}
		}
	}
	return out
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
	nodes := panelNodes(m)
	if len(nodes) == 0 {
		p.box.Add(widget.NewLabel("No node of this model is marked as an intention or outcome."))
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
		e.delta.Text, e.delta.Color = deltaText(cur - base)
		e.delta.Refresh()
	}
}

// deltaText renders a change of probability in percentage points: "▲ +12
// pp", "▼ −3.4 pp", or "±0 pp" when it rounds to nothing.
func deltaText(d float64) (string, color.Color) {
	pp := 100 * d
	switch {
	case math.Abs(pp) < 0.05:
		return "±0 pp", theme.Color(theme.ColorNameDisabled)
	case pp > 0:
		return fmt.Sprintf("▲ +%s pp", ppNumber(pp)), color.NRGBA{0xc2, 0x41, 0x0c, 0xff}
	default:
		return fmt.Sprintf("▼ −%s pp", ppNumber(-pp)), color.NRGBA{0x1d, 0x4e, 0xd8, 0xff}
	}
}

func ppNumber(x float64) string {
	if x >= 9.95 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// bigBar is a horizontal bar with the state's name and percentage written
// on it.
type bigBar struct {
	widget.BaseWidget
	label string
	fill  color.Color
	value float64
	big   bool // presentation size
}

func newBigBar(label string, fill color.Color) *bigBar {
	b := &bigBar{label: label, fill: fill}
	b.ExtendBaseWidget(b)
	return b
}

func (b *bigBar) setValue(p float64) {
	if p != b.value {
		b.value = p
		b.Refresh()
	}
}

// Percent returns the text shown for the bar's value.
func (b *bigBar) Percent() string { return percentText(b.value) }

func (b *bigBar) CreateRenderer() fyne.WidgetRenderer {
	r := &bigBarRenderer{b: b,
		track: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
		bar:   canvas.NewRectangle(b.fill),
		name:  canvas.NewText(b.label, theme.Color(theme.ColorNameForeground)),
		pct:   canvas.NewText("", theme.Color(theme.ColorNameForeground)),
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
	b          *bigBar
	track, bar *canvas.Rectangle
	name, pct  *canvas.Text
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
	r.pct.Text = percentText(r.b.value)
	r.Layout(r.b.Size())
	r.track.Refresh()
	r.bar.Refresh()
	r.name.Refresh()
	r.pct.Refresh()
}

func (r *bigBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.bar, r.name, r.pct}
}

func (r *bigBarRenderer) Destroy() {}

// percentText shows a probability with one decimal, never NaN.
func percentText(p float64) string {
	if math.IsNaN(p) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*p)
}
