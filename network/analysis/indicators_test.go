package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
	"brink/network/jtree"
	"brink/network/model"
	"brink/network/modelfile"
)

// TestIndicatorsRandom checks Indicators against the full joint table
// (bruteJoint) on random networks and evidence, likelihood and negative
// findings on the target included: P(x | t, e) and P(x | ¬t, e) from
// P(T, X | e), the ratio, Jeffreys' divergence and P(x | e) from them,
// and P(t | e, x) by enumeration with the finding added (tol 1e-9).
func TestIndicatorsRandom(t *testing.T) {
	cases := 300
	if testing.Short() {
		cases = 60
	}
	rng := rand.New(rand.NewPCG(1951, 79))
	checked := 0
	for c := range cases {
		n := enginetest.RandomNetwork(rng, 2+rng.IntN(6), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		target := rng.IntN(n.NumVariables())
		state := rng.IntN(n.Card(target))
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var observable []int
		if rng.IntN(2) == 0 { // a random subset, the target and observed variables among them
			for v := range n.NumVariables() {
				if rng.IntN(3) != 0 {
					observable = append(observable, v)
				}
			}
		}
		t.Run("", func(t *testing.T) {
			t.Logf("case %d: %d variables, target v%d=s%d, evidence %s, observable %v", c, n.NumVariables(), target, state, ev, observable)
			if checkIndicators(t, jt, ev, target, state, observable) {
				checked++
			}
		})
	}
	if checked < cases/3 {
		t.Errorf("only %d of %d cases had a target neither certain nor impossible", checked, cases)
	}
}

// checkIndicators runs Indicators and checks it by brute force; it
// reports whether the target was uncertain (the rows were checked).
func checkIndicators(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, target, state int, observable []int) bool {
	t.Helper()
	n := jt.Network()
	got, err := Indicators(jt, ev, target, state, observable)
	whole := bruteJoint(n, ev, []int{target})
	if whole == nil {
		wantImpossible(t, "Indicators", err)
		return false
	}
	p := whole[state]
	q := 1 - p
	if p == 0 || p == 1 || q == 0 {
		if !errors.Is(err, ErrCertainTarget) {
			t.Fatalf("P(t | e) = %v: error %v, want ErrCertainTarget", p, err)
		}
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(unobserved(n, ev, target), func(v int) bool {
		return observable != nil && !slices.Contains(observable, v)
	})
	var nodes []int
	for _, ind := range got {
		nodes = append(nodes, ind.Node)
	}
	if !slices.Equal(slices.Sorted(slices.Values(nodes)), want) {
		t.Fatalf("indicators for %v, want %v", nodes, want)
	}
	for i, ind := range got {
		x := ind.Node
		nx := n.Card(x)
		joint := bruteJoint(n, ev, []int{target, x}) // P(T, X | e)
		a := make([]float64, nx)
		b := make([]float64, nx)
		pt, pn := 0.0, 0.0
		for s := range n.Card(target) {
			for xs := range nx {
				if s == state {
					a[xs] += joint[s*nx+xs]
					pt += joint[s*nx+xs]
				} else {
					b[xs] += joint[s*nx+xs]
					pn += joint[s*nx+xs]
				}
			}
		}
		j := 0.0
		for xs := range nx {
			a[xs] /= pt
			b[xs] /= pn
			switch {
			case a[xs] < 1e-15 && b[xs] < 1e-15:
			case a[xs] < 1e-15 || b[xs] < 1e-15:
				j = math.Inf(1)
			default:
				j += (a[xs] - b[xs]) * math.Log2(a[xs]/b[xs])
			}
		}
		if !closeOrInf(ind.Divergence, j, tol) {
			t.Errorf("%s: divergence %v, want %v", n.Name(x), ind.Divergence, j)
		}
		for xs, st := range ind.States {
			if st.State != xs {
				t.Fatalf("%s: state %d in place %d", n.Name(x), st.State, xs)
			}
			if math.Abs(st.GivenTarget-a[xs]) > tol || math.Abs(st.GivenNotTarget-b[xs]) > tol {
				t.Errorf("%s=%d: P(x|t,e) %v, P(x|¬t,e) %v; want %v, %v", n.Name(x), xs, st.GivenTarget, st.GivenNotTarget, a[xs], b[xs])
			}
			px := pt*a[xs] + pn*b[xs]
			if math.Abs(st.Probability-px) > tol {
				t.Errorf("%s=%d: P(x|e) %v, want %v", n.Name(x), xs, st.Probability, px)
			}
			if st.Possible != (st.Probability > 0) {
				t.Errorf("%s=%d: Possible %v with P(x|e) = %v", n.Name(x), xs, st.Possible, st.Probability)
			}
			if !st.Possible {
				continue
			}
			if b[xs] > 1e-9 && math.Abs(st.LikelihoodRatio-a[xs]/b[xs]) > 1e-6*max(1, a[xs]/b[xs]) {
				t.Errorf("%s=%d: ratio %v, want %v", n.Name(x), xs, st.LikelihoodRatio, a[xs]/b[xs])
			}
			post := bruteJoint(n, with(t, ev, x, xs), []int{target})
			if math.Abs(st.Posterior-post[state]) > tol || math.Abs(st.Delta-(post[state]-p)) > tol {
				t.Errorf("%s=%d: P(t|e,x) %v (Δ %v), want %v (Δ %v)", n.Name(x), xs, st.Posterior, st.Delta, post[state], post[state]-p)
			}
		}
		if i > 0 && tieKey(got[i-1].Divergence) < tieKey(ind.Divergence) {
			t.Errorf("not sorted: %v before %v", got[i-1].Divergence, ind.Divergence)
		}
	}
	checkRestored(t, "Indicators", jt, enumerated(t, n, ev))
	return true
}

// closeOrInf reports whether got is want to tol, both +Inf counting as
// equal.
func closeOrInf(got, want, tol float64) bool {
	if math.IsInf(want, 1) || math.IsInf(got, 1) {
		return got == want
	}
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// enumerated returns every posterior given ev by enumeration.
func enumerated(t testing.TB, n *network.Network, ev *network.Evidence) [][]float64 {
	t.Helper()
	m, _, err := enginetest.Enumerate(n, ev)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestIndicatorsHand checks a two-node network by hand: T ~ (0.2, 0.8),
// X | T=yes ~ (0.6, 0.4), X | T=no ~ (0.2, 0.8). Seeing X=a is 3 times
// likelier with T=yes; P(T=yes | X=a) = 0.12 / (0.12 + 0.16) = 3/7.
// J = (0.6 − 0.2)·log2 3 + (0.4 − 0.8)·log2 0.5 = 0.4·log2 3 + 0.4.
func TestIndicatorsHand(t *testing.T) {
	n, err := network.New([]network.VariableSpec{
		{Name: "T", States: []string{"yes", "no"}, CPT: []float64{0.2, 0.8}},
		{Name: "X", States: []string{"a", "b"}, Parents: []string{"T"}, CPT: []float64{0.6, 0.4, 0.2, 0.8}},
		{Name: "Y", States: []string{"c", "d"}, CPT: []float64{0.5, 0.5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Indicators(jt, nil, 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Node != 1 || got[1].Node != 2 {
		t.Fatalf("indicators %+v, want X then Y", got)
	}
	x := got[0]
	if want := 0.4*math.Log2(3) + 0.4; math.Abs(x.Divergence-want) > 1e-12 {
		t.Errorf("J(X) = %v, want %v", x.Divergence, want)
	}
	a := x.States[0]
	if math.Abs(a.LikelihoodRatio-3) > 1e-12 || math.Abs(a.Posterior-3.0/7) > 1e-12 || math.Abs(a.Probability-0.28) > 1e-12 {
		t.Errorf("X=a: %+v, want ratio 3, posterior 3/7, probability 0.28", a)
	}
	if b := x.States[1]; math.Abs(b.LikelihoodRatio-0.5) > 1e-12 {
		t.Errorf("X=b: ratio %v, want 0.5", b.LikelihoodRatio)
	}
	y := got[1]
	if y.Divergence != 0 || y.States[0].LikelihoodRatio != 1 || y.States[0].Delta != 0 {
		t.Errorf("Y, independent of T: %+v, want divergence 0, ratio 1, no move", y)
	}
}

// TestIndicatorsErrors: a target observed, set by action or ruled out
// gives ErrCertainTarget, impossible evidence the engine's error, a bad
// observable index ErrUnknownVariable; the engine keeps its results for
// the certain target (it is left on e).
func TestIndicatorsErrors(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tub, yes := lookup(t, n, "tub=yes")
	doTub := network.NewEvidence(n)
	if err := doTub.SetDo(tub, yes); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ev   *network.Evidence
	}{
		{"observed", evidence(t, n, []finding{"tub=yes"})},
		{"observed otherwise", evidence(t, n, []finding{"tub=no"})},
		{"ruled out", evidence(t, n, []finding{"either=no"})},
		{"set by action", doTub},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Indicators(jt, tc.ev, tub, yes, nil); !errors.Is(err, ErrCertainTarget) {
				t.Fatalf("error %v, want ErrCertainTarget", err)
			}
			if tc.name != "set by action" {
				checkRestored(t, "Indicators", jt, enumerated(t, n, tc.ev))
			}
		})
	}
	_, err = Indicators(jt, evidence(t, n, []finding{"either=no", "tub=yes"}), 0, 0, nil)
	wantImpossible(t, "Indicators", err)
	if _, err := Indicators(jt, nil, tub, yes, []int{99}); !errors.Is(err, network.ErrUnknownVariable) {
		t.Errorf("observable 99: error %v, want ErrUnknownVariable", err)
	}
}

// TestObservable: the flagship marks evidence nodes, so only they are
// observable, less those observed or set by action; never a decision;
// asia with its roles cleared offers every chance node but the target.
func TestObservable(t *testing.T) {
	md, err := modelfile.Load("../../models/us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	n := md.Net
	outcome, _ := lookup(t, n, "outcome=accidental_escalation")
	ev := evidence(t, n, []finding{"proxy_incidents=multi_theater"})
	surge, s := lookup(t, n, "us_carrier_deployment=surge")
	if err := ev.SetDo(surge, s); err != nil {
		t.Fatal(err)
	}
	got := Observable(md, ev, outcome)
	for _, v := range got {
		if md.Nodes[v].Role != model.RoleEvidence {
			t.Errorf("%s (role %q) offered", n.Name(v), md.Nodes[v].Role)
		}
		if n.Name(v) == "proxy_incidents" || v == surge {
			t.Errorf("%s offered though observed or set", n.Name(v))
		}
	}
	if len(got) != 9 { // 11 evidence nodes, one observed, one set by action
		t.Errorf("%d observable nodes, want 9: %v", len(got), got)
	}

	asia, err := modelfile.Load("../../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	for v := range asia.Nodes {
		asia.Nodes[v].Role = ""
	}
	if got := Observable(asia, nil, 0); len(got) != asia.Net.NumVariables()-1 || slices.Contains(got, 0) {
		t.Errorf("asia without roles: %v, want every node but 0", got)
	}
}
