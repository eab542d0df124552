package graphview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"brink/network/model"
)

// The legend is a strip in the bottom-left corner of the view naming the
// colours of the roles the model uses and of findings. It keeps its size
// on screen whatever the zoom.
const (
	legendText   = float32(11)
	legendSwatch = float32(10)
	legendPad    = float32(6)
	legendGap    = float32(12)
	// LegendHeight is the height of the legend strip, which Fit keeps
	// clear of cards.
	LegendHeight = legendText*1.4 + 2*legendPad
)

type legendEntry struct {
	swatch *canvas.Rectangle
	// shape, when set, is drawn instead of the square swatch: the
	// diamond of a utility card's pointed header.
	shape *canvas.Polygon
	label *canvas.Text
}

type legendObjs struct {
	bg      *canvas.Rectangle
	entries []legendEntry
	// strength says "edge width: strength of influence" after the
	// entries, only while edge strength is on.
	strength *canvas.Text
}

// StrengthLegend is the legend's line while edges are drawn by strength
// of influence.
const StrengthLegend = "edge width: strength of influence"

// legendRoles are the roles the legend can name, in its order.
var legendRoles = []struct {
	role model.Role
	name string
}{
	{model.RoleEvidence, "evidence"},
	{model.RoleLatent, "latent"},
	{model.RoleIntention, "intention"},
	{model.RoleOutcome, "outcome"},
	{model.RoleDecision, "decision"},
	{model.RoleNone, "other"},
}

// newLegend builds the legend for the roles m uses (and utility, when it
// has utility nodes, with the diamond of their headers), then the
// finding colour and the mark of an excluded state.
func newLegend(m *model.Model) legendObjs {
	used := map[model.Role]bool{}
	for _, nd := range m.Nodes {
		r := nd.Role
		if r == model.RoleUtility {
			r = model.RoleDecision
		}
		used[r] = true
	}
	l := legendObjs{bg: canvas.NewRectangle(color.Transparent)}
	add := func(c color.Color, name string) {
		e := legendEntry{swatch: canvas.NewRectangle(c), label: canvas.NewText(name, color.Black)}
		e.label.TextSize = legendText
		l.entries = append(l.entries, e)
	}
	for _, r := range legendRoles {
		if used[r.role] || (r.role == model.RoleNone && hasOther(used)) {
			add(RoleColor(r.role), r.name)
		}
		if r.role == model.RoleDecision && len(m.Utilities) > 0 {
			add(color.Transparent, "utility")
			l.entries[len(l.entries)-1].shape = canvas.NewPolygon(4, RoleColor(model.RoleUtility))
		}
	}
	add(findingColor, "finding set")
	add(actionColor, "set by action")
	add(color.Transparent, "✕ excluded state")
	l.strength = canvas.NewText(StrengthLegend, color.Black)
	l.strength.TextSize = legendText
	l.strength.Hide()
	return l
}

// showStrength shows or hides the line on edge widths.
func (l legendObjs) showStrength(on bool) {
	if on {
		l.strength.Show()
	} else {
		l.strength.Hide()
	}
}

// hasOther reports whether a role the legend does not name is in use.
func hasOther(used map[model.Role]bool) bool {
	for r := range used {
		switch r {
		case model.RoleEvidence, model.RoleLatent, model.RoleIntention, model.RoleOutcome, model.RoleDecision:
		default: // RoleNone, or one this version does not know
			return true
		}
	}
	return false
}

func (l legendObjs) objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{l.bg}
	for _, e := range l.entries {
		objs = append(objs, e.swatch, e.label)
		if e.shape != nil {
			objs = append(objs, e.shape)
		}
	}
	return append(objs, l.strength)
}

func (l legendObjs) update(fg, bg, border color.Color) {
	if c, ok := bg.(color.NRGBA); ok {
		c.A = 0xe0
		bg = c
	} else {
		r, g, b, _ := bg.RGBA()
		bg = color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xe0}
	}
	l.bg.FillColor = bg
	l.bg.StrokeColor = border
	l.bg.StrokeWidth = 1
	l.bg.CornerRadius = 4
	for _, e := range l.entries {
		e.label.Color = fg
	}
	l.strength.Color = fg
}

// layout places the strip in the bottom-left corner of a view of size.
func (l legendObjs) layout(size fyne.Size) {
	x := legendPad
	y := size.Height - LegendHeight
	for _, e := range l.entries {
		w := fyne.MeasureText(e.label.Text, legendText, e.label.TextStyle).Width
		if e.shape != nil {
			d := legendSwatch + 2
			e.shape.Move(fyne.NewPos(x+legendPad-1, y+(LegendHeight-d)/2))
			e.shape.Resize(fyne.NewSize(d, d))
			x += legendSwatch + 4
		} else if e.swatch.FillColor != color.Transparent {
			e.swatch.Move(fyne.NewPos(x+legendPad, y+(LegendHeight-legendSwatch)/2))
			e.swatch.Resize(fyne.NewSize(legendSwatch, legendSwatch))
			x += legendSwatch + 4
		}
		e.label.Move(fyne.NewPos(x+legendPad, y+legendPad))
		e.label.Resize(fyne.NewSize(w, legendText*1.4))
		x += w + legendGap
	}
	if l.strength.Visible() {
		w := fyne.MeasureText(l.strength.Text, legendText, l.strength.TextStyle).Width
		l.strength.Move(fyne.NewPos(x+legendPad, y+legendPad))
		l.strength.Resize(fyne.NewSize(w, legendText*1.4))
		x += w + legendGap
	}
	l.bg.Move(fyne.NewPos(0, y))
	l.bg.Resize(fyne.NewSize(x+legendPad-legendGap+legendPad, LegendHeight))
}
