package main

// The indicators command ("what should we watch for?") and the influence
// command (strength of influence of every edge), on package
// brink/network/analysis.

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"brink/network"
	"brink/network/analysis"
)

// levelFlag is a probability given as 0.3 or 30%, and whether it was set.
type levelFlag struct {
	p   float64
	set bool
}

func (l *levelFlag) String() string {
	if !l.set {
		return ""
	}
	return strconv.FormatFloat(l.p, 'g', -1, 64)
}

func (l *levelFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	scale := 1.0
	if pct, ok := strings.CutSuffix(t, "%"); ok {
		t, scale = pct, 0.01
	}
	p, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(p) {
		return fmt.Errorf("%q is not a probability (0.3 or 30%%)", s)
	}
	p *= scale
	if p < 0 || p > 1 {
		return fmt.Errorf("%q is not between 0 and 1 (0%% and 100%%)", s)
	}
	l.p, l.set = p, true
	return nil
}

// runIndicators lists the observable nodes' states that tell the target
// state from its absence, and with --reach, --above or --below the
// fewest findings that would bring the target to a level.
func runIndicators(args []string, stdout, stderr io.Writer) error {
	var top int
	var reach, above, below levelFlag
	j, err := analysisStart("indicators", "`VAR=STATE` to watch for", args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&top, "top", 5, "list the `N` most telling nodes (0: all)")
		fs.Var(&reach, "reach", "also find the fewest observable findings that would bring the target to `P` (0.3 or 30%), up or down from where it is")
		fs.Var(&above, "above", "also find the fewest observable findings that would bring the target to `P` or more")
		fs.Var(&below, "below", "also find the fewest observable findings that would bring the target to `P` or less")
	})
	if err != nil {
		return err
	}
	if top < 0 {
		return errors.New("--top must be 0 (all) or more")
	}
	set := 0
	for _, l := range []levelFlag{reach, above, below} {
		if l.set {
			set++
		}
	}
	if set > 1 {
		return errors.New("give at most one of --reach, --above and --below")
	}
	target, state, err := j.targetState()
	if err != nil {
		return err
	}
	md := j.b.md
	observable := analysis.Observable(md, j.ev, target)
	inds, err := analysis.Indicators(j.jt, j.ev, target, state, observable)
	if errors.Is(err, analysis.ErrCertainTarget) {
		how := "impossible"
		if j.jt.Posterior(target)[state] > 0.5 {
			how = "certain"
		}
		return fmt.Errorf("%s is %s given the evidence: no observation can move it", j.stateName(target, state), how)
	}
	if err != nil {
		return err
	}
	if top > 0 && len(inds) > top {
		inds = inds[:top]
	}

	var res *analysis.SearchResult
	if set == 1 {
		goal := analysis.Goal{Level: reach.p + above.p + below.p, Below: below.set}
		if reach.set {
			goal.Below = reach.p < j.jt.Posterior(target)[state]
		}
		if res, err = analysis.SearchEvidence(context.Background(), j.jt, j.ev, target, state, goal, analysis.SearchOptions{Observable: observable}); err != nil {
			return err
		}
	}

	if j.json {
		return j.writeIndicatorsJSON(stdout, target, state, observable, inds, res)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	j.header(tw, target, state)
	if err := tw.Flush(); err != nil {
		return err
	}
	w := &strings.Builder{}
	tname := md.Label(target) + " = " + md.StateLabel(target, state)
	fmt.Fprintf(w, "Watching %s.\n", j.observableText(observable))
	if len(observable) == 0 {
		fmt.Fprintln(w, "Nothing left to watch for.")
	}
	silent := 0
	for _, ind := range inds {
		if ind.Divergence == 0 {
			silent++
			continue
		}
		div := fmt.Sprintf("J = %.3f bits", num(ind.Divergence))
		if math.IsInf(ind.Divergence, 1) {
			div = "J = ∞: one of its states settles the question"
		}
		fmt.Fprintf(w, "\n%s (%s)\n", md.Label(ind.Node), div)
		for _, st := range ind.States {
			if !st.Possible {
				continue
			}
			ratio := analysis.RatioText(st.LikelihoodRatio)
			if !strings.HasPrefix(ratio, "about") {
				ratio += " if " + tname
			}
			fmt.Fprintf(w, "  %s = %s: %s; %s; chance of seeing it %s\n",
				md.Label(ind.Node), md.StateLabel(ind.Node, st.State), ratio, moveText(st.Delta, st.Posterior), analysis.Chance(st.Probability))
		}
	}
	if silent > 0 {
		fmt.Fprintf(w, "\n(%d of the nodes listed tell nothing about the target given the evidence.)\n", silent)
	}
	fmt.Fprint(w, "\nlikelier: P(state | target) / P(state | not target), Heuer's diagnosticity;\n"+
		"J: Jeffreys' divergence between the node's distributions given the target\n"+
		"and given not (Kullback & Leibler 1951), in bits; move: the target's\n"+
		"probability if the state were observed\n")
	if res != nil {
		writeSearchText(w, j, res, tname)
	}
	_, err = io.WriteString(stdout, w.String())
	return err
}

