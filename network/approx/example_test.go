package approx_test

import (
	"context"
	"fmt"
	"log"

	"brink/network"
	"brink/network/approx"
)

// Build a network with a loop (cloudy → sprinkler → wet ← rain ←
// cloudy), observe wet grass, and ask exact inference, loopy belief
// propagation and importance sampling whether it rained. Loopy
// propagation counts the evidence twice around the loop and overshoots;
// sampling's interval holds the exact answer.
func Example() {
	yn := []string{"yes", "no"}
	n, err := network.New([]network.VariableSpec{
		{Name: "cloudy", States: yn, CPT: []float64{0.5, 0.5}},
		{Name: "sprinkler", States: yn, Parents: []string{"cloudy"}, CPT: []float64{0.1, 0.9, 0.5, 0.5}},
		{Name: "rain", States: yn, Parents: []string{"cloudy"}, CPT: []float64{0.8, 0.2, 0.2, 0.8}},
		{Name: "wet", States: yn, Parents: []string{"sprinkler", "rain"}, CPT: []float64{0.99, 0.01, 0.9, 0.1, 0.9, 0.1, 0, 1}},
	})
	if err != nil {
		log.Fatal(err)
	}
	ev := network.NewEvidence(n)
	wet, yes, _ := n.Lookup("wet", "yes")
	if err := ev.SetState(wet, yes); err != nil {
		log.Fatal(err)
	}
	rain, _, _ := n.Lookup("rain", "")
	for _, m := range []approx.Method{approx.Auto, approx.LBP, approx.Sampling} {
		r, err := approx.Infer(context.Background(), n, ev, approx.Options{Method: m, Samples: 100_000, Seed: 1})
		if err != nil {
			log.Fatal(err)
		}
		p := r.Posterior(rain)[yes]
		if se := r.StdErr(rain); se != nil {
			fmt.Printf("%-8v P(rain | wet) = %.3f ± %.3f\n", r.Method, p, 2*se[yes])
			continue
		}
		fmt.Printf("%-8v P(rain | wet) = %.3f\n", r.Method, p)
	}
	// Output:
	// exact    P(rain | wet) = 0.708
	// lbp      P(rain | wet) = 0.784
	// sampling P(rain | wet) = 0.706 ± 0.004
}
