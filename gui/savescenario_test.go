package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/models"
	"brink/network/formats"
)

// openUSIran returns a window of the given size on the shipped US–Iran
// model.
func openUSIran(t *testing.T, size fyne.Size) (*Window, *workspace.Workspace) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil)
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.New(doc)
	if err != nil {
		t.Fatal(err)
	}
	win := New(a, ws)
	win.w.Resize(size)
	return win, ws
}

// setFirstStates sets the first state of nodes in order until n findings are
// set, skipping those that would be impossible.
func setFirstStates(t *testing.T, ws *workspace.Workspace, n int) {
	t.Helper()
	for v := range ws.Network().NumVariables() {
		if ws.Evidence().Len() == n {
			return
		}
		_ = ws.ToggleState(v, 0)
	}
	if got := ws.Evidence().Len(); got != n {
		t.Fatalf("set %d findings, want %d", got, n)
	}
}

// rectOf returns the corners of o's rectangle in canvas coordinates.
func rectOf(o fyne.CanvasObject) (fyne.Position, fyne.Position) {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return p, p.Add(fyne.NewPos(o.Size().Width, o.Size().Height))
}

// inside reports whether o's rectangle lies within outer's, to a pixel.
func inside(o, outer fyne.CanvasObject) bool {
	a0, a1 := rectOf(o)
	b0, b1 := rectOf(outer)
	return a0.X >= b0.X-1 && a0.Y >= b0.Y-1 && a1.X <= b1.X+1 && a1.Y <= b1.Y+1
}

// overlap reports whether the rectangles of a and b overlap.
func overlap(a, b fyne.CanvasObject) bool {
	a0, a1 := rectOf(a)
	b0, b1 := rectOf(b)
	return a0.X < b1.X && b0.X < a1.X && a0.Y < b1.Y && b0.Y < a1.Y
}

// TestSaveScenarioDialogFits opens the save-scenario dialog with 12
// findings in a 1024×700 window: the dialog fits in the window, its
// buttons are inside it below the fields, and each finding's row is
// labelled with the model's labels, not ids.
func TestSaveScenarioDialogFits(t *testing.T) {
	win, ws := openUSIran(t, fyne.NewSize(1024, 700))
	setFirstStates(t, ws, 12)
	sd := win.scenarios.newSaveDialog()
	sd.show()
	cs := win.w.Canvas().Size()
	pop, ok := win.w.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatalf("top overlay %T, want the dialog's pop-up", win.w.Canvas().Overlays().Top())
	}
	dlg := pop.Content
	t.Logf("canvas %v, dialog %v (min %v), fields %v", cs, dlg.Size(), dlg.MinSize(), sd.body.Size())
	if min, size := dlg.MinSize(), dlg.Size(); min.Width > cs.Width || min.Height > cs.Height || size.Width > cs.Width || size.Height > cs.Height {
		t.Errorf("dialog %v (min %v) does not fit the window's canvas %v", size, min, cs)
	}
	if p0, p1 := rectOf(dlg); p0.X < 0 || p0.Y < 0 || p1.X > cs.Width || p1.Y > cs.Height {
		t.Errorf("dialog at %v–%v, outside the canvas %v", p0, p1, cs)
	}
	for _, b := range []*widget.Button{sd.ok, sd.cancel} {
		if !b.Visible() || !inside(b, dlg) {
			p0, p1 := rectOf(b)
			d0, d1 := rectOf(dlg)
			t.Errorf("button %q at %v–%v is not inside the dialog %v–%v", b.Text, p0, p1, d0, d1)
		}
		if overlap(b, sd.body) {
			t.Errorf("button %q overlaps the fields", b.Text)
		}
	}
	if !inside(sd.body, dlg) || sd.body.Size().Height < 100 {
		t.Errorf("fields %v, not a usable part of the dialog %v", sd.body.Size(), dlg.Size())
	}
	form := sd.body.Content.(*widget.Form)
	var rows []string
	for _, it := range form.Items {
		if strings.Contains(it.Text, " = ") {
			rows = append(rows, it.Text)
		}
		if strings.Contains(it.Text, "_") {
			t.Errorf("row labelled with an id: %q", it.Text)
		}
	}
	if len(rows) != 12 {
		t.Errorf("%d finding rows, want 12: %q", len(rows), rows)
	}
}

