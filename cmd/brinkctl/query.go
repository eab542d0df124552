package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"brink/network"
)

func runQuery(args []string, stdout, stderr io.Writer) error {
	m, ev, b, jt, err := compiled("query", args, stderr)
	if err != nil {
		return err
	}
	n := b.net
	if err := jt.Propagate(ev); err != nil {
		return err
	}
	if m.json {
		margs := &jsonObject{}
		for v := range n.NumVariables() {
			states := &jsonObject{}
			for s, p := range jt.Posterior(v) {
				states.number(n.Variable(v).States[s], p)
			}
			margs.object(n.Name(v), states)
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
		if p := jt.ProbEvidence(); representable(p) {
			out.number("prob_evidence", p)
		} else {
			out.null("prob_evidence")
		}
		out.number("log_prob_evidence", jt.LogProbEvidence())
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
		return out.writeTo(stdout)
	}
	return writeMarginals(stdout, b, ev, jt)
}

// writeMarginals prints a readable table: one block per variable, one line
// per state with its probability and a bar. The model's as-of date and
// horizon, when it has them, come first, in the brief's words
// (model.Model.AsOfLine).
func writeMarginals(w io.Writer, b *beliefs, ev *network.Evidence, e network.Engine) error {
	n := b.net
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if line := b.md.AsOfLine(); line != "" {
		fmt.Fprintf(tw, "%s\n", line)
	}
	if ev.Len() > 0 || ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", ev.String())
	}
	b.writeLine(tw)
	fmt.Fprintf(tw, "P(evidence):\t%s\n\n", probabilityText(e.ProbEvidence(), e.LogProbEvidence()))
	for v := range n.NumVariables() {
		mark := ""
		if f, ok := ev.Finding(v); ok {
			mark = "  [" + f.Kind.String() + " finding]"
		}
		if _, set := ev.Do(v); set {
			mark = "  [set by action]"
		}
		fmt.Fprintf(tw, "%s%s\n", n.Name(v), mark)
		for s, p := range e.Posterior(v) {
			fmt.Fprintf(tw, "  %s\t%9s\t%s\n", n.Variable(v).States[s], percent(p, 4), bar(p, 30))
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
