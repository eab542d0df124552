package gui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// scenarioPanel lists the model's saved scenarios: apply one, save the
// current findings as a new one, rename, delete, compare.
type scenarioPanel struct {
	win      *Window
	list     *widget.List
	selected int
	content  fyne.CanvasObject
	// more opens the menu of the rarer actions: Rename…, Delete, Clear
	// findings.
	more *widget.Button
}

func newScenarioPanel(win *Window) *scenarioPanel {
	p := &scenarioPanel{win: win, selected: -1}
	p.list = widget.NewList(
		func() int { return len(win.ws.Model().Scenarios) },
		func() fyne.CanvasObject {
			// One line each, shortened with "…" to the panel's width; the
			// whole description is on the slides and in the brief.
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			desc := widget.NewLabel("")
			desc.Truncation = fyne.TextTruncateEllipsis
			// Labels pad themselves; a tighter box shows more scenarios
			// above the buttons on a laptop.
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), title, desc)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			sc := win.ws.Model().Scenarios[i]
			box := o.(*fyne.Container)
			title := sc.DisplayTitle()
			if sc.Name == win.ws.AppliedScenario() {
				title = "▶ " + title
			}
			box.Objects[0].(*widget.Label).SetText(title)
			desc := sc.Description
			if desc == "" {
				desc = fmt.Sprintf("%d findings", len(sc.Findings))
			}
			box.Objects[1].(*widget.Label).SetText(desc)
		})
	p.list.OnSelected = func(i widget.ListItemID) { p.selected = i }
	p.list.OnUnselected = func(widget.ListItemID) { p.selected = -1 }
	// One row of buttons, the rarer actions behind "More", so that the
	// list keeps the height.
	var more *widget.Button
	more = widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem("Rename…", p.renameDialog),
			fyne.NewMenuItem("Delete", p.delete),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Clear findings", func() { win.do(win.ws.ClearFindings) }),
		)
		c := fyne.CurrentApp().Driver().CanvasForObject(more)
		if c == nil {
			return
		}
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(more)
		widget.ShowPopUpMenuAtPosition(menu, c, at.Add(fyne.NewPos(0, more.Size().Height)))
	})
	p.more = more
	buttons := container.NewBorder(nil, nil, nil, more, container.NewGridWithColumns(3,
		widget.NewButton("Apply", p.apply),
		widget.NewButton("Save current…", p.saveDialog),
		widget.NewButton("Compare…", p.compareDialog),
	))
	p.content = container.NewBorder(nil, buttons, nil, nil, p.list)
	return p
}

func (p *scenarioPanel) refresh() { p.list.Refresh() }

func (p *scenarioPanel) current() (string, bool) {
	scs := p.win.ws.Model().Scenarios
	if p.selected < 0 || p.selected >= len(scs) {
		dialog.ShowInformation("Scenarios", "Select a scenario in the list first.", p.win.w)
		return "", false
	}
	return scs[p.selected].Name, true
}

func (p *scenarioPanel) apply() {
	if name, ok := p.current(); ok {
		p.win.do(func() error { return p.win.ws.ApplyScenario(name) })
		p.list.Refresh()
	}
}

func (p *scenarioPanel) delete() {
	name, ok := p.current()
	if !ok {
		return
	}
	title := name
	if sc, ok := p.win.ws.Model().Scenario(name); ok {
		title = sc.DisplayTitle()
	}
	dialog.ShowConfirm("Delete scenario", fmt.Sprintf("Delete the scenario “%s”?", title), func(yes bool) {
		if yes {
			p.win.do(func() error { return p.win.ws.DeleteScenario(name) })
			p.list.UnselectAll()
			p.list.Refresh()
		}
	}, p.win.w)
}
