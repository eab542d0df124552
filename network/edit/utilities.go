package edit

import (
	"fmt"
	"slices"
)

// Utility tables hang off the network's variables by name, as children do
// (model.Utility), so edits that rename a node, change its states or
// delete it carry over to every utility it is a parent of, as they do to
// its children's tables: values for a new state are copied from the
// neighbour's, values over a deleted parent are averaged, and each is
// said in the notes.

// copyUtilities gives the draft its own utilities, so that an edit never
// changes the Doc it started from.
func (dr *draft) copyUtilities() {
	us := slices.Clone(dr.info.Utilities)
	for k := range us {
		us[k].Parents = slices.Clone(us[k].Parents)
		us[k].Table = slices.Clone(us[k].Table)
		us[k].Citations = slices.Clone(us[k].Citations)
		if p := us[k].Position; p != nil {
			q := *p
			us[k].Position = &q
		}
	}
	dr.info.Utilities = us
}

// utilityCards returns the numbers of states of utility k's parents as
// the draft has them now.
func (dr *draft) utilityCards(k int) []int {
	ps := dr.info.Utilities[k].Parents
	out := make([]int, len(ps))
	for j, p := range ps {
		if i := dr.index(p); i >= 0 {
			out[j] = len(dr.vars[i].spec.States)
		}
	}
	return out
}

// utilityLabel names utility k for notes.
func (dr *draft) utilityLabel(k int) string {
	return "“" + dr.info.Utilities[k].DisplayLabel() + "”"
}

// renameUtilityParents follows a node's new id in every utility.
func (dr *draft) renameUtilityParents(old, id string) {
	for k := range dr.info.Utilities {
		for j, p := range dr.info.Utilities[k].Parents {
			if p == old {
				dr.info.Utilities[k].Parents[j] = id
			}
		}
	}
}

// remapUtilityStates rewrites every utility over node i after its states
// changed from oldCard to newCard, as remapParentStates does for its
// children: the values for new state s are those for old state src(s).
func (dr *draft) remapUtilityStates(i, oldCard, newCard int, src func(int) int, fresh func(int) bool) {
	name := dr.vars[i].spec.Name
	for k := range dr.info.Utilities {
		u := &dr.info.Utilities[k]
		j := slices.Index(u.Parents, name)
		if j < 0 {
			continue
		}
		newCards := dr.utilityCards(k)
		oldCards := slices.Clone(newCards)
		oldCards[j], newCards[j] = oldCard, newCard
		oldSt, newSt := strides(oldCards), strides(newCards)
		configs := 1
		for _, x := range newCards {
			configs *= x
		}
		table := make([]float64, configs)
		tuple := make([]int, len(newCards))
		copied := false
		for cfg := range configs {
			decompose(cfg, newSt, newCards, tuple)
			old := 0
			for x, t := range tuple {
				if x == j {
					copied = copied || fresh(t)
					t = src(t)
				}
				old += t * oldSt[x]
			}
			table[cfg] = u.Table[old]
		}
		u.Table = table
		if copied {
			dr.note("utility %s: values for the new state of %s were copied from its neighbour's; check them", dr.utilityLabel(k), dr.label(i))
		}
	}
}

// removeUtilityParent drops node name from every utility over it, each
// remaining configuration's value the average over the node's states.
func (dr *draft) removeUtilityParent(name, label string) {
	for k := range dr.info.Utilities {
		u := &dr.info.Utilities[k]
		j := slices.Index(u.Parents, name)
		if j < 0 {
			continue
		}
		oldCards := dr.utilityCards(k)
		oldSt := strides(oldCards)
		newCards := slices.Delete(slices.Clone(oldCards), j, j+1)
		newSt := strides(newCards)
		configs := 1
		for _, x := range newCards {
			configs *= x
		}
		table := make([]float64, configs)
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
			sum := 0.0
			for s := range oldCards[j] {
				sum += u.Table[base+s*oldSt[j]]
			}
			table[cfg] = sum / float64(oldCards[j])
		}
		u.Table = table
		u.Parents = slices.Delete(u.Parents, j, j+1)
		dr.note("utility %s no longer depends on %s: its values were averaged over the states of %s; check them", dr.utilityLabel(k), label, label)
	}
}

// utilitiesOver says, for a confirmation, that deleting a node changes
// the utilities us over it.
func utilitiesOver(us []string) string {
	return fmt.Sprintf("its place in the utilities %s (their values are averaged over its states)", joinQuoted(us))
}

func joinQuoted(xs []string) string {
	out := ""
	for i, x := range xs {
		switch {
		case i == 0:
		case i == len(xs)-1:
			out += " and "
		default:
			out += ", "
		}
		out += "“" + x + "”"
	}
	return out
}
