package timeline

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"brink/network/analysis"
	"brink/network/model"
)

// MaxExact is the largest number of entries between two dates whose
// shares Changes computes exactly, over every coalition: 2^10 = 1024
// queries at most (fewer when entries touch the same node).
const MaxExact = 10

// Permutations is the number of random orders Changes samples beyond
// MaxExact entries.
const Permutations = 200

// Cause is one log entry's share of a change.
type Cause struct {
	Entry int // index into the model's log
	// Value is the entry's Shapley value: its share of the change of the
	// state's probability, a difference of probabilities.
	Value float64
	// StdErr is the standard error of a sampled Value, 0 when exact.
	StdErr float64
}

// Change is the change of one state's probability between two dates.
type Change struct {
	Node, State int
	From, To    float64
	// Causes holds every entry between the dates, largest share (in
	// magnitude) first.
	Causes []Cause
}

// Unexplained returns the part of the change the causes leave out: To −
// From − Σ Value, which is rounding (below 1e-12) when the values are
// exact or sampled, since Shapley values add up to the change.
func (c *Change) Unexplained() float64 {
	rest := c.To - c.From
	for _, k := range c.Causes {
		rest -= k.Value
	}
	return rest
}

// Changes is what changed between two dates.
type Changes struct {
	From, To string
	// Entries are the entries dated after From and on or before To, in
	// the order they take effect: the players.
	Entries []int
	// Changes holds one change per state of each briefing node, node by
	// node (model.Model.BriefingNodes).
	Changes []Change
	// Exact is true when every coalition of the entries was queried;
	// otherwise Permutations random orders were sampled.
	Exact        bool
	Permutations int
}

// ComputeChanges says how the beliefs in the briefing nodes changed
// between the end of day from and the end of day to, and shares each
// change among the log entries between them by the Shapley value (L. S.
// Shapley, "A value for n-person games", 1953). The entries are the
// players; a coalition S of them is worth the state's probability under
// the findings in force on from with the entries of S applied in their
// order,
//
//	v(S) = P(state | InForce(from) then S),   v(∅) = P on from,
//	v(all) = P on to,
//
// and entry i gets φ_i = Σ_{S ⊆ N∖{i}} |S|!·(n − |S| − 1)!/n! · [v(S ∪ {i}) − v(S)].
// The values add up to the change (efficiency): nothing is left
// unexplained but rounding. An entry that changes a finding a later entry
// of S replaces counts for nothing in that coalition, as it would in
// fact. Up to MaxExact entries every coalition is queried; beyond,
// Permutations random orders are sampled with a fixed seed (Castro,
// Gómez & Tejada, Computers & Operations Research 36, 2009), and each
// value has a standard error.
//
// An empty from means before the log. from after to is an error wrapping
// ErrNoDate.
func ComputeChanges(b *Beliefs, from, to string) (*Changes, error) {
	m := b.Model()
	for _, d := range []string{from, to} {
		if d == "" {
			continue
		}
		if _, err := model.ParseDate(d); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoDate, err)
		}
	}
	if from > to {
		return nil, fmt.Errorf("%w: %s is after %s", ErrNoDate, from, to)
	}
	nodes := m.BriefingNodes()
	base := InForce(m.Log, from)
	players := Between(m.Log, from, to)
	n := len(players)
	cache := map[uint64][]float64{}
	var cerr error
	// worth returns the beliefs in the briefing nodes' states, flattened,
	// for the coalition mask (bit k: players[k]); masks past 64 players
	// are not cached.
	worth := func(in []bool) []float64 {
		var key uint64
		cacheable := n <= 64
		if cacheable {
			for k, ok := range in {
				if ok {
					key |= 1 << k
				}
			}
			if x, ok := cache[key]; ok {
				return x
			}
		}
		fs := slices.Clone(base)
		for k, ok := range in {
			if ok {
				fs = apply(fs, m.Log[players[k]])
			}
		}
		all, err := b.Query(fs)
		var out []float64
		if err != nil {
			if cerr == nil {
				cerr = err
			}
		} else {
			for _, v := range nodes {
				out = append(out, all[v]...)
			}
		}
		if cacheable {
			cache[key] = out
		}
		return out
	}
	empty, full := make([]bool, n), make([]bool, n)
	for k := range full {
		full[k] = true
	}
	v0, vN := worth(empty), worth(full)
	if cerr != nil {
		return nil, cerr
	}
	width := len(v0)
	phi := make([][]float64, n) // phi[k][j]: player k, flattened state j
	se := make([][]float64, n)
	for k := range phi {
		phi[k], se[k] = make([]float64, width), make([]float64, width)
	}
	res := &Changes{From: from, To: to, Entries: players}
	in := make([]bool, n)
	if n <= MaxExact {
		res.Exact = true
		// weight[s] = s!(n−s−1)!/n!
		weight := make([]float64, n)
		for s := range weight {
			weight[s] = math.Exp(lgamma(s+1) + lgamma(n-s) - lgamma(n+1))
		}
		for mask := 0; mask < 1<<n; mask++ {
			size := 0
			for k := range in {
				in[k] = mask&(1<<k) != 0
				if in[k] {
					size++
				}
			}
			vs := worth(in)
			for k := range n {
				if in[k] {
					continue
				}
				in[k] = true
				vi := worth(in)
				in[k] = false
				if cerr != nil {
					return nil, cerr
				}
				for j := range width {
					phi[k][j] += weight[size] * (vi[j] - vs[j])
				}
			}
		}
	} else {
		res.Permutations = Permutations
		rng := rand.New(rand.NewPCG(1953, 17))
		sum2 := make([][]float64, n)
		for k := range sum2 {
			sum2[k] = make([]float64, width)
		}
		for range Permutations {
			clear(in)
			prev := v0
			for _, k := range rng.Perm(n) {
				in[k] = true
				cur := worth(in)
				if cerr != nil {
					return nil, cerr
				}
				for j := range width {
					d := cur[j] - prev[j]
					phi[k][j] += d
					sum2[k][j] += d * d
				}
				prev = cur
			}
		}
		mm := float64(Permutations)
		for k := range n {
			for j := range width {
				mean := phi[k][j] / mm
				variance := max(0, (sum2[k][j]-mm*mean*mean)/(mm-1))
				phi[k][j], se[k][j] = mean, math.Sqrt(variance/mm)
			}
		}
	}
	j := 0
	for _, v := range nodes {
		for s := range m.Net.Card(v) {
			c := Change{Node: v, State: s, From: v0[j], To: vN[j]}
			for k, e := range players {
				val := phi[k][j]
				if math.Abs(val) < 1e-12 {
					val = 0
				}
				c.Causes = append(c.Causes, Cause{Entry: e, Value: val, StdErr: se[k][j]})
			}
			slices.SortStableFunc(c.Causes, func(a, b Cause) int {
				switch x, y := math.Abs(a.Value), math.Abs(b.Value); {
				case x > y:
					return -1
				case x < y:
					return 1
				}
				return 0
			})
			res.Changes = append(res.Changes, c)
			j++
		}
	}
	return res, nil
}

