package gui

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

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

// Rows below these sizes cannot move the target enough to matter, and
// are hidden unless "Show all" is ticked.
const (
	// minMove is the smallest change of probability worth a row: 0.1
	// percentage points, the resolution of analysis.Percent.
	minMove = 0.001
	// minBits is the smallest expected information worth a row.
	minBits = 1e-4
)

// Bounds of the "How sure?" settings.
const (
	minSamples, maxSamples       = 100, 100_000
	minConfidence, maxConfidence = 1, 10_000
	// assumedConfidence is the default confidence offered for a model
	// none of whose nodes states one: a moderate one.
	assumedConfidence = 20
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
	// showAll lists the rows too small to move the target (see minMove
	// and minBits), which are hidden otherwise.
	showAll *widget.Check
	// last redraws the analysis shown, when a check changes; nil when
	// none is.
	last func()

	// The "How sure?" settings: the number of sampled networks, and the
	// confidence (equivalent sample size) of nodes without their own.
	samples    *widget.Entry
	confidence *widget.Entry

	// choice picks the analysis to show (analyses); scroll holds the
	// options and the result, and is scrolled to the result when it is
	// shown.
	choice *widget.Select
	scroll *container.Scroll
	// threshold is Fragile?'s level at which the conclusion changes,
	// empty for the ICD 203 band of the target's probability.
	threshold *widget.Entry
	// The evidence search of Watch for: the level to reach, the button
	// (Cancel while a search runs), its progress, the run going or nil,
	// and the box its result is shown in, for the target state searchFor.
	reach          *widget.Entry
	searchBtn      *widget.Button
	searchProgress *widget.ProgressBar
	search         *workspace.SearchJob
	searchBox      *fyne.Container
	searchFor      [2]int
}

// analysisChoice is one analysis the panel offers: the name the analyst
// picks and what shows it.
type analysisChoice struct {
	name string
	show func(p *analysisPanel)
}

// analyses are the analyses the panel offers, in the order of the
// questions an analyst asks: what the model judges and why, whether the
// reports fit, what would move it, what to look for, and how firmly it
// rests on the numbers. "How sure?", which runs in the background, has
// its own button.
var analyses = []analysisChoice{
	{"In words", (*analysisPanel).inWords},
	{"Why", (*analysisPanel).explain},
	{"Fair shares", (*analysisPanel).fairShares},
	{"Do they fit?", (*analysisPanel).doTheyFit},
	{"Drivers", (*analysisPanel).drivers},
	{"Watch for", (*analysisPanel).watchFor},
	{"Collect next", (*analysisPanel).voi},
	{"Sensitivity", (*analysisPanel).sensitivity},
	{"Fragile?", (*analysisPanel).fragile},
}

// analysisNames returns the names of analyses, in order.
func analysisNames() []string {
	names := make([]string, len(analyses))
	for i, a := range analyses {
		names[i] = a.name
	}
	return names
}

