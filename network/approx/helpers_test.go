package approx

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/enginetest"
)

// refCase is one case of ../shared/reftests/NAME.json: the findings and
// every posterior (libDAI exact JTree, cross-checked by two
// variable-elimination implementations to 1e-15).
type refCase struct {
	Evidence        map[string]string             `json:"evidence"`
	LogProbEvidence float64                       `json:"log_prob_evidence"`
	Marginals       map[string]map[string]float64 `json:"marginals"`
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

// loadReference reads the cases of ../shared/reftests/NAME.json.
func loadReference(tb testing.TB, name string) []refCase {
	tb.Helper()
	path, ok := shared.Path("reftests", name+".json")
	if !ok {
		tb.Skip("../shared not found")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var f struct {
		Cases []refCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		tb.Fatal(err)
	}
	return f.Cases
}

// evidenceOf builds the hard findings of a reference case.
func evidenceOf(tb testing.TB, n *network.Network, findings map[string]string) *network.Evidence {
	tb.Helper()
	ev := network.NewEvidence(n)
	for name, state := range findings {
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

// reference returns the marginals of a reference case indexed like n.
func reference(tb testing.TB, n *network.Network, c refCase) [][]float64 {
	tb.Helper()
	out := make([][]float64, n.NumVariables())
	for v := range out {
		m, ok := c.Marginals[n.Name(v)]
		if !ok {
			tb.Fatalf("reference lacks %s", n.Name(v))
		}
		out[v] = make([]float64, n.Card(v))
		for s, name := range n.Variable(v).States {
			out[v][s] = m[name]
		}
	}
	return out
}

// sampledEvidence draws one configuration by forward sampling and keeps k
// of its variables as hard findings, so that P(e) > 0. It samples in
// topologicalOrder, so that the findings do not depend on how the network
// happened to be sorted on loading.
func sampledEvidence(n *network.Network, k int, seed uint64) *network.Evidence {
	rng := rand.New(rand.NewPCG(seed, 1))
	state := make([]int, n.NumVariables())
	for _, v := range topologicalOrder(n) {
		row := 0
		for _, p := range n.Parents(v) {
			row = row*n.Card(p) + state[p]
		}
		c := n.Card(v)
		u, acc := rng.Float64(), 0.0
		state[v] = c - 1
		for s, p := range n.CPT(v)[row*c : (row+1)*c] {
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

// grid builds a side×side grid (enginetest.Grid) with its CPTs drawn
// from seed: a 40×40 grid needs a junction tree of about 2^41 entries.
func grid(tb testing.TB, side int, seed uint64) *network.Network {
	tb.Helper()
	return enginetest.Grid(rand.New(rand.NewPCG(seed, 2)), side)
}

// randomPolytree builds a network of nv variables with 2–4 states whose
// graph has no loop even ignoring directions: each variable after the
// first joins the tree by one edge to an earlier variable, in a random
// direction.
func randomPolytree(tb testing.TB, nv int, seed uint64) *network.Network {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 3))
	cards := make([]int, nv)
	parents := make([][]int, nv)
	for v := range nv {
		cards[v] = 2 + rng.IntN(3)
		if v == 0 {
			continue
		}
		u := rng.IntN(v)
		if rng.IntN(2) == 0 {
			parents[v] = append(parents[v], u)
		} else {
			parents[u] = append(parents[u], v)
		}
	}
	// Variables are named in an order in which every parent comes first:
	// the tree edges may point from a later to an earlier index.
	specs := make([]network.VariableSpec, nv)
	for v := range nv {
		states := make([]string, cards[v])
		for s := range states {
			states[s] = fmt.Sprintf("s%d", s)
		}
		rows := 1
		var ps []string
		for _, p := range parents[v] {
			rows *= cards[p]
			ps = append(ps, fmt.Sprintf("v%d", p))
		}
		cpt := make([]float64, 0, rows*cards[v])
		for range rows {
			sum := 0.0
			row := make([]float64, cards[v])
			for s := range row {
				row[s] = 0.05 + rng.Float64()
				sum += row[s]
			}
			for s := range row {
				cpt = append(cpt, row[s]/sum)
			}
		}
		specs[v] = network.VariableSpec{Name: fmt.Sprintf("v%d", v), States: states, Parents: ps, CPT: cpt}
	}
	n, err := network.New(specs)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
