package enginetest

import (
	"testing"

	"brink/network"
)

// asiaSpecs is Lauritzen and Spiegelhalter's chest clinic ("asia"), as in
// ../shared/networks/asia.bif, transcribed by hand. The BIF file lists
// CPT rows by parent labels; here they are in network.VariableSpec order,
// first parent slowest, state "yes" before "no".
func asiaSpecs() []network.VariableSpec {
	yn := []string{"yes", "no"}
	return []network.VariableSpec{
		{Name: "asia", States: yn, CPT: []float64{0.01, 0.99}},
		{Name: "tub", States: yn, Parents: []string{"asia"}, CPT: []float64{0.05, 0.95, 0.01, 0.99}},
		{Name: "smoke", States: yn, CPT: []float64{0.5, 0.5}},
		{Name: "lung", States: yn, Parents: []string{"smoke"}, CPT: []float64{0.1, 0.9, 0.01, 0.99}},
		{Name: "bronc", States: yn, Parents: []string{"smoke"}, CPT: []float64{0.6, 0.4, 0.3, 0.7}},
		{Name: "either", States: yn, Parents: []string{"lung", "tub"}, CPT: []float64{
			1, 0, // lung=yes, tub=yes
			1, 0, // lung=yes, tub=no
			1, 0, // lung=no, tub=yes
			0, 1, // lung=no, tub=no
		}},
		{Name: "xray", States: yn, Parents: []string{"either"}, CPT: []float64{0.98, 0.02, 0.05, 0.95}},
		{Name: "dysp", States: yn, Parents: []string{"bronc", "either"}, CPT: []float64{
			0.9, 0.1, // bronc=yes, either=yes
			0.8, 0.2, // bronc=yes, either=no
			0.7, 0.3, // bronc=no, either=yes
			0.1, 0.9, // bronc=no, either=no
		}},
	}
}

// cancerSpecs is the "cancer" network of ../shared/networks/cancer.bif
// (Korb and Nicholson), transcribed by hand.
func cancerSpecs() []network.VariableSpec {
	tf := []string{"True", "False"}
	return []network.VariableSpec{
		{Name: "Pollution", States: []string{"low", "high"}, CPT: []float64{0.9, 0.1}},
		{Name: "Smoker", States: tf, CPT: []float64{0.3, 0.7}},
		{Name: "Cancer", States: tf, Parents: []string{"Pollution", "Smoker"}, CPT: []float64{
			0.03, 0.97, // low, True
			0.001, 0.999, // low, False
			0.05, 0.95, // high, True
			0.02, 0.98, // high, False
		}},
		{Name: "Xray", States: []string{"positive", "negative"}, Parents: []string{"Cancer"}, CPT: []float64{0.9, 0.1, 0.2, 0.8}},
		{Name: "Dyspnoea", States: tf, Parents: []string{"Cancer"}, CPT: []float64{0.65, 0.35, 0.3, 0.7}},
	}
}

// twoNodeSpecs is A → B with
//
//	P(A=1) = 0.3,  P(B=1 | A=0) = 0.2,  P(B=1 | A=1) = 0.9.
func twoNodeSpecs() []network.VariableSpec {
	return []network.VariableSpec{
		{Name: "A", States: []string{"0", "1"}, CPT: []float64{0.7, 0.3}},
		{Name: "B", States: []string{"0", "1"}, Parents: []string{"A"}, CPT: []float64{0.8, 0.2, 0.1, 0.9}},
	}
}

func mustNetwork(tb testing.TB, specs []network.VariableSpec) *network.Network {
	tb.Helper()
	n, err := network.New(specs)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// observe returns hard evidence on n from variable and state names.
func observe(tb testing.TB, n *network.Network, pairs ...string) *network.Evidence {
	tb.Helper()
	ev := network.NewEvidence(n)
	for i := 0; i < len(pairs); i += 2 {
		v, s, err := n.Lookup(pairs[i], pairs[i+1])
		if err != nil {
			tb.Fatal(err)
		}
		if err := ev.SetState(v, s); err != nil {
			tb.Fatal(err)
		}
	}
	return ev
}
