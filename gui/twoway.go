package gui

import (
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/network/analysis"
	"brink/network/model"
)

// twoWayMenuWidth is the widest a number's text is in the pickers' menus.
const twoWayMenuWidth = 900

// twoWayPicker is the end of Fragile?: two of the numbers listed, picked
// by their rank (the nearest two of different rows at first), and a
// Two-way button that shows the heat map of the target's probability over
// both (analysis.TwoWay) under it. brinkctl fragility --two-way I,J
// --grid, in the window.
func (p *analysisPanel) twoWayPicker(r *analysis.FragilityReport, listed []analysis.Margin) []fyne.CanvasObject {
	head := p.heading("Two numbers at once")
	if len(listed) < 2 {
		return []fyne.CanvasObject{head, caption("Two-way needs two numbers in the list above.")}
	}
	m := p.win.ws.Model()
	// The menu is as wide as its longest option: a long row is cut so
	// that it stays on a 1366-pixel screen (the list above has it whole).
	options := make([]string, len(listed))
	for i, mg := range listed {
		options[i] = fitText([]string{fmt.Sprintf("%d. %s", i+1, entryText(m, mg.Entry))}, theme.TextSize(), fyne.TextStyle{}, twoWayMenuWidth)
	}
	first, second := widget.NewSelect(options, nil), widget.NewSelect(options, nil)
	first.PlaceHolder, second.PlaceHolder = "Pick a number", "Pick a number"
	a, b := defaultPair(listed)
	first.SetSelectedIndex(a)
	second.SetSelectedIndex(b)
	box := container.NewVBox()
	run := widget.NewButton("Two-way", func() {
		p.twoWay(r, listed, first.SelectedIndex(), second.SelectedIndex(), box)
	})
	return []fyne.CanvasObject{
		head,
		caption("Pick two of the numbers listed, by their rank, from different rows: Two-way shows the target's probability as both move from 0 to 1, and where the conclusion changes."),
		container.New(layout.NewFormLayout(),
			widget.NewLabel("First (across)"), first,
			widget.NewLabel("Second (up)"), second),
		container.NewHBox(run),
		box,
	}
}

// defaultPair returns the first two of ms in different rows (two entries
// of one row cannot move apart), or 0 and 1 when all share a row.
func defaultPair(ms []analysis.Margin) (int, int) {
	for i := range ms {
		for k := i + 1; k < len(ms); k++ {
			if ms[k].Node != ms[i].Node || ms[k].Row != ms[i].Row {
				return i, k
			}
		}
	}
	return 0, 1
}

// twoWay computes the grid of listed[i] across and listed[j] up, and
// shows it in box, scrolled into view.
func (p *analysisPanel) twoWay(r *analysis.FragilityReport, listed []analysis.Margin, i, j int, box *fyne.Container) {
	if i < 0 || j < 0 {
		p.win.showError(fmt.Errorf("two-way: pick two numbers of the list"))
		return
	}
	x, y := listed[i], listed[j]
	m := p.win.ws.Model()
	if x.Node == y.Node && x.Row == y.Row {
		row := m.Label(x.Node)
		if c := configText(m, x.Node, x.Row); c != "" {
			row += " given " + c
		}
		p.win.showError(fmt.Errorf("two-way: numbers %d and %d are in one row of a table (%s), which keeps summing to 1 as they move; pick numbers of two rows", i+1, j+1, row))
		return
	}
	g, err := p.win.ws.TwoWay(r.Conclusion, x.Entry, y.Entry, 0)
	if err != nil {
		p.win.showError(err)
		return
	}
	objs, chart := twoWayView(m, r, g)
	// Give the chart the panel's width before it is laid out, so that
	// its height (which follows its width) is right at once.
	if w := p.result.Size().Width; w > 0 {
		chart.Resize(fyne.NewSize(w, chart.MinSize().Height))
	}
	box.Objects = objs
	box.Refresh()
	p.result.Refresh()
	if p.scroll == nil {
		return
	}
	p.scroll.Refresh()
	// Scroll to the heading, or to the chart when both do not fit.
	top := p.result.Position().Y + box.Position().Y
	if chart.Position().Y+chart.Size().Height > p.scroll.Size().Height {
		top += chart.Position().Y
	}
	room := p.scroll.Content.MinSize().Height - p.scroll.Size().Height
	p.scroll.ScrollToOffset(fyne.NewPos(0, max(0, min(top, room))))
}

