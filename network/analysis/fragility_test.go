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
)

// The checks of this file recompute every number Fragility and TwoWay give
// by brute force: the entry (or two) set to the value in question, the
// rest of its row scaled by hand, and the target's posterior summed over
// the full joint (enginetest.Enumerate) of that network.

// covariedBy sets entry e of n to theta, scaling the other entries of its
// row by (1 − theta)/(1 − θ₀), written out apart from covary.
func covariedBy(t testing.TB, n *network.Network, e Entry, theta float64) *network.Network {
	t.Helper()
	k := n.Card(e.Node)
	cpt := slices.Clone(n.CPT(e.Node))
	old := cpt[e.Row*k+e.State]
	for s := range k {
		i := e.Row*k + s
		if s == e.State {
			cpt[i] = theta
		} else {
			cpt[i] = cpt[i] * (1 - theta) / (1 - old)
		}
	}
	m, err := n.WithCPT(e.Node, cpt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// bruteTarget returns P(target | ev) on m by enumeration, and P(ev); nil
// when ev is impossible on m. A variable set by action has its table
// replaced by a point mass on its state (Pearl's truncated factorisation),
// which enginetest.Enumerate does not do itself.
func bruteTarget(t testing.TB, m *network.Network, ev *network.Evidence, target int) ([]float64, float64) {
	t.Helper()
	if ev.DoLen() > 0 {
		for _, it := range ev.Interventions() {
			k := m.Card(it.Variable)
			cpt := make([]float64, len(m.CPT(it.Variable)))
			for i := it.State; i < len(cpt); i += k {
				cpt[i] = 1
			}
			var err error
			if m, err = m.WithCPT(it.Variable, cpt); err != nil {
				t.Fatal(err)
			}
		}
		seen := network.NewEvidence(m)
		for _, f := range ev.Findings() {
			if err := seen.Set(f); err != nil {
				t.Fatal(err)
			}
		}
		ev = seen
	}
	marg, pe, err := enginetest.Enumerate(m, ev)
	if err != nil {
		var ie *network.ImpossibleEvidenceError
		if errors.As(err, &ie) {
			return nil, 0
		}
		t.Fatal(err)
	}
	return marg[target], pe
}

// violation measures how far post is from the report's conclusion: > 0
// when it has changed, < 0 when it holds, about 0 at the boundary.
func violation(r *FragilityReport, post []float64) float64 {
	if r.Conclusion.State == MostLikely {
		g := math.Inf(-1)
		for s, p := range post {
			if s != r.State {
				g = max(g, p-post[r.State])
			}
		}
		return g
	}
	p := post[r.State]
	g := math.Inf(-1)
	if !math.IsNaN(r.Low) {
		g = max(g, r.Low-p)
	}
	if !math.IsNaN(r.High) {
		g = max(g, p-r.High)
	}
	return g
}

// TestFragilityRandom checks Fragility against brute force on random
// networks and evidence (hard, negative and likelihood findings, actions,
// deterministic rows and zeros), for a threshold drawn at random, for the
// ICD 203 bands and for the most likely state:
//
//   - the Ratios reproduce P(s | e)(θ) at random θ to 1e-12;
//   - at each change the target sits at the threshold, or the rival ties
//     the leader, to 1e-9, and just short of it the conclusion holds and
//     just past it the conclusion has changed;
//   - where no change is possible, the conclusion holds at the end of
//     [0, 1] that way (P(s | e)(θ) is monotone, so that suffices);
//   - entries left out (other families, no effect) do not move the target;
//   - Derivative agrees with Sensitivity, margins are sorted, and the
//     engine is left on e.
func TestFragilityRandom(t *testing.T) {
	cases := 160
	if testing.Short() {
		cases = 40
	}
	rng := rand.New(rand.NewPCG(2002, 2004))
	checked := map[string]int{}
	for c := range cases {
		n := enginetest.RandomNetwork(rng, 1+rng.IntN(6), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		if rng.IntN(4) == 0 {
			v := rng.IntN(n.NumVariables())
			if _, ok := ev.Finding(v); !ok {
				if err := ev.SetDo(v, rng.IntN(n.Card(v))); err != nil {
					t.Fatal(err)
				}
			}
		}
		target := rng.IntN(n.NumVariables())
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		base, _ := bruteTarget(t, n, ev, target)
		conclusions := []Conclusion{
			{Target: target, State: rng.IntN(n.Card(target)), Thresholds: []float64{0.05 + 0.9*rng.Float64()}},
			{Target: target, State: rng.IntN(n.Card(target))},
			{Target: target, State: MostLikely},
		}
		for _, con := range conclusions {
			t.Run("", func(t *testing.T) {
				t.Logf("case %d: %d variables, target v%d, state %d, thresholds %v, evidence %s", c, n.NumVariables(), target, con.State, con.Thresholds, ev)
				r, err := Fragility(jt, ev, con, nil)
				if base == nil {
					wantImpossible(t, "Fragility", err)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				checkFragility(t, jt, ev, r, base, checked)
			})
		}
	}
	t.Logf("checked: %v", checked)
	if checked["change"] < 50 || checked["cannot"] < 50 || checked["zero entry"] < 5 {
		t.Errorf("too few cases exercised: %v", checked)
	}
}

// checkFragility runs the checks of TestFragilityRandom on one report.
func checkFragility(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, r *FragilityReport, base []float64, checked map[string]int) {
	t.Helper()
	n := jt.Network()
	target := r.Conclusion.Target
	checkRestored(t, "Fragility", jt, [][]float64{})
	if got := jt.Posterior(target); !closeAll(got, base, tol) {
		t.Fatalf("Fragility left P(target | e) = %v, want %v", got, base)
	}
	if !closeAll(r.Posterior, base, tol) {
		t.Fatalf("Posterior %v, want %v", r.Posterior, base)
	}
	rng := rand.New(rand.NewPCG(uint64(len(r.Margins)), 7))

	// Every entry of the network is a margin, fixed, without effect, or
	// outside the families; the last two must not move the target.
	inFamily := make([]bool, n.NumVariables())
	for _, v := range r.Families {
		inFamily[v] = true
	}
	listed := map[Entry]bool{}
	for _, m := range r.Margins {
		listed[m.Entry] = true
	}
	fixed, noEffect, complements := 0, 0, 0
	for v := range n.NumVariables() {
		k := n.Card(v)
		cpt := n.CPT(v)
		for i, th := range cpt {
			e := Entry{Node: v, Row: i / k, State: i % k}
			switch {
			case listed[e]:
				continue
			case inFamily[v] && th >= 1:
				fixed++
				continue
			case inFamily[v] && k == 2 && e.State == 1 && th > 0:
				// The complement of the row's first entry.
				complements++
				continue
			case th >= 1:
				continue
			case inFamily[v]:
				noEffect++
			}
			theta := rng.Float64()
			post, _ := bruteTarget(t, covariedBy(t, n, e, theta), ev, target)
			if post != nil && moved(r, post, base) {
				t.Fatalf("entry %+v (θ₀ = %v, family listed %v) is not a margin but moves P(target | e) from %v to %v at θ = %v",
					e, th, inFamily[v], base, post, theta)
			}
			checked["unmoved"]++
		}
	}
	if fixed != r.Fixed || noEffect != r.NoEffect || complements != r.Complements {
		t.Fatalf("Fixed %d, NoEffect %d, Complements %d; the network has %d entries of 1, %d second entries of two-state rows and %d others unlisted in the families",
			r.Fixed, r.NoEffect, r.Complements, fixed, complements, noEffect)
	}

	var params map[Entry]Param
	if _, set := ev.Do(target); r.Conclusion.State != MostLikely && !set {
		ps, err := Sensitivity(jt, ev, target, r.State, 0)
		if err != nil {
			t.Fatal(err)
		}
		params = map[Entry]Param{}
		for _, p := range ps {
			params[Entry{p.Node, p.Row, p.State}] = p
		}
	}

	for i, m := range r.Margins {
		if i > 0 && tieKey(m.Distance) < tieKey(r.Margins[i-1].Distance) {
			t.Fatalf("margins out of order at %d: distance %v after %v", i, m.Distance, r.Margins[i-1].Distance)
		}
		k := n.Card(m.Node)
		if m.Value != n.CPT(m.Node)[m.Row*k+m.State] || m.Config != n.ConfigString(m.Node, m.Row) {
			t.Fatalf("margin %+v does not match the CPT", m)
		}
		if m.Value == 0 {
			checked["zero entry"]++
		}
		if p, ok := params[m.Entry]; ok {
			if d := math.Abs(p.Derivative - m.Derivative); d > 1e-9*(1+math.Abs(p.Derivative)) {
				t.Fatalf("margin %+v: derivative %v, Sensitivity %v", m.Entry, m.Derivative, p.Derivative)
			}
		}
		// The ratios against brute force at random θ.
		ratios := m.States
		if ratios == nil {
			ratios = make([]Ratio, n.Card(target))
			ratios[r.State] = m.Ratio
		}
		for range 3 {
			theta := rng.Float64()
			post, _ := bruteTarget(t, covariedBy(t, n, m.Entry, theta), ev, target)
			for s, q := range ratios {
				if m.States == nil && s != r.State {
					continue
				}
				want := math.NaN()
				if post != nil {
					want = post[s]
				}
				got := q.At(theta)
				if den := q.Gamma*theta + q.Delta; post == nil || den < 1e-6 {
					if post != nil || den > 1e-12 {
						t.Fatalf("margin %+v: P(e)(%v)/P(e) = %v, brute force gives posterior %v", m.Entry, theta, den, post)
					}
					continue
				}
				if math.Abs(got-want) > 1e-12 {
					t.Fatalf("margin %+v state %d: ratio gives %v at θ = %v, brute force %v (off by %.3g)", m.Entry, s, got, theta, want, math.Abs(got-want))
				}
			}
		}
		for _, dir := range []struct {
			ch  Change
			end float64
		}{{m.Down, 0}, {m.Up, 1}} {
			if dir.ch.Possible {
				checkChange(t, n, ev, r, m, dir.ch, dir.end)
				checked["change"]++
				continue
			}
			// Cannot change it that way: the conclusion holds at the end
			// (or next to it, where P(e) vanishes).
			at := dir.end
			post, _ := bruteTarget(t, covariedBy(t, n, m.Entry, at), ev, target)
			if post == nil {
				at = m.Value + (dir.end-m.Value)*(1-1e-7)
				if post, _ = bruteTarget(t, covariedBy(t, n, m.Entry, at), ev, target); post == nil {
					t.Fatalf("margin %+v: P(e) = 0 near θ = %v", m.Entry, dir.end)
				}
			}
			if g := violation(r, post); g > 1e-9 {
				t.Fatalf("margin %+v: no change reported towards %v, but there the conclusion has changed (by %v): %v", m.Entry, dir.end, g, post)
			}
			checked["cannot"]++
		}
	}
}

// checkChange checks one reported change of margin m against brute force.
func checkChange(t *testing.T, n *network.Network, ev *network.Evidence, r *FragilityReport, m Margin, ch Change, end float64) {
	t.Helper()
	target := r.Conclusion.Target
	if !(ch.Value >= 0 && ch.Value <= 1) || (end == 0) != (ch.Value <= m.Value) {
		t.Fatalf("margin %+v: change at %v is not towards %v from %v", m.Entry, ch.Value, end, m.Value)
	}
	if want := logOddsDistance(m.Value, ch.Value); ch.LogOdds != want && !(math.IsInf(want, 1) && math.IsInf(ch.LogOdds, 1)) {
		t.Fatalf("margin %+v: log-odds %v, want %v", m.Entry, ch.LogOdds, want)
	}
	post, _ := bruteTarget(t, covariedBy(t, n, m.Entry, ch.Value), ev, target)
	if post == nil {
		t.Fatalf("margin %+v: evidence impossible at the change %v", m.Entry, ch.Value)
	}
	if r.Conclusion.State == MostLikely {
		if d := math.Abs(post[ch.Rival] - post[r.State]); d > tol {
			t.Fatalf("margin %+v: at θ = %v, P(rival %d) = %v and P(leader %d) = %v do not tie", m.Entry, ch.Value, ch.Rival, post[ch.Rival], r.State, post[r.State])
		}
	} else if d := math.Abs(post[r.State] - ch.Threshold); d > tol {
		t.Fatalf("margin %+v: at θ = %v, P(t | e) = %v, want the threshold %v (off by %.3g)", m.Entry, ch.Value, post[r.State], ch.Threshold, d)
	}
	// Just short of the change the conclusion holds, just past it it has
	// changed, unless the difference is lost in rounding.
	dir := 1.0
	if end == 0 {
		dir = -1
	}
	delta := min(1e-6, math.Abs(ch.Value-m.Value)/2)
	if delta > 0 {
		inside, _ := bruteTarget(t, covariedBy(t, n, m.Entry, ch.Value-dir*delta), ev, target)
		if g := violation(r, inside); inside != nil && g > 1e-12 {
			t.Fatalf("margin %+v: %v short of the change at %v the conclusion has already changed (by %v)", m.Entry, delta, ch.Value, g)
		}
	}
	if past := ch.Value + dir*1e-6; past >= 0 && past <= 1 {
		outside, _ := bruteTarget(t, covariedBy(t, n, m.Entry, past), ev, target)
		if g := violation(r, outside); outside != nil && g < -1e-12 {
			t.Fatalf("margin %+v: past the change at %v the conclusion still holds (by %v)", m.Entry, ch.Value, -g)
		}
	}
}

// moved reports whether post differs from base, to tol, in a
// probability the report's conclusion rests on.
func moved(r *FragilityReport, post, base []float64) bool {
	if r.Conclusion.State == MostLikely {
		return !closeAll(post, base, tol)
	}
	return math.Abs(post[r.State]-base[r.State]) > tol
}

// closeAll reports whether a and b agree to within d everywhere.
func closeAll(a, b []float64, d float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > d {
			return false
		}
	}
	return true
}

// TestTwoWayRandom checks TwoWay against brute force on random networks:
// the grid at random cells and random points of the square, the current
// point, and every boundary point (the target at the threshold, or the
// rival tied with the leader and no state above them), to 1e-9.
func TestTwoWayRandom(t *testing.T) {
	cases := 300
	if testing.Short() {
		cases = 60
	}
	rng := rand.New(rand.NewPCG(2004, 21))
	boundaries := 0
	for c := range cases {
		n := enginetest.RandomNetwork(rng, 2+rng.IntN(5), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		target := rng.IntN(n.NumVariables())
		var entries []Entry
		for v := range n.NumVariables() {
			k := n.Card(v)
			for i, th := range n.CPT(v) {
				if th < 1 {
					entries = append(entries, Entry{v, i / k, i % k})
				}
			}
		}
		if len(entries) < 2 {
			continue
		}
		x := entries[rng.IntN(len(entries))]
		y := entries[rng.IntN(len(entries))]
		if x.Node == y.Node && x.Row == y.Row {
			continue
		}
		con := Conclusion{Target: target, State: MostLikely}
		if rng.IntN(2) == 0 {
			con = Conclusion{Target: target, State: rng.IntN(n.Card(target)), Thresholds: []float64{0.1 + 0.8*rng.Float64()}}
		}
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		base, _ := bruteTarget(t, n, ev, target)
		t.Run("", func(t *testing.T) {
			t.Logf("case %d: target v%d, %+v and %+v, conclusion %+v, evidence %s", c, target, x, y, con, ev)
			g, err := TwoWay(jt, ev, con, x, y, 0)
			if base == nil {
				wantImpossible(t, "TwoWay", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := jt.Posterior(target); jt.Network() != n || !closeAll(got, base, tol) {
				t.Fatalf("TwoWay left the engine on another network or P(target | e) = %v, want %v", got, base)
			}
			if len(g.Axis) != DefaultSteps+1 || len(g.P) != DefaultSteps+1 || g.Axis[0] != 0 || g.Axis[DefaultSteps] != 1 {
				t.Fatalf("grid of %d×%d on axis %v", len(g.P), len(g.Axis), g.Axis)
			}
			if math.Abs(g.Current-base[g.State]) > tol || math.Abs(g.At(g.State, g.XValue, g.YValue)-g.Current) > tol {
				t.Fatalf("current P = %v, at the current point %v; want %v", g.Current, g.At(g.State, g.XValue, g.YValue), base[g.State])
			}
			direct := func(px, py float64) []float64 {
				m := covariedBy(t, covariedBy(t, n, x, px), y, py)
				post, _ := bruteTarget(t, m, ev, target)
				return post
			}
			for range 6 {
				i, j := rng.IntN(len(g.Axis)), rng.IntN(len(g.Axis))
				checkCell(t, g, direct, g.Axis[i], g.Axis[j], g.P[j][i])
				px, py := rng.Float64(), rng.Float64()
				checkCell(t, g, direct, px, py, g.At(g.State, px, py))
			}
			for _, b := range g.Boundaries {
				boundaries++
				for _, k := range []int{0, len(b.Points) / 2, len(b.Points) - 1} {
					p := b.Points[k]
					post := direct(p.X, p.Y)
					if post == nil {
						t.Fatalf("boundary point %+v: evidence impossible", p)
					}
					if b.Rival < 0 {
						if d := math.Abs(post[g.State] - b.Threshold); d > tol {
							t.Fatalf("boundary point %+v: P(t | e) = %v, want %v", p, post[g.State], b.Threshold)
						}
						continue
					}
					if d := math.Abs(post[b.Rival] - post[g.State]); d > tol || slices.Max(post) > post[g.State]+tol {
						t.Fatalf("boundary point %+v: P = %v, want the leader %d tied with %d on top", p, post, g.State, b.Rival)
					}
				}
			}
		})
	}
	t.Logf("%d boundaries checked", boundaries)
	if boundaries < 20 {
		t.Errorf("only %d boundaries checked", boundaries)
	}
}

// checkCell compares one value of a TwoWayGrid with brute force.
func checkCell(t *testing.T, g *TwoWayGrid, direct func(x, y float64) []float64, x, y, got float64) {
	t.Helper()
	post := direct(x, y)
	if post == nil {
		if !math.IsNaN(got) && g.Den.At(x, y) > 1e-12 {
			t.Fatalf("at (%v, %v) the evidence is impossible, but the grid gives %v (P(e) ratio %v)", x, y, got, g.Den.At(x, y))
		}
		return
	}
	if g.Den.At(x, y) < 1e-6 {
		return // P(e) nearly 0: the ratio of two small numbers
	}
	if d := math.Abs(got - post[g.State]); d > tol {
		t.Fatalf("at (%v, %v): grid %v, brute force %v (off by %.3g)", x, y, got, post[g.State], d)
	}
}

// TestFragilityErrors checks the errors a caller can cause.
func TestFragilityErrors(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lung, yes := lookup(t, n, "lung=yes")
	smoke, _ := lookup(t, n, "smoke=yes")
	either, _ := lookup(t, n, "either=yes")
	ok := Conclusion{Target: lung, State: yes}
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"threshold 0", func() error {
			_, err := Fragility(jt, nil, Conclusion{Target: lung, State: yes, Thresholds: []float64{0}}, nil)
			return err
		}, nil},
		{"threshold NaN", func() error {
			_, err := Fragility(jt, nil, Conclusion{Target: lung, State: yes, Thresholds: []float64{math.NaN()}}, nil)
			return err
		}, nil},
		{"unknown target", func() error {
			_, err := Fragility(jt, nil, Conclusion{Target: 99, State: 0}, nil)
			return err
		}, network.ErrUnknownVariable},
		{"unknown state", func() error {
			_, err := Fragility(jt, nil, Conclusion{Target: lung, State: 5}, nil)
			return err
		}, network.ErrUnknownState},
		{"two-way: one row", func() error {
			_, err := TwoWay(jt, nil, ok, Entry{smoke, 0, 0}, Entry{smoke, 0, 1}, 0)
			return err
		}, nil},
		{"two-way: entry of 1", func() error {
			// either = lung OR tub: its rows are deterministic.
			_, err := TwoWay(jt, nil, ok, Entry{either, 0, 0}, Entry{smoke, 0, 1}, 0)
			return err
		}, nil},
		{"two-way: no such row", func() error {
			_, err := TwoWay(jt, nil, ok, Entry{smoke, 3, 0}, Entry{lung, 0, 0}, 0)
			return err
		}, nil},
		{"two-way: too many steps", func() error {
			_, err := TwoWay(jt, nil, ok, Entry{smoke, 0, 0}, Entry{lung, 0, 0}, 5000)
			return err
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// TestFragilityByHand pins the numbers of a network small enough to
// solve on paper: rain → grass, P(rain) = 0.1, P(wet | rain) = 0.9,
// P(wet | no rain) = 0.2, grass seen wet. Then
//
//	P(rain | wet) = 0.9θ / (0.7θ + 0.2) for θ = P(rain) (1/3 now),
//
// which reaches 0.5 at θ = 2/11, log-odds distance ln 2; with b = P(wet |
// no rain), P(rain | wet) = 0.09/(0.09 + 0.9b) reaches 0.5 at b = 0.1;
// no value of P(wet | rain) makes it 0.5 (that would take 1.8). Over
// both θ and b the boundary is b = 0.9θ/(1 − θ).
func TestFragilityByHand(t *testing.T) {
	n, err := network.New([]network.VariableSpec{
		{Name: "rain", States: []string{"yes", "no"}, CPT: []float64{0.1, 0.9}},
		{Name: "grass", States: []string{"wet", "dry"}, Parents: []string{"rain"}, CPT: []float64{0.9, 0.1, 0.2, 0.8}},
	})
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := evidence(t, n, []finding{"grass=wet"})
	con := Conclusion{Target: 0, State: 0, Thresholds: []float64{0.5}}
	r, err := Fragility(jt, ev, con, nil)
	if err != nil {
		t.Fatal(err)
	}
	const eps = 1e-12
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > eps {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	near("P(rain | wet)", r.Posterior[0], 1.0/3)
	if !math.IsNaN(r.Low) || r.High != 0.5 {
		t.Errorf("band (%v, %v), want (none, 0.5)", r.Low, r.High)
	}
	byEntry := map[Entry]Margin{}
	for _, m := range r.Margins {
		byEntry[m.Entry] = m
	}
	prior := byEntry[Entry{0, 0, 0}]
	// 0.9θ/(0.7θ + 0.2), both divided by P(e) = 0.27.
	near("alpha", prior.Ratio.Alpha, 0.9/0.27)
	near("beta", prior.Ratio.Beta, 0)
	near("gamma", prior.Ratio.Gamma, 0.7/0.27)
	near("delta", prior.Ratio.Delta, 0.2/0.27)
	if prior.Down.Possible || !prior.Up.Possible {
		t.Fatalf("P(rain) margin %+v: want a change upwards only", prior)
	}
	near("P(rain) at the change", prior.Up.Value, 2.0/11)
	near("its log-odds distance", prior.Up.LogOdds, math.Ln2)
	falseAlarm := byEntry[Entry{1, 1, 0}]
	if falseAlarm.Up.Possible || !falseAlarm.Down.Possible {
		t.Fatalf("P(wet | no rain) margin %+v: want a change downwards only", falseAlarm)
	}
	near("P(wet | no rain) at the change", falseAlarm.Down.Value, 0.1)
	if hit := byEntry[Entry{1, 0, 0}]; !hit.CannotChange() || !math.IsInf(hit.Distance, 1) {
		t.Errorf("P(wet | rain) margin %+v: want no change", hit)
	}
	if first := r.Margins[0]; first.Node != 0 || math.Abs(first.Distance-(2.0/11-0.1)) > eps {
		t.Errorf("first margin %+v, want P(rain) at distance 0.0818", first)
	}
	if r.Fixed != 0 || r.NoEffect != 0 || r.Complements != 3 || len(r.Margins) != 3 {
		t.Errorf("%d margins, %d fixed, %d without effect, %d complements; want the 3 first entries and their 3 complements",
			len(r.Margins), r.Fixed, r.NoEffect, r.Complements)
	}

	g, err := TwoWay(jt, ev, con, Entry{0, 0, 0}, Entry{1, 1, 0}, 10)
	if err != nil {
		t.Fatal(err)
	}
	near("grid at θ = 0.5, b = 0.3", g.P[3][5], 0.45/(0.45+0.15))
	near("current", g.Current, 1.0/3)
	if len(g.Boundaries) != 1 {
		t.Fatalf("%d boundaries, want 1", len(g.Boundaries))
	}
	for _, p := range g.Boundaries[0].Points {
		near("b on the boundary", p.Y, 0.9*p.X/(1-p.X))
	}
	last := g.Boundaries[0].Points[len(g.Boundaries[0].Points)-1]
	near("the boundary's end at b = 1", last.X, 1/1.9)

	// Observed smoking cuts smoke's own table off lung cancer (asia).
	asia := loadModel(t, "asia.toml")
	ajt, err := jtree.Compile(asia, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lung, _ := lookup(t, asia, "lung=yes")
	smoke, _ := lookup(t, asia, "smoke=yes")
	ar, err := Fragility(ajt, evidence(t, asia, []finding{"smoke=yes", "xray=yes"}), Conclusion{Target: lung, State: MostLikely}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ar.Families, smoke) || !slices.Contains(ar.Families, lung) {
		t.Errorf("families %v: want lung's and not smoke's", ar.Families)
	}
}

// BenchmarkFragility times the full single-parameter report: every entry
// of every table the target depends on, for the conclusion's ICD 203
// words (two propagations, and two more per table with an entry of 0)
// and for the most likely state (|T| + 1 propagations). Models as in
// benchCases: US–Iran and alarm.
func BenchmarkFragility(b *testing.B) {
	for _, c := range benchCases(b) {
		for _, con := range []Conclusion{{Target: c.target, State: c.state}, {Target: c.target, State: MostLikely}} {
			name := c.name + "/words"
			if con.State == MostLikely {
				name = c.name + "/most-likely"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Fragility(c.jt, c.ev, con, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkTwoWay times a 21×21 grid of the two entries nearest to
// changing the conclusion: five propagations.
func BenchmarkTwoWay(b *testing.B) {
	for _, c := range benchCases(b) {
		con := Conclusion{Target: c.target, State: c.state}
		r, err := Fragility(c.jt, c.ev, con, nil)
		if err != nil || len(r.Margins) < 2 {
			b.Fatal(err, len(r.Margins))
		}
		x, y := r.Margins[0].Entry, r.Margins[1].Entry
		if x.Node == y.Node && x.Row == y.Row {
			y = r.Margins[2].Entry
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := TwoWay(c.jt, c.ev, con, x, y, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
