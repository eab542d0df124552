package gui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"brink/network/edit"
	"brink/network/model"
)

// The model edits the window offers: the Edit menu, the card and canvas
// menus, the inspector's buttons and drawing edges all end in one call to
// the workspace (one undoable step); the dialogs here only collect what
// the call needs.

// clipboard returns the app's clipboard.
func (win *Window) clipboard() fyne.Clipboard { return win.app.Clipboard() }

// afterEdit shows what an edit did beyond what was asked, or its error.
// Notes that a finding was dropped come in a dialog, since the analyst
// loses something; the others go to the status bar.
func (win *Window) afterEdit(notes []string, err error) {
	if err != nil {
		win.showError(err)
		return
	}
	var dropped []string
	for _, n := range notes {
		if strings.Contains(n, "dropped") || strings.Contains(n, "cleared") {
			dropped = append(dropped, capitalise(n)+".")
		}
	}
	if len(dropped) > 0 {
		dialog.ShowInformation("What the edit changed", strings.Join(dropped, "\n"), win.w)
	}
	if len(notes) > 0 {
		win.status.SetText(capitalise(notes[0]) + ".")
	}
}

// selectedNode returns the selected node, or asks for one and returns -1.
func (win *Window) selectedNode(what string) int {
	v := win.graph.Selected()
	if v < 0 || v >= win.ws.Network().NumVariables() {
		dialog.ShowInformation(what, "Select a node first: click its card.", win.w)
		return -1
	}
	return v
}

