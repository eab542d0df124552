package network

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Sentinel causes of evidence errors, reachable with errors.Is.
var (
	ErrImpossibleEvidence = errors.New("impossible evidence")
	ErrBadLikelihood      = errors.New("invalid likelihood")
	// ErrObservedAndSet: a variable cannot be observed and set by action
	// at once.
	ErrObservedAndSet = errors.New("observed and set by action at once")
)

// Intervention is a variable set to a state by action, Pearl's do(v =
// State): the variable is fixed, its dependence on its parents is cut,
// and nothing is learnt about its causes from it.
type Intervention struct {
	Variable int
	State    int
}

// FindingKind says what sort of observation a Finding records.
type FindingKind uint8

// The kinds of finding.
const (
	// Hard: the variable is known to be in one state.
	Hard FindingKind = iota + 1
	// Negative: the variable is known not to be in one or more states.
	Negative
	// Likelihood: soft evidence, a non-negative weight per state
	// proportional to P(observation | state).
	Likelihood
)

func (k FindingKind) String() string {
	switch k {
	case Hard:
		return "hard"
	case Negative:
		return "negative"
	case Likelihood:
		return "likelihood"
	}
	return fmt.Sprintf("FindingKind(%d)", uint8(k))
}

// Finding is the evidence on one variable. Weights is the likelihood vector
// that inference multiplies in: one-hot for a hard finding, zero at the
// excluded states and one elsewhere for a negative finding, the given
// weights for likelihood evidence.
type Finding struct {
	Variable int
	Kind     FindingKind
	State    int // the observed state of a hard finding; -1 otherwise
	Weights  []float64
}

// Describe renders the finding for messages, e.g. "smoke=yes",
// "smoke≠yes" or "smoke~(0.8, 0.2)".
func (f Finding) Describe(n *Network) string {
	v := n.Variable(f.Variable)
	switch f.Kind {
	case Hard:
		return v.Name + "=" + v.States[f.State]
	case Negative:
		var ex []string
		for i, w := range f.Weights {
			if w == 0 {
				ex = append(ex, v.States[i])
			}
		}
		return v.Name + "≠" + strings.Join(ex, ",")
	default:
		ws := make([]string, len(f.Weights))
		for i, w := range f.Weights {
			ws[i] = fmt.Sprintf("%s:%g", v.States[i], w)
		}
		return v.Name + "~(" + strings.Join(ws, ", ") + ")"
	}
}

// Evidence is a set of findings on the variables of one network, at most one
// finding per variable. The zero value is not usable; call NewEvidence.
// Evidence is a plain value: engines read it and never keep it.
//
// Besides the weights as given, which Findings returns and files save,
// Evidence keeps each likelihood vector rescaled to a largest weight of 1
// together with the logarithm of the factor (see ScaledLikelihood), so that
// engines never see the magnitude of the weights, only their ratios.
//
// Evidence also holds interventions (SetDo): variables set by action
// rather than observed. An engine computes with an intervened variable's
// CPT replaced by a point mass on its state, which is Pearl's truncated
// factorisation,
//
//	P(x | do(X = s)) = Π_{v ≠ X} P(x_v | x_pa(v)) · [x_X = s],
//
// so that X's causes keep their prior and only its effects move. A
// variable is either observed or set, never both.
type Evidence struct {
	net      *Network
	findings []Finding   // indexed by variable; Kind 0 means no finding
	scaled   [][]float64 // per variable: Weights / max(Weights), nil if no finding
	logScale []float64   // per variable: ln max(Weights), 0 if no finding
	count    int
	do       []int // per variable: the state it is set to by action, or -1
	doCount  int
}

// NewEvidence returns empty evidence for n.
func NewEvidence(n *Network) *Evidence {
	nv := n.NumVariables()
	do := make([]int, nv)
	for v := range do {
		do[v] = -1
	}
	return &Evidence{net: n, findings: make([]Finding, nv), scaled: make([][]float64, nv), logScale: make([]float64, nv), do: do}
}

