package gui

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/workspace"
	"brink/network/bif"
	"brink/network/enginetest"
	"brink/network/formats"
)

// TestOutcomePanelSaysSampled opens a 30×30 grid, past the junction
// tree's reach, in a 1366×768 window: the outcome panel's line says the
// beliefs are sampled and how precise they are, and keeps saying so after
// a finding; the flagship's panel shows no such line.
func TestOutcomePanelSaysSampled(t *testing.T) {
	var buf bytes.Buffer
	if err := bif.Write(&buf, enginetest.Grid(rand.New(rand.NewPCG(5, 6)), 30)); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Read(buf.Bytes(), "grid.bif")
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	ws, err := workspace.New(doc)
	if err != nil {
		t.Fatalf("the grid does not open: %v", err)
	}
	win := New(a, ws)
	win.w.Resize(fyne.NewSize(1366, 768))
	p := win.outcomes
	if !p.note.Visible() || !strings.HasPrefix(p.note.Text, "Sampled, not exact: each within about ±") {
		t.Fatalf("the panel's line: %q (shown %v)", p.note.Text, p.note.Visible())
	}
	v, _ := ws.Network().Index("g28_29")
	if err := ws.SetState(v, 1); err != nil {
		t.Fatal(err)
	}
	if !p.note.Visible() || !strings.HasPrefix(p.note.Text, "Sampled, not exact") {
		t.Errorf("after a finding the panel's line is %q", p.note.Text)
	}

	flag, _ := openFlagship(t, fyne.NewSize(1366, 768))
	if flag.outcomes.note.Visible() {
		t.Errorf("the flagship's panel shows %q", flag.outcomes.note.Text)
	}
}
