package main

// The fragility command: how far each CPT number the target depends on
// must move before the conclusion changes (analysis.Fragility), and the
// target over two numbers at once (analysis.TwoWay), drawn as a heat map
// (fragility_heatmap.go). Its helpers carry a "fragility" prefix.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"brink/network"
	"brink/network/analysis"
)

// fragilityJob is one fragility run: the analysis job, the conclusion
// examined and the results.
type fragilityJob struct {
	*analysisJob
	con analysis.Conclusion
	r   *analysis.FragilityReport
	g   *analysis.TwoWayGrid // nil without --two-way or --grid
}

// runFragility implements
//
//	brinkctl fragility MODEL --target VAR[=STATE] [--threshold P] [findings] [--scenario NAME]
//	    [--top N] [--two-way I,J | --two-way 'ENTRY;ENTRY'] [--grid OUT.svg|OUT.png] [--steps N] [--json]
//
// --target VAR examines which state is most likely; --target VAR=STATE
// examines P(VAR = STATE | e) against --threshold P, or, without one,
// the ICD 203 words for it (analysis.TermBounds). For a model with
// decisions the numbers are those of the beliefs under the best policies
// (beliefsOf), the policies held as they are, and decisions' tables are
// not examined.
//
// --two-way takes two entries by their rank in the list ("1,2") or by
// name, 'VAR=STATE|PARENT=STATE,PARENT=STATE;VAR=STATE|...' (no '|' for
// a variable without parents); --grid draws the grid as a heat map, of
// the first two entries of the list in different rows when --two-way is
// not given.
func runFragility(args []string, stdout, stderr io.Writer) error {
	var (
		top, steps             int
		threshold, pair, image string
	)
	aj, err := analysisStart("fragility", "`VAR` (which state is most likely) or VAR=STATE (its probability)", args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&top, "top", 10, "list the `N` entries nearest to changing the conclusion (0: all)")
		fs.StringVar(&threshold, "threshold", "", "with --target VAR=STATE: the conclusion is whether P is at least `P` (0.5, 50%); default: its ICD 203 words")
		fs.StringVar(&pair, "two-way", "", "two entries to vary together: ranks in the list, `I,J`, or 'VAR=STATE|PARENT=STATE,...;VAR=STATE|...'")
		fs.StringVar(&image, "grid", "", "draw the two-way grid as a heat map to `OUT`.svg or OUT.png")
		fs.IntVar(&steps, "steps", analysis.DefaultSteps, "two-way grid: `N` steps per axis (N+1 values from 0 to 1)")
	})
	if err != nil {
		return err
	}
	switch {
	case top < 0:
		return errors.New("--top must be 0 (all) or more")
	case steps < 1 || steps > 1000:
		return fmt.Errorf("--steps %d: want 1 to 1000", steps)
	}
	if image != "" {
		if ext := strings.ToLower(filepath.Ext(image)); ext != ".svg" && ext != ".png" {
			return fmt.Errorf("--grid %s: unknown format %q (want .svg or .png)", image, filepath.Ext(image))
		}
	}
	j := &fragilityJob{analysisJob: aj}
	if j.con, err = j.conclusion(threshold); err != nil {
		return err
	}
	if j.r, err = analysis.Fragility(j.jt, j.ev, j.con, j.b.isDecision); err != nil {
		return err
	}
	if pair != "" || image != "" {
		x, y, err := j.pair(pair)
		if err != nil {
			return err
		}
		if j.g, err = analysis.TwoWay(j.jt, j.ev, j.con, x, y, steps); err != nil {
			return err
		}
	}
	if image != "" {
		if err := j.writeHeatMap(image); err != nil {
			return err
		}
	}
	if j.json {
		return j.writeJSON(stdout, top)
	}
	if err := j.writeText(stdout, top); err != nil {
		return err
	}
	if image != "" {
		fmt.Fprintf(stdout, "\nheat map: %s\n", image)
	}
	return nil
}

