package gui

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/network/decision"
	"brink/network/model"
)

// decisionPanel is the Decisions tab: for each decision, the expected
// utility of each option under the current findings and actions, the
// best one, what the choice depends on and what is worth knowing first;
// and when two actors each have a decision, the table of their options
// against each other with each side's best responses and a sentence on
// what each side's best move is.
type decisionPanel struct {
	win     *Window
	content *fyne.Container
	scroll  *container.Scroll
	// none is set while the panel shows that the model has no decisions,
	// so that a click on a model without any costs nothing here.
	none bool
	// visible reports whether the tab is showing; nil means always. The
	// values of information the tab lists cost a propagation per chance
	// node and decision (60 ms a click on the flagship), so while the tab
	// is hidden a change only marks it stale, and it is drawn when shown.
	visible func() bool
	stale   bool
}

func newDecisionPanel(win *Window) *decisionPanel {
	p := &decisionPanel{win: win, content: container.NewVBox()}
	p.scroll = container.NewVScroll(p.content)
	p.scroll.Direction = container.ScrollVerticalOnly
	return p
}

// refresh redraws the panel for the current model and findings, or, while
// the tab is hidden, marks it to be redrawn when it is shown.
func (p *decisionPanel) refresh() {
	if p.visible != nil && !p.visible() {
		p.stale = true
		return
	}
	p.redraw()
}

// shown redraws the panel if a change came while it was hidden.
func (p *decisionPanel) shown() {
	if p.stale {
		p.redraw()
	}
}

func (p *decisionPanel) redraw() {
	p.stale = false
	ws := p.win.ws
	d, err := ws.Decisions()
	none := errors.Is(err, decision.ErrNoDecisions)
	if none && p.none {
		return
	}
	p.none = none
	p.content.RemoveAll()
	switch {
	case none:
		p.content.Add(wrapped("This model has no decisions. A node with role “decision” (a side's options) and utility tables (how good each outcome is for a side) make it an influence diagram: see docs/model-format.md, or open the shipped oil-wildcatter.toml."))
	case err != nil:
		p.content.Add(wrapped(capitalise(err.Error())))
	default:
		p.fill(d)
	}
	p.content.Refresh()
}

func (p *decisionPanel) fill(d *workspace.Decisions) {
	m := p.win.ws.Model()
	n := m.Net
	p.content.Add(wrapped("Expected utility of each option, in the model's units, under the current findings and actions. Utilities are the analyst's judgements, argued in the model like its probabilities."))
	for i, v := range d.Diagram.Decisions() {
		who := ""
		if a := m.Nodes[v].Actor; a != "" {
			who = " — " + a
		}
		p.content.Add(heading(m.Label(v) + who))
		opts := d.Solution.Options[i]
		lo, hi := math.Inf(1), math.Inf(-1)
		best := -1
		for o, eu := range opts {
			if math.IsNaN(eu) {
				continue
			}
			lo, hi = math.Min(lo, eu), math.Max(hi, eu)
			if best < 0 || eu > opts[best] {
				best = o
			}
		}
		for o, eu := range opts {
			name := m.StateLabel(v, o)
			if o == best {
				name = "★ " + name
			}
			frac := 0.0
			if hi > lo && !math.IsNaN(eu) {
				frac = (eu - lo) / (hi - lo)
			}
			p.content.Add(utilityRow(name, utilityText(eu), frac, o == best))
		}
		if ps := n.Parents(v); len(ps) > 0 {
			p.content.Add(wrapped(decision.PolicyText(m, v, d.Solution.Policies[i])))
		}
		if worth := p.worthKnowing(d, v, i < len(d.Diagram.Decisions())-1); worth != "" {
			p.content.Add(wrapped(worth))
		}
	}
	if g := d.Game; g != nil {
		p.content.Add(heading(fmt.Sprintf("%s against %s", d.Actors[0], d.Actors[1])))
		p.content.Add(wrapped(fmt.Sprintf("Each cell: %s's expected utility, then %s's, when both options are taken. ★ marks a side's best response to the other's option.", d.Actors[0], d.Actors[1])))
		// A table of three options a side is wider than the side panel:
		// it scrolls sideways on its own, so that the rest of the tab
		// still wraps to the panel's width, and the wheel over it still
		// scrolls the tab (wheelRouter).
		side := container.NewHScroll(gameGrid(m, d, g))
		p.content.Add(container.NewStack(side, newWheelRouter(side, p.scroll)))
		p.content.Add(wrapped(g.Words(m, d.Actors).String()))
	}
}