func (win *Window) editMenu() *fyne.Menu {
	connect := fyne.NewMenuItem("Draw Edges", nil)
	connect.Action = func() {
		win.graph.SetConnectMode(!win.graph.ConnectMode())
		connect.Checked = win.graph.ConnectMode()
		win.w.MainMenu().Refresh()
	}
	onSelected := func(what string, f func(v int)) func() {
		return func() {
			if v := win.selectedNode(what); v >= 0 {
				f(v)
			}
		}
	}
	return fyne.NewMenu("Edit",
		fyne.NewMenuItem("Undo", func() { win.do(win.ws.Undo) }),
		fyne.NewMenuItem("Redo", func() { win.do(win.ws.Redo) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Add Node…", func() { win.addNodeDialog(nil) }),
		fyne.NewMenuItem("Rename Node…", onSelected("Rename node", win.renameNodeDialog)),
		fyne.NewMenuItem("Node Documentation…", onSelected("Node documentation", win.docDialog)),
		fyne.NewMenuItem("States…", onSelected("States", win.statesDialog)),
		fyne.NewMenuItem("Parents…", onSelected("Parents", win.parentsDialog)),
		fyne.NewMenuItem("Edit Table…", onSelected("Edit table", win.editTable)),
		fyne.NewMenuItem("Canonical Model…", onSelected("Canonical model", win.canonicalDialog)),
		fyne.NewMenuItem("Delete Node…", onSelected("Delete node", win.deleteNodeDialog)),
		fyne.NewMenuItemSeparator(),
		connect,
		fyne.NewMenuItem("Model Documentation…", win.modelDocDialog),
		fyne.NewMenuItem("Sources…", win.sourcesDialog),
	)
}

// newModel replaces the open model with an empty one or the template,
// after asking about unsaved changes.
func (win *Window) newModel(template bool) {
	win.confirmDiscard("starting a new model", func() {
		var d edit.Doc
		var err error
		if template {
			d, err = edit.Template("New model")
		} else {
			d, err = edit.Empty("New model")
		}
		if err == nil {
			err = win.ws.NewModel(d)
		}
		if err != nil {
			win.showError(err)
		}
	})
}

// roleOptions are the roles offered, by what they read as.
var roleOptions = []struct {
	label string
	role  model.Role
}{
	{"Evidence (an indicator that can be observed)", model.RoleEvidence},
	{"Latent (a factor that is not observed)", model.RoleLatent},
	{"Intention (what a side means to do)", model.RoleIntention},
	{"Outcome (what comes of it)", model.RoleOutcome},
	{"None", model.RoleNone},
}

func roleSelect(r model.Role) *widget.Select {
	var opts []string
	for _, o := range roleOptions {
		opts = append(opts, o.label)
	}
	s := widget.NewSelect(opts, nil)
	for i, o := range roleOptions {
		if o.role == r {
			s.SetSelectedIndex(i)
		}
	}
	return s
}

func selectedRole(s *widget.Select) model.Role {
	if i := s.SelectedIndex(); i >= 0 {
		return roleOptions[i].role
	}
	return model.RoleNone
}

// groupEntry offers the model's groups to pick from or a new one to type.
func (win *Window) groupEntry(current string) *widget.SelectEntry {
	var groups []string
	for _, nd := range win.ws.Model().Nodes {
		if nd.Group != "" && !slices.Contains(groups, nd.Group) {
			groups = append(groups, nd.Group)
		}
	}
	slices.Sort(groups)
	e := widget.NewSelectEntry(groups)
	e.SetText(current)
	return e
}

// stateLabels splits "Low, Medium, High" into labels and makes ids of
// them ("low", "medium", "high"), unique within the node.
func stateLabels(text string) (ids, labels []string, err error) {
	for _, part := range strings.Split(text, ",") {
		l := strings.TrimSpace(part)
		if l == "" {
			continue
		}
		id := edit.IDFromLabel(l)
		for k := 2; slices.Contains(ids, id); k++ {
			id = fmt.Sprintf("%s_%d", edit.IDFromLabel(l), k)
		}
		ids, labels = append(ids, id), append(labels, l)
	}
	if len(ids) < 2 {
		return nil, nil, errors.New("a node needs at least two states, separated by commas: “Low, High”")
	}
	return ids, labels, nil
}

// addNodeDialog asks for a new node's label, role, group and states and
// adds it at the given model point (nil: below the others).
func (win *Window) addNodeDialog(at *model.Point) {
	label := widget.NewEntry()
	label.SetPlaceHolder("e.g. Proxy incidents")
	role := roleSelect(model.RoleEvidence)
	group := win.groupEntry("")
	states := widget.NewEntry()
	states.SetText("Yes, No")
	items := []*widget.FormItem{
		widget.NewFormItem("Label", label),
		widget.NewFormItem("Role", role),
		widget.NewFormItem("Group", group),
		widget.NewFormItem("States", states),
	}
	items[3].HintText = "separated by commas, in order"
	d := dialog.NewForm("Add node", "Add", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		ids, labels, err := stateLabels(states.Text)
		if err != nil {
			win.showError(err)
			return
		}
		if strings.TrimSpace(label.Text) == "" {
			win.showError(errors.New("the node needs a label"))
			return
		}
		v, notes, err := win.ws.AddNode(edit.NodeSpec{Label: strings.TrimSpace(label.Text), Role: selectedRole(role),
			Group: strings.TrimSpace(group.Text), States: ids, StateLabels: labels, Position: at})
		if err != nil {
			win.showError(err)
			return
		}
		win.graph.Select(v)
		win.afterEdit(notes, nil)
	}, win.w)
	d.Resize(fyne.NewSize(480, 320))
	d.Show()
}

// renameNodeDialog asks for node v's label and id.
func (win *Window) renameNodeDialog(v int) {
	m := win.ws.Model()
	label := widget.NewEntry()
	label.SetText(m.Nodes[v].Label)
	id := widget.NewEntry()
	id.SetText(m.Net.Name(v))
	items := []*widget.FormItem{widget.NewFormItem("Label", label), widget.NewFormItem("Id", id)}
	items[1].HintText = "the name in files and scripts; children and scenarios follow"
	d := dialog.NewForm("Rename “"+m.Label(v)+"”", "Rename", "Cancel", items, func(ok bool) {
		if ok {
			win.afterEdit(win.ws.RenameNode(v, strings.TrimSpace(id.Text), strings.TrimSpace(label.Text)))
		}
	}, win.w)
	d.Resize(fyne.NewSize(480, 240))
	d.Show()
}

// deleteNodeDialog asks before deleting node v, saying what goes with it.
func (win *Window) deleteNodeDialog(v int) {
	m := win.ws.Model()
	msg := "Delete “" + m.Label(v) + "”?"
	if losses := win.ws.NodeLosses(v); len(losses) > 0 {
		msg += "\n\nWith it go:\n• " + strings.Join(losses, "\n• ")
	}
	msg += "\n\nUndo (Ctrl+Z) brings it all back."
	dialog.ShowConfirm("Delete node", msg, func(ok bool) {
		if ok {
			notes, err := win.ws.DeleteNode(v)
			if err == nil {
				win.graph.Select(-1)
			}
			win.afterEdit(notes, err)
		}
	}, win.w)
}

// docDialog edits node v's documentation: label, role, group,
// description, rationale and citations.
func (win *Window) docDialog(v int) {
	m := win.ws.Model()
	info := edit.Info(win.ws.EditDoc(), v)
	label := widget.NewEntry()
	label.SetText(info.Label)
	role := roleSelect(info.Role)
	group := win.groupEntry(info.Group)
	desc := widget.NewMultiLineEntry()
	desc.Wrapping = fyne.TextWrapWord
	desc.SetText(info.Description)
	desc.SetMinRowsVisible(3)
	rationale := widget.NewMultiLineEntry()
	rationale.Wrapping = fyne.TextWrapWord
	rationale.SetText(info.Rationale)
	rationale.SetMinRowsVisible(3)
	cites := newCitationList(m.Sources, info.Citations)
	form := widget.NewForm(
		widget.NewFormItem("Label", label),
		widget.NewFormItem("Role", role),
		widget.NewFormItem("Group", group),
		widget.NewFormItem("Description", desc),
		widget.NewFormItem("Rationale", rationale),
	)
	body := container.NewVScroll(container.NewVBox(form, heading("Citations"), cites.box))
	d := dialog.NewCustomConfirm("Documentation of “"+m.Label(v)+"”", "Apply", "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		info := edit.NodeInfo{Label: strings.TrimSpace(label.Text), Role: selectedRole(role), Group: strings.TrimSpace(group.Text),
			Description: strings.TrimSpace(desc.Text), Rationale: strings.TrimSpace(rationale.Text), Citations: cites.citations()}
		win.afterEdit(win.ws.SetNodeInfo(v, info))
	}, win.w)
	size := win.w.Canvas().Size()
	d.Resize(fyne.NewSize(min(720, size.Width*0.9), min(640, size.Height*0.9)))
	d.Show()
}

