package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestNarrateFlagship runs brinkctl narrate on the flagship's Red Sea
// spark: the text has the judgement (ICD 203 word, percentage, horizon,
// change from the window's baseline), the drivers, what would change it
// and the confidence, by labels; --json gives the same parts, the
// probability of the judged state equal to query's, and the policies.
func TestNarrateFlagship(t *testing.T) {
	out, errs, err := analysisCmd(t, runNarrate, "builtin:us-iran.toml", "--target", "outcome", "--scenario", "red_sea_spark")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"We judge that the likeliest Outcome by 7 Jun 2027 is Fragile balance", "without the findings",
		"Localized clash = Yes lowered it", "It rests most narrowly on P(", "confidence in this judgement",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("narrative lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"localized_clash", "fragile_balance", "NaN", "Inf"} {
		if strings.Contains(out, bad) {
			t.Errorf("narrative contains %q:\n%s", bad, out)
		}
	}

	out, errs, err = analysisCmd(t, runNarrate, "builtin:us-iran.toml", "--target", "outcome", "--scenario", "red_sea_spark", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, errs)
	}
	var got struct {
		Policies    json.RawMessage `json:"policies"`
		Target      string          `json:"target"`
		State       string          `json:"state"`
		Probability float64         `json:"probability"`
		Term        string          `json:"term"`
		Baseline    float64         `json:"baseline"`
		Judgement   string          `json:"judgement"`
		Drivers     string          `json:"drivers"`
		Change      string          `json:"change"`
		Confidence  string          `json:"confidence"`
		Text        string          `json:"text"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Target != "outcome" || got.State != "fragile_balance" || got.Policies == nil || got.Judgement == "" || got.Confidence == "" {
		t.Errorf("shape: %s", out)
	}
	q, _, status := brinkctl(t, "query", "builtin:us-iran.toml", "--scenario", "red_sea_spark", "--json")
	if status != 0 {
		t.Fatal("query failed")
	}
	var qj struct {
		Marginals map[string]map[string]float64 `json:"marginals"`
	}
	if err := json.Unmarshal([]byte(q), &qj); err != nil {
		t.Fatal(err)
	}
	if want := qj.Marginals["outcome"]["fragile_balance"]; math.Abs(want-got.Probability) > 1e-9 {
		t.Errorf("probability %v, query %v", got.Probability, want)
	}
	if !strings.HasPrefix(got.Text, got.Judgement) {
		t.Errorf("text does not begin with the judgement: %q", got.Text)
	}
}
