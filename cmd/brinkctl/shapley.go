package main

// The shapley command: each current finding's share of the change of a
// target's probability (package brink/network/analysis: Shapley). Text
// output names nodes and states by their labels; --json by their ids.

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"brink/network/analysis"
)

// runShapley prints each finding's Shapley value for the target state in
// percentage points, highest first, with their total and the method.
//
//	brinkctl shapley MODEL --target VAR=STATE [findings] [--permutations N] [--json]
func runShapley(args []string, stdout, stderr io.Writer) error {
	var perms int
	j, err := analysisStart("shapley", "`VAR=STATE` whose probability to share among the findings", args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&perms, "permutations", analysis.ShapleyPermutations,
			fmt.Sprintf("random orders to sample beyond %d findings, which are valued exactly (`N`, at least 2)", analysis.MaxShapleyExact))
	})
	if err != nil {
		return err
	}
	if perms < 2 {
		return fmt.Errorf("--permutations %d: at least 2 are needed for a standard error", perms)
	}
	target, state, err := j.targetState()
	if err != nil {
		return err
	}
	res, err := analysis.Shapley(j.jt, j.ev, target, state, analysis.ShapleyOptions{Permutations: perms})
	if err != nil {
		return err
	}
	vals := slices.Clone(res.Values)
	slices.SortStableFunc(vals, func(a, b analysis.ShapleyValue) int {
		if c := cmp.Compare(b.Value, a.Value); c != 0 {
			return c
		}
		return cmp.Compare(j.net.Name(a.Finding.Variable), j.net.Name(b.Finding.Variable))
	})
	total := 0.0
	for _, v := range vals {
		total += v.Value
	}
	method := "exact"
	if !res.Exact {
		method = "sampled"
	}

	if j.json {
		o := &jsonObject{}
		j.b.addPolicies(o)
		o.str("target", j.net.Name(target))
		o.str("state", j.net.Variable(target).States[state])
		analysisProbability(o, "baseline", "baseline_term", res.Baseline)
		analysisProbability(o, "posterior", "posterior_term", res.Posterior)
		o.number("total", total)
		o.str("method", method)
		o.integer("permutations", int64(res.Permutations))
		items := make([]string, len(vals))
		for i, v := range vals {
			it := &jsonObject{}
			it.str("node", j.net.Name(v.Finding.Variable))
			it.str("finding", v.Finding.Describe(j.net))
			it.number("value", v.Value)
			it.number("std_error", v.StdErr)
			items[i] = string(it.bytes())
		}
		o.key("values")
		o.buf.WriteString(jsonArray(items))
		return o.writeTo(stdout)
	}

	md := j.b.md
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if j.ev.Len() > 0 || j.ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", evidenceText(md, j.ev))
	}
	j.b.writeLine(tw)
	tname := md.Label(target) + " = " + md.StateLabel(target, state)
	fmt.Fprintf(tw, "target:\t%s\n", tname)
	fmt.Fprintf(tw, "\t%s with no findings (the baseline), %s with them: %s\n\n",
		analysis.Percent(res.Baseline), analysis.Percent(res.Posterior), analysisPoints(res.Posterior-res.Baseline))
	if len(vals) == 0 {
		fmt.Fprintln(tw, "no findings to credit; give some with -e, --not, --likelihood or --scenario")
		return tw.Flush()
	}
	if res.Exact {
		fmt.Fprintf(tw, "finding\tShapley value\n")
		for _, v := range vals {
			fmt.Fprintf(tw, "%s\t%s\n", md.FindingText(v.Finding), analysisPoints(v.Value))
		}
	} else {
		fmt.Fprintf(tw, "finding\tShapley value\tstandard error\n")
		for _, v := range vals {
			fmt.Fprintf(tw, "%s\t%s\t± %.2f pp\n", md.FindingText(v.Finding), analysisPoints(v.Value), num(100*v.StdErr))
		}
	}
	fmt.Fprintf(tw, "total\t%s\n", analysisPoints(total))
	if err := tw.Flush(); err != nil {
		return err
	}
	nf := len(vals)
	var note string
	if res.Exact {
		note = fmt.Sprintf("method: exact, over all %d coalitions of the %d findings (Shapley 1953).", 1<<nf, nf)
	} else {
		note = fmt.Sprintf("method: sampled, %d random orders of the %d findings (more than %d are not valued exactly; Castro et al. 2009).",
			res.Permutations, nf, analysis.MaxShapleyExact)
	}
	note += fmt.Sprintf(" Each value is the finding's change of P(%s), in percentage points, averaged over every order in which the findings could have come; the values add up to the change from the baseline.", tname)
	if j.ev.DoLen() > 0 {
		note += " Actions stand in every order: they are not findings."
	}
	fmt.Fprint(stdout, "\n"+wrapText(note, textWidth))
	if d := total - (res.Posterior - res.Baseline); math.Abs(d) > 1e-9 {
		// Unreachable but for a bug: the values add up by construction.
		return fmt.Errorf("shapley: the values add up to %s, not %s", strings.TrimSpace(analysisPoints(total)), analysisPoints(res.Posterior-res.Baseline))
	}
	return nil
}
