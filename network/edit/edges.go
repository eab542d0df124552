package edit

import (
	"fmt"
	"slices"
	"strings"

	"brink/network/limits"
)

// AddEdge makes node parent a parent of node child, as its last parent.
// The child's rows are copied for every state of the new parent (the
// table does not depend on it until the analyst says how) and marked for
// review. An edge that is there already, a node as its own parent, an
// edge that would close a cycle (named, by labels) and a table larger
// than MaxTableEntries are refused.
func AddEdge(d Doc, parent, child int) (Doc, error) {
	if err := check(d, parent); err != nil {
		return Doc{}, err
	}
	if err := check(d, child); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	pn := dr.vars[parent].spec.Name
	if parent == child {
		return Doc{}, fmt.Errorf("edit: %s cannot be its own parent: %w", dr.label(child), ErrCycle)
	}
	if slices.Contains(dr.vars[child].spec.Parents, pn) {
		return Doc{}, fmt.Errorf("edit: %s is already a parent of %s: %w", dr.label(parent), dr.label(child), ErrName)
	}
	if path := dr.path(child, parent); path != nil {
		labels := make([]string, 0, len(path)+1)
		for _, i := range path {
			labels = append(labels, dr.label(i))
		}
		labels = append(labels, dr.label(child))
		return Doc{}, fmt.Errorf("edit: an edge from %s to %s would close the cycle %s: %w",
			dr.label(parent), dr.label(child), strings.Join(labels, " → "), ErrCycle)
	}
	card := len(dr.vars[parent].spec.States)
	if _, ok := limits.TableSize(len(dr.vars[child].spec.States), append(dr.cards(child), card), MaxTableEntries); !ok {
		return Doc{}, fmt.Errorf("edit: with %s as a parent, the table of %s would hold more than %s numbers: %w",
			dr.label(parent), dr.label(child), count(MaxTableEntries), ErrTooLarge)
	}
	dr.addParentRows(child, card)
	dr.vars[child].spec.Parents = append(dr.vars[child].spec.Parents, pn)
	dr.note("the rows of %s were copied for each state of %s, so it does not depend on it yet; set the rows marked for review", dr.label(child), dr.label(parent))
	return dr.build()
}

// RemoveEdge stops node child depending on node parent: each of the
// child's remaining configurations takes the average of its rows over the
// parent's states, marked for review.
func RemoveEdge(d Doc, parent, child int) (Doc, error) {
	if err := check(d, parent); err != nil {
		return Doc{}, err
	}
	if err := check(d, child); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	j := slices.Index(dr.vars[child].spec.Parents, dr.vars[parent].spec.Name)
	if j < 0 {
		return Doc{}, fmt.Errorf("edit: %s is not a parent of %s: %w", dr.label(parent), dr.label(child), ErrNoSuch)
	}
	dr.removeParentRows(child, j)
	dr.note("%s no longer depends on %s: its rows were averaged over the states of %s; check them", dr.label(child), dr.label(parent), dr.label(parent))
	return dr.build()
}

// MoveParent moves parent from of node child to index to among its
// parents, reordering the table's rows; the numbers are unchanged.
func MoveParent(d Doc, child, from, to int) (Doc, error) {
	if err := check(d, child); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	sp := &dr.vars[child].spec
	np := len(sp.Parents)
	if from < 0 || from >= np || to < 0 || to >= np {
		return Doc{}, fmt.Errorf("edit: %s has %d parents, not %d and %d: %w", dr.label(child), np, from, to, ErrNoSuch)
	}
	oldCards := dr.cards(child)
	oldSt := strides(oldCards)
	perm := make([]int, np) // perm[new] = old parent position
	for j := range perm {
		perm[j] = j
	}
	x := perm[from]
	perm = slices.Insert(slices.Delete(perm, from, from+1), to, x)
	newCards := make([]int, np)
	parents := make([]string, np)
	for j, o := range perm {
		newCards[j], parents[j] = oldCards[o], sp.Parents[o]
	}
	newSt := strides(newCards)
	k := len(sp.States)
	cpt := make([]float64, len(sp.CPT))
	review := map[int]bool{}
	for _, r := range dr.vars[child].node.Review {
		review[r] = true
	}
	var marks []int
	tuple := make([]int, np)
	for cfg := range len(sp.CPT) / k {
		decompose(cfg, newSt, newCards, tuple)
		old := 0
		for j, o := range perm {
			old += tuple[j] * oldSt[o]
		}
		copy(cpt[cfg*k:(cfg+1)*k], sp.CPT[old*k:(old+1)*k])
		if review[old] {
			marks = append(marks, cfg)
		}
	}
	dr.plain(child, "its parents were reordered")
	sp.CPT, sp.Parents = cpt, parents
	dr.vars[child].node.Review = nil
	dr.markReview(child, marks...)
	return dr.build()
}

// path returns a directed path from node a to node b (a first, b last),
// or nil when there is none.
func (dr *draft) path(a, b int) []int {
	children := make([][]int, len(dr.vars))
	for c, v := range dr.vars {
		for _, p := range v.spec.Parents {
			if i := dr.index(p); i >= 0 {
				children[i] = append(children[i], c)
			}
		}
	}
	prev := make([]int, len(dr.vars))
	for i := range prev {
		prev[i] = -2
	}
	prev[a] = -1
	queue := []int{a}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if u == b {
			var out []int
			for x := b; x != -1; x = prev[x] {
				out = append(out, x)
			}
			slices.Reverse(out)
			return out
		}
		for _, c := range children[u] {
			if prev[c] == -2 {
				prev[c] = u
				queue = append(queue, c)
			}
		}
	}
	return nil
}

// count writes n with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	out := ""
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += ","
		}
		out += string(r)
	}
	return out
}