// conclusion resolves --target and --threshold.
func (j *fragilityJob) conclusion(threshold string) (analysis.Conclusion, error) {
	if !strings.Contains(j.target, "=") {
		if threshold != "" {
			return analysis.Conclusion{}, fmt.Errorf("--threshold %s: give the state it is for, --target %s=STATE", threshold, j.target)
		}
		v, err := j.targetVariable()
		return analysis.Conclusion{Target: v, State: analysis.MostLikely}, err
	}
	v, s, err := j.targetState()
	if err != nil {
		return analysis.Conclusion{}, err
	}
	c := analysis.Conclusion{Target: v, State: s}
	if threshold != "" {
		p, word, err := analysis.ParseProbability(threshold)
		switch {
		case err != nil:
			return c, fmt.Errorf("--threshold: %w", err)
		case word != "":
			return c, fmt.Errorf("--threshold %q: want a number or a percentage (the ICD 203 words are the default)", threshold)
		case p <= 0 || p >= 1:
			return c, fmt.Errorf("--threshold %s: want a probability strictly between 0 and 1", threshold)
		}
		c.Thresholds = []float64{p}
	}
	return c, nil
}

// fragilityRanks matches --two-way I,J.
var fragilityRanks = regexp.MustCompile(`^\s*(\d+)\s*,\s*(\d+)\s*$`)

// pair resolves --two-way: ranks in the report's list, two named
// entries, or, when empty, the first two entries of the list in
// different rows.
func (j *fragilityJob) pair(spec string) (x, y analysis.Entry, err error) {
	ms := j.r.Margins
	if spec == "" {
		for i := range ms {
			for k := i + 1; k < len(ms); k++ {
				if ms[k].Node != ms[i].Node || ms[k].Row != ms[i].Row {
					return ms[i].Entry, ms[k].Entry, nil
				}
			}
		}
		return x, y, errors.New("--grid: the target depends on fewer than two rows of numbers given the findings; nothing to draw")
	}
	if m := fragilityRanks.FindStringSubmatch(spec); m != nil {
		var es [2]analysis.Entry
		for k, s := range m[1:] {
			i, _ := strconv.Atoi(s)
			if i < 1 || i > len(ms) {
				return x, y, fmt.Errorf("--two-way %s: rank %d: the list has entries 1 to %d", spec, i, len(ms))
			}
			es[k] = ms[i-1].Entry
		}
		return es[0], es[1], nil
	}
	a, b, ok := strings.Cut(spec, ";")
	if !ok {
		return x, y, fmt.Errorf("--two-way %q: want I,J (ranks in the list) or two entries 'VAR=STATE|PARENT=STATE,...;VAR=STATE|...'", spec)
	}
	if x, err = fragilityEntry(j.net, a); err != nil {
		return x, y, err
	}
	y, err = fragilityEntry(j.net, b)
	return x, y, err
}

// fragilityEntry parses VAR=STATE|PARENT=STATE,PARENT=STATE, the parents
// in any order, every parent given once.
func fragilityEntry(n *network.Network, s string) (analysis.Entry, error) {
	head, given, _ := strings.Cut(strings.TrimSpace(s), "|")
	v, st, err := lookupPair(n, strings.TrimSpace(head), "--two-way")
	if err != nil {
		return analysis.Entry{}, err
	}
	ps := n.Parents(v)
	states := make([]int, len(ps))
	for i := range states {
		states[i] = -1
	}
	if strings.TrimSpace(given) != "" {
		for _, g := range strings.Split(given, ",") {
			u, us, err := lookupPair(n, strings.TrimSpace(g), "--two-way")
			if err != nil {
				return analysis.Entry{}, err
			}
			k := -1
			for i, p := range ps {
				if p == u {
					k = i
				}
			}
			if k < 0 {
				return analysis.Entry{}, fmt.Errorf("--two-way %q: %s is not a parent of %s", s, n.Name(u), n.Name(v))
			}
			if states[k] >= 0 {
				return analysis.Entry{}, fmt.Errorf("--two-way %q: %s given twice", s, n.Name(u))
			}
			states[k] = us
		}
	}
	row := 0
	var missing []string
	for i, p := range ps {
		if states[i] < 0 {
			missing = append(missing, n.Name(p))
			continue
		}
		row = row*n.Card(p) + states[i]
	}
	if len(missing) > 0 {
		return analysis.Entry{}, fmt.Errorf("--two-way %q: give the row of %s's table: the states of %s after '|'", s, n.Name(v), strings.Join(missing, ", "))
	}
	return analysis.Entry{Node: v, Row: row, State: st}, nil
}

