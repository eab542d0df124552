package analysis

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/enginetest"
	"brink/network/jtree"
	"brink/network/model"
	"brink/network/modelfile"
)

// TestSearchRandom checks SearchEvidence by enumeration on random
// networks and evidence, with goals above and below the baseline: the
// posterior after each step and P(F | e) = P(e, F) / P(e) of the set
// found (tol 1e-9); a set that reaches the goal does, and loses it when
// any one finding is dropped (the pruning left none redundant); and when
// the observable variables have few enough joint states for the search
// to try them all, it reaches the goal exactly when some full set of
// findings does, and otherwise reports the extreme that set gives.
func TestSearchRandom(t *testing.T) {
	cases := 200
	if testing.Short() {
		cases = 40
	}
	rng := rand.New(rand.NewPCG(1976, 3))
	var reached, unreachable int
	for c := range cases {
		n := enginetest.RandomNetwork(rng, 2+rng.IntN(5), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		target := rng.IntN(n.NumVariables())
		state := rng.IntN(n.Card(target))
		whole := bruteJoint(n, ev, []int{target})
		if whole == nil {
			continue
		}
		goal := Goal{Level: rng.Float64(), Below: whole[state] > 0.5}
		jt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		beam := rng.IntN(4) // 0: the default
		t.Run("", func(t *testing.T) {
			t.Logf("case %d: %d variables, target v%d=s%d (P %.4f), goal %+v, beam %d, evidence %s",
				c, n.NumVariables(), target, state, whole[state], goal, beam, ev)
			res, err := SearchEvidence(context.Background(), jt, ev, target, state, goal, SearchOptions{Beam: beam})
			if err != nil {
				t.Fatal(err)
			}
			checkSearch(t, jt, ev, target, state, res, nil)
			if res.Reached {
				reached++
			}
			if res.Unreachable {
				unreachable++
			}
		})
	}
	if reached < cases/5 || unreachable < cases/10 {
		t.Errorf("%d of %d cases reached the goal and %d could not: the cases do not test both", reached, cases, unreachable)
	}
}

// checkSearch checks a search result by enumeration (see
// TestSearchRandom); observable nil means every unobserved variable but
// the target.
func checkSearch(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, target, state int, res *SearchResult, observable []int) {
	t.Helper()
	n := jt.Network()
	m, pe, err := enginetest.Enumerate(n, ev)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.Baseline-m[target][state]) > tol {
		t.Errorf("baseline %v, want %v", res.Baseline, m[target][state])
	}
	cands, err := candidates(n, ev, target, observable)
	if err != nil {
		t.Fatal(err)
	}
	posterior := func(steps []SearchStep) (float64, float64) {
		e := ev.Clone()
		for _, s := range steps {
			if err := e.SetState(s.Node, s.State); err != nil {
				t.Fatal(err)
			}
		}
		mm, pf, err := enginetest.Enumerate(n, e)
		if err != nil {
			t.Fatalf("the findings %v are impossible: %v", steps, err)
		}
		return mm[target][state], pf / pe
	}
	seen := map[int]bool{}
	for i, s := range res.Steps {
		if seen[s.Node] || target == s.Node {
			t.Fatalf("step %d: node %d twice or the target", i, s.Node)
		}
		seen[s.Node] = true
		ok := false
		for _, v := range cands {
			ok = ok || v == s.Node
		}
		if !ok {
			t.Fatalf("step %d: node %s is not observable", i, n.Name(s.Node))
		}
		p, _ := posterior(res.Steps[:i+1])
		if math.Abs(s.Posterior-p) > tol {
			t.Errorf("step %d: posterior %v, want %v", i, s.Posterior, p)
		}
	}
	p, joint := posterior(res.Steps)
	if math.Abs(res.Posterior-p) > tol || math.Abs(res.Probability-joint) > tol*max(1, joint) {
		t.Errorf("posterior %v, probability %v; want %v, %v", res.Posterior, res.Probability, p, joint)
	}
	if res.Reached != res.Goal.Met(p) {
		t.Errorf("Reached %v with posterior %v and goal %+v", res.Reached, p, res.Goal)
	}
	if res.Reached {
		for i := range res.Steps {
			rest := append(append([]SearchStep(nil), res.Steps[:i]...), res.Steps[i+1:]...)
			if q, _ := posterior(rest); res.Goal.Met(q) {
				t.Errorf("step %d (%s) is redundant: without it the posterior is %v", i, n.Name(res.Steps[i].Node), q)
			}
		}
	}
	if res.Reached && res.Unreachable {
		t.Errorf("both Reached and Unreachable")
	}

	// Every full set of findings on the observable variables, when few.
	size := 1
	for _, v := range cands {
		size *= n.Card(v)
	}
	if size > ExhaustiveLimit {
		return
	}
	extreme, any := res.Baseline, false
	x := make([]int, len(cands))
	for {
		e := ev.Clone()
		for i, v := range cands {
			if err := e.SetState(v, x[i]); err != nil {
				t.Fatal(err)
			}
		}
		if mm, _, err := enginetest.Enumerate(n, e); err == nil {
			q := mm[target][state]
			if res.Goal.better(q, extreme) {
				extreme = q
			}
			any = any || res.Goal.Met(q)
		}
		i := len(x) - 1
		for ; i >= 0; i-- {
			if x[i]++; x[i] < n.Card(cands[i]) {
				break
			}
			x[i] = 0
		}
		if i < 0 {
			break
		}
	}
	if res.Reached != any || res.Unreachable == any {
		t.Errorf("Reached %v, Unreachable %v; by enumeration some full set reaches the goal: %v", res.Reached, res.Unreachable, any)
	}
	if res.Unreachable && math.Abs(res.Extreme-extreme) > tol {
		t.Errorf("extreme %v, want %v", res.Extreme, extreme)
	}
}

