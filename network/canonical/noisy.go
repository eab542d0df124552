package canonical

import "fmt"

// NoisyOR is the leaky noisy-OR model of a binary child with binary
// parents (Pearl 1988; the leak is Henrion's, 1989). Each parent, when
// present, independently causes the child with its link probability; the
// leak stands for the causes not in the model. For every variable state 0
// is "present" and state 1 "absent".
//
// With p_i = Link[i] and p_0 = Leak, the child is absent only if no
// present parent and not the leak caused it:
//
//	P(Y = absent  | x) = (1 − p_0) · Π_{i : x_i present} (1 − p_i)
//	P(Y = present | x) = 1 − P(Y = absent | x)
//
// Special cases: with no parent present the row is (p_0, 1 − p_0); a
// link probability of 1 makes the child certainly present whenever that
// parent is.
//
// Link[i] is the causal parameter of Díez (1993), which GeNIe and SMILE
// store: the probability that parent i alone, without the leak, causes
// the child. Henrion's parameter is instead P(Y = present | only X_i
// present), leak included; the two are related by
//
//	1 − henrion_i = (1 − p_i)(1 − p_0), so p_i = 1 − (1 − henrion_i)/(1 − p_0),
//
// which a caller holding Henrion's numbers applies first.
type NoisyOR struct {
	Link []float64 // Link[i] is p_i, one per parent, in [0, 1]
	Leak float64   // p_0, in [0, 1]; 0 for no leak
}

// CPT returns the table of the noisy-OR model: 2 × 2^len(Link) entries,
// refused above maxEntries (zero: DefaultMaxEntries; negative: no bound
// but overflow).
func (m NoisyOR) CPT(maxEntries int) ([]float64, error) {
	c := checker{model: "noisy-OR"}
	parents := make([]int, len(m.Link))
	for i := range parents {
		parents[i] = 2
	}
	n, _ := c.size(2, parents, maxEntries)
	for i, p := range m.Link {
		c.probability(fmt.Sprintf("Link[%d]", i), p)
	}
	c.probability("Leak", m.Leak)
	if err := c.err(); err != nil {
		return nil, err
	}

	// absent[r] is P(Y = absent | configuration r). Adding parent i splits
	// each configuration of parents 0..i-1 in two, present (state 0) then
	// absent (state 1), which keeps the first parent slowest.
	absent := []float64{1 - m.Leak}
	for _, p := range m.Link {
		split := make([]float64, 0, 2*len(absent))
		for _, q := range absent {
			split = append(split, q*(1-p), q)
		}
		absent = split
	}
	cpt := make([]float64, n)
	for r, q := range absent {
		cpt[2*r] = 1 - q
		cpt[2*r+1] = q
	}
	return cpt, nil
}

// NoisyMAX is the leaky noisy-MAX model (Díez 1993; Díez & Druzdzel
// 2006): each cause (parent) independently drives the child to some level
// of an ordered scale, the leak stands for the causes not in the model,
// and the child takes the most severe of these levels.
//
// The child's States run from the most severe, state 0, to the absent
// (normal) state, the last, as in GeNIe. Write y_j ≼ y_k, "y_j is no more
// severe than y_k", for j ≥ k. For cause i in state s and m child states
// let
//
//	c_i(j | s) = Given[s][j] = P(Y = y_j | X_i = s, every other cause absent, no leak)
//	c_L(j)     = Leak[j]
//	C_i(j | s) = Σ_{k=j}^{m−1} c_i(k | s) = P(Y ≼ y_j | X_i = s, …)
//	C_L(j)     = Σ_{k=j}^{m−1} c_L(k)
//
// the distributions accumulated from the absent end. The child is no more
// severe than y_j exactly when every cause and the leak leave it so; this
// is the cumulative form P(Y ≤ y | x) = P(L ≤ y) · Π_i P(Y_i ≤ y | x_i) of
// Díez & Druzdzel (2006), with ≤ the order of severity, which here runs
// against the state index:
//
//	P(Y ≼ y_j | x) = C_L(j) · Π_i C_i(j | x_i)
//	P(Y = y_j | x) = P(Y ≼ y_j | x) − P(Y ≼ y_{j+1} | x),  P(Y ≼ y_m | x) = 0.
//
// A cause in its absent state leaves the child absent (c_i(m−1 | absent)
// = 1, so C_i(j | absent) = 1) and drops out of the product; with every
// cause absent the row is the leak. A nil Leak means no leak: C_L ≡ 1.
// With two states throughout this is NoisyOR, with Given[present] =
// (p_i, 1 − p_i) and Leak = (p_0, 1 − p_0).
type NoisyMAX struct {
	States int       // m, the number of the child's states, at least 1
	Causes []Cause   // one per parent, in the parents' order
	Leak   []float64 // c_L, a distribution over the child's states; nil for no leak
}

