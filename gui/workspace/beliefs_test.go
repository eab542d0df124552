package workspace

import (
	"context"
	"math"
	"slices"
	"testing"

	"brink/network/decision"
	"brink/network/edit"
	"brink/network/uncertainty"
)

// TestBackgroundAnalysisUnderPolicies checks that "How sure?" on the oil
// wildcatter runs on the network the beliefs are shown on — the policy
// network the last propagation installed, not the model's placeholder
// tables, and not solved again — so that its fixed posterior is the
// bar's (P(drill) = 0.59 under the best policies, not the placeholder's
// 0.5; tol 1e-12), and that the decisions are not sampled although every
// node is given a confidence: only oil and result are uncertain.
func TestBackgroundAnalysisUnderPolicies(t *testing.T) {
	w := oilWildcatter(t)
	drilling, _ := idx(t, w, "drilling", "yes")
	oil, _ := idx(t, w, "oil", "dry")
	result, diffuse := idx(t, w, "result", "diffuse")
	testing_, no := idx(t, w, "testing", "no")
	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"no findings", func() error { return nil }},
		{"no structure", func() error { return w.SetState(result, diffuse) }},
		{"no test, by action", func() error { return w.SetDo(testing_, no) }},
	} {
		t.Run(step.name, func(t *testing.T) {
			if err := step.do(); err != nil {
				t.Fatal(err)
			}
			job, err := w.StartUncertainty(drilling, uncertainty.Options{Samples: 100, DefaultConfidence: 20, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			if job.m.Net != w.engine.Network() || job.m.Net == w.Network() {
				t.Error("the job does not run on the policy network the beliefs are shown on")
			}
			res, err := job.Run()
			if err != nil {
				t.Fatal(err)
			}
			for s, want := range w.Posterior(drilling) {
				if math.Abs(res.Fixed[s]-want) > 1e-12 {
					t.Errorf("How sure? P(drilling=%d) = %v, the window shows %v", s, res.Fixed[s], want)
				}
			}
			if !slices.Equal(res.Uncertain, []int{oil, result}) {
				t.Errorf("sampled %v, want oil and result (%d, %d) only", res.Uncertain, oil, result)
			}
		})
	}
	if p := w.Posterior(drilling)[0]; math.Abs(p-1) > 1e-12 {
		t.Errorf("with no test, P(drill) = %v, want 1 (drilling blind is worth 20)", p)
	}
}

// TestUncertaintyJobMatchesBrinkctlInput checks that the job's snapshot
// is what brinkctl gives uncertainty.Run (decision.BeliefNetwork and
// decision.SamplingModel): the same result to the last bit, same seed.
func TestUncertaintyJobMatchesBrinkctlInput(t *testing.T) {
	w := oilWildcatter(t)
	result, closed := idx(t, w, "result", "closed")
	oil, _ := idx(t, w, "oil", "dry")
	if err := w.SetState(result, closed); err != nil {
		t.Fatal(err)
	}
	opts := uncertainty.Options{Samples: 200, DefaultConfidence: 10, Seed: 11}
	net, _, _, err := decision.BeliefNetwork(w.Model(), w.Evidence())
	if err != nil {
		t.Fatal(err)
	}
	snap, def := decision.SamplingModel(w.Model(), net, opts.DefaultConfidence)
	want, err := uncertainty.Run(context.Background(), snap, w.Evidence(), oil, uncertainty.Options{Samples: 200, DefaultConfidence: def, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	job, err := w.StartUncertainty(oil, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := job.Run()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Fixed, want.Fixed) || !slices.Equal(got.Mean, want.Mean) || !slices.Equal(got.Low, want.Low) || !slices.Equal(got.High, want.High) {
		t.Errorf("window %+v, brinkctl's input %+v", got, want)
	}
}

// TestAnalysesLeaveDecisionsOut checks that Drivers (Impact), Collect
// next (VOI) and Sensitivity neither offer a decision as something to
// observe nor list its table's entries, whether it follows its policy or
// is set by action (its placeholder table then stands, with entries
// strictly between 0 and 1 that Sensitivity would otherwise list).
func TestAnalysesLeaveDecisionsOut(t *testing.T) {
	w := oilWildcatter(t)
	oil, soaking := idx(t, w, "oil", "soaking")
	testing_, no := idx(t, w, "testing", "no")
	decision := func(v int) bool { return v == testing_ || w.Network().Name(v) == "drilling" }
	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"by policy", func() error { return nil }},
		{"set by action", func() error { return w.SetDo(testing_, no) }},
	} {
		t.Run(step.name, func(t *testing.T) {
			if err := step.do(); err != nil {
				t.Fatal(err)
			}
			rows, err := w.Impact(oil, soaking)
			if err != nil || len(rows) == 0 {
				t.Fatalf("impact: %v, %v", rows, err)
			}
			for _, r := range rows {
				if decision(r.Node) {
					t.Errorf("impact offers the decision %s", w.Network().Name(r.Node))
				}
			}
			voi, err := w.VOI(oil)
			if err != nil || len(voi) == 0 {
				t.Fatalf("voi: %v, %v", voi, err)
			}
			for _, r := range voi {
				if decision(r.Node) {
					t.Errorf("voi offers the decision %s", w.Network().Name(r.Node))
				}
			}
			for _, top := range []int{0, 3} {
				ps, err := w.Sensitivity(oil, soaking, top)
				if err != nil || len(ps) == 0 || (top > 0 && len(ps) != top) {
					t.Fatalf("sensitivity, top %d: %d entries, %v", top, len(ps), err)
				}
				for _, p := range ps {
					if decision(p.Node) {
						t.Errorf("sensitivity lists an entry of the decision %s", w.Network().Name(p.Node))
					}
				}
			}
		})
	}
}

// TestEditKeepsPolicies checks that after an edit the beliefs are under
// the policies best for the findings and actions kept, as after any
// change of findings: with the oil known to be soaking, no test; with
// the test ruled out by action (and no finding), no test either.
func TestEditKeepsPolicies(t *testing.T) {
	w := oilWildcatter(t)
	oil, soaking := idx(t, w, "oil", "soaking")
	testing_, no := idx(t, w, "testing", "no")
	touch := func() {
		t.Helper()
		// Describe the oil node afresh: an edit that changes no number.
		if _, err := w.Edit(func(d edit.Doc) (edit.Doc, error) {
			info := edit.Info(d, oil)
			info.Description += " (edited)"
			return edit.SetInfo(d, oil, info)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.SetState(oil, soaking); err != nil {
		t.Fatal(err)
	}
	touch()
	if p := w.Posterior(testing_)[no]; math.Abs(p-1) > 1e-12 {
		t.Errorf("after an edit, with the oil soaking, P(no test) = %v, want 1", p)
	}
	if err := w.ClearFindings(); err != nil {
		t.Fatal(err)
	}
	if err := w.SetDo(testing_, no); err != nil {
		t.Fatal(err)
	}
	touch()
	if _, set := w.Action(testing_); !set {
		t.Fatal("the edit dropped the action")
	}
	if p := w.Posterior(testing_)[no]; math.Abs(p-1) > 1e-12 {
		t.Errorf("after an edit, with no test by action, P(no test) = %v, want 1", p)
	}
}
