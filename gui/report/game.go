package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"brink/gui/cardlayout"
	"brink/network"
	"brink/network/analysis"
	"brink/network/decision"
	"brink/network/model"
)

// decisionsOnce writes the page on the model's decisions, once for the
// brief, under the findings of the reference (the column named by
// Options.Reference, or none): when two actors each own a decision
// (decision.TwoSides), the table of their options against each other
// (twoSides); otherwise each decision's options by expected utility
// (oneSide). Each scenario's part says its own best moves (bestMoves). A
// model without decisions or utilities gets no page. Both end with the
// utilities' rationales, since utilities are judgements the brief must
// show to be argued.
func (b *briefWriter) decisionsOnce(cols []Column) {
	m := b.m
	dg, err := decision.FromModel(m)
	if err != nil {
		return // no influence diagram
	}
	ev, name := network.NewEvidence(m.Net), "the baseline (the model without findings)"
	if b.refCol >= 0 {
		ev, name = b.r.evs[b.refCol], columnName(cols[b.refCol], b.refCol)
	}
	under := "Without findings."
	if s := findingsSummary(m, ev); s != "" {
		under = "Under the findings and actions of " + name + ": " + s + "."
	}
	under += " Each scenario's best moves under its own findings are in its part of the brief."
	sub := "Under " + name + "  ·  Model: " + b.title
	var gameErr error
	if actors, ds, _, ok := decision.TwoSides(m); ok {
		g, err := dg.NewGame(ev, ds[0], ds[1], actors[0], actors[1], b.gameWatch())
		if err == nil {
			for _, v := range ds {
				_, seen := ev.Finding(v)
				_, set := ev.Do(v)
				if seen || set {
					under += " The table puts each pair of options in place of what the scenario gives for " + m.Label(v) + "."
				}
			}
			b.partHead("Decisions", "The two sides' options", sub)
			b.twoSides(g, actors, under)
			b.judgements()
			return
		}
		gameErr = err
	}
	b.partHead("Decisions", "Decisions", sub)
	if gameErr != nil {
		b.para(0, "The table of the two sides' options could not be drawn: "+gameErr.Error()+".", "I", 9.5, bUp)
		b.doc.Ln(1.5)
	}
	sol, err := dg.Solve(ev)
	if err != nil {
		b.para(0, "The decisions could not be solved under these findings: "+err.Error()+".", "I", 9.5, bUp)
	} else {
		b.oneSide(dg, sol, ev, under)
	}
	b.judgements()
}

// bestMoves says in words what each side's best move is under ev, for a
// scenario's part of the brief: with two sides, each side's best reply
// and what is stable (decision.Game.Words); with one decision maker, each
// decision's best option by expected utility. Nil for a model without
// decisions, or when they cannot be solved under ev.
func (b *briefWriter) bestMoves(ev *network.Evidence) []string {
	m := b.m
	dg, err := decision.FromModel(m)
	if err != nil {
		return nil
	}
	// A decision the scenario sets: the lines say what would be best had
	// it been left open.
	var set []string
	for _, v := range dg.Decisions() {
		if s, ok := ev.Do(v); ok {
			set = append(set, m.Label(v)+" to "+m.StateLabel(v, s))
		} else if f, ok := ev.Finding(v); ok && f.Kind == network.Hard {
			set = append(set, m.Label(v)+" to "+m.StateLabel(v, f.State))
		}
	}
	note := ""
	if len(set) > 0 {
		note = "This scenario sets " + strings.Join(set, " and ") + "; these lines say what would be best were the choice open."
	}
	if actors, ds, _, ok := decision.TwoSides(m); ok {
		if g, err := dg.NewGame(ev, ds[0], ds[1], actors[0], actors[1], nil); err == nil {
			w := g.Words(m, actors)
			out := append(w.Sides[:], w.Stable)
			if note != "" {
				out = append(out, note)
			}
			return out
		}
	}
	sol, err := dg.Solve(ev)
	if err != nil {
		return nil
	}
	var out []string
	for k, v := range dg.Decisions() {
		best, bestEU := -1, math.Inf(-1)
		for o, eu := range sol.Options[k] {
			if !math.IsNaN(eu) && eu > bestEU {
				best, bestEU = o, eu
			}
		}
		if best < 0 {
			continue
		}
		out = append(out, m.Label(v)+": best is "+m.StateLabel(v, best)+" (expected utility "+utilityNumber(bestEU)+").")
	}
	if note != "" && len(out) > 0 {
		out = append(out, note)
	}
	return out
}

