package jtree

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/enginetest"
)

// compileSlicing compiles n and sets when Propagate slices.
func compileSlicing(tb testing.TB, n *network.Network, s slicing) *JunctionTree {
	tb.Helper()
	jt, err := Compile(n, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	jt.slicing = s
	return jt
}

// TestConformanceSliced runs the engine suite with every propagation that
// has a hard finding on sliced tables, however small the tree (brute force
// on random networks with hard, negative and likelihood findings, and the
// reference posteriors of ../shared/reftests at 1e-9).
func TestConformanceSliced(t *testing.T) {
	enginetest.Run(t, func(n *network.Network) (network.Engine, error) {
		jt, err := Compile(n, Options{})
		if err == nil {
			jt.slicing = sliceAlways
		}
		return jt, err
	}, enginetest.Options{
		ReferenceNetworks: []string{"asia", "cancer", "earthquake", "sachs", "survey", "alarm", "child", "insurance", "water", "hepar2"},
		Load:              bif.ReadFile,
		Seed:              19,
	})
}

// refEvidence returns the three hard findings of cases[1] of
// ../shared/reftests/NAME.json, or for networks without a reference file
// three findings drawn by forward sampling (seed 7), as
// ../shared/reftests/peer-timings.md measured them.
func refEvidence(tb testing.TB, n *network.Network, name string) *network.Evidence {
	tb.Helper()
	if path, ok := shared.Path("reftests", name+".json"); ok {
		if b, err := os.ReadFile(path); err == nil {
			var f struct {
				Cases []struct{ Evidence map[string]string } `json:"cases"`
			}
			if err := json.Unmarshal(b, &f); err != nil {
				tb.Fatal(err)
			}
			ev := network.NewEvidence(n)
			for name, state := range f.Cases[1].Evidence {
				v, s, err := n.Lookup(name, state)
				if err != nil {
					tb.Fatal(err)
				}
				if err := ev.SetState(v, s); err != nil {
					tb.Fatal(err)
				}
			}
			return ev
		}
	}
	return sampledEvidence(n, 3, 7)
}

// mixedEvidence adds to ev a negative finding, a likelihood finding and
// an action on variables it does not observe yet, chosen by rng.
func mixedEvidence(t *testing.T, rng *rand.Rand, ev *network.Evidence) {
	n := ev.Network()
	free := func() int {
		for {
			v := rng.IntN(n.NumVariables())
			if _, obs := ev.Finding(v); !obs {
				if _, set := ev.Do(v); !set {
					return v
				}
			}
		}
	}
	v := free()
	if err := ev.SetNotState(v, rng.IntN(n.Card(v))); err != nil {
		t.Fatal(err)
	}
	v = free()
	w := make([]float64, n.Card(v))
	for i := range w {
		w[i] = 0.1 + rng.Float64()
	}
	if err := ev.SetLikelihood(v, w); err != nil {
		t.Fatal(err)
	}
	v = free()
	if err := ev.SetDo(v, rng.IntN(n.Card(v))); err != nil {
		t.Fatal(err)
	}
}

// sameResults compares posteriors, ln P(e) and family posteriors of two
// propagated trees at tol.
func sameResults(t *testing.T, what string, got, want *JunctionTree, tol float64) {
	t.Helper()
	n := want.Network()
	if d := math.Abs(got.LogProbEvidence() - want.LogProbEvidence()); d > tol*max(1, math.Abs(want.LogProbEvidence())) {
		t.Errorf("%s: ln P(e) %.17g, unsliced %.17g", what, got.LogProbEvidence(), want.LogProbEvidence())
	}
	for v := range n.NumVariables() {
		g, w := got.Posterior(v), want.Posterior(v)
		for s := range w {
			if math.Abs(g[s]-w[s]) > tol {
				t.Fatalf("%s: P(%s=%d) = %.17g, unsliced %.17g", what, n.Name(v), s, g[s], w[s])
			}
		}
		gf, err1 := got.FamilyPosterior(v)
		wf, err2 := want.FamilyPosterior(v)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: family posterior of %s: %v, %v", what, n.Name(v), err1, err2)
		}
		for i := range wf {
			if math.Abs(gf[i]-wf[i]) > tol {
				t.Fatalf("%s: family posterior of %s, entry %d: %.17g, unsliced %.17g", what, n.Name(v), i, gf[i], wf[i])
			}
		}
	}
}

