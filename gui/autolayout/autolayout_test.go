package autolayout

import "testing"

// TestLayered checks the layering rules on a small graph: parents above
// children, roots just above their highest child, no overlaps within a
// layer, and no crossings where none are needed.
func TestLayered(t *testing.T) {
	// a → c, b → c, c → d, e → d (e is a root whose only child is deep).
	parents := [][]int{{}, {}, {0, 1}, {2, 4}, {}}
	sizes := make([]Size, len(parents))
	for i := range sizes {
		sizes[i] = Size{W: 100, H: 50}
	}
	pts := Layered(parents, sizes)
	for v, ps := range parents {
		for _, p := range ps {
			if pts[p].Y >= pts[v].Y {
				t.Errorf("parent %d (y=%v) not above child %d (y=%v)", p, pts[p].Y, v, pts[v].Y)
			}
		}
	}
	if pts[4].Y != pts[2].Y {
		t.Errorf("root e at y=%v, want the layer just above its child d (y=%v)", pts[4].Y, pts[2].Y)
	}
	for a := range pts {
		for b := a + 1; b < len(pts); b++ {
			if pts[a].Y == pts[b].Y && abs(pts[a].X-pts[b].X) < 100+HGap {
				t.Errorf("nodes %d and %d overlap", a, b)
			}
		}
	}
	if c := Crossings(parents, pts); c != 0 {
		t.Errorf("%d crossings in a graph drawable without any", c)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
