package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"brink/network"
	"brink/network/enginetest"
	"brink/network/jtree"
	"brink/network/modelfile"
)

// TestRandomNetworks checks every analysis against brute-force enumeration
// (enginetest.Enumerate, and the full joint for mutual information) on
// random networks and evidence, including impossible evidence, likelihood
// and negative findings, findings on the target and deterministic rows.
func TestRandomNetworks(t *testing.T) {
	cases := 300
	if testing.Short() {
		cases = 60
	}
	rng := rand.New(rand.NewPCG(2002, 203))
	possible := 0
	for c := range cases {
		n := enginetest.RandomNetwork(rng, 1+rng.IntN(8), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		target := rng.IntN(n.NumVariables())
		state := rng.IntN(n.Card(target))
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("", func(t *testing.T) {
			t.Logf("case %d: %d variables, target v%d=s%d, evidence %s", c, n.NumVariables(), target, state, ev)
			if checkAll(t, jt, ev, target, state, byEnumeration(n)) {
				possible++
			}
		})
	}
	if possible < cases/2 {
		t.Errorf("only %d of %d cases had possible evidence", possible, cases)
	}
}

// loadModel reads one of the shipped models.
func loadModel(t testing.TB, file string) *network.Network {
	t.Helper()
	m, err := modelfile.Load("../../models/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return m.Net
}

// finding is one finding of a test case: "var=state", "var!=state" or
// "var~w1,w2,...".
type finding string

// evidence builds the findings on n.
func evidence(t testing.TB, n *network.Network, fs []finding) *network.Evidence {
	t.Helper()
	ev := network.NewEvidence(n)
	for _, f := range fs {
		s := string(f)
		var err error
		switch {
		case strings.Contains(s, "!="):
			name, st, _ := strings.Cut(s, "!=")
			v, i, lerr := n.Lookup(name, st)
			if lerr != nil {
				t.Fatal(lerr)
			}
			err = ev.SetNotState(v, i)
		case strings.Contains(s, "~"):
			name, list, _ := strings.Cut(s, "~")
			v, _, lerr := n.Lookup(name, "")
			if lerr != nil {
				t.Fatal(lerr)
			}
			var w []float64
			for _, x := range strings.Split(list, ",") {
				f, perr := strconv.ParseFloat(x, 64)
				if perr != nil {
					t.Fatal(perr)
				}
				w = append(w, f)
			}
			err = ev.SetLikelihood(v, w)
		default:
			name, st, _ := strings.Cut(s, "=")
			v, i, lerr := n.Lookup(name, st)
			if lerr != nil {
				t.Fatal(lerr)
			}
			err = ev.SetState(v, i)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return ev
}

// lookup resolves "var=state".
func lookup(t testing.TB, n *network.Network, s string) (v, state int) {
	t.Helper()
	name, st, _ := strings.Cut(s, "=")
	v, state, err := n.Lookup(name, st)
	if err != nil {
		t.Fatal(err)
	}
	return v, state
}

// TestModels checks every analysis against re-propagation on a separate
// junction tree (and, for asia, the full joint) on the shipped models.
func TestModels(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		target   string
		findings []finding
	}{
		{"asia no evidence", "asia.toml", "lung=yes", nil},
		{"asia dyspnoea and x-ray", "asia.toml", "lung=yes", []finding{"dysp=yes", "xray=yes"}},
		{"asia impossible rows", "asia.toml", "bronc=yes", []finding{"either=no"}},
		{"asia soft evidence on the target", "asia.toml", "smoke=yes", []finding{"smoke~0.8,0.2", "dysp=yes"}},
		{"asia target observed", "asia.toml", "tub=yes", []finding{"tub=yes", "xray=yes"}},
		{"asia target ruled out", "asia.toml", "tub=yes", []finding{"either=no", "xray=yes"}},
		{"asia negative finding", "asia.toml", "either=yes", []finding{"dysp!=no", "asia=yes"}},
		{"asia impossible evidence", "asia.toml", "lung=yes", []finding{"either=no", "lung=yes"}},
		{"us-iran baseline", "us-iran.toml", "outcome=accidental_escalation", nil},
		{"us-iran maximum pressure", "us-iran.toml", "outcome=accidental_escalation", []finding{"us_carrier_deployment=surge", "us_sanctions=expanded"}},
		{"us-iran unrest", "us-iran.toml", "outcome=limited_settlement", []finding{"iran_protests=widespread", "leader_rhetoric=threatening"}},
	}
	nets := map[string]*network.Network{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := nets[tc.file]
			if n == nil {
				n = loadModel(t, tc.file)
				nets[tc.file] = n
			}
			jt, err := jtree.Compile(n, jtree.Options{})
			if err != nil {
				t.Fatal(err)
			}
			target, state := lookup(t, n, tc.target)
			ev := evidence(t, n, tc.findings)
			possible := checkAll(t, jt, ev, target, state, byRepropagation(t, n))
			if want := !strings.Contains(tc.name, "impossible evidence"); possible != want {
				t.Errorf("evidence possible = %v, want %v", possible, want)
			}
		})
	}
}

// TestAsiaNumbers pins a few values worked by hand on asia (CPTs of
// Lauritzen & Spiegelhalter 1988 as in models/asia.toml).
func TestAsiaNumbers(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lung, yes := lookup(t, n, "lung=yes")
	smoke, _ := lookup(t, n, "smoke=yes")
	ev := network.NewEvidence(n)

	// With no evidence P(lung) = .5·.1 + .5·.01 = .055, and observing
	// smoke=yes makes it .1, smoke=no .01: smoke's range is .09.
	rows, err := Impact(jt, ev, lung, yes)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Node != smoke {
			continue
		}
		want := []float64{0.1, 0.01}[r.State]
		if math.Abs(r.Posterior-want) > 1e-12 || math.Abs(r.Delta-(want-0.055)) > 1e-12 {
			t.Errorf("P(lung=yes | smoke=%d) = %v (delta %v), want %v", r.State, r.Posterior, r.Delta, want)
		}
	}
	// either moves lung most: either=no rules it out, either=yes makes it
	// about .84, wider than any other variable's range.
	either, _ := lookup(t, n, "either=yes")
	if rows[0].Node != either {
		t.Errorf("widest impact is %s, want either", n.Name(rows[0].Node))
	}

	// Weight of smoke=yes for lung=yes: odds .1/.9 against .055/.945,
	// 10·log10((1/9)/(55/945)) = 10·log10(1.909...) ≈ 2.808 dB.
	_ = ev.SetState(smoke, 0)
	ws, err := Explain(jt, ev, lung, yes)
	if err != nil {
		t.Fatal(err)
	}
	want := 10 * math.Log10((0.1/0.9)/(0.055/0.945))
	if len(ws) != 1 || math.Abs(ws[0].Decibans-want) > 1e-12 || math.Abs(ws[0].With-0.1) > 1e-12 || math.Abs(ws[0].Without-0.055) > 1e-12 {
		t.Errorf("Explain = %+v, want %v dB", ws, want)
	}

	// Sensitivity of P(lung=yes) to P(lung=yes | smoke=yes) with no
	// evidence: P(lung) = .5θ + .5·.01, so the derivative is .5.
	ev.Clear()
	ps, err := Sensitivity(jt, ev, lung, yes, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		if p.Node == lung && p.Row == 0 && p.State == yes {
			found = true
			if math.Abs(p.Derivative-0.5) > 1e-12 || p.Config != "smoke=yes" || p.Value != 0.1 {
				t.Errorf("θ(lung=yes | smoke=yes): %+v, want derivative 0.5", p)
			}
		}
	}
	if !found {
		t.Error("θ(lung=yes | smoke=yes) missing")
	}
	if top, _ := Sensitivity(jt, ev, lung, yes, 3); len(top) != 3 || top[0] != ps[0] {
		t.Errorf("top 3 = %+v, want the first 3 of %+v", top, ps[:3])
	}
}

