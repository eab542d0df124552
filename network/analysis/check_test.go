package analysis

// This file holds the direct computations every analysis is checked
// against: posteriors by brute-force enumeration (enginetest.Enumerate) or
// by a second, separately compiled junction tree re-propagated with the
// finding set or retracted; mutual information from the full joint table;
// derivatives by central finite differences of a re-propagated network.

import (
	"errors"
	"math"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
	"brink/network/jtree"
)

// tol is the agreement required of probabilities computed two ways.
const tol = 1e-9

// posteriorsFunc computes every posterior marginal given ev directly, with
// no analysis shortcut.
type posteriorsFunc func(ev *network.Evidence) ([][]float64, error)

// byEnumeration sums the full joint (small networks only).
func byEnumeration(n *network.Network) posteriorsFunc {
	return func(ev *network.Evidence) ([][]float64, error) {
		m, _, err := enginetest.Enumerate(n, ev)
		return m, err
	}
}

// byRepropagation propagates ev on its own junction tree, compiled apart
// from the one the analyses use.
func byRepropagation(t testing.TB, n *network.Network) posteriorsFunc {
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return func(ev *network.Evidence) ([][]float64, error) {
		if err := jt.Propagate(ev); err != nil {
			return nil, err
		}
		out := make([][]float64, n.NumVariables())
		for v := range out {
			out[v] = slices.Clone(jt.Posterior(v))
		}
		return out, nil
	}
}

// bruteJoint returns P(vars | ev), normalised, over vars in the order
// given (first slowest), by visiting every joint state of n and
// multiplying its CPT entries and likelihoods; nil when P(ev) = 0.
func bruteJoint(n *network.Network, ev *network.Evidence, vars []int) []float64 {
	nv := n.NumVariables()
	size := 1
	for _, v := range vars {
		size *= n.Card(v)
	}
	out := make([]float64, size)
	x := make([]int, nv)
	for {
		p := 1.0
		for v := range nv {
			row := 0
			for _, u := range n.Parents(v) {
				row = row*n.Card(u) + x[u]
			}
			p *= n.CPT(v)[row*n.Card(v)+x[v]]
			if w := ev.Likelihood(v); w != nil {
				p *= w[x[v]]
			}
		}
		i := 0
		for _, v := range vars {
			i = i*n.Card(v) + x[v]
		}
		out[i] += p
		// Next joint state, last variable fastest.
		v := nv - 1
		for ; v >= 0; v-- {
			x[v]++
			if x[v] < n.Card(v) {
				break
			}
			x[v] = 0
		}
		if v < 0 {
			break
		}
	}
	z := 0.0
	for _, p := range out {
		z += p
	}
	if z == 0 {
		return nil
	}
	for i := range out {
		out[i] /= z
	}
	return out
}

// with returns a copy of ev with the hard finding v = s.
func with(t testing.TB, ev *network.Evidence, v, s int) *network.Evidence {
	t.Helper()
	c := ev.Clone()
	if err := c.SetState(v, s); err != nil {
		t.Fatal(err)
	}
	return c
}

// wantImpossible checks that err is the engine's impossible-evidence error.
func wantImpossible(t testing.TB, what string, err error) {
	t.Helper()
	var ie *network.ImpossibleEvidenceError
	if !errors.As(err, &ie) {
		t.Fatalf("%s on impossible evidence: %v, want *network.ImpossibleEvidenceError", what, err)
	}
}

// checkRestored checks that the engine is left propagated on ev: its
// posteriors are want, and its clique tables are calibrated.
func checkRestored(t testing.TB, what string, jt *jtree.JunctionTree, want [][]float64) {
	t.Helper()
	for v, w := range want {
		got := jt.Posterior(v)
		for s := range w {
			if math.Abs(got[s]-w[s]) > tol {
				t.Fatalf("%s left P(%s) = %v, want %v (the caller's evidence)", what, jt.Network().Name(v), got, w)
			}
		}
	}
	if _, err := jt.FamilyPosterior(0); err != nil {
		t.Fatalf("%s left the tree uncalibrated: %v", what, err)
	}
}

