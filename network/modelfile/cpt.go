package modelfile

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/limits"
)

// cpt assembles the flat CPT of node d from its rows, each keyed by parent
// states, checking every row and that every parent configuration is given
// once. It allocates for the table only once the rows are all there and
// the table fits the budget: a file of one row cannot make it allocate
// for 2²³ configurations. Row by row the cost is linear in the rows and
// their entries.
func (r *reader) cpt(d *nodeDoc, docs []*nodeDoc, index map[string]int) []float64 {
	k := len(d.states)
	pdocs := make([]*nodeDoc, len(d.parents))
	cards := make([]int, len(d.parents))
	parentAt := make(map[string]int, len(d.parents))
	for j, p := range d.parents {
		pdocs[j] = docs[index[p]]
		cards[j] = len(pdocs[j].states)
		parentAt[p] = j
	}
	size, ok := limits.TableSize(k, cards, r.lim.TableEntries)
	if !ok {
		if err := r.budget.Table(d.id, k, cards); err != nil { // it is not nil
			r.limitError(d.path+".parents", err)
		}
		return nil
	}
	if len(d.rows) == 0 {
		r.errorf(d.path, ErrMissing, "node %s has no cpt", q(d.id))
		return nil
	}
	configs := size / k
	errsBefore := r.c.Len()
	got := make([]cfgRow, 0, min(len(d.rows), configs))
	vals := make([]float64, 0, min(len(d.rows), configs)*k)
	sidx := make([]int, len(d.parents))
	row := make([]float64, k)
	for ri, rv := range d.rows {
		rpath := func() string { return fmt.Sprintf("%s.cpt[%d]", d.path, ri) }
		rm, ok := rv.(map[string]any)
		if !ok {
			r.typeError(rpath(), "node.cpt", "a row { given = { ... }, p = [ ... ] }", rv)
			continue
		}
		used := 0
		ok = true
		for j := range sidx {
			sidx[j] = -1
		}
		if gv, has := rm["given"]; has {
			used++
			gm, isMap := gv.(map[string]any)
			if !isMap {
				r.typeError(rpath()+".given", "node.cpt.given", "a table of parent states", gv)
				continue
			}
			for g, sv := range gm {
				j, isParent := parentAt[normal(g)]
				if !isParent {
					r.errorf(rpath()+".given."+g, ErrInvalid, "node %s, cpt row %d: %s is not a parent (parents: %s)", q(d.id), ri+1, q(g), list(d.parents))
					ok = false
					continue
				}
				st, isStr := sv.(string)
				if !isStr {
					r.typeError(rpath()+".given."+g, "node.cpt.given."+g, "a state name", sv)
					ok = false
					continue
				}
				if sidx[j] >= 0 {
					r.errorf(rpath()+".given."+g, ErrDuplicate, "node %s, cpt row %d: parent %s given twice", q(d.id), ri+1, q(d.parents[j]))
					ok = false
					continue
				}
				s := pdocs[j].stateIndex(normal(st))
				if s < 0 {
					r.errorf(rpath()+".given."+g, network.ErrUnknownState, "node %s, cpt row %d: parent %s has no state %s (states: %s)",
						q(d.id), ri+1, q(d.parents[j]), q(st), list(pdocs[j].states))
					ok = false
					s = len(pdocs[j].states) // given, though wrongly
				}
				sidx[j] = s
			}
		}
		for j, s := range sidx {
			if s < 0 {
				r.errorf(rpath(), ErrMissing, "node %s, cpt row %d: given does not name parent %s", q(d.id), ri+1, q(d.parents[j]))
				ok = false
			}
		}
		pv, has := rm["p"]
		if has {
			used++
		}
		review := false
		if rev, there := rm["review"]; there {
			used++
			b, isBool := rev.(bool)
			if !isBool {
				r.typeError(rpath()+".review", "node.cpt.review", "true or false", rev)
				ok = false
			}
			review = b
		}
		if used < len(rm) {
			for _, key := range sortedKeys(rm) {
				if key != "given" && key != "p" && key != "review" {
					r.errorf(rpath()+"."+key, ErrUnknownKey, "unknown key %q in node %s, cpt row %d (want given, p, review)", "node.cpt."+tomlKey(key), q(d.id), ri+1)
				}
			}
			ok = false
		}
		if !ok {
			continue
		}
		cfg := 0
		for j, s := range sidx {
			cfg = cfg*cards[j] + s
		}
		cfgText := func() string { return configText(d, pdocs, cards, cfg) }
		got = append(got, cfgRow{cfg: cfg, row: ri, off: -1})
		if review {
			d.node.Review = append(d.node.Review, cfg)
		}
		if !has {
			r.errorf(rpath(), ErrMissing, "node %s%s: row has no p", q(d.id), cfgText())
			continue
		}
		ps, isArr := pv.([]any)
		if !isArr {
			r.typeError(rpath()+".p", "node.cpt.p", "an array of probabilities", pv)
			continue
		}
		if len(ps) != k {
			r.errorf(rpath()+".p", network.ErrCPTShape, "node %s%s: %d probabilities for %d states (%s)",
				q(d.id), cfgText(), len(ps), k, list(d.states))
			continue
		}
		bad := false
		for s, x := range ps {
			f, isNum := toFloat(x)
			if !isNum {
				r.typeError(fmt.Sprintf("%s.p[%d]", rpath(), s), "node.cpt.p", "a number", x)
				bad = true
				continue
			}
			row[s] = f
		}
		if bad {
			continue
		}
		check := network.CheckRow(row)
		if check.Bad >= 0 {
			for s, p := range row {
				if p < 0 || !finite(p) {
					r.errorf(fmt.Sprintf("%s.p[%d]", rpath(), s), network.ErrCPTNegative, "node %s%s: P(%s) = %v is not a probability",
						q(d.id), cfgText(), d.states[s], p)
				}
			}
			continue
		}
		if !check.Acceptable {
			r.errorf(rpath()+".p", network.ErrCPTSum, "node %s%s: probabilities sum to %s, off by %+.3g",
				q(d.id), cfgText(), strconv.FormatFloat(check.Sum, 'g', 10, 64), check.Sum-1)
			continue
		}
		got[len(got)-1].off = len(vals)
		vals = append(vals, row...)
	}
	// Rows in order of configuration, each configuration's rows in file
	// order: duplicates are neighbours.
	slices.SortStableFunc(got, func(a, b cfgRow) int { return cmp.Compare(a.cfg, b.cfg) })
	distinct := 0
	for x, g := range got {
		if x > 0 && got[x-1].cfg == g.cfg {
			first := x - 1
			for first > 0 && got[first-1].cfg == g.cfg {
				first--
			}
			r.errorf(fmt.Sprintf("%s.cpt[%d]", d.path, g.row), ErrDuplicate, "node %s: two rows%s (rows %d and %d)",
				q(d.id), configText(d, pdocs, cards, g.cfg), got[first].row+1, g.row+1)
			continue
		}
		distinct++
	}
	if r.c.Len() > errsBefore {
		return nil // a bad row also leaves its configuration unfilled; report it once
	}
	if missing := configs - distinct; missing > 0 {
		r.errorf(d.path+".cpt", ErrMissingConfig, "node %s: %s", q(d.id), missingText(d, pdocs, cards, configs, missing, got))
		return nil
	}
	if err := r.budget.Table(d.id, k, cards); err != nil {
		r.limitError(d.path+".cpt", err)
		return nil
	}
	table := make([]float64, size)
	for _, g := range got {
		copy(table[g.cfg*k:(g.cfg+1)*k], vals[g.off:g.off+k])
	}
	slices.Sort(d.node.Review)
	return table
}

