package jtree_test

import (
	"fmt"
	"log"

	"brink/network"
	"brink/network/jtree"
)

// Example builds a two-variable network, observes the child and reads the
// posterior of the parent.
func Example() {
	n, err := network.New([]network.VariableSpec{
		{Name: "rain", States: []string{"yes", "no"}, CPT: []float64{0.2, 0.8}},
		{Name: "wet", States: []string{"yes", "no"}, Parents: []string{"rain"},
			CPT: []float64{
				0.9, 0.1, // rain = yes
				0.1, 0.9, // rain = no
			}},
	})
	if err != nil {
		log.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ev := network.NewEvidence(n)
	wet, rain := 1, 0
	if err := ev.SetState(wet, 0); err != nil {
		log.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		log.Fatal(err)
	}
	// P(rain | wet) = 0.2·0.9 / (0.2·0.9 + 0.8·0.1) = 0.18 / 0.26
	fmt.Printf("P(wet) = %.2f\n", jt.ProbEvidence())
	fmt.Printf("P(rain | wet) = %.4f\n", jt.Posterior(rain)[0])

	// Output:
	// P(wet) = 0.26
	// P(rain | wet) = 0.6923
}

// ExampleJunctionTree_MPE finds the most probable explanation of an
// observation.
func ExampleJunctionTree_MPE() {
	n, _ := network.New([]network.VariableSpec{
		{Name: "rain", States: []string{"yes", "no"}, CPT: []float64{0.2, 0.8}},
		{Name: "wet", States: []string{"yes", "no"}, Parents: []string{"rain"}, CPT: []float64{0.9, 0.1, 0.1, 0.9}},
	})
	jt, _ := jtree.Compile(n, jtree.Options{})
	ev := network.NewEvidence(n)
	_ = ev.SetState(1, 0) // wet = yes
	assign, p, err := jt.MPE(ev)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("rain=%s with probability %.2f\n", n.Variable(0).States[assign[0]], p)
	// Output:
	// rain=yes with probability 0.18
}
