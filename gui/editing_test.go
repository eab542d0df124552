package gui

import (
	"math"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/gui/workspace"
	"brink/models"
	"brink/network/edit"
	"brink/network/formats"
	"brink/network/model"
)

// drag drags on the graph from the centre of node a's first row to the
// centre of node b's first row, as a pointer would.
func drag(win *Window, a, b int) {
	from, to := win.graph.StatePosition(a, 0), win.graph.StatePosition(b, 0)
	steps := 4
	for i := 1; i <= steps; i++ {
		dx, dy := (to.X-from.X)/float32(steps), (to.Y-from.Y)/float32(steps)
		at := fyne.NewPos(from.X+dx*float32(i), from.Y+dy*float32(i))
		win.graph.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at}, Dragged: fyne.Delta{DX: dx, DY: dy}})
	}
	win.graph.DragEnd()
}

// TestDrawEdge turns on Edit → Draw Edges and drags from one card to
// another: the edge is added without moving either card, undo takes it
// away and redo brings it back; drawing one that would close a cycle
// shows an error naming the cycle by labels and changes nothing.
func TestDrawEdge(t *testing.T) {
	win, ws := openAsia(t)
	n := ws.Network()
	asia, _, _ := n.Lookup("asia", "")
	smoke, _, _ := n.Lookup("smoke", "")
	before := ws.Position(asia)
	win.graph.SetConnectMode(true)
	drag(win, asia, smoke)
	n = ws.Network()
	if !slices.Contains(n.Parents(smoke), asia) {
		t.Fatalf("no edge drawn: smoke's parents %v", n.Parents(smoke))
	}
	if ws.Position(asia) != before {
		t.Error("drawing an edge moved the card")
	}
	if from, _ := win.graph.Linking(); from != -1 {
		t.Error("the rubber band is still shown")
	}
	win.do(ws.Undo)
	if slices.Contains(ws.Network().Parents(smoke), asia) {
		t.Error("undo left the edge")
	}
	win.do(ws.Redo)
	if !slices.Contains(ws.Network().Parents(smoke), asia) {
		t.Error("redo did not bring the edge back")
	}
	dysp, _, _ := ws.Network().Lookup("dysp", "")
	m := ws.Model()
	drag(win, dysp, smoke)
	if ws.Model() != m {
		t.Error("a refused edge changed the model")
	}
	texts := strings.Join(dialogTexts(win), "\n")
	if !strings.Contains(texts, "“Dyspnoea” → “Smoker”") || !strings.Contains(strings.ToLower(texts), "cycle") {
		t.Errorf("the error dialog reads %q, want the cycle named", texts)
	}
}

// TestCPTEditorProportional opens the table editor on Lung cancer, types
// 0.3 into the first cell with "make the others proportional": the row
// becomes 0.3, 0.7 in the model in one undoable step.
func TestCPTEditorProportional(t *testing.T) {
	win, ws := openAsia(t)
	lung, _, _ := ws.Network().Lookup("lung", "")
	win.editTable(lung)
	e := win.cpt
	if e == nil {
		t.Fatal("no editor")
	}
	cell := e.cell(t, 0, 0)
	cell.SetText("")
	test.Type(cell, "0.3")
	cell.OnSubmitted(cell.Text)
	got := ws.Network().CPT(lung)[:2]
	if math.Abs(got[0]-0.3) > 1e-15 || math.Abs(got[1]-0.7) > 1e-15 {
		t.Fatalf("row %v, want [0.3 0.7]", got)
	}
	win.do(ws.Undo)
	if got := ws.Network().CPT(lung)[:2]; got[0] != 0.1 {
		t.Errorf("undo: row %v, want [0.1 0.9]", got)
	}
	win.do(ws.Redo)
	if got := ws.Network().CPT(lung)[:2]; got[0] != 0.3 {
		t.Errorf("redo: row %v, want [0.3 0.7]", got)
	}
}

