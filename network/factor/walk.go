package factor

// A Projection relates the entries of a table over some variables (the
// outer table) to the entries of a table over a subset of them (the inner
// table). It is computed once and then drives the inner loops of inference:
// summing or maximising the outer table onto the inner one, and multiplying
// the inner one into the outer one, with no look-ups and no allocation.
//
// Both tables are dense and row-major: the first variable of each varies
// slowest. Adjacent outer dimensions that map onto the inner table in the
// same way (both absent from it, or contiguous in it) are merged, so a
// separator that is a suffix or prefix of its clique is walked in long
// contiguous runs.
type Projection struct {
	dims      []dim // merged outer dimensions, slowest first
	outerSize int
	innerSize int
	inline    [4]dim // storage for dims when there are few, the usual case
}

type dim struct {
	card   int // number of values of the merged dimension
	stride int // stride in the inner table; 0 when absent from it
	count  int // odometer position, scratch for the walks
}

// NewProjection prepares the projection of a table over outerVars (with
// the given cardinalities) onto a table over innerVars, which must all occur
// in outerVars. The order of innerVars is the layout of the inner table.
// It panics if an inner variable is missing from the outer ones, which is a
// programming error.
//
// It makes one allocation when the merged walk has at most four
// dimensions, so that compiling a network of 10⁵ variables, which needs a
// few projections per variable, stays cheap. Its cost is
// O(|innerVars|·|outerVars|).
func NewProjection(outerVars, outerCards, innerVars []int) *Projection {
	p := &Projection{outerSize: 1, innerSize: 1}
	p.dims = p.inline[:0]
	// The stride of each inner variable in the inner table, and the
	// position of each in the outer one.
	var buf [8]int
	strides := buf[:0]
	for range innerVars {
		strides = append(strides, 0)
	}
	for i := len(innerVars) - 1; i >= 0; i-- {
		pos := -1
		for j, v := range outerVars {
			if v == innerVars[i] {
				pos = j
			}
		}
		if pos < 0 {
			panic("factor: inner variable not in outer table")
		}
		strides[i] = p.innerSize
		p.innerSize *= outerCards[pos]
	}
	for i, v := range outerVars {
		c := outerCards[i]
		p.outerSize *= c
		if c == 1 {
			continue // contributes nothing to either index
		}
		st := 0
		for k, u := range innerVars {
			if u == v {
				st = strides[k]
			}
		}
		if n := len(p.dims); n > 0 {
			last := &p.dims[n-1]
			// Merge with the previous (slower) dimension when the pair
			// behaves as one dimension of size last.card*c.
			if (last.stride == 0 && st == 0) || (st != 0 && last.stride == st*c) {
				last.card *= c
				last.stride = st
				continue
			}
		}
		p.dims = append(p.dims, dim{card: c, stride: st})
	}
	if len(p.dims) == 0 {
		p.dims = append(p.dims, dim{card: 1, stride: 0})
	}
	return p
}

// OuterSize returns the number of entries of the outer table.
func (p *Projection) OuterSize() int { return p.outerSize }

// InnerSize returns the number of entries of the inner table.
func (p *Projection) InnerSize() int { return p.innerSize }

// advance moves the odometer over all dimensions but the innermost and
// returns the change of the inner index.
func (p *Projection) advance(j int) int {
	dims := p.dims
	for d := len(dims) - 2; d >= 0; d-- {
		dd := &dims[d]
		dd.count++
		j += dd.stride
		if dd.count < dd.card {
			return j
		}
		j -= dd.stride * dd.card
		dd.count = 0
	}
	return j
}

func (p *Projection) reset() {
	for d := range p.dims {
		p.dims[d].count = 0
	}
}

// SumInto sets inner to the marginal of outer: each inner entry becomes
// the sum of the outer entries that project onto it.
func (p *Projection) SumInto(inner, outer []float64) {
	clear(inner)
	p.reset()
	last := p.dims[len(p.dims)-1]
	c, s := last.card, last.stride
	j := 0
	for i := 0; i < len(outer); i += c {
		run := outer[i : i+c]
		switch s {
		case 0:
			sum := 0.0
			for _, x := range run {
				sum += x
			}
			inner[j] += sum
		case 1:
			dst := inner[j : j+c]
			for k, x := range run {
				dst[k] += x
			}
		default:
			for k, x := range run {
				inner[j+k*s] += x
			}
		}
		j = p.advance(j)
	}
}

// MaxInto sets inner to the max-marginal of outer: each inner entry
// becomes the largest outer entry that projects onto it.
func (p *Projection) MaxInto(inner, outer []float64) {
	clear(inner) // entries are non-negative, so 0 is a neutral start
	p.reset()
	last := p.dims[len(p.dims)-1]
	c, s := last.card, last.stride
	j := 0
	for i := 0; i < len(outer); i += c {
		run := outer[i : i+c]
		switch s {
		case 0:
			m := inner[j]
			for _, x := range run {
				m = max(m, x)
			}
			inner[j] = m
		default:
			for k, x := range run {
				inner[j+k*s] = max(inner[j+k*s], x)
			}
		}
		j = p.advance(j)
	}
}

// MulFrom multiplies every outer entry by the inner entry it projects
// onto.
func (p *Projection) MulFrom(outer, inner []float64) {
	p.reset()
	last := p.dims[len(p.dims)-1]
	c, s := last.card, last.stride
	j := 0
	for i := 0; i < len(outer); i += c {
		run := outer[i : i+c]
		switch s {
		case 0:
			w := inner[j]
			if w == 0 {
				clear(run)
			} else if w != 1 {
				for k := range run {
					run[k] *= w
				}
			}
		case 1:
			src := inner[j : j+c]
			for k := range run {
				run[k] *= src[k]
			}
		default:
			for k := range run {
				run[k] *= inner[j+k*s]
			}
		}
		j = p.advance(j)
	}
}

// DivFrom divides every outer entry by the inner entry it projects onto,
// with 0/0 = 0 (an inner entry of 0 sets its outer entries to 0).
func (p *Projection) DivFrom(outer, inner []float64) {
	p.reset()
	last := p.dims[len(p.dims)-1]
	c, s := last.card, last.stride
	j := 0
	for i := 0; i < len(outer); i += c {
		run := outer[i : i+c]
		for k := range run {
			if d := inner[j+k*s]; d != 0 {
				run[k] /= d
			} else {
				run[k] = 0
			}
		}
		j = p.advance(j)
	}
}

// Index returns, for every outer entry, the inner entry it projects onto.
// It allocates and is meant for set-up code, not inner loops.
func (p *Projection) Index() []int {
	idx := make([]int, p.outerSize)
	p.reset()
	last := p.dims[len(p.dims)-1]
	c, s := last.card, last.stride
	j := 0
	for i := 0; i < p.outerSize; i += c {
		for k := 0; k < c; k++ {
			idx[i+k] = j + k*s
		}
		j = p.advance(j)
	}
	return idx
}
