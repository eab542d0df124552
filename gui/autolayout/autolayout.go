// Package autolayout places the nodes of a directed acyclic graph in
// layers for models that come without positions (an imported BIF file,
// say): causes at the top, effects below, and an order within each layer
// that keeps edge crossings few. It follows the layered approach of
// Sugiyama, Tagawa and Toda (1981): longest-path layering, then barycentre
// ordering swept down and up.
package autolayout

import (
	"cmp"
	"slices"
)

// Size is the width and height of one node's card, in layout units.
type Size struct{ W, H float64 }

// Point is a node's centre.
type Point struct{ X, Y float64 }

// Gaps between cards.
const (
	HGap = 40.0
	VGap = 70.0
)

// Layered returns a centre for each node. parents lists each node's
// parents; the graph must be acyclic.
func Layered(parents [][]int, sizes []Size) []Point {
	n := len(parents)
	layer := make([]int, n)
	done := make([]bool, n)
	var depth func(v int) int
	depth = func(v int) int {
		if done[v] {
			return layer[v]
		}
		d := 0
		for _, p := range parents[v] {
			d = max(d, depth(p)+1)
		}
		layer[v], done[v] = d, true
		return d
	}
	nl := 0
	for v := range n {
		nl = max(nl, depth(v)+1)
	}
	children := make([][]int, n)
	for v, ps := range parents {
		for _, p := range ps {
			children[p] = append(children[p], v)
		}
	}
	// Longest-path layering puts every root in the top layer; move each
	// root down to just above its highest child, so that causes sit next
	// to their effects and the top layer does not sprawl.
	for v := range n {
		if len(parents[v]) == 0 && len(children[v]) > 0 {
			lowest := nl
			for _, c := range children[v] {
				lowest = min(lowest, layer[c])
			}
			layer[v] = lowest - 1
		}
	}
	layers := make([][]int, nl)
	for v := range n {
		layers[layer[v]] = append(layers[layer[v]], v)
	}
	pos := make([]float64, n) // index within its layer
	for _, l := range layers {
		for i, v := range l {
			pos[v] = float64(i)
		}
	}
	// Barycentre sweeps: order each layer by the mean position of its
	// neighbours in the layer above (down sweep) or below (up sweep).
	order := func(l []int, nbrs [][]int) {
		bary := make(map[int]float64, len(l))
		for _, v := range l {
			if len(nbrs[v]) == 0 {
				bary[v] = pos[v]
				continue
			}
			s := 0.0
			for _, u := range nbrs[v] {
				s += pos[u]
			}
			bary[v] = s / float64(len(nbrs[v]))
		}
		slices.SortStableFunc(l, func(a, b int) int { return cmp.Compare(bary[a], bary[b]) })
		for i, v := range l {
			pos[v] = float64(i)
		}
	}
	for range 8 {
		for i := 1; i < nl; i++ {
			order(layers[i], parents)
		}
		for i := nl - 2; i >= 0; i-- {
			order(layers[i], children)
		}
	}
	out := make([]Point, n)
	y := 0.0
	widest := 0.0
	widths := make([]float64, nl)
	for i, l := range layers {
		for _, v := range l {
			widths[i] += sizes[v].W + HGap
		}
		widest = max(widest, widths[i])
	}
	for i, l := range layers {
		h := 0.0
		for _, v := range l {
			h = max(h, sizes[v].H)
		}
		x := (widest - widths[i]) / 2
		for _, v := range l {
			out[v] = Point{X: x + sizes[v].W/2, Y: y + h/2}
			x += sizes[v].W + HGap
		}
		y += h + VGap
	}
	return out
}

// Crossings counts pairs of edges between adjacent layers that cross,
// for tests and for choosing between layouts.
func Crossings(parents [][]int, pts []Point) int {
	type edge struct{ a, b Point }
	var es []edge
	for v, ps := range parents {
		for _, p := range ps {
			es = append(es, edge{pts[p], pts[v]})
		}
	}
	n := 0
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			e, f := es[i], es[j]
			if e.a.Y != f.a.Y || e.b.Y != f.b.Y {
				continue
			}
			if (e.a.X-f.a.X)*(e.b.X-f.b.X) < 0 {
				n++
			}
		}
	}
	return n
}
