package enginetest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/network"
)

// Tolerances of the suite.
const (
	// margTol is the absolute tolerance on each posterior probability.
	margTol = 1e-9
	// probTol is the relative tolerance on P(e), and so the absolute
	// tolerance on ln P(e).
	probTol = 1e-9
	// sameTol bounds the difference between two answers of one engine to
	// the same question, relative for P(e) and absolute otherwise: an
	// engine that keeps its results, or recomputes them the same way, is
	// exact, and one that takes a different route still agrees to a few
	// roundings.
	sameTol = 1e-12
	// maxReports caps the mismatches reported by one comparison.
	maxReports = 5
)

// reporter is the part of testing.TB the checks use, so that the suite's
// own tests can run them against deliberately broken engines and count
// the complaints.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// result is what an engine reports after one Propagate, or what
// enumeration says it should.
type result struct {
	marg  [][]float64
	pe    float64
	logPE float64
}

// answer is the expected outcome of one Propagate.
type answer struct {
	result
	impossible bool
	// conflict, if not nil, lists the findings that the error for
	// impossible evidence must name, in any order. Hand-built cases know
	// it; for random ones only minimality is checked, which any valid
	// conflict satisfies.
	conflict []string
}

// expect computes the answer for ev by enumeration.
func expect(n *network.Network, ev *network.Evidence) (answer, error) {
	marg, pe, err := Enumerate(n, ev)
	if errors.Is(err, network.ErrImpossibleEvidence) {
		return answer{impossible: true}, nil
	}
	if err != nil {
		return answer{}, err
	}
	return answer{result: result{marg: marg, pe: pe, logPE: network.Ln(pe)}}, nil
}

// snapshot copies the engine's current results, which the next Propagate
// may overwrite.
func snapshot(eng network.Engine) result {
	n := eng.Network()
	res := result{marg: make([][]float64, n.NumVariables()), pe: eng.ProbEvidence(), logPE: eng.LogProbEvidence()}
	for v := range res.marg {
		res.marg[v] = slices.Clone(eng.Posterior(v))
	}
	return res
}

// describe renders evidence for messages.
func describe(ev *network.Evidence) string {
	if ev == nil || ev.Len() == 0 {
		return "no evidence"
	}
	return "evidence {" + ev.String() + "}"
}

// closeRel reports whether got is within tol·|want| of want; NaN is never
// close.
func closeRel(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Abs(want)
}

// compare reports the differences between got and want, naming the
// variable and state of each, with what saying which answer is checked.
// Posteriors are compared to margTol absolute, P(e) to pTol relative and
// ln P(e) to pTol absolute. A posterior containing NaN or ±Inf is always an
// error. It returns whether they agree.
func compare(r reporter, n *network.Network, what string, got, want result, mTol, pTol float64) bool {
	r.Helper()
	bad := 0
	report := func(format string, args ...any) {
		r.Helper()
		bad++
		if bad <= maxReports {
			r.Errorf("%s: "+format, append([]any{what}, args...)...)
		}
	}
	for v := range n.NumVariables() {
		vr := n.Variable(v)
		g := got.marg[v]
		if len(g) != len(vr.States) {
			report("posterior of %s has %d entries, want %d (one per state)", vr.Name, len(g), len(vr.States))
			continue
		}
		for s, p := range g {
			w := want.marg[v][s]
			switch {
			case math.IsNaN(p) || math.IsInf(p, 0):
				report("P(%s=%s | e) = %v", vr.Name, vr.States[s], p)
			case math.Abs(p-w) > mTol:
				report("P(%s=%s | e) = %.17g, want %.17g (diff %.3g)", vr.Name, vr.States[s], p, w, p-w)
			}
		}
	}
	if !closeRel(got.pe, want.pe, pTol) {
		report("P(e) = %.17g, want %.17g (relative diff %.3g)", got.pe, want.pe, (got.pe-want.pe)/want.pe)
	}
	if !(math.Abs(got.logPE-want.logPE) <= pTol) {
		report("ln P(e) = %.17g, want %.17g (diff %.3g)", got.logPE, want.logPE, got.logPE-want.logPE)
	}
	if bad > maxReports {
		r.Errorf("%s: %d more differences not shown", what, bad-maxReports)
	}
	return bad == 0
}

