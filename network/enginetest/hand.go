package enginetest

import (
	"fmt"

	"brink/network"
)

// handFinding is one finding of a hand-built case, by name: exactly one of
// is (hard), not (negative) and like (likelihood) is set.
type handFinding struct {
	variable string
	is       string
	not      []string
	like     []float64
}

// handCase is one evidence with its answer worked out by hand.
type handCase struct {
	name     string
	findings []handFinding
	// marginals maps every variable to its posterior, nil when the
	// evidence is impossible.
	marginals    map[string][]float64
	probEvidence float64
	// conflict lists the findings an *ImpossibleEvidenceError must name,
	// as Finding.Describe renders them, when the evidence is impossible.
	conflict []string
}

// handMPE is one MPE question with its answer worked out by hand; every
// table is built so that the maximum is unique.
type handMPE struct {
	name       string
	findings   []handFinding
	assignment map[string]string // nil when the evidence is impossible
	prob       float64
	conflict   []string
}

// handNetwork is a tiny network with cases whose answers follow from the
// CPTs by a line or two of arithmetic, given in the comments.
type handNetwork struct {
	name  string
	specs []network.VariableSpec
	cases []handCase
	mpe   []handMPE
}

// fourStates is one variable X with a zero in its distribution.
//
//	P(X) = (a 0.1, b 0.2, c 0.7, d 0)
func fourStates() handNetwork {
	prior := map[string][]float64{"X": {0.1, 0.2, 0.7, 0}}
	return handNetwork{
		name:  "four_states",
		specs: []network.VariableSpec{{Name: "X", States: []string{"a", "b", "c", "d"}, CPT: []float64{0.1, 0.2, 0.7, 0}}},
		cases: []handCase{
			{name: "no_evidence", marginals: prior, probEvidence: 1},
			{
				name:         "hard",
				findings:     []handFinding{{variable: "X", is: "b"}},
				marginals:    map[string][]float64{"X": {0, 1, 0, 0}},
				probEvidence: 0.2,
			},
			{
				// P(X≠c) = 0.1 + 0.2; posterior (0.1, 0.2)/0.3.
				name:         "negative",
				findings:     []handFinding{{variable: "X", not: []string{"c"}}},
				marginals:    map[string][]float64{"X": {1.0 / 3, 2.0 / 3, 0, 0}},
				probEvidence: 0.3,
			},
			{
				name:         "negative_two_states",
				findings:     []handFinding{{variable: "X", not: []string{"a", "c"}}},
				marginals:    map[string][]float64{"X": {0, 1, 0, 0}},
				probEvidence: 0.2,
			},
			{
				// Weights (1, 2, 0, 5) give (0.1, 0.4, 0, 0): P(e) = 0.5.
				name:         "likelihood",
				findings:     []handFinding{{variable: "X", like: []float64{1, 2, 0, 5}}},
				marginals:    map[string][]float64{"X": {0.2, 0.8, 0, 0}},
				probEvidence: 0.5,
			},
			{
				// Equal weights leave the posterior alone but scale P(e).
				name:         "uniform_likelihood",
				findings:     []handFinding{{variable: "X", like: []float64{0.5, 0.5, 0.5, 0.5}}},
				marginals:    prior,
				probEvidence: 0.5,
			},
			{
				name:     "hard_on_zero_state",
				findings: []handFinding{{variable: "X", is: "d"}},
				conflict: []string{"X=d"},
			},
			{
				name:     "negative_leaving_zero_state",
				findings: []handFinding{{variable: "X", not: []string{"a", "b", "c"}}},
				conflict: []string{"X≠a,b,c"},
			},
			{
				name:     "likelihood_on_zero_state",
				findings: []handFinding{{variable: "X", like: []float64{0, 0, 0, 1}}},
				conflict: []string{"X~(a:0, b:0, c:0, d:1)"},
			},
		},
		mpe: []handMPE{
			{name: "no_evidence", assignment: map[string]string{"X": "c"}, prob: 0.7},
			{name: "negative", findings: []handFinding{{variable: "X", not: []string{"c"}}}, assignment: map[string]string{"X": "b"}, prob: 0.2},
			{name: "likelihood", findings: []handFinding{{variable: "X", like: []float64{8, 1, 1, 1}}}, assignment: map[string]string{"X": "a"}, prob: 0.8},
			{name: "impossible", findings: []handFinding{{variable: "X", is: "d"}}, conflict: []string{"X=d"}},
		},
	}
}

