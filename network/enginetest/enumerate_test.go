package enginetest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"brink/network"
)

// TestEnumerate checks Enumerate against numbers computed by hand from the
// CPTs, written out in each case's comment. The arithmetic is exact up to
// rounding, so the tolerance is 1e-15.
func TestEnumerate(t *testing.T) {
	const tol = 1e-15
	type post struct {
		variable, state string
		p               float64
	}
	tests := []struct {
		name  string
		specs []network.VariableSpec
		ev    func(*network.Network) *network.Evidence
		pe    float64
		posts []post
	}{
		{
			// P(B=1) = 0.7·0.2 + 0.3·0.9 = 0.41.
			name:  "two_nodes_prior",
			specs: twoNodeSpecs(),
			pe:    1,
			posts: []post{{"A", "1", 0.3}, {"B", "1", 0.41}, {"B", "0", 0.59}},
		},
		{
			// Bayes: P(A=1 | B=1) = 0.3·0.9 / 0.41.
			name:  "two_nodes_diagnostic",
			specs: twoNodeSpecs(),
			ev:    func(n *network.Network) *network.Evidence { return observe(t, n, "B", "1") },
			pe:    0.41,
			posts: []post{{"A", "1", 0.27 / 0.41}, {"A", "0", 0.14 / 0.41}, {"B", "1", 1}},
		},
		{
			// Weights (0.5, 2) on B: P(e) = 0.59·0.5 + 0.41·2 = 1.115 and
			// P(A=1 | e) = 0.3·(0.1·0.5 + 0.9·2) / 1.115.
			name:  "two_nodes_likelihood",
			specs: twoNodeSpecs(),
			ev: func(n *network.Network) *network.Evidence {
				ev := network.NewEvidence(n)
				if err := ev.SetLikelihood(1, []float64{0.5, 2}); err != nil {
					t.Fatal(err)
				}
				return ev
			},
			pe:    1.115,
			posts: []post{{"A", "1", 0.3 * 1.85 / 1.115}, {"B", "1", 0.82 / 1.115}},
		},
		{
			// B≠0 is the same evidence as B=1.
			name:  "two_nodes_negative",
			specs: twoNodeSpecs(),
			ev: func(n *network.Network) *network.Evidence {
				ev := network.NewEvidence(n)
				if err := ev.SetNotState(1, 0); err != nil {
					t.Fatal(err)
				}
				return ev
			},
			pe:    0.41,
			posts: []post{{"A", "1", 0.27 / 0.41}},
		},
		{
			// P(tub) = 0.01·0.05 + 0.99·0.01; either is tub OR lung, so
			// P(either=no) = P(tub=no)·P(lung=no) = 0.9896·0.945.
			name:  "asia_prior",
			specs: asiaSpecs(),
			pe:    1,
			posts: []post{
				{"tub", "yes", 0.0104}, {"lung", "yes", 0.055}, {"bronc", "yes", 0.45},
				{"either", "no", 0.9896 * 0.945}, {"either", "yes", 1 - 0.9896*0.945},
			},
		},
		{
			// Observing a root sets its children's CPT rows directly.
			name:  "asia_smoker",
			specs: asiaSpecs(),
			ev:    func(n *network.Network) *network.Evidence { return observe(t, n, "smoke", "yes") },
			pe:    0.5,
			posts: []post{{"lung", "yes", 0.1}, {"bronc", "yes", 0.6}, {"tub", "yes", 0.0104}, {"asia", "yes", 0.01}},
		},
		{
			// either=no forces tub=no and lung=no; then
			// P(smoke=yes | lung=no) = 0.5·0.9 / (0.5·0.9 + 0.5·0.99).
			name:  "asia_either_no",
			specs: asiaSpecs(),
			ev:    func(n *network.Network) *network.Evidence { return observe(t, n, "either", "no") },
			pe:    0.9896 * 0.945,
			posts: []post{{"tub", "yes", 0}, {"lung", "yes", 0}, {"smoke", "yes", 0.45 / 0.945}, {"xray", "yes", 0.05}},
		},
		{
			// P(tub=yes | either=yes) = P(tub=yes) / P(either=yes), since
			// tub=yes implies either=yes.
			name:  "asia_either_yes",
			specs: asiaSpecs(),
			ev:    func(n *network.Network) *network.Evidence { return observe(t, n, "either", "yes") },
			pe:    1 - 0.9896*0.945,
			posts: []post{{"tub", "yes", 0.0104 / (1 - 0.9896*0.945)}},
		},
		{
			// Two components: P(B=b1) = 0.46 and P(C=c0) = 0.3 multiply.
			name:  "disconnected",
			specs: disconnected().specs,
			ev:    func(n *network.Network) *network.Evidence { return observe(t, n, "B", "b1", "C", "c0") },
			pe:    0.46 * 0.3,
			posts: []post{{"A", "a1", 0.4 / 0.46}, {"C", "c0", 1}, {"D", "d", 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := mustNetwork(t, tt.specs)
			var ev *network.Evidence
			if tt.ev != nil {
				ev = tt.ev(n)
			}
			marg, pe, err := Enumerate(n, ev)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(pe-tt.pe) > tol {
				t.Errorf("P(e) = %.17g, want %.17g", pe, tt.pe)
			}
			for _, p := range tt.posts {
				v, s, err := n.Lookup(p.variable, p.state)
				if err != nil {
					t.Fatal(err)
				}
				if got := marg[v][s]; math.Abs(got-p.p) > tol {
					t.Errorf("P(%s=%s | e) = %.17g, want %.17g", p.variable, p.state, got, p.p)
				}
			}
			for v, m := range marg {
				sum := 0.0
				for _, p := range m {
					sum += p
				}
				if math.Abs(sum-1) > tol {
					t.Errorf("posterior of %s sums to %.17g", n.Name(v), sum)
				}
			}
		})
	}
}

// TestEnumerateImpossible checks the error for evidence of probability
// zero: its findings must be the minimal conflict, in variable order.
func TestEnumerateImpossible(t *testing.T) {
	tests := []struct {
		name  string
		specs []network.VariableSpec
		pairs []string
		want  []string
	}{
		{"asia_either_contradicts_tub", asiaSpecs(), []string{"tub", "yes", "either", "no"}, []string{"tub=yes", "either=no"}},
		{"asia_innocent_findings_dropped", asiaSpecs(), []string{"smoke", "yes", "tub", "yes", "either", "no", "dysp", "no"}, []string{"tub=yes", "either=no"}},
		{"zero_prior", disconnected().specs, []string{"A", "a0", "C", "c2"}, []string{"C=c2"}},
		{"zero_cpt_entry", disconnected().specs, []string{"A", "a1", "B", "b0"}, []string{"A=a1", "B=b0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := mustNetwork(t, tt.specs)
			ev := observe(t, n, tt.pairs...)
			want := &network.ImpossibleEvidenceError{Findings: tt.want}
			for _, call := range []struct {
				name string
				f    func() error
			}{
				{"Enumerate", func() error { _, _, err := Enumerate(n, ev); return err }},
				{"EnumerateMPE", func() error { _, _, err := EnumerateMPE(n, ev); return err }},
			} {
				err := call.f()
				var ie *network.ImpossibleEvidenceError
				if !errors.As(err, &ie) || !errors.Is(err, network.ErrImpossibleEvidence) {
					t.Fatalf("%s: error %v, want %v", call.name, err, want)
				}
				if !slices.Equal(ie.Findings, want.Findings) {
					t.Errorf("%s: error %v, want %v", call.name, ie, want)
				}
			}
		})
	}
}

// TestEnumerateMPE checks EnumerateMPE against maxima found by hand.
func TestEnumerateMPE(t *testing.T) {
	tests := []struct {
		name  string
		specs []network.VariableSpec
		pairs []string
		want  []int
		prob  float64
	}{
		// (A=0, B=0) at 0.7·0.8 beats (A=1, B=1) at 0.3·0.9.
		{"two_nodes", twoNodeSpecs(), nil, []int{0, 0}, 0.56},
		// Given B=1, (A=1) at 0.27 beats (A=0) at 0.14.
		{"two_nodes_observed", twoNodeSpecs(), []string{"B", "1"}, []int{1, 1}, 0.27},
		// All "no": a non-smoker's branch, 0.5·0.99·0.7·0.9 = 0.31185,
		// beats the smoker's best, 0.5·0.9·0.6·0.8 = 0.216.
		{"asia", asiaSpecs(), nil, []int{1, 1, 1, 1, 1, 1, 1, 1}, 0.99 * 0.99 * 0.5 * 0.99 * 0.7 * 0.95 * 0.9},
		// A tie: the first state in topological order wins.
		{"tie", []network.VariableSpec{{Name: "X", States: []string{"a", "b"}, CPT: []float64{0.5, 0.5}}}, nil, []int{0}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := mustNetwork(t, tt.specs)
			x, p, err := EnumerateMPE(n, observe(t, n, tt.pairs...))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(x, tt.want) || math.Abs(p-tt.prob) > 1e-15 {
				t.Errorf("EnumerateMPE = %v, %.17g; want %v, %.17g", x, p, tt.want, tt.prob)
			}
		})
	}
}

