// Package graphview draws a belief network as cards — a title and one
// belief bar per state with its percentage, coloured by the node's role —
// joined by arrows, in the style analysts know from Netica and GeNIe. One
// widget handles every pointer event and does its own hit testing, so that
// edges never swallow clicks meant for nodes: a tap on a state sets or
// retracts a finding, a drag moves a node or pans, the wheel zooms.
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
	// OnSelect is called when the selection changes (-1: none).
	OnSelect func(v int)
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
	// linkFrom is the card an edge is being drawn from (-1: none), and
	// linkTo the model point the pointer is at.
	linkFrom int
	linkTo   model.Point

	origin   model.Point // model point at the widget's top-left corner
	zoom     float64
	selected int
	// autoFit keeps the whole network in view as the widget is resized,
	// until the analyst zooms or pans.
	autoFit bool
	fitSize fyne.Size

	// widths are the cards' widths for widthsOf, recomputed when the
	// workspace's model or network changes.
	widths   []float64
	widthsOf widthKey

	dragNode  int // node being dragged, -1 when panning, -2 when idle
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

// ModelEdited redraws after an edit of the model: the selection is kept
// when the node is still there, and the view stays where it is — a card
// added where the analyst clicked appears there — unless a card is now
// out of sight and the analyst has not zoomed or panned, when it re-fits.
func (g *Graph) ModelEdited() {
	if g.selected >= g.ws.Network().NumVariables() {
		g.selected = -1
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
	for v := range g.ws.Network().NumVariables() {
		r := g.cardRect(v)
		if r.x < lo.X || r.y < lo.Y || r.x+r.w > hi.X || r.y+r.h > hi.Y {
			return false
		}
	}
	return true
}

// Selected returns the selected node, or -1.
func (g *Graph) Selected() int { return g.selected }

// Select selects node v (-1 for none).
func (g *Graph) Select(v int) {
	g.selected = v
	g.Refresh()
	if g.OnSelect != nil {
		g.OnSelect(v)
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
	if g.ws.Network().NumVariables() == 0 {
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
	n := g.ws.Network()
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for v := range n.NumVariables() {
		r := g.cardRect(v)
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

// cardWidth returns node v's card width (cardlayout.CardWidth), measured
// once per model.
func (g *Graph) cardWidth(v int) float64 {
	key := widthKey{g.ws.Model(), g.ws.Network()}
	if key != g.widthsOf || len(g.widths) != key.net.NumVariables() {
		g.widths, g.widthsOf = cardlayout.Widths(key.m), key
	}
	return g.widths[v]
}

// cardRect is node v's card; positions are card centres.
func (g *Graph) cardRect(v int) rect {
	c := g.ws.Position(v)
	h := CardHeight(g.ws.Network().Card(v))
	w := g.cardWidth(v)
	return rect{c.X - w/2, c.Y - h/2, w, h}
}

func (g *Graph) toModel(p fyne.Position) model.Point {
	return model.Point{X: float64(p.X)/g.zoom + g.origin.X, Y: float64(p.Y)/g.zoom + g.origin.Y}
}

func (g *Graph) toScreen(p model.Point) fyne.Position {
	return fyne.NewPos(float32((p.X-g.origin.X)*g.zoom), float32((p.Y-g.origin.Y)*g.zoom))
}

// hit returns the node under p and the state row (or -1 for the header),
// or v = -1 when p is on no card. Later cards are drawn on top, so they
// are tested first.
func (g *Graph) hit(p model.Point) (v, state int) {
	n := g.ws.Network()
	for v := n.NumVariables() - 1; v >= 0; v-- {
		r := g.cardRect(v)
		if !r.contains(p) {
			continue
		}
		row := int(math.Floor((p.Y - r.y - headerH) / rowH))
		if p.Y-r.y < headerH || row >= n.Card(v) {
			return v, -1
		}
		return v, row
	}
	return -1, -1
}

// Tapped sets or retracts a finding when a state row is tapped, and
// selects the node.
func (g *Graph) Tapped(e *fyne.PointEvent) {
	v, s := g.hit(g.toModel(e.Position))
	if v != g.selected {
		g.Select(v)
	}
	if v >= 0 && s >= 0 && g.OnStateTapped != nil {
		g.OnStateTapped(v, s)
	}
}

// TappedSecondary opens the node's menu.
func (g *Graph) TappedSecondary(e *fyne.PointEvent) {
	p := g.toModel(e.Position)
	v, _ := g.hit(p)
	if v < 0 {
		if g.OnCanvasMenu != nil {
			g.OnCanvasMenu(p, e.AbsolutePosition)
		}
		return
	}
	if v != g.selected {
		g.Select(v)
	}
	if g.OnNodeMenu != nil {
		g.OnNodeMenu(v, e.AbsolutePosition)
	}
}

// Dragged moves the node under the pointer, or pans when the drag began
// on empty canvas.
func (g *Graph) Dragged(e *fyne.DragEvent) {
	if g.dragNode == -2 {
		start := g.toModel(fyne.NewPos(e.Position.X-e.Dragged.DX, e.Position.Y-e.Dragged.DY))
		v, _ := g.hit(start)
		g.dragNode = v
		g.dragModel = g.ws.Model()
		if v >= 0 {
			g.dragStart = g.ws.Position(v)
			if g.connect || shiftHeld() {
				g.linkFrom = v
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
		if g.ws.MoveNodeLive(g.dragNode, g.dragStart) != nil {
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
		if same && to >= 0 && to != from && g.OnConnect != nil {
			g.OnConnect(from, to)
		}
		return
	}
	if g.dragNode >= 0 && g.dragModel == g.ws.Model() {
		// A refusal (a non-finite position) leaves the node where it was
		// last placed; there is nothing for the analyst to correct.
		_ = g.ws.MoveNode(g.dragNode, g.dragStart)
	}
	g.dragNode, g.dragModel = -2, nil
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
