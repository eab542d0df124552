// Package timeline follows a model over time: it replays the model's log
// (model.LogEntry, dated entries that add, change or retract findings) to
// give the findings in force and the beliefs on any date, the path of the
// intentions and outcomes over the log's dates, what changed between two
// dates and which entries caused it (by Shapley values over the entries),
// and the scores of the analyst's forecasts (Brier and log scores, and a
// calibration table).
//
// The package is pure: it imports no GUI, and every text it writes names
// nodes and states by their labels.
package timeline

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"brink/network"
	"brink/network/decision"
	"brink/network/jtree"
	"brink/network/model"
)

// ErrNoDate: a date that is not YYYY-MM-DD, or a range whose end is
// before its start.
var ErrNoDate = errors.New("timeline: bad date")

// Order returns the indices of log's entries in the order they take
// effect: by date, and entries of one date in the order the log gives
// them.
func Order(log []model.LogEntry) []int {
	idx := make([]int, len(log))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return log[idx[a]].Date < log[idx[b]].Date })
	return idx
}

// Dates returns the distinct dates of log's entries, earliest first.
func Dates(log []model.LogEntry) []string {
	var out []string
	for _, i := range Order(log) {
		if d := log[i].Date; len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}

// apply applies entry e to the findings fs (at most one per node) and
// returns the result, which may share fs's array.
func apply(fs []model.Finding, e model.LogEntry) []model.Finding {
	fs = slices.DeleteFunc(fs, func(f model.Finding) bool { return f.Node == e.Finding.Node })
	if !e.Retract {
		fs = append(fs, e.Finding)
	}
	return fs
}

// InForce returns the findings in force at the end of date: every entry
// dated on or before date applied in turn to no findings, each replacing
// the finding on its node or, for a retraction, removing it. An empty date
// means before the log: no findings.
func InForce(log []model.LogEntry, date string) []model.Finding {
	var fs []model.Finding
	if date == "" {
		return fs
	}
	for _, i := range Order(log) {
		if log[i].Date <= date {
			fs = apply(fs, log[i])
		}
	}
	return fs
}

// Between returns the indices of the entries dated after from and on or
// before to, in the order they take effect.
func Between(log []model.LogEntry, from, to string) []int {
	var out []int
	for _, i := range Order(log) {
		if d := log[i].Date; d > from && d <= to {
			out = append(out, i)
		}
	}
	return out
}

// Beliefs computes the beliefs under a set of findings: the posterior of
// every variable of the model's network, as the window and brinkctl query
// compute them (for a model with decisions, under the best policies,
// decision.BeliefNetwork). A Beliefs is not safe for concurrent use.
type Beliefs struct {
	m  *model.Model
	dg *decision.Diagram
	jt *jtree.JunctionTree
}

// NewBeliefs prepares the beliefs of m.
func NewBeliefs(m *model.Model) (*Beliefs, error) {
	b := &Beliefs{m: m}
	dg, err := decision.FromModel(m)
	switch {
	case errors.Is(err, decision.ErrNoDecisions):
	case err != nil:
		return nil, err
	default:
		b.dg = dg
	}
	if b.jt, err = jtree.Compile(m.Net, jtree.Options{}); err != nil {
		return nil, err
	}
	return b, nil
}

// Model returns the model the beliefs are about.
func (b *Beliefs) Model() *model.Model { return b.m }

// Evidence turns findings (by names) into evidence on the model's network.
func (b *Beliefs) Evidence(fs []model.Finding) (*network.Evidence, error) {
	ev := network.NewEvidence(b.m.Net)
	if err := b.m.AddFindings(ev, fs); err != nil {
		return nil, err
	}
	return ev, nil
}

// Query returns the posterior of every variable under the findings fs,
// each a fresh slice.
func (b *Beliefs) Query(fs []model.Finding) ([][]float64, error) {
	ev, err := b.Evidence(fs)
	if err != nil {
		return nil, err
	}
	return b.QueryEvidence(ev)
}

// QueryEvidence is Query for evidence on the model's network.
func (b *Beliefs) QueryEvidence(ev *network.Evidence) ([][]float64, error) {
	net := b.m.Net
	if b.dg != nil {
		pn, _, err := b.dg.BeliefNetwork(ev)
		if err != nil {
			return nil, err
		}
		net = pn
	}
	if b.jt.Network() != net {
		if err := b.jt.SetNetwork(net); err != nil {
			jt, cerr := jtree.Compile(net, jtree.Options{})
			if cerr != nil {
				return nil, cerr
			}
			b.jt = jt
		}
	}
	if err := b.jt.Propagate(ev); err != nil {
		return nil, err
	}
	out := make([][]float64, net.NumVariables())
	for v := range out {
		out[v] = slices.Clone(b.jt.Posterior(v))
	}
	return out, nil
}

// At returns the posterior of every variable on date: under the findings
// the log has in force at the end of that day (InForce).
func (b *Beliefs) At(date string) ([][]float64, error) {
	if date != "" {
		if _, err := model.ParseDate(date); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoDate, err)
		}
	}
	return b.Query(InForce(b.m.Log, date))
}
