package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pdfFamily is the name under which Liberation Sans is embedded in every
// PDF, as a UTF-8 font so that any character it has can be written.
const pdfFamily = "LiberationSans"

// newPDF returns an fpdf document in unit ("pt" or "mm") with Liberation
// Sans embedded (regular, bold, italic) and its dates set to now, so that
// the same input gives the same file.
func newPDF(unit string, size fpdf.SizeType, now time.Time) *fpdf.Fpdf {
	doc := fpdf.NewCustom(&fpdf.InitType{UnitStr: unit, Size: size})
	doc.AddUTF8FontFromBytes(pdfFamily, "", liberationsansregular.TTF)
	doc.AddUTF8FontFromBytes(pdfFamily, "B", liberationsansbold.TTF)
	doc.AddUTF8FontFromBytes(pdfFamily, "I", liberationsansitalic.TTF)
	doc.SetCreationDate(now)
	doc.SetModificationDate(now)
	doc.SetCatalogSort(true)
	doc.SetCreator("Brink", true)
	return doc
}

// pdfCanvas is a vg.Canvas that draws into a rectangle of the current
// page of an fpdf document, so that the pictures' drawing code serves a
// one-page PDF as well as a figure inside the brief. It writes text with
// the document's UTF-8 Liberation Sans; gonum's vgpdf cannot be used for
// this, as it encodes text as Windows-1252 and, in v0.17, embeds the
// regular and bold faces under the same file name so that one replaces
// the other.
//
// Rotate turns paths but not text, and Scale scales text uniformly; the
// pictures never need more.
type pdfCanvas struct {
	doc   *fpdf.Fpdf
	x, y  float64 // top-left corner of the rectangle, in document units
	k     float64 // document units per vg point
	w, h  vg.Length
	stack []pdfState
	nimg  int // images drawn, to name them
}

type pdfState struct {
	col   color.Color
	width vg.Length
	m     [6]float64 // affine map of vg points: (a b c d e f) as in PDF's cm
}

var _ vg.Canvas = (*pdfCanvas)(nil)

// newPDFCanvas returns a canvas of w×h vg points drawn at (x, y), k
// document units per point.
func newPDFCanvas(doc *fpdf.Fpdf, x, y, k float64, w, h vg.Length) *pdfCanvas {
	c := &pdfCanvas{doc: doc, x: x, y: y, k: k, w: w, h: h,
		stack: []pdfState{{col: color.Black, width: 1, m: [6]float64{1, 0, 0, 1, 0, 0}}}}
	vg.Initialize(c)
	return c
}

func (c *pdfCanvas) top() *pdfState { return &c.stack[len(c.stack)-1] }

// page maps a vg point to document coordinates (y down).
func (c *pdfCanvas) page(p vg.Point) (float64, float64) {
	m := c.top().m
	x, y := p.X.Points(), p.Y.Points()
	tx, ty := m[0]*x+m[2]*y+m[4], m[1]*x+m[3]*y+m[5]
	return c.x + tx*c.k, c.y + (c.h.Points()-ty)*c.k
}

