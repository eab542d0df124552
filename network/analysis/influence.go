package analysis

import (
	"cmp"
	"math"
	"slices"

	"brink/network"
)

// EdgeInfluence is the strength of influence of one edge Parent → Child,
// read from the child's CPT alone.
type EdgeInfluence struct {
	Parent, Child int
	// Average and Maximum are the largest distance between the child's
	// distributions for two states of the parent, the other parents held
	// fixed, averaged or maximised over the other parents'
	// configurations (see Influences). Both are in [0, 1]: 0 when the
	// child's table does not depend on the parent, 1 when, in some
	// configuration (every one, for Average), two states of the parent
	// make the child certain of different states.
	Average, Maximum float64
}

// Influences returns the strength of influence of every edge of n, the
// measure GeNIe draws as the thickness of arcs (Koiter, Visualizing
// Inference in Bayesian Networks, MSc thesis, Delft University of
// Technology, 2006; BayesFusion, GeNIe Modeler User Manual, "Strength of
// influence"). It is a function of the CPTs only: no inference, no
// evidence, so it says how strongly a parent can push its child, not how
// much it does under the current beliefs.
//
// For the edge p → c, with the other parents of c in the configuration
// o, each state i of p selects a row of c's table, P(c | p = i, o). The
// strength in o is the largest distance between two such rows,
//
//	d_o = max_{i<j} D(P(c | p = i, o), P(c | p = j, o)),
//	D(u, v) = sqrt(½ · Σ_x (u_x − v_x)²),
//
// D being the Euclidean distance between the two distributions scaled by
// 1/√2, the largest it can be (two point masses on different states), so
// that D lies in [0, 1]. Of the measures GeNIe offers (Euclidean,
// Hellinger, J-divergence, CDF) it reads most directly as "how far the row
// moves": a shift of 0.1 counts the same between likely states as between
// unlikely ones, where Hellinger's distance weighs moves among small
// probabilities more and the J-divergence is infinite for a row with a
// zero where the other has none. The edge's strength is
// the mean of d_o over the configurations o of the other parents, each
// counted once whatever its probability (Average, GeNIe's default), and
// its largest value (Maximum). A parent or a child with one state has
// strength 0.
//
// Edges come sorted by Average, strongest first, then by Maximum, then by
// the child's and the parent's name.
func Influences(n *network.Network) []EdgeInfluence {
	var out []EdgeInfluence
	for c := range n.NumVariables() {
		for j, p := range n.Parents(c) {
			avg, mx := edgeInfluence(n, c, j)
			out = append(out, EdgeInfluence{Parent: p, Child: c, Average: avg, Maximum: mx})
		}
	}
	slices.SortFunc(out, func(a, b EdgeInfluence) int {
		if c := cmp.Compare(b.Average, a.Average); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Maximum, a.Maximum); c != 0 {
			return c
		}
		if c := cmp.Compare(n.Name(a.Child), n.Name(b.Child)); c != 0 {
			return c
		}
		return cmp.Compare(n.Name(a.Parent), n.Name(b.Parent))
	})
	return out
}

// edgeInfluence returns the average and the maximum over the other
// parents' configurations of the largest row distance for the j-th parent
// of c. Rows are laid out first parent slowest, so the rows that differ
// only in parent j lie stride apart, stride being the product of the
// cardinalities of the parents after j.
func edgeInfluence(n *network.Network, c, j int) (avg, mx float64) {
	ps := n.Parents(c)
	card := n.Card(c)
	cp := n.Card(ps[j])
	stride := 1
	for _, u := range ps[j+1:] {
		stride *= n.Card(u)
	}
	cpt := n.CPT(c)
	rows := n.ParentConfigs(c)
	row := func(r int) []float64 { return cpt[r*card : (r+1)*card] }
	sum, count := 0.0, 0
	for r := range rows {
		if (r/stride)%cp != 0 {
			continue // not the first state of parent j: visited from there
		}
		d := 0.0
		for a := range cp {
			for b := a + 1; b < cp; b++ {
				d = max(d, rowDistance(row(r+a*stride), row(r+b*stride)))
			}
		}
		sum += d
		mx = max(mx, d)
		count++
	}
	if count == 0 {
		return 0, 0
	}
	return min(sum/float64(count), 1), min(mx, 1)
}

// rowDistance is the Euclidean distance between two distributions scaled
// by 1/√2, in [0, 1].
func rowDistance(u, v []float64) float64 {
	s := 0.0
	for i := range u {
		d := u[i] - v[i]
		s += d * d
	}
	return math.Sqrt(s / 2)
}
