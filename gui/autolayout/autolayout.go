// Package autolayout places the nodes of a directed acyclic graph in
// layers for models that come without positions (an imported BIF file,
// say) or whose positions are unusable: causes at the top, effects below,
// and an order within each layer that keeps edge crossings few. It
// follows the layered approach of Sugiyama, Tagawa and Toda (1981):
// longest-path layering; a dummy node on every layer that an edge
// crosses, so that long edges take part in the ordering and are routed
// between cards rather than through them; barycentre ordering swept down
// and up, keeping the order with the fewest crossings; and coordinates
// pulled towards the mean of each node's neighbours under the minimum
// separation, by isotonic regression (pool adjacent violators).
package autolayout

import (
	"cmp"
	"math"
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
	// DummyW is the room a long edge takes where it passes a layer.
	DummyW = 12.0
	// DummyGap is the space between two long edges passing a layer.
	DummyGap = 6.0
)

// Edge is a parent → child pair.
type Edge struct{ From, To int }

// Result is a layered layout: a centre for each node, and for each edge
// that spans more than one layer the points where it crosses the layers
// in between (from parent to child), where no card is.
type Result struct {
	Nodes []Point
	Bends map[Edge][]Point
}

// Layered returns a centre for each node. parents lists each node's
// parents; the graph must be acyclic.
func Layered(parents [][]int, sizes []Size) []Point {
	return Route(parents, sizes).Nodes
}

// Route lays the graph out as Layered does and also returns the bend
// points of the long edges.
func Route(parents [][]int, sizes []Size) Result {
	n := len(parents)
	layer := wrap(layering(parents), parents, sizes)
	nl := 0
	for _, l := range layer {
		nl = max(nl, l+1)
	}
	// Vertices: the n nodes, then the dummies. up/down are the
	// neighbours in the layer above and below.
	width := make([]float64, n, 2*n)
	for v := range n {
		width[v] = sizes[v].W
	}
	lay := slices.Clone(layer)
	up := make([][]int, n, 2*n)
	down := make([][]int, n, 2*n)
	chains := map[Edge][]int{}
	for v, ps := range parents {
		for _, p := range ps {
			prev := p
			var chain []int
			for l := layer[p] + 1; l < layer[v]; l++ {
				d := len(width)
				width = append(width, DummyW)
				lay = append(lay, l)
				up = append(up, []int{prev})
				down = append(down, nil)
				down[prev] = append(down[prev], d)
				chain = append(chain, d)
				prev = d
			}
			up[v] = append(up[v], prev)
			down[prev] = append(down[prev], v)
			if chain != nil {
				chains[Edge{p, v}] = chain
			}
		}
	}
	layers := make([][]int, nl)
	for x, l := range lay {
		layers[l] = append(layers[l], x)
	}
	order(layers, up, down, len(width))
	xs := coordinates(layers, up, down, width, n)

	res := Result{Nodes: make([]Point, n), Bends: map[Edge][]Point{}}
	ys := make([]float64, len(width))
	y := 0.0
	for _, l := range layers {
		h := 0.0
		for _, x := range l {
			if x < n {
				h = max(h, sizes[x].H)
			}
		}
		for _, x := range l {
			ys[x] = y + h/2
		}
		y += h + VGap
	}
	for v := range n {
		res.Nodes[v] = Point{xs[v], ys[v]}
	}
	for e, chain := range chains {
		for _, d := range chain {
			res.Bends[e] = append(res.Bends[e], Point{xs[d], ys[d]})
		}
	}
	return res
}

// layering returns each node's layer: the longest path from a root,
// except that a root moves down to just above its highest child, so that
// causes sit next to their effects and the top layer does not sprawl.
func layering(parents [][]int) []int {
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
	for v := range n {
		if len(parents[v]) == 0 && len(children[v]) > 0 {
			lowest := nl
			for _, c := range children[v] {
				lowest = min(lowest, layer[c])
			}
			layer[v] = lowest - 1
		}
	}
	return layer
}

// Aspect is the width-to-height ratio wrap aims at, about a laptop
// screen's network view.
const Aspect = 1.6