// lengthScale is how much the current transform stretches lengths.
func (c *pdfCanvas) lengthScale() float64 {
	m := c.top().m
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

// Size returns the canvas size.
func (c *pdfCanvas) Size() (vg.Length, vg.Length) { return c.w, c.h }

// SetLineWidth sets the width of stroked lines.
func (c *pdfCanvas) SetLineWidth(w vg.Length) {
	c.top().width = w
	c.doc.SetLineWidth(w.Points() * c.k * c.lengthScale())
}

// SetLineDash sets the dash pattern of stroked lines.
func (c *pdfCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	s := c.k * c.lengthScale()
	ds := make([]float64, len(dashes))
	for i, d := range dashes {
		ds[i] = d.Points() * s
	}
	c.doc.SetDashPattern(ds, offs.Points()*s)
}

// SetColor sets the colour of strokes, fills and text.
func (c *pdfCanvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.top().col = col
	r, g, b, a := col.RGBA()
	if a == 0 {
		c.doc.SetAlpha(0, "Normal")
		return
	}
	// Un-premultiply.
	r8, g8, b8 := int(r*0xff/a), int(g*0xff/a), int(b*0xff/a)
	c.doc.SetDrawColor(r8, g8, b8)
	c.doc.SetFillColor(r8, g8, b8)
	c.doc.SetTextColor(r8, g8, b8)
	c.doc.SetAlpha(float64(a)/0xffff, "Normal")
}

func (c *pdfCanvas) apply(n [6]float64) {
	m := c.top().m
	// m' = m · n: n acts first.
	c.top().m = [6]float64{
		m[0]*n[0] + m[2]*n[1], m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3], m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4], m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

// Rotate rotates the coordinate system by r radians, anticlockwise.
func (c *pdfCanvas) Rotate(r float64) {
	s, co := math.Sincos(r)
	c.apply([6]float64{co, s, -s, co, 0, 0})
}

// Translate moves the origin to p.
func (c *pdfCanvas) Translate(p vg.Point) {
	c.apply([6]float64{1, 0, 0, 1, p.X.Points(), p.Y.Points()})
}

// Scale scales the coordinate system.
func (c *pdfCanvas) Scale(x, y float64) { c.apply([6]float64{x, 0, 0, y, 0, 0}) }

// Push saves the colour, line width and transform.
func (c *pdfCanvas) Push() { c.stack = append(c.stack, *c.top()) }

// Pop restores what the last Push saved.
func (c *pdfCanvas) Pop() {
	if len(c.stack) > 1 {
		c.stack = c.stack[:len(c.stack)-1]
	}
	st := *c.top()
	c.SetColor(st.col)
	c.SetLineWidth(st.width)
}

// Stroke draws the outline of path.
func (c *pdfCanvas) Stroke(path vg.Path) {
	if c.top().width > 0 {
		c.path(path, "D")
	}
}

// Fill fills path.
func (c *pdfCanvas) Fill(path vg.Path) { c.path(path, "F") }

func (c *pdfCanvas) path(path vg.Path, style string) {
	if len(path) == 0 {
		return
	}
	var sx, sy float64 // start of the current subpath
	for _, comp := range path {
		switch comp.Type {
		case vg.MoveComp:
			sx, sy = c.page(comp.Pos)
			c.doc.MoveTo(sx, sy)
		case vg.LineComp:
			c.doc.LineTo(c.page(comp.Pos))
		case vg.CurveComp:
			x, y := c.page(comp.Pos)
			switch len(comp.Control) {
			case 1:
				cx, cy := c.page(comp.Control[0])
				c.doc.CurveTo(cx, cy, x, y)
			case 2:
				cx0, cy0 := c.page(comp.Control[0])
				cx1, cy1 := c.page(comp.Control[1])
				c.doc.CurveBezierCubicTo(cx0, cy0, cx1, cy1, x, y)
			default:
				c.doc.LineTo(x, y)
			}
		case vg.ArcComp:
			// As line segments of at most 1/32 of a turn.
			n := max(1, int(math.Ceil(math.Abs(comp.Angle)/(math.Pi/16))))
			for i := 0; i <= n; i++ {
				a := comp.Start + comp.Angle*float64(i)/float64(n)
				p := vg.Point{
					X: comp.Pos.X + comp.Radius*vg.Length(math.Cos(a)),
					Y: comp.Pos.Y + comp.Radius*vg.Length(math.Sin(a)),
				}
				c.doc.LineTo(c.page(p))
			}
		case vg.CloseComp:
			c.doc.LineTo(sx, sy)
			c.doc.ClosePath()
		}
	}
	c.doc.DrawPath(style)
}

// FillString writes s with its baseline starting at p.
func (c *pdfCanvas) FillString(f font.Face, p vg.Point, s string) {
	size := f.Font.Size.Points() * c.k * c.lengthScale() * c.doc.GetConversionRatio()
	if size <= 0 || s == "" {
		return
	}
	style := ""
	if f.Font.Weight >= xfont.WeightSemiBold {
		style = "B"
	} else if f.Font.Style == xfont.StyleItalic {
		style = "I"
	}
	c.doc.SetFont(pdfFamily, style, size)
	x, y := c.page(p)
	c.doc.Text(x, y, s)
}

// DrawImage draws img to fill rect.
func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		c.doc.SetError(err)
		return
	}
	c.nimg++
	name := fmt.Sprintf("vg-%p-%d", c, c.nimg)
	opts := fpdf.ImageOptions{ImageType: "png"}
	c.doc.RegisterImageOptionsReader(name, opts, &buf)
	x0, y0 := c.page(vg.Point{X: rect.Min.X, Y: rect.Max.Y})
	x1, y1 := c.page(vg.Point{X: rect.Max.X, Y: rect.Min.Y})
	c.doc.ImageOptions(name, x0, y0, x1-x0, y1-y0, false, opts, 0, "")
}

// pdfPicture is a one-page PDF holding one picture.
type pdfPicture struct {
	*pdfCanvas
}

// newPDFPicture returns a canvas on a page of w×h points.
func newPDFPicture(w, h vg.Length, now time.Time) pdfPicture {
	doc := newPDF("pt", fpdf.SizeType{Wd: w.Points(), Ht: h.Points()}, now)
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.AddPage()
	return pdfPicture{newPDFCanvas(doc, 0, 0, 1, w, h)}
}

// WriteTo writes the document.
func (c pdfPicture) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	err := c.doc.Output(cw)
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