// observableText says which nodes are watched: "the 9 unobserved evidence
// nodes" or "the 35 unobserved chance nodes".
func (j *analysisJob) observableText(observable []int) string {
	kind := "chance"
	for _, nd := range j.b.md.Nodes {
		if nd.Role == "evidence" {
			kind = "evidence"
			break
		}
	}
	if len(observable) == 1 {
		return "the one unobserved " + kind + " node"
	}
	return fmt.Sprintf("the %d unobserved %s nodes", len(observable), kind)
}

// moveText says how far observing a state would move the target: "would
// move it +12.3 points, to 27.0%", "would barely move it" below 0.05
// points.
func moveText(d, post float64) string {
	pp := 100 * d
	switch {
	case math.IsNaN(pp):
		return "n/a"
	case math.Abs(pp) < 0.05:
		return "would barely move it"
	case pp < 0:
		return "would move it −" + strconv.FormatFloat(-pp, 'f', 1, 64) + " points, to " + analysis.Percent(post)
	}
	return "would move it +" + strconv.FormatFloat(pp, 'f', 1, 64) + " points, to " + analysis.Percent(post)
}

// writeSearchText writes the evidence search's result.
func writeSearchText(w io.Writer, j *analysisJob, res *analysis.SearchResult, tname string) {
	md := j.b.md
	rel := "or more"
	if res.Goal.Below {
		rel = "or less"
	}
	level := strconv.FormatFloat(100*res.Goal.Level, 'f', -1, 64) + "%" // as given: 30%, 0.01%
	fmt.Fprintf(w, "\nTo bring P(%s) from %s to %s %s:\n", tname, analysis.Percent(res.Baseline), level, rel)
	switch {
	case res.Reached && len(res.Steps) == 0:
		fmt.Fprintln(w, "  nothing more is needed: the evidence already does.")
		return
	case res.Unreachable:
		fmt.Fprintf(w, "  it cannot be done: no combination of findings on the watched nodes brings it past %s.\n", analysis.Percent(res.Extreme))
		return
	case !res.Reached:
		fmt.Fprintln(w, "  no set of findings found; the nearest the search came:")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, s := range res.Steps {
		fmt.Fprintf(tw, "  %d. %s = %s\t→ %s\n", i+1, md.Label(s.Node), md.StateLabel(s.Node, s.State), analysis.Percent(s.Posterior))
	}
	_ = tw.Flush()
	switch {
	case len(res.Steps) == 1:
		fmt.Fprintf(w, "The chance of seeing it, given the evidence: %s.\n", analysis.Chance(res.Probability))
	case len(res.Steps) > 1:
		fmt.Fprintf(w, "Together they give %s; the chance of seeing them all, given the evidence: %s.\n",
			analysis.Percent(res.Posterior), analysis.Chance(res.Probability))
	}
	if res.Reached {
		fmt.Fprintf(w, "method: beam search (greedy forward selection by the move of each finding,\n"+
			"keeping the %d best sets of each size), then findings no longer needed\n"+
			"dropped; each finding listed is needed, but a smaller set is not ruled out\n", analysis.DefaultBeam)
	} else {
		fmt.Fprintf(w, "method: beam search (greedy forward selection, keeping the %d best sets of\n"+
			"each size); it does not try every combination, so it has not shown that\n"+
			"none would do\n", analysis.DefaultBeam)
	}
}

// writeIndicatorsJSON writes the indicators, and the search result if
// any, as one JSON object.
func (j *analysisJob) writeIndicatorsJSON(w io.Writer, target, state int, observable []int, inds []analysis.Indicator, res *analysis.SearchResult) error {
	n, md := j.net, j.b.md
	o := &jsonObject{}
	j.b.addPolicies(o)
	o.str("target", j.stateName(target, state))
	analysisProbability(o, "probability", "term", j.jt.Posterior(target)[state])
	names := make([]string, len(observable))
	for i, v := range observable {
		names[i] = string(jsonString(n.Name(v)))
	}
	o.key("observable")
	o.buf.WriteString("[" + strings.Join(names, ", ") + "]")
	items := make([]string, len(inds))
	for i, ind := range inds {
		no := &jsonObject{}
		no.str("node", n.Name(ind.Node))
		no.str("label", md.Label(ind.Node))
		no.number("divergence", ind.Divergence) // null when infinite
		analysisLiteral(no, "conclusive", strconv.FormatBool(math.IsInf(ind.Divergence, 1)))
		var states []string
		for _, st := range ind.States {
			if !st.Possible {
				continue // cannot be seen given the evidence
			}
			so := &jsonObject{}
			so.str("state", n.Variable(ind.Node).States[st.State])
			so.str("label", md.StateLabel(ind.Node, st.State))
			so.number("given_target", st.GivenTarget)
			so.number("given_not_target", st.GivenNotTarget)
			so.number("likelihood_ratio", st.LikelihoodRatio) // null when infinite
			so.number("probability", st.Probability)
			analysisProbability(so, "posterior", "term", st.Posterior)
			so.number("delta", st.Delta)
			states = append(states, string(so.bytes()))
		}
		no.key("states")
		no.buf.WriteString("[" + strings.Join(states, ", ") + "]")
		items[i] = string(no.bytes())
	}
	o.key("indicators")
	if len(items) == 0 {
		o.buf.WriteString("[]")
	} else {
		o.buf.WriteString("[\n  " + strings.Join(items, ",\n  ") + "\n]")
	}
	if res != nil {
		so := &jsonObject{}
		so.number("level", res.Goal.Level)
		dir := "above"
		if res.Goal.Below {
			dir = "below"
		}
		so.str("direction", dir)
		analysisLiteral(so, "reached", strconv.FormatBool(res.Reached))
		analysisLiteral(so, "unreachable", strconv.FormatBool(res.Unreachable))
		if res.Unreachable {
			so.number("extreme", res.Extreme)
		} else {
			so.null("extreme")
		}
		steps := make([]string, len(res.Steps))
		for i, s := range res.Steps {
			fo := &jsonObject{}
			fo.str("node", n.Name(s.Node))
			fo.str("state", n.Variable(s.Node).States[s.State])
			fo.number("posterior", s.Posterior)
			steps[i] = string(fo.bytes())
		}
		so.key("findings")
		so.buf.WriteString("[" + strings.Join(steps, ", ") + "]")
		analysisProbability(so, "posterior", "term", res.Posterior)
		so.number("probability", res.Probability)
		o.object("search", so)
	}
	return o.writeTo(w)
}

// runInfluence lists every edge by its strength of influence, read from
// the CPTs of the network beliefs are computed on (for a model with
// decisions, their best policies with no findings).
func runInfluence(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("influence", stderr)
	jsonOut := fs.Bool("json", false, "machine-readable JSON output")
	byMax := fs.Bool("maximum", false, "rank by the maximum over the other parents' configurations rather than the average")
	top := fs.Int("top", 0, "list the `N` strongest edges (0: all)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want exactly one MODEL file, got %d arguments", len(pos))
	}
	if *top < 0 {
		return errors.New("--top must be 0 (all) or more")
	}
	doc, err := loadModel(pos[0])
	if err != nil {
		return err
	}
	printWarnings(stderr, doc)
	b, err := beliefsOf(doc.Model, network.NewEvidence(doc.Model.Net))
	if err != nil {
		return err
	}
	n := b.net
	edges := analysis.Influences(n)
	if *byMax {
		sortByMaximum(n, edges)
	}
	if *top > 0 && len(edges) > *top {
		edges = edges[:*top]
	}
	if *jsonOut {
		items := make([]*jsonObject, len(edges))
		for i, e := range edges {
			o := &jsonObject{}
			o.str("parent", n.Name(e.Parent))
			o.str("child", n.Name(e.Child))
			o.number("average", e.Average)
			o.number("maximum", e.Maximum)
			analysisLiteral(o, "policy", strconv.FormatBool(b.isDecision(e.Child)))
			items[i] = o
		}
		j := &analysisJob{net: n, b: b}
		return j.analysisWriteList(stdout, items)
	}
	if b.decides() {
		head := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		b.writeLine(head)
		fmt.Fprintln(head)
		if err := head.Flush(); err != nil {
			return err
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "edge\taverage\tmaximum\n")
	for _, e := range edges {
		note := ""
		if b.isDecision(e.Child) {
			note = "\t(the best policy's table)"
		}
		fmt.Fprintf(tw, "%s → %s\t%.3f\t%.3f%s\n", n.Name(e.Parent), n.Name(e.Child), num(e.Average), num(e.Maximum), note)
	}
	if len(edges) == 0 {
		fmt.Fprintln(tw, "(no edges)")
	}
	fmt.Fprintln(tw, "\nstrength of influence (Koiter 2006, as GeNIe draws it): for each configuration of the child's other parents, the largest distance between the child's rows for two states of the parent, sqrt(½·Σ(p−q)²), from 0 (no effect) to 1 (certain of different states); average and maximum over those configurations")
	return tw.Flush()
}

// sortByMaximum orders edges by their maximum strength, strongest first,
// then by average and by name, as analysis.Influences does by average.
func sortByMaximum(n *network.Network, edges []analysis.EdgeInfluence) {
	key := func(e analysis.EdgeInfluence) string { return n.Name(e.Child) + "\x00" + n.Name(e.Parent) }
	slices.SortFunc(edges, func(a, b analysis.EdgeInfluence) int {
		if c := cmp.Compare(b.Maximum, a.Maximum); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Average, a.Average); c != 0 {
			return c
		}
		return strings.Compare(key(a), key(b))
	})
}
