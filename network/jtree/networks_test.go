package jtree

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
)

// standardNetworks lists ../shared/networks in increasing difficulty.
var standardNetworks = []string{
	"asia", "cancer", "earthquake", "sachs", "survey", "alarm", "child",
	"insurance", "hailfinder", "hepar2", "win95pts", "water", "mildew",
	"barley", "andes", "pathfinder", "diabetes", "pigs", "link", "munin",
	"munin1",
}

// loadStandard reads ../shared/networks/NAME.bif, skipping the test when
// the shared directory is absent.
func loadStandard(tb testing.TB, name string) *network.Network {
	tb.Helper()
	path, ok := shared.Path("networks", name+".bif")
	if !ok {
		tb.Skip("../shared not found")
	}
	n, err := bif.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// sampledEvidence draws one configuration by forward sampling and keeps k
// of its variables as hard findings, so that P(e) > 0.
func sampledEvidence(n *network.Network, k int, seed uint64) *network.Evidence {
	rng := rand.New(rand.NewPCG(seed, 1))
	state := make([]int, n.NumVariables())
	var ps []int
	for _, v := range n.TopologicalOrder() {
		ps = ps[:0]
		row := 0
		for _, p := range n.Parents(v) {
			row = row*n.Card(p) + state[p]
		}
		c := n.Card(v)
		dist := n.CPT(v)[row*c : (row+1)*c]
		u, acc := rng.Float64(), 0.0
		state[v] = c - 1
		for s, p := range dist {
			acc += p
			if u < acc {
				state[v] = s
				break
			}
		}
	}
	ev := network.NewEvidence(n)
	for _, v := range rng.Perm(n.NumVariables())[:min(k, n.NumVariables())] {
		_ = ev.SetState(v, state[v]) // indices come from n
	}
	return ev
}

// TestStandardNetworksCompile compiles every standard network and
// propagates sampled evidence, checking that posteriors are distributions.
// munin1 (about 2e8 clique entries even when well triangulated) runs only
// with BRINK_BIG=1.
func TestStandardNetworksCompile(t *testing.T) {
	for _, name := range standardNetworks {
		t.Run(name, func(t *testing.T) {
			if name == "munin1" && os.Getenv("BRINK_BIG") == "" {
				t.Skip("set BRINK_BIG=1 to compile munin1")
			}
			if testing.Short() && (name == "link" || name == "barley" || name == "munin") {
				t.Skip("large network skipped in -short mode")
			}
			n := loadStandard(t, name)
			jt, err := Compile(n, Options{})
			if err != nil {
				t.Fatal(err)
			}
			ev := sampledEvidence(n, 4, 7)
			if err := jt.Propagate(ev); err != nil {
				t.Fatalf("%s: %v", filepath.Base(name), err)
			}
			checkDistributions(t, jt)
			st := jt.Stats()
			t.Logf("%s: %d cliques, %d entries (largest %d), %s, P(e)=%.4g", name, st.Cliques, st.CliqueEntries, st.MaxCliqueEntries, st.Heuristic, jt.ProbEvidence())
		})
	}
}

func checkDistributions(t *testing.T, jt *JunctionTree) {
	t.Helper()
	n := jt.Network()
	for v := range n.NumVariables() {
		sum := 0.0
		for _, p := range jt.Posterior(v) {
			if !(p >= 0 && p <= 1+1e-12) {
				t.Fatalf("P(%s) has entry %v", n.Name(v), p)
			}
			sum += p
		}
		if sum < 1-1e-9 || sum > 1+1e-9 {
			t.Fatalf("P(%s) sums to %v", n.Name(v), sum)
		}
	}
}

// benchNetworks are the networks benchmarked by default; the others
// (minutes per run) are included with BRINK_BIG=1.
func benchNetworks() []string {
	if os.Getenv("BRINK_BIG") != "" {
		return standardNetworks
	}
	return standardNetworks[:len(standardNetworks)-1]
}

func BenchmarkCompile(b *testing.B) {
	for _, name := range benchNetworks() {
		b.Run(name, func(b *testing.B) {
			n := loadStandard(b, name)
			b.ReportAllocs()
			var jt *JunctionTree
			for b.Loop() {
				var err error
				if jt, err = Compile(n, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(jt.Stats().CliqueEntries), "entries")
		})
	}
}

// BenchmarkPropagate times one full propagation with four hard findings,
// every posterior included.
func BenchmarkPropagate(b *testing.B) {
	for _, name := range benchNetworks() {
		b.Run(name, func(b *testing.B) {
			n := loadStandard(b, name)
			jt, err := Compile(n, Options{})
			if err != nil {
				b.Fatal(err)
			}
			ev := sampledEvidence(n, 4, 7)
			b.ReportAllocs()
			for b.Loop() {
				if err := jt.Propagate(ev); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(jt.Stats().CliqueEntries), "entries")
		})
	}
}

// BenchmarkPropagateReference times one propagation with every posterior,
// the three hard findings of each reference case (cases[1] of
// ../shared/reftests/NAME.json, or three sampled findings, see
// refEvidence), as ../shared/reftests/peer-timings.md measured Brink and
// its peers; and the same without findings. The first propagation with
// the findings, which lays out the sliced tables, is not timed.
func BenchmarkPropagateReference(b *testing.B) {
	for _, name := range benchNetworks() {
		b.Run(name, func(b *testing.B) {
			n := loadStandard(b, name)
			jt, err := Compile(n, Options{})
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct {
				what string
				ev   *network.Evidence
			}{{"findings", refEvidence(b, n, name)}, {"none", network.NewEvidence(n)}} {
				b.Run(c.what, func(b *testing.B) {
					if err := jt.Propagate(c.ev); err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						if err := jt.Propagate(c.ev); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkRetractSet times what a click in the GUI costs: retract one of
// four findings, set it again, propagate.
func BenchmarkRetractSet(b *testing.B) {
	for _, name := range benchNetworks() {
		b.Run(name, func(b *testing.B) {
			n := loadStandard(b, name)
			jt, err := Compile(n, Options{})
			if err != nil {
				b.Fatal(err)
			}
			ev := sampledEvidence(n, 4, 7)
			f := ev.Findings()[0]
			b.ReportAllocs()
			for b.Loop() {
				ev.Retract(f.Variable)
				if err := jt.Propagate(ev); err != nil {
					b.Fatal(err)
				}
				if err := ev.SetState(f.Variable, f.State); err != nil {
					b.Fatal(err)
				}
				if err := jt.Propagate(ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestTooLargeIsAClearError asks for a junction tree bigger than the
// budget: the error gives the estimated size instead of running out of
// memory.
func TestTooLargeIsAClearError(t *testing.T) {
	n := loadStandard(t, "munin1")
	_, err := Compile(n, Options{MaxEntries: 1e6})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	for _, want := range []string{"table entries", "GiB", "largest clique", "limit is 1e+06"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}
