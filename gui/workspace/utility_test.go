package workspace

import (
	"errors"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"brink/gui/cardlayout"
	"brink/internal/modelio"
	"brink/internal/shared"
	"brink/models"
	"brink/network/edit"
	"brink/network/formats"
	"brink/network/model"
)

// oilWildcatter opens the shipped oil wildcatter: two decisions (test,
// then drill) and two utilities (the test's cost, the return on
// drilling).
func oilWildcatter(t *testing.T) *Workspace {
	t.Helper()
	doc, err := formats.LoadFS(models.Files, "oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(doc)
	if err != nil {
		t.Fatal(err)
	}
	if w.NumUtilities() != 2 {
		t.Fatalf("the oil wildcatter has %d utilities, want 2", w.NumUtilities())
	}
	return w
}

// allCards returns the centre of every card shown, the nodes' then the
// utilities'.
func allCards(w *Workspace) []model.Point {
	var pts []model.Point
	for v := range w.Network().NumVariables() {
		pts = append(pts, w.Position(v))
	}
	for k := range w.NumUtilities() {
		pts = append(pts, w.UtilityPosition(k))
	}
	return pts
}

// TestExpectedUtilitiesOilWildcatter checks the utilities' expected
// values under the best policies against the textbook (Raiffa 1968; the
// MEU 22.5 of ../../network/decision's tests), tol 1e-9: the test is
// made for certain, costing 10, and drilling then returns 32.5; with the
// test ruled out by action, drilling blind returns 20. A finding moves
// them; undoing it brings them back.
func TestExpectedUtilitiesOilWildcatter(t *testing.T) {
	w := oilWildcatter(t)
	check := func(when string, want ...float64) {
		t.Helper()
		got, ok := w.ExpectedUtilities()
		if !ok || len(got) != len(want) {
			t.Fatalf("%s: expected utilities %v (%v), want %v", when, got, ok, want)
		}
		sum := 0.0
		for k := range want {
			if math.Abs(got[k]-want[k]) > 1e-9 {
				t.Errorf("%s: %s expected %v, want %v", when, w.Model().Utilities[k].Label, got[k], want[k])
			}
			sum += got[k]
		}
		if want[0] == -10 && math.Abs(sum-22.5) > 1e-9 {
			t.Errorf("%s: the utilities sum to %v, want the MEU 22.5", when, sum)
		}
	}
	check("no findings", -10, 32.5)
	testing_, no := idx(t, w, "testing", "no")
	if err := w.SetDo(testing_, no); err != nil {
		t.Fatal(err)
	}
	check("no test, by action", 0, 20)
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	check("after the undo", -10, 32.5)
}

// TestExpectedUtilitiesWithoutDecisions checks that a model without an
// influence diagram has none to give.
func TestExpectedUtilitiesWithoutDecisions(t *testing.T) {
	w, _ := open(t)
	if vals, ok := w.ExpectedUtilities(); ok || vals != nil {
		t.Errorf("asia.toml: expected utilities %v, %v", vals, ok)
	}
}

// TestMoveUtility checks that a utility's card moves live and for good
// like a node's: the position is kept in the model (Utility.Position),
// marks it changed and is saved in the file; refused moves change
// nothing. Moves are not steps of their own, as with nodes; Arrange is,
// and its undo puts the card back where it was moved.
func TestMoveUtility(t *testing.T) {
	w := oilWildcatter(t)
	k := 1
	before := w.UtilityPosition(k)
	live := model.Point{X: before.X + 5, Y: before.Y + 5}
	if err := w.MoveUtilityLive(k, live); err != nil {
		t.Fatal(err)
	}
	if w.UtilityPosition(k) != live || *w.Model().Utilities[k].Position != before || w.Dirty() {
		t.Errorf("a live move: shown at %v, stored %v, dirty %v", w.UtilityPosition(k), *w.Model().Utilities[k].Position, w.Dirty())
	}
	var changes []Change
	w.OnChange(func(c Change) { changes = append(changes, c) })
	p := model.Point{X: 900, Y: 620}
	if err := w.MoveUtility(k, p); err != nil {
		t.Fatal(err)
	}
	if w.UtilityPosition(k) != p || w.Model().Utilities[k].Position == nil || *w.Model().Utilities[k].Position != p {
		t.Errorf("moved to %v: shown at %v, stored %v", p, w.UtilityPosition(k), w.Model().Utilities[k].Position)
	}
	if !w.Dirty() || len(changes) != 1 || changes[0]&ChangeLayout == 0 {
		t.Errorf("dirty %v, changes %v", w.Dirty(), changes)
	}
	for _, tc := range []struct {
		name string
		k    int
		p    model.Point
		want error
	}{
		{"index -1", -1, model.Point{}, ErrUnknownUtility},
		{"index 2", 2, model.Point{}, ErrUnknownUtility},
		{"NaN", 0, model.Point{X: math.NaN()}, nil},
		{"Inf", 0, model.Point{Y: math.Inf(-1)}, nil},
	} {
		for _, move := range []func(int, model.Point) error{w.MoveUtility, w.MoveUtilityLive} {
			err := move(tc.k, tc.p)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
			}
		}
	}
	if w.UtilityPosition(k) != p || w.UtilityPosition(0) != *w.Model().Utilities[0].Position {
		t.Error("a refused move moved a card")
	}

	// Saved and read back.
	path := filepath.Join(t.TempDir(), "oil.toml")
	if err := w.SaveAs(path, modelio.Force(0)); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Model.Utilities[k].Position; got == nil || *got != p {
		t.Errorf("the saved file holds %v, want %v", got, p)
	}

	// Arrange moves it, and undoing Arrange puts it back.
	w.Arrange()
	if w.UtilityPosition(k) == p {
		t.Error("Arrange left the utility where it was")
	}
	if got := w.Model().Utilities[k].Position; got == nil || *got != w.UtilityPosition(k) {
		t.Errorf("after Arrange: stored %v, shown at %v", got, w.UtilityPosition(k))
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if w.UtilityPosition(k) != p || *w.Model().Utilities[k].Position != p {
		t.Errorf("after undoing Arrange: shown at %v, stored %v, want %v", w.UtilityPosition(k), *w.Model().Utilities[k].Position, p)
	}
	if w.Dirty() {
		t.Error("undoing Arrange after the save left the model marked changed")
	}
	if err := w.Redo(); err != nil {
		t.Fatal(err)
	}
	if w.UtilityPosition(k) == p {
		t.Error("Redo did not arrange again")
	}
}

// TestUndoEditKeepsUtilityMoves checks that undoing an edit does not
// undo a utility's move made after it, as for nodes.
func TestUndoEditKeepsUtilityMoves(t *testing.T) {
	w := oilWildcatter(t)
	oil, _ := idx(t, w, "oil", "dry")
	info := edit.Info(w.EditDoc(), oil)
	info.Label = "The oil"
	if _, err := w.SetNodeInfo(oil, info); err != nil {
		t.Fatal(err)
	}
	p := model.Point{X: 40, Y: 700}
	if err := w.MoveUtility(0, p); err != nil {
		t.Fatal(err)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if w.Model().Label(oil) == "The oil" {
		t.Fatal("the undo did not take the label back")
	}
	if got := w.UtilityPosition(0); got != p {
		t.Errorf("the utility is at %v after the undo, want where it was moved, %v", got, p)
	}
	if got := w.Model().Utilities[0].Position; got == nil || *got != p {
		t.Errorf("its stored position %v, want %v", got, p)
	}
}

// TestUtilitiesPlaced opens the influence diagrams of other tools and
// the shipped examples and checks that every card, utilities' included,
// is at a finite position in the model and that no two cards overlap,
// as opened and after Arrange.
func TestUtilitiesPlaced(t *testing.T) {
	files := map[string]func() (*formats.Document, error){
		"oil-wildcatter.toml": func() (*formats.Document, error) { return formats.LoadFS(models.Files, "oil-wildcatter.toml") },
		"standoff-game.toml":  func() (*formats.Document, error) { return formats.Load("../../docs/examples/standoff-game.toml") },
	}
	for _, f := range []string{"agrum-OilWildcatter-influence-diagram.xml", "hugin-mildew3-influence-diagram.net", "genie-Pinball-influence-diagram.xdsl"} {
		if path, ok := shared.Path("interop", "unsupported", f); ok {
			files[f] = func() (*formats.Document, error) { return formats.Load(path) }
		}
	}
	for name, load := range files {
		t.Run(name, func(t *testing.T) {
			doc, err := load()
			if err != nil {
				t.Fatal(err)
			}
			w, err := New(doc)
			if err != nil {
				t.Fatal(err)
			}
			if w.NumUtilities() == 0 {
				t.Fatal("no utilities")
			}
			for _, when := range []string{"opened", "arranged"} {
				if when == "arranged" {
					w.Arrange()
				}
				pts := allCards(w)
				if a, b, ok := cardlayout.Overlapping(w.Model(), pts); ok {
					t.Errorf("%s: cards %d (%v) and %d (%v) overlap", when, a, pts[a], b, pts[b])
				}
				for k := range w.NumUtilities() {
					p := w.UtilityPosition(k)
					if !cardlayout.Finite(&p) {
						t.Errorf("%s: utility %d at %v", when, k, p)
					}
				}
			}
			if _, ok := w.ExpectedUtilities(); !ok {
				t.Error("no expected utilities")
			}
		})
	}
	// Arrange puts each utility below its parents.
	w := oilWildcatter(t)
	w.Arrange()
	for k, u := range w.Model().Utilities {
		for _, name := range u.Parents {
			v, _ := idx(t, w, name, "")
			if w.UtilityPosition(k).Y <= w.Position(v).Y {
				t.Errorf("%s is at %v, not below its parent %s at %v", u.Label, w.UtilityPosition(k), name, w.Position(v))
			}
		}
	}
	if !slices.Equal(allCards(w), cardlayout.Positions(w.Model())) {
		t.Error("the model's stored positions are not the ones shown")
	}
}
