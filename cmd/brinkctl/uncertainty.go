package main

import (
	"brink/network/analysis"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"

	"brink/network"
	"brink/network/decision"
	"brink/network/uncertainty"
)

// runUncertainty implements
//
//	brinkctl uncertainty MODEL --target VAR [--samples N] [--seed S]
//	    [--default-confidence C] [--interval 0.9] [findings] [--scenario NAME] [--json]
//
// It samples the CPTs of the nodes with a confidence (see
// docs/model-format.md, "Uncertain numbers") and reports, per state of the
// target, the posterior with the stated numbers, the mean over the samples
// and an interval. In a model with decisions the beliefs are under their
// best policies (beliefsOf), whose tables are never sampled
// (decision.SamplingModel). An interrupt (Ctrl-C) stops the sampling; what
// was drawn so far is printed and the command fails.
func runUncertainty(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("uncertainty", stderr)
	var m modelArgs
	m.register(fs)
	target := fs.String("target", "", "the variable `VAR` whose posterior is reported (required)")
	samples := fs.Int("samples", uncertainty.DefaultSamples, "number of sampled networks")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same result")
	defConf := fs.Float64("default-confidence", 0, "confidence (equivalent sample size) for nodes without one; 0 holds them fixed")
	interval := fs.Float64("interval", uncertainty.DefaultInterval, "probability mass of the reported interval, between 0 and 1")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *target == "":
		return fmt.Errorf("--target VAR is required")
	case *samples < 1:
		return fmt.Errorf("--samples must be at least 1")
	case !(*interval > 0 && *interval < 1):
		return fmt.Errorf("--interval %v: want a number between 0 and 1, e.g. 0.9", *interval)
	case !(*defConf >= 0):
		return fmt.Errorf("--default-confidence %v: want a positive number, or 0 to hold nodes without a confidence fixed", *defConf)
	}
	md, ev, err := m.load(pos)
	if err != nil {
		return err
	}
	b, err := beliefsOf(md, ev)
	if err != nil {
		return err
	}
	n := b.net
	tv, _, err := n.Lookup(*target, "")
	if err != nil {
		if name, _, ok := strings.Cut(*target, "="); ok {
			if _, _, e := n.Lookup(name, ""); e == nil {
				return fmt.Errorf("--target takes a variable, not VAR=STATE: every state of %s is reported", name)
			}
		}
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	snap, def := decision.SamplingModel(md, n, *defConf)
	res, runErr := uncertainty.Run(ctx, snap, ev, tv, uncertainty.Options{
		Samples: *samples, Seed: *seed, DefaultConfidence: def, Interval: *interval,
	})
	cancelled := errors.Is(runErr, context.Canceled)
	if runErr != nil && !cancelled {
		return runErr
	}

	states := n.Variable(tv).States
	if m.json {
		items := make([]string, len(states))
		for s, name := range states {
			o := &jsonObject{}
			o.str("state", name)
			o.number("fixed", res.Fixed[s])
			o.number("mean", res.Mean[s])
			o.number("low", res.Low[s])
			o.number("high", res.High[s])
			o.str("term", analysis.Term(res.Mean[s]))
			items[s] = string(o.bytes())
		}
		out := &jsonObject{}
		out.str("target", n.Name(tv))
		out.integer("samples", int64(res.Samples))
		out.number("interval", *interval)
		out.integer("uncertain_nodes", int64(len(res.Uncertain)))
		out.key("states")
		out.buf.WriteString("[" + strings.Join(items, ", ") + "]")
		b.addPolicies(out)
		if err := out.writeTo(stdout); err != nil {
			return err
		}
		if len(res.Uncertain) == 0 {
			fmt.Fprintln(stderr, "brinkctl uncertainty: note: no node has a confidence and no --default-confidence was given; every interval is the fixed posterior")
		}
	} else {
		opts := uncertaintyReport{defConf: *defConf, interval: *interval, seed: *seed}
		if err := opts.write(stdout, b, ev, tv, res); err != nil {
			return err
		}
	}
	if cancelled {
		return fmt.Errorf("interrupted: the results use %d of %d samples", res.Samples+res.Impossible, *samples)
	}
	return nil
}

