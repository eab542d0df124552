package cardlayout

import (
	"fmt"
	"math"
	"strings"

	"brink/network/model"
)

// A model's cards are numbered in one sequence: its variables by index,
// then its utility nodes (model.Model.Utilities) in order. Utility nodes
// are not variables of the network, but they have cards, edges from
// their parents, positions and a place in every layout.
//
// A utility card has a header as tall as a node's, drawn as an elongated
// hexagon (its ends pointed, half a Header deep) in the utility role's
// colour, over a body whose top edge runs through the header's middle;
// the body has one row for the actor whose utility it is (when it has
// one) and one for its expected value.

// Count returns the number of cards of m: one per variable and one per
// utility.
func Count(m *model.Model) int { return m.Net.NumVariables() + len(m.Utilities) }

// UtilityCard returns the number of utility k's card in m.
func UtilityCard(m *model.Model, k int) int { return m.Net.NumVariables() + k }

// UtilityOf returns the utility whose card is i, or ok false when card i
// is a variable's (or no card of m).
func UtilityOf(m *model.Model, i int) (k int, ok bool) {
	k = i - m.Net.NumVariables()
	return k, k >= 0 && k < len(m.Utilities)
}

// UtilityRows returns the number of rows on u's card: its actor, if it
// has one, and its expected value.
func UtilityRows(u *model.Utility) int {
	if u.Actor != "" {
		return 2
	}
	return 1
}

// UtilityHeight returns the height of u's card.
func UtilityHeight(u *model.Utility) float64 { return Height(UtilityRows(u)) }

// CardHeight returns the height of card i of m: a node's with one row
// per state, or a utility's.
func CardHeight(m *model.Model, i int) float64 {
	if k, ok := UtilityOf(m, i); ok {
		return UtilityHeight(&m.Utilities[k])
	}
	return Height(m.Net.Card(i))
}

// ActorText is the line naming whose utility u is, "" when it has no
// actor.
func ActorText(u *model.Utility) string {
	if u.Actor == "" {
		return ""
	}
	return "for " + u.Actor
}

// ExpectedText is the line giving a utility's expected value x in the
// model's units, to four significant figures ("expected 22.5",
// "expected −10"); ok false (the value could not be found, say for a
// model without decisions) gives "expected —". A value within 1e-9 of
// zero is written 0: it is the rounding the arithmetic leaves where a
// table's value is 0 for certain (−1e−15, say), not a utility anyone
// states.
func ExpectedText(x float64, ok bool) string {
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		return "expected —"
	}
	if math.Abs(x) < 1e-9 {
		x = 0
	}
	s := fmt.Sprintf("%.4g", x)
	if math.Abs(x) >= 1e4 && math.Abs(x) < 1e15 {
		s = fmt.Sprintf("%.0f", x) // 12345, not 1.234e+04
	}
	if s == "-0" {
		s = "0"
	}
	return "expected " + strings.Replace(s, "-", "−", 1)
}

// UtilityWidth returns the width of u's card: the room its label (inside
// the hexagonal header's pointed ends, half a Header each), its actor
// and the widest expected value its table allows need, at least Width
// and at most MaxWidth, rounded up to a multiple of ten.
func UtilityWidth(u *model.Utility) float64 {
	need := TextWidth(u.DisplayLabel(), true) + 2*Pad + Header
	need = math.Max(need, TextWidth(ActorText(u), false)+2*Pad)
	lo, hi := 0.0, 0.0
	for _, x := range u.Table {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	// The widest value within the table's range: as many digits as its
	// largest magnitude, four significant figures, and a sign.
	mag := math.Max(math.Abs(lo), math.Abs(hi))
	widest := 0.0
	if mag > 0 && !math.IsInf(mag, 0) && !math.IsNaN(mag) {
		widest = -8.888 * math.Pow(10, math.Floor(math.Log10(mag)))
	}
	for _, x := range []float64{lo, hi, widest} {
		need = math.Max(need, TextWidth(ExpectedText(x, true), true)+2*Pad)
	}
	w := math.Ceil(need/widthStep) * widthStep
	return math.Min(MaxWidth, math.Max(Width, w))
}

// Parents returns the cards that have edges into card i of m: a node's
// parents, or the variables a utility depends on (names that are not
// variables of the network are left out; the model file refuses them).
func Parents(m *model.Model, i int) []int {
	k, ok := UtilityOf(m, i)
	if !ok {
		return m.Net.Parents(i)
	}
	var out []int
	for _, name := range m.Utilities[k].Parents {
		if v, ok := m.Net.Index(name); ok {
			out = append(out, v)
		}
	}
	return out
}

// Stored returns the position the model holds for card i (a node's or a
// utility's), nil when it has none.
func Stored(m *model.Model, i int) *model.Point {
	if k, ok := UtilityOf(m, i); ok {
		return m.Utilities[k].Position
	}
	return m.Nodes[i].Position
}
