package report

import (
	"testing"

	"brink/models"
	"brink/network"
	"brink/network/formats"
	"brink/network/model"
)

// TestAnalysesSkipDecisions checks that the brief's "What to collect next"
// never suggests observing a decision — an option is chosen, not learnt —
// on the oil wildcatter, whose nodes carry no evidence roles to filter by.
func TestAnalysesSkipDecisions(t *testing.T) {
	doc, err := formats.LoadFS(models.Files, "oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	opts, err := WithAnalyses(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if opts.NextToCollect == nil {
		t.Skip("the model has no node to collect for")
	}
	lines, err := opts.NextToCollect(network.NewEvidence(m.Net))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Fatal("nothing to collect")
	}
	for _, l := range lines {
		for v := range m.Net.NumVariables() {
			if m.Nodes[v].Role == model.RoleDecision && l.Node == m.Label(v) {
				t.Errorf("suggests observing the decision %q", l.Node)
			}
		}
	}
}
