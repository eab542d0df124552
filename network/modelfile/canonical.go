package modelfile

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"brink/network"
	"brink/network/canonical"
	"brink/network/limits"
	"brink/network/model"
)

// A node's table may be given by the parameters of a canonical model, in
// a sub-table of the node instead of cpt (docs/model-format.md):
//
//	[node.noisy_or]       link = { parent = p, … }, leak = p0, absent, parent_absent
//	[node.noisy_max]      cause = [ { parent, state, p = […] }, … ], leak = […], absent, parent_absent
//	[node.ranked]         function, weights = { parent = w, … } or min_weight/max_weight, variance
//	[node.deterministic]  outcome = [ { given = { … }, state }, … ]
//
// The reader expands the parameters into the network's table and keeps
// them as model.Node.Canonical; the writer writes them back as they were
// read.
var canonicalKeys = []struct {
	key  string
	kind model.CanonicalKind
}{
	{"noisy_or", model.NoisyOR}, {"noisy_max", model.NoisyMAX}, {"ranked", model.Ranked}, {"deterministic", model.Deterministic},
}

func canonicalKey(kind model.CanonicalKind) string {
	for _, c := range canonicalKeys {
		if c.kind == kind {
			return c.key
		}
	}
	return ""
}

// readCanonical takes the node's canonical sub-table, if any.
func (r *reader) readCanonical(t *tbl, d *nodeDoc) {
	for _, c := range canonicalKeys {
		if ct := t.table(c.key); ct != nil {
			if d.canon != nil {
				r.errorf(ct.path, ErrInvalid, "node %s: two canonical models (%s and %s); give one", q(d.raw), d.canonKey, c.key)
				continue
			}
			d.canon, d.canonKey, d.canonKind = ct, c.key, c.kind
		}
	}
}

