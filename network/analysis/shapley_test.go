package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"brink/network"
	"brink/network/enginetest"
	"brink/network/jtree"
)

// bruteShapley computes the Shapley values of the findings of ev for
// target = state from the definition as an average over orders,
//
//	φ_i = (1/n!) Σ_π [ v(pre_π(i) ∪ {i}) − v(pre_π(i)) ],
//
// a formula other than the coalition-weighted sum Shapley uses, with
// every v(S) = P(t | S) a separate enumeration of the mutilated network
// (the actions applied by surgery). It also returns v(∅) and v(N).
func bruteShapley(t *testing.T, n *network.Network, ev *network.Evidence, target, state int) (phi []float64, v0, vN float64) {
	t.Helper()
	w := newBruteWorld(t, n, ev)
	fs := ev.Findings()
	nf := len(fs)
	memo := map[int]float64{}
	value := func(mask int) float64 {
		if v, ok := memo[mask]; ok {
			return v
		}
		var sub []network.Finding
		for i, f := range fs {
			if mask&(1<<i) != 0 {
				sub = append(sub, f)
			}
		}
		_, m := w.prob(sub...)
		if m == nil {
			t.Fatalf("coalition %b of possible evidence is impossible", mask)
		}
		memo[mask] = m[target][state]
		return memo[mask]
	}
	phi = make([]float64, nf)
	perm := make([]int, nf)
	for i := range perm {
		perm[i] = i
	}
	count := 0
	var visit func(k int)
	visit = func(k int) { // Heap-free: all permutations by swapping
		if k == nf {
			count++
			mask := 0
			for _, i := range perm {
				phi[i] += value(mask|1<<i) - value(mask)
				mask |= 1 << i
			}
			return
		}
		for j := k; j < nf; j++ {
			perm[k], perm[j] = perm[j], perm[k]
			visit(k + 1)
			perm[k], perm[j] = perm[j], perm[k]
		}
	}
	visit(0)
	for i := range phi {
		phi[i] /= float64(count)
	}
	return phi, value(0), value(1<<nf - 1)
}

