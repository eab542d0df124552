package model

import (
	"fmt"
	"slices"

	"brink/network/canonical"
)

// RankedFunctions are the ranked-node functions, by the names files use.
var RankedFunctions = map[string]canonical.RankedFunc{
	"wmean": canonical.WMean, "wmin": canonical.WMin, "wmax": canonical.WMax, "mixminmax": canonical.MixMinMax,
}

// Table expands the parameters into the node's table, in the layout of
// network.VariableSpec, for a node with the given number of states and
// parents with the given numbers of states; tables of more than
// maxEntries are refused (0: the canonical package's default).
//
// Noisy-OR and noisy-MAX nodes whose absent state is the first (MSBNx's
// order) are expanded with their states reversed, so that the canonical
// model sees the absent state last and the most severe first, and the
// rows are reversed back.
func (c *Canonical) Table(states int, parents []int, maxEntries int) ([]float64, error) {
	switch c.Kind {
	case NoisyOR, NoisyMAX:
		return c.noisyMAX(states, parents, maxEntries)
	case Ranked:
		f, ok := RankedFunctions[c.Function]
		if !ok {
			return nil, fmt.Errorf("model: ranked node: function %q is not one of wmean, wmin, wmax, mixminmax", c.Function)
		}
		r := canonical.Ranked{States: states, Parents: parents, Func: f, Weights: c.Weights,
			MinWeight: c.MinWeight, MaxWeight: c.MaxWeight, Variance: c.Variance}
		return r.CPT(maxEntries)
	case Deterministic:
		d := canonical.Deterministic{States: states, Parents: parents, Outcome: c.Outcome}
		return d.CPT(maxEntries)
	}
	return nil, fmt.Errorf("model: unknown canonical model %q", c.Kind)
}

func (c *Canonical) noisyMAX(states int, parents []int, maxEntries int) ([]float64, error) {
	if c.Kind == NoisyOR {
		if states != 2 {
			return nil, fmt.Errorf("model: a noisy-OR node needs two states, not %d", states)
		}
		for i, k := range parents {
			if k != 2 {
				return nil, fmt.Errorf("model: noisy-OR: parent %d has %d states, not two", i+1, k)
			}
		}
	}
	if len(c.ParentAbsent) != len(parents) || len(c.Causes) != len(parents) {
		return nil, fmt.Errorf("model: %s: parameters for %d parents, the node has %d", c.Kind, min(len(c.ParentAbsent), len(c.Causes)), len(parents))
	}
	var flip bool
	switch c.Absent {
	case states - 1:
	case 0:
		flip = states > 1
	default:
		return nil, fmt.Errorf("model: %s: the absent state must be the first or the last, not state %d of %d", c.Kind, c.Absent+1, states)
	}
	rev := func(d []float64) []float64 {
		if !flip || d == nil {
			return d
		}
		out := slices.Clone(d)
		slices.Reverse(out)
		return out
	}
	m := canonical.NoisyMAX{States: states, Leak: rev(c.Leak)}
	for i, k := range parents {
		cause := canonical.Cause{States: k, Absent: c.ParentAbsent[i], Given: make([][]float64, len(c.Causes[i]))}
		for s, d := range c.Causes[i] {
			cause.Given[s] = rev(d)
		}
		m.Causes = append(m.Causes, cause)
	}
	t, err := m.CPT(maxEntries)
	if err != nil || !flip {
		return t, err
	}
	for r := 0; r+states <= len(t); r += states {
		slices.Reverse(t[r : r+states])
	}
	return t, nil
}
