package analysis

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrNotProbability is the cause of ParseProbability's errors.
var ErrNotProbability = errors.New("not a probability")

// termMiddles are the middles of the ICD 203 bands (Term), the number an
// analyst means by the words when typing them into a table, with the
// directive's paired synonyms.
var termMiddles = []struct {
	words []string
	p     float64
}{
	{[]string{AlmostNoChance, "remote"}, 0.03},
	{[]string{VeryUnlikely, "highly improbable"}, 0.125},
	{[]string{Unlikely, "improbable"}, 0.325},
	{[]string{RoughlyEvenChance, "roughly even odds", "even chance", "even odds"}, 0.50},
	{[]string{Likely, "probable", "probably"}, 0.675},
	{[]string{VeryLikely, "highly probable"}, 0.875},
	{[]string{AlmostCertainly, "almost certain", "nearly certain"}, 0.97},
}

// TermBand returns the range of probabilities ICD 203 gives an
// expression of likelihood, e.g. "55–80%" for "likely", or "" for words
// that are not one.
func TermBand(term string) string {
	switch term {
	case AlmostNoChance:
		return "1–5%"
	case VeryUnlikely:
		return "5–20%"
	case Unlikely:
		return "20–45%"
	case RoughlyEvenChance:
		return "45–55%"
	case Likely:
		return "55–80%"
	case VeryLikely:
		return "80–95%"
	case AlmostCertainly:
		return "95–99%"
	}
	return ""
}

// ParseProbability reads a probability as an analyst types it into a
// table: a number in [0, 1] ("0.3", ".3"), a percentage ("30%", "30 %"),
// or one of the ICD 203 expressions of likelihood or their synonyms
// ("likely", "highly improbable"), which stand for the middle of their
// band (likely: 55–80% → 0.675). word is the expression when one was
// typed, so that the table can say which number it stands for.
func ParseProbability(s string) (p float64, word string, err error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if t == "" {
		return 0, "", fmt.Errorf("%w: nothing typed", ErrNotProbability)
	}
	for _, m := range termMiddles {
		for _, w := range m.words {
			if t == w {
				return m.p, m.words[0], nil
			}
		}
	}
	scale := 1.0
	if strings.HasSuffix(t, "%") {
		t, scale = strings.TrimSpace(strings.TrimSuffix(t, "%")), 100
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, "", fmt.Errorf("%w: %q is not a number, a percentage or an ICD 203 expression such as \"likely\"", ErrNotProbability, s)
	}
	p = x / scale
	if p < 0 || p > 1 {
		return 0, "", fmt.Errorf("%w: %q is outside 0–1 (0–100%%)", ErrNotProbability, s)
	}
	return p, "", nil
}