// checkPropagate runs eng.Propagate(ev) and checks the outcome against
// want. The engine receives a copy of ev that is cleared after the call,
// so an engine that keeps a reference to its evidence is caught, as is one
// that modifies it. prev is the engine's result from its last successful
// Propagate: impossible evidence must leave it in place. It returns the
// engine's result after the call and whether every check passed.
func checkPropagate(r reporter, eng network.Engine, ev *network.Evidence, want answer, prev result) (result, bool) {
	r.Helper()
	n := eng.Network()
	what := "Propagate(" + describe(ev) + ")"
	probe := ev.Clone()
	err := eng.Propagate(probe)
	ok := true
	if probe.String() != ev.String() {
		r.Errorf("%s changed the evidence to {%s}", what, probe.String())
		ok = false
	}
	probe.Clear()

	if want.impossible {
		if err == nil {
			r.Errorf("%s succeeded with P(e) = %g; enumeration says P(e) = 0", what, eng.ProbEvidence())
			return snapshot(eng), false
		}
		ok = checkImpossible(r, n, ev, what, err, want.conflict) && ok
		// "If ev has probability zero it returns an *ImpossibleEvidenceError
		// and the engine keeps its previous results" (network.Engine).
		return prev, compare(r, n, what+" failed as it should, but then changed the previous results", snapshot(eng), prev, sameTol, sameTol) && ok
	}
	if err != nil {
		r.Errorf("%s: unexpected error: %v (enumeration says P(e) = %.17g)", what, err, want.pe)
		return prev, false
	}
	got := snapshot(eng)
	return got, compare(r, n, what, got, want.result, margTol, probTol) && ok
}

// checkImpossible checks the error an engine returned for evidence of
// probability zero: it must satisfy errors.Is(err,
// network.ErrImpossibleEvidence) and errors.As to an
// *network.ImpossibleEvidenceError whose Findings name a minimal
// impossible subset of the findings (see checkConflict) and, if conflict
// is not nil, exactly the findings it lists.
func checkImpossible(r reporter, n *network.Network, ev *network.Evidence, what string, err error, conflict []string) bool {
	r.Helper()
	ok := true
	if !errors.Is(err, network.ErrImpossibleEvidence) {
		r.Errorf("%s: error %q does not satisfy errors.Is(err, network.ErrImpossibleEvidence)", what, err)
		ok = false
	}
	var ie *network.ImpossibleEvidenceError
	if !errors.As(err, &ie) {
		r.Errorf("%s: error %q (%T) does not unwrap to *network.ImpossibleEvidenceError", what, err, err)
		return false
	}
	if conflict != nil {
		got := slices.Sorted(slices.Values(ie.Findings))
		want := slices.Sorted(slices.Values(conflict))
		if !slices.Equal(got, want) {
			r.Errorf("%s: error names the findings %q, want %q", what, got, want)
			return false
		}
	}
	return checkConflict(r, n, ev, what, ie) && ok
}

// checkConflict checks that ie.Findings describes, as Finding.Describe
// does, distinct findings of ev that are impossible together and minimal,
// as documented at network.ImpossibleEvidenceError: without any one of
// them the others have positive probability. Minimality rather than a
// particular set is required, since deletion in another order may find
// another minimal set. Each check enumerates the joint.
func checkConflict(r reporter, n *network.Network, ev *network.Evidence, what string, ie *network.ImpossibleEvidenceError) bool {
	r.Helper()
	if len(ie.Findings) == 0 {
		r.Errorf("%s: %v: names no findings", what, ie)
		return false
	}
	byName := make(map[string]network.Finding)
	for _, f := range ev.Findings() {
		byName[f.Describe(n)] = f
	}
	sub := network.NewEvidence(n)
	var named []network.Finding
	for _, name := range ie.Findings {
		f, found := byName[name]
		if !found {
			r.Errorf("%s: %v: %q is not one of the findings", what, ie, name)
			return false
		}
		if _, dup := sub.Finding(f.Variable); dup {
			r.Errorf("%s: %v: names %q twice", what, ie, name)
			return false
		}
		if err := sub.Set(f); err != nil {
			panic("enginetest: copying a valid finding: " + err.Error())
		}
		named = append(named, f)
	}
	if _, pe, err := Enumerate(n, sub); !errors.Is(err, network.ErrImpossibleEvidence) {
		r.Errorf("%s: %v: those findings alone are possible (P = %.17g by enumeration); they must conflict on their own", what, ie, pe)
		return false
	}
	var spare []string
	for _, f := range named {
		rest := sub.Clone()
		rest.Retract(f.Variable)
		if _, _, err := Enumerate(n, rest); errors.Is(err, network.ErrImpossibleEvidence) {
			spare = append(spare, f.Describe(n))
		}
	}
	if len(spare) > 0 {
		r.Errorf("%s: %v: not minimal: the findings stay impossible without %s", what, ie, strings.Join(spare, ", or without "))
		return false
	}
	return true
}

// mpeWant is what a hand-built MPE case knows independently of
// enumeration: the unique most probable assignment and its probability,
// or the findings that conflict.
type mpeWant struct {
	assignment []int
	prob       float64
	conflict   []string
}

