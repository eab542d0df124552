package gui

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/network"
	"brink/network/analysis"
	"brink/network/edit"
)

// cptEditor edits one node's table: a grid with a row per parent
// configuration (the parents' state labels on the left, under the
// parents' labels) and an editable cell per state. A typed number,
// percentage or ICD 203 word ("likely", the middle of its band) changes
// the cell; with "make the others proportional" the rest of the row is
// scaled so that it still sums to 1, as in GeNIe. A row that does not
// sum to 1 is kept here, highlighted with the reason, and the model is
// rebuilt only from valid rows, so the window never shows a half-edited
// network. Rows an edit filled in are marked for review until changed.
// Each applied row is one undoable step.
type cptEditor struct {
	win  *Window
	name string // the node's id: the editor follows it through edits
	v    int

	filter  []int // per parent: -1 for every state, or the state shown
	rows    []int // the parent configurations shown, in order
	pending map[int][]float64
	focus   int // the configuration last edited or selected, -1 none

	table   *widget.Table
	prop    *widget.Check
	message *widget.Label
	filters *fyne.Container
	title   *widget.Label
	// canonical explains a table given by a canonical model's
	// parameters, which is shown but not edited cell by cell.
	canonical *fyne.Container
	d         dialog.Dialog
}

// Column widths in the editor.
const (
	cptParentColumn = 150
	cptStateColumn  = 110
	cptSumColumn    = 70
	cptNoteColumn   = 170
)

// cptEditorColours tint rows to review and rows that are not valid.
var (
	reviewTint  = color.NRGBA{0xf5, 0x9e, 0x0b, 0x40} // amber
	invalidTint = color.NRGBA{0xdc, 0x26, 0x26, 0x50} // red
)

// editTable opens the table editor for node v.
func (win *Window) editTable(v int) {
	if v < 0 || v >= win.ws.Network().NumVariables() {
		dialog.ShowInformation("Edit table", "Select a node first.", win.w)
		return
	}
	e := &cptEditor{win: win, name: win.ws.Network().Name(v), v: v, pending: map[int][]float64{}, focus: -1}
	e.build()
	win.cpt = e
	e.d.SetOnClosed(func() {
		if win.cpt == e {
			win.cpt = nil
		}
	})
	e.d.Show()
}

func (e *cptEditor) build() {
	e.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.title.Wrapping = fyne.TextWrapWord
	e.prop = widget.NewCheck("Make the others proportional", nil)
	e.prop.SetChecked(true)
	e.message = widget.NewLabel("")
	e.message.Wrapping = fyne.TextWrapWord
	e.filters = container.NewVBox()
	e.table = widget.NewTable(e.size, e.createCell, e.updateCell)
	e.table.ShowHeaderRow = true
	e.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	e.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(e.header(id.Col))
	}
	e.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(e.rows) {
			e.focus = e.rows[id.Row]
		}
	}
	buttons := container.NewHBox(
		widget.NewButton("Normalise row", e.normaliseFocused),
		widget.NewButton("Normalise all", e.normaliseAll),
		widget.NewButton("Paste row", e.pasteRow),
		widget.NewButton("Canonical model…", func() { e.win.canonicalDialog(e.v) }),
	)
	e.canonical = container.NewVBox()
	top := container.NewVBox(e.title, e.canonical, container.NewHBox(e.prop), e.filters)
	bottom := container.NewVBox(e.message, buttons)
	body := container.NewBorder(top, bottom, nil, nil, e.table)
	e.d = dialog.NewCustom("Edit table", "Close", body, e.win.w)
	size := e.win.w.Canvas().Size()
	e.d.Resize(fyne.NewSize(max(600, size.Width*0.9), max(420, size.Height*0.85)))
	e.refresh()
}

