package gui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/network"
	"brink/network/analysis"
	"brink/network/model"
)

// inspector shows the selected node: its documentation, the evidence
// controls for each state, the rationale and citations behind its CPT,
// and the CPT itself. Everything is written with the model's labels; the
// node's id appears only in the small detail line under the title.
type inspector struct {
	win *Window
	// v is the node shown, or -1; u is the utility of model uModel shown
	// instead (showUtility), or -1.
	v       int
	u       int
	uModel  *model.Model
	content *fyne.Container
	scroll  *container.Scroll

	// The CPT's caption and table for node cptV of cptModel: a CPT does
	// not change when findings do, so a click re-uses them instead of
	// building a table again (most of a click's cost on the flagship).
	cptModel   *model.Model
	cptV       int
	cptCaption fyne.CanvasObject
	cptTable   fyne.CanvasObject

	// The lines that change with findings, kept so that a click on the
	// node already shown rewrites their text instead of rebuilding the
	// panel (Fyne re-shapes every label it is given anew). builtModel and
	// builtV say which node they belong to.
	builtModel *model.Model
	builtV     int
	status     *widget.Label
	provenance *widget.Label
	stateNames []*widget.Label
	statePcts  []*widget.Label
	stateRows  []*fyne.Container
}

func newInspector(win *Window) *inspector {
	in := &inspector{win: win, v: -1, u: -1, builtV: -1, content: container.NewVBox()}
	in.scroll = container.NewVScroll(in.content)
	in.show(-1)
	return in
}

