package approx

import (
	"context"
	"errors"

	"brink/network"
	"brink/network/jtree"
)

var _ network.Engine = (*Engine)(nil)

// Engine adapts the methods to network.Engine, for code written against
// the exact engine (a workspace that propagates on every click). It
// decides once, in NewEngine, whether the junction tree fits: under Auto
// every Propagate is then exact propagation on the compiled tree, or
// importance sampling, never a new compilation.
//
// Result returns the last answer with its method and precision, which is
// what a window showing the numbers must read to say whether, and how
// far, they are approximate (Result.Approximate, Result.Describe,
// Result.StdErr). Like the exact engine, an Engine is not safe for
// concurrent use.
type Engine struct {
	net      *network.Network
	opts     Options
	exact    *jtree.JunctionTree // nil unless the method is exact
	fallback error               // why Auto does not run exact inference
	last     *Result
}

// NewEngine prepares an engine for n: under Auto and Exact it compiles the
// junction tree, and under Auto a tree too large for opts.MaxEntries
// selects sampling. Other compilation errors are returned.
func NewEngine(n *network.Network, opts Options) (*Engine, error) {
	e := &Engine{net: n, opts: opts}
	if opts.Method == Auto || opts.Method == Exact {
		jt, err := jtree.Compile(n, jtree.Options{MaxEntries: opts.MaxEntries})
		switch {
		case err == nil:
			e.exact = jt
		case opts.Method == Auto && errors.Is(err, jtree.ErrTooLarge):
			e.fallback = err
			e.opts.Method = Sampling
		default:
			return nil, err
		}
	}
	return e, nil
}

// Method returns the method every Propagate runs: Exact, LBP or Sampling.
func (e *Engine) Method() Method {
	if e.exact != nil {
		return Exact
	}
	return e.opts.Method
}

// Network returns the network the engine answers for.
func (e *Engine) Network() *network.Network { return e.net }

// Propagate is PropagateContext without a deadline.
func (e *Engine) Propagate(ev *network.Evidence) error {
	return e.PropagateContext(context.Background(), ev)
}

// PropagateContext conditions on ev. On error (impossible evidence, a
// cancelled ctx) the previous result is kept.
func (e *Engine) PropagateContext(ctx context.Context, ev *network.Evidence) error {
	if e.exact != nil {
		if err := e.exact.Propagate(ev); err != nil {
			return err
		}
		e.last = FromEngine(e.exact)
		return nil
	}
	r, err := Infer(ctx, e.net, ev, e.opts)
	if err != nil {
		return err
	}
	r.Fallback = e.fallback
	e.last = r
	return nil
}

// Result returns the answer of the last successful Propagate, or nil
// before the first.
func (e *Engine) Result() *Result { return e.last }

// Posterior returns P(v | evidence) from the last successful Propagate.
// It panics before the first, like reading a nil Result.
func (e *Engine) Posterior(v int) []float64 { return e.last.Posterior(v) }

// ProbEvidence returns P(evidence), exact or estimated (see
// Result.LogProbEvidence).
func (e *Engine) ProbEvidence() float64 { return e.last.ProbEvidence() }

// LogProbEvidence returns ln P(evidence), exact or estimated.
func (e *Engine) LogProbEvidence() float64 { return e.last.LogProbEvidence() }
