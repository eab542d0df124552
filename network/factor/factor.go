// Package factor implements the algebra of factors: non-negative functions
// of a few discrete variables stored as dense float64 tables. Inference
// engines build on its two layers: Factor values with allocating operations
// (product, marginalisation, reduction) for set-up and occasional queries,
// and Projection, a precomputed stride walk that runs the hot loops of
// propagation without allocating.
package factor

import (
	"fmt"
	"slices"
)

// Factor is a table over Vars: Values has Π Cards entries in row-major
// order, the first variable varying slowest. Variables are identified by
// their index in a network.
type Factor struct {
	Vars   []int
	Cards  []int
	Values []float64
}

// New returns a factor over vars with every entry equal to 1.
func New(vars, cards []int) *Factor {
	size := 1
	for _, c := range cards {
		size *= c
	}
	vals := make([]float64, size)
	for i := range vals {
		vals[i] = 1
	}
	return &Factor{Vars: slices.Clone(vars), Cards: slices.Clone(cards), Values: vals}
}

// Size returns the number of entries.
func (f *Factor) Size() int { return len(f.Values) }

// Index returns the position of variable v in f.Vars, or -1.
func (f *Factor) Index(v int) int { return slices.Index(f.Vars, v) }

// Sum returns the sum of all entries.
func (f *Factor) Sum() float64 {
	s := 0.0
	for _, x := range f.Values {
		s += x
	}
	return s
}

// Normalize divides every entry by the sum of all entries and returns that
// sum. A factor that sums to zero is left unchanged.
func (f *Factor) Normalize() float64 {
	s := f.Sum()
	switch {
	case s >= 0x1p-1022:
		inv := 1 / s
		for i := range f.Values {
			f.Values[i] *= inv
		}
	case s != 0:
		// 1/s overflows for subnormal s; divide instead.
		for i := range f.Values {
			f.Values[i] /= s
		}
	}
	return s
}

// Product returns f·g over the union of their variables (f's variables
// first, then g's new ones).
func Product(f, g *Factor) *Factor {
	vars, cards := slices.Clone(f.Vars), slices.Clone(f.Cards)
	for i, v := range g.Vars {
		if !slices.Contains(vars, v) {
			vars = append(vars, v)
			cards = append(cards, g.Cards[i])
		}
	}
	out := New(vars, cards)
	NewProjection(vars, cards, f.Vars).MulFrom(out.Values, f.Values)
	NewProjection(vars, cards, g.Vars).MulFrom(out.Values, g.Values)
	return out
}

// Marginal returns the factor over keep (in that order) obtained by summing
// out the other variables. Every variable in keep must occur in f.
func (f *Factor) Marginal(keep []int) (*Factor, error) {
	return f.project(keep, false)
}

// MaxMarginal is Marginal with maximisation in place of summation.
func (f *Factor) MaxMarginal(keep []int) (*Factor, error) {
	return f.project(keep, true)
}

func (f *Factor) project(keep []int, maximise bool) (*Factor, error) {
	cards := make([]int, len(keep))
	for i, v := range keep {
		j := f.Index(v)
		if j < 0 {
			return nil, fmt.Errorf("factor: variable %d not in factor over %v", v, f.Vars)
		}
		cards[i] = f.Cards[j]
	}
	out := New(keep, cards)
	p := NewProjection(f.Vars, f.Cards, keep)
	if maximise {
		p.MaxInto(out.Values, f.Values)
	} else {
		p.SumInto(out.Values, f.Values)
	}
	return out, nil
}

// SumOut returns the marginal of f without variable v.
func (f *Factor) SumOut(v int) *Factor {
	keep := slices.DeleteFunc(slices.Clone(f.Vars), func(x int) bool { return x == v })
	out, _ := f.Marginal(keep) // keep ⊆ f.Vars by construction
	return out
}

// Reduce returns the slice of f at v = state, a factor without v. If v does
// not occur in f, f itself is returned.
func (f *Factor) Reduce(v, state int) *Factor {
	j := f.Index(v)
	if j < 0 {
		return f
	}
	stride := 1
	for k := j + 1; k < len(f.Cards); k++ {
		stride *= f.Cards[k]
	}
	card := f.Cards[j]
	vars := slices.Delete(slices.Clone(f.Vars), j, j+1)
	cards := slices.Delete(slices.Clone(f.Cards), j, j+1)
	out := &Factor{Vars: vars, Cards: cards, Values: make([]float64, len(f.Values)/card)}
	block := stride * card
	o := 0
	for i := state * stride; i < len(f.Values); i += block {
		o += copy(out.Values[o:], f.Values[i:i+stride])
	}
	return out
}

// MulVector multiplies f by a vector over the single variable v (for
// example a likelihood finding). It panics if v is not in f.
func (f *Factor) MulVector(v int, w []float64) {
	NewProjection(f.Vars, f.Cards, []int{v}).MulFrom(f.Values, w)
}

// Assignment decodes entry i of f into one state per variable of f.
func (f *Factor) Assignment(i int, dst []int) []int {
	dst = slices.Grow(dst[:0], len(f.Vars))[:len(f.Vars)]
	for k := len(f.Cards) - 1; k >= 0; k-- {
		dst[k] = i % f.Cards[k]
		i /= f.Cards[k]
	}
	return dst
}
