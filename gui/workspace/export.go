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
		if format != "pdf" {
			return "", fmt.Errorf("a brief is a PDF file; choose a name ending in .pdf")
		}
		var cols []report.Column
		if w.ev.Len() > 0 && w.scenario == "" {
			cols = append(cols, w.currentColumn())
		}
		for i := range m.Scenarios {
			c, cerr := report.ScenarioColumn(m, &m.Scenarios[i])
			if cerr != nil {
				return "", cerr
			}
			cols = append(cols, c)
		}
		if len(cols) == 0 {
			cols = append(cols, report.Column{Name: "baseline"})
		}
		if opts, err = report.WithAnalyses(m, opts); err == nil {
			err = report.Brief(&buf, m, cols, opts)
		}
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
