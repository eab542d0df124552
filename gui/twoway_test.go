package gui

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/network/analysis"
)

// findChart returns the two-way chart in o, or nil.
func findChart(o fyne.CanvasObject) *twoWayChart {
	switch x := o.(type) {
	case *twoWayChart:
		return x
	case *fyne.Container:
		for _, c := range x.Objects {
			if ch := findChart(c); ch != nil {
				return ch
			}
		}
	case *container.Scroll:
		return findChart(x.Content)
	}
	return nil
}

// findSelects returns the selects in o, in order.
func findSelects(o fyne.CanvasObject) []*widget.Select {
	switch x := o.(type) {
	case *widget.Select:
		return []*widget.Select{x}
	case *fyne.Container:
		var out []*widget.Select
		for _, c := range x.Objects {
			out = append(out, findSelects(c)...)
		}
		return out
	}
	return nil
}

// chartTexts returns the texts drawn on the chart.
func chartTexts(c *twoWayChart) []string {
	var out []string
	for _, o := range test.WidgetRenderer(c).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Text != "" {
			out = append(out, t.Text)
		}
	}
	return out
}

// fragileTwoWay opens the flagship with the Red Sea spark, shows
// Fragile? in the Analysis tab, and returns the panel, the numbers it
// lists in order, and the pickers.
func fragileTwoWay(t *testing.T) (*Window, *analysisPanel, []analysis.Margin, []*widget.Select) {
	t.Helper()
	win, ws, p := redSeaSpark(t)
	win.sideSplit.Trailing.(*container.AppTabs).SelectIndex(2)
	p.choice.SetSelected("Fragile?")
	v, s := p.target()
	r, err := ws.Fragility(analysis.Conclusion{Target: v, State: s})
	if err != nil {
		t.Fatal(err)
	}
	sel := findSelects(p.result)
	if len(sel) != 2 {
		t.Fatalf("%d selects in Fragile?, want 2", len(sel))
	}
	return win, p, r.Margins[:fragileTop], sel
}

// TestTwoWayHeatMap presses Two-way on the flagship with the Red Sea
// spark and checks the heat map: the nearest two numbers of different
// rows by default, axes and legend in the model's labels, no NaN, the
// current point at the numbers' current values, a square as wide as the
// panel allows, and a sentence whose side of the line is the side where
// P(Outcome = Fragile balance) reaches 45%.
func TestTwoWayHeatMap(t *testing.T) {
	win, p, listed, sel := fragileTwoWay(t)
	// The nearest two, ranks 1 and 2, lie in different rows.
	if sel[0].SelectedIndex() != 0 || sel[1].SelectedIndex() != 1 {
		t.Fatalf("default pair %d, %d; want the first two", sel[0].SelectedIndex(), sel[1].SelectedIndex())
	}
	test.Tap(findButton(p.result, "Two-way"))
	if top := win.w.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Two-way showed an error: %q", dialogTexts(win))
	}
	c := findChart(p.result)
	if c == nil {
		t.Fatal("no heat map")
	}
	g := c.g
	if g.X != listed[0].Entry || g.Y != listed[1].Entry || g.XValue != listed[0].Value || g.YValue != listed[1].Value {
		t.Errorf("grid of %v (%v) and %v (%v), want the first two listed", g.X, g.XValue, g.Y, g.YValue)
	}

	drawn := chartTexts(c)
	all := strings.Join(texts(p.result), "\n") + "\n" + strings.Join(drawn, "\n")
	for _, want := range []string{
		"P(Outcome = Fragile balance) as both numbers move from 0 to 1",
		"x: P(Escalation spiral = Contained | ",
		"y: P(Outcome = Fragile balance | ",
		"Colour: P(Outcome = Fragile balance), in percent",
		"0%", "50%", "100%", "20%", "45%", "now 44.9%",
		"Above and to the right of the line, P(Outcome = Fragile balance) reaches 45%: it is no longer “unlikely” (20–45%).",
		"x, across: P(Escalation spiral = Contained | Miscalculation risk = High, Localized clash = Yes, US response to incidents = Proportionate, Iran's answer = Calibrated), now 0.401.",
		"y, up: P(Outcome = Fragile balance | US intention = Pressure, Iran intention = Escalate, Escalation spiral = Contained, Iran's answer = Calibrated), now 0.701.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("%q missing from\n%s", want, all)
		}
	}
	for _, bad := range []string{"NaN", "Inf", "_"} {
		if strings.Contains(all, bad) {
			t.Errorf("the two-way view shows %q:\n%s", bad, all)
		}
	}

	// The current point: the ring is centred on the numbers' values.
	r := test.WidgetRenderer(c).(*twoWayRenderer)
	centre := r.ring.Position().AddXY(r.ring.Size().Width/2, r.ring.Size().Height/2)
	want := c.at(listed[0].Value, listed[1].Value)
	if math.Abs(float64(centre.X-want.X)) > 0.01 || math.Abs(float64(centre.Y-want.Y)) > 0.01 {
		t.Errorf("current point drawn at %v, want %v", centre, want)
	}
	x0, y0, side := c.square(c.Size().Width)
	if got := fyne.NewPos(x0+float32(listed[0].Value)*side, y0+float32(1-listed[1].Value)*side); got != want {
		t.Errorf("at() = %v, want %v", want, got)
	}

	// A square, as wide as the panel, which it does not widen.
	if hs := r.heat.Size(); hs.Width != hs.Height || hs.Width < 250 {
		t.Errorf("heat map %v: want a square at least 250 wide", hs)
	}
	if w := c.Size().Width; w < p.result.Size().Width-1 {
		t.Errorf("chart %v wide in a panel %v wide", w, p.result.Size().Width)
	}
	if w := p.scroll.Content.MinSize().Width; w > 400 {
		t.Errorf("the section needs %v pixels across; the side panel at 1366×768 has about 420", w)
	}

	// The sentence's side: moving from the line's middle up and to the
	// right brings P to 45% or more, the other way below.
	b := g.Boundaries[0]
	q := b.Points[len(b.Points)/2]
	if up, down := g.At(g.State, q.X+0.02, q.Y+0.02), g.At(g.State, q.X-0.02, q.Y-0.02); up < 0.45 || down >= 0.45 {
		t.Errorf("beside the line: %v up and right, %v down and left; want ≥ 45%% and < 45%%", up, down)
	}
}

