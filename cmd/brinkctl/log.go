package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"brink/network/analysis"
	"brink/network/model"
	"brink/network/timeline"
)

// The model's log over time: brinkctl log (the path), changes (what
// changed between two dates and which entries caused it) and score (the
// forecasts' scores), all from package timeline.

// loadOne parses "COMMAND MODEL [--json]" plus the flags fs already holds
// and loads the model.
func loadOne(fs interface {
	Output() io.Writer
}, pos []string) (*model.Model, error) {
	if len(pos) != 1 {
		return nil, fmt.Errorf("want exactly one MODEL file, got %d arguments", len(pos))
	}
	doc, err := loadModel(pos[0])
	if err != nil {
		return nil, err
	}
	printWarnings(fs.Output(), doc)
	return doc.Model, nil
}

// entryJSON is one log entry as log --json writes it.
type entryJSON struct {
	Index       int         `json:"index"`
	Date        string      `json:"date"`
	Node        string      `json:"node"`
	Kind        string      `json:"kind"`
	State       string      `json:"state,omitempty"`
	Not         []string    `json:"not,omitempty"`
	Likelihood  []jsonFloat `json:"likelihood,omitempty"`
	Text        string      `json:"text"`
	Note        string      `json:"note,omitempty"`
	Source      string      `json:"source,omitempty"`
	Reliability string      `json:"reliability,omitempty"`
	Credibility int         `json:"credibility,omitempty"`
}

func entryOf(m *model.Model, i int) entryJSON {
	e := m.Log[i]
	f := e.Finding
	j := entryJSON{Index: i, Date: e.Date, Node: f.Node, Text: timeline.EntryText(m, i)}
	switch {
	case e.Retract:
		j.Kind = "retract"
	case f.Action:
		j.Kind, j.State = "action", f.State
	default:
		j.Kind = f.Kind.String()
		j.State, j.Not, j.Likelihood = f.State, f.NotStates, jsonFloats(f.Weights)
	}
	if p := f.Provenance; p != nil {
		j.Note, j.Source, j.Reliability, j.Credibility = p.Note, p.Source, p.Reliability, p.Credibility
	}
	return j
}

type pointJSON struct {
	Date    string                          `json:"date"`
	Entries []int                           `json:"entries"`
	Beliefs map[string]map[string]jsonFloat `json:"beliefs"`
}

