package gui

import (
	"fmt"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/network/analysis"
	"brink/network/model"
	"brink/network/uncertainty"
)

// analysisPanel answers the analyst's questions about one target state:
// which observations would move it most (drivers), why it is where it is
// (the weight of each finding), what to collect next (value of
// information), which numbers it hangs on (sensitivity), and how sure we
// are (uncertainty of the numbers, run in the background).
type analysisPanel struct {
	win     *Window
	node    *widget.Select
	state   *widget.Select
	result  *fyne.Container
	content fyne.CanvasObject

	progress *widget.ProgressBar
	// job is the "How sure?" run going, or nil; runBtn reads Cancel
	// while there is one.
	job    *workspace.UncertaintyJob
	runBtn *widget.Button
	// indicators limits drivers and what to collect next to the nodes
	// marked as evidence, the ones an analyst can observe.
	indicators *widget.Check
}

func newAnalysisPanel(win *Window) *analysisPanel {
	p := &analysisPanel{win: win, result: container.NewVBox()}
	p.node = widget.NewSelect(nil, func(string) { p.refreshStates() })
	p.state = widget.NewSelect(nil, nil)
	p.progress = widget.NewProgressBar()
	p.progress.Hide()
	p.runBtn = widget.NewButton("How sure?", p.uncertainty)
	p.indicators = widget.NewCheck("Observable indicators only", nil)
	p.indicators.SetChecked(true)
	buttons := container.NewGridWithColumns(3,
		widget.NewButton("Drivers", p.drivers),
		widget.NewButton("Why", p.explain),
		widget.NewButton("Collect next", p.voi),
		widget.NewButton("Sensitivity", p.sensitivity),
		p.runBtn,
		widget.NewButton("Clear", func() { p.show(nil) }),
	)
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Target"), nil, p.node),
		container.NewBorder(nil, nil, widget.NewLabel("State"), nil, p.state),
		p.indicators, buttons, p.progress,
	)
	p.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(p.result))
	p.reset()
	// The workspace cancels a run when the model or the findings change;
	// the panel stops waiting for it at the same moment.
	win.ws.OnChange(func(c workspace.Change) {
		if c&(workspace.ChangeModel|workspace.ChangeBeliefs) != 0 {
			p.abandon()
		}
	})
	return p
}

// reset fills the target choices for the workspace's model, preferring its
// first outcome node.
func (p *analysisPanel) reset() {
	m := p.win.ws.Model()
	var labels []string
	for v := range m.Net.NumVariables() {
		labels = append(labels, m.Label(v))
	}
	p.node.Options = labels
	first := 0
	if nodes := m.BriefingNodes(); len(nodes) > 0 {
		first = nodes[len(nodes)-1]
		for _, v := range nodes {
			if m.Nodes[v].Role == "outcome" {
				first = v
				break
			}
		}
	}
	p.node.SetSelectedIndex(first)
	p.show(wrapped("Choose a target, then ask: which observations drive it, why it stands where it does, what to collect next, which numbers it hangs on, how sure we are."))
}

func (p *analysisPanel) refreshStates() {
	m := p.win.ws.Model()
	v := p.node.SelectedIndex()
	if v < 0 {
		return
	}
	var states []string
	for s := range m.Net.Card(v) {
		states = append(states, m.StateLabel(v, s))
	}
	p.state.Options = states
	p.state.SetSelectedIndex(0)
}

// candidate reports whether node v is offered as something to observe:
// every node, or with "observable indicators only" the evidence nodes
// (when the model marks any).
func (p *analysisPanel) candidate(v int) bool {
	m := p.win.ws.Model()
	if !p.indicators.Checked || !slices.ContainsFunc(m.Nodes, func(n model.Node) bool { return n.Role == model.RoleEvidence }) {
		return true
	}
	return m.Nodes[v].Role == model.RoleEvidence
}

func (p *analysisPanel) target() (v, s int) { return p.node.SelectedIndex(), p.state.SelectedIndex() }

func (p *analysisPanel) show(objs ...fyne.CanvasObject) {
	p.result.RemoveAll()
	for _, o := range objs {
		if o != nil {
			p.result.Add(o)
		}
	}
	p.result.Refresh()
}

