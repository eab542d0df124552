package report

import (
	"image/color"
	"io"
	"math"

	"brink/gui/cardlayout"
	"brink/network"
	"brink/network/analysis"
	"brink/network/decision"
	"brink/network/model"
)

// NetworkImage draws the network with the beliefs given col's findings,
// as the app's network view shows it, and writes it to w in format
// ("png", "svg" or "pdf"): one card per node with a header coloured by
// its role and one bar and percentage per state, one card per utility
// node with a hexagonal header, its actor and its expected value, arrows
// from parents to children, and the findings marked — a green header, ●
// before the observed state, ✕ before excluded ones, ~ before states
// with soft evidence. The whole network is fitted to the page under a heading with
// the model's title, the scenario's name and its findings. With
// opts.EdgeStrength each edge between variables is drawn as wide as its
// strength of influence, as View → Edge Strength draws it in the window
// (edgeStrengths), and the legend says so.
//
// Impossible evidence returns the engine's error and writes nothing.
func NetworkImage(w io.Writer, format string, m *model.Model, col Column, opts Options) error {
	r, err := compute(m, []Column{col})
	if err != nil {
		return err
	}
	return render(w, format, opts, func(p pen, pw, ph float64) {
		drawNetwork(p, pw, ph, m, col, r.evs[0], r.posts[0], opts, true)
	})
}

// drawNetwork draws the picture on a page of pw×ph logical pixels. The
// heading, legend and margins scale with the page (k = 1 at 1920×1080);
// the cards are zoomed to fit what is left. With heading false the title,
// scenario and date are left out, for a figure inside the brief.
func drawNetwork(p pen, pw, ph float64, m *model.Model, col Column, ev *network.Evidence, post [][]float64, opts Options, heading bool) {
	k := math.Min(pw/DefaultWidth, ph/DefaultHeight)
	margin := 32 * k
	p.rect(0, 0, pw, ph, colPage)
	legendH := 34 * k
	drawLegend(p, margin, ph-margin, k, m, opts.EdgeStrength)
	ay := margin
	if heading {
		drawNetworkHeading(p, pw, k, margin, m, col, ev, opts)
		ay += 88 * k
	}
	var strength map[[2]int]float64
	if opts.EdgeStrength {
		strength = edgeStrengths(m, ev)
	}
	drawCards(p, margin, ay, pw-2*margin, ph-margin-legendH-ay, k, m, ev, post, strength)
}

// cardsExtent returns the top-left corner and the size, in layout units,
// of the box round every card of m at pos.
func cardsExtent(m *model.Model, pos []model.Point, widths []float64) (minX, minY, bw, bh float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := range cardlayout.Count(m) {
		h := cardlayout.CardHeight(m, i)
		minX, maxX = math.Min(minX, pos[i].X-widths[i]/2), math.Max(maxX, pos[i].X+widths[i]/2)
		minY, maxY = math.Min(minY, pos[i].Y-h/2), math.Max(maxY, pos[i].Y+h/2)
	}
	return minX, minY, maxX - minX, maxY - minY
}

// cardsZoom is the scale drawCards draws at: the cards' box of bw×bh
// layout units fitted into aw×ah, and no larger than 1.6·k.
func cardsZoom(aw, ah, bw, bh, k float64) float64 {
	return math.Min(math.Min(aw/bw, ah/bh), 1.6*k)
}

// cardTextUnits is the size of a card's text in layout units (drawCard
// draws it at 12·z).
const cardTextUnits = 12

// edgeStrengths returns the strength of influence of each edge between
// variables, by parent and child (analysis.Influences' Average, 0 to 1),
// read from the tables of the network the beliefs under ev are computed
// on: m's, or for a model with decisions its policy network under ev
// (decision.BeliefNetwork), as the window reads them. Nil when that
// network cannot be had (the picture then draws plain edges).
func edgeStrengths(m *model.Model, ev *network.Evidence) map[[2]int]float64 {
	net, _, _, err := decision.BeliefNetwork(m, ev)
	if err != nil {
		return nil
	}
	out := map[[2]int]float64{}
	for _, e := range analysis.Influences(net) {
		out[[2]int{e.Parent, e.Child}] = e.Average
	}
	return out
}

