package main

// The heat map of brinkctl fragility --grid: the two-way grid of
// analysis.TwoWay drawn with gonum's vg canvases (SVG, or PNG through its
// pure-Go rasteriser), so that CGO_ENABLED=0 builds still draw it.

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"brink/gui/report"
	"brink/internal/atomicfile"
)

// fragilityPen draws in logical pixels, origin at the top left, y down.
type fragilityPen struct {
	c     vg.Canvas
	fonts *font.Cache
	u     vg.Length // canvas length of one logical pixel
	h     float64   // logical height
}

func (p fragilityPen) pt(x, y float64) vg.Point {
	return vg.Point{X: vg.Length(x) * p.u, Y: vg.Length(p.h-y) * p.u}
}

func (p fragilityPen) rect(x, y, w, h float64, col color.Color) {
	var path vg.Path
	path.Move(p.pt(x, y))
	path.Line(p.pt(x+w, y))
	path.Line(p.pt(x+w, y+h))
	path.Line(p.pt(x, y+h))
	path.Close()
	p.c.SetColor(col)
	p.c.Fill(path)
}

func (p fragilityPen) polyline(xy []float64, width float64, col color.Color) {
	var path vg.Path
	for i := 0; i+1 < len(xy); i += 2 {
		if i == 0 {
			path.Move(p.pt(xy[i], xy[i+1]))
		} else {
			path.Line(p.pt(xy[i], xy[i+1]))
		}
	}
	p.c.SetColor(col)
	p.c.SetLineWidth(vg.Length(width) * p.u)
	p.c.SetLineDash(nil, 0)
	p.c.Stroke(path)
}

func (p fragilityPen) circle(cx, cy, r float64, col color.Color, fill bool, width float64) {
	var path vg.Path
	path.Move(p.pt(cx+r, cy))
	path.Arc(p.pt(cx, cy), vg.Length(r)*p.u, 0, 2*math.Pi)
	path.Close()
	p.c.SetColor(col)
	if fill {
		p.c.Fill(path)
		return
	}
	p.c.SetLineWidth(vg.Length(width) * p.u)
	p.c.SetLineDash(nil, 0)
	p.c.Stroke(path)
}

func (p fragilityPen) face(size float64, bold bool) font.Face {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return p.fonts.Lookup(f, vg.Length(size)*p.u)
}

func (p fragilityPen) width(s string, size float64, bold bool) float64 {
	f := p.face(size, bold)
	return float64(f.Width(s) / p.u)
}

// text draws s with its baseline at y; align 0 left, 0.5 centre, 1 right.
func (p fragilityPen) text(x, y float64, s string, size float64, bold bool, col color.Color, align float64) {
	x -= align * p.width(s, size, bold)
	p.c.SetColor(col)
	p.c.FillString(p.face(size, bold), p.pt(x, y), s)
}

// upText draws s reading upwards, centred on (x, y) along its length,
// its baseline at x.
func (p fragilityPen) upText(x, y float64, s string, size float64, col color.Color) {
	p.c.Push()
	p.c.Translate(p.pt(x, y))
	p.c.Rotate(math.Pi / 2)
	p.c.SetColor(col)
	p.c.FillString(p.face(size, false), vg.Point{X: -vg.Length(p.width(s, size, false)/2) * p.u}, s)
	p.c.Pop()
}

// wrap breaks s into lines at most w wide, at spaces; at most max lines,
// the last shortened with an ellipsis if need be.
func (p fragilityPen) wrap(s string, size float64, bold bool, w float64, max int) []string {
	var lines []string
	cur := ""
	// Split at plain spaces only, so that a no-break space keeps "now
	// 0.83" on one line.
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }) {
		try := strings.TrimSpace(cur + " " + word)
		if cur != "" && p.width(try, size, bold) > w {
			lines = append(lines, cur)
			cur = word
		} else {
			cur = try
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > max {
		last := strings.Join(lines[max-1:], " ")
		for p.width(last+"…", size, bold) > w && len(last) > 0 {
			r := []rune(last)
			last = string(r[:len(r)-1])
		}
		lines = append(lines[:max-1], strings.TrimRight(last, " ,")+"…")
	}
	return lines
}

var (
	fragilityInk   = color.NRGBA{0x11, 0x18, 0x27, 0xff}
	fragilityMuted = color.NRGBA{0x4b, 0x55, 0x63, 0xff}
	fragilityWhite = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// writeHeatMap draws the two-way grid to path, .svg or .png.
func (j *fragilityJob) writeHeatMap(path string) error {
	const W, H = 980.0, 900.0
	fonts, err := report.Fonts()
	if err != nil {
		return err
	}
	format := strings.ToLower(filepath.Ext(path))
	var c vg.CanvasWriterTo
	var u vg.Length
	if format == ".png" {
		u = 2 // 1960×1720 pixels: sharp on a projector
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(W*u, H*u), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.White))}
	} else {
		u = 0.75 // one CSS pixel
		c = vgsvg.New(W*u, H*u)
	}
	p := fragilityPen{c: c, fonts: fonts, u: u, h: H}
	p.rect(0, 0, W, H, fragilityWhite)
	j.drawHeatMap(p, W, H)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return fmt.Errorf("--grid %s: %w", path, err)
	}
	data := buf.Bytes()
	if format == ".svg" {
		// Fallbacks with the metrics of Liberation Sans (see gui/report).
		data = bytes.ReplaceAll(data, []byte("font-family:Liberation Sans;"),
			[]byte("font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;"))
	}
	_, err = atomicfile.Write(path, data, nil)
	return err
}