func newAnalysisPanel(win *Window) *analysisPanel {
	p := &analysisPanel{win: win, result: container.NewVBox()}
	p.node = widget.NewSelect(nil, func(string) { p.refreshStates() })
	p.state = widget.NewSelect(nil, nil)
	p.progress = widget.NewProgressBar()
	p.progress.Hide()
	p.runBtn = widget.NewButton("How sure?", p.uncertainty)
	redo := func(bool) {
		if p.last != nil {
			p.last()
		}
	}
	p.indicators = widget.NewCheck("Observable indicators only", redo)
	p.indicators.SetChecked(true)
	p.showAll = widget.NewCheck("Show all", redo)
	p.samples = widget.NewEntry()
	p.samples.Validator = func(s string) error { _, err := parseSamples(s); return err }
	p.samples.SetText(strconv.Itoa(uncertainty.DefaultSamples))
	p.confidence = widget.NewEntry()
	p.confidence.Validator = func(s string) error { _, err := parseConfidence(s); return err }
	// The settings' hints wrap (a form's would not), so that the panel
	// keeps its width.
	settings := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Samples"), nil, p.samples),
		caption(fmt.Sprintf("Networks drawn: %s to %s; more is steadier and slower.", groupDigits(minSamples), groupDigits(maxSamples))),
		container.NewBorder(nil, nil, widget.NewLabel("Default confidence"), nil, p.confidence),
		caption("Observations each CPT row is worth, for nodes without a confidence of their own; 0 holds them fixed."),
	)
	p.choice = widget.NewSelect(analysisNames(), func(string) { p.runChoice() })
	p.choice.PlaceHolder = "Choose an analysis"
	p.threshold = widget.NewEntry()
	p.threshold.SetPlaceHolder("ICD 203 band")
	p.threshold.OnSubmitted = func(string) { p.fragile() }
	p.reach = widget.NewEntry()
	p.reach.SetText("50%")
	p.reach.OnSubmitted = func(string) { p.startSearch() }
	p.searchBtn = widget.NewButton("Find", p.startSearch)
	p.searchProgress = widget.NewProgressBar()
	p.searchProgress.Hide()
	p.searchBox = container.NewVBox()
	p.searchFor = [2]int{-1, -1}

	// The target and the analysis stay in view; the options and the
	// result scroll below them, so that nothing is cut off however
	// short the side panel is.
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Target"), nil, container.NewGridWithColumns(2, p.node, p.state)),
		container.NewBorder(nil, nil, widget.NewLabel("Show"), container.NewHBox(widget.NewButton("Run", p.runChoice), p.runBtn), p.choice),
		p.progress,
	)
	options := container.NewVBox(
		container.NewHBox(p.indicators, p.showAll),
		widget.NewAccordion(widget.NewAccordionItem("How sure? settings", settings)),
	)
	p.scroll = container.NewVScroll(container.NewVBox(options, p.result))
	p.content = container.NewBorder(top, nil, nil, nil, p.scroll)
	p.reset()
	// The workspace cancels a run when the model or the findings change;
	// the panel stops waiting for it at the same moment.
	win.ws.OnChange(func(c workspace.Change) {
		if c&(workspace.ChangeModel|workspace.ChangeBeliefs) != 0 {
			p.abandon()
			p.abandonSearch()
		}
	})
	return p
}

// reset fills the target choices for the workspace's model, preferring its
// first outcome node, and offers the model's default confidence: 0 (hold
// fixed) when some node states a confidence of its own, a moderate
// assumedConfidence when none does.
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
	conf := 0
	if !slices.ContainsFunc(m.Nodes, func(n model.Node) bool { return n.Confidence > 0 }) {
		conf = assumedConfidence
	}
	p.confidence.SetText(strconv.Itoa(conf))
	p.last = nil
	p.show(wrapped("Choose a target and one of its states, then what to show: " +
		"In words (the model's judgement, in the words of ICD 203), Why (what each finding did), " +
		"Fair shares (each finding's part of the change), Do they fit? (whether the findings hang together), " +
		"Drivers (what an observation could do), Watch for (the signs that tell the state from its absence), " +
		"Collect next (what would tell most), Sensitivity and Fragile? (the numbers it hangs on, and how far they must move), " +
		"How sure? (how much the numbers' own uncertainty matters)."))
	if p.scroll != nil {
		p.scroll.ScrollToTop()
	}
}

