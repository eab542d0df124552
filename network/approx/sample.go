package approx

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"brink/network"
)

// checkEvery is how many samples Sample draws between two looks at its
// context.
const checkEvery = 1024

// Sample estimates the posterior marginals by importance sampling
// (Shachter & Peot 1989, "Simulation approaches to general probabilistic
// inference on belief networks"). Each sample draws the variables in
// topological order, v from an importance distribution Q(x_v | x_pa(v)),
// and carries the weight
//
//	w = Π_v P(x_v | x_pa(v)) φ_v(x_v) / Q(x_v | x_pa(v)),
//
// where φ_v is v's scaled likelihood (1 without a finding); variables set
// by action are fixed and contribute 1. The estimates are the
// self-normalised sums
//
//	P̂(v = s | e) = Σ_i w_i [x_v^i = s] / Σ_i w_i,   P̂(e) = Σ_i w_i / N,
//
// kept in log space: weights are summed as exp(ln w − M) for a running
// maximum M, rescaling the sums when M grows (log-sum-exp), so that no
// weight underflows however improbable the evidence.
//
// The importance function (opts.Importance) is, for likelihood weighting,
// Q(x | u) ∝ P(x | u) φ(x), and for EPIS-BN (Yuan & Druzdzel 2003, "An
// importance sampling algorithm based on evidence pre-propagation", UAI
// 2003, pp. 624–631) Q(x | u) ∝ P(x | u) λ(x), where λ(x) = φ(x) Π_c
// μ_{c→x}(x) collects the messages that loopy belief propagation (LoopyBP)
// sends x from its children's factors — the evidence below x. On a
// polytree this is exactly P(x | u, e) and every weight is the same. As in
// the paper, an ε-cutoff then raises any probability of Q below ε to ε
// (for states the weight does not rule out) and renormalises, to keep the
// importance function's tails heavy; ε here is 0.01 for two states and
// 0.02/c for c > 2 states, values of ours, not the paper's tuned table.
// Where loops make propagation's λ badly wrong (alarm's EXPCO2, whose two
// parents are strongly dependent), that is not enough: an effective sample
// size 1/50 of likelihood weighting's was measured. So, beyond the paper,
// each row is a defensive mixture (Hesterberg 1995, "Weighted average
// importance sampling and defensive mixture distributions",
// Technometrics 37(2)) of 0.8 of it and 0.2 of likelihood weighting's
// P(x | u) φ(x), which bounds every factor of the weight at 5 times
// likelihood weighting's; measured over 40 sets of six findings, EPIS's
// effective sample size is then 1.7× likelihood weighting's on alarm and
// 2.5–3.7× on insurance and hailfinder, and never below 0.28× of it.
//
// The standard error of each estimate is the delta-method (linearisation)
// standard error of a ratio estimator (Geweke 1989; Owen 2013, "Monte
// Carlo theory, methods and examples", §9.2):
//
//	SE(P̂_s) = √( Σ_i w_i² ([x^i = s] − P̂_s)² ) / Σ_i w_i,
//
// which for equal weights is the binomial √(P̂(1−P̂)/N) and otherwise
// corresponds to Kish's effective sample size (Σw)²/Σw², also reported.
// It is itself estimated from the samples: when the importance function
// misses a region of high posterior mass, the weights are heavy-tailed
// and the standard error can be too small. Two standard errors make an
// interval of about 95% coverage.
//
// The samples come from a PCG generator seeded with opts.Seed: the same
// seed, network, evidence and options give the same numbers. ctx is
// checked every 1024 samples and opts.Progress called about a hundred
// times. When every sample has weight zero the error is an
// *ImpossibleError; it is proved (Proved set) when loopy propagation ruled
// the evidence out.
func Sample(ctx context.Context, n *network.Network, ev *network.Evidence, opts Options) (*Result, error) {
	if ev == nil {
		ev = network.NewEvidence(n)
	}
	if err := checkEvidence(n, ev); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	g := newFactorGraph(n, ev)
	var conv *Convergence
	if opts.Importance == EPIS {
		// The importance function need not be converged propagation:
		// a bounded number of sweeps gives most of the benefit.
		lo := opts
		lo.MaxIterations = min(opts.MaxIterations, 100)
		c, ok, err := g.propagate(ctx, lo)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, impossible(ev, true, 0)
		}
		conv = &c
	}
	s := newSampler(g, ev, opts.Importance == EPIS)
	r, err := s.run(ctx, opts)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, impossible(ev, false, opts.Samples)
	}
	r.LBP = conv
	r.Sampling.Importance = opts.Importance
	return r, nil
}