// TestCPTEditorWordsAndInvalidRows types "likely" (the middle of its
// band, 0.675) and, without proportional scaling, a row that does not
// sum to 1: it is kept in the editor with the reason and the model keeps
// its valid table until Normalise row applies it.
func TestCPTEditorWordsAndInvalidRows(t *testing.T) {
	win, ws := openAsia(t)
	bronc, _, _ := ws.Network().Lookup("bronc", "")
	win.editTable(bronc)
	e := win.cpt
	c := e.cell(t, 0, 0)
	c.SetText("likely")
	c.OnSubmitted(c.Text)
	if got := ws.Network().CPT(bronc)[:2]; math.Abs(got[0]-0.675) > 1e-15 || math.Abs(got[1]-0.325) > 1e-15 {
		t.Fatalf("row %v, want [0.675 0.325]", got)
	}
	if !strings.Contains(e.message.Text, "likely") || !strings.Contains(e.message.Text, "67.5%") || !strings.Contains(e.message.Text, "55–80%") {
		t.Errorf("message %q does not say what “likely” stands for", e.message.Text)
	}
	win.do(ws.Undo)
	if got := ws.Network().CPT(bronc)[0]; got != 0.6 {
		t.Errorf("undo of “likely”: %v, want 0.6", got)
	}
	win.do(ws.Redo)
	if got := ws.Network().CPT(bronc)[0]; math.Abs(got-0.675) > 1e-15 {
		t.Errorf("redo of “likely”: %v, want 0.675", got)
	}
	e.prop.SetChecked(false)
	m := ws.Model()
	c = e.cell(t, 1, 0)
	c.SetText("50%")
	c.OnSubmitted(c.Text)
	if ws.Model() != m {
		t.Fatal("an invalid row reached the model")
	}
	if !strings.Contains(e.message.Text, "sums to 120%") {
		t.Errorf("message %q lacks the reason", e.message.Text)
	}
	if note := e.text(t, 1, e.columns()-1); !strings.Contains(note, "sums to") {
		t.Errorf("the row's note reads %q", note)
	}
	e.normaliseFocused()
	got := ws.Network().CPT(bronc)[2:4]
	if math.Abs(got[0]-0.5/1.2) > 1e-12 || math.Abs(got[1]-0.7/1.2) > 1e-12 {
		t.Errorf("normalised row %v, want [%v %v]", got, 0.5/1.2, 0.7/1.2)
	}
}

// TestCPTEditorPasteRow pastes a tab-separated row from a spreadsheet.
func TestCPTEditorPasteRow(t *testing.T) {
	win, ws := openAsia(t)
	dysp, _, _ := ws.Network().Lookup("dysp", "")
	win.editTable(dysp)
	e := win.cpt
	e.focus = 2
	win.clipboard().SetContent("0.25\t0.75\n")
	e.pasteRow()
	if got := ws.Network().CPT(dysp)[4:6]; got[0] != 0.25 || got[1] != 0.75 {
		t.Fatalf("row 3 %v, want [0.25 0.75]", got)
	}
	win.clipboard().SetContent("0.2\t0.3\t0.5")
	e.pasteRow()
	if !strings.Contains(e.message.Text, "3 numbers") {
		t.Errorf("message %q", e.message.Text)
	}
	win.do(ws.Undo)
	if got := ws.Network().CPT(dysp)[4:6]; got[0] != 0.7 {
		t.Errorf("undo: row 3 %v, want [0.7 0.3]", got)
	}
	win.do(ws.Redo)
	if got := ws.Network().CPT(dysp)[4:6]; got[0] != 0.25 {
		t.Errorf("redo: row 3 %v, want [0.25 0.75]", got)
	}
}

// TestCPTEditorHeadersAndFilter checks the headers are the parents' and
// states' labels, wide enough not to overlap, and a filter by parent
// state shows only its rows.
func TestCPTEditorHeadersAndFilter(t *testing.T) {
	win, _ := openUSIran(t, fyne.NewSize(1366, 708))
	ws := win.ws
	v, _, _ := ws.Network().Lookup("iran_intention", "")
	win.editTable(v)
	e := win.cpt
	m := ws.Model()
	ps := m.Net.Parents(v)
	for j, p := range ps {
		if e.header(j) != m.Label(p) {
			t.Errorf("column %d header %q, want %q", j, e.header(j), m.Label(p))
		}
		need := fyne.MeasureText(m.Label(p), 14, fyne.TextStyle{Bold: true}).Width
		if w := e.columnWidth(j); w < need && w < 260 {
			t.Errorf("column %q is %v wide, its header needs %v", m.Label(p), w, need)
		}
	}
	all := len(e.rows)
	e.filter[0] = 1
	e.refilter()
	if len(e.rows)*m.Net.Card(ps[0]) != all {
		t.Errorf("%d rows after the filter, want %d / %d", len(e.rows), all, m.Net.Card(ps[0]))
	}
	if got := e.text(t, 0, 0); got != m.StateLabel(ps[0], 1) {
		t.Errorf("first row's parent state %q, want %q", got, m.StateLabel(ps[0], 1))
	}
}