// TestShapleyRandomNetworks checks the exact Shapley values against
// bruteShapley (tol 1e-9) on random networks with every kind of finding
// and actions, and efficiency, Σ φ_i = P(t | e) − P(t), to 1e-12.
func TestShapleyRandomNetworks(t *testing.T) {
	cases := 200
	if testing.Short() {
		cases = 40
	}
	rng := rand.New(rand.NewPCG(1953, 307))
	possible := 0
	for c := range cases {
		n := enginetest.RandomNetwork(rng, 1+rng.IntN(7), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		randomActions(rng, n, ev)
		target := rng.IntN(n.NumVariables())
		state := rng.IntN(n.Card(target))
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("", func(t *testing.T) {
			t.Logf("case %d: %d variables, target v%d=s%d, evidence %s", c, n.NumVariables(), target, state, ev)
			got, err := Shapley(jt, ev, target, state, ShapleyOptions{})
			if pe, _ := newBruteWorld(t, n, ev).prob(ev.Findings()...); pe == 0 {
				wantImpossible(t, "Shapley", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			possible++
			if !got.Exact || got.Permutations != 0 {
				t.Errorf("%d findings not exact: %+v", len(got.Values), got)
			}
			phi, v0, vN := bruteShapley(t, n, ev, target, state)
			if !near(got.Baseline, v0, tol) || !near(got.Posterior, vN, tol) {
				t.Errorf("baseline %v, posterior %v; want %v, %v", got.Baseline, got.Posterior, v0, vN)
			}
			sum := 0.0
			for i, v := range got.Values {
				if math.Abs(v.Value-phi[i]) > tol || v.StdErr != 0 {
					t.Errorf("%s: φ = %v ± %v, want %v", v.Finding.Describe(n), v.Value, v.StdErr, phi[i])
				}
				sum += v.Value
			}
			if math.Abs(sum-(got.Posterior-got.Baseline)) > 1e-12 {
				t.Errorf("Σφ = %v, P(t | e) − P(t) = %v", sum, got.Posterior-got.Baseline)
			}
			checkLeftOn(t, jt, n, ev)
		})
	}
	if possible < cases/2 {
		t.Errorf("only %d of %d cases had possible evidence", possible, cases)
	}
}

// TestShapleySampled checks the sampled values against the exact ones on
// random networks with six to nine findings: each within five standard
// errors (plus 1e-9), which a correct estimator misses about once in
// 1.7 million, and efficiency to 1e-12, which sampling keeps exactly
// since each order's contributions add up to it.
func TestShapleySampled(t *testing.T) {
	rng := rand.New(rand.NewPCG(2009, 1726))
	checked := 0
	for checked < 20 {
		n := enginetest.RandomNetwork(rng, 9, 3, 3)
		ev := network.NewEvidence(n)
		for v := range n.NumVariables() {
			if v < 6+rng.IntN(4) {
				_ = ev.SetState(v, rng.IntN(n.Card(v)))
			}
		}
		target := rng.IntN(n.NumVariables())
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		exact, err := Shapley(jt, ev, target, 0, ShapleyOptions{})
		var impossible *network.ImpossibleEvidenceError
		if errors.As(err, &impossible) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		checked++
		sampled, err := Shapley(jt, ev, target, 0, ShapleyOptions{MaxExact: 3, Permutations: 400, Rand: rand.New(rand.NewPCG(uint64(checked), 5))})
		if err != nil {
			t.Fatal(err)
		}
		if sampled.Exact || sampled.Permutations != 400 {
			t.Fatalf("not sampled: %+v", sampled)
		}
		sum := 0.0
		for i, v := range sampled.Values {
			if d := math.Abs(v.Value - exact.Values[i].Value); d > 5*v.StdErr+1e-9 {
				t.Errorf("case %d %s: sampled %v ± %v, exact %v", checked, v.Finding.Describe(n), v.Value, v.StdErr, exact.Values[i].Value)
			}
			sum += v.Value
		}
		if math.Abs(sum-(sampled.Posterior-sampled.Baseline)) > 1e-12 {
			t.Errorf("case %d: Σφ = %v, P(t | e) − P(t) = %v", checked, sum, sampled.Posterior-sampled.Baseline)
		}
		checkLeftOn(t, jt, n, ev)
	}
}

// TestShapleyXOR works the case that one-at-a-time retraction gets wrong.
// A and B are fair coins and C = A XOR B. Observing A = 1 or B = 0 alone
// leaves P(C = 1) at 0.5; both together make it 1. So
//
//	v(∅) = v({A}) = v({B}) = 0.5,  v({A, B}) = 1,
//	φ_A = ½[v({A}) − v(∅)] + ½[v({A, B}) − v({B})] = 0.25 = φ_B,
//
// equal credit that sums to the 0.5 the findings moved C, whereas
// Explain gives each finding the whole 0.5.
func TestShapleyXOR(t *testing.T) {
	bit := []string{"0", "1"}
	n, err := network.New([]network.VariableSpec{
		{Name: "A", States: bit, CPT: []float64{0.5, 0.5}},
		{Name: "B", States: bit, CPT: []float64{0.5, 0.5}},
		{Name: "C", States: bit, Parents: []string{"A", "B"}, CPT: []float64{1, 0, 0, 1, 0, 1, 1, 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := evidence(t, n, []finding{"A=1", "B=0"})
	got, err := Shapley(jt, ev, 2, 1, ShapleyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Baseline != 0.5 || got.Posterior != 1 || len(got.Values) != 2 {
		t.Fatalf("%+v", got)
	}
	for _, v := range got.Values {
		if math.Abs(v.Value-0.25) > 1e-15 {
			t.Errorf("%s: φ = %v, want 0.25", v.Finding.Describe(n), v.Value)
		}
	}
	ws, err := Explain(jt, ev, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if math.Abs(w.Delta-0.5) > 1e-15 {
			t.Errorf("Explain %s: Δ = %v, want 0.5 (each finding the whole change)", w.Finding.Describe(n), w.Delta)
		}
	}

	// An action is no player: with A set to 1 by action, B = 0 alone
	// moves C from 0.5 to 1 and gets all of it.
	do := evidence(t, n, []finding{"B=0"})
	if err := do.SetDo(0, 1); err != nil {
		t.Fatal(err)
	}
	got, err = Shapley(jt, do, 2, 1, ShapleyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Baseline != 0.5 || len(got.Values) != 1 || math.Abs(got.Values[0].Value-0.5) > 1e-15 {
		t.Errorf("under an action: %+v", got)
	}
}

// TestShapleyErrors checks the options, the target and impossible
// evidence.
func TestShapleyErrors(t *testing.T) {
	n := sensors(t)
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := evidence(t, n, []finding{"B=yes"})
	for _, o := range []ShapleyOptions{{MaxExact: 21}, {MaxExact: -1}, {Permutations: 1}, {Permutations: -5}} {
		if _, err := Shapley(jt, ev, 0, 0, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	if _, err := Shapley(jt, ev, 0, 2, ShapleyOptions{}); !errors.Is(err, network.ErrUnknownState) {
		t.Errorf("state 2: %v", err)
	}
	det, err := network.New([]network.VariableSpec{
		{Name: "X", States: []string{"a", "b"}, CPT: []float64{1, 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jd, err := jtree.Compile(det, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Shapley(jd, evidence(t, det, []finding{"X=b"}), 0, 0, ShapleyOptions{})
	wantImpossible(t, "Shapley", err)

	// No findings: nothing to share, baseline and posterior equal.
	got, err := Shapley(jt, nil, 0, 0, ShapleyOptions{})
	if err != nil || len(got.Values) != 0 || got.Baseline != got.Posterior || !got.Exact {
		t.Errorf("no findings: %+v, %v", got, err)
	}
}

// BenchmarkShapleyExact times the exact Shapley values of the flagship's
// findings for accidental escalation: red_sea_spark's two (4 coalitions),
// with a contradicting third (8), and with the present conditions' five
// besides (2^8 = 256 coalitions).
func BenchmarkShapleyExact(b *testing.B) {
	for _, c := range []struct {
		name  string
		extra []finding
	}{
		{"red_sea_spark", nil},
		{"red_sea_spark+conciliatory", []finding{"leader_rhetoric=conciliatory"}},
		{"red_sea_spark+conciliatory+present", []finding{"leader_rhetoric=conciliatory", "red_line_clarity=absent", "mutual_trust=very_low",
			"turkish_mediation=exploratory", "us_strategic_distraction=high", "us_domestic_constraint=strong"}},
	} {
		n, ev, jt := flagship(b, c.extra...)
		target, state := lookup(b, n, "outcome=accidental_escalation")
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Shapley(jt, ev, target, state, ShapleyOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
