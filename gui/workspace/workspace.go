// Package workspace is the presenter behind Brink's window: it holds the
// open model, the current findings and the compiled engine, and exposes
// one method per thing an analyst can do (set a finding, apply a scenario,
// undo, save). Widgets call these methods and redraw when told; no
// probability arithmetic lives in the widgets.
//
// The package does not import Fyne, so everything an analyst can do is
// tested without a display.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"

	"brink/gui/cardlayout"
	"brink/internal/atomicfile"
	"brink/internal/modelio"
	"brink/network"
	"brink/network/decision"
	"brink/network/formats"
	"brink/network/model"
)

// Workspace is one open model with its findings. It is not safe for
// concurrent use; the GUI calls it from its own goroutine.
type Workspace struct {
	doc      *formats.Document
	ev       *network.Evidence
	engine   beliefEngine
	baseline [][]float64 // posteriors with no findings
	undo     []step      // changes to undo, the last on top
	redo     []step      // undone changes to redo
	dirty    bool
	scenario string // the scenario last applied, if the findings still match it
	builtin  bool   // the model is one shipped inside the binary
	// positions of the cards, the variables' then the utilities'
	// (cardlayout.Count): the model's, or an automatic layout.
	positions []model.Point
	// prov holds the provenance of current findings that came from a
	// saved scenario, by node name; a finding that changes loses it.
	prov map[string]*model.Provenance

	listeners []func(Change)

	// gen counts changes of model or findings; a Job remembers the
	// generation it started in. genCtx is the parent of the running
	// jobs' contexts, cancelled when gen moves on (nil until a job
	// starts).
	gen       uint64
	genCtx    context.Context
	genCancel context.CancelFunc

	// diag is the influence diagram of model diagModel, nil when it has
	// none (see diagram).
	diag      *decision.Diagram
	diagModel *model.Model
	// polSol is the diagram's solution for evidence polEv, found by the
	// last propagation.
	polSol *decision.Solution
	polEv  *network.Evidence

	// dec caches Decisions for generation decGen of model decModel.
	dec      *Decisions
	decErr   error
	decGen   uint64
	decModel *model.Model

	// exp caches ExpectedUtilities for generation expGen of model
	// expModel (expOK false: none could be found).
	exp      []float64
	expOK    bool
	expGen   uint64
	expModel *model.Model
}

// Change says what changed, so that views redraw only what they must.
type Change int

// The kinds of change.
const (
	// ChangeBeliefs: findings changed and every posterior was recomputed.
	ChangeBeliefs Change = 1 << iota
	// ChangeModel: a new model was opened (everything changed).
	ChangeModel
	// ChangeScenarios: scenarios were added, renamed or deleted.
	ChangeScenarios
	// ChangeLayout: node positions moved.
	ChangeLayout
	// ChangeFile: the file name or the unsaved-changes mark changed.
	ChangeFile
)

// New opens a document in a workspace, compiling its network.
func New(doc *formats.Document) (*Workspace, error) {
	p, err := Prepare(context.Background(), doc)
	if err != nil {
		return nil, err
	}
	w := &Workspace{}
	w.adopt(p)
	return w, nil
}

// NewBuiltin opens one of the models shipped in the binary; saving it
// needs Save As.
func NewBuiltin(doc *formats.Document) (*Workspace, error) {
	w, err := New(doc)
	if err != nil {
		return nil, err
	}
	w.builtin = true
	return w, nil
}

// Builtin reports whether the model is a shipped one with no file of its
// own yet.
func (w *Workspace) Builtin() bool { return w.builtin }

// Prepared is a loaded document made ready to open: its network
// compiled, its beliefs without findings computed, its cards laid out.
// Adopt makes it a workspace's model.
type Prepared struct {
	doc       *formats.Document
	engine    beliefEngine
	ev        *network.Evidence
	baseline  [][]float64
	positions []model.Point
}

