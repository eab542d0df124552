package report

import (
	"cmp"
	"math"
	"slices"

	"brink/network/model"
)

// Card geometry in model units, the same as the app's network view
// (gui/workspace.CardWidth and CardHeight): a header and one row per
// state.
const (
	cardW    = 220.0
	cardHead = 24.0
	cardRow  = 19.0
	cardPadB = 6.0
	// Gaps of the fallback layout, as in gui/autolayout.
	gapH = 40.0
	gapV = 70.0
)

// cardH returns the height of a card with k states.
func cardH(k int) float64 { return cardHead + cardRow*float64(k) + cardPadB }

// positions returns the centre of each node's card: the model's own
// positions where it has them, and for the others a grid below them,
// filled row by row in the order of the layers of a longest-path
// layering (each node one layer below its deepest parent), so that
// parents come before their children, with about as many columns as make
// the grid twice as wide as it is tall. The app places such nodes with its own Sugiyama layout
// (gui/autolayout), which a package under network/ may not import; a
// model saved from the app carries the app's positions. Pure layering
// would stack a network like ALARM thirteen layers deep and too small
// to read on a slide.
func positions(m *model.Model) []model.Point {
	n := m.Net
	out := make([]model.Point, n.NumVariables())
	top := 0.0
	var missing []int
	for v, nd := range m.Nodes {
		if nd.Position == nil {
			missing = append(missing, v)
			continue
		}
		out[v] = *nd.Position
		top = math.Max(top, nd.Position.Y+cardH(n.Card(v))/2+gapV)
	}
	if len(missing) == 0 {
		return out
	}
	layer := make([]int, n.NumVariables())
	for _, v := range n.TopologicalOrder() {
		for _, p := range n.Parents(v) {
			layer[v] = max(layer[v], layer[p]+1)
		}
	}
	slices.SortStableFunc(missing, func(a, b int) int { return cmp.Compare(layer[a], layer[b]) })
	rowH := 0.0
	for _, v := range missing {
		rowH += cardH(n.Card(v)) + gapV
	}
	rowH /= float64(len(missing))
	// cols·(cardW+gapH) : rows·rowH = 2 : 1, with rows = len/cols: the
	// shape of the area a 16:9 picture leaves under its heading.
	cols := int(math.Round(math.Sqrt(float64(len(missing)) * 2 * rowH / (cardW + gapH))))
	cols = min(max(cols, 1), len(missing))
	y := top
	for i := 0; i < len(missing); i += cols {
		row := missing[i:min(i+cols, len(missing))]
		h := 0.0
		for _, v := range row {
			h = math.Max(h, cardH(n.Card(v)))
		}
		indent := float64(cols-len(row)) * (cardW + gapH) / 2 // centre a short last row
		for j, v := range row {
			out[v] = model.Point{X: indent + float64(j)*(cardW+gapH) + cardW/2, Y: y + h/2}
		}
		y += h + gapV
	}
	return out
}