// Network returns the network the evidence refers to.
func (e *Evidence) Network() *Network { return e.net }

// Clone returns an independent copy.
func (e *Evidence) Clone() *Evidence {
	c := NewEvidence(e.net)
	for _, f := range e.findings {
		if f.Kind != 0 {
			f.Weights = slices.Clone(f.Weights)
			c.put(f)
		}
	}
	copy(c.do, e.do)
	c.doCount = e.doCount
	return c
}

// SetDo sets v to state by action (an Intervention), replacing any
// earlier action on v. A variable with a finding is refused with
// ErrObservedAndSet: retract the finding first.
func (e *Evidence) SetDo(v, state int) error {
	if err := e.check(v, state); err != nil {
		return err
	}
	if e.findings[v].Kind != 0 {
		return fmt.Errorf("network: variable %q is observed (%s); it cannot also be set by action: %w", e.net.Name(v), e.findings[v].Describe(e.net), ErrObservedAndSet)
	}
	if e.do[v] < 0 {
		e.doCount++
	}
	e.do[v] = state
	return nil
}

// Do returns the state v is set to by action, and whether it is.
func (e *Evidence) Do(v int) (int, bool) {
	if v < 0 || v >= len(e.do) || e.do[v] < 0 {
		return -1, false
	}
	return e.do[v], true
}

// DoLen returns the number of variables set by action.
func (e *Evidence) DoLen() int { return e.doCount }

// Interventions returns the variables set by action, ordered by
// variable.
func (e *Evidence) Interventions() []Intervention {
	out := make([]Intervention, 0, e.doCount)
	for v, s := range e.do {
		if s >= 0 {
			out = append(out, Intervention{Variable: v, State: s})
		}
	}
	return out
}

// checkNotSet refuses a finding on a variable set by action.
func (e *Evidence) checkNotSet(v int) error {
	if v >= 0 && v < len(e.do) && e.do[v] >= 0 {
		return fmt.Errorf("network: variable %q is set by action to %s; it cannot also be observed: %w", e.net.Name(v), e.net.Variable(v).States[e.do[v]], ErrObservedAndSet)
	}
	return nil
}

// Len returns the number of variables with a finding.
func (e *Evidence) Len() int { return e.count }

func (e *Evidence) check(v, state int) error {
	if v < 0 || v >= len(e.findings) {
		return fmt.Errorf("network: variable index %d: %w", v, ErrUnknownVariable)
	}
	if state < 0 || state >= e.net.Card(v) {
		return fmt.Errorf("network: variable %q has no state number %d: %w", e.net.Name(v), state, ErrUnknownState)
	}
	return nil
}

// put records f, whose weights must be valid (non-negative, finite, not
// all zero), and its rescaled weights.
func (e *Evidence) put(f Finding) {
	if e.findings[f.Variable].Kind == 0 {
		e.count++
	}
	e.findings[f.Variable] = f
	e.scaled[f.Variable], e.logScale[f.Variable] = rescale(f.Weights)
}

// rescale divides w by its largest entry m > 0 and returns the result and
// ln m:
//
//	w_s = scaled_s · m,   max_s scaled_s = 1.
//
// Hard and negative findings already have m = 1 and are returned as they
// are. Dividing by m is exact in the exponent, so weights such as 1e308 or
// the subnormal 1e-320 become ratios near 1 with no further loss (a
// subnormal weight has already lost digits when it was parsed: 1e-320 holds
// about 4 significant digits). A weight more than about 1e308 (1e324 with
// subnormals) times smaller than the largest becomes 0: its ratio is not
// representable in a float64.
func rescale(w []float64) ([]float64, float64) {
	m := 0.0
	for _, x := range w {
		m = max(m, x)
	}
	if m == 1 {
		return w, 0
	}
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = x / m // not x·(1/m): 1/m overflows for subnormal m
	}
	return out, Ln(m)
}

