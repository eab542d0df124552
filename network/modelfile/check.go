package modelfile

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"brink/network"
	"brink/network/diag"
	"brink/network/model"
)

// check returns the problems that would make Read refuse the file Write
// would write for m, joined, or nil: the writer must never produce a file
// the reader refuses (an analyst's saved work would not load). The rules
// are the reader's; FuzzRead and TestWriteRefuses hold the two together.
func check(m *model.Model) error {
	if m == nil || m.Net == nil {
		return errors.New("modelfile: no network to write")
	}
	n := m.Net
	if len(m.Nodes) != n.NumVariables() {
		return fmt.Errorf("modelfile: %d node documents for %d variables: %w", len(m.Nodes), n.NumVariables(), ErrInvalid)
	}
	var errs []error
	add := func(cause error, format string, args ...any) {
		errs = append(errs, fmt.Errorf("modelfile: "+format+": %w", append(args, cause)...))
	}
	for _, d := range []struct{ key, val string }{{"created", m.Created}, {"modified", m.Modified}} {
		if d.val != "" && !dateRE.MatchString(d.val) {
			add(ErrInvalid, "model %s date %q is not YYYY-MM-DD", d.key, d.val)
		}
	}
	asOfErr, horizonErr := model.CheckPeriod(m.AsOf, m.Horizon)
	for _, err := range []error{asOfErr, horizonErr} {
		if err != nil {
			add(ErrInvalid, "model %v", err)
		}
	}
	sources := map[string]bool{}
	for k, s := range m.Sources {
		switch {
		case s.ID == "":
			add(ErrMissing, "source %d has no id", k+1)
		case sources[s.ID]:
			add(ErrDuplicate, "duplicate source id %q", s.ID)
		}
		sources[s.ID] = true
		if s.Date != "" && !dateRE.MatchString(s.Date) && !partialDateRE.MatchString(s.Date) {
			add(ErrInvalid, "source %q: date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s.ID, s.Date)
		}
	}
	for v := range n.NumVariables() {
		vr, nd := n.Variable(v), &m.Nodes[v]
		name := q(vr.Name)
		if err := network.CheckVariableName(vr.Name); err != nil {
			add(network.ErrBadName, "node id %v", err)
		}
		if len(vr.States) == 0 {
			add(ErrMissing, "node %s has no states", name)
		}
		for _, st := range vr.States {
			if err := network.CheckStateName(st); err != nil {
				add(network.ErrBadName, "node %s: state %v", name, err)
			}
		}
		if !nd.Role.Valid() {
			add(ErrInvalid, "node %s: role %q is not one of %v", name, nd.Role, model.Roles)
		}
		if p := nd.Position; p != nil && (!finite(p.X) || !finite(p.Y)) {
			add(ErrInvalid, "node %s: position [%v, %v] is not two finite numbers", name, p.X, p.Y)
		}
		if c := nd.Confidence; c != 0 && (!(c > 0) || math.IsInf(c, 0)) {
			add(ErrInvalid, "node %s: confidence %v is not a positive number", name, c)
		}
		if c := nd.Canonical; c != nil {
			if err := checkCanonical(n, v, c); err != nil {
				add(ErrInvalid, "node %s: %v", name, err)
			}
		}
		for i, row := range nd.Review {
			if row < 0 || row >= n.ParentConfigs(v) || (i > 0 && row <= nd.Review[i-1]) {
				add(ErrInvalid, "node %s: rows to review %v are not increasing row numbers below %d", name, nd.Review, n.ParentConfigs(v))
				break
			}
		}
		for _, c := range nd.Citations {
			if c.Source != "" && !sources[c.Source] {
				add(ErrInvalid, "node %s: citation of unknown source %q", name, c.Source)
			}
		}
	}
	scenarios := map[string]bool{}
	ev := network.NewEvidence(n)
	for k, sc := range m.Scenarios {
		switch {
		case sc.Name == "":
			add(ErrMissing, "scenario %d has no name", k+1)
		case scenarios[sc.Name]:
			add(ErrDuplicate, "duplicate scenario %q", sc.Name)
		}
		scenarios[sc.Name] = true
		onNode := map[string]bool{}
		for _, f := range sc.Findings {
			if err := checkFinding(n, ev, f); err != nil {
				errs = append(errs, fmt.Errorf("modelfile: scenario %q: %w", sc.Name, err))
				continue
			}
			if onNode[f.Node] {
				add(ErrDuplicate, "scenario %q: two findings on node %s", sc.Name, q(f.Node))
			}
			onNode[f.Node] = true
		}
	}
	ids := map[string]bool{}
	for _, u := range m.Utilities {
		name := q(u.ID)
		if err := network.CheckVariableName(u.ID); err != nil {
			add(network.ErrBadName, "utility id %v", err)
		} else if _, clash := n.Index(u.ID); clash || ids[u.ID] {
			add(ErrDuplicate, "utility id %s is taken", name)
		}
		ids[u.ID] = true
		configs := 1
		for _, p := range u.Parents {
			v, ok := n.Index(p)
			if !ok {
				add(network.ErrUnknownParent, "utility %s: unknown parent %s", name, q(p))
				configs = -1
				break
			}
			configs *= n.Card(v)
		}
		if configs >= 0 && len(u.Table) != configs {
			add(ErrInvalid, "utility %s: %d values for %d parent configurations", name, len(u.Table), configs)
		}
		for _, x := range u.Table {
			if !finite(x) {
				add(ErrInvalid, "utility %s: %v is not a finite value", name, x)
				break
			}
		}
		if p := u.Position; p != nil && (!finite(p.X) || !finite(p.Y)) {
			add(ErrInvalid, "utility %s: position [%v, %v] is not two finite numbers", name, p.X, p.Y)
		}
		for _, c := range u.Citations {
			if c.Source != "" && !sources[c.Source] {
				add(ErrInvalid, "utility %s: citation of unknown source %q", name, c.Source)
			}
		}
	}
	checkLog(m, add)
	return errors.Join(errs...)
}

// checkFinding applies the reader's rules to one finding.
func checkFinding(n *network.Network, ev *network.Evidence, f model.Finding) error {
	v, ok := n.Index(f.Node)
	if !ok {
		return fmt.Errorf("no node %s: %w", q(f.Node), network.ErrUnknownVariable)
	}
	vr := n.Variable(v)
	state := func(st string) error {
		if vr.StateIndex(st) < 0 {
			return fmt.Errorf("node %s has no state %s (states: %s): %w", q(f.Node), q(st), list(vr.States), network.ErrUnknownState)
		}
		return nil
	}
	switch f.Kind {
	case network.Hard:
		if err := state(f.State); err != nil {
			return err
		}
	case network.Negative:
		if len(f.NotStates) == 0 {
			return fmt.Errorf("node %s: a negative finding excludes no state: %w", q(f.Node), ErrInvalid)
		}
		seen := map[string]bool{}
		for _, st := range f.NotStates {
			if err := state(st); err != nil {
				return err
			}
			if seen[st] {
				return fmt.Errorf("node %s: state %s excluded twice: %w", q(f.Node), q(st), ErrDuplicate)
			}
			seen[st] = true
		}
		if len(seen) >= len(vr.States) {
			return fmt.Errorf("node %s: every state excluded: %w", q(f.Node), network.ErrImpossibleEvidence)
		}
	case network.Likelihood:
		err := ev.SetLikelihood(v, f.Weights)
		ev.Retract(v)
		if err != nil {
			return &diag.Cause{Msg: strings.TrimPrefix(err.Error(), "network: "), Err: err}
		}
	default:
		return fmt.Errorf("node %s: finding of unknown kind %d: %w", q(f.Node), f.Kind, ErrInvalid)
	}
	if p := f.Provenance; p != nil {
		if p.Observed != "" && !dateRE.MatchString(p.Observed) {
			return fmt.Errorf("node %s: date %q is not YYYY-MM-DD: %w", q(f.Node), p.Observed, ErrInvalid)
		}
		if r := p.Reliability; r != "" && (len(r) != 1 || r[0] < 'A' || r[0] > 'F') {
			return fmt.Errorf("node %s: reliability %q is not A–F (Admiralty scale): %w", q(f.Node), r, ErrInvalid)
		}
		if p.Credibility < 0 || p.Credibility > 6 {
			return fmt.Errorf("node %s: credibility %d is not 1–6 (Admiralty scale): %w", q(f.Node), p.Credibility, ErrInvalid)
		}
	}
	return nil
}