// refresh follows the node after a change of the model: it finds it by
// id (closing when it is gone), rebuilds the filters when the parents
// changed, and redraws.
func (e *cptEditor) refresh() {
	n := e.win.ws.Network()
	v, ok := n.Index(e.name)
	if !ok {
		e.d.Hide()
		return
	}
	e.v = v
	m := e.win.ws.Model()
	ps := n.Parents(v)
	if len(e.filter) != len(ps) {
		e.filter = make([]int, len(ps))
		for i := range e.filter {
			e.filter[i] = -1
		}
		e.filters.RemoveAll()
		grid := container.NewGridWithColumns(max(1, len(ps)))
		if len(ps) > 0 {
			e.filters.Add(container.NewBorder(nil, nil, widget.NewLabel("Show:"), nil, grid))
		}
		for j, p := range ps {
			j := j
			opts := []string{m.Label(p) + ": any"}
			for s := range n.Card(p) {
				opts = append(opts, m.Label(p)+" = "+m.StateLabel(p, s))
			}
			sel := widget.NewSelect(opts, nil)
			sel.SetSelectedIndex(0)
			sel.OnChanged = func(string) {
				e.filter[j] = sel.SelectedIndex() - 1
				e.refilter()
			}
			grid.Add(sel)
		}
	}
	e.title.SetText(cptCaption(e.win, v))
	e.fillCanonical(v)
	for col := range e.columns() {
		e.table.SetColumnWidth(col, e.columnWidth(col))
	}
	// The parents' states stay in view when a wide table scrolls sideways.
	e.table.StickyColumnCount = len(ps)
	e.refilter()
}

func cptCaption(win *Window, v int) string {
	m := win.ws.Model()
	c := newCPTView(m, v).caption()
	if r := len(m.Nodes[v].Review); r > 0 {
		c += fmt.Sprintf(" · %d %s to review", r, plural(r, "row", "rows"))
	}
	return c
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// refilter recomputes the rows shown.
func (e *cptEditor) refilter() {
	n := e.win.ws.Network()
	e.rows = e.rows[:0]
	var states []int
	for cfg := range n.ParentConfigs(e.v) {
		states = n.ParentStates(e.v, cfg, states)
		keep := true
		for j, f := range e.filter {
			if f >= 0 && j < len(states) && states[j] != f {
				keep = false
			}
		}
		if keep {
			e.rows = append(e.rows, cfg)
		}
	}
	e.table.Refresh()
}

// columns are the parents, the states, the row's sum and its note.
func (e *cptEditor) columns() int {
	n := e.win.ws.Network()
	return len(n.Parents(e.v)) + n.Card(e.v) + 2
}

func (e *cptEditor) size() (int, int) { return len(e.rows), e.columns() }

func (e *cptEditor) columnWidth(col int) float32 {
	n := e.win.ws.Network()
	np, k := len(n.Parents(e.v)), n.Card(e.v)
	measure := func(s string, w float32) float32 {
		return min(max(w, fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: true}).Width+2*theme.InnerPadding()+4), 260)
	}
	switch {
	case col < np:
		return measure(e.header(col), cptParentColumn)
	case col < np+k:
		return measure(e.header(col), cptStateColumn)
	case col == np+k:
		return cptSumColumn
	}
	return cptNoteColumn
}

func (e *cptEditor) header(col int) string {
	m := e.win.ws.Model()
	n := m.Net
	ps := n.Parents(e.v)
	np, k := len(ps), n.Card(e.v)
	switch {
	case col < np:
		return m.Label(ps[col])
	case col < np+k:
		return m.StateLabel(e.v, col-np)
	case col == np+k:
		return "Sum"
	}
	return "Note"
}

// cptCell is one cell: a tint behind a label (parents, sum, note) or an
// entry (a probability).
type cptCell struct {
	bg    *canvas.Rectangle
	label *widget.Label
	entry *cellEntry
}

func (e *cptEditor) createCell() fyne.CanvasObject {
	c := &cptCell{bg: canvas.NewRectangle(color.Transparent), label: widget.NewLabel(""), entry: newCellEntry()}
	c.label.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(c.bg, c.label, c.entry)
}

// row returns the numbers of configuration cfg: the pending ones typed
// here, or the model's.
func (e *cptEditor) row(cfg int) []float64 {
	if p, ok := e.pending[cfg]; ok {
		return p
	}
	n := e.win.ws.Network()
	k := n.Card(e.v)
	return n.CPT(e.v)[cfg*k : (cfg+1)*k]
}

