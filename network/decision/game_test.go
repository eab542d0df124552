package decision

import (
	"math"
	"slices"
	"testing"

	"brink/network"
)

// twoSides builds two root decisions with k options each, an outcome
// node that depends on both, and a utility for each side over both
// decisions with the given payoffs (row: A's option, column: B's).
func twoSides(t *testing.T, k int, ua, ub [][]float64) (*Diagram, *network.Network) {
	t.Helper()
	states := []string{"o1", "o2", "o3"}[:k]
	uniform := make([]float64, k)
	for i := range uniform {
		uniform[i] = 1 / float64(k)
	}
	var out []float64
	for i := range k {
		for j := range k {
			p := 0.1 + 0.8*float64(i*k+j)/float64(k*k)
			out = append(out, p, 1-p)
		}
	}
	net, err := network.New([]network.VariableSpec{
		{Name: "A", States: states, CPT: uniform},
		{Name: "B", States: states, CPT: uniform},
		{Name: "clash", States: []string{"yes", "no"}, Parents: []string{"A", "B"}, CPT: out},
	})
	if err != nil {
		t.Fatal(err)
	}
	flat := func(u [][]float64) []float64 {
		var f []float64
		for _, r := range u {
			f = append(f, r...)
		}
		return f
	}
	dg, err := New(net, []int{0, 1}, []Utility{
		{Name: "UA", Actor: "A", Parents: []int{0, 1}, Table: flat(ua)},
		{Name: "UB", Actor: "B", Parents: []int{0, 1}, Table: flat(ub)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return dg, net
}

// TestPrisonersDilemma: cooperate (0) or defect (1) with the textbook
// payoffs; the one equilibrium is mutual defection, and each side's best
// response to anything is to defect.
func TestPrisonersDilemma(t *testing.T) {
	dg, net := twoSides(t, 2, [][]float64{{3, 0}, {5, 1}}, [][]float64{{3, 5}, {0, 1}})
	g, err := dg.NewGame(nil, 0, 1, "A", "B", []int{2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Pure, [][2]int{{1, 1}}) {
		t.Errorf("pure equilibria %v, want only (defect, defect)", g.Pure)
	}
	for j := range 2 {
		if !slices.Equal(g.BestA[j], []int{1}) || !slices.Equal(g.BestB[j], []int{1}) {
			t.Errorf("best responses %v %v", g.BestA, g.BestB)
		}
	}
	if g.Payoff[0][1] != [2]float64{0, 5} {
		t.Errorf("payoff (cooperate, defect) %v, want (0, 5)", g.Payoff[0][1])
	}
	// The outcome for a pair is the clash node's row for it.
	if got, want := g.Outcomes[1][0][0][0], net.CPT(2)[2*2]; math.Abs(got-want) > 1e-12 {
		t.Errorf("P(clash | defect, cooperate) = %v, want %v", got, want)
	}
	if g.Mixed != nil {
		t.Errorf("a mixed equilibrium %+v in a game with a strict dominant strategy", g.Mixed)
	}
}

// TestMatchingPennies has no pure equilibrium; the mixed one is ½, ½.
func TestMatchingPennies(t *testing.T) {
	dg, _ := twoSides(t, 2, [][]float64{{1, -1}, {-1, 1}}, [][]float64{{-1, 1}, {1, -1}})
	g, err := dg.NewGame(nil, 0, 1, "A", "B", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Pure) != 0 || g.Mixed == nil {
		t.Fatalf("pure %v, mixed %+v", g.Pure, g.Mixed)
	}
	for _, p := range append(g.Mixed.A, g.Mixed.B...) {
		if math.Abs(p-0.5) > 1e-9 {
			t.Errorf("mixed equilibrium %+v, want ½ each", g.Mixed)
		}
	}
	if math.Abs(g.Mixed.EA) > 1e-9 || math.Abs(g.Mixed.EB) > 1e-9 {
		t.Errorf("values %v %v, want 0", g.Mixed.EA, g.Mixed.EB)
	}
}

// TestRockPaperScissors: the 3×3 mixed equilibrium is ⅓ each.
func TestRockPaperScissors(t *testing.T) {
	u := [][]float64{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}}
	neg := [][]float64{{0, 1, -1}, {-1, 0, 1}, {1, -1, 0}}
	dg, _ := twoSides(t, 3, u, neg)
	g, err := dg.NewGame(nil, 0, 1, "A", "B", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Pure) != 0 || g.Mixed == nil {
		t.Fatalf("pure %v, mixed %+v", g.Pure, g.Mixed)
	}
	for _, p := range append(g.Mixed.A, g.Mixed.B...) {
		if math.Abs(p-1.0/3) > 1e-9 {
			t.Errorf("mixed equilibrium %+v, want ⅓ each", g.Mixed)
		}
	}
}
