// Package graphview draws a belief network as cards — a title and one
// belief bar per state with its percentage, coloured by the node's role —
// joined by arrows, in the style analysts know from Netica and GeNIe.
// An influence diagram's utility nodes, which are not variables, have
// cards of their own: a hexagonal header, whose actor they serve, and
// their expected value under the current findings and best policies. One
// widget handles every pointer event and does its own hit testing, so that
// edges never swallow clicks meant for nodes: a tap on a state sets or
// retracts a finding, a drag moves a card or pans, the wheel zooms.
//
// Cards are numbered as package cardlayout numbers them: the variables
// by index, then the utilities (cardlayout.Count). The callbacks and
// Selected speak of variables only; a utility's card has its own.
package graphview

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"brink/gui/cardlayout"
	"brink/gui/workspace"
	"brink/network"
	"brink/network/model"
)

// Card geometry in model units (pixels at zoom 1), from package
// cardlayout, which the layout and the exports share.
const (
	// CardWidth is the narrowest card; long names widen a card up to
	// cardlayout.MaxWidth.
	CardWidth = cardlayout.Width
	headerH   = cardlayout.Header
	rowH      = cardlayout.Row
	// minZoom lets the analyst zoom out until a card is a speck; Fit goes
	// lower still if the network needs it, so that any network fits.
	minZoom = 0.05
	maxZoom = 3.0
	// maxFitZoom keeps a small network's text at 15 pixels or so rather
	// than blowing it up to fill the view.
	maxFitZoom = 0.75
	// fitMargin is the space Fit leaves around the network, in pixels.
	fitMargin = 8.0
)

// EmptyHint is what the view shows when the model has no nodes.
const EmptyHint = "No nodes yet: right-click here to add one, or use Edit → Add Node…"

// CardHeight returns the height of a card with k states.
func CardHeight(k int) float64 { return cardlayout.Height(k) }

// Graph is the network view widget.
type Graph struct {
	widget.BaseWidget

	ws *workspace.Workspace

	// OnStateTapped is called when the analyst taps state s of node v.
	OnStateTapped func(v, s int)
	// OnSelect is called when the selection changes to node v, or to
	// nothing (-1), and to -1 when a utility is selected and
	// OnSelectUtility is nil.
	OnSelect func(v int)
	// OnSelectUtility is called when utility k's card is selected.
	OnSelectUtility func(k int)
	// OnNodeMenu is called on a secondary tap on node v.
	OnNodeMenu func(v int, at fyne.Position)
	// OnCanvasMenu is called on a secondary tap on empty canvas, with
	// the model point tapped (where a new node would go) and the
	// absolute position for a menu.
	OnCanvasMenu func(p model.Point, at fyne.Position)
	// OnConnect is called when the analyst draws an edge: a drag from
	// card from, in connect mode or with Shift held, released on card to.
	OnConnect func(from, to int)

	// connect makes every drag from a card draw an edge (Edit → Draw
	// Edges) instead of moving the card.
	connect bool
	// strength draws each edge between variables as wide as its strength
	// of influence (View → Edge Strength); see SetEdgeStrength.
	strength bool
	// linkFrom is the card an edge is being drawn from (-1: none), and
	// linkTo the model point the pointer is at.
	linkFrom int
	linkTo   model.Point

	origin model.Point // model point at the widget's top-left corner
	zoom   float64
	// selected is the selected card (a variable's or a utility's), or -1.
	selected int
	// autoFit keeps the whole network in view as the widget is resized,
	// until the analyst zooms or pans.
	autoFit bool
	fitSize fyne.Size

	// widths are the cards' widths for widthsOf, recomputed when the
	// workspace's model or network changes.
	widths   []float64
	widthsOf widthKey

	dragNode  int // card being dragged, -1 when panning, -2 when idle
	dragStart model.Point
	dragModel *model.Model // the model the drag began on; a load may swap it
}

var (
	_ fyne.Tappable          = (*Graph)(nil)
	_ fyne.SecondaryTappable = (*Graph)(nil)
	_ fyne.Draggable         = (*Graph)(nil)
	_ fyne.Scrollable        = (*Graph)(nil)
)

// New returns a graph view of the workspace's model.
func New(ws *workspace.Workspace) *Graph {
	g := &Graph{ws: ws, zoom: 1, selected: -1, dragNode: -2, autoFit: true, linkFrom: -1}
	g.ExtendBaseWidget(g)
	return g
}

