package workspace

import (
	"slices"
	"testing"

	"brink/gui/cardlayout"
	"brink/internal/shared"
	"brink/network/formats"
	"brink/network/model"
)

// overlapping returns two nodes whose cards intersect in w, if any.
func overlapping(w *Workspace) (a, b int, ok bool) {
	pts := make([]model.Point, w.Network().NumVariables())
	for v := range pts {
		pts[v] = w.Position(v)
	}
	return cardlayout.Overlapping(w.Model(), pts)
}

// TestImportedLayoutsDoNotOverlap opens files from other tools whose
// positions stack the cards — Hugin's small units (hugin-alarm.net) and
// every node at one point (genie-NTSB.xdsl) — and checks that no two
// cards overlap, that the model is not marked changed, and how the cards
// were placed.
func TestImportedLayoutsDoNotOverlap(t *testing.T) {
	for _, tc := range []struct {
		file string
		want cardlayout.Placement
	}{
		{"hugin-alarm.net", cardlayout.Scaled},
		{"genie-NTSB.xdsl", cardlayout.Arranged},
		{"hugin-ChestClinic.net", cardlayout.Scaled},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path, ok := shared.Path("interop", tc.file)
			if !ok {
				t.Skip("../shared not found")
			}
			doc, err := formats.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, how := cardlayout.Place(doc.Model); how != tc.want {
				t.Errorf("placement %v, want %v", how, tc.want)
			}
			w, err := New(doc)
			if err != nil {
				t.Fatal(err)
			}
			if a, b, ok := overlapping(w); ok {
				t.Errorf("cards of %s (%v) and %s (%v) overlap", w.Network().Name(a), w.Position(a), w.Network().Name(b), w.Position(b))
			}
			if w.Dirty() || w.CanUndo() {
				t.Errorf("opening marked the model dirty (%v) or undoable (%v)", w.Dirty(), w.CanUndo())
			}
			// The model holds the positions shown, so that a save and a
			// reload show the same picture.
			for v, nd := range w.Model().Nodes {
				if nd.Position == nil || *nd.Position != w.Position(v) {
					t.Fatalf("node %d: model position %v, shown at %v", v, nd.Position, w.Position(v))
				}
			}
			if _, how := cardlayout.Place(w.Model()); how != cardlayout.AsGiven {
				t.Errorf("the adjusted positions are placed %v again, want them as given", how)
			}
		})
	}
}

// TestOwnLayoutKept checks that the shipped models' positions are used
// as they are with the card geometry.
func TestOwnLayoutKept(t *testing.T) {
	w, _ := open(t)
	if _, how := cardlayout.Place(w.Model()); how != cardlayout.AsGiven {
		t.Errorf("asia.toml placed %v", how)
	}
	if _, how := cardlayout.Place(usIran(t).Model); how != cardlayout.AsGiven {
		t.Errorf("us-iran.toml placed %v", how)
	}
}

// TestArrangeUndoRedo checks View → Arrange: a layered layout with no
// overlapping cards, stored in the model, marking it changed; Undo puts
// back positions, stored positions and the clean mark; Redo arranges
// again; and findings still undo in turn with it.
func TestArrangeUndoRedo(t *testing.T) {
	w, _ := open(t)
	smoke, yes := idx(t, w, "smoke", "yes")
	if err := w.SetState(smoke, yes); err != nil {
		t.Fatal(err)
	}
	before := stateOf(w)
	stored := *w.Model().Nodes[0].Position
	var changes []Change
	w.OnChange(func(c Change) { changes = append(changes, c) })

	w.Arrange()
	arranged := stateOf(w)
	if !w.Dirty() || !w.CanUndo() || w.CanRedo() {
		t.Errorf("after Arrange: dirty %v, can undo %v, can redo %v", w.Dirty(), w.CanUndo(), w.CanRedo())
	}
	if a, b, ok := overlapping(w); ok {
		t.Errorf("arranged cards %d and %d overlap", a, b)
	}
	if p := w.Model().Nodes[0].Position; p == nil || *p != w.Position(0) {
		t.Errorf("model position %v, shown at %v", p, w.Position(0))
	}
	if len(changes) != 1 || changes[0]&ChangeLayout == 0 || changes[0]&ChangeFile == 0 {
		t.Errorf("changes %v, want one layout and file change", changes)
	}
	if w.Evidence().Len() != 1 {
		t.Error("Arrange touched the findings")
	}

	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	after := stateOf(w)
	if !slices.Equal(after.positions, before.positions) || w.Dirty() {
		t.Errorf("Undo: positions restored %v, dirty %v", slices.Equal(after.positions, before.positions), w.Dirty())
	}
	if *w.Model().Nodes[0].Position != stored {
		t.Errorf("Undo: stored position %v, want %v", *w.Model().Nodes[0].Position, stored)
	}
	if w.Evidence().Len() != 1 {
		t.Error("undoing Arrange undid the finding")
	}
	if err := w.Redo(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stateOf(w).positions, arranged.positions) || !w.Dirty() {
		t.Error("Redo did not arrange again")
	}
	// Two undos: the layout, then the finding.
	_ = w.Undo()
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if w.Evidence().Len() != 0 || w.CanUndo() || !w.CanRedo() {
		t.Errorf("second Undo: %d findings, can undo %v", w.Evidence().Len(), w.CanUndo())
	}
}

// TestArrangeUndoAfterSave checks that undoing an arrangement that was
// saved leaves the model marked changed: it now differs from the file.
func TestArrangeUndoAfterSave(t *testing.T) {
	w, _ := open(t)
	w.Arrange()
	if err := w.Save(false); err != nil {
		t.Fatal(err)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if !w.Dirty() {
		t.Error("undoing a saved arrangement left the model clean")
	}
}
