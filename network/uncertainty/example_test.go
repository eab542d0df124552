package uncertainty_test

import (
	"context"
	"fmt"
	"log"

	"brink/network/modelfile"
	"brink/network/uncertainty"
)

// Example asks how much the chest clinic's diagnosis of lung cancer in a
// smoker short of breath depends on the exact numbers, if every CPT is
// held with the confidence of 50 observations per row.
func Example() {
	m, err := modelfile.Load("../../models/asia.toml")
	if err != nil {
		log.Fatal(err)
	}
	for v := range m.Nodes {
		m.Nodes[v].Confidence = 50
	}
	sc, _ := m.Scenario("smoker_with_dyspnoea")
	ev, err := m.Evidence(sc)
	if err != nil {
		log.Fatal(err)
	}
	lung, _ := m.Net.Index("lung")
	r, err := uncertainty.Run(context.Background(), m, ev, lung, uncertainty.Options{Samples: 2000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(lung cancer): %.2f with the stated numbers, mean %.2f, 90%% interval %.2f–%.2f\n",
		r.Fixed[0], r.Mean[0], r.Low[0], r.High[0])
	fmt.Printf("%d samples, %d uncertain nodes\n", r.Samples, len(r.Uncertain))
	// Output:
	// P(lung cancer): 0.15 with the stated numbers, mean 0.15, 90% interval 0.06–0.26
	// 2000 samples, 8 uncertain nodes
}