// Ln is math.Log, correct also for subnormal x > 0: on amd64
// math.Log returns about −709.09 for every subnormal (golang/go#56600), so
// those are split by Frexp into a fraction and a power of two first,
//
//	ln x = ln frac + exp·ln 2,   x = frac · 2^exp,  ½ ≤ frac < 1.
func Ln(x float64) float64 {
	if !(x > 0) || x >= 0x1p-1022 {
		return math.Log(x)
	}
	frac, exp := math.Frexp(x)
	return math.Log(frac) + float64(exp)*math.Ln2
}

// SetState records the hard finding v = state, replacing any finding on v.
func (e *Evidence) SetState(v, state int) error {
	if err := e.check(v, state); err != nil {
		return err
	}
	if err := e.checkNotSet(v); err != nil {
		return err
	}
	w := make([]float64, e.net.Card(v))
	w[state] = 1
	e.put(Finding{Variable: v, Kind: Hard, State: state, Weights: w})
	return nil
}

// SetNotState records that v is not in state. It adds to an existing
// negative finding on v and replaces any other kind. Excluding every state
// is refused with ErrImpossibleEvidence.
func (e *Evidence) SetNotState(v, state int) error {
	if err := e.check(v, state); err != nil {
		return err
	}
	if err := e.checkNotSet(v); err != nil {
		return err
	}
	f := e.findings[v]
	var w []float64
	if f.Kind == Negative {
		w = slices.Clone(f.Weights)
	} else {
		w = make([]float64, e.net.Card(v))
		for i := range w {
			w[i] = 1
		}
	}
	w[state] = 0
	left := 0
	for _, x := range w {
		if x != 0 {
			left++
		}
	}
	if left == 0 {
		return fmt.Errorf("network: variable %q: every state excluded: %w", e.net.Name(v), ErrImpossibleEvidence)
	}
	e.put(Finding{Variable: v, Kind: Negative, State: -1, Weights: w})
	return nil
}

// SetLikelihood records soft evidence on v: one non-negative, finite weight
// per state, not all zero. Only the ratios matter for the posteriors; the
// magnitude scales P(evidence), which engines report as
//
//	P(e) = Σ_x P(x) · Π_f w_f(x_f),
//
// so weights such as (1e200, 1) on two variables give P(e) near 1e400:
// LogProbEvidence is exact, and ProbEvidence, which cannot represent it,
// is +Inf. Any magnitude from the smallest subnormal to the largest finite
// float64 is accepted and propagates without overflow or underflow (see
// ScaledLikelihood). Findings returns the weights as given.
func (e *Evidence) SetLikelihood(v int, weights []float64) error {
	if err := e.check(v, 0); err != nil {
		return err
	}
	if err := e.checkNotSet(v); err != nil {
		return err
	}
	name := e.net.Name(v)
	if len(weights) != e.net.Card(v) {
		return fmt.Errorf("network: variable %q: %d weights for %d states: %w", name, len(weights), e.net.Card(v), ErrBadLikelihood)
	}
	largest := 0.0
	for i, w := range weights {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("network: variable %q, state %q: weight %v: %w", name, e.net.Variable(v).States[i], w, ErrBadLikelihood)
		}
		largest = max(largest, w)
	}
	if largest == 0 {
		return fmt.Errorf("network: variable %q: all weights are zero: %w", name, ErrBadLikelihood)
	}
	e.put(Finding{Variable: v, Kind: Likelihood, State: -1, Weights: slices.Clone(weights)})
	return nil
}

// Set records a finding built elsewhere (for example by Finding of another
// Evidence on the same network).
func (e *Evidence) Set(f Finding) error {
	switch f.Kind {
	case Hard:
		return e.SetState(f.Variable, f.State)
	case Negative, Likelihood:
		if err := e.SetLikelihood(f.Variable, f.Weights); err != nil {
			return err
		}
		e.findings[f.Variable].Kind = f.Kind
		return nil
	}
	return fmt.Errorf("network: unknown finding kind %v", f.Kind)
}

