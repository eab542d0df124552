package decimal

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in        string
		want      float64
		ok, under bool
	}{
		{"0.25", 0.25, true, false},
		{"-1.5e3", -1500, true, false},
		{"+.5", 0.5, true, false},
		{"5.", 5, true, false},
		{"0", 0, true, false},
		{"0.000e5", 0, true, false},
		{"1e-400", 0, true, true},
		{"1e-310", 1e-310, true, true},
		{"1e400", 0, false, false},
		{"0x1p-1", 0, false, false},
		{"0.2_5", 0, false, false},
		{"Inf", 0, false, false},
		{"NaN", 0, false, false},
		{".", 0, false, false},
		{"1e", 0, false, false},
		{"e5", 0, false, false},
		{"", 0, false, false},
		{"1.2.3", 0, false, false},
	}
	for _, tc := range tests {
		x, ok := Parse(tc.in)
		if ok != tc.ok || (ok && x != tc.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", tc.in, x, ok, tc.want, tc.ok)
		}
		if ok && Underflowed(x, tc.in) != tc.under {
			t.Errorf("Underflowed(%v, %q) = %v", x, tc.in, !tc.under)
		}
		if Valid([]byte(tc.in)) != Valid(tc.in) {
			t.Errorf("Valid differs for []byte %q", tc.in)
		}
	}
}
