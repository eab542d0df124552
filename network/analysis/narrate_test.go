package analysis_test

import (
	"math"
	"strings"
	"testing"

	"brink/models"
	"brink/network"
	"brink/network/analysis"
	"brink/network/decision"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/model"
)

// flagshipUnder loads the flagship, applies its scenario name, and returns
// the model, a junction tree on its belief network (decisions at their
// best policies) and the scenario's evidence.
func flagshipUnder(t testing.TB, name string) (*model.Model, *jtree.JunctionTree, *network.Evidence) {
	t.Helper()
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	ev := network.NewEvidence(m.Net)
	if name != "" {
		sc, ok := m.Scenario(name)
		if !ok {
			t.Fatalf("no scenario %q", name)
		}
		if ev, err = m.Evidence(sc); err != nil {
			t.Fatal(err)
		}
	}
	net, _, _, err := decision.BeliefNetwork(m, ev)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m, jt, ev
}

// TestNarrateFlagship reads the narrative of the flagship's outcome in
// the Red Sea spark (multi-theatre incidents and a lethal clash): the
// judgement names the most likely state with its ICD 203 term, number,
// horizon and change; the drivers name both findings with their Shapley
// values, which sum to the change; what would change it names a CPT entry
// and an indicator; the confidence sentence stands apart; labels only.
func TestNarrateFlagship(t *testing.T) {
	m, jt, ev := flagshipUnder(t, "red_sea_spark")
	out, _ := m.Net.Index("outcome")
	skip := func(v int) bool { return m.Nodes[v].Role == model.RoleDecision }
	nr, err := analysis.Narrate(jt, m, ev, out, analysis.NarrateOptions{Skip: skip})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	post := jt.Posterior(out)
	if math.Abs(post[nr.State]-nr.Probability) > 1e-12 {
		t.Errorf("probability %v, engine %v", nr.Probability, post[nr.State])
	}
	for s, p := range post {
		if p > post[nr.State] {
			t.Errorf("state %d (%v) is likelier than the judged %d", s, p, nr.State)
		}
	}
	want := []string{
		"We judge that the likeliest Outcome by 7 Jun 2027 is " + m.StateLabel(out, nr.State),
		analysis.Term(nr.Probability), analysis.Percent(nr.Probability), "lower than the", "without the findings",
	}
	for _, w := range want {
		if !strings.Contains(nr.Judgement, w) {
			t.Errorf("judgement %q lacks %q", nr.Judgement, w)
		}
	}
	// The key is the judgement's first sentence, without the change.
	if !strings.HasPrefix(nr.Judgement, nr.Key+" That is ") || !strings.HasSuffix(nr.Key, ".") || strings.Contains(nr.Key, "lower than") {
		t.Errorf("key %q is not the first sentence of %q", nr.Key, nr.Judgement)
	}
	for _, w := range []string{"Proxy incidents = Multi-theatre", "Localized clash = Yes", "Shapley"} {
		if !strings.Contains(nr.Drivers, w) {
			t.Errorf("drivers %q lack %q", nr.Drivers, w)
		}
	}
	if !strings.Contains(nr.Change, "It rests most narrowly on P(") || !strings.Contains(nr.Change, "indicator to watch") {
		t.Errorf("what would change it: %q", nr.Change)
	}
	if !strings.HasPrefix(nr.Confidence, "We have ") || !strings.Contains(nr.Confidence, "confidence in this judgement") {
		t.Errorf("confidence %q", nr.Confidence)
	}
	text := nr.Text()
	for _, bad := range []string{"NaN", "Inf", "localized_clash", "multi_theater", "fragile_balance"} {
		if strings.Contains(text, bad) {
			t.Errorf("narrative contains %q: %s", bad, text)
		}
	}
	t.Log(text)
}

// TestNarrateWithoutFindings: the baseline has no drivers and says so in
// the judgement; asia, whose nodes state no confidence, says the model
// states none.
func TestNarrateWithoutFindings(t *testing.T) {
	doc, err := formats.LoadFS(models.Files, "asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	jt, err := jtree.Compile(m.Net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := m.Net.Index("lung")
	nr, err := analysis.Narrate(jt, m, nil, v, analysis.NarrateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if nr.Drivers != "" || !strings.Contains(nr.Judgement, "No findings are set") {
		t.Errorf("judgement %q, drivers %q", nr.Judgement, nr.Drivers)
	}
	if !strings.Contains(nr.Confidence, "states no confidence") {
		t.Errorf("confidence %q", nr.Confidence)
	}
}

// BenchmarkNarrateFlagship puts the flagship's outcome in words under the
// Red Sea spark: Shapley over the findings, Fragility, Indicators and
// the judgement.
func BenchmarkNarrateFlagship(b *testing.B) {
	m, jt, ev := flagshipUnder(b, "red_sea_spark")
	out, _ := m.Net.Index("outcome")
	skip := func(v int) bool { return m.Nodes[v].Role == model.RoleDecision }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analysis.Narrate(jt, m, ev, out, analysis.NarrateOptions{Skip: skip}); err != nil {
			b.Fatal(err)
		}
	}
}
