package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportDecisions: brinkctl report puts the page on the decisions in
// the brief by itself — the two sides' table for the standoff example,
// each decision's options for the oil wildcatter — read back with
// pdftotext when poppler-utils is installed.
func TestReportDecisions(t *testing.T) {
	for _, tc := range []struct {
		model string
		want  []string
	}{
		{"../../docs/examples/standoff-game.toml", []string{"The two sides' options", "Rows: United States", "Columns: Iran",
			"For United States the best move depends on what Iran does", "Utilities are the analyst's judgements, not measurements:"}},
		{"../../models/oil-wildcatter.toml", []string{"Seismic test? — Wildcatter", "Drill? — Wildcatter", "The best choice depends on what is known then:",
			"Utilities are the analyst's judgements, not measurements:"}},
	} {
		t.Run(filepath.Base(tc.model), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "brief.pdf")
			if _, stderr, err := runReportT(t, tc.model, "-o", out); err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			tool, err := exec.LookPath("pdftotext")
			if err != nil {
				t.Skip("pdftotext not found; install poppler-utils to check the brief's text")
			}
			text, err := exec.Command(tool, "-layout", out, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			words := strings.Join(strings.Fields(string(text)), " ")
			for _, want := range tc.want {
				if !strings.Contains(words, want) {
					t.Errorf("brief lacks %q", want)
				}
			}
		})
	}
}