// SetWorkspace points the view at a (new) model and fits it on the next
// layout.
func (g *Graph) SetWorkspace(ws *workspace.Workspace) {
	g.ws = ws
	g.selected = -1
	g.dragNode, g.dragModel = -2, nil
	g.autoFit, g.fitSize = true, fyne.Size{}
	g.Refresh()
}

// SetConnectMode turns edge drawing on or off: while on, a drag from a
// card draws an edge to the card it is released on.
func (g *Graph) SetConnectMode(on bool) { g.connect = on }

// ConnectMode reports whether drags draw edges.
func (g *Graph) ConnectMode() bool { return g.connect }

// SetEdgeStrength turns the drawing of strength of influence on or off:
// while on, each edge between variables is 1 + 5·s pixels wide at zoom
// 1, s being its strength (analysis.Influences' Average, 0 to 1, from
// the tables of the network the beliefs are shown on), and the legend
// says so. An edge into a utility has no strength and keeps its width.
func (g *Graph) SetEdgeStrength(on bool) {
	g.strength = on
	g.Refresh()
}

// EdgeStrength reports whether edges are drawn by strength of influence.
func (g *Graph) EdgeStrength() bool { return g.strength }

// ModelEdited redraws after an edit of the model: the selection is kept
// when the node is still there, and the view stays where it is — a card
// added where the analyst clicked appears there — unless a card is now
// out of sight and the analyst has not zoomed or panned, when it re-fits.
func (g *Graph) ModelEdited() {
	if g.selected >= g.ws.Network().NumVariables() {
		g.selected = -1 // a node's index, or a utility's card, that moved
	}
	g.dragNode, g.dragModel, g.linkFrom = -2, nil, -1
	if g.autoFit && !g.allInView() {
		g.fitTo(g.Size())
	}
	g.Refresh()
}

// allInView reports whether every card is inside the view.
func (g *Graph) allInView() bool {
	s := g.Size()
	if s.Width <= 0 || s.Height <= 0 {
		return false
	}
	lo := g.toModel(fyne.NewPos(0, 0))
	hi := g.toModel(fyne.NewPos(s.Width, s.Height-LegendHeight))
	for i := range g.numCards() {
		r := g.cardRect(i)
		if r.x < lo.X || r.y < lo.Y || r.x+r.w > hi.X || r.y+r.h > hi.Y {
			return false
		}
	}
	return true
}

// Selected returns the selected node, or -1 (also when a utility is
// selected).
func (g *Graph) Selected() int {
	if g.selected >= g.ws.Network().NumVariables() {
		return -1
	}
	return g.selected
}

// SelectedUtility returns the utility whose card is selected, or -1.
func (g *Graph) SelectedUtility() int {
	if k, ok := cardlayout.UtilityOf(g.ws.Model(), g.selected); ok {
		return k
	}
	return -1
}

// Select selects node v (-1 for none).
func (g *Graph) Select(v int) {
	if v >= g.ws.Network().NumVariables() {
		v = -1
	}
	g.selectCard(v)
}

// SelectUtility selects utility k's card (-1 for none).
func (g *Graph) SelectUtility(k int) {
	if k < 0 || k >= g.ws.NumUtilities() {
		g.selectCard(-1)
		return
	}
	g.selectCard(cardlayout.UtilityCard(g.ws.Model(), k))
}

// selectCard selects card i (-1 for none) and tells OnSelect or
// OnSelectUtility.
func (g *Graph) selectCard(i int) {
	g.selected = i
	g.Refresh()
	if k, ok := cardlayout.UtilityOf(g.ws.Model(), i); ok {
		if g.OnSelectUtility != nil {
			g.OnSelectUtility(k)
			return
		}
		i = -1
	}
	if g.OnSelect != nil {
		g.OnSelect(i)
	}
}

// Zoom returns the current zoom factor.
func (g *Graph) Zoom() float64 { return g.zoom }

// ZoomBy zooms by factor around the centre of the view.
func (g *Graph) ZoomBy(factor float64) {
	s := g.Size()
	g.zoomAround(factor, fyne.NewPos(s.Width/2, s.Height/2))
}

