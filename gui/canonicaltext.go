package gui

import (
	"fmt"
	"math"
	"strings"

	"brink/network/analysis"
	"brink/network/model"
)

// canonicalText describes node v's canonical model for a reader, in
// labels and percentages; "" for a plain table.
func canonicalText(m *model.Model, v int) string {
	c := m.Nodes[v].Canonical
	if c == nil {
		return ""
	}
	n := m.Net
	ps := n.Parents(v)
	dist := func(d []float64) string {
		parts := make([]string, len(d))
		for s, p := range d {
			parts[s] = m.StateLabel(v, s) + " " + analysis.Percent(p)
		}
		return strings.Join(parts, ", ")
	}
	var b strings.Builder
	switch c.Kind {
	case model.NoisyOR:
		present := 1 - c.Absent
		fmt.Fprintf(&b, "Noisy-OR: each parent in its present state causes %s = %s on its own with the probability given; the leak stands for causes the model leaves out.", m.Label(v), m.StateLabel(v, present))
		for j, p := range ps {
			s := 1 - c.ParentAbsent[j]
			if j < len(c.Causes) && s < len(c.Causes[j]) && c.Causes[j][s] != nil {
				fmt.Fprintf(&b, "\n• %s = %s: %s", m.Label(p), m.StateLabel(p, s), analysis.Percent(c.Causes[j][s][present]))
			}
		}
		if c.Leak != nil {
			fmt.Fprintf(&b, "\n• Leak: %s", analysis.Percent(c.Leak[present]))
		}
	case model.NoisyMAX:
		fmt.Fprintf(&b, "Noisy-MAX: each parent state causes a level of %s on its own, and the node takes the most severe of these and of the leak (causes the model leaves out). The absent level is %s.", m.Label(v), m.StateLabel(v, c.Absent))
		for j, p := range ps {
			if j >= len(c.Causes) {
				break
			}
			for s, d := range c.Causes[j] {
				if d != nil && s != c.ParentAbsent[j] {
					fmt.Fprintf(&b, "\n• %s = %s: %s", m.Label(p), m.StateLabel(p, s), dist(d))
				}
			}
		}
		if c.Leak != nil {
			fmt.Fprintf(&b, "\n• Leak: %s", dist(c.Leak))
		}
	case model.Ranked:
		what := map[string]string{"wmean": "a weighted mean", "wmin": "a weighted minimum", "wmax": "a weighted maximum", "mixminmax": "a mix of the minimum and maximum"}[c.Function]
		fmt.Fprintf(&b, "Ranked node: its states are ranks on a 0–1 scale, centred on %s of its parents' ranks", what)
		if len(c.Weights) == len(ps) {
			var ws []string
			for j, p := range ps {
				ws = append(ws, fmt.Sprintf("%s (weight %s)", m.Label(p), trimNumber(c.Weights[j])))
			}
			b.WriteString(": " + strings.Join(ws, ", "))
		} else if c.Function == "mixminmax" {
			fmt.Fprintf(&b, " (weight %s on the minimum, %s on the maximum)", trimNumber(c.MinWeight), trimNumber(c.MaxWeight))
		}
		fmt.Fprintf(&b, ". Spread: variance %s, a standard deviation of %s of the scale.", trimNumber(c.Variance), analysis.Percent(math.Sqrt(c.Variance)))
	case model.Deterministic:
		b.WriteString("Deterministic: each combination of the parents' states gives one state for certain, as the table shows.")
	}
	return b.String()
}

func trimNumber(x float64) string { return strings.TrimSuffix(fmt.Sprintf("%.4g", x), ".0") }
