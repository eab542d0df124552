package cardlayout

import (
	"math/rand/v2"
	"testing"

	"brink/models"
	"brink/network/formats"
	"brink/network/model"
)

// TestRouteAroundCard checks an edge whose straight line runs through a
// card between its ends goes round it, and one with a clear line is left
// straight.
func TestRouteAroundCard(t *testing.T) {
	cards := []Rect{
		{X: 0, Y: 0, W: 260, H: 90},
		{X: 0, Y: 300, W: 260, H: 90}, // straight below card 0
		{X: 0, Y: 150, W: 260, H: 90}, // in between
		{X: 400, Y: 0, W: 260, H: 90}, // to the side
	}
	bends := Route(cards, 0, 1)
	if len(bends) == 0 {
		t.Fatal("the edge was not routed round the card between its ends")
	}
	path := append(append([]model.Point{cards[0].Centre()}, bends...), cards[1].Centre())
	for i := 1; i < len(path); i++ {
		if crosses(path[i-1], path[i], cards[2]) {
			t.Errorf("segment %v–%v crosses the card in the way", path[i-1], path[i])
		}
	}
	if b := Route(cards, 0, 3); b != nil {
		t.Errorf("a clear edge got bends %v", b)
	}
}

// TestRouteNeverCrosses lays out random cards on a grid and checks that
// every routed edge keeps clear of the other cards.
func TestRouteNeverCrosses(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 40 {
		var cards []Rect
		for i := range 5 {
			for j := range 4 {
				if rng.IntN(3) == 0 {
					continue
				}
				cards = append(cards, Rect{X: float64(i) * 300, Y: float64(j) * 150, W: Width, H: 30 + 26*float64(2+rng.IntN(2)) + 6})
			}
		}
		for k := 0; k < 10 && len(cards) > 1; k++ {
			a, b := rng.IntN(len(cards)), rng.IntN(len(cards))
			if a == b {
				continue
			}
			bends := Route(cards, a, b)
			if bends == nil {
				continue
			}
			if len(bends) > MaxBends {
				t.Fatalf("trial %d: %d bends", trial, len(bends))
			}
			path := append(append([]model.Point{cards[a].Centre()}, bends...), cards[b].Centre())
			for i := 1; i < len(path); i++ {
				for v, c := range cards {
					if v != a && v != b && crosses(path[i-1], path[i], c) {
						t.Errorf("trial %d: edge %d→%d segment %v–%v crosses card %d", trial, a, b, path[i-1], path[i], v)
					}
				}
			}
		}
	}
}

// TestCardWidth checks a card widens for a long state name and keeps
// the narrowest width for short ones.
func TestCardWidth(t *testing.T) {
	m := chain(t, 2)
	if w := CardWidth(m, 0); w != Width {
		t.Errorf("short names: width %v, want %v", w, Width)
	}
	m.Nodes[1].StateLabels = []string{"Accidental escalation", "Limited settlement"}
	w := CardWidth(m, 1)
	if w <= Width || w > MaxWidth {
		t.Errorf("long names: width %v, want in (%v, %v]", w, Width, MaxWidth)
	}
	need := TextWidth("Accidental escalation", false) + TextWidth(widestPct, false)
	if w < need {
		t.Errorf("width %v is narrower than the name and percentage (%v)", w, need)
	}
}

// BenchmarkRouteUSIran routes every edge of the flagship, as the window
// does each time a card is dragged.
func BenchmarkRouteUSIran(b *testing.B) {
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		b.Fatal(err)
	}
	m := doc.Model
	cards := Cards(m, Positions(m), Widths(m))
	b.ReportAllocs()
	for b.Loop() {
		for v := range m.Net.NumVariables() {
			for _, p := range m.Net.Parents(v) {
				Route(cards, p, v)
			}
		}
	}
}