// checkAll runs every analysis for target = state given ev on jt and
// compares it with direct computation through post. It reports whether ev
// was possible.
func checkAll(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, target, state int, post posteriorsFunc) bool {
	t.Helper()
	base, err := post(ev)
	if err != nil {
		wantImpossible(t, "direct computation", err)
		_, err := Impact(jt, ev, target, state)
		wantImpossible(t, "Impact", err)
		_, err = Explain(jt, ev, target, state)
		wantImpossible(t, "Explain", err)
		_, err = VOI(jt, ev, target)
		wantImpossible(t, "VOI", err)
		_, err = Sensitivity(jt, ev, target, state, 0)
		wantImpossible(t, "Sensitivity", err)
		return false
	}
	checkImpact(t, jt, ev, target, state, post, base)
	checkExplain(t, jt, ev, target, state, post, base)
	checkVOI(t, jt, ev, target, post, base)
	checkSensitivity(t, jt, ev, target, state, base)
	return true
}

// checkImpact compares each row with P(t | e, x) from setting X = x and
// computing directly, and checks the rows' coverage and order.
func checkImpact(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, target, state int, post posteriorsFunc, base [][]float64) {
	t.Helper()
	n := jt.Network()
	rows, err := Impact(jt, ev, target, state)
	if err != nil {
		t.Fatalf("Impact: %v", err)
	}
	checkRestored(t, "Impact", jt, base)
	pt := base[target][state]
	want := 0
	for _, v := range unobserved(n, ev, target) {
		want += n.Card(v)
	}
	if len(rows) != want {
		t.Fatalf("Impact gave %d rows, want %d (every state of every unobserved variable but the target)", len(rows), want)
	}
	seen := map[[2]int]bool{}
	prevNode, prevWidth := -1, math.Inf(1)
	for i, r := range rows {
		if _, observed := ev.Finding(r.Node); observed || r.Node == target || seen[[2]int{r.Node, r.State}] {
			t.Fatalf("Impact row %d: %s=%d is observed, the target or repeated", i, n.Name(r.Node), r.State)
		}
		seen[[2]int{r.Node, r.State}] = true
		if math.IsNaN(r.Posterior) || math.IsNaN(r.Delta) {
			t.Fatalf("Impact row %+v has NaN", r)
		}
		px := base[r.Node][r.State]
		if r.Possible != (px > 0) {
			t.Fatalf("Impact row %s=%d: Possible = %v but P(x | e) = %v", n.Name(r.Node), r.State, r.Possible, px)
		}
		// Grouping and tornado order.
		if r.Node != prevNode {
			if slices.ContainsFunc(rows[:i], func(q ImpactRow) bool { return q.Node == r.Node }) {
				t.Fatalf("Impact: rows of %s are not together", n.Name(r.Node))
			}
			w := width(rows, r.Node)
			if tieKey(w) > tieKey(prevWidth) {
				t.Fatalf("Impact: %s moves the target by %v, more than the variable before it (%v)", n.Name(r.Node), w, prevWidth)
			}
			prevNode, prevWidth = r.Node, w
		}
		if !r.Possible {
			if r.Posterior != 0 || r.Delta != 0 {
				t.Fatalf("Impact: impossible row %+v has numbers", r)
			}
			continue
		}
		m, err := post(with(t, ev, r.Node, r.State))
		if err != nil {
			t.Fatalf("setting %s=%d: %v", n.Name(r.Node), r.State, err)
		}
		if d := math.Abs(r.Posterior - m[target][state]); d > tol {
			t.Fatalf("Impact: P(%s=%d | e, %s=%d) = %v, re-propagation gives %v (off by %.3g)",
				n.Name(target), state, n.Name(r.Node), r.State, r.Posterior, m[target][state], d)
		}
		if d := math.Abs(r.Delta - (m[target][state] - pt)); d > tol {
			t.Fatalf("Impact: delta %v, want %v", r.Delta, m[target][state]-pt)
		}
	}
}

// width is the range of the target's posterior over the possible rows of
// node v.
func width(rows []ImpactRow, v int) float64 {
	lo, hi := 1.0, 0.0
	for _, r := range rows {
		if r.Node == v && r.Possible {
			lo, hi = min(lo, r.Posterior), max(hi, r.Posterior)
		}
	}
	return max(hi-lo, 0)
}

