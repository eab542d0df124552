package gui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"brink/network"
	"brink/network/analysis"
	"brink/network/model"
)

// doTheyFit shows whether the findings fit together (Jensen's conflict
// measure), what the rest of the evidence says of each report, whose
// source is then in doubt, and whether some state of the target makes
// the findings fit (a rare case rather than a bad report): brinkctl
// conflict, in the window.
func (p *analysisPanel) doTheyFit() {
	p.last = p.doTheyFit
	ws := p.win.ws
	v, _ := p.target()
	c, err := ws.Conflict()
	if err != nil {
		p.win.showError(err)
		return
	}
	m := ws.Model()
	objs := []fyne.CanvasObject{p.heading("Do the findings fit together?")}
	if len(c.Findings) == 0 {
		objs = append(objs, wrapped("There are no findings to compare: set two or more, or apply a scenario."))
		p.show(objs...)
		return
	}
	checks, err := ws.CheckSources(c, 0)
	if err != nil {
		p.win.showError(err)
		return
	}
	states, err := ws.ConflictGiven(v)
	if err != nil {
		p.win.showError(err)
		return
	}
	objs = append(objs, bold(conflictVerdict(c)))

	rows := [][]string{{"Finding", "Bits", "Given\nthe rest", "Alone"}}
	for _, f := range c.Findings {
		rows = append(rows, []string{findingLabel(m, f.Finding), signedBits(f.Contribution), analysis.Percent(f.Retracted), analysis.Percent(f.Prior)})
	}
	objs = append(objs, p.table(rows, 1))
	note := "Given the rest: the finding's probability given every other finding; alone: before any. " +
		"Bits: its contribution to the conflict, log2(alone ÷ given the rest), positive when the other findings make it less probable than it was alone (Jensen et al. 1991)."
	if slices.ContainsFunc(c.Findings, func(f analysis.FindingFit) bool { return f.Finding.Kind == network.Likelihood }) {
		note += " Soft findings: the probability of a virtual observation, their weights scaled to a largest of 1."
	}
	if ws.Evidence().DoLen() > 0 {
		note += " Actions are not findings: every probability is given them."
	}
	objs = append(objs, caption(note))

	objs = append(objs, p.heading("Source check"),
		caption(fmt.Sprintf("A report the rest of the evidence gives under %s (and under half its probability alone) is surprising; "+
			"if its source is also graded D–F or 4–6 (Admiralty reliability, credibility), it may be a bad source or deception. "+
			"Gradings come from the scenario the findings were applied with.", levelText(analysis.SourceThreshold))))
	for _, s := range checks {
		line := findingLabel(m, s.Finding) + " — " + sourceStatus(s) + ": " + s.Reason + "."
		if s.Suspect {
			objs = append(objs, bold(line))
		} else {
			objs = append(objs, wrapped(line))
		}
	}
	objs = append(objs, p.rareCase(v, c, states)...)
	p.show(objs...)
}

// conflictVerdict says in words what conf(e) means.
func conflictVerdict(c *analysis.DataConflict) string {
	conf := c.Conf
	switch {
	case len(c.Findings) < 2:
		return "Only one finding: the measure needs two or more to compare."
	case conf > 0:
		return fmt.Sprintf("The findings are unusual together: %s less probable than if they were independent, a possible conflict (%s).", analysis.TimesText(conf), bitsText(conf))
	case conf == 0:
		return "The findings are independent of one another (0 bits)."
	}
	return fmt.Sprintf("The findings fit together: %s more probable than if they were independent (%s).", analysis.TimesText(-conf), bitsText(conf))
}

// sourceStatus is the source check's word for a finding.
func sourceStatus(s analysis.SourceCheck) string {
	switch {
	case !s.Checked:
		return "not checked"
	case s.Suspect:
		return "possible bad source or deception"
	case s.Surprising && s.Grading.Rated():
		return "surprising, well graded"
	case s.Surprising:
		return "surprising, ungraded"
	case !s.Grading.Rated():
		return "ungraded"
	}
	return "graded " + s.Grading.String() + ", fits"
}

