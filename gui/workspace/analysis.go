package workspace

import (
	"context"

	"brink/network"
	"brink/network/analysis"
	"brink/network/model"
	"brink/network/uncertainty"
)

// Impact returns, for the target state, the posterior it would have if
// each unobserved node were observed in each of its states (the tornado
// of evidence impact). The beliefs shown stay those of the findings.
func (w *Workspace) Impact(target, state int) ([]analysis.ImpactRow, error) {
	return analysis.Impact(w.engine, w.ev, target, state)
}

// Explain weighs each current finding for the target state.
func (w *Workspace) Explain(target, state int) ([]analysis.Weight, error) {
	return analysis.Explain(w.engine, w.ev, target, state)
}

// VOI ranks the unobserved nodes by the information they would give about
// the target.
func (w *Workspace) VOI(target int) ([]analysis.VOIRow, error) {
	return analysis.VOI(w.engine, w.ev, target)
}

// Sensitivity lists the CPT entries the target state depends on most.
func (w *Workspace) Sensitivity(target, state, top int) ([]analysis.Param, error) {
	return analysis.Sensitivity(w.engine, w.ev, target, state, top)
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
// (immutable), the nodes' confidences, a copy of the findings — now, on
// the workspace's goroutine, so that Run may then go on another goroutine
// while the analyst keeps clicking. A target that is not a variable is
// refused.
func (w *Workspace) StartUncertainty(target int, opts uncertainty.Options) (*UncertaintyJob, error) {
	if err := w.checkNode(target); err != nil {
		return nil, err
	}
	m := w.Model()
	snap := &model.Model{Net: m.Net, Nodes: make([]model.Node, len(m.Nodes))}
	for v, nd := range m.Nodes {
		snap.Nodes[v].Confidence = nd.Confidence
	}
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
