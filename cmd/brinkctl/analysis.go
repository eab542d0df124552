package main

// The analysis commands: impact, explain, voi and sensitivity (package
// brink/network/analysis). Each takes a MODEL, a --target and the usual
// findings, prints a readable table, or with --json an array of objects in
// which every probability has an ICD 203 "term" beside it. Their helpers
// carry an "analysis" prefix to keep clear of the other commands' names.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"brink/network"
	"brink/network/analysis"
	"brink/network/jtree"
)

// analysisJob is what every analysis command starts from: the network
// beliefs are computed on (for a model with decisions, under their best
// policies), the evidence, a junction tree propagated on it, and the
// flags.
type analysisJob struct {
	net    *network.Network
	b      *beliefs
	ev     *network.Evidence
	jt     *jtree.JunctionTree
	target string // the --target argument as given
	json   bool
}

// analysisStart parses "COMMAND MODEL --target T [findings] [--json]" plus
// any flags extra registers, loads the model, builds the evidence and
// compiles and propagates the tree, so that impossible evidence is
// reported before any analysis. targetHelp describes --target.
func analysisStart(name, targetHelp string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*analysisJob, error) {
	fs := newFlagSet(name, stderr)
	var m modelArgs
	m.register(fs)
	target := fs.String("target", "", targetHelp)
	if extra != nil {
		extra(fs)
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, err
	}
	if *target == "" {
		return nil, fmt.Errorf("--target is required (%s)", strings.ReplaceAll(targetHelp, "`", ""))
	}
	md, ev, err := m.load(pos)
	if err != nil {
		return nil, err
	}
	b, err := beliefsOf(md, ev)
	if err != nil {
		return nil, err
	}
	jt, err := jtree.Compile(b.net, jtree.Options{})
	if err != nil {
		return nil, err
	}
	if err := jt.Propagate(ev); err != nil {
		return nil, err
	}
	return &analysisJob{net: b.net, b: b, ev: ev, jt: jt, target: *target, json: m.json}, nil
}

// targetState resolves --target VAR=STATE.
func (j *analysisJob) targetState() (v, s int, err error) {
	return lookupPair(j.net, j.target, "--target")
}

// targetVariable resolves --target VAR.
func (j *analysisJob) targetVariable() (int, error) {
	v, _, err := j.net.Lookup(j.target, "")
	if err != nil && strings.Contains(j.target, "=") {
		return 0, fmt.Errorf("--target %q: want a variable, not VAR=STATE: %w", j.target, err)
	}
	return v, err
}

// stateName renders v=s.
func (j *analysisJob) stateName(v, s int) string {
	return j.net.Name(v) + "=" + j.net.Variable(v).States[s]
}

// header prints the evidence, the decisions' line of a model with
// decisions, and the target's current probability.
func (j *analysisJob) header(w io.Writer, v, s int) {
	if j.ev.Len() > 0 || j.ev.DoLen() > 0 {
		fmt.Fprintf(w, "evidence:\t%s\n", j.ev.String())
	}
	j.b.writeLine(w)
	p := j.jt.Posterior(v)[s]
	fmt.Fprintf(w, "target:\t%s\tP = %s\t(%s)\n\n", j.stateName(v, s), analysisPercent(p), analysis.Term(p))
}

// analysisPercent writes a probability as a percentage ("n/a" if it is
// not a number).
func analysisPercent(p float64) string { return percent(p, 2) }

// analysisPoints writes a difference of probabilities in percentage points.
func analysisPoints(d float64) string {
	if math.Abs(d) < 5e-5 {
		d = 0 // no "-0.00" for rounding noise
	}
	return fmt.Sprintf("%+.2f pp", num(100*d))
}

// analysisProbability adds a probability and, beside it, its ICD 203 term
// under termKey.
func analysisProbability(o *jsonObject, key, termKey string, p float64) {
	o.number(key, p)
	o.str(termKey, analysis.Term(p))
}

// analysisLiteral adds a JSON literal (true, false).
func analysisLiteral(o *jsonObject, key, literal string) {
	o.key(key)
	o.buf.WriteString(literal)
}

