package gui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/gui/report"
	"brink/gui/workspace"
	"brink/network"
	"brink/network/model"
)

// presentation is the full-screen briefing view: one slide per saved
// scenario (after the baseline), with the findings of the step in large
// type and the intention and outcome bars moving from the previous step.
// Findings are marked against the step before in the story: new or
// changed ones in green, and those the step dropped listed as
// "removed: …" in red. N shows the network picture of the step instead
// of the bars, and back. Arrow keys, Space and Page Up/Down step; Esc
// leaves.
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

	// The network slide: body (the findings and bars) and network take
	// turns in the same place.
	body, network fyne.CanvasObject
	netImage      *canvas.Image
	netStatus     *widget.Label
	showNetwork   bool
	// pictures are the rendered network pictures by step; drawing marks
	// the steps being rendered. Both are used on the UI goroutine only.
	pictures map[int]image.Image
	drawing  map[int]bool
	// ui runs a function on the UI goroutine (fyne.Do); rendering counts
	// the pictures being rendered off it, for tests to wait on.
	ui        func(func())
	rendering sync.WaitGroup
}

type presentStep struct {
	title, description string
	scenario           *model.Scenario // nil for the baseline
	findings           []model.Finding
}

// openPresentation starts the presentation of ws's scenarios in a new
// full-screen window.
func openPresentation(app fyne.App, ws *workspace.Workspace) (*presentation, error) {
	m := ws.Model()
	p := &presentation{ws: ws, nodes: m.BriefingNodes(), ui: fyne.Do,
		pictures: map[int]image.Image{}, drawing: map[int]bool{}}
	names := []string{""}
	p.steps = []presentStep{{title: "Baseline", description: "No findings: the model's view before any evidence."}}
	for i := range m.Scenarios {
		sc := &m.Scenarios[i]
		if len(sc.Findings) == 0 {
			continue // a scenario without findings is the baseline again
		}
		names = append(names, sc.Name)
		p.steps = append(p.steps, presentStep{title: sc.DisplayTitle(), description: sc.Description, scenario: sc, findings: sc.Findings})
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
	pal := projectorPalette(fyne.CurrentApp().Settings().ThemeVariant())
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.SizeName = theme.SizeNameHeadingText
	p.title.Wrapping = fyne.TextWrapWord
	p.sub = widget.NewLabel("")
	p.sub.Wrapping = fyne.TextWrapWord
	p.finds = container.NewVBox()
	left := container.NewVBox(p.title, p.sub, widget.NewSeparator(), p.finds)

	rows := map[fyne.CanvasObject]bool{}
	right := container.New(slideColumn{isRow: func(o fyne.CanvasObject) bool { return rows[o] }, rowMin: 30, rowMax: 46})
	m := p.ws.Model()
	p.shown = make([]float64, len(p.cmp.Rows))
	for _, v := range p.nodes {
		head := widget.NewLabelWithStyle(m.Label(v), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.SizeName = theme.SizeNameSubHeadingText
		right.Add(head)
		for s := range m.Net.Card(v) {
			bar := newBigBar(m.StateLabel(v, s), graphview.RoleColor(m.Nodes[v].Role))
			bar.big = true
			d := canvas.NewText("", pal.fg)
			d.TextSize = 24
			d.Alignment = fyne.TextAlignTrailing
			p.bars = append(p.bars, bar)
			p.deltas = append(p.deltas, d)
			row := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(160, 30), d), bar)
			rows[row] = true
			right.Add(row)
		}
	}
	help := widget.NewLabel("← → step through the scenarios     N network picture     Esc leaves")
	help.Importance = widget.LowImportance
	p.body = container.NewPadded(container.NewGridWithColumns(2, container.NewPadded(left), container.NewPadded(right)))

	p.netImage = canvas.NewImageFromImage(nil)
	p.netImage.FillMode = canvas.ImageFillContain
	p.netStatus = widget.NewLabel("")
	p.network = container.NewStack(p.netImage, container.NewCenter(p.netStatus))
	p.network.Hide()

	content := container.NewBorder(nil, container.NewCenter(help), nil, nil, container.NewStack(p.body, p.network))
	bg := canvas.NewRectangle(pal.bg)
	p.override = container.NewThemeOverride(container.NewStack(bg, content), largeTheme{})
	p.w.SetContent(p.override)
}

// palette holds the colours of the slides' text and background. Every
// text colour has a contrast ratio of at least 4.5:1 against bg (WCAG 2.x
// AA for body text; TestPresentationContrast computes them), since a
// projector washes colours out: the default theme's grey for low
// importance text is about 2.5:1 and unreadable from the back of a room.
type palette struct {
	bg, fg, muted color.NRGBA
	track         color.NRGBA // the unfilled part of a bar
	added         color.NRGBA // new or changed findings
	removed       color.NRGBA // findings the step dropped
	up, down      color.NRGBA // the deltas: ▲ and ▼
}