// TestParentRowTerm is the case that separates the full co-varied
// derivative from the shorter formula without the θ·[P(t,u|e) −
// P(t|e)P(u|e)] term: the target is the parent of the parameter's row.
// P(smoke=yes) does not depend on P(lung=yes | smoke=yes) at all, so the
// derivative must be 0; the short formula gives P(t)(1−P(t))·θ/(θ(1−θ)).
func TestParentRowTerm(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	smoke, yes := lookup(t, n, "smoke=yes")
	lung, _ := lookup(t, n, "lung=yes")
	ps, err := Sensitivity(jt, nil, smoke, yes, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Node == lung && math.Abs(p.Derivative) > 1e-12 {
			t.Errorf("∂P(smoke=yes)/∂θ(lung=%d | %s) = %v, want 0", p.State, p.Config, p.Derivative)
		}
	}
}

// TestErrors checks the errors of bad targets and evidence, compared as
// values with errors.Is.
func TestErrors(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	other := enginetest.RandomNetwork(rand.New(rand.NewPCG(1, 1)), 3, 1, 2)
	tests := []struct {
		name          string
		jt            FamilyEngine
		ev            *network.Evidence
		target, state int
		want          error
		wantText      string
	}{
		{"target below range", jt, nil, -1, 0, network.ErrUnknownVariable, "index -1"},
		{"target above range", jt, nil, 8, 0, network.ErrUnknownVariable, "index 8"},
		{"state below range", jt, nil, 0, -1, network.ErrUnknownState, `"asia" has no state number -1`},
		{"state above range", jt, nil, 0, 2, network.ErrUnknownState, `"asia" has no state number 2`},
		{"impossible", jt, evidence(t, n, []finding{"either=no", "tub=yes"}), 3, 0, network.ErrImpossibleEvidence, "tub=yes"},
		{"other network", jt, network.NewEvidence(other), 0, 0, nil, "another structure"},
		{"no engine", nil, nil, 0, 0, nil, "no engine"},
		{"nil junction tree", (*jtree.JunctionTree)(nil), nil, 0, 0, nil, "no engine"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := map[string]func() error{
				"Impact":      func() error { _, err := Impact(tc.jt, tc.ev, tc.target, tc.state); return err },
				"Explain":     func() error { _, err := Explain(tc.jt, tc.ev, tc.target, tc.state); return err },
				"Sensitivity": func() error { _, err := Sensitivity(tc.jt, tc.ev, tc.target, tc.state, 5); return err },
			}
			if tc.state >= 0 && tc.state < 2 {
				calls["VOI"] = func() error { _, err := VOI(tc.jt, tc.ev, tc.target); return err }
			}
			for name, call := range calls {
				err := call()
				if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) || !strings.Contains(err.Error(), tc.wantText) {
					t.Errorf("%s: %v, want %v containing %q", name, err, tc.want, tc.wantText)
				}
			}
		})
	}
}