// TestSlicedMatchesUnsliced propagates the same evidence on sliced and
// unsliced tables of the standard networks and checks that every
// posterior, every family posterior and ln P(e) agree to 1e-12: the
// reference findings (hard only), and the same with a negative finding, a
// likelihood finding and an action added; then, on one tree, evidence
// that changes state, set and kind from one propagation to the next, so
// that cached plans are reused and replaced.
func TestSlicedMatchesUnsliced(t *testing.T) {
	names := []string{"asia", "alarm", "child", "insurance", "hailfinder", "hepar2", "win95pts", "water", "mildew", "andes", "pathfinder", "pigs", "barley"}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && name == "barley" {
				t.Skip("large network skipped in -short mode")
			}
			n := loadStandard(t, name)
			sliced, plain := compileSlicing(t, n, sliceAlways), compileSlicing(t, n, sliceNever)
			rng := rand.New(rand.NewPCG(19, uint64(len(name))))
			ev := refEvidence(t, n, name)
			mixed := ev.Clone()
			mixedEvidence(t, rng, mixed)
			for _, c := range []struct {
				what string
				ev   *network.Evidence
			}{{"reference findings", ev}, {"with negative, likelihood and do", mixed}, {"more findings", sampledEvidence(n, 8, 3)}} {
				if err := plain.Propagate(c.ev); err != nil {
					t.Fatalf("%s: unsliced: %v", c.what, err)
				}
				if err := sliced.Propagate(c.ev); err != nil {
					t.Fatalf("%s: sliced: %v", c.what, err)
				}
				if sliced.lastPlan == nil {
					t.Fatalf("%s: not sliced", c.what)
				}
				sameResults(t, c.what, sliced, plain, 1e-12)
			}
		})
	}
}

// TestSlicedSequence runs a random sequence of evidence changes, as clicks
// in the GUI make them, on random networks, comparing sliced propagation
// with unsliced (1e-12) after each, impossible evidence included.
func TestSlicedSequence(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 2))
	for trial := range 200 {
		n := enginetest.RandomNetwork(rng, 3+rng.IntN(7), 4, 3)
		sliced, plain := compileSlicing(t, n, sliceAlways), compileSlicing(t, n, sliceNever)
		ev := network.NewEvidence(n)
		for step := range 12 {
			v := rng.IntN(n.NumVariables())
			ev.Retract(v)
			switch rng.IntN(5) {
			case 0, 1:
				_ = ev.SetState(v, rng.IntN(n.Card(v)))
			case 2:
				_ = ev.SetNotState(v, rng.IntN(n.Card(v)))
			case 3:
				w := make([]float64, n.Card(v))
				for i := range w {
					w[i] = rng.Float64()
				}
				w[0] = 1
				_ = ev.SetLikelihood(v, w)
			case 4:
				if _, set := ev.Do(v); !set {
					_ = ev.SetDo(v, rng.IntN(n.Card(v)))
				}
			}
			errP := plain.Propagate(ev)
			errS := sliced.Propagate(ev)
			var ie1, ie2 *network.ImpossibleEvidenceError
			if errP != nil || errS != nil {
				if !errors.As(errP, &ie1) || !errors.As(errS, &ie2) || ie1.Error() != ie2.Error() {
					t.Fatalf("trial %d step %d (%v): unsliced %v, sliced %v", trial, step, ev, errP, errS)
				}
				ev.Retract(v)
				continue
			}
			sameResults(t, ev.String(), sliced, plain, 1e-12)
		}
	}
}

// TestSlicedNoAllocations checks that sliced propagation allocates
// nothing once the plan for the set of observed variables exists, also
// when an observed variable changes state.
func TestSlicedNoAllocations(t *testing.T) {
	n := loadStandard(t, "water")
	jt := compileSlicing(t, n, sliceAuto)
	ev := refEvidence(t, n, "water")
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	if jt.lastPlan == nil {
		t.Fatal("water with three findings did not slice")
	}
	f := ev.Findings()[0]
	allocs := testing.AllocsPerRun(10, func() {
		if err := jt.Propagate(ev); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per sliced propagation", allocs)
	}
	other := (f.State + 1) % n.Card(f.Variable)
	allocs = testing.AllocsPerRun(10, func() {
		_ = ev.SetState(f.Variable, other)
		_ = jt.Propagate(ev) // may be impossible; the plan is the same
		_ = ev.SetState(f.Variable, f.State)
		if err := jt.Propagate(ev); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 { // SetState allocates the likelihood vector
		t.Errorf("%v allocations per state change", allocs)
	}
}
