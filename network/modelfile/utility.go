package modelfile

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"brink/network"
	"brink/network/model"
)

// Utility nodes are [[utility]] tables (docs/model-format.md):
//
//	[[utility]]
//	id = "us_payoff"
//	label = "US payoff"
//	actor = "United States"
//	parents = ["outcome", "us_response"]
//	values = [ { given = { outcome = "fragile_balance", us_response = "hold" }, value = 10 }, … ]
//
// one value per parent configuration, in any order, each exactly once.

// utilities reads the [[utility]] tables once the network is known.
func (r *reader) utilities(ts []*tbl, n *network.Network, sourceIDs map[string]bool) []model.Utility {
	var out []model.Utility
	seen := map[string]int{}
	for k, t := range ts {
		u := model.Utility{ID: normal(t.str("id")), Label: t.str("label"), Description: t.str("description"),
			Actor: t.str("actor"), Rationale: t.str("rationale")}
		if u.ID == "" {
			r.errorf(t.path, ErrMissing, "utility %d needs an id", k+1)
		} else if err := network.CheckVariableName(u.ID); err != nil {
			r.errorf(t.path+".id", network.ErrBadName, "utility id %s", err)
		} else if _, clash := n.Index(u.ID); clash {
			r.errorf(t.path+".id", ErrDuplicate, "utility id %s is also a node's", q(u.ID))
		} else if j, dup := seen[u.ID]; dup {
			r.errorRef(t.path+".id", ts[j].path+".id", ErrDuplicate, "duplicate utility id %s", q(u.ID))
		}
		seen[u.ID] = k
		var pidx []int
		for j, p := range t.strs("parents") {
			p = normal(p)
			v, ok := n.Index(p)
			if !ok {
				r.errorf(fmt.Sprintf("%s.parents[%d]", t.path, j), network.ErrUnknownParent, "utility %s: unknown parent %s", q(u.ID), q(p))
				continue
			}
			if slices.Contains(u.Parents, p) {
				r.errorf(fmt.Sprintf("%s.parents[%d]", t.path, j), ErrDuplicate, "utility %s: parent %s listed twice", q(u.ID), q(p))
				continue
			}
			u.Parents = append(u.Parents, p)
			pidx = append(pidx, v)
		}
		if v, ok := t.get("position"); ok {
			if xy, ok := t.numbers("position", v); ok && len(xy) == 2 && finite(xy[0]) && finite(xy[1]) {
				u.Position = &model.Point{X: xy[0], Y: xy[1]}
			} else if ok {
				r.errorf(t.path+".position", ErrInvalid, "utility %s: position needs two finite numbers [x, y]", q(u.ID))
			}
		}
		u.Table = r.utilityValues(t, &u, n, pidx)
		for _, c := range t.tables("citation") {
			cite := model.Citation{Source: c.str("source"), Quote: c.str("quote")}
			c.end()
			if cite.Source != "" && !sourceIDs[cite.Source] {
				r.errorf(c.path+".source", ErrInvalid, "utility %s: citation of unknown source %q", q(u.ID), cite.Source)
			}
			u.Citations = append(u.Citations, cite)
		}
		t.end()
		out = append(out, u)
	}
	return out
}

