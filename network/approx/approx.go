// Package approx answers networks past the reach of exact inference: loopy
// belief propagation (LoopyBP) and importance sampling (Sample), each with
// a report of how far its numbers can be trusted, and Infer, which picks
// exact inference (network/jtree) when the junction tree fits its budget
// and importance sampling when it does not.
//
// Both algorithms take the same network.Evidence as the exact engine:
// hard, negative and likelihood findings, and actions (Pearl's do), which
// replace the acted-on variable's CPT by a point mass on its state.
//
// Approximate answers are reported with their precision: importance
// sampling gives a standard error for every posterior probability (see
// Sample); loopy belief propagation gives no error bound, only whether it
// converged (see LoopyBP). Result.Describe says so in words.
package approx

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"brink/network"
	"brink/network/jtree"
)

// Method chooses the inference algorithm.
type Method uint8

// The methods. Auto is the zero value.
const (
	// Auto runs Exact when the junction tree fits the budget and Sampling
	// otherwise.
	Auto Method = iota
	// Exact is junction-tree propagation (network/jtree).
	Exact
	// LBP is loopy belief propagation (LoopyBP).
	LBP
	// Sampling is importance sampling (Sample).
	Sampling
)

// String returns the method's name as ParseMethod reads it: "auto",
// "exact", "lbp" or "sampling".
func (m Method) String() string {
	switch m {
	case Auto:
		return "auto"
	case Exact:
		return "exact"
	case LBP:
		return "lbp"
	case Sampling:
		return "sampling"
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

// ErrUnknownMethod is the cause of ParseMethod's error.
var ErrUnknownMethod = errors.New("unknown method")

// ParseMethod reads a method's name: auto, exact, lbp or sampling.
func ParseMethod(s string) (Method, error) {
	for _, m := range []Method{Auto, Exact, LBP, Sampling} {
		if strings.EqualFold(s, m.String()) {
			return m, nil
		}
	}
	return 0, fmt.Errorf("approx: method %q (want auto, exact, lbp or sampling): %w", s, ErrUnknownMethod)
}

// Importance chooses the importance function of Sample.
type Importance uint8

// The importance functions. EPIS is the zero value.
const (
	// EPIS is evidence pre-propagation importance sampling (Yuan &
	// Druzdzel 2003): each variable is drawn from its CPT times the
	// evidence that loopy belief propagation brings up from below it.
	EPIS Importance = iota
	// LikelihoodWeighting draws each variable from its CPT times its own
	// finding only (Fung & Chang 1989; Shachter & Peot 1989).
	LikelihoodWeighting
)

// String names the importance function in words.
func (im Importance) String() string {
	switch im {
	case EPIS:
		return "EPIS-BN"
	case LikelihoodWeighting:
		return "likelihood weighting"
	}
	return fmt.Sprintf("Importance(%d)", uint8(im))
}

// Options tune Infer, LoopyBP and Sample. The zero value is a sensible
// default: Auto, 100,000 samples with seed 0, LBP to a change below 1e-8
// or 500 iterations without damping.
type Options struct {
	// Method is the algorithm Infer runs.
	Method Method
	// MaxEntries is the junction-tree budget of Exact and Auto (see
	// jtree.Options.MaxEntries; 0 is jtree's default).
	MaxEntries float64

	// MaxIterations bounds the sweeps of loopy belief propagation
	// (default 500).
	MaxIterations int
	// Tolerance is the largest change of any message in a sweep at which
	// loopy belief propagation has converged (default 1e-8).
	Tolerance float64
	// Damping is the weight in [0, 1) of a message's previous value in
	// its update, new = (1−Damping)·computed + Damping·old; it helps
	// propagation settle on networks where it oscillates (default 0; a
	// value outside [0, 1) is taken as 0).
	Damping float64

	// Samples is the number of samples Sample draws (default 100,000).
	Samples int
	// Seed seeds the sampler: the same seed, network, evidence and options
	// give the same numbers.
	Seed uint64
	// Importance is the importance function (default EPIS).
	Importance Importance
	// Progress, when not nil, is called from the sampling goroutine now
	// and then with the samples drawn so far and the total.
	Progress func(done, total int)
}

func (o Options) withDefaults() Options {
	if o.MaxIterations <= 0 {
		o.MaxIterations = 500
	}
	if !(o.Tolerance > 0) {
		o.Tolerance = 1e-8
	}
	if !(o.Damping >= 0 && o.Damping < 1) {
		o.Damping = 0
	}
	if o.Samples <= 0 {
		o.Samples = 100_000
	}
	return o
}

// Convergence reports a run of loopy belief propagation.
type Convergence struct {
	// Iterations is the number of sweeps run (one sweep updates every
	// message once in topological order and once in reverse).
	Iterations int
	// MaxChange is the largest absolute change of a message entry in the
	// last sweep; messages are normalised to sum to 1.
	MaxChange float64
	// Converged is true when MaxChange fell below the tolerance.
	Converged bool
}

// SampleStats reports a run of importance sampling.
type SampleStats struct {
	// Importance is the importance function used.
	Importance Importance
	// Samples is the number of samples drawn.
	Samples int
	// Effective is Kish's effective sample size (Σw)²/Σw²: the number of
	// independent draws from the posterior that would give about the same
	// precision.
	Effective float64
}

// Result is the answer of Infer, LoopyBP or Sample: the posterior marginal
// of every variable, P(evidence) when known, and how it was computed.
type Result struct {
	// Method is the method that ran: Exact, LBP or Sampling, never Auto.
	Method Method
	// Fallback, when Infer ran with Auto and exact inference was refused,
	// is the reason (an error wrapping jtree.ErrTooLarge).
	Fallback error
	// LBP reports loopy belief propagation: the method itself, or the
	// pre-propagation of EPIS sampling. Nil otherwise.
	LBP *Convergence
	// Sampling reports importance sampling; nil for the other methods.
	Sampling *SampleStats

	net       *network.Network
	marginals [][]float64
	stdErr    [][]float64 // nil unless sampled
	logZ      float64     // NaN when not estimated
}

// Network returns the network the result answers for.
func (r *Result) Network() *network.Network { return r.net }

// Posterior returns P(v | evidence), exact or estimated. The slice belongs
// to the result.
func (r *Result) Posterior(v int) []float64 { return r.marginals[v] }

// StdErr returns the standard error of each entry of Posterior(v), or nil
// when the method gives none (exact inference, whose error is rounding,
// and loopy belief propagation, which has no error estimate). The slice
// belongs to the result.
func (r *Result) StdErr(v int) []float64 {
	if r.stdErr == nil {
		return nil
	}
	return r.stdErr[v]
}

// Approximate reports whether the numbers are estimates.
func (r *Result) Approximate() bool { return r.Method != Exact }

// LogProbEvidence returns ln P(evidence): exact, estimated by sampling
// (the logarithm of the mean importance weight), or the Bethe
// approximation of loopy belief propagation (exact on networks without
// loops). It is NaN when no estimate is available.
func (r *Result) LogProbEvidence() float64 { return r.logZ }

// ProbEvidence returns math.Exp(LogProbEvidence()).
func (r *Result) ProbEvidence() float64 { return math.Exp(r.logZ) }

// MaxStdErr returns the largest standard error of a posterior
// probability, over the variables without a hard finding or action; 0 for
// methods without one.
func (r *Result) MaxStdErr() float64 {
	m := 0.0
	for _, se := range r.stdErr {
		for _, x := range se {
			m = max(m, x)
		}
	}
	return m
}

// Describe says in words how the numbers were computed and how far they
// can be trusted, e.g. "approximate: importance sampling (EPIS-BN),
// 100,000 samples (effective 81,234); each percentage within about ±0.3
// points (two standard errors)". It is the line a report or a window
// shows beside approximate numbers.
func (r *Result) Describe() string {
	switch r.Method {
	case Exact:
		return "exact (junction tree)"
	case Sampling:
		s := r.Sampling
		return fmt.Sprintf("approximate: importance sampling (%s), %s samples (effective %s); each percentage within about ±%s points (two standard errors)",
			s.Importance, thousands(float64(s.Samples)), thousands(s.Effective), points(2*r.MaxStdErr()))
	case LBP:
		c := r.LBP
		if !c.Converged {
			return fmt.Sprintf("approximate: loopy belief propagation, did not converge in %d iterations (messages still change by %.2g); no error bound — treat these numbers with caution, or use sampling", c.Iterations, c.MaxChange)
		}
		return fmt.Sprintf("approximate: loopy belief propagation, converged in %d iterations; no error bound — exact on networks without loops, often within a few points on others, but not always", c.Iterations)
	}
	return r.Method.String()
}

// points writes a width in probability as percentage points, rounded up
// to the shown precision so that the claim is never tighter than the
// estimate.
func points(p float64) string {
	x := 100 * p
	switch {
	case x == 0:
		return "0"
	case x < 0.01:
		return "0.01"
	case x < 1:
		return fmt.Sprintf("%.2g", math.Ceil(x*100)/100)
	default:
		return fmt.Sprintf("%.1f", math.Ceil(x*10)/10)
	}
}

// thousands writes x rounded to an integer with comma separators.
func thousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Infer answers n under ev by opts.Method. With Auto it compiles a junction
// tree and propagates exactly when the tree fits opts.MaxEntries; when
// compilation fails with jtree.ErrTooLarge it samples instead (Sample) and
// records the refusal in Result.Fallback.
//
// Auto falls back to sampling rather than loopy belief propagation because
// sampling says how precise it is — a standard error on every number,
// shrinking as 1/√samples — while loopy propagation has no error bound
// and may not converge on the densely looped networks that defeat exact
// inference (grids are the classic case). The EPIS importance function
// runs loopy propagation first anyway, so sampling keeps its speed where
// propagation is good and corrects it where it is not.
//
// Impossible evidence is an error: *network.ImpossibleEvidenceError from
// exact inference, *ImpossibleError from the approximate methods.
func Infer(ctx context.Context, n *network.Network, ev *network.Evidence, opts Options) (*Result, error) {
	switch opts.Method {
	case Exact, Auto:
		jt, err := jtree.Compile(n, jtree.Options{MaxEntries: opts.MaxEntries})
		if err != nil {
			if opts.Method == Auto && errors.Is(err, jtree.ErrTooLarge) {
				r, serr := Sample(ctx, n, ev, opts)
				if serr != nil {
					return nil, serr
				}
				r.Fallback = err
				return r, nil
			}
			return nil, err
		}
		if err := jt.Propagate(ev); err != nil {
			return nil, err
		}
		return FromEngine(jt), nil
	case LBP:
		return LoopyBP(ctx, n, ev, opts)
	case Sampling:
		return Sample(ctx, n, ev, opts)
	}
	return nil, fmt.Errorf("approx: method %v: %w", opts.Method, ErrUnknownMethod)
}

// FromEngine copies the posteriors and P(evidence) of an exact engine's
// last successful Propagate into a Result with Method Exact.
func FromEngine(e network.Engine) *Result {
	n := e.Network()
	r := &Result{Method: Exact, net: n, marginals: make([][]float64, n.NumVariables()), logZ: e.LogProbEvidence()}
	for v := range r.marginals {
		r.marginals[v] = append([]float64(nil), e.Posterior(v)...)
	}
	return r
}

// ErrNoConsistentSample is the cause of an *ImpossibleError that sampling
// could not prove: no sample had a non-zero weight.
var ErrNoConsistentSample = errors.New("no sample consistent with the evidence")

// ImpossibleError reports evidence that the approximate methods found
// impossible, or could not find a single sample consistent with.
type ImpossibleError struct {
	// Findings describes every finding and action, e.g. "either=no".
	Findings []string
	// Proved is true when the evidence has probability zero for certain:
	// loopy belief propagation, whose zero messages are sound (a state it
	// rules out has no support in any configuration consistent with the
	// evidence, as in arc consistency), ruled out every state of some
	// variable. When false, Samples samples were drawn and every one had
	// weight zero: the evidence is impossible or too improbable to sample.
	Proved  bool
	Samples int
}

func (e *ImpossibleError) Error() string {
	list := strings.Join(e.Findings, ", ")
	if e.Proved {
		return "approx: impossible evidence (probability 0): " + list
	}
	return fmt.Sprintf("approx: none of %d samples is consistent with the evidence (it is impossible, or too improbable to sample): %s", e.Samples, list)
}

// Unwrap returns network.ErrImpossibleEvidence when the impossibility is
// proved, ErrNoConsistentSample otherwise.
func (e *ImpossibleError) Unwrap() error {
	if e.Proved {
		return network.ErrImpossibleEvidence
	}
	return ErrNoConsistentSample
}

func impossible(ev *network.Evidence, proved bool, samples int) *ImpossibleError {
	n := ev.Network()
	var fs []string
	for _, f := range ev.Findings() {
		fs = append(fs, f.Describe(n))
	}
	for _, it := range ev.Interventions() {
		fs = append(fs, "do("+n.Name(it.Variable)+"="+n.Variable(it.Variable).States[it.State]+")")
	}
	return &ImpossibleError{Findings: fs, Proved: proved, Samples: samples}
}

// checkEvidence refuses evidence for another network.
func checkEvidence(n *network.Network, ev *network.Evidence) error {
	if ev != nil && ev.Network() != n {
		return errors.New("approx: evidence is for another network")
	}
	return nil
}

// topologicalOrder returns the variables of n, each after its parents, in
// an order fixed by the network's structure alone (Kahn's algorithm, a
// queue started with the roots by index). network.TopologicalOrder comes
// from gonum's topo.Sort, whose order may differ between two loads of the
// same file; the sampler draws in this order, and its answers for a seed
// must not.
func topologicalOrder(n *network.Network) []int {
	nv := n.NumVariables()
	indeg := make([]int, nv)
	order := make([]int, 0, nv)
	for v := range nv {
		indeg[v] = len(n.Parents(v))
		if indeg[v] == 0 {
			order = append(order, v)
		}
	}
	for i := 0; i < len(order); i++ {
		for _, c := range n.Children(order[i]) {
			if indeg[c]--; indeg[c] == 0 {
				order = append(order, c)
			}
		}
	}
	return order
}