// cfgRow is a CPT row as read: its parent configuration, its row number
// and the offset of its probabilities among those kept (-1 for a bad row).
type cfgRow struct{ cfg, row, off int }

// shownMissing is how many missing parent configurations a message lists.
const shownMissing = 4

// missingText describes the parent configurations without a row, listing
// the first few: it walks the gaps between the configurations given, so it
// costs the rows given, not the configurations missing.
func missingText(d *nodeDoc, pdocs []*nodeDoc, cards []int, configs, missing int, got []cfgRow) string {
	var shown []string
	next := 0 // index into got, sorted by configuration
	for cfg := 0; cfg < configs && len(shown) < shownMissing; cfg++ {
		for next < len(got) && got[next].cfg < cfg {
			next++
		}
		if next < len(got) && got[next].cfg == cfg {
			continue
		}
		shown = append(shown, strings.TrimPrefix(configText(d, pdocs, cards, cfg), " given "))
	}
	switch {
	case missing == 1:
		return "no cpt row for " + shown[0]
	case missing <= shownMissing:
		return fmt.Sprintf("%d parent configurations have no row: %s", missing, strings.Join(shown, "; "))
	}
	return fmt.Sprintf("%d parent configurations have no row, e.g. %s; and %d more", missing, strings.Join(shown, "; "), missing-len(shown))
}

// configText renders a parent configuration for messages, " given a=x,
// b=y" in parent order, or "" for a root.
func configText(d *nodeDoc, pdocs []*nodeDoc, cards []int, cfg int) string {
	if len(d.parents) == 0 {
		return ""
	}
	parts := make([]string, len(d.parents))
	for j := len(d.parents) - 1; j >= 0; j-- {
		s := cfg % cards[j]
		cfg /= cards[j]
		parts[j] = d.parents[j] + "=" + pdocs[j].states[s]
	}
	return " given " + strings.Join(parts, ", ")
}

// list joins names for a message, at most a dozen.
func list(names []string) string {
	const most = 12
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(", … (%d in all)", len(names))
}
