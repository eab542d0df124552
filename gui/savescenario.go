package gui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/network/model"
)

// scenarioDialog is a dialog whose fields scroll above a fixed row of
// buttons, sized to fit the window: the save and rename dialogs.
type scenarioDialog struct {
	d      dialog.Dialog
	body   *container.Scroll // the fields
	foot   fyne.CanvasObject // the message and the buttons, below the body
	msg    *widget.Label     // why the action is refused, or ""
	ok     *widget.Button
	cancel *widget.Button
	title  *widget.Entry
	id     *widget.Entry
	// revalidate updates the message and the OK button from the fields.
	revalidate func()
}

// dialogMargin is the room a dialog leaves on each side of the window.
const dialogMargin = 24

// newScenarioDialog builds the dialog around form. check says why the
// fields cannot be accepted ("" when they can) and runs on every edit;
// act runs on the OK button and closes the dialog unless it reports an
// error, which is shown.
func newScenarioDialog(win *Window, heading, action string, form *widget.Form, check func() string, act func() error) *scenarioDialog {
	sd := &scenarioDialog{body: container.NewVScroll(form), msg: widget.NewLabel("")}
	sd.msg.Wrapping = fyne.TextWrapWord
	sd.msg.Importance = widget.DangerImportance
	sd.ok = widget.NewButton(action, nil)
	sd.ok.Importance = widget.HighImportance
	sd.cancel = widget.NewButton("Cancel", nil)
	sd.foot = container.NewVBox(sd.msg, container.NewHBox(layout.NewSpacer(), sd.cancel, sd.ok))
	sd.d = dialog.NewCustomWithoutButtons(heading, container.NewBorder(nil, sd.foot, nil, nil, sd.body), win.w)
	sd.cancel.OnTapped = sd.d.Hide
	revalidate := func() {
		why := check()
		sd.msg.SetText(why)
		if why == "" {
			sd.msg.Hide()
			sd.ok.Enable()
		} else {
			sd.msg.Show()
			sd.ok.Disable()
		}
	}
	sd.ok.OnTapped = func() {
		if err := act(); err != nil {
			win.showError(err)
			return
		}
		sd.d.Hide()
	}
	sd.revalidate = revalidate
	// Fit the window: as tall as the fields need, at most the window's
	// height less a margin, the fields scrolling when they do not fit.
	cs := win.w.Canvas().Size()
	want := fyne.NewSize(760, form.MinSize().Height+sd.foot.MinSize().Height+120)
	sd.d.Resize(fyne.NewSize(min(want.Width, cs.Width-2*dialogMargin), min(want.Height, cs.Height-2*dialogMargin)))
	return sd
}

// show checks the fields and shows the dialog.
func (sd *scenarioDialog) show() {
	sd.revalidate()
	sd.d.Show()
}

// titleFields returns a title entry and an id entry that follows the
// title (workspace.ScenarioID) until the analyst edits it.
func titleFields(title, id string, follow bool) (*widget.Entry, *widget.Entry) {
	te, ie := widget.NewEntry(), widget.NewEntry()
	te.SetPlaceHolder("what a reader sees, e.g. Red Sea spark")
	ie.SetPlaceHolder("id for files and scripts, e.g. red_sea_spark")
	te.SetText(title)
	ie.SetText(id)
	te.OnChanged = func(s string) {
		if follow {
			ie.SetText(workspace.ScenarioID(s))
		}
	}
	ie.OnChanged = func(s string) {
		if s != workspace.ScenarioID(te.Text) {
			follow = false
		}
	}
	return te, ie
}

// titleProblem says why a scenario cannot take title and id (self is the
// scenario being renamed, "" for a new one), or "".
func titleProblem(m *model.Model, title, id, self string) string {
	title, id = strings.TrimSpace(title), strings.TrimSpace(id)
	if title == "" {
		return "Give the scenario a title."
	}
	if id == "" {
		return "Give the scenario an id."
	}
	for i := range m.Scenarios {
		sc := &m.Scenarios[i]
		if sc.Name == self {
			continue
		}
		if sc.Name == id {
			return fmt.Sprintf("The scenario “%s” has the id %s; choose another.", sc.DisplayTitle(), id)
		}
		if strings.EqualFold(sc.DisplayTitle(), title) {
			return fmt.Sprintf("A scenario is titled “%s” already; choose another title.", sc.DisplayTitle())
		}
	}
	return ""
}

// saveDialog asks for a title, an id derived from it, a description and
// the provenance of each finding, and saves the current findings as a
// new scenario.
func (p *scenarioPanel) saveDialog() { p.newSaveDialog().show() }

