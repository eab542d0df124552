package workspace

import (
	"context"

	"brink/network/analysis"
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

// Uncertainty samples the CPTs around their stated values and reports the
// spread of the target's posterior. It compiles its own engine and may be
// run on another goroutine while the workspace is used; it works on a
// snapshot of the findings taken when it is called.
func (w *Workspace) Uncertainty(ctx context.Context, target int, opts uncertainty.Options) (*uncertainty.Result, error) {
	return uncertainty.Run(ctx, w.Model(), w.ev.Clone(), target, opts)
}
