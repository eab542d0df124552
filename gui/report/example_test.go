package report_test

import (
	"bytes"
	"fmt"
	"image/png"

	"brink/gui/report"
	"brink/network/formats"
)

// Draw the intentions and outcomes of a saved scenario as a PNG for a
// high-DPI projector.
func ExampleOutcomeChart() {
	doc, err := formats.Load("../../models/us-iran.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := doc.Model
	sc, _ := m.Scenario("red_sea_spark")
	col, err := report.ScenarioColumn(m, sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := report.OutcomeChart(&buf, "png", m, []report.Column{col}, report.Options{Scale: 2}); err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := png.DecodeConfig(&buf)
	fmt.Println(cfg.Width, cfg.Height, err)
	// Output: 3840 2160 <nil>
}

// Write a brief comparing two saved scenarios; impossible evidence or a
// failing callback would be an error, with nothing written.
func ExampleBrief() {
	doc, err := formats.Load("../../models/us-iran.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := doc.Model
	var cols []report.Column
	for _, name := range []string{"maximum_pressure", "red_sea_spark"} {
		sc, _ := m.Scenario(name)
		col, err := report.ScenarioColumn(m, sc)
		if err != nil {
			fmt.Println(err)
			return
		}
		cols = append(cols, col)
	}
	var buf bytes.Buffer
	err = report.Brief(&buf, m, cols, report.Options{})
	fmt.Println(bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")), err)
	// Output: true <nil>
}
