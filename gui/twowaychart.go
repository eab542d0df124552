package gui

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/report"
	"brink/network/analysis"
)

// twoWayChart draws a two-way grid (analysis.TwoWay) as a heat map that
// fills the width it is given: a square of the target's probability over
// both numbers from 0 to 1, the line where the conclusion changes, the
// current numbers, the axes and a colour legend in percent below. Its
// height follows its width, as a wrapped label's does, so that the
// square fits the side panel however wide it is.
type twoWayChart struct {
	widget.BaseWidget
	g *analysis.TwoWayGrid
	t twoWayTexts
}

// twoWayTexts are the words of a twoWayChart, in the model's labels.
type twoWayTexts struct {
	// X and Y name the axes: the first text that fits the width is
	// shown, the last shortened with an ellipsis if none does.
	X, Y []string
	// Legend titles the colour legend; Now labels the current point;
	// Lines labels each of the grid's boundaries.
	Legend, Now string
	Lines       []string
}

// twoWayDefaultWidth is the width the chart's height is computed for
// before it has one.
const twoWayDefaultWidth = 360

// Geometry of the chart, in Fyne units. The colour legend stands at the
// right of the square, so that the whole chart fits the height the
// Analysis tab has at 1366×768.
const (
	twoWayInset  = 8  // the titles' indent, as a label's text
	twoWayLeft   = 32 // room for the y axis's tick labels
	twoWayGap    = 10 // between the square and the legend's bar
	twoWayBar    = 12 // the legend's bar
	twoWayRight  = 46 // room for the legend's labels, clear of a scroll bar
	twoWayLine   = 16 // a line of the titles
	twoWayTick   = 5
	twoWayMinSq  = 120
	twoWayGapTop = 10 // room for half of the top y tick label
)

func newTwoWayChart(g *analysis.TwoWayGrid, t twoWayTexts) *twoWayChart {
	c := &twoWayChart{g: g, t: t}
	c.ExtendBaseWidget(c)
	return c
}

// Resize lays the chart out at size and fits its texts to the new width;
// its height then follows the width (MinSize).
func (c *twoWayChart) Resize(size fyne.Size) {
	if size == c.Size() {
		return
	}
	c.BaseWidget.Resize(size)
	c.Refresh()
}

// square returns the side of the heat map's square and its top left
// corner for a chart width.
func (c *twoWayChart) square(width float32) (x0, y0, side float32) {
	return twoWayLeft, twoWayLine + twoWayGapTop, max(width-twoWayLeft-twoWayGap-twoWayBar-twoWayTick-twoWayRight, twoWayMinSq)
}

// at returns where the values (x, y) of the two numbers are drawn.
func (c *twoWayChart) at(x, y float64) fyne.Position {
	x0, y0, s := c.square(c.width())
	return fyne.NewPos(x0+float32(x)*s, y0+float32(1-y)*s)
}

func (c *twoWayChart) width() float32 {
	if w := c.Size().Width; w > 0 {
		return w
	}
	return twoWayDefaultWidth
}

// height is the chart's height for its width: the y title, the square
// with the legend beside it, the x ticks, the x title and the legend's
// title.
func (c *twoWayChart) height() float32 {
	_, y0, s := c.square(c.width())
	return y0 + s + twoWayTick + twoWayLine + 2 + 2*(twoWayLine+2) + 2
}

