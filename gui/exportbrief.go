package gui

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/report"
	"brink/gui/workspace"
)

// handlingKey remembers the brief's handling line for the next export.
const handlingKey = "brief_handling"

// baselineReference is the reference choice meaning the model without
// findings.
const baselineReference = "Baseline (no findings)"

// briefRequest is what the brief's export dialog asks for.
type briefRequest struct {
	scenarios []int    // indices into the model's Scenarios in the brief's order; workspace.CurrentFindings is the unsaved findings
	reference int      // position in scenarios of the reference column, or -1 for the baseline (no findings)
	sections  []string // report section names; at least one
	handling  string   // the handling line, "" for none
}

// errNoSection refuses a brief without any section.
var errNoSection = errors.New("choose at least one section of the brief")

// briefExport turns a request into the brief's columns and options, built
// on the window's export options (edge strength).
func (win *Window) briefExport(req briefRequest) ([]report.Column, report.Options, error) {
	opts := win.exportOptions()
	if len(req.sections) == 0 {
		return nil, opts, errNoSection // report.Options reads no sections as all
	}
	cols, err := win.ws.BriefColumns(req.scenarios)
	if err != nil {
		return nil, opts, err
	}
	if req.reference >= 0 {
		if req.reference >= len(req.scenarios) {
			return nil, opts, errors.New("the reference is not one of the brief's scenarios")
		}
		opts.Reference = cols[req.reference].Name
	}
	opts.Sections = slices.Clone(req.sections)
	opts.Handling = strings.TrimSpace(req.handling)
	return cols, opts, nil
}

// briefDialog is the dialog shown before the brief's save dialog: which
// scenarios go in and in what order, the reference, the sections and the
// handling line.
type briefDialog struct {
	win      *Window
	d        *dialog.CustomDialog
	items    []int    // the listed scenarios in the brief's order (workspace.CurrentFindings first when shown)
	titles   []string // the title of each listed scenario, by items' position
	checked  []bool
	rows     *fyne.Container
	ref      *widget.Select
	sections []*widget.Check
	// names are the sections' names, by the position of their check:
	// report.AllSections, ticked, then for a model with a log the
	// timeline, not ticked.
	names    []string
	handling *widget.Entry
	message  *widget.Label // why the brief cannot be written as chosen, or why a choice was refused
	notes    [2]string     // the message's lines: [0] about the scenarios, [1] about the sections
	next     *widget.Button
}

// exportBriefDialog asks what the brief holds, then where to write it.
func (win *Window) exportBriefDialog() {
	win.newBriefDialog().d.Show()
}

func (win *Window) newBriefDialog() *briefDialog {
	m := win.ws.Model()
	bd := &briefDialog{win: win, rows: container.NewVBox()}
	if win.ws.UnsavedFindings() {
		bd.items = append(bd.items, workspace.CurrentFindings)
		bd.titles = append(bd.titles, "Current findings (not saved)")
	}
	for i := range m.Scenarios {
		bd.items = append(bd.items, i)
		bd.titles = append(bd.titles, m.Scenarios[i].DisplayTitle())
	}
	bd.checked = make([]bool, len(bd.items))
	for i := range bd.checked {
		bd.checked[i] = true
	}

	bd.ref = widget.NewSelect(nil, nil)
	bd.names = slices.Clone(report.AllSections)
	if len(m.Log) > 0 {
		bd.names = append(bd.names, report.OptionalSections...)
	}
	for _, name := range bd.names {
		c := widget.NewCheck(sectionLabel(name), nil)
		c.Checked = slices.Contains(report.AllSections, name)
		c.OnChanged = func(on bool) { bd.sectionChanged(c, on) }
		bd.sections = append(bd.sections, c)
	}
	bd.handling = widget.NewEntry()
	bd.handling.SetPlaceHolder("e.g. UNCLASSIFIED — FOR TRAINING (top and bottom of every page)")
	if h := win.ws.Documentation().Handling; h != "" {
		bd.handling.SetText(h) // the model's own line comes first
	} else {
		bd.handling.SetText(win.app.Preferences().String(handlingKey))
	}
	bd.message = widget.NewLabel("")
	bd.message.Importance = widget.DangerImportance
	bd.message.Wrapping = fyne.TextWrapWord
	bd.message.Hide()

	bd.rebuild()
	var list fyne.CanvasObject = bd.rows
	top := widget.NewLabel("Scenarios in the brief, in order:")
	if len(bd.items) == 0 {
		list = widget.NewLabel("This model has no saved scenarios: the brief shows the model without findings.")
	} else {
		all := widget.NewButton("All", func() { bd.setAll(true) })
		none := widget.NewButton("None", func() { bd.setAll(false) })
		list = container.NewBorder(container.NewHBox(top, layout.NewSpacer(), all, none), nil, nil, nil, container.NewVScroll(bd.rows))
	}
	secs := container.NewHBox()
	for _, c := range bd.sections {
		secs.Add(c)
	}
	form := widget.NewForm(
		widget.NewFormItem("Compared against", bd.ref),
		widget.NewFormItem("Sections", secs),
		widget.NewFormItem("Handling line", bd.handling),
	)
	bottom := container.NewVBox(widget.NewSeparator(), form, bd.message)

	bd.next = widget.NewButtonWithIcon("Choose file…", theme.ConfirmIcon(), bd.confirm)
	bd.next.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { bd.d.Hide() })
	bd.d = dialog.NewCustomWithoutButtons("Export scenario brief", container.NewBorder(nil, bottom, nil, nil, list), win.w)
	bd.d.SetButtons([]fyne.CanvasObject{cancel, bd.next})

	cs := win.w.Canvas().Size()
	want := fyne.NewSize(max(720, bottom.MinSize().Width+60), bd.rows.MinSize().Height+bottom.MinSize().Height+200)
	bd.d.Resize(fyne.NewSize(min(want.Width, cs.Width-2*dialogMargin), min(want.Height, cs.Height-2*dialogMargin)))
	return bd
}