func runLog(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("log", stderr)
	asJSON := fs.Bool("json", false, "machine-readable JSON output")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	m, err := loadOne(fs, pos)
	if err != nil {
		return err
	}
	b, err := timeline.NewBeliefs(m)
	if err != nil {
		return err
	}
	path, err := timeline.ComputePath(b)
	if err != nil {
		return err
	}
	n := m.Net
	if *asJSON {
		out := struct {
			AsOf    string      `json:"as_of,omitempty"`
			Entries []entryJSON `json:"entries"`
			Nodes   []string    `json:"nodes"`
			Path    []pointJSON `json:"path"`
		}{AsOf: m.AsOf, Entries: []entryJSON{}, Path: []pointJSON{}}
		for _, i := range timeline.Order(m.Log) {
			out.Entries = append(out.Entries, entryOf(m, i))
		}
		for _, v := range path.Nodes {
			out.Nodes = append(out.Nodes, n.Name(v))
		}
		for _, pt := range path.Points {
			pj := pointJSON{Date: pt.Date, Entries: pt.Entries, Beliefs: map[string]map[string]jsonFloat{}}
			if pj.Entries == nil {
				pj.Entries = []int{}
			}
			for k, v := range path.Nodes {
				st := map[string]jsonFloat{}
				for s, p := range pt.P[k] {
					st[n.Variable(v).States[s]] = jsonFloat(p)
				}
				pj.Beliefs[n.Name(v)] = st
			}
			out.Path = append(out.Path, pj)
		}
		return writeJSON(stdout, out)
	}
	if len(m.Log) == 0 {
		fmt.Fprintf(stdout, "%s has no log\n", pos[0])
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if line := m.AsOfLine(); line != "" {
		fmt.Fprintf(tw, "%s\n\n", line)
	}
	fmt.Fprintf(tw, "Log (%d entries)\n", len(m.Log))
	for _, i := range timeline.Order(m.Log) {
		note := ""
		if p := m.Log[i].Finding.Provenance; p != nil {
			note = p.Note
			if g := p.Reliability + credibility(p.Credibility); g != "" {
				note = "[" + g + "] " + note
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", model.DateText(m.Log[i].Date), timeline.EntryText(m, i), note)
	}
	fmt.Fprintln(tw)
	// The path: one block per node, a column per date.
	fmt.Fprint(tw, "Path\t")
	for k, pt := range path.Points {
		label := model.DateText(pt.Date)
		if k == 0 {
			label = "start"
		}
		fmt.Fprintf(tw, "%s\t", label)
	}
	fmt.Fprintln(tw)
	for k, v := range path.Nodes {
		fmt.Fprintf(tw, "%s\n", m.Label(v))
		for s := range n.Card(v) {
			fmt.Fprintf(tw, "  %s\t", m.StateLabel(v, s))
			for _, pt := range path.Points {
				fmt.Fprintf(tw, "%s\t", analysis.Percent(pt.P[k][s]))
			}
			fmt.Fprintln(tw)
		}
	}
	fmt.Fprintf(tw, "\nThe start is %s before any entry; each column after it is the end of a day with entries.\n", model.DateText(path.Points[0].Date))
	return tw.Flush()
}

type causeJSON struct {
	Entry  int       `json:"entry"`
	Date   string    `json:"date"`
	Text   string    `json:"text"`
	Share  jsonFloat `json:"share"`
	StdErr jsonFloat `json:"std_err,omitempty"`
}

type changeJSON struct {
	Node        string      `json:"node"`
	State       string      `json:"state"`
	From        jsonFloat   `json:"from"`
	To          jsonFloat   `json:"to"`
	Change      jsonFloat   `json:"change"`
	Unexplained jsonFloat   `json:"unexplained"`
	Causes      []causeJSON `json:"causes"`
	Text        string      `json:"text"`
}

func runChanges(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("changes", stderr)
	asJSON := fs.Bool("json", false, "machine-readable JSON output")
	from := fs.String("from", "", "the earlier `DATE` (YYYY-MM-DD); default: before the log")
	to := fs.String("to", "", "the later `DATE` (YYYY-MM-DD); default: the log's last date")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	m, err := loadOne(fs, pos)
	if err != nil {
		return err
	}
	if *to == "" {
		dates := timeline.Dates(m.Log)
		if len(dates) == 0 {
			return fmt.Errorf("%s has no log: give --to", pos[0])
		}
		*to = dates[len(dates)-1]
	}
	b, err := timeline.NewBeliefs(m)
	if err != nil {
		return err
	}
	cs, err := timeline.ComputeChanges(b, *from, *to)
	if err != nil {
		return err
	}
	n := m.Net
	if *asJSON {
		out := struct {
			From         string       `json:"from"`
			To           string       `json:"to"`
			Entries      []entryJSON  `json:"entries"`
			Exact        bool         `json:"exact"`
			Permutations int          `json:"permutations,omitempty"`
			Changes      []changeJSON `json:"changes"`
		}{From: cs.From, To: cs.To, Entries: []entryJSON{}, Exact: cs.Exact, Permutations: cs.Permutations}
		for _, i := range cs.Entries {
			out.Entries = append(out.Entries, entryOf(m, i))
		}
		for _, c := range cs.Changes {
			cj := changeJSON{Node: n.Name(c.Node), State: n.Variable(c.Node).States[c.State], From: jsonFloat(c.From), To: jsonFloat(c.To),
				Change: jsonFloat(c.To - c.From), Unexplained: jsonFloat(c.Unexplained()), Causes: []causeJSON{}, Text: timeline.ChangeText(m, c)}
			for _, k := range c.Causes {
				cj.Causes = append(cj.Causes, causeJSON{Entry: k.Entry, Date: m.Log[k.Entry].Date, Text: timeline.EntryText(m, k.Entry), Share: jsonFloat(k.Value), StdErr: jsonFloat(k.StdErr)})
			}
			out.Changes = append(out.Changes, cj)
		}
		return writeJSON(stdout, out)
	}
	return writeChanges(stdout, m, cs)
}

// writeChanges prints what changed: the entries between the dates, the
// changes of half a point or more in words, then every state in a table.
func writeChanges(w io.Writer, m *model.Model, cs *timeline.Changes) error {
	fromText := "before the log"
	if cs.From != "" {
		fromText = "the end of " + model.DateText(cs.From)
	}
	fmt.Fprintf(w, "What changed from %s to the end of %s\n\n", fromText, model.DateText(cs.To))
	if len(cs.Entries) == 0 {
		fmt.Fprintln(w, "No entry between these dates: nothing changed.")
		return nil
	}
	fmt.Fprintf(w, "Entries between (%d):\n", len(cs.Entries))
	for _, i := range cs.Entries {
		fmt.Fprintf(w, "  %s  %s\n", model.DateText(m.Log[i].Date), timeline.EntryText(m, i))
	}
	fmt.Fprintln(w)
	big := cs.Biggest(0.005)
	if len(big) == 0 {
		fmt.Fprintln(w, "No intention or outcome moved by half a point or more.")
	}
	for _, c := range big {
		fmt.Fprintln(w, "• "+timeline.ChangeText(m, c))
	}
	fmt.Fprintln(w)
	how := "Shares are Shapley values over the entries, computed exactly; they add up to each change."
	if !cs.Exact {
		how = fmt.Sprintf("Shares are Shapley values over the entries, sampled over %d random orders; they add up to each change.", cs.Permutations)
	}
	fmt.Fprintln(w, how)
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "state\tfrom\tto\tchange\tlargest share")
	for _, c := range cs.Changes {
		top := ""
		if len(c.Causes) > 0 && c.Causes[0].Value != 0 {
			top = timeline.CauseText(m, c.Causes[0])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", timeline.StateText(m, c.Node, c.State), analysis.Percent(c.From), analysis.Percent(c.To), analysis.Delta(c.To-c.From), top)
	}
	return tw.Flush()
}

type forecastJSON struct {
	Index      int                  `json:"index"`
	Date       string               `json:"date"`
	Node       string               `json:"node"`
	P          map[string]jsonFloat `json:"p"`
	Resolved   string               `json:"resolved,omitempty"`
	ResolvedOn string               `json:"resolved_on,omitempty"`
	Brier      *jsonFloat           `json:"brier,omitempty"`
	LogBits    *jsonFloat           `json:"log_score_bits,omitempty"`
}

type binJSON struct {
	Lo       jsonFloat `json:"from"`
	Hi       jsonFloat `json:"to"`
	N        int       `json:"n"`
	Mean     jsonFloat `json:"mean_forecast"`
	Observed jsonFloat `json:"observed"`
}

func runScore(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("score", stderr)
	asJSON := fs.Bool("json", false, "machine-readable JSON output")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	m, err := loadOne(fs, pos)
	if err != nil {
		return err
	}
	sc, err := timeline.ScoreForecasts(m)
	if err != nil {
		return err
	}
	n := m.Net
	scores := map[int]timeline.ForecastScore{}
	for _, e := range sc.Each {
		scores[e.Forecast] = e
	}
	if *asJSON {
		out := struct {
			Resolved  int            `json:"resolved"`
			Open      int            `json:"open"`
			Brier     jsonFloat      `json:"brier"`
			LogBits   jsonFloat      `json:"log_score_bits"`
			Needed    int            `json:"calibration_needs"`
			Bins      []binJSON      `json:"calibration"`
			Forecasts []forecastJSON `json:"forecasts"`
		}{Resolved: sc.Resolved, Open: sc.Open, Brier: jsonFloat(sc.Brier), LogBits: jsonFloat(sc.Log), Needed: sc.Needed(), Bins: []binJSON{}, Forecasts: []forecastJSON{}}
		for _, bn := range sc.Bins {
			out.Bins = append(out.Bins, binJSON{jsonFloat(bn.Lo), jsonFloat(bn.Hi), bn.N, jsonFloat(bn.Mean), jsonFloat(bn.Observed)})
		}
		for i, f := range m.Forecasts {
			v, _ := n.Index(f.Node)
			fj := forecastJSON{Index: i, Date: f.Date, Node: f.Node, P: map[string]jsonFloat{}, Resolved: f.Resolved, ResolvedOn: f.ResolvedOn}
			for s, p := range f.P {
				fj.P[n.Variable(v).States[s]] = jsonFloat(p)
			}
			if e, ok := scores[i]; ok {
				b, l := jsonFloat(e.Brier), jsonFloat(e.Log)
				fj.Brier, fj.LogBits = &b, &l
			}
			out.Forecasts = append(out.Forecasts, fj)
		}
		return writeJSON(stdout, out)
	}
	if len(m.Forecasts) == 0 {
		fmt.Fprintf(stdout, "%s records no forecasts\n", pos[0])
		return nil
	}
	fmt.Fprintln(stdout, timeline.ScoreText(sc))
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "date\tnode\tforecast\thappened\tBrier\tlog score")
	for i, f := range m.Forecasts {
		v, _ := n.Index(f.Node)
		dist := ""
		for s, p := range f.P {
			if s > 0 {
				dist += ", "
			}
			dist += m.StateLabel(v, s) + " " + analysis.Percent(p)
		}
		happened, brier, logs := "open", "", ""
		if f.Resolved != "" {
			happened = m.StateLabel(v, n.Variable(v).StateIndex(f.Resolved))
			if f.ResolvedOn != "" {
				happened += " (" + model.DateText(f.ResolvedOn) + ")"
			}
			e := scores[i]
			brier, logs = fmt.Sprintf("%.3f", e.Brier), fmt.Sprintf("%.2f bits", e.Log)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", model.DateText(f.Date), m.Label(v), dist, happened, brier, logs)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if sc.Bins != nil {
		fmt.Fprintln(stdout, "\nCalibration: for each band of forecast probabilities, how often the state happened.")
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "forecast\tcount\tmean forecast\thappened")
		for _, bn := range sc.Bins {
			if bn.N == 0 {
				fmt.Fprintf(tw, "%.0f–%.0f%%\t0\t\t\n", 100*bn.Lo, 100*bn.Hi)
				continue
			}
			fmt.Fprintf(tw, "%.0f–%.0f%%\t%d\t%s\t%s\n", 100*bn.Lo, 100*bn.Hi, bn.N, analysis.Percent(bn.Mean), analysis.Percent(bn.Observed))
		}
		return tw.Flush()
	}
	return nil
}
