package workspace

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"brink/models"
	"brink/network"
	"brink/network/formats"
	"brink/network/model"
	"brink/network/uncertainty"
)

// state is what an analyst sees of a workspace, for checking that a
// failed action changed none of it.
type state struct {
	path, title, evidence, scenario string
	dirty, canUndo, canRedo         bool
	positions                       []model.Point
	nodes                           int
}

func stateOf(w *Workspace) state {
	s := state{path: w.Path(), title: w.Title(), evidence: w.Evidence().String(), scenario: w.AppliedScenario(),
		dirty: w.Dirty(), canUndo: w.CanUndo(), canRedo: w.CanRedo(), nodes: w.Network().NumVariables()}
	for v := range s.nodes {
		s.positions = append(s.positions, w.Position(v))
	}
	return s
}

func (s state) equal(t state) bool {
	return s.path == t.path && s.title == t.title && s.evidence == t.evidence && s.scenario == t.scenario &&
		s.dirty == t.dirty && s.canUndo == t.canUndo && s.canRedo == t.canRedo && slices.Equal(s.positions, t.positions)
}

// busy returns the asia workspace with findings, undo and redo history,
// an applied scenario and an unsaved layout change.
func busy(t *testing.T) *Workspace {
	t.Helper()
	w, _ := open(t)
	xray, yes := idx(t, w, "xray", "yes")
	if err := w.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	if err := w.ApplyScenario("smoker_with_dyspnoea"); err != nil {
		t.Fatal(err)
	}
	if err := w.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if err := w.MoveNode(0, model.Point{X: 10, Y: 20}); err != nil {
		t.Fatal(err)
	}
	if !w.Dirty() || !w.CanUndo() || !w.CanRedo() {
		t.Fatal("setup: the workspace should be dirty with undo and redo history")
	}
	return w
}

func usIran(t *testing.T) *formats.Document {
	t.Helper()
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestFailedOpenLeavesWorkspace(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		open func(w *Workspace) error
		is   error // the cause, when there is one to check
	}{
		{"prepare cancelled", func(w *Workspace) error {
			p, err := Prepare(cancelled, usIran(t))
			if err == nil {
				w.Adopt(p)
			}
			return err
		}, context.Canceled},
		{"open without a model", func(w *Workspace) error { return w.Open(&formats.Document{Path: "empty.toml"}) }, nil},
		{"open nil", func(w *Workspace) error { return w.Open(nil) }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := busy(t)
			job := w.startJob()
			notified := 0
			w.OnChange(func(Change) { notified++ })
			before := stateOf(w)
			err := tc.open(w)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v, want one wrapping %v", err, tc.is)
			}
			if after := stateOf(w); !after.equal(before) {
				t.Errorf("state changed:\n%+v\nwas\n%+v", after, before)
			}
			if notified != 0 {
				t.Errorf("%d change notifications", notified)
			}
			if !w.Current(job) || job.Context().Err() != nil {
				t.Error("a failed open cancelled the running job")
			}
		})
	}
}

func TestPrepareThenAdopt(t *testing.T) {
	w := busy(t)
	job := w.startJob()
	before := stateOf(w)
	p, err := Prepare(context.Background(), usIran(t))
	if err != nil {
		t.Fatal(err)
	}
	if after := stateOf(w); !after.equal(before) || !w.Current(job) {
		t.Fatalf("Prepare changed the workspace: %+v", after)
	}
	var changes Change
	w.OnChange(func(c Change) { changes |= c })
	w.Adopt(p)
	if w.Path() != "us-iran.toml" || w.Dirty() || w.CanUndo() || w.CanRedo() || w.Evidence().Len() != 0 || w.AppliedScenario() != "" {
		t.Errorf("after Adopt: path %q dirty %v undo %v redo %v findings %d scenario %q",
			w.Path(), w.Dirty(), w.CanUndo(), w.CanRedo(), w.Evidence().Len(), w.AppliedScenario())
	}
	if changes&ChangeModel == 0 {
		t.Errorf("views told %b, want ChangeModel", changes)
	}
	if w.Current(job) || job.Context().Err() == nil {
		t.Error("the job of the old model is still current")
	}
	for v := range w.Network().NumVariables() {
		if got, want := w.Posterior(v), w.Baseline(v); !slices.Equal(got, want) {
			t.Fatalf("node %d: posterior %v, baseline %v", v, got, want)
		}
	}
}

