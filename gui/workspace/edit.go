package workspace

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"brink/gui/cardlayout"
	"brink/network"
	"brink/network/decision"
	"brink/network/edit"
	"brink/network/formats"
	"brink/network/model"
)

// ChangeEdit is the change an edit of the model makes (and its undo):
// the network, its tables or its documentation changed in place, node
// indices may have moved, and the beliefs were recomputed. Views rebuild
// what shows the model but keep their zoom and, where the node is still
// there, their selection.
const ChangeEdit = ChangeFile << 1

// modelState is everything an edit changes and its undo restores: the
// model with its compiled network and beliefs, the findings, the cards'
// positions, and the unsaved-changes mark with the file it refers to.
type modelState struct {
	m         *model.Model
	ev        *network.Evidence
	engine    beliefEngine
	baseline  [][]float64
	positions []model.Point
	scenario  string
	prov      map[string]*model.Provenance
	dirty     bool
	path      string
	sum       [32]byte
}

func (w *Workspace) modelState() *modelState {
	return &modelState{
		m: w.doc.Model, ev: w.ev, engine: w.engine, baseline: w.baseline,
		positions: slices.Clone(w.positions), scenario: w.scenario, prov: maps.Clone(w.prov),
		dirty: w.dirty, path: w.doc.Path, sum: w.doc.Sum,
	}
}

// forkScenarios starts an undoable change of the scenarios: it puts the
// current state on the undo stack and makes the open model a copy whose
// list of scenarios can change without touching the state kept for undo.
func (w *Workspace) forkScenarios() *model.Model {
	w.undo = append(w.undo, step{model: w.modelState()})
	w.redo = nil
	m := *w.doc.Model
	m.Scenarios = slices.Clone(m.Scenarios)
	w.doc.Model = &m
	return &m
}

// setModelState makes st current and tells the views. As with the
// layout, the unsaved-changes mark returns to st's only if the file is
// the one st was current with.
func (w *Workspace) setModelState(st *modelState) {
	// Cards keep where the analyst has since dragged them: moves are not
	// steps of their own, and undoing an edit should not undo them.
	moved := map[cardName]model.Point{}
	for i := range cardlayout.Count(w.Model()) {
		moved[cardKey(w.Model(), i)] = w.positions[i]
	}
	w.doc.Model, w.ev, w.engine, w.baseline = st.m, st.ev, st.engine, st.baseline
	w.positions = slices.Clone(st.positions)
	for i := range cardlayout.Count(w.Model()) {
		if p, ok := moved[cardKey(w.Model(), i)]; ok && p != w.positions[i] {
			w.positions[i] = p
			store(w.Model(), i, p)
		}
	}
	w.scenario, w.prov = st.scenario, maps.Clone(st.prov)
	was := w.dirty
	w.dirty = true
	if st.path == w.doc.Path && st.sum == w.doc.Sum {
		w.dirty = st.dirty
	}
	c := ChangeEdit | ChangeBeliefs | ChangeScenarios | ChangeLayout
	if was != w.dirty {
		c |= ChangeFile
	}
	w.notify(c)
}

// cardName identifies a card across edits, which renumber them: its
// variable's name, or its utility's id.
type cardName struct {
	utility bool
	name    string
}

// cardKey returns the name of card i of m (cardlayout.Count).
func cardKey(m *model.Model, i int) cardName {
	if k, ok := cardlayout.UtilityOf(m, i); ok {
		return cardName{utility: true, name: m.Utilities[k].ID}
	}
	return cardName{name: m.Net.Name(i)}
}

// EditDoc returns the open model and the current findings as package
// edit takes them.
func (w *Workspace) EditDoc() edit.Doc {
	return edit.Doc{Model: w.Model(), Findings: w.modelFindings()}
}