// citationList edits a node's citations: each a source picked from the
// model's and a quote.
type citationList struct {
	sources []model.Source
	box     *fyne.Container // the rows, then the Add button
	list    *fyne.Container // the rows
	rows    []*citationRow
}

type citationRow struct {
	source *widget.Select
	quote  *widget.Entry
	box    fyne.CanvasObject
}

func newCitationList(sources []model.Source, cs []model.Citation) *citationList {
	l := &citationList{sources: sources, list: container.NewVBox()}
	l.box = container.NewVBox(l.list, widget.NewButton("Add citation", func() { l.add(model.Citation{}) }))
	for _, c := range cs {
		l.add(c)
	}
	if len(sources) == 0 {
		l.box.Add(wrapped("The model lists no sources yet: add them with Edit → Sources…, then cite them here."))
	}
	return l
}

func (l *citationList) options() []string {
	opts := []string{"(no source)"}
	for _, s := range l.sources {
		t := s.ID
		if s.Title != "" {
			t += " — " + s.Title
		}
		opts = append(opts, t)
	}
	return opts
}

func (l *citationList) add(c model.Citation) {
	r := &citationRow{source: widget.NewSelect(l.options(), nil), quote: widget.NewMultiLineEntry()}
	r.source.SetSelectedIndex(0)
	for i, s := range l.sources {
		if s.ID == c.Source {
			r.source.SetSelectedIndex(i + 1)
		}
	}
	r.quote.Wrapping = fyne.TextWrapWord
	r.quote.SetText(c.Quote)
	r.quote.SetPlaceHolder("the passage, word for word")
	remove := widget.NewButton("Remove", func() {
		l.rows = slices.DeleteFunc(l.rows, func(x *citationRow) bool { return x == r })
		l.list.Remove(r.box)
	})
	r.box = container.NewBorder(nil, nil, nil, remove, container.NewVBox(r.source, r.quote))
	l.rows = append(l.rows, r)
	l.list.Add(r.box)
}