// checkExplain compares each weight with the target's posterior with the
// finding retracted, computed directly.
func checkExplain(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, target, state int, post posteriorsFunc, base [][]float64) {
	t.Helper()
	n := jt.Network()
	ws, err := Explain(jt, ev, target, state)
	if err != nil {
		t.Fatalf("Explain: %v", err)
	}
	checkRestored(t, "Explain", jt, base)
	fs := ev.Findings()
	if len(ws) != len(fs) {
		t.Fatalf("Explain gave %d weights for %d findings", len(ws), len(fs))
	}
	with, withNot := split(base[target], state)
	for i, w := range ws {
		f := fs[i]
		if w.Finding.Variable != f.Variable || w.Finding.Kind != f.Kind {
			t.Fatalf("Explain weight %d is for %s, want %s", i, w.Finding.Describe(n), f.Describe(n))
		}
		trial := ev.Clone()
		trial.Retract(f.Variable)
		m, err := post(trial)
		if err != nil {
			t.Fatalf("retracting %s: %v", f.Describe(n), err)
		}
		without, withoutNot := split(m[target], state)
		if math.Abs(w.With-with) > tol || math.Abs(w.Without-without) > tol || math.Abs(w.Delta-(with-without)) > tol {
			t.Fatalf("Explain %s: with %v without %v delta %v; want %v, %v, %v", f.Describe(n), w.With, w.Without, w.Delta, with, without, with-without)
		}
		if math.IsNaN(w.Decibans) {
			t.Fatalf("Explain %s: NaN decibans", f.Describe(n))
		}
		// The weight of evidence from the direct numbers; its error is
		// the probabilities' relative error times 10/ln 10.
		want := 10 * (math.Log10(with/withNot) - math.Log10(without/withoutNot))
		switch {
		case (with == 0 && without == 0) || (withNot == 0 && withoutNot == 0):
			want = 0
		case math.IsInf(want, 0) || math.IsInf(w.Decibans, 0):
			if want != w.Decibans {
				t.Fatalf("Explain %s: %v decibans, want %v", f.Describe(n), w.Decibans, want)
			}
			continue
		}
		if math.IsNaN(want) {
			t.Fatalf("test bug: NaN weight for %v %v %v %v", with, withNot, without, withoutNot)
		}
		slack := 10 / math.Ln10 * 1e-12 * (1/with + 1/withNot + 1/without + 1/withoutNot)
		if d := math.Abs(w.Decibans - want); d > 1e-9+slack {
			t.Fatalf("Explain %s: %v decibans, want %v (off by %.3g)", f.Describe(n), w.Decibans, want, d)
		}
	}
}

// checkVOI compares each mutual information with the one computed from
// P(t | e) and P(x | e, t) found directly, and, when the network is small
// enough, from the full joint table P(T, X | e).
func checkVOI(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, target int, post posteriorsFunc, base [][]float64) {
	t.Helper()
	n := jt.Network()
	rows, err := VOI(jt, ev, target)
	if err != nil {
		t.Fatalf("VOI: %v", err)
	}
	checkRestored(t, "VOI", jt, base)
	cands := unobserved(n, ev, target)
	if len(rows) != len(cands) {
		t.Fatalf("VOI gave %d rows for %d unobserved variables", len(rows), len(cands))
	}
	nt := n.Card(target)
	given := make([][][]float64, nt)
	for s := range nt {
		if base[target][s] > 0 {
			if given[s], err = post(with(t, ev, target, s)); err != nil {
				t.Fatalf("setting the target to %d: %v", s, err)
			}
		}
	}
	small := enginetest.JointStates(n) <= 1<<16
	h := Entropy(base[target])
	for i, r := range rows {
		if i > 0 && tieKey(r.MutualInformation) > tieKey(rows[i-1].MutualInformation) {
			t.Fatalf("VOI rows out of order at %d: %v after %v", i, r.MutualInformation, rows[i-1].MutualInformation)
		}
		if math.IsNaN(r.MutualInformation) || r.MutualInformation < 0 || r.MutualInformation > h+tol {
			t.Fatalf("VOI: I(T; %s) = %v outside [0, H(T) = %v]", n.Name(r.Node), r.MutualInformation, h)
		}
		nx := n.Card(r.Node)
		joint := make([]float64, nt*nx)
		for s := range nt {
			for x := range nx {
				if given[s] != nil {
					joint[s*nx+x] = base[target][s] * given[s][r.Node][x]
				}
			}
		}
		want := directMI(joint, nt, nx)
		if d := math.Abs(r.MutualInformation - want); d > tol {
			t.Fatalf("VOI: I(%s; %s | e) = %v, want %v from P(t|e)·P(x|e,t) (off by %.3g)", n.Name(target), n.Name(r.Node), r.MutualInformation, want, d)
		}
		if small {
			full := directMI(bruteJoint(n, ev, []int{target, r.Node}), nt, nx)
			if d := math.Abs(r.MutualInformation - full); d > tol {
				t.Fatalf("VOI: I(%s; %s | e) = %v, want %v from the full joint (off by %.3g)", n.Name(target), n.Name(r.Node), r.MutualInformation, full, d)
			}
		}
	}
}

