package analysis

import (
	"cmp"
	"math"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/jtree"
)

// dConnected returns, for every variable, whether it is d-connected to
// src given the observed variables: the Reachable procedure of Koller &
// Friedman, Probabilistic Graphical Models (2009), Algorithm 3.1, on the
// graph with parents pa. Observed variables themselves are not reported
// connected.
func dConnected(pa [][]int, src int, observed []bool) []bool {
	nv := len(pa)
	ch := make([][]int, nv)
	for v, ps := range pa {
		for _, p := range ps {
			ch[p] = append(ch[p], v)
		}
	}
	// Phase 1: the observed variables and their ancestors.
	anc := make([]bool, nv)
	var stack []int
	for v, o := range observed {
		if o {
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if anc[v] {
			continue
		}
		anc[v] = true
		stack = append(stack, pa[v]...)
	}
	// Phase 2: trails, each step arriving at a variable from a child
	// (up) or from a parent (down).
	type visit struct {
		v  int
		up bool
	}
	reach := make([]bool, nv)
	seen := map[visit]bool{}
	todo := []visit{{src, true}}
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		if !observed[x.v] {
			reach[x.v] = true
		}
		switch {
		case x.up && !observed[x.v]:
			for _, p := range pa[x.v] {
				todo = append(todo, visit{p, true})
			}
			for _, c := range ch[x.v] {
				todo = append(todo, visit{c, false})
			}
		case !x.up:
			if !observed[x.v] {
				for _, c := range ch[x.v] {
					todo = append(todo, visit{c, false})
				}
			}
			if anc[x.v] { // an active v-structure
				for _, p := range pa[x.v] {
					todo = append(todo, visit{p, true})
				}
			}
		}
	}
	return reach
}

// parentsOf returns the parent lists of n.
func parentsOf(n *network.Network) [][]int {
	pa := make([][]int, n.NumVariables())
	for v := range pa {
		pa[v] = n.Parents(v)
	}
	return pa
}

// requisite returns, for every variable, whether its CPT can affect the
// target's posterior given the observed variables: whether a parameter
// node added as a new parent of the variable is d-connected to the target
// (Koller & Friedman 2009, §3.3.3; Shachter 1998, "Bayes-Ball").
func requisite(n *network.Network, target int, observed []bool) []bool {
	nv := n.NumVariables()
	pa := parentsOf(n)
	for v := range nv {
		pa = append(pa, nil)
		pa[v] = append(append([]int(nil), pa[v]...), nv+v)
	}
	obs := append(append([]bool(nil), observed...), make([]bool, nv)...)
	reach := dConnected(pa, target, obs)
	return reach[nv:]
}