// wrap splits a layer far wider than the layout would be at Aspect into
// several rows, staggered: its nodes are dealt in turn to k consecutive
// layers and the layers below move down by k−1. Nodes in one layer have
// no edges between them, so every edge still points down, and edges
// from the upper rows pass the lower ones as dummies between cards. A
// network with thirteen causes of one effect becomes three or four rows
// of causes instead of one row thirteen cards wide.
func wrap(layer []int, parents [][]int, sizes []Size) []int {
	n := len(layer)
	if n == 0 {
		return layer
	}
	nl := 0
	area, widest := 0.0, 0.0
	for v := range n {
		nl = max(nl, layer[v]+1)
		area += (sizes[v].W + HGap) * (sizes[v].H + VGap)
		widest = max(widest, sizes[v].W+HGap)
	}
	limit := max(math.Sqrt(area*Aspect), 3*widest)
	rows := make([][]int, nl)
	width := make([]float64, nl)
	for v, l := range layer {
		rows[l] = append(rows[l], v)
		width[l] += sizes[v].W + HGap
	}
	first := make([]int, n) // each node's lowest-numbered child, n if none
	for v := range first {
		first[v] = n
	}
	for c, ps := range parents {
		for _, p := range ps {
			first[p] = min(first[p], c)
		}
	}
	out := make([]int, n)
	shift := 0
	for l, row := range rows {
		k := 1
		if width[l] > 1.5*limit {
			k = int(math.Ceil(width[l] / limit))
		}
		// Deal the row's nodes, grouped by their first child so that
		// siblings stay together, to the k rows in turn.
		slices.SortStableFunc(row, func(a, b int) int { return first[a] - first[b] })
		for i, v := range row {
			out[v] = l + shift + i%k
		}
		shift += k - 1
	}
	return out
}

// order sorts each layer by barycentres, sweeping down (by the
// neighbours above) and up (by those below), and leaves layers in the
// order with the fewest crossings seen.
func order(layers [][]int, up, down [][]int, nx int) {
	pos := make([]float64, nx)
	index := func() {
		for _, l := range layers {
			for i, x := range l {
				pos[x] = float64(i)
			}
		}
	}
	index()
	sortBy := func(l []int, nbrs [][]int) {
		bary := make(map[int]float64, len(l))
		for _, x := range l {
			if len(nbrs[x]) == 0 {
				bary[x] = pos[x]
				continue
			}
			s := 0.0
			for _, u := range nbrs[x] {
				s += pos[u]
			}
			bary[x] = s / float64(len(nbrs[x]))
		}
		slices.SortStableFunc(l, func(a, b int) int { return cmp.Compare(bary[a], bary[b]) })
		for i, x := range l {
			pos[x] = float64(i)
		}
	}
	best := crossings(layers, down, pos)
	bestLayers := cloneLayers(layers)
	for it := range 12 {
		for i := 1; i < len(layers); i++ {
			sortBy(layers[i], up)
		}
		for i := len(layers) - 2; i >= 0; i-- {
			sortBy(layers[i], down)
		}
		transpose(layers, up, down, pos, it%2 == 1)
		if c := crossings(layers, down, pos); c < best {
			best, bestLayers = c, cloneLayers(layers)
		}
		if best == 0 {
			break
		}
	}
	for i := range layers {
		copy(layers[i], bestLayers[i])
	}
}

// transpose swaps neighbours in a layer while that reduces the crossings
// of their edges with the layers above and below (the transpose step of
// Gansner, Koutsofios, North and Vo, "A technique for drawing directed
// graphs", 1993). With ties, an equal swap is taken too, to leave a
// plateau; it runs a bounded number of passes.
func transpose(layers [][]int, up, down [][]int, pos []float64, ties bool) {
	pair := func(u, w int) int { // crossings when u is left of w
		c := 0
		for _, nbrs := range [][][]int{up, down} {
			for _, a := range nbrs[u] {
				for _, b := range nbrs[w] {
					if pos[a] > pos[b] {
						c++
					}
				}
			}
		}
		return c
	}
	for pass := 0; pass < 4; pass++ {
		improved := false
		for _, l := range layers {
			for i := 0; i+1 < len(l); i++ {
				u, w := l[i], l[i+1]
				now, swapped := pair(u, w), pair(w, u)
				if swapped < now || (ties && pass == 0 && swapped == now && now > 0) {
					l[i], l[i+1] = w, u
					pos[w], pos[u] = float64(i), float64(i+1)
					if swapped < now {
						improved = true
					}
				}
			}
		}
		if !improved {
			return
		}
	}
}

