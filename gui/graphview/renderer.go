package graphview

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"brink/gui/cardlayout"
	"brink/network"
	"brink/network/analysis"
	"brink/network/model"
)

// renderer owns the canvas objects: for each edge a line and an
// arrowhead, for each node a card with a header and one row per state,
// for each utility a card with a hexagonal header, and on top the legend
// of the colours. Layout only moves and sizes objects; Refresh updates
// texts and bars.
type renderer struct {
	g *Graph
	// net and m are what the objects were built for: an edit gives a new
	// network, and a new model can have other utilities.
	net       *network.Network
	m         *model.Model
	edges     []edgeObjs
	nodes     []nodeObjs
	utilities []utilityObjs
	legend    legendObjs
	objects   []fyne.CanvasObject

	// rubber is the edge being drawn, from its card to the pointer.
	rubber *canvas.Line
	// hint says how to start when the model has no nodes.
	hint *canvas.Text

	// routedFor are the cards the edges' bends were found for; the bends
	// are searched again only when a card moves or changes size.
	routedFor []cardlayout.Rect

	// strengths holds the strength of influence of each edge between
	// variables, by parent and child, read from strengthOf (the network
	// the beliefs were shown on); nil while edge strength is off.
	strengths  map[[2]int]float64
	strengthOf *network.Network
}

// edgeObjs is one edge: a line per segment (one when it is straight, one
// more per bend round a card in its way) and an arrowhead.
type edgeObjs struct {
	from, to int
	segs     [cardlayout.MaxBends + 1]*canvas.Line
	head     *canvas.Polygon
	bends    []model.Point
}

type nodeObjs struct {
	card   *canvas.Rectangle
	header *canvas.Rectangle
	title  *canvas.Text
	rows   []rowObjs
}

// utilityObjs is one utility's card: the body, under a header drawn as
// an elongated hexagon — a band and two diamonds for its pointed ends —
// with the title, then the actor's line (nil without an actor) and the
// expected value.
type utilityObjs struct {
	card   *canvas.Rectangle
	header *canvas.Rectangle
	ends   [2]*canvas.Polygon
	title  *canvas.Text
	actor  *canvas.Text
	value  *canvas.Text
}

// rowObjs is one state's row: the track across the card, the bar of its
// probability over the track, and the name and percentage over both.
type rowObjs struct {
	name  *canvas.Text
	track *canvas.Rectangle
	bar   *canvas.Rectangle
	pct   *canvas.Text
}

// Card geometry from package cardlayout, in model units.
const (
	textSize  = float32(cardlayout.TextSize)
	titleSize = float32(cardlayout.TitleSize)
	pad       = float32(cardlayout.Pad)
)

// rebuild creates the objects for the current network.
func (r *renderer) rebuild() {
	g := r.g
	r.net, r.m = g.ws.Network(), g.ws.Model()
	n := r.net
	r.edges, r.nodes, r.utilities, r.objects, r.routedFor = nil, nil, nil, nil, nil
	for i := range cardlayout.Count(r.m) {
		for _, p := range cardlayout.Parents(r.m, i) {
			e := edgeObjs{from: p, to: i, head: canvas.NewPolygon(3, color.Gray{0x80})}
			for i := range e.segs {
				e.segs[i] = canvas.NewLine(color.Gray{0x80})
				r.objects = append(r.objects, e.segs[i])
			}
			r.edges = append(r.edges, e)
			r.objects = append(r.objects, e.head)
		}
	}
	for v := range n.NumVariables() {
		role := RoleColor(g.ws.Model().Nodes[v].Role)
		no := nodeObjs{
			card:   canvas.NewRectangle(color.White),
			header: canvas.NewRectangle(role),
			title:  canvas.NewText(g.ws.Model().Label(v), color.White),
		}
		no.card.StrokeColor = role
		no.title.TextStyle.Bold = true
		no.title.Text = fitText(no.title.Text, float32(g.cardWidth(v))-2*pad, titleSize, no.title.TextStyle)
		r.objects = append(r.objects, no.card, no.header, no.title)
		for s := range n.Card(v) {
			ro := rowObjs{
				name:  canvas.NewText(g.ws.Model().StateLabel(v, s), color.Black),
				track: canvas.NewRectangle(color.Gray{0xe5}),
				bar:   canvas.NewRectangle(role),
				pct:   canvas.NewText("", color.Black),
			}
			ro.pct.Alignment = fyne.TextAlignTrailing
			no.rows = append(no.rows, ro)
			r.objects = append(r.objects, ro.track, ro.bar, ro.name, ro.pct)
		}
		r.nodes = append(r.nodes, no)
	}
	for k := range r.m.Utilities {
		r.utilities = append(r.utilities, r.newUtility(k))
	}
	r.legend = newLegend(g.ws.Model())
	r.objects = append(r.objects, r.legend.objects()...)
	r.rubber = canvas.NewLine(findingColor)
	r.rubber.Hide()
	r.hint = canvas.NewText(EmptyHint, color.Gray{0x99})
	r.hint.Alignment = fyne.TextAlignCenter
	r.objects = append(r.objects, r.rubber, r.hint)
	r.update()
}