// TestTwoWayRefusesOneRow checks that two numbers of one row, or one
// number twice, are refused with a message naming the row in labels.
func TestTwoWayRefusesOneRow(t *testing.T) {
	win, p, listed, sel := fragileTwoWay(t)
	var i, j = -1, -1
	for a := range listed {
		for b := a + 1; b < len(listed); b++ {
			if i < 0 && listed[a].Node == listed[b].Node && listed[a].Row == listed[b].Row {
				i, j = a, b
			}
		}
	}
	if i < 0 {
		t.Fatal("no two listed numbers share a row")
	}
	for _, pair := range [][2]int{{i, j}, {0, 0}} {
		sel[0].SetSelectedIndex(pair[0])
		sel[1].SetSelectedIndex(pair[1])
		test.Tap(findButton(p.result, "Two-way"))
		top := win.w.Canvas().Overlays().Top()
		if top == nil {
			t.Fatalf("numbers %d and %d: no message", pair[0]+1, pair[1]+1)
		}
		if msg := strings.Join(dialogTexts(win), " "); !strings.Contains(msg, "one row") || strings.Contains(msg, "_") {
			t.Errorf("numbers %d and %d: %q", pair[0]+1, pair[1]+1, msg)
		}
		win.w.Canvas().Overlays().Remove(top)
	}
	if findChart(p.result) != nil {
		t.Error("a heat map was drawn for numbers of one row")
	}
}

// TestChangeSide checks the words for the side of a line where the
// conclusion changes, on bilinear functions whose gradient is known.
func TestChangeSide(t *testing.T) {
	line := analysis.Boundary{Points: []analysis.Point{{X: 0.5, Y: 0.5}}, Threshold: 0.5, Rival: -1}
	for _, c := range []struct {
		name string
		num  analysis.Bilinear // Den = 1
		high bool              // the line is the band's top
		want string
	}{
		{"rises upwards", analysis.Bilinear{C: 1}, true, "above"},
		{"rises upwards, the bottom", analysis.Bilinear{C: 1}, false, "below"},
		{"rises to the right", analysis.Bilinear{B: 1}, true, "to the right of"},
		{"falls to the right", analysis.Bilinear{B: -1}, true, "to the left of"},
		{"rises up and right", analysis.Bilinear{B: 1, C: 1}, true, "above and to the right of"},
		{"rises up, a little right", analysis.Bilinear{B: 0.3, C: 1}, true, "above"},
		{"flat", analysis.Bilinear{A: 0.5}, true, "across"},
	} {
		g := &analysis.TwoWayGrid{Num: []analysis.Bilinear{c.num}, Den: analysis.Bilinear{A: 1}, Low: 0.2, High: 0.8}
		if c.high {
			g.High = 0.5
		} else {
			g.Low = 0.5
		}
		if got := changeSide(g, line); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