// edgeWidth is the stroke width of the edge u → v at zoom z: 1.4 (at
// least 1), or 1 + 5·s for an edge of strength s in strength (at least
// 1), as the window draws it.
func edgeWidth(strength map[[2]int]float64, u, v int, z float64) float64 {
	if s, ok := strength[[2]int{u, v}]; ok {
		return math.Max(1, (1+5*s)*z)
	}
	return math.Max(1, 1.4*z)
}

// drawNetworkHeading draws the title, the scenario with its findings, and
// the date.
func drawNetworkHeading(p pen, pw, k, margin float64, m *model.Model, col Column, ev *network.Evidence, opts Options) {
	// Heading: title, then the scenario and its findings; the date on the right.
	title := m.Title
	if title == "" {
		title = "Belief network"
	}
	date := opts.now().Format("2 January 2006")
	dateW := p.width(date, 18*k, false)
	p.text(pw-margin, margin+28*k, date, 18*k, false, colMuted, 1)
	p.text(margin, margin+30*k, p.fit(title, 34*k, true, pw-2*margin-dateW-24*k), 34*k, true, colInk, 0)
	sub := col.Name
	if ev.Len() > 0 || ev.DoLen() > 0 {
		if sub != "" {
			sub += " — "
		}
		what := "findings: "
		if ev.Len() == 0 {
			what = "actions: "
		}
		sub += what + findingsSummary(m, ev)
	} else if sub == "" {
		sub = "no findings"
	}
	p.text(margin, margin+64*k, p.fit(sub, 20*k, false, pw-2*margin), 20*k, false, colMuted, 0)
}

// drawCards draws the network fitted and centred in the area (ax, ay, aw,
// ah), zoomed at most 1.6·k, the edges as wide as their strength of
// influence when strength holds it (see edgeWidth).
func drawCards(p pen, ax, ay, aw, ah, k float64, m *model.Model, ev *network.Evidence, post [][]float64, strength map[[2]int]float64) {
	pos := positions(m)
	widths := cardlayout.Widths(m)
	n := m.Net
	nc := cardlayout.Count(m)
	if nc == 0 || aw <= 0 || ah <= 0 {
		return
	}
	minX, minY, bw, bh := cardsExtent(m, pos, widths)
	z := cardsZoom(aw, ah, bw, bh, k)
	ox := ax + (aw-bw*z)/2 - minX*z
	oy := ay + (ah-bh*z)/2 - minY*z
	card := func(i int) (x, y, w, h float64) {
		h = cardlayout.CardHeight(m, i)
		return ox + (pos[i].X-widths[i]/2)*z, oy + (pos[i].Y-h/2)*z, widths[i] * z, h * z
	}

	// Edges under the cards: a line from border to border, round the
	// cards in its way as the window routes it (cardlayout.Route), and a
	// filled head at the child's border.
	cards := cardlayout.Cards(m, pos, widths)
	for v := range nc {
		for _, u := range cardlayout.Parents(m, v) {
			var bends []model.Point
			if nc <= cardlayout.MaxRouted {
				bends = cardlayout.Route(cards, u, v)
			}
			pts := append(append([]model.Point{cards[u].Centre()}, bends...), cards[v].Centre())
			pts[0] = cardlayout.Clip(cards[u], pts[1])
			pts[len(pts)-1] = cardlayout.Clip(cards[v], pts[len(pts)-2])
			for i := range pts {
				pts[i] = model.Point{X: ox + pts[i].X*z, Y: oy + pts[i].Y*z}
			}
			s, e := pts[len(pts)-2], pts[len(pts)-1]
			l := math.Hypot(e.X-s.X, e.Y-s.Y)
			if l < 1e-9 {
				continue
			}
			ux, uy := (e.X-s.X)/l, (e.Y-s.Y)/l
			hs := 11 * z
			bx, by := e.X-ux*hs, e.Y-uy*hs
			width := edgeWidth(strength, u, v, z)
			for i := 1; i < len(pts)-1; i++ {
				p.line(pts[i-1].X, pts[i-1].Y, pts[i].X, pts[i].Y, width, colEdge)
			}
			p.line(s.X, s.Y, bx, by, width, colEdge)
			p.polygon(colEdge, e.X, e.Y, bx-uy*hs*0.45, by+ux*hs*0.45, bx+uy*hs*0.45, by-ux*hs*0.45)
		}
	}
	for v := range n.NumVariables() {
		x, y, w, h := card(v)
		f, observed := ev.Finding(v)
		action := false
		if s, set := ev.Do(v); set {
			// Drawn as a hard finding in the colour of actions.
			f, observed, action = network.Finding{Variable: v, Kind: network.Hard, State: s}, true, true
		}
		drawCard(p, x, y, w, h, z, m, v, post[v], f, observed, action)
	}
	vals, ok := expectedUtilities(m, ev)
	for k := range m.Utilities {
		x, y, w, h := card(cardlayout.UtilityCard(m, k))
		value := cardlayout.ExpectedText(0, false)
		if ok {
			value = cardlayout.ExpectedText(vals[k], true)
		}
		drawUtility(p, x, y, w, h, z, &m.Utilities[k], value)
	}
}

