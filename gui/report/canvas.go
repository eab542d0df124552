package report

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// sansFaces parses, once, the two faces the pictures use: Liberation Sans
// regular and bold, the fonts gonum/plot embeds (from
// codeberg.org/go-fonts/liberation, which it depends on). Loading only
// these two rather than gonum's whole collection of twelve keeps about
// 3 MB out of the binaries.
var sansFaces = sync.OnceValues(func() (*font.Cache, error) {
	var coll font.Collection
	for _, f := range []struct {
		weight xfont.Weight
		ttf    []byte
	}{{xfont.WeightNormal, liberationsansregular.TTF}, {xfont.WeightBold, liberationsansbold.TTF}} {
		face, err := opentype.Parse(f.ttf)
		if err != nil {
			return nil, fmt.Errorf("report: embedded font: %w", err)
		}
		coll = append(coll, font.Face{Font: font.Font{Typeface: "Liberation", Variant: "Sans", Weight: f.weight}, Face: face})
	}
	return font.NewCache(coll), nil
})

// newCanvas returns a canvas of w×h logical pixels for format, and the
// canvas length of one logical pixel: scale points in a PNG drawn at 72
// dpi (so one point is one pixel), 0.75 pt (one CSS pixel) in an SVG, and
// half a point in a PDF.
func newCanvas(format string, w, h int, scale float64, now time.Time) (vg.CanvasWriterTo, vg.Length, error) {
	switch strings.ToLower(format) {
	case "png":
		u := vg.Length(scale)
		c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*u, vg.Length(h)*u), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.White))
		return vgimg.PngCanvas{Canvas: c}, u, nil
	case "svg":
		const u = 0.75
		return &svgCanvas{vgsvg.New(vg.Length(w)*u, vg.Length(h)*u)}, u, nil
	case "pdf":
		const u = 0.5
		return newPDFPicture(vg.Length(w)*u, vg.Length(h)*u, now), u, nil
	}
	return nil, 0, fmt.Errorf("report: %q: %w (want png, svg or pdf)", format, ErrFormat)
}

// svgCanvas names fallback fonts after Liberation Sans, which not every
// system has: Arimo, Arial and Helvetica have the same metrics, so text
// keeps its width in the viewers that have one of them. The fonts are
// not embedded, which would add a megabyte to every file.
type svgCanvas struct{ *vgsvg.Canvas }

// WriteTo writes the SVG document.
func (c *svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;"))
	n, err := w.Write(out)
	return int64(n), err
}

// pen draws in logical pixels with the origin at the top left and y
// pointing down, as a page is read; vg's own origin is at the bottom left.
type pen struct {
	c     vg.Canvas
	fonts *font.Cache // from sansFaces
	u     vg.Length   // canvas length of one logical pixel
	h     float64     // logical height of the canvas
}

func (p pen) pt(x, y float64) vg.Point {
	return vg.Point{X: vg.Length(x) * p.u, Y: vg.Length(p.h-y) * p.u}
}

// kappa places the control points of a cubic Bézier quarter circle:
// 4/3·(√2 − 1), the usual value, which puts the curve's midpoint on the
// circle.
const kappa = 0.5522847498

// roundRect returns the outline of the rectangle (x, y, w, h) with top
// corners of radius rt and bottom corners of radius rb. Corners are
// Bézier curves, which every backend draws as part of one path.
func (p pen) roundRect(x, y, w, h, rt, rb float64) vg.Path {
	rt = math.Max(0, math.Min(rt, math.Min(w, h)/2))
	rb = math.Max(0, math.Min(rb, math.Min(w, h)/2))
	var path vg.Path
	corner := func(cx, cy, r, a0 float64) { // quarter circle from angle a0 to a0+90°, y down
		if r == 0 {
			path.Line(p.pt(cx+r*math.Cos(a0), cy+r*math.Sin(a0)))
			return
		}
		a1 := a0 + math.Pi/2
		x0, y0 := cx+r*math.Cos(a0), cy+r*math.Sin(a0)
		x1, y1 := cx+r*math.Cos(a1), cy+r*math.Sin(a1)
		path.Line(p.pt(x0, y0))
		path.CubeTo(
			p.pt(x0-kappa*r*math.Sin(a0), y0+kappa*r*math.Cos(a0)),
			p.pt(x1+kappa*r*math.Sin(a1), y1-kappa*r*math.Cos(a1)),
			p.pt(x1, y1))
	}
	path.Move(p.pt(x+rt, y))
	corner(x+w-rt, y+rt, rt, -math.Pi/2) // top right
	corner(x+w-rb, y+h-rb, rb, 0)        // bottom right
	corner(x+rb, y+h-rb, rb, math.Pi/2)  // bottom left
	corner(x+rt, y+rt, rt, math.Pi)      // top left
	path.Close()
	return path
}

func (p pen) fill(path vg.Path, col color.Color) {
	p.c.SetColor(col)
	p.c.Fill(path)
}

