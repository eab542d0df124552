package timeline

import (
	"fmt"

	"brink/network"
	"brink/network/model"
)

// Point is the beliefs on one date of a path.
type Point struct {
	// Date is YYYY-MM-DD. The first point of a path is the start, before
	// any entry takes effect.
	Date string
	// Entries are the indices (into the model's log) of the entries that
	// take effect on Date, in order; none for the start.
	Entries []int
	// P holds the posterior of each of the path's nodes after the
	// entries, P[k][s] for node Path.Nodes[k] and its state s.
	P [][]float64
}

// Path is the beliefs in the intentions and outcomes over the log's
// dates: a step at each date with entries.
type Path struct {
	// Nodes are the variables followed: the model's briefing nodes
	// (model.Model.BriefingNodes), intentions then outcomes.
	Nodes []int
	// Points holds the start, dated the model's as-of date (or the first
	// entry's date, when that is earlier or the model has none), with no
	// findings, then one point per date of the log.
	Points []Point
}

// StartDate returns the date a path of m starts on: m's as-of date, or the
// first entry's date when that is earlier or m has no as-of date; "" when
// m has neither.
func StartDate(m *model.Model) string {
	dates := Dates(m.Log)
	start := m.AsOf
	if len(dates) > 0 && (start == "" || dates[0] < start) {
		start = dates[0]
	}
	return start
}

// ComputePath returns the path of b's model: the beliefs in its briefing
// nodes at the start and at the end of each date of its log.
func ComputePath(b *Beliefs) (*Path, error) {
	m := b.Model()
	p := &Path{Nodes: m.BriefingNodes()}
	pick := func(all [][]float64) [][]float64 {
		out := make([][]float64, len(p.Nodes))
		for k, v := range p.Nodes {
			out[k] = all[v]
		}
		return out
	}
	all, err := b.Query(nil)
	if err != nil {
		return nil, err
	}
	p.Points = append(p.Points, Point{Date: StartDate(m), P: pick(all)})
	order := Order(m.Log)
	var fs []model.Finding
	for k := 0; k < len(order); {
		date := m.Log[order[k]].Date
		pt := Point{Date: date}
		for ; k < len(order) && m.Log[order[k]].Date == date; k++ {
			fs = apply(fs, m.Log[order[k]])
			pt.Entries = append(pt.Entries, order[k])
		}
		all, err := b.Query(fs)
		if err != nil {
			return nil, fmt.Errorf("timeline: the findings in force on %s: %w", model.DateText(date), err)
		}
		pt.P = pick(all)
		p.Points = append(p.Points, pt)
	}
	return p, nil
}

// EntryText describes log entry i of m for people, in labels: "Iran
// protests = Widespread", "Iran protests: finding retracted".
func EntryText(m *model.Model, i int) string {
	e := m.Log[i]
	f := e.Finding
	v, ok := m.Net.Index(f.Node)
	if !ok {
		return f.Node + " (no such node)"
	}
	if e.Retract {
		return m.Label(v) + ": finding retracted"
	}
	ev := network.NewEvidence(m.Net)
	if err := m.AddFindings(ev, []model.Finding{f}); err != nil {
		return m.Label(v) + ": " + err.Error()
	}
	if f.Action {
		for _, it := range ev.Interventions() {
			return m.ActionText(it)
		}
	}
	for _, nf := range ev.Findings() {
		return m.FindingText(nf)
	}
	return m.Label(v)
}
