package timeline_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"brink/network"
	"brink/network/decision"
	"brink/network/jtree"
	"brink/network/model"
	"brink/network/modelfile"
	"brink/network/timeline"
)

func flagship(t *testing.T) *model.Model {
	t.Helper()
	m, err := modelfile.Load("../../models/us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Log) == 0 {
		t.Fatal("the flagship has no log")
	}
	return m
}

// TestInForce replays a log by hand: later entries replace earlier ones on
// the same node, retractions remove, entries of one date apply in file
// order whatever the order of dates in the file.
func TestInForce(t *testing.T) {
	hard := func(date, node, state string) model.LogEntry {
		return model.LogEntry{Date: date, Finding: model.Finding{Node: node, Kind: network.Hard, State: state}}
	}
	log := []model.LogEntry{
		hard("2027-01-03", "a", "x"),
		hard("2027-01-01", "a", "y"),
		hard("2027-01-01", "b", "y"),
		{Date: "2027-01-02", Finding: model.Finding{Node: "b"}, Retract: true},
		hard("2027-01-03", "a", "z"),
	}
	cases := []struct {
		date string
		want []string
	}{
		{"", nil},
		{"2026-12-31", nil},
		{"2027-01-01", []string{"a=y", "b=y"}},
		{"2027-01-02", []string{"a=y"}},
		{"2027-01-03", []string{"a=z"}},
		{"2030-01-01", []string{"a=z"}},
	}
	for _, c := range cases {
		var got []string
		for _, f := range timeline.InForce(log, c.date) {
			got = append(got, f.Node+"="+f.State)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("InForce(%q) = %v, want %v", c.date, got, c.want)
		}
	}
	if got := timeline.Dates(log); !slices.Equal(got, []string{"2027-01-01", "2027-01-02", "2027-01-03"}) {
		t.Errorf("Dates = %v", got)
	}
}

// TestPathEqualsQuery: the beliefs at each date of the flagship's path
// equal a query (decision.BeliefNetwork, a fresh junction tree) with the
// findings in force then, within 1e-12.
func TestPathEqualsQuery(t *testing.T) {
	m := flagship(t)
	b, err := timeline.NewBeliefs(m)
	if err != nil {
		t.Fatal(err)
	}
	p, err := timeline.ComputePath(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Points) != len(timeline.Dates(m.Log))+1 {
		t.Fatalf("%d points for %d dates", len(p.Points), len(timeline.Dates(m.Log)))
	}
	for k, pt := range p.Points {
		date := pt.Date
		if k == 0 {
			date = ""
		}
		want := reference(t, m, timeline.InForce(m.Log, date))
		for j, v := range p.Nodes {
			for s := range pt.P[j] {
				if d := math.Abs(pt.P[j][s] - want[v][s]); d > 1e-12 {
					t.Errorf("%s: %s: path %v, query %v", pt.Date, timeline.StateText(m, v, s), pt.P[j][s], want[v][s])
				}
			}
		}
	}
}

// reference queries m under fs the way brinkctl query does, on a fresh
// engine.
func reference(t *testing.T, m *model.Model, fs []model.Finding) [][]float64 {
	t.Helper()
	ev := network.NewEvidence(m.Net)
	if err := m.AddFindings(ev, fs); err != nil {
		t.Fatal(err)
	}
	net, _, _, err := decision.BeliefNetwork(m, ev)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, net.NumVariables())
	for v := range out {
		out[v] = slices.Clone(jt.Posterior(v))
	}
	return out
}

// TestChangesAddUp: the Shapley shares of the entries between two dates
// sum to the change of every state (efficiency), exactly for a few
// entries and when sampled; the change itself is the difference of the
// beliefs on the two dates.
func TestChangesAddUp(t *testing.T) {
	m := flagship(t)
	b, err := timeline.NewBeliefs(m)
	if err != nil {
		t.Fatal(err)
	}
	dates := timeline.Dates(m.Log)
	for _, span := range [][2]string{{dates[0], dates[len(dates)-1]}, {"", dates[2]}, {dates[3], dates[3]}} {
		cs, err := timeline.ComputeChanges(b, span[0], span[1])
		if err != nil {
			t.Fatal(err)
		}
		if !cs.Exact {
			t.Errorf("%v: sampled for %d entries", span, len(cs.Entries))
		}
		from, _ := b.At(span[0])
		to, _ := b.At(span[1])
		for _, c := range cs.Changes {
			if math.Abs(c.From-from[c.Node][c.State]) > 1e-12 || math.Abs(c.To-to[c.Node][c.State]) > 1e-12 {
				t.Errorf("%v %s: change %v→%v, beliefs %v→%v", span, timeline.StateText(m, c.Node, c.State), c.From, c.To, from[c.Node][c.State], to[c.Node][c.State])
			}
			if u := c.Unexplained(); math.Abs(u) > 1e-9 {
				t.Errorf("%v %s: %v left unexplained", span, timeline.StateText(m, c.Node, c.State), u)
			}
			if len(c.Causes) != len(cs.Entries) {
				t.Errorf("%d causes for %d entries", len(c.Causes), len(cs.Entries))
			}
		}
	}
	if _, err := timeline.ComputeChanges(b, dates[2], dates[0]); err == nil {
		t.Error("from after to accepted")
	}
}