// rareCase is the rare-case check for target v: does some state of it
// make the findings fit?
func (p *analysisPanel) rareCase(v int, c *analysis.DataConflict, states []analysis.StateConflict) []fyne.CanvasObject {
	ws := p.win.ws
	m := ws.Model()
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("A rare case? Does some state of %s make the findings fit?", m.Label(v)))}
	if f, ok := ws.Finding(v); ok {
		objs = append(objs, caption(fmt.Sprintf("Its own finding, %s, is left out.", findingLabel(m, f))))
	}
	rows := [][]string{{"State", "Before", "After", "Bits", ""}}
	var fits []string
	for _, s := range states {
		label := m.StateLabel(v, s.State)
		switch {
		case !s.Possible:
			rows = append(rows, []string{label, analysis.Percent(s.Prior), "", "", "impossible before"})
		case !s.Consistent:
			rows = append(rows, []string{label, analysis.Percent(s.Prior), analysis.Percent(s.Posterior), "", "ruled out"})
		default:
			note := "still conflict"
			if s.Conf <= 0 {
				note = "fit"
				fits = append(fits, fmt.Sprintf("%s (%s before, %s given the findings)", label, analysis.Percent(s.Prior), analysis.Percent(s.Posterior)))
			}
			rows = append(rows, []string{label, analysis.Percent(s.Prior), analysis.Percent(s.Posterior), signedBits(s.Conf), note})
		}
	}
	objs = append(objs, p.table(rows, 1),
		caption("Before and after: the state's probability without the findings and given them. Bits: the conflict of the findings if the state is the case; the findings fit (at 0 or below) or still conflict."+
			decisionsHeld(m)))
	switch {
	case len(fits) > 0 && c.Conf > 0:
		objs = append(objs, wrapped(fmt.Sprintf("The findings fit if %s is %s: the conflict may be a rare case rather than a bad report.", m.Label(v), strings.Join(fits, " or "))))
	case c.Conf > 0:
		objs = append(objs, wrapped(fmt.Sprintf("No state of %s makes the findings fit: look for a bad report, or for what the model leaves out.", m.Label(v))))
	default:
		objs = append(objs, caption("The findings do not conflict, so there is nothing for a rare case to explain."))
	}
	return objs
}

// bitsText writes a number of bits with its sign (a true minus), "+1.23
// bits", and "0 bits" for what rounds to nothing.
func bitsText(x float64) string { return signedBits(x) + " bits" }

// signedBits writes a number of bits with its sign, "−0.93", or "0".
func signedBits(x float64) string {
	text := strconv.FormatFloat(math.Abs(x), 'f', 2, 64)
	switch {
	case text == "0.00":
		return "0"
	case x < 0:
		return "−" + text
	}
	return "+" + text
}

// fairShares shows each finding's Shapley value for the target state,
// its fair share of the change the findings bring, as bars from a zero
// line, the largest share (up or down) first: brinkctl shapley, in the
// window.
func (p *analysisPanel) fairShares() {
	p.last = p.fairShares
	ws := p.win.ws
	v, s := p.target()
	res, err := ws.Shapley(v, s)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := ws.Model()
	t := targetText(m, v, s)
	objs := []fyne.CanvasObject{p.heading(fmt.Sprintf("Fair shares of P(%s)", t))}
	if len(res.Values) == 0 {
		objs = append(objs, wrapped(fmt.Sprintf("There are no findings to credit: P(%s) stands at %s.", t, p.win.prob(res.Posterior))))
		p.show(objs...)
		return
	}
	change, _ := deltaText(res.Posterior - res.Baseline)
	objs = append(objs, wrapped(fmt.Sprintf("%s with no findings, %s with them: %s, shared among the findings.",
		p.win.prob(res.Baseline), p.win.prob(res.Posterior), change)))
	note := "Each finding's change of the target in percentage points (pp), averaged over every order in which the findings could have come " +
		"(its Shapley value, Shapley 1953); the shares add up to the whole change."
	if !res.Exact {
		note += fmt.Sprintf(" Sampled over %s random orders (more than %d findings are not valued exactly), ± one standard error.",
			groupDigits(res.Permutations), analysis.MaxShapleyExact)
	}
	note += decisionsHeld(m)
	if ws.Evidence().DoLen() > 0 {
		note += " Actions stand in every order: they are not findings."
	}
	objs = append(objs, caption(note))
	vals := slices.Clone(res.Values)
	slices.SortStableFunc(vals, func(a, b analysis.ShapleyValue) int {
		return cmp.Or(cmp.Compare(math.Abs(b.Value), math.Abs(a.Value)), cmp.Compare(m.Label(a.Finding.Variable), m.Label(b.Finding.Variable)))
	})
	largest := 0.0
	for _, x := range vals {
		largest = max(largest, math.Abs(x.Value))
	}
	hidden := 0
	total := 0.0
	for _, x := range vals {
		total += x.Value
		if !p.showAll.Checked && math.Abs(x.Value) < minMove {
			hidden++
			continue
		}
		d, _ := deltaText(x.Value)
		line := d + "  " + findingLabel(m, x.Finding)
		if !res.Exact {
			line += fmt.Sprintf(" (± %s pp)", points(x.StdErr))
		}
		objs = append(objs, wrapped(line), newSignedBar(x.Value, largest))
	}
	sum, _ := deltaText(total)
	objs = append(objs, hiddenNote(hidden, "those findings' shares are below 0.1 pp"), wrapped("Total: "+sum))
	p.show(objs...)
}

