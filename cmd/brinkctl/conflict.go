package main

// The conflict command: do the findings fit together (Jensen's conflict
// measure), what the rest of the evidence says of each report, whose
// source is then in doubt, and whether some state of a target makes the
// findings fit (package brink/network/analysis: Conflict, CheckSources,
// ConflictGiven). Text output names nodes and states by their labels;
// --json by their ids.

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"brink/network"
	"brink/network/analysis"
	"brink/network/jtree"
	"brink/network/model"
)

// runConflict prints conf(e) with a verdict, each finding's contribution
// and its probability given the rest against its prior, the source check,
// and with --target the rare-case check per target state.
//
//	brinkctl conflict MODEL [findings] [--scenario NAME] [--target VAR] [--threshold P] [--json]
func runConflict(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("conflict", stderr)
	var m modelArgs
	m.register(fs)
	target := fs.String("target", "", "also check, for each state of `VAR`, whether the findings fit if it is the case (a rare case rather than a bad report)")
	threshold := fs.Float64("threshold", analysis.SourceThreshold, "call a finding surprising when the rest of the evidence gives it less than `P` (and less than half its prior)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if !(*threshold > 0 && *threshold <= 1) {
		return fmt.Errorf("--threshold %v: want a probability above 0 and at most 1", *threshold)
	}
	md, ev, err := m.load(pos)
	if err != nil {
		return err
	}
	b, err := beliefsOf(md, ev)
	if err != nil {
		return err
	}
	tv := -1
	if *target != "" {
		if tv, _, err = b.net.Lookup(*target, ""); err != nil {
			if strings.Contains(*target, "=") {
				return fmt.Errorf("--target %q: want a variable, not VAR=STATE: %w", *target, err)
			}
			return err
		}
	}
	jt, err := jtree.Compile(b.net, jtree.Options{})
	if err != nil {
		return err
	}
	c, err := analysis.Conflict(jt, ev)
	if err != nil {
		return err
	}
	prov := scenarioProvenance(md, m.scenario, ev)
	checks, err := analysis.CheckSources(c, func(v int) analysis.Grading {
		if p := prov[v]; p != nil {
			return analysis.Grading{Reliability: p.Reliability, Credibility: p.Credibility}
		}
		return analysis.Grading{}
	}, *threshold)
	if err != nil {
		return err
	}
	var states []analysis.StateConflict
	if tv >= 0 {
		if states, err = analysis.ConflictGiven(jt, ev, tv); err != nil {
			return err
		}
	}
	r := &conflictReport{md: md, b: b, ev: ev, c: c, checks: checks, threshold: *threshold, target: tv, states: states}
	if m.json {
		return r.writeJSON(stdout)
	}
	return r.writeText(stdout)
}

// scenarioProvenance returns, by variable, the provenance the scenario
// records for each finding that ev still holds as the scenario set it; a
// finding the command line replaced has none. Nil without a scenario.
func scenarioProvenance(md *model.Model, name string, ev *network.Evidence) map[int]*model.Provenance {
	sc, ok := md.Scenario(name)
	if !ok {
		return nil
	}
	saved, err := md.Evidence(sc)
	if err != nil {
		return nil // load has applied the same scenario without error
	}
	out := map[int]*model.Provenance{}
	for _, f := range sc.Findings {
		if f.Provenance == nil || f.Action {
			continue
		}
		v, ok := md.Net.Index(f.Node)
		if !ok {
			continue
		}
		was, ok1 := saved.Finding(v)
		is, ok2 := ev.Finding(v)
		if ok1 && ok2 && was.Kind == is.Kind && slices.Equal(was.Weights, is.Weights) {
			out[v] = f.Provenance
		}
	}
	return out
}

// conflictReport is what runConflict prints.
type conflictReport struct {
	md        *model.Model
	b         *beliefs
	ev        *network.Evidence
	c         *analysis.DataConflict
	checks    []analysis.SourceCheck
	threshold float64
	target    int // -1 without --target
	states    []analysis.StateConflict
}

// verdict names the conflict measure's reading for JSON: "too few
// findings", "conflict", "independent" or "fit".
func (r *conflictReport) verdict() string {
	switch {
	case len(r.c.Findings) < 2:
		return "too few findings"
	case r.c.Conf > 0:
		return "conflict"
	case r.c.Conf == 0:
		return "independent"
	}
	return "fit"
}

