package bif

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNormaliseRows(t *testing.T) {
	cases := []struct {
		name string
		row  []float64
		want []float64 // nil: only check that the sum is exactly 1
	}{
		{"exact", []float64{0.1, 0.9}, []float64{0.1, 0.9}},
		{"one ulp short", []float64{0.48, 0.42, 0.10}, nil},
		{"javabayes thirds", []float64{0.333333, 0.333333, 0.333333}, nil},
		{"within tolerance", []float64{0.2, 0.3, 0.4999995}, nil},
		{"too far off", []float64{0.2, 0.3, 0.49}, []float64{0.2, 0.3, 0.49}},
		{"negative", []float64{-0.0000001, 1.0000001}, []float64{-0.0000001, 1.0000001}},
		{"NaN", []float64{math.NaN(), 1}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := append([]float64(nil), c.row...)
			normaliseRows(row, len(row))
			switch {
			case c.name == "NaN":
				if !math.IsNaN(row[0]) || row[1] != 1 {
					t.Errorf("row = %v, want it unchanged", row)
				}
			case c.want != nil:
				for i := range row {
					if row[i] != c.want[i] {
						t.Errorf("row = %v, want %v", row, c.want)
						break
					}
				}
			default:
				if s := rowSum(row); s != 1 {
					t.Errorf("row %v sums to %v, want exactly 1", row, s)
				}
				for i := range row {
					if math.Abs(row[i]-c.row[i]) > 1e-6 {
						t.Errorf("row = %v, too far from %v", row, c.row)
					}
				}
			}
		})
	}
}

// TestNormaliseRowsRandom checks on random rows, including long ones with
// zeros and tiny entries, that every accepted row ends up summing to
// exactly 1 and that normalising again changes nothing.
func TestNormaliseRowsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	iters := 300000
	if testing.Short() {
		iters = 20000
	}
	for it := range iters {
		k := 2 + rng.IntN(20)
		if it%10 == 0 {
			k = 2 + rng.IntN(200)
		}
		row := make([]float64, k)
		for j := range row {
			switch rng.IntN(4) {
			case 0:
				row[j] = 0
			case 1:
				row[j] = rng.Float64() * 1e-12
			default:
				row[j] = rng.Float64()
			}
		}
		row[rng.IntN(k)] += 1e-300
		s := rowSum(row)
		for j := range row {
			row[j] /= s
		}
		row[rng.IntN(k)] *= 1 + (rng.Float64()-0.5)*1e-7
		normaliseRows(row, k)
		if s := rowSum(row); s != 1 {
			t.Fatalf("row %v sums to %v, want exactly 1", row, s)
		}
		again := append([]float64(nil), row...)
		normaliseRows(again, k)
		for j := range row {
			if again[j] != row[j] {
				t.Fatalf("normalising %v again gave %v", row, again)
			}
		}
	}
}
