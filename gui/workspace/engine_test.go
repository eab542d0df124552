package workspace

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"brink/network/bif"
	"brink/network/enginetest"
	"brink/network/formats"
)

// gridDoc returns an n×n grid (enginetest.Grid) read back from BIF as a
// document: for n = 30 no junction tree fits the budget.
func gridDoc(t *testing.T, n int) *formats.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := bif.Write(&buf, enginetest.Grid(rand.New(rand.NewPCG(3, 4)), n)); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Read(buf.Bytes(), "grid.bif")
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
