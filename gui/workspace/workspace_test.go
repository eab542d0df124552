package workspace

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"brink/gui/report"
	"brink/internal/atomicfile"
	"brink/network"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/model"
)

func open(t *testing.T) (*Workspace, string) {
	t.Helper()
	data, err := os.ReadFile("../../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "asia.toml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(doc)
	if err != nil {
		t.Fatal(err)
	}
	return w, path
}

func idx(t *testing.T, w *Workspace, name, state string) (int, int) {
	t.Helper()
	v, s, err := w.Network().Lookup(name, state)
	if err != nil {
		t.Fatal(err)
	}
	return v, s
}

// fresh computes P(v | ev) with a separately compiled engine.
func fresh(t *testing.T, n *network.Network, ev *network.Evidence, v int) []float64 {
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	return jt.Posterior(v)
}

func TestToggleUndoRedo(t *testing.T) {
	w, _ := open(t)
	changes := 0
	w.OnChange(func(c Change) {
		if c&ChangeBeliefs != 0 {
			changes++
		}
	})
	xray, yes := idx(t, w, "xray", "yes")
	lung, _ := idx(t, w, "lung", "yes")
	prior := w.Posterior(lung)[0]
	if err := w.ToggleState(xray, yes); err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(w.Network())
	_ = ev.SetState(xray, yes)
	if got, want := w.Posterior(lung)[0], fresh(t, w.Network(), ev, lung)[0]; got != want || got <= prior {
		t.Fatalf("P(lung | xray) = %v, want %v (> prior %v)", got, want, prior)
	}
	if err := w.ToggleState(xray, yes); err != nil { // retract
		t.Fatal(err)
	}
	if got := w.Posterior(lung)[0]; math.Abs(got-prior) > 1e-15 {
		t.Fatalf("after retracting: %v, want %v", got, prior)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Finding(xray); !ok {
		t.Fatal("undo did not restore the finding")
	}
	if err := w.Redo(); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Finding(xray); ok {
		t.Fatal("redo did not retract again")
	}
	if changes != 4 {
		t.Errorf("%d belief changes notified, want 4", changes)
	}
	if w.Dirty() {
		t.Error("findings made the model dirty")
	}
}

func TestImpossibleEvidenceChangesNothing(t *testing.T) {
	w, _ := open(t)
	either, no := idx(t, w, "either", "no")
	lung, yes := idx(t, w, "lung", "yes")
	if err := w.SetState(either, no); err != nil {
		t.Fatal(err)
	}
	before := append([]float64(nil), w.Posterior(lung)...)
	err := w.SetState(lung, yes)
	var ie *network.ImpossibleEvidenceError
	if !errors.As(err, &ie) || len(ie.Findings) != 2 {
		t.Fatalf("got %v, want an impossible-evidence error naming two findings", err)
	}
	if _, ok := w.Finding(lung); ok {
		t.Error("the refused finding was kept")
	}
	if got := w.Posterior(lung); got[0] != before[0] {
		t.Errorf("beliefs changed: %v, was %v", got, before)
	}
}

func TestScenarioRoundTripThroughFile(t *testing.T) {
	w, path := open(t)
	xray, yes := idx(t, w, "xray", "yes")
	smoke, no := idx(t, w, "smoke", "no")
	if err := w.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	if err := w.ExcludeState(smoke, no); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveScenario("xray_smoker", "positive X-ray, smoker", "test", map[string]*model.Provenance{"xray": {Note: "film read twice", Reliability: "B", Credibility: 2}}); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveScenario("xray_smoker", "", "", nil); !errors.Is(err, ErrScenarioExists) {
		t.Errorf("duplicate name: %v", err)
	}
	if !w.Dirty() {
		t.Fatal("saving a scenario did not mark the model dirty")
	}
	if err := w.Save(false); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w2, _ := New(doc)
	if err := w2.ApplyScenario("xray_smoker"); err != nil {
		t.Fatal(err)
	}
	lung, _ := idx(t, w2, "lung", "yes")
	if got, want := w2.Posterior(lung)[0], w.Posterior(lung)[0]; math.Abs(got-want) > 1e-15 {
		t.Errorf("reloaded scenario gives %v, want %v", got, want)
	}
	sc, _ := w2.Model().Scenario("xray_smoker")
	if p := sc.Findings[1].Provenance; p == nil || p.Note != "film read twice" || p.Reliability != "B" || p.Credibility != 2 {
		t.Errorf("note lost: %+v", sc.Findings)
	}
	if err := w2.RenameScenario("xray_smoker", "renamed"); err != nil {
		t.Fatal(err)
	}
	if err := w2.DeleteScenario("renamed"); err != nil {
		t.Fatal(err)
	}
	if _, ok := w2.Model().Scenario("renamed"); ok {
		t.Error("delete left the scenario")
	}
}

func TestSaveRefusesWhenChangedOnDisk(t *testing.T) {
	w, path := open(t)
	if err := os.WriteFile(path, []byte("# edited elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.Save(false); !errors.Is(err, atomicfile.ErrChangedOnDisk) {
		t.Fatalf("got %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "# edited elsewhere\n" {
		t.Fatal("the other edit was overwritten")
	}
	if err := w.Save(true); err != nil {
		t.Fatal(err)
	}
}

func TestCompareScenarios(t *testing.T) {
	w, _ := open(t)
	xray, yes := idx(t, w, "xray", "yes")
	if err := w.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	dysp, _ := idx(t, w, "dysp", "yes")
	before := w.Posterior(dysp)[0]
	c, err := w.Compare([]string{"", "smoker_with_dyspnoea", "asia_positive_xray"}, []int{dysp})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 2 || len(c.Rows[0].Values) != 3 {
		t.Fatalf("comparison %+v", c)
	}
	if got := c.Rows[0].Values[0]; math.Abs(got-w.Baseline(dysp)[0]) > 1e-15 {
		t.Errorf("baseline column %v, want %v", got, w.Baseline(dysp)[0])
	}
	if c.Rows[0].Values[1] != 1 {
		t.Errorf("scenario with dysp=yes gives %v", c.Rows[0].Values[1])
	}
	sc, _ := w.Model().Scenario("asia_positive_xray")
	ev, _ := w.Model().Evidence(sc)
	if got, want := c.Rows[0].Values[2], fresh(t, w.Network(), ev, dysp)[0]; math.Abs(got-want) > 1e-15 {
		t.Errorf("asia_positive_xray column %v, want %v", got, want)
	}
	if got := w.Posterior(dysp)[0]; got != before {
		t.Errorf("comparing changed the displayed beliefs: %v, was %v", got, before)
	}
}

func TestExport(t *testing.T) {
	w, path := open(t)
	dir := filepath.Dir(path)
	xray, yes := idx(t, w, "xray", "yes")
	if err := w.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, name string }{
		{ExportNetwork, "net.png"}, {ExportNetwork, "net.svg"}, {ExportOutcomes, "out.pdf"}, {ExportBrief, "brief.pdf"},
	} {
		out := filepath.Join(dir, tc.name)
		if _, err := w.Export(tc.what, out, report.Options{}); err != nil {
			t.Fatalf("%s %s: %v", tc.what, tc.name, err)
		}
		if fi, err := os.Stat(out); err != nil || fi.Size() < 1000 {
			t.Errorf("%s: %v, %v", tc.name, fi, err)
		}
	}
	if _, err := w.Export(ExportBrief, filepath.Join(dir, "brief.png"), report.Options{}); err == nil {
		t.Error("a brief as PNG was accepted")
	}
}

func TestProvenanceFollowsFindings(t *testing.T) {
	w, _ := open(t)
	if err := w.ApplyScenario("smoker_with_dyspnoea"); err != nil {
		t.Fatal(err)
	}
	smoke, _ := idx(t, w, "smoke", "yes")
	dysp, no := idx(t, w, "dysp", "no")
	if p := w.Provenance(smoke); p == nil || p.Note == "" {
		t.Fatalf("provenance of the scenario's finding: %+v", p)
	}
	if err := w.SetState(dysp, no); err != nil { // changes another finding
		t.Fatal(err)
	}
	if w.Provenance(smoke) == nil {
		t.Error("changing another finding dropped smoke's provenance")
	}
	if err := w.SetState(smoke, 1); err != nil { // changes this one
		t.Fatal(err)
	}
	if w.Provenance(smoke) != nil {
		t.Error("a changed finding kept its old provenance")
	}
	if err := w.SaveScenario("bad", "", "", map[string]*model.Provenance{"smoke": {Observed: "yesterday"}}); err == nil {
		t.Error("a bad date was accepted")
	}
}