// verdictText says in words what conf(e) means.
func (r *conflictReport) verdictText() string {
	conf := r.c.Conf
	switch r.verdict() {
	case "too few findings":
		return "nothing to compare: the measure needs two findings or more"
	case "conflict":
		return "unusual together, " + analysis.TimesText(conf) + " less probable than if independent (a possible conflict)"
	case "independent":
		return "the findings are independent of one another"
	}
	return "the findings fit together, " + analysis.TimesText(-conf) + " more probable than if independent"
}

// bitsText writes a number of bits with its sign, "+1.23 bits".
func bitsText(x float64) string {
	if math.Abs(x) < 5e-3 {
		x = 0 // no "-0.00" for rounding noise
	}
	return fmt.Sprintf("%+.2f bits", num(x))
}

// sourceStatus is the source check's word for a finding.
func sourceStatus(s analysis.SourceCheck) string {
	switch {
	case !s.Checked:
		return "not checked"
	case s.Suspect:
		return "POSSIBLE BAD SOURCE OR DECEPTION"
	case s.Surprising && s.Grading.Rated():
		return "surprising, well graded"
	case s.Surprising:
		return "surprising, ungraded"
	case !s.Grading.Rated():
		return "ungraded"
	}
	code := strings.ToUpper(s.Grading.Reliability)
	if s.Grading.Credibility != 0 {
		code += strconv.Itoa(s.Grading.Credibility)
	}
	return "graded " + code + ", fits"
}