func (g *Graph) zoomAround(factor float64, at fyne.Position) {
	g.autoFit = false
	// Zooming out stops at minZoom, or where Fit put a network too big
	// for it.
	nz := math.Min(maxZoom, math.Max(math.Min(minZoom, g.zoom), g.zoom*factor))
	m := g.toModel(at)
	g.zoom = nz
	g.origin = model.Point{X: m.X - float64(at.X)/nz, Y: m.Y - float64(at.Y)/nz}
	g.Refresh()
}

// PanBy moves the view by dx, dy screen pixels (the arrow keys).
func (g *Graph) PanBy(dx, dy float32) {
	g.autoFit = false
	g.origin.X += float64(dx) / g.zoom
	g.origin.Y += float64(dy) / g.zoom
	g.Refresh()
}

// Fit zooms and pans so that the whole network is in view, and keeps it
// so as the view is resized.
func (g *Graph) Fit() {
	g.autoFit = true
	g.fitTo(g.Size())
	g.Refresh()
}

// fitTo sets zoom and origin so that every card fits in size.
func (g *Graph) fitTo(size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 || g.ws == nil {
		return
	}
	// The network is scaled to the limiting dimension and centred in the
	// other, above the legend strip:
	//
	//	zoom = min((W − 2m) / w, (H − 2m − legend) / h), at most maxFitZoom
	if g.numCards() == 0 {
		// Nothing to fit: model point (0, 0) at the top left, at the
		// zoom a small network would get, so that a node added where
		// the analyst clicks lands there.
		g.zoom, g.origin, g.fitSize = maxFitZoom, model.Point{}, size
		return
	}
	minX, minY, maxX, maxY := g.bounds()
	w, h := maxX-minX, maxY-minY
	aw := float64(size.Width) - 2*fitMargin
	ah := float64(size.Height) - 2*fitMargin - float64(LegendHeight)
	z := math.Min(aw/w, ah/h)
	if math.IsNaN(z) || math.IsInf(z, 0) || z <= 0 {
		z = maxFitZoom // no cards, or a view smaller than its margins
	}
	g.zoom = math.Min(maxFitZoom, z)
	g.origin = model.Point{
		X: minX - (aw/g.zoom-w)/2 - fitMargin/g.zoom,
		Y: minY - (ah/g.zoom-h)/2 - fitMargin/g.zoom,
	}
	g.fitSize = size
}

// bounds returns the bounding box of all cards in model units.
func (g *Graph) bounds() (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for i := range g.numCards() {
		r := g.cardRect(i)
		minX, minY = math.Min(minX, r.x), math.Min(minY, r.y)
		maxX, maxY = math.Max(maxX, r.x+r.w), math.Max(maxY, r.y+r.h)
	}
	return
}

// rect is a rectangle in model units.
type rect struct{ x, y, w, h float64 }

func (r rect) contains(p model.Point) bool {
	return p.X >= r.x && p.X <= r.x+r.w && p.Y >= r.y && p.Y <= r.y+r.h
}

// widthKey identifies the model and network that card widths were
// measured for.
type widthKey struct {
	m   *model.Model
	net *network.Network
}

// numCards returns the number of cards: the variables' and the
// utilities' (cardlayout.Count).
func (g *Graph) numCards() int { return cardlayout.Count(g.ws.Model()) }

// cardWidth returns card i's width (cardlayout.CardWidth), measured once
// per model.
func (g *Graph) cardWidth(i int) float64 {
	key := widthKey{g.ws.Model(), g.ws.Network()}
	if key != g.widthsOf || len(g.widths) != cardlayout.Count(key.m) {
		g.widths, g.widthsOf = cardlayout.Widths(key.m), key
	}
	return g.widths[i]
}

// cardPosition returns the centre of card i, a node's or a utility's.
func (g *Graph) cardPosition(i int) model.Point {
	if k, ok := cardlayout.UtilityOf(g.ws.Model(), i); ok {
		return g.ws.UtilityPosition(k)
	}
	return g.ws.Position(i)
}

// cardRect is card i; positions are card centres.
func (g *Graph) cardRect(i int) rect {
	c := g.cardPosition(i)
	h := cardlayout.CardHeight(g.ws.Model(), i)
	w := g.cardWidth(i)
	return rect{c.X - w/2, c.Y - h/2, w, h}
}

