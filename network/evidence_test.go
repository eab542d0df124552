package network_test

import (
	"math"
	"slices"
	"testing"

	"brink/network"
)

// twoBinary returns the network a → b over two binary variables.
func twoBinary(t *testing.T) *network.Network {
	t.Helper()
	n, err := network.New([]network.VariableSpec{
		{Name: "a", States: []string{"yes", "no"}, CPT: []float64{0.3, 0.7}},
		{Name: "b", States: []string{"yes", "no"}, Parents: []string{"a"}, CPT: []float64{0.9, 0.1, 0.2, 0.8}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestScaledLikelihood checks that likelihood weights are kept as the user
// gave them (Findings, Describe, String) while engines get them divided by
// their largest weight, with the logarithm of that weight exact (tol 1e-15
// relative), for weights across the whole float64 range.
func TestScaledLikelihood(t *testing.T) {
	tests := []struct {
		name     string
		weights  []float64
		scaled   []float64
		logScale float64
		describe string
	}{
		{"moderate", []float64{0.8, 0.2}, []float64{1, 0.25}, math.Log(0.8), "b~(yes:0.8, no:0.2)"},
		{"already scaled", []float64{1, 0.5}, []float64{1, 0.5}, 0, "b~(yes:1, no:0.5)"},
		{"huge", []float64{1e308, 1e308}, []float64{1, 1}, math.Log(1e308), "b~(yes:1e+308, no:1e+308)"},
		// math.Log is wrong for subnormals on amd64 (golang/go#56600);
		// math.Log2 normalises them first.
		{"subnormal", []float64{1e-320, 1e-320}, []float64{1, 1}, math.Log2(1e-320) * math.Ln2, "b~(yes:1e-320, no:1e-320)"},
		{"smallest subnormal", []float64{0, 5e-324}, []float64{0, 1}, -1074 * math.Ln2, "b~(yes:0, no:5e-324)"},
		{"huge against one", []float64{1e200, 1}, []float64{1, 1e-200}, math.Log(1e200), "b~(yes:1e+200, no:1)"},
		{"a zero", []float64{0, 3}, []float64{0, 1}, math.Log(3), "b~(yes:0, no:3)"},
		{"ratio beyond the range", []float64{1e300, 1e-300}, []float64{1, 0}, math.Log(1e300), "b~(yes:1e+300, no:1e-300)"},
	}
	n := twoBinary(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := network.NewEvidence(n)
			if err := ev.SetLikelihood(1, tt.weights); err != nil {
				t.Fatal(err)
			}
			check := func(what string, ev *network.Evidence) {
				t.Helper()
				f, ok := ev.Finding(1)
				if !ok || f.Kind != network.Likelihood || !slices.Equal(f.Weights, tt.weights) {
					t.Errorf("%s: finding %+v, want the weights %v as given", what, f, tt.weights)
				}
				if got := ev.Findings(); len(got) != 1 || !slices.Equal(got[0].Weights, tt.weights) {
					t.Errorf("%s: Findings() = %+v", what, got)
				}
				if !slices.Equal(ev.Likelihood(1), tt.weights) {
					t.Errorf("%s: Likelihood = %v, want %v", what, ev.Likelihood(1), tt.weights)
				}
				if got := ev.String(); got != tt.describe {
					t.Errorf("%s: String() = %q, want %q", what, got, tt.describe)
				}
				w, ls := ev.ScaledLikelihood(1)
				if !slices.Equal(w, tt.scaled) || math.Abs(ls-tt.logScale) > 1e-15*math.Abs(tt.logScale) {
					t.Errorf("%s: ScaledLikelihood = %v, %v; want %v, %v", what, w, ls, tt.scaled, tt.logScale)
				}
				if w, ls := ev.ScaledLikelihood(0); w != nil || ls != 0 {
					t.Errorf("%s: unobserved variable has ScaledLikelihood %v, %v", what, w, ls)
				}
			}
			check("set", ev)
			check("clone", ev.Clone())
			copied := network.NewEvidence(n)
			f, _ := ev.Finding(1)
			if err := copied.Set(f); err != nil {
				t.Fatal(err)
			}
			check("Set", copied)
			ev.Retract(1)
			if w, ls := ev.ScaledLikelihood(1); w != nil || ls != 0 || ev.Len() != 0 {
				t.Errorf("after Retract: ScaledLikelihood %v, %v, Len %d", w, ls, ev.Len())
			}
		})
	}
}

// TestScaledHardAndNegative checks that hard and negative findings, whose
// weights are already at most 1 with a 1 among them, are scaled by 1, and
// that Clear forgets the scaled weights.
func TestScaledHardAndNegative(t *testing.T) {
	n := twoBinary(t)
	ev := network.NewEvidence(n)
	if err := ev.SetState(0, 1); err != nil {
		t.Fatal(err)
	}
	if err := ev.SetNotState(1, 0); err != nil {
		t.Fatal(err)
	}
	for v, want := range [][]float64{{0, 1}, {0, 1}} {
		if w, ls := ev.ScaledLikelihood(v); !slices.Equal(w, want) || ls != 0 {
			t.Errorf("variable %d: ScaledLikelihood %v, %v; want %v, 0", v, w, ls, want)
		}
	}
	ev.Clear()
	for v := range 2 {
		if w, ls := ev.ScaledLikelihood(v); w != nil || ls != 0 {
			t.Errorf("after Clear, variable %d: ScaledLikelihood %v, %v", v, w, ls)
		}
	}
}
