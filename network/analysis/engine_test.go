package analysis

import (
	"math"
	"testing"

	"brink/network"
	"brink/network/enginetest"
	"brink/network/jtree"
)

// The junction tree offers everything the analyses use.
var (
	_ network.Engine = (*jtree.JunctionTree)(nil)
	_ FamilyEngine   = (*jtree.JunctionTree)(nil)
	_ network.Engine = (*enumEngine)(nil)
)

// enumEngine answers by brute-force enumeration (enginetest.Enumerate): an
// engine with nothing but the methods of network.Engine, to show that
// Impact, Explain and VOI need no more.
type enumEngine struct {
	net  *network.Network
	marg [][]float64
	pe   float64
}

func (e *enumEngine) Network() *network.Network { return e.net }
func (e *enumEngine) Posterior(v int) []float64 { return e.marg[v] }
func (e *enumEngine) ProbEvidence() float64     { return e.pe }
func (e *enumEngine) LogProbEvidence() float64  { return math.Log(e.pe) }
func (e *enumEngine) Propagate(ev *network.Evidence) error {
	m, pe, err := enginetest.Enumerate(e.net, ev)
	if err != nil {
		return err // an *ImpossibleEvidenceError; the old results stay
	}
	e.marg, e.pe = m, pe
	return nil
}

// TestOtherEngine runs Impact, Explain and VOI on asia through the
// enumeration engine and compares them, row for row and in the same order,
// with the junction tree's (tol 1e-12: both are exact up to rounding).
func TestOtherEngine(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	enum := &enumEngine{net: n}
	const tol = 1e-12
	tests := []struct {
		name     string
		target   string
		findings []finding
	}{
		{"no evidence", "lung=yes", nil},
		{"dyspnoea and x-ray", "lung=yes", []finding{"dysp=yes", "xray=yes"}},
		{"soft and negative", "bronc=yes", []finding{"smoke~0.8,0.2", "either!=yes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target, state := lookup(t, n, tc.target)
			ev := evidence(t, n, tc.findings)

			want, err := Impact(jt, ev, target, state)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Impact(enum, ev, target, state)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("Impact: %d rows, want %d", len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.Node != w.Node || g.State != w.State || g.Possible != w.Possible ||
					math.Abs(g.Posterior-w.Posterior) > tol || math.Abs(g.Delta-w.Delta) > tol {
					t.Errorf("Impact row %d: %+v, junction tree %+v", i, g, w)
				}
			}

			wws, err := Explain(jt, ev, target, state)
			if err != nil {
				t.Fatal(err)
			}
			gws, err := Explain(enum, ev, target, state)
			if err != nil {
				t.Fatal(err)
			}
			for i := range gws {
				g, w := gws[i], wws[i]
				if g.Finding.Variable != w.Finding.Variable || math.Abs(g.With-w.With) > tol ||
					math.Abs(g.Without-w.Without) > tol || math.Abs(g.Decibans-w.Decibans) > 1e-9 {
					t.Errorf("Explain weight %d: %+v, junction tree %+v", i, g, w)
				}
			}

			wv, err := VOI(jt, ev, target)
			if err != nil {
				t.Fatal(err)
			}
			gv, err := VOI(enum, ev, target)
			if err != nil {
				t.Fatal(err)
			}
			for i := range gv {
				if gv[i].Node != wv[i].Node || math.Abs(gv[i].MutualInformation-wv[i].MutualInformation) > tol {
					t.Errorf("VOI row %d: %+v, junction tree %+v", i, gv[i], wv[i])
				}
			}
		})
	}
}
