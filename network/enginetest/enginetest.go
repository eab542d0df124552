// Package enginetest is the conformance suite that every inference engine
// of package network runs, so that all engines are held to one contract
// and one set of numbers.
//
// An engine's tests call Run with a constructor:
//
//	func TestConformance(t *testing.T) {
//		enginetest.Run(t, func(n *network.Network) (network.Engine, error) {
//			return jtree.New(n)
//		}, enginetest.Options{
//			ReferenceNetworks: []string{"asia", "alarm"},
//			Load:              bif.ReadFile,
//		})
//	}
//
// The suite compares the engine with brute-force enumeration of the joint
// distribution (Enumerate, EnumerateMPE) on hand-built and random networks
// (RandomNetwork, RandomEvidence), and with the reference posteriors in
// ../shared/reftests, which were computed by independent implementations.
// Enumerate and the generators are exported so that engines' own tests and
// benchmarks can use them too.
package enginetest

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"brink/network"
)

// Options configures Run. The zero value runs everything but the
// reference comparison.
type Options struct {
	// Cases is the number of random networks in the BruteForce and MPE
	// subtests; zero means 300, or 60 with -short.
	Cases int
	// Seed selects the random networks and evidence. Every case draws
	// from its own stream of the seed, so a failing case can be rerun
	// alone; failures print the seed and case number.
	Seed uint64
	// SkipMPE skips the MPE subtest even if the engine implements
	// network.MPEEngine.
	SkipMPE bool
	// ReferenceNetworks names the networks of the Reference subtest, e.g.
	// "asia" for SharedDir/networks/asia.bif checked against
	// SharedDir/reftests/asia.json.
	ReferenceNetworks []string
	// Load reads a network file. The suite does not import a reader, so
	// that it does not depend on the formats; without Load the Reference
	// subtest is skipped.
	Load func(path string) (*network.Network, error)
	// SharedDir overrides the location of the shared directory that holds
	// networks/ and reftests/. By default it is ../shared beside the
	// module root, the first directory above the working directory that
	// holds go.mod.
	SharedDir string
}

// The number of random networks by default.
const (
	defaultCases = 300
	shortCases   = 60
)

func (o Options) cases() int {
	switch {
	case o.Cases > 0:
		return o.Cases
	case testing.Short():
		return shortCases
	}
	return defaultCases
}

// Random streams of one seed, so that the subtests draw independent
// networks whatever their number of cases.
const (
	streamBruteForce = 1 << 32 * iota
	streamMPE
)

// Run runs the conformance suite against the engines that newEngine
// builds. It is meant to be called from a Test function of the engine's
// package. newEngine must accept every valid network; a fresh engine is
// built for each network, and engines are used from one goroutine at a
// time.
//
// The subtests are:
//
//   - SingleNode and Disconnected: tiny hand-built networks, including
//     single-state variables, CPT zeros, likelihood weights that do not
//     sum to 1 and components that share no edge, with answers worked out
//     by hand.
//   - BruteForce: opts.Cases random networks of up to 12 variables, each
//     with empty evidence and four random evidences, compared with
//     Enumerate. The evidences are propagated on one engine in the order
//     0, 1, ..., k, then back down to 0, so that every evidence but the
//     last is propagated twice with other evidence in between, and the
//     final empty evidence retracts everything; the second answer must
//     match the first.
//   - MPE: if the engine implements network.MPEEngine and opts.SkipMPE is
//     false, hand-built questions and opts.Cases random networks compared
//     with EnumerateMPE.
//   - Reference: each network of opts.ReferenceNetworks, loaded with
//     opts.Load, compared with its reference posteriors.
//
// Posteriors must agree to 1e-9 absolute, P(e) to 1e-9 relative and
// ln P(e) to 1e-9 absolute; no posterior may be NaN. Evidence of
// probability zero must give an error satisfying errors.Is(err,
// network.ErrImpossibleEvidence) that unwraps with errors.As to an
// *network.ImpossibleEvidenceError naming a minimal conflicting subset of
// the findings, and must leave the engine's previous results in place.
// Engines must not modify the network or the evidence, nor keep the
// evidence after Propagate returns, and MPE must not disturb the results
// of Propagate.
func Run(t *testing.T, newEngine func(*network.Network) (network.Engine, error), opts Options) {
	t.Helper()
	t.Run("SingleNode", func(t *testing.T) {
		runHand(t, newEngine, fourStates())
		runHand(t, newEngine, oneState())
	})
	t.Run("Disconnected", func(t *testing.T) {
		runHand(t, newEngine, disconnected())
	})
	t.Run("BruteForce", func(t *testing.T) { runBruteForce(t, newEngine, opts) })
	t.Run("MPE", func(t *testing.T) { runMPE(t, newEngine, opts) })
	t.Run("Reference", func(t *testing.T) { runReference(t, newEngine, opts) })
}

