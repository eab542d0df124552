package analysis

import (
	"math"
	"testing"

	"brink/network"
)

// TestInfluences checks the strength of influence on hand-made tables,
// the expected values worked out by hand in the comments (tol 1e-12).
func TestInfluences(t *testing.T) {
	yn := []string{"yes", "no"}
	abc := []string{"a", "b", "c"}
	n, err := network.New([]network.VariableSpec{
		{Name: "A", States: yn, CPT: []float64{0.5, 0.5}},
		{Name: "B", States: abc, CPT: []float64{0.2, 0.3, 0.5}},
		{Name: "U", States: []string{"only"}, CPT: []float64{1}},
		// C | A, B: rows in the order (A, B) = (yes,a) (yes,b) (yes,c) (no,a) (no,b) (no,c).
		{Name: "C", States: yn, Parents: []string{"A", "B"}, CPT: []float64{
			1, 0, // yes, a
			0.5, 0.5, // yes, b
			0.5, 0.5, // yes, c
			0, 1, // no, a
			0.5, 0.5, // no, b
			0.3, 0.7, // no, c
		}},
		// D | A: the same row whatever A is.
		{Name: "D", States: abc, Parents: []string{"A"}, CPT: []float64{0.1, 0.2, 0.7, 0.1, 0.2, 0.7}},
		// E | U: a parent with one state.
		{Name: "E", States: yn, Parents: []string{"U"}, CPT: []float64{0.4, 0.6}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A → C: for B = a the rows (1,0) and (0,1) are √(½·2) = 1 apart; for
	// B = b, 0; for B = c, (0.5,0.5) and (0.3,0.7): √(½·(0.04+0.04)) = 0.2.
	// Average (1 + 0 + 0.2)/3 = 0.4, maximum 1.
	//
	// B → C: for A = yes the rows (1,0), (0.5,0.5), (0.5,0.5): the largest
	// distance √(½·0.5) = 0.5; for A = no (0,1), (0.5,0.5), (0.3,0.7):
	// the largest is between (0,1) and (0.5,0.5), 0.5. Average and maximum 0.5.
	want := []EdgeInfluence{
		{Parent: 1, Child: 3, Average: 0.5, Maximum: 0.5},
		{Parent: 0, Child: 3, Average: 0.4, Maximum: 1},
		{Parent: 0, Child: 4, Average: 0, Maximum: 0},
		{Parent: 2, Child: 5, Average: 0, Maximum: 0},
	}
	got := Influences(n)
	if len(got) != len(want) {
		t.Fatalf("%d edges, want %d: %+v", len(got), len(want), got)
	}
	for i, g := range got {
		w := want[i]
		if g.Parent != w.Parent || g.Child != w.Child || math.Abs(g.Average-w.Average) > 1e-12 || math.Abs(g.Maximum-w.Maximum) > 1e-12 {
			t.Errorf("edge %d: %s → %s %+v, want %s → %s %+v", i, n.Name(g.Parent), n.Name(g.Child), g, n.Name(w.Parent), n.Name(w.Child), w)
		}
	}
}

// TestInfluencesShipped: every edge of the shipped models has a strength
// in [0, 1], the average at most the maximum, and the list is sorted.
func TestInfluencesShipped(t *testing.T) {
	for _, file := range []string{"asia.toml", "us-iran.toml"} {
		n := loadModel(t, file)
		got := Influences(n)
		edges := 0
		for v := range n.NumVariables() {
			edges += len(n.Parents(v))
		}
		if len(got) != edges {
			t.Errorf("%s: %d strengths for %d edges", file, len(got), edges)
		}
		for i, e := range got {
			if e.Average < 0 || e.Maximum > 1 || e.Average > e.Maximum+1e-15 {
				t.Errorf("%s: %s → %s: average %v, maximum %v", file, n.Name(e.Parent), n.Name(e.Child), e.Average, e.Maximum)
			}
			if i > 0 && got[i-1].Average < e.Average {
				t.Errorf("%s: not sorted at %d", file, i)
			}
		}
	}
}
