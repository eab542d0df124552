package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/cardlayout"
	"brink/gui/workspace"
	"brink/models"
	"brink/network/formats"
)

// TestFitFlagshipTextSize checks that the shipped flagship model, fitted
// in the default 1440×900 window, shows its card text at least 11 pixels
// high (the text size in model units times the zoom), and that the view
// keeps it fitted as the window is resized.
func TestFitFlagshipTextSize(t *testing.T) {
	a := test.NewTempApp(t)
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.NewBuiltin(doc)
	if err != nil {
		t.Fatal(err)
	}
	win := New(a, ws)
	win.w.Resize(fyne.NewSize(1440, 900))
	size := func() float64 { return min(cardlayout.TextSize, cardlayout.TitleSize) * win.graph.Zoom() }
	t.Logf("card text %.2f px (graph %v, zoom %.3f)", size(), win.graph.Size(), win.graph.Zoom())
	if px := size(); px < 11 {
		t.Errorf("card text %.2f px high at 1440×900 (graph %v, zoom %.3f), want ≥ 11", px, win.graph.Size(), win.graph.Zoom())
	}
	before := win.graph.Zoom()
	win.w.Resize(fyne.NewSize(1200, 800))
	if win.graph.Zoom() >= before {
		t.Errorf("zoom %v after shrinking the window, was %v: the view did not re-fit", win.graph.Zoom(), before)
	}
}
