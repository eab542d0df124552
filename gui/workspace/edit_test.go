package workspace

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/modelio"
	"brink/models"
	"brink/network"
	"brink/network/edit"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/model"
)

// TestBuildAsiaThroughPresenter builds the asia network from an empty
// model through the workspace's editing methods alone. Its posteriors
// equal models/asia.toml's to 1e-12; undoing every step returns the
// empty model; redoing them all and saving gives a file byte-identical
// to the one saved after building.
func TestBuildAsiaThroughPresenter(t *testing.T) {
	want, _ := open(t) // models/asia.toml
	wm := want.Model()
	empty, err := edit.Empty(wm.Title)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := open(t)
	if err := w.NewModel(empty); err != nil {
		t.Fatal(err)
	}
	if w.Network().NumVariables() != 0 || w.Path() != "" || !w.NeedsSaveAs() {
		t.Fatalf("new model: %d nodes, path %q", w.Network().NumVariables(), w.Path())
	}
	steps := 0
	do := func(notes []string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		steps++
	}
	n := wm.Net
	for v := range n.NumVariables() {
		nd := wm.Nodes[v]
		_, notes, err := w.AddNode(edit.NodeSpec{ID: n.Name(v), Label: nd.Label, Role: nd.Role, Group: nd.Group,
			States: n.Variable(v).States, Position: nd.Position})
		do(notes, err)
	}
	for v := range n.NumVariables() {
		for _, p := range n.Parents(v) {
			do(w.AddEdge(p, v))
		}
		k := n.Card(v)
		for r := range n.ParentConfigs(v) {
			do(w.SetRow(v, r, n.CPT(v)[r*k:(r+1)*k]))
		}
		info := edit.Info(edit.Doc{Model: wm}, v)
		do(w.SetNodeInfo(v, edit.NodeInfo{Label: info.Label, Role: info.Role, Group: info.Group, Description: info.Description, Rationale: info.Rationale}))
	}
	if !w.Dirty() {
		t.Error("the built model is not marked changed")
	}
	for _, findings := range []map[string]string{nil, {"xray": "yes"}, {"dysp": "yes", "smoke": "no"}} {
		got, exp := beliefs(t, w, findings), beliefs(t, want, findings)
		for v := range exp {
			for s := range exp[v] {
				if math.Abs(got[v][s]-exp[v][s]) > 1e-12 {
					t.Errorf("findings %v: P(%s = %s) = %v, want %v", findings, n.Name(v), n.Variable(v).States[s], got[v][s], exp[v][s])
				}
			}
		}
	}
	dir := t.TempDir()
	built := filepath.Join(dir, "built.toml")
	if err := w.SaveAs(built, 0); err != nil {
		t.Fatal(err)
	}
	for i := range steps {
		if !w.CanUndo() {
			t.Fatalf("nothing to undo after %d of %d steps", i, steps)
		}
		if err := w.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if got := w.Network().NumVariables(); got != 0 {
		t.Fatalf("after undoing every step the model has %d nodes", got)
	}
	for range steps {
		if err := w.Redo(); err != nil {
			t.Fatal(err)
		}
	}
	if w.CanRedo() {
		t.Error("something is left to redo")
	}
	again := filepath.Join(dir, "again.toml")
	if err := w.SaveAs(again, 0); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(built)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Errorf("the file saved after redoing every step differs from the one saved after building:\n%s\n---\n%s", a, b)
	}
	if _, err := modelio.Losses(w.Model(), again); err != nil {
		t.Error(err)
	}
}

