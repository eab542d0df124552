package analysis_test

import (
	"fmt"
	"log"

	"brink/network"
	"brink/network/analysis"
	"brink/network/jtree"
)

// Example asks of a three-variable network what would move the belief in
// rain, which observation to make next, and what the evidence so far
// says.
func Example() {
	n, err := network.New([]network.VariableSpec{
		{Name: "rain", States: []string{"yes", "no"}, CPT: []float64{0.2, 0.8}},
		{Name: "sprinkler", States: []string{"on", "off"}, CPT: []float64{0.4, 0.6}},
		{Name: "grass", States: []string{"wet", "dry"}, Parents: []string{"rain", "sprinkler"},
			CPT: []float64{
				0.99, 0.01, // rain=yes, sprinkler=on
				0.9, 0.1, // rain=yes, sprinkler=off
				0.8, 0.2, // rain=no, sprinkler=on
				0.05, 0.95, // rain=no, sprinkler=off
			}},
	})
	if err != nil {
		log.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		log.Fatal(err)
	}
	rain, yes, grass, sprinkler := 0, 0, 2, 1
	ev := network.NewEvidence(n)

	// What would move P(rain=yes) most if observed?
	rows, err := analysis.Impact(jt, ev, rain, yes)
	if err != nil {
		log.Fatal(err)
	}
	p := jt.Posterior(rain)[yes] // the engine is left on ev
	fmt.Printf("P(rain=yes) = %.3f (%s)\n", p, analysis.Term(p))
	for _, r := range rows {
		fmt.Printf("  if %s=%s: %.3f (%s)\n", n.Name(r.Node), n.Variable(r.Node).States[r.State],
			r.Posterior, analysis.Term(r.Posterior))
	}

	// Which observation tells most about rain?
	voi, err := analysis.VOI(jt, ev, rain)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("H(rain) = %.3f bits\n", analysis.Entropy(jt.Posterior(rain)))
	for _, r := range voi {
		fmt.Printf("  I(rain; %s) = %.3f bits\n", n.Name(r.Node), r.MutualInformation)
	}

	// The grass is wet and the sprinkler was off: how much did each
	// finding weigh?
	_ = ev.SetState(grass, 0)
	_ = ev.SetState(sprinkler, 1)
	ws, err := analysis.Explain(jt, ev, rain, yes)
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range ws {
		fmt.Printf("%s: %.3f → %.3f, %+.1f dB\n", w.Finding.Describe(n), w.Without, w.With, w.Decibans)
	}
	// By hand: P(wet) = .2·(.4·.99 + .6·.9) + .8·(.4·.8 + .6·.05) = .4672,
	// so P(rain | wet) = .1872/.4672 = .401; with the sprinkler off,
	// P(rain | wet, off) = .2·.9 / (.2·.9 + .8·.05) = .818.

	// Output:
	// P(rain=yes) = 0.200 (unlikely)
	//   if grass=wet: 0.401 (unlikely)
	//   if grass=dry: 0.024 (almost no chance)
	//   if sprinkler=on: 0.200 (unlikely)
	//   if sprinkler=off: 0.200 (unlikely)
	// H(rain) = 0.722 bits
	//   I(rain; grass) = 0.181 bits
	//   I(rain; sprinkler) = 0.000 bits
	// sprinkler=off: 0.401 → 0.818, +8.3 dB
	// grass=wet: 0.200 → 0.818, +12.6 dB
}