// checkMPE runs eng.MPE(ev) and checks it against enumeration: the
// returned probability must equal max_x P(x, e) to probTol relative, the
// assignment must achieve that maximum (any of several tied maxima will
// do) and agree with every hard finding, and impossible evidence must give
// an impossible-evidence error as checked by checkImpossible. If pin is
// not nil the assignment or conflict must also match it exactly. MPE must
// leave the results of the last Propagate, prev, in place.
func checkMPE(r reporter, eng network.MPEEngine, ev *network.Evidence, prev result, pin *mpeWant) bool {
	r.Helper()
	n := eng.Network()
	what := "MPE(" + describe(ev) + ")"
	_, want, err := EnumerateMPE(n, ev)
	impossible := errors.Is(err, network.ErrImpossibleEvidence)
	if err != nil && !impossible {
		r.Errorf("%s: enumeration: %v", what, err)
		return false
	}

	probe := ev.Clone()
	x, p, err := eng.MPE(probe)
	ok := true
	if probe.String() != ev.String() {
		r.Errorf("%s changed the evidence to {%s}", what, probe.String())
		ok = false
	}
	switch {
	case impossible && err == nil:
		r.Errorf("%s = %v with probability %g; enumeration says P(e) = 0", what, x, p)
		ok = false
	case impossible:
		var conflict []string
		if pin != nil {
			conflict = pin.conflict
		}
		ok = checkImpossible(r, n, ev, what, err, conflict) && ok
	case err != nil:
		r.Errorf("%s: unexpected error: %v (enumeration finds probability %.17g)", what, err, want)
		ok = false
	default:
		ok = checkAssignment(r, n, ev, what, x, p, want) && ok
		if pin == nil || !ok {
			break
		}
		if !slices.Equal(x, pin.assignment) {
			r.Errorf("%s = {%s}, want {%s}, the unique maximum", what, assignmentString(n, x), assignmentString(n, pin.assignment))
			ok = false
		}
		if !closeRel(p, pin.prob, probTol) {
			r.Errorf("%s: probability %.17g, want %.17g by hand", what, p, pin.prob)
			ok = false
		}
	}
	return compare(r, n, what+" changed the results of the last Propagate", snapshot(eng), prev, sameTol, sameTol) && ok
}

// checkAssignment checks one MPE answer x with reported probability p
// against the enumerated maximum want.
func checkAssignment(r reporter, n *network.Network, ev *network.Evidence, what string, x []int, p, want float64) bool {
	r.Helper()
	if len(x) != n.NumVariables() {
		r.Errorf("%s: assignment has %d states, want one per variable (%d)", what, len(x), n.NumVariables())
		return false
	}
	for v, s := range x {
		if s < 0 || s >= n.Card(v) {
			r.Errorf("%s: variable %s has no state number %d", what, n.Name(v), s)
			return false
		}
	}
	ok := true
	for _, f := range ev.Findings() {
		if f.Kind == network.Hard && x[f.Variable] != f.State {
			vr := n.Variable(f.Variable)
			r.Errorf("%s: assignment has %s=%s against the finding %s", what, vr.Name, vr.States[x[f.Variable]], f.Describe(n))
			ok = false
		}
	}
	if !closeRel(p, want, probTol) {
		r.Errorf("%s: probability %.17g, want %.17g (relative diff %.3g)", what, p, want, (p-want)/want)
		ok = false
	}
	if jp := jointProb(n, ev, x); !closeRel(jp, want, probTol) {
		r.Errorf("%s: assignment {%s} has P(x, e) = %.17g, but the maximum is %.17g", what, assignmentString(n, x), jp, want)
		ok = false
	}
	return ok
}

// assignmentString renders a joint state, e.g. "A=a0, B=b1".
func assignmentString(n *network.Network, x []int) string {
	parts := make([]string, len(x))
	for v, s := range x {
		parts[v] = n.Name(v) + "=" + n.Variable(v).States[s]
	}
	return strings.Join(parts, ", ")
}

// networkString lists a network's variables, parents and CPTs, for
// reproducing a failure by hand.
func networkString(n *network.Network) string {
	var b strings.Builder
	for v := range n.NumVariables() {
		vr := n.Variable(v)
		fmt.Fprintf(&b, "%s {%s}", vr.Name, strings.Join(vr.States, ", "))
		if ps := n.Parents(v); len(ps) > 0 {
			names := make([]string, len(ps))
			for i, p := range ps {
				names[i] = n.Name(p)
			}
			fmt.Fprintf(&b, " | %s", strings.Join(names, ", "))
		}
		fmt.Fprintf(&b, ": %.6g\n", n.CPT(v))
	}
	return b.String()
}