// runChoice shows the analysis chosen, if any.
func (p *analysisPanel) runChoice() {
	if i := p.choice.SelectedIndex(); i >= 0 {
		analyses[i].show(p)
	}
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

// show replaces the result with objs (nil ones skipped) and scrolls the
// result into view: the options above it scroll away when the panel is
// too short for both.
func (p *analysisPanel) show(objs ...fyne.CanvasObject) {
	p.result.RemoveAll()
	for _, o := range objs {
		if o != nil {
			p.result.Add(o)
		}
	}
	p.result.Refresh()
	if p.scroll == nil {
		return
	}
	p.scroll.Refresh() // lays the new result out, so that its place is known
	room := p.scroll.Content.MinSize().Height - p.scroll.Size().Height
	p.scroll.ScrollToOffset(fyne.NewPos(0, max(0, min(p.result.Position().Y, room))))
}

func (p *analysisPanel) heading(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// caption explains a unit or a column in small print under a heading.
func caption(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// hiddenNote says how many rows "Show all" would add, or nil for none.
func hiddenNote(n int, what string) fyne.CanvasObject {
	if n == 0 {
		return nil
	}
	rows := "rows"
	if n == 1 {
		rows = "row"
	}
	return caption(fmt.Sprintf("%d %s hidden: %s. Tick Show all to list them.", n, rows, what))
}

// targetText names the target event in labels, e.g. "Dyspnoea = yes".
func targetText(m *model.Model, v, s int) string { return m.Label(v) + " = " + m.StateLabel(v, s) }

// configText describes CPT row number row of v in the model's labels,
// e.g. "Smoker = yes, Visit to Asia = no"; "" for a node without parents.
func configText(m *model.Model, v, row int) string {
	ps := m.Net.Parents(v)
	states := m.Net.ParentStates(v, row, nil)
	parts := make([]string, len(ps))
	for i, u := range ps {
		parts[i] = targetText(m, u, states[i])
	}
	return strings.Join(parts, ", ")
}

// drivers shows the evidence impact as a tornado: for each unobserved
// node, the span of the target's posterior over its states, widest first.
func (p *analysisPanel) drivers() {
	p.last = p.drivers
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
	objs := []fyne.CanvasObject{
		p.heading(fmt.Sprintf("What would move P(%s), now %s", targetText(m, v, s), p.win.prob(cur))),
		caption("Each row: how far the target could swing, in percentage points (pp), between the least and the most favourable answer of that node, if it were observed next."),
	}
	hidden := 0
	for i, sp := range spans {
		if !p.showAll.Checked && sp.hi-sp.lo < minMove {
			hidden++
			continue
		}
		if i == 12 && !p.showAll.Checked {
			objs = append(objs, wrapped(fmt.Sprintf("… and %d more nodes", len(spans)-12)))
			break
		}
		objs = append(objs, wrapped(fmt.Sprintf("%s pp  %s: %s (%s) … %s (%s)", points(sp.hi-sp.lo), m.Label(sp.node),
			analysis.Percent(sp.lo), m.StateLabel(sp.node, sp.loS), analysis.Percent(sp.hi), m.StateLabel(sp.node, sp.hiS))))
		objs = append(objs, newSpanBar(sp.lo, sp.hi, cur))
	}
	objs = append(objs, hiddenNote(hidden, "observing those nodes would move the target by less than 0.1 pp"))
	p.show(objs...)
}

// points writes a size of change in percentage points, without sign: one
// decimal below 10 points, none above.
func points(d float64) string {
	pp := 100 * math.Abs(d)
	if pp >= 9.95 {
		return strconv.FormatFloat(pp, 'f', 0, 64)
	}
	return strconv.FormatFloat(pp, 'f', 1, 64)
}

// explain lists the current findings by how much each moved the target,
// largest first: the change in percentage points between the target with
// all findings and with that one retracted, then its weight of evidence.
func (p *analysisPanel) explain() {
	p.last = p.explain
	v, s := p.target()
	ws, err := p.win.ws.Explain(v, s)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := p.win.ws.Model()
	t := targetText(m, v, s)
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("Why P(%s) is %s", t, p.win.prob(p.win.ws.Posterior(v)[s])))}
	if len(ws) == 0 {
		objs = append(objs, wrapped("There are no findings: the target stands at its baseline."))
		p.show(objs...)
		return
	}
	objs = append(objs, caption(fmt.Sprintf("Each finding, biggest effect first: the percentage points (pp) by which it moved P(%s), ▲ up or ▼ down, which removing it would undo; "+
		"then its weight in decibans (dB): +10 dB means the finding makes %s 10× more likely relative to the alternatives (its odds ×10), +3 dB about 2×; "+
		"negative weights count against it.", t, t)))
	ws = slices.Clone(ws)
	slices.SortStableFunc(ws, func(a, b analysis.Weight) int {
		return cmp.Or(
			cmp.Compare(math.Abs(b.Delta), math.Abs(a.Delta)),
			cmp.Compare(math.Abs(b.Decibans), math.Abs(a.Decibans)),
			cmp.Compare(m.Label(a.Finding.Variable), m.Label(b.Finding.Variable)))
	})
	hidden := 0
	for _, w := range ws {
		if !p.showAll.Checked && math.Abs(w.Delta) < minMove {
			hidden++
			continue
		}
		d, _ := deltaText(w.Delta)
		objs = append(objs, wrapped(fmt.Sprintf("%s  %s (without it %s, with it %s; %s)",
			d, findingLabel(m, w.Finding), analysis.Percent(w.Without), analysis.Percent(w.With), decibans(w.Decibans))))
	}
	objs = append(objs, hiddenNote(hidden, "removing any of those findings would move the target by less than 0.1 pp"))
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
	text := strconv.FormatFloat(math.Abs(db), 'f', 1, 64) + " dB"
	if db < 0 && text != "0.0 dB" {
		return "−" + text // a true minus, as in the pp column
	}
	return "+" + text
}

// voi ranks the unobserved nodes by the information observing each would
// give about the target, in bits, and says how far each would move the
// target state chosen, on average over its answers.
func (p *analysisPanel) voi() {
	p.last = p.voi
	v, s := p.target()
	rows, err := p.win.ws.VOI(v)
	if err != nil {
		p.win.showError(err)
		return
	}
	impact, err := p.win.ws.Impact(v, s)
	if err != nil {
		p.win.showError(err)
		return
	}
	move := expectedMove(impact, p.win.ws.Posterior)
	m := p.win.ws.Model()
	h := analysis.Entropy(p.win.ws.Posterior(v))
	objs := []fyne.CanvasObject{
		p.heading(fmt.Sprintf("What to collect next about %s", m.Label(v))),
		caption(fmt.Sprintf("Bits: how much observing the node would reduce the uncertainty about %s, on average; 1 bit = a yes/no question answered. "+
			"Learning %s itself would be worth %.2f bits now. The pp figure is how far P(%s) would move once the node is observed, on average over its answers.",
			m.Label(v), m.Label(v), h, targetText(m, v, s))),
	}
	best := 0.0
	for _, r := range rows {
		if p.candidate(r.Node) {
			best = r.MutualInformation
			break
		}
	}
	i, hidden := 0, 0
	for _, r := range rows {
		if !p.candidate(r.Node) {
			continue
		}
		if !p.showAll.Checked && r.MutualInformation < minBits {
			hidden++
			continue
		}
		if i == 12 && !p.showAll.Checked {
			continue
		}
		i++
		objs = append(objs, wrapped(fmt.Sprintf("%d. %s — %s, moves it %s pp on average", i, m.Label(r.Node), bits(r.MutualInformation), points(move[r.Node]))))
		if best > 0 {
			objs = append(objs, newSpanBar(0, r.MutualInformation/best, -1))
		}
	}
	objs = append(objs, hiddenNote(hidden, "observing those nodes would tell less than 0.0001 bits about the target"))
	p.show(objs...)
}

// expectedMove returns, by node, the expected size of the change of the
// target's probability P(t | e) if the node X were observed next,
//
//	E|Δ| = Σ_x P(x | e) · |P(t | e, x) − P(t | e)|,
//
// from Impact's rows (their Delta) and the current posteriors P(x | e).
// (The expected signed change is 0: a posterior is the mean of the
// posteriors to come.) Impossible states weigh 0.
func expectedMove(rows []analysis.ImpactRow, posterior func(int) []float64) map[int]float64 {
	out := map[int]float64{}
	for _, r := range rows {
		if r.Possible {
			out[r.Node] += posterior(r.Node)[r.State] * math.Abs(r.Delta)
		}
	}
	return out
}

// bits writes an amount of information to three decimals, or to two
// significant digits when that would show 0.000.
func bits(b float64) string {
	if b != 0 && b < 0.0005 {
		return strconv.FormatFloat(b, 'g', 2, 64) + " bits"
	}
	return strconv.FormatFloat(b, 'f', 3, 64) + " bits"
}

// sensitivity lists the CPT entries the target depends on most, each with
// how far the target moves per percentage point of the entry.
func (p *analysisPanel) sensitivity() {
	p.last = p.sensitivity
	v, s := p.target()
	params, err := p.win.ws.Sensitivity(v, s, 10)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := p.win.ws.Model()
	t := targetText(m, v, s)
	objs := []fyne.CanvasObject{
		p.heading(fmt.Sprintf("Numbers P(%s) depends on most", t)),
		caption(fmt.Sprintf("If this CPT entry rose by 1 percentage point (the rest of its row shrinking in proportion), P(%s) would move by the pp shown, to first order.", t)),
	}
	hidden := 0
	for _, q := range params {
		// Moving the entry across its whole range, 100 pp, would move the
		// target by about 100·|Derivative| pp.
		if !p.showAll.Checked && math.Abs(q.Derivative) < minMove {
			hidden++
			continue
		}
		objs = append(objs, wrapped(sensitivityText(m, q)))
	}
	objs = append(objs, hiddenNote(hidden, "even moving those entries from 0 to 100% would move the target by less than 0.1 pp"))
	p.show(objs...)
}

// sensitivityText writes one CPT entry and the target's sensitivity to
// it, e.g. "+0.66 pp per pp: P(Turkish mediation = Active round | US
// intention = Engage, Iran intention = Concede), now 6.0%".
func sensitivityText(m *model.Model, q analysis.Param) string {
	given := ""
	if c := configText(m, q.Node, q.Row); c != "" {
		given = " | " + c
	}
	return fmt.Sprintf("%s pp per pp: P(%s%s), now %s", signed(q.Derivative), targetText(m, q.Node, q.State), given, analysis.Percent(q.Value))
}

// signed writes a derivative with its sign (a true minus) to two
// decimals, or two significant digits when smaller.
func signed(d float64) string {
	a := math.Abs(d)
	text := strconv.FormatFloat(a, 'f', 2, 64)
	if a != 0 && a < 0.005 {
		text = strconv.FormatFloat(a, 'g', 2, 64)
	}
	switch {
	case d > 0:
		return "+" + text
	case d < 0:
		return "−" + text
	}
	return "±" + text
}

// parseSamples reads the "How sure?" sample count.
func parseSamples(text string) (int, error) {
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(text), ",", ""))
	if err != nil || n < minSamples || n > maxSamples {
		return 0, fmt.Errorf("samples must be a whole number from %s to %s", groupDigits(minSamples), groupDigits(maxSamples))
	}
	return n, nil
}