// utilityValues reads values = [ { given, value } ] into a table over
// the parents' configurations.
func (r *reader) utilityValues(t *tbl, u *model.Utility, n *network.Network, pidx []int) []float64 {
	configs := 1
	for _, v := range pidx {
		configs *= n.Card(v)
	}
	table := make([]float64, configs)
	set := make([]bool, configs)
	for ri, vt := range t.tables("values") {
		cfg, ok := 0, true
		given := map[string]string{}
		if g := vt.table("given"); g != nil {
			for _, name := range sortedKeys(g.m) {
				str, isStr := g.m[name].(string)
				g.used++
				if !isStr {
					r.typeError(g.sub(name), g.subKey(name), "a state name", g.m[name])
					ok = false
					continue
				}
				given[normal(name)] = normal(str)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(given)) {
			if !slices.Contains(u.Parents, name) {
				r.errorf(vt.path+".given."+name, ErrInvalid, "utility %s, value %d: %s is not a parent (parents: %s)", q(u.ID), ri+1, q(name), list(u.Parents))
				ok = false
			}
		}
		for j, v := range pidx {
			st, has := given[n.Name(v)]
			if !has {
				r.errorf(vt.path, ErrMissing, "utility %s, value %d: given does not name parent %s", q(u.ID), ri+1, q(n.Name(v)))
				ok = false
				continue
			}
			s := n.Variable(v).StateIndex(st)
			if s < 0 {
				r.errorf(vt.path+".given."+n.Name(v), network.ErrUnknownState, "utility %s, value %d: parent %s has no state %s (states: %s)", q(u.ID), ri+1, q(n.Name(v)), q(st), list(n.Variable(v).States))
				ok = false
				continue
			}
			cfg = cfg*n.Card(v) + s
			_ = j
		}
		x, has := vt.number("value")
		vt.end()
		if !has {
			r.errorf(vt.path, ErrMissing, "utility %s, value %d has no value", q(u.ID), ri+1)
			continue
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			r.errorf(vt.path+".value", ErrInvalid, "utility %s, value %d: %v is not a finite number", q(u.ID), ri+1, x)
			continue
		}
		if !ok {
			continue
		}
		if set[cfg] {
			r.errorf(vt.path, ErrDuplicate, "utility %s: two values for one configuration of its parents (value %d)", q(u.ID), ri+1)
			continue
		}
		table[cfg], set[cfg] = x, true
	}
	if missing := slices.Index(set, false); missing >= 0 {
		var parts []string
		rem := missing
		states := make([]string, len(pidx))
		for j := len(pidx) - 1; j >= 0; j-- {
			c := n.Card(pidx[j])
			states[j] = n.Name(pidx[j]) + "=" + n.Variable(pidx[j]).States[rem%c]
			rem /= c
		}
		parts = append(parts, strings.Join(states, ", "))
		r.errorf(t.sub("values"), ErrMissingConfig, "utility %s: no value given %s", q(u.ID), parts[0])
	}
	return table
}

// utility writes one [[utility]] table.
func (e *encoder) utility(m *model.Model, u *model.Utility) {
	n := m.Net
	e.printf("\n[[utility]]\n")
	e.str("id", u.ID)
	e.str("label", u.Label)
	e.str("actor", u.Actor)
	e.strs("parents", u.Parents)
	if u.Position != nil {
		e.printf("position = [%s, %s]\n", num(u.Position.X), num(u.Position.Y))
	}
	e.str("description", u.Description)
	e.str("rationale", u.Rationale)
	pidx := make([]int, len(u.Parents))
	for j, p := range u.Parents {
		pidx[j], _ = n.Index(p)
	}
	e.printf("values = [\n")
	states := make([]int, len(pidx))
	for cfg, x := range u.Table {
		rem := cfg
		for j := len(pidx) - 1; j >= 0; j-- {
			c := n.Card(pidx[j])
			states[j] = rem % c
			rem /= c
		}
		parts := make([]string, len(pidx))
		for j, v := range pidx {
			parts[j] = tomlKey(n.Name(v)) + " = " + quote(n.Variable(v).States[states[j]])
		}
		if len(parts) > 0 {
			e.printf("  { given = { %s }, value = %s },\n", strings.Join(parts, ", "), num(x))
		} else {
			e.printf("  { value = %s },\n", num(x))
		}
	}
	e.printf("]\n")
	for _, c := range u.Citations {
		e.printf("\n[[utility.citation]]\n")
		e.str("source", c.Source)
		e.str("quote", c.Quote)
	}
}

// placeholder is the table of a decision node given without one: equal
// probabilities, which the policy replaces when the diagram is solved.
func (r *reader) placeholder(d *nodeDoc, docs []*nodeDoc, index map[string]int) []float64 {
	k := len(d.states)
	cards := make([]int, len(d.parents))
	for j, p := range d.parents {
		cards[j] = len(docs[index[p]].states)
	}
	if err := r.budget.Table(d.id, k, cards); err != nil {
		r.limitError(d.path+".parents", err)
		return nil
	}
	size := k
	for _, c := range cards {
		size *= c
	}
	t := make([]float64, size)
	for i := range t {
		t[i] = 1 / float64(k)
	}
	return t
}

// uniform reports whether a table gives every state the same
// probability in every row.
func uniform(t []float64, k int) bool {
	for _, p := range t {
		if math.Abs(p-1/float64(k)) > 1e-12 {
			return false
		}
	}
	return true
}
