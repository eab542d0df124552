package modelfile

import (
	"fmt"
	"math"
	"strings"

	"brink/network"
	"brink/network/model"
)

// The log ([[log]]) and the forecasts ([[forecast]]) of a model file: see
// docs/model-format.md, "The log" and "Forecasts".

// boolean returns the boolean at key, false when absent.
func (t *tbl) boolean(key string) bool {
	v, ok := t.get(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.r.typeError(t.sub(key), t.subKey(key), "true or false", v)
	}
	return b
}

// entryName names log entry k (0-based) for a message: "log entry 3
// (2026-12-14)".
func entryName(k int, date string) string {
	if _, err := model.ParseDate(date); err != nil {
		return fmt.Sprintf("log entry %d", k+1) // the date's own error quotes it
	}
	return fmt.Sprintf("log entry %d (%s)", k+1, date)
}

// log reads the [[log]] entries against the network.
func (r *reader) log(ts []*tbl, n *network.Network, docs []*nodeDoc) []model.LogEntry {
	var out []model.LogEntry
	ev := network.NewEvidence(n)
	for k, t := range ts {
		if e, ok := r.logEntry(k, t, n, docs, ev); ok {
			out = append(out, e)
		}
	}
	return out
}

func (r *reader) logEntry(k int, t *tbl, n *network.Network, docs []*nodeDoc, ev *network.Evidence) (model.LogEntry, bool) {
	path := t.path
	date := t.str("date")
	node := normal(t.str("node"))
	state, do, not := t.str("state"), t.str("do"), t.strs("not")
	var weights []float64
	hasLikelihood := false
	if v, ok := t.get("likelihood"); ok {
		weights, hasLikelihood = t.numbers("likelihood", v)
	}
	retract := t.boolean("retract")
	note, source, reliability := t.str("note"), t.str("source"), t.str("reliability")
	credibility, _ := t.integer("credibility")
	t.end()
	name := entryName(k, date)
	e := model.LogEntry{Date: date, Retract: retract, Finding: model.Finding{Node: node}}
	ok := true
	if date == "" {
		r.errorf(path, ErrMissing, "%s needs a date", name)
		ok = false
	} else if _, err := model.ParseDate(date); err != nil {
		r.errorf(path+".date", ErrInvalid, "%s: %v", name, err)
		ok = false
	}
	if node == "" {
		r.errorf(path, ErrMissing, "%s needs a node", name)
		return e, false
	}
	v, found := n.Index(node)
	if !found {
		r.errorf(path+".node", network.ErrUnknownVariable, "%s: no node %s", name, q(node))
		return e, false
	}
	d := docs[v]
	kinds := 0
	for _, set := range []bool{state != "", do != "", len(not) > 0, hasLikelihood, retract} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		r.errorf(path, ErrInvalid, "%s, node %s: an entry needs exactly one of state, not, likelihood, do, retract = true", name, q(node))
		return e, false
	}
	checkState := func(key, st string) (string, bool) {
		st = normal(st)
		if d.stateIndex(st) < 0 {
			r.errorf(key, network.ErrUnknownState, "%s: node %s has no state %s (states: %s)", name, q(node), q(st), list(d.states))
			return st, false
		}
		return st, true
	}
	f := &e.Finding
	good := true
	switch {
	case retract:
	case state != "":
		f.Kind = network.Hard
		f.State, good = checkState(path+".state", state)
	case do != "":
		f.Kind, f.Action = network.Hard, true
		f.State, good = checkState(path+".do", do)
	case len(not) > 0:
		f.Kind = network.Negative
		seen := map[string]bool{}
		for j, st := range not {
			key := fmt.Sprintf("%s.not[%d]", path, j)
			st, g := checkState(key, st)
			if g && seen[st] {
				r.errorf(key, ErrDuplicate, "%s, node %s: state %s excluded twice", name, q(node), q(st))
				g = false
			}
			seen[st] = true
			f.NotStates = append(f.NotStates, st)
			good = good && g
		}
		if good && len(seen) >= n.Card(v) {
			r.errorf(path+".not", network.ErrImpossibleEvidence, "%s: node %s: every state excluded", name, q(node))
			good = false
		}
	default:
		f.Kind, f.Weights = network.Likelihood, weights
		if err := ev.SetLikelihood(v, weights); err != nil {
			r.errorf(path+".likelihood", network.ErrBadLikelihood, "%s: %v", name, strings.TrimSuffix(strings.TrimPrefix(err.Error(), "network: "), ": "+network.ErrBadLikelihood.Error()))
			good = false
		}
		ev.Retract(v)
	}
	if note != "" || source != "" || reliability != "" || credibility != 0 {
		f.Provenance = &model.Provenance{Note: note, Source: source, Reliability: reliability, Credibility: int(credibility)}
		if reliability != "" && (len(reliability) != 1 || reliability[0] < 'A' || reliability[0] > 'F') {
			r.errorf(path+".reliability", ErrInvalid, "%s, node %s: reliability %q is not A–F (Admiralty scale)", name, q(node), reliability)
			good = false
		}
		if credibility < 0 || credibility > 6 {
			r.errorf(path+".credibility", ErrInvalid, "%s, node %s: credibility %d is not 1–6 (Admiralty scale)", name, q(node), credibility)
			good = false
		}
	}
	return e, ok && good
}