func (c *twoWayChart) CreateRenderer() fyne.WidgetRenderer {
	r := &twoWayRenderer{c: c}
	r.heat = canvas.NewRaster(r.paintHeat)
	r.scale = canvas.NewRaster(r.paintScale)
	r.frame = canvas.NewRectangle(color.Transparent)
	r.scaleFrame = canvas.NewRectangle(color.Transparent)
	newText := func(bold bool) *canvas.Text {
		t := canvas.NewText("", color.Black)
		t.TextStyle.Bold = bold
		return t
	}
	for range 6 {
		r.xTicks = append(r.xTicks, canvas.NewLine(color.Black))
		r.yTicks = append(r.yTicks, canvas.NewLine(color.Black))
		r.xLabels = append(r.xLabels, newText(false))
		r.yLabels = append(r.yLabels, newText(false))
	}
	for range 5 {
		r.scaleTicks = append(r.scaleTicks, canvas.NewLine(color.Black))
		r.scaleLabels = append(r.scaleLabels, newText(false))
	}
	r.xTitle, r.yTitle, r.legend = newText(false), newText(false), newText(true)
	for i, b := range c.g.Boundaries {
		var segs [][2]*canvas.Line
		for range max(len(b.Points)-1, 0) {
			segs = append(segs, [2]*canvas.Line{canvas.NewLine(twoWayInk), canvas.NewLine(twoWayWhite)})
		}
		r.lines = append(r.lines, segs)
		box := canvas.NewRectangle(twoWayWhite)
		lab := canvas.NewText("", twoWayInk)
		if i < len(c.t.Lines) {
			lab.Text = c.t.Lines[i]
		}
		lab.TextStyle.Bold = true
		r.lineBoxes = append(r.lineBoxes, box)
		r.lineLabels = append(r.lineLabels, lab)
	}
	for _, t := range []float64{c.g.Low, c.g.High} {
		if math.IsNaN(t) {
			continue
		}
		r.marks = append(r.marks, canvas.NewLine(color.Black))
		lab := newText(true)
		lab.Text = levelText(t)
		r.markLabels = append(r.markLabels, lab)
		r.markValues = append(r.markValues, t)
	}
	r.ring = canvas.NewCircle(twoWayWhite)
	r.ring.StrokeColor = twoWayInk
	r.ring.StrokeWidth = 2.5
	r.dot = canvas.NewCircle(twoWayInk)
	r.nowBox = canvas.NewRectangle(twoWayWhite)
	r.nowLabel = canvas.NewText(c.t.Now, twoWayInk)
	r.nowLabel.TextStyle.Bold = true
	r.applyTheme()
	return r
}

// twoWayRenderer owns the chart's canvas objects.
type twoWayRenderer struct {
	c                      *twoWayChart
	heat, scale            *canvas.Raster
	frame, scaleFrame      *canvas.Rectangle
	xTicks, yTicks         []*canvas.Line
	xLabels, yLabels       []*canvas.Text
	scaleTicks             []*canvas.Line
	scaleLabels            []*canvas.Text
	xTitle, yTitle, legend *canvas.Text
	lines                  [][][2]*canvas.Line // per boundary, per segment: the dark edge and the white line
	lineBoxes              []*canvas.Rectangle
	lineLabels             []*canvas.Text
	marks                  []*canvas.Line // the thresholds on the legend
	markLabels             []*canvas.Text
	markValues             []float64
	ring, dot              *canvas.Circle
	nowBox                 *canvas.Rectangle
	nowLabel               *canvas.Text
	ink                    color.Color // the theme's text colour, for what lies outside the square
	textSize, smallSize    float32
}

// Fixed colours of what lies on the heat map, readable on every colour
// of the map whatever the theme.
var (
	twoWayInk   = color.NRGBA{0x11, 0x18, 0x27, 0xff}
	twoWayWhite = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// applyTheme takes the theme's text colour and sizes.
func (r *twoWayRenderer) applyTheme() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.ink = th.Color(theme.ColorNameForeground, v)
	r.textSize = th.Size(theme.SizeNameText) - 2
	r.smallSize = th.Size(theme.SizeNameCaptionText)
	for _, l := range r.allLines() {
		l.StrokeColor, l.StrokeWidth = r.ink, 1
	}
	for _, f := range []*canvas.Rectangle{r.frame, r.scaleFrame} {
		f.StrokeColor, f.StrokeWidth = r.ink, 1
	}
	for _, m := range r.marks {
		m.StrokeColor, m.StrokeWidth = r.ink, 3
	}
	for _, t := range r.outerTexts() {
		t.Color = r.ink
		t.TextSize = r.smallSize
	}
	r.xTitle.TextSize, r.yTitle.TextSize, r.legend.TextSize = r.textSize, r.textSize, r.textSize
	for _, t := range append(r.lineLabels, r.nowLabel) {
		t.TextSize = r.smallSize
	}
	for _, segs := range r.lines {
		for _, s := range segs {
			s[0].StrokeWidth, s[1].StrokeWidth = 5, 2
		}
	}
}

func (r *twoWayRenderer) allLines() []*canvas.Line {
	out := append([]*canvas.Line{}, r.xTicks...)
	out = append(out, r.yTicks...)
	return append(out, r.scaleTicks...)
}

// outerTexts are the texts outside the square, in the theme's colour.
func (r *twoWayRenderer) outerTexts() []*canvas.Text {
	out := append([]*canvas.Text{r.xTitle, r.yTitle, r.legend}, r.xLabels...)
	out = append(out, r.yLabels...)
	out = append(out, r.scaleLabels...)
	return append(out, r.markLabels...)
}

