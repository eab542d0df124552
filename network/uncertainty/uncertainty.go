// Package uncertainty propagates second-order uncertainty — uncertainty
// about the numbers in the CPTs — to a target's posterior.
//
// A node with confidence s (model.Node.Confidence, an equivalent sample
// size) has each CPT row θ read as the mean of a Dirichlet(s·θ), as if the
// row had been estimated from s observations of the node in that parent
// configuration (Spiegelhalter & Lauritzen 1990, "Sequential updating of
// conditional probabilities on directed graphical structures", Networks
// 20:579–605; Heckerman, Geiger & Chickering 1995 for the equivalent
// sample size). Each row on its own then has
//
//	E[θᵢ] = θᵢ,  Var[θᵢ] = θᵢ(1 − θᵢ)/(s + 1).
//
// Run draws whole networks from these distributions, independently per
// row, propagates the evidence through each, and summarises the target's
// posterior over the draws by its mean and an equal-tailed percentile
// interval. This is plain Monte Carlo: the error of the mean shrinks as
// 1/√Samples, and the interval's ends are sample percentiles.
package uncertainty

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"brink/network"
	"brink/network/jtree"
	"brink/network/model"
)

// Defaults for the zero values of Options.
const (
	DefaultSamples  = 1000
	DefaultInterval = 0.90
)

// ErrInvalid is the cause of errors about the arguments of Run: options
// out of range, a target that is not a variable, a confidence that is not
// a positive number.
var ErrInvalid = errors.New("invalid argument")

// Options tune Run. The zero value draws DefaultSamples samples with seed
// 0, samples only the nodes that have a confidence, and reports a 90%
// interval.
type Options struct {
	// Samples is the number of networks drawn (default DefaultSamples).
	Samples int
	// Seed seeds the random draws; the same seed, model, evidence and
	// options give the same result.
	Seed uint64
	// DefaultConfidence is the confidence of nodes that have none; 0
	// keeps such nodes fixed at their stated numbers.
	DefaultConfidence float64
	// Interval is the probability mass of the reported interval, in
	// (0, 1) (default DefaultInterval: the 5th to the 95th percentile).
	Interval float64
	// Progress, if not nil, is called after every hundredth of the
	// samples, at least every 100 ms, and after the last, with the
	// number of samples drawn so far and the number asked for. It is called on the goroutine that called Run and
	// should return quickly.
	Progress func(done, total int)
}

// Result summarises the target's posterior over the sampled networks.
// The slices have one entry per state of the target.
type Result struct {
	Target int
	// Fixed is the posterior with the stated numbers.
	Fixed []float64
	// Mean is the average posterior over the samples. It is close to
	// Fixed but need not equal it: with evidence the posterior is a
	// ratio of polynomials in the CPT entries, whose mean is not the
	// ratio at the mean entries.
	Mean []float64
	// Low and High are the (1 − Interval)/2 and (1 + Interval)/2 sample
	// percentiles. The mean usually lies between them, but need not
	// when the distribution is very skewed.
	Low, High []float64
	// Samples is the number of samples summarised: those drawn before a
	// cancellation, less those in which the evidence was impossible.
	// It is 0 when nothing was sampled — no node is uncertain, or none
	// that is can affect the target given the evidence; Mean, Low and
	// High are then copies of Fixed, as they are when a run is cancelled
	// before its first sample.
	Samples int
	// Impossible counts samples in which the evidence had probability
	// 0; they are left out. It can be non-zero only when a sampled
	// probability underflows to 0, which takes confidences well below 1.
	Impossible int
	// Uncertain lists the variables with a confidence of their own or
	// from Options.DefaultConfidence, in variable order; empty when every
	// number is held fixed. Those that cannot affect the target given
	// the evidence are listed but not sampled (see Run).
	Uncertain []int
}