// TestEnumerateAgainstReference checks Enumerate on the small reference
// networks, transcribed by hand, against ../shared/reftests (independent
// implementations, marginals 1e-9 absolute, P(e) 1e-9 relative).
func TestEnumerateAgainstReference(t *testing.T) {
	dir, err := sharedDir("")
	if err != nil {
		t.Skip(err)
	}
	for _, tt := range []struct {
		name  string
		specs []network.VariableSpec
	}{{"asia", asiaSpecs()}, {"cancer", cancerSpecs()}} {
		t.Run(tt.name, func(t *testing.T) {
			n := mustNetwork(t, tt.specs)
			cases, err := readReference(fmt.Sprintf("%s/reftests/%s.json", dir, tt.name), n)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range cases {
				got, err := expect(n, c.ev)
				if err != nil {
					t.Fatal(err)
				}
				compare(t, n, fmt.Sprintf("case %d", i), got.result, c.want.result, margTol, probTol)
			}
		})
	}
}

// TestEnumerateErrors checks the errors that are not about impossible
// evidence.
func TestEnumerateErrors(t *testing.T) {
	big := make([]network.VariableSpec, 21)
	for i := range big {
		big[i] = network.VariableSpec{Name: fmt.Sprint("v", i), States: []string{"0", "1"}, CPT: []float64{0.5, 0.5}}
	}
	nBig := mustNetwork(t, big)
	two := mustNetwork(t, twoNodeSpecs())
	asia := mustNetwork(t, asiaSpecs())
	tests := []struct {
		name string
		n    *network.Network
		ev   *network.Evidence
		want error
	}{
		{"too_large", nBig, nil, ErrTooLarge},
		{"evidence_of_another_network", two, network.NewEvidence(asia), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Enumerate(tt.n, tt.ev)
			_, _, errMPE := EnumerateMPE(tt.n, tt.ev)
			for _, e := range []error{err, errMPE} {
				if e == nil || (tt.want != nil && !errors.Is(e, tt.want)) {
					t.Errorf("error %v, want %v", e, tt.want)
				}
				if errors.Is(e, network.ErrImpossibleEvidence) {
					t.Errorf("error %v claims impossible evidence", e)
				}
			}
		})
	}
}

// TestJointStates checks the product of state counts and its overflow.
func TestJointStates(t *testing.T) {
	many := make([]network.VariableSpec, 20)
	for i := range many {
		many[i] = network.VariableSpec{Name: fmt.Sprint("v", i), States: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, CPT: make([]float64, 10)}
		many[i].CPT[0] = 1
	}
	tests := []struct {
		name  string
		specs []network.VariableSpec
		want  int
	}{
		{"empty", nil, 1},
		{"asia", asiaSpecs(), 256},
		{"mixed", disconnected().specs, 12},
		{"overflow", many, math.MaxInt},
	}
	for _, tt := range tests {
		if got := JointStates(mustNetwork(t, tt.specs)); got != tt.want {
			t.Errorf("%s: JointStates = %d, want %d", tt.name, got, tt.want)
		}
	}
}
