package model

import (
	"slices"
	"testing"

	"brink/network"
)

func TestBriefingNodes(t *testing.T) {
	yn := []string{"y", "n"}
	n, err := network.New([]network.VariableSpec{
		{Name: "a", States: yn, CPT: []float64{.5, .5}},
		{Name: "b", States: yn, Parents: []string{"a"}, CPT: []float64{.5, .5, .5, .5}},
		{Name: "c", States: yn, Parents: []string{"a"}, CPT: []float64{.5, .5, .5, .5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := New(n)
	if got := m.BriefingNodes(); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("without roles: %v, want the leaves [1 2]", got)
	}
	m.Nodes[2].Role = RoleOutcome
	m.Nodes[0].Role = RoleIntention
	if got := m.BriefingNodes(); !slices.Equal(got, []int{0, 2}) {
		t.Errorf("with roles: %v, want intentions then outcomes [0 2]", got)
	}
}
