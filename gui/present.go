package gui

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/gui/workspace"
	"brink/network"
	"brink/network/model"
)

// presentation is the full-screen briefing view: one slide per saved
// scenario (after the baseline), with the findings of the step in large
// type and the intention and outcome bars moving from the previous step.
// Arrow keys, Space and Page Up/Down step; Esc leaves.
type presentation struct {
	w      fyne.Window
	ws     *workspace.Workspace
	steps  []presentStep
	cmp    *workspace.Comparison
	nodes  []int
	step   int
	shown  []float64 // the values the bars show now, by comparison row
	title  *widget.Label
	sub    *widget.Label
	finds  *fyne.Container
	bars   []*bigBar
	deltas []*canvas.Text
	anim   *fyne.Animation
	// override applies the large type; it must be refreshed when objects
	// are added under it.
	override *container.ThemeOverride
}

type presentStep struct {
	name, description string
	findings          []model.Finding
}

// openPresentation starts the presentation of ws's scenarios in a new
// full-screen window.
func openPresentation(app fyne.App, ws *workspace.Workspace) (*presentation, error) {
	m := ws.Model()
	p := &presentation{ws: ws, nodes: m.BriefingNodes()}
	names := []string{""}
	p.steps = []presentStep{{name: "Baseline", description: "No findings: the model's view before any evidence."}}
	for _, sc := range m.Scenarios {
		if len(sc.Findings) == 0 {
			continue // a scenario without findings is the baseline again
		}
		names = append(names, sc.Name)
		p.steps = append(p.steps, presentStep{name: sc.Name, description: sc.Description, findings: sc.Findings})
	}
	cmp, err := ws.Compare(names, p.nodes)
	if err != nil {
		return nil, err
	}
	p.cmp = cmp
	p.w = app.NewWindow("Brink — presentation")
	p.build()
	p.w.Canvas().SetOnTypedKey(p.key)
	p.w.SetFullScreen(true)
	p.w.Resize(fyne.NewSize(1600, 900))
	p.show(0, false)
	p.w.Show()
	return p, nil
}

func (p *presentation) build() {
	fg := theme.Color(theme.ColorNameForeground)
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.SizeName = theme.SizeNameHeadingText
	p.sub = widget.NewLabel("")
	p.sub.Wrapping = fyne.TextWrapWord
	p.sub.Importance = widget.LowImportance
	p.finds = container.NewVBox()
	left := container.NewVBox(p.title, p.sub, widget.NewSeparator(), p.finds)

	right := container.NewVBox()
	m := p.ws.Model()
	p.shown = make([]float64, len(p.cmp.Rows))
	for _, v := range p.nodes {
		head := widget.NewLabelWithStyle(m.Label(v), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.SizeName = theme.SizeNameSubHeadingText
		right.Add(head)
		for s := range m.Net.Card(v) {
			bar := newBigBar(m.StateLabel(v, s), graphview.RoleColor(m.Nodes[v].Role))
			bar.big = true
			d := canvas.NewText("", fg)
			d.TextSize = 24
			d.Alignment = fyne.TextAlignTrailing
			p.bars = append(p.bars, bar)
			p.deltas = append(p.deltas, d)
			right.Add(container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(160, 46), d), bar))
		}
	}
	help := widget.NewLabel("← → step through the scenarios     Esc leaves")
	help.Importance = widget.LowImportance
	body := container.NewGridWithColumns(2, container.NewPadded(left), container.NewPadded(right))
	content := container.NewBorder(nil, container.NewCenter(help), nil, nil, container.NewPadded(body))
	p.override = container.NewThemeOverride(content, largeTheme{})
	p.w.SetContent(p.override)
}

// largeTheme is the current theme with type large enough to read from the
// back of a room; colours, and so light or dark, follow the system.
type largeTheme struct{}

func (largeTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t largeTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base().Color(n, v)
}

func (t largeTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base().Font(s) }

func (t largeTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }

func (t largeTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 26
	case theme.SizeNameHeadingText:
		return 44
	case theme.SizeNameSubHeadingText:
		return 30
	}
	return t.base().Size(n)
}

// key steps through the slides.
func (p *presentation) key(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyRight, fyne.KeyDown, fyne.KeySpace, fyne.KeyPageDown, fyne.KeyReturn:
		if p.step+1 < len(p.steps) {
			p.show(p.step+1, true)
		}
	case fyne.KeyLeft, fyne.KeyUp, fyne.KeyPageUp, fyne.KeyBackspace:
		if p.step > 0 {
			p.show(p.step-1, true)
		}
	case fyne.KeyHome:
		p.show(0, true)
	case fyne.KeyEscape:
		p.w.Close()
	}
}

// show displays step i; with animate, the bars glide from their values
// at the previous step.
func (p *presentation) show(i int, animate bool) {
	prev := p.step
	p.step = i
	st := p.steps[i]
	p.title.SetText(fmt.Sprintf("%s   (%d/%d)", st.name, i+1, len(p.steps)))
	p.sub.SetText(st.description)

	p.finds.RemoveAll()
	before := map[string]string{}
	for _, f := range p.steps[prev].findings {
		before[f.Node] = findingText(p.ws.Model(), f)
	}
	for _, f := range st.findings {
		text := findingText(p.ws.Model(), f)
		l := widget.NewLabel("• " + text)
		l.Wrapping = fyne.TextWrapWord
		if i > 0 && before[f.Node] != text {
			l.SetText("+ " + text + "   (new)")
			l.Importance = widget.SuccessImportance
		}
		p.finds.Add(l)
		if f.Provenance != nil && f.Provenance.Note != "" {
			n := widget.NewLabel("   " + f.Provenance.Note)
			n.Wrapping = fyne.TextWrapWord
			n.Importance = widget.LowImportance
			p.finds.Add(n)
		}
	}
	if len(st.findings) == 0 {
		p.finds.Add(widget.NewLabel("No findings."))
	}
	if p.override != nil {
		p.override.Refresh() // themes the new labels too
	}

	from := append([]float64(nil), p.shown...)
	to := make([]float64, len(p.cmp.Rows))
	for r, row := range p.cmp.Rows {
		to[r] = row.Values[i]
		txt, c := deltaText(row.Values[i] - row.Values[0])
		p.deltas[r].Text, p.deltas[r].Color = txt, c
		p.deltas[r].Refresh()
	}
	if p.anim != nil {
		p.anim.Stop()
	}
	if !animate {
		p.setBars(to)
		return
	}
	p.anim = fyne.NewAnimation(600*time.Millisecond, func(f float32) {
		cur := make([]float64, len(to))
		for r := range to {
			cur[r] = from[r] + (to[r]-from[r])*float64(f)
		}
		p.setBars(cur)
	})
	p.anim.Curve = fyne.AnimationEaseInOut
	p.anim.Start()
}

func (p *presentation) setBars(vals []float64) {
	copy(p.shown, vals)
	for r, b := range p.bars {
		b.setValue(vals[r])
	}
}

// findingText renders a scenario finding for the slide.
func findingText(m *model.Model, f model.Finding) string {
	v, _ := m.Net.Index(f.Node)
	switch f.Kind {
	case network.Hard:
		s := m.Net.Variable(v).StateIndex(f.State)
		return fmt.Sprintf("%s: %s", m.Label(v), m.StateLabel(v, s))
	case network.Negative:
		return fmt.Sprintf("%s: not %v", m.Label(v), f.NotStates)
	default:
		return fmt.Sprintf("%s: soft evidence %v", m.Label(v), f.Weights)
	}
}