// utilityRow is one option: its name, a bar from the worst option to the
// best, and its expected utility.
func utilityRow(name, value string, frac float64, best bool) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: best})
	l.Truncation = fyne.TextTruncateEllipsis
	track := canvas.NewRectangle(color.NRGBA{0x80, 0x80, 0x80, 0x40})
	bar := canvas.NewRectangle(color.NRGBA{0x0f, 0x76, 0x6e, 0xd0})
	val := widget.NewLabelWithStyle(value, fyne.TextAlignTrailing, fyne.TextStyle{Bold: best})
	bars := container.New(&fracLayout{frac: frac}, track, bar)
	return container.NewGridWithColumns(3, l, bars, val)
}

// fracLayout draws its second object over the first, frac of its width.
type fracLayout struct{ frac float64 }

func (f *fracLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := size.Height * 0.6
	y := (size.Height - h) / 2
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, y))
	objs[1].Resize(fyne.NewSize(float32(math.Max(0.02, f.frac))*size.Width, h))
}

func (f *fracLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(40, 20) }

func utilityText(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "ruled out"
	}
	return trimNumber(x)
}

// worthKnowing names the chance nodes most worth knowing before decision
// v, with how much the expected utility would rise.
func (p *decisionPanel) worthKnowing(d *workspace.Decisions, v int, atLeast bool) string {
	ws := p.win.ws
	m := ws.Model()
	ev := ws.Evidence()
	type item struct {
		x   int
		val float64
	}
	var items []item
	for x := range m.Net.NumVariables() {
		if m.Nodes[x].Role == model.RoleDecision {
			continue
		}
		if _, observed := ev.Finding(x); observed {
			continue
		}
		if _, set := ev.Do(x); set {
			continue
		}
		val, err := d.Diagram.Value(ev, d.Solution, v, x)
		if err != nil || val < 1e-9 {
			continue
		}
		items = append(items, item{x, val})
	}
	if len(items) == 0 {
		return ""
	}
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if items[j].val > items[i].val {
				items[i], items[j] = items[j], items[i]
			}
		}
	}
	var parts []string
	for _, it := range items[:min(3, len(items))] {
		parts = append(parts, fmt.Sprintf("%s (+%s)", m.Label(it.x), trimNumber(it.val)))
	}
	rise := "how much the expected utility would rise"
	if atLeast {
		rise = "at least how much the expected utility would rise (the later decisions would adapt too)"
	}
	return "Worth knowing before deciding: " + strings.Join(parts, ", ") + " — " + rise + "."
}

// gameGrid draws the two sides' table, each cell tinted by how good it is
// for both (green for both well off, red for both badly).
func gameGrid(m *model.Model, d *workspace.Decisions, g *decision.Game) fyne.CanvasObject {
	a, b := d.Sides[0], d.Sides[1]
	nb := len(g.Payoff[0])
	grid := container.NewGridWithColumns(nb + 1)
	corner := widget.NewLabelWithStyle(m.Label(a)+" ↓ · "+m.Label(b)+" →", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	corner.Truncation = fyne.TextTruncateEllipsis
	grid.Add(corner)
	for j := range nb {
		grid.Add(widget.NewLabelWithStyle(m.StateLabel(b, j), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range g.Payoff {
		for _, c := range row {
			for _, x := range c {
				if !math.IsNaN(x) {
					lo, hi = math.Min(lo, x), math.Max(hi, x)
				}
			}
		}
	}
	for i := range g.Payoff {
		grid.Add(widget.NewLabelWithStyle(m.StateLabel(a, i), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for j := range nb {
			pa, pb := g.Payoff[i][j][0], g.Payoff[i][j][1]
			sa, sb := "", ""
			if slices.Contains(g.BestA[j], i) {
				sa = "★"
			}
			if slices.Contains(g.BestB[i], j) {
				sb = "★"
			}
			text := fmt.Sprintf("%s%s / %s%s", utilityText(pa), sa, utilityText(pb), sb)
			mean := 0.5
			if hi > lo && !math.IsNaN(pa+pb) {
				mean = ((pa+pb)/2 - lo) / (hi - lo)
			}
			bg := canvas.NewRectangle(color.NRGBA{uint8(200 * (1 - mean)), uint8(160 * mean), 0x40, 0x50})
			grid.Add(container.NewStack(bg, widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{})))
		}
	}
	return grid
}
