package graphview

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/cardlayout"
	"brink/gui/workspace"
	"brink/models"
	"brink/network/formats"
)

// oilView opens the shipped oil wildcatter in a 1000×700 graph view.
func oilView(t *testing.T) (*Graph, *workspace.Workspace) {
	t.Helper()
	test.NewTempApp(t)
	doc, err := formats.LoadFS(models.Files, "oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.New(doc)
	if err != nil {
		t.Fatal(err)
	}
	g := New(ws)
	w := test.NewWindow(g)
	t.Cleanup(w.Close)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1000, 700))
	return g, ws
}

// TestUtilityCardsShown checks that each utility of the oil wildcatter
// has a card at its position with its label, its actor and its expected
// value under the best policies (−10 and 32.5, which sum to the MEU 22.5
// of ../../network/decision's tests), edges from its parents, a place in
// Fit, and an entry in the legend; and that the value follows an action.
func TestUtilityCardsShown(t *testing.T) {
	g, ws := oilView(t)
	r := test.WidgetRenderer(g).(*renderer)
	if len(r.utilities) != 2 {
		t.Fatalf("%d utility cards, want 2", len(r.utilities))
	}
	want := []struct{ title, actor, value string }{
		{"Cost of the test", "for Wildcatter", "expected −10"},
		{"Return on drilling", "for Wildcatter", "expected 32.5"},
	}
	for k, uo := range r.utilities {
		if uo.title.Text != want[k].title || uo.actor == nil || uo.actor.Text != want[k].actor || uo.value.Text != want[k].value {
			t.Errorf("utility %d: %q / %v / %q, want %v", k, uo.title.Text, uo.actor, uo.value.Text, want[k])
		}
		// The card is where the model puts it.
		rc := g.cardRect(cardlayout.UtilityCard(ws.Model(), k))
		if p := ws.Model().Utilities[k].Position; p == nil || math.Abs(rc.x+rc.w/2-p.X) > 1e-9 || math.Abs(rc.y+rc.h/2-p.Y) > 1e-9 {
			t.Errorf("utility %d's card %v, the model puts it at %v", k, rc, p)
		}
		// Its objects lie inside the card on screen.
		a := g.toScreen(modelPoint(rc.x, rc.y))
		b := g.toScreen(modelPoint(rc.x+rc.w, rc.y+rc.h))
		for _, o := range []fyne.CanvasObject{uo.card, uo.header, uo.ends[0], uo.ends[1], uo.title, uo.value} {
			p, s := o.Position(), o.Size()
			if p.X < a.X-0.5 || p.Y < a.Y-0.5 || p.X+s.Width > b.X+0.5 || p.Y+s.Height > b.Y+0.5 {
				t.Errorf("utility %d: an object at %v size %v lies outside the card %v–%v", k, p, s, a, b)
			}
		}
	}
	// Edges from each parent: the cost's from the test, the return's
	// from the drilling and the oil.
	into := map[int][]int{}
	for _, e := range r.edges {
		into[e.to] = append(into[e.to], e.from)
	}
	for k, u := range ws.Model().Utilities {
		if got := len(into[cardlayout.UtilityCard(ws.Model(), k)]); got != len(u.Parents) {
			t.Errorf("%s: %d edges in, want %d", u.Label, got, len(u.Parents))
		}
	}
	if v := inView(g); v >= 0 {
		t.Errorf("card %d is outside the fitted view", v)
	}
	found := false
	for _, e := range r.legend.entries {
		found = found || (e.label.Text == "utility" && e.shape != nil)
	}
	if !found {
		t.Error("the legend does not name utilities")
	}

	testing_, _, _ := ws.Network().Lookup("testing", "no")
	if err := ws.SetDo(testing_, 1); err != nil {
		t.Fatal(err)
	}
	g.Refresh()
	if got := r.utilities[1].value.Text; got != "expected 20" {
		t.Errorf("with no test, by action, the return reads %q, want \"expected 20\"", got)
	}
	if got := r.utilities[0].value.Text; got != "expected 0" {
		t.Errorf("with no test, by action, the cost reads %q, want \"expected 0\"", got)
	}
}

// TestUtilityCardTapDragMenu checks that a tap on a utility's card
// selects it without a finding or a node index, that a secondary tap
// opens no node menu, that a drag moves the card and records it in the
// model, and that a drag from it never draws an edge.
func TestUtilityCardTapDragMenu(t *testing.T) {
	g, ws := oilView(t)
	var selected, utility, tapped, menus, connects int
	utility = -1
	g.OnSelect = func(v int) { selected++ }
	g.OnSelectUtility = func(k int) { utility = k }
	g.OnStateTapped = func(v, s int) { tapped++ }
	g.OnNodeMenu = func(v int, at fyne.Position) { menus++ }
	g.OnConnect = func(from, to int) { connects++ }

	at := g.UtilityCentre(1)
	g.Tapped(&fyne.PointEvent{Position: at})
	if utility != 1 || g.SelectedUtility() != 1 || g.Selected() != -1 || selected != 0 || tapped != 0 {
		t.Errorf("tap: utility %d, SelectedUtility %d, Selected %d, OnSelect %d, findings %d", utility, g.SelectedUtility(), g.Selected(), selected, tapped)
	}
	g.TappedSecondary(&fyne.PointEvent{Position: at})
	if menus != 0 {
		t.Error("a secondary tap on a utility opened the node menu")
	}

	before := ws.UtilityPosition(1)
	g.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(at.X+30, at.Y+20)}, Dragged: fyne.Delta{DX: 30, DY: 20}})
	g.DragEnd()
	after := ws.UtilityPosition(1)
	z := g.Zoom()
	if math.Abs(after.X-before.X-30/z) > 1e-6 || math.Abs(after.Y-before.Y-20/z) > 1e-6 {
		t.Errorf("dragged from %v to %v at zoom %v, want (+%v, +%v)", before, after, z, 30/z, 20/z)
	}
	if p := ws.Model().Utilities[1].Position; p == nil || *p != after || !ws.Dirty() {
		t.Errorf("stored %v, want %v; dirty %v", p, after, ws.Dirty())
	}

	// In connect mode a drag from a utility still moves it; one from a
	// node released on a utility draws nothing.
	g.SetConnectMode(true)
	at = g.UtilityCentre(1)
	g.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(at.X+10, at.Y)}, Dragged: fyne.Delta{DX: 10}})
	g.DragEnd()
	drill, _, _ := ws.Network().Lookup("drilling", "")
	from := g.StatePosition(drill, 0)
	to := g.UtilityCentre(0)
	g.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.Delta{DX: to.X - from.X, DY: to.Y - from.Y}})
	g.DragEnd()
	if connects != 0 {
		t.Errorf("%d edges drawn to or from a utility", connects)
	}

	// Selecting a node afterwards goes through OnSelect.
	g.Tapped(&fyne.PointEvent{Position: g.StatePosition(drill, 0)})
	if selected != 1 || g.Selected() != drill || g.SelectedUtility() != -1 {
		t.Errorf("after tapping a node: OnSelect %d, Selected %d, SelectedUtility %d", selected, g.Selected(), g.SelectedUtility())
	}
}