// Edit applies one edit of the model (a function of package edit, or a
// composition of them) as one undoable step: the network is recompiled,
// the findings the edit kept are set again, the beliefs recomputed, the
// cards keep their places (a new node goes where its position says, or
// below the others), and the model is marked changed. It returns the
// edit's notes — what it dropped or filled in — for the analyst. An edit
// that fails changes nothing.
func (w *Workspace) Edit(f func(edit.Doc) (edit.Doc, error)) ([]string, error) {
	next, err := f(w.EditDoc())
	if err != nil {
		return nil, err
	}
	if next.Model == nil || next.Model.Net == nil {
		return nil, errors.New("workspace: the edit returned no model")
	}
	st, notes, err := w.prepareEdit(next)
	if err != nil {
		return nil, err
	}
	w.undo = append(w.undo, step{model: w.modelState()})
	w.redo = nil
	st.dirty = true
	w.doc.Model, w.ev, w.engine, w.baseline = st.m, st.ev, st.engine, st.baseline
	w.positions = st.positions
	w.scenario, w.prov = st.scenario, st.prov
	w.dirty = true
	c := ChangeEdit | ChangeBeliefs | ChangeScenarios | ChangeLayout | ChangeFile
	w.notify(c)
	return append(next.Notes, notes...), nil
}

// prepareEdit compiles an edited model and sets its findings, returning
// the state to make current and notes on findings it had to drop.
func (w *Workspace) prepareEdit(next edit.Doc) (*modelState, []string, error) {
	m := next.Model
	n := m.Net
	jt, err := compileEngine(n)
	if err != nil {
		return nil, nil, fmt.Errorf("workspace: the edited network: %w", err)
	}
	// A model with decisions is shown under the policies best for the
	// findings and actions: first none, for the baseline.
	dg, _ := decision.FromModel(m)
	none := network.NewEvidence(n)
	baseNet := n
	if pn, _ := policyNetwork(dg, none); pn != nil {
		baseNet = pn
	}
	if err := jt.SetNetwork(baseNet); err != nil {
		return nil, nil, fmt.Errorf("workspace: %w", err)
	}
	if err := jt.Propagate(none); err != nil {
		return nil, nil, fmt.Errorf("workspace: the edited model without findings: %w", err)
	}
	base := make([][]float64, n.NumVariables())
	for v := range base {
		base[v] = slices.Clone(jt.Posterior(v))
	}
	var notes []string
	ev := network.NewEvidence(n)
	for _, f := range next.Findings {
		if err := m.AddFindings(ev, []model.Finding{f}); err != nil {
			notes = append(notes, fmt.Sprintf("the finding on %s was dropped: %v", f.Node, err))
		}
	}
	if ev.Len() > 0 || ev.DoLen() > 0 {
		// Then the findings and actions kept, the policies solved for
		// them (as propagate does).
		net := n
		if pn, _ := policyNetwork(dg, ev); pn != nil {
			net = pn
		}
		if err := jt.SetNetwork(net); err != nil {
			return nil, nil, fmt.Errorf("workspace: %w", err)
		}
		if err := jt.Propagate(ev); err != nil {
			notes = append(notes, "the findings are impossible under the edited model and were cleared")
			ev = none
			if err := jt.SetNetwork(baseNet); err != nil {
				return nil, nil, fmt.Errorf("workspace: %w", err)
			}
			if err := jt.Propagate(ev); err != nil {
				return nil, nil, fmt.Errorf("workspace: the edited model without findings: %w", err)
			}
		}
	}
	// Cards keep their places by node name (utilities' by id); the
	// model's stored positions follow the shown ones, so that the layout
	// saved is the layout seen.
	old := map[cardName]model.Point{}
	for i := range cardlayout.Count(w.Model()) {
		old[cardKey(w.Model(), i)] = w.positions[i]
	}
	for i := range cardlayout.Count(m) {
		if p, ok := old[cardKey(m, i)]; ok && cardlayout.Stored(m, i) == nil {
			store(m, i, p)
		}
	}
	positions := cardlayout.Positions(m)
	prov := map[string]*model.Provenance{}
	for name, p := range w.prov {
		if v, ok := n.Index(name); ok {
			if _, set := ev.Finding(v); set {
				prov[name] = p
			}
		}
	}
	scenario := w.scenario
	if _, ok := m.Scenario(scenario); !ok {
		scenario = ""
	}
	return &modelState{m: m, ev: ev, engine: jt, baseline: base, positions: positions, scenario: scenario, prov: prov}, notes, nil
}