// TestJobGeneration checks which changes make a job stale: those of the
// findings and the model, not layout or scenario edits or comparisons.
func TestJobGeneration(t *testing.T) {
	w, _ := open(t)
	xray, yes := idx(t, w, "xray", "yes")
	dysp, _ := idx(t, w, "dysp", "yes")
	for _, tc := range []struct {
		name  string
		do    func() error
		stale bool
	}{
		{"compare", func() error { _, err := w.Compare([]string{"", "asia_positive_xray"}, []int{dysp}); return err }, false},
		{"move node", func() error { return w.MoveNode(xray, model.Point{X: 1, Y: 2}) }, false},
		{"save scenario", func() error { return w.SaveScenario("s", "", "", nil) }, false},
		{"impact", func() error { _, err := w.Impact(dysp, 0); return err }, false},
		{"set finding", func() error { return w.SetState(xray, yes) }, true},
		{"refused finding", func() error { return w.SetState(99, 0) }, false},
		{"undo", w.Undo, true},
		{"redo", w.Redo, true},
		{"apply scenario", func() error { return w.ApplyScenario("asia_positive_xray") }, true},
		{"clear", w.ClearFindings, true},
		{"clear nothing", w.ClearFindings, false},
		{"open", func() error { return w.Open(usIran(t)) }, true},
	} {
		job := w.startJob()
		if err := tc.do(); (err != nil) != (tc.name == "refused finding") {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if stale := !w.Current(job); stale != tc.stale {
			t.Errorf("%s: stale %v, want %v", tc.name, stale, tc.stale)
		}
		if cancelled := job.Context().Err() != nil; cancelled != tc.stale {
			t.Errorf("%s: job cancelled %v, want %v", tc.name, cancelled, tc.stale)
		}
		job.Cancel()
		if tc.stale == false && !w.Current(job) {
			t.Errorf("%s: a job cancelled by the user is no longer current", tc.name)
		}
	}
}

// TestUncertaintyJobUsesSnapshot checks that a run sees the findings of
// the moment it was started, however they change before it runs.
func TestUncertaintyJobUsesSnapshot(t *testing.T) {
	w, _ := open(t)
	xray, yes := idx(t, w, "xray", "yes")
	lung, _ := idx(t, w, "lung", "yes")
	if err := w.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	opts := uncertainty.Options{Samples: 200, DefaultConfidence: 20, Seed: 7}
	want, err := uncertainty.Run(context.Background(), w.Model(), w.Evidence(), lung, opts)
	if err != nil {
		t.Fatal(err)
	}
	job, err := w.StartUncertainty(lung, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ClearFindings(); err != nil {
		t.Fatal(err)
	}
	w.Model().Nodes[lung].Confidence = 1 // edits after the start are not seen either
	got, err := job.Run()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a run made stale by new findings returned %v, want context.Canceled", err)
	}
	if got.Samples != 0 {
		t.Errorf("a run cancelled before it began drew %d samples", got.Samples)
	}
	w.Model().Nodes[lung].Confidence = 0

	// The same run, not cancelled, gives the snapshot's answer exactly
	// (same seed).
	if err := w.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	job, err = w.StartUncertainty(lung, opts)
	if err != nil {
		t.Fatal(err)
	}
	w.Model().Nodes[lung].Confidence = 1
	got, err = job.Run()
	w.Model().Nodes[lung].Confidence = 0
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Low, want.Low) || !slices.Equal(got.High, want.High) || !slices.Equal(got.Mean, want.Mean) {
		t.Errorf("run on the snapshot: %+v, want %+v", got, want)
	}
	if job.Context().Err() == nil {
		t.Error("Run did not release its context")
	}
}