// sampler holds the importance function as tables shaped like the CPTs,
// laid out one after another in the order of drawing, so that a sample
// walks memory once.
type sampler struct {
	net   *network.Network
	steps []step // one per variable, in topological order
	// tab holds per CPT entry, interleaved, the cumulative distribution
	// of Q(· | row) within its row (1 from the last state of positive
	// probability on) and ln(P φ / Q) (−Inf where P φ = 0).
	tab    []float64
	offset []int // start of each variable in the flat accumulators
	total  int
	logPhi float64
}

// step draws one variable.
type step struct {
	v, card int
	fixed   int // the state set by action, or -1
	tab     int // start of the variable's entries in tab
	parents []int
	pcards  []int
}

// defensive is the weight of likelihood weighting's importance function
// in the defensive mixture of EPIS (see Sample).
const defensive = 0.2

// epsilon is the ε-cutoff for a variable with c states (see Sample).
func epsilon(c int) float64 {
	if c <= 2 {
		return 0.01
	}
	return 0.02 / float64(c)
}

func newSampler(g *factorGraph, ev *network.Evidence, epis bool) *sampler {
	n := g.net
	nv := n.NumVariables()
	s := &sampler{net: n, offset: make([]int, nv), logPhi: g.logPhi}
	cums, lrs := make([][]float64, nv), make([][]float64, nv)
	lambda := make([]float64, 0, 16)
	q := make([]float64, 0, 16)
	lw := make([]float64, 0, 16)
	for v := range nv {
		s.offset[v] = s.total
		c := n.Card(v)
		s.total += c
		if _, set := ev.Do(v); set {
			continue
		}
		// λ(x) = φ(x) · Π over v's children's factors of their message.
		lambda = lambda[:c]
		for x := range lambda {
			lambda[x] = 1
			if w := g.phi[v]; w != nil {
				lambda[x] = w[x]
			}
		}
		if epis {
			for _, a := range g.adj[v] {
				if a.factor == v {
					continue
				}
				m := g.factors[a.factor].msg[a.pos]
				for x := range lambda {
					lambda[x] *= m[x]
				}
			}
			normalise(lambda)
		}
		cpt := n.CPT(v)
		cum := make([]float64, len(cpt))
		lr := make([]float64, len(cpt))
		eps := epsilon(c)
		for base := 0; base < len(cpt); base += c {
			p := cpt[base : base+c]
			q = q[:c]
			for x := range q {
				q[x] = p[x] * lambda[x]
			}
			if normalise(q) == 0 {
				// Propagation rules out this whole row; fall back to
				// P φ, whose weights are exact if such a row is drawn.
				for x := range q {
					q[x] = p[x]
					if w := g.phi[v]; w != nil {
						q[x] *= w[x]
					}
				}
				if normalise(q) == 0 {
					copy(q, p) // every sample through this row weighs 0
				}
			}
			if epis {
				raised := false
				for x := range q {
					if q[x] < eps && p[x] > 0 && (g.phi[v] == nil || g.phi[v][x] > 0) {
						q[x], raised = eps, true
					}
				}
				if raised {
					normalise(q)
				}
				// The defensive mixture with likelihood weighting's
				// P φ (normalised).
				lw = lw[:c]
				for x := range lw {
					lw[x] = p[x]
					if w := g.phi[v]; w != nil {
						lw[x] *= w[x]
					}
				}
				if normalise(lw) > 0 {
					for x := range q {
						q[x] = (1-defensive)*q[x] + defensive*lw[x]
					}
				}
			}
			acc, last := 0.0, -1
			for x := range q {
				acc += q[x]
				cum[base+x] = acc
				if q[x] > 0 {
					last = x
				}
				pw := p[x]
				if w := g.phi[v]; w != nil {
					pw *= w[x]
				}
				switch {
				case pw > 0 && q[x] > 0:
					lr[base+x] = network.Ln(pw) - network.Ln(q[x]) // Ln: exact for subnormals too
				default:
					lr[base+x] = math.Inf(-1)
				}
			}
			for x := max(last, 0); x < c; x++ {
				cum[base+x] = 1
			}
		}
		cums[v], lrs[v] = cum, lr
	}
	for _, v := range g.order {
		st := step{v: v, card: n.Card(v), fixed: -1, tab: len(s.tab), parents: n.Parents(v)}
		if f, set := ev.Do(v); set {
			st.fixed = f
		}
		for _, p := range st.parents {
			st.pcards = append(st.pcards, n.Card(p))
		}
		for i := range cums[v] {
			s.tab = append(s.tab, cums[v][i], lrs[v][i])
		}
		s.steps = append(s.steps, st)
	}
	return s
}