// Cause is one parent of a NoisyMAX model.
type Cause struct {
	States int // the number of the parent's states, at least 1
	Absent int // the parent's absent (normal, distinguished) state, which leaves the child absent

	// Given[s] is c_i(· | s), a distribution over the child's states, for
	// each parent state s: len(Given) == States. Given[Absent] is fixed by
	// the model; it must be nil or the certainty of the child's absent
	// state (0, …, 0, 1), the form in which GeNIe writes it.
	Given [][]float64
}

// CPT returns the table of the noisy-MAX model: States × Π Causes[i].States
// entries, refused above maxEntries (zero: DefaultMaxEntries; negative: no
// bound but overflow). The parameter distributions are divided by their
// sums before use.
func (m NoisyMAX) CPT(maxEntries int) ([]float64, error) {
	c := checker{model: "noisy-MAX"}
	ok := c.states("States", m.States)
	parents := make([]int, len(m.Causes))
	for i, cause := range m.Causes {
		if !c.states(fmt.Sprintf("Causes[%d].States", i), cause.States) {
			ok = false
		}
		parents[i] = cause.States
	}
	if !ok {
		return nil, c.err()
	}
	n, _ := c.size(m.States, parents, maxEntries)

	// cum[i][s] is C_i(· | s), nil for the absent state; leak is C_L, nil
	// for no leak.
	cum := make([][][]float64, len(m.Causes))
	for i, cause := range m.Causes {
		if cause.Absent < 0 || cause.Absent >= cause.States {
			c.add(fmt.Sprintf("Causes[%d].Absent", i), ErrState, "state %d of a parent with %d states", cause.Absent, cause.States)
			continue
		}
		if len(cause.Given) != cause.States {
			c.add(fmt.Sprintf("Causes[%d].Given", i), ErrCount, "%d distributions for a parent with %d states", len(cause.Given), cause.States)
			continue
		}
		cum[i] = make([][]float64, cause.States)
		for s, d := range cause.Given {
			param := fmt.Sprintf("Causes[%d].Given[%d]", i, s)
			if s == cause.Absent {
				if d != nil && !certainlyAbsent(d, m.States) {
					c.add(param, ErrAbsent, "state %d is the absent state; want nil or %v", s, absentDist(m.States))
				}
				continue
			}
			if c.distribution(param, d, m.States) {
				cum[i][s] = cumulative(d)
			}
		}
	}
	var leak []float64
	if m.Leak != nil && c.distribution("Leak", m.Leak, m.States) {
		leak = cumulative(m.Leak)
	}
	if err := c.err(); err != nil {
		return nil, err
	}

	// Build the cumulative table in place, one cause at a time: each row
	// of the causes so far becomes Causes[i].States rows, one per state of
	// cause i, the row times C_i(· | s). Rows are taken from the end, so
	// that a row is read before the rows that replace it are written (row
	// r becomes rows r·k … r·k + k − 1, none of them before r). Every
	// entry is multiplied in the same order, leak first, which keeps each
	// computed row non-increasing in j, so that the differences below are
	// never negative.
	states := m.States
	cpt := make([]float64, n)
	for j := range states {
		cpt[j] = 1
		if leak != nil {
			cpt[j] = leak[j]
		}
	}
	rows := 1
	for i, cause := range m.Causes {
		k := cause.States
		for r := rows - 1; r >= 0; r-- {
			src := cpt[r*states : (r+1)*states]
			for s := k - 1; s >= 0; s-- {
				dst := cpt[(r*k+s)*states : (r*k+s+1)*states]
				if f := cum[i][s]; f != nil {
					for j := range dst {
						dst[j] = src[j] * f[j]
					}
				} else {
					copy(dst, src)
				}
			}
		}
		rows *= k
	}

	// P(Y = y_j) = P(Y ≼ y_j) − P(Y ≼ y_{j+1}), in place from j = 0 up.
	for r := range rows {
		row := cpt[r*states : (r+1)*states]
		for j := 0; j < states-1; j++ {
			row[j] -= row[j+1]
		}
	}
	return cpt, nil
}

// cumulative returns d divided by its sum and accumulated from the
// absent end: out[j] = Σ_{k≥j} d[k] / Σ d, with out[0] = 1 exactly and no
// entry above 1, which rounding could otherwise give. Each sum is the
// next one plus a non-negative number and min(·, 1) keeps order, so out
// is non-increasing as computed.
func cumulative(d []float64) []float64 {
	sum := 0.0
	for _, p := range d {
		sum += p
	}
	out := make([]float64, len(d))
	acc := 0.0
	for j := len(d) - 1; j > 0; j-- {
		acc += d[j] / sum
		out[j] = min(acc, 1)
	}
	out[0] = 1
	return out
}

// certainlyAbsent reports whether d is (0, …, 0, 1) over m states.
func certainlyAbsent(d []float64, m int) bool {
	if len(d) != m {
		return false
	}
	for _, p := range d[:m-1] {
		if p != 0 {
			return false
		}
	}
	return d[m-1] == 1
}

// absentDist returns (0, …, 0, 1) over m states, for messages.
func absentDist(m int) []float64 {
	d := make([]float64, max(m, 0))
	if m > 0 {
		d[m-1] = 1
	}
	return d
}
