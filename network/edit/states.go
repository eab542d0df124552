package edit

import (
	"fmt"
	"slices"

	"brink/network"
	"brink/network/model"
)

// AddState inserts a state with the given id and label at index at
// (0…number of states) of node v. In v's own table the new state takes
// half the probability of its neighbour (the state before it, or the one
// after when it goes first), so every row still sums to 1; v's children
// get rows for it copied from the neighbour's. Every row so made is
// marked for review. A soft finding on v gets the neighbour's weight for
// the new state.
func AddState(d Doc, v, at int, id, label string) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	k := d.Model.Net.Card(v)
	if at < 0 || at > k {
		return Doc{}, fmt.Errorf("edit: node %s: no place %d among %d states: %w", d.Model.Label(v), at, k, ErrNoSuch)
	}
	dr := open(d)
	sp := &dr.vars[v].spec
	if err := network.CheckStateName(id); err != nil {
		return Doc{}, fmt.Errorf("edit: node %s: state %w (%w)", dr.label(v), err, ErrName)
	}
	if slices.Contains(sp.States, id) {
		return Doc{}, fmt.Errorf("edit: node %s already has a state %q: %w", dr.label(v), id, ErrName)
	}
	dr.plain(v, "it has a new state")
	nb := max(at-1, 0) // the neighbour, as an old index
	nbLabel := dr.stateLabel(v, nb)
	sp.States = slices.Insert(sp.States, at, id)
	nd := &dr.vars[v].node
	if len(nd.StateLabels) > 0 || label != "" {
		labels := make([]string, k)
		copy(labels, nd.StateLabels)
		nd.StateLabels = slices.Insert(labels, at, label)
	}
	// Own rows: split the neighbour's probability.
	rows := len(sp.CPT) / k
	cpt := make([]float64, 0, rows*(k+1))
	for r := range rows {
		row := slices.Clone(sp.CPT[r*k : (r+1)*k])
		half := row[nb] / 2
		row[nb] = half
		cpt = append(cpt, slices.Insert(row, at, half)...)
	}
	sp.CPT = cpt
	all := make([]int, rows)
	for r := range all {
		all[r] = r
	}
	dr.markReview(v, all...)
	newLabel := label
	if newLabel == "" {
		newLabel = id
	}
	dr.note("%s: the new state %s took half the probability of %s in every row; check the rows marked for review", dr.label(v), newLabel, nbLabel)
	// Children: rows for the new state copied from the neighbour's.
	src := func(s int) int {
		switch {
		case s < at:
			return s
		case s == at:
			return nb
		}
		return s - 1
	}
	dr.remapParentStates(v, k, k+1, src, func(s int) bool { return s == at })
	for c := range dr.vars {
		if slices.Contains(dr.vars[c].spec.Parents, sp.Name) {
			dr.note("%s: rows for %s = %s were copied from %s = %s; check them", dr.label(c), dr.label(v), newLabel, dr.label(v), nbLabel)
		}
	}
	dr.dropFindings(sp.Name, dr.label(v), func(f *model.Finding) (bool, string) {
		if f.Kind == network.Likelihood && len(f.Weights) == k {
			f.Weights = slices.Insert(f.Weights, at, f.Weights[nb])
		}
		return true, ""
	})
	return dr.build()
}

// RenameState changes the id and label of state s of node v; findings on
// it follow.
func RenameState(d Doc, v, s int, id, label string) (Doc, error) {
	if err := checkState(d, v, s); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	sp := &dr.vars[v].spec
	old := sp.States[s]
	if id != old {
		if err := network.CheckStateName(id); err != nil {
			return Doc{}, fmt.Errorf("edit: node %s: state %w (%w)", dr.label(v), err, ErrName)
		}
		if slices.Contains(sp.States, id) {
			return Doc{}, fmt.Errorf("edit: node %s already has a state %q: %w", dr.label(v), id, ErrName)
		}
	}
	sp.States[s] = id
	nd := &dr.vars[v].node
	if len(nd.StateLabels) > 0 || label != "" {
		labels := make([]string, len(sp.States))
		copy(labels, nd.StateLabels)
		labels[s] = label
		nd.StateLabels = labels
	}
	dr.renameForecastState(sp.Name, old, id)
	dr.dropFindings(sp.Name, dr.label(v), func(f *model.Finding) (bool, string) {
		if f.State == old {
			f.State = id
		}
		for i, n := range f.NotStates {
			if n == old {
				f.NotStates[i] = id
			}
		}
		return true, ""
	})
	return dr.build()
}

