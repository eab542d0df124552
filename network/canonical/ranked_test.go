package canonical

import (
	"math"
	"slices"
	"testing"
)

// TestRankedMean checks μ for each function against values worked out by
// hand from the definitions of Fenton, Neil & Caballero (2007). Parents
// of 5 states stand at 0.1, 0.3, 0.5, 0.7, 0.9.
func TestRankedMean(t *testing.T) {
	cases := []struct {
		name string
		m    Ranked
		x    []float64
		want float64
	}{
		// (3×0.9 + 1×0.1) / 4 = 2.8 / 4
		{"WMEAN", Ranked{Func: WMean, Weights: []float64{3, 1}}, []float64{0.9, 0.1}, 0.7},
		// terms (3×0.9 + 0.1)/(3+1) = 0.7 and (1×0.1 + 0.9)/(1+1) = 0.5
		{"WMIN", Ranked{Func: WMin, Weights: []float64{3, 1}}, []float64{0.9, 0.1}, 0.5},
		{"WMAX", Ranked{Func: WMax, Weights: []float64{3, 1}}, []float64{0.9, 0.1}, 0.7},
		// the weak parent weighted: (1×0.9 + 0.1)/2 = 0.5 and (4×0.1 + 0.9)/5 = 0.26
		{"WMIN weak link", Ranked{Func: WMin, Weights: []float64{1, 4}}, []float64{0.9, 0.1}, 0.26},
		// three parents: (2×0.3 + 0.5 + 0.9)/4 = 0.5, (1×0.5 + 1.2)/3 = 0.5667,
		// (5×0.9 + 0.8)/7 = 0.7571; min 0.5, max 0.7571
		{"WMIN three", Ranked{Func: WMin, Weights: []float64{2, 1, 5}}, []float64{0.3, 0.5, 0.9}, 0.5},
		{"WMAX three", Ranked{Func: WMax, Weights: []float64{2, 1, 5}}, []float64{0.3, 0.5, 0.9}, 5.3 / 7},
		// (2×0.1 + 1×0.9) / 3
		{"MIXMINMAX", Ranked{Func: MixMinMax, MinWeight: 2, MaxWeight: 1}, []float64{0.9, 0.5, 0.1}, 1.1 / 3},
		{"WMIN one parent", Ranked{Func: WMin, Weights: []float64{7}}, []float64{0.3}, 0.3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.m.mean(c.x); math.Abs(got-c.want) > 1e-15 {
				t.Errorf("μ = %.17g, want %.17g", got, c.want)
			}
		})
	}
}

// riemannRow returns the TNormal(mu, variance, 0, 1) masses of k equal
// intervals by the midpoint rule on cells of [0, 1] (cells per interval
// each), from the normal density alone: an independent check of the
// closed form through erf. The midpoint rule's error is about
// h² max|∂²f/∂x²| / 24 relative, below 1e-9 for the variances used here.
func riemannRow(k int, mu, variance float64, cells int) []float64 {
	row := make([]float64, k)
	h := 1 / float64(k*cells)
	total := 0.0
	for j := range k {
		for c := range cells {
			x := (float64(j*cells+c) + 0.5) * h
			f := math.Exp(-(x - mu) * (x - mu) / (2 * variance))
			row[j] += f
		}
		total += row[j]
	}
	for j := range row {
		row[j] /= total
	}
	return row
}

// referenceMean is μ written from the paper's formulas a second time,
// with the sums over j ≠ i taken explicitly, for TestRankedRiemann.
func referenceMean(m Ranked, x []float64) float64 {
	n := float64(len(x))
	term := func(i int) float64 {
		num := m.Weights[i] * x[i]
		for j := range x {
			if j != i {
				num += x[j]
			}
		}
		return num / (m.Weights[i] + n - 1)
	}
	switch m.Func {
	case WMean:
		num, den := 0.0, 0.0
		for i := range x {
			num += m.Weights[i] * x[i]
			den += m.Weights[i]
		}
		return num / den
	case WMin:
		v := math.Inf(1)
		for i := range x {
			v = min(v, term(i))
		}
		return v
	case WMax:
		v := math.Inf(-1)
		for i := range x {
			v = max(v, term(i))
		}
		return v
	case MixMinMax:
		return (m.MinWeight*slices.Min(x) + m.MaxWeight*slices.Max(x)) / (m.MinWeight + m.MaxWeight)
	}
	panic("bad function")
}