// newUtility builds utility k's card and adds its objects, the body
// first.
func (r *renderer) newUtility(k int) utilityObjs {
	g := r.g
	u := &r.m.Utilities[k]
	role := RoleColor(model.RoleUtility)
	uo := utilityObjs{
		card:   canvas.NewRectangle(color.White),
		header: canvas.NewRectangle(role),
		title:  canvas.NewText(u.DisplayLabel(), color.White),
		value:  canvas.NewText("", color.Black),
	}
	for j := range uo.ends {
		uo.ends[j] = canvas.NewPolygon(4, role) // a diamond: the first vertex points up
	}
	uo.card.StrokeColor = role
	uo.title.TextStyle.Bold = true
	w := float32(g.cardWidth(cardlayout.UtilityCard(r.m, k)))
	uo.title.Text = fitText(uo.title.Text, w-2*pad-headerH, titleSize, uo.title.TextStyle)
	uo.value.TextStyle.Bold = true
	r.objects = append(r.objects, uo.card, uo.header, uo.ends[0], uo.ends[1], uo.title)
	if a := cardlayout.ActorText(u); a != "" {
		uo.actor = canvas.NewText(fitText(a, w-2*pad, textSize, fyne.TextStyle{}), color.Black)
		r.objects = append(r.objects, uo.actor)
	}
	r.objects = append(r.objects, uo.value)
	return uo
}

// tint is c at the opacity that keeps text over it legible.
func tint(c color.NRGBA) color.NRGBA {
	c.A = 0x70
	return c
}