// drawUtility draws a utility's card at (x, y), w×h, zoom z, as the
// app's network view draws it (gui/graphview): a header shaped as an
// elongated hexagon in the utility role's colour, its pointed ends half
// the header deep, over a body whose top edge runs through the header's
// middle; then the actor's line, if any, and the expected value.
func drawUtility(p pen, x, y, w, h, z float64, u *model.Utility, value string) {
	role := roleColor(string(model.RoleUtility))
	hh := cardHead * z
	r := 6 * z
	p.fill(p.roundRect(x, y+hh/2, w, h-hh/2, 0, r), wash(colCard, role))
	p.stroke(p.roundRect(x, y+hh/2, w, h-hh/2, 0, r), role, 1.5*z)
	p.polygon(role, x, y+hh/2, x+hh/2, y, x+w-hh/2, y, x+w, y+hh/2, x+w-hh/2, y+hh, x+hh/2, y+hh)
	p.text(x+hh/2+6*z, y+16.5*z, p.fit(u.DisplayLabel(), 12.5*z, true, w-hh-12*z), 12.5*z, true, color.White, 0)
	row := 0.0
	if a := cardlayout.ActorText(u); a != "" {
		p.text(x+6*z, y+(cardHead+14)*z, p.fit(a, 12*z, false, w-12*z), 12*z, false, colMuted, 0)
		row++
	}
	p.text(x+6*z, y+(cardHead+cardRow*row+14)*z, p.fit(value, 12*z, true, w-12*z), 12*z, true, colInk, 0)
}

// drawCard draws node v's card at (x, y), w×h, zoom z: the geometry of the
// app's cards (gui/graphview), scaled.
func drawCard(p pen, x, y, w, h, z float64, m *model.Model, v int, post []float64, f network.Finding, observed, action bool) {
	role := roleColor(string(m.Nodes[v].Role))
	head := role
	mark := colFinding
	if action {
		mark = colAction
	}
	if observed {
		head = mark
	}
	r := 6 * z
	p.fill(p.roundRect(x, y, w, h, r, r), colCard)
	p.fill(p.roundRect(x, y, w, cardHead*z, r, 0), head)
	p.stroke(p.roundRect(x, y, w, h, r, r), head, 1.5*z)
	p.text(x+6*z, y+16.5*z, p.fit(m.Label(v), 12.5*z, true, w-12*z), 12.5*z, true, color.White, 0)

	textSize := cardTextUnits * z
	markW := 0.0
	if observed {
		markW = 12 * z
	}
	// The bar keeps 96 units; a card widened for long names gives the
	// rest to the names (104 units on the narrowest card).
	nameW := w - 156*z
	barX := x + 6*z + nameW
	barW := w - 12*z - nameW - 48*z
	for s, pr := range post {
		ry := y + (cardHead+cardRow*float64(s))*z
		hard := observed && f.Kind == network.Hard && f.State == s
		mx, my := x+6*z+4.5*z, ry+cardRow*z/2
		switch {
		case hard:
			p.circle(mx, my, 3.6*z, mark)
		case observed && f.Kind == network.Negative && f.Weights[s] == 0:
			p.cross(mx, my, 7*z, 1.6*z, colExcluded)
		case observed && f.Kind == network.Likelihood:
			p.text(mx, ry+14*z, "~", textSize, true, colFinding, 0.5)
		}
		name := p.fit(m.StateLabel(v, s), textSize, hard, nameW-markW-4*z)
		p.text(x+6*z+markW, ry+14*z, name, textSize, hard, colInk, 0)
		p.rect(barX, ry+4*z, barW, (cardRow-8)*z, colTrack)
		fill := role
		if hard {
			fill = mark
		}
		p.rect(barX, ry+4*z, barW*clamp01(pr), (cardRow-8)*z, fill)
		p.text(x+w-6*z, ry+14*z, analysis.Percent(pr), textSize, hard, colInk, 1)
	}
}

