package enginetest

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"brink/network"
)

// enumEngine is an engine built on Enumerate, to run the suite on
// something known to be right. With bug set it misbehaves in one of the
// ways the suite must catch.
type enumEngine struct {
	n     *network.Network
	bug   bug
	marg  [][]float64
	pe    float64
	kept  *network.Evidence // for keepsEvidence
	seen  *network.Evidence // for neverRetracts
	calls int
}

var (
	_ network.Engine    = (*enumEngine)(nil)
	_ network.MPEEngine = (*enumEngine)(nil)
)

// bug names a deliberate fault of enumEngine.
type bug int

const (
	noBug bug = iota
	ignoresLikelihood
	acceptsImpossible
	forgetsOnFailure
	plainError
	listsEveryFinding
	staleAfterFirst
	neverRetracts
	keepsEvidence
	modifiesEvidence
	normalisesLikelihood
	perturbed
	log10
	nanForZero
	maxMarginalMPE
	mpeDisturbsPosteriors
	mpeWrongProb
)

func newEnumEngine(b bug) func(*network.Network) (network.Engine, error) {
	return func(n *network.Network) (network.Engine, error) {
		e := &enumEngine{n: n, bug: b, seen: network.NewEvidence(n)}
		if err := e.Propagate(network.NewEvidence(n)); err != nil {
			return nil, err
		}
		return e, nil
	}
}

func (e *enumEngine) Network() *network.Network { return e.n }

func (e *enumEngine) Propagate(ev *network.Evidence) error {
	e.calls++
	if e.bug == staleAfterFirst && e.calls > 2 {
		return nil
	}
	use := ev
	switch e.bug {
	case ignoresLikelihood:
		use = ev.Clone()
		for _, f := range ev.Findings() {
			if f.Kind == network.Likelihood {
				use.Retract(f.Variable)
			}
		}
	case neverRetracts:
		for _, f := range ev.Findings() {
			if err := e.seen.Set(f); err != nil {
				return err
			}
		}
		use = e.seen.Clone()
	case modifiesEvidence:
		defer ev.Clear()
	case keepsEvidence:
		e.kept = ev
	}
	marg, pe, err := Enumerate(e.n, use)
	var ie *network.ImpossibleEvidenceError
	switch {
	case err == nil:
	case e.bug == acceptsImpossible:
		return nil
	case e.bug == forgetsOnFailure:
		for _, m := range e.marg {
			clear(m)
		}
		return err
	case e.bug == plainError:
		return errors.New("enumeration: probability zero")
	case e.bug == listsEveryFinding && errors.As(err, &ie):
		ie.Findings = ie.Findings[:0]
		for _, f := range ev.Findings() {
			ie.Findings = append(ie.Findings, f.Describe(e.n))
		}
		return ie
	default:
		return err
	}
	if e.bug == normalisesLikelihood {
		for _, f := range ev.Findings() {
			if f.Kind == network.Likelihood {
				sum := 0.0
				for _, w := range f.Weights {
					sum += w
				}
				pe /= sum
			}
		}
	}
	// Reuse the buffers, as real engines do.
	if e.marg == nil {
		e.marg = marg
	} else {
		for v := range marg {
			copy(e.marg[v], marg[v])
		}
	}
	e.pe = pe
	if e.bug == perturbed {
		e.marg[0][0] += 1e-8
	}
	return nil
}

func (e *enumEngine) Posterior(v int) []float64 {
	switch e.bug {
	case keepsEvidence:
		if e.kept != nil {
			if marg, _, err := Enumerate(e.n, e.kept); err == nil {
				return marg[v]
			}
		}
	case nanForZero:
		out := make([]float64, len(e.marg[v]))
		for s, p := range e.marg[v] {
			out[s] = p
			if p == 0 {
				out[s] = math.NaN()
			}
		}
		return out
	}
	return e.marg[v]
}

func (e *enumEngine) ProbEvidence() float64 { return e.pe }

func (e *enumEngine) LogProbEvidence() float64 {
	if e.bug == log10 {
		return math.Log10(e.pe)
	}
	return math.Log(e.pe)
}

func (e *enumEngine) MPE(ev *network.Evidence) ([]int, float64, error) {
	switch e.bug {
	case maxMarginalMPE:
		marg, _, err := Enumerate(e.n, ev)
		if err != nil {
			return nil, 0, err
		}
		x := make([]int, len(marg))
		for v, m := range marg {
			for s, p := range m {
				if p > m[x[v]] {
					x[v] = s
				}
			}
		}
		return x, jointProb(e.n, ev, x), nil
	case mpeDisturbsPosteriors:
		if err := e.Propagate(ev); err != nil {
			return nil, 0, err
		}
	}
	x, p, err := EnumerateMPE(e.n, ev)
	if e.bug == mpeWrongProb {
		p *= 1 + 1e-6
	}
	return x, p, err
}

// referenceLoader stands in for a BIF reader in the Reference subtest: it
// returns the hand transcription of the network the file name names.
func referenceLoader(path string) (*network.Network, error) {
	specs := map[string][]network.VariableSpec{
		"asia.bif":   asiaSpecs(),
		"cancer.bif": cancerSpecs(),
	}[filepath.Base(path)]
	if specs == nil {
		return nil, fmt.Errorf("no transcription of %s", path)
	}
	return network.New(specs)
}

// TestRun runs the whole suite on the enumerating engine, which must pass.
func TestRun(t *testing.T) {
	Run(t, newEnumEngine(noBug), Options{
		ReferenceNetworks: []string{"asia", "cancer"},
		Load:              referenceLoader,
	})
}

