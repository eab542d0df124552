package gui

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/report"
	"brink/gui/workspace"
	"brink/internal/atomicfile"
	"brink/network/analysis"
	"brink/network/model"
	"brink/network/timeline"
)

// logPanel is the Log tab: the model's log over time. It steps the
// beliefs to a date of the log (the findings the log has in force then,
// one undoable step; Back brings the analyst's own findings back), shows
// the path of the intentions and outcomes with each entry marked, lists
// the entries (add from the current findings, edit, delete), says what
// changed between two dates and why, and keeps the forecasts and their
// scores. Every action is one call into the presenter, workspace.Timeline.
type logPanel struct {
	win     *Window
	tl      *workspace.Timeline
	content *fyne.Container
	scroll  *container.Scroll
	// visible reports whether the tab is showing; nil means always. The
	// path costs a query per date: while the tab is hidden a change only
	// marks it stale, and it is drawn when shown.
	visible func() bool
	stale   bool
	// changes holds the "what changed" section, filled in the background.
	changes *fyne.Container
	job     int // counts the "what changed" jobs; a late one is dropped
	// lastShown is the last "what changed" result, for model shownModel
	// between shownFrom and shownTo: a redraw for new findings keeps it.
	lastShown          []fyne.CanvasObject
	shownModel         *model.Model
	shownFrom, shownTo string
}

func newLogPanel(win *Window) *logPanel {
	p := &logPanel{win: win, tl: workspace.NewTimeline(win.ws), content: container.NewVBox()}
	p.scroll = container.NewVScroll(p.content)
	p.scroll.Direction = container.ScrollVerticalOnly
	win.ws.OnChange(func(c workspace.Change) {
		if c&(workspace.ChangeBeliefs|workspace.ChangeEdit|workspace.ChangeModel) != 0 {
			p.refresh()
		}
	})
	return p
}

// refresh redraws the panel, or marks it to be redrawn when shown.
func (p *logPanel) refresh() {
	if p.visible != nil && !p.visible() {
		p.stale = true
		return
	}
	p.redraw()
}

// shown redraws the panel if a change came while it was hidden.
func (p *logPanel) shown() {
	if p.stale || len(p.content.Objects) == 0 {
		p.redraw()
	}
}

func (p *logPanel) redraw() {
	p.stale = false
	m := p.tl.Model()
	p.content.RemoveAll()
	p.content.Add(p.stepper(m))
	if len(m.Log) > 0 {
		if path, err := p.tl.Path(); err != nil {
			p.content.Add(wrapped(capitalise(err.Error())))
		} else {
			p.content.Add(p.pathView(m, path))
		}
	}
	p.content.Add(p.entries(m))
	p.content.Add(p.whatChanged(m))
	p.content.Add(p.forecasts(m))
	p.content.Refresh()
}

// stepper is the row that steps the beliefs through the log's dates.
func (p *logPanel) stepper(m *model.Model) fyne.CanvasObject {
	dates := p.tl.Dates()
	if len(dates) == 0 {
		return container.NewVBox(heading("Log"),
			wrapped("This model has no log yet. Set findings as reports come in, then “Log current findings…” records them, dated, so that Brink can show how the judgements moved and why."))
	}
	asOf := p.tl.AsOf()
	options := make([]string, len(dates))
	for i, d := range dates {
		options[i] = model.DateText(d)
	}
	sel := widget.NewSelect(options, nil)
	at := -1
	for i, d := range dates {
		if d == asOf {
			at = i
		}
	}
	if at >= 0 {
		sel.SetSelectedIndex(at)
	}
	sel.PlaceHolder = "Step to a date…"
	sel.OnChanged = func(string) {
		i := sel.SelectedIndex()
		if i >= 0 && dates[i] != p.tl.AsOf() {
			p.win.do(func() error { return p.tl.StepTo(dates[i]) })
		}
	}
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
		i := max(0, at-1)
		if at < 0 {
			i = len(dates) - 1
		}
		p.win.do(func() error { return p.tl.StepTo(dates[i]) })
	})
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() {
		p.win.do(func() error { return p.tl.StepTo(dates[min(len(dates)-1, at+1)]) })
	})
	back := widget.NewButton("Back to my findings", func() { p.win.do(p.tl.Back) })
	status := "Showing your own findings. Step to a date to see the beliefs as of that day: the findings the log has in force then."
	if asOf != "" {
		status = "As of " + model.DateText(asOf) + ": the network and the outcomes show the findings the log has in force that day. Back (or Undo) brings your own findings back."
	} else {
		back.Disable()
	}
	l := wrapped(status)
	if asOf != "" {
		l.TextStyle.Bold = true
	}
	return container.NewVBox(heading("Step through the log"),
		container.NewBorder(nil, nil, prev, next, sel), back, l)
}

