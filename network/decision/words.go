package decision

import (
	"fmt"
	"strings"

	"brink/network/model"
)

// GameWords says in plain words what a Game shows, by the model's labels.
// The window's Decisions tab and the PDF brief both write it, so that they
// say the same thing.
type GameWords struct {
	// Sides holds, for each side (A, then B), its best move and how it
	// depends on the other's.
	Sides [2]string
	// Stable names the pure-strategy equilibria, or says there is none.
	Stable string
	// Mixed states the mixed equilibrium in percent; "" when there is
	// none.
	Mixed string
}

// String joins the sentences into one paragraph.
func (w GameWords) String() string {
	s := w.Sides[0] + " " + w.Sides[1] + " " + w.Stable
	if w.Mixed != "" {
		s += " " + w.Mixed
	}
	return s
}

// Words describes g, whose sides A and B are actors[0] and actors[1], in
// the labels of m.
func (g *Game) Words(m *model.Model, actors [2]string) GameWords {
	a, b := g.A, g.B
	side := func(actor, otherActor string, me, other int, best [][]int) string {
		first := best[0]
		same := true
		for _, bs := range best {
			same = same && len(bs) == 1 && len(first) == 1 && bs[0] == first[0]
		}
		if same {
			return fmt.Sprintf("For %s the best move is %s, whatever %s does.", actor, m.StateLabel(me, first[0]), otherActor)
		}
		var parts []string
		for j, bs := range best {
			var names []string
			for _, x := range bs {
				names = append(names, m.StateLabel(me, x))
			}
			if len(names) == 0 {
				names = []string{"nothing (the findings rule every option out)"}
			}
			parts = append(parts, fmt.Sprintf("if %s is %s, %s", m.Label(other), m.StateLabel(other, j), strings.Join(names, " or ")))
		}
		return fmt.Sprintf("For %s the best move depends on what %s does: %s.", actor, otherActor, strings.Join(parts, "; "))
	}
	var w GameWords
	w.Sides[0] = side(actors[0], actors[1], a, b, g.BestA)
	w.Sides[1] = side(actors[1], actors[0], b, a, g.BestB)
	var eq []string
	for _, e := range g.Pure {
		eq = append(eq, fmt.Sprintf("%s = %s with %s = %s", m.Label(a), m.StateLabel(a, e[0]), m.Label(b), m.StateLabel(b, e[1])))
	}
	switch {
	case len(eq) == 1:
		w.Stable = "Neither side gains by changing alone from " + eq[0] + " (an equilibrium)."
	case len(eq) > 1:
		w.Stable = "Stable pairs, where neither side gains by changing alone (equilibria): " + strings.Join(eq, "; ") + "."
	default:
		w.Stable = "No pair of options is stable: each side would change its move given the other's."
	}
	if mx := g.Mixed; mx != nil {
		w.Mixed = fmt.Sprintf("Mixing at random — %s: %s; %s: %s — leaves each side indifferent between the options it mixes (a mixed equilibrium).",
			actors[0], MixText(m, a, mx.A), actors[1], MixText(m, b, mx.B))
	}
	return w
}

// MixText writes a mixed strategy over decision d's options in percent,
// "hold 94%, escalate 6%", leaving out the options it never plays.
func MixText(m *model.Model, d int, p []float64) string {
	var parts []string
	for i, x := range p {
		if x > tie {
			parts = append(parts, fmt.Sprintf("%s %.0f%%", m.StateLabel(d, i), 100*x))
		}
	}
	return strings.Join(parts, ", ")
}

// PolicyText says what decision v's best choice depends on, given its
// optimal policy pol: that knowing its parents changes nothing, or the
// choice for each case (at most eight, then how many more).
func PolicyText(m *model.Model, v int, pol Policy) string {
	n := m.Net
	ps := n.Parents(v)
	var names []string
	for _, p := range ps {
		names = append(names, m.Label(p))
	}
	same := true
	for _, o := range pol {
		same = same && o == pol[0]
	}
	if same {
		return fmt.Sprintf("Knowing %s does not change the choice: %s in every case.", strings.Join(names, " and "), m.StateLabel(v, pol[0]))
	}
	var lines []string
	var states []int
	for r, o := range pol {
		states = n.ParentStates(v, r, states)
		var given []string
		for j, p := range ps {
			given = append(given, m.Label(p)+" = "+m.StateLabel(p, states[j]))
		}
		lines = append(lines, "if "+strings.Join(given, ", ")+": "+m.StateLabel(v, o))
		if len(lines) == 8 && len(pol) > 8 {
			lines = append(lines, fmt.Sprintf("… and %d more cases", len(pol)-8))
			break
		}
	}
	return "The best choice depends on what is known then:\n" + strings.Join(lines, "\n")
}
