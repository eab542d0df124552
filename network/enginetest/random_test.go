package enginetest

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"brink/network"
)

// TestRandomNetworkShape checks the limits that RandomNetwork promises and
// that, over many draws, it produces the awkward cases the suite relies
// on.
func TestRandomNetworkShape(t *testing.T) {
	const draws = 500
	seen := map[string]int{}
	for i := range draws {
		rng := rand.New(rand.NewPCG(7, uint64(i)))
		nvars, maxPar, maxSt := 1+rng.IntN(10), rng.IntN(4), 1+rng.IntN(4)
		n := RandomNetwork(rng, nvars, maxPar, maxSt)
		if n.NumVariables() != nvars {
			t.Fatalf("draw %d: %d variables, want %d", i, n.NumVariables(), nvars)
		}
		for v := range nvars {
			if c := n.Card(v); c < 1 || c > maxSt {
				t.Fatalf("draw %d: %s has %d states, want 1..%d", i, n.Name(v), c, maxSt)
			}
			if len(n.Parents(v)) > maxPar {
				t.Fatalf("draw %d: %s has %d parents, want at most %d", i, n.Name(v), len(n.Parents(v)), maxPar)
			}
			if n.Card(v) == 1 {
				seen["one-state variable"]++
			}
			if ps := n.Parents(v); len(ps) >= 2 && !slices.IsSorted(ps) {
				seen["parents out of index order"]++
			}
			for k := 0; k < len(n.CPT(v)); k += n.Card(v) {
				row := n.CPT(v)[k : k+n.Card(v)]
				if len(row) > 1 && slices.Contains(row, 0) {
					seen["row with a zero"]++
				}
				if len(row) > 1 && slices.Contains(row, 1) {
					seen["deterministic row"]++
				}
			}
		}
		if !slices.IsSorted(n.TopologicalOrder()) {
			seen["topological order differs from index order"]++
		}
		if components(n) > 1 {
			seen["disconnected"]++
		}
		if components(n) > 1 && nvars >= 4 && maxPar >= 2 {
			seen["disconnected with edges"]++
		}
	}
	for _, want := range []string{
		"one-state variable", "parents out of index order", "row with a zero", "deterministic row",
		"topological order differs from index order", "disconnected", "disconnected with edges",
	} {
		if seen[want] == 0 {
			t.Errorf("no %s in %d draws", want, draws)
		}
	}
	t.Logf("features in %d draws: %v", draws, seen)
}

// components counts the weakly connected components of n.
func components(n *network.Network) int {
	comp := make([]int, n.NumVariables())
	for v := range comp {
		comp[v] = -1
	}
	count := 0
	for start := range comp {
		if comp[start] >= 0 {
			continue
		}
		stack := []int{start}
		comp[start] = count
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, u := range append(slices.Clone(n.Parents(v)), n.Children(v)...) {
				if comp[u] < 0 {
					comp[u] = count
					stack = append(stack, u)
				}
			}
		}
		count++
	}
	return count
}

// TestRandomNetworkDeterministic checks that a seed fixes the network.
func TestRandomNetworkDeterministic(t *testing.T) {
	draw := func() string {
		return networkString(RandomNetwork(rand.New(rand.NewPCG(3, 4)), 8, 3, 3))
	}
	if a, b := draw(), draw(); a != b {
		t.Errorf("same seed, different networks:\n%s\n%s", a, b)
	}
}

// TestRandomNetworkPanics checks that nonsensical sizes panic.
func TestRandomNetworkPanics(t *testing.T) {
	tests := []struct {
		name                         string
		nvars, maxParents, maxStates int
	}{
		{"negative_variables", -1, 2, 2},
		{"negative_parents", 3, -1, 2},
		{"no_states", 3, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			RandomNetwork(rand.New(rand.NewPCG(1, 1)), tt.nvars, tt.maxParents, tt.maxStates)
		})
	}
}

// TestRandomEvidenceMix checks that the evidence of the BruteForce cases
// mixes every kind of finding, zero likelihood weights, weights that do
// not sum to one, empty evidence and impossible evidence.
func TestRandomEvidenceMix(t *testing.T) {
	const cases = 300
	seen := map[string]int{}
	total := 0
	for i := range cases {
		n, evs := randomCase(11, streamBruteForce, i)
		for _, ev := range evs[1:] {
			total++
			if ev.Len() == 0 {
				seen["empty"]++
			}
			for _, f := range ev.Findings() {
				seen[f.Kind.String()]++
				if f.Kind == network.Likelihood {
					sum := 0.0
					for _, w := range f.Weights {
						sum += w
					}
					if slices.Contains(f.Weights, 0) {
						seen["zero weight"]++
					}
					if sum > 1 {
						seen["weights above one"]++
					}
				}
				if f.Kind == network.Negative && len(f.Weights)-countNonzero(f.Weights) >= 2 {
					seen["negative excluding two states"]++
				}
			}
			if _, _, err := Enumerate(n, ev); errors.Is(err, network.ErrImpossibleEvidence) {
				seen["impossible"]++
			}
		}
	}
	t.Logf("features in %d evidences: %v", total, seen)
	for _, want := range []string{"empty", "hard", "negative", "likelihood", "zero weight", "weights above one", "negative excluding two states", "impossible"} {
		if seen[want] == 0 {
			t.Errorf("no %s evidence in %d", want, total)
		}
	}
	// Impossible evidence should be common enough to test, rare enough to
	// leave most comparisons numeric.
	if frac := float64(seen["impossible"]) / float64(total); frac < 0.03 || frac > 0.5 {
		t.Errorf("%.0f%% of the evidence is impossible, want 3%% to 50%%", 100*frac)
	}
}

func countNonzero(w []float64) int {
	k := 0
	for _, x := range w {
		if x != 0 {
			k++
		}
	}
	return k
}
