package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/workspace"
	"brink/internal/shared"
	"brink/models"
	"brink/network/formats"
)

// benchClick measures what one click costs the analyst: the finding is
// set (or retracted), every posterior recomputed, and the network view,
// the outcome panel and the inspector redrawn, through Fyne's test driver.
func benchClick(b *testing.B, doc *formats.Document, node string) {
	a := test.NewTempApp(b)
	ws, err := workspace.New(doc)
	if err != nil {
		b.Fatal(err)
	}
	win := New(a, ws)
	win.w.Resize(fyne.NewSize(1440, 900))
	v, _, err := ws.Network().Lookup(node, "")
	if err != nil {
		b.Fatal(err)
	}
	win.graph.Select(v)
	pos := win.graph.StatePosition(v, 0)
	b.ReportAllocs()
	for b.Loop() {
		test.TapAt(win.graph, pos)
		win.w.Canvas().Refresh(win.w.Content())
	}
}

func BenchmarkClickUSIran(b *testing.B) {
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		b.Fatal(err)
	}
	benchClick(b, doc, "us_carrier_deployment")
}

func BenchmarkClickAlarm(b *testing.B) {
	path, ok := shared.Path("networks", "alarm.bif")
	if !ok {
		b.Skip("../shared not found")
	}
	doc, err := formats.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	benchClick(b, doc, "HR")
}

// BenchmarkClickAndes is the same on a network of a few hundred nodes
// (223) laid out automatically.
func BenchmarkClickAndes(b *testing.B) {
	path, ok := shared.Path("networks", "andes.bif")
	if !ok {
		b.Skip("../shared not found")
	}
	doc, err := formats.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	benchClick(b, doc, "GOAL_2")
}