// Layout places everything for size; the texts of the axis titles are
// fitted to the width here, without refreshing (Refresh does).
func (r *twoWayRenderer) Layout(size fyne.Size) {
	c := r.c
	x0, y0, s := c.square(size.Width)
	pos := func(x, y float64) fyne.Position { return fyne.NewPos(x0+float32(x)*s, y0+float32(1-y)*s) }

	r.yTitle.Text = fitText(c.t.Y, r.yTitle.TextSize, r.yTitle.TextStyle, size.Width-twoWayInset)
	r.yTitle.Move(fyne.NewPos(twoWayInset, 0))
	r.heat.Move(fyne.NewPos(x0, y0))
	r.heat.Resize(fyne.NewSquareSize(s))
	r.frame.Move(fyne.NewPos(x0, y0))
	r.frame.Resize(fyne.NewSquareSize(s))

	// Ticks at 0, 0.2, …, 1 on both axes.
	for k := range r.xTicks {
		v := float64(k) / 5
		lab := strconv.FormatFloat(v, 'f', 1, 64)
		p := pos(v, 0)
		r.xTicks[k].Position1, r.xTicks[k].Position2 = p, p.AddXY(0, twoWayTick)
		r.xLabels[k].Text = lab
		w := textWidth(r.xLabels[k])
		r.xLabels[k].Move(fyne.NewPos(p.X-w/2, p.Y+twoWayTick))
		q := pos(0, v)
		r.yTicks[k].Position1, r.yTicks[k].Position2 = q.AddXY(-twoWayTick, 0), q
		r.yLabels[k].Text = lab
		r.yLabels[k].Move(fyne.NewPos(q.X-twoWayTick-2-textWidth(r.yLabels[k]), q.Y-twoWayLine/2))
	}
	y := y0 + s + twoWayTick + twoWayLine + 2
	r.xTitle.Text = fitText(c.t.X, r.xTitle.TextSize, r.xTitle.TextStyle, size.Width-twoWayInset)
	r.xTitle.Move(fyne.NewPos(twoWayInset, y))
	y += twoWayLine + 2
	r.legend.Text = fitText([]string{c.t.Legend}, r.legend.TextSize, r.legend.TextStyle, size.Width-twoWayInset)
	r.legend.Move(fyne.NewPos(twoWayInset, y))

	// The boundaries, then their labels where they keep clear of the
	// current point's.
	for b, segs := range r.lines {
		pts := c.g.Boundaries[b].Points
		for i, l := range segs {
			p, q := pos(pts[i].X, pts[i].Y), pos(pts[i+1].X, pts[i+1].Y)
			l[0].Position1, l[0].Position2 = p, q
			l[1].Position1, l[1].Position2 = p, q
		}
	}
	cur := pos(c.g.XValue, c.g.YValue)
	const ringR = 7
	r.ring.Move(cur.SubtractXY(ringR, ringR))
	r.ring.Resize(fyne.NewSquareSize(2 * ringR))
	r.dot.Move(cur.SubtractXY(2, 2))
	r.dot.Resize(fyne.NewSquareSize(4))
	box := func(t *canvas.Text) fyne.Size {
		return fyne.NewSize(textWidth(t)+8, t.MinSize().Height+2)
	}
	nb := box(r.nowLabel)
	nx := cur.X + ringR + 5
	if nx+nb.Width > x0+s-2 {
		nx = cur.X - ringR - 5 - nb.Width
	}
	ny := min(max(cur.Y-nb.Height/2, y0+2), y0+s-nb.Height-2)
	nowRect := fyne.NewPos(nx, ny)
	r.nowBox.Move(nowRect)
	r.nowBox.Resize(nb)
	r.nowLabel.Move(nowRect.AddXY(4, 1))
	for b, lab := range r.lineLabels {
		pts := c.g.Boundaries[b].Points
		lb := box(lab)
		at := fyne.NewPos(-1000, -1000) // off the chart when no place is free
		for _, f := range []float64{0.5, 0.3, 0.7, 0.15, 0.85} {
			if len(pts) == 0 {
				break
			}
			q := pts[int(f*float64(len(pts)-1))]
			p := pos(q.X, q.Y)
			try := fyne.NewPos(min(max(p.X+8, x0+2), x0+s-lb.Width-2), min(max(p.Y-lb.Height-4, y0+2), y0+s-lb.Height-2))
			if !overlaps(try, lb, nowRect, nb) && !overlaps(try, lb, cur.SubtractXY(ringR, ringR), fyne.NewSquareSize(2*ringR)) {
				at = try
				break
			}
		}
		r.lineBoxes[b].Move(at)
		r.lineBoxes[b].Resize(lb)
		lab.Move(at.AddXY(4, 1))
	}

	// The legend: a bar beside the square, 0% at the bottom, with the
	// thresholds marked across it and labelled in bold, and the ticks'
	// labels that would run into theirs left out.
	bx := x0 + s + twoWayGap
	r.scale.Move(fyne.NewPos(bx, y0))
	r.scale.Resize(fyne.NewSize(twoWayBar, s))
	r.scaleFrame.Move(fyne.NewPos(bx, y0))
	r.scaleFrame.Resize(fyne.NewSize(twoWayBar, s))
	lx := bx + twoWayBar + twoWayTick + 2
	for k, m := range r.marks {
		yv := y0 + float32(1-r.markValues[k])*s
		m.Position1, m.Position2 = fyne.NewPos(bx-4, yv), fyne.NewPos(bx+twoWayBar+twoWayTick, yv)
		r.markLabels[k].Move(fyne.NewPos(lx, yv-twoWayLine/2))
	}
	for k, l := range r.scaleTicks {
		v := float64(k) / 4
		yv := y0 + float32(1-v)*s
		l.Position1, l.Position2 = fyne.NewPos(bx+twoWayBar, yv), fyne.NewPos(bx+twoWayBar+twoWayTick, yv)
		r.scaleLabels[k].Text = strconv.Itoa(25*k) + "%"
		for _, t := range r.markValues {
			if math.Abs(float64(s)*(t-v)) < twoWayLine+2 {
				r.scaleLabels[k].Text = ""
			}
		}
		r.scaleLabels[k].Move(fyne.NewPos(lx, yv-twoWayLine/2))
	}
}

