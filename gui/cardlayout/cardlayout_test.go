package cardlayout

import (
	"math"
	"testing"

	"brink/network"
	"brink/network/model"
)

func chain(t *testing.T, n int) *model.Model {
	t.Helper()
	var specs []network.VariableSpec
	for i := range n {
		s := network.VariableSpec{Name: string(rune('a' + i)), States: []string{"x", "y"}, CPT: []float64{0.5, 0.5}}
		if i > 0 {
			s.Parents = []string{string(rune('a' + i - 1))}
			s.CPT = []float64{0.9, 0.1, 0.2, 0.8}
		}
		specs = append(specs, s)
	}
	net, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	return model.New(net)
}

func TestPositions(t *testing.T) {
	m := chain(t, 4)
	m.Nodes[0].Position = &model.Point{X: 100, Y: 50}
	m.Nodes[1].Position = &model.Point{X: math.NaN(), Y: 1}
	m.Nodes[2].Position = &model.Point{X: 1, Y: math.Inf(1)}
	pos := Positions(m)
	if pos[0] != (model.Point{X: 100, Y: 50}) {
		t.Errorf("a finite position was not kept: %v", pos[0])
	}
	for v := 1; v < 4; v++ {
		if !Finite(&pos[v]) {
			t.Errorf("node %d: non-finite %v", v, pos[v])
		}
		if pos[v].Y <= 50+Height(2) {
			t.Errorf("node %d at %v: laid-out nodes go below the positioned ones", v, pos[v])
		}
		if v > 1 && pos[v].Y <= pos[v-1].Y {
			t.Errorf("node %d is not below its parent", v)
		}
	}
}

func TestHeight(t *testing.T) {
	if Height(3) != Header+3*Row+PadBottom {
		t.Error(Height(3))
	}
}
