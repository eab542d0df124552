package decision

import (
	"testing"

	"brink/models"
	"brink/network"
	"brink/network/formats"
)

// flagshipDiagram loads the shipped US–Iran model (two decisions, two
// utilities) and the evidence of a lethal clash, the situation its
// two-sided table is read in.
func flagshipDiagram(b *testing.B) (*Diagram, *network.Evidence, [2]string, [2]int) {
	b.Helper()
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		b.Fatal(err)
	}
	m := doc.Model
	dg, err := FromModel(m)
	if err != nil {
		b.Fatal(err)
	}
	actors, decisions, _, ok := TwoSides(m)
	if !ok {
		b.Fatal("the flagship has no two sides")
	}
	ev := network.NewEvidence(m.Net)
	v, s, err := m.Net.Lookup("localized_clash", "yes")
	if err != nil {
		b.Fatal(err)
	}
	if err := ev.SetState(v, s); err != nil {
		b.Fatal(err)
	}
	return dg, ev, actors, decisions
}

// BenchmarkFlagshipDecide is what a change of findings costs on the
// flagship before the window can show it: both decisions' policies and
// every option's expected utility (Solve), then each utility's expected
// value under the policies (Expected).
func BenchmarkFlagshipDecide(b *testing.B) {
	dg, ev, _, _ := flagshipDiagram(b)
	b.ReportAllocs()
	for b.Loop() {
		sol, err := dg.Solve(ev)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dg.Expected(ev, sol); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlagshipGame builds the flagship's two-sided table (3×3 pairs
// of options, each side's payoff, best responses, equilibria) after a
// lethal clash, watching the outcome.
func BenchmarkFlagshipGame(b *testing.B) {
	dg, ev, actors, decisions := flagshipDiagram(b)
	out, ok := dg.net.Index("outcome")
	if !ok {
		b.Fatal("no outcome node")
	}
	if _, err := dg.Solve(ev); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dg.NewGame(ev, decisions[0], decisions[1], actors[0], actors[1], []int{out}); err != nil {
			b.Fatal(err)
		}
	}
}