func (g *Graph) toModel(p fyne.Position) model.Point {
	return model.Point{X: float64(p.X)/g.zoom + g.origin.X, Y: float64(p.Y)/g.zoom + g.origin.Y}
}

func (g *Graph) toScreen(p model.Point) fyne.Position {
	return fyne.NewPos(float32((p.X-g.origin.X)*g.zoom), float32((p.Y-g.origin.Y)*g.zoom))
}

// hit returns the card under p and the state row (or -1 for the header,
// and for any point on a utility's card), or i = -1 when p is on no
// card. Later cards are drawn on top, so they are tested first.
func (g *Graph) hit(p model.Point) (i, state int) {
	n := g.ws.Network()
	for i := g.numCards() - 1; i >= 0; i-- {
		r := g.cardRect(i)
		if !r.contains(p) {
			continue
		}
		if i >= n.NumVariables() {
			return i, -1
		}
		row := int(math.Floor((p.Y - r.y - headerH) / rowH))
		if p.Y-r.y < headerH || row >= n.Card(i) {
			return i, -1
		}
		return i, row
	}
	return -1, -1
}

// isNode reports whether card i is a variable's.
func (g *Graph) isNode(i int) bool { return i >= 0 && i < g.ws.Network().NumVariables() }

// Tapped sets or retracts a finding when a state row is tapped, and
// selects the card. A utility takes no findings: a tap only selects it.
func (g *Graph) Tapped(e *fyne.PointEvent) {
	i, s := g.hit(g.toModel(e.Position))
	if i != g.selected {
		g.selectCard(i)
	}
	if g.isNode(i) && s >= 0 && g.OnStateTapped != nil {
		g.OnStateTapped(i, s)
	}
}

// TappedSecondary opens the node's menu; on a utility's card it only
// selects it (its menu would offer evidence it cannot take).
func (g *Graph) TappedSecondary(e *fyne.PointEvent) {
	p := g.toModel(e.Position)
	i, _ := g.hit(p)
	if i < 0 {
		if g.OnCanvasMenu != nil {
			g.OnCanvasMenu(p, e.AbsolutePosition)
		}
		return
	}
	if i != g.selected {
		g.selectCard(i)
	}
	if g.isNode(i) && g.OnNodeMenu != nil {
		g.OnNodeMenu(i, e.AbsolutePosition)
	}
}

// Dragged moves the card under the pointer, or pans when the drag began
// on empty canvas. A drag that draws an edge starts only from a node: a
// utility has no children.
func (g *Graph) Dragged(e *fyne.DragEvent) {
	if g.dragNode == -2 {
		start := g.toModel(fyne.NewPos(e.Position.X-e.Dragged.DX, e.Position.Y-e.Dragged.DY))
		i, _ := g.hit(start)
		g.dragNode = i
		g.dragModel = g.ws.Model()
		if i >= 0 {
			g.dragStart = g.cardPosition(i)
			if g.isNode(i) && (g.connect || shiftHeld()) {
				g.linkFrom = i
			}
		}
	}
	if g.linkFrom >= 0 {
		g.linkTo = g.toModel(e.Position)
		g.Refresh()
		return
	}
	if g.dragModel != g.ws.Model() {
		// Another model was opened during the drag: the index names a
		// node of the old one. Drop the drag rather than move a stranger.
		g.dragNode = -1
	}
	dx, dy := float64(e.Dragged.DX)/g.zoom, float64(e.Dragged.DY)/g.zoom
	if g.dragNode >= 0 {
		g.dragStart.X += dx
		g.dragStart.Y += dy
		if g.moveCard(g.dragNode, g.dragStart, true) != nil {
			g.dragNode = -1 // refused (not a finite position): stop moving
		}
	} else {
		g.autoFit = false
		g.origin.X -= dx
		g.origin.Y -= dy
	}
	g.Refresh()
}

// DragEnd finishes a move: the new position is recorded in the model.
func (g *Graph) DragEnd() {
	if from := g.linkFrom; from >= 0 {
		g.linkFrom = -1
		to, _ := g.hit(g.linkTo)
		same := g.dragModel == g.ws.Model()
		g.dragNode, g.dragModel = -2, nil
		g.Refresh()
		if same && g.isNode(to) && to != from && g.OnConnect != nil {
			g.OnConnect(from, to)
		}
		return
	}
	if g.dragNode >= 0 && g.dragModel == g.ws.Model() {
		// A refusal (a non-finite position) leaves the card where it was
		// last placed; there is nothing for the analyst to correct.
		_ = g.moveCard(g.dragNode, g.dragStart, false)
	}
	g.dragNode, g.dragModel = -2, nil
}

