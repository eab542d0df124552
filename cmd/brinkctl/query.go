package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"brink/network"
	"brink/network/approx"
)

// queryFlags are query's options beyond modelArgs: how to infer.
type queryFlags struct {
	method  string
	samples int
	seed    uint64
}

func (q *queryFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&q.method, "method", "auto", "inference `METHOD`: auto (exact when the junction tree fits, importance sampling past that), exact, lbp (loopy belief propagation) or sampling")
	fs.IntVar(&q.samples, "samples", 100_000, "`N` samples for importance sampling")
	fs.Uint64Var(&q.seed, "seed", 0, "random `SEED` for importance sampling: the same seed gives the same numbers")
}

func runQuery(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("query", stderr)
	m := &modelArgs{}
	m.register(fs)
	q := &queryFlags{}
	q.register(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	method, err := approx.ParseMethod(q.method)
	if err != nil {
		return fmt.Errorf("--method: %w", err)
	}
	if q.samples <= 0 {
		return fmt.Errorf("--samples %d: want a positive number", q.samples)
	}
	explicit := false // --method given: JSON always says which ran
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "method" })
	md, ev, err := m.load(pos)
	if err != nil {
		return err
	}
	b, err := beliefsOf(md, ev)
	if err != nil {
		return err
	}
	r, err := approx.Infer(context.Background(), b.net, ev, approx.Options{Method: method, Samples: q.samples, Seed: q.seed})
	if err != nil {
		return err
	}
	n := b.net
	if m.json {
		margs := &jsonObject{}
		ses := &jsonObject{}
		for v := range n.NumVariables() {
			states := &jsonObject{}
			for s, p := range r.Posterior(v) {
				states.number(n.Variable(v).States[s], p)
			}
			margs.object(n.Name(v), states)
			if se := r.StdErr(v); se != nil {
				states := &jsonObject{}
				for s, x := range se {
					states.number(n.Variable(v).States[s], x)
				}
				ses.object(n.Name(v), states)
			}
		}
		// P(e) can overflow or underflow a float64 (large or tiny
		// likelihoods) when ln P(e) is fine: prob_evidence is null then,
		// and log_prob_evidence is always there.
		out := &jsonObject{}
		// The period the model speaks for, when it says.
		if md := b.md; md.AsOf != "" {
			out.str("as_of", md.AsOf)
			if md.Horizon != "" {
				out.str("horizon", md.Horizon)
			}
		}
		// Exact answers under the default --method auto keep the shape
		// they had before there were other methods: no "method" field
		// means exact.
		if explicit || r.Approximate() {
			addMethod(out, r, q)
		}
		if p := r.ProbEvidence(); representable(p) {
			out.number("prob_evidence", p)
		} else {
			out.null("prob_evidence")
		}
		out.number("log_prob_evidence", r.LogProbEvidence())
		if ev.DoLen() > 0 {
			// Actions are not findings: they are kept apart, and
			// prob_evidence is the probability of the findings given
			// them.
			acts := &jsonObject{}
			for _, it := range ev.Interventions() {
				acts.str(n.Name(it.Variable), n.Variable(it.Variable).States[it.State])
			}
			out.object("set_by_action", acts)
		}
		b.addPolicies(out)
		out.object("marginals", margs)
		if r.StdErr(0) != nil {
			out.object("standard_errors", ses)
		}
		return out.writeTo(stdout)
	}
	return writeMarginals(stdout, b, ev, r)
}

// addMethod writes the JSON fields that say how the marginals were
// computed: "method" (exact, lbp or sampling: the method that ran, also
// under auto), "approximate" (Result.Describe in words), "fallback" (why
// auto did not run exact inference), and the figures of the run.
func addMethod(out *jsonObject, r *approx.Result, q *queryFlags) {
	out.str("method", r.Method.String())
	if !r.Approximate() {
		return
	}
	out.str("approximate", r.Describe())
	if r.Fallback != nil {
		out.str("fallback", r.Fallback.Error())
	}
	if s := r.Sampling; s != nil {
		out.str("importance", s.Importance.String())
		out.integer("samples", int64(s.Samples))
		out.number("effective_samples", s.Effective)
		out.integer("seed", int64(q.seed))
	}
	if c := r.LBP; c != nil && r.Method == approx.LBP {
		out.integer("iterations", int64(c.Iterations))
		out.number("max_change", c.MaxChange)
		out.key("converged")
		out.buf.WriteString(strconv.FormatBool(c.Converged))
	}
}

// marginals is what writeMarginals prints: an engine after Propagate, or
// an approx.Result.
type marginals interface {
	Posterior(v int) []float64
	ProbEvidence() float64
	LogProbEvidence() float64
}

// writeMarginals prints a readable table: one block per variable, one line
// per state with its probability and a bar. The model's as-of date and
// horizon, when it has them, come first, in the brief's words
// (model.Model.AsOfLine). Approximate answers (an *approx.Result that is
// not exact) say how they were computed and how precise they are, show
// two decimals instead of four, and, when sampled, each probability's
// margin of two standard errors.
func writeMarginals(w io.Writer, b *beliefs, ev *network.Evidence, e marginals) error {
	n := b.net
	r, _ := e.(*approx.Result)
	approximate := r != nil && r.Approximate()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if line := b.md.AsOfLine(); line != "" {
		fmt.Fprintf(tw, "%s\n", line)
	}
	if approximate {
		fmt.Fprintf(tw, "method:\t%s\n", r.Describe())
		if r.Fallback != nil {
			fmt.Fprintf(tw, "why:\texact inference is out of reach (%v)\n", r.Fallback)
		}
	}
	if ev.Len() > 0 || ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", ev.String())
	}
	b.writeLine(tw)
	pe := probabilityText(e.ProbEvidence(), e.LogProbEvidence())
	switch {
	case !approximate:
	case math.IsNaN(e.LogProbEvidence()):
		pe = "not estimated"
	case r.Method == approx.Sampling:
		pe = "about " + pe + " (estimated from the samples)"
	default:
		pe = "about " + pe + " (Bethe approximation)"
	}
	fmt.Fprintf(tw, "P(evidence):\t%s\n\n", pe)
	prec := 4
	if approximate {
		prec = 2
	}
	for v := range n.NumVariables() {
		mark := ""
		if f, ok := ev.Finding(v); ok {
			mark = "  [" + f.Kind.String() + " finding]"
		}
		if _, set := ev.Do(v); set {
			mark = "  [set by action]"
		}
		fmt.Fprintf(tw, "%s%s\n", n.Name(v), mark)
		var se []float64
		if approximate {
			se = r.StdErr(v)
		}
		for s, p := range e.Posterior(v) {
			if se != nil {
				fmt.Fprintf(tw, "  %s\t%9s\t±%.2f\t%s\n", n.Variable(v).States[s], percent(p, prec), 200*se[s], bar(p, 30))
				continue
			}
			fmt.Fprintf(tw, "  %s\t%9s\t%s\n", n.Variable(v).States[s], percent(p, prec), bar(p, 30))
		}
	}
	return tw.Flush()
}

// bar draws p ∈ [0,1] as a run of block characters width wide at most;
// NaN or a value outside [0, 1] draws no more than the ends allow.
func bar(p float64, width int) string {
	if !(p > 0) {
		return ""
	}
	eighths := int(min(p, 1)*float64(width)*8 + 0.5)
	full, rest := eighths/8, eighths%8
	s := strings.Repeat("█", full)
	if rest > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[rest-1])
	}
	return s
}