// AddNode adds a node (edit.AddNode) and returns its index.
func (w *Workspace) AddNode(spec edit.NodeSpec) (int, []string, error) {
	notes, err := w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.AddNode(d, spec) })
	if err != nil {
		return -1, nil, err
	}
	return w.Network().NumVariables() - 1, notes, nil
}

// DeleteNode deletes node v (edit.DeleteNode); edit.Losses says first
// what goes with it.
func (w *Workspace) DeleteNode(v int) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.DeleteNode(d, v) })
}

// NodeLosses describes what deleting node v would take with it.
func (w *Workspace) NodeLosses(v int) []string { return edit.Losses(w.EditDoc(), v) }

// RenameNode gives node v a new id and label in one step.
func (w *Workspace) RenameNode(v int, id, label string) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) {
		d, err := edit.RenameNode(d, v, id)
		if err != nil {
			return d, err
		}
		info := edit.Info(d, v)
		info.Label = label
		return edit.SetInfo(d, v, info)
	})
}

// SetNodeInfo replaces node v's documentation (edit.SetInfo).
func (w *Workspace) SetNodeInfo(v int, info edit.NodeInfo) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetInfo(d, v, info) })
}

// AddState inserts a state (edit.AddState).
func (w *Workspace) AddState(v, at int, id, label string) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.AddState(d, v, at, id, label) })
}

// RenameState changes a state's id and label (edit.RenameState).
func (w *Workspace) RenameState(v, s int, id, label string) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.RenameState(d, v, s, id, label) })
}

// MoveState moves a state (edit.MoveState).
func (w *Workspace) MoveState(v, from, to int) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.MoveState(d, v, from, to) })
}

// DeleteState deletes a state (edit.DeleteState).
func (w *Workspace) DeleteState(v, s int) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.DeleteState(d, v, s) })
}

// AddEdge makes parent a parent of child (edit.AddEdge).
func (w *Workspace) AddEdge(parent, child int) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.AddEdge(d, parent, child) })
}

// RemoveEdge removes the edge parent → child (edit.RemoveEdge).
func (w *Workspace) RemoveEdge(parent, child int) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.RemoveEdge(d, parent, child) })
}

// SetRow replaces one row of node v's table (edit.SetRow).
func (w *Workspace) SetRow(v, row int, p []float64) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetRow(d, v, row, p) })
}

// SetCPT replaces node v's table (edit.SetCPT).
func (w *Workspace) SetCPT(v int, cpt []float64) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetCPT(d, v, cpt) })
}

// NewModel replaces the open model with an edit-built one (edit.Empty or
// edit.Template): it has no file until it is saved, and the old model's
// findings and history go, as with Open.
func (w *Workspace) NewModel(d edit.Doc) error {
	if d.Model == nil || d.Model.Net == nil {
		return errors.New("workspace: no model")
	}
	f, err := formats.ByPath("new.toml")
	if err != nil {
		return err // cannot happen: the Brink format is always known
	}
	return w.Open(&formats.Document{Model: d.Model, Format: f})
}

// OpenRecovered opens a model recovered from an autosaved copy: like
// Open, but marked as having unsaved changes, since the copy holds edits
// its file does not.
func (w *Workspace) OpenRecovered(doc *formats.Document) error {
	if err := w.Open(doc); err != nil {
		return err
	}
	w.dirty = true
	w.notify(ChangeFile)
	return nil
}

// ToTable turns node v's canonical model into the plain table it gives
// (edit.ToTable).
func (w *Workspace) ToTable(v int) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.ToTable(d, v) })
}