func lgamma(n int) float64 {
	x, _ := math.Lgamma(float64(n))
	return x
}

// Biggest returns the changes sorted by the size of the move, largest
// first, keeping those of at least minMove (a probability difference).
// Of a two-state node only the state that rose is kept: the other fell
// by as much, for the same reasons.
func (cs *Changes) Biggest(minMove float64) []Change {
	var out []Change
	for k, c := range cs.Changes {
		if math.Abs(c.To-c.From) < minMove {
			continue
		}
		if k+1 < len(cs.Changes) && cs.Changes[k+1].Node == c.Node && c.State == 0 && c.To < c.From &&
			(k+2 == len(cs.Changes) || cs.Changes[k+2].Node != c.Node) {
			continue // the first of two states, which fell
		}
		if c.State == 1 && k >= 1 && cs.Changes[k-1].Node == c.Node && (k+1 == len(cs.Changes) || cs.Changes[k+1].Node != c.Node) && c.To < c.From {
			continue // the second of two states, which fell
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		switch x, y := math.Abs(a.To-a.From), math.Abs(b.To-b.From); {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	return out
}

// StateText names a state for people: "Escalate (Iran's intention)".
func StateText(m *model.Model, v, s int) string {
	return m.StateLabel(v, s) + " (" + m.Label(v) + ")"
}

// CauseText describes a cause for people: "14 Dec 2026, Iran protests =
// Widespread (▲ +8.2 pp)".
func CauseText(m *model.Model, c Cause) string {
	return model.DateText(m.Log[c.Entry].Date) + ", " + EntryText(m, c.Entry) + " (" + analysis.Delta(c.Value) + ")"
}

// ChangeText says a change and its main causes in words: "Escalate
// (Iran's intention) rose from 20.1% to 31.4% (▲ +11 pp), from unlikely
// to unlikely; mostly from 14 Dec 2026, Iran protests = Widespread (▲
// +8.2 pp). Partly offset by …". The causes named are the largest in the
// change's direction until they make up four fifths of it (three at
// most), and the largest against it when it is at least a tenth of the
// change.
func ChangeText(m *model.Model, c Change) string {
	d := c.To - c.From
	what := StateText(m, c.Node, c.State)
	if math.Abs(d) < 0.0005 {
		return what + " stayed at " + analysis.Percent(c.To) + "."
	}
	verb := "rose"
	if d < 0 {
		verb = "fell"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s from %s to %s (%s)", what, verb, analysis.Percent(c.From), analysis.Percent(c.To), analysis.Delta(d))
	if from, to := analysis.Term(c.From), analysis.Term(c.To); from != to && from != "" && to != "" {
		fmt.Fprintf(&b, ", from %s to %s", from, to)
	}
	var with, against []string
	got := 0.0
	var worst *Cause
	for i := range c.Causes {
		k := c.Causes[i]
		if k.Value*d > 0 && len(with) < 3 && math.Abs(got) < 0.8*math.Abs(d) {
			with = append(with, CauseText(m, k))
			got += k.Value
		}
		if k.Value*d < 0 && worst == nil {
			worst = &c.Causes[i]
		}
	}
	if worst != nil && math.Abs(worst.Value) >= 0.1*math.Abs(d) {
		against = append(against, CauseText(m, *worst))
	}
	switch {
	case len(with) == 0:
	case math.Abs(got) >= 0.8*math.Abs(d):
		b.WriteString("; mostly from " + strings.Join(with, "; "))
	default:
		b.WriteString("; partly from " + strings.Join(with, "; "))
	}
	if len(against) > 0 {
		b.WriteString("; offset in part by " + against[0])
	}
	b.WriteString(".")
	return b.String()
}
