package graphview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/cardlayout"
	"brink/gui/workspace"
	"brink/internal/shared"
	"brink/network/formats"
)

// view opens a shared network in a graph view of the given size.
func view(t *testing.T, file string, size fyne.Size) (*Graph, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	path, ok := shared.Path(file)
	if !ok {
		t.Skip("../shared not found")
	}
	doc, err := formats.Load(path)
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
	w.Resize(size)
	return g, w
}

// inView reports the first card (a node's or a utility's) not wholly
// inside the view, or -1.
func inView(g *Graph) int {
	s := g.Size()
	for v := range g.numCards() {
		r := g.cardRect(v)
		a := g.toScreen(modelPoint(r.x, r.y))
		b := g.toScreen(modelPoint(r.x+r.w, r.y+r.h))
		if a.X < -0.01 || a.Y < -0.01 || b.X > s.Width+0.01 || b.Y > s.Height-LegendHeight+0.01 {
			return v
		}
	}
	return -1
}

// TestAndesFitsWhole checks that Fit shows every card of a 223-node
// network (laid out automatically) in a 1366×768 view, clear of the
// legend.
func TestAndesFitsWhole(t *testing.T) {
	g, _ := view(t, "networks/andes.bif", fyne.NewSize(1366, 768))
	g.Fit()
	if g.Size() != fyne.NewSize(1366, 768) {
		t.Fatalf("view is %v", g.Size())
	}
	if v := inView(g); v >= 0 {
		t.Errorf("card %d (%v) is outside the view at zoom %v", v, g.cardRect(v), g.Zoom())
	}
	// Zooming out from there is not clamped back in.
	z := g.Zoom()
	g.ZoomBy(1 / 1.2)
	if g.Zoom() > z {
		t.Errorf("zooming out went from %v to %v", z, g.Zoom())
	}
}

// TestRefitOnResize checks that the view keeps the network fitted as it
// is resized, using the limiting dimension and centring the other, until
// the analyst zooms.
func TestRefitOnResize(t *testing.T) {
	g, w := view(t, "interop/hugin-alarm.net", fyne.NewSize(800, 600))
	z0 := g.Zoom()
	w.Resize(fyne.NewSize(1200, 900))
	z1 := g.Zoom()
	if z1 <= z0 {
		t.Errorf("zoom %v after growing the view, was %v", z1, z0)
	}
	if v := inView(g); v >= 0 {
		t.Errorf("card %d outside the view after resize", v)
	}
	// The limiting dimension is filled to its margins; the other is
	// centred.
	minX, minY, maxX, maxY := g.bounds()
	a, b := g.toScreen(modelPoint(minX, minY)), g.toScreen(modelPoint(maxX, maxY))
	s := g.Size()
	left, right := float64(a.X), float64(s.Width-b.X)
	top, bottom := float64(a.Y), float64(s.Height-LegendHeight-b.Y)
	if min(left, top) > fitMargin+0.5 {
		t.Errorf("margins left %v top %v: neither dimension is filled", left, top)
	}
	if d := left - right; d > 0.5 || d < -0.5 {
		t.Errorf("not centred across: left %v right %v", left, right)
	}
	if d := top - bottom; d > 0.5 || d < -0.5 {
		t.Errorf("not centred down: top %v bottom %v", top, bottom)
	}
	g.ZoomBy(1.2)
	z2 := g.Zoom()
	w.Resize(fyne.NewSize(900, 700))
	if g.Zoom() != z2 {
		t.Errorf("resizing after a zoom changed it from %v to %v", z2, g.Zoom())
	}
	g.Fit()
	w.Resize(fyne.NewSize(1000, 800))
	if v := inView(g); v >= 0 {
		t.Errorf("card %d outside the view after Fit and resize", v)
	}
}

// TestLegend checks that the legend names the roles the model uses and
// the finding colours.
func TestLegend(t *testing.T) {
	g, _ := view(t, "interop/hugin-alarm.net", fyne.NewSize(800, 600))
	l := test.WidgetRenderer(g).(*renderer).legend
	var names []string
	for _, e := range l.entries {
		names = append(names, e.label.Text)
	}
	want := []string{"other", "finding set", "set by action", "✕ excluded state"}
	if len(names) != len(want) {
		t.Fatalf("legend %q, want %q", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("legend %q, want %q", names, want)
		}
	}
	if l.bg.Position().Y+l.bg.Size().Height != g.Size().Height || l.bg.Position().X != 0 {
		t.Errorf("legend at %v size %v, want the bottom-left corner of %v", l.bg.Position(), l.bg.Size(), g.Size())
	}
}

// TestTextSizes checks the card text against the geometry it sits in.
func TestTextSizes(t *testing.T) {
	if cardlayout.TextSize > cardlayout.Row || cardlayout.TitleSize > cardlayout.Header {
		t.Error("text taller than its row")
	}
}
