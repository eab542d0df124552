package edit

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"brink/network/limits"
	"brink/network/modelfile"
)

// TestEditsCarryUtilities checks that node and state edits reach the
// utility tables over the node, on Raiffa's oil wildcatter (reward over
// drilling and oil: −70, 50, 200 when drilling dry, wet, soaking; 0 when
// not drilling), and that the edited model still writes and reads.
func TestEditsCarryUtilities(t *testing.T) {
	d := load(t, "oil-wildcatter.toml")
	reward := func(d Doc) ([]string, []float64) {
		t.Helper()
		for _, u := range d.Model.Utilities {
			if u.ID == "reward" {
				return u.Parents, u.Table
			}
		}
		t.Fatal("no reward utility")
		return nil, nil
	}
	oil, _ := d.Model.Net.Index("oil")
	drilling, _ := d.Model.Net.Index("drilling")

	renamed := ok(t)(RenameNode(d, oil, "oil_amount"))
	if ps, _ := reward(renamed); !slices.Equal(ps, []string{"drilling", "oil_amount"}) {
		t.Errorf("after renaming oil: parents %v", ps)
	}
	if ps, _ := reward(d); !slices.Equal(ps, []string{"drilling", "oil"}) {
		t.Errorf("the original Doc changed: parents %v", ps)
	}

	// A new state after "wet" copies wet's values.
	added := ok(t)(AddState(d, oil, 2, "moist", "Moist"))
	if _, tab := reward(added); !slices.Equal(tab, []float64{-70, 50, 50, 200, 0, 0, 0, 0}) {
		t.Errorf("after adding a state: %v", tab)
	}
	if !slices.ContainsFunc(added.Notes, func(n string) bool { return strings.Contains(n, "Return on drilling") }) {
		t.Errorf("notes %q do not mention the utility", added.Notes)
	}
	moved := ok(t)(MoveState(d, oil, 2, 0))
	if _, tab := reward(moved); !slices.Equal(tab, []float64{200, -70, 50, 0, 0, 0}) {
		t.Errorf("after moving soaking first: %v", tab)
	}
	deleted := ok(t)(DeleteState(d, oil, 1))
	if _, tab := reward(deleted); !slices.Equal(tab, []float64{-70, 200, 0, 0}) {
		t.Errorf("after deleting wet: %v", tab)
	}

	// Deleting oil averages the reward over its states.
	gone := ok(t)(DeleteNode(d, oil))
	ps, tab := reward(gone)
	if !slices.Equal(ps, []string{"drilling"}) || !slices.Equal(tab, []float64{60, 0}) {
		t.Errorf("after deleting oil: parents %v, values %v", ps, tab)
	}
	if got := Losses(d, oil); !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "Return on drilling") }) {
		t.Errorf("losses %q do not mention the utility", got)
	}
	for _, doc := range []Doc{renamed, added, moved, deleted, gone} {
		data, err := modelfile.Marshal(doc.Model)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := modelfile.Read(data, "edited.toml", limits.Limits{}); err != nil {
			t.Fatalf("the edited model does not read back: %v", err)
		}
	}

	// A utility's id is not free for a node.
	if _, err := RenameNode(d, drilling, "reward"); !errors.Is(err, ErrName) {
		t.Errorf("renaming a node to a utility's id: %v", err)
	}
}
