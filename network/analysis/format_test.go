package analysis

import (
	"errors"
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

func TestChance(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{
		{0.49, "49%"}, {0.4901, "49%"}, {0.002366, "0.24%"}, {0.0155, "1.6%"}, {0.1, "10%"}, {0.001, "0.1%"},
		{0.00042, "1 in 2,400"}, {2.4e-5, "1 in 42,000"}, {1e-9, "1 in 1,000,000,000"},
		{0, "impossible"}, {1, "100%"}, {math.NaN(), "–"}, {1e-300, "less than 1 in a million billion"},
	} {
		if got := Chance(c.p); got != c.want {
			t.Errorf("Chance(%v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestParseProbability(t *testing.T) {
	for _, c := range []struct {
		in   string
		p    float64
		word string
	}{
		{"0.3", 0.3, ""}, {".25", 0.25, ""}, {"30%", 0.3, ""}, {" 12.5 % ", 0.125, ""}, {"1", 1, ""}, {"0,4", 0.4, ""},
		{"likely", 0.675, Likely}, {"Very  Unlikely", 0.125, VeryUnlikely}, {"almost certain", 0.97, AlmostCertainly},
		{"probable", 0.675, Likely}, {"roughly even chance", 0.5, RoughlyEvenChance},
	} {
		p, word, err := ParseProbability(c.in)
		if err != nil || math.Abs(p-c.p) > 1e-15 || word != c.word {
			t.Errorf("ParseProbability(%q) = %v, %q, %v; want %v, %q", c.in, p, word, err, c.p, c.word)
		}
		if c.word != "" && Term(p) != c.word {
			t.Errorf("%q: the middle %v is not in its own band (%q)", c.in, p, Term(p))
		}
	}
	for _, in := range []string{"", "abc", "1.2", "-0.1", "120%", "NaN", "Inf"} {
		if _, _, err := ParseProbability(in); !errors.Is(err, ErrNotProbability) {
			t.Errorf("ParseProbability(%q): %v", in, err)
		}
	}
}

func TestTermBand(t *testing.T) {
	if got := TermBand(Likely); got != "55–80%" {
		t.Errorf("TermBand(likely) = %q", got)
	}
	if got := TermBand("maybe"); got != "" {
		t.Errorf("TermBand(maybe) = %q", got)
	}
}