func (p *analysisPanel) heading(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// drivers shows the evidence impact as a tornado: for each unobserved
// node, the span of the target's posterior over its states, widest first.
func (p *analysisPanel) drivers() {
	v, s := p.target()
	rows, err := p.win.ws.Impact(v, s)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := p.win.ws.Model()
	cur := p.win.ws.Posterior(v)[s]
	type span struct {
		node     int
		lo, hi   float64
		loS, hiS int
	}
	var spans []span
	for _, r := range rows {
		if !r.Possible || !p.candidate(r.Node) {
			continue
		}
		if len(spans) == 0 || spans[len(spans)-1].node != r.Node {
			spans = append(spans, span{node: r.Node, lo: r.Posterior, hi: r.Posterior, loS: r.State, hiS: r.State})
			continue
		}
		sp := &spans[len(spans)-1]
		if r.Posterior < sp.lo {
			sp.lo, sp.loS = r.Posterior, r.State
		}
		if r.Posterior > sp.hi {
			sp.hi, sp.hiS = r.Posterior, r.State
		}
	}
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("What would move P(%s = %s), now %s", m.Label(v), m.StateLabel(v, s), p.win.prob(cur)))}
	for i, sp := range spans {
		if i == 12 {
			objs = append(objs, wrapped(fmt.Sprintf("… and %d more nodes", len(spans)-12)))
			break
		}
		objs = append(objs, wrapped(fmt.Sprintf("%s: %s (%s) … %s (%s)", m.Label(sp.node),
			analysis.Percent(sp.lo), m.StateLabel(sp.node, sp.loS), analysis.Percent(sp.hi), m.StateLabel(sp.node, sp.hiS))))
		objs = append(objs, newSpanBar(sp.lo, sp.hi, cur))
	}
	p.show(objs...)
}

func (p *analysisPanel) explain() {
	v, s := p.target()
	ws, err := p.win.ws.Explain(v, s)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := p.win.ws.Model()
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("Why P(%s = %s) is %s", m.Label(v), m.StateLabel(v, s), p.win.prob(p.win.ws.Posterior(v)[s])))}
	if len(ws) == 0 {
		objs = append(objs, wrapped("There are no findings: the target stands at its baseline."))
	}
	for _, w := range ws {
		d, _ := deltaText(w.Delta)
		objs = append(objs, wrapped(fmt.Sprintf("%s: %s without it → %s with it (%s, %s)",
			w.Finding.Describe(m.Net), analysis.Percent(w.Without), analysis.Percent(w.With), d, decibans(w.Decibans))))
	}
	p.show(objs...)
}

// decibans renders a weight of evidence.
func decibans(db float64) string {
	switch {
	case math.IsInf(db, 1):
		return "conclusive for"
	case math.IsInf(db, -1):
		return "conclusive against"
	}
	return fmt.Sprintf("%+.1f dB", db)
}

func (p *analysisPanel) voi() {
	v, _ := p.target()
	rows, err := p.win.ws.VOI(v)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := p.win.ws.Model()
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("What to collect next about %s (expected information, bits)", m.Label(v)))}
	best := 0.0
	for _, r := range rows {
		if p.candidate(r.Node) {
			best = r.MutualInformation
			break
		}
	}
	i := 0
	for _, r := range rows {
		if i == 12 {
			break
		}
		if !p.candidate(r.Node) {
			continue
		}
		i++
		objs = append(objs, wrapped(fmt.Sprintf("%d. %s — %.3f bits", i, m.Label(r.Node), r.MutualInformation)))
		if best > 0 {
			objs = append(objs, newSpanBar(0, r.MutualInformation/best, -1))
		}
	}
	p.show(objs...)
}

func (p *analysisPanel) sensitivity() {
	v, s := p.target()
	params, err := p.win.ws.Sensitivity(v, s, 10)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := p.win.ws.Model()
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("Numbers P(%s = %s) depends on most", m.Label(v), m.StateLabel(v, s)))}
	for _, q := range params {
		given := ""
		if q.Config != "" {
			given = " | " + q.Config
		}
		objs = append(objs, wrapped(fmt.Sprintf("P(%s = %s%s) = %.3g: %+.3f per unit", m.Net.Name(q.Node), m.Net.Variable(q.Node).States[q.State], given, q.Value, q.Derivative)))
	}
	p.show(objs...)
}

