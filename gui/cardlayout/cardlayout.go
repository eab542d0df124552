// Package cardlayout is the one definition of a node card's geometry and
// of where each card goes, shared by the window's network view
// (gui/graphview), the presenter (gui/workspace) and the exports
// (gui/report), so that a picture in a brief shows the network as the
// analyst arranged it on screen. It has no Fyne dependency.
//
// A card is Width wide or wider for long names (CardWidth); it has a
// header with the node's title and one row per state. Utility nodes have
// cards too, numbered after the variables' (see Count). Coordinates are
// model units, pixels at zoom 1, and a position is the centre of a card.
package cardlayout

import (
	"math"
	"slices"

	"brink/gui/autolayout"
	"brink/network/model"
)

// Card geometry in model units. The text is large relative to the card
// (about a twelfth of its width) so that a network laid out on the usual
// pitch of a card and a gap stays legible when it is fitted to a laptop's
// window: the flagship model, 1,700 units wide, fits a 930-pixel view at
// zoom 0.53, where TextSize is 11 pixels high.
const (
	// Width is the narrowest card; CardWidth widens it for long names.
	Width = 260.0
	// Header is the height of the title band.
	Header = 30.0
	// Row is the height of one state's row.
	Row = 26.0
	// PadBottom is the space below the last row.
	PadBottom = 6.0
	// TextSize is the size of a state's name and percentage.
	TextSize = 21.0
	// TitleSize is the size of the (bold) title in the header.
	TitleSize = 21.0
	// Pad is the space between a card's edge and its text.
	Pad = 5.0
)

// Height returns the height of a card with k states.
func Height(k int) float64 { return Header + Row*float64(k) + PadBottom }

// Finite reports whether p is a position with finite coordinates; nil,
// NaN and infinite positions are laid out automatically.
func Finite(p *model.Point) bool {
	return p != nil && !math.IsNaN(p.X) && !math.IsInf(p.X, 0) && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0)
}

// Placement says how Place arrived at the cards' positions.
type Placement int

// The placements, from least to most changed.
const (
	// AsGiven: every node's own position, as in the file.
	AsGiven Placement = iota
	// Completed: the nodes with positions keep them; the others are laid
	// out below them.
	Completed
	// Scaled: the file's positions, spread uniformly about the origin so
	// that no two cards overlap (other tools' units are smaller than a
	// card: Hugin's default node is 140×35, GeNIe's 72×36).
	Scaled
	// Arranged: the file's positions would put cards on top of each other
	// even when spread, so every node is laid out automatically.
	Arranged
)

// Gaps kept between cards when positions are scaled.
const (
	gapX = 24.0
	gapY = 16.0
	// maxScale is the largest spread tried before laying out afresh:
	// beyond it the file's picture is too crowded (or degenerate, every
	// node at one point) to be worth keeping.
	maxScale = 8.0
)

// Positions returns the centre of each card, as Place does.
func Positions(m *model.Model) []model.Point {
	p, _ := Place(m)
	return p
}

// Place returns the centre of each card of m — the variables', then the
// utilities' (Count) — and how they were found: the model's own
// positions where they are finite and no two cards overlap; a layered
// layout (gui/autolayout) for cards without positions, placed below the
// positioned ones; and when the positioned cards would overlap, the
// positions spread uniformly (by the smallest factor that separates
// every card, if that is at most maxScale and no more than twice what the
// typical card needs to clear its neighbours), or failing that a layered
// layout of the whole network.
func Place(m *model.Model) ([]model.Point, Placement) {
	nc := Count(m)
	out := make([]model.Point, nc)
	var given []int
	for i := range nc {
		if p := Stored(m, i); Finite(p) {
			out[i] = *p
			given = append(given, i)
		}
	}
	how := AsGiven
	if len(given) < nc {
		how = Completed
	}
	widths := Widths(m)
	if s := spread(m, widths, out, given); s > 1 {
		if math.IsInf(s, 1) {
			return arrange(m, widths), Arranged
		}
		for _, i := range given {
			out[i] = model.Point{X: out[i].X * s, Y: out[i].Y * s}
		}
		how = Scaled
	}
	if len(given) == nc {
		return out, how
	}
	maxY := math.Inf(-1)
	for _, i := range given {
		maxY = math.Max(maxY, out[i].Y+CardHeight(m, i))
	}
	pts := arrange(m, widths)
	offset := 0.0
	if !math.IsInf(maxY, -1) {
		offset = maxY + autolayout.VGap
	}
	for i := range nc {
		if !Finite(Stored(m, i)) {
			out[i] = model.Point{X: pts[i].X, Y: pts[i].Y + offset}
		}
	}
	return out, how
}

// spread returns the factor by which the positions of the cards in given
// must be scaled so that no two of their cards overlap: 1 when none do,
// +Inf when scaling cannot or should not separate them. Scaling about the
// origin by s moves two centres dx, dy apart to s·dx, s·dy; the cards
// clear each other when s·|dx| ≥ wide or s·|dy| ≥ tall, so the pair
// needs s = min(wide/|dx|, tall/|dy|).
func spread(m *model.Model, widths []float64, pts []model.Point, given []int) float64 {
	if len(given) < 2 {
		return 1
	}
	need := make([]float64, len(given)) // per node, to clear every other
	overlap := false
	for i, a := range given {
		for j := i + 1; j < len(given); j++ {
			b := given[j]
			dx, dy := math.Abs(pts[a].X-pts[b].X), math.Abs(pts[a].Y-pts[b].Y)
			halfH := (CardHeight(m, a) + CardHeight(m, b)) / 2
			halfW := (widths[a] + widths[b]) / 2
			if dx < halfW && dy < halfH {
				overlap = true
			}
			s := math.Min((halfW+gapX)/dx, (halfH+gapY)/dy) // +Inf when both are 0
			need[i], need[j] = math.Max(need[i], s), math.Max(need[j], s)
		}
	}
	if !overlap {
		return 1
	}
	worst := slices.Max(need)
	slices.Sort(need)
	typical := math.Max(1, need[len(need)/2])
	if worst > maxScale || worst > 2*typical {
		return math.Inf(1)
	}
	return math.Max(1, worst)
}

// Overlapping returns two cards of m (numbered as Count says) that
// intersect at pts, or ok false when no two do.
func Overlapping(m *model.Model, pts []model.Point) (a, b int, ok bool) {
	widths := Widths(m)
	for a := range pts {
		for b := a + 1; b < len(pts); b++ {
			halfH := (CardHeight(m, a) + CardHeight(m, b)) / 2
			halfW := (widths[a] + widths[b]) / 2
			if math.Abs(pts[a].X-pts[b].X) < halfW && math.Abs(pts[a].Y-pts[b].Y) < halfH {
				return a, b, true
			}
		}
	}
	return 0, 0, false
}

// Arrange returns a layered layout of every card of m (gui/autolayout),
// utilities below their parents, ignoring the model's positions: View →
// Arrange, and the fallback for files whose positions do not separate
// the cards.
func Arrange(m *model.Model) []model.Point { return arrange(m, Widths(m)) }

func arrange(m *model.Model, widths []float64) []model.Point {
	parents := make([][]int, Count(m))
	sizes := make([]autolayout.Size, len(parents))
	for i := range parents {
		parents[i] = Parents(m, i)
		sizes[i] = autolayout.Size{W: widths[i], H: CardHeight(m, i)}
	}
	pts := autolayout.Layered(parents, sizes)
	out := make([]model.Point, len(pts))
	for v, p := range pts {
		out[v] = model.Point{X: p.X, Y: p.Y}
	}
	return out
}