// gameWatch returns the nodes whose most likely states a game cell
// shows: the outcome nodes, or when the model marks none, the briefing
// nodes that are not decisions.
func (b *briefWriter) gameWatch() []int {
	var out, all []int
	for _, v := range b.m.BriefingNodes() {
		switch b.m.Nodes[v].Role {
		case model.RoleOutcome:
			out = append(out, v)
			fallthrough
		default:
			all = append(all, v)
		case model.RoleDecision:
		}
	}
	if len(out) > 0 {
		return out
	}
	return all
}

// utilityNumber writes an expected utility as the utility cards do (four
// significant figures, "−10"); "ruled out" when the findings exclude the
// options.
func utilityNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "ruled out"
	}
	return strings.TrimPrefix(cardlayout.ExpectedText(x, true), "expected ")
}

// utilitiesOf describes the utility tables an actor's expected utility
// sums ("" for all of them): their labels and the units or description
// the model states, or that it states none.
func (b *briefWriter) utilitiesOf(actor string, all bool) string {
	var parts []string
	for _, u := range b.m.Utilities {
		if !all && u.Actor != actor {
			continue
		}
		d := strings.TrimSuffix(oneLine(u.Description), ".")
		if d == "" {
			d = "no units stated"
		} else {
			d = strings.ToLower(d[:1]) + d[1:]
		}
		parts = append(parts, u.DisplayLabel()+" ("+d+")")
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "the sum of " + strings.Join(parts, " and ")
}

// mostLikely writes the most likely state of watched node v given a
// pair of options, with its probability: "Clash: no 95%"; states tied
// for the top are all named.
func (b *briefWriter) mostLikely(v int, post []float64) string {
	top := slices.Max(post)
	var names []string
	for s, p := range post {
		if p >= top-1e-9 {
			names = append(names, b.m.StateLabel(v, s))
		}
	}
	if len(names) == 1 {
		return b.m.Label(v) + ": " + names[0] + " " + analysis.Percent(top)
	}
	return b.m.Label(v) + ": " + strings.Join(names, " or ") + ", " + analysis.Percent(top) + " each"
}

// star draws a five-pointed star of outer radius r centred at (x, y),
// the mark of a best response (the window's Decisions tab writes ★,
// which Liberation Sans lacks).
func (b *briefWriter) star(x, y, r float64) {
	pts := make([]fpdf.PointType, 10)
	for k := range pts {
		rad := r
		if k%2 == 1 {
			rad = r * 0.42
		}
		a := -math.Pi/2 + float64(k)*math.Pi/5
		pts[k] = fpdf.PointType{X: x + rad*math.Cos(a), Y: y + rad*math.Sin(a)}
	}
	b.fill(bAccent)
	b.doc.Polygon(pts, "F")
}

// Geometry of the game table, in millimetres.
const (
	gLabelW = 38.0 // the row options' column
	gLineH  = 4.4  // a payoff line
	gOutH   = 3.8  // an outcome line
	gPad    = 1.6  // above and below a cell's lines
	gStarW  = 4.0  // the slot of a best response's star
)

// twoSides writes the game table of g, the equilibria and each side's
// best move in words.
func (b *briefWriter) twoSides(g *decision.Game, actors [2]string, under string) {
	d, m := b.doc, b.m
	a, bd := g.A, g.B
	b.para(0, fmt.Sprintf("Each cell: what each side can expect if %s takes the row's option and %s the column's — each side's expected utility by its own utilities, with both options taken as actions. %s",
		actors[0], actors[1], under), "", 9.5, bInk)
	d.Ln(1)
	b.para(0, fmt.Sprintf("Expected utility of %s: %s. Of %s: %s.", actors[0], b.utilitiesOf(actors[0], false), actors[1], b.utilitiesOf(actors[1], false)), "", 9, bMuted)
	d.Ln(2)

	nb := len(g.Payoff[0])
	colW := (bWidth - gLabelW) / float64(nb)
	watch := b.gameWatch()
	// The outcome lines of each cell, wrapped to its width.
	b.font("", 8, bInk)
	outs := make([][][]string, len(g.Payoff))
	for i := range g.Payoff {
		outs[i] = make([][]string, nb)
		for j := range nb {
			for w, v := range watch {
				if w < len(g.Outcomes[i][j]) && !math.IsNaN(g.Payoff[i][j][0]) {
					outs[i][j] = append(outs[i][j], d.SplitText(b.mostLikely(v, g.Outcomes[i][j][w]), colW-4)...)
				}
			}
		}
	}
	// The rows' side takes two lines in the corner, its actor and its
	// decision's label; the columns' side one line over the columns. A
	// decision without a label is named by its actor alone: its id would
	// only repeat it.
	label := func(v int) string { return m.Nodes[v].Label }
	header := func() {
		b.font("B", 8, bMuted)
		d.SetX(bMargin)
		d.CellFormat(gLabelW, 4.5, fitText(d, "Rows: "+actors[0], gLabelW-1), "", 0, "L", false, 0, "")
		cols := "Columns: " + actors[1]
		if l := label(bd); l != "" {
			cols += " — " + l
		}
		d.CellFormat(bWidth-gLabelW, 4.5, fitText(d, cols, bWidth-gLabelW-2), "", 1, "C", false, 0, "")
		d.SetX(bMargin)
		d.CellFormat(gLabelW, 5.5, fitText(d, label(a), gLabelW-1), "B", 0, "L", false, 0, "")
		b.font("B", 9, bInk)
		for j := range nb {
			d.CellFormat(colW, 5.5, fitText(d, m.StateLabel(bd, j), colW-2), "B", 0, "C", false, 0, "")
		}
		d.Ln(-1)
	}
	b.ensure(12 + 2*gLineH + 2*gPad)
	header()
	for i := range g.Payoff {
		b.font("B", 9, bInk)
		rowLines := d.SplitText(m.StateLabel(a, i), gLabelW-3)
		n := 0
		for j := range nb {
			n = max(n, len(outs[i][j]))
		}
		h := math.Max(2*gLineH+float64(n)*gOutH, float64(len(rowLines))*gLineH) + 2*gPad
		if n > 0 {
			h += 0.8 // between the payoffs and the outcomes
		}
		// The last row keeps the legend under it.
		need := h
		if i == len(g.Payoff)-1 {
			need += 1.5 + 3*3.8
		}
		if d.GetY()+need > bPageH-bBottom {
			d.AddPage()
			header()
		}
		y := d.GetY()
		b.font("B", 9, bInk)
		for li, l := range rowLines {
			d.SetXY(bMargin, y+gPad+float64(li)*gLineH)
			d.CellFormat(gLabelW, gLineH, l, "", 0, "L", false, 0, "")
		}
		for j := range nb {
			x := bMargin + gLabelW + float64(j)*colW
			if slices.Contains(g.Pure, [2]int{i, j}) {
				b.fill(bStripe)
				d.Rect(x+0.4, y+0.4, colW-0.8, h-0.8, "F")
				b.draw(bAccent)
				d.SetLineWidth(0.35)
				d.Rect(x+0.4, y+0.4, colW-0.8, h-0.8, "D")
			}
			best := [2]bool{slices.Contains(g.BestA[j], i), slices.Contains(g.BestB[i], j)}
			for k := range 2 {
				ly := y + gPad + float64(k)*gLineH
				style := ""
				if best[k] {
					style = "B"
				}
				val := utilityNumber(g.Payoff[i][j][k])
				b.font(style, 9, bInk)
				vw := d.GetStringWidth(val) + 1
				d.SetXY(x+colW-gStarW-vw-1, ly)
				d.CellFormat(vw, gLineH, val, "", 0, "R", false, 0, "")
				if best[k] {
					b.star(x+colW-gStarW/2-1, ly+gLineH/2, 1.5)
				}
				b.font("", 8, bMuted)
				d.SetXY(x+1.5, ly)
				d.CellFormat(colW-gStarW-vw-3, gLineH, fitText(d, actors[k], colW-gStarW-vw-4), "", 0, "L", false, 0, "")
			}
			b.font("", 8, bInk)
			for li, l := range outs[i][j] {
				d.SetXY(x+1.5, y+gPad+2*gLineH+0.8+float64(li)*gOutH)
				d.CellFormat(colW-3, gOutH, l, "", 0, "L", false, 0, "")
			}
		}
		d.SetXY(bMargin, y+h)
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, y+h, bMargin+bWidth, y+h)
	}

	// The legend, with the star as the table draws it.
	d.Ln(1.5)
	b.ensure(3 * 3.8)
	y := d.GetY()
	b.star(bMargin+1.6, y+1.9, 1.3)
	b.font("", 8, bMuted)
	d.SetXY(bMargin+4, y)
	legend := "and bold figures: that side's best response to the other's option."
	if len(g.Pure) > 0 {
		legend += " Framed cell: an equilibrium, where neither side gains by changing alone."
	}
	if len(watch) > 0 {
		legend += " Below the utilities: the most likely state of each outcome if both options are taken, with its probability."
	}
	d.MultiCell(bWidth-4, 3.8, legend, "", "L", false)

	// Each side's best move, the equilibria, the mix.
	words := g.Words(m, actors)
	b.section("What each side's best move is", 4*bLineH)
	for _, s := range words.Sides {
		b.para(0, s, "", 9.5, bInk)
		d.Ln(1.2)
	}
	b.para(0, words.Stable, "B", 9.5, bInk)
	if mx := g.Mixed; mx != nil {
		d.Ln(1.2)
		b.para(0, fmt.Sprintf("%s At that mix %s expects %s and %s expects %s.", words.Mixed, actors[0], utilityNumber(mx.EA), actors[1], utilityNumber(mx.EB)), "", 9.5, bInk)
	}
}

