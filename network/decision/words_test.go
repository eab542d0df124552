package decision

import (
	"testing"

	"brink/network/model"
)

// TestGameWords reads the plain-words summary of three textbook games
// (payoffs as in the tests above), by the model's labels: a dominant
// move, a move that depends on the other's with two stable pairs and a
// mix, and no stable pair at all.
func TestGameWords(t *testing.T) {
	for _, tc := range []struct {
		name   string
		k      int
		ua, ub [][]float64
		want   GameWords
	}{
		{
			name: "prisoner's dilemma", k: 2,
			ua: [][]float64{{3, 0}, {5, 1}}, ub: [][]float64{{3, 5}, {0, 1}},
			want: GameWords{
				Sides: [2]string{
					"For Red the best move is Defect, whatever Blue does.",
					"For Blue the best move is Defect, whatever Red does.",
				},
				Stable: "Neither side gains by changing alone from Red's move = Defect with Blue's move = Defect (an equilibrium).",
			},
		},
		{
			name: "chicken", k: 2,
			ua: [][]float64{{0, -1}, {1, -10}}, ub: [][]float64{{0, 1}, {-1, -10}},
			want: GameWords{
				Sides: [2]string{
					"For Red the best move depends on what Blue does: if Blue's move is Cooperate, Defect; if Blue's move is Defect, Cooperate.",
					"For Blue the best move depends on what Red does: if Red's move is Cooperate, Defect; if Red's move is Defect, Cooperate.",
				},
				Stable: "Stable pairs, where neither side gains by changing alone (equilibria): Red's move = Cooperate with Blue's move = Defect; Red's move = Defect with Blue's move = Cooperate.",
				Mixed:  "Mixing at random — Red: Cooperate 90%, Defect 10%; Blue: Cooperate 90%, Defect 10% — leaves each side indifferent between the options it mixes (a mixed equilibrium).",
			},
		},
		{
			name: "matching pennies", k: 2,
			ua: [][]float64{{1, -1}, {-1, 1}}, ub: [][]float64{{-1, 1}, {1, -1}},
			want: GameWords{
				Sides: [2]string{
					"For Red the best move depends on what Blue does: if Blue's move is Cooperate, Cooperate; if Blue's move is Defect, Defect.",
					"For Blue the best move depends on what Red does: if Red's move is Cooperate, Defect; if Red's move is Defect, Cooperate.",
				},
				Stable: "No pair of options is stable: each side would change its move given the other's.",
				Mixed:  "Mixing at random — Red: Cooperate 50%, Defect 50%; Blue: Cooperate 50%, Defect 50% — leaves each side indifferent between the options it mixes (a mixed equilibrium).",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dg, net := twoSides(t, tc.k, tc.ua, tc.ub)
			g, err := dg.NewGame(nil, 0, 1, "A", "B", nil)
			if err != nil {
				t.Fatal(err)
			}
			moves := []string{"Cooperate", "Defect"}
			m := &model.Model{Net: net, Nodes: []model.Node{
				{Label: "Red's move", Role: model.RoleDecision, Actor: "A", StateLabels: moves},
				{Label: "Blue's move", Role: model.RoleDecision, Actor: "B", StateLabels: moves},
				{Label: "Clash"},
			}}
			got := g.Words(m, [2]string{"Red", "Blue"})
			if got != tc.want {
				t.Errorf("got\n%#v\nwant\n%#v", got, tc.want)
			}
			if s := got.String(); s[len(s)-1] != '.' {
				t.Errorf("String() = %q", s)
			}
		})
	}
}
