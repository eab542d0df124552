package workspace

import (
	"slices"

	"brink/gui/cardlayout"
	"brink/network/model"
)

// layoutState is what View → Arrange changes and its undo restores: the
// cards' positions, the model's stored positions (nil where the file had
// none), and the unsaved-changes mark with the file it refers to.
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
	for _, nd := range w.Model().Nodes {
		var p *model.Point
		if nd.Position != nil {
			c := *nd.Position
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
	for v, p := range st.stored {
		if p != nil {
			c := *p
			p = &c
		}
		w.Model().Nodes[v].Position = p
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

// Arrange lays every card out afresh (a layered layout, package
// autolayout, through cardlayout.Arrange): View → Arrange. It is a change
// to the model, saved with it, and undone by Undo.
func (w *Workspace) Arrange() {
	before := w.layoutState()
	pts := cardlayout.Arrange(w.Model())
	w.positions = pts
	for v := range pts {
		p := pts[v]
		w.Model().Nodes[v].Position = &p
	}
	w.undo = append(w.undo, step{layout: before})
	w.redo = nil
	w.markDirty(ChangeLayout)
}
