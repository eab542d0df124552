package cardlayout

import (
	"container/heap"
	"math"

	"brink/network/model"
)

// Rect is a card's rectangle in model units: its top-left corner, width
// and height.
type Rect struct{ X, Y, W, H float64 }

// Centre returns the centre of r.
func (r Rect) Centre() model.Point { return model.Point{X: r.X + r.W/2, Y: r.Y + r.H/2} }

// grow returns r with d added on every side.
func (r Rect) grow(d float64) Rect { return Rect{r.X - d, r.Y - d, r.W + 2*d, r.H + 2*d} }

func (r Rect) contains(p model.Point) bool {
	return p.X > r.X && p.X < r.X+r.W && p.Y > r.Y && p.Y < r.Y+r.H
}

// Cards returns each card of m (numbered as Count says) at the centres
// pts with the given widths.
func Cards(m *model.Model, pts []model.Point, widths []float64) []Rect {
	out := make([]Rect, len(pts))
	for v, p := range pts {
		h := CardHeight(m, v)
		out[v] = Rect{p.X - widths[v]/2, p.Y - h/2, widths[v], h}
	}
	return out
}

// Routing parameters, in model units.
const (
	// MaxRouted is the most cards a network may have for its edges to be
	// routed around cards; larger networks get straight edges, since the
	// search grows with the square of the cards near an edge and such a
	// network is read zoomed in, piece by piece.
	MaxRouted = 150
	// MaxBends is the most bends an edge takes; an edge that needs more
	// is drawn straight.
	MaxBends = 3
	// clearance is how far a routed edge keeps from other cards.
	clearance = 10.0
	// bendCost makes a path with fewer bends win over a slightly shorter
	// one with more.
	bendCost = 60.0
	// reach is how far beyond the box spanned by an edge's ends the
	// search looks for a way round.
	reach = 400.0
)

// Route returns the bend points of an edge from card from to card to (in
// cards) that passes clear of every other card, found by a shortest-path
// search over the corners of the cards in its way (a visibility graph):
// nil when the straight line between the two centres is already clear,
// and nil too when no way round with at most MaxBends bends exists, so
// that the edge is drawn straight.
func Route(cards []Rect, from, to int) []model.Point {
	s, t := cards[from].Centre(), cards[to].Centre()
	box := Rect{math.Min(s.X, t.X), math.Min(s.Y, t.Y), math.Abs(s.X - t.X), math.Abs(s.Y - t.Y)}.grow(reach)
	var near []int // cards other than the ends that the search must avoid
	for v, c := range cards {
		if v != from && v != to && overlaps(c.grow(clearance), box) {
			near = append(near, v)
		}
	}
	r := router{cards: cards, near: near, from: from, to: to}
	if r.clear(s, t, true, true) {
		return nil
	}
	// Points: 0 is the start, 1 the end, then the corners of the near
	// cards, just outside their clearance and outside every other card.
	pts := []model.Point{s, t}
	for _, v := range near {
		g := cards[v].grow(clearance + 0.5)
		for _, p := range [4]model.Point{{X: g.X, Y: g.Y}, {X: g.X + g.W, Y: g.Y}, {X: g.X, Y: g.Y + g.H}, {X: g.X + g.W, Y: g.Y + g.H}} {
			if r.free(p) {
				pts = append(pts, p)
			}
		}
	}
	path := r.search(pts)
	if path == nil || len(path)-2 > MaxBends {
		return nil
	}
	bends := make([]model.Point, 0, len(path)-2)
	for _, i := range path[1 : len(path)-1] {
		bends = append(bends, pts[i])
	}
	return bends
}

type router struct {
	cards    []Rect
	near     []int
	from, to int
}

// free reports whether p lies outside every card, its clearance
// included.
func (r router) free(p model.Point) bool {
	for _, v := range [2]int{r.from, r.to} {
		if r.cards[v].grow(clearance).contains(p) {
			return false
		}
	}
	for _, v := range r.near {
		if r.cards[v].grow(clearance).contains(p) {
			return false
		}
	}
	return true
}

// clear reports whether the segment a–b keeps clear of the cards: the
// near ones always, the edge's own cards unless a or b is their centre
// (atStart, atEnd).
func (r router) clear(a, b model.Point, atStart, atEnd bool) bool {
	for _, v := range r.near {
		if crosses(a, b, r.cards[v].grow(clearance-0.5)) {
			return false
		}
	}
	if !atStart && crosses(a, b, r.cards[r.from].grow(clearance-0.5)) {
		return false
	}
	if !atEnd && crosses(a, b, r.cards[r.to].grow(clearance-0.5)) {
		return false
	}
	return true
}

// search runs A* from pts[0] to pts[1], each step costing its length and
// a bend, and returns the indices of the path, or nil.
func (r router) search(pts []model.Point) []int {
	n := len(pts)
	dist := make([]float64, n)
	prev := make([]int, n)
	done := make([]bool, n)
	for i := range dist {
		dist[i], prev[i] = math.Inf(1), -1
	}
	dist[0] = 0
	h := func(i int) float64 { return math.Hypot(pts[i].X-pts[1].X, pts[i].Y-pts[1].Y) }
	q := &pointQueue{{i: 0, f: h(0)}}
	for q.Len() > 0 {
		it := heap.Pop(q).(queued)
		u := it.i
		if done[u] {
			continue
		}
		if u == 1 {
			var path []int
			for v := 1; v != -1; v = prev[v] {
				path = append(path, v)
			}
			for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
				path[i], path[j] = path[j], path[i]
			}
			return path
		}
		done[u] = true
		for v := 1; v < n; v++ {
			if done[v] || v == u {
				continue
			}
			step := math.Hypot(pts[v].X-pts[u].X, pts[v].Y-pts[u].Y)
			cost := dist[u] + step
			if v != 1 {
				cost += bendCost
			}
			if cost >= dist[v] || !r.clear(pts[u], pts[v], u == 0, v == 1) {
				continue
			}
			dist[v], prev[v] = cost, u
			heap.Push(q, queued{i: v, f: cost + h(v)})
		}
	}
	return nil
}

type queued struct {
	i int
	f float64
}

// pointQueue is a min-heap of search points by estimated total cost.
type pointQueue []queued

func (q pointQueue) Len() int           { return len(q) }
func (q pointQueue) Less(i, j int) bool { return q[i].f < q[j].f }
func (q pointQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *pointQueue) Push(x any)        { *q = append(*q, x.(queued)) }
func (q *pointQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

func overlaps(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// crosses reports whether the segment a–b passes through the inside of r
// (Liang–Barsky clipping).
func crosses(a, b model.Point, r Rect) bool {
	dx, dy := b.X-a.X, b.Y-a.Y
	t0, t1 := 0.0, 1.0
	for _, c := range [4][2]float64{{-dx, a.X - r.X}, {dx, r.X + r.W - a.X}, {-dy, a.Y - r.Y}, {dy, r.Y + r.H - a.Y}} {
		p, q := c[0], c[1]
		if p == 0 {
			if q <= 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 >= t1 {
			return false
		}
	}
	return true
}

// Clip returns where the segment from the centre of r towards other
// leaves r.
func Clip(r Rect, other model.Point) model.Point {
	c := r.Centre()
	dx, dy := other.X-c.X, other.Y-c.Y
	t := 1.0
	if dx != 0 {
		t = math.Min(t, math.Abs((r.W/2)/dx))
	}
	if dy != 0 {
		t = math.Min(t, math.Abs((r.H/2)/dy))
	}
	return model.Point{X: c.X + dx*t, Y: c.Y + dy*t}
}