// pathView is the path chart with the line that names the entry under
// the pointer, and its export.
func (p *logPanel) pathView(m *model.Model, path *timeline.Path) fyne.CanvasObject {
	chart := newPathChart(m, path)
	chart.asOf = p.tl.AsOf()
	hint := "Point at or tap a numbered line to read its entries; a tap steps to that date."
	info := caption(hint)
	chart.OnHover = func(text string) {
		if text == "" {
			text = hint
		}
		info.SetText(text)
	}
	chart.OnTap = func(date string) { p.win.do(func() error { return p.tl.StepTo(date) }) }
	export := widget.NewButton("Export chart…", p.exportPath)
	return container.NewVBox(heading("The path"), chart, info, container.NewHBox(export))
}

// exportPath asks where to write the path chart (PNG, SVG or PDF by the
// extension): the Log tab's button and File → Export → Path Chart.
func (p *logPanel) exportPath() {
	m := p.tl.Model()
	if len(m.Log) == 0 {
		dialog.ShowInformation("Path chart", "This model has no log: there is no path to chart yet. See the Log tab.", p.win.w)
		return
	}
	path, err := p.tl.Path()
	if err != nil {
		p.win.showError(err)
		return
	}
	p.win.askSavePath("Export path chart", "Export", "path.png", func(out string) error {
		format := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		var buf bytes.Buffer
		if err := report.PathChart(&buf, format, m, path, p.win.exportOptions()); err != nil {
			return err
		}
		if _, err := atomicfile.Write(out, buf.Bytes(), nil); err != nil {
			return err
		}
		p.win.status.SetText(fmt.Sprintf("Wrote %s (%d KB).", filepath.Base(out), (buf.Len()+1023)/1024))
		return nil
	})
}

// entries lists the log's entries with their edits, and the button that
// logs the current findings.
func (p *logPanel) entries(m *model.Model) fyne.CanvasObject {
	box := container.NewVBox(heading(fmt.Sprintf("Entries (%d)", len(m.Log))))
	for _, i := range p.tl.Entries() {
		e := m.Log[i]
		text := model.DateText(e.Date) + " · " + timeline.EntryText(m, i)
		var sub []string
		if pr := e.Finding.Provenance; pr != nil {
			if g := pr.Reliability + credibilityText(pr.Credibility); g != "" {
				sub = append(sub, "graded "+g)
			}
			if pr.Source != "" {
				sub = append(sub, "source "+pr.Source)
			}
			if pr.Note != "" {
				sub = append(sub, pr.Note)
			}
		}
		idx := i
		edit := widget.NewButton("Edit", func() { p.editEntry(idx) })
		del := widget.NewButton("Delete", func() { p.win.do(func() error { return p.tl.DeleteEntry(idx) }) })
		row := container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), wrapped(text))
		box.Add(row)
		if len(sub) > 0 {
			box.Add(caption(strings.Join(sub, " · ")))
		}
	}
	add := widget.NewButton("Log current findings…", p.logFindings)
	box.Add(container.NewHBox(add))
	return box
}

func credibilityText(c int) string {
	if c == 0 {
		return ""
	}
	return strconv.Itoa(c)
}