// TestRankedRiemann checks every row of ranked nodes of each function
// against numerical integration of the truncated normal density
// (riemannRow, 20,000 cells per state) to 1e-6; the agreement found is
// about 3e-10, the midpoint rule's own error. No published table of
// ranked-node probabilities was found to compare with; this is the
// independent check instead.
func TestRankedRiemann(t *testing.T) {
	cases := []struct {
		name string
		m    Ranked
	}{
		{"WMEAN", Ranked{States: 5, Parents: []int{3, 5}, Func: WMean, Weights: []float64{1, 2}, Variance: 0.01}},
		{"WMIN", Ranked{States: 5, Parents: []int{5, 5}, Func: WMin, Weights: []float64{3, 1}, Variance: 0.005}},
		{"WMAX", Ranked{States: 3, Parents: []int{2, 4}, Func: WMax, Weights: []float64{1, 5}, Variance: 0.05}},
		{"MIXMINMAX", Ranked{States: 4, Parents: []int{3, 3}, Func: MixMinMax, MinWeight: 3, MaxWeight: 1, Variance: 0.02}},
		{"wide", Ranked{States: 5, Parents: []int{5}, Func: WMean, Weights: []float64{1}, Variance: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cpt, err := c.m.CPT(0)
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, cpt, c.m.States, 1e-14)
			config := make([]int, len(c.m.Parents))
			x := make([]float64, len(config))
			for r := 0; r*c.m.States < len(cpt); r++ {
				for i, s := range config {
					x[i] = (float64(s) + 0.5) / float64(c.m.Parents[i])
				}
				want := riemannRow(c.m.States, referenceMean(c.m, x), c.m.Variance, 20000)
				closeTo(t, cpt[r*c.m.States:(r+1)*c.m.States], want, 1e-6)
				next(config, c.m.Parents)
			}
		})
	}
}

// TestRankedCentred checks that WMEAN with equal weights of identical
// parents, all in state s, centres the child on that state's midpoint:
// the row for s is the mirror image of the row for k−1−s (the truncated
// normal is symmetric about 0.5 when μ is), the middle state's row is
// symmetric, and a small variance (σ = 0.01, a tenth of the half-width)
// puts all but 1e-12 of the mass in state s.
func TestRankedCentred(t *testing.T) {
	const k = 5
	for _, variance := range []float64{1e-4, 0.01, 0.1} {
		m := Ranked{States: k, Parents: []int{k, k, k}, Func: WMean, Weights: []float64{2, 2, 2}, Variance: variance}
		cpt, err := m.CPT(0)
		if err != nil {
			t.Fatal(err)
		}
		// The configuration with every parent in state s is row s·(k²+k+1).
		row := func(s int) []float64 { r := s * (k*k + k + 1); return cpt[r*k : (r+1)*k] }
		for s := range k {
			mirror := slices.Clone(row(k - 1 - s))
			slices.Reverse(mirror)
			closeTo(t, row(s), mirror, 1e-14)
			if variance == 1e-4 && row(s)[s] < 1-1e-12 {
				t.Errorf("variance %g, parents in state %d: P(child = %d) = %v, want nearly 1", variance, s, s, row(s)[s])
			}
		}
	}
}

// TestRankedExtremes checks the limits: a vanishing variance gives the
// state containing μ for certain, a huge one the uniform distribution.
func TestRankedExtremes(t *testing.T) {
	m := Ranked{States: 4, Parents: []int{4}, Func: WMean, Weights: []float64{1}, Variance: 1e-300}
	cpt, err := m.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, cpt, []float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, 0)

	// With σ = 1e4 the density varies by about 1e-8 across [0, 1].
	m.Variance = 1e8
	cpt, err = m.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, cpt, slices.Repeat([]float64{0.25}, 16), 1e-8)

	m.Variance = math.MaxFloat64
	cpt, err = m.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, cpt, slices.Repeat([]float64{0.25}, 16), 1e-8)
}

// TestNormalMassTails checks Φ(b) − Φ(a) far in the tails, where the
// difference of two values near 1 would lose every digit. The reference
// values are erfc(x/√2)/2 differences computed with Python's mpmath at 30
// digits; relative tolerance 1e-12.
func TestNormalMassTails(t *testing.T) {
	cases := []struct {
		a, b, want float64
	}{
		{10, 11, 7.61966195820307619840e-24},
		{-11, -10, 7.61966195820307619840e-24},
		{-1, 1, 0.682689492137085897170},
	}
	for _, c := range cases {
		if got := normalMass(c.a, c.b); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("mass of [%g, %g] = %.17g, want %.17g", c.a, c.b, got, c.want)
		}
	}
}

// BenchmarkRanked expands a ranked node of 5 × 5^6 = 78,125 entries.
func BenchmarkRanked(b *testing.B) {
	m := Ranked{States: 5, Parents: slices.Repeat([]int{5}, 6), Func: WMin, Weights: []float64{1, 2, 3, 4, 5, 6}, Variance: 0.01}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.CPT(0); err != nil {
			b.Fatal(err)
		}
	}
}
