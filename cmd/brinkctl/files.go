package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"brink/internal/modelio"
	"brink/network"
	"brink/network/diag"
	"brink/network/formats"
	"brink/network/model"
	"brink/network/modeldiff"
)

// errReported means the command has already printed what went wrong.
var errReported = errors.New("reported")

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", stderr)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("want one or more MODEL files")
	}
	bad := false
	for _, path := range pos {
		doc, err := loadModel(path)
		if err != nil {
			bad = true
			for _, e := range diag.Flatten(err) {
				msg := e.Error()
				if !strings.HasPrefix(msg, path) {
					msg = path + ": " + msg
				}
				fmt.Fprintln(stderr, msg)
			}
			continue
		}
		printWarnings(stderr, doc)
		m := doc.Model
		fmt.Fprintf(stdout, "%s: ok (%s, %d nodes, %d scenarios)\n", path, doc.Format.Name, m.Net.NumVariables(), len(m.Scenarios))
	}
	if bad {
		return errReported
	}
	return nil
}

// runConvert writes IN in the format of OUT's extension. It is an export:
// what OUT's format cannot hold for this model (scenarios, notes,
// sources…) is listed on stderr as warnings, unless --quiet, and the exit
// status stays 0. A read-only OUT is replaced only with --force.
func runConvert(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("convert", stderr)
	quiet := fs.Bool("quiet", false, "do not list what the output format leaves out")
	force := fs.Bool("force", false, "replace OUT even if it is read-only")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("want IN OUT, got %d arguments", len(pos))
	}
	doc, err := loadModel(pos[0])
	if err != nil {
		return err
	}
	printWarnings(stderr, doc)
	var f modelio.Force
	if *force {
		f = modelio.ForceReadOnly
	}
	lost, err := modelio.Export(pos[1], doc.Model, f)
	if err != nil {
		return err
	}
	if !*quiet && len(lost) > 0 {
		out, _ := formats.ByPath(pos[1]) // Export has checked it
		for _, l := range lost {
			fmt.Fprintf(stderr, "warning: %s (%s) leaves out %s\n", pos[1], out.Name, l)
		}
	}
	fmt.Fprintf(stdout, "wrote %s (%d nodes)\n", pos[1], doc.Model.Net.NumVariables())
	return nil
}

// scenarioJSON is the --json form of one saved scenario.
type scenarioJSON struct {
	Name        string        `json:"name"`
	Title       string        `json:"title"`
	Description string        `json:"description,omitempty"`
	Author      string        `json:"author,omitempty"`
	Findings    []findingJSON `json:"findings"`
}

type findingJSON struct {
	Node        string      `json:"node"`
	Kind        string      `json:"kind"`
	State       string      `json:"state,omitempty"`
	Not         []string    `json:"not,omitempty"`
	Likelihood  []jsonFloat `json:"likelihood,omitempty"`
	Note        string      `json:"note,omitempty"`
	Source      string      `json:"source,omitempty"`
	Observed    string      `json:"observed,omitempty"`
	Reliability string      `json:"reliability,omitempty"`
	Credibility int         `json:"credibility,omitempty"`
}

func runScenarios(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("scenarios", stderr)
	asJSON := fs.Bool("json", false, "machine-readable JSON output")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want exactly one MODEL file, got %d arguments", len(pos))
	}
	doc, err := loadModel(pos[0])
	if err != nil {
		return err
	}
	printWarnings(stderr, doc)
	m := doc.Model
	out := make([]scenarioJSON, 0, len(m.Scenarios))
	for _, s := range m.Scenarios {
		sj := scenarioJSON{Name: s.Name, Title: s.DisplayTitle(), Description: s.Description, Author: s.Author, Findings: []findingJSON{}}
		for _, f := range s.Findings {
			fj := findingJSON{Node: f.Node, Kind: f.Kind.String(), State: f.State, Not: f.NotStates, Likelihood: jsonFloats(f.Weights)}
			if p := f.Provenance; p != nil {
				fj.Note, fj.Source, fj.Observed, fj.Reliability, fj.Credibility = p.Note, p.Source, p.Observed, p.Reliability, p.Credibility
			}
			sj.Findings = append(sj.Findings, fj)
		}
		out = append(out, sj)
	}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintf(stdout, "%s has no saved scenarios\n", pos[0])
		return nil
	}
	for i, s := range out {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		// The title a person reads, then the id to type (--scenario).
		if sc := m.Scenarios[i]; sc.Title != "" && sc.Title != sc.Name {
			fmt.Fprintf(stdout, "%s  [%s]", sc.Title, sc.Name)
		} else {
			fmt.Fprintf(stdout, "%s", s.Name)
		}
		if s.Author != "" {
			fmt.Fprintf(stdout, "  (by %s)", s.Author)
		}
		fmt.Fprintln(stdout)
		if s.Description != "" {
			fmt.Fprintf(stdout, "  %s\n", s.Description)
		}
		for _, f := range m.Scenarios[i].Findings {
			fmt.Fprintf(stdout, "  • %s\n", describeFinding(m, f))
			if p := f.Provenance; p != nil {
				if p.Note != "" {
					fmt.Fprintf(stdout, "      note: %s\n", p.Note)
				}
				var meta []string
				if p.Source != "" {
					meta = append(meta, "source "+p.Source)
				}
				if p.Observed != "" {
					meta = append(meta, "observed "+p.Observed)
				}
				if p.Reliability != "" || p.Credibility != 0 {
					meta = append(meta, fmt.Sprintf("grading %s%s", p.Reliability, credibility(p.Credibility)))
				}
				if len(meta) > 0 {
					fmt.Fprintf(stdout, "      %s\n", strings.Join(meta, ", "))
				}
			}
		}
	}
	return nil
}

