package canonical

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// checkRows fails t unless cpt is a sequence of distributions over states
// states: entries in [0, 1], each row summing to 1 within tol.
func checkRows(t *testing.T, cpt []float64, states int, tol float64) {
	t.Helper()
	if len(cpt)%states != 0 {
		t.Fatalf("%d entries is not a whole number of rows of %d", len(cpt), states)
	}
	for r := 0; r < len(cpt); r += states {
		sum := 0.0
		for _, p := range cpt[r : r+states] {
			if !(p >= 0 && p <= 1) {
				t.Errorf("row %d: entry %v outside [0, 1]: %v", r/states, p, cpt[r:r+states])
			}
			sum += p
		}
		if math.Abs(sum-1) > tol {
			t.Errorf("row %d sums to %v (off by %.3g): %v", r/states, sum, sum-1, cpt[r:r+states])
		}
	}
}

// closeTo fails t unless got and want have the same length and agree
// entry by entry within tol.
func closeTo(t *testing.T, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("entry %d = %.15g, want %.15g (tol %g)", i, got[i], want[i], tol)
		}
	}
}

// TestNoisyORByHand checks a two-parent leaky noisy-OR against a table
// worked out by hand. Link probabilities p_A = 0.8, p_B = 0.6, leak
// p_0 = 0.1; state 0 is present, 1 absent; A varies slowest.
//
//	A B   P(absent) = (1 − p_0) Π_{present} (1 − p_i)   P(present)
//	p p   0.9 × 0.2 × 0.4 = 0.072                     0.928
//	p a   0.9 × 0.2       = 0.18                      0.82
//	a p   0.9 × 0.4       = 0.36                      0.64
//	a a   0.9             = 0.9                       0.1
//
// The expected numbers are exact decimals; the tolerance, 1e-15, is
// rounding.
func TestNoisyORByHand(t *testing.T) {
	cases := []struct {
		name string
		m    NoisyOR
		want []float64
	}{
		{"two parents and a leak", NoisyOR{Link: []float64{0.8, 0.6}, Leak: 0.1},
			[]float64{0.928, 0.072, 0.82, 0.18, 0.64, 0.36, 0.1, 0.9}},
		// No leak: the child is absent for sure when every parent is.
		{"no leak", NoisyOR{Link: []float64{0.8, 0.6}},
			[]float64{0.92, 0.08, 0.8, 0.2, 0.6, 0.4, 0, 1}},
		// No parents: the table is the leak.
		{"leak only", NoisyOR{Leak: 0.25}, []float64{0.25, 0.75}},
		// A certain cause makes the child certain whenever it is present.
		{"certain cause", NoisyOR{Link: []float64{1}, Leak: 0.5}, []float64{1, 0, 0.5, 0.5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.m.CPT(0)
			if err != nil {
				t.Fatal(err)
			}
			closeTo(t, got, c.want, 1e-15)
		})
	}
}

// handMAX is a noisy-MAX model whose table TestNoisyMAXByHand works out:
// child Y with states 0 = high, 1 = low, 2 = none (absent); parent A with
// states 0 = severe, 1 = mild, 2 = absent; parent B with 0 = present,
// 1 = absent.
var handMAX = NoisyMAX{
	States: 3,
	Causes: []Cause{
		{States: 3, Absent: 2, Given: [][]float64{{0.5, 0.3, 0.2}, {0.1, 0.4, 0.5}, nil}},
		{States: 2, Absent: 1, Given: [][]float64{{0.2, 0.3, 0.5}, nil}},
	},
	Leak: []float64{0.01, 0.04, 0.95},
}

