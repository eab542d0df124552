package workspace

import (
	"errors"
	"os"
	"strings"
	"testing"

	"brink/network/model"
)

// TestSetDocumentation sets the model's as-of date and horizon as one
// undoable step that keeps the findings, saves them, and refuses a
// horizon before the as-of date without changing anything.
func TestSetDocumentation(t *testing.T) {
	w, path := open(t)
	smoke, yes := idx(t, w, "smoke", "yes")
	if err := w.SetState(smoke, yes); err != nil {
		t.Fatal(err)
	}
	var changes []Change
	w.OnChange(func(c Change) { changes = append(changes, c) })
	info := w.Documentation()
	title := info.Title
	info.AsOf, info.Horizon = "2026-12-07", "2027-06-07"
	if _, err := w.SetDocumentation(info); err != nil {
		t.Fatal(err)
	}
	if m := w.Model(); m.AsOf != "2026-12-07" || m.Horizon != "2027-06-07" || m.Title != title {
		t.Errorf("model as of %q, horizon %q, title %q", m.AsOf, m.Horizon, m.Title)
	}
	if len(changes) != 1 || changes[0]&ChangeEdit == 0 {
		t.Errorf("changes %v, want one edit", changes)
	}
	if f, ok := w.Evidence().Finding(smoke); !ok || f.State != yes {
		t.Error("the finding was lost")
	}
	if !w.Dirty() || !w.CanUndo() {
		t.Errorf("dirty %v, can undo %v", w.Dirty(), w.CanUndo())
	}

	// Refused: nothing changes.
	before := w.Model()
	bad := info
	bad.Horizon = "2026-01-01"
	if _, err := w.SetDocumentation(bad); !errors.Is(err, model.ErrHorizonOrder) {
		t.Fatalf("error %v, want %v", err, model.ErrHorizonOrder)
	}
	if w.Model() != before {
		t.Error("a refused edit changed the model")
	}

	if err := w.Save(false); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "as_of = \"2026-12-07\"\nhorizon = \"2027-06-07\"\n") {
		t.Errorf("saved without the period:\n%.400s", data)
	}

	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if m := w.Model(); m.AsOf != "" || m.Horizon != "" {
		t.Errorf("after undo: as of %q, horizon %q", m.AsOf, m.Horizon)
	}
	if err := w.Redo(); err != nil {
		t.Fatal(err)
	}
	if w.Model().Horizon != "2027-06-07" {
		t.Error("redo did not bring the horizon back")
	}
}