// update sets the colours and texts that depend on the beliefs, the
// findings, the selection and the theme.
func (r *renderer) update() {
	g := r.g
	th := theme.Current()
	vt := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, vt)
	cardBg := th.Color(theme.ColorNameInputBackground, vt)
	track := th.Color(theme.ColorNameDisabledButton, vt)
	edge := th.Color(theme.ColorNameDisabled, vt)
	line := edge
	if g.strength {
		// Widths read only in a colour that stands out from the
		// background: the text's, muted.
		line = muted(fg)
	}
	for _, e := range r.edges {
		for _, l := range e.segs {
			l.StrokeColor = line
		}
		e.head.FillColor = line
	}
	for v, no := range r.nodes {
		role := RoleColor(g.ws.Model().Nodes[v].Role)
		f, observed := g.ws.Finding(v)
		no.card.FillColor = cardBg
		no.card.StrokeColor = role
		no.card.StrokeWidth = 1.5
		if v == g.selected {
			no.card.StrokeColor = th.Color(theme.ColorNamePrimary, vt)
			no.card.StrokeWidth = 3
		}
		no.header.FillColor = role
		if observed {
			no.header.FillColor = findingColor
		}
		doState, set := g.ws.Action(v)
		if set {
			no.header.FillColor = actionColor
		}
		post := g.ws.Posterior(v)
		for s, ro := range no.rows {
			p := post[s]
			hard := (observed && f.Kind == network.Hard && f.State == s) || (set && doState == s)
			ro.name.TextStyle.Bold = hard
			ro.pct.TextStyle.Bold = hard
			ro.pct.Text = analysis.Percent(p)
			ro.pct.Color = fg
			// The name has the row but for its percentage and a gap.
			room := float32(g.cardWidth(v)) - 2*pad - 6 - fyne.MeasureText(ro.pct.Text, textSize, ro.pct.TextStyle).Width
			mark := FindingMark(f, observed, s)
			if set && doState == s {
				mark = ActionMark
			}
			ro.name.Text = fitText(mark+g.ws.Model().StateLabel(v, s), room, textSize, ro.name.TextStyle)
			ro.name.Color = fg
			ro.track.FillColor = track
			ro.bar.FillColor = tint(role)
			if hard {
				ro.bar.FillColor = tint(findingColor)
				if set {
					ro.bar.FillColor = tint(actionColor)
				}
			}
		}
	}
	vals, ok := g.ws.ExpectedUtilities()
	utilBg := wash(cardBg, RoleColor(model.RoleUtility))
	for k, uo := range r.utilities {
		role := RoleColor(model.RoleUtility)
		uo.card.FillColor = utilBg
		uo.card.StrokeColor = role
		uo.card.StrokeWidth = 1.5
		if cardlayout.UtilityCard(r.m, k) == g.selected {
			uo.card.StrokeColor = th.Color(theme.ColorNamePrimary, vt)
			uo.card.StrokeWidth = 3
		}
		uo.header.FillColor = role
		for _, e := range uo.ends {
			e.FillColor = role
		}
		if uo.actor != nil {
			uo.actor.Color = fg
		}
		x := 0.0
		if ok && k < len(vals) {
			x = vals[k]
		}
		uo.value.Text = cardlayout.ExpectedText(x, ok && k < len(vals))
		uo.value.Color = fg
	}
	r.legend.update(fg, cardBg, edge)
	r.updateStrengths()
}

// updateStrengths reads the edges' strengths of influence when edge
// strength is on and the network the beliefs are shown on has changed
// (a decision's policy follows the findings), and shows or hides the
// legend's line for it.
func (r *renderer) updateStrengths() {
	g := r.g
	if !g.strength {
		r.strengths, r.strengthOf = nil, nil
		r.legend.showStrength(false)
		return
	}
	r.legend.showStrength(true)
	if n := g.ws.BeliefNetwork(); n != r.strengthOf || r.strengths == nil {
		r.strengths = map[[2]int]float64{}
		for _, e := range g.ws.Influences() {
			r.strengths[[2]int{e.Parent, e.Child}] = e.Average
		}
		r.strengthOf = n
	}
}

// edgeWidth is the stroke width of edge e at the current zoom: 1.4
// pixels at zoom 1 (at least 1), or with edge strength on 1 + 5·s for an
// edge of strength s between variables (at least 1); an edge into a
// utility keeps the plain width.
func (r *renderer) edgeWidth(e *edgeObjs) float32 {
	z := r.g.zoom
	if s, ok := r.strengths[[2]int{e.from, e.to}]; ok {
		return float32(math.Max(1, (1+5*s)*z))
	}
	return float32(math.Max(1, 1.4*z))
}

// muted returns c at about 45% opacity.
func muted(c color.Color) color.NRGBA {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x73}
}

// wash returns bg with a little of c mixed in (an eighth), opaque: a
// utility card's body, which reads as a utility's beside a decision's
// plain one in either theme variant.
func wash(bg color.Color, c color.NRGBA) color.NRGBA {
	r, g, b, _ := bg.RGBA()
	mix := func(x uint32, y uint8) uint8 { return uint8((7*(x>>8) + uint32(y)) / 8) }
	return color.NRGBA{mix(r, c.R), mix(g, c.G), mix(b, c.B), 0xff}
}

// fitText shortens s with an ellipsis until it fits width at the given
// text size, so that long state names do not run into the percentages.
func fitText(s string, width, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; fyne.MeasureText(t, size, style).Width <= width {
			return t
		}
	}
	return string(r)
}