// Run estimates how the uncertainty in the CPT numbers carries over to
// the posterior of variable target given ev (nil for no evidence).
//
// It compiles one junction tree and, per sample, draws a CPT for every
// node with a confidence (or with opts.DefaultConfidence), swaps it in with
// jtree.JunctionTree.SetNetwork and propagates. Rows are drawn from
// Dirichlet(s·θ) with zeros kept at zero (see sampleRow). Nodes that
// cannot affect the target given ev — neither the target, nor observed,
// nor an ancestor of either — are left fixed, which changes nothing but
// the time taken.
//
// Run checks ctx between samples. When ctx is done it returns the partial
// Result, summarising the samples drawn so far, together with an error
// wrapping ctx.Err(); callers may show the partial result. When no node is
// uncertain Run draws nothing and Mean, Low and High equal Fixed exactly.
//
// Errors: ErrInvalid for bad arguments; the *network.ImpossibleEvidenceError
// of jtree when ev is impossible with the stated numbers; an error
// wrapping network.ErrImpossibleEvidence, with the Result, if ev was
// impossible in every sample; jtree's error if the network cannot be
// compiled.
func Run(ctx context.Context, m *model.Model, ev *network.Evidence, target int, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if m == nil || m.Net == nil {
		return nil, fmt.Errorf("uncertainty: no network: %w", ErrInvalid)
	}
	n := m.Net
	if target < 0 || target >= n.NumVariables() {
		return nil, fmt.Errorf("uncertainty: target %d is not a variable (the network has %d): %w", target, n.NumVariables(), ErrInvalid)
	}
	nodes, err := uncertainNodes(m, opts.DefaultConfidence)
	if err != nil {
		return nil, err
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		return nil, err
	}
	if err := jt.Propagate(ev); err != nil {
		return nil, err
	}
	res := &Result{Target: target, Fixed: slices.Clone(jt.Posterior(target))}
	relevant := relevantTo(n, ev, target)
	var sampled []uncertainNode
	for _, u := range nodes {
		res.Uncertain = append(res.Uncertain, u.v)
		if relevant[u.v] {
			sampled = append(sampled, u)
		}
	}
	if len(sampled) == 0 {
		res.summarise(nil, opts.Interval)
		return res, nil
	}
	nodes = sampled

	smp := newSampler(n, nodes, opts.Seed)
	k := n.Card(target)
	total := opts.Samples
	// Sample-major: draws[i*k+j]. Grown as needed, so that a huge
	// Samples cancelled early costs no more than it drew.
	draws := make([]float64, 0, min(total, 1<<14)*k)
	step := max(1, total/100)
	reported := time.Now()
	done := ctx.Done()
	for i := range total {
		select {
		case <-done:
			res.summarise(draws, opts.Interval)
			return res, fmt.Errorf("uncertainty: stopped after %d of %d samples: %w", i, total, ctx.Err())
		default:
		}
		net, err := smp.draw()
		if err != nil {
			return nil, err
		}
		if err := jt.SetNetwork(net); err != nil {
			return nil, err
		}
		switch err := jt.Propagate(ev); {
		case errors.Is(err, network.ErrImpossibleEvidence):
			res.Impossible++
		case err != nil:
			return nil, err
		default:
			draws = append(draws, jt.Posterior(target)...)
		}
		if opts.Progress != nil && ((i+1)%step == 0 || i+1 == total || time.Since(reported) >= progressEvery) {
			opts.Progress(i+1, total)
			reported = time.Now()
		}
	}
	res.summarise(draws, opts.Interval)
	if res.Samples == 0 {
		return res, fmt.Errorf("uncertainty: the evidence was impossible in all %d samples: %w", total, network.ErrImpossibleEvidence)
	}
	return res, nil
}

// progressEvery is the longest wait between calls of Options.Progress
// when a hundredth of the run takes longer.
const progressEvery = 100 * time.Millisecond

// withDefaults fills in the zero values and checks the rest.
func (o Options) withDefaults() (Options, error) {
	switch {
	case o.Samples < 0:
		return o, fmt.Errorf("uncertainty: %d samples: %w", o.Samples, ErrInvalid)
	case o.Samples == 0:
		o.Samples = DefaultSamples
	}
	switch {
	case o.Interval == 0:
		o.Interval = DefaultInterval
	case !(o.Interval > 0 && o.Interval < 1):
		return o, fmt.Errorf("uncertainty: interval %v is not between 0 and 1: %w", o.Interval, ErrInvalid)
	}
	if !(o.DefaultConfidence >= 0) || math.IsInf(o.DefaultConfidence, 0) {
		return o, fmt.Errorf("uncertainty: default confidence %v is not a positive number or 0: %w", o.DefaultConfidence, ErrInvalid)
	}
	return o, nil
}

// uncertainNode is a variable to sample and its confidence.
type uncertainNode struct {
	v int
	s float64
}