// forecasts reads the [[forecast]] entries against the network.
func (r *reader) forecasts(ts []*tbl, n *network.Network, docs []*nodeDoc) []model.Forecast {
	var out []model.Forecast
	for k, t := range ts {
		f := model.Forecast{Date: t.str("date"), Node: normal(t.str("node")), Note: t.str("note"), Resolved: t.str("resolved"), ResolvedOn: t.str("resolved_on")}
		var hasP bool
		if v, ok := t.get("p"); ok {
			f.P, hasP = t.numbers("p", v)
		}
		t.end()
		name := fmt.Sprintf("forecast %d", k+1)
		if _, err := model.ParseDate(f.Date); err == nil {
			name += " (" + f.Date + ")"
		}
		ok := true
		if f.Date == "" {
			r.errorf(t.path, ErrMissing, "%s needs a date", name)
			ok = false
		}
		if f.Node == "" {
			r.errorf(t.path, ErrMissing, "%s needs a node", name)
			continue
		}
		v, found := n.Index(f.Node)
		if !found {
			r.errorf(t.path+".node", network.ErrUnknownVariable, "%s: no node %s", name, q(f.Node))
			continue
		}
		if !hasP {
			if _, there := t.m["p"]; !there {
				r.errorf(t.path, ErrMissing, "%s needs p, one probability per state of node %s", name, q(f.Node))
			}
			continue
		}
		if f.Resolved != "" {
			f.Resolved = normal(f.Resolved)
			if docs[v].stateIndex(f.Resolved) < 0 {
				r.errorf(t.path+".resolved", network.ErrUnknownState, "%s: node %s has no state %s (states: %s)", name, q(f.Node), q(f.Resolved), list(docs[v].states))
				ok = false
			}
		}
		if err := checkForecast(n, f); err != nil {
			key := ".p"
			if strings.Contains(err.Error(), "date") || strings.Contains(err.Error(), "resolved") {
				key = ""
			}
			r.errorf(t.path+key, ErrInvalid, "%s: %v", name, err)
			ok = false
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// checkForecast applies the rules the reader and the writer share to a
// forecast on a node of n: dates, one probability per state summing to 1,
// a resolution date only with a resolved state, and not before the
// forecast's date. The state names are checked by the callers.
func checkForecast(n *network.Network, f model.Forecast) error {
	v, ok := n.Index(f.Node)
	if !ok {
		return fmt.Errorf("no node %s", q(f.Node))
	}
	if _, err := model.ParseDate(f.Date); err != nil {
		return err
	}
	if len(f.P) != n.Card(v) {
		return fmt.Errorf("node %s has %d states, p gives %d numbers", q(f.Node), n.Card(v), len(f.P))
	}
	sum := 0.0
	for _, p := range f.P {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("probability %v is not between 0 and 1", p)
		}
		sum += p
	}
	if math.Abs(sum-1) > 1e-6 {
		return fmt.Errorf("probabilities sum to %v, not 1", sum)
	}
	if f.ResolvedOn != "" {
		if f.Resolved == "" {
			return fmt.Errorf("resolved_on %s without a resolved state", f.ResolvedOn)
		}
		on, err := model.ParseDate(f.ResolvedOn)
		if err != nil {
			return fmt.Errorf("resolved_on: %v", err)
		}
		if d, _ := model.ParseDate(f.Date); on.Before(d) {
			return fmt.Errorf("resolved_on %s is before the forecast's date %s", f.ResolvedOn, f.Date)
		}
	}
	return nil
}

// checkLog adds the problems Read would find in m's log and forecasts.
func checkLog(m *model.Model, add func(cause error, format string, args ...any)) {
	n := m.Net
	ev := network.NewEvidence(n)
	for k, e := range m.Log {
		name := entryName(k, e.Date)
		if _, err := model.ParseDate(e.Date); err != nil {
			add(ErrInvalid, "%s: %v", name, err)
		}
		if e.Retract {
			// Only the node and the provenance count: check them as a
			// hard finding on the node's first state.
			v, ok := n.Index(e.Finding.Node)
			if !ok {
				add(network.ErrUnknownVariable, "%s: no node %s", name, q(e.Finding.Node))
				continue
			}
			f := model.Finding{Node: e.Finding.Node, Kind: network.Hard, State: n.Variable(v).States[0], Provenance: e.Finding.Provenance}
			if err := checkFinding(n, ev, f); err != nil {
				add(ErrInvalid, "%s: %v", name, err)
			}
			continue
		}
		if err := checkFinding(n, ev, e.Finding); err != nil {
			add(ErrInvalid, "%s: %v", name, err)
		}
		if p := e.Finding.Provenance; p != nil && p.Observed != "" {
			add(ErrInvalid, "%s: a log entry has no observed date (its date is when it was observed)", name)
		}
	}
	for k, f := range m.Forecasts {
		name := fmt.Sprintf("forecast %d", k+1)
		if err := checkForecast(n, f); err != nil {
			add(ErrInvalid, "%s: %v", name, err)
			continue
		}
		if f.Resolved != "" {
			v, _ := n.Index(f.Node)
			if n.Variable(v).StateIndex(f.Resolved) < 0 {
				add(network.ErrUnknownState, "%s: node %s has no state %s", name, q(f.Node), q(f.Resolved))
			}
		}
	}
}

// logEntries writes the log and the forecasts.
func (e *encoder) logEntries(m *model.Model) {
	for _, le := range m.Log {
		f := le.Finding
		e.printf("\n[[log]]\n")
		e.str("date", le.Date)
		e.str("node", f.Node)
		switch {
		case le.Retract:
			e.printf("retract = true\n")
		case f.Kind == network.Hard && f.Action:
			e.str("do", f.State)
		case f.Kind == network.Hard:
			e.str("state", f.State)
		case f.Kind == network.Negative:
			e.strs("not", f.NotStates)
		case f.Kind == network.Likelihood:
			e.printf("likelihood = [%s]\n", nums(f.Weights))
		}
		if p := f.Provenance; p != nil {
			e.str("note", p.Note)
			e.str("source", p.Source)
			e.str("reliability", p.Reliability)
			if p.Credibility != 0 {
				e.printf("credibility = %d\n", p.Credibility)
			}
		}
	}
	for _, f := range m.Forecasts {
		e.printf("\n[[forecast]]\n")
		e.str("date", f.Date)
		e.str("node", f.Node)
		e.printf("p = [%s]\n", nums(f.P))
		e.str("note", f.Note)
		e.str("resolved", f.Resolved)
		e.str("resolved_on", f.ResolvedOn)
	}
}