// provenanceForm returns the form items of a note, source and grading,
// and a function that reads them.
func provenanceForm(pr *model.Provenance) ([]*widget.FormItem, func() *model.Provenance) {
	note, source := widget.NewMultiLineEntry(), widget.NewEntry()
	note.Wrapping = fyne.TextWrapWord
	note.SetMinRowsVisible(2)
	rel := widget.NewSelect([]string{"", "A", "B", "C", "D", "E", "F"}, nil)
	cred := widget.NewSelect([]string{"", "1", "2", "3", "4", "5", "6"}, nil)
	if pr != nil {
		note.SetText(pr.Note)
		source.SetText(pr.Source)
		rel.SetSelected(pr.Reliability)
		cred.SetSelected(credibilityText(pr.Credibility))
	}
	items := []*widget.FormItem{
		widget.NewFormItem("Note", note),
		widget.NewFormItem("Source", source),
		widget.NewFormItem("Reliability", rel),
		widget.NewFormItem("Credibility", cred),
	}
	return items, func() *model.Provenance {
		c, _ := strconv.Atoi(cred.Selected)
		out := &model.Provenance{Note: strings.TrimSpace(note.Text), Source: strings.TrimSpace(source.Text), Reliability: rel.Selected, Credibility: c}
		if *out == (model.Provenance{}) {
			return nil
		}
		return out
	}
}

// logFindings asks which of the current findings to log (those that
// differ from what the log has in force at its end; retractions unticked,
// since the findings shown need not have started from the log), with
// their date and provenance, and adds them as one step.
func (p *logPanel) logFindings() {
	m := p.tl.Model()
	date := widget.NewEntry()
	date.SetText(p.tl.Today())
	pending := p.tl.Unlogged(date.Text)
	if len(pending) == 0 {
		dialog.ShowInformation("Log current findings", "The log already has the current findings: set, change or retract a finding first.", p.win.w)
		return
	}
	checks := container.NewVBox()
	keep := make([]bool, len(pending))
	for i, e := range pending {
		text := ""
		if e.Retract {
			text = "Retract the finding on " + labelOf(m, e.Finding.Node)
		} else {
			tmp := *m
			tmp.Log = []model.LogEntry{e}
			text = timeline.EntryText(&tmp, 0)
			keep[i] = true
		}
		c := widget.NewCheck(text, func(on bool) { keep[i] = on })
		c.Checked = keep[i]
		checks.Add(c)
	}
	items := []*widget.FormItem{
		widget.NewFormItem("New entries", checks),
		widget.NewFormItem("", caption("Findings the log does not have yet. A retraction is unticked: tick it only if that finding no longer holds.")),
		widget.NewFormItem("Date", date),
	}
	provItems, read := provenanceForm(nil)
	items = append(items, provItems...)
	d := dialog.NewForm("Log current findings", "Log", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		var es []model.LogEntry
		for i, e := range pending {
			if keep[i] {
				e.Date = strings.TrimSpace(date.Text)
				es = append(es, e)
			}
		}
		p.win.do(func() error {
			_, err := p.tl.AddEntries(es, read())
			return err
		})
	}, p.win.w)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
}

// labelOf returns the label of the node named id, or id.
func labelOf(m *model.Model, id string) string {
	if v, ok := m.Net.Index(id); ok {
		return m.Label(v)
	}
	return id
}

// editEntry edits an entry's date and provenance; its finding stays (to
// change it, delete the entry and log the new finding).
func (p *logPanel) editEntry(i int) {
	m := p.tl.Model()
	e := m.Log[i]
	date := widget.NewEntry()
	date.SetText(e.Date)
	items := []*widget.FormItem{
		widget.NewFormItem("Entry", wrapped(timeline.EntryText(m, i))),
		widget.NewFormItem("Date", date),
	}
	provItems, read := provenanceForm(e.Finding.Provenance)
	items = append(items, provItems...)
	d := dialog.NewForm("Edit log entry", "Apply", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		ne := e
		ne.Date = strings.TrimSpace(date.Text)
		ne.Finding.Provenance = read()
		p.win.do(func() error { return p.tl.SetEntry(i, ne) })
	}, p.win.w)
	d.Resize(fyne.NewSize(520, 400))
	d.Show()
}

