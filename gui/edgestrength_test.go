package gui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"brink/gui/workspace"
)

// viewItem returns the View menu's item labelled label, or nil.
func viewItem(win *Window, label string) *fyne.MenuItem {
	for _, m := range win.w.MainMenu().Items {
		if m.Label != "View" {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	return nil
}

// edgeWidths returns the stroke widths of the graph's lines, in order.
func edgeWidths(win *Window) []float32 {
	var out []float32
	for _, o := range test.WidgetRenderer(win.graph).Objects() {
		if l, ok := o.(*canvas.Line); ok && l.Visible() {
			out = append(out, l.StrokeWidth)
		}
	}
	return out
}

// TestEdgeStrengthToggle checks View → Edge Strength on the flagship
// with the Red Sea spark: off by default; on, the graph's lines change
// width and the network picture File → Export writes differs from the
// one without; the choice is remembered; off again restores the lines.
func TestEdgeStrengthToggle(t *testing.T) {
	win, ws := openFlagship(t, fyne.NewSize(1366, 768))
	if err := ws.ApplyScenario("red_sea_spark"); err != nil {
		t.Fatal(err)
	}
	item := viewItem(win, "Edge Strength")
	if item == nil || item.Checked || win.graph.EdgeStrength() {
		t.Fatalf("View → Edge Strength: %+v, want an unchecked item", item)
	}
	before := edgeWidths(win)
	export := func(name string) []byte {
		t.Helper()
		path := filepath.Join(t.TempDir(), name)
		if _, err := ws.Export(workspace.ExportNetwork, path, win.exportOptions()); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	plain := export("plain.png")

	item.Action()
	if !win.graph.EdgeStrength() || !viewItem(win, "Edge Strength").Checked || !win.app.Preferences().Bool(edgeStrengthKey) {
		t.Fatal("the item did not turn edge strength on")
	}
	after := edgeWidths(win)
	changed := 0
	for i := range min(len(before), len(after)) {
		if before[i] != after[i] {
			changed++
		}
	}
	if len(after) != len(before) || changed < len(after)/3 {
		t.Errorf("%d of %d lines changed width", changed, len(after))
	}
	if bytes.Equal(export("strength.png"), plain) {
		t.Error("the exported picture with edge strength is the one without")
	}

	viewItem(win, "Edge Strength").Action()
	if win.graph.EdgeStrength() {
		t.Fatal("the item did not turn edge strength off")
	}
	for i, w := range edgeWidths(win) {
		if w != before[i] {
			t.Errorf("line %d is %v wide after edge strength was turned off, was %v", i, w, before[i])
		}
	}
}
