package analysis

import (
	"math"
	"testing"
)

func TestPercentAndDelta(t *testing.T) {
	percents := []struct {
		p    float64
		want string
	}{
		{1, "100%"}, {0, "0%"}, {0.9996, ">99.9%"}, {0.0004, "<0.1%"},
		{0.63, "63.0%"}, {0.0975, "9.8%"}, {math.NaN(), "–"},
	}
	for _, c := range percents {
		if got := Percent(c.p); got != c.want {
			t.Errorf("Percent(%v) = %q, want %q", c.p, got, c.want)
		}
	}
	deltas := []struct {
		d    float64
		want string
	}{
		{0.12, "▲ +12 pp"}, {-0.034, "▼ −3.4 pp"}, {0.0004, "±0 pp"}, {0.0996, "▲ +10 pp"}, {math.NaN(), "±0 pp"},
	}
	for _, c := range deltas {
		if got := Delta(c.d); got != c.want {
			t.Errorf("Delta(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}