// whatChanged is the "what changed" section: two dates, and the changes
// in words, computed in the background.
func (p *logPanel) whatChanged(m *model.Model) fyne.CanvasObject {
	from, to := widget.NewEntry(), widget.NewEntry()
	f, t := p.tl.DefaultSpan()
	from.SetText(f)
	to.SetText(t)
	p.changes = container.NewVBox()
	explain := widget.NewButton("Explain", func() { p.explain(m, strings.TrimSpace(from.Text), strings.TrimSpace(to.Text)) })
	dates := container.NewGridWithColumns(2, container.NewBorder(nil, nil, widget.NewLabel("From"), nil, from),
		container.NewBorder(nil, nil, widget.NewLabel("to"), nil, to))
	box := container.NewVBox(heading("What changed"),
		caption("Between the end of two days (YYYY-MM-DD; by default the model's as-of date, the date its brief speaks for, and today): each intention and outcome's change and the entries that caused most of it."),
		dates, container.NewHBox(explain), p.changes)
	switch {
	case p.shownModel == m && p.lastShown != nil:
		from.SetText(p.shownFrom)
		to.SetText(p.shownTo)
		p.changes.Objects = p.lastShown
	case len(m.Log) > 0:
		p.explain(m, f, t)
	}
	return box
}

// explain computes what changed between from and to off the UI
// goroutine, on its own beliefs, and shows it.
func (p *logPanel) explain(m *model.Model, from, to string) {
	p.job++
	job := p.job
	p.changes.RemoveAll()
	p.changes.Add(caption("Working it out…"))
	p.changes.Refresh()
	p.win.goBackground(func() {
		var cs *timeline.Changes
		b, err := timeline.NewBeliefs(m)
		if err == nil {
			cs, err = timeline.ComputeChanges(b, from, to)
		}
		p.win.ui(func() {
			if job != p.job {
				return
			}
			p.showChanges(m, cs, err)
			p.lastShown, p.shownModel, p.shownFrom, p.shownTo = p.changes.Objects, m, from, to
		})
	})
}

func (p *logPanel) showChanges(m *model.Model, cs *timeline.Changes, err error) {
	p.changes.RemoveAll()
	defer p.changes.Refresh()
	if err != nil {
		p.changes.Add(wrapped(capitalise(err.Error())))
		return
	}
	if len(cs.Entries) == 0 {
		p.changes.Add(wrapped("No entry between these dates: nothing changed."))
		return
	}
	big := cs.Biggest(0.005)
	if len(big) == 0 {
		p.changes.Add(wrapped(fmt.Sprintf("%d entries between these dates; no intention or outcome moved by half a point or more.", len(cs.Entries))))
		return
	}
	for _, c := range big {
		p.changes.Add(wrapped("• " + timeline.ChangeText(m, c)))
	}
	how := fmt.Sprintf("Shares of %d entries by their Shapley values, computed exactly; they add up to each change.", len(cs.Entries))
	if !cs.Exact {
		how = fmt.Sprintf("Shares of %d entries by their Shapley values, sampled over %d orders; they add up to each change.", len(cs.Entries), cs.Permutations)
	}
	p.changes.Add(caption(how))
}

// forecasts lists the forecasts with their resolutions and the scores.
func (p *logPanel) forecasts(m *model.Model) fyne.CanvasObject {
	box := container.NewVBox(heading(fmt.Sprintf("Forecasts (%d)", len(m.Forecasts))))
	for i, f := range m.Forecasts {
		v, ok := m.Net.Index(f.Node)
		if !ok {
			continue
		}
		parts := make([]string, len(f.P))
		for s, q := range f.P {
			parts[s] = m.StateLabel(v, s) + " " + analysis.Percent(q)
		}
		text := model.DateText(f.Date) + " · " + m.Label(v) + ": " + strings.Join(parts, ", ")
		if f.Resolved != "" {
			text += " → " + m.StateLabel(v, m.Net.Variable(v).StateIndex(f.Resolved))
			if f.ResolvedOn != "" {
				text += " (" + model.DateText(f.ResolvedOn) + ")"
			}
		} else {
			text += " → open"
		}
		idx := i
		resolve := widget.NewButton("Resolve…", func() { p.resolve(idx) })
		del := widget.NewButton("Delete", func() { p.win.do(func() error { return p.tl.DeleteForecast(idx) }) })
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(resolve, del), wrapped(text)))
		if f.Note != "" {
			box.Add(caption(f.Note))
		}
	}
	box.Add(container.NewHBox(widget.NewButton("Record forecast…", p.recordForecast)))
	sc, err := p.tl.Score()
	if err != nil {
		box.Add(wrapped(capitalise(err.Error())))
		return box
	}
	if len(m.Forecasts) > 0 {
		box.Add(wrapped(timeline.ScoreText(sc)))
	}
	if sc.Bins != nil {
		rows := []string{"Calibration (forecast band: count, mean forecast, happened)"}
		for _, b := range sc.Bins {
			if b.N > 0 {
				rows = append(rows, fmt.Sprintf("%.0f–%.0f%%: %d, %s, %s", 100*b.Lo, 100*b.Hi, b.N, analysis.Percent(b.Mean), analysis.Percent(b.Observed)))
			}
		}
		box.Add(wrapped(strings.Join(rows, "\n")))
	}
	return box
}