// directMI is the textbook Σ p log2(p / (p_a p_b)) of a normalised joint,
// written out independently of mutualInformation.
func directMI(p []float64, nr, nc int) float64 {
	pa := make([]float64, nr)
	pb := make([]float64, nc)
	for a := range nr {
		for b := range nc {
			pa[a] += p[a*nc+b]
			pb[b] += p[a*nc+b]
		}
	}
	mi := 0.0
	for a := range nr {
		for b := range nc {
			if x := p[a*nc+b]; x > 0 {
				mi += x * (math.Log2(x) - math.Log2(pa[a]) - math.Log2(pb[b]))
			}
		}
	}
	return mi
}

// checkSensitivity compares every derivative with a central finite
// difference: θ moved by ±h with the other entries of its row scaled
// proportionally (network.WithCPT), re-propagated on a tree of its own.
// Tolerance: 1e-5 relative, 1e-7 absolute, far above the O(h²/θ²) error of
// the difference.
func checkSensitivity(t *testing.T, jt *jtree.JunctionTree, ev *network.Evidence, target, state int, base [][]float64) {
	t.Helper()
	n := jt.Network()
	params, err := Sensitivity(jt, ev, target, state, 0)
	if err != nil {
		t.Fatalf("Sensitivity: %v", err)
	}
	checkRestored(t, "Sensitivity", jt, base)
	want := 0
	for v := range n.NumVariables() {
		for _, th := range n.CPT(v) {
			if th > 0 && th < 1 {
				want++
			}
		}
	}
	if len(params) != want {
		t.Fatalf("Sensitivity gave %d parameters, want the %d strictly between 0 and 1", len(params), want)
	}
	other, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := func(p Param, theta float64) float64 {
		k := n.Card(p.Node)
		cpt := slices.Clone(n.CPT(p.Node))
		row := cpt[p.Row*k : (p.Row+1)*k]
		for s := range row {
			if s == p.State {
				row[s] = theta
			} else {
				row[s] *= (1 - theta) / (1 - p.Value)
			}
		}
		m, err := n.WithCPT(p.Node, cpt)
		if err != nil {
			t.Fatal(err)
		}
		if err := other.SetNetwork(m); err != nil {
			t.Fatal(err)
		}
		if err := other.Propagate(ev); err != nil {
			t.Fatalf("perturbed %s: %v", n.Name(p.Node), err)
		}
		return other.Posterior(target)[state]
	}
	for i, p := range params {
		if i > 0 && tieKey(math.Abs(p.Derivative)) > tieKey(math.Abs(params[i-1].Derivative)) {
			t.Fatalf("Sensitivity out of order at %d", i)
		}
		if p.Value != n.CPT(p.Node)[p.Row*n.Card(p.Node)+p.State] || p.Config != n.ConfigString(p.Node, p.Row) {
			t.Fatalf("Sensitivity parameter %+v does not match the CPT", p)
		}
		if math.IsNaN(p.Derivative) || math.IsInf(p.Derivative, 0) {
			t.Fatalf("Sensitivity parameter %+v: derivative not finite", p)
		}
		h := min(1e-6, p.Value/2, (1-p.Value)/2)
		fd := (at(p, p.Value+h) - at(p, p.Value-h)) / (2 * h)
		if d := math.Abs(p.Derivative - fd); d > 1e-5*math.Abs(fd)+1e-7 {
			t.Fatalf("Sensitivity: ∂P(%s=%d | e)/∂θ(%s=%d | %s) = %v, finite difference %v (off by %.3g)",
				n.Name(target), state, n.Name(p.Node), p.State, p.Config, p.Derivative, fd, d)
		}
	}
	if err := other.SetNetwork(n); err != nil {
		t.Fatal(err)
	}
}
