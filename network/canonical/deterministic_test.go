package canonical

import (
	"slices"
	"testing"
)

// TestDeterministic checks that each row is one-hot at its outcome, with
// the configurations in row-major order (first parent slowest).
func TestDeterministic(t *testing.T) {
	cases := []struct {
		name string
		m    Deterministic
		want []float64
	}{
		// A (2 states) slowest, B (3 states) fastest: rows (0,0) (0,1)
		// (0,2) (1,0) (1,1) (1,2).
		{"two parents", Deterministic{States: 2, Parents: []int{2, 3}, Outcome: []int{0, 1, 1, 1, 0, 0}},
			[]float64{1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0}},
		{"no parents", Deterministic{States: 3, Outcome: []int{2}}, []float64{0, 0, 1}},
		{"one state", Deterministic{States: 1, Parents: []int{2}, Outcome: []int{0, 0}}, []float64{1, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.m.CPT(0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}

// TestRule checks the rule form against the table form: the child is
// the larger of its parents' states (a MAX gate on 3 × 2 states), so the
// outcomes by hand, A slowest, are max(0,0) max(0,1) max(1,0) max(1,1)
// max(2,0) max(2,1) = 0 1 1 1 2 2.
func TestRule(t *testing.T) {
	var seen [][]int
	r := Rule{States: 3, Parents: []int{3, 2}, Of: func(c []int) int {
		seen = append(seen, slices.Clone(c))
		return max(c[0], c[1])
	}}
	got, err := r.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Deterministic{States: 3, Parents: []int{3, 2}, Outcome: []int{0, 1, 1, 1, 2, 2}}.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	wantSeen := [][]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}}
	if !slices.EqualFunc(seen, wantSeen, slices.Equal) {
		t.Errorf("Of called with %v, want %v", seen, wantSeen)
	}
}
