package graphview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/workspace"
	"brink/internal/shared"
	"brink/models"
	"brink/network/formats"
)

// benchGraphClick measures the network view's share of a click: the
// finding set or retracted and the view alone redrawn (gui's
// BenchmarkClick* include the other panels).
func benchGraphClick(b *testing.B, doc *formats.Document, node string) {
	test.NewTempApp(b)
	ws, err := workspace.New(doc)
	if err != nil {
		b.Fatal(err)
	}
	g := New(ws)
	w := test.NewWindow(g)
	defer w.Close()
	w.Resize(fyne.NewSize(980, 810))
	g.OnStateTapped = func(v, s int) {
		if err := ws.ToggleState(v, s); err != nil {
			b.Fatal(err)
		}
		g.Refresh()
	}
	v, _, err := ws.Network().Lookup(node, "")
	if err != nil {
		b.Fatal(err)
	}
	g.Select(v)
	pos := g.StatePosition(v, 0)
	b.ReportAllocs()
	for b.Loop() {
		test.TapAt(g, pos)
		w.Canvas().Refresh(g)
	}
}

func BenchmarkGraphClickUSIran(b *testing.B) {
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		b.Fatal(err)
	}
	benchGraphClick(b, doc, "us_carrier_deployment")
}

func BenchmarkGraphClickAndes(b *testing.B) {
	path, ok := shared.Path("networks", "andes.bif")
	if !ok {
		b.Skip("../shared not found")
	}
	doc, err := formats.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	benchGraphClick(b, doc, "GOAL_2")
}
