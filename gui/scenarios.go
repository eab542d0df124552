package gui

import (
	"brink/network/analysis"
	"bytes"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"brink/network/model"
)

// scenarioPanel lists the model's saved scenarios: apply one, save the
// current findings as a new one, rename, delete, compare.
type scenarioPanel struct {
	win      *Window
	list     *widget.List
	selected int
	content  fyne.CanvasObject
}

func newScenarioPanel(win *Window) *scenarioPanel {
	p := &scenarioPanel{win: win, selected: -1}
	p.list = widget.NewList(
		func() int { return len(win.ws.Model().Scenarios) },
		func() fyne.CanvasObject {
			return container.NewVBox(widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			sc := win.ws.Model().Scenarios[i]
			box := o.(*fyne.Container)
			name := sc.Name
			if sc.Name == win.ws.AppliedScenario() {
				name = "▶ " + name
			}
			box.Objects[0].(*widget.Label).SetText(name)
			desc := sc.Description
			if desc == "" {
				desc = fmt.Sprintf("%d findings", len(sc.Findings))
			}
			box.Objects[1].(*widget.Label).SetText(desc)
		})
	p.list.OnSelected = func(i widget.ListItemID) { p.selected = i }
	p.list.OnUnselected = func(widget.ListItemID) { p.selected = -1 }
	buttons := container.NewGridWithColumns(3,
		widget.NewButton("Apply", p.apply),
		widget.NewButton("Save current…", p.saveDialog),
		widget.NewButton("Compare…", p.compareDialog),
		widget.NewButton("Rename…", p.renameDialog),
		widget.NewButton("Delete", p.delete),
		widget.NewButton("Clear findings", func() { win.do(win.ws.ClearFindings) }),
	)
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

func (p *scenarioPanel) saveDialog() {
	ws := p.win.ws
	name := widget.NewEntry()
	desc := widget.NewMultiLineEntry()
	author := widget.NewEntry()
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name),
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
			widget.NewFormItem(f.Describe(ws.Network()), pf.note),
			widget.NewFormItem("  source", pf.source),
			widget.NewFormItem("  observed · reliability · credibility", grading))
	}
	d := dialog.NewForm("Save findings as a scenario", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		prov := map[string]*model.Provenance{}
		for node, pf := range fields {
			c := 0
			fmt.Sscan(pf.credibility.Selected, &c)
			prov[node] = &model.Provenance{Note: pf.note.Text, Source: pf.source.Text, Observed: pf.observed.Text,
				Reliability: pf.reliability.Selected, Credibility: c}
		}
		p.win.do(func() error { return ws.SaveScenario(name.Text, desc.Text, author.Text, prov) })
		p.list.Refresh()
	}, p.win.w)
	d.Resize(fyne.NewSize(720, float32(min(860, 300+130*len(fields)))))
	d.Show()
}

func (p *scenarioPanel) renameDialog() {
	old, ok := p.current()
	if !ok {
		return
	}
	name := widget.NewEntry()
	name.SetText(old)
	dialog.ShowForm("Rename scenario", "Rename", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", name)}, func(ok bool) {
		if ok {
			p.win.do(func() error { return p.win.ws.RenameScenario(old, name.Text) })
			p.list.Refresh()
		}
	}, p.win.w)
}

func (p *scenarioPanel) delete() {
	name, ok := p.current()
	if !ok {
		return
	}
	dialog.ShowConfirm("Delete scenario", fmt.Sprintf("Delete the scenario %q?", name), func(yes bool) {
		if yes {
			p.win.do(func() error { return p.win.ws.DeleteScenario(name) })
			p.list.UnselectAll()
			p.list.Refresh()
		}
	}, p.win.w)
}

// compareDialog lets the analyst pick scenarios and shows the intention
// and outcome probabilities side by side.
func (p *scenarioPanel) compareDialog() {
	ws := p.win.ws
	var names []string
	for _, s := range ws.Model().Scenarios {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		dialog.ShowInformation("Compare", "This model has no saved scenarios.", p.win.w)
		return
	}
	check := widget.NewCheckGroup(names, nil)
	check.SetSelected(names[:min(3, len(names))])
	dialog.ShowCustomConfirm("Compare scenarios", "Compare", "Cancel", container.NewVScroll(check), func(ok bool) {
		if !ok || len(check.Selected) == 0 {
			return
		}
		p.showComparison(check.Selected)
	}, p.win.w)
}

func (p *scenarioPanel) showComparison(names []string) {
	ws := p.win.ws
	cmp, err := ws.Compare(names, ws.Model().BriefingNodes())
	if err != nil {
		p.win.showError(err)
		return
	}
	cols := 2 + len(cmp.Scenarios)
	t := widget.NewTable(
		func() (int, int) { return len(cmp.Rows) + 1, cols },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			if id.Row == 0 {
				switch id.Col {
				case 0:
					l.SetText("node")
				case 1:
					l.SetText("state")
				default:
					l.SetText(cmp.Scenarios[id.Col-2])
				}
				return
			}
			r := cmp.Rows[id.Row-1]
			switch id.Col {
			case 0:
				l.SetText(r.Node)
			case 1:
				l.SetText(r.State)
			default:
				i := id.Col - 2
				txt := analysis.Percent(r.Values[i])
				if i > 0 {
					d, _ := deltaText(r.Values[i] - r.Values[0])
					txt += "  " + d
				}
				l.SetText(txt)
			}
		})
	t.SetColumnWidth(0, 170)
	t.SetColumnWidth(1, 150)
	for c := 2; c < cols; c++ {
		t.SetColumnWidth(c, 190)
	}
	w := fyne.CurrentApp().NewWindow("Scenario comparison — differences against " + cmp.Scenarios[0])
	content := fyne.CanvasObject(t)
	if png, err := ws.ChartPNG(names, 1280, 720); err == nil {
		img := canvas.NewImageFromReader(bytes.NewReader(png), "comparison.png")
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(640, 360))
		content = container.NewVSplit(img, t)
	}
	w.SetContent(content)
	w.Resize(fyne.NewSize(float32(max(900, 330+190*len(cmp.Scenarios))), 860))
	w.Show()
}
