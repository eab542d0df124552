package edit_test

import (
	"strings"
	"testing"

	"brink/network"
	"brink/network/edit"
	"brink/network/model"
	"brink/network/modelfile"
)

func loggedDoc(t *testing.T) edit.Doc {
	t.Helper()
	m, err := modelfile.Load("../../models/us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	return edit.Doc{Model: m}
}

// TestLogFollowsEdits: a renamed node or state is followed in the log and
// the forecasts; a deleted node takes its entries and forecasts with it,
// with a note; the old model is never changed; every result writes.
func TestLogFollowsEdits(t *testing.T) {
	d := loggedDoc(t)
	m := d.Model
	before, _ := modelfile.Marshal(m)
	v, _ := m.Net.Index("proxy_incidents")
	r, err := edit.RenameNode(d, v, "proxies")
	if err != nil {
		t.Fatal(err)
	}
	for k, e := range r.Model.Log {
		if e.Finding.Node == "proxy_incidents" {
			t.Errorf("entry %d still names the old id", k)
		}
	}
	c, _ := m.Net.Index("localized_clash")
	rs, err := edit.RenameState(d, c, 0, "none", "None")
	if err != nil {
		t.Fatal(err)
	}
	if got := rs.Model.Forecasts[0].Resolved; got != "none" {
		t.Errorf("forecast resolution after the rename: %q", got)
	}
	del, err := edit.DeleteNode(d, v)
	if err != nil {
		t.Fatal(err)
	}
	if len(del.Model.Log) != len(m.Log)-2 || !strings.Contains(strings.Join(del.Notes, "\n"), "log entry of 11 Jan 2027") {
		t.Errorf("%d entries after deleting the node (from %d); notes %q", len(del.Model.Log), len(m.Log), del.Notes)
	}
	dc, err := edit.DeleteNode(d, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(dc.Model.Forecasts) != len(m.Forecasts)-1 {
		t.Errorf("%d forecasts after deleting the forecast's node", len(dc.Model.Forecasts))
	}
	for _, x := range []edit.Doc{r, rs, del, dc} {
		if _, err := modelfile.Marshal(x.Model); err != nil {
			t.Errorf("the edited model does not write: %v", err)
		}
	}
	after, _ := modelfile.Marshal(m)
	if string(before) != string(after) {
		t.Error("an edit changed the model it started from")
	}
}

// TestLogEdits: entries are added in date order, replaced, deleted;
// forecasts likewise; bad ones are refused.
func TestLogEdits(t *testing.T) {
	d := loggedDoc(t)
	n := len(d.Model.Log)
	e := model.LogEntry{Date: "2026-12-31", Finding: model.Finding{Node: "leader_rhetoric", Kind: network.Hard, State: "threatening"}}
	a, err := edit.AddLogEntry(d, e)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Model.Log) != n+1 || a.Model.Log[3].Date != "2026-12-31" {
		t.Errorf("added at the wrong place: %+v", a.Model.Log[3])
	}
	e.Date = "2027-03-01"
	s, err := edit.SetLogEntry(a, 3, e)
	if err != nil {
		t.Fatal(err)
	}
	if s.Model.Log[len(s.Model.Log)-1].Date != "2027-03-01" {
		t.Error("a redated entry did not move to its place")
	}
	x, err := edit.DeleteLogEntry(s, len(s.Model.Log)-1)
	if err != nil || len(x.Model.Log) != n {
		t.Errorf("delete: %v, %d entries", err, len(x.Model.Log))
	}
	bad := []model.LogEntry{
		{Date: "2027-02-30", Finding: model.Finding{Node: "leader_rhetoric", Kind: network.Hard, State: "defiant"}},
		{Date: "2027-01-01", Finding: model.Finding{Node: "nobody", Kind: network.Hard, State: "defiant"}},
		{Date: "2027-01-01", Finding: model.Finding{Node: "leader_rhetoric", Kind: network.Hard, State: "shouting"}},
		{Date: "2027-01-01", Finding: model.Finding{Node: "leader_rhetoric", Kind: network.Likelihood, Weights: []float64{1, 2}}},
	}
	for _, b := range bad {
		if _, err := edit.AddLogEntry(d, b); err == nil {
			t.Errorf("%+v accepted", b)
		}
	}
	f := model.Forecast{Date: "2027-01-01", Node: "direct_conflict", P: []float64{0.6, 0.4}}
	af, err := edit.AddForecast(d, f)
	if err != nil {
		t.Fatal(err)
	}
	f.Resolved, f.ResolvedOn = "yes", "2027-03-01"
	sf, err := edit.SetForecast(af, len(af.Model.Forecasts)-1, f)
	if err != nil || sf.Model.Forecasts[len(sf.Model.Forecasts)-1].Resolved != "yes" {
		t.Errorf("resolve: %v", err)
	}
	f.ResolvedOn = "2026-01-01"
	if _, err := edit.SetForecast(af, 0, f); err == nil {
		t.Error("a resolution before the forecast accepted")
	}
}
