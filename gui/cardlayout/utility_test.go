package cardlayout

import (
	"math"
	"testing"

	"brink/network/model"
)

// withUtility returns a chain a → b → c with a utility over b and c, for
// an actor, and one over a with none.
func withUtility(t *testing.T) *model.Model {
	t.Helper()
	m := chain(t, 3)
	m.Utilities = []model.Utility{
		{ID: "gain", Label: "Gain", Actor: "Blue", Parents: []string{"b", "c"}, Table: []float64{-70, 50, 200, 0}},
		{ID: "cost", Parents: []string{"a"}, Table: []float64{-10, 0}},
	}
	return m
}

// TestUtilityCards checks the numbering of cards, the utilities' sizes
// and parents.
func TestUtilityCards(t *testing.T) {
	m := withUtility(t)
	if Count(m) != 5 || UtilityCard(m, 1) != 4 {
		t.Fatalf("Count %d, UtilityCard(1) %d", Count(m), UtilityCard(m, 1))
	}
	for _, tc := range []struct {
		card   int
		k      int
		ok     bool
		height float64
	}{
		{0, 0, false, Height(2)},
		{2, 0, false, Height(2)},
		{3, 0, true, Height(2)}, // the actor's line and the value
		{4, 1, true, Height(1)}, // the value only
		{5, 0, false, 0},
		{-1, 0, false, 0},
	} {
		k, ok := UtilityOf(m, tc.card)
		if ok != tc.ok || (ok && k != tc.k) {
			t.Errorf("UtilityOf(%d) = %d, %v", tc.card, k, ok)
		}
		if tc.height > 0 && CardHeight(m, tc.card) != tc.height {
			t.Errorf("card %d is %v tall, want %v", tc.card, CardHeight(m, tc.card), tc.height)
		}
	}
	if w := Widths(m); len(w) != 5 || w[3] < Width || w[3] > MaxWidth {
		t.Errorf("widths %v", w)
	}
	if p := Parents(m, 3); len(p) != 2 || p[0] != 1 || p[1] != 2 {
		t.Errorf("the utility's parents are cards %v, want [1 2]", p)
	}
	long := model.Utility{ID: "x", Label: "A utility with a label long enough to need a wider card", Table: []float64{1}}
	if UtilityWidth(&long) != MaxWidth {
		t.Errorf("a long label gives a card %v wide, want %v", UtilityWidth(&long), MaxWidth)
	}
	// The widest value the table allows fits: "expected −888.8" for a
	// table reaching −70 and 200.
	need := TextWidth(ExpectedText(-888.8, true), true) + 2*Pad
	if w := UtilityWidth(&m.Utilities[0]); w < need {
		t.Errorf("utility card %v wide, the widest value needs %v", w, need)
	}
}

// TestUtilitiesPlacedAndArranged checks that a utility without a
// position is laid out below the positioned cards, that one with a
// position keeps it, and that Arrange puts utilities below their parents
// without overlaps.
func TestUtilitiesPlacedAndArranged(t *testing.T) {
	m := withUtility(t)
	for v := range m.Nodes {
		m.Nodes[v].Position = &model.Point{X: 150, Y: 100 + 150*float64(v)}
	}
	m.Utilities[1].Position = &model.Point{X: 500, Y: 100}
	pos, how := Place(m)
	if how != Completed || len(pos) != 5 {
		t.Fatalf("placed %v, %d positions", how, len(pos))
	}
	if pos[4] != (model.Point{X: 500, Y: 100}) {
		t.Errorf("the positioned utility moved to %v", pos[4])
	}
	if pos[3].Y <= 400+Height(2)/2 {
		t.Errorf("the unpositioned utility is at %v, not below the others", pos[3])
	}
	if a, b, ok := Overlapping(m, pos); ok {
		t.Errorf("cards %d and %d overlap", a, b)
	}
	pts := Arrange(m)
	if a, b, ok := Overlapping(m, pts); ok {
		t.Errorf("arranged cards %d and %d overlap", a, b)
	}
	if pts[3].Y <= pts[2].Y || pts[4].Y <= pts[0].Y {
		t.Errorf("arranged utilities at %v and %v, not below their parents %v and %v", pts[3], pts[4], pts[2], pts[0])
	}
	// Two utilities stacked on one point are spread or laid out afresh.
	m.Utilities[0].Position = &model.Point{X: 500, Y: 100}
	if pos, _ := Place(m); !Finite(&pos[3]) {
		t.Error("a stacked utility has no position")
	} else if a, b, ok := Overlapping(m, pos); ok {
		t.Errorf("stacked: cards %d and %d overlap", a, b)
	}
}

func TestExpectedText(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		ok   bool
		want string
	}{
		{22.5, true, "expected 22.5"},
		{-10, true, "expected −10"},
		{32.49999999, true, "expected 32.5"},
		{181.0625, true, "expected 181.1"},
		{-1e-15, true, "expected 0"},
		{math.Copysign(0, -1), true, "expected 0"},
		{123456.7, true, "expected 123457"},
		{math.NaN(), true, "expected —"},
		{1, false, "expected —"},
	} {
		if got := ExpectedText(tc.x, tc.ok); got != tc.want {
			t.Errorf("ExpectedText(%v, %v) = %q, want %q", tc.x, tc.ok, got, tc.want)
		}
	}
}