// TestTerm checks the ICD 203 bands at and beside every boundary.
func TestTerm(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{math.NaN(), ""},
		{-0.1, ""},
		{1.1, ""},
		{-1e-12, AlmostNoChance}, // rounding below 0
		{0, AlmostNoChance},
		{0.005, AlmostNoChance}, // below the directive's 1%
		{0.01, AlmostNoChance},
		{0.0499, AlmostNoChance},
		{0.05, VeryUnlikely},
		{0.1999, VeryUnlikely},
		{0.20, Unlikely},
		{0.4499, Unlikely},
		{0.45, RoughlyEvenChance},
		{0.5, RoughlyEvenChance},
		{0.55, RoughlyEvenChance},
		{0.5501, Likely},
		{0.80, Likely},
		{0.8001, VeryLikely},
		{0.95, VeryLikely},
		{0.9501, AlmostCertainly},
		{0.99, AlmostCertainly},
		{0.995, AlmostCertainly}, // above the directive's 99%
		{1, AlmostCertainly},
		{1 + 1e-12, AlmostCertainly}, // rounding above 1
	}
	for _, tc := range tests {
		if got := Term(tc.p); got != tc.want {
			t.Errorf("Term(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestEntropy checks Entropy on distributions with known entropies.
func TestEntropy(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		want float64
	}{
		{"certain", []float64{0, 1, 0}, 0},
		{"fair coin", []float64{0.5, 0.5}, 1},
		{"uniform over four", []float64{0.25, 0.25, 0.25, 0.25}, 2},
		{"unnormalised", []float64{2, 2}, 1},
		{"all zero", []float64{0, 0}, 0},
		{"empty", nil, 0},
		{"one in four", []float64{0.25, 0.75}, -0.25*math.Log2(0.25) - 0.75*math.Log2(0.75)},
	}
	for _, tc := range tests {
		if got := Entropy(tc.p); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: Entropy(%v) = %v, want %v", tc.name, tc.p, got, tc.want)
		}
	}
}

// TestTargetSetByAction: the analyses that condition on the target refuse
// a target set by action with ErrTargetSetByAction (they panicked).
func TestTargetSetByAction(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(n)
	if err := ev.SetDo(0, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := Impact(jt, ev, 0, 1); !errors.Is(err, ErrTargetSetByAction) {
		t.Errorf("Impact: %v", err)
	}
	if _, err := Sensitivity(jt, ev, 0, 1, 5); !errors.Is(err, ErrTargetSetByAction) || !errors.Is(err, network.ErrObservedAndSet) {
		t.Errorf("Sensitivity: %v", err)
	}
	if _, err := VOI(jt, ev, 0); !errors.Is(err, ErrTargetSetByAction) {
		t.Errorf("VOI: %v", err)
	}
}