// oneState is one variable Y with a single state, which every evidence
// leaves certain.
func oneState() handNetwork {
	certain := map[string][]float64{"Y": {1}}
	return handNetwork{
		name:  "one_state",
		specs: []network.VariableSpec{{Name: "Y", States: []string{"only"}, CPT: []float64{1}}},
		cases: []handCase{
			{name: "no_evidence", marginals: certain, probEvidence: 1},
			{name: "hard", findings: []handFinding{{variable: "Y", is: "only"}}, marginals: certain, probEvidence: 1},
			{name: "likelihood", findings: []handFinding{{variable: "Y", like: []float64{0.25}}}, marginals: certain, probEvidence: 0.25},
		},
		mpe: []handMPE{
			{name: "likelihood", findings: []handFinding{{variable: "Y", like: []float64{0.25}}}, assignment: map[string]string{"Y": "only"}, prob: 0.25},
		},
	}
}

// disconnected has three components: A → B, C alone and D alone with one
// state.
//
//	P(A) = (a0 0.6, a1 0.4)
//	P(B | A=a0) = (b0 0.9, b1 0.1)    P(B | A=a1) = (b0 0, b1 1)
//	P(C) = (c0 0.3, c1 0.7, c2 0)
//	P(D) = (d 1)
//
// so that P(A, B) is 0.54, 0.06, 0 and 0.4 for (a0,b0), (a0,b1), (a1,b0)
// and (a1,b1), and P(B) = (0.54, 0.46).
func disconnected() handNetwork {
	specs := []network.VariableSpec{
		{Name: "A", States: []string{"a0", "a1"}, CPT: []float64{0.6, 0.4}},
		{Name: "B", States: []string{"b0", "b1"}, Parents: []string{"A"}, CPT: []float64{0.9, 0.1, 0, 1}},
		{Name: "C", States: []string{"c0", "c1", "c2"}, CPT: []float64{0.3, 0.7, 0}},
		{Name: "D", States: []string{"d"}, CPT: []float64{1}},
	}
	// P(A | B=b1) = (0.06, 0.4)/0.46.
	aGivenB1 := []float64{3.0 / 23, 20.0 / 23}
	// Weights (1, 3, 5) on C give (0.3, 2.1, 0), summing to 2.4.
	cLike := []float64{1, 3, 5}
	cGivenLike := []float64{0.125, 0.875, 0}
	return handNetwork{
		name:  "three_components",
		specs: specs,
		cases: []handCase{
			{
				name:         "no_evidence",
				marginals:    map[string][]float64{"A": {0.6, 0.4}, "B": {0.54, 0.46}, "C": {0.3, 0.7, 0}, "D": {1}},
				probEvidence: 1,
			},
			{
				name:         "hard_in_one_component",
				findings:     []handFinding{{variable: "B", is: "b1"}},
				marginals:    map[string][]float64{"A": aGivenB1, "B": {0, 1}, "C": {0.3, 0.7, 0}, "D": {1}},
				probEvidence: 0.46,
			},
			{
				// Components are independent: P(e) = 0.46 · 0.3.
				name:         "hard_in_two_components",
				findings:     []handFinding{{variable: "B", is: "b1"}, {variable: "C", is: "c0"}},
				marginals:    map[string][]float64{"A": aGivenB1, "B": {0, 1}, "C": {1, 0, 0}, "D": {1}},
				probEvidence: 0.138,
			},
			{
				name:         "negative_forces_child",
				findings:     []handFinding{{variable: "A", not: []string{"a0"}}},
				marginals:    map[string][]float64{"A": {0, 1}, "B": {0, 1}, "C": {0.3, 0.7, 0}, "D": {1}},
				probEvidence: 0.4,
			},
			{
				name:         "likelihood_on_isolated_variable",
				findings:     []handFinding{{variable: "C", like: cLike}},
				marginals:    map[string][]float64{"A": {0.6, 0.4}, "B": {0.54, 0.46}, "C": cGivenLike, "D": {1}},
				probEvidence: 2.4,
			},
			{
				// P(e) = 0.46 · 2.4.
				name:         "hard_and_likelihood",
				findings:     []handFinding{{variable: "B", is: "b1"}, {variable: "C", like: cLike}},
				marginals:    map[string][]float64{"A": aGivenB1, "B": {0, 1}, "C": cGivenLike, "D": {1}},
				probEvidence: 1.104,
			},
			{
				name:         "likelihood_on_one_state_variable",
				findings:     []handFinding{{variable: "D", like: []float64{2}}},
				marginals:    map[string][]float64{"A": {0.6, 0.4}, "B": {0.54, 0.46}, "C": {0.3, 0.7, 0}, "D": {1}},
				probEvidence: 2,
			},
			{
				name:     "impossible_in_one_component",
				findings: []handFinding{{variable: "B", is: "b1"}, {variable: "C", is: "c2"}},
				conflict: []string{"C=c2"},
			},
			{
				// P(B=b0 | A=a1) = 0; C=c1 is innocent.
				name:     "conflict_through_cpt_zero",
				findings: []handFinding{{variable: "A", is: "a1"}, {variable: "B", is: "b0"}, {variable: "C", is: "c1"}},
				conflict: []string{"A=a1", "B=b0"},
			},
			{
				name:     "negative_and_likelihood_conflict",
				findings: []handFinding{{variable: "A", not: []string{"a0"}}, {variable: "B", like: []float64{1, 0}}},
				conflict: []string{"A≠a0", "B~(b0:1, b1:0)"},
			},
		},
		mpe: []handMPE{
			{
				// (a0, b0) at 0.54 beats (a1, b1) at 0.4; then c1 at 0.7.
				name:       "no_evidence",
				assignment: map[string]string{"A": "a0", "B": "b0", "C": "c1", "D": "d"},
				prob:       0.378,
			},
			{
				name:       "hard",
				findings:   []handFinding{{variable: "B", is: "b1"}},
				assignment: map[string]string{"A": "a1", "B": "b1", "C": "c1", "D": "d"},
				prob:       0.28,
			},
			{
				// Weights (1, 10) on B: (a0,b1) 0.6 and (a1,b1) 4 beat (a0,b0) 0.54.
				name:       "likelihood_moves_maximum",
				findings:   []handFinding{{variable: "B", like: []float64{1, 10}}},
				assignment: map[string]string{"A": "a1", "B": "b1", "C": "c1", "D": "d"},
				prob:       2.8,
			},
			{
				name:       "likelihood_on_isolated_variable",
				findings:   []handFinding{{variable: "C", like: cLike}},
				assignment: map[string]string{"A": "a0", "B": "b0", "C": "c1", "D": "d"},
				prob:       1.134,
			},
			{
				name:     "impossible",
				findings: []handFinding{{variable: "A", is: "a1"}, {variable: "B", is: "b0"}},
				conflict: []string{"A=a1", "B=b0"},
			},
		},
	}
}

