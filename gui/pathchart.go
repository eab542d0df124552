package gui

import (
	"image"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/report"
	"brink/network/model"
	"brink/network/timeline"
)

// pathChart shows the path of the intentions and outcomes over the log's
// dates (report.PathImage, the same drawing as the exported chart), at the
// width it is given and a height that follows it. Hovering over an
// entry's line, or tapping it, names the entries of that date (OnHover);
// a tap also reports the date (OnTap), to step to it.
type pathChart struct {
	widget.BaseWidget
	m    *model.Model
	path *timeline.Path
	// OnHover is called with the words for the entries under the pointer,
	// "" when it leaves them; OnTap with the date of the entries tapped.
	OnHover func(text string)
	OnTap   func(date string)

	// asOf is the date the findings are stepped to, marked on the chart;
	// "" for none.
	asOf string

	img     image.Image
	xs      []float64 // each point's x in the image's pixels
	drawnAt fyne.Size
	hovered int
}

// pathChartDefaultWidth is the width the chart's height is computed for
// before it has one.
const pathChartDefaultWidth = 400

func newPathChart(m *model.Model, path *timeline.Path) *pathChart {
	c := &pathChart{m: m, path: path, hovered: -1}
	c.ExtendBaseWidget(c)
	return c
}

// height is the chart's height for width w: nearly as tall as wide, up
// to 115 units per node and room for the dates.
func (c *pathChart) height(w float32) float32 {
	n := float32(max(1, len(c.path.Nodes)))
	return max(260, min(w*0.95, 80+115*n))
}

// Resize draws the chart again for its new size.
func (c *pathChart) Resize(size fyne.Size) {
	if size == c.Size() {
		return
	}
	c.BaseWidget.Resize(size)
	c.Refresh()
}

func (c *pathChart) MinSize() fyne.Size {
	w := c.Size().Width
	if w <= 0 {
		w = pathChartDefaultWidth
	}
	return fyne.NewSize(200, c.height(w))
}

// draw renders the image for the current size, at the canvas's scale.
func (c *pathChart) draw() {
	size := c.Size()
	if size.Width <= 0 || size.Height <= 0 || size == c.drawnAt {
		return
	}
	scale := float32(1)
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		scale = cv.Scale()
	}
	img, xs, err := report.PathImage(c.m, c.path, int(size.Width), int(size.Height), float64(scale))
	if err != nil {
		return
	}
	c.img, c.xs, c.drawnAt = img, xs, size
}

// at returns the point of the path whose entries' line is nearest x,
// within 10 units, or -1.
func (c *pathChart) at(x float32) int {
	best, dist := -1, 10.0
	for i, px := range c.xs {
		if i == 0 || len(c.path.Points[i].Entries) == 0 {
			continue
		}
		if d := math.Abs(px - float64(x)); d <= dist {
			best, dist = i, d
		}
	}
	return best
}

// entriesText names the entries of point i: "14 Dec 2026: Turkish
// mediation = Exploratory contacts (note)".
func (c *pathChart) entriesText(i int) string {
	pt := c.path.Points[i]
	parts := make([]string, len(pt.Entries))
	for k, e := range pt.Entries {
		parts[k] = timeline.EntryText(c.m, e)
		if p := c.m.Log[e].Finding.Provenance; p != nil && p.Note != "" {
			parts[k] += " — " + p.Note
		}
	}
	return model.DateText(pt.Date) + ": " + strings.Join(parts, "; ")
}

func (c *pathChart) hover(x float32) {
	i := c.at(x)
	if i == c.hovered {
		return
	}
	c.hovered = i
	if c.OnHover == nil {
		return
	}
	if i < 0 {
		c.OnHover("")
		return
	}
	c.OnHover(c.entriesText(i))
}

// MouseIn implements desktop.Hoverable.
func (c *pathChart) MouseIn(e *desktop.MouseEvent) { c.hover(e.Position.X) }

// MouseMoved implements desktop.Hoverable.
func (c *pathChart) MouseMoved(e *desktop.MouseEvent) { c.hover(e.Position.X) }

// MouseOut implements desktop.Hoverable.
func (c *pathChart) MouseOut() { c.hover(-100) }

// Tapped names the entries tapped and reports their date.
func (c *pathChart) Tapped(e *fyne.PointEvent) {
	c.hovered = -2 // tell again
	c.hover(e.Position.X)
	if i := c.at(e.Position.X); i >= 0 && c.OnTap != nil {
		c.OnTap(c.path.Points[i].Date)
	}
}

var (
	_ desktop.Hoverable = (*pathChart)(nil)
	_ fyne.Tappable     = (*pathChart)(nil)
)

func (c *pathChart) CreateRenderer() fyne.WidgetRenderer {
	r := &pathChartRenderer{c: c, image: canvas.NewImageFromImage(nil), mark: canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))}
	r.mark.Hide()
	r.image.FillMode = canvas.ImageFillStretch
	r.image.ScaleMode = canvas.ImageScaleSmooth
	return r
}

type pathChartRenderer struct {
	c     *pathChart
	image *canvas.Image
	mark  *canvas.Rectangle // the line at the date stepped to
}

func (r *pathChartRenderer) Layout(size fyne.Size) {
	r.image.Resize(size)
	r.image.Move(fyne.NewPos(0, 0))
	r.mark.Hide()
	for i, pt := range r.c.path.Points {
		if i > 0 && pt.Date == r.c.asOf && i < len(r.c.xs) {
			r.mark.Move(fyne.NewPos(float32(r.c.xs[i])-1.5, 0))
			r.mark.Resize(fyne.NewSize(3, size.Height))
			r.mark.Show()
		}
	}
}

func (r *pathChartRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *pathChartRenderer) Refresh() {
	r.c.draw()
	r.image.Image = r.c.img
	r.image.Refresh()
	r.Layout(r.c.Size())
	r.mark.Refresh()
}

func (r *pathChartRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.image, r.mark}
}

func (r *pathChartRenderer) Destroy() {}
