package edit

import (
	"fmt"
	"math"
	"slices"

	"brink/network"
	"brink/network/model"
)

// The model's log and forecasts (model.LogEntry, model.Forecast): their
// own edits, and how the edits of nodes and states carry them along —
// renames follow, a finding an edit drops from the scenarios is dropped
// from the log too, and entries or forecasts that no longer fit the
// network (their node or state deleted) are dropped with a note.

// ErrLog: a log entry or forecast that does not fit the model: a bad
// date, an unknown node or state, probabilities that are not a
// distribution.
var ErrLog = fmt.Errorf("bad log entry or forecast")

// copyLog gives the draft its own copy of the log and forecasts.
func (dr *draft) copyLog() {
	dr.info.Log = model.CloneLog(dr.info.Log)
	dr.info.Forecasts = model.CloneForecasts(dr.info.Forecasts)
}

// fixLog applies fix, as dropFindings does, to the log's findings on node
// name (retractions, which carry no state, are kept).
func (dr *draft) fixLog(name, label string, fix func(*model.Finding) (bool, string)) {
	kept := dr.info.Log[:0]
	for _, e := range dr.info.Log {
		if e.Finding.Node == name && !e.Retract {
			if keep, why := fix(&e.Finding); !keep {
				dr.note("the log entry of %s on %s was dropped: %s", model.DateText(e.Date), label, why)
				continue
			}
		}
		kept = append(kept, e)
	}
	dr.info.Log = kept
}

// renameLog follows a node's new id in the log and the forecasts.
func (dr *draft) renameLog(old, id string) {
	for i := range dr.info.Log {
		if dr.info.Log[i].Finding.Node == old {
			dr.info.Log[i].Finding.Node = id
		}
	}
	for i := range dr.info.Forecasts {
		if dr.info.Forecasts[i].Node == old {
			dr.info.Forecasts[i].Node = id
		}
	}
}

// renameForecastState follows a state's new id in the forecasts'
// resolutions.
func (dr *draft) renameForecastState(node, old, id string) {
	for i := range dr.info.Forecasts {
		if f := &dr.info.Forecasts[i]; f.Node == node && f.Resolved == old {
			f.Resolved = id
		}
	}
}

// pruneLog drops the entries and forecasts that no longer fit net, saying
// so.
func (dr *draft) pruneLog(net *network.Network) {
	label := func(name string) string {
		if i := dr.index(name); i >= 0 {
			return dr.label(i)
		}
		return name
	}
	dr.info.Log = slices.DeleteFunc(dr.info.Log, func(e model.LogEntry) bool {
		if err := checkEntry(net, e); err != nil {
			dr.note("the log entry of %s on %s was dropped: it no longer fits the network (%v)", model.DateText(e.Date), label(e.Finding.Node), err)
			return true
		}
		return false
	})
	dr.info.Forecasts = slices.DeleteFunc(dr.info.Forecasts, func(f model.Forecast) bool {
		if err := checkForecast(net, f); err != nil {
			dr.note("the forecast of %s on %s was dropped: it no longer fits the network (%v)", model.DateText(f.Date), label(f.Node), err)
			return true
		}
		return false
	})
}

// checkEntry applies the model file's rules to a log entry on net.
func checkEntry(net *network.Network, e model.LogEntry) error {
	if _, err := model.ParseDate(e.Date); err != nil {
		return err
	}
	f := e.Finding
	v, ok := net.Index(f.Node)
	if !ok {
		return fmt.Errorf("no node %q", f.Node)
	}
	if p := f.Provenance; p != nil {
		switch {
		case p.Reliability != "" && (len(p.Reliability) != 1 || p.Reliability[0] < 'A' || p.Reliability[0] > 'F'):
			return fmt.Errorf("reliability %q is not A–F", p.Reliability)
		case p.Credibility < 0 || p.Credibility > 6:
			return fmt.Errorf("credibility %d is not 1–6", p.Credibility)
		case p.Observed != "":
			return fmt.Errorf("a log entry's date is its date observed")
		}
	}
	if e.Retract {
		return nil
	}
	states := net.Variable(v).States
	switch f.Kind {
	case network.Hard:
		if !slices.Contains(states, f.State) {
			return fmt.Errorf("no state %q", f.State)
		}
	case network.Negative:
		if len(f.NotStates) == 0 || len(f.NotStates) >= len(states) {
			return fmt.Errorf("a negative finding must exclude some states, not all")
		}
		for k, s := range f.NotStates {
			if !slices.Contains(states, s) || slices.Contains(f.NotStates[:k], s) {
				return fmt.Errorf("no state %q, or excluded twice", s)
			}
		}
	case network.Likelihood:
		ev := network.NewEvidence(net)
		if err := ev.SetLikelihood(v, f.Weights); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown kind of finding")
	}
	return nil
}

