package workspace

import (
	"context"
	"slices"

	"brink/network"
	"brink/network/analysis"
	"brink/network/decision"
	"brink/network/model"
	"brink/network/uncertainty"
)

// The analyses run on the engine, which holds the network the beliefs
// are shown on: for a model with decisions, under the policies best for
// the current findings and actions (propagate; decision.BeliefNetwork,
// as brinkctl computes them). A decision's option is chosen, not learnt:
// no analysis offers a decision as something to observe, nor doubts its
// table, as none does a node set by action.

// Impact returns, for the target state, the posterior it would have if
// each unobserved node were observed in each of its states (the tornado
// of evidence impact); decisions are left out. The beliefs shown stay
// those of the findings.
func (w *Workspace) Impact(target, state int) ([]analysis.ImpactRow, error) {
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	rows, err := analysis.Impact(jt, w.ev, target, state)
	return slices.DeleteFunc(rows, func(r analysis.ImpactRow) bool { return w.isDecision(r.Node) }), err
}

// Explain weighs each current finding for the target state.
func (w *Workspace) Explain(target, state int) ([]analysis.Weight, error) {
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	return analysis.Explain(jt, w.ev, target, state)
}

// VOI ranks the unobserved nodes other than decisions by the information
// they would give about the target.
func (w *Workspace) VOI(target int) ([]analysis.VOIRow, error) {
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	rows, err := analysis.VOI(jt, w.ev, target)
	return slices.DeleteFunc(rows, func(r analysis.VOIRow) bool { return w.isDecision(r.Node) }), err
}

// Sensitivity lists the top CPT entries the target state depends on
// most (all for top ≤ 0), those of decisions' tables left out.
func (w *Workspace) Sensitivity(target, state, top int) ([]analysis.Param, error) {
	all := top
	if slices.ContainsFunc(w.Model().Nodes, func(nd model.Node) bool { return nd.Role == model.RoleDecision }) {
		all = 0 // the decisions' entries are dropped before the top is taken
	}
	jt, err := w.exactEngine()
	if err != nil {
		return nil, err
	}
	ps, err := analysis.Sensitivity(jt, w.ev, target, state, all)
	ps = slices.DeleteFunc(ps, func(p analysis.Param) bool { return w.isDecision(p.Node) })
	if top > 0 && len(ps) > top {
		ps = ps[:top]
	}
	return ps, err
}

// isDecision reports whether v is a decision node of the open model.
func (w *Workspace) isDecision(v int) bool {
	nodes := w.Model().Nodes
	return v >= 0 && v < len(nodes) && nodes[v].Role == model.RoleDecision
}

// Job is work that runs off the workspace's goroutine on a snapshot
// taken when it started. It belongs to the generation of model and
// findings it started from: the next change of either cancels its
// context, and Current then reports false, so that a late result is
// never shown against findings it was not computed for.
type Job struct {
	ctx    context.Context
	cancel context.CancelFunc
	gen    uint64
}

// Context is done when the job is cancelled, by Cancel or by a change of
// model or findings. It may be used on any goroutine.
func (j *Job) Context() context.Context { return j.ctx }

// Cancel stops the job. It may be called on any goroutine, more than
// once.
func (j *Job) Cancel() { j.cancel() }

// startJob binds a new job to the current generation.
func (w *Workspace) startJob() *Job {
	if w.genCtx == nil {
		w.genCtx, w.genCancel = context.WithCancel(context.Background())
	}
	ctx, cancel := context.WithCancel(w.genCtx)
	return &Job{ctx: ctx, cancel: cancel, gen: w.gen}
}

// Current reports whether j was started on the model and findings the
// workspace holds now. Like every method of the workspace it is called on
// the workspace's goroutine (in the GUI, inside fyne.Do, before showing
// j's result). A job the user cancelled stays current: its partial result
// still describes these findings.
func (w *Workspace) Current(j *Job) bool { return j.gen == w.gen }

// UncertaintyJob is one "How sure?" run, with the snapshot it works on.
type UncertaintyJob struct {
	*Job
	// Target is the variable whose posterior is sampled.
	Target int
	m      *model.Model // the network and the nodes' confidences only
	ev     *network.Evidence
	opts   uncertainty.Options
}

// StartUncertainty prepares a run of uncertainty.Run on target, which
// samples the CPTs around their stated values and reports the spread of
// the target's posterior. It takes everything the run reads — the network
// the beliefs are shown on (immutable: for a model with decisions the
// policy network the last propagation installed, not solved again), the
// nodes' confidences, a copy of the findings — now, on the workspace's
// goroutine, so that Run may then go on another goroutine while the
// analyst keeps clicking. Decisions' tables are never sampled
// (decision.SamplingModel). A target that is not a variable is refused.
func (w *Workspace) StartUncertainty(target int, opts uncertainty.Options) (*UncertaintyJob, error) {
	if err := w.checkNode(target); err != nil {
		return nil, err
	}
	snap, def := decision.SamplingModel(w.Model(), w.engine.Network(), opts.DefaultConfidence)
	opts.DefaultConfidence = def
	return &UncertaintyJob{Job: w.startJob(), Target: target, m: snap, ev: w.ev.Clone(), opts: opts}, nil
}

// Run samples, calling the options' Progress on its own goroutine. It
// reads only the job's snapshot and may run on any goroutine. When the job
// is cancelled it returns early with the partial result and an error
// wrapping context.Canceled (see uncertainty.Run). It releases the job's
// context when it returns.
func (j *UncertaintyJob) Run() (*uncertainty.Result, error) {
	defer j.cancel()
	return uncertainty.Run(j.ctx, j.m, j.ev, j.Target, j.opts)
}