func (e *cptEditor) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	st := o.(*fyne.Container)
	c := &cptCell{bg: st.Objects[0].(*canvas.Rectangle), label: st.Objects[1].(*widget.Label), entry: st.Objects[2].(*cellEntry)}
	if id.Row >= len(e.rows) {
		return
	}
	m := e.win.ws.Model()
	n := m.Net
	ps := n.Parents(e.v)
	np, k := len(ps), n.Card(e.v)
	cfg := e.rows[id.Row]
	row := e.row(cfg)
	_, invalid := e.pending[cfg]
	review := slices.Contains(m.Nodes[e.v].Review, cfg)
	switch {
	case invalid:
		c.bg.FillColor = invalidTint
	case review:
		c.bg.FillColor = reviewTint
	default:
		c.bg.FillColor = color.Transparent
	}
	c.bg.Refresh()
	col := id.Col
	if col >= np && col < np+k {
		s := col - np
		c.label.Hide()
		c.entry.Show()
		c.entry.onCommit = func(text string) { e.commit(cfg, s, text) }
		c.entry.onFocus = func() { e.focus = cfg }
		c.entry.setValue(cellPercent(row[s]))
		if m.Nodes[e.v].Canonical != nil {
			c.entry.Disable()
		} else {
			c.entry.Enable()
		}
		return
	}
	c.entry.Hide()
	c.entry.onCommit, c.entry.onFocus = nil, nil
	c.label.Show()
	switch {
	case col < np:
		states := n.ParentStates(e.v, cfg, nil)
		c.label.SetText(m.StateLabel(ps[col], states[col]))
	case col == np+k:
		sum := 0.0
		for _, p := range row {
			sum += p
		}
		c.label.SetText(cellPercent(sum))
	default:
		switch {
		case invalid:
			c.label.SetText(rowProblem(row))
		case review:
			c.label.SetText("to review")
		default:
			c.label.SetText("")
		}
	}
}