func credibility(c int) string {
	if c == 0 {
		return ""
	}
	return fmt.Sprint(c)
}

func describeFinding(m *model.Model, f model.Finding) string {
	switch f.Kind {
	case network.Hard:
		return f.Node + " = " + f.State
	case network.Negative:
		return f.Node + " ≠ " + strings.Join(f.NotStates, ", ")
	default:
		v, _ := m.Net.Index(f.Node)
		parts := make([]string, len(f.Weights))
		for i, w := range f.Weights {
			parts[i] = fmt.Sprintf("%s:%g", m.Net.Variable(v).States[i], num(w))
		}
		return f.Node + " ~ likelihood(" + strings.Join(parts, ", ") + ")"
	}
}

func runDiff(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("diff", stderr)
	asJSON := fs.Bool("json", false, "machine-readable JSON output")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("want two MODEL files (old and new), got %d arguments", len(pos))
	}
	a, err := loadModel(pos[0])
	if err != nil {
		return err
	}
	b, err := loadModel(pos[1])
	if err != nil {
		return err
	}
	printWarnings(stderr, a)
	printWarnings(stderr, b)
	d, err := modeldiff.Compare(a.Model, b.Model)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, d)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	if d.Empty() {
		fmt.Fprintln(tw, "structure and numbers are identical")
	}
	list := func(title string, items []string) {
		if len(items) > 0 {
			fmt.Fprintf(tw, "%s: %s\n", title, strings.Join(items, ", "))
		}
	}
	list("nodes added", d.NodesAdded)
	list("nodes removed", d.NodesRemoved)
	for _, kv := range sortedKeys(d.StatesAdded) {
		list("states added to "+kv, d.StatesAdded[kv])
	}
	for _, kv := range sortedKeys(d.StatesRemoved) {
		list("states removed from "+kv, d.StatesRemoved[kv])
	}
	edgeList := func(es []modeldiff.Edge) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.From + " → " + e.To
		}
		return out
	}
	list("edges added", edgeList(d.EdgesAdded))
	list("edges removed", edgeList(d.EdgesRemoved))
	list("CPTs replaced (parents or states changed)", d.CPTReplaced)
	if len(d.CPTChanges) > 0 {
		fmt.Fprintln(tw, "\nCPT entries changed:")
		for _, c := range d.CPTChanges {
			given := ""
			if len(c.Given) > 0 {
				var parts []string
				for _, k := range sortedKeys(c.Given) {
					parts = append(parts, k+"="+c.Given[k])
				}
				given = " | " + strings.Join(parts, ", ")
			}
			fmt.Fprintf(tw, "  P(%s=%s%s)\t%g\t→ %g\n", c.Node, c.State, given, num(c.Old), num(c.New))
		}
	}
	moved := 0
	for _, s := range d.Shifts {
		if math.Abs(s.Delta) > 1e-9 {
			moved++
		}
	}
	if moved == 0 && len(d.Shifts) > 0 {
		fmt.Fprintln(tw, "no outcome belief moved under the baseline or the shared scenarios")
	}
	if moved > 0 {
		fmt.Fprintln(tw, "\noutcome beliefs that moved (old → new):")
		for _, s := range d.Shifts {
			if math.Abs(s.Delta) <= 1e-9 {
				continue
			}
			sc := s.Scenario
			if sc == "" {
				sc = "baseline"
			}
			fmt.Fprintf(tw, "  %s\t%s=%s\t%s\t→ %s\t(%+.1f pp)\n", sc, s.Node, s.State, percent(s.Old, 1), percent(s.New, 1), num(100*s.Delta))
		}
	}
	for _, e := range d.ScenarioErrors {
		fmt.Fprintln(tw, "warning: "+e)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeJSON writes v as indented JSON with every control character
// escaped (jsonEscapeControls). Give floats that may not be finite the
// type jsonFloat; a plain float64 that is NaN or infinite makes the
// encoder fail, and then nothing is written.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(jsonEscapeControls(b.Bytes()))
	return err
}