// drawHeatMap lays out the title, the grid, the boundary, the current
// point, the axes and the colour legend.
func (j *fragilityJob) drawHeatMap(p fragilityPen, W, H float64) {
	g := j.g
	const (
		x0, y0 = 170.0, 190.0 // the square's top left
		S      = 560.0        // its side
		left   = 40.0
		fit    = 0.85 // of a width, for text in Liberation Sans
		pad    = 1.2  // a label box's width over its text's in Liberation Sans
	)
	// Title and what the picture shows. Text is laid out for Liberation
	// Sans with room to spare (fit), since an SVG viewer without it may
	// draw a wider font.
	y := 40.0
	for _, line := range p.wrap("P("+j.targetText()+") as two numbers vary", 20, true, fit*(W-2*left), 2) {
		p.text(left, y, line, 20, true, fragilityInk, 0)
		y += 26
	}
	con := j.conclusionText()
	lines := p.wrap("Conclusion: "+con+".", 13, false, fit*(W-2*left), 2)
	if j.ev.Len() > 0 || j.ev.DoLen() > 0 {
		lines = append(lines, p.wrap("Given: "+j.evidenceText()+".", 13, false, fit*(W-2*left), 2)...)
	}
	for _, line := range lines {
		p.text(left, y, line, 13, false, fragilityMuted, 0)
		y += 18
	}

	// Cells: each grid value fills the square around its point, cut at
	// the edges of [0, 1]².
	n := len(g.Axis) - 1
	step := S / float64(n)
	sx := func(x float64) float64 { return x0 + x*S }
	sy := func(v float64) float64 { return y0 + (1-v)*S }
	for jj, row := range g.P {
		for i, v := range row {
			cx, cy := sx(g.Axis[i]), sy(g.Axis[jj])
			xa, xb := max(cx-step/2, x0), min(cx+step/2, x0+S)
			ya, yb := max(cy-step/2, y0), min(cy+step/2, y0+S)
			// Overlap by a hair so that no seams show between cells.
			p.rect(xa, ya, xb-xa+0.4, yb-ya+0.4, report.HeatColour(v))
		}
	}
	p.polyline([]float64{x0, y0, x0 + S, y0, x0 + S, y0 + S, x0, y0 + S, x0, y0}, 1, fragilityInk)

	// Ticks and axis titles.
	for k := 0; k <= 5; k++ {
		v := float64(k) / 5
		lab := fmt.Sprintf("%.1f", v)
		p.polyline([]float64{sx(v), y0 + S, sx(v), y0 + S + 6}, 1, fragilityInk)
		p.text(sx(v), y0+S+22, lab, 13, false, fragilityInk, 0.5)
		p.polyline([]float64{x0 - 6, sy(v), x0, sy(v)}, 1, fragilityInk)
		p.text(x0-10, sy(v)+4.5, lab, 13, false, fragilityInk, 1)
	}
	ly := y0 + S + 48
	for _, line := range p.wrap(j.entryText(g.X)+" — now\u00a0"+fragilityValue(g.XValue), 14, false, fit*(S+120), 3) {
		p.text(x0+S/2, ly, line, 14, false, fragilityInk, 0.5)
		ly += 19
	}
	yl := p.wrap(j.entryText(g.Y)+" — now\u00a0"+fragilityValue(g.YValue), 14, false, fit*S, 3)
	for k, line := range yl {
		// The last line nearest the axis.
		p.upText(x0-52-19*float64(len(yl)-1-k), y0+S/2, line, 14, fragilityInk)
	}

	// Boundaries: a white line on a dark edge shows on every colour.
	for _, b := range g.Boundaries {
		xy := make([]float64, 0, 2*len(b.Points))
		for _, q := range b.Points {
			xy = append(xy, sx(q.X), sy(q.Y))
		}
		p.polyline(xy, 5.5, fragilityInk)
		p.polyline(xy, 2.5, fragilityWhite)
	}
	// Each boundary's label, beside its middle point, in a box.
	for _, b := range g.Boundaries {
		if len(b.Points) < 8 {
			continue
		}
		q := b.Points[len(b.Points)/2]
		lab := "P = " + fragilityPercent(b.Threshold)
		if b.Rival >= 0 {
			lab = j.stateLabel(j.con.Target, b.Rival) + " ties with " + j.stateLabel(j.con.Target, g.State)
		}
		w := pad*p.width(lab, 13, true) + 12
		bx := min(max(sx(q.X)+10, x0+4), x0+S-w-4)
		by := min(max(sy(q.Y)-26, y0+4), y0+S-24)
		p.rect(bx, by, w, 20, fragilityWhite)
		p.text(bx+6, by+14.5, lab, 13, true, fragilityInk, 0)
	}

	// The current point.
	cx, cy := sx(g.XValue), sy(g.YValue)
	p.circle(cx, cy, 8, fragilityWhite, true, 0)
	p.circle(cx, cy, 8, fragilityInk, false, 2.5)
	p.circle(cx, cy, 2.5, fragilityInk, true, 0)
	now := "now: " + analysisPercent(g.Current)
	nw := pad*p.width(now, 13, true) + 12
	nx := cx + 14
	if nx+nw > x0+S-4 {
		nx = cx - 14 - nw
	}
	ny := min(max(cy-10, y0+4), y0+S-24)
	p.rect(nx, ny, nw, 20, fragilityWhite)
	p.text(nx+6, ny+14.5, now, 13, true, fragilityInk, 0)

	// Colour legend, with the thresholds marked.
	lx, lw := x0+S+60, 26.0
	steps := 100
	for k := range steps {
		v0 := float64(k) / float64(steps)
		p.rect(lx, y0+(1-v0-1.0/float64(steps))*S, lw, S/float64(steps)+0.4, report.HeatColour(v0+0.5/float64(steps)))
	}
	p.polyline([]float64{lx, y0, lx + lw, y0, lx + lw, y0 + S, lx, y0 + S, lx, y0}, 1, fragilityInk)
	for k := 0; k <= 4; k++ {
		v := float64(k) / 4
		p.polyline([]float64{lx + lw, sy(v), lx + lw + 6, sy(v)}, 1, fragilityInk)
		p.text(lx+lw+10, sy(v)+4.5, fmt.Sprintf("%d%%", 25*k), 13, false, fragilityInk, 0)
	}
	for _, t := range []float64{g.Low, g.High} {
		if math.IsNaN(t) {
			continue
		}
		p.polyline([]float64{lx - 6, sy(t), lx + lw, sy(t)}, 3, fragilityInk)
		p.text(lx-9, sy(t)+4.5, fragilityPercent(t), 12, true, fragilityInk, 1)
	}
	ty := y0 - 44
	for _, line := range p.wrap("P("+j.label(j.con.Target)+" = "+j.stateLabel(j.con.Target, g.State)+")", 13, true, fit*170, 2) {
		p.text(lx, ty, line, 13, true, fragilityInk, 0)
		ty += 16
	}

	// Key.
	ky := H - 34
	p.polyline([]float64{left, ky - 5, left + 34, ky - 5}, 5.5, fragilityInk)
	p.polyline([]float64{left, ky - 5, left + 34, ky - 5}, 2.5, fragilityWhite)
	key := "the conclusion changes on this line"
	if len(g.Boundaries) == 0 {
		key = "(no such line: the conclusion holds over the whole square)"
	}
	p.text(left+44, ky, key, 13, false, fragilityInk, 0)
	kx := left + 44 + pad*p.width(key, 13, false) + 30
	p.circle(kx, ky-5, 7, fragilityInk, false, 2.5)
	p.text(kx+14, ky, "the current numbers", 13, false, fragilityInk, 0)
	note := "Each number's row keeps its proportions (Chan & Darwiche 2002). Cell values are exact."
	if j.b.decides() {
		note += " Decisions keep their current best policies."
	}
	p.text(left, ky+20, note, 12, false, fragilityMuted, 0)
}

// evidenceText lists the findings in labels.
func (j *fragilityJob) evidenceText() string {
	var parts []string
	for _, f := range j.ev.Findings() {
		if j.b.md != nil && f.Variable < len(j.b.md.Nodes) {
			parts = append(parts, j.b.md.FindingText(f))
		} else {
			parts = append(parts, f.Describe(j.net))
		}
	}
	for _, it := range j.ev.Interventions() {
		parts = append(parts, j.label(it.Variable)+" set to "+j.stateLabel(it.Variable, it.State))
	}
	return strings.Join(parts, "; ")
}
