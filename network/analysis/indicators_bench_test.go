package analysis

import (
	"context"
	"testing"

	"brink/internal/shared"
	"brink/models"
	"brink/network"
	"brink/network/bif"
	"brink/network/decision"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/model"
)

// watchCase is a model as brinkctl computes on it (the flagship's belief
// network, its decisions at their best policies), a target, findings, the
// observable variables and two goals for the evidence search: one it
// reaches and one it cannot, which makes it search to full depth.
type watchCase struct {
	name          string
	jt            *jtree.JunctionTree
	ev            *network.Evidence
	target, state int
	observable    []int
	reach, far    Goal
}

// watchCases returns the flagship loaded as brinkctl loads it
// (formats.LoadFS on the shipped files; target outcome=accidental_escalation
// under the maximum pressure findings; its 9 unobserved evidence nodes)
// and alarm from ../shared/networks (HYPOVOLEMIA=TRUE given CVP and BP
// low; every other node observable), skipped when ../shared is missing.
// The far goals are ones the search does not reach: 99% escalation on the
// flagship, 99.99% hypovolemia on alarm.
func watchCases(b *testing.B) []watchCase {
	b.Helper()
	var out []watchCase
	add := func(name string, md *model.Model, target string, findings []finding, reach, far Goal) {
		ev := evidence(b, md.Net, findings)
		net, _, _, err := decision.BeliefNetwork(md, ev)
		if err != nil {
			b.Fatal(err)
		}
		jt, err := jtree.Compile(net, jtree.Options{})
		if err != nil {
			b.Fatal(err)
		}
		v, s := lookup(b, net, target)
		out = append(out, watchCase{name, jt, ev, v, s, Observable(md, ev, v), reach, far})
	}
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		b.Fatal(err)
	}
	add("us-iran", doc.Model, "outcome=accidental_escalation",
		[]finding{"us_carrier_deployment=surge", "us_sanctions=expanded"}, Goal{Level: 0.3}, Goal{Level: 0.99})
	if path, ok := shared.Path("networks", "alarm.bif"); ok {
		n, err := bif.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		add("alarm", model.New(n), "HYPOVOLEMIA=TRUE", []finding{"CVP=LOW", "BP=LOW"}, Goal{Level: 0.9}, Goal{Level: 0.9999})
	} else {
		b.Log("../shared not found: alarm skipped")
	}
	return out
}

// BenchmarkIndicators times the indicators of every observable variable:
// three propagations.
func BenchmarkIndicators(b *testing.B) {
	for _, c := range watchCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Indicators(c.jt, c.ev, c.target, c.state, c.observable); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchEvidence times the evidence search with the default
// beam, to a level it reaches and to one it cannot (the worst case: every
// size searched, then the check of every joint state skipped as too
// many). Target: under a second each.
func BenchmarkSearchEvidence(b *testing.B) {
	for _, c := range watchCases(b) {
		for _, g := range []struct {
			name string
			goal Goal
		}{{"reach", c.reach}, {"far", c.far}} {
			b.Run(c.name+"/"+g.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := SearchEvidence(context.Background(), c.jt, c.ev, c.target, c.state, g.goal, SearchOptions{Observable: c.observable}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
