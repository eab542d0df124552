package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"brink/gui/report"
	"brink/internal/atomicfile"
	"brink/network"
	"brink/network/model"
	"brink/network/timeline"
)

// currentFindings names the scenario made of the findings given with -e,
// --not and --likelihood.
const currentFindings = "current findings"

// runReport writes briefing material: a scenario brief (.pdf), the
// network picture, the outcome chart or the log's path chart (.png, .svg,
// or .pdf with --what).
//
//	brinkctl report MODEL [--scenario NAME]... [-e/--not/--likelihood ...] -o OUT.{pdf,png,svg}
//	                [--what brief|network|outcomes|path] [--width W --height H --scale S]
//	                [--reference NAME] [--handling TEXT] [--sections summary,comparison,...]
//
// Each --scenario is one column of the report; findings given with -e,
// --not and --likelihood form one more, named "current findings". With
// neither, a brief covers every saved scenario in the model's order, as
// the window's export dialog starts; a picture shows the model without
// findings.
func runReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", stderr)
	var (
		findings      findingFlags
		scenarios     stringList
		out, what     string
		width, height int
		scale         float64
		reference     string
		handling      string
		sections      string
	)
	findings.register(fs)
	fs.Var(&scenarios, "scenario", "report on the saved scenario `NAME` (repeatable: several are compared)")
	fs.StringVar(&out, "o", "", "output file `OUT`.pdf, .png or .svg")
	fs.StringVar(&what, "what", "", "what to draw: `brief` (default for .pdf), network (default for .png, .svg), outcomes, or path (the log's path over its dates)")
	fs.IntVar(&width, "width", report.DefaultWidth, "picture width in `pixels`")
	fs.IntVar(&height, "height", report.DefaultHeight, "picture height in `pixels`")
	fs.Float64Var(&scale, "scale", 1, "PNG pixel `factor`, e.g. 2 for a high-DPI projector")
	fs.StringVar(&handling, "handling", "", "print the handling line `TEXT` at the top and bottom of every page of the brief, e.g. \"UNCLASSIFIED — FOR TRAINING\" (default: the model's handling line, if it has one)")
	fs.StringVar(&sections, "sections", "", "write only these sections of the brief, comma-separated: `LIST` of "+strings.Join(report.AllSections, ", ")+" (default all), or "+strings.Join(report.OptionalSections, ", ")+" (only when named; a model with a log)")
	fs.StringVar(&reference, "reference", "", "compare the brief's scenarios against the scenario `NAME` (one of the --scenario flags) instead of the model without findings")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: brinkctl report MODEL [--scenario NAME]... [-e VAR=STATE]... -o OUT.{pdf,png,svg} [--what brief|network|outcomes]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want exactly one MODEL file, got %d arguments", len(pos))
	}
	if out == "" {
		return fmt.Errorf("want -o OUT.pdf, OUT.png or OUT.svg")
	}
	if !(scale > 0) { // also NaN
		return fmt.Errorf("--scale %v: want a positive factor", scale)
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	if format != "pdf" && format != "png" && format != "svg" {
		return fmt.Errorf("-o %s: unknown format %q (want .pdf, .png or .svg)", out, filepath.Ext(out))
	}
	if what == "" {
		what = "network"
		if format == "pdf" {
			what = "brief"
		}
	}
	switch what {
	case "brief":
		if format != "pdf" {
			return fmt.Errorf("--what brief: the brief is a PDF; want -o OUT.pdf")
		}
	case "network", "outcomes", "path":
	default:
		return fmt.Errorf("--what %q: want brief, network, outcomes or path", what)
	}

	doc, err := loadModel(pos[0])
	if err != nil {
		return err
	}
	printWarnings(stderr, doc)
	m := doc.Model
	if what == "brief" && len(scenarios) == 0 && len(findings.hard)+len(findings.not)+len(findings.likelihood)+len(findings.do) == 0 {
		for _, s := range m.Scenarios {
			scenarios = append(scenarios, s.Name)
		}
	}
	cols, err := reportColumns(m, pos[0], scenarios, &findings)
	if err != nil {
		return err
	}
	opts := report.Options{Width: width, Height: height, Scale: scale, Handling: handling}
	if sections != "" {
		for _, s := range strings.Split(sections, ",") {
			opts.Sections = append(opts.Sections, strings.TrimSpace(s))
		}
	}
	if reference != "" {
		opts.Reference = reference
		if sc, ok := m.Scenario(reference); ok {
			opts.Reference = sc.DisplayTitle() // the columns are named by their titles
		}
	}
	if opts, err = report.WithAnalyses(m, opts); err != nil {
		return err
	}

	var buf bytes.Buffer
	var summary string
	switch what {
	case "brief":
		err = report.Brief(&buf, m, cols, opts)
		summary = "scenario brief"
		if len(cols) > 1 {
			summary += " with a comparison page"
		}
	case "outcomes":
		err = report.OutcomeChart(&buf, format, m, cols, opts)
		summary = "outcome chart"
	case "path":
		// The log's path: every intention and outcome over its dates,
		// as brinkctl log tabulates it and the Log tab draws it.
		if len(m.Log) == 0 {
			return fmt.Errorf("%s has no log: the path needs dated entries ([[log]] in the model file)", pos[0])
		}
		b, err := timeline.NewBeliefs(m)
		if err != nil {
			return err
		}
		path, err := timeline.ComputePath(b)
		if err != nil {
			return err
		}
		if err := report.PathChart(&buf, format, m, path, opts); err != nil {
			return err
		}
		if _, err := atomicfile.Write(out, buf.Bytes(), nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: path chart, %d log entries (%s)\n", out, len(m.Log), byteSize(buf.Len()))
		return nil
	case "network":
		if len(cols) > 1 {
			return fmt.Errorf("the network picture shows one scenario, not %d: give one --scenario, or use --what outcomes or a .pdf brief to compare", len(cols))
		}
		err = report.NetworkImage(&buf, format, m, cols[0], opts)
		summary = "network picture"
	}
	if err != nil {
		return err
	}
	if format == "png" {
		summary += fmt.Sprintf(", %d×%d px", int(float64(width)*scale+0.5), int(float64(height)*scale+0.5))
	}
	if _, err := atomicfile.Write(out, buf.Bytes(), nil); err != nil {
		return err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	label := "scenario"
	if len(cols) > 1 {
		label = "scenarios"
	}
	fmt.Fprintf(stdout, "wrote %s: %s, %s %s (%s)\n", out, summary, label, strings.Join(names, ", "), byteSize(buf.Len()))
	return nil
}

// reportColumns builds the report's columns: each saved scenario named,
// in order, then the findings of the flags as "current findings"; the
// model without findings when there is neither.
func reportColumns(m *model.Model, path string, scenarios []string, findings *findingFlags) ([]report.Column, error) {
	var cols []report.Column
	for _, name := range scenarios {
		sc, ok := m.Scenario(name)
		if !ok {
			var names []string
			for _, s := range m.Scenarios {
				names = append(names, s.Name)
			}
			return nil, fmt.Errorf("%s has no scenario %q (scenarios: %s)", path, name, strings.Join(names, ", "))
		}
		col, err := report.ScenarioColumn(m, sc)
		if err != nil {
			return nil, err
		}
		cols = append(cols, col)
	}
	if len(findings.hard)+len(findings.not)+len(findings.likelihood)+len(findings.do) > 0 {
		ev := network.NewEvidence(m.Net)
		if err := findings.addTo(ev); err != nil {
			return nil, err
		}
		cols = append(cols, report.Column{Name: currentFindings, Evidence: ev})
	}
	if len(cols) == 0 {
		cols = append(cols, report.Column{Name: "no findings", Evidence: network.NewEvidence(m.Net)})
	}
	return cols, nil
}

// byteSize renders a file size for people: "812 B", "64 KB", "1.2 MB".
func byteSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.0f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