// TestAlarmRoundingNoise is the ranking bug of brinkctl voi on alarm: the
// variables d-separated from the target have mutual information 0 in
// exact arithmetic, but came out as noise up to 3e-16 bits and were ranked
// above exact zeros. On alarm (../shared/networks/alarm.bif) every
// analysis must give exactly 0 where d-separation says 0, no value in
// (0, Tolerance·scale), and order ties by variable name. The d-separation
// is computed independently by Bayes-ball.
func TestAlarmRoundingNoise(t *testing.T) {
	path, ok := shared.Path("networks", "alarm.bif")
	if !ok {
		t.Skip("../shared not found")
	}
	n, err := bif.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		target   string
		findings []finding
	}{
		{"no evidence", "HYPOVOLEMIA=TRUE", nil},
		{"low pressures", "HYPOVOLEMIA=TRUE", []finding{"CVP=LOW", "BP=LOW"}},
		{"collider observed", "HYPOVOLEMIA=TRUE", []finding{"LVEDVOLUME=HIGH", "PRESS=HIGH"}},
		{"ventilation", "KINKEDTUBE=TRUE", []finding{"PRESS=HIGH", "HR=HIGH"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target, state := lookup(t, n, tc.target)
			ev := evidence(t, n, tc.findings)
			observed := make([]bool, n.NumVariables())
			for _, f := range ev.Findings() {
				observed[f.Variable] = true
			}
			connected := dConnected(parentsOf(n), target, observed)
			zeros := 0

			// VOI: exactly 0 where d-separated; nothing in (0, Tolerance);
			// ties, the zeros among them, ordered by name.
			rows, err := VOI(jt, ev, target)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				mi := r.MutualInformation
				if !connected[r.Node] && mi != 0 {
					t.Errorf("VOI: I(T; %s) = %v, want exactly 0 (d-separated)", n.Name(r.Node), mi)
				}
				if mi > 0 && mi < Tolerance {
					t.Errorf("VOI: I(T; %s) = %v is rounding noise", n.Name(r.Node), mi)
				}
				if mi == 0 {
					zeros++
				}
				if i > 0 {
					checkOrder(t, "VOI", n, rows[i-1].MutualInformation, mi, rows[i-1].Node, r.Node)
				}
			}
			if zeros == 0 {
				t.Errorf("VOI: no variable d-separated from the target; the case tests nothing")
			}

			// Impact: a d-separated variable moves the target by exactly 0.
			irows, err := Impact(jt, ev, target, state)
			if err != nil {
				t.Fatal(err)
			}
			pt := jt.Posterior(target)[state] // the engine is left on ev
			prev := -1
			for _, r := range irows {
				if !r.Possible {
					continue
				}
				scale := max(r.Posterior, pt)
				if !connected[r.Node] && (r.Delta != 0 || r.Posterior != pt) {
					t.Errorf("Impact: %s=%d moves the target by %v, want exactly 0 (d-separated)", n.Name(r.Node), r.State, r.Delta)
				}
				if r.Delta != 0 && math.Abs(r.Delta) < Tolerance*scale {
					t.Errorf("Impact: %s=%d: delta %v is rounding noise", n.Name(r.Node), r.State, r.Delta)
				}
				if r.Node != prev {
					if prev >= 0 {
						checkOrder(t, "Impact", n, width(irows, prev), width(irows, r.Node), prev, r.Node)
					}
					prev = r.Node
				}
			}

			// Explain: a finding d-separated from the target by the others
			// weighs exactly 0.
			ws, err := Explain(jt, ev, target, state)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range ws {
				rest := append([]bool(nil), observed...)
				rest[w.Finding.Variable] = false
				sep := !dConnected(parentsOf(n), target, rest)[w.Finding.Variable]
				if sep && (w.Delta != 0 || w.Decibans != 0) {
					t.Errorf("Explain %s: delta %v, %v dB; want exactly 0 (d-separated)", w.Finding.Describe(n), w.Delta, w.Decibans)
				}
				if w.Decibans != 0 && math.Abs(w.Decibans) < Tolerance {
					t.Errorf("Explain %s: %v dB is rounding noise", w.Finding.Describe(n), w.Decibans)
				}
			}

			// Sensitivity: the entries of a CPT that cannot affect the
			// target have derivative exactly 0.
			req := requisite(n, target, observed)
			ps, err := Sensitivity(jt, ev, target, state, 0)
			if err != nil {
				t.Fatal(err)
			}
			zeros = 0
			for i, p := range ps {
				if !req[p.Node] && p.Derivative != 0 {
					t.Errorf("Sensitivity: ∂P/∂θ(%s=%d | %s) = %v, want exactly 0 (CPT not requisite)", n.Name(p.Node), p.State, p.Config, p.Derivative)
				}
				if p.Derivative == 0 {
					zeros++
				}
				if i > 0 {
					q := ps[i-1]
					checkOrder(t, "Sensitivity", n, math.Abs(q.Derivative), math.Abs(p.Derivative), q.Node, p.Node)
					if q.Node == p.Node && tieKey(math.Abs(q.Derivative)) == tieKey(math.Abs(p.Derivative)) &&
						cmp.Or(cmp.Compare(q.Row, p.Row), cmp.Compare(q.State, p.State)) > 0 {
						t.Errorf("Sensitivity: tied entries of %s out of row and state order at %d", n.Name(p.Node), i)
					}
				}
			}
			if zeros == 0 {
				t.Errorf("Sensitivity: no zero derivative; the case tests nothing")
			}
		})
	}
}

// checkOrder fails unless a (value xa, variable va) may come before b in a
// ranking: a larger value, or the same (to Tolerance) and a name not after
// b's.
func checkOrder(t *testing.T, what string, n *network.Network, xa, xb float64, va, vb int) {
	t.Helper()
	ka, kb := tieKey(xa), tieKey(xb)
	switch {
	case ka < kb:
		t.Errorf("%s: %s (%v) ranked above %s (%v)", what, n.Name(va), xa, n.Name(vb), xb)
	case ka == kb && n.Name(va) > n.Name(vb):
		t.Errorf("%s: %s and %s tie at %v but are not in name order", what, n.Name(va), n.Name(vb), xa)
	}
}