// Retract removes the finding on v, or the action setting it, if any.
func (e *Evidence) Retract(v int) {
	if v >= 0 && v < len(e.findings) && e.findings[v].Kind != 0 {
		e.findings[v] = Finding{}
		e.scaled[v], e.logScale[v] = nil, 0
		e.count--
	}
	if v >= 0 && v < len(e.do) && e.do[v] >= 0 {
		e.do[v] = -1
		e.doCount--
	}
}

// Clear removes every finding and every action.
func (e *Evidence) Clear() {
	clear(e.findings)
	clear(e.scaled)
	clear(e.logScale)
	e.count = 0
	for v := range e.do {
		e.do[v] = -1
	}
	e.doCount = 0
}

// Finding returns the finding on v and whether there is one.
func (e *Evidence) Finding(v int) (Finding, bool) {
	if v < 0 || v >= len(e.findings) {
		return Finding{}, false
	}
	f := e.findings[v]
	return f, f.Kind != 0
}

// Likelihood returns the likelihood vector of the finding on v, or nil when
// v is unobserved. The result must not be modified.
func (e *Evidence) Likelihood(v int) []float64 { return e.findings[v].Weights }

// ScaledLikelihood returns the likelihood vector of the finding on v divided
// by its largest weight, and the natural logarithm of that weight:
//
//	Likelihood(v)[s] = scaled[s] · exp(logScale),   max_s scaled[s] = 1,
//
// or nil and 0 when v is unobserved. Engines multiply in the scaled vector
// and add logScale to ln P(e), so that however large or small the weights,
// propagation sees only numbers at most 1 with a largest entry of exactly
// 1, and ln P(e) stays exact. Hard and negative findings have logScale 0.
// The result must not be modified.
func (e *Evidence) ScaledLikelihood(v int) (scaled []float64, logScale float64) {
	return e.scaled[v], e.logScale[v]
}

// Findings returns the findings ordered by variable.
func (e *Evidence) Findings() []Finding {
	out := make([]Finding, 0, e.count)
	for _, f := range e.findings {
		if f.Kind != 0 {
			out = append(out, f)
		}
	}
	return out
}

// String lists the findings and actions, e.g. "smoke=yes, xray≠no,
// do(tub=yes)".
func (e *Evidence) String() string {
	var parts []string
	for _, f := range e.Findings() {
		parts = append(parts, f.Describe(e.net))
	}
	for _, it := range e.Interventions() {
		parts = append(parts, "do("+e.net.Name(it.Variable)+"="+e.net.Variable(it.Variable).States[it.State]+")")
	}
	return strings.Join(parts, ", ")
}

// ImpossibleEvidenceError reports evidence of probability zero. Findings is
// a smallest set of the findings that is impossible on its own (found by
// removing findings one at a time), so that the message names the conflict
// rather than every finding.
type ImpossibleEvidenceError struct {
	Findings []string
}

func (e *ImpossibleEvidenceError) Error() string {
	return "network: impossible evidence (probability 0): " + strings.Join(e.Findings, ", ")
}

func (e *ImpossibleEvidenceError) Unwrap() error { return ErrImpossibleEvidence }

// Lookup finds a variable and one of its states by name. An empty state
// looks up the variable only and returns s = -1. Unknown names give an error
// that lists the valid ones.
func (n *Network) Lookup(variable, state string) (v, s int, err error) {
	v, ok := n.index[variable]
	if !ok {
		return -1, -1, fmt.Errorf("network: no variable %q (variables: %s): %w", variable, strings.Join(n.names(), ", "), ErrUnknownVariable)
	}
	if state == "" {
		return v, -1, nil
	}
	s = n.vars[v].StateIndex(state)
	if s < 0 {
		return v, -1, fmt.Errorf("network: variable %q has no state %q (states: %s): %w", variable, state, strings.Join(n.vars[v].States, ", "), ErrUnknownState)
	}
	return v, s, nil
}

func (n *Network) names() []string {
	out := make([]string, len(n.vars))
	for i, v := range n.vars {
		out[i] = v.Name
	}
	return out
}