// runHand checks the hand-built cases of h in order on one engine, after
// an initial Propagate of empty evidence, so that impossible cases have
// previous results to keep.
func runHand(t *testing.T, newEngine func(*network.Network) (network.Engine, error), h handNetwork) {
	t.Run(h.name, func(t *testing.T) {
		n := h.build()
		eng := mustEngine(t, newEngine, n)
		prev, ok := checkPropagate(t, eng, network.NewEvidence(n), prior(h, n), result{})
		if !ok {
			t.FailNow()
		}
		for _, c := range h.cases {
			t.Run(c.name, func(t *testing.T) {
				prev, _ = checkHandCase(t, eng, c, prev)
			})
		}
	})
}

// prior returns the answer of h's case without findings.
func prior(h handNetwork, n *network.Network) answer {
	for _, c := range h.cases {
		if len(c.findings) == 0 {
			a, err := c.want(n)
			if err != nil {
				panic("enginetest: " + h.name + ": " + err.Error())
			}
			return a
		}
	}
	panic("enginetest: " + h.name + " has no case without findings")
}

// mustEngine builds an engine for n and checks that it answers for n.
func mustEngine(t *testing.T, newEngine func(*network.Network) (network.Engine, error), n *network.Network) network.Engine {
	t.Helper()
	eng, err := newEngine(n)
	if err != nil {
		t.Fatalf("newEngine: %v\nnetwork:\n%s", err, networkString(n))
	}
	if eng.Network() != n {
		t.Fatalf("Network() returns another network than the one the engine was built for")
	}
	return eng
}

// The shape of BruteForce's random networks.
const (
	maxVars       = 12
	maxParents    = 3
	maxStates     = 4
	evidencePerNW = 4
	// maxBruteJoint caps the joint states of a random network, so that
	// enumeration, run a dozen times per network, keeps the suite to
	// seconds.
	maxBruteJoint = 1 << 18
)

// randomCase draws one random network and its evidences from the stream
// of (seed, stream+i); the first evidence is empty.
func randomCase(seed, stream uint64, i int) (*network.Network, []*network.Evidence) {
	rng := rand.New(rand.NewPCG(seed, stream+uint64(i)))
	// Half the networks have up to maxVars variables, half at least
	// two thirds of that, where junction trees have several cliques.
	nvars := 1 + rng.IntN(maxVars)
	if rng.IntN(2) == 0 {
		nvars = maxVars - rng.IntN(maxVars/3+1)
	}
	parents := rng.IntN(maxParents + 1)
	states := 2 + rng.IntN(maxStates-1)
	n := RandomNetwork(rng, nvars, parents, states)
	for JointStates(n) > maxBruteJoint {
		states = max(2, states-1)
		n = RandomNetwork(rng, nvars, parents, states)
	}
	evs := []*network.Evidence{network.NewEvidence(n)}
	for range evidencePerNW {
		evs = append(evs, RandomEvidence(rng, n))
	}
	return n, evs
}

func runBruteForce(t *testing.T, newEngine func(*network.Network) (network.Engine, error), opts Options) {
	for i := range opts.cases() {
		n, evs := randomCase(opts.Seed, streamBruteForce, i)
		t.Run(fmt.Sprintf("%03d", i), func(t *testing.T) {
			eng := mustEngine(t, newEngine, n)
			if !checkBruteForce(t, eng, evs) {
				t.Logf("rerun with Options{Seed: %d} and look at case %d; network:\n%s", opts.Seed, i, networkString(n))
			}
		})
	}
}