// uncertainNodes lists the variables with a confidence, or with def when
// they have none and def > 0. Nodes missing from m.Nodes have none.
func uncertainNodes(m *model.Model, def float64) ([]uncertainNode, error) {
	var out []uncertainNode
	for v := range m.Net.NumVariables() {
		s := 0.0
		if v < len(m.Nodes) {
			s = m.Nodes[v].Confidence
		}
		if !(s >= 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("uncertainty: node %q: confidence %v is not a positive number: %w", m.Net.Name(v), s, ErrInvalid)
		}
		if s == 0 {
			s = def
		}
		if s > 0 {
			out = append(out, uncertainNode{v, s})
		}
	}
	return out, nil
}

// relevantTo marks the variables whose CPTs can affect P(target | ev): the
// target, the variables with a finding, and their ancestors. Every other
// variable is barren — neither it nor any descendant is observed or
// queried — and summing it out removes its CPT whatever its numbers
// (Shachter 1986, "Evaluating influence diagrams", Operations Research
// 34(6):871–882, barren node removal).
func relevantTo(n *network.Network, ev *network.Evidence, target int) []bool {
	marked := make([]bool, n.NumVariables())
	stack := []int{target}
	if ev != nil {
		for _, f := range ev.Findings() {
			stack = append(stack, f.Variable)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if marked[v] {
			continue
		}
		marked[v] = true
		stack = append(stack, n.Parents(v)...)
	}
	return marked
}

// sampler draws networks around a base network. It reuses one CPT buffer
// per node; network.Network.WithCPT copies what it keeps.
type sampler struct {
	base    *network.Network
	nodes   []uncertainNode
	rng     *rand.Rand
	cpts    [][]float64
	scratch []float64
}

func newSampler(n *network.Network, nodes []uncertainNode, seed uint64) *sampler {
	s := &sampler{base: n, nodes: nodes, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
	longest := 0
	for _, u := range nodes {
		s.cpts = append(s.cpts, make([]float64, len(n.CPT(u.v))))
		longest = max(longest, n.Card(u.v))
	}
	s.scratch = make([]float64, longest)
	return s
}

// draw returns a network with a fresh draw of every uncertain CPT, each
// row independently from Dirichlet(s·θ).
func (s *sampler) draw() (*network.Network, error) {
	net := s.base
	for i, u := range s.nodes {
		theta, dst := s.base.CPT(u.v), s.cpts[i]
		k := s.base.Card(u.v)
		for r := 0; r < len(theta); r += k {
			sampleRow(s.rng, u.s, theta[r:r+k], dst[r:r+k], s.scratch)
		}
		var err error
		if net, err = net.WithCPT(u.v, dst); err != nil {
			// sampleRow returns distributions, so this is a bug.
			return nil, fmt.Errorf("uncertainty: sampled CPT rejected: %w", err)
		}
	}
	return net, nil
}

// summarise sets Samples, Mean, Low and High from draws (sample-major,
// one run of len(Fixed) per sample). With no draws Mean, Low and High are
// copies of Fixed.
func (r *Result) summarise(draws []float64, interval float64) {
	k := len(r.Fixed)
	r.Samples = len(draws) / k
	if r.Samples == 0 {
		r.Mean, r.Low, r.High = slices.Clone(r.Fixed), slices.Clone(r.Fixed), slices.Clone(r.Fixed)
		return
	}
	r.Mean, r.Low, r.High = make([]float64, k), make([]float64, k), make([]float64, k)
	col := make([]float64, r.Samples)
	for j := range k {
		sum := 0.0
		for i := range col {
			col[i] = draws[i*k+j]
			sum += col[i]
		}
		slices.Sort(col)
		r.Mean[j] = min(max(sum/float64(r.Samples), col[0]), col[len(col)-1])
		r.Low[j] = quantile(col, (1-interval)/2)
		r.High[j] = quantile(col, (1+interval)/2)
	}
}

// quantile returns the p-quantile of sorted xs (not empty) by linear
// interpolation between order statistics, definition 7 of Hyndman & Fan
// (1996), "Sample quantiles in statistical packages", The American
// Statistician 50(4):361–365 — the default of R and NumPy:
//
//	h = (N − 1)·p,  Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
func quantile(xs []float64, p float64) float64 {
	h := float64(len(xs)-1) * p
	lo := int(h)
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}
