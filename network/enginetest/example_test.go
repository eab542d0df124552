package enginetest_test

import (
	"fmt"
	"log"

	"brink/network"
	"brink/network/enginetest"
)

// Rain makes the grass wet; seeing wet grass, how likely is rain?
func ExampleEnumerate() {
	n, err := network.New([]network.VariableSpec{
		{Name: "rain", States: []string{"no", "yes"}, CPT: []float64{0.8, 0.2}},
		{Name: "wet", States: []string{"no", "yes"}, Parents: []string{"rain"}, CPT: []float64{
			0.9, 0.1, // rain=no
			0.2, 0.8, // rain=yes
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	ev := network.NewEvidence(n)
	wet, yes, err := n.Lookup("wet", "yes")
	if err != nil {
		log.Fatal(err)
	}
	if err := ev.SetState(wet, yes); err != nil {
		log.Fatal(err)
	}

	marginals, pe, err := enginetest.Enumerate(n, ev)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(wet=yes) = %.2f\n", pe)
	fmt.Printf("P(rain=yes | wet=yes) = %.4f\n", marginals[0][1])

	x, p, err := enginetest.EnumerateMPE(n, ev)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("most probable: rain=%s with P = %.2f\n", n.Variable(0).States[x[0]], p)

	// Output:
	// P(wet=yes) = 0.24
	// P(rain=yes | wet=yes) = 0.6667
	// most probable: rain=yes with P = 0.16
}

// Evidence of probability zero is an error that names the conflict.
func ExampleEnumerate_impossible() {
	n, err := network.New([]network.VariableSpec{
		{Name: "coin", States: []string{"heads", "tails", "edge"}, CPT: []float64{0.5, 0.5, 0}},
	})
	if err != nil {
		log.Fatal(err)
	}
	ev := network.NewEvidence(n)
	if err := ev.SetState(0, 2); err != nil {
		log.Fatal(err)
	}
	_, _, err = enginetest.Enumerate(n, ev)
	fmt.Println(err)

	// Output:
	// network: impossible evidence (probability 0): coin=edge
}