// uncertaintyReport holds the options the text report repeats.
type uncertaintyReport struct {
	defConf, interval float64
	seed              uint64
}

// write prints the text report: what was uncertain, then one line per
// state with the fixed posterior, the mean and the interval.
func (o uncertaintyReport) write(w io.Writer, b *beliefs, ev *network.Evidence, tv int, r *uncertainty.Result) error {
	md, n := b.md, b.net
	target, states := n.Name(tv), n.Variable(tv).States
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "target:\t%s\n", target)
	if ev.Len() > 0 || ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", ev.String())
	}
	b.writeLine(tw)
	if len(r.Uncertain) == 0 {
		fmt.Fprintf(tw, "\nNo node has a confidence and no --default-confidence was given, so every\n"+
			"number is taken as exact and there is no interval to report. Give nodes a\n"+
			"`confidence` in the model file (docs/model-format.md, \"Uncertain numbers\")\n"+
			"or pass --default-confidence C.\n\n")
		return uncertaintyFixedTable(tw, states, r)
	}
	// Decisions are chosen, not estimated: they are not counted among
	// the nodes whose numbers could be sampled.
	own, total := 0, 0
	for v := range n.NumVariables() {
		if !b.isDecision(v) {
			total++
			if v < len(md.Nodes) && md.Nodes[v].Confidence > 0 {
				own++
			}
		}
	}
	nodes := "nodes"
	if b.decides() {
		nodes = "chance nodes"
	}
	switch {
	case o.defConf > 0 && own == 0:
		fmt.Fprintf(tw, "confidence:\tno node has its own; --default-confidence %g for all %d %s\n", o.defConf, total, nodes)
	case o.defConf > 0:
		fmt.Fprintf(tw, "confidence:\t%d of %d %s have their own; --default-confidence %g for the other %d\n", own, total, nodes, o.defConf, total-own)
	case own == total:
		fmt.Fprintf(tw, "confidence:\tall %d %s have one\n", total, nodes)
	case total-own == 1:
		fmt.Fprintf(tw, "confidence:\t%d of %d %s have one; the other is held fixed\n", own, total, nodes)
	default:
		fmt.Fprintf(tw, "confidence:\t%d of %d %s have one; the other %d are held fixed\n", own, total, nodes, total-own)
	}
	if r.Samples == 0 && r.Impossible == 0 {
		fmt.Fprintf(tw, "\nNone of the %d uncertain nodes can affect %s given these findings, so its\n"+
			"posterior does not depend on their numbers.\n\n", len(r.Uncertain), target)
		return uncertaintyFixedTable(tw, states, r)
	}
	fmt.Fprintf(tw, "samples:\t%d (seed %d)\n", r.Samples, o.seed)
	if r.Impossible > 0 {
		fmt.Fprintf(tw, "left out:\t%d samples in which the evidence was impossible\n", r.Impossible)
	}
	fmt.Fprintf(tw, "\nstate\tfixed\tmean\t%g%% interval\tterm (of the mean)\n", num(100*o.interval))
	for s, name := range states {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s – %s\t%s\n",
			name, percent(r.Fixed[s], 1), percent(r.Mean[s], 1), percent(r.Low[s], 1), percent(r.High[s], 1), analysis.Term(r.Mean[s]))
	}
	return tw.Flush()
}

// uncertaintyFixedTable prints the posterior with the stated numbers only.
func uncertaintyFixedTable(tw *tabwriter.Writer, states []string, r *uncertainty.Result) error {
	fmt.Fprintf(tw, "state\tP\tterm\n")
	for s, name := range states {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, percent(r.Fixed[s], 1), analysis.Term(r.Fixed[s]))
	}
	return tw.Flush()
}