// twoWayView is the heat map of g with its heading, what the line means,
// a key, and the two numbers in full; chart is the heat map among them.
func twoWayView(m *model.Model, r *analysis.FragilityReport, g *analysis.TwoWayGrid) (objs []fyne.CanvasObject, chart *twoWayChart) {
	v := r.Conclusion.Target
	t := targetText(m, v, g.State)
	axis := func(name string, e analysis.Entry, now float64) []string {
		tail := ", now " + entryValue(now)
		full := []string{name + entryText(m, e) + tail}
		if len(m.Net.Parents(e.Node)) > 0 {
			full = append(full, name+"P("+targetText(m, e.Node, e.State)+" | …)"+tail)
		}
		return full
	}
	texts := twoWayTexts{
		X:      axis("x: ", g.X, g.XValue),
		Y:      axis("y: ", g.Y, g.YValue),
		Legend: "Colour: P(" + t + "), in percent",
		Now:    "now " + analysis.Percent(g.Current),
	}
	for _, b := range g.Boundaries {
		texts.Lines = append(texts.Lines, boundaryLabel(m, v, b))
	}
	chart = newTwoWayChart(g, texts)
	return []fyne.CanvasObject{
		bold(fmt.Sprintf("P(%s) as both numbers move from 0 to 1", t)),
		chart,
		wrapped(boundarySentence(m, r, g)),
		caption("The white line is where the conclusion changes; the ring marks the numbers as they are. " +
			"Each number's row keeps its proportions as it moves (the rest scaled to keep the sum 1), and the colours are exact."),
		caption(fmt.Sprintf("x, across: %s, now %s.", entryText(m, g.X), entryValue(g.XValue))),
		caption(fmt.Sprintf("y, up: %s, now %s.", entryText(m, g.Y), entryValue(g.YValue))),
	}, chart
}

// boundaryLabel labels a line of the heat map on it: its threshold,
// "45%", or the rival that ties there, "Limited settlement ties".
func boundaryLabel(m *model.Model, v int, b analysis.Boundary) string {
	if b.Rival >= 0 {
		return m.StateLabel(v, b.Rival) + " ties"
	}
	return levelText(b.Threshold)
}

// boundarySentence says in one sentence what the heat map's lines mean:
// "Above and to the right of the line, P(Outcome = Fragile balance)
// reaches 45%: it is no longer “unlikely” (20–45%)." Each line is told
// once, on the side where the conclusion changes.
func boundarySentence(m *model.Model, r *analysis.FragilityReport, g *analysis.TwoWayGrid) string {
	v := r.Conclusion.Target
	t := targetText(m, v, g.State)
	if len(g.Boundaries) == 0 {
		return fmt.Sprintf("The conclusion on P(%s) holds over the whole square: no values of these two numbers together change it.", t)
	}
	var lines []analysis.Boundary
	seen := map[string]bool{}
	for _, b := range g.Boundaries {
		if k := boundaryLabel(m, v, b); !seen[k] && len(b.Points) > 0 {
			seen[k] = true
			lines = append(lines, b)
		}
	}
	var clauses []string
	for _, b := range lines {
		name := "the line"
		if len(lines) > 1 {
			name = "the " + boundaryLabel(m, v, b) + " line"
		}
		var what string
		switch {
		case b.Rival >= 0:
			what = m.StateLabel(v, b.Rival) + " is more likely than " + m.StateLabel(v, g.State)
		case b.Threshold == g.High:
			what = "P(" + t + ") reaches " + levelText(b.Threshold)
		default:
			what = "P(" + t + ") falls below " + levelText(b.Threshold)
		}
		clauses = append(clauses, changeSide(g, b)+" "+name+", "+what)
	}
	either := ""
	if len(clauses) > 1 {
		either = "either way "
	}
	end := either + "it is no longer " + bandText(r)
	if r.Conclusion.State == analysis.MostLikely {
		end = either + m.StateLabel(v, g.State) + " is no longer the most likely " + m.Label(v)
	}
	return capitalise(strings.Join(clauses, ", and ")) + ": " + end + "."
}

// changeSide says on which side of boundary b, seen on the heat map, the
// conclusion changes: "above", "to the right of", "above and to the
// right of" …, from the direction in which the function that vanishes on
// the line grows into the changed side at the line's middle point,
//
//	F = Num[t] − τ·Den (a threshold τ; the change is F ≥ 0 at High, F < 0 at Low),
//	F = Num[rival] − Num[t] (a rival; the change is F > 0),
//
// whose gradient is (B + D·y, C + D·x) for F = A + B·x + C·y + D·x·y. A
// direction within about 22° of an axis is named by that axis alone.
func changeSide(g *analysis.TwoWayGrid, b analysis.Boundary) string {
	q := b.Points[len(b.Points)/2]
	var f analysis.Bilinear
	sign := 1.0
	if b.Rival >= 0 {
		f = minus(g.Num[b.Rival], 1, g.Num[g.State])
	} else {
		f = minus(g.Num[g.State], b.Threshold, g.Den)
		if b.Threshold != g.High {
			sign = -1
		}
	}
	gx, gy := sign*(f.B+f.D*q.Y), sign*(f.C+f.D*q.X)
	const ratio = 2.4 // tan 67.5°
	ax, ay := math.Abs(gx), math.Abs(gy)
	vertical, across := "above", "to the right of"
	if gy < 0 {
		vertical = "below"
	}
	if gx < 0 {
		across = "to the left of"
	}
	switch {
	case ax == 0 && ay == 0:
		return "across"
	case ay >= ratio*ax:
		return vertical
	case ax >= ratio*ay:
		return across
	}
	return vertical + " and " + across
}

// minus returns f − k·g.
func minus(f analysis.Bilinear, k float64, g analysis.Bilinear) analysis.Bilinear {
	return analysis.Bilinear{A: f.A - k*g.A, B: f.B - k*g.B, C: f.C - k*g.C, D: f.D - k*g.D}
}
