package bif

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0.5", 0.5, true},
		{"1", 1, true},
		{"1.", 1, true},
		{".25", 0.25, true},
		{"+0.375", 0.375, true},
		{"-0.5", -0.5, true},
		{"5.0E-4", 5.0e-4, true},
		{"9.999e-05", 9.999e-05, true},
		{"0.000000e+00", 0, true},
		{"1e-400", 0, true},
		{"0.00000000000000000000000000012345", 1.2345e-28, true},
		{"12345678901234567890123", 12345678901234567890123, true},
		{"1e400", 0, false},
		{"", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"0x1p-2", 0, false},
		{"Inf", 0, false},
		{"NaN", 0, false},
		{"1_000", 0, false},
		{"0.5x", 0, false},
		{"1.2.3", 0, false},
	}
	for _, c := range cases {
		got, ok := parseNumber([]byte(c.in))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestParseNumberRandom compares the fast path with strconv.ParseFloat on
// random decimals of the kinds found in BIF files.
func TestParseNumberRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		var s string
		switch rng.IntN(4) {
		case 0:
			s = strconv.FormatFloat(rng.Float64(), 'f', rng.IntN(20), 64)
		case 1:
			s = strconv.FormatFloat(rng.Float64()*math.Pow(10, float64(rng.IntN(40)-30)), 'e', rng.IntN(18), 64)
		case 2:
			s = strconv.FormatFloat(rng.Float64(), 'g', -1, 64)
		default:
			s = fmt.Sprintf("%d.%0*d", rng.IntN(3), rng.IntN(25)+1, rng.Uint64()%1_000_000_000)
		}
		want, err := strconv.ParseFloat(s, 64)
		got, ok := parseNumber([]byte(s))
		if err != nil || !ok || got != want {
			t.Fatalf("parseNumber(%q) = %v, %v; strconv gives %v, %v", s, got, ok, want, err)
		}
	}
}