// TestSaveScenarioDialogTitle types a title, saves, and checks the id
// derived from it; a second save of the same title is refused with a
// message and the Save button disabled.
func TestSaveScenarioDialogTitle(t *testing.T) {
	win, ws := openAsia(t)
	setFirstStates(t, ws, 2)
	sd := win.scenarios.newSaveDialog()
	sd.show()
	test.Type(sd.title, "Smoker, X-ray: positive")
	if sd.id.Text != "smoker_x_ray_positive" {
		t.Errorf("id %q derived from the title", sd.id.Text)
	}
	test.Tap(sd.ok)
	sc, ok := ws.Model().Scenario("smoker_x_ray_positive")
	if !ok || sc.Title != "Smoker, X-ray: positive" {
		t.Fatalf("saved scenario %+v", sc)
	}

	again := win.scenarios.newSaveDialog()
	again.show()
	test.Type(again.title, "smoker, x-ray: POSITIVE")
	if !again.ok.Disabled() || !again.msg.Visible() || !strings.Contains(again.msg.Text, "smoker_x_ray_positive") {
		t.Errorf("duplicate accepted: button disabled %v, message %q", again.ok.Disabled(), again.msg.Text)
	}
	again.id.SetText("other_id")
	if !again.ok.Disabled() || !strings.Contains(again.msg.Text, "titled") {
		t.Errorf("duplicate title accepted: button disabled %v, message %q", again.ok.Disabled(), again.msg.Text)
	}
}

// TestRenameScenarioDialog edits the title and the id of a scenario.
func TestRenameScenarioDialog(t *testing.T) {
	win, ws := openAsia(t)
	win.scenarios.list.Select(0)
	sd := win.scenarios.newRenameDialog()
	sd.show()
	if sd.title.Text != "Smoker short of breath" || sd.id.Text != "smoker_with_dyspnoea" {
		t.Fatalf("dialog shows %q, %q", sd.title.Text, sd.id.Text)
	}
	sd.title.SetText("Breathless smoker")
	if sd.id.Text != "smoker_with_dyspnoea" {
		t.Errorf("rename changed the id to %q with the title", sd.id.Text)
	}
	test.Tap(sd.ok)
	if sc, ok := ws.Model().Scenario("smoker_with_dyspnoea"); !ok || sc.Title != "Breathless smoker" {
		t.Errorf("retitled %+v", sc)
	}
	win.scenarios.list.Select(0)
	sd = win.scenarios.newRenameDialog()
	sd.id.SetText("breathless")
	test.Tap(sd.ok)
	if sc, ok := ws.Model().Scenario("breathless"); !ok || sc.Title != "Breathless smoker" {
		t.Errorf("renamed %+v", sc)
	}
}

// TestScenarioListShowsTitles checks that the scenario list reads each
// scenario's title, marking the applied one.
func TestScenarioListShowsTitles(t *testing.T) {
	win, ws := openAsia(t)
	if err := ws.ApplyScenario("asia_positive_xray"); err != nil {
		t.Fatal(err)
	}
	l := win.scenarios.list
	for i, want := range []string{"Smoker short of breath", "▶ Asia visitor, positive X-ray"} {
		o := l.CreateItem()
		l.UpdateItem(i, o)
		if got := o.(*fyne.Container).Objects[0].(*widget.Label).Text; got != want {
			t.Errorf("row %d reads %q, want %q", i, got, want)
		}
	}
}

// TestRenameUntitledScenario offers an untitled scenario's name as words.
func TestRenameUntitledScenario(t *testing.T) {
	win, ws := openAsia(t)
	ws.Model().Scenarios[1].Title = ""
	win.scenarios.list.Select(1)
	sd := win.scenarios.newRenameDialog()
	if sd.title.Text != "Asia positive xray" {
		t.Errorf("suggested title %q", sd.title.Text)
	}
}