func TestBadIndicesAreRefused(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name string
		call func(w *Workspace) error
		is   error // nil: any error
	}{
		{"MoveNode -1", func(w *Workspace) error { return w.MoveNode(-1, model.Point{}) }, network.ErrUnknownVariable},
		{"MoveNode 99", func(w *Workspace) error { return w.MoveNode(99, model.Point{}) }, network.ErrUnknownVariable},
		{"MoveNode NaN x", func(w *Workspace) error { return w.MoveNode(0, model.Point{X: nan}) }, nil},
		{"MoveNode NaN y", func(w *Workspace) error { return w.MoveNode(0, model.Point{Y: nan}) }, nil},
		{"MoveNode +Inf", func(w *Workspace) error { return w.MoveNode(0, model.Point{X: inf}) }, nil},
		{"MoveNode -Inf", func(w *Workspace) error { return w.MoveNode(0, model.Point{Y: -inf}) }, nil},
		{"MoveNodeLive 99", func(w *Workspace) error { return w.MoveNodeLive(99, model.Point{}) }, network.ErrUnknownVariable},
		{"MoveNodeLive NaN", func(w *Workspace) error { return w.MoveNodeLive(0, model.Point{X: nan, Y: nan}) }, nil},
		{"Compare node 99", func(w *Workspace) error { _, err := w.Compare([]string{""}, []int{99}); return err }, network.ErrUnknownVariable},
		{"Compare node -1", func(w *Workspace) error {
			_, err := w.Compare([]string{"", "asia_positive_xray"}, []int{0, -1})
			return err
		}, network.ErrUnknownVariable},
		{"Compare scenario", func(w *Workspace) error { _, err := w.Compare([]string{"nope"}, []int{0}); return err }, nil},
		{"StartUncertainty 99", func(w *Workspace) error { _, err := w.StartUncertainty(99, uncertainty.Options{}); return err }, network.ErrUnknownVariable},
		{"StartUncertainty -1", func(w *Workspace) error { _, err := w.StartUncertainty(-1, uncertainty.Options{}); return err }, network.ErrUnknownVariable},
		{"Impact 99", func(w *Workspace) error { _, err := w.Impact(99, 0); return err }, network.ErrUnknownVariable},
		{"Impact state 9", func(w *Workspace) error { _, err := w.Impact(0, 9); return err }, network.ErrUnknownState},
		{"Impact state -1", func(w *Workspace) error { _, err := w.Impact(0, -1); return err }, network.ErrUnknownState},
		{"Explain 99", func(w *Workspace) error { _, err := w.Explain(99, 0); return err }, network.ErrUnknownVariable},
		{"Explain state -1", func(w *Workspace) error { _, err := w.Explain(0, -1); return err }, network.ErrUnknownState},
		{"VOI -1", func(w *Workspace) error { _, err := w.VOI(-1); return err }, network.ErrUnknownVariable},
		{"Sensitivity 99", func(w *Workspace) error { _, err := w.Sensitivity(99, 0, 10); return err }, network.ErrUnknownVariable},
		{"Sensitivity state 9", func(w *Workspace) error { _, err := w.Sensitivity(0, 9, 10); return err }, network.ErrUnknownState},
		{"SetState 99", func(w *Workspace) error { return w.SetState(99, 0) }, network.ErrUnknownVariable},
		{"ToggleState state 9", func(w *Workspace) error { return w.ToggleState(0, 9) }, network.ErrUnknownState},
		{"ExcludeState -1", func(w *Workspace) error { return w.ExcludeState(-1, 0) }, network.ErrUnknownVariable},
		{"SetLikelihood 99", func(w *Workspace) error { return w.SetLikelihood(99, []float64{1, 1}) }, network.ErrUnknownVariable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := busy(t)
			before := stateOf(w)
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = tc.call(w)
			}()
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q, want one wrapping %q", err, tc.is)
			}
			if after := stateOf(w); !after.equal(before) {
				t.Errorf("state changed:\n%+v\nwas\n%+v", after, before)
			}
			for v := range w.Network().NumVariables() {
				if p := w.Model().Nodes[v].Position; p != nil && !finite(p) {
					t.Errorf("node %d stored position %v", v, *p)
				}
			}
		})
	}
	// The refusal names what was wrong.
	w, _ := open(t)
	if _, err := w.Compare([]string{""}, []int{99}); err == nil || !strings.Contains(err.Error(), "node index 99") {
		t.Errorf("Compare error %q does not name node 99", err)
	}
	// Getters that cannot be reached with a bad index from input answer
	// "nothing" rather than panic where that is meaningful.
	if _, ok := w.Finding(99); ok {
		t.Error("Finding(99) found a finding")
	}
	if _, ok := w.Finding(-1); ok {
		t.Error("Finding(-1) found a finding")
	}
	if p := w.Provenance(99); p != nil {
		t.Errorf("Provenance(99) = %+v", p)
	}
}