// parseConfidence reads the "How sure?" default confidence.
func parseConfidence(text string) (float64, error) {
	x, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(text), ",", ""), 64)
	if err != nil || !(x == 0 || (x >= minConfidence && x <= maxConfidence)) {
		return 0, fmt.Errorf("default confidence must be 0 (hold such nodes fixed) or from %d to %s observations", minConfidence, groupDigits(maxConfidence))
	}
	return x, nil
}

// howSureOptions reads the "How sure?" settings, naming each one that is
// out of bounds.
func (p *analysisPanel) howSureOptions() (samples int, conf float64, err error) {
	samples, errS := parseSamples(p.samples.Text)
	conf, errC := parseConfidence(p.confidence.Text)
	if err := errors.Join(errS, errC); err != nil {
		return 0, 0, fmt.Errorf("how sure? settings: %w", err)
	}
	return samples, conf, nil
}

// groupDigits writes n with commas between groups of three digits.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
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
	samples, defaultConf, err := p.howSureOptions()
	if err != nil {
		p.win.showError(err)
		return
	}
	v, _ := p.target()
	ws := p.win.ws
	var job *workspace.UncertaintyJob
	job, err = ws.StartUncertainty(v, uncertainty.Options{
		Samples: samples, DefaultConfidence: defaultConf,
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
	p.last = nil
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

// confidenceText says how nodes without a confidence of their own were
// treated.
func confidenceText(defaultConf float64) string {
	if defaultConf == 0 {
		return "nodes without a confidence of their own held fixed"
	}
	return fmt.Sprintf("nodes without a confidence of their own counted as %g observations per CPT row", defaultConf)
}

func (p *analysisPanel) showUncertainty(v int, res *uncertainty.Result, defaultConf float64, err error) {
	m := p.win.ws.Model()
	objs := []fyne.CanvasObject{
		p.heading(fmt.Sprintf("How sure: %s (%s samples, 90%% intervals)", m.Label(v), groupDigits(res.Samples))),
		caption("Each CPT number is treated as an estimate worth its node's confidence in observations (its equivalent sample size); " +
			"the bar spans the middle 90% of the target's probability over the sampled networks, the mark is the model's own value."),
	}
	if err != nil {
		objs = append(objs, wrapped("Stopped early: "+err.Error()))
	}
	objs = append(objs, wrapped(capitalise(confidenceText(defaultConf))+"."))
	for s := range m.Net.Card(v) {
		objs = append(objs, wrapped(fmt.Sprintf("%s: %s (mean %s, 90%% between %s and %s)",
			m.StateLabel(v, s), analysis.Percent(res.Fixed[s]), analysis.Percent(res.Mean[s]), analysis.Percent(res.Low[s]), analysis.Percent(res.High[s]))))
		objs = append(objs, newSpanBar(res.Low[s], res.High[s], res.Fixed[s]))
	}
	p.show(objs...)
	p.win.outcomes.setIntervals(v, res.Low, res.High)
	p.win.outcomes.setIntervalNote(howSureNote(res.Samples, defaultConf))
}

// howSureNote is the outcome panel's note under its error bars.
func howSureNote(samples int, defaultConf float64) string {
	return fmt.Sprintf("Bars show a 90%% interval from %s samples of the CPT numbers (%s).", groupDigits(samples), confidenceText(defaultConf))
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