// wash returns bg with an eighth of c mixed in, opaque: the body of a
// utility's card, as the window tints it.
func wash(bg color.Color, c color.NRGBA) color.NRGBA {
	r, g, b, _ := bg.RGBA()
	mix := func(x uint32, y uint8) uint8 { return uint8((7*(x>>8) + uint32(y)) / 8) }
	return color.NRGBA{mix(r, c.R), mix(g, c.G), mix(b, c.B), 0xff}
}

func clamp01(p float64) float64 {
	if math.IsNaN(p) {
		return 0
	}
	return math.Min(1, math.Max(0, p))
}

// drawLegend explains the colours along the bottom of the picture, its
// baseline at y: the roles the model uses, then the finding marks, and
// with strength what the edges' widths mean.
func drawLegend(p pen, x, y, k float64, m *model.Model, strength bool) {
	size := 16 * k
	sw := 14 * k
	used := map[model.Role]bool{}
	for _, nd := range m.Nodes {
		used[nd.Role] = true
	}
	if len(m.Utilities) > 0 {
		used[model.RoleUtility] = true
	}
	names := []struct {
		role model.Role
		name string
	}{
		{model.RoleEvidence, "evidence"}, {model.RoleLatent, "latent"},
		{model.RoleIntention, "intention"}, {model.RoleOutcome, "outcome"},
		{model.RoleDecision, "decision"}, {model.RoleUtility, "utility"},
		{model.RoleNone, "node"},
	}
	for _, e := range names {
		if !used[e.role] {
			continue
		}
		if e.role == model.RoleUtility {
			// The diamond of a utility card's pointed header.
			cx, cy, d := x+sw/2, y-sw/2+1*k, sw/2+1*k
			p.polygon(roleColor(string(e.role)), cx, cy-d, cx+d, cy, cx, cy+d, cx-d, cy)
		} else {
			p.fill(p.roundRect(x, y-sw+1*k, sw, sw, 3*k, 3*k), roleColor(string(e.role)))
		}
		x += sw + 6*k
		p.text(x, y, e.name, size, false, colMuted, 0)
		x += p.width(e.name, size, false) + 22*k
	}
	p.fill(p.roundRect(x, y-sw+1*k, sw, sw, 3*k, 3*k), colFinding)
	x += sw + 6*k
	p.text(x, y, "finding", size, false, colMuted, 0)
	x += p.width("finding", size, false) + 22*k
	p.fill(p.roundRect(x, y-sw+1*k, sw, sw, 3*k, 3*k), colAction)
	x += sw + 6*k
	p.text(x, y, "set by action", size, false, colMuted, 0)
	x += p.width("set by action", size, false) + 22*k
	p.circle(x+5*k, y-sw/2+1*k, 4.5*k, colFinding)
	x += 16 * k
	p.text(x, y, "observed state", size, false, colMuted, 0)
	x += p.width("observed state", size, false) + 22*k
	p.cross(x+5*k, y-sw/2+1*k, 9*k, 2*k, colExcluded)
	x += 16 * k
	p.text(x, y, "excluded state", size, false, colMuted, 0)
	x += p.width("excluded state", size, false) + 22*k
	p.text(x+5*k, y, "~", size, true, colFinding, 0.5)
	x += 16 * k
	p.text(x, y, "soft evidence", size, false, colMuted, 0)
	if strength {
		x += p.width("soft evidence", size, false) + 22*k
		// A thin edge and a thick one: 1 and 6 pixels, strengths 0 and 1.
		p.line(x, y-sw/2+1*k, x+14*k, y-sw/2+1*k, 1*k, colEdge)
		p.line(x+20*k, y-sw/2+1*k, x+34*k, y-sw/2+1*k, 6*k, colEdge)
		x += 42 * k
		p.text(x, y, "edge width: strength of influence", size, false, colMuted, 0)
	}
}
