package gui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/workspace"
	"brink/network"
	"brink/network/bif"
	"brink/network/formats"
)

// TestOutcomePanelSaysSampled opens a 30×30 grid, past the junction
// tree's reach, in a 1366×768 window: the outcome panel's line says the
// beliefs are sampled and how precise they are, and keeps saying so after
// a finding; the flagship's panel shows no such line.
func TestOutcomePanelSaysSampled(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	name := func(r, c int) string { return fmt.Sprintf("g%d_%d", r, c) }
	var specs []network.VariableSpec
	for r := range 30 {
		for c := range 30 {
			var ps []string
			if r > 0 {
				ps = append(ps, name(r-1, c))
			}
			if c > 0 {
				ps = append(ps, name(r, c-1))
			}
			var cpt []float64
			for range 1 << len(ps) {
				p := 0.1 + 0.8*rng.Float64()
				cpt = append(cpt, p, 1-p)
			}
			specs = append(specs, network.VariableSpec{Name: name(r, c), States: []string{"on", "off"}, Parents: ps, CPT: cpt})
		}
	}
	net, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "grid.bif")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := bif.Write(f, net); err != nil {
		t.Fatal(err)
	}
	f.Close()
	doc, err := formats.Load(path)
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