func (l *citationList) citations() []model.Citation {
	var out []model.Citation
	for _, r := range l.rows {
		c := model.Citation{Quote: strings.TrimSpace(r.quote.Text)}
		if i := r.source.SelectedIndex(); i > 0 {
			c.Source = l.sources[i-1].ID
		}
		if c.Quote != "" || c.Source != "" {
			out = append(out, c)
		}
	}
	return out
}

// statesDialog lists node v's states to rename, reorder, delete and add
// to; each button is one undoable edit and the list follows it.
func (win *Window) statesDialog(v int) {
	name := win.ws.Network().Name(v)
	list := container.NewVBox()
	var fill func()
	node := func() int {
		i, ok := win.ws.Network().Index(name)
		if !ok {
			return -1
		}
		return i
	}
	fill = func() {
		list.RemoveAll()
		v := node()
		if v < 0 {
			return
		}
		m := win.ws.Model()
		k := m.Net.Card(v)
		for s := range k {
			s := s
			entry := widget.NewEntry()
			entry.SetText(m.StateLabel(v, s))
			entry.OnSubmitted = func(text string) {
				text = strings.TrimSpace(text)
				if text == "" || text == m.StateLabel(v, s) {
					return
				}
				win.afterEdit(win.ws.RenameState(v, s, m.Net.Variable(v).States[s], text))
				fill()
			}
			up := widget.NewButton("↑", func() { win.afterEdit(win.ws.MoveState(v, s, s-1)); fill() })
			down := widget.NewButton("↓", func() { win.afterEdit(win.ws.MoveState(v, s, s+1)); fill() })
			del := widget.NewButton("Delete", func() { win.afterEdit(win.ws.DeleteState(v, s)); fill() })
			if s == 0 {
				up.Disable()
			}
			if s == k-1 {
				down.Disable()
			}
			if k <= 2 {
				del.Disable()
			}
			list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(up, down, del), entry))
		}
		add := widget.NewEntry()
		add.SetPlaceHolder("new state's label, then Enter")
		add.OnSubmitted = func(text string) {
			text = strings.TrimSpace(text)
			if text == "" {
				return
			}
			id := edit.IDFromLabel(text)
			for j := 2; slices.Contains(m.Net.Variable(v).States, id); j++ {
				id = fmt.Sprintf("%s_%d", edit.IDFromLabel(text), j)
			}
			win.afterEdit(win.ws.AddState(v, k, id, text))
			fill()
		}
		list.Add(add)
		list.Add(wrapped("Enter renames a state. A new state takes half of its neighbour's probability, and the children's rows for it are copied from the neighbour's; both are marked for review in the table."))
	}
	fill()
	d := dialog.NewCustom("States of “"+win.ws.Model().Label(v)+"”", "Close", container.NewVScroll(list), win.w)
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
}