// overlaps reports whether two rectangles meet.
func overlaps(p fyne.Position, ps fyne.Size, q fyne.Position, qs fyne.Size) bool {
	return p.X < q.X+qs.Width && q.X < p.X+ps.Width && p.Y < q.Y+qs.Height && q.Y < p.Y+ps.Height
}

func textWidth(t *canvas.Text) float32 {
	return fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width
}

// fitText returns the first of texts no wider than width, or the last
// shortened with an ellipsis until it is.
func fitText(texts []string, size float32, style fyne.TextStyle, width float32) string {
	if len(texts) == 0 {
		return ""
	}
	for _, t := range texts {
		if fyne.MeasureText(t, size, style).Width <= width {
			return t
		}
	}
	r := []rune(texts[len(texts)-1])
	for len(r) > 0 && fyne.MeasureText(string(r)+"…", size, style).Width > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func (r *twoWayRenderer) MinSize() fyne.Size {
	return fyne.NewSize(twoWayLeft+twoWayMinSq+twoWayGap+twoWayBar+twoWayTick+twoWayRight, r.c.height())
}

// Refresh takes the theme again, lays the chart out for its size and
// repaints it.
func (r *twoWayRenderer) Refresh() {
	r.applyTheme()
	r.Layout(r.c.Size())
	for _, o := range r.Objects() {
		canvas.Refresh(o)
	}
}

func (r *twoWayRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.heat, r.frame}
	for _, segs := range r.lines {
		for _, s := range segs {
			objs = append(objs, s[0])
		}
	}
	for _, segs := range r.lines {
		for _, s := range segs {
			objs = append(objs, s[1])
		}
	}
	for i := range r.lineBoxes {
		objs = append(objs, r.lineBoxes[i], r.lineLabels[i])
	}
	objs = append(objs, r.ring, r.dot, r.nowBox, r.nowLabel, r.scale, r.scaleFrame)
	for _, l := range r.allLines() {
		objs = append(objs, l)
	}
	for _, m := range r.marks {
		objs = append(objs, m)
	}
	for _, t := range r.outerTexts() {
		objs = append(objs, t)
	}
	return objs
}

func (r *twoWayRenderer) Destroy() {}

// paintHeat paints P(State | e) at the centre of each pixel, from the
// grid's exact functions (TwoWayGrid.At) rather than its cells.
func (r *twoWayRenderer) paintHeat(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	g := r.c.g
	for py := range h {
		y := 1 - (float64(py)+0.5)/float64(h)
		for px := range w {
			x := (float64(px) + 0.5) / float64(w)
			img.SetNRGBA(px, py, report.HeatColour(g.At(g.State, x, y)))
		}
	}
	return img
}

// paintScale paints the legend's bar, 0% at the bottom.
func (r *twoWayRenderer) paintScale(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for py := range h {
		c := report.HeatColour(1 - (float64(py)+0.5)/float64(h))
		for px := range w {
			img.SetNRGBA(px, py, c)
		}
	}
	return img
}
