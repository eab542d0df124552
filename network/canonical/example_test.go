package canonical_test

import (
	"fmt"
	"log"

	"brink/network/canonical"
)

// A fever caused by flu or malaria, each on its own, and by other causes
// (the leak). State 0 is present, state 1 absent; Flu varies slowest.
func ExampleNoisyOR() {
	fever := canonical.NoisyOR{
		Link: []float64{0.8, 0.9}, // Flu, Malaria
		Leak: 0.05,
	}
	cpt, err := fever.CPT(0)
	if err != nil {
		log.Fatal(err)
	}
	for i, flu := range []string{"flu", "no flu"} {
		for j, malaria := range []string{"malaria", "no malaria"} {
			row := cpt[(2*i+j)*2:]
			fmt.Printf("%-6s %-10s  P(fever) = %.4f\n", flu, malaria, row[0])
		}
	}
	// Output:
	// flu    malaria     P(fever) = 0.9810
	// flu    no malaria  P(fever) = 0.8100
	// no flu malaria     P(fever) = 0.9050
	// no flu no malaria  P(fever) = 0.0500
}

// A three-level damage (severe, light, none) caused by a storm of three
// levels and a flood, GeNIe's convention: the last state of each is the
// absent one.
func ExampleNoisyMAX() {
	damage := canonical.NoisyMAX{
		States: 3, // severe, light, none
		Causes: []canonical.Cause{
			{States: 3, Absent: 2, Given: [][]float64{ // storm: strong, moderate, none
				{0.6, 0.3, 0.1},
				{0.1, 0.5, 0.4},
				nil,
			}},
			{States: 2, Absent: 1, Given: [][]float64{ // flood: yes, no
				{0.3, 0.4, 0.3},
				nil,
			}},
		},
		Leak: []float64{0.01, 0.04, 0.95},
	}
	cpt, err := damage.CPT(0)
	if err != nil {
		log.Fatal(err)
	}
	for r := 0; r < len(cpt); r += 3 {
		fmt.Printf("%.4f %.4f %.4f\n", cpt[r], cpt[r+1], cpt[r+2])
	}
	// Output:
	// 0.7228 0.2487 0.0285
	// 0.6040 0.3010 0.0950
	// 0.3763 0.5097 0.1140
	// 0.1090 0.5110 0.3800
	// 0.3070 0.4080 0.2850
	// 0.0100 0.0400 0.9500
}

// Product quality on a five-point scale, from the quality of its design
// and its testing; a weak test drags quality down (WMIN). State 0 is
// "very low".
func ExampleRanked() {
	quality := canonical.Ranked{
		States:   5,
		Parents:  []int{5, 5}, // design, testing
		Func:     canonical.WMin,
		Weights:  []float64{1, 3},
		Variance: 0.01,
	}
	cpt, err := quality.CPT(0)
	if err != nil {
		log.Fatal(err)
	}
	// Very high design (state 4, midpoint 0.9) with very low (0, at 0.1)
	// and with very high (4) testing. With very low testing the terms of
	// WMIN are (1×0.9 + 0.1)/2 = 0.5 and (3×0.1 + 0.9)/4 = 0.3, so the
	// child is centred on 0.3, in state 1; with both very high it is
	// centred on 0.9 and cut off at 1.
	for _, testing := range []int{0, 4} {
		r := 4*5 + testing
		fmt.Printf("testing %d: %.3f\n", testing, cpt[r*5:(r+1)*5])
	}
	// Output:
	// testing 0: [0.158 0.684 0.158 0.001 0.000]
	// testing 4: [0.000 0.000 0.002 0.187 0.811]
}
