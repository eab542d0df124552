package main

// The narrate command: a target's key judgement in plain words
// (package brink/network/analysis: Narrate).

import (
	"fmt"
	"io"

	"brink/network/analysis"
	"brink/network/decision"
	"brink/network/jtree"
)

// runNarrate prints, for the target, the key judgement in ICD 203 words,
// the findings that moved it most, what would change it and the
// confidence statement, one paragraph each; --json gives the parts.
//
//	brinkctl narrate MODEL --target VAR [findings] [--json]
func runNarrate(args []string, stdout, stderr io.Writer) error {
	j, err := analysisStart("narrate", "`VAR` whose judgement to put in words", args, stderr, nil)
	if err != nil {
		return err
	}
	target, err := j.targetVariable()
	if err != nil {
		return err
	}
	md := j.b.md
	baseline, err := narrateBaseline(j, target)
	if err != nil {
		return err
	}
	skip := func(v int) bool { return j.b.isDecision(v) }
	nr, err := analysis.Narrate(j.jt, md, j.ev, target, analysis.NarrateOptions{Skip: skip, Baseline: baseline})
	if err != nil {
		return err
	}
	if j.json {
		o := &jsonObject{}
		j.b.addPolicies(o)
		o.str("target", j.net.Name(target))
		o.str("state", j.net.Variable(target).States[nr.State])
		analysisProbability(o, "probability", "term", nr.Probability)
		analysisProbability(o, "baseline", "baseline_term", nr.Baseline)
		o.str("judgement", nr.Judgement)
		o.str("drivers", nr.Drivers)
		o.str("change", nr.Change)
		o.str("confidence", nr.Confidence)
		o.str("text", nr.Text())
		return o.writeTo(stdout)
	}
	if j.ev.Len() > 0 || j.ev.DoLen() > 0 {
		fmt.Fprint(stdout, wrapText("Evidence: "+evidenceText(md, j.ev), textWidth))
	}
	if j.b.decides() {
		fmt.Fprint(stdout, wrapText("Decisions: "+decision.ChoicesText(md, j.b.choices), textWidth))
	}
	for _, p := range nr.Paragraphs() {
		fmt.Fprint(stdout, "\n"+wrapText(p, textWidth))
	}
	return nil
}

// narrateBaseline returns the target's distribution without the findings
// (the actions kept), on the network the model's beliefs are shown on
// without them, as the window's outcome panel measures changes from.
func narrateBaseline(j *analysisJob, target int) ([]float64, error) {
	base := j.ev.Clone()
	for _, f := range j.ev.Findings() {
		base.Retract(f.Variable)
	}
	b, err := beliefsOf(j.b.md, base)
	if err != nil {
		return nil, err
	}
	jt, err := jtree.Compile(b.net, jtree.Options{})
	if err != nil {
		return nil, err
	}
	if err := jt.Propagate(base); err != nil {
		return nil, err
	}
	return append([]float64(nil), jt.Posterior(target)...), nil
}