// label is variable v's display label.
func (j *fragilityJob) label(v int) string {
	if md := j.b.md; v < len(md.Nodes) {
		return md.Label(v)
	}
	return j.net.Name(v)
}

// stateLabel is state s of v's display label.
func (j *fragilityJob) stateLabel(v, s int) string {
	if md := j.b.md; v < len(md.Nodes) {
		return md.StateLabel(v, s)
	}
	return j.net.Variable(v).States[s]
}

// entryText describes an entry in words: "P(Outcome = Fragile balance |
// US intention = Pressure, Iran intention = Escalate)".
func (j *fragilityJob) entryText(e analysis.Entry) string {
	var b strings.Builder
	b.WriteString("P(" + j.label(e.Node) + " = " + j.stateLabel(e.Node, e.State))
	for k, s := range j.net.ParentStates(e.Node, e.Row, nil) {
		if k == 0 {
			b.WriteString(" | ")
		} else {
			b.WriteString(", ")
		}
		u := j.net.Parents(e.Node)[k]
		b.WriteString(j.label(u) + " = " + j.stateLabel(u, s))
	}
	b.WriteString(")")
	return b.String()
}

// targetText is "Outcome = Fragile balance", the conclusion's state.
func (j *fragilityJob) targetText() string {
	return j.label(j.con.Target) + " = " + j.stateLabel(j.con.Target, j.r.State)
}