func (r *renderer) Layout(size fyne.Size) {
	g := r.g
	if g.autoFit && size != g.fitSize {
		g.fitTo(size)
	}
	z := float32(g.zoom)
	for v, no := range r.nodes {
		rc := g.cardRect(v)
		pos := g.toScreen(model.Point{X: rc.x, Y: rc.y})
		w, h := float32(rc.w)*z, float32(rc.h)*z
		no.card.Move(pos)
		no.card.Resize(fyne.NewSize(w, h))
		no.card.CornerRadius = 6 * z
		no.header.Move(pos)
		no.header.Resize(fyne.NewSize(w, headerH*z))
		no.header.CornerRadius = 6 * z
		no.title.TextSize = titleSize * z
		no.title.Move(fyne.NewPos(pos.X+pad*z, pos.Y+1*z))
		no.title.Resize(fyne.NewSize(w-2*pad*z, (headerH-2)*z))
		post := g.ws.Posterior(v)
		for s, ro := range no.rows {
			y := pos.Y + (headerH+rowH*float32(s))*z
			barX, barW := pos.X+(pad-2)*z, w-2*(pad-2)*z
			ro.track.Move(fyne.NewPos(barX, y+2*z))
			ro.track.Resize(fyne.NewSize(barW, (rowH-4)*z))
			ro.bar.Move(fyne.NewPos(barX, y+2*z))
			ro.bar.Resize(fyne.NewSize(float32(post[s])*barW, (rowH-4)*z))
			ro.name.TextSize = textSize * z
			ro.name.Move(fyne.NewPos(pos.X+pad*z, y-1*z))
			ro.name.Resize(fyne.NewSize(w-2*pad*z, rowH*z))
			ro.pct.TextSize = textSize * z
			ro.pct.Move(fyne.NewPos(pos.X+pad*z, y-1*z))
			ro.pct.Resize(fyne.NewSize(w-2*pad*z, rowH*z))
		}
	}
	for k := range r.utilities {
		r.layoutUtility(k)
	}
	r.route()
	for i := range r.edges {
		r.layoutEdge(&r.edges[i])
	}
	if len(r.nodes)+len(r.utilities) == 0 {
		r.hint.Show()
		r.hint.TextSize = theme.TextSize() * 1.15
		r.hint.Move(fyne.NewPos(0, size.Height/2-r.hint.TextSize))
		r.hint.Resize(fyne.NewSize(size.Width, 2*r.hint.TextSize))
	} else {
		r.hint.Hide()
	}
	if from, to := g.Linking(); from >= 0 && from < len(r.nodes) {
		rc := g.cardRect(from)
		c := cardlayout.Rect{X: rc.x, Y: rc.y, W: rc.w, H: rc.h}
		r.rubber.Position1 = g.toScreen(cardlayout.Clip(c, to))
		r.rubber.Position2 = g.toScreen(to)
		r.rubber.StrokeWidth = float32(math.Max(2, 3*g.zoom))
		r.rubber.Show()
	} else {
		r.rubber.Hide()
	}
	r.legend.layout(size)
}

// layoutUtility places utility k's card: the body from the middle of
// the header down, its top corners square under the header's pointed
// ends, and the hexagon's band between two diamonds as tall as the
// header, one at each end.
func (r *renderer) layoutUtility(k int) {
	g := r.g
	z := float32(g.zoom)
	uo := r.utilities[k]
	rc := g.cardRect(cardlayout.UtilityCard(r.m, k))
	pos := g.toScreen(model.Point{X: rc.x, Y: rc.y})
	w, h := float32(rc.w)*z, float32(rc.h)*z
	hh := headerH * z
	uo.card.Move(fyne.NewPos(pos.X, pos.Y+hh/2))
	uo.card.Resize(fyne.NewSize(w, h-hh/2))
	uo.card.BottomLeftCornerRadius, uo.card.BottomRightCornerRadius = 6*z, 6*z
	uo.header.Move(fyne.NewPos(pos.X+hh/2, pos.Y))
	uo.header.Resize(fyne.NewSize(w-hh, hh))
	uo.ends[0].Move(pos)
	uo.ends[1].Move(fyne.NewPos(pos.X+w-hh, pos.Y))
	for _, e := range uo.ends {
		e.Resize(fyne.NewSize(hh, hh))
	}
	uo.title.TextSize = titleSize * z
	uo.title.Move(fyne.NewPos(pos.X+hh/2+pad*z, pos.Y+1*z))
	uo.title.Resize(fyne.NewSize(w-hh-2*pad*z, (headerH-2)*z))
	row := 0
	for _, t := range []*canvas.Text{uo.actor, uo.value} {
		if t == nil {
			continue
		}
		y := pos.Y + (headerH+rowH*float32(row))*z
		t.TextSize = textSize * z
		t.Move(fyne.NewPos(pos.X+pad*z, y-1*z))
		t.Resize(fyne.NewSize(w-2*pad*z, rowH*z))
		row++
	}
}