// TestSearchShared runs the search on the flagship (its evidence nodes
// only, under the maximum pressure findings to 30% accidental escalation
// and with none down to 5%) and on
// alarm (HYPOVOLEMIA to 90% given CVP and BP low), checks the set found
// by re-propagation on a second tree (posterior, reached, no finding
// redundant) and that each takes well under a second.
func TestSearchShared(t *testing.T) {
	type tc struct {
		name     string
		n        *network.Network
		target   string
		findings []finding
		goal     Goal
		md       *model.Model // for its evidence nodes; nil: every node
	}
	md, err := modelfile.Load("../../models/us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	us := md.Net
	cases := []tc{
		{"us-iran above", us, "outcome=accidental_escalation", []finding{"us_carrier_deployment=surge", "us_sanctions=expanded"}, Goal{Level: 0.3}, md},
		{"us-iran below", us, "outcome=accidental_escalation", nil, Goal{Level: 0.05, Below: true}, md},
	}
	if path, ok := shared.Path("networks", "alarm.bif"); ok {
		alarm, err := bif.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{"alarm", alarm, "HYPOVOLEMIA=TRUE", []finding{"CVP=LOW", "BP=LOW"}, Goal{Level: 0.9}, nil})
	} else {
		t.Log("../shared not found: alarm skipped")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			jt, err := jtree.Compile(c.n, jtree.Options{})
			if err != nil {
				t.Fatal(err)
			}
			target, state := lookup(t, c.n, c.target)
			ev := evidence(t, c.n, c.findings)
			var observable []int
			if c.md != nil {
				observable = Observable(c.md, ev, target)
			}
			start := time.Now()
			res, err := SearchEvidence(context.Background(), jt, ev, target, state, c.goal, SearchOptions{Observable: observable})
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v, want under a second", d)
			}
			if !res.Reached || len(res.Steps) == 0 {
				t.Fatalf("goal %+v not reached from %v: %+v", c.goal, res.Baseline, res)
			}
			check := byRepropagation(t, c.n)
			post := func(steps []SearchStep) float64 {
				e := ev.Clone()
				for _, s := range steps {
					if err := e.SetState(s.Node, s.State); err != nil {
						t.Fatal(err)
					}
				}
				m, err := check(e)
				if err != nil {
					t.Fatal(err)
				}
				return m[target][state]
			}
			if p := post(res.Steps); math.Abs(p-res.Posterior) > tol || !c.goal.Met(p) {
				t.Errorf("posterior %v, re-propagated %v, goal %+v", res.Posterior, p, c.goal)
			}
			for i := range res.Steps {
				rest := append(append([]SearchStep(nil), res.Steps[:i]...), res.Steps[i+1:]...)
				if c.goal.Met(post(rest)) {
					t.Errorf("step %d redundant", i)
				}
			}
			for _, s := range res.Steps {
				if observable != nil && !slices.Contains(observable, s.Node) {
					t.Errorf("%s is not an evidence node", c.n.Name(s.Node))
				}
				t.Logf("%s=%s → %.4f", c.n.Name(s.Node), c.n.Variable(s.Node).States[s.State], s.Posterior)
			}
			t.Logf("from %.4f to %.4f, P(findings | e) = %.4g", res.Baseline, res.Posterior, res.Probability)
			m, err := check(ev)
			if err != nil {
				t.Fatal(err)
			}
			checkRestored(t, "SearchEvidence", jt, m)
		})
	}
}