// oneSide writes each decision's options by expected utility, the best
// one, and what the best choice depends on (decision.PolicyText), as
// brinkctl decide and the window's Decisions tab give them.
func (b *briefWriter) oneSide(dg *decision.Diagram, sol *decision.Solution, ev *network.Evidence, under string) {
	d, m := b.doc, b.m
	b.para(0, "The expected utility of each option if it is taken for certain and the other decisions follow their best policies. "+under+
		" In the model's units: "+b.utilitiesOf("", true)+".", "", 9.5, bInk)
	for k, v := range dg.Decisions() {
		who := ""
		if a := m.Nodes[v].Actor; a != "" {
			who = " — " + a
		}
		opts := sol.Options[k]
		b.section(m.Label(v)+who, float64(len(opts)+1)*bRowH)
		if _, set := ev.Do(v); set {
			b.para(0, "Set by action in this scenario.", "I", 9, bMuted)
		}
		best := -1
		lo, hi := math.Inf(1), math.Inf(-1)
		for o, eu := range opts {
			if math.IsNaN(eu) {
				continue
			}
			lo, hi = math.Min(lo, eu), math.Max(hi, eu)
			if best < 0 || eu > opts[best] {
				best = o
			}
		}
		widths := []float64{62, 70, 26, 22}
		b.font("B", 8, bMuted)
		for j, h := range []string{"Option", "", "Expected utility", ""} {
			d.CellFormat(widths[j], bRowH, h, "B", 0, []string{"L", "L", "R", "L"}[j], false, 0, "")
		}
		d.Ln(-1)
		for o, eu := range opts {
			y := d.GetY()
			style := ""
			if o == best {
				style = "B"
			}
			b.font(style, 9, bInk)
			d.CellFormat(widths[0], bRowH, fitText(d, m.StateLabel(v, o), widths[0]-2), "", 0, "L", false, 0, "")
			bx, bw := bMargin+widths[0]+2, widths[1]-6
			b.fill(bStripe)
			d.Rect(bx, y+1.7, bw, bRowH-3.4, "F")
			if hi > lo && !math.IsNaN(eu) {
				b.fill(roleColor(string(model.RoleUtility)))
				d.Rect(bx, y+1.7, math.Max(0.3, bw*(eu-lo)/(hi-lo)), bRowH-3.4, "F")
			}
			d.SetX(bMargin + widths[0] + widths[1])
			d.CellFormat(widths[2], bRowH, utilityNumber(eu), "", 0, "R", false, 0, "")
			if o == best {
				b.star(bMargin+widths[0]+widths[1]+widths[2]+3.5, y+bRowH/2, 1.5)
				b.font("B", 9, bAccent)
				d.SetX(bMargin + widths[0] + widths[1] + widths[2] + 6)
				d.CellFormat(widths[3]-6, bRowH, "best", "", 0, "L", false, 0, "")
			}
			d.SetXY(bMargin, y+bRowH)
		}
		b.draw(bRule)
		d.SetLineWidth(0.2)
		d.Line(bMargin, d.GetY(), bMargin+bWidth, d.GetY())
		d.Ln(1.5)
		if len(m.Net.Parents(v)) > 0 && k < len(sol.Policies) {
			// The first line says what the choice depends on; the cases
			// follow, indented.
			lines := strings.Split(decision.PolicyText(m, v, sol.Policies[k]), "\n")
			b.para(0, lines[0], "", 9.5, bInk)
			for _, l := range lines[1:] {
				b.para(4.5, l, "", 9.5, bInk)
			}
		}
	}
	d.Ln(1)
	b.font("", 8, bMuted)
	d.MultiCell(bWidth, 3.8, "Bars run from the worst option to the best. Best: the option with the highest expected utility if taken for certain; where a decision sees other nodes first, the lines under its table say which option is best in each case.", "", "L", false)
}