// checkForecast applies the model file's rules to a forecast on net.
func checkForecast(net *network.Network, f model.Forecast) error {
	d, err := model.ParseDate(f.Date)
	if err != nil {
		return err
	}
	v, ok := net.Index(f.Node)
	if !ok {
		return fmt.Errorf("no node %q", f.Node)
	}
	if len(f.P) != net.Card(v) {
		return fmt.Errorf("%d probabilities for %d states", len(f.P), net.Card(v))
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
	if f.Resolved != "" && !slices.Contains(net.Variable(v).States, f.Resolved) {
		return fmt.Errorf("no state %q", f.Resolved)
	}
	if f.ResolvedOn != "" {
		if f.Resolved == "" {
			return fmt.Errorf("a resolution date without a resolved state")
		}
		on, err := model.ParseDate(f.ResolvedOn)
		if err != nil {
			return err
		}
		if on.Before(d) {
			return fmt.Errorf("resolved on %s, before the forecast's date", f.ResolvedOn)
		}
	}
	return nil
}

// AddLogEntry adds e to the log, after the entries of its date and
// earlier, so that a log kept by the app stays in date order.
func AddLogEntry(d Doc, e model.LogEntry) (Doc, error) {
	if err := checkEntry(d.Model.Net, e); err != nil {
		return Doc{}, fmt.Errorf("edit: log entry: %v: %w", err, ErrLog)
	}
	dr := open(d)
	at := len(dr.info.Log)
	for at > 0 && dr.info.Log[at-1].Date > e.Date {
		at--
	}
	dr.info.Log = slices.Insert(dr.info.Log, at, model.CloneLog([]model.LogEntry{e})[0])
	return dr.build()
}

// SetLogEntry replaces entry i of the log. A new date moves it among the
// others as AddLogEntry places it.
func SetLogEntry(d Doc, i int, e model.LogEntry) (Doc, error) {
	if i < 0 || i >= len(d.Model.Log) {
		return Doc{}, fmt.Errorf("edit: no log entry %d: %w", i+1, ErrNoSuch)
	}
	if err := checkEntry(d.Model.Net, e); err != nil {
		return Doc{}, fmt.Errorf("edit: log entry: %v: %w", err, ErrLog)
	}
	if d.Model.Log[i].Date == e.Date {
		dr := open(d)
		dr.info.Log[i] = model.CloneLog([]model.LogEntry{e})[0]
		return dr.build()
	}
	del, err := DeleteLogEntry(d, i)
	if err != nil {
		return Doc{}, err
	}
	return AddLogEntry(del, e)
}

// DeleteLogEntry removes entry i of the log.
func DeleteLogEntry(d Doc, i int) (Doc, error) {
	if i < 0 || i >= len(d.Model.Log) {
		return Doc{}, fmt.Errorf("edit: no log entry %d: %w", i+1, ErrNoSuch)
	}
	dr := open(d)
	dr.info.Log = slices.Delete(dr.info.Log, i, i+1)
	return dr.build()
}

// AddForecast records a forecast.
func AddForecast(d Doc, f model.Forecast) (Doc, error) {
	if err := checkForecast(d.Model.Net, f); err != nil {
		return Doc{}, fmt.Errorf("edit: forecast: %v: %w", err, ErrLog)
	}
	dr := open(d)
	f.P = slices.Clone(f.P)
	dr.info.Forecasts = append(dr.info.Forecasts, f)
	return dr.build()
}

// SetForecast replaces forecast i (to resolve it, say).
func SetForecast(d Doc, i int, f model.Forecast) (Doc, error) {
	if i < 0 || i >= len(d.Model.Forecasts) {
		return Doc{}, fmt.Errorf("edit: no forecast %d: %w", i+1, ErrNoSuch)
	}
	if err := checkForecast(d.Model.Net, f); err != nil {
		return Doc{}, fmt.Errorf("edit: forecast: %v: %w", err, ErrLog)
	}
	dr := open(d)
	f.P = slices.Clone(f.P)
	dr.info.Forecasts[i] = f
	return dr.build()
}

// DeleteForecast removes forecast i.
func DeleteForecast(d Doc, i int) (Doc, error) {
	if i < 0 || i >= len(d.Model.Forecasts) {
		return Doc{}, fmt.Errorf("edit: no forecast %d: %w", i+1, ErrNoSuch)
	}
	dr := open(d)
	dr.info.Forecasts = slices.Delete(dr.info.Forecasts, i, i+1)
	return dr.build()
}
