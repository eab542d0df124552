package autolayout

import (
	"math/rand/v2"
	"testing"
)

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

// TestLongEdgesGetDummies checks that an edge spanning two layers bends
// through a point of the layer between, clear of the card there.
func TestLongEdgesGetDummies(t *testing.T) {
	// a → b → c and a → c: the edge a → c passes b's layer.
	parents := [][]int{{}, {0}, {0, 1}}
	sizes := []Size{{100, 50}, {100, 50}, {100, 50}}
	res := Route(parents, sizes)
	bends := res.Bends[Edge{0, 2}]
	if len(bends) != 1 {
		t.Fatalf("edge a → c bends at %v, want one point", bends)
	}
	b := res.Nodes[1]
	if bends[0].Y != b.Y {
		t.Errorf("bend at y=%v, want b's layer y=%v", bends[0].Y, b.Y)
	}
	if d := abs(bends[0].X - b.X); d < 50+DummyW/2+HGap/2-1e-9 {
		t.Errorf("bend %v is %v from b's centre %v: it runs through the card", bends[0], d, b)
	}
	if len(res.Bends) != 1 {
		t.Errorf("bends %v, want only a → c's", res.Bends)
	}
}

// TestLayeredRandom lays out random DAGs with long edges and checks that
// no two cards overlap, every parent is in a layer above its child, and
// no bend point lies on a card.
func TestLayeredRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		n := 5 + rng.IntN(60)
		parents := make([][]int, n)
		sizes := make([]Size, n)
		for v := range n {
			sizes[v] = Size{W: 260, H: float64(60 + 26*rng.IntN(4))}
			for p := range v {
				if rng.Float64() < 3/float64(v+1) {
					parents[v] = append(parents[v], p)
				}
			}
		}
		res := Route(parents, sizes)
		pts := res.Nodes
		for a := range n {
			for b := a + 1; b < n; b++ {
				if abs(pts[a].X-pts[b].X) < (sizes[a].W+sizes[b].W)/2 && abs(pts[a].Y-pts[b].Y) < (sizes[a].H+sizes[b].H)/2 {
					t.Fatalf("trial %d: cards %d %v and %d %v overlap", trial, a, pts[a], b, pts[b])
				}
			}
		}
		for v, ps := range parents {
			for _, p := range ps {
				if pts[p].Y >= pts[v].Y {
					t.Fatalf("trial %d: parent %d not above child %d", trial, p, v)
				}
			}
		}
		for e, bs := range res.Bends {
			for _, bp := range bs {
				for v := range n {
					if abs(bp.X-pts[v].X) < sizes[v].W/2 && abs(bp.Y-pts[v].Y) < sizes[v].H/2 {
						t.Fatalf("trial %d: edge %v bends at %v on card %d", trial, e, bp, v)
					}
				}
			}
		}
	}
}

// TestDummiesReduceCrossings checks that long edges take part in the
// ordering: a layout where a long edge would cross short ones if it were
// ignored has none.
func TestDummiesReduceCrossings(t *testing.T) {
	// r → x → y → z, and r → z directly; s → y. Without a dummy for
	// r → z the order of y's layer ignores it.
	parents := [][]int{{}, {0}, {1, 5}, {2, 0}, {}, {4}}
	sizes := make([]Size, len(parents))
	for i := range sizes {
		sizes[i] = Size{W: 100, H: 50}
	}
	res := Route(parents, sizes)
	if c := routedCrossings(parents, res); c != 0 {
		t.Errorf("%d crossings, including long edges' segments; want 0", c)
	}
}

// routedCrossings counts crossings of the edges drawn through their bend
// points, layer by layer.
func routedCrossings(parents [][]int, res Result) int {
	var segs [][2]Point
	for v, ps := range parents {
		for _, p := range ps {
			path := append([]Point{res.Nodes[p]}, res.Bends[Edge{p, v}]...)
			path = append(path, res.Nodes[v])
			for i := 1; i < len(path); i++ {
				segs = append(segs, [2]Point{path[i-1], path[i]})
			}
		}
	}
	c := 0
	for i := range segs {
		for j := i + 1; j < len(segs); j++ {
			e, f := segs[i], segs[j]
			if e[0].Y != f[0].Y || e[1].Y != f[1].Y {
				continue
			}
			if (e[0].X-f[0].X)*(e[1].X-f[1].X) < 0 {
				c++
			}
		}
	}
	return c
}
