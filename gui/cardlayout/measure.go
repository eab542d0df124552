package cardlayout

import (
	"math"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"brink/network/model"
)

// Card widths follow the text they hold, between Width and MaxWidth: a
// card is as wide as its title or its longest state name with the
// percentage beside it needs, so that "Accidental escalation" is not cut
// to "Accidental escala…" for want of 30 units. Longer names are
// shortened with an ellipsis by whoever draws them, and shown whole in
// the inspector.
const (
	// MaxWidth is the widest a card grows for long names.
	MaxWidth = 380.0
	// widthStep rounds widths up, so that cards with similar names line
	// up.
	widthStep = 10.0
	// pctGap is the space between a state's name and its percentage.
	pctGap = 6.0
	// widestPct is the widest percentage a row shows.
	widestPct = ">99.9%"
	// markRoom is the room for the finding mark ("● ", "✕ ") before the
	// name of an observed or excluded state, whose row is bold and shows
	// "100%" or "0%".
	markRoom = 0.9 * TextSize
	// otherFonts is the most the window's font (Fyne's Noto Sans) runs
	// wider than Liberation Sans, which the widths are measured in; Noto
	// is 0–9 % wider on the labels of the shipped models.
	otherFonts = 1.1
)

// faces are the regular and bold Liberation Sans faces at TextSize,
// parsed once; they are read-only after that.
var faces = sync.OnceValue(func() [2]xfont.Face {
	var out [2]xfont.Face
	for i, ttf := range [][]byte{liberationsansregular.TTF, liberationsansbold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			continue // embedded fonts; a nil face falls back to an estimate
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: TextSize, DPI: 72, Hinting: xfont.HintingNone})
		if err == nil {
			out[i] = face
		}
	}
	return out
})

// TextWidth returns the width of s at TextSize in model units, bold or
// not, allowing for the window's font being a little wider than the one
// it is measured in.
func TextWidth(s string, bold bool) float64 {
	i := 0
	if bold {
		i = 1
	}
	f := faces()[i]
	if f == nil {
		return float64(len([]rune(s))) * 0.6 * TextSize
	}
	return otherFonts * float64(xfont.MeasureString(f, s)) / 64
}

// CardWidth returns the width of card v of m (numbered as Count says):
// for a node, the room its title and its longest state name with a
// percentage need, at least Width and at most MaxWidth, rounded up to a
// multiple of ten; for a utility, UtilityWidth.
func CardWidth(m *model.Model, v int) float64 {
	if k, ok := UtilityOf(m, v); ok {
		return UtilityWidth(&m.Utilities[k])
	}
	need := TextWidth(m.Label(v), true) + 2*Pad
	plain, marked := TextWidth(widestPct, false), TextWidth("100%", true)
	for s := range m.Net.Card(v) {
		l := m.StateLabel(v, s)
		need = math.Max(need, TextWidth(l, false)+pctGap+plain+2*Pad)
		need = math.Max(need, markRoom+TextWidth(l, true)+pctGap+marked+2*Pad)
	}
	w := math.Ceil(need/widthStep) * widthStep
	return math.Min(MaxWidth, math.Max(Width, w))
}

// Widths returns the width of each card of m, the variables' then the
// utilities', as CardWidth does.
func Widths(m *model.Model) []float64 {
	out := make([]float64, Count(m))
	for v := range out {
		out[v] = CardWidth(m, v)
	}
	return out
}