// analysisWriteList writes a JSON array of objects, one per line. For a
// model with decisions it writes an object instead, {"policies": {...},
// "results": [...]}, with the array under "results": the analyses are of
// the beliefs under the policies (see beliefs.policies).
func (j *analysisJob) analysisWriteList(w io.Writer, items []*jsonObject) error {
	var b strings.Builder
	indent := "  "
	if j.b.decides() {
		b.WriteString("{\"policies\": ")
		b.Write(j.b.policies())
		b.WriteString(",\n \"results\": ")
		indent = "    "
	}
	if len(items) == 0 {
		b.WriteString("[]")
	} else {
		b.WriteString("[\n")
		for i, it := range items {
			b.WriteString(indent)
			b.Write(it.bytes())
			if i < len(items)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent[2:] + "]")
	}
	if j.b.decides() {
		b.WriteString("}")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// analysisCandidates drops the rows of decisions, which an analysis does
// not offer as something to observe (see beliefs.isDecision); node gives
// a row's node.
func analysisCandidates[T any](j *analysisJob, rows []T, node func(T) int) []T {
	return slices.DeleteFunc(rows, func(r T) bool { return j.b.isDecision(node(r)) })
}

// unobservedText is the text output's note for an analysis with no
// candidate left.
func (j *analysisJob) unobservedText() string {
	if j.b.decides() {
		return "(every variable but the target and the decisions is observed)"
	}
	return "(every variable but the target is observed)"
}

// runImpact prints, for every unobserved variable and state, the target's
// probability if that state were observed, widest-moving variables first.
func runImpact(args []string, stdout, stderr io.Writer) error {
	j, err := analysisStart("impact", "`VAR=STATE` whose probability to explain", args, stderr, nil)
	if err != nil {
		return err
	}
	target, state, err := j.targetState()
	if err != nil {
		return err
	}
	rows, err := analysis.Impact(j.jt, j.ev, target, state)
	if err != nil {
		return err
	}
	rows = analysisCandidates(j, rows, func(r analysis.ImpactRow) int { return r.Node })
	if j.json {
		// Observations that contradict the evidence give the target no
		// posterior; they are left out (the text output lists them).
		var items []*jsonObject
		for _, r := range rows {
			if !r.Possible {
				continue
			}
			o := &jsonObject{}
			o.str("node", j.net.Name(r.Node))
			o.str("state", j.net.Variable(r.Node).States[r.State])
			o.number("posterior", r.Posterior)
			o.number("delta", r.Delta)
			o.str("term", analysis.Term(r.Posterior))
			items = append(items, o)
		}
		return j.analysisWriteList(stdout, items)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	j.header(tw, target, state)
	fmt.Fprintf(tw, "if observed\tP(%s)\tchange\tterm\n", j.stateName(target, state))
	var impossible []string
	for _, r := range rows {
		if !r.Possible {
			impossible = append(impossible, j.stateName(r.Node, r.State))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", j.stateName(r.Node, r.State), analysisPercent(r.Posterior), analysisPoints(r.Delta), analysis.Term(r.Posterior))
	}
	if len(rows) == 0 {
		fmt.Fprintln(tw, j.unobservedText())
	}
	if len(impossible) > 0 {
		fmt.Fprintf(tw, "\nomitted, impossible given the evidence: %s\n", strings.Join(impossible, ", "))
	}
	return tw.Flush()
}

// runExplain prints how much each current finding moved the target: its
// probability with and without the finding, and the weight of evidence in
// decibans.
func runExplain(args []string, stdout, stderr io.Writer) error {
	j, err := analysisStart("explain", "`VAR=STATE` whose probability to explain", args, stderr, nil)
	if err != nil {
		return err
	}
	target, state, err := j.targetState()
	if err != nil {
		return err
	}
	ws, err := analysis.Explain(j.jt, j.ev, target, state)
	if err != nil {
		return err
	}
	if j.json {
		items := make([]*jsonObject, len(ws))
		for i, w := range ws {
			o := &jsonObject{}
			o.str("finding", w.Finding.Describe(j.net))
			analysisProbability(o, "with", "term", w.With)
			analysisProbability(o, "without", "without_term", w.Without)
			o.number("delta", w.Delta)
			// An infinite weight (the finding makes the target certain or
			// impossible, or undoes that) is null in JSON, flagged
			// conclusive; its sign is the sign of delta.
			conclusive := math.IsInf(w.Decibans, 0)
			o.number("decibans", w.Decibans) // null when infinite
			analysisLiteral(o, "conclusive", fmt.Sprint(conclusive))
			items[i] = o
		}
		return j.analysisWriteList(stdout, items)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	j.header(tw, target, state)
	if len(ws) == 0 {
		fmt.Fprintln(tw, "no findings to weigh; give some with -e, --not, --likelihood or --scenario")
		return tw.Flush()
	}
	fmt.Fprintf(tw, "finding\twithout it\twith it\tchange\tweight\tterm (with)\n")
	for _, w := range ws {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", w.Finding.Describe(j.net), analysisPercent(w.Without), analysisPercent(w.With),
			analysisPoints(w.Delta), analysisDecibans(w.Decibans), analysis.Term(w.With))
	}
	fmt.Fprintln(tw, "\nweight: 10·log10 of the odds with the finding over the odds without it, in decibans (Good 1950); ±10 dB is a factor of 10 in the odds")
	return tw.Flush()
}

// analysisDecibans writes a weight of evidence, naming the infinite ones.
func analysisDecibans(w float64) string {
	switch {
	case math.IsInf(w, 1):
		return "+∞ dB (conclusive)"
	case math.IsInf(w, -1):
		return "−∞ dB (conclusive)"
	}
	return fmt.Sprintf("%+.1f dB", num(w))
}

// runVOI ranks the unobserved variables by the mutual information between
// each and the target: how much observing it would tell, in bits.
func runVOI(args []string, stdout, stderr io.Writer) error {
	j, err := analysisStart("voi", "`VAR` to learn about", args, stderr, nil)
	if err != nil {
		return err
	}
	target, err := j.targetVariable()
	if err != nil {
		return err
	}
	rows, err := analysis.VOI(j.jt, j.ev, target)
	if err != nil {
		return err
	}
	rows = analysisCandidates(j, rows, func(r analysis.VOIRow) int { return r.Node })
	if j.json {
		items := make([]*jsonObject, len(rows))
		for i, r := range rows {
			o := &jsonObject{}
			o.str("node", j.net.Name(r.Node))
			o.number("mutual_information", r.MutualInformation)
			items[i] = o
		}
		return j.analysisWriteList(stdout, items)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if j.ev.Len() > 0 || j.ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", j.ev.String())
	}
	j.b.writeLine(tw)
	post := j.jt.Posterior(target)
	h := analysis.Entropy(post)
	fmt.Fprintf(tw, "target:\t%s\tH = %.4f bits\t(its uncertainty given the evidence)\n", j.net.Name(target), num(h))
	for s, p := range post {
		fmt.Fprintf(tw, "  %s\t%s\t(%s)\n", j.net.Variable(target).States[s], analysisPercent(p), analysis.Term(p))
	}
	fmt.Fprintf(tw, "\nobserve next\tbits\tshare of H\n")
	for _, r := range rows {
		share := "-"
		if h > 0 {
			share = percent(r.MutualInformation/h, 1)
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%s\n", j.net.Name(r.Node), num(r.MutualInformation), share)
	}
	if len(rows) == 0 {
		fmt.Fprintln(tw, j.unobservedText())
	}
	return tw.Flush()
}

// runSensitivity lists the CPT entries the target's probability depends
// on most, with the derivative under proportional co-variation.
func runSensitivity(args []string, stdout, stderr io.Writer) error {
	var top int
	j, err := analysisStart("sensitivity", "`VAR=STATE` whose probability to examine", args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&top, "top", 10, "list the `N` most influential CPT entries (0: all)")
	})
	if err != nil {
		return err
	}
	if top < 0 {
		return errors.New("--top must be 0 (all) or more")
	}
	target, state, err := j.targetState()
	if err != nil {
		return err
	}
	// A decision's table is a policy or a choice, not a number to doubt:
	// its entries are left out, and then the top taken.
	all := top
	if j.b.decides() {
		all = 0
	}
	ps, err := analysis.Sensitivity(j.jt, j.ev, target, state, all)
	if err != nil {
		return err
	}
	ps = analysisCandidates(j, ps, func(p analysis.Param) int { return p.Node })
	if top > 0 && len(ps) > top {
		ps = ps[:top]
	}
	if j.json {
		items := make([]*jsonObject, len(ps))
		for i, p := range ps {
			o := &jsonObject{}
			o.str("node", j.net.Name(p.Node))
			given := &jsonObject{}
			for k, s := range j.net.ParentStates(p.Node, p.Row, nil) {
				u := j.net.Parents(p.Node)[k]
				given.str(j.net.Name(u), j.net.Variable(u).States[s])
			}
			o.object("given", given)
			o.str("state", j.net.Variable(p.Node).States[p.State])
			analysisProbability(o, "value", "term", p.Value)
			o.number("derivative", p.Derivative)
			items[i] = o
		}
		return j.analysisWriteList(stdout, items)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	j.header(tw, target, state)
	fmt.Fprintf(tw, "entry\tgiven\tvalue\tdP/dθ\n")
	for _, p := range ps {
		given := p.Config
		if given == "" {
			given = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.4g\t%+.4g\n", j.stateName(p.Node, p.State), given, num(p.Value), num(p.Derivative))
	}
	if len(ps) == 0 {
		fmt.Fprintln(tw, "(no CPT entry strictly between 0 and 1)")
	}
	fmt.Fprintln(tw, "\ndP/dθ: change of the target's probability per unit change of the entry, the rest of its row scaled to keep the sum 1 (Chan & Darwiche 2002); entries of 0 and 1 are not listed")
	return tw.Flush()
}