// recorder is a reporter that collects messages instead of failing.
type recorder struct{ msgs []string }

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// complaints runs the checks of every subtest but Reference on the
// enumerating engine with bug b, on hand-built networks and the first
// cases random networks, and returns what they report.
func complaints(t *testing.T, b bug, cases int) []string {
	t.Helper()
	r := &recorder{}
	newEngine := newEnumEngine(b)
	build := func(n *network.Network) network.Engine {
		eng, err := newEngine(n)
		if err != nil {
			t.Fatal(err)
		}
		return eng
	}
	for _, h := range []handNetwork{fourStates(), oneState(), disconnected()} {
		n := h.build()
		eng := build(n)
		prev, _ := checkPropagate(r, eng, network.NewEvidence(n), prior(h, n), result{})
		for _, c := range h.cases {
			prev, _ = checkHandCase(r, eng, c, prev)
		}
		eng = build(n)
		prev, _ = checkPropagate(r, eng, network.NewEvidence(n), prior(h, n), result{})
		for _, c := range h.mpe {
			checkHandMPE(r, eng.(network.MPEEngine), c, prev)
		}
	}
	for i := range cases {
		n, evs := randomCase(1, streamBruteForce, i)
		checkBruteForce(r, build(n), evs)
		n, evs = randomCase(1, streamMPE, i)
		checkMPECase(r, build(n).(network.MPEEngine), evs)
	}
	return r.msgs
}

// TestChecksCatchBugs runs the checks on deliberately broken engines: each
// must draw complaints, and the message must say what went wrong.
func TestChecksCatchBugs(t *testing.T) {
	const cases = 40
	tests := []struct {
		name string
		bug  bug
		want string // a fragment of one of the messages
	}{
		{"ignores_likelihood", ignoresLikelihood, "want"},
		{"accepts_impossible", acceptsImpossible, "enumeration says P(e) = 0"},
		{"forgets_on_failure", forgetsOnFailure, "changed the previous results"},
		{"plain_error", plainError, "does not satisfy errors.Is"},
		{"lists_every_finding", listsEveryFinding, "not minimal"},
		{"stale_after_first", staleAfterFirst, "want"},
		{"never_retracts", neverRetracts, "want"},
		{"keeps_evidence", keepsEvidence, "want"},
		{"modifies_evidence", modifiesEvidence, "changed the evidence"},
		{"normalises_likelihood", normalisesLikelihood, "P(e) ="},
		{"perturbed_posterior", perturbed, "diff 1e-08"},
		{"log10", log10, "ln P(e)"},
		{"nan_for_zero", nanForZero, "NaN"},
		{"max_marginal_mpe", maxMarginalMPE, "but the maximum is"},
		{"mpe_disturbs_posteriors", mpeDisturbsPosteriors, "changed the results of the last Propagate"},
		{"mpe_wrong_probability", mpeWrongProb, "MPE("},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := complaints(t, tt.bug, cases)
			if len(msgs) == 0 {
				t.Fatal("no complaints")
			}
			for _, m := range msgs {
				if strings.Contains(m, tt.want) {
					return
				}
			}
			t.Errorf("%d complaints, none containing %q; the first:\n%s", len(msgs), tt.want, msgs[0])
		})
	}
}

// TestChecksPassCorrectEngine guards TestChecksCatchBugs against checks
// that complain about everything.
func TestChecksPassCorrectEngine(t *testing.T) {
	if msgs := complaints(t, noBug, 40); len(msgs) > 0 {
		t.Errorf("%d complaints about a correct engine; the first:\n%s", len(msgs), msgs[0])
	}
}

// TestReferenceCatchesWrongNetwork loads asia with one CPT entry changed
// and checks that the reference comparison names the case, variable and
// state that differ.
func TestReferenceCatchesWrongNetwork(t *testing.T) {
	dir, err := sharedDir("")
	if err != nil {
		t.Skip(err)
	}
	specs := asiaSpecs()
	specs[4].CPT = []float64{0.6, 0.4, 0.3 + 1e-6, 0.7 - 1e-6} // P(bronc | smoke=no)
	n := mustNetwork(t, specs)
	cases, err := readReference(filepath.Join(dir, "reftests", "asia.json"), n)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := newEnumEngine(noBug)(n)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	checkReference(r, eng, "asia.json", cases)
	if len(r.msgs) == 0 {
		t.Fatal("no complaints")
	}
	if m := r.msgs[0]; !strings.Contains(m, "asia.json case 0") || !strings.Contains(m, "P(bronc=yes | e)") {
		t.Errorf("first complaint %q does not name the file, case, variable and state", m)
	}
}

// TestReadReferenceMismatch checks that a reference file and a network
// that do not match are refused with every difference listed.
func TestReadReferenceMismatch(t *testing.T) {
	dir, err := sharedDir("")
	if err != nil {
		t.Skip(err)
	}
	specs := asiaSpecs()
	specs[0].Name = "visit"
	specs[1].Parents = []string{"visit"}
	specs[6].States = []string{"yes", "no", "blurred"}
	specs[6].CPT = []float64{0.98, 0.02, 0, 0.05, 0.95, 0}
	_, err = readReference(filepath.Join(dir, "reftests", "asia.json"), mustNetwork(t, specs))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"no reference marginal for visit", "no reference marginal for xray=blurred", "reference variable asia is not in the network"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestSharedDir checks the override and the search for the module root.
func TestSharedDir(t *testing.T) {
	if _, err := sharedDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing override was accepted")
	}
	override := t.TempDir()
	if got, err := sharedDir(override); err != nil || got != override {
		t.Errorf("sharedDir(%q) = %q, %v", override, got, err)
	}
	got, err := sharedDir("")
	if err != nil {
		t.Skip(err)
	}
	if filepath.Base(got) != "shared" {
		t.Errorf("sharedDir() = %q, want a directory named shared", got)
	}
}