// sectionLabel is a section's name as the dialog shows it.
func sectionLabel(name string) string {
	return strings.ToUpper(name[:1]) + name[1:]
}

// rebuild redraws the scenario rows and the reference choices after a
// change of ticks or order.
func (bd *briefDialog) rebuild() {
	bd.rows.RemoveAll()
	for pos := range bd.items {
		c := widget.NewCheck(bd.titles[pos], func(on bool) {
			bd.checked[pos] = on
			bd.update()
		})
		c.Checked = bd.checked[pos]
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { bd.move(pos, -1) })
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { bd.move(pos, +1) })
		if pos == 0 {
			up.Disable()
		}
		if pos == len(bd.items)-1 {
			down.Disable()
		}
		bd.rows.Add(container.NewBorder(nil, nil, nil, container.NewHBox(up, down), c))
	}
	bd.rows.Refresh()
	bd.update()
}

// move moves the listed scenario at pos by delta places.
func (bd *briefDialog) move(pos, delta int) {
	to := pos + delta
	if to < 0 || to >= len(bd.items) {
		return
	}
	bd.items[pos], bd.items[to] = bd.items[to], bd.items[pos]
	bd.titles[pos], bd.titles[to] = bd.titles[to], bd.titles[pos]
	bd.checked[pos], bd.checked[to] = bd.checked[to], bd.checked[pos]
	bd.rebuild()
}

func (bd *briefDialog) setAll(on bool) {
	for i := range bd.checked {
		bd.checked[i] = on
	}
	bd.rebuild()
}

// update refreshes the reference choices (the baseline and the ticked
// scenarios, keeping the choice while it is ticked) and whether the
// brief can be written.
func (bd *briefDialog) update() {
	opts := []string{baselineReference}
	for pos, t := range bd.titles {
		if bd.checked[pos] {
			opts = append(opts, t)
		}
	}
	sel := bd.ref.Selected
	bd.ref.SetOptions(opts)
	if !slices.Contains(opts, sel) {
		sel = baselineReference
	}
	bd.ref.SetSelected(sel)
	if bd.next == nil {
		return
	}
	if len(bd.items) > 0 && !slices.Contains(bd.checked, true) {
		bd.note(0, "Tick at least one scenario.")
		bd.next.Disable()
		return
	}
	bd.next.Enable()
	bd.note(0, "")
}

// sectionChanged refuses to turn off the last section left on.
func (bd *briefDialog) sectionChanged(c *widget.Check, on bool) {
	if !on && len(bd.request().sections) == 0 {
		c.Checked = true // not SetChecked: that would call back and clear the message
		c.Refresh()
		bd.note(1, "At least one section must stay on: a brief with none would be empty.")
		return
	}
	bd.note(1, "")
}

// note sets one line of the dialog's message ("" clears it) and shows
// the message while any line is set.
func (bd *briefDialog) note(line int, text string) {
	bd.notes[line] = text
	text = strings.TrimSpace(strings.Join(bd.notes[:], "\n"))
	bd.message.SetText(text)
	if text == "" {
		bd.message.Hide()
	} else {
		bd.message.Show()
	}
}

// request returns the dialog's choices.
func (bd *briefDialog) request() briefRequest {
	req := briefRequest{reference: -1, handling: bd.handling.Text}
	for pos, i := range bd.items {
		if !bd.checked[pos] {
			continue
		}
		if bd.titles[pos] == bd.ref.Selected {
			req.reference = len(req.scenarios)
		}
		req.scenarios = append(req.scenarios, i)
	}
	for i, c := range bd.sections {
		if c.Checked {
			req.sections = append(req.sections, bd.names[i])
		}
	}
	return req
}

// confirm checks the choices, remembers the handling line and goes on to
// the save dialog.
func (bd *briefDialog) confirm() {
	cols, opts, err := bd.win.briefExport(bd.request())
	if err != nil {
		bd.win.showError(err)
		return
	}
	bd.win.app.Preferences().SetString(handlingKey, opts.Handling)
	bd.d.Hide()
	bd.win.askSavePath("Export as", "Export", "brief.pdf", func(path string) error {
		summary, err := bd.win.ws.WriteBrief(path, cols, opts)
		if err != nil {
			return err
		}
		bd.win.status.SetText(summary)
		return nil
	})
}