// projectorPalette returns the slides' colours for the light or dark
// variant.
func projectorPalette(v fyne.ThemeVariant) palette {
	if v == theme.VariantDark {
		return palette{
			bg:      color.NRGBA{0x12, 0x12, 0x12, 0xff},
			fg:      color.NRGBA{0xf5, 0xf5, 0xf5, 0xff},
			track:   color.NRGBA{0x2e, 0x2e, 0x2e, 0xff},
			muted:   color.NRGBA{0xc8, 0xc8, 0xc8, 0xff},
			added:   color.NRGBA{0x86, 0xef, 0xac, 0xff},
			removed: color.NRGBA{0xfc, 0xa5, 0xa5, 0xff},
			up:      color.NRGBA{0xfd, 0xba, 0x74, 0xff},
			down:    color.NRGBA{0x93, 0xc5, 0xfd, 0xff},
		}
	}
	return palette{
		bg:      color.NRGBA{0xff, 0xff, 0xff, 0xff},
		fg:      color.NRGBA{0x11, 0x11, 0x11, 0xff},
		track:   color.NRGBA{0xe5, 0xe7, 0xeb, 0xff},
		muted:   color.NRGBA{0x40, 0x40, 0x40, 0xff},
		added:   color.NRGBA{0x16, 0x65, 0x34, 0xff},
		removed: color.NRGBA{0xb9, 0x1c, 0x1c, 0xff},
		up:      color.NRGBA{0xc2, 0x41, 0x0c, 0xff},
		down:    color.NRGBA{0x1d, 0x4e, 0xd8, 0xff},
	}
}

// deltaColor is the palette's colour for a delta text from deltaText.
func (pal palette) deltaColor(text string) color.Color {
	switch {
	case strings.HasPrefix(text, "▲"):
		return pal.up
	case strings.HasPrefix(text, "▼"):
		return pal.down
	}
	return pal.muted
}

// largeTheme is the current theme with type large enough to read from the
// back of a room and the projector palette for text; light or dark
// follows the system.
type largeTheme struct{}

func (largeTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

// Color gives the palette's colours: Foreground for text, Disabled (what
// LowImportance labels use) for notes and help, Success and Error for
// added and removed findings.
func (t largeTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	pal := projectorPalette(v)
	switch n {
	case theme.ColorNameBackground:
		return pal.bg
	case theme.ColorNameForeground:
		return pal.fg
	case theme.ColorNameInputBackground:
		return pal.track
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return pal.muted
	case theme.ColorNameSuccess:
		return pal.added
	case theme.ColorNameError:
		return pal.removed
	}
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
	case fyne.KeyN:
		p.setNetwork(!p.showNetwork)
	case fyne.KeyEscape:
		p.w.Close()
	}
}

// findingLine is one line of a slide's findings: the finding as read, how
// it differs from the step before, and its note.
type findingLine struct {
	text   string
	change string // "", "new", "changed" or "removed"
	note   string
}

// findingLines lists the findings of step i against step i-1 (the step
// before in the story, whichever slide was shown last): each finding of
// step i, marked new or changed when step i-1 did not have it so, then
// the findings of step i-1 on nodes step i leaves unobserved, marked
// removed.
func (p *presentation) findingLines(i int) []findingLine {
	m := p.ws.Model()
	var prev []model.Finding
	if i > 0 {
		prev = p.steps[i-1].findings
	}
	before := map[string]string{}
	for _, f := range prev {
		before[f.Node] = findingText(m, f)
	}
	var out []findingLine
	now := map[string]bool{}
	for _, f := range p.steps[i].findings {
		now[f.Node] = true
		l := findingLine{text: findingText(m, f)}
		if old, ok := before[f.Node]; !ok {
			l.change = "new"
		} else if old != l.text {
			l.change = "changed"
		}
		if f.Provenance != nil {
			l.note = f.Provenance.Note
		}
		out = append(out, l)
	}
	for _, f := range prev {
		if !now[f.Node] {
			out = append(out, findingLine{text: findingText(m, f), change: "removed"})
		}
	}
	return out
}