// uncertainty samples the CPTs in the background with a progress bar and
// a Cancel button; the result shows here and as error bars on the outcome
// panel. The run works on a snapshot taken now; its result is shown only
// if the model and findings are still those it was computed for.
func (p *analysisPanel) uncertainty() {
	if p.job != nil {
		p.job.Cancel() // the button reads Cancel while a run is going
		return
	}
	v, _ := p.target()
	ws := p.win.ws
	m := ws.Model()
	defaultConf := 0.0
	if !slices.ContainsFunc(m.Nodes, func(n model.Node) bool { return n.Confidence > 0 }) {
		defaultConf = 20 // no node states its confidence: assume a moderate one, and say so
	}
	var job *workspace.UncertaintyJob
	job, err := ws.StartUncertainty(v, uncertainty.Options{
		Samples: uncertainty.DefaultSamples, DefaultConfidence: defaultConf,
		Progress: func(done, total int) {
			p.win.ui(func() {
				if p.job == job {
					p.progress.SetValue(float64(done) / float64(total))
				}
			})
		},
	})
	if err != nil {
		p.win.showError(err)
		return
	}
	p.job = job
	p.runBtn.SetText("Cancel")
	p.progress.SetValue(0)
	p.progress.Show()
	p.win.goBackground(func() {
		res, err := job.Run()
		p.win.ui(func() {
			if p.job == job {
				p.stopped()
			}
			if !ws.Current(job.Job) {
				return // computed for findings or a model no longer shown
			}
			if res == nil {
				p.win.showError(err)
				return
			}
			p.showUncertainty(job.Target, res, defaultConf, err)
		})
	})
}

// abandon stops waiting for the running "How sure?" job, which the
// workspace cancelled because the model or the findings changed.
func (p *analysisPanel) abandon() {
	if p.job == nil {
		return
	}
	p.job.Cancel()
	p.stopped()
}

// stopped returns the panel to its idle state after a run.
func (p *analysisPanel) stopped() {
	p.job = nil
	p.runBtn.SetText("How sure?")
	p.progress.Hide()
}

func (p *analysisPanel) showUncertainty(v int, res *uncertainty.Result, defaultConf float64, err error) {
	m := p.win.ws.Model()
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("How sure: %s (%d samples, 90%% intervals)", m.Label(v), res.Samples))}
	if err != nil {
		objs = append(objs, wrapped("Stopped early: "+err.Error()))
	}
	if defaultConf > 0 {
		objs = append(objs, wrapped(fmt.Sprintf("No node of this model states a confidence, so every CPT was treated as worth %g observations.", defaultConf)))
	}
	for s := range m.Net.Card(v) {
		objs = append(objs, wrapped(fmt.Sprintf("%s: %s (mean %s, 90%% between %s and %s)",
			m.StateLabel(v, s), analysis.Percent(res.Fixed[s]), analysis.Percent(res.Mean[s]), analysis.Percent(res.Low[s]), analysis.Percent(res.High[s]))))
		objs = append(objs, newSpanBar(res.Low[s], res.High[s], res.Fixed[s]))
	}
	p.show(objs...)
	p.win.outcomes.setIntervals(v, res.Low, res.High)
}

// spanBar draws an interval [lo, hi] on a 0–100% scale with a marker at
// mark (none when mark < 0): the tornado's bars and the error bars.
type spanBar struct {
	widget.BaseWidget
	lo, hi, mark float64
}

func newSpanBar(lo, hi, mark float64) *spanBar {
	b := &spanBar{lo: lo, hi: hi, mark: mark}
	b.ExtendBaseWidget(b)
	return b
}

func (b *spanBar) CreateRenderer() fyne.WidgetRenderer {
	track := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	span := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	mark := canvas.NewRectangle(theme.Color(theme.ColorNameForeground))
	if b.mark < 0 {
		mark.Hide()
	}
	return &spanRenderer{b: b, track: track, span: span, mark: mark}
}

type spanRenderer struct {
	b                 *spanBar
	track, span, mark *canvas.Rectangle
}

func (r *spanRenderer) Layout(size fyne.Size) {
	r.track.Resize(size)
	x0, x1 := float32(r.b.lo)*size.Width, float32(r.b.hi)*size.Width
	r.span.Move(fyne.NewPos(x0, 2))
	r.span.Resize(fyne.NewSize(max(x1-x0, 2), size.Height-4))
	r.mark.Move(fyne.NewPos(float32(r.b.mark)*size.Width-1, 0))
	r.mark.Resize(fyne.NewSize(2, size.Height))
}

func (r *spanRenderer) MinSize() fyne.Size { return fyne.NewSize(120, 14) }

func (r *spanRenderer) Refresh() { r.Layout(r.b.Size()) }

func (r *spanRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.span, r.mark}
}

func (r *spanRenderer) Destroy() {}