// build validates the specifications; the tables are fixed, so a failure
// is a bug in this file and panics.
func (h handNetwork) build() *network.Network {
	n, err := network.New(h.specs)
	if err != nil {
		panic("enginetest: hand-built network " + h.name + ": " + err.Error())
	}
	return n
}

// evidence turns hand findings into Evidence on n.
func evidence(n *network.Network, fs []handFinding) (*network.Evidence, error) {
	ev := network.NewEvidence(n)
	for _, f := range fs {
		v, s, err := n.Lookup(f.variable, f.is)
		if err != nil {
			return nil, err
		}
		switch {
		case f.is != "":
			err = ev.SetState(v, s)
		case f.like != nil:
			err = ev.SetLikelihood(v, f.like)
		default:
			for _, name := range f.not {
				if _, s, err = n.Lookup(f.variable, name); err != nil {
					return nil, err
				}
				if err = ev.SetNotState(v, s); err != nil {
					return nil, err
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return ev, nil
}

// want turns the table's answer into an answer, failing on a table that
// does not list every variable.
func (c handCase) want(n *network.Network) (answer, error) {
	if c.marginals == nil {
		return answer{impossible: true, conflict: c.conflict}, nil
	}
	res := result{marg: make([][]float64, n.NumVariables()), pe: c.probEvidence, logPE: network.Ln(c.probEvidence)}
	for v := range res.marg {
		m, ok := c.marginals[n.Name(v)]
		if !ok || len(m) != n.Card(v) {
			return answer{}, fmt.Errorf("table lacks the posterior of %s", n.Name(v))
		}
		res.marg[v] = m
	}
	return answer{result: res}, nil
}

// checkHandCase checks one hand-built case on eng, as checkPropagate does
// and with the table's conflict, if any, named exactly. prev is the
// engine's last successful result.
func checkHandCase(r reporter, eng network.Engine, c handCase, prev result) (result, bool) {
	r.Helper()
	n := eng.Network()
	ev, err := evidence(n, c.findings)
	if err != nil {
		panic("enginetest: hand case " + c.name + ": " + err.Error())
	}
	want, err := c.want(n)
	if err != nil {
		panic("enginetest: hand case " + c.name + ": " + err.Error())
	}
	return checkPropagate(r, eng, ev, want, prev)
}

// checkHandMPE checks one hand-built MPE question, whose maximum is
// unique, so the assignment must match the table exactly.
func checkHandMPE(r reporter, eng network.MPEEngine, c handMPE, prev result) bool {
	r.Helper()
	n := eng.Network()
	ev, err := evidence(n, c.findings)
	if err != nil {
		panic("enginetest: hand MPE case " + c.name + ": " + err.Error())
	}
	pin := &mpeWant{prob: c.prob, conflict: c.conflict}
	if c.assignment != nil {
		pin.assignment = make([]int, n.NumVariables())
		for v := range pin.assignment {
			_, s, err := n.Lookup(n.Name(v), c.assignment[n.Name(v)])
			if err != nil {
				panic("enginetest: hand MPE case " + c.name + ": " + err.Error())
			}
			pin.assignment[v] = s
		}
	}
	return checkMPE(r, eng, ev, prev, pin)
}