// TestChangeText: the words name labels, never ids, and never NaN.
func TestChangeText(t *testing.T) {
	m := flagship(t)
	b, _ := timeline.NewBeliefs(m)
	dates := timeline.Dates(m.Log)
	cs, err := timeline.ComputeChanges(b, dates[0], dates[len(dates)-1])
	if err != nil {
		t.Fatal(err)
	}
	big := cs.Biggest(0.01)
	if len(big) == 0 {
		t.Fatal("nothing moved a point over the whole log")
	}
	for _, c := range big {
		s := timeline.ChangeText(m, c)
		if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") || strings.Contains(s, "_") {
			t.Errorf("ChangeText: %q", s)
		}
	}
	t.Log(timeline.ChangeText(m, big[0]))
}

// TestScore: Brier and log scores against hand computations.
func TestScore(t *testing.T) {
	net, err := network.New([]network.VariableSpec{
		{Name: "x", States: []string{"yes", "no"}, CPT: []float64{0.5, 0.5}},
		{Name: "y", States: []string{"a", "b", "c"}, CPT: []float64{0.2, 0.3, 0.5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(net)
	m.Forecasts = []model.Forecast{
		{Date: "2027-01-01", Node: "x", P: []float64{0.8, 0.2}, Resolved: "yes"},
		{Date: "2027-01-01", Node: "y", P: []float64{0.2, 0.3, 0.5}, Resolved: "b"},
		{Date: "2027-01-01", Node: "x", P: []float64{1, 0}, Resolved: "no"},
		{Date: "2027-01-02", Node: "x", P: []float64{0.5, 0.5}},
	}
	sc, err := timeline.ScoreForecasts(m)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: (0.2² + 0.2²) = 0.08; (0.2² + 0.7² + 0.5²) = 0.78; (1 + 1) = 2.
	// Log: −log₂ 0.8 = 0.321928; −log₂ 0.3 = 1.736966; −log₂ 0.001 = 9.965784.
	wantBrier := (0.08 + 0.78 + 2) / 3
	wantLog := (0.32192809488736235 + 1.7369655941662063 + 9.965784284662087) / 3
	if sc.Resolved != 3 || sc.Open != 1 || sc.Floored != 1 {
		t.Errorf("resolved %d open %d floored %d", sc.Resolved, sc.Open, sc.Floored)
	}
	if math.Abs(sc.Brier-wantBrier) > 1e-12 || math.Abs(sc.Log-wantLog) > 1e-12 {
		t.Errorf("Brier %v log %v, want %v and %v", sc.Brier, sc.Log, wantBrier, wantLog)
	}
	if sc.Bins != nil || sc.Needed() != 7 {
		t.Errorf("calibration with 3 resolved: bins %v, needed %d", sc.Bins, sc.Needed())
	}
	// Ten forecasts of 70% on yes, seven right: the 70–80 bin observes 0.7,
	// the 30–40 bin (the "no" side) 0.3.
	m.Forecasts = nil
	for k := range 10 {
		r := "yes"
		if k >= 7 {
			r = "no"
		}
		m.Forecasts = append(m.Forecasts, model.Forecast{Date: "2027-01-01", Node: "x", P: []float64{0.7, 0.3}, Resolved: r})
	}
	sc, _ = timeline.ScoreForecasts(m)
	if sc.Bins == nil {
		t.Fatal("no calibration table with 10 resolved forecasts")
	}
	if b := sc.Bins[7]; b.N != 10 || math.Abs(b.Mean-0.7) > 1e-12 || math.Abs(b.Observed-0.7) > 1e-12 {
		t.Errorf("bin 70–80: %+v", b)
	}
	if b := sc.Bins[3]; b.N != 10 || math.Abs(b.Observed-0.3) > 1e-12 {
		t.Errorf("bin 30–40: %+v", b)
	}
}
