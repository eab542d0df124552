package factor

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveIndex maps outer entry i to its inner entry by decoding and
// re-encoding the assignment, the slow obvious way.
func naiveIndex(outerVars, outerCards, innerVars []int, i int) int {
	f := &Factor{Vars: outerVars, Cards: outerCards}
	a := f.Assignment(i, nil)
	j := 0
	for _, v := range innerVars {
		k := slices.Index(outerVars, v)
		j = j*outerCards[k] + a[k]
	}
	return j
}

// TestProjectionAgainstNaive checks every projection operation on random
// tables against decoding each entry's assignment.
func TestProjectionAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		nv := 1 + rng.IntN(6)
		outer := rng.Perm(10)[:nv]
		cards := make([]int, nv)
		for i := range cards {
			cards[i] = 1 + rng.IntN(4)
		}
		inner := slices.Clone(outer)
		rng.Shuffle(len(inner), func(i, j int) { inner[i], inner[j] = inner[j], inner[i] })
		inner = inner[:rng.IntN(nv+1)]
		p := NewProjection(outer, cards, inner)
		src := make([]float64, p.OuterSize())
		for i := range src {
			src[i] = rng.Float64()
		}
		wantSum := make([]float64, p.InnerSize())
		wantMax := make([]float64, p.InnerSize())
		for i, x := range src {
			j := naiveIndex(outer, cards, inner, i)
			wantSum[j] += x
			wantMax[j] = max(wantMax[j], x)
		}
		gotSum := make([]float64, p.InnerSize())
		p.SumInto(gotSum, src)
		gotMax := make([]float64, p.InnerSize())
		p.MaxInto(gotMax, src)
		for j := range wantSum {
			if math.Abs(gotSum[j]-wantSum[j]) > 1e-12 || gotMax[j] != wantMax[j] {
				t.Fatalf("trial %d (outer %v cards %v inner %v): entry %d sum %v want %v, max %v want %v",
					trial, outer, cards, inner, j, gotSum[j], wantSum[j], gotMax[j], wantMax[j])
			}
		}
		w := make([]float64, p.InnerSize())
		for j := range w {
			w[j] = rng.Float64()
		}
		if len(w) > 1 {
			w[rng.IntN(len(w))] = 0 // DivFrom's 0/0 = 0
		}
		got := slices.Clone(src)
		p.MulFrom(got, w)
		div := slices.Clone(src)
		p.DivFrom(div, w)
		idx := p.Index()
		for i := range src {
			j := naiveIndex(outer, cards, inner, i)
			if got[i] != src[i]*w[j] || idx[i] != j {
				t.Fatalf("trial %d: MulFrom/Index entry %d wrong", trial, i)
			}
			wantDiv := 0.0
			if w[j] != 0 {
				wantDiv = src[i] / w[j]
			}
			if div[i] != wantDiv {
				t.Fatalf("trial %d: DivFrom entry %d = %v, want %v", trial, i, div[i], wantDiv)
			}
		}
	}
}

// TestNewProjectionAllocations checks that a projection with few merged
// dimensions costs one allocation, which keeps compiling networks of 10⁵
// variables cheap.
func TestNewProjectionAllocations(t *testing.T) {
	outer, cards := []int{4, 7, 1, 9, 3}, []int{2, 3, 2, 4, 2}
	inner := []int{9, 4}
	if n := testing.AllocsPerRun(100, func() { NewProjection(outer, cards, inner) }); n != 1 {
		t.Errorf("NewProjection made %v allocations, want 1", n)
	}
}

// TestNormalizeSubnormal normalises a factor whose sum is subnormal, where
// multiplying by the reciprocal would overflow to +Inf (exact: powers of
// two).
func TestNormalizeSubnormal(t *testing.T) {
	f := &Factor{Vars: []int{0}, Cards: []int{2}, Values: []float64{0x1p-1070, 0x1p-1072}}
	if s := f.Normalize(); s != 0x1p-1070+0x1p-1072 {
		t.Errorf("Normalize returned %v", s)
	}
	if !slices.Equal(f.Values, []float64{0.8, 0.2}) {
		t.Errorf("normalised to %v, want [0.8 0.2]", f.Values)
	}
}

func TestProductMarginalReduce(t *testing.T) {
	// f(a,b) and g(b,c) with a,b,c binary.
	f := &Factor{Vars: []int{0, 1}, Cards: []int{2, 2}, Values: []float64{1, 2, 3, 4}}
	g := &Factor{Vars: []int{1, 2}, Cards: []int{2, 2}, Values: []float64{5, 6, 7, 8}}
	h := Product(f, g)
	if !slices.Equal(h.Vars, []int{0, 1, 2}) {
		t.Fatalf("vars %v", h.Vars)
	}
	// h(a,b,c) = f(a,b) g(b,c)
	want := []float64{1 * 5, 1 * 6, 2 * 7, 2 * 8, 3 * 5, 3 * 6, 4 * 7, 4 * 8}
	if !slices.Equal(h.Values, want) {
		t.Fatalf("product %v, want %v", h.Values, want)
	}
	m, err := h.Marginal([]int{2, 0})
	if err != nil {
		t.Fatal(err)
	}
	// m(c,a) = Σ_b h(a,b,c)
	wantM := []float64{5 + 14, 15 + 28, 6 + 16, 18 + 32}
	if !slices.Equal(m.Values, wantM) {
		t.Fatalf("marginal %v, want %v", m.Values, wantM)
	}
	r := h.Reduce(1, 1)
	if !slices.Equal(r.Vars, []int{0, 2}) || !slices.Equal(r.Values, []float64{14, 16, 28, 32}) {
		t.Fatalf("reduce %v %v", r.Vars, r.Values)
	}
	if _, err := h.Marginal([]int{9}); err == nil {
		t.Fatal("marginal onto a missing variable did not fail")
	}
	if s := m.Normalize(); s != h.Sum() || math.Abs(m.Sum()-1) > 1e-15 {
		t.Fatalf("normalize returned %v, sum after %v", s, m.Sum())
	}
}

// BenchmarkProjection times the walks that propagation runs: summing a
// table of 3⁸ entries onto three of its variables that are not contiguous
// in it, and multiplying the result back in.
func BenchmarkProjection(b *testing.B) {
	outer := []int{0, 1, 2, 3, 4, 5, 6, 7}
	cards := []int{3, 3, 3, 3, 3, 3, 3, 3}
	p := NewProjection(outer, cards, []int{6, 1, 3})
	table := make([]float64, p.OuterSize())
	for i := range table {
		table[i] = float64(i%7) + 1
	}
	msg := make([]float64, p.InnerSize())
	b.ReportAllocs()
	for b.Loop() {
		p.SumInto(msg, table)
		p.MulFrom(table, msg)
		for i := range table {
			table[i] = float64(i%7) + 1
		}
	}
}