// recordForecast asks for a node, a date and either the current beliefs
// or typed probabilities.
func (p *logPanel) recordForecast() {
	m := p.tl.Model()
	nodes := m.BriefingNodes()
	for v := range m.Net.NumVariables() {
		found := false
		for _, b := range nodes {
			found = found || b == v
		}
		if !found {
			nodes = append(nodes, v)
		}
	}
	names := make([]string, len(nodes))
	for i, v := range nodes {
		names[i] = m.Label(v)
	}
	node := widget.NewSelect(names, nil)
	node.SetSelectedIndex(0)
	date := widget.NewEntry()
	date.SetText(p.tl.Today())
	typed := widget.NewEntry()
	typed.SetPlaceHolder("empty: the current beliefs; or e.g. 20, 80 (percent, in state order)")
	note := widget.NewEntry()
	items := []*widget.FormItem{
		widget.NewFormItem("Node", node),
		widget.NewFormItem("Date", date),
		widget.NewFormItem("Probabilities", typed),
		widget.NewFormItem("Note", note),
	}
	d := dialog.NewForm("Record forecast", "Record", "Cancel", items, func(ok bool) {
		if !ok || node.SelectedIndex() < 0 {
			return
		}
		v := nodes[node.SelectedIndex()]
		p.win.do(func() error {
			q, err := parsePercents(typed.Text, m.Net.Card(v))
			if err != nil {
				return err
			}
			return p.tl.RecordForecast(v, strings.TrimSpace(date.Text), q, strings.TrimSpace(note.Text))
		})
	}, p.win.w)
	d.Resize(fyne.NewSize(520, 320))
	d.Show()
}

// parsePercents reads "20, 80" as probabilities (percent, summing to 100
// within half a point, then scaled to sum to 1); empty gives nil.
func parsePercents(s string, k int) ([]float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	if len(fields) != k {
		return nil, fmt.Errorf("give %d numbers, one per state, in percent", k)
	}
	out := make([]float64, k)
	sum := 0.0
	for i, f := range fields {
		x, err := strconv.ParseFloat(strings.TrimSuffix(f, "%"), 64)
		if err != nil || !(x >= 0 && x <= 100) {
			return nil, fmt.Errorf("%q is not a percentage from 0 to 100", f)
		}
		out[i] = x
		sum += x
	}
	if sum < 99.5 || sum > 100.5 {
		return nil, fmt.Errorf("the percentages sum to %g, not 100", sum)
	}
	for i := range out {
		out[i] /= sum
	}
	return out, nil
}

// resolve asks which state of forecast i's node happened, and when.
func (p *logPanel) resolve(i int) {
	m := p.tl.Model()
	f := m.Forecasts[i]
	v, ok := m.Net.Index(f.Node)
	if !ok {
		return
	}
	states := []string{"(still open)"}
	for s := range m.Net.Card(v) {
		states = append(states, m.StateLabel(v, s))
	}
	state := widget.NewSelect(states, nil)
	state.SetSelectedIndex(m.Net.Variable(v).StateIndex(f.Resolved) + 1)
	date := widget.NewEntry()
	date.SetText(f.ResolvedOn)
	if date.Text == "" {
		date.SetText(p.tl.Today())
	}
	items := []*widget.FormItem{
		widget.NewFormItem("What happened", state),
		widget.NewFormItem("Known on", date),
	}
	d := dialog.NewForm("Resolve forecast of "+m.Label(v), "Apply", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		p.win.do(func() error { return p.tl.Resolve(i, state.SelectedIndex()-1, strings.TrimSpace(date.Text)) })
	}, p.win.w)
	d.Resize(fyne.NewSize(440, 240))
	d.Show()
}