func (r *conflictReport) writeText(w io.Writer) error {
	md := r.md
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.ev.Len() > 0 || r.ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", evidenceText(md, r.ev))
	}
	r.b.writeLine(tw)
	fmt.Fprintf(tw, "conflict:\tconf(e) = %s: %s\n", bitsText(r.c.Conf), r.verdictText())
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.c.Findings) == 0 {
		fmt.Fprintln(w, "\nno findings; give some with -e, --not, --likelihood or --scenario")
		return nil
	}

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "finding\tcontribution\tgiven the rest\talone\n")
	for _, f := range r.c.Findings {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", md.FindingText(f.Finding), bitsText(f.Contribution), analysis.Percent(f.Retracted), analysis.Percent(f.Prior))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	note := "contribution: conf(e) less conf(e) without the finding, which is log2(alone / given the rest): positive when the other findings make the finding less probable than it was alone (Jensen et al. 1991)."
	if slices.ContainsFunc(r.c.Findings, func(f analysis.FindingFit) bool { return f.Finding.Kind == network.Likelihood }) {
		note += " Soft findings: the probability of a virtual observation, their weights scaled to a largest of 1."
	}
	if r.ev.DoLen() > 0 {
		note += " Actions are not findings: every probability is given them."
	}
	fmt.Fprint(w, "\n"+wrapText(note, textWidth))

	fmt.Fprint(w, "\n"+wrapText(fmt.Sprintf("source check: surprising under %s%% given the rest and under half of alone; flagged when also graded D–F or 4–6 (Admiralty reliability, credibility):",
		strconv.FormatFloat(100*r.threshold, 'g', 4, 64)), textWidth))
	for _, s := range r.checks {
		fmt.Fprintf(w, "  %s: %s\n", md.FindingText(s.Finding), sourceStatus(s))
		for _, line := range strings.Split(strings.TrimSuffix(wrapText(s.Reason, textWidth-4), "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	if r.target >= 0 {
		return r.writeTargetText(w)
	}
	return nil
}

// writeTargetText prints the rare-case check.
func (r *conflictReport) writeTargetText(w io.Writer) error {
	md, v := r.md, r.target
	fmt.Fprintf(w, "\nrare case: does some state of %s make the findings fit?\n", md.Label(v))
	if f, ok := r.ev.Finding(v); ok {
		fmt.Fprintf(w, "(its own finding, %s, is left out)\n", md.FindingText(f))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  state\tbefore\tgiven the findings\tconf given it\n")
	var fits []string
	for _, s := range r.states {
		label := md.StateLabel(v, s.State)
		switch {
		case !s.Possible:
			fmt.Fprintf(tw, "  %s\t%s\t\t\timpossible beforehand\n", label, analysis.Percent(s.Prior))
		case !s.Consistent:
			fmt.Fprintf(tw, "  %s\t%s\t%s\t\truled out by the findings\n", label, analysis.Percent(s.Prior), analysis.Percent(s.Posterior))
		default:
			note := "the findings still conflict"
			if s.Conf <= 0 {
				note = "the findings fit"
				fits = append(fits, fmt.Sprintf("%s (%s beforehand, %s given the findings)", label, analysis.Percent(s.Prior), analysis.Percent(s.Posterior)))
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", label, analysis.Percent(s.Prior), analysis.Percent(s.Posterior), bitsText(s.Conf), note)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case len(fits) > 0 && r.c.Conf > 0:
		fmt.Fprint(w, "\n"+wrapText(fmt.Sprintf("the findings fit if %s is %s: the conflict may be a rare case rather than a bad report", md.Label(v), strings.Join(fits, " or ")), textWidth))
	case r.c.Conf > 0:
		fmt.Fprint(w, "\n"+wrapText(fmt.Sprintf("no state of %s makes the findings fit: look for a bad report, or for what the model leaves out", md.Label(v)), textWidth))
	}
	return nil
}

func (r *conflictReport) writeJSON(w io.Writer) error {
	n := r.b.net
	o := &jsonObject{}
	r.b.addPolicies(o)
	o.number("conf", r.c.Conf)
	o.str("verdict", r.verdict())
	o.number("log_prob_evidence", r.c.LogProbEvidence)
	o.number("threshold", r.threshold)
	items := make([]string, len(r.checks))
	for i, s := range r.checks {
		f := &jsonObject{}
		f.str("node", n.Name(s.Finding.Variable))
		f.str("finding", s.Finding.Describe(n))
		f.str("kind", s.Finding.Kind.String())
		f.number("contribution", s.Contribution)
		analysisProbability(f, "retracted", "retracted_term", s.Retracted)
		analysisProbability(f, "prior", "prior_term", s.Prior)
		src := &jsonObject{}
		if s.Grading.Reliability != "" {
			src.str("reliability", s.Grading.Reliability)
		} else {
			src.null("reliability")
		}
		if s.Grading.Credibility != 0 {
			src.integer("credibility", int64(s.Grading.Credibility))
		} else {
			src.null("credibility")
		}
		analysisLiteral(src, "checked", fmt.Sprint(s.Checked))
		analysisLiteral(src, "surprising", fmt.Sprint(s.Surprising))
		analysisLiteral(src, "suspect", fmt.Sprint(s.Suspect))
		src.str("reason", s.Reason)
		f.object("source", src)
		items[i] = string(f.bytes())
	}
	o.key("findings")
	o.buf.WriteString(jsonArray(items))
	if r.target >= 0 {
		t := &jsonObject{}
		t.str("node", n.Name(r.target))
		if f, ok := r.ev.Finding(r.target); ok {
			t.str("left_out", f.Describe(n))
		}
		rows := make([]string, len(r.states))
		for i, s := range r.states {
			row := &jsonObject{}
			row.str("state", n.Variable(r.target).States[s.State])
			analysisProbability(row, "prior", "prior_term", s.Prior)
			analysisProbability(row, "posterior", "posterior_term", s.Posterior)
			analysisLiteral(row, "possible", fmt.Sprint(s.Possible))
			analysisLiteral(row, "consistent", fmt.Sprint(s.Consistent))
			if s.Possible && s.Consistent {
				row.number("conf", s.Conf)
			} else {
				row.null("conf")
			}
			analysisLiteral(row, "fits", fmt.Sprint(s.Possible && s.Consistent && s.Conf <= 0))
			rows[i] = string(row.bytes())
		}
		t.key("states")
		t.buf.WriteString(jsonArray(rows))
		o.object("target", t)
	}
	return o.writeTo(w)
}

// jsonArray joins JSON values into an array.
func jsonArray(items []string) string {
	return "[" + strings.Join(items, ", ") + "]"
}

// evidenceText lists the findings and actions of ev for a reader, in the
// model's labels, "; "-separated.
func evidenceText(md *model.Model, ev *network.Evidence) string {
	var parts []string
	for _, f := range ev.Findings() {
		parts = append(parts, md.FindingText(f))
	}
	for _, it := range ev.Interventions() {
		parts = append(parts, md.ActionText(it))
	}
	return strings.Join(parts, "; ")
}

// textWidth is the width notes are wrapped to.
const textWidth = 78

// wrapText breaks s at spaces into lines of at most width characters (a
// longer word gets a line of its own), each ending in a newline.
func wrapText(s string, width int) string {
	var b strings.Builder
	line := 0
	for _, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case line == 0:
		case line+1+n > width:
			b.WriteByte('\n')
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += n
	}
	b.WriteByte('\n')
	return b.String()
}