// TestAddAndDeleteNodeFromWindow adds a node through the Add node dialog
// and deletes it with the confirmation listing what goes.
func TestAddAndDeleteNodeFromWindow(t *testing.T) {
	win, ws := openAsia(t)
	nv := ws.Network().NumVariables()
	v, _, err := ws.AddNode(editSpec("Cough", "Yes, No"))
	if err != nil {
		t.Fatal(err)
	}
	if ws.Network().NumVariables() != nv+1 || ws.Model().Label(v) != "Cough" {
		t.Fatalf("node %d: %q", v, ws.Model().Label(v))
	}
	win.graph.Select(v)
	bronc, _, _ := ws.Network().Lookup("bronc", "")
	win.connect(bronc, v)
	win.deleteNodeDialog(bronc)
	texts := strings.Join(dialogTexts(win), "\n")
	if !strings.Contains(texts, "Cough") || !strings.Contains(texts, "Dyspnoea") {
		t.Errorf("the confirmation reads %q, want the children named", texts)
	}
}

// editSpec is a node to add with the given label and comma-separated
// state labels.
func editSpec(label, states string) edit.NodeSpec {
	ids, labels, _ := stateLabels(states)
	return edit.NodeSpec{Label: label, States: ids, StateLabels: labels}
}

// cell returns the entry of state s in shown row row of the editor, as
// the table would draw it.
func (e *cptEditor) cell(t *testing.T, row, s int) *cellEntry {
	t.Helper()
	np := len(e.win.ws.Network().Parents(e.v))
	o := e.createCell()
	e.updateCell(widget.TableCellID{Row: row, Col: np + s}, o)
	return o.(*fyne.Container).Objects[2].(*cellEntry)
}

// text returns the label text of a cell of the editor.
func (e *cptEditor) text(t *testing.T, row, col int) string {
	t.Helper()
	o := e.createCell()
	e.updateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*fyne.Container).Objects[1].(*widget.Label).Text
}

// TestCanonicalNodeInEditor gives asia's "either" node a noisy-OR: the
// editor explains it and shows the table read-only; Convert to plain
// table makes its cells editable in one undoable step.
func TestCanonicalNodeInEditor(t *testing.T) {
	win, ws := openAsia(t)
	either, _, _ := ws.Network().Lookup("either", "")
	one := []float64{1, 0}
	c := model.Canonical{Kind: model.NoisyOR, Absent: 1, ParentAbsent: []int{1, 1}, Causes: [][][]float64{{one, nil}, {one, nil}}}
	if _, err := ws.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetCanonical(d, either, c) }); err != nil {
		t.Fatal(err)
	}
	win.editTable(either)
	e := win.cpt
	if text := canonicalText(ws.Model(), either); !strings.Contains(text, "Noisy-OR") || !strings.Contains(text, "Lung cancer = yes: 100%") {
		t.Errorf("explanation %q", text)
	}
	if !e.cell(t, 0, 0).Disabled() {
		t.Error("a canonical node's cells can be edited")
	}
	notes, err := ws.ToTable(either)
	if err != nil {
		t.Fatal(err)
	}
	_ = notes
	if ws.Model().Nodes[either].Canonical != nil || e.cell(t, 0, 0).Disabled() {
		t.Error("Convert to plain table left the node canonical")
	}
	win.do(ws.Undo)
	if ws.Model().Nodes[either].Canonical == nil {
		t.Error("undo did not bring the parameters back")
	}
}