// beliefs returns every posterior of w's model given hard findings by
// names, computed apart from w so that its findings and history stay.
func beliefs(t *testing.T, w *Workspace, findings map[string]string) [][]float64 {
	t.Helper()
	n := w.Network()
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(n)
	for node, state := range findings {
		v, s, err := n.Lookup(node, state)
		if err != nil {
			t.Fatal(err)
		}
		if err := ev.SetState(v, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, n.NumVariables())
	for v := range out {
		out[v] = append([]float64(nil), jt.Posterior(v)...)
	}
	return out
}

// TestEditKeepsFindings checks an edit keeps the findings that still
// make sense, drops the others with a note, and its undo brings them
// back.
func TestEditKeepsFindings(t *testing.T) {
	w, _ := open(t)
	smoke, yes := idx(t, w, "smoke", "yes")
	xray, xyes := idx(t, w, "xray", "yes")
	if err := w.SetState(smoke, yes); err != nil {
		t.Fatal(err)
	}
	if err := w.SetState(xray, xyes); err != nil {
		t.Fatal(err)
	}
	notes, err := w.AddState(smoke, 1, "former", "Former smoker")
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) == 0 {
		t.Error("no notes on the rows filled in")
	}
	if f, ok := w.Finding(smoke); !ok || f.State != 0 {
		t.Errorf("the finding Smoker = yes was not kept: %+v", f)
	}
	if _, ok := w.Finding(xray); !ok {
		t.Error("the finding on X-ray was lost")
	}
	notes, err = w.DeleteState(smoke, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Finding(smoke); ok {
		t.Error("the finding on the deleted state is still set")
	}
	if !strings.Contains(strings.Join(notes, "\n"), "dropped") {
		t.Errorf("notes %q do not say a finding was dropped", notes)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if f, ok := w.Finding(smoke); !ok || f.State != 0 || w.Network().Card(smoke) != 3 {
		t.Errorf("undo did not bring back the state and its finding: %+v", f)
	}
}

// TestEditRefusedChangesNothing checks a refused edit (a cycle) leaves
// the model, findings, history and the unsaved mark as they were.
func TestEditRefusedChangesNothing(t *testing.T) {
	w, _ := open(t)
	before := w.Model()
	dysp, _ := idx(t, w, "dysp", "yes")
	smoke, _ := idx(t, w, "smoke", "yes")
	if _, err := w.AddEdge(dysp, smoke); err == nil || !strings.Contains(err.Error(), "“Smoker” → “Bronchitis” → “Dyspnoea” → “Smoker”") {
		t.Fatalf("error %v", err)
	}
	if w.Model() != before || w.Dirty() || w.CanUndo() {
		t.Errorf("a refused edit changed the model (%v), marked it (%v) or left a step (%v)", w.Model() != before, w.Dirty(), w.CanUndo())
	}
}

// TestUndoEditKeepsMoves checks that undoing an edit does not undo the
// card moves made after it.
func TestUndoEditKeepsMoves(t *testing.T) {
	w, _ := open(t)
	smoke, _ := idx(t, w, "smoke", "yes")
	lung, _ := idx(t, w, "lung", "yes")
	if _, err := w.AddState(smoke, 2, "former", ""); err != nil {
		t.Fatal(err)
	}
	p := model.Point{X: 900, Y: 40}
	if err := w.MoveNode(lung, p); err != nil {
		t.Fatal(err)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if w.Network().Card(smoke) != 2 {
		t.Fatal("undo did not take the state back")
	}
	if got := w.Position(lung); got != p {
		t.Errorf("lung is at %v after the undo, want where it was moved, %v", got, p)
	}
	if got := w.Model().Nodes[lung].Position; got == nil || *got != p {
		t.Errorf("lung's stored position %v, want %v", got, p)
	}
}

// TestSetByAction sets the flagship's carrier deployment to Surge by
// action: US intention (its cause) keeps its prior, while observing a
// surge moves it; the effects move either way. Saved as a scenario, the
// action comes back as an action.
func TestSetByAction(t *testing.T) {
	doc := usIran(t)
	w, err := New(doc)
	if err != nil {
		t.Fatal(err)
	}
	n := w.Network()
	carrier, surge, _ := n.Lookup("us_carrier_deployment", "surge")
	intent, _ := n.Index("us_intention")
	threat, _ := n.Index("iran_threat_perception")
	prior := append([]float64(nil), w.Posterior(intent)...)
	threatPrior := append([]float64(nil), w.Posterior(threat)...)
	if err := w.SetDo(carrier, surge); err != nil {
		t.Fatal(err)
	}
	for s := range prior {
		if math.Abs(w.Posterior(intent)[s]-prior[s]) > 1e-12 {
			t.Errorf("setting the surge by action moved its cause: %v → %v", prior, w.Posterior(intent))
		}
	}
	if math.Abs(w.Posterior(threat)[2]-threatPrior[2]) < 1e-3 {
		t.Error("setting the surge by action did not move Iran's threat perception")
	}
	if err := w.SaveScenario("ordered_surge", "", "", nil); err != nil {
		t.Fatal(err)
	}
	sc, _ := w.Model().Scenario("ordered_surge")
	if len(sc.Findings) != 1 || !sc.Findings[0].Action {
		t.Errorf("saved as %+v", sc.Findings)
	}
	if err := w.ToggleState(carrier, surge); err != nil {
		t.Fatal(err)
	}
	if _, set := w.Action(carrier); set {
		t.Error("a click on the state set by action did not take the action back")
	}
	if err := w.SetState(carrier, surge); err != nil {
		t.Fatal(err)
	}
	if math.Abs(w.Posterior(intent)[2]-prior[2]) < 1e-3 {
		t.Error("observing a surge did not move US intention")
	}
	if err := w.ApplyScenario("ordered_surge"); err != nil {
		t.Fatal(err)
	}
	if s, set := w.Action(carrier); !set || s != surge {
		t.Error("applying the scenario did not set the action")
	}
}

// TestBeliefsUnderPolicies opens the oil wildcatter: the beliefs shown
// are those under the best policies — Test for certain, and drilling with
// the probability of a closed or open structure (0.24 + 0.35 = 0.59) —
// and a finding moves them with the policy re-solved.
func TestBeliefsUnderPolicies(t *testing.T) {
	doc, err := formats.LoadFS(models.Files, "oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(doc)
	if err != nil {
		t.Fatal(err)
	}
	testing_, _ := w.Network().Index("testing")
	drilling, _ := w.Network().Index("drilling")
	if p := w.Posterior(testing_)[0]; math.Abs(p-1) > 1e-12 {
		t.Errorf("P(test) = %v, want 1 under the best policy", p)
	}
	if p := w.Posterior(drilling)[0]; math.Abs(p-0.59) > 1e-12 {
		t.Errorf("P(drill) = %v, want 0.59", p)
	}
	if p := w.Baseline(drilling)[0]; math.Abs(p-0.59) > 1e-12 {
		t.Errorf("baseline P(drill) = %v, want 0.59", p)
	}
	oil, soaking, _ := w.Network().Lookup("oil", "soaking")
	if err := w.SetState(oil, soaking); err != nil {
		t.Fatal(err)
	}
	// Knowing the field is soaking, testing is a waste: drill without it.
	if p := w.Posterior(testing_)[1]; math.Abs(p-1) > 1e-12 {
		t.Errorf("with the oil known to be soaking, P(no test) = %v, want 1", p)
	}
	if p := w.Posterior(drilling)[0]; math.Abs(p-1) > 1e-12 {
		t.Errorf("with the oil known to be soaking, P(drill) = %v, want 1", p)
	}
}