// TestSearchCancel: a context done before the search, or cancelled from
// the progress callback after the first size, stops it with the
// context's error, and the engine is left on e.
func TestSearchCancel(t *testing.T) {
	n := loadModel(t, "us-iran.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	target, state := lookup(t, n, "outcome=accidental_escalation")
	ev := evidence(t, n, []finding{"us_sanctions=expanded"})
	want := enumeratedByTree(t, n, ev)
	goal := Goal{Level: 0.99} // far: the search would go on for long

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SearchEvidence(ctx, jt, ev, target, state, goal, SearchOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled before: error %v, want context.Canceled", err)
	}
	checkRestored(t, "SearchEvidence", jt, want)

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var calls []int
	_, err = SearchEvidence(ctx, jt, ev, target, state, goal, SearchOptions{Progress: func(done, total int) {
		calls = append(calls, done)
		if done == 1 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled from progress: error %v, want context.Canceled", err)
	}
	if len(calls) != 1 {
		t.Errorf("progress called with %v after cancelling, want [1]", calls)
	}
	checkRestored(t, "SearchEvidence", jt, want)
}

// enumeratedByTree returns every posterior given ev from a separately
// compiled junction tree.
func enumeratedByTree(t *testing.T, n *network.Network, ev *network.Evidence) [][]float64 {
	t.Helper()
	m, err := byRepropagation(t, n)(ev)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSearchEdges: a goal already met gives no findings; a target made
// certain or impossible cannot be moved; a bad level or beam, or an
// unknown observable index, is an error.
func TestSearchEdges(t *testing.T) {
	n := loadModel(t, "asia.toml")
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	lung, yes := lookup(t, n, "lung=yes")

	res, err := SearchEvidence(ctx, jt, nil, lung, yes, Goal{Level: 0.01}, SearchOptions{})
	if err != nil || !res.Reached || len(res.Steps) != 0 || res.Probability != 1 {
		t.Errorf("goal met already: %+v, %v; want reached with no findings", res, err)
	}
	res, err = SearchEvidence(ctx, jt, evidence(t, n, []finding{"lung=no"}), lung, yes, Goal{Level: 0.5}, SearchOptions{})
	if err != nil || res.Reached || !res.Unreachable || res.Extreme != 0 {
		t.Errorf("target ruled out: %+v, %v; want unreachable at 0", res, err)
	}
	// Only x-ray observable: one variable, two states, tried in full.
	xray, _ := lookup(t, n, "xray=yes")
	res, err = SearchEvidence(ctx, jt, nil, lung, yes, Goal{Level: 0.9}, SearchOptions{Observable: []int{xray}})
	if err != nil || res.Reached || !res.Unreachable {
		t.Errorf("x-ray alone to 90%%: %+v, %v; want unreachable", res, err)
	}
	checkSearch(t, jt, network.NewEvidence(n), lung, yes, res, []int{xray})

	for _, tc := range []struct {
		name string
		goal Goal
		opts SearchOptions
		want error
	}{
		{"level above 1", Goal{Level: 1.5}, SearchOptions{}, nil},
		{"level NaN", Goal{Level: math.NaN()}, SearchOptions{}, nil},
		{"negative beam", Goal{Level: 0.5}, SearchOptions{Beam: -1}, nil},
		{"unknown observable", Goal{Level: 0.5}, SearchOptions{Observable: []int{-1}}, network.ErrUnknownVariable},
	} {
		_, err := SearchEvidence(ctx, jt, nil, lung, yes, tc.goal, tc.opts)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	_, err = SearchEvidence(ctx, jt, evidence(t, n, []finding{"either=no", "lung=yes"}), lung, yes, Goal{Level: 0.5}, SearchOptions{})
	wantImpossible(t, "SearchEvidence", err)
}