// TestNoisyMAXByHand checks handMAX against rows worked out by hand.
// F(j) = P(Y index ≥ j), the distribution accumulated from the absent
// end: F(0) = 1, F(1) = 1 − c(0), F(2) = c(2).
//
//	        F(1)  F(2)
//	A=0     0.5   0.2
//	A=1     0.9   0.5
//	B=0     0.8   0.5
//	leak    0.99  0.95
//
// F(j | a, b) = F_L(j) F_A(j | a) F_B(j | b), and the row is
// (1 − F(1), F(1) − F(2), F(2)):
//
//	A B  F(1)                      F(2)                      row
//	0 0  0.99×0.5×0.8 = 0.396      0.95×0.2×0.5 = 0.095      0.604  0.301  0.095
//	0 1  0.99×0.5     = 0.495      0.95×0.2     = 0.19       0.505  0.305  0.19
//	1 0  0.99×0.9×0.8 = 0.7128     0.95×0.5×0.5 = 0.2375     0.2872 0.4753 0.2375
//	1 1  0.99×0.9     = 0.891      0.95×0.5     = 0.475      0.109  0.416  0.475
//	2 0  0.99×0.8     = 0.792      0.95×0.5     = 0.475      0.208  0.317  0.475
//	2 1  0.99         = 0.99       0.95                      0.01   0.04   0.95
//
// Tolerance 1e-15, rounding.
func TestNoisyMAXByHand(t *testing.T) {
	want := []float64{
		0.604, 0.301, 0.095,
		0.505, 0.305, 0.19,
		0.2872, 0.4753, 0.2375,
		0.109, 0.416, 0.475,
		0.208, 0.317, 0.475,
		0.01, 0.04, 0.95,
	}
	got, err := handMAX.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, got, want, 1e-15)
	checkRows(t, got, 3, 1e-15)
}

// TestNoisyMAXForms checks that the forms of one model that must agree
// do: the absent state's parameters given as nil or as GeNIe writes them,
// the absent state first or last, no leak or the leak (0, …, 0, 1).
func TestNoisyMAXForms(t *testing.T) {
	base, err := handMAX.CPT(0)
	if err != nil {
		t.Fatal(err)
	}

	genie := handMAX
	genie.Causes = []Cause{
		{States: 3, Absent: 2, Given: [][]float64{{0.5, 0.3, 0.2}, {0.1, 0.4, 0.5}, {0, 0, 1}}},
		{States: 2, Absent: 1, Given: [][]float64{{0.2, 0.3, 0.5}, {0, 0, 1}}},
	}
	got, err := genie.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, got, base, 0)

	// B with its states swapped: absent is now state 0, so the rows for
	// B = 0 and B = 1 change places.
	swapped := handMAX
	swapped.Causes = []Cause{handMAX.Causes[0], {States: 2, Absent: 0, Given: [][]float64{nil, {0.2, 0.3, 0.5}}}}
	got, err = swapped.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	var want []float64
	for r := 0; r < 6; r += 2 {
		want = append(want, base[(r+1)*3:(r+2)*3]...)
		want = append(want, base[r*3:(r+1)*3]...)
	}
	closeTo(t, got, want, 0)

	noLeak := handMAX
	noLeak.Leak = nil
	a, err := noLeak.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	noLeak.Leak = []float64{0, 0, 1}
	b, err := noLeak.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, a, b, 0)
}

// TestNoisyORIsNoisyMAX checks, on random parameters, that noisy-OR is
// noisy-MAX with two states throughout: Given[present] = (p_i, 1 − p_i),
// Leak = (p_0, 1 − p_0). The two are computed by different code (a
// product of complements, a difference of cumulative products), so they
// agree to rounding, 1e-12.
func TestNoisyORIsNoisyMAX(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := trial % 8
		or := NoisyOR{Link: make([]float64, n), Leak: rng.Float64() * 0.3}
		nm := NoisyMAX{States: 2, Causes: make([]Cause, n), Leak: []float64{or.Leak, 1 - or.Leak}}
		for i := range n {
			p := rng.Float64()
			if trial%5 == 0 {
				p = float64(rng.IntN(2)) // include certain and impossible causes
			}
			or.Link[i] = p
			nm.Causes[i] = Cause{States: 2, Absent: 1, Given: [][]float64{{p, 1 - p}, nil}}
		}
		a, err := or.CPT(0)
		if err != nil {
			t.Fatal(err)
		}
		b, err := nm.CPT(0)
		if err != nil {
			t.Fatal(err)
		}
		closeTo(t, a, b, 1e-12)
		checkRows(t, a, 2, 1e-12)
		checkRows(t, b, 2, 1e-12)
		if t.Failed() {
			t.Fatalf("trial %d: %+v", trial, or)
		}
	}
}

// randomMAX returns a random valid noisy-MAX model.
func randomMAX(rng *rand.Rand, sparse bool) NoisyMAX {
	dist := func(m int) []float64 {
		d := make([]float64, m)
		sum := 0.0
		for j := range d {
			if sparse && rng.IntN(2) == 0 {
				continue
			}
			d[j] = rng.Float64()
			sum += d[j]
		}
		if sum == 0 {
			d[m-1], sum = 1, 1
		}
		for j := range d {
			d[j] /= sum
		}
		return d
	}
	m := NoisyMAX{States: 1 + rng.IntN(5), Causes: make([]Cause, rng.IntN(5))}
	for i := range m.Causes {
		k := 1 + rng.IntN(4)
		c := Cause{States: k, Absent: rng.IntN(k), Given: make([][]float64, k)}
		for s := range c.Given {
			if s != c.Absent {
				c.Given[s] = dist(m.States)
			}
		}
		m.Causes[i] = c
	}
	if rng.IntN(3) > 0 {
		m.Leak = dist(m.States)
	}
	return m
}

