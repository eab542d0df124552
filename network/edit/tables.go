package edit

import (
	"fmt"
	"slices"
	"strconv"

	"brink/network"
)

// The table rewrites below work on node i's specification in a draft.
// Rows are indexed by parent configuration, the first parent varying
// slowest (network.VariableSpec):
//
//	row(s_1, …, s_k) = Σ_j s_j · stride_j,  stride_k = 1,  stride_j = stride_{j+1} · card_{j+1}

// decompose writes the parent states of configuration cfg into out.
func decompose(cfg int, st []int, cards []int, out []int) {
	for j := range st {
		out[j] = (cfg / st[j]) % cards[j]
	}
}

// remapParentStates rewrites the table of every child of node i after
// node i's states change from oldCard to newCard: a child's rows for new
// state s of i are its rows for old state src(s); rows for a state for
// which fresh(s) holds are copies and are marked for review, as are rows
// copied from rows in review.
func (dr *draft) remapParentStates(i, oldCard, newCard int, src func(int) int, fresh func(int) bool) {
	name := dr.vars[i].spec.Name
	dr.remapUtilityStates(i, oldCard, newCard, src, fresh)
	for c := range dr.vars {
		j := slices.Index(dr.vars[c].spec.Parents, name)
		if j < 0 {
			continue
		}
		dr.plain(c, "the states of its parent "+dr.label(i)+" changed")
		sp := &dr.vars[c].spec
		k := len(sp.States)
		newCards := dr.cards(c) // i's states have already changed
		oldCards := slices.Clone(newCards)
		oldCards[j] = oldCard
		newCards[j] = newCard
		oldSt, newSt := strides(oldCards), strides(newCards)
		configs := 1
		for _, x := range newCards {
			configs *= x
		}
		review := map[int]bool{}
		for _, r := range dr.vars[c].node.Review {
			review[r] = true
		}
		cpt := make([]float64, configs*k)
		var marks []int
		tuple := make([]int, len(newCards))
		for cfg := range configs {
			decompose(cfg, newSt, newCards, tuple)
			s := tuple[j]
			old := 0
			for x, t := range tuple {
				if x == j {
					t = src(s)
				}
				old += t * oldSt[x]
			}
			copy(cpt[cfg*k:(cfg+1)*k], sp.CPT[old*k:(old+1)*k])
			if fresh(s) || review[old] {
				marks = append(marks, cfg)
			}
		}
		sp.CPT = cpt
		dr.vars[c].node.Review = nil
		dr.markReview(c, marks...)
	}
}

// addParentRows gives node c a new last parent with card states: each old
// row is copied for every state of the new parent, and every row is
// marked for review, since the table does not yet depend on the parent.
func (dr *draft) addParentRows(c, card int) {
	dr.plain(c, "it has a new parent")
	sp := &dr.vars[c].spec
	k := len(sp.States)
	old := len(sp.CPT) / k
	cpt := make([]float64, 0, len(sp.CPT)*card)
	for r := range old {
		for range card {
			cpt = append(cpt, sp.CPT[r*k:(r+1)*k]...)
		}
	}
	sp.CPT = cpt
	marks := make([]int, old*card)
	for r := range marks {
		marks[r] = r
	}
	dr.vars[c].node.Review = nil
	dr.markReview(c, marks...)
}

// removeParentRows drops parent j of node c, each remaining configuration
// taking the average of its rows over the dropped parent's states (the
// parent's states taken as equally likely), marked for review.
func (dr *draft) removeParentRows(c, j int) {
	dr.plain(c, "it lost a parent")
	sp := &dr.vars[c].spec
	k := len(sp.States)
	oldCards := dr.cards(c)
	oldSt := strides(oldCards)
	newCards := slices.Delete(slices.Clone(oldCards), j, j+1)
	newSt := strides(newCards)
	configs := 1
	for _, x := range newCards {
		configs *= x
	}
	cpt := make([]float64, configs*k)
	tuple := make([]int, len(newCards))
	for cfg := range configs {
		decompose(cfg, newSt, newCards, tuple)
		base := 0
		for x, t := range tuple {
			ox := x
			if x >= j {
				ox = x + 1
			}
			base += t * oldSt[ox]
		}
		row := cpt[cfg*k : (cfg+1)*k]
		for s := range oldCards[j] {
			old := base + s*oldSt[j]
			for y := range k {
				row[y] += sp.CPT[old*k+y] / float64(oldCards[j])
			}
		}
		network.NormaliseRow(row)
	}
	sp.CPT = cpt
	sp.Parents = slices.Delete(sp.Parents, j, j+1)
	marks := make([]int, configs)
	for r := range marks {
		marks[r] = r
	}
	dr.vars[c].node.Review = nil
	dr.markReview(c, marks...)
}

// checkRow reports whether p is a distribution over k states: k finite,
// non-negative numbers summing to 1 within network.SumTolerance.
func checkRow(p []float64, k int) error {
	if len(p) != k {
		return fmt.Errorf("%w: %d numbers for %d states", ErrTable, len(p), k)
	}
	c := network.CheckRow(p)
	if c.Bad >= 0 {
		return fmt.Errorf("%w: %v is not a probability", ErrTable, p[c.Bad])
	}
	if !c.Acceptable {
		return fmt.Errorf("%w: the numbers sum to %s, not 1", ErrTable, strconv.FormatFloat(c.Sum, 'g', 6, 64))
	}
	return nil
}

// uniform returns k equal probabilities.
func uniform(k int) []float64 {
	out := make([]float64, k)
	for s := range out {
		out[s] = 1 / float64(k)
	}
	return out
}