// MoveState moves state from of node v to index to, reordering v's rows
// and its children's tables to match; the numbers are unchanged.
func MoveState(d Doc, v, from, to int) (Doc, error) {
	if err := checkState(d, v, from); err != nil {
		return Doc{}, err
	}
	if err := checkState(d, v, to); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	dr.plain(v, "its states were reordered")
	sp := &dr.vars[v].spec
	k := len(sp.States)
	// perm[new] = old
	perm := make([]int, k)
	for s := range perm {
		perm[s] = s
	}
	x := perm[from]
	perm = slices.Insert(slices.Delete(perm, from, from+1), to, x)
	states := make([]string, k)
	for s, o := range perm {
		states[s] = sp.States[o]
	}
	sp.States = states
	nd := &dr.vars[v].node
	if len(nd.StateLabels) > 0 {
		labels := make([]string, k)
		old := make([]string, k)
		copy(old, nd.StateLabels)
		for s, o := range perm {
			labels[s] = old[o]
		}
		nd.StateLabels = labels
	}
	for r := range len(sp.CPT) / k {
		row := slices.Clone(sp.CPT[r*k : (r+1)*k])
		for s, o := range perm {
			sp.CPT[r*k+s] = row[o]
		}
	}
	dr.remapParentStates(v, k, k, func(s int) int { return perm[s] }, func(int) bool { return false })
	dr.dropFindings(sp.Name, dr.label(v), func(f *model.Finding) (bool, string) {
		if f.Kind == network.Likelihood && len(f.Weights) == k {
			w := make([]float64, k)
			for s, o := range perm {
				w[s] = f.Weights[o]
			}
			f.Weights = w
		}
		return true, ""
	})
	return dr.build()
}

// DeleteState removes state s of node v. In v's own table the rest of
// each row is scaled to sum to 1 (made equal where nothing is left); rows
// that had any probability on s are marked for review. v's children lose
// their rows for s. A finding on s is dropped; a soft finding loses its
// weight for s.
func DeleteState(d Doc, v, s int) (Doc, error) {
	if err := checkState(d, v, s); err != nil {
		return Doc{}, err
	}
	k := d.Model.Net.Card(v)
	if k <= 2 {
		return Doc{}, fmt.Errorf("edit: node %s has only %d states: %w", d.Model.Label(v), k, ErrLastState)
	}
	dr := open(d)
	dr.plain(v, "it lost a state")
	sp := &dr.vars[v].spec
	name, old := sp.States[s], dr.stateLabel(v, s)
	sp.States = slices.Delete(sp.States, s, s+1)
	nd := &dr.vars[v].node
	if len(nd.StateLabels) > 0 {
		labels := make([]string, k)
		copy(labels, nd.StateLabels)
		nd.StateLabels = slices.Delete(labels, s, s+1)
	}
	rows := len(sp.CPT) / k
	cpt := make([]float64, 0, rows*(k-1))
	var marks []int
	for r := range rows {
		row := slices.Delete(slices.Clone(sp.CPT[r*k:(r+1)*k]), s, s+1)
		if sp.CPT[r*k+s] > 0 {
			marks = append(marks, r)
			sum := 0.0
			for _, p := range row {
				sum += p
			}
			if sum > 0 {
				for y := range row {
					row[y] /= sum
				}
			} else {
				row = uniform(k - 1)
			}
		}
		cpt = append(cpt, row...)
	}
	sp.CPT = cpt
	dr.markReview(v, marks...)
	if len(marks) > 0 {
		dr.note("%s: %d rows gave %s some probability; the rest was scaled up to sum to 1 — check the rows marked for review", dr.label(v), len(marks), old)
	}
	dr.remapParentStates(v, k, k-1, func(x int) int {
		if x >= s {
			return x + 1
		}
		return x
	}, func(int) bool { return false })
	dr.dropFindings(sp.Name, dr.label(v), func(f *model.Finding) (bool, string) {
		switch f.Kind {
		case network.Hard:
			if f.State == name {
				return false, "its state " + old + " was deleted"
			}
		case network.Negative:
			f.NotStates = slices.DeleteFunc(f.NotStates, func(x string) bool { return x == name })
			if len(f.NotStates) == 0 {
				return false, "it excluded only " + old + ", which was deleted"
			}
			if len(f.NotStates) >= k-1 {
				return false, "it would exclude every state left"
			}
		case network.Likelihood:
			if len(f.Weights) == k {
				f.Weights = slices.Delete(f.Weights, s, s+1)
			}
			if !slices.ContainsFunc(f.Weights, func(w float64) bool { return w > 0 }) {
				return false, "it gave weight only to " + old + ", which was deleted"
			}
		}
		return true, ""
	})
	return dr.build()
}