// fragilityValue writes a CPT entry's value: three decimals, two
// significant figures below 0.01, and 0 and 1 plain.
func fragilityValue(x float64) string {
	switch {
	case x == 0 || x == 1:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x < 0.01:
		return strconv.FormatFloat(x, 'g', 2, 64)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// fragilityPercent writes a threshold: "55%", "12.5%".
func fragilityPercent(p float64) string {
	return strconv.FormatFloat(math.Round(1e6*100*p)/1e6, 'f', -1, 64) + "%"
}

// conclusionText says what the conclusion is and when it changes.
func (j *fragilityJob) conclusionText() string {
	r := j.r
	p := r.Posterior[r.State]
	if j.con.State == analysis.MostLikely {
		if math.IsNaN(r.Low) {
			return j.targetText() + " is the only state"
		}
		runner := -1
		for s, q := range r.Posterior {
			if s != r.State && (runner < 0 || q > r.Posterior[runner]) {
				runner = s
			}
		}
		return fmt.Sprintf("%s is the most likely (%s; next %s, %s)", j.targetText(), analysisPercent(p),
			j.stateLabel(j.con.Target, runner), analysisPercent(r.Posterior[runner]))
	}
	var when []string
	if !math.IsNaN(r.Low) {
		when = append(when, "falls below "+fragilityPercent(r.Low))
	}
	if !math.IsNaN(r.High) {
		when = append(when, "reaches "+fragilityPercent(r.High))
	}
	what := "P"
	if slices.Equal(r.Conclusion.Thresholds, analysis.TermBounds) {
		what = fmt.Sprintf("%q (%s)", analysis.Term(p), analysis.TermBand(analysis.Term(p)))
		what += ": it changes if P"
	} else if !math.IsNaN(r.High) {
		what = "P below " + fragilityPercent(r.High) + ": it changes if P"
	} else {
		what = "P at least " + fragilityPercent(r.Low) + ": it changes if P"
	}
	return what + " " + strings.Join(when, " or ")
}

// changeText says where the conclusion goes at a change.
func (j *fragilityJob) changeText(ch analysis.Change) string {
	if ch.Rival >= 0 {
		return j.label(j.con.Target) + " = " + j.stateLabel(j.con.Target, ch.Rival) + " becomes the most likely"
	}
	if ch.Threshold == j.r.Low {
		return "P(" + j.targetText() + ") falls below " + fragilityPercent(ch.Threshold)
	}
	return "P(" + j.targetText() + ") reaches " + fragilityPercent(ch.Threshold)
}

// boundText is "below 0.643" or "above 0.93", or "0"/"1" at an end.
func fragilityBoundText(ch analysis.Change, up bool) string {
	switch {
	case ch.Value == 0:
		return "0"
	case ch.Value == 1:
		return "1"
	case up:
		return "above " + fragilityValue(ch.Value)
	}
	return "below " + fragilityValue(ch.Value)
}

// writeText prints the report for people, in labels.
func (j *fragilityJob) writeText(w io.Writer, top int) error {
	r := j.r
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if j.ev.Len() > 0 || j.ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", j.ev.String())
	}
	j.b.writeLine(tw)
	p := r.Posterior[r.State]
	fmt.Fprintf(tw, "target:\t%s\tP = %s\t(%s)\n", j.targetText(), analysisPercent(p), analysis.Term(p))
	fmt.Fprintf(tw, "conclusion:\t%s\n", j.conclusionText())
	if j.b.decides() {
		fmt.Fprintf(tw, "note:\tthe decisions keep the policies best under the current numbers; their tables are not examined\n")
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	changeable := 0
	for _, m := range r.Margins {
		if !m.CannotChange() {
			changeable++
		}
	}
	shown := changeable
	if top > 0 {
		shown = min(shown, top)
	}
	if changeable == 0 {
		fmt.Fprint(w, "\n"+wrapText("No single number the target depends on can change the conclusion, at any value from 0 to 1.", textWidth))
	} else {
		fmt.Fprint(w, "\n"+wrapText("The conclusion holds unless one number moves (the rest of its row scaled to keep the sum 1), nearest first:", textWidth))
	}
	for i, m := range r.Margins[:shown] {
		var bounds []string
		if m.Down.Possible {
			bounds = append(bounds, fragilityBoundText(m.Down, false))
		}
		if m.Up.Possible {
			bounds = append(bounds, fragilityBoundText(m.Up, true))
		}
		fragilityItem(w, fmt.Sprintf("%3d. ", i+1), fmt.Sprintf("%s is %s (now %s)", j.entryText(m.Entry), strings.Join(bounds, " or "), fragilityValue(m.Value)))
		for _, ch := range []analysis.Change{m.Down, m.Up} {
			if ch.Possible {
				fragilityItem(w, "     ", fmt.Sprintf("at %s: %s (a change of %s, log-odds %s)", fragilityValue(ch.Value), j.changeText(ch),
					strconv.FormatFloat(math.Abs(ch.Value-m.Value), 'f', 3, 64), fragilityLogOdds(ch.LogOdds)))
			}
		}
	}
	var notes []string
	if more := changeable - shown; more > 0 {
		notes = append(notes, fmt.Sprintf("%d more entries change it with larger moves (--top 0 lists them)", more))
	}
	if cannot := len(r.Margins) - changeable; cannot > 0 {
		notes = append(notes, fmt.Sprintf("%d entries move the target but cannot change the conclusion alone", cannot))
	}
	if r.NoEffect > 0 {
		notes = append(notes, fmt.Sprintf("%d entries of these tables do not affect it given the findings", r.NoEffect))
	}
	if r.Complements > 0 {
		notes = append(notes, fmt.Sprintf("%d entries of two-state rows are the complements of those listed", r.Complements))
	}
	if r.Fixed > 0 {
		notes = append(notes, fmt.Sprintf("%d entries of 1 are left out (a 0 of the same row moves them)", r.Fixed))
	}
	summary := fmt.Sprintf("%d tables can affect the target given the findings", len(r.Families))
	if len(notes) > 0 {
		summary += "; " + strings.Join(notes, "; ")
	}
	fmt.Fprint(w, "\n"+wrapText(summary+".", textWidth))
	fmt.Fprint(w, wrapText("log-odds: |ln(θ'/(1−θ')) − ln(θ/(1−θ))|, the distance of Chan & Darwiche (2002): no event's odds change by more than e to that power.", textWidth))
	if j.g != nil {
		j.writeTwoWayText(w)
	}
	return nil
}

// fragilityItem prints text wrapped to textWidth after prefix, its
// later lines indented as far.
func fragilityItem(w io.Writer, prefix, text string) {
	indent := strings.Repeat(" ", len(prefix))
	lines := strings.Split(strings.TrimSuffix(wrapText(text, textWidth-len(prefix)), "\n"), "\n")
	for i, line := range lines {
		if i == 0 {
			fmt.Fprintln(w, prefix+line)
		} else {
			fmt.Fprintln(w, indent+line)
		}
	}
}

// fragilityLogOdds writes a log-odds distance, "∞" for a move to 0 or 1.
func fragilityLogOdds(d float64) string {
	if math.IsInf(d, 1) {
		return "∞"
	}
	return strconv.FormatFloat(d, 'f', 2, 64)
}

// writeTwoWayText prints the two-way grid at steps of about 0.1 and
// where its boundaries run.
func (j *fragilityJob) writeTwoWayText(w io.Writer) {
	g := j.g
	fmt.Fprint(w, "\n"+wrapText(fmt.Sprintf("Two-way: P(%s) as two numbers vary together", j.targetText()), textWidth))
	fragilityItem(w, "  x = ", fmt.Sprintf("%s (now %s)", j.entryText(g.X), fragilityValue(g.XValue)))
	fragilityItem(w, "  y = ", fmt.Sprintf("%s (now %s)", j.entryText(g.Y), fragilityValue(g.YValue)))
	fmt.Fprintln(w)
	steps := len(g.Axis) - 1
	var idx []int
	for k := 0; k <= 10; k++ {
		i := int(math.Round(float64(k) * float64(steps) / 10))
		if len(idx) == 0 || idx[len(idx)-1] != i {
			idx = append(idx, i)
		}
	}
	fmt.Fprintf(w, "  %6s", "y \\ x")
	for _, i := range idx {
		fmt.Fprintf(w, " %5s", strconv.FormatFloat(g.Axis[i], 'f', 2, 64))
	}
	fmt.Fprintln(w)
	for k := len(idx) - 1; k >= 0; k-- {
		jj := idx[k]
		fmt.Fprintf(w, "  %6s", strconv.FormatFloat(g.Axis[jj], 'f', 2, 64))
		for _, i := range idx {
			fmt.Fprintf(w, " %5s", percent(g.P[jj][i], 0))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	if len(g.Boundaries) == 0 {
		fmt.Fprintln(w, "  The conclusion holds over the whole square.")
		return
	}
	for _, b := range g.Boundaries {
		first, last := b.Points[0], b.Points[len(b.Points)-1]
		what := "P = " + fragilityPercent(b.Threshold)
		if b.Rival >= 0 {
			what = "P(" + j.label(j.con.Target) + " = " + j.stateLabel(j.con.Target, b.Rival) + ") = P(" + j.targetText() + ")"
		}
		fragilityItem(w, "  ", fmt.Sprintf("The conclusion changes where %s, on a curve from (x, y) = (%s, %s) to (%s, %s).", what,
			fragilityValue(first.X), fragilityValue(first.Y), fragilityValue(last.X), fragilityValue(last.Y)))
	}
}

// writeJSON writes the report with ids.
func (j *fragilityJob) writeJSON(w io.Writer, top int) error {
	r, n := j.r, j.net
	o := &jsonObject{}
	o.str("target", n.Name(j.con.Target))
	o.str("state", n.Variable(j.con.Target).States[r.State])
	analysisProbability(o, "probability", "term", r.Posterior[r.State])
	con := &jsonObject{}
	if j.con.State == analysis.MostLikely {
		con.str("kind", "most_likely")
		runner := -1
		for s, q := range r.Posterior {
			if s != r.State && (runner < 0 || q > r.Posterior[runner]) {
				runner = s
			}
		}
		if runner >= 0 {
			con.str("runner_up", n.Variable(j.con.Target).States[runner])
			con.number("runner_up_probability", r.Posterior[runner])
		}
	} else {
		con.str("kind", "band")
		con.number("low", r.Low)
		con.number("high", r.High)
	}
	o.object("conclusion", con)
	ms := r.Margins
	if top > 0 && len(ms) > top {
		ms = ms[:top]
	}
	items := make([]string, len(ms))
	for i, m := range ms {
		e := j.entryJSON(m.Entry)
		e.number("value", m.Value)
		for _, d := range []struct {
			key string
			ch  analysis.Change
		}{{"down", m.Down}, {"up", m.Up}} {
			if !d.ch.Possible {
				e.null(d.key)
				continue
			}
			c := &jsonObject{}
			c.number("value", d.ch.Value)
			if d.ch.Rival >= 0 {
				c.str("rival", n.Variable(j.con.Target).States[d.ch.Rival])
			} else {
				c.number("threshold", d.ch.Threshold)
			}
			c.number("log_odds", d.ch.LogOdds)
			e.object(d.key, c)
		}
		e.number("distance", m.Distance)
		e.number("derivative", m.Derivative)
		q := &jsonObject{}
		q.number("alpha", m.Ratio.Alpha)
		q.number("beta", m.Ratio.Beta)
		q.number("gamma", m.Ratio.Gamma)
		q.number("delta", m.Ratio.Delta)
		e.object("ratio", q)
		items[i] = string(e.bytes())
	}
	o.key("entries")
	if len(items) == 0 {
		o.buf.WriteString("[]")
	} else {
		o.buf.WriteString("[\n  " + strings.Join(items, ",\n  ") + "]")
	}
	o.integer("entries_total", int64(len(r.Margins)))
	o.integer("no_effect", int64(r.NoEffect))
	o.integer("fixed", int64(r.Fixed))
	o.integer("complements", int64(r.Complements))
	if g := j.g; g != nil {
		t := &jsonObject{}
		t.object("x", j.entryJSON(g.X))
		t.object("y", j.entryJSON(g.Y))
		t.number("x_value", g.XValue)
		t.number("y_value", g.YValue)
		t.str("state", n.Variable(j.con.Target).States[g.State])
		t.number("current", g.Current)
		t.key("axis")
		t.buf.WriteString(fragilityNumbers(g.Axis))
		rows := make([]string, len(g.P))
		for k, row := range g.P {
			rows[k] = fragilityNumbers(row)
		}
		t.key("grid")
		t.buf.WriteString("[" + strings.Join(rows, ", ") + "]")
		bs := make([]string, len(g.Boundaries))
		for k, b := range g.Boundaries {
			bo := &jsonObject{}
			if b.Rival >= 0 {
				bo.str("rival", n.Variable(j.con.Target).States[b.Rival])
			} else {
				bo.number("threshold", b.Threshold)
			}
			pts := make([]string, len(b.Points))
			for i, p := range b.Points {
				pts[i] = "[" + jsonNumber(p.X) + ", " + jsonNumber(p.Y) + "]"
			}
			bo.key("points")
			bo.buf.WriteString("[" + strings.Join(pts, ", ") + "]")
			bs[k] = string(bo.bytes())
		}
		t.key("boundaries")
		t.buf.WriteString("[" + strings.Join(bs, ", ") + "]")
		o.object("two_way", t)
	}
	j.b.addPolicies(o)
	return o.writeTo(w)
}

// entryJSON is an entry by ids: {"node", "given", "state"}.
func (j *fragilityJob) entryJSON(e analysis.Entry) *jsonObject {
	n := j.net
	o := &jsonObject{}
	o.str("node", n.Name(e.Node))
	given := &jsonObject{}
	for k, s := range n.ParentStates(e.Node, e.Row, nil) {
		u := n.Parents(e.Node)[k]
		given.str(n.Name(u), n.Variable(u).States[s])
	}
	o.object("given", given)
	o.str("state", n.Variable(e.Node).States[e.State])
	return o
}

// fragilityNumbers writes a JSON array of numbers (null for NaN).
func fragilityNumbers(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = jsonNumber(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
