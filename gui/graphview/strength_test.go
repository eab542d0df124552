package graphview

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/workspace"
	"brink/models"
	"brink/network/analysis"
	"brink/network/formats"
)

// TestEdgeStrength checks View → Edge Strength on the flagship with the
// Red Sea spark: off, every edge is 1.4 pixels at zoom 1; on, each edge
// between variables is 1 + 5·s (at least 1 pixel), s being its strength
// of influence in the network the beliefs are shown on, edges into
// utilities keep the plain width, and the legend says what the width
// means; off again restores the plain widths.
func TestEdgeStrength(t *testing.T) {
	test.NewTempApp(t)
	doc, err := formats.LoadFS(models.Files, models.Default)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.New(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.ApplyScenario("red_sea_spark"); err != nil {
		t.Fatal(err)
	}
	g := New(ws)
	w := test.NewWindow(g)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1366, 768))
	r := test.WidgetRenderer(g).(*renderer)
	strength := map[[2]int]float64{}
	for _, e := range analysis.Influences(ws.BeliefNetwork()) {
		strength[[2]int{e.Parent, e.Child}] = e.Average
	}
	plain := float32(math.Max(1, 1.4*g.Zoom()))
	widths := func() []float32 {
		var out []float32
		for _, e := range r.edges {
			out = append(out, e.segs[0].StrokeWidth)
		}
		return out
	}

	if g.EdgeStrength() || r.legend.strength.Visible() {
		t.Fatal("edge strength is on by default")
	}
	for i, wd := range widths() {
		if wd != plain {
			t.Fatalf("edge %d is %v wide with edge strength off, want %v", i, wd, plain)
		}
	}
	g.SetEdgeStrength(true)
	if !r.legend.strength.Visible() || r.legend.strength.Text != "edge width: strength of influence" {
		t.Error("no legend line for edge widths")
	}
	n := ws.Network().NumVariables()
	differ, utility := 0, 0
	for i, wd := range widths() {
		e := r.edges[i]
		if e.to >= n {
			utility++
			if wd != plain {
				t.Errorf("the edge into utility card %d is %v wide, want %v", e.to, wd, plain)
			}
			continue
		}
		s, ok := strength[[2]int{e.from, e.to}]
		if !ok {
			t.Fatalf("no strength for %s → %s", ws.Network().Name(e.from), ws.Network().Name(e.to))
		}
		want := float32(math.Max(1, (1+5*s)*g.Zoom()))
		if math.Abs(float64(wd-want)) > 1e-4 {
			t.Errorf("%s → %s (strength %.3f) is %v wide, want %v", ws.Network().Name(e.from), ws.Network().Name(e.to), s, wd, want)
		}
		for _, seg := range e.segs {
			if seg.Visible() && seg.StrokeWidth != wd {
				t.Errorf("a bend of %s → %s is %v wide, the edge %v", ws.Network().Name(e.from), ws.Network().Name(e.to), seg.StrokeWidth, wd)
			}
		}
		if wd != plain {
			differ++
		}
	}
	if differ < n/2 || utility == 0 {
		t.Errorf("%d edges between variables changed width, %d edges into utilities", differ, utility)
	}
	// Zooming scales the widths.
	g.ZoomBy(2)
	for i, wd := range widths() {
		e := r.edges[i]
		if s, ok := strength[[2]int{e.from, e.to}]; ok {
			if want := float32(math.Max(1, (1+5*s)*g.Zoom())); math.Abs(float64(wd-want)) > 1e-4 {
				t.Errorf("zoomed: %s → %s is %v wide, want %v", ws.Network().Name(e.from), ws.Network().Name(e.to), wd, want)
			}
		}
	}
	g.SetEdgeStrength(false)
	plain = float32(math.Max(1, 1.4*g.Zoom()))
	for i, wd := range widths() {
		if wd != plain {
			t.Errorf("edge %d is %v wide after edge strength was turned off, want %v", i, wd, plain)
		}
	}
	if r.legend.strength.Visible() {
		t.Error("the legend still explains edge widths")
	}
}