// canonical expands node d's canonical model into its table.
func (r *reader) canonical(d *nodeDoc, docs []*nodeDoc, index map[string]int) []float64 {
	t := d.canon
	k := len(d.states)
	pdocs := make([]*nodeDoc, len(d.parents))
	cards := make([]int, len(d.parents))
	parentAt := make(map[string]int, len(d.parents))
	for j, p := range d.parents {
		pdocs[j] = docs[index[p]]
		cards[j] = len(pdocs[j].states)
		parentAt[p] = j
	}
	if len(d.rows) > 0 {
		r.errorf(t.path, ErrInvalid, "node %s has both a cpt and %s parameters; give one", q(d.id), d.canonKey)
		return nil
	}
	if _, ok := limits.TableSize(k, cards, r.lim.TableEntries); !ok {
		if err := r.budget.Table(d.id, k, cards); err != nil {
			r.limitError(d.path+".parents", err)
		}
		return nil
	}
	errsBefore := r.c.Len()
	c := &model.Canonical{Kind: d.canonKind}
	state := func(path, what string, s string, states []string) int {
		i := slices.Index(states, normal(s))
		if i < 0 {
			r.errorf(path, network.ErrUnknownState, "node %s: %s %s is not a state (states: %s)", q(d.id), what, q(s), list(states))
		}
		return i
	}
	// byParent reads a table keyed by parent name, one entry per parent.
	byParent := func(key string, each func(j int, v any, path string)) bool {
		v, ok := t.get(key)
		if !ok {
			return false
		}
		m, ok := v.(map[string]any)
		if !ok {
			r.typeError(t.sub(key), t.subKey(key), "a table of parents", v)
			return true
		}
		for _, name := range sortedKeys(m) {
			j, isParent := parentAt[normal(name)]
			if !isParent {
				r.errorf(t.sub(key)+"."+name, ErrInvalid, "node %s: %s is not a parent (parents: %s)", q(d.id), q(name), list(d.parents))
				continue
			}
			each(j, m[name], t.sub(key)+"."+name)
		}
		return true
	}
	switch d.canonKind {
	case model.NoisyOR, model.NoisyMAX:
		c.Absent = k - 1
		if s, ok := t.get("absent"); ok {
			if str, isStr := s.(string); isStr {
				c.Absent = state(t.sub("absent"), "absent state", str, d.states)
			} else {
				r.typeError(t.sub("absent"), t.subKey("absent"), "a state name", s)
			}
		}
		c.ParentAbsent = make([]int, len(cards))
		for j, card := range cards {
			c.ParentAbsent[j] = card - 1
		}
		byParent("parent_absent", func(j int, v any, path string) {
			if str, ok := v.(string); ok {
				c.ParentAbsent[j] = state(path, "absent state of parent "+q(d.parents[j])+",", str, pdocs[j].states)
			} else {
				r.typeError(path, t.subKey("parent_absent"), "a state name", v)
			}
		})
		c.Causes = make([][][]float64, len(cards))
		for j, card := range cards {
			c.Causes[j] = make([][]float64, card)
		}
		if r.c.Len() > errsBefore {
			return nil
		}
		if d.canonKind == model.NoisyOR {
			r.noisyOR(t, d, c, byParent)
		} else {
			r.noisyMAX(t, d, c, pdocs, parentAt, state)
		}
	case model.Ranked:
		c.Function = t.str("function")
		if _, ok := model.RankedFunctions[c.Function]; !ok {
			r.errorf(t.sub("function"), ErrInvalid, "node %s: ranked function %q is not one of wmean, wmin, wmax, mixminmax", q(d.id), c.Function)
		}
		if byParent("weights", func(j int, v any, path string) {
			if c.Weights == nil {
				c.Weights = make([]float64, len(cards))
				for i := range c.Weights {
					c.Weights[i] = math.NaN() // not given
				}
			}
			w, ok := toFloat(v)
			if !ok {
				r.typeError(path, t.subKey("weights"), "a number", v)
			}
			c.Weights[j] = w
		}) {
			for j, w := range c.Weights {
				if math.IsNaN(w) {
					r.errorf(t.sub("weights"), ErrMissing, "node %s: no weight for parent %s", q(d.id), q(d.parents[j]))
				}
			}
		}
		c.MinWeight, _ = t.number("min_weight")
		c.MaxWeight, _ = t.number("max_weight")
		c.Variance, _ = t.number("variance")
	case model.Deterministic:
		r.deterministic(t, d, c, pdocs, parentAt, cards, state)
	}
	t.end()
	if r.c.Len() > errsBefore {
		return nil
	}
	table, err := c.Table(k, cards, max(r.lim.TableEntries, 0))
	if err != nil {
		var list canonical.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				r.errorf(t.path, ErrInvalid, "node %s: %s: %v%s", q(d.id), paramText(e.Param, d, pdocs), e.Err, detail(e.Detail))
			}
			return nil
		}
		r.errorf(t.path, ErrInvalid, "node %s: %s", q(d.id), strings.TrimPrefix(err.Error(), "model: "))
		return nil
	}
	if err := r.budget.Table(d.id, k, cards); err != nil {
		r.limitError(t.path, err)
		return nil
	}
	d.node.Canonical = c
	return table
}

var (
	causeParam  = regexp.MustCompile(`^Causes\[(\d+)\]\.Given\[(\d+)\]`)
	weightParam = regexp.MustCompile(`^Weights\[(\d+)\]`)
)

// paramText names a parameter of the canonical package's errors as the
// file writes it: "Causes[1].Given[0]" is the cause of the second parent
// in its first state.
func paramText(param string, d *nodeDoc, pdocs []*nodeDoc) string {
	if m := causeParam.FindStringSubmatch(param); m != nil {
		j, _ := strconv.Atoi(m[1])
		s, _ := strconv.Atoi(m[2])
		if j < len(pdocs) && s < len(pdocs[j].states) {
			return fmt.Sprintf("the cause %s = %s", d.parents[j], pdocs[j].states[s])
		}
	}
	if m := weightParam.FindStringSubmatch(param); m != nil {
		j, _ := strconv.Atoi(m[1])
		if j < len(d.parents) {
			return "the weight of " + d.parents[j]
		}
	}
	switch {
	case strings.HasPrefix(param, "Leak"):
		return "the leak"
	case param == "Variance":
		return "the variance"
	case param == "MinWeight" || param == "MaxWeight":
		return "min_weight and max_weight"
	case param == "":
		return d.canonKey
	}
	return param
}