// route finds the bends of edges that would cross a card
// (cardlayout.Route), when the cards have moved since it last did; a
// network of more than cardlayout.MaxRouted cards keeps straight edges.
func (r *renderer) route() {
	g := r.g
	n := len(r.nodes) + len(r.utilities)
	cards := make([]cardlayout.Rect, n)
	same := len(r.routedFor) == n
	for v := range cards {
		rc := g.cardRect(v)
		cards[v] = cardlayout.Rect{X: rc.x, Y: rc.y, W: rc.w, H: rc.h}
		same = same && cards[v] == r.routedFor[v]
	}
	if same {
		return
	}
	r.routedFor = cards
	for i := range r.edges {
		e := &r.edges[i]
		e.bends = nil
		if n <= cardlayout.MaxRouted {
			e.bends = cardlayout.Route(cards, e.from, e.to)
		}
	}
}

// layoutEdge places an edge's segments from border to border through its
// bends, and its arrowhead at the child's border.
func (r *renderer) layoutEdge(e *edgeObjs) {
	g := r.g
	cards := r.routedFor
	a, b := cards[e.from], cards[e.to]
	pts := make([]model.Point, 0, len(e.bends)+2)
	pts = append(pts, a.Centre())
	pts = append(pts, e.bends...)
	pts = append(pts, b.Centre())
	pts[0] = cardlayout.Clip(a, pts[1])
	pts[len(pts)-1] = cardlayout.Clip(b, pts[len(pts)-2])
	width := r.edgeWidth(e)
	for i, l := range e.segs {
		if i+1 >= len(pts) {
			l.Hide()
			continue
		}
		l.Show()
		l.Position1, l.Position2 = g.toScreen(pts[i]), g.toScreen(pts[i+1])
		l.StrokeWidth = width
	}
	// Arrowhead: a triangle at the end, pointing along the last segment.
	ps, pe := g.toScreen(pts[len(pts)-2]), g.toScreen(pts[len(pts)-1])
	hs := float32(math.Max(6, 14*g.zoom))
	dx, dy := float64(pe.X-ps.X), float64(pe.Y-ps.Y)
	l := math.Hypot(dx, dy)
	if l == 0 {
		e.head.Hide()
		return
	}
	e.head.Show()
	ux, uy := float32(dx/l), float32(dy/l)
	centre := fyne.NewPos(pe.X-ux*hs/2, pe.Y-uy*hs/2)
	e.head.Move(fyne.NewPos(centre.X-hs/2, centre.Y-hs/2))
	e.head.Resize(fyne.NewSize(hs, hs))
	// Angle 0 points the apex up; rotate clockwise to the edge.
	e.head.Angle = float32(math.Atan2(dx, -dy) * 180 / math.Pi)
}

func (r *renderer) MinSize() fyne.Size { return r.g.MinSize() }

func (r *renderer) Refresh() {
	if r.g.ws.Network() != r.net || !sameUtilities(r.g.ws.Model(), r.m) {
		r.rebuild()
	} else {
		r.update()
	}
	r.Layout(r.g.Size())
	for _, o := range r.objects {
		o.Refresh()
	}
}

// sameUtilities reports whether a and b hold the same utilities: a model
// copied for a change of its scenarios keeps them, and the cards need
// not be built again.
func sameUtilities(a, b *model.Model) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || len(a.Utilities) != len(b.Utilities) {
		return false
	}
	return len(a.Utilities) == 0 || &a.Utilities[0] == &b.Utilities[0]
}

func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *renderer) Destroy() {}
