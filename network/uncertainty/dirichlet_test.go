package uncertainty

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// moments returns the sample mean and variance of xs and the standard
// errors of both: √(var/N) for the mean and √((m₄ − var²)/N) for the
// variance, m₄ being the fourth central moment (the large-sample variance
// of the sample variance).
func moments(xs []float64) (mean, variance, seMean, seVar float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var m4 float64
	for _, x := range xs {
		d := (x - mean) * (x - mean)
		variance += d
		m4 += d * d
	}
	variance /= n
	m4 /= n
	return mean, variance, math.Sqrt(variance / n), math.Sqrt((m4 - variance*variance) / n)
}

// TestGammaMoments checks logGamma against the moments of Gamma(a, 1):
// mean a, variance a. Tolerance: 5 standard errors, fixed seed.
func TestGammaMoments(t *testing.T) {
	const draws = 200_000
	for _, a := range []float64{0.05, 0.3, 0.999, 1, 2.5, 40, 1e4} {
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			xs := make([]float64, draws)
			for i := range xs {
				xs[i] = math.Exp(logGamma(rng, a))
			}
			mean, variance, seMean, seVar := moments(xs)
			if math.Abs(mean-a) > 5*seMean {
				t.Errorf("mean %.6g, want %.6g ± %.2g", mean, a, 5*seMean)
			}
			if math.Abs(variance-a) > 5*seVar {
				t.Errorf("variance %.6g, want %.6g ± %.2g", variance, a, 5*seVar)
			}
		})
	}
}

// TestDirichletMoments checks sampleRow against the moments of
// Dirichlet(α), α = s·θ, α₀ = Σα = s:
//
//	E[xᵢ] = αᵢ/α₀,  Var[xᵢ] = αᵢ(α₀ − αᵢ) / (α₀²(α₀ + 1)).
//
// Tolerance: 5 standard errors, fixed seed. Zero entries must stay
// exactly zero.
func TestDirichletMoments(t *testing.T) {
	const draws = 200_000
	tests := []struct {
		name  string
		s     float64
		theta []float64
	}{
		{"small shapes", 1, []float64{0.3, 0.5, 0.2}},
		{"mixed shapes", 10, []float64{0.01, 0.09, 0.9}},
		{"binary", 50, []float64{0.25, 0.75}},
		{"firm", 1e5, []float64{0.6, 0.3, 0.1}},
		{"with zeros", 4, []float64{0, 0.7, 0, 0.3}},
		{"tiny shapes", 1e-3, []float64{0.5, 0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			k := len(tc.theta)
			cols := make([][]float64, k)
			for j := range cols {
				cols[j] = make([]float64, draws)
			}
			row, scratch := make([]float64, k), make([]float64, k)
			for i := range draws {
				sampleRow(rng, tc.s, tc.theta, row, scratch)
				sum := 0.0
				for j, x := range row {
					if math.IsNaN(x) || x < 0 || x > 1 {
						t.Fatalf("draw %d: entry %d = %v", i, j, x)
					}
					if tc.theta[j] == 0 && x != 0 {
						t.Fatalf("draw %d: zero entry %d became %v", i, j, x)
					}
					cols[j][i] = x
					sum += x
				}
				if math.Abs(sum-1) > 1e-12 {
					t.Fatalf("draw %d sums to %v", i, sum)
				}
			}
			a0 := tc.s
			for j, th := range tc.theta {
				if th == 0 {
					continue
				}
				ai := tc.s * th
				wantMean := ai / a0
				wantVar := ai * (a0 - ai) / (a0 * a0 * (a0 + 1))
				mean, variance, seMean, seVar := moments(cols[j])
				if math.Abs(mean-wantMean) > 5*seMean+1e-15 {
					t.Errorf("x%d: mean %.6g, want %.6g ± %.2g", j, mean, wantMean, 5*seMean)
				}
				if math.Abs(variance-wantVar) > 5*seVar+1e-15 {
					t.Errorf("x%d: variance %.6g, want %.6g ± %.2g", j, variance, wantVar, 5*seVar)
				}
			}
		})
	}
}

// TestSampleRowDegenerate covers the special cases: a row with one
// positive entry is kept, and shapes so small that every logarithm
// underflows fall back to a vertex drawn with probability θ.
func TestSampleRowDegenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	row, scratch := make([]float64, 3), make([]float64, 3)
	sampleRow(rng, 7, []float64{0, 1, 0}, row, scratch)
	if row[0] != 0 || row[1] != 1 || row[2] != 0 {
		t.Errorf("deterministic row became %v", row)
	}
	theta := []float64{0.2, 0, 0.8}
	counts := make([]int, 3)
	const draws = 20_000
	for range draws {
		sampleRow(rng, 1e-320, theta, row, scratch)
		for j, x := range row {
			if x == 1 {
				counts[j]++
			} else if x != 0 {
				t.Fatalf("row %v is not a vertex", row)
			}
		}
	}
	// Binomial(20000, 0.2): sd ≈ 57; allow 5 sd.
	if counts[1] != 0 || math.Abs(float64(counts[0])-0.2*draws) > 5*math.Sqrt(0.2*0.8*draws) {
		t.Errorf("vertex counts %v, want about [4000 0 16000]", counts)
	}
}