// TestCanonicalDialogNoisyOR opens Canonical model… on asia's "either"
// (the OR of its parents): the noisy-OR fields start from its table
// (links of 100%, no leak), and Apply keeps the same table as parameters.
func TestCanonicalDialogNoisyOR(t *testing.T) {
	win, ws := openAsia(t)
	either, _, _ := ws.Network().Lookup("either", "")
	old := append([]float64(nil), ws.Network().CPT(either)...)
	win.canonicalDialog(either)
	var apply *widget.Button
	var entries []string
	for _, o := range test.LaidOutObjects(win.w.Canvas().Overlays().Top()) {
		switch o := o.(type) {
		case *widget.Button:
			if o.Text == "Apply" {
				apply = o
			}
		case *widget.Entry:
			entries = append(entries, o.Text)
		}
	}
	if apply == nil {
		t.Fatal("no Apply button")
	}
	if strings.Join(entries, " ") != "100% 100% 0%" {
		t.Errorf("fields start at %q, want the links and leak read from the table", entries)
	}
	test.Tap(apply)
	c := ws.Model().Nodes[either].Canonical
	if c == nil || c.Kind != model.NoisyOR {
		t.Fatalf("parameters %+v", c)
	}
	if got := ws.Network().CPT(either); !slices.Equal(got, old) {
		t.Errorf("table %v, want %v", got, old)
	}
}

// TestSetByActionShown sets Smoker by action: the card's header takes the
// action colour, not the finding colour, the state is marked ◆, and the
// status bar says "set by action".
func TestSetByActionShown(t *testing.T) {
	win, ws := openAsia(t)
	smoke, yes, _ := ws.Network().Lookup("smoke", "yes")
	win.do(func() error { return ws.SetDo(smoke, yes) })
	r := test.WidgetRenderer(win.graph)
	var name string
	for _, o := range r.Objects() {
		if tx, ok := o.(*canvas.Text); ok && strings.HasPrefix(tx.Text, graphview.ActionMark) {
			name = tx.Text
		}
	}
	if name == "" {
		t.Error("no state marked as set by action on the cards")
	}
	found := false
	for _, o := range r.Objects() {
		if rc, ok := o.(*canvas.Rectangle); ok && rc.FillColor == graphview.ActionColor() {
			found = true
		}
	}
	if !found {
		t.Error("no card header in the action colour")
	}
	if got := win.status.Text; !strings.Contains(got, "Set by action: Smoker = yes") {
		t.Errorf("status %q", got)
	}
}

// TestDecisionsTab opens the shipped oil wildcatter: the Decisions tab
// shows Test as the best first move, at 22.5.
func TestDecisionsTab(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil)
	doc, err := formats.LoadFS(models.Files, "oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.New(doc)
	if err != nil {
		t.Fatal(err)
	}
	win := New(a, ws)
	tabs := findTabs(t, win)
	tabs.SelectIndex(3)
	if win.decisions.stale {
		t.Error("the Decisions tab is still stale once shown")
	}
	var texts []string
	for _, o := range test.LaidOutObjects(win.decisions.content) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Seismic test? — Wildcatter", "★ Test", "22.5", "Worth knowing before deciding: Oil in the ground"} {
		if !strings.Contains(all, want) {
			t.Errorf("the Decisions tab lacks %q:\n%s", want, all)
		}
	}
	// Hidden, a change of findings only marks the tab; shown again, it is
	// drawn for the new findings.
	tabs.SelectIndex(0)
	v, _ := ws.Network().Index("oil")
	if err := ws.SetState(v, 2); err != nil {
		t.Fatal(err)
	}
	if !win.decisions.stale {
		t.Error("a change of findings while the tab is hidden did not mark it")
	}
	tabs.SelectIndex(3)
	if win.decisions.stale {
		t.Error("the Decisions tab is still stale once shown again")
	}
}

// TestDecisionsTableKeepsTheWheel: on the flagship, whose two-sided table
// is wider than the side panel, the wheel over the table scrolls the tab,
// not the table alone.
func TestDecisionsTableKeepsTheWheel(t *testing.T) {
	win, _ := openFlagship(t, fyne.NewSize(1440, 900))
	tabs := findTabs(t, win)
	tabs.SelectIndex(3)
	var router *wheelRouter
	for _, o := range test.LaidOutObjects(win.decisions.content) {
		if r, ok := o.(*wheelRouter); ok {
			router = r
		}
	}
	if router == nil {
		t.Fatal("the two-sided table has no wheel router")
	}
	// Lay the window out again, as the GLFW driver does (the test canvas
	// does not), so that the tab has its height.
	win.w.Resize(fyne.NewSize(1441, 901))
	win.w.Resize(fyne.NewSize(1440, 900))
	before := win.decisions.scroll.Offset
	router.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -40}})
	if win.decisions.scroll.Offset == before {
		t.Error("the wheel over the table did not scroll the tab")
	}
}
