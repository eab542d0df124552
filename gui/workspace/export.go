package workspace

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"brink/gui/report"
	"brink/internal/atomicfile"
)

// What an export contains.
const (
	ExportNetwork  = "network"  // the network picture with the current beliefs
	ExportOutcomes = "outcomes" // intention and outcome chart: baseline and current findings
	ExportBrief    = "brief"    // PDF brief: current findings (if any) and every saved scenario
)

// currentColumn is the column of the findings shown now, named after the
// applied scenario when they are one.
func (w *Workspace) currentColumn() report.Column {
	name := "current findings"
	if w.scenario != "" {
		name = w.scenario
	}
	c := report.Column{Name: name, Evidence: w.ev.Clone()}
	if sc, ok := w.Model().Scenario(w.scenario); ok {
		if full, err := report.ScenarioColumn(w.Model(), sc); err == nil {
			c = full
		}
	}
	return c
}

// Export writes briefing material to path, its format chosen by the
// extension (.png, .svg or .pdf; a brief is always PDF), atomically. It
// returns a one-line summary of what was written.
func (w *Workspace) Export(what, path string, opts report.Options) (string, error) {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	m := w.Model()
	var buf bytes.Buffer
	var err error
	switch what {
	case ExportNetwork:
		err = report.NetworkImage(&buf, format, m, w.currentColumn(), opts)
	case ExportOutcomes:
		cols := []report.Column{{Name: "baseline"}}
		if w.ev.Len() > 0 {
			cols = append(cols, w.currentColumn())
		}
		err = report.OutcomeChart(&buf, format, m, cols, opts)
	case ExportBrief:
		all := make([]int, len(m.Scenarios))
		for i := range all {
			all[i] = i
		}
		if w.UnsavedFindings() {
			all = append([]int{CurrentFindings}, all...)
		}
		cols, cerr := w.BriefColumns(all)
		if cerr != nil {
			return "", cerr
		}
		return w.WriteBrief(path, cols, opts)
	default:
		return "", fmt.Errorf("workspace: unknown export %q", what)
	}
	if err != nil {
		return "", err
	}
	if _, err := atomicfile.Write(path, buf.Bytes(), nil); err != nil {
		return "", err
	}
	return fmt.Sprintf("Wrote %s (%d KB).", filepath.Base(path), (buf.Len()+1023)/1024), nil
}

// CurrentFindings stands for the findings shown now, not saved as a
// scenario, in the list given to BriefColumns.
const CurrentFindings = -1

// UnsavedFindings reports whether findings are set that are not an
// applied saved scenario: a brief can take them as a column of their own.
func (w *Workspace) UnsavedFindings() bool { return w.ev.Len() > 0 && w.scenario == "" }

// BriefColumns returns the columns of a brief on the saved scenarios at
// the given indices of the model's Scenarios, in that order
// (CurrentFindings is the findings shown now); the model without
// findings, named "baseline", when the list is empty.
func (w *Workspace) BriefColumns(scenarios []int) ([]report.Column, error) {
	m := w.Model()
	var cols []report.Column
	for _, i := range scenarios {
		switch {
		case i == CurrentFindings:
			cols = append(cols, w.currentColumn())
		case i >= 0 && i < len(m.Scenarios):
			c, err := report.ScenarioColumn(m, &m.Scenarios[i])
			if err != nil {
				return nil, err
			}
			cols = append(cols, c)
		default:
			return nil, fmt.Errorf("workspace: no scenario number %d (the model has %d)", i, len(m.Scenarios))
		}
	}
	if len(cols) == 0 {
		cols = append(cols, report.Column{Name: "baseline"})
	}
	return cols, nil
}

// WriteBrief writes the PDF brief of cols to path, atomically, with the
// model's analyses (drivers, what to collect next, in words) added to
// opts, and returns a one-line summary of what was written.
func (w *Workspace) WriteBrief(path string, cols []report.Column, opts report.Options) (string, error) {
	if format := strings.ToLower(filepath.Ext(path)); format != ".pdf" {
		return "", fmt.Errorf("a brief is a PDF file; choose a name ending in .pdf")
	}
	m := w.Model()
	opts, err := report.WithAnalyses(m, opts)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := report.Brief(&buf, m, cols, opts); err != nil {
		return "", err
	}
	if _, err := atomicfile.Write(path, buf.Bytes(), nil); err != nil {
		return "", err
	}
	return fmt.Sprintf("Wrote %s (%d KB).", filepath.Base(path), (buf.Len()+1023)/1024), nil
}

// ChartPNG renders the intention and outcome chart of the named scenarios
// ("" is the baseline) side by side, for showing in the app.
func (w *Workspace) ChartPNG(names []string, width, height int) ([]byte, error) {
	m := w.Model()
	var cols []report.Column
	for _, name := range names {
		if name == "" {
			cols = append(cols, report.Column{Name: "baseline"})
			continue
		}
		sc, ok := m.Scenario(name)
		if !ok {
			return nil, fmt.Errorf("workspace: no scenario %q", name)
		}
		c, err := report.ScenarioColumn(m, sc)
		if err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	var buf bytes.Buffer
	if err := report.OutcomeChart(&buf, "png", m, cols, report.Options{Width: width, Height: height}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
