package workspace

import (
	"slices"

	"brink/gui/cardlayout"
	"brink/network/model"
)

// layoutState is what View → Arrange changes and its undo restores: the
// cards' positions, the model's stored positions of its nodes and
// utilities by card (cardlayout.Count; nil where the file had none), and
// the unsaved-changes mark with the file it refers to.
type layoutState struct {
	positions []model.Point
	stored    []*model.Point
	dirty     bool
	path      string
	sum       [32]byte
}

// layoutState captures the current layout.
func (w *Workspace) layoutState() *layoutState {
	st := &layoutState{positions: slices.Clone(w.positions), dirty: w.dirty, path: w.doc.Path, sum: w.doc.Sum}
	m := w.Model()
	for i := range cardlayout.Count(m) {
		var p *model.Point
		if sp := cardlayout.Stored(m, i); sp != nil {
			c := *sp
			p = &c
		}
		st.stored = append(st.stored, p)
	}
	return st
}

// setLayout makes st the current layout and tells the views. The
// unsaved-changes mark returns to st's if the file has not been saved
// since st was current; otherwise the layout now differs from the file.
func (w *Workspace) setLayout(st *layoutState) {
	w.positions = slices.Clone(st.positions)
	m := w.Model()
	for i, p := range st.stored {
		if p != nil {
			c := *p
			p = &c
		}
		if k, ok := cardlayout.UtilityOf(m, i); ok {
			m.Utilities[k].Position = p
		} else {
			m.Nodes[i].Position = p
		}
	}
	was := w.dirty
	w.dirty = true
	if st.path == w.doc.Path && st.sum == w.doc.Sum {
		w.dirty = st.dirty
	}
	c := ChangeLayout
	if was != w.dirty {
		c |= ChangeFile
	}
	w.notify(c)
}

// Arrange lays every card out afresh, utilities' too (a layered layout,
// package autolayout, through cardlayout.Arrange): View → Arrange. It is
// a change to the model, saved with it, and undone by Undo.
func (w *Workspace) Arrange() {
	before := w.layoutState()
	pts := cardlayout.Arrange(w.Model())
	w.positions = pts
	for i := range pts {
		store(w.Model(), i, pts[i])
	}
	w.undo = append(w.undo, step{layout: before})
	w.redo = nil
	w.markDirty(ChangeLayout)
}