// run draws the samples and returns the estimates, or nil when every
// weight is zero.
func (s *sampler) run(ctx context.Context, opts Options) (*Result, error) {
	n := s.net
	nv := n.NumVariables()
	rng := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	state := make([]int, nv)
	a := make([]float64, s.total) // Σ w [x_v = s], scaled by e^−M
	b := make([]float64, s.total) // Σ w² [x_v = s], scaled by e^−2M
	var sw, sw2 float64           // Σ w, Σ w²
	m := math.Inf(-1)             // the running maximum log weight M
	every := max(opts.Samples/100, checkEvery)
	for i := range opts.Samples {
		if i%checkEvery == 0 && i > 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("approx: sampling stopped after %d of %d samples: %w", i, opts.Samples, err)
			}
		}
		if opts.Progress != nil && i%every == 0 && i > 0 {
			opts.Progress(i, opts.Samples)
		}
		lw := s.draw(rng, state)
		if math.IsInf(lw, -1) {
			continue
		}
		if lw > m {
			if !math.IsInf(m, -1) {
				f := math.Exp(m - lw)
				f2 := f * f
				for j := range a {
					a[j] *= f
					b[j] *= f2
				}
				sw *= f
				sw2 *= f2
			}
			m = lw
		}
		w := math.Exp(lw - m)
		w2 := w * w
		sw += w
		sw2 += w2
		for v, x := range state {
			a[s.offset[v]+x] += w
			b[s.offset[v]+x] += w2
		}
	}
	if opts.Progress != nil {
		opts.Progress(opts.Samples, opts.Samples)
	}
	if !(sw > 0) {
		return nil, nil
	}
	r := &Result{
		Method:    Sampling,
		Sampling:  &SampleStats{Samples: opts.Samples, Effective: sw * sw / sw2},
		net:       n,
		marginals: make([][]float64, nv),
		stdErr:    make([][]float64, nv),
		logZ:      math.Log(sw) + m - math.Log(float64(opts.Samples)) + s.logPhi,
	}
	for v := range nv {
		c := n.Card(v)
		p := make([]float64, c)
		se := make([]float64, c)
		for x := range c {
			j := s.offset[v] + x
			p[x] = min(a[j]/sw, 1)
			// Σ w²([x=s] − p)² = B(1 − 2p) + p² Σw².
			se[x] = math.Sqrt(max(b[j]*(1-2*p[x])+p[x]*p[x]*sw2, 0)) / sw
		}
		r.marginals[v], r.stdErr[v] = p, se
	}
	return r, nil
}

// draw samples every variable into state and returns ln w, or −Inf as
// soon as the weight is zero (state is then incomplete).
func (s *sampler) draw(rng *rand.Rand, state []int) float64 {
	lw := 0.0
	for i := range s.steps {
		st := &s.steps[i]
		if st.fixed >= 0 {
			state[st.v] = st.fixed
			continue
		}
		row := 0
		for j, p := range st.parents {
			row = row*st.pcards[j] + state[p]
		}
		c := st.card
		base := st.tab + 2*row*c
		tab := s.tab[base : base+2*c]
		u := rng.Float64()
		x := c - 1
		for j := 0; j < c; j++ {
			if u < tab[2*j] {
				x = j
				break
			}
		}
		state[st.v] = x
		lw += tab[2*x+1]
		if lw < -math.MaxFloat64 {
			return math.Inf(-1)
		}
	}
	return lw
}
