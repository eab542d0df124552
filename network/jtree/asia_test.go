package jtree

import (
	"math"
	"testing"

	"brink/network"
)

// asia builds the chest-clinic network of Lauritzen & Spiegelhalter (1988)
// with the numbers of ../shared/networks/asia.bif.
func asia(t testing.TB) *network.Network {
	t.Helper()
	yn := []string{"yes", "no"}
	n, err := network.New([]network.VariableSpec{
		{Name: "asia", States: yn, CPT: []float64{0.01, 0.99}},
		{Name: "tub", States: yn, Parents: []string{"asia"}, CPT: []float64{0.05, 0.95, 0.01, 0.99}},
		{Name: "smoke", States: yn, CPT: []float64{0.5, 0.5}},
		{Name: "lung", States: yn, Parents: []string{"smoke"}, CPT: []float64{0.1, 0.9, 0.01, 0.99}},
		{Name: "bronc", States: yn, Parents: []string{"smoke"}, CPT: []float64{0.6, 0.4, 0.3, 0.7}},
		{Name: "either", States: yn, Parents: []string{"lung", "tub"}, CPT: []float64{1, 0, 1, 0, 1, 0, 0, 1}},
		{Name: "xray", States: yn, Parents: []string{"either"}, CPT: []float64{0.98, 0.02, 0.05, 0.95}},
		{Name: "dysp", States: yn, Parents: []string{"bronc", "either"}, CPT: []float64{0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAsiaPrior(t *testing.T) {
	n := asia(t)
	jt, err := Compile(n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(network.NewEvidence(n)); err != nil {
		t.Fatal(err)
	}
	// Prior marginals from ../shared/reftests/asia.json (libDAI), tol 1e-12.
	want := map[string]float64{"tub": 0.010400000000000003, "lung": 0.055000000000000014, "smoke": 0.5, "asia": 0.01}
	for name, p := range want {
		v, _ := n.Index(name)
		if got := jt.Posterior(v)[0]; math.Abs(got-p) > 1e-12 {
			t.Errorf("P(%s=yes) = %v, want %v", name, got, p)
		}
	}
	t.Logf("stats %+v", jt.Stats())
}
