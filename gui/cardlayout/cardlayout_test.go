package cardlayout

import (
	"math"
	"testing"

	"brink/network"
	"brink/network/model"
)

func chain(t *testing.T, n int) *model.Model {
	t.Helper()
	var specs []network.VariableSpec
	for i := range n {
		s := network.VariableSpec{Name: string(rune('a' + i)), States: []string{"x", "y"}, CPT: []float64{0.5, 0.5}}
		if i > 0 {
			s.Parents = []string{string(rune('a' + i - 1))}
			s.CPT = []float64{0.9, 0.1, 0.2, 0.8}
		}
		specs = append(specs, s)
	}
	net, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	return model.New(net)
}

func TestPositions(t *testing.T) {
	m := chain(t, 4)
	m.Nodes[0].Position = &model.Point{X: 100, Y: 50}
	m.Nodes[1].Position = &model.Point{X: math.NaN(), Y: 1}
	m.Nodes[2].Position = &model.Point{X: 1, Y: math.Inf(1)}
	pos := Positions(m)
	if pos[0] != (model.Point{X: 100, Y: 50}) {
		t.Errorf("a finite position was not kept: %v", pos[0])
	}
	for v := 1; v < 4; v++ {
		if !Finite(&pos[v]) {
			t.Errorf("node %d: non-finite %v", v, pos[v])
		}
		if pos[v].Y <= 50+Height(2) {
			t.Errorf("node %d at %v: laid-out nodes go below the positioned ones", v, pos[v])
		}
		if v > 1 && pos[v].Y <= pos[v-1].Y {
			t.Errorf("node %d is not below its parent", v)
		}
	}
}

func TestHeight(t *testing.T) {
	if Height(3) != Header+3*Row+PadBottom {
		t.Error(Height(3))
	}
}

// TestPlace checks how Place treats positions that would stack cards: a
// file in small units is spread uniformly until no cards overlap, one
// with every node at one point is laid out afresh, and one whose cards
// are apart is kept.
func TestPlace(t *testing.T) {
	at := func(pts ...model.Point) *model.Model {
		m := chain(t, len(pts))
		for v := range pts {
			p := pts[v]
			m.Nodes[v].Position = &p
		}
		return m
	}
	for _, tc := range []struct {
		name string
		m    *model.Model
		want Placement
	}{
		{"apart", at(model.Point{X: 0, Y: 0}, model.Point{X: 300, Y: 0}, model.Point{X: 0, Y: 200}), AsGiven},
		// Hugin-like units: 140 apart across, 40 down.
		{"small units", at(model.Point{X: 0, Y: 0}, model.Point{X: 140, Y: 0}, model.Point{X: 0, Y: 40}, model.Point{X: 140, Y: 40}), Scaled},
		{"one point", at(model.Point{X: 250, Y: 160}, model.Point{X: 250, Y: 160}, model.Point{X: 250, Y: 160}), Arranged},
		// One pair nearly coincides while the rest are apart: spreading
		// everything by a factor of 100 is worse than laying out.
		{"one crowded pair", at(model.Point{X: 0, Y: 0}, model.Point{X: 1, Y: 0}, model.Point{X: 600, Y: 0}, model.Point{X: 0, Y: 400}), Arranged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pts, how := Place(tc.m)
			if how != tc.want {
				t.Errorf("placement %v, want %v", how, tc.want)
			}
			if a, b, ok := Overlapping(tc.m, pts); ok {
				t.Errorf("cards %d %v and %d %v overlap", a, pts[a], b, pts[b])
			}
			if how == Scaled {
				// Uniform: every position is the same multiple of the
				// file's.
				s := pts[1].X / tc.m.Nodes[1].Position.X
				for v, p := range pts {
					q := tc.m.Nodes[v].Position
					if math.Abs(p.X-s*q.X) > 1e-9 || math.Abs(p.Y-s*q.Y) > 1e-9 {
						t.Errorf("node %d at %v, not %v × %v", v, p, s, *q)
					}
				}
			}
		})
	}
}
