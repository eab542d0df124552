package workspace

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brink/network"
	"brink/network/bif"
	"brink/network/formats"
)

// gridDoc returns an n×n grid of binary variables, each with the ones
// above and to its left as parents, loaded from a BIF file: for n = 30 no
// junction tree fits the budget.
func gridDoc(t *testing.T, n int) *formats.Document {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	name := func(r, c int) string { return fmt.Sprintf("g%d_%d", r, c) }
	var specs []network.VariableSpec
	for r := range n {
		for c := range n {
			var ps []string
			if r > 0 {
				ps = append(ps, name(r-1, c))
			}
			if c > 0 {
				ps = append(ps, name(r, c-1))
			}
			var cpt []float64
			for range 1 << len(ps) {
				p := 0.1 + 0.8*rng.Float64()
				cpt = append(cpt, p, 1-p)
			}
			specs = append(specs, network.VariableSpec{Name: name(r, c), States: []string{"on", "off"}, Parents: ps, CPT: cpt})
		}
	}
	net, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "grid.bif")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := bif.Write(f, net); err != nil {
		t.Fatal(err)
	}
	f.Close()
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestPastExactReach opens a 30×30 grid, which the junction tree refuses:
// the workspace samples its beliefs instead, says so and how precisely,
// follows the findings, and refuses the analyses with ErrApproximate;
// asia stays exact.
func TestPastExactReach(t *testing.T) {
	w, err := New(gridDoc(t, 30))
	if err != nil {
		t.Fatalf("opening the grid: %v", err)
	}
	text, ok := w.Approximation()
	if !ok || !strings.Contains(text, "Sampled, not exact") || !strings.Contains(text, "±") {
		t.Fatalf("Approximation() = %q, %v", text, ok)
	}
	v, _ := w.Network().Index("g29_29")
	before := w.Posterior(v)[0]
	u, _ := w.Network().Index("g28_29")
	start := time.Now()
	if err := w.SetState(u, 0); err != nil {
		t.Fatal(err)
	}
	t.Logf("a finding on the 30×30 grid: %v", time.Since(start))
	after := w.Posterior(v)[0]
	if math.IsNaN(after) || after == before {
		t.Errorf("P(g29_29 = on) %v before and %v after a finding on its parent", before, after)
	}
	if text2, _ := w.Approximation(); text2 == "" {
		t.Error("no precision after the finding")
	}
	if _, err := w.Impact(v, 0); !errors.Is(err, ErrApproximate) {
		t.Errorf("Impact on the grid: %v, want ErrApproximate", err)
	}
	if _, err := w.Narrate(v); !errors.Is(err, ErrApproximate) {
		t.Errorf("Narrate on the grid: %v, want ErrApproximate", err)
	}
	if _, err := w.Shapley(v, 0); !errors.Is(err, ErrApproximate) {
		t.Errorf("Shapley on the grid: %v, want ErrApproximate", err)
	}

	a, _ := open(t)
	if text, ok := a.Approximation(); ok || text != "" {
		t.Errorf("asia: Approximation() = %q, %v, want exact", text, ok)
	}
	if _, err := a.Explain(0, 0); errors.Is(err, ErrApproximate) {
		t.Error("asia's analyses refused as approximate")
	}
}
