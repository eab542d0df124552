package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"brink/network"
	"brink/network/decision"
	"brink/network/enginetest"
	"brink/network/jtree"
	"brink/network/modelfile"
)

// bruteWorld computes probabilities of sets of findings by enumerating
// the full joint (enginetest.Enumerate) of a network with its actions
// applied by graph surgery: each intervened variable cut from its parents
// and given a point mass on its state (Pearl's truncated factorisation),
// built apart from the engine's own handling of actions.
type bruteWorld struct {
	t   testing.TB
	net *network.Network // the mutilated network
}

// newBruteWorld builds the mutilated network of ev's actions.
func newBruteWorld(t testing.TB, n *network.Network, ev *network.Evidence) *bruteWorld {
	t.Helper()
	specs := make([]network.VariableSpec, n.NumVariables())
	for v := range specs {
		vr := n.Variable(v)
		s := network.VariableSpec{Name: vr.Name, States: vr.States, CPT: n.CPT(v)}
		for _, p := range n.Parents(v) {
			s.Parents = append(s.Parents, n.Name(p))
		}
		if st, set := ev.Do(v); set {
			s.Parents = nil
			s.CPT = make([]float64, n.Card(v))
			s.CPT[st] = 1
		}
		specs[v] = s
	}
	m, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	return &bruteWorld{t: t, net: m}
}

