package report

import (
	"brink/gui/cardlayout"
	"brink/network/model"
)

// Card geometry in model units, the app's (package cardlayout).
const (
	cardHead = cardlayout.Header
	cardRow  = cardlayout.Row
)

// cardH returns the height of a card with k states.
func cardH(k int) float64 { return cardlayout.Height(k) }

// positions returns the centre of each node's card, where the window's
// network view puts it: the model's own positions, and a layered layout
// for nodes without one.
func positions(m *model.Model) []model.Point { return cardlayout.Positions(m) }
