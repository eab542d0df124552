package workspace

import (
	"math"
	"testing"

	"brink/network/model"
	"brink/network/timeline"
)

func flagshipTimeline(t *testing.T) (*Workspace, *Timeline) {
	t.Helper()
	w, err := New(usIran(t))
	if err != nil {
		t.Fatal(err)
	}
	tl := NewTimeline(w)
	tl.Today = func() string { return "2027-02-20" }
	return w, tl
}

// TestStepToAndBack: stepping to a date shows the beliefs under the
// findings in force then (equal to timeline's, 1e-12); Back brings the
// analyst's own findings back; Undo does too; the model is not changed.
func TestStepToAndBack(t *testing.T) {
	w, tl := flagshipTimeline(t)
	v, s := idx(t, w, "iran_protests", "widespread")
	if err := w.SetState(v, s); err != nil {
		t.Fatal(err)
	}
	mine := w.Evidence()
	dates := tl.Dates()
	b, _ := timeline.NewBeliefs(w.Model())
	for _, d := range []string{dates[2], dates[len(dates)-1]} {
		if err := tl.StepTo(d); err != nil {
			t.Fatal(err)
		}
		if tl.AsOf() != d {
			t.Errorf("AsOf %q after stepping to %s", tl.AsOf(), d)
		}
		want, _ := b.At(d)
		for _, x := range w.Model().BriefingNodes() {
			for st, p := range w.Posterior(x) {
				if math.Abs(p-want[x][st]) > 1e-12 {
					t.Errorf("%s on %s: %v, want %v", timeline.StateText(w.Model(), x, st), d, p, want[x][st])
				}
			}
		}
	}
	if err := tl.Back(); err != nil {
		t.Fatal(err)
	}
	if tl.AsOf() != "" || w.Evidence().String() != mine.String() {
		t.Errorf("after Back: as of %q, findings %s, want %s", tl.AsOf(), w.Evidence(), mine)
	}
	_ = tl.StepTo(dates[1])
	if err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if tl.AsOf() != "" || w.Evidence().String() != mine.String() {
		t.Errorf("after Undo: as of %q, findings %s", tl.AsOf(), w.Evidence())
	}
	if w.Dirty() {
		t.Error("stepping marked the model changed")
	}
}

// TestLogFindings: the current findings that differ from the log's end
// become entries dated today, in one undoable step; the log then has
// nothing unlogged.
func TestLogFindings(t *testing.T) {
	w, tl := flagshipTimeline(t)
	n := len(w.Model().Log)
	if err := tl.StepTo(tl.Dates()[len(tl.Dates())-1]); err != nil {
		t.Fatal(err)
	}
	if got := tl.Unlogged("2027-02-20"); len(got) != 0 {
		t.Errorf("the log's own end is unlogged: %+v", got)
	}
	v, s := idx(t, w, "leader_rhetoric", "threatening")
	if err := w.SetState(v, s); err != nil {
		t.Fatal(err)
	}
	p, _ := idx(t, w, "proxy_incidents", "none")
	if err := w.Retract(p); err != nil {
		t.Fatal(err)
	}
	added, err := tl.LogFindings("2027-02-20", &model.Provenance{Note: "speech", Reliability: "B", Credibility: 2})
	if err != nil || added != 2 {
		t.Fatalf("added %d: %v", added, err)
	}
	log := w.Model().Log
	if len(log) != n+2 || log[n].Date != "2027-02-20" || log[n].Finding.Provenance.Note != "speech" || !log[n+1].Retract {
		t.Errorf("log end %+v %+v", log[n], log[n+1])
	}
	if got := tl.Unlogged("2027-02-20"); len(got) != 0 {
		t.Errorf("still unlogged: %+v", got)
	}
	if err := w.Undo(); err != nil || len(w.Model().Log) != n {
		t.Errorf("undo: %v, %d entries", err, len(w.Model().Log))
	}
}

// TestForecasts: a forecast from the current beliefs, resolved, scored.
func TestForecasts(t *testing.T) {
	w, tl := flagshipTimeline(t)
	v, _ := idx(t, w, "direct_conflict", "yes")
	n := len(w.Model().Forecasts)
	if err := tl.RecordForecast(v, "2027-02-20", nil, "test"); err != nil {
		t.Fatal(err)
	}
	f := w.Model().Forecasts[n]
	if f.P[1] != w.Posterior(v)[1] {
		t.Errorf("forecast %v, beliefs %v", f.P, w.Posterior(v))
	}
	if err := tl.Resolve(n, 1, "2027-03-01"); err != nil {
		t.Fatal(err)
	}
	sc, err := tl.Score()
	if err != nil || sc.Resolved != 2 {
		t.Fatalf("%v, %+v", err, sc)
	}
	want := (0.18 + 2*(1-f.P[1])*(1-f.P[1])) / 2
	if math.Abs(sc.Brier-want) > 1e-12 {
		t.Errorf("Brier %v, want %v", sc.Brier, want)
	}
	if err := tl.Resolve(n, 5, "2027-03-01"); err == nil {
		t.Error("a state out of range accepted")
	}
	from, to := tl.DefaultSpan()
	if from != "2026-12-07" || to != "2027-02-20" {
		t.Errorf("default span %s to %s", from, to)
	}
}