func (p pen) stroke(path vg.Path, col color.Color, width float64) {
	p.c.SetColor(col)
	p.c.SetLineWidth(vg.Length(width) * p.u)
	p.c.SetLineDash(nil, 0)
	p.c.Stroke(path)
}

func (p pen) rect(x, y, w, h float64, col color.Color) {
	if w <= 0 || h <= 0 {
		return
	}
	p.fill(p.roundRect(x, y, w, h, 0, 0), col)
}

func (p pen) line(x1, y1, x2, y2, width float64, col color.Color) {
	var path vg.Path
	path.Move(p.pt(x1, y1))
	path.Line(p.pt(x2, y2))
	p.stroke(path, col, width)
}

func (p pen) polygon(col color.Color, xy ...float64) {
	var path vg.Path
	for i := 0; i+1 < len(xy); i += 2 {
		if i == 0 {
			path.Move(p.pt(xy[i], xy[i+1]))
		} else {
			path.Line(p.pt(xy[i], xy[i+1]))
		}
	}
	path.Close()
	p.fill(path, col)
}

func (p pen) circle(cx, cy, r float64, col color.Color) {
	p.fill(p.roundRect(cx-r, cy-r, 2*r, 2*r, r, r), col)
}

// cross draws ✕ centred at (cx, cy), size wide.
func (p pen) cross(cx, cy, size, width float64, col color.Color) {
	d := size / 2
	p.line(cx-d, cy-d, cx+d, cy+d, width, col)
	p.line(cx-d, cy+d, cx+d, cy-d, width, col)
}

// face returns Liberation Sans at size logical pixels.
func (p pen) face(size float64, bold bool) font.Face {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return p.fonts.Lookup(f, vg.Length(size)*p.u)
}

// width returns the width of s in logical pixels.
func (p pen) width(s string, size float64, bold bool) float64 {
	f := p.face(size, bold)
	return float64(f.Width(s) / p.u)
}

// text draws s with its baseline at y; align is 0 for left, 0.5 for
// centred and 1 for right aligned at x.
func (p pen) text(x, y float64, s string, size float64, bold bool, col color.Color, align float64) {
	if s == "" || size <= 0 {
		return
	}
	if align != 0 {
		x -= align * p.width(s, size, bold)
	}
	p.c.SetColor(col)
	p.c.FillString(p.face(size, bold), p.pt(x, y), s)
}

// fit shortens s with an ellipsis until it is at most max wide.
func (p pen) fit(s string, size float64, bold bool, max float64) string {
	const slack = 1e-6 // widths compared with themselves after arithmetic
	if p.width(s, size, bold) <= max+slack {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		t := strings.TrimRight(string(r), " ,;:–-") + "…"
		if p.width(t, size, bold) <= max+slack {
			return t
		}
	}
	return ""
}

// Colours shared by the pictures; role colours match the app's
// (gui/graphview.RoleColor).
var (
	colInk      = color.NRGBA{0x11, 0x18, 0x27, 0xff} // text
	colMuted    = color.NRGBA{0x4b, 0x55, 0x63, 0xff} // secondary text
	colTrack    = color.NRGBA{0xe5, 0xe7, 0xeb, 0xff} // empty part of a bar
	colEdge     = color.NRGBA{0x6b, 0x72, 0x80, 0xff}
	colCard     = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colPage     = color.NRGBA{0xf8, 0xfa, 0xfc, 0xff}
	colFinding  = color.NRGBA{0x16, 0xa3, 0x4a, 0xff}
	colAction   = color.NRGBA{0xdb, 0x27, 0x77, 0xff} // a node set by action, as in the window
	colExcluded = color.NRGBA{0xb9, 0x1c, 0x1c, 0xff}
)

// roleColor is the colour that marks a node's role, as in the app.
func roleColor(r string) color.NRGBA {
	switch r {
	case "evidence":
		return color.NRGBA{0x25, 0x63, 0xeb, 0xff} // blue
	case "intention":
		return color.NRGBA{0x7c, 0x3a, 0xed, 0xff} // violet
	case "outcome":
		return color.NRGBA{0xd9, 0x4a, 0x0b, 0xff} // orange
	case "latent":
		return color.NRGBA{0x4b, 0x55, 0x63, 0xff} // slate
	case "decision", "utility":
		return color.NRGBA{0x0f, 0x76, 0x6e, 0xff} // teal
	}
	return color.NRGBA{0x47, 0x55, 0x69, 0xff}
}

// render draws with draw onto a new canvas of the format and writes it to
// w. Nothing is written when drawing fails.
func render(w io.Writer, format string, opts Options, draw func(p pen, w, h float64)) (err error) {
	defer guard(&err)
	pw, ph, scale, err := opts.size()
	if err != nil {
		return err
	}
	fonts, err := sansFaces()
	if err != nil {
		return err
	}
	c, u, err := newCanvas(format, pw, ph, scale, opts.now())
	if err != nil {
		return err
	}
	draw(pen{c: c, fonts: fonts, u: u, h: float64(ph)}, float64(pw), float64(ph))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return fmt.Errorf("report: encoding %s: %w", format, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}
