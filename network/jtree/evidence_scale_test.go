package jtree

import (
	"math"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
)

// TestExtremeLikelihoods enters likelihood findings whose weights are at
// the edges of the float64 range. Only the ratios of the weights matter for
// the posteriors, so each case must give the posteriors, MPE and joints of
// an equivalent finding of moderate weights (or of no evidence), with no
// NaN or Inf, and
//
//	ln P(e) = ln P(e') + Σ_f ln(scale_f)
//
// where e' is the moderate evidence and scale_f the factor between the
// two. ln P(e') comes from enumerating asia's joint (enginetest.Enumerate,
// an independent implementation); tol 1e-12 relative.
func TestExtremeLikelihoods(t *testing.T) {
	type finding struct {
		name string
		w    []float64
	}
	tests := []struct {
		name      string
		extreme   []finding
		moderate  []finding // the same ratios
		logOffset float64   // ln P(extreme) − ln P(moderate)
		prob      string    // what ProbEvidence must be: "finite", "subnormal" or "+Inf"
	}{
		{
			name:      "huge equal weights carry no information",
			extreme:   []finding{{"xray", []float64{1e308, 1e308}}},
			logOffset: math.Log(1e308),
			prob:      "finite",
		},
		{
			name:      "subnormal equal weights carry no information",
			extreme:   []finding{{"xray", []float64{1e-320, 1e-320}}},
			logOffset: math.Log2(1e-320) * math.Ln2, // math.Log is wrong for subnormals on amd64 (golang/go#56600)
			prob:      "subnormal",
		},
		{
			name:      "two findings of 1e200 overflow P(e) but not the posteriors",
			extreme:   []finding{{"xray", []float64{1e200, 1}}, {"dysp", []float64{1e200, 1}}},
			moderate:  []finding{{"xray", []float64{1, 1e-200}}, {"dysp", []float64{1, 1e-200}}},
			logOffset: 2 * math.Log(1e200),
			prob:      "+Inf",
		},
		{
			name: "huge, tiny and hard findings together",
			// 2⁻¹⁰³⁰ and 2⁻¹⁰²⁸ are subnormal but exact.
			extreme:   []finding{{"xray", []float64{1e308, 2e307}}, {"dysp", []float64{0x1p-1030, 0x1p-1028}}, {"smoke", []float64{0, 1}}},
			moderate:  []finding{{"xray", []float64{1, 0.2}}, {"dysp", []float64{0.25, 1}}, {"smoke", []float64{0, 1}}},
			logOffset: math.Log(1e308) - 1028*math.Ln2,
			prob:      "finite",
		},
	}
	n := asia(t)
	evidence := func(fs []finding) *network.Evidence {
		ev := network.NewEvidence(n)
		for _, f := range fs {
			v, _, err := n.Lookup(f.name, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := ev.SetLikelihood(v, f.w); err != nil {
				t.Fatal(err)
			}
		}
		return ev
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ext, mod := evidence(tt.extreme), evidence(tt.moderate)
			got, err := Compile(n, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := Compile(n, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := got.Propagate(ext); err != nil {
				t.Fatalf("extreme evidence %s: %v", ext, err)
			}
			if err := want.Propagate(mod); err != nil {
				t.Fatal(err)
			}
			for v := range n.NumVariables() {
				for s, p := range got.Posterior(v) {
					if math.IsNaN(p) || math.IsInf(p, 0) || math.Abs(p-want.Posterior(v)[s]) > 1e-15 {
						t.Errorf("P(%s = %s) = %v, want %v", n.Name(v), n.Variable(v).States[s], p, want.Posterior(v)[s])
					}
				}
			}
			_, pe, err := enginetest.Enumerate(n, mod)
			if err != nil {
				t.Fatal(err)
			}
			wantLog := math.Log(pe) + tt.logOffset
			if gotLog := got.LogProbEvidence(); math.Abs(gotLog-wantLog) > 1e-12*math.Abs(wantLog) {
				t.Errorf("ln P(e) = %v, want %v", gotLog, wantLog)
			}
			switch p := got.ProbEvidence(); tt.prob {
			case "finite":
				if math.Abs(p-math.Exp(wantLog)) > 1e-12*math.Exp(wantLog) {
					t.Errorf("P(e) = %v, want %v", p, math.Exp(wantLog))
				}
			case "subnormal":
				if !(p > 0 && p < 0x1p-1022) {
					t.Errorf("P(e) = %v, want a positive subnormal", p)
				}
			case "+Inf":
				if !math.IsInf(p, 1) {
					t.Errorf("P(e) = %v, want +Inf (ln P(e) = %v)", p, got.LogProbEvidence())
				}
			}
			gotMPE, gotP, err := got.MPE(ext)
			if err != nil {
				t.Fatal(err)
			}
			wantMPE, wantP, err := want.MPE(mod)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(gotMPE, wantMPE) {
				t.Errorf("MPE %v, want %v", gotMPE, wantMPE)
			}
			if math.IsNaN(gotP) || (tt.prob == "finite" && math.Abs(gotP-wantP*math.Exp(tt.logOffset)) > 1e-12*gotP) {
				t.Errorf("MPE probability %v, want %v", gotP, wantP*math.Exp(tt.logOffset))
			}
			// asia and dysp share no clique, so their joint comes from
			// variable elimination over the network.
			vars := []int{0, 7}
			gotJ, err := got.Joint(ext, vars)
			if err != nil {
				t.Fatal(err)
			}
			wantJ, err := want.Joint(mod, vars)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range gotJ.Values {
				if math.IsNaN(p) || math.Abs(p-wantJ.Values[i]) > 1e-15 {
					t.Errorf("joint entry %d = %v, want %v", i, p, wantJ.Values[i])
				}
			}
		})
	}
}

// TestSubnormalLikelihoodRatio enters a likelihood ratio of 2⁻¹⁰⁷⁰, a
// subnormal, on a state that the other findings make certain (either = no
// follows from lung = no and tub = no), so that messages sum to subnormal
// numbers. Table entries near 2⁻¹⁰⁷⁰ keep 4 significant bits, errors up to
// 1/16, so the check is loose (0.1 absolute on posteriors and ln P(e),
// against the same findings without the ratio and ln P(e) − 1070·ln 2);
// what matters is that nothing divides by a subnormal through its
// overflowing reciprocal, or multiplies by a ratio that overflowed, which
// gave NaN.
func TestSubnormalLikelihoodRatio(t *testing.T) {
	n := asia(t)
	ev, ref := network.NewEvidence(n), network.NewEvidence(n)
	for _, e := range []*network.Evidence{ev, ref} {
		for _, name := range []string{"lung", "tub"} {
			v, s, err := n.Lookup(name, "no")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.SetState(v, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	either, _, _ := n.Lookup("either", "")
	if err := ev.SetLikelihood(either, []float64{1, 0x1p-1070}); err != nil {
		t.Fatal(err)
	}
	got, err := Compile(n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Compile(n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	if err := want.Propagate(ref); err != nil {
		t.Fatal(err)
	}
	checkDistributions(t, got)
	for v := range n.NumVariables() {
		for s, p := range got.Posterior(v) {
			if math.Abs(p-want.Posterior(v)[s]) > 0.1 {
				t.Errorf("P(%s = %s) = %v, want %v", n.Name(v), n.Variable(v).States[s], p, want.Posterior(v)[s])
			}
		}
	}
	wantLog := want.LogProbEvidence() - 1070*math.Ln2
	if d := got.LogProbEvidence() - wantLog; math.IsNaN(d) || math.Abs(d) > 0.1 {
		t.Errorf("ln P(e) = %v, want %v", got.LogProbEvidence(), wantLog)
	}
}