// moveCard moves card i to p in the workspace: while dragging (live), or
// recorded in the model at the end of the drag.
func (g *Graph) moveCard(i int, p model.Point, live bool) error {
	if k, ok := cardlayout.UtilityOf(g.ws.Model(), i); ok {
		if live {
			return g.ws.MoveUtilityLive(k, p)
		}
		return g.ws.MoveUtility(k, p)
	}
	if live {
		return g.ws.MoveNodeLive(i, p)
	}
	return g.ws.MoveNode(i, p)
}

// Scrolled zooms around the pointer.
func (g *Graph) Scrolled(e *fyne.ScrollEvent) {
	g.zoomAround(math.Pow(1.0015, float64(e.Scrolled.DY)), e.Position)
}

// MinSize is small: the view is meant to fill its container.
func (g *Graph) MinSize() fyne.Size { return fyne.NewSize(200, 150) }

// CreateRenderer builds the renderer.
func (g *Graph) CreateRenderer() fyne.WidgetRenderer {
	r := &renderer{g: g}
	r.rebuild()
	return r
}

// RoleColor is the colour that marks a node's role.
func RoleColor(r model.Role) color.NRGBA {
	switch r {
	case model.RoleEvidence:
		return color.NRGBA{0x25, 0x63, 0xeb, 0xff} // blue
	case model.RoleIntention:
		return color.NRGBA{0x7c, 0x3a, 0xed, 0xff} // violet
	case model.RoleOutcome:
		return color.NRGBA{0xd9, 0x4a, 0x0b, 0xff} // orange
	case model.RoleLatent:
		return color.NRGBA{0x4b, 0x55, 0x63, 0xff} // slate
	case model.RoleDecision, model.RoleUtility:
		return color.NRGBA{0x0f, 0x76, 0x6e, 0xff} // teal
	}
	return color.NRGBA{0x47, 0x55, 0x69, 0xff}
}

// findingColor marks the observed state of a finding.
var findingColor = color.NRGBA{0x16, 0xa3, 0x4a, 0xff}

// actionColor marks a node set by action (do), apart from an observed
// one: its causes are not updated, so it must not read as a finding.
var actionColor = color.NRGBA{0xdb, 0x27, 0x77, 0xff} // pink

// ActionColor is the colour that marks a node set by action.
func ActionColor() color.NRGBA { return actionColor }

// ActionMark is the marker shown before the state a node is set to by
// action.
const ActionMark = "◆ "

// FindingMark returns the marker shown before a state's name: "●" for
// the observed state, "✕" for an excluded one, "~" for a state with soft
// evidence.
func FindingMark(f network.Finding, ok bool, s int) string {
	if !ok {
		return ""
	}
	switch f.Kind {
	case network.Hard:
		if f.State == s {
			return "● "
		}
	case network.Negative:
		if f.Weights[s] == 0 {
			return "✕ "
		}
	case network.Likelihood:
		return "~ "
	}
	return ""
}

// StatePosition returns the centre of state s's row on node v's card, in
// the widget's coordinates: where a tap sets that state.
func (g *Graph) StatePosition(v, s int) fyne.Position {
	r := g.cardRect(v)
	return g.toScreen(model.Point{X: r.x + r.w/2, Y: r.y + headerH + rowH*(float64(s)+0.5)})
}

// UtilityCentre returns the centre of utility k's card in the widget's
// coordinates. k must be an index of the model's utilities; it panics
// otherwise (a programmer error).
func (g *Graph) UtilityCentre(k int) fyne.Position {
	return g.toScreen(g.ws.UtilityPosition(k))
}

func modelPoint(x, y float64) model.Point { return model.Point{X: x, Y: y} }

// shiftHeld reports whether Shift is down, where the driver can tell (the
// desktop driver can; the test driver cannot).
func shiftHeld() bool {
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	d, ok := app.Driver().(desktop.Driver)
	return ok && d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
}

// Linking returns the card an edge is being drawn from and the model
// point the pointer is at, or from = -1.
func (g *Graph) Linking() (from int, to model.Point) { return g.linkFrom, g.linkTo }