func detail(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// noisyOR reads link = { parent = p } and leak = p0 of a noisy-OR node.
func (r *reader) noisyOR(t *tbl, d *nodeDoc, c *model.Canonical, byParent func(string, func(int, any, string)) bool) {
	k := len(d.states)
	if k != 2 {
		r.errorf(t.path, ErrInvalid, "node %s: a noisy-OR node needs two states, not %d", q(d.id), k)
		return
	}
	present := 1 - c.Absent
	dist := func(p float64) []float64 {
		out := make([]float64, 2)
		out[present], out[c.Absent] = p, 1-p
		return out
	}
	given := make([]bool, len(d.parents))
	byParent("link", func(j int, v any, path string) {
		p, ok := toFloat(v)
		if !ok {
			r.typeError(path, t.subKey("link"), "a probability", v)
			return
		}
		given[j] = true
		if len(c.Causes[j]) != 2 {
			r.errorf(path, ErrInvalid, "node %s: noisy-OR parent %s needs two states", q(d.id), q(d.parents[j]))
			return
		}
		c.Causes[j][1-c.ParentAbsent[j]] = dist(p)
	})
	for j, ok := range given {
		if !ok {
			r.errorf(t.sub("link"), ErrMissing, "node %s: no link probability for parent %s", q(d.id), q(d.parents[j]))
		}
	}
	if p, ok := t.number("leak"); ok {
		c.Leak = dist(p)
	}
}

// noisyMAX reads cause = [ { parent, state, p } ] and leak = [ … ].
func (r *reader) noisyMAX(t *tbl, d *nodeDoc, c *model.Canonical, pdocs []*nodeDoc, parentAt map[string]int, state func(string, string, string, []string) int) {
	for _, ct := range t.tables("cause") {
		name := ct.str("parent")
		j, ok := parentAt[normal(name)]
		if !ok {
			r.errorf(ct.sub("parent"), ErrInvalid, "node %s: cause of %s, which is not a parent (parents: %s)", q(d.id), q(name), list(d.parents))
			ct.end()
			continue
		}
		s := state(ct.sub("state"), "cause state of parent "+q(name)+",", ct.str("state"), pdocs[j].states)
		pv, has := ct.get("p")
		ct.end()
		if s < 0 {
			continue
		}
		if !has {
			r.errorf(ct.path, ErrMissing, "node %s: cause %s = %s has no p", q(d.id), q(name), q(pdocs[j].states[s]))
			continue
		}
		p, ok := ct.numbers("p", pv)
		if !ok {
			continue
		}
		if c.Causes[j][s] != nil {
			r.errorf(ct.path, ErrDuplicate, "node %s: two causes for %s = %s", q(d.id), q(name), q(pdocs[j].states[s]))
			continue
		}
		if s == c.ParentAbsent[j] {
			r.errorf(ct.path, ErrInvalid, "node %s: %s = %s is the parent's absent state, which causes nothing", q(d.id), q(name), q(pdocs[j].states[s]))
			continue
		}
		c.Causes[j][s] = p
	}
	for j, rows := range c.Causes {
		for s, row := range rows {
			if row == nil && s != c.ParentAbsent[j] {
				r.errorf(t.sub("cause"), ErrMissing, "node %s: no cause for %s = %s", q(d.id), q(d.parents[j]), q(pdocs[j].states[s]))
			}
		}
	}
	if v, ok := t.get("leak"); ok {
		if p, ok := t.numbers("leak", v); ok {
			c.Leak = p
		}
	}
}

// deterministic reads outcome = [ { given = { … }, state } ].
func (r *reader) deterministic(t *tbl, d *nodeDoc, c *model.Canonical, pdocs []*nodeDoc, parentAt map[string]int, cards []int, state func(string, string, string, []string) int) {
	configs := 1
	for _, x := range cards {
		configs *= x
	}
	c.Outcome = make([]int, configs)
	for i := range c.Outcome {
		c.Outcome[i] = -1
	}
	sidx := make([]int, len(cards))
	for ri, ot := range t.tables("outcome") {
		for j := range sidx {
			sidx[j] = -1
		}
		if g := ot.table("given"); g != nil {
			for _, name := range sortedKeys(g.m) {
				j, ok := parentAt[normal(name)]
				str, isStr := g.m[name].(string)
				g.used++
				if !ok || !isStr {
					r.errorf(g.sub(name), ErrInvalid, "node %s, outcome %d: %s is not a parent's state", q(d.id), ri+1, q(name))
					continue
				}
				sidx[j] = state(g.sub(name), "state of parent "+q(name)+",", str, pdocs[j].states)
			}
		}
		s := state(ot.sub("state"), "outcome", ot.str("state"), d.states)
		ot.end()
		cfg := 0
		ok := s >= 0
		for j, x := range sidx {
			if x < 0 {
				ok = false
				break
			}
			cfg = cfg*cards[j] + x
		}
		if !ok {
			continue
		}
		if c.Outcome[cfg] >= 0 {
			r.errorf(ot.path, ErrDuplicate, "node %s: two outcomes%s", q(d.id), configText(d, pdocs, cards, cfg))
			continue
		}
		c.Outcome[cfg] = s
	}
	if missing := slices.Index(c.Outcome, -1); missing >= 0 {
		r.errorf(t.sub("outcome"), ErrMissingConfig, "node %s: no outcome%s", q(d.id), configText(d, pdocs, cards, missing))
	}
}

// canonical writes node v's canonical model as its sub-table.
func (e *encoder) canonical(n *network.Network, v int, c *model.Canonical) {
	vr := n.Variable(v)
	ps := n.Parents(v)
	e.printf("\n[node.%s]\n", canonicalKey(c.Kind))
	switch c.Kind {
	case model.NoisyOR, model.NoisyMAX:
		e.str("absent", vr.States[c.Absent])
		var pa []string
		for j, p := range ps {
			pa = append(pa, tomlKey(n.Name(p))+" = "+quote(n.Variable(p).States[c.ParentAbsent[j]]))
		}
		if len(pa) > 0 {
			e.printf("parent_absent = { %s }\n", strings.Join(pa, ", "))
		}
		if c.Kind == model.NoisyOR {
			present := 1 - c.Absent
			var links []string
			for j, p := range ps {
				links = append(links, tomlKey(n.Name(p))+" = "+num(c.Causes[j][1-c.ParentAbsent[j]][present]))
			}
			if len(links) > 0 {
				e.printf("link = { %s }\n", strings.Join(links, ", "))
			}
			if c.Leak != nil {
				e.printf("leak = %s\n", num(c.Leak[present]))
			}
			return
		}
		if c.Leak != nil {
			e.printf("leak = [%s]\n", nums(c.Leak))
		}
		e.printf("cause = [\n")
		for j, p := range ps {
			for s, row := range c.Causes[j] {
				if row == nil || s == c.ParentAbsent[j] {
					continue
				}
				e.printf("  { parent = %s, state = %s, p = [%s] },\n", quote(n.Name(p)), quote(n.Variable(p).States[s]), nums(row))
			}
		}
		e.printf("]\n")
	case model.Ranked:
		e.str("function", c.Function)
		if len(c.Weights) > 0 {
			var ws []string
			for j, p := range ps {
				ws = append(ws, tomlKey(n.Name(p))+" = "+num(c.Weights[j]))
			}
			e.printf("weights = { %s }\n", strings.Join(ws, ", "))
		}
		if c.MinWeight != 0 || c.MaxWeight != 0 {
			e.printf("min_weight = %s\nmax_weight = %s\n", num(c.MinWeight), num(c.MaxWeight))
		}
		e.printf("variance = %s\n", num(c.Variance))
	case model.Deterministic:
		e.printf("outcome = [\n")
		var states []int
		for cfg, s := range c.Outcome {
			states = n.ParentStates(v, cfg, states)
			parts := make([]string, len(ps))
			for i, p := range ps {
				parts[i] = tomlKey(n.Name(p)) + " = " + quote(n.Variable(p).States[states[i]])
			}
			e.printf("  { given = { %s }, state = %s },\n", strings.Join(parts, ", "), quote(vr.States[s]))
		}
		e.printf("]\n")
	}
}

// checkCanonical reports when node v's canonical parameters do not give
// its table.
func checkCanonical(n *network.Network, v int, c *model.Canonical) error {
	cards := make([]int, len(n.Parents(v)))
	for j, p := range n.Parents(v) {
		cards[j] = n.Card(p)
	}
	t, err := c.Table(n.Card(v), cards, -1)
	if err != nil {
		return err
	}
	want := n.CPT(v)
	if len(t) != len(want) {
		return fmt.Errorf("its %s parameters give a table of %d numbers, not %d", canonicalKey(c.Kind), len(t), len(want))
	}
	for i := range t {
		if math.Abs(t[i]-want[i]) > 1e-9 {
			return fmt.Errorf("its table differs from what its %s parameters give (entry %d: %v, not %v)", canonicalKey(c.Kind), i, want[i], t[i])
		}
	}
	return nil
}