// judgements writes, set off from the rest, that utilities are the
// analyst's judgements, with each utility table's rationale, flagging
// those that give none.
func (b *briefWriter) judgements() {
	d := b.doc
	us := b.m.Utilities
	// Measure first, so the box is drawn behind its text on one page.
	b.font("", 9.5, bInk)
	textW := bWidth - 10
	lines := make([][]string, len(us))
	h := 5.0 + 2*2.5
	for k, u := range us {
		lines[k] = d.SplitText(b.rationaleText(&u), textW-4)
		h += float64(len(lines[k]))*4.4 + 1
	}
	d.Ln(4)
	b.ensure(h)
	y := d.GetY()
	b.fill(bStripe)
	d.Rect(bMargin, y, bWidth, h, "F")
	b.fill(bAccent)
	d.Rect(bMargin, y, 1.2, h, "F")
	d.SetXY(bMargin+5, y+2.5)
	b.font("B", 10, bInk)
	d.CellFormat(textW, 5, "Utilities are the analyst's judgements, not measurements:", "", 1, "L", false, 0, "")
	for k, u := range us {
		for li, l := range lines[k] {
			x := bMargin + 9
			d.SetXY(x, d.GetY())
			if li == 0 {
				b.fill(bMuted)
				d.Circle(bMargin+6.6, d.GetY()+2.2, 0.7, "F")
			}
			if u.Rationale == "" {
				b.font("I", 9.5, bUp)
			} else {
				b.font("", 9.5, bInk)
			}
			d.CellFormat(textW-4, 4.4, l, "", 1, "L", false, 0, "")
		}
		d.Ln(1)
	}
	d.SetXY(bMargin, y+h+2)
}

// rationaleText is one utility's line in the judgements box: its label,
// whose it is, and its rationale, or "no rationale given".
func (b *briefWriter) rationaleText(u *model.Utility) string {
	name := u.DisplayLabel()
	if u.Actor != "" {
		name += " (" + u.Actor + ")"
	}
	if r := oneLine(u.Rationale); r != "" {
		return name + ": " + r
	}
	return name + ": no rationale given — ask the model's authors why these values."
}