// checkBruteForce propagates evs on eng in the order 0, 1, ..., k, k-1,
// ..., 0, comparing each answer with enumeration and, the second time,
// with the first. It stops at the first evidence that fails. evs[0] must
// be possible. Afterwards the network's CPTs must be as they were.
func checkBruteForce(r reporter, eng network.Engine, evs []*network.Evidence) bool {
	r.Helper()
	n := eng.Network()
	cpts := make([][]float64, n.NumVariables())
	for v := range cpts {
		cpts[v] = append([]float64(nil), n.CPT(v)...)
	}
	wants := make([]answer, len(evs))
	for i, ev := range evs {
		var err error
		if wants[i], err = expect(n, ev); err != nil {
			r.Errorf("enumerating %s: %v", describe(ev), err)
			return false
		}
	}
	first := make([]result, len(evs))
	var prev result
	for step := range 2*len(evs) - 1 {
		i := step
		if step >= len(evs) {
			i = 2*len(evs) - 2 - step
		}
		got, ok := checkPropagate(r, eng, evs[i], wants[i], prev)
		if !ok {
			return false
		}
		if step >= len(evs) && !wants[i].impossible {
			what := "Propagate(" + describe(evs[i]) + ") again, after other evidence, differs from the first time"
			if !compare(r, n, what, got, first[i], sameTol, sameTol) {
				return false
			}
		}
		first[i], prev = got, got
	}
	for v := range cpts {
		for k, p := range n.CPT(v) {
			if p != cpts[v][k] {
				r.Errorf("the engine modified the CPT of %s", n.Name(v))
				return false
			}
		}
	}
	return true
}

func runMPE(t *testing.T, newEngine func(*network.Network) (network.Engine, error), opts Options) {
	if opts.SkipMPE {
		t.Skip("Options.SkipMPE is set")
	}
	probe := fourStates()
	if _, ok := mustEngine(t, newEngine, probe.build()).(network.MPEEngine); !ok {
		t.Skip("the engine does not implement network.MPEEngine")
	}
	for _, h := range []handNetwork{fourStates(), oneState(), disconnected()} {
		t.Run(h.name, func(t *testing.T) {
			n := h.build()
			eng := mustEngine(t, newEngine, n).(network.MPEEngine)
			prev, ok := checkPropagate(t, eng, network.NewEvidence(n), prior(h, n), result{})
			if !ok {
				t.FailNow()
			}
			for _, c := range h.mpe {
				t.Run(c.name, func(t *testing.T) { checkHandMPE(t, eng, c, prev) })
			}
		})
	}
	for i := range opts.cases() {
		n, evs := randomCase(opts.Seed, streamMPE, i)
		t.Run(fmt.Sprintf("%03d", i), func(t *testing.T) {
			eng, ok := mustEngine(t, newEngine, n).(network.MPEEngine)
			if !ok {
				t.Fatalf("the engine implements network.MPEEngine for one network but not for another")
			}
			if !checkMPECase(t, eng, evs) {
				t.Logf("rerun with Options{Seed: %d} and look at case %d; network:\n%s", opts.Seed, i, networkString(n))
			}
		})
	}
}

// checkMPECase propagates evs[0], which must be possible, then asks for
// the MPE of every evidence in evs, stopping at the first failure.
func checkMPECase(r reporter, eng network.MPEEngine, evs []*network.Evidence) bool {
	r.Helper()
	n := eng.Network()
	want, err := expect(n, evs[0])
	if err != nil {
		r.Errorf("enumerating %s: %v", describe(evs[0]), err)
		return false
	}
	prev, ok := checkPropagate(r, eng, evs[0], want, result{})
	if !ok {
		return false
	}
	for _, ev := range evs {
		if !checkMPE(r, eng, ev, prev, nil) {
			return false
		}
	}
	return true
}
