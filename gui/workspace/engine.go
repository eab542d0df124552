package workspace

import (
	"errors"
	"fmt"
	"math"

	"brink/network"
	"brink/network/approx"
	"brink/network/jtree"
)

// beliefEngine is what a workspace propagates on: the junction tree, or
// for a network whose tree is too large, importance sampling
// (sampledEngine). SetNetwork puts a network of the same structure in
// place, as the best policies of a model with decisions do.
type beliefEngine interface {
	network.Engine
	SetNetwork(*network.Network) error
}

// windowSamples is the number of samples drawn on every change of the
// findings of a network past exact reach: about a fifth of a second on a
// 30×30 grid, each percentage then within about ±2 points or better
// (two standard errors).
const windowSamples = 3000

// ErrApproximate is the cause of the error an analysis returns on a
// network past exact reach: the analyses need the exact engine.
var ErrApproximate = errors.New("the analyses need exact inference, and this network is past its reach: its beliefs are sampled")

// sampledEngine answers for a network past the junction tree's reach
// with importance sampling, with a fixed seed so that the same findings
// always show the same numbers.
type sampledEngine struct {
	*approx.Engine
	why error // the junction tree's refusal
}

func newSampledEngine(n *network.Network, why error) (*sampledEngine, error) {
	e, err := approx.NewEngine(n, approx.Options{Method: approx.Sampling, Samples: windowSamples, Seed: 1})
	if err != nil {
		return nil, err
	}
	return &sampledEngine{Engine: e, why: why}, nil
}

// SetNetwork samples from n from now on.
func (s *sampledEngine) SetNetwork(n *network.Network) error {
	if n == s.Network() {
		return nil
	}
	next, err := newSampledEngine(n, s.why)
	if err != nil {
		return err
	}
	*s = *next
	return nil
}

// compileEngine returns the engine for n: its junction tree, or when the
// tree would be too large, importance sampling. Other errors of the
// compilation are returned.
func compileEngine(n *network.Network) (beliefEngine, error) {
	jt, err := jtree.Compile(n, jtree.Options{})
	switch {
	case err == nil:
		return jt, nil
	case errors.Is(err, jtree.ErrTooLarge):
		return newSampledEngine(n, err)
	}
	return nil, err
}

// exactEngine returns the junction tree the analyses run on, or an error
// wrapping ErrApproximate when the network is past its reach.
func (w *Workspace) exactEngine() (*jtree.JunctionTree, error) {
	if jt, ok := w.engine.(*jtree.JunctionTree); ok {
		return jt, nil
	}
	return nil, fmt.Errorf("workspace: %w", ErrApproximate)
}

// Approximation says whether the beliefs shown are approximate and, if
// so, how precise, in plain words short enough for the outcome panel's
// line ("Sampled, not exact: each within about ±1.9 points": two standard
// errors of the least precise percentage); "" and false when they are
// exact.
func (w *Workspace) Approximation() (string, bool) {
	s, ok := w.engine.(*sampledEngine)
	if !ok || s.Result() == nil {
		return "", false
	}
	r := s.Result()
	pts := math.Ceil(200*r.MaxStdErr()*10) / 10 // two standard errors, in points, rounded up
	return fmt.Sprintf("Sampled, not exact: each within about ±%.1f points", pts), true
}
