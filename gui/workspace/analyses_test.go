package workspace

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"brink/network/analysis"
	"brink/network/jtree"
)

// redSeaSpark opens the flagship with its Red Sea spark scenario applied:
// a lethal clash and incidents in several theatres.
func redSeaSpark(t *testing.T) *Workspace {
	t.Helper()
	w, err := New(usIran(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ApplyScenario("red_sea_spark"); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestAnalysesMatchBrinkctl checks the new analyses against the same
// calls on a separately compiled engine over the network the beliefs are
// shown on (as brinkctl runs them: beliefsOf), to 1e-12, and that each
// leaves the workspace's beliefs where they were.
func TestAnalysesMatchBrinkctl(t *testing.T) {
	w := redSeaSpark(t)
	outcome, accidental := idx(t, w, "outcome", "accidental_escalation")
	before := append([]float64(nil), w.Posterior(outcome)...)
	jt, err := jtree.Compile(w.BeliefNetwork(), jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := w.Evidence()

	c, err := w.Conflict()
	if err != nil {
		t.Fatal(err)
	}
	want, err := analysis.Conflict(jt, ev)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Conf-want.Conf) > 1e-12 || len(c.Findings) != 2 {
		t.Errorf("conf %v with %d findings, want %v with 2", c.Conf, len(c.Findings), want.Conf)
	}
	checks, err := w.CheckSources(c, 0)
	if err != nil || len(checks) != 2 {
		t.Fatalf("source check: %v, %v", checks, err)
	}
	states, err := w.ConflictGiven(outcome)
	if err != nil || len(states) != 4 {
		t.Fatalf("rare-case check: %v, %v", states, err)
	}

	sh, err := w.Shapley(outcome, accidental)
	if err != nil {
		t.Fatal(err)
	}
	wantSh, err := analysis.Shapley(jt, ev, outcome, accidental, analysis.ShapleyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range sh.Values {
		if math.Abs(sh.Values[i].Value-wantSh.Values[i].Value) > 1e-12 {
			t.Errorf("Shapley value %d: %v, want %v", i, sh.Values[i].Value, wantSh.Values[i].Value)
		}
	}

	frag, err := w.Fragility(analysis.Conclusion{Target: outcome, State: accidental})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range frag.Margins {
		if w.isDecision(m.Node) {
			t.Errorf("fragility examines the decision %s", w.Network().Name(m.Node))
		}
	}
	for _, v := range frag.Families {
		if w.isDecision(v) {
			t.Errorf("fragility counts the decision %s among the tables", w.Network().Name(v))
		}
	}

	for _, watch := range [][]int{nil, w.Observable(outcome)} {
		inds, err := w.Indicators(outcome, accidental, watch)
		if err != nil || len(inds) == 0 {
			t.Fatalf("indicators: %v, %v", inds, err)
		}
		for _, ind := range inds {
			if w.isDecision(ind.Node) {
				t.Errorf("indicators offer the decision %s", w.Network().Name(ind.Node))
			}
		}
	}
	if got := w.Posterior(outcome); !equalFloats(got, before) {
		t.Errorf("the analyses moved the beliefs: %v, was %v", got, before)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

// TestNarrateFromThePanelsBaseline checks that the judgement's change is
// measured from the baseline the outcome panel shows its deltas against:
// for the flagship with the Red Sea spark, Fragile balance down from
// 59.2% (each decision as it would be without findings).
func TestNarrateFromThePanelsBaseline(t *testing.T) {
	w := redSeaSpark(t)
	outcome, _ := idx(t, w, "outcome", "")
	nr, err := w.Narrate(outcome)
	if err != nil {
		t.Fatal(err)
	}
	if nr.Baseline != w.Baseline(outcome)[nr.State] {
		t.Errorf("narrative's baseline %v, the panel's %v", nr.Baseline, w.Baseline(outcome)[nr.State])
	}
	if want := "the " + analysis.Percent(w.Baseline(outcome)[nr.State]) + " without the findings"; !strings.Contains(nr.Judgement, want) {
		t.Errorf("judgement %q does not say %q", nr.Judgement, want)
	}
	for _, s := range []string{nr.Judgement, nr.Drivers, nr.Change, nr.Confidence} {
		if s == "" || strings.Contains(s, "_") || strings.Contains(s, "NaN") {
			t.Errorf("part %q is empty or uses an id", s)
		}
	}
}

// TestSearchJob checks that the evidence search runs on its snapshot,
// that a change of findings cancels it, and that Cancel stops it.
func TestSearchJob(t *testing.T) {
	w := redSeaSpark(t)
	outcome, accidental := idx(t, w, "outcome", "accidental_escalation")
	goal := analysis.Goal{Level: 0.3}
	calls := 0
	job, err := w.StartSearch(outcome, accidental, goal, w.Observable(outcome), func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	res, err := job.Run()
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reached || len(res.Steps) == 0 || res.Posterior < 0.3 || calls == 0 {
		t.Errorf("search to 30%%: %+v, %d progress calls", res, calls)
	}
	for _, s := range res.Steps {
		if w.isDecision(s.Node) {
			t.Errorf("the search observes the decision %s", w.Network().Name(s.Node))
		}
	}

	job, err = w.StartSearch(outcome, accidental, analysis.Goal{Level: 0.5}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ClearFindings(); err != nil {
		t.Fatal(err)
	}
	if _, err := job.Run(); !errors.Is(err, context.Canceled) {
		t.Errorf("a search made stale by new findings returned %v, want context.Canceled", err)
	}
	job, err = w.StartSearch(outcome, accidental, analysis.Goal{Level: 0.5}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	job.Cancel()
	if _, err := job.Run(); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled search returned %v", err)
	}
	if !w.Current(job.Job) {
		t.Error("a search the analyst cancelled is no longer current")
	}
	if _, err := w.StartSearch(-1, 0, goal, nil, nil); err == nil {
		t.Error("a search of node -1 started")
	}
}

// TestTwoWayRefusesDecisions checks that an entry of a decision's table,
// a policy, is not varied.
func TestTwoWayRefusesDecisions(t *testing.T) {
	w := redSeaSpark(t)
	outcome, accidental := idx(t, w, "outcome", "accidental_escalation")
	resp, _ := idx(t, w, "us_response", "")
	frag, err := w.Fragility(analysis.Conclusion{Target: outcome, State: accidental})
	if err != nil || len(frag.Margins) < 2 {
		t.Fatalf("fragility: %v", err)
	}
	x := frag.Margins[0].Entry
	if _, err := w.TwoWay(frag.Conclusion, x, analysis.Entry{Node: resp}, 4); err == nil || !strings.Contains(err.Error(), "decision") {
		t.Errorf("two-way over a decision's table: %v", err)
	}
	var y analysis.Entry
	for _, m := range frag.Margins[1:] {
		if m.Node != x.Node || m.Row != x.Row {
			y = m.Entry
			break
		}
	}
	g, err := w.TwoWay(frag.Conclusion, x, y, 4)
	if err != nil || len(g.P) != 5 {
		t.Errorf("two-way: %v, %v", g, err)
	}
}

// TestInfluencesFollowPolicies checks that strength of influence is read
// from the network the beliefs are shown on.
func TestInfluencesFollowPolicies(t *testing.T) {
	w := redSeaSpark(t)
	got := w.Influences()
	want := analysis.Influences(w.BeliefNetwork())
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d edges, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("edge %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