func TestLayoutIgnoresNonFinitePositions(t *testing.T) {
	w, _ := open(t)
	m := w.Model()
	m.Nodes[0].Position = &model.Point{X: math.NaN(), Y: 1}
	m.Nodes[1].Position = &model.Point{X: 1, Y: math.Inf(-1)}
	for v, p := range layout(m) {
		if !finite(&p) {
			t.Errorf("node %d laid out at %v", v, p)
		}
	}
}

// TestRedoForgetsScenario checks that Redo follows Undo's rule: after
// either, no scenario is named as applied, since the findings brought
// back need not be the scenario's.
func TestRedoForgetsScenario(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, w *Workspace)
	}{
		{"apply, change, undo, redo", func(t *testing.T, w *Workspace) {
			if err := w.ApplyScenario("asia_positive_xray"); err != nil {
				t.Fatal(err)
			}
			smoke, yes := idx(t, w, "smoke", "yes")
			if err := w.SetState(smoke, yes); err != nil {
				t.Fatal(err)
			}
			if err := w.Undo(); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := open(t)
			tc.setup(t, w)
			if !w.CanRedo() {
				t.Fatal("nothing to redo")
			}
			undoRule := w.AppliedScenario()
			if err := w.Redo(); err != nil {
				t.Fatal(err)
			}
			if got := w.AppliedScenario(); got != "" {
				t.Errorf("after redo the applied scenario is %q (before redo %q), want none as after undo", got, undoRule)
			}
			if err := w.Undo(); err != nil {
				t.Fatal(err)
			}
			if got := w.AppliedScenario(); got != "" {
				t.Errorf("after undo the applied scenario is %q", got)
			}
		})
	}
}

// TestScenarioChangesUndo checks that saving, retitling and deleting a
// scenario are undoable steps like findings: Undo takes each back in
// turn, Redo does it again, and the model state kept for undo is not
// changed by later steps.
func TestScenarioChangesUndo(t *testing.T) {
	w, _ := open(t)
	before := len(w.Model().Scenarios)
	if err := w.SaveScenario("mine", "", "", nil); err != nil {
		t.Fatal(err)
	}
	if err := w.RetitleScenario("mine", "My scenario", ""); err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteScenario("asia_positive_xray"); err != nil {
		t.Fatal(err)
	}
	if got := len(w.Model().Scenarios); got != before {
		t.Fatalf("%d scenarios, want %d (one saved, one deleted)", got, before)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Model().Scenario("asia_positive_xray"); !ok {
		t.Error("undo did not bring back the deleted scenario")
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if sc, ok := w.Model().Scenario("mine"); !ok || sc.Title != "" {
		t.Errorf("undo of the retitle: %+v", sc)
	}
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Model().Scenario("mine"); ok || len(w.Model().Scenarios) != before {
		t.Error("undo did not take back the saved scenario")
	}
	for range 3 {
		if err := w.Redo(); err != nil {
			t.Fatal(err)
		}
	}
	if sc, ok := w.Model().Scenario("mine"); !ok || sc.Title != "My scenario" {
		t.Errorf("after redoing all: %+v", sc)
	}
	if _, ok := w.Model().Scenario("asia_positive_xray"); ok {
		t.Error("after redoing all the deleted scenario is back")
	}
}