func cloneLayers(ls [][]int) [][]int {
	out := make([][]int, len(ls))
	for i, l := range ls {
		out[i] = slices.Clone(l)
	}
	return out
}

// crossings counts the crossing pairs of edges between adjacent layers,
// pos being each vertex's index in its layer.
func crossings(layers [][]int, down [][]int, pos []float64) int {
	c := 0
	type seg struct{ a, b float64 }
	for _, l := range layers {
		var es []seg
		for _, x := range l {
			for _, y := range down[x] {
				es = append(es, seg{pos[x], pos[y]})
			}
		}
		for i := range es {
			for j := i + 1; j < len(es); j++ {
				if (es[i].a-es[j].a)*(es[i].b-es[j].b) < 0 {
					c++
				}
			}
		}
	}
	return c
}

// coordinates returns each vertex's x: the layers packed, then pulled
// towards the mean x of each vertex's neighbours, alternately above and
// below, without changing the order or bringing two vertices closer than
// half their widths plus HGap.
func coordinates(layers [][]int, up, down [][]int, width []float64, n int) []float64 {
	xs := make([]float64, len(width))
	for _, l := range layers {
		x := 0.0
		for i, v := range l {
			if i > 0 {
				x += sep(width, n, l[i-1], v)
			}
			xs[v] = x
		}
	}
	for it := range 8 {
		nbrs := up
		if it%2 == 1 {
			nbrs = down
		}
		for _, l := range layers {
			want := make([]float64, len(l))
			for i, v := range l {
				want[i] = xs[v]
				if len(nbrs[v]) > 0 {
					s := 0.0
					for _, u := range nbrs[v] {
						s += xs[u]
					}
					want[i] = s / float64(len(nbrs[v]))
				}
			}
			place(l, want, width, xs, n)
		}
	}
	lo := 0.0
	for v, x := range xs {
		if v == 0 || x-width[v]/2 < lo {
			lo = x - width[v]/2
		}
	}
	for v := range xs {
		xs[v] -= lo
	}
	return xs
}

// sep is the least distance between the centres of neighbours a, b in a
// layer.
// Vertices from n on are dummies: a dummy keeps HGap/2 from a card and
// DummyGap from another dummy, so that the edges that pass a layer side by
// side run as a narrow bundle rather than taking a card's room each.
func sep(width []float64, n, a, b int) float64 {
	g := HGap
	switch {
	case a >= n && b >= n:
		g = DummyGap
	case a >= n || b >= n:
		g = HGap / 2
	}
	return (width[a]+width[b])/2 + g
}

// place sets the x of layer l closest to want in the least-squares sense
// subject to x[i+1] − x[i] ≥ sep: with c_i the sum of the separations
// before i, y_i = x_i − c_i must not decrease, which is isotonic
// regression of want_i − c_i, solved by pooling adjacent violators
// (Ayer et al. 1955).
func place(l []int, want, width, xs []float64, n int) {
	c := make([]float64, len(l))
	for i := 1; i < len(l); i++ {
		c[i] = c[i-1] + sep(width, n, l[i-1], l[i])
	}
	type block struct {
		sum   float64
		count int
	}
	var blocks []block
	for i := range l {
		blocks = append(blocks, block{want[i] - c[i], 1})
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/float64(a.count) <= b.sum/float64(b.count) {
				break
			}
			blocks = blocks[:len(blocks)-2]
			blocks = append(blocks, block{a.sum + b.sum, a.count + b.count})
		}
	}
	i := 0
	for _, b := range blocks {
		m := b.sum / float64(b.count)
		for range b.count {
			xs[l[i]] = m + c[i]
			i++
		}
	}
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
