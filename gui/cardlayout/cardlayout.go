// Package cardlayout is the one definition of a node card's geometry and
// of where each card goes, shared by the window's network view
// (gui/graphview), the presenter (gui/workspace) and the exports
// (gui/report), so that a picture in a brief shows the network as the
// analyst arranged it on screen. It has no Fyne dependency.
//
// A card is Width wide; it has a header with the node's title and one row
// per state. Coordinates are model units, pixels at zoom 1, and a
// position is the centre of a card.
package cardlayout

import (
	"math"

	"brink/gui/autolayout"
	"brink/network/model"
)

// Card geometry in model units.
const (
	// Width is the width of every card.
	Width = 220.0
	// Header is the height of the title band.
	Header = 24.0
	// Row is the height of one state's row.
	Row = 19.0
	// PadBottom is the space below the last row.
	PadBottom = 6.0
)

// Height returns the height of a card with k states.
func Height(k int) float64 { return Header + Row*float64(k) + PadBottom }

// Finite reports whether p is a position with finite coordinates; nil,
// NaN and infinite positions are laid out automatically.
func Finite(p *model.Point) bool {
	return p != nil && !math.IsNaN(p.X) && !math.IsInf(p.X, 0) && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0)
}

// Positions returns the centre of each node's card: the model's own
// position where it has a finite one, and for the others a layered
// layout (gui/autolayout), placed below the positioned nodes when only
// some have positions.
func Positions(m *model.Model) []model.Point {
	n := m.Net
	out := make([]model.Point, n.NumVariables())
	missing := false
	maxY := math.Inf(-1)
	for v, nd := range m.Nodes {
		if !Finite(nd.Position) {
			missing = true
			continue
		}
		out[v] = *nd.Position
		maxY = math.Max(maxY, nd.Position.Y+Height(n.Card(v)))
	}
	if !missing {
		return out
	}
	parents := make([][]int, n.NumVariables())
	sizes := make([]autolayout.Size, n.NumVariables())
	for v := range parents {
		parents[v] = n.Parents(v)
		sizes[v] = autolayout.Size{W: Width, H: Height(n.Card(v))}
	}
	pts := autolayout.Layered(parents, sizes)
	offset := 0.0
	if !math.IsInf(maxY, -1) {
		offset = maxY + autolayout.VGap
	}
	for v, nd := range m.Nodes {
		if !Finite(nd.Position) {
			out[v] = model.Point{X: pts[v].X, Y: pts[v].Y + offset}
		}
	}
	return out
}