// cellPercent writes a probability in a cell as a percentage with up to
// four decimals, the trailing zeros dropped: "12.5%", "33.3333%", "100%".
func cellPercent(p float64) string {
	s := strconv.FormatFloat(100*p, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s + "%"
}

// rowProblem says why a row is not a distribution.
func rowProblem(row []float64) string {
	chk := network.CheckRow(row)
	if chk.Bad >= 0 {
		return "a number is not a probability"
	}
	return "sums to " + cellPercent(chk.Sum) + ", not 100%"
}

// commit takes a typed cell: state s of configuration cfg.
func (e *cptEditor) commit(cfg, s int, text string) {
	p, word, err := analysis.ParseProbability(text)
	if err != nil {
		e.message.SetText(capitalise(err.Error()) + ".")
		e.table.Refresh()
		return
	}
	row := slices.Clone(e.row(cfg))
	if s >= len(row) {
		return
	}
	if row[s] == p && !e.isPending(cfg) {
		return // nothing changed (focus left an untouched cell)
	}
	if e.prop.Checked {
		row = edit.Proportional(row, s, p)
	} else {
		row[s] = p
	}
	msg := ""
	if word != "" {
		msg = fmt.Sprintf("“%s” stands for %s, the middle of its ICD 203 band (%s). ", word, analysis.Percent(p), analysis.TermBand(word))
	}
	e.apply(cfg, row, msg)
}

func (e *cptEditor) isPending(cfg int) bool { _, ok := e.pending[cfg]; return ok }

// apply makes row the numbers of configuration cfg: in the model when it
// is a distribution (one undoable step), otherwise pending here.
func (e *cptEditor) apply(cfg int, row []float64, msg string) {
	e.focus = cfg
	if network.CheckRow(row).Acceptable {
		delete(e.pending, cfg)
		notes, err := e.win.ws.SetRow(e.v, cfg, row)
		if err != nil {
			e.message.SetText(msg + capitalise(err.Error()))
			return
		}
		e.message.SetText(msg + strings.Join(notes, " "))
		return
	}
	e.pending[cfg] = row
	e.message.SetText(msg + fmt.Sprintf("Row %d %s: it is kept here, not in the model, until it sums to 100%% — change a number or press Normalise row.", cfg+1, rowProblem(row)))
	e.table.Refresh()
}

func (e *cptEditor) normaliseFocused() {
	if e.focus < 0 {
		e.message.SetText("Click a cell of the row to normalise first.")
		return
	}
	e.apply(e.focus, edit.Normalised(e.row(e.focus)), "")
}

func (e *cptEditor) normaliseAll() {
	cfgs := slices.Sorted(func(yield func(int) bool) {
		for c := range e.pending {
			if !yield(c) {
				return
			}
		}
	})
	if len(cfgs) == 0 {
		e.message.SetText("Every row sums to 100%.")
		return
	}
	// One step for all of them.
	n := e.win.ws.Network()
	k := n.Card(e.v)
	cpt := slices.Clone(n.CPT(e.v))
	for _, c := range cfgs {
		copy(cpt[c*k:(c+1)*k], edit.Normalised(e.pending[c]))
	}
	clear(e.pending)
	if _, err := e.win.ws.SetCPT(e.v, cpt); err != nil {
		e.message.SetText(capitalise(err.Error()))
		return
	}
	e.message.SetText(fmt.Sprintf("%d %s normalised.", len(cfgs), plural(len(cfgs), "row", "rows")))
}

// pasteRow sets the focused row from the clipboard: numbers separated by
// tabs (a row copied from a spreadsheet), spaces or semicolons.
func (e *cptEditor) pasteRow() {
	if e.focus < 0 {
		e.message.SetText("Click a cell of the row to paste into first.")
		return
	}
	text := ""
	if cb := e.win.clipboard(); cb != nil {
		text = cb.Content()
	}
	row, err := parseRow(text, e.win.ws.Network().Card(e.v))
	if err != nil {
		e.message.SetText(capitalise(err.Error()))
		return
	}
	e.apply(e.focus, row, "")
}

// parseRow reads k probabilities from a pasted line.
func parseRow(text string, k int) ([]float64, error) {
	line := strings.TrimSpace(strings.SplitN(strings.ReplaceAll(text, "\r", ""), "\n", 2)[0])
	fields := strings.FieldsFunc(line, func(r rune) bool { return r == '\t' || r == ';' || r == ' ' })
	if len(fields) != k {
		return nil, fmt.Errorf("the clipboard holds %d numbers (%q); the row needs %d, one per state, separated by tabs", len(fields), line, k)
	}
	row := make([]float64, k)
	for i, f := range fields {
		p, _, err := analysis.ParseProbability(f)
		if err != nil {
			return nil, errors.New("pasted row: " + err.Error())
		}
		row[i] = p
	}
	return row, nil
}

// cellEntry is an entry that commits its text when Enter is pressed or
// when it loses focus, and says when it gains focus.
type cellEntry struct {
	widget.Entry
	onCommit func(string)
	onFocus  func()
	shown    string // the text last set, to tell an edit from a visit
}

func newCellEntry() *cellEntry {
	c := &cellEntry{}
	c.ExtendBaseWidget(c)
	c.OnSubmitted = func(s string) { c.commit() }
	return c
}

func (c *cellEntry) setValue(s string) {
	c.shown = s
	c.SetText(s)
}

func (c *cellEntry) commit() {
	if c.onCommit != nil && c.Text != c.shown {
		c.shown = c.Text
		c.onCommit(c.Text)
	}
}

// FocusGained tells the editor which row is being worked on.
func (c *cellEntry) FocusGained() {
	c.Entry.FocusGained()
	if c.onFocus != nil {
		c.onFocus()
	}
}

// FocusLost commits what was typed.
func (c *cellEntry) FocusLost() {
	c.Entry.FocusLost()
	c.commit()
}

// fillCanonical explains a canonical node's table and offers to make it
// plain, so that its numbers can be edited.
func (e *cptEditor) fillCanonical(v int) {
	e.canonical.RemoveAll()
	text := canonicalText(e.win.ws.Model(), v)
	if text == "" {
		return
	}
	l := widget.NewLabel(text + "\n\nThe table below is what these parameters give. To change its numbers one by one, convert it to a plain table (Undo brings the parameters back).")
	l.Wrapping = fyne.TextWrapWord
	e.canonical.Add(l)
	e.canonical.Add(container.NewHBox(widget.NewButton("Convert to plain table", func() {
		e.win.afterEdit(e.win.ws.ToTable(e.v))
	})))
}
