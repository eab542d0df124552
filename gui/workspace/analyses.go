package workspace

import (
	"fmt"
	"slices"

	"brink/network"
	"brink/network/analysis"
	"brink/network/jtree"
)

// The analyses of issue 15 — do the findings fit together, each
// finding's fair share, how fragile the conclusion is, what to watch
// for, strength of influence and the judgement in words — run, like
// those of analysis.go, on the engine that holds the network the beliefs
// are shown on (for a model with decisions, the policy network for the
// current findings and actions), and leave decisions out: a decision is
// never offered as something to observe, nor its table as a number to
// doubt. Each leaves the engine propagated on the current findings.

// Conflict measures how well the current findings fit together
// (analysis.Conflict: Jensen's conflict measure, and what the rest of
// the evidence gives each finding).
func (w *Workspace) Conflict() (*analysis.DataConflict, error) {
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.Conflict(jt, w.ev)
}

// ConflictGiven is the rare-case check on target: for each of its
// states, whether the findings fit if it is the case
// (analysis.ConflictGiven).
func (w *Workspace) ConflictGiven(target int) ([]analysis.StateConflict, error) {
	if err := w.checkNode(target); err != nil {
		return nil, err
	}
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.ConflictGiven(jt, w.ev, target)
}

// Grading returns the Admiralty grading recorded for the current finding
// on v in the provenance of the scenario it was applied with; none for a
// finding without one (typed in by hand, or changed since).
func (w *Workspace) Grading(v int) analysis.Grading {
	p := w.Provenance(v)
	if p == nil {
		return analysis.Grading{}
	}
	return analysis.Grading{Reliability: p.Reliability, Credibility: p.Credibility}
}

// CheckSources holds each finding of c, a result of Conflict, against
// its grading (Grading): a report the rest of the evidence makes
// surprising, from a weakly graded source, is a possible bad source or
// deception (analysis.CheckSources). A threshold of 0 means
// analysis.SourceThreshold.
func (w *Workspace) CheckSources(c *analysis.DataConflict, threshold float64) ([]analysis.SourceCheck, error) {
	return analysis.CheckSources(c, w.Grading, threshold)
}

// Shapley shares the change of P(target = state) that the findings bring
// among them (analysis.Shapley, exact up to analysis.MaxShapleyExact
// findings). Its baseline keeps the actions, and, in a model with
// decisions, each decision at its best choice for the current findings.
func (w *Workspace) Shapley(target, state int) (*analysis.ShapleyResult, error) {
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.Shapley(jt, w.ev, target, state, analysis.ShapleyOptions{})
}

// Fragility reports how far each number of the tables the conclusion c
// depends on must move before it changes (analysis.Fragility); the
// decisions' tables, which are policies, are not examined.
func (w *Workspace) Fragility(c analysis.Conclusion) (*analysis.FragilityReport, error) {
	if err := w.checkNode(c.Target); err != nil {
		return nil, err
	}
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.Fragility(jt, w.ev, c, w.isDecision)
}

// TwoWay computes the target's probability over a grid of values of two
// CPT entries and where the conclusion changes (analysis.TwoWay); steps
// ≤ 0 means analysis.DefaultSteps. An entry of a decision's table is
// refused.
func (w *Workspace) TwoWay(c analysis.Conclusion, x, y analysis.Entry, steps int) (*analysis.TwoWayGrid, error) {
	for _, e := range []analysis.Entry{x, y} {
		if err := w.checkNode(e.Node); err != nil {
			return nil, err
		}
		if w.isDecision(e.Node) {
			return nil, fmt.Errorf("workspace: %s is a decision: its table is a policy, not a number to doubt", w.Network().Name(e.Node))
		}
	}
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.TwoWay(jt, w.ev, c, x, y, steps)
}

// Observable returns the nodes an analyst could observe next about
// target (-1: none): the unobserved nodes marked as evidence when the
// model marks any, else every unobserved chance node; never a decision
// (analysis.Observable).
func (w *Workspace) Observable(target int) []int {
	return analysis.Observable(w.Model(), w.ev, target)
}

