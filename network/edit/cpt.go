package edit

import (
	"fmt"
	"slices"

	"brink/network"
	"brink/network/model"
)

// SetRow replaces row (a parent configuration) of node v's table with p,
// one probability per state summing to 1 (within network.SumTolerance;
// it is normalised exactly), and clears the row's review mark.
func SetRow(d Doc, v, row int, p []float64) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	n := d.Model.Net
	if row < 0 || row >= n.ParentConfigs(v) {
		return Doc{}, fmt.Errorf("edit: %s has %d rows, not row %d: %w", d.Model.Label(v), n.ParentConfigs(v), row+1, ErrNoSuch)
	}
	k := n.Card(v)
	if err := checkRow(p, k); err != nil {
		return Doc{}, fmt.Errorf("edit: %s, row %d: %w", d.Model.Label(v), row+1, err)
	}
	dr := open(d)
	dr.plain(v, "a row was edited")
	sp := &dr.vars[v].spec
	copy(sp.CPT[row*k:(row+1)*k], p)
	network.NormaliseRow(sp.CPT[row*k : (row+1)*k])
	nd := &dr.vars[v].node
	nd.Review = slices.DeleteFunc(nd.Review, func(r int) bool { return r == row })
	return dr.build()
}

// SetCPT replaces node v's whole table (rows in the engine's order,
// network.VariableSpec) and clears the review marks of the rows whose
// numbers changed. Every row must be a distribution.
func SetCPT(d Doc, v int, cpt []float64) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	n := d.Model.Net
	k := n.Card(v)
	if len(cpt) != len(n.CPT(v)) {
		return Doc{}, fmt.Errorf("edit: %s: %d numbers for a table of %d: %w", d.Model.Label(v), len(cpt), len(n.CPT(v)), ErrTable)
	}
	for r := range len(cpt) / k {
		if err := checkRow(cpt[r*k:(r+1)*k], k); err != nil {
			return Doc{}, fmt.Errorf("edit: %s, row %d: %w", d.Model.Label(v), r+1, err)
		}
	}
	dr := open(d)
	dr.plain(v, "its table was edited")
	sp := &dr.vars[v].spec
	old := sp.CPT
	sp.CPT = slices.Clone(cpt)
	nd := &dr.vars[v].node
	nd.Review = slices.DeleteFunc(nd.Review, func(r int) bool {
		return !slices.Equal(old[r*k:(r+1)*k], sp.CPT[r*k:(r+1)*k])
	})
	for r := range len(cpt) / k {
		network.NormaliseRow(sp.CPT[r*k : (r+1)*k])
	}
	return dr.build()
}

// Proportional returns row with state s set to p and the other states
// scaled so that the row sums to 1 — the complement rule GeNIe users
// know: the others keep their ratios to each other. When the others sum
// to nothing they share 1 − p equally. p is clamped to [0, 1].
//
//	row'[s] = p,   row'[x] = row[x] · (1 − p) / Σ_{y≠s} row[y]   (x ≠ s)
func Proportional(row []float64, s int, p float64) []float64 {
	p = min(1, max(0, p))
	out := slices.Clone(row)
	if s < 0 || s >= len(out) {
		return out
	}
	rest := 0.0
	for x, q := range row {
		if x != s && q > 0 {
			rest += q
		}
	}
	for x := range out {
		switch {
		case x == s:
			out[x] = p
		case rest > 0:
			out[x] = max(0, row[x]) * (1 - p) / rest
		case len(out) > 1:
			out[x] = (1 - p) / float64(len(out)-1)
		}
	}
	return out
}

// Normalised returns row divided by its sum, or equal probabilities when
// it sums to nothing; negative and non-finite entries count as 0.
func Normalised(row []float64) []float64 {
	out := slices.Clone(row)
	sum := 0.0
	for x, q := range out {
		if !(q > 0) || q > 1e308 {
			out[x] = 0
			continue
		}
		sum += q
	}
	if sum == 0 {
		return uniform(len(out))
	}
	for x := range out {
		out[x] /= sum
	}
	return out
}

// ToTable turns node v's canonical model into the plain table it gives,
// so that its numbers can be edited one by one.
func ToTable(d Doc, v int) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	if d.Model.Nodes[v].Canonical == nil {
		return Doc{}, fmt.Errorf("edit: %s has a plain table already: %w", d.Model.Label(v), ErrNoSuch)
	}
	dr := open(d)
	dr.vars[v].node.Canonical = nil
	return dr.build()
}

// SetCanonical gives node v's table by the parameters of a canonical
// model: the table becomes what they give, and its review marks go.
func SetCanonical(d Doc, v int, c model.Canonical) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	n := d.Model.Net
	cards := make([]int, len(n.Parents(v)))
	for j, p := range n.Parents(v) {
		cards[j] = n.Card(p)
	}
	t, err := c.Table(n.Card(v), cards, MaxTableEntries)
	if err != nil {
		return Doc{}, fmt.Errorf("edit: %s: %w (%w)", d.Model.Label(v), err, ErrTable)
	}
	dr := open(d)
	dr.vars[v].spec.CPT = t
	nd := &dr.vars[v].node
	nd.Canonical = copyNode(model.Node{Canonical: &c}).Canonical
	nd.Review = nil
	return dr.build()
}