func (p *scenarioPanel) newSaveDialog() *scenarioDialog {
	ws := p.win.ws
	m := ws.Model()
	title, id := titleFields("", "", true)
	desc := widget.NewMultiLineEntry()
	desc.SetMinRowsVisible(3)
	author := widget.NewEntry()
	items := []*widget.FormItem{
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Id", id),
		widget.NewFormItem("Description", desc),
		widget.NewFormItem("Author", author),
	}
	// One group of provenance fields per finding, pre-filled with what the
	// finding already carries.
	type provFields struct {
		note, source, observed   *widget.Entry
		reliability, credibility *widget.Select
	}
	fields := map[string]provFields{}
	for _, f := range ws.Evidence().Findings() {
		node := ws.Network().Name(f.Variable)
		pf := provFields{note: widget.NewEntry(), source: widget.NewEntry(), observed: widget.NewEntry(),
			reliability: widget.NewSelect([]string{"", "A", "B", "C", "D", "E", "F"}, nil),
			credibility: widget.NewSelect([]string{"", "1", "2", "3", "4", "5", "6"}, nil)}
		pf.note.SetPlaceHolder("why this finding was set")
		pf.source.SetPlaceHolder("source id or reference")
		pf.observed.SetPlaceHolder("YYYY-MM-DD")
		pf.reliability.PlaceHolder = "reliability A–F"
		pf.credibility.PlaceHolder = "credibility 1–6"
		if old := ws.Provenance(f.Variable); old != nil {
			pf.note.SetText(old.Note)
			pf.source.SetText(old.Source)
			pf.observed.SetText(old.Observed)
			pf.reliability.SetSelected(old.Reliability)
			if old.Credibility > 0 {
				pf.credibility.SetSelected(fmt.Sprint(old.Credibility))
			}
		}
		fields[node] = pf
		grading := container.NewGridWithColumns(3, pf.observed, pf.reliability, pf.credibility)
		items = append(items,
			widget.NewFormItem(findingLabel(m, f), pf.note),
			widget.NewFormItem("  source", pf.source),
			widget.NewFormItem("  observed · reliability · credibility", grading))
	}
	check := func() string { return titleProblem(m, title.Text, id.Text, "") }
	sd := newScenarioDialog(p.win, "Save findings as a scenario", "Save", widget.NewForm(items...), check, func() error {
		prov := map[string]*model.Provenance{}
		for node, pf := range fields {
			c := 0
			fmt.Sscan(pf.credibility.Selected, &c)
			prov[node] = &model.Provenance{Note: pf.note.Text, Source: pf.source.Text, Observed: pf.observed.Text,
				Reliability: pf.reliability.Selected, Credibility: c}
		}
		if why := check(); why != "" {
			return errors.New(why)
		}
		err := ws.SaveTitledScenario(title.Text, id.Text, desc.Text, author.Text, prov)
		p.list.Refresh()
		return err
	})
	sd.title, sd.id = title, id
	title.OnChanged = chain(title.OnChanged, sd.revalidate)
	id.OnChanged = chain(id.OnChanged, sd.revalidate)
	return sd
}

// renameDialog edits the selected scenario's title and id.
func (p *scenarioPanel) renameDialog() {
	if sd := p.newRenameDialog(); sd != nil {
		sd.show()
	}
}

func (p *scenarioPanel) newRenameDialog() *scenarioDialog {
	old, ok := p.current()
	if !ok {
		return nil
	}
	ws := p.win.ws
	m := ws.Model()
	sc, _ := m.Scenario(old)
	suggest := sc.Title
	if suggest == "" { // a scenario from before titles: offer its name as words
		suggest = capitalise(strings.ReplaceAll(old, "_", " "))
	}
	title, id := titleFields(suggest, old, false)
	form := widget.NewForm(
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Id", id),
	)
	check := func() string { return titleProblem(m, title.Text, id.Text, old) }
	sd := newScenarioDialog(p.win, "Rename scenario", "Rename", form, check, func() error {
		err := ws.RetitleScenario(old, title.Text, id.Text)
		p.list.Refresh()
		return err
	})
	sd.title, sd.id = title, id
	title.OnChanged = chain(title.OnChanged, sd.revalidate)
	id.OnChanged = chain(id.OnChanged, sd.revalidate)
	return sd
}

// chain returns a change handler calling f, when set, then then.
func chain(f func(string), then func()) func(string) {
	return func(s string) {
		if f != nil {
			f(s)
		}
		then()
	}
}