// unobserved returns every node without a finding or action other than
// target and the decisions, in index order.
func (w *Workspace) unobserved(target int) []int {
	var out []int
	for v := range w.Network().NumVariables() {
		_, observed := w.ev.Finding(v)
		_, set := w.ev.Do(v)
		if v != target && !observed && !set && !w.isDecision(v) {
			out = append(out, v)
		}
	}
	return out
}

// Indicators reads each node of watch as a sign of target = state: its
// likelihood ratios and how far seeing each state would move the target
// (analysis.Indicators), most telling first. nil watches every
// unobserved node but the decisions; use Observable for the indicators
// the model marks.
func (w *Workspace) Indicators(target, state int, watch []int) ([]analysis.Indicator, error) {
	if err := w.checkNode(target); err != nil {
		return nil, err
	}
	if watch == nil {
		watch = w.unobserved(target)
	}
	watch = slices.DeleteFunc(slices.Clone(watch), w.isDecision)
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.Indicators(jt, w.ev, target, state, watch)
}

// BeliefNetwork returns the network the beliefs are shown on: the
// model's, or for a model with decisions the policy network for the
// current findings and actions. It changes when they do; views that
// cache what they read from it compare it by pointer.
func (w *Workspace) BeliefNetwork() *network.Network { return w.engine.Network() }

// Influences returns the strength of influence of every edge between
// variables, from the tables of BeliefNetwork (analysis.Influences): an
// edge into a decision has the strength of its best policy.
func (w *Workspace) Influences() []analysis.EdgeInfluence {
	return analysis.Influences(w.engine.Network())
}

// Narrate writes the judgement on target in the words of ICD 203, what
// moved it, what would change it and the confidence statement
// (analysis.Narrate), decisions skipped. Its change is measured from the
// baseline the outcome panel shows its "±pp" against (Baseline: no
// findings, each decision as it would be without them) when no node is
// set by action; with actions the baseline keeps them, as Narrate
// computes it, since the panel's has none.
func (w *Workspace) Narrate(target int) (*analysis.Narrative, error) {
	if err := w.checkNode(target); err != nil {
		return nil, err
	}
	opts := analysis.NarrateOptions{Skip: w.isDecision}
	if w.ev.DoLen() == 0 {
		opts.Baseline = w.Baseline(target)
	}
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.Narrate(jt, w.Model(), w.ev, target, opts)
}

// SearchJob is one run of the evidence search ("what would we have to
// see to bring the target to this level?"), with the snapshot it works
// on.
type SearchJob struct {
	*Job
	// Target and State name the target state, Goal the level sought.
	Target, State int
	Goal          analysis.Goal
	net           *network.Network
	ev            *network.Evidence
	opts          analysis.SearchOptions
}

// StartSearch prepares a run of analysis.SearchEvidence for target =
// state and goal over the nodes of watch (nil: every unobserved node but
// the decisions), calling progress, if not nil, on the run's goroutine.
// Like StartUncertainty it takes everything the run reads now — the
// network the beliefs are shown on (immutable), a copy of the findings,
// the list of nodes — so that Run may go on another goroutine while the
// analyst keeps clicking. A target that is not a variable is refused.
func (w *Workspace) StartSearch(target, state int, goal analysis.Goal, watch []int, progress func(done, total int)) (*SearchJob, error) {
	if err := w.checkNode(target); err != nil {
		return nil, err
	}
	if watch == nil {
		watch = w.unobserved(target)
	}
	watch = slices.DeleteFunc(slices.Clone(watch), w.isDecision)
	if watch == nil {
		watch = []int{} // nil would mean every node to SearchEvidence
	}
	return &SearchJob{
		Job: w.startJob(), Target: target, State: state, Goal: goal,
		net: w.engine.Network(), ev: w.ev.Clone(),
		opts: analysis.SearchOptions{Observable: watch, Progress: progress},
	}, nil
}

// Run searches on an engine of its own, compiled from the snapshot. It
// may run on any goroutine. When the job is cancelled it returns an
// error wrapping context.Canceled. It releases the job's context when it
// returns.
func (j *SearchJob) Run() (*analysis.SearchResult, error) {
	defer j.cancel()
	jt, err := jtree.Compile(j.net, jtree.Options{})
	if err != nil {
		return nil, err
	}
	return analysis.SearchEvidence(j.ctx, jt, j.ev, j.Target, j.State, j.Goal, j.opts)
}