// parentsDialog lists node v's parents to remove or reorder, and offers
// the other nodes to add as parents.
func (win *Window) parentsDialog(v int) {
	name := win.ws.Network().Name(v)
	list := container.NewVBox()
	var fill func()
	fill = func() {
		list.RemoveAll()
		v, ok := win.ws.Network().Index(name)
		if !ok {
			return
		}
		m := win.ws.Model()
		ps := m.Net.Parents(v)
		if len(ps) == 0 {
			list.Add(wrapped("No parents: the table is one row."))
		}
		for j, p := range ps {
			j, p := j, p
			up := widget.NewButton("↑", func() {
				win.afterEdit(win.ws.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.MoveParent(d, v, j, j-1) }))
				fill()
			})
			if j == 0 {
				up.Disable()
			}
			remove := widget.NewButton("Remove", func() { win.afterEdit(win.ws.RemoveEdge(p, v)); fill() })
			list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(up, remove), widget.NewLabel(m.Label(p))))
		}
		var others []int
		var labels []string
		for u := range m.Net.NumVariables() {
			if u != v && !slices.Contains(ps, u) {
				others = append(others, u)
				labels = append(labels, m.Label(u))
			}
		}
		pick := widget.NewSelect(labels, nil)
		pick.PlaceHolder = "Add a parent…"
		pick.OnChanged = func(string) {
			if i := pick.SelectedIndex(); i >= 0 {
				win.afterEdit(win.ws.AddEdge(others[i], v))
				fill()
			}
		}
		list.Add(pick)
		list.Add(wrapped("A new parent's rows are copies, marked for review; removing a parent averages the rows over its states. An edge that would make a cycle is refused."))
	}
	fill()
	d := dialog.NewCustom("Parents of “"+win.ws.Model().Label(v)+"”", "Close", container.NewVScroll(list), win.w)
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
}

// sourcesDialog edits the model's list of sources, which citations name.
func (win *Window) sourcesDialog() {
	sources := slices.Clone(win.ws.Model().Sources)
	list := container.NewVBox()
	type row struct{ id, title, author, date, url *widget.Entry }
	var rows []row
	addRow := func(s model.Source) {
		r := row{widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()}
		r.id.SetText(s.ID)
		r.id.SetPlaceHolder("short id, e.g. crisisgroup2026")
		r.title.SetText(s.Title)
		r.title.SetPlaceHolder("title")
		r.author.SetText(s.Author)
		r.author.SetPlaceHolder("author")
		r.date.SetText(s.Date)
		r.date.SetPlaceHolder("date")
		r.url.SetText(s.URL)
		r.url.SetPlaceHolder("address")
		rows = append(rows, r)
		list.Add(widget.NewForm(widget.NewFormItem("Id", r.id), widget.NewFormItem("Title", r.title),
			widget.NewFormItem("Author", r.author), widget.NewFormItem("Date", r.date), widget.NewFormItem("URL", r.url)))
		list.Add(widget.NewSeparator())
	}
	for _, s := range sources {
		addRow(s)
	}
	body := container.NewBorder(nil, widget.NewButton("Add source", func() { addRow(model.Source{}) }), nil, nil, container.NewVScroll(list))
	d := dialog.NewCustomConfirm("Sources", "Apply", "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		var out []model.Source
		for i, r := range rows {
			s := model.Source{ID: strings.TrimSpace(r.id.Text), Title: strings.TrimSpace(r.title.Text), Author: strings.TrimSpace(r.author.Text),
				Date: strings.TrimSpace(r.date.Text), URL: strings.TrimSpace(r.url.Text)}
			if i < len(sources) {
				s.Citation = sources[i].Citation
			}
			if s == (model.Source{}) {
				continue
			}
			out = append(out, s)
		}
		win.afterEdit(win.ws.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetSources(d, out) }))
	}, win.w)
	size := win.w.Canvas().Size()
	d.Resize(fyne.NewSize(min(640, size.Width*0.9), min(600, size.Height*0.9)))
	d.Show()
}

// connect draws an edge from one card to another (Edit → Draw Edges, or
// a drag with Shift held).
func (win *Window) connect(from, to int) {
	win.afterEdit(win.ws.AddEdge(from, to))
}

// canvasMenu is the menu of a secondary tap on empty canvas.
func (win *Window) canvasMenu(p model.Point, at fyne.Position) {
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("Add Node Here…", func() { win.addNodeDialog(&p) }),
	)
	widget.ShowPopUpMenuAtPosition(menu, win.w.Canvas(), at)
}