// TestNoisyMAXRandom checks on random models that every row sums to 1,
// that the row with every cause absent is the leak, and that the table
// agrees with a direct evaluation of P(Y ≼ y_j | x) = C_L(j) Π C_i(j | x_i)
// for each configuration, written independently of the in-place
// expansion (tolerance 1e-12).
func TestNoisyMAXRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 500 {
		m := randomMAX(rng, trial%2 == 0)
		cpt, err := m.CPT(0)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		checkRows(t, cpt, m.States, 1e-12)

		parents := make([]int, len(m.Causes))
		for i, c := range m.Causes {
			parents[i] = c.States
		}
		config := make([]int, len(parents))
		for r := 0; r*m.States < len(cpt); r++ {
			// F[j] = P(Y index ≥ j | config), F[m] = 0.
			F := make([]float64, m.States+1)
			for j := range m.States {
				F[j] = 1
				if m.Leak != nil {
					F[j] = sumFrom(m.Leak, j)
				}
				for i, c := range m.Causes {
					if s := config[i]; s != c.Absent {
						F[j] *= sumFrom(c.Given[s], j)
					}
				}
			}
			want := make([]float64, m.States)
			for j := range want {
				want[j] = F[j] - F[j+1]
			}
			closeTo(t, cpt[r*m.States:(r+1)*m.States], want, 1e-12)

			allAbsent := true
			for i, c := range m.Causes {
				allAbsent = allAbsent && config[i] == c.Absent
			}
			if allAbsent {
				leak := m.Leak
				if leak == nil {
					leak = absentDist(m.States)
				}
				closeTo(t, cpt[r*m.States:(r+1)*m.States], leak, 1e-15)
			}
			next(config, parents)
		}
		if t.Failed() {
			t.Fatalf("trial %d: %+v", trial, m)
		}
	}
}

func sumFrom(d []float64, j int) float64 {
	s := 0.0
	for _, p := range d[j:] {
		s += p
	}
	return s
}

// TestNoisyMAXNormalises checks that parameters off by less than
// SumTolerance still give rows that sum to 1 to rounding.
func TestNoisyMAXNormalises(t *testing.T) {
	m := NoisyMAX{
		States: 3,
		Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{0.3, 0.3, 0.4 + 9e-10}, nil}}},
		Leak:   []float64{0.1, 0.1, 0.8 - 9e-10},
	}
	cpt, err := m.CPT(0)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, cpt, 3, 1e-15)
}

// TestNoisyMAXLimit checks that a table at the limit is expanded and one
// entry over it is refused before anything is allocated for it.
func TestNoisyMAXLimit(t *testing.T) {
	binary := Cause{States: 2, Absent: 1, Given: [][]float64{{0.5, 0.5}, nil}}
	m := NoisyMAX{States: 2, Causes: slices.Repeat([]Cause{binary}, 3)}
	if _, err := m.CPT(16); err != nil {
		t.Errorf("16 entries under a limit of 16: %v", err)
	}
	if _, err := m.CPT(15); !errors.Is(err, ErrTooLarge) {
		t.Errorf("16 entries under a limit of 15: %v, want ErrTooLarge", err)
	}
	// 2 × 2^62 overflows an int; it is refused, not wrapped.
	m.Causes = slices.Repeat([]Cause{binary}, 63)
	if _, err := m.CPT(-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("2^64 entries with no limit: %v, want ErrTooLarge", err)
	}
}

// BenchmarkNoisyMAX expands a table of 3 × 4^8 = 196,608 entries.
func BenchmarkNoisyMAX(b *testing.B) {
	cause := Cause{States: 4, Absent: 3, Given: [][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.1, 0.2, 0.7}, nil}}
	m := NoisyMAX{States: 3, Causes: slices.Repeat([]Cause{cause}, 8), Leak: []float64{0.01, 0.04, 0.95}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.CPT(0); err != nil {
			b.Fatal(err)
		}
	}
}