// newSignedBar draws a change d as a bar from a zero line in the middle,
// rightwards when positive, scaled so that a change of largest fills
// half the track.
func newSignedBar(d, largest float64) *spanBar {
	f := 0.0
	if largest > 0 {
		f = 0.5 * math.Min(1, math.Abs(d)/largest)
	}
	if d < 0 {
		return newSpanBar(0.5-f, 0.5, 0.5)
	}
	return newSpanBar(0.5, 0.5+f, 0.5)
}

// table lays rows out as a table whose columns are as wide as their
// widest cell: the first row in bold as the header; the first lead
// columns (names) and any column without a header (notes)
// leading-aligned, the numbers trailing. Wider than the panel, it
// scrolls sideways on its own rather than widening the tab, while the
// wheel over it still scrolls the result (wheelRouter).
func (p *analysisPanel) table(rows [][]string, lead int) fyne.CanvasObject {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	var cells []fyne.CanvasObject
	for i, r := range rows {
		for j := range cols {
			text := ""
			if j < len(r) {
				text = r[j]
			}
			align := fyne.TextAlignTrailing
			if j < lead || j >= len(rows[0]) || rows[0][j] == "" {
				align = fyne.TextAlignLeading
			}
			cells = append(cells, widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: i == 0}))
		}
	}
	side := container.NewHScroll(container.New(&tableLayout{cols: cols}, cells...))
	return container.NewStack(side, newWheelRouter(side, p.scroll))
}

// wheelRouter lies over a sideways scroll inside the vertical one and
// takes its wheel events, which would otherwise stop there: the
// vertical wheel goes to the outer scroll, a sideways one (a touchpad's,
// or Shift with the wheel) to the inner. It takes no taps or drags, so
// the inner scroll bar still drags.
type wheelRouter struct {
	widget.BaseWidget
	side, outer *container.Scroll
}

var _ fyne.Scrollable = (*wheelRouter)(nil)

func newWheelRouter(side, outer *container.Scroll) *wheelRouter {
	w := &wheelRouter{side: side, outer: outer}
	w.ExtendBaseWidget(w)
	return w
}

// Scrolled passes the event on.
func (w *wheelRouter) Scrolled(ev *fyne.ScrollEvent) {
	if ev.Scrolled.DX == 0 && w.outer != nil {
		w.outer.Scrolled(ev)
		return
	}
	w.side.Scrolled(ev)
}

func (w *wheelRouter) MinSize() fyne.Size { return fyne.Size{} }

func (w *wheelRouter) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// tableLayout places cells row by row in cols columns, each as wide as
// its widest cell and each row as tall as its tallest.
type tableLayout struct{ cols int }

func (t *tableLayout) sizes(objs []fyne.CanvasObject) (widths, heights []float32) {
	widths = make([]float32, t.cols)
	heights = make([]float32, (len(objs)+t.cols-1)/t.cols)
	for i, o := range objs {
		ms := o.MinSize()
		widths[i%t.cols] = max(widths[i%t.cols], ms.Width)
		heights[i/t.cols] = max(heights[i/t.cols], ms.Height)
	}
	return widths, heights
}

func (t *tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	widths, heights := t.sizes(objs)
	var s fyne.Size
	for _, w := range widths {
		s.Width += w
	}
	for _, h := range heights {
		s.Height += h
	}
	return s
}

func (t *tableLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	widths, heights := t.sizes(objs)
	y := float32(0)
	for r, h := range heights {
		x := float32(0)
		for c, w := range widths {
			if i := r*t.cols + c; i < len(objs) {
				objs[i].Move(fyne.NewPos(x, y))
				objs[i].Resize(fyne.NewSize(w, h))
			}
			x += w
		}
		y += h
	}
}

var _ fyne.Layout = (*tableLayout)(nil)

// decisionsHeld notes, for a model with decisions, that an analysis
// without some findings keeps each decision at its best option for the
// present ones, so that its "before" can differ from the outcome panel's
// baseline; "" for a model without.
func decisionsHeld(m *model.Model) string {
	if !slices.ContainsFunc(m.Nodes, func(n model.Node) bool { return n.Role == model.RoleDecision }) {
		return ""
	}
	return " Each decision keeps its best option for the present findings throughout, so the start can differ from the outcome panel's baseline."
}
