package model

import (
	"slices"
)

// LogEntry is one dated entry of a model's log: on Date, a finding was
// added or changed (Finding), or the finding on a node was retracted
// (Retract, with Finding.Node naming the node and Finding.Provenance
// saying why). Entries are by names, like scenario findings, so that they
// survive edits to the network that keep the names.
type LogEntry struct {
	// Date is the day the entry takes effect, YYYY-MM-DD (see ParseDate).
	Date string
	// Finding is the finding the entry sets, replacing any earlier one on
	// the same node; with Retract only Node and Provenance are used.
	Finding Finding
	// Retract marks an entry that removes the finding on Finding.Node.
	Retract bool
}

// Forecast is an analyst's forecast of a node: on Date, the probability
// of each of its states (P, in the node's state order), and once known
// the state that happened (Resolved, on ResolvedOn).
type Forecast struct {
	Date string // YYYY-MM-DD
	Node string // a node id
	// P holds one probability per state of Node, summing to 1.
	P    []float64
	Note string
	// Resolved is the state that happened, "" while the forecast is open;
	// ResolvedOn is the day it was known, YYYY-MM-DD, or "".
	Resolved   string
	ResolvedOn string
}

// CloneLog returns a deep copy of log.
func CloneLog(log []LogEntry) []LogEntry {
	if log == nil {
		return nil
	}
	out := make([]LogEntry, len(log))
	for i, e := range log {
		e.Finding = CloneFinding(e.Finding)
		out[i] = e
	}
	return out
}

// CloneForecasts returns a deep copy of fs.
func CloneForecasts(fs []Forecast) []Forecast {
	if fs == nil {
		return nil
	}
	out := make([]Forecast, len(fs))
	for i, f := range fs {
		f.P = slices.Clone(f.P)
		out[i] = f
	}
	return out
}

// CloneFinding returns a deep copy of f.
func CloneFinding(f Finding) Finding {
	f.NotStates = slices.Clone(f.NotStates)
	f.Weights = slices.Clone(f.Weights)
	if f.Provenance != nil {
		p := *f.Provenance
		f.Provenance = &p
	}
	return f
}
