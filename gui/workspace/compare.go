package workspace

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"brink/gui/report"
	"brink/internal/atomicfile"
	"brink/network/model"
)

// ComparisonColumns returns the report columns of the named scenarios
// ("" is the baseline), each headed by the scenario's title, for charting
// a comparison with WriteChart or gui/report. The columns hold the
// scenarios as they are now: later edits to the scenarios leave them be.
func (w *Workspace) ComparisonColumns(names []string) ([]report.Column, error) {
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
		c.Name = sc.DisplayTitle()
		cols = append(cols, c)
	}
	return cols, nil
}

// WriteChart writes the intention and outcome chart of cols, columns on
// m's network, to path, its format chosen by the extension (.png, .svg or
// .pdf), atomically: the drawing of Export's outcome chart. It returns a
// one-line summary of what was written.
func WriteChart(m *model.Model, cols []report.Column, path string, opts report.Options) (string, error) {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	var buf bytes.Buffer
	if err := report.OutcomeChart(&buf, format, m, cols, opts); err != nil {
		return "", err
	}
	if _, err := atomicfile.Write(path, buf.Bytes(), nil); err != nil {
		return "", err
	}
	return fmt.Sprintf("Wrote %s (%d KB).", filepath.Base(path), (buf.Len()+1023)/1024), nil
}