// Prepare does the work of opening doc that can take time — compiling
// the junction tree, propagating no findings, laying out cards without
// positions — without touching any workspace, so that it may run off the
// GUI's goroutine. ctx is checked between the steps; when it is done
// Prepare returns an error wrapping ctx.Err(). A Prepared is meant to be
// adopted by one workspace, once.
func Prepare(ctx context.Context, doc *formats.Document) (*Prepared, error) {
	if doc == nil || doc.Model == nil || doc.Model.Net == nil {
		return nil, errors.New("workspace: no model to open")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("workspace: opening %s: %w", doc.Path, err)
	}
	jt, err := compileEngine(doc.Model.Net)
	if err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	// A model with decisions is shown under its best policies.
	if dg, err := decision.FromModel(doc.Model); err == nil {
		if pn, _ := policyNetwork(dg, network.NewEvidence(doc.Model.Net)); pn != nil {
			if err := jt.SetNetwork(pn); err != nil {
				return nil, fmt.Errorf("workspace: %w", err)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("workspace: opening %s: %w", doc.Path, err)
	}
	ev := network.NewEvidence(doc.Model.Net)
	if err := jt.Propagate(ev); err != nil {
		return nil, fmt.Errorf("workspace: the model without findings: %w", err)
	}
	base := make([][]float64, doc.Model.Net.NumVariables())
	for v := range base {
		base[v] = slices.Clone(jt.Posterior(v))
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("workspace: opening %s: %w", doc.Path, err)
	}
	pos, how := cardlayout.Place(doc.Model)
	if how >= cardlayout.Scaled {
		// The file's positions would stack cards: the cards are spread
		// or laid out afresh. The model takes the new positions (a
		// save writes them, and a node moved later keeps its place
		// among them) but is not marked changed: the analyst did
		// nothing.
		for i := range pos {
			store(doc.Model, i, pos[i])
		}
	}
	return &Prepared{doc: doc, engine: jt, ev: ev, baseline: base, positions: pos}, nil
}

// Warnings returns what the reader noted about the prepared document.
func (p *Prepared) Warnings() []string { return p.doc.Warnings }

// adopt replaces the model, findings, history and unsaved-changes mark
// with p's; it cannot fail.
func (w *Workspace) adopt(p *Prepared) {
	w.doc, w.ev, w.engine, w.baseline = p.doc, p.ev, p.engine, p.baseline
	w.undo, w.redo, w.dirty, w.scenario = nil, nil, false, ""
	w.prov = map[string]*model.Provenance{}
	w.positions = p.positions
}

// layout returns each card's position, as the views and exports place
// it (see package cardlayout).
func layout(m *model.Model) []model.Point { return cardlayout.Positions(m) }

// store records p as the position of card i of m (cardlayout.Count),
// a node's or a utility's.
func store(m *model.Model, i int, p model.Point) {
	if k, ok := cardlayout.UtilityOf(m, i); ok {
		m.Utilities[k].Position = &p
		return
	}
	m.Nodes[i].Position = &p
}

// finite reports whether p is a finite position.
func finite(p *model.Point) bool { return cardlayout.Finite(p) }

// Position returns the centre of node v's card. v must be a variable
// index of the open model; it panics otherwise (a programmer error: the
// views ask only for the nodes of the model they draw).
func (w *Workspace) Position(v int) model.Point { return w.positions[v] }

// MoveNodeLive moves node v while it is being dragged, without recording
// a change to the model. A node index that is not the open model's, or a
// position that is not finite, is refused and nothing moves: a drag can
// outlive the model it began on.
func (w *Workspace) MoveNodeLive(v int, p model.Point) error {
	if err := w.checkMove(v, p); err != nil {
		return err
	}
	w.positions[v] = p
	return nil
}

// checkMove refuses a move of a node that does not exist, or to a
// position with a NaN or infinite coordinate.
func (w *Workspace) checkMove(v int, p model.Point) error {
	if err := w.checkNode(v); err != nil {
		return err
	}
	if !finite(&p) {
		return fmt.Errorf("workspace: node %q: position (%v, %v) is not finite", w.Network().Name(v), p.X, p.Y)
	}
	return nil
}

// checkNode refuses a variable index that is not the open model's.
func (w *Workspace) checkNode(v int) error {
	if n := w.Network().NumVariables(); v < 0 || v >= n {
		return fmt.Errorf("workspace: node index %d (the model has %d nodes): %w", v, n, network.ErrUnknownVariable)
	}
	return nil
}

// OnChange registers f to be called after every change.
func (w *Workspace) OnChange(f func(Change)) { w.listeners = append(w.listeners, f) }

// notify tells the listeners about c. A change of model or findings
// first starts a new generation, cancelling the jobs of the old one, so
// that no listener sees a job as current once its inputs are gone.
func (w *Workspace) notify(c Change) {
	if c&(ChangeModel|ChangeBeliefs) != 0 {
		w.gen++
		if w.genCancel != nil {
			w.genCancel()
			w.genCtx, w.genCancel = nil, nil
		}
	}
	for _, f := range w.listeners {
		f(c)
	}
}

// Model returns the open model. Callers must not modify it; use the
// workspace's methods.
func (w *Workspace) Model() *model.Model { return w.doc.Model }

// Network returns the open model's network.
func (w *Workspace) Network() *network.Network { return w.doc.Model.Net }

// Path returns the file the model came from ("" for a new or embedded
// model that has not been saved).
func (w *Workspace) Path() string { return w.doc.Path }

// Title is the window title: the file name, with a mark when there are
// unsaved changes.
func (w *Workspace) Title() string {
	name := filepath.Base(w.doc.Path)
	if w.doc.Path == "" {
		name = "untitled"
	}
	if w.doc.Model.Title != "" {
		name = w.doc.Model.Title + " — " + name
	}
	if w.dirty {
		name = "● " + name
	}
	return name + " — Brink"
}

// Dirty reports unsaved changes to the model (findings are not part of
// the file unless saved as a scenario, so they do not count).
func (w *Workspace) Dirty() bool { return w.dirty }

// Warnings returns what the reader noted when loading (e.g. normalised
// rows).
func (w *Workspace) Warnings() []string { return w.doc.Warnings }

// Posterior returns P(v | findings). The slice belongs to the engine. v
// must be a variable index of the open model; it panics otherwise (a
// programmer error: the views ask only for the nodes of the model they
// draw, and the analyses check their target before reading it).
func (w *Workspace) Posterior(v int) []float64 { return w.engine.Posterior(v) }

// Baseline returns P(v) with no findings. v must be a variable index of
// the open model; it panics otherwise, as Posterior does.
func (w *Workspace) Baseline(v int) []float64 { return w.baseline[v] }

// ProbEvidence returns the probability of the current findings.
func (w *Workspace) ProbEvidence() float64 { return w.engine.ProbEvidence() }

// Finding returns the finding on v, if any; none for an index that is
// not a variable.
func (w *Workspace) Finding(v int) (network.Finding, bool) { return w.ev.Finding(v) }

// Evidence returns a copy of the current findings.
func (w *Workspace) Evidence() *network.Evidence { return w.ev.Clone() }

// AppliedScenario names the scenario whose findings are shown, or "".
func (w *Workspace) AppliedScenario() string { return w.scenario }

// apply propagates candidate findings; on success they become current and
// the previous ones go on the undo stack. Impossible evidence is refused
// and nothing changes.
func (w *Workspace) apply(next *network.Evidence) error {
	return w.applyThen(next, nil)
}

// applyThen is apply with a last step, run before the views are told, so
// that they redraw once.
func (w *Workspace) applyThen(next *network.Evidence, then func()) error {
	if err := w.propagate(next); err != nil {
		return err // the engine kept its previous results
	}
	w.undo = append(w.undo, step{ev: w.ev})
	w.redo = nil
	w.dropChangedProvenance(next)
	w.ev = next
	w.scenario = ""
	if then != nil {
		then()
	}
	w.notify(ChangeBeliefs)
	return nil
}

// dropChangedProvenance forgets the provenance of findings that next
// changes or removes: a note explains one observation, not another.
func (w *Workspace) dropChangedProvenance(next *network.Evidence) {
	for name := range w.prov {
		v, ok := w.Network().Index(name)
		if !ok {
			delete(w.prov, name)
			continue
		}
		a, okA := w.ev.Finding(v)
		b, okB := next.Finding(v)
		if okA != okB || a.Kind != b.Kind || a.State != b.State || !slices.Equal(a.Weights, b.Weights) {
			delete(w.prov, name)
		}
	}
}

// Provenance returns the recorded provenance of the current finding on v
// (from the scenario it was applied with), or nil, as for an index that
// is not a variable.
func (w *Workspace) Provenance(v int) *model.Provenance {
	if _, ok := w.ev.Finding(v); !ok {
		return nil
	}
	return w.prov[w.Network().Name(v)]
}

// ToggleState sets the hard finding v = s, or retracts it if it is
// already the finding on v: the click on a state in the network view.
func (w *Workspace) ToggleState(v, s int) error {
	next := w.ev.Clone()
	if f, ok := next.Finding(v); ok && f.Kind == network.Hard && f.State == s {
		next.Retract(v)
	} else if d, set := next.Do(v); set && d == s {
		next.Retract(v) // a click on the state set by action takes the action back
	} else {
		next.Retract(v) // an observation replaces an action on v
		if err := next.SetState(v, s); err != nil {
			return err
		}
	}
	return w.apply(next)
}

// SetState sets the hard finding v = s, replacing an action on v.
func (w *Workspace) SetState(v, s int) error {
	next := w.ev.Clone()
	if _, set := next.Do(v); set {
		next.Retract(v)
	}
	if err := next.SetState(v, s); err != nil {
		return err
	}
	return w.apply(next)
}

// ExcludeState records that v is not in state s (adding to other
// exclusions on v).
func (w *Workspace) ExcludeState(v, s int) error {
	next := w.ev.Clone()
	if _, set := next.Do(v); set {
		next.Retract(v)
	}
	if err := next.SetNotState(v, s); err != nil {
		return err
	}
	return w.apply(next)
}

// SetLikelihood records soft evidence on v.
func (w *Workspace) SetLikelihood(v int, weights []float64) error {
	next := w.ev.Clone()
	if _, set := next.Do(v); set {
		next.Retract(v)
	}
	if err := next.SetLikelihood(v, weights); err != nil {
		return err
	}
	return w.apply(next)
}

// SetDo sets v to state s by action (Pearl's do), replacing any finding
// on v: v's effects move, its causes keep their beliefs. One undoable
// step, like a finding.
func (w *Workspace) SetDo(v, s int) error {
	next := w.ev.Clone()
	next.Retract(v)
	if err := next.SetDo(v, s); err != nil {
		return err
	}
	return w.apply(next)
}

// Action returns the state v is set to by action, and whether it is.
func (w *Workspace) Action(v int) (int, bool) { return w.ev.Do(v) }

// Retract removes the finding on v, or the action setting it.
func (w *Workspace) Retract(v int) error {
	_, observed := w.ev.Finding(v)
	_, set := w.ev.Do(v)
	if !observed && !set {
		return nil
	}
	next := w.ev.Clone()
	next.Retract(v)
	return w.apply(next)
}

// ClearFindings removes every finding and every action.
func (w *Workspace) ClearFindings() error {
	if w.ev.Len() == 0 && w.ev.DoLen() == 0 {
		return nil
	}
	return w.apply(network.NewEvidence(w.Network()))
}

// step is one undoable change, holding what to restore: findings (ev),
// the cards' layout (layout, for View → Arrange), or the whole model
// before an edit (model).
type step struct {
	ev     *network.Evidence
	layout *layoutState
	model  *modelState
}

// CanUndo reports whether there is a change of findings or layout to
// undo.
func (w *Workspace) CanUndo() bool { return len(w.undo) > 0 }

// CanRedo reports whether there is an undone change to redo.
func (w *Workspace) CanRedo() bool { return len(w.redo) > 0 }

// Undo restores the findings, or the layout, before the last change.
func (w *Workspace) Undo() error {
	if len(w.undo) == 0 {
		return nil
	}
	prev := w.undo[len(w.undo)-1]
	back, err := w.restore(prev)
	if err != nil {
		return err
	}
	w.undo = w.undo[:len(w.undo)-1]
	w.redo = append(w.redo, back)
	return nil
}

// Redo re-applies the last undone change. Like Undo it forgets the
// applied scenario: the findings it brings back need not be the
// scenario's.
func (w *Workspace) Redo() error {
	if len(w.redo) == 0 {
		return nil
	}
	next := w.redo[len(w.redo)-1]
	back, err := w.restore(next)
	if err != nil {
		return err
	}
	w.redo = w.redo[:len(w.redo)-1]
	w.undo = append(w.undo, back)
	return nil
}

// restore makes st's findings or layout current and tells the views; it
// returns the step that goes back to what was current.
func (w *Workspace) restore(st step) (step, error) {
	if st.layout != nil {
		back := step{layout: w.layoutState()}
		w.setLayout(st.layout)
		return back, nil
	}
	if st.model != nil {
		back := step{model: w.modelState()}
		w.setModelState(st.model)
		return back, nil
	}
	if err := w.propagate(st.ev); err != nil {
		return step{}, err // cannot happen: st.ev was possible when it was current
	}
	back := step{ev: w.ev}
	w.dropChangedProvenance(st.ev)
	w.ev = st.ev
	w.scenario = ""
	w.notify(ChangeBeliefs)
	return back, nil
}

// ApplyScenario replaces the findings with a saved scenario's.
func (w *Workspace) ApplyScenario(name string) error {
	m := w.Model()
	sc, ok := m.Scenario(name)
	if !ok {
		return fmt.Errorf("workspace: no scenario %q", name)
	}
	ev, err := m.Evidence(sc)
	if err != nil {
		return err
	}
	err = w.applyThen(ev, func() {
		w.scenario = name
		clear(w.prov)
		for _, f := range sc.Findings {
			if f.Provenance != nil {
				p := *f.Provenance
				w.prov[f.Node] = &p
			}
		}
	})
	if err != nil {
		return fmt.Errorf("scenario %q: %w", name, err)
	}
	return nil
}

// ErrScenarioExists is returned when a scenario name is taken.
var ErrScenarioExists = errors.New("a scenario of that name exists")

// SaveScenario stores the current findings as a new scenario, with the
// given provenance per node name (nil or missing: the provenance the
// finding already has, if any). Provenance is checked as the model file
// checks it: dates YYYY-MM-DD, reliability A–F, credibility 1–6.
func (w *Workspace) SaveScenario(name, description, author string, provenance map[string]*model.Provenance) error {
	return w.saveScenario(model.Scenario{Name: name, Description: description, Author: author}, provenance)
}

// saveScenario is SaveScenario of sc, whose findings are filled in.
func (w *Workspace) saveScenario(sc model.Scenario, provenance map[string]*model.Provenance) error {
	m := w.Model()
	name := sc.Name
	if name == "" {
		return errors.New("workspace: a scenario needs a name")
	}
	if _, ok := m.Scenario(name); ok {
		return fmt.Errorf("workspace: %q: %w", name, ErrScenarioExists)
	}
	for _, f := range w.modelFindings() {
		mf := f
		p := provenance[mf.Node]
		if p == nil {
			p = w.prov[mf.Node]
		}
		if p != nil && *p != (model.Provenance{}) {
			if err := checkProvenance(mf.Node, p); err != nil {
				return err
			}
			cp := *p
			mf.Provenance = &cp
		}
		sc.Findings = append(sc.Findings, mf)
	}
	m = w.forkScenarios()
	m.Scenarios = append(m.Scenarios, sc)
	w.scenario = name
	for _, f := range sc.Findings {
		if f.Provenance != nil {
			w.prov[f.Node] = f.Provenance
		}
	}
	w.markDirty(ChangeScenarios)
	return nil
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkProvenance applies the model file's rules, so that a saved
// scenario always reads back.
func checkProvenance(node string, p *model.Provenance) error {
	switch {
	case p.Observed != "" && !dateRE.MatchString(p.Observed):
		return fmt.Errorf("finding on %s: date observed %q is not YYYY-MM-DD", node, p.Observed)
	case p.Reliability != "" && (len(p.Reliability) != 1 || p.Reliability[0] < 'A' || p.Reliability[0] > 'F'):
		return fmt.Errorf("finding on %s: reliability %q is not A–F", node, p.Reliability)
	case p.Credibility < 0 || p.Credibility > 6:
		return fmt.Errorf("finding on %s: credibility %d is not 1–6", node, p.Credibility)
	}
	return nil
}

// modelFindings returns the current findings and actions in the by-name
// form saved in files, findings first.
func (w *Workspace) modelFindings() []model.Finding {
	var out []model.Finding
	for _, f := range w.ev.Findings() {
		out = append(out, w.modelFinding(f))
	}
	n := w.Network()
	for _, it := range w.ev.Interventions() {
		out = append(out, model.Finding{Node: n.Name(it.Variable), Kind: network.Hard, State: n.Variable(it.Variable).States[it.State], Action: true})
	}
	return out
}

// modelFinding converts an engine finding into the by-name form saved in
// files.
func (w *Workspace) modelFinding(f network.Finding) model.Finding {
	n := w.Network()
	v := n.Variable(f.Variable)
	mf := model.Finding{Node: v.Name, Kind: f.Kind}
	switch f.Kind {
	case network.Hard:
		mf.State = v.States[f.State]
	case network.Negative:
		for s, x := range f.Weights {
			if x == 0 {
				mf.NotStates = append(mf.NotStates, v.States[s])
			}
		}
	case network.Likelihood:
		mf.Weights = slices.Clone(f.Weights)
	}
	return mf
}

// RenameScenario renames a scenario.
func (w *Workspace) RenameScenario(old, name string) error {
	m := w.Model()
	if _, ok := m.Scenario(old); !ok {
		return fmt.Errorf("workspace: no scenario %q", old)
	}
	if name == "" {
		return errors.New("workspace: a scenario needs a name")
	}
	if _, taken := m.Scenario(name); taken && name != old {
		return fmt.Errorf("workspace: %q: %w", name, ErrScenarioExists)
	}
	if name == old {
		return nil
	}
	m = w.forkScenarios()
	sc, _ := m.Scenario(old)
	sc.Name = name
	if w.scenario == old {
		w.scenario = name
	}
	w.markDirty(ChangeScenarios)
	return nil
}

// DeleteScenario removes a scenario.
func (w *Workspace) DeleteScenario(name string) error {
	m := w.Model()
	i := slices.IndexFunc(m.Scenarios, func(s model.Scenario) bool { return s.Name == name })
	if i < 0 {
		return fmt.Errorf("workspace: no scenario %q", name)
	}
	m = w.forkScenarios()
	m.Scenarios = slices.Delete(m.Scenarios, i, i+1)
	if w.scenario == name {
		w.scenario = ""
	}
	w.markDirty(ChangeScenarios)
	return nil
}

// MoveNode sets the layout position of v, to be saved with the model. A
// node index that is not the open model's, or a position that is not
// finite, is refused and nothing changes.
func (w *Workspace) MoveNode(v int, p model.Point) error {
	if err := w.checkMove(v, p); err != nil {
		return err
	}
	w.positions[v] = p
	w.Model().Nodes[v].Position = &p
	w.markDirty(ChangeLayout)
	return nil
}

// NumUtilities returns the number of the model's utility nodes
// (model.Model.Utilities), which have cards but are not variables.
func (w *Workspace) NumUtilities() int { return len(w.Model().Utilities) }

// UtilityPosition returns the centre of utility k's card. k must be an
// index of the model's utilities; it panics otherwise (a programmer
// error, as for Position).
func (w *Workspace) UtilityPosition(k int) model.Point {
	return w.positions[cardlayout.UtilityCard(w.Model(), k)]
}

// MoveUtilityLive moves utility k's card while it is being dragged,
// without recording a change to the model, as MoveNodeLive moves a
// node's. An index that is not one of the model's utilities, or a
// position that is not finite, is refused and nothing moves.
func (w *Workspace) MoveUtilityLive(k int, p model.Point) error {
	if err := w.checkUtilityMove(k, p); err != nil {
		return err
	}
	w.positions[cardlayout.UtilityCard(w.Model(), k)] = p
	return nil
}

// MoveUtility sets the layout position of utility k's card, to be saved
// with the model (model.Utility.Position), as MoveNode does a node's.
// An index that is not one of the model's utilities, or a position that
// is not finite, is refused and nothing changes.
func (w *Workspace) MoveUtility(k int, p model.Point) error {
	if err := w.checkUtilityMove(k, p); err != nil {
		return err
	}
	w.positions[cardlayout.UtilityCard(w.Model(), k)] = p
	w.Model().Utilities[k].Position = &p
	w.markDirty(ChangeLayout)
	return nil
}

// ErrUnknownUtility is returned for a utility index that is not the open
// model's.
var ErrUnknownUtility = errors.New("no such utility")

// checkUtilityMove refuses a move of a utility that does not exist, or
// to a position with a NaN or infinite coordinate.
func (w *Workspace) checkUtilityMove(k int, p model.Point) error {
	us := w.Model().Utilities
	if k < 0 || k >= len(us) {
		return fmt.Errorf("workspace: utility index %d (the model has %d): %w", k, len(us), ErrUnknownUtility)
	}
	if !finite(&p) {
		return fmt.Errorf("workspace: utility %q: position (%v, %v) is not finite", us[k].DisplayLabel(), p.X, p.Y)
	}
	return nil
}

func (w *Workspace) markDirty(c Change) {
	was := w.dirty
	w.dirty = true
	if !was {
		c |= ChangeFile
	}
	w.notify(c)
}

// Save writes the model back to its file, a Brink model file (.toml):
// the document of record, which the title and the unsaved-changes mark
// follow. It refuses to overwrite a file that changed on disk since it
// was loaded (atomicfile.ErrChangedOnDisk) or a read-only one
// (atomicfile.ErrReadOnly) unless force is set; SaveWith overrides one
// refusal at a time.
func (w *Workspace) Save(force bool) error {
	f := modelio.Force(0)
	if force {
		f = modelio.ForceAll
	}
	return w.SaveWith(f)
}

// ErrNeedsSaveAs is returned by Save when the model has no .toml file of
// its own yet.
var ErrNeedsSaveAs = errors.New("the model has no Brink model file (.toml) yet; use Save As")

// SaveWith is Save overriding the refusals in force.
func (w *Workspace) SaveWith(force modelio.Force) error {
	if w.NeedsSaveAs() {
		return fmt.Errorf("workspace: %w", ErrNeedsSaveAs)
	}
	return w.SaveAs(w.doc.Path, force)
}

// NeedsSaveAs reports whether saving needs a file name first: the model
// is a shipped one, or new, or was opened from another tool's format
// (Save writes only .toml; writing the other format is ExportModel).
func (w *Workspace) NeedsSaveAs() bool {
	return w.builtin || w.doc.Path == "" || !modelio.IsTOML(w.doc.Path)
}

// SaveAs writes the model to path, which must be a .toml file
// (modelio.ErrNotTOML otherwise; other formats are ExportModel's), and
// makes it the workspace's file. Saving over the file the model came from
// is checked against its contents when loaded, as Save is; force says
// which refusals to override.
func (w *Workspace) SaveAs(path string, force modelio.Force) error {
	var expect *atomicfile.Stamp
	if !w.builtin && w.doc.Path != "" && samePath(path, w.doc.Path) {
		expect = &atomicfile.Stamp{Exists: true, Sum: w.doc.Sum}
	}
	stamp, err := modelio.Save(path, w.Model(), expect, force)
	if err != nil {
		return err
	}
	f, err := formats.ByPath(path)
	if err != nil {
		return err // cannot happen: Save took it as .toml
	}
	w.doc.Path, w.doc.Sum, w.doc.Format = path, stamp.Sum, f
	w.dirty, w.builtin = false, false
	w.notify(ChangeFile)
	return nil
}

// Open replaces the workspace's model with a loaded document: Prepare
// and Adopt in one step. On error the workspace is as it was, with its
// findings, undo history and unsaved changes.
func (w *Workspace) Open(doc *formats.Document) error {
	p, err := Prepare(context.Background(), doc)
	if err != nil {
		return err
	}
	w.Adopt(p)
	return nil
}

// Adopt makes a prepared document the open model, replacing the current
// one with its findings, undo history and unsaved changes (the GUI asks
// first), cancels the running jobs and tells the views. p must come from
// Prepare and not have been adopted before.
func (w *Workspace) Adopt(p *Prepared) {
	w.adopt(p)
	w.builtin = false
	w.notify(ChangeModel | ChangeFile | ChangeBeliefs | ChangeScenarios | ChangeLayout)
}

// Comparison holds the posteriors of some nodes under several scenarios.
type Comparison struct {
	Scenarios []string // names, as asked for
	Titles    []string // what a person reads: each scenario's title, or "baseline"
	Rows      []ComparisonRow
}

// ComparisonRow is one state of one node across the scenarios.
type ComparisonRow struct {
	Node, State string
	Values      []float64 // by scenario
}

// Compare propagates each named scenario and collects the posteriors of
// nodes ("" names the baseline with no findings). The current findings
// and beliefs are restored afterwards. A node index that is not a
// variable, or an unknown scenario, is an error.
func (w *Workspace) Compare(names []string, nodes []int) (*Comparison, error) {
	m := w.Model()
	for _, v := range nodes {
		if err := w.checkNode(v); err != nil {
			return nil, err
		}
	}
	defer w.propagate(w.ev) // was possible before; restores the beliefs
	c := &Comparison{Scenarios: names, Titles: make([]string, len(names))}
	for _, v := range nodes {
		for s := range m.Net.Card(v) {
			c.Rows = append(c.Rows, ComparisonRow{Node: m.Label(v), State: m.StateLabel(v, s), Values: make([]float64, len(names))})
		}
	}
	for i, name := range names {
		ev := network.NewEvidence(m.Net)
		if name != "" {
			sc, ok := m.Scenario(name)
			if !ok {
				return nil, fmt.Errorf("workspace: no scenario %q", name)
			}
			var err error
			if ev, err = m.Evidence(sc); err != nil {
				return nil, err
			}
			c.Titles[i] = sc.DisplayTitle()
		} else {
			c.Titles[i] = "baseline"
		}
		if err := w.propagate(ev); err != nil {
			return nil, fmt.Errorf("scenario %q: %w", name, err)
		}
		r := 0
		for _, v := range nodes {
			for _, p := range w.engine.Posterior(v) {
				c.Rows[r].Values[i] = p
				r++
			}
		}
	}
	return c, nil
}