// show fills the inspector for node v (-1: nothing selected).
func (in *inspector) show(v int) {
	same := v == in.v
	in.v, in.u, in.uModel = v, -1, nil
	ws := in.win.ws
	if same && v >= 0 && in.builtModel == ws.Model() && in.builtV == v {
		in.update()
		return
	}
	in.content.RemoveAll()
	in.builtModel, in.builtV = nil, -1
	in.stateNames, in.statePcts, in.stateRows = in.stateNames[:0], in.statePcts[:0], in.stateRows[:0]
	if v < 0 || v >= ws.Network().NumVariables() {
		in.content.Add(wrapped("Select a node to see its description, evidence controls, rationale and CPT."))
		in.content.Refresh()
		return
	}
	m := ws.Model()
	n := m.Net
	nd := m.Nodes[v]
	title := widget.NewLabelWithStyle(m.Label(v), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	in.content.Add(title)
	var meta []string
	if nd.Role != "" {
		meta = append(meta, string(nd.Role))
	}
	if nd.Group != "" {
		meta = append(meta, nd.Group)
	}
	if len(meta) > 0 {
		in.content.Add(wrapped(strings.Join(meta, " · ")))
	}
	id := widget.NewLabel(idLine(n.Name(v)))
	id.SizeName = theme.SizeNameCaptionText // small, but not the faint disabled colour
	in.content.Add(id)
	if nd.Description != "" {
		in.content.Add(wrapped(nd.Description))
	}

	in.content.Add(heading("Evidence"))
	in.content.Add(wrapped("Set: observed in this state. Not: observed not in it. Act: made so by action — what follows if it is done, its causes not updated."))
	in.status = wrapped("")
	in.content.Add(in.status)
	in.provenance = wrapped("")
	in.content.Add(in.provenance)
	// Each percentage gets the room of the widest text analysis.Percent
	// writes, so the column does not move as the numbers change.
	pctSize := widget.NewLabel(">99.9%").MinSize()
	for s := range n.Card(v) {
		s := s
		set := widget.NewButton("Set", func() { in.win.do(func() error { return ws.SetState(v, s) }) })
		not := widget.NewButton("Not", func() { in.win.do(func() error { return ws.ExcludeState(v, s) }) })
		act := widget.NewButton("Act", func() { in.win.do(func() error { return ws.SetDo(v, s) }) })
		name, pct := widget.NewLabel(""), widget.NewLabel("")
		pct.Alignment = fyne.TextAlignTrailing
		row := container.NewBorder(nil, nil, name, container.NewHBox(container.NewGridWrap(pctSize, pct), set, not, act))
		in.stateNames = append(in.stateNames, name)
		in.statePcts = append(in.statePcts, pct)
		in.stateRows = append(in.stateRows, row)
		in.content.Add(row)
	}
	in.builtModel, in.builtV = m, v
	in.fillEvidence()
	in.content.Add(container.NewHBox(
		widget.NewButton("Likelihood…", func() { in.win.likelihoodDialog(v) }),
		widget.NewButton("Retract", func() { in.win.do(func() error { return ws.Retract(v) }) }),
	))

	if nd.Rationale != "" {
		in.content.Add(heading("Rationale"))
		in.content.Add(wrapped(nd.Rationale))
	}
	if len(nd.Citations) > 0 {
		in.content.Add(heading("Citations"))
		for _, c := range nd.Citations {
			src := c.Source
			for _, s := range m.Sources {
				if s.ID == c.Source && s.Title != "" {
					src = s.Title
				}
			}
			q := widget.NewLabelWithStyle("“"+c.Quote+"”", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
			q.Wrapping = fyne.TextWrapWord
			in.content.Add(q)
			in.content.Add(wrapped("— " + src))
		}
	}
	in.content.Add(heading("Edit"))
	in.content.Add(container.NewGridWithColumns(2,
		widget.NewButton("Documentation…", func() { in.win.docDialog(v) }),
		widget.NewButton("States…", func() { in.win.statesDialog(v) }),
		widget.NewButton("Parents…", func() { in.win.parentsDialog(v) }),
		widget.NewButton("Edit table…", func() { in.win.editTable(v) }),
		widget.NewButton("Canonical model…", func() { in.win.canonicalDialog(v) }),
	))
	in.content.Add(heading("Conditional probability table"))
	if text := canonicalText(m, v); text != "" {
		in.content.Add(wrapped(text))
		in.content.Add(widget.NewButton("Convert to plain table", func() { in.win.afterEdit(ws.ToTable(v)) }))
	}
	if in.cptModel != m || in.cptV != v || in.cptTable == nil {
		cpt := newCPTView(m, v)
		in.cptModel, in.cptV = m, v
		in.cptCaption, in.cptTable = wrapped(cptCaption(in.win, v)), cpt.table()
	}
	in.content.Add(in.cptCaption)
	in.content.Add(in.cptTable)
	in.content.Refresh()
	if !same {
		in.scroll.ScrollToTop() // a new node starts at its title; the same one keeps its place
	}
}

// update rewrites the lines of the node already shown that change with
// findings, leaving the rest of the panel (and its scroll position) as it
// is.
func (in *inspector) update() {
	in.fillEvidence()
}

// fillEvidence writes the finding, its provenance and each state's mark
// and percentage into the kept labels. A label is only given text that
// differs from what it shows, so unchanged lines cost nothing to redraw.
func (in *inspector) fillEvidence() {
	ws := in.win.ws
	m, v := ws.Model(), in.builtV
	f, observed := ws.Finding(v)
	status := "No finding."
	if observed {
		status = "Finding: " + evidenceText(m, f)
	}
	doState, set := ws.Action(v)
	if set {
		status = "Set by action to " + m.StateLabel(v, doState) + ": its effects follow, its causes keep their beliefs (Pearl's do)."
	}
	setText(in.status, status)
	if pv := ws.Provenance(v); pv != nil {
		setText(in.provenance, provenanceText(pv))
		in.provenance.Show()
	} else {
		in.provenance.Hide()
		setText(in.provenance, "")
	}
	post := ws.Posterior(v)
	for s, name := range in.stateNames {
		mark := graphview.FindingMark(f, observed, s)
		if set && doState == s {
			mark = graphview.ActionMark
		}
		if setText(name, mark+m.StateLabel(v, s)) {
			in.stateRows[s].Refresh() // the name's width changed: lay the row out again
		}
		setText(in.statePcts[s], analysis.Percent(post[s]))
	}
}

// setText gives l the text s unless it already shows it, and reports
// whether it changed.
func setText(l *widget.Label, s string) bool {
	if l.Text == s {
		return false
	}
	l.SetText(s)
	return true
}

// idLine is the inspector's detail line naming a node's id, the one place
// the inspector shows it.
func idLine(name string) string { return "id: " + name }

// evidenceText renders a finding with the model's labels, e.g. "Smoker:
// yes", "Smoker: not yes" or "Smoker: likelihood yes 0.8, no 0.2".
func evidenceText(m *model.Model, f network.Finding) string {
	v := f.Variable
	switch f.Kind {
	case network.Hard:
		return m.Label(v) + ": " + m.StateLabel(v, f.State)
	case network.Negative:
		var ex []string
		for s, w := range f.Weights {
			if w == 0 {
				ex = append(ex, m.StateLabel(v, s))
			}
		}
		return m.Label(v) + ": not " + strings.Join(ex, ", ")
	default:
		ws := make([]string, len(f.Weights))
		for s, w := range f.Weights {
			ws[s] = m.StateLabel(v, s) + " " + strconv.FormatFloat(w, 'g', 4, 64)
		}
		return m.Label(v) + ": likelihood " + strings.Join(ws, ", ")
	}
}

// cptView lays out P(v | parents) as a table: a header row, then one row
// per parent configuration, with a column per parent (its state) and per
// state of v (the probability). Headers and cells are the model's labels.
type cptView struct {
	m       *model.Model
	v       int
	parents []int
	states  []int // scratch for ParentStates
	// widths are the columns' widths: each fits its longest text, up to
	// maxCPTColumn; longer texts are truncated with an ellipsis, so that
	// neighbouring headers never overlap.
	widths []float32
}

// maxCPTColumn is the widest a CPT column grows for its text, in
// device-independent pixels; the caption above the table spells out
// every label in full.
const maxCPTColumn = 200

// maxCPTWidth is the widest the CPT's table is laid out, within the side
// panel's smallest width, so that the table never widens the inspector
// (whose text wraps to its width); a wider table scrolls sideways.
const maxCPTWidth = 220

func newCPTView(m *model.Model, v int) *cptView {
	c := &cptView{m: m, v: v, parents: m.Net.Parents(v)}
	rows, cols := c.size()
	c.widths = make([]float32, cols)
	pad := 2*theme.InnerPadding() + 2
	for col := range cols {
		for row := range rows {
			style := fyne.TextStyle{Bold: row == 0}
			w := fyne.MeasureText(c.cell(row, col), theme.TextSize(), style).Width + pad
			c.widths[col] = min(max(c.widths[col], w), maxCPTColumn)
			if row > 64 {
				break // the texts of a column repeat; enough to size it
			}
		}
	}
	return c
}

func (c *cptView) size() (rows, cols int) {
	n := c.m.Net
	return n.ParentConfigs(c.v) + 1, len(c.parents) + n.Card(c.v)
}

// caption names the distribution in full, e.g. "P(Iran's intention |
// Regime insecurity, Threat perception)".
func (c *cptView) caption() string {
	var ps []string
	for _, p := range c.parents {
		ps = append(ps, c.m.Label(p))
	}
	if len(ps) == 0 {
		return "P(" + c.m.Label(c.v) + ")"
	}
	return "P(" + c.m.Label(c.v) + " | " + strings.Join(ps, ", ") + ")"
}

// cell is the text of a cell: row 0 holds the headers.
func (c *cptView) cell(row, col int) string {
	n := c.m.Net
	k := n.Card(c.v)
	np := len(c.parents)
	switch {
	case row == 0 && col < np:
		return c.m.Label(c.parents[col])
	case row == 0:
		return c.m.StateLabel(c.v, col-np)
	case col < np:
		c.states = n.ParentStates(c.v, row-1, c.states)
		return c.m.StateLabel(c.parents[col], c.states[col])
	default:
		return cellPercent(n.CPT(c.v)[(row-1)*k+col-np])
	}
}

// table returns the CPT as a widget.Table with the header row kept in
// view.
func (c *cptView) table() fyne.CanvasObject {
	rows, cols := c.size()
	t := widget.NewTable(
		func() (int, int) { return rows, cols },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			l.SetText(c.cell(id.Row, id.Col))
		})
	t.StickyRowCount = 1
	var total float32
	for col, w := range c.widths {
		t.SetColumnWidth(col, w)
		total += w + theme.Padding()
	}
	// The table scrolls sideways within maxCPTWidth rather than widen the
	// side panel, which would move the window's split.
	h := float32(min(rows, 12)) * 38
	return container.NewGridWrap(fyne.NewSize(min(total, maxCPTWidth), h), t)
}

func heading(s string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// provenanceText renders a finding's provenance in one paragraph, e.g.
// "Note: … Source: standoff. Observed 2026-01-05. Graded B2."
func provenanceText(p *model.Provenance) string {
	var parts []string
	if p.Note != "" {
		parts = append(parts, "Note: "+p.Note)
	}
	if p.Source != "" {
		parts = append(parts, "Source: "+p.Source+".")
	}
	if p.Observed != "" {
		parts = append(parts, "Observed "+p.Observed+".")
	}
	if p.Reliability != "" || p.Credibility > 0 {
		g := p.Reliability
		if p.Credibility > 0 {
			g += fmt.Sprint(p.Credibility)
		}
		parts = append(parts, "Graded "+g+" (Admiralty scale).")
	}
	return strings.Join(parts, " ")
}