// prob returns P(fs) on the mutilated network with the findings' weights
// as given (0 when impossible), and the posteriors (nil then).
func (w *bruteWorld) prob(fs ...network.Finding) (float64, [][]float64) {
	w.t.Helper()
	ev := network.NewEvidence(w.net)
	for _, f := range fs {
		if err := ev.Set(f); err != nil {
			w.t.Fatal(err)
		}
	}
	m, p, err := enginetest.Enumerate(w.net, ev)
	var impossible *network.ImpossibleEvidenceError
	if errors.As(err, &impossible) {
		return 0, nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	return p, m
}

// hard returns the hard finding v = s.
func hard(n *network.Network, v, s int) network.Finding {
	w := make([]float64, n.Card(v))
	w[s] = 1
	return network.Finding{Variable: v, Kind: network.Hard, State: s, Weights: w}
}

// largest returns the largest weight of f.
func largest(f network.Finding) float64 { return slices.Max(f.Weights) }

// near reports whether got and want agree to tol, relative to want
// beyond 1.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// randomActions sets one or two unobserved variables of ev by action,
// in about half the cases.
func randomActions(rng *rand.Rand, n *network.Network, ev *network.Evidence) {
	if rng.IntN(2) == 0 {
		return
	}
	for range 1 + rng.IntN(2) {
		v := rng.IntN(n.NumVariables())
		if _, ok := ev.Finding(v); ok {
			continue
		}
		if err := ev.SetDo(v, rng.IntN(n.Card(v))); err != nil {
			panic(err)
		}
	}
}

// checkLeftOn checks that the engine's posteriors are those of ev.
func checkLeftOn(t *testing.T, jt *jtree.JunctionTree, n *network.Network, ev *network.Evidence) {
	t.Helper()
	other, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	for v := range n.NumVariables() {
		for s, p := range other.Posterior(v) {
			if !near(jt.Posterior(v)[s], p, 1e-12) {
				t.Fatalf("engine not left on e: P(v%d=s%d) = %v, want %v", v, s, jt.Posterior(v)[s], p)
			}
		}
	}
}

// TestConflictRandomNetworks checks Conflict and ConflictGiven against
// brute-force enumeration of the mutilated network on random networks,
// evidence of every kind (likelihoods scaled by 1e-3 and 50 included)
// and actions (tol 1e-9, relative beyond 1):
//
//	conf(e)          = log2[Π_i P(e_i) / P(e)],
//	P(e_i | e ∖ e_i) = P(e) / P(e ∖ e_i),  both over max λ_i,
//	contribution_i   = log2[P(e_i) · P(e ∖ e_i) / P(e)],
//	conf(e | t)      = log2[Π_i P(e_i, t) / P(t)^(n−1) / P(e, t)],
//
// each P a separate enumeration with the weights as given.
func TestConflictRandomNetworks(t *testing.T) {
	cases := 300
	if testing.Short() {
		cases = 60
	}
	rng := rand.New(rand.NewPCG(1991, 519))
	possible := 0
	for c := range cases {
		n := enginetest.RandomNetwork(rng, 1+rng.IntN(7), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		randomActions(rng, n, ev)
		target := rng.IntN(n.NumVariables())
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("", func(t *testing.T) {
			t.Logf("case %d: %d variables, target v%d, evidence %s", c, n.NumVariables(), target, ev)
			w := newBruteWorld(t, n, ev)
			fs := ev.Findings()
			pe, _ := w.prob(fs...)
			got, err := Conflict(jt, ev)
			if pe == 0 {
				wantImpossible(t, "Conflict", err)
				_, err := ConflictGiven(jt, ev, target)
				if _, set := ev.Do(target); set {
					if !errors.Is(err, network.ErrObservedAndSet) {
						t.Errorf("target set by action: error %v", err)
					}
					return
				}
				wantImpossible(t, "ConflictGiven", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			possible++
			sum := -math.Log2(pe)
			for i, f := range fs {
				pi, _ := w.prob(f)
				sum += math.Log2(pi)
				rest := slices.Delete(slices.Clone(fs), i, i+1)
				pr, _ := w.prob(rest...)
				g := got.Findings[i]
				if g.Finding.Variable != f.Variable {
					t.Fatalf("finding %d is v%d, want v%d", i, g.Finding.Variable, f.Variable)
				}
				if !near(g.Prior, pi/largest(f), tol) {
					t.Errorf("%s: prior %v, want %v", f.Describe(n), g.Prior, pi/largest(f))
				}
				if !near(g.Retracted, pe/pr/largest(f), tol) {
					t.Errorf("%s: retracted %v, want %v", f.Describe(n), g.Retracted, pe/pr/largest(f))
				}
				if want := math.Log2(pi * pr / pe); !near(g.Contribution, want, tol) {
					t.Errorf("%s: contribution %v, want %v", f.Describe(n), g.Contribution, want)
				}
			}
			if len(fs) < 2 {
				sum = 0
			}
			if !near(got.Conf, sum, tol) {
				t.Errorf("conf %v, want %v", got.Conf, sum)
			}
			if !near(got.LogProbEvidence, math.Log(pe), tol) {
				t.Errorf("ln P(e) %v, want %v", got.LogProbEvidence, math.Log(pe))
			}
			checkLeftOn(t, jt, n, ev)

			states, err := ConflictGiven(jt, ev, target)
			if _, set := ev.Do(target); set {
				if !errors.Is(err, network.ErrObservedAndSet) {
					t.Fatalf("target set by action: error %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkConflictGiven(t, w, ev, target, states)
			checkLeftOn(t, jt, n, ev)
		})
	}
	if possible < cases/2 {
		t.Errorf("only %d of %d cases had possible evidence", possible, cases)
	}
}

// checkConflictGiven checks the rare-case rows against enumeration.
func checkConflictGiven(t *testing.T, w *bruteWorld, ev *network.Evidence, target int, got []StateConflict) {
	t.Helper()
	n := w.net
	var rest []network.Finding
	for _, f := range ev.Findings() {
		if f.Variable != target {
			rest = append(rest, f)
		}
	}
	_, prior := w.prob()
	_, post := w.prob(rest...)
	if len(got) != n.Card(target) {
		t.Fatalf("%d rows for %d states", len(got), n.Card(target))
	}
	for s, g := range got {
		pt := prior[target][s]
		if g.State != s || !near(g.Prior, pt, tol) || !near(g.Posterior, post[target][s], tol) {
			t.Errorf("state %d: %+v, want prior %v, posterior %v", s, g, pt, post[target][s])
		}
		if g.Possible != (pt > 0) {
			t.Errorf("state %d: possible %v, P(t) = %v", s, g.Possible, pt)
		}
		if pt == 0 {
			continue
		}
		pet, _ := w.prob(append(slices.Clone(rest), hard(n, target, s))...)
		if g.Consistent != (pet > 0) {
			t.Errorf("state %d: consistent %v, P(e, t) = %v", s, g.Consistent, pet)
		}
		if pet == 0 {
			if g.Conf != 0 {
				t.Errorf("state %d: conf %v for findings impossible given t", s, g.Conf)
			}
			continue
		}
		want := -math.Log2(pet / pt)
		for _, f := range rest {
			pit, _ := w.prob(f, hard(n, target, s))
			want += math.Log2(pit / pt)
		}
		if len(rest) < 2 {
			want = 0
		}
		if !near(g.Conf, want, tol) {
			t.Errorf("state %d: conf(e | t) %v, want %v", s, g.Conf, want)
		}
	}
}

// sensors is a hand-worked network: a binary cause A, P(A = yes) = 0.5,
// and three sensors B, C, D that each report A's state with probability
// 0.98 and the other with 0.02.
func sensors(t testing.TB) *network.Network {
	t.Helper()
	yn := []string{"yes", "no"}
	sensor := []float64{0.98, 0.02, 0.02, 0.98}
	n, err := network.New([]network.VariableSpec{
		{Name: "A", States: yn, CPT: []float64{0.5, 0.5}},
		{Name: "B", States: yn, Parents: []string{"A"}, CPT: sensor},
		{Name: "C", States: yn, Parents: []string{"A"}, CPT: sensor},
		{Name: "D", States: yn, Parents: []string{"A"}, CPT: sensor},
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConflictSensors works the sensors by hand. B = yes and C = no:
// each has prior 0.5, and P(B = yes, C = no) = 0.5·0.98·0.02 +
// 0.5·0.02·0.98 = 0.0196, so
//
//	conf = log2(0.25 / 0.0196) = 3.6730 bits,
//
// each finding's retracted probability is 0.0196 / 0.5 = 0.0392 and its
// contribution the whole conf (the other alone has conf 0). Given A
// either way the sensors are independent, so conf(e | a) = 0: both
// states explain the findings, at 50% each.
func TestConflictSensors(t *testing.T) {
	n := sensors(t)
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := evidence(t, n, []finding{"B=yes", "C=no"})
	got, err := Conflict(jt, ev)
	if err != nil {
		t.Fatal(err)
	}
	want := math.Log2(0.25 / 0.0196)
	if !near(got.Conf, want, 1e-12) || math.Abs(got.Conf-3.6730) > 1e-4 {
		t.Errorf("conf %v, want %v", got.Conf, want)
	}
	for _, f := range got.Findings {
		if math.Abs(f.Prior-0.5) > 1e-12 || math.Abs(f.Retracted-0.0392) > 1e-12 || math.Abs(f.Contribution-want) > 1e-12 {
			t.Errorf("%s: %+v, want prior 0.5, retracted 0.0392, contribution %v", f.Finding.Describe(n), f, want)
		}
	}
	states, err := ConflictGiven(jt, ev, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if !s.Possible || !s.Consistent || s.Conf != 0 || math.Abs(s.Posterior-0.5) > 1e-12 {
			t.Errorf("A=%s: %+v, want conf 0 and posterior 0.5", n.Variable(0).States[s.State], s)
		}
	}

	// Agreeing sensors support each other: P(B = yes, D = yes) = 0.4804
	// > 0.25, conf = log2(0.25 / 0.4804) < 0.
	agree, err := Conflict(jt, evidence(t, n, []finding{"B=yes", "D=yes"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Log2(0.25 / 0.4804); math.Abs(agree.Conf-want) > 1e-12 {
		t.Errorf("agreeing sensors: conf %v, want %v", agree.Conf, want)
	}

	// One finding, or none: conf is 0.
	for _, fs := range [][]finding{nil, {"B=yes"}} {
		c, err := Conflict(jt, evidence(t, n, fs))
		if err != nil || c.Conf != 0 || len(c.Findings) != len(fs) {
			t.Errorf("%v: %+v, %v", fs, c, err)
		}
		if len(fs) == 1 && c.Findings[0].Contribution != 0 {
			t.Errorf("one finding: contribution %v", c.Findings[0].Contribution)
		}
	}
}

// TestCheckSources grades the odd sensor out. With B = yes and D = yes,
// P(A = yes | B, D) = 0.98²/(0.98² + 0.02²) and the rest of the evidence
// gives C = no
//
//	0.02·0.9996 + 0.98·0.0004 = 0.0204,
//
// 2% against 50% alone: surprising. B, given C = no and D = yes, is back
// at 50%: it fits.
func TestCheckSources(t *testing.T) {
	n := sensors(t)
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Conflict(jt, evidence(t, n, []finding{"B=yes", "C=no", "D=yes"}))
	if err != nil {
		t.Fatal(err)
	}
	pa := 0.98 * 0.98 / (0.98*0.98 + 0.02*0.02)
	if want := 0.02*pa + 0.98*(1-pa); math.Abs(c.Findings[1].Retracted-want) > 1e-12 {
		t.Fatalf("P(C = no | B, D) = %v, want %v", c.Findings[1].Retracted, want)
	}
	tests := []struct {
		name       string
		grade      Grading // C's grading; B is graded E5 throughout
		surprising bool
		suspect    bool
		reason     string
	}{
		{"unreliable, improbable", Grading{"E", 5}, true, true,
			"the rest of the evidence gave this report 2% (50% alone); its source is graded E5 (unreliable, improbable)"},
		{"reliability not judged", Grading{"F", 0}, true, true, "graded F (reliability cannot be judged)"},
		{"doubtful", Grading{"", 4}, true, true, "graded credibility 4 (doubtful)"},
		{"lower case", Grading{"d", 2}, true, true, "graded D2 (not usually reliable, probably true)"},
		{"well graded", Grading{"A", 1}, true, false,
			"the rest of the evidence gave this report 2% (50% alone), but its source is graded A1 (completely reliable, confirmed): question the other reports or the model"},
		{"ungraded", Grading{}, true, false, "its source is not graded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checks, err := CheckSources(c, func(v int) Grading {
				switch n.Name(v) {
				case "B":
					return Grading{"E", 5}
				case "C":
					return tc.grade
				}
				return Grading{}
			}, 0)
			if err != nil {
				t.Fatal(err)
			}
			b, cc := checks[0], checks[1]
			if b.Surprising || b.Suspect || !strings.HasPrefix(b.Reason, "fits the rest of the evidence, which gave it 50% (50% alone)") {
				t.Errorf("B: %+v", b)
			}
			if cc.Surprising != tc.surprising || cc.Suspect != tc.suspect || !strings.Contains(cc.Reason, tc.reason) {
				t.Errorf("C: surprising %v, suspect %v, reason %q; want %v, %v, %q", cc.Surprising, cc.Suspect, cc.Reason, tc.surprising, tc.suspect, tc.reason)
			}
		})
	}

	// Below the threshold but not below half the prior: C = no against a
	// prior that is itself low is not surprising.
	low, err := network.New([]network.VariableSpec{
		{Name: "C", States: []string{"yes", "no"}, CPT: []float64{0.95, 0.05}},
		{Name: "B", States: []string{"yes", "no"}, CPT: []float64{0.5, 0.5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jl, err := jtree.Compile(low, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := Conflict(jl, evidence(t, low, []finding{"C=no", "B=yes"}))
	if err != nil {
		t.Fatal(err)
	}
	checks, err := CheckSources(cl, func(int) Grading { return Grading{"E", 5} }, 0)
	if err != nil {
		t.Fatal(err)
	}
	if checks[0].Surprising || checks[0].Suspect {
		t.Errorf("a finding improbable alone and no less so given the rest is flagged: %+v", checks[0])
	}

	// A likelihood finding is not checked; thresholds must be
	// probabilities above 0.
	cs, err := Conflict(jt, evidence(t, n, []finding{"B~0.9,0.1", "C=no"}))
	if err != nil {
		t.Fatal(err)
	}
	checks, err = CheckSources(cs, func(int) Grading { return Grading{"E", 5} }, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if checks[0].Checked || checks[0].Suspect || !checks[1].Checked {
		t.Errorf("soft finding checked: %+v", checks)
	}
	for _, th := range []float64{-0.1, 1.5, math.NaN()} {
		if _, err := CheckSources(cs, nil, th); err == nil {
			t.Errorf("threshold %v accepted", th)
		}
	}
}

// TestConflictErrors checks impossible evidence, a bad target and a
// target set by action.
func TestConflictErrors(t *testing.T) {
	n := sensors(t)
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	det, err := network.New([]network.VariableSpec{
		{Name: "X", States: []string{"a", "b"}, CPT: []float64{1, 0}},
		{Name: "Y", States: []string{"a", "b"}, CPT: []float64{0.5, 0.5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jd, err := jtree.Compile(det, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Conflict(jd, evidence(t, det, []finding{"X=b", "Y=a"}))
	wantImpossible(t, "Conflict", err)
	if _, err := ConflictGiven(jt, nil, 9); !errors.Is(err, network.ErrUnknownVariable) {
		t.Errorf("target 9: %v", err)
	}
	if _, err := Conflict(nil, nil); err == nil {
		t.Error("no engine accepted")
	}
	ev := evidence(t, n, []finding{"B=yes"})
	if err := ev.SetDo(0, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := ConflictGiven(jt, ev, 0); !errors.Is(err, network.ErrObservedAndSet) {
		t.Errorf("target set by action: %v", err)
	}
	// Under the action A = no, B = yes and C = yes are independent
	// (probabilities 0.02 each): conf 0.
	if err := ev.SetState(2, 0); err != nil {
		t.Fatal(err)
	}
	c, err := Conflict(jt, ev)
	if err != nil {
		t.Fatal(err)
	}
	if c.Conf != 0 || math.Abs(c.Findings[0].Prior-0.02) > 1e-12 || math.Abs(c.LogProbEvidence-math.Log(0.0004)) > 1e-12 {
		t.Errorf("under an action: %+v", c)
	}
}

// TestConflictTinyProbabilities gives a finding a probability below the
// smallest normal float64, where a sum of posteriors has lost its digits:
// X has P(x0) = 1e-310, Y copies X with 0.9, and the soft finding
// λ(X) = (1, 1e-310) has P = 2e-310 alone and, given Y = y0, P = 1e-310 /
// 0.1 = 1e-309. Conflict takes these from the engine's logarithms:
//
//	conf = log2(2e-310 · 0.1 / 1e-310) = log2 0.2,
//
// each contribution the same (tol 1e-9), every number finite.
func TestConflictTinyProbabilities(t *testing.T) {
	n, err := network.New([]network.VariableSpec{
		{Name: "X", States: []string{"x0", "x1"}, CPT: []float64{1e-310, 1}},
		{Name: "Y", States: []string{"y0", "y1"}, Parents: []string{"X"}, CPT: []float64{0.9, 0.1, 0.1, 0.9}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Conflict(jt, evidence(t, n, []finding{"X~1,1e-310", "Y=y0"}))
	if err != nil {
		t.Fatal(err)
	}
	want := math.Log2(0.2)
	if !near(c.Conf, want, 1e-9) {
		t.Errorf("conf %v, want %v", c.Conf, want)
	}
	for _, f := range c.Findings {
		if !near(f.Contribution, want, 1e-9) || math.IsNaN(f.Prior) || math.IsNaN(f.Retracted) {
			t.Errorf("%s: %+v, want contribution %v", f.Finding.Describe(n), f, want)
		}
	}
	if x := c.Findings[0]; !near(x.Prior/2e-310, 1, 1e-6) || !near(x.Retracted/1e-309, 1, 1e-6) {
		t.Errorf("X: prior %v (want 2e-310), retracted %v (want 1e-309)", x.Prior, x.Retracted)
	}
}

// flagship returns the US–Iran model's belief network under the
// red_sea_spark scenario (decisions at their best policies, as brinkctl
// computes), the scenario's evidence with extra findings, and a tree.
func flagship(t testing.TB, extra ...finding) (*network.Network, *network.Evidence, *jtree.JunctionTree) {
	t.Helper()
	md, err := modelfile.Load("../../models/us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := md.Scenario("red_sea_spark")
	if !ok {
		t.Fatal("no red_sea_spark scenario")
	}
	ev, err := md.Evidence(sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range evidence(t, md.Net, extra).Findings() {
		if err := ev.Set(f); err != nil {
			t.Fatal(err)
		}
	}
	n, _, _, err := decision.BeliefNetwork(md, ev)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return n, ev, jt
}

// BenchmarkConflict times the conflict measure of the flagship's
// red_sea_spark findings (two, then with a contradicting third: n + 3
// propagations) and the rare-case check on Iran's intention (2·3 + 4).
func BenchmarkConflict(b *testing.B) {
	for _, c := range []struct {
		name  string
		extra []finding
	}{{"red_sea_spark", nil}, {"red_sea_spark+conciliatory", []finding{"leader_rhetoric=conciliatory"}}} {
		n, ev, jt := flagship(b, c.extra...)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Conflict(jt, ev); err != nil {
					b.Fatal(err)
				}
			}
		})
		target, _ := lookup(b, n, "iran_intention=")
		b.Run(c.name+"/given", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ConflictGiven(jt, ev, target); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
