package analysis

import (
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/jtree"
)

// benchCase is a model, a target and two findings, loaded once.
type benchCase struct {
	name          string
	jt            *jtree.JunctionTree
	ev            *network.Evidence
	target, state int
}

// benchCases returns the US–Iran model (target outcome=accidental_escalation
// under the maximum_pressure findings) and alarm from ../shared/networks
// (target HYPOVOLEMIA=TRUE given CVP=LOW and BP=LOW), which is skipped when
// the shared directory is missing.
func benchCases(b *testing.B) []benchCase {
	b.Helper()
	var out []benchCase
	add := func(name string, n *network.Network, target string, findings []finding) {
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			b.Fatal(err)
		}
		v, s := lookup(b, n, target)
		out = append(out, benchCase{name, jt, evidence(b, n, findings), v, s})
	}
	add("us-iran", loadModel(b, "us-iran.toml"), "outcome=accidental_escalation",
		[]finding{"us_carrier_deployment=surge", "us_sanctions=expanded"})
	if path, ok := shared.Path("networks", "alarm.bif"); ok {
		n, err := bif.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		add("alarm", n, "HYPOVOLEMIA=TRUE", []finding{"CVP=LOW", "BP=LOW"})
	} else {
		b.Log("../shared not found: alarm skipped")
	}
	return out
}

// BenchmarkImpact times the impact of every unobserved state on the
// target: two propagations. Targets: US–Iran < 10 ms, alarm < 100 ms.
func BenchmarkImpact(b *testing.B) {
	for _, c := range benchCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Impact(c.jt, c.ev, c.target, c.state); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExplain times the weights of the two findings: four
// propagations.
func BenchmarkExplain(b *testing.B) {
	for _, c := range benchCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Explain(c.jt, c.ev, c.target, c.state); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVOI times the mutual information of every unobserved variable
// with the target: |T| + 1 propagations.
func BenchmarkVOI(b *testing.B) {
	for _, c := range benchCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := VOI(c.jt, c.ev, c.target); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSensitivity times the derivative with respect to every CPT
// entry: two propagations and a family posterior per variable.
func BenchmarkSensitivity(b *testing.B) {
	for _, c := range benchCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Sensitivity(c.jt, c.ev, c.target, c.state, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