// show displays step i; with animate, the bars glide from their values
// at the previous step.
//
// A finding the step dropped is written "removed: Smoker: yes" in the
// palette's red rather than struck through: Fyne 2.7 has no strikethrough
// style, a canvas.Line laid over a label crosses only one line of wrapped
// text and a thin line vanishes on a projector, while the word reads in
// any light and without colour vision.
func (p *presentation) show(i int, animate bool) {
	p.step = i
	st := p.steps[i]
	p.title.SetText(fmt.Sprintf("%s   (%d/%d)", st.title, i+1, len(p.steps)))
	p.sub.SetText(st.description)

	p.finds.RemoveAll()
	for _, f := range p.findingLines(i) {
		l := widget.NewLabel("• " + f.text)
		l.Wrapping = fyne.TextWrapWord
		switch f.change {
		case "new", "changed":
			l.SetText("+ " + f.text + "   (" + f.change + ")")
			l.Importance = widget.SuccessImportance
		case "removed":
			l.SetText("− removed: " + f.text)
			l.Importance = widget.DangerImportance
		}
		if i == 0 {
			l.Importance = widget.MediumImportance
		}
		p.finds.Add(l)
		if f.note != "" {
			n := widget.NewLabel("   " + f.note)
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
	p.layoutFindings()
	if p.showNetwork {
		p.showPicture(i)
	}

	pal := projectorPalette(fyne.CurrentApp().Settings().ThemeVariant())
	from := append([]float64(nil), p.shown...)
	to := make([]float64, len(p.cmp.Rows))
	for r, row := range p.cmp.Rows {
		to[r] = row.Values[i]
		txt, _ := deltaText(row.Values[i] - row.Values[0])
		p.deltas[r].Text, p.deltas[r].Color = txt, pal.deltaColor(txt)
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

// layoutFindings lays the findings out again once each label has the
// column's width: a wrapped label's height depends on its width, which
// the VBox gives it only while placing it, so a note of two lines would
// otherwise overlap the next finding until the window was resized.
func (p *presentation) layoutFindings() {
	w := p.finds.Size().Width
	if w <= 0 {
		return // not laid out yet: the first layout sizes everything
	}
	for _, o := range p.finds.Objects {
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
	}
	p.finds.Refresh()
}

// setNetwork shows the network picture of the current step in place of
// the bars (on), or the bars again.
func (p *presentation) setNetwork(on bool) {
	p.showNetwork = on
	if !on {
		p.network.Hide()
		p.body.Show()
		return
	}
	p.body.Hide()
	p.network.Show()
	p.showPicture(p.step)
}

// showPicture shows step i's network picture, starting to render it when
// it has not been. Rendering takes about 0.3 s for 100 nodes, so it runs
// off the UI goroutine, once per step, at the slide's size in pixels.
func (p *presentation) showPicture(i int) {
	if img, ok := p.pictures[i]; ok {
		p.netImage.Image = img
		p.netImage.Refresh()
		p.netStatus.Hide()
		return
	}
	p.netImage.Image = nil
	p.netImage.Refresh()
	p.netStatus.SetText("Drawing the network…")
	p.netStatus.Show()
	if p.drawing[i] {
		return
	}
	col, err := p.column(i)
	if err != nil {
		p.netStatus.SetText("The network cannot be drawn: " + err.Error())
		return
	}
	p.drawing[i] = true
	size := p.w.Canvas().Size()
	opts := report.Options{Width: int(max(size.Width, 640)), Height: int(max(size.Height, 360)), Scale: float64(p.w.Canvas().Scale())}
	// A copy of the model: the main window may move nodes meanwhile,
	// which replaces (and never changes) a node's Position.
	m := *p.ws.Model()
	m.Nodes = slices.Clone(m.Nodes)
	p.rendering.Add(1)
	go func() {
		defer p.rendering.Done()
		img, err := renderNetwork(&m, col, opts)
		p.ui(func() {
			delete(p.drawing, i)
			if err != nil {
				if p.showNetwork && p.step == i {
					p.netStatus.SetText("The network cannot be drawn: " + err.Error())
				}
				return
			}
			p.pictures[i] = img
			if p.showNetwork && p.step == i {
				p.showPicture(i)
			}
		})
	}()
}

// column is the report column of step i, named with the step's title.
func (p *presentation) column(i int) (report.Column, error) {
	st := p.steps[i]
	if st.scenario == nil {
		return report.Column{Name: st.title}, nil
	}
	col, err := report.ScenarioColumn(p.ws.Model(), st.scenario)
	col.Name = st.title
	return col, err
}

// renderNetwork draws the network picture of col as an image.
func renderNetwork(m *model.Model, col report.Column, opts report.Options) (image.Image, error) {
	var buf bytes.Buffer
	if err := report.NetworkImage(&buf, "png", m, col, opts); err != nil {
		return nil, err
	}
	return png.Decode(&buf)
}

func (p *presentation) setBars(vals []float64) {
	copy(p.shown, vals)
	for r, b := range p.bars {
		b.setValue(vals[r])
	}
}

// findingText renders a scenario finding for the slide with the model's
// labels, e.g. "Smoker: yes", "Smoker: not yes" or "Smoker: likelihood
// yes 0.8, no 0.2".
func findingText(m *model.Model, f model.Finding) string {
	v, ok := m.Net.Index(f.Node)
	if !ok {
		return f.Node // a scenario that does not fit the model; Compare has refused it
	}
	state := func(name string) string {
		if s := m.Net.Variable(v).StateIndex(name); s >= 0 {
			return m.StateLabel(v, s)
		}
		return name
	}
	switch f.Kind {
	case network.Hard:
		return m.Label(v) + ": " + state(f.State)
	case network.Negative:
		ex := make([]string, len(f.NotStates))
		for i, s := range f.NotStates {
			ex[i] = state(s)
		}
		return m.Label(v) + ": not " + strings.Join(ex, ", ")
	default:
		ws := make([]string, len(f.Weights))
		for s, w := range f.Weights {
			ws[s] = strconv.FormatFloat(w, 'g', 4, 64)
			if s < m.Net.Card(v) {
				ws[s] = m.StateLabel(v, s) + " " + ws[s]
			}
		}
		return m.Label(v) + ": likelihood " + strings.Join(ws, ", ")
	}
}
