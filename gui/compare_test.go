package gui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"brink/gui/report"
)

// TestComparePickerListsEveryScenario opens the compare picker on the
// US–Iran model in a 1024×700 window: one check box per scenario, by
// title, all in view; Select all and None tick and clear them all.
func TestComparePickerListsEveryScenario(t *testing.T) {
	win, ws := openUSIran(t, fyne.NewSize(1024, 700))
	cp := win.scenarios.newComparePicker()
	cp.d.Show()
	scs := ws.Model().Scenarios
	if len(cp.checks) != len(scs) {
		t.Fatalf("%d check boxes for %d scenarios", len(cp.checks), len(scs))
	}
	t.Logf("list %v", cp.list.Size())
	for i, c := range cp.checks {
		if c.Text != scs[i].DisplayTitle() {
			t.Errorf("check %d reads %q, want %q", i, c.Text, scs[i].DisplayTitle())
		}
		if !inside(c, cp.list) {
			t.Errorf("check %q is not in view: the list is %v", c.Text, cp.list.Size())
		}
	}
	if pop := win.w.Canvas().Overlays().Top(); pop == nil || !inside(cp.list, pop) {
		t.Fatal("the list is not inside the dialog")
	}
	test.Tap(cp.all)
	if got := cp.selected(); len(got) != len(scs) {
		t.Errorf("select all: %v", got)
	}
	test.Tap(cp.none)
	if got := cp.selected(); len(got) != 0 {
		t.Errorf("none: %v", got)
	}
}

// TestCompareChartLegible shows the comparison of every US–Iran scenario
// and checks that the chart is drawn at its shown size, pixel for pixel,
// with no text under 11 px (measured from the same chart as SVG, whose
// font sizes are in the file).
func TestCompareChartLegible(t *testing.T) {
	win, ws := openUSIran(t, fyne.NewSize(1024, 700))
	var names []string
	for _, s := range ws.Model().Scenarios {
		names = append(names, s.Name)
	}
	for _, n := range []int{2, 3, len(names)} {
		cv := win.scenarios.showComparison(names[:n])
		if cv == nil {
			t.Fatal("no comparison window")
		}
		cv.w.Resize(fyne.NewSize(1000, 700))
		size := cv.chart.Size()
		img := cv.draw(int(size.Width), int(size.Height))
		if b := img.Bounds(); b.Dx() != int(size.Width) || b.Dy() != int(size.Height) {
			t.Errorf("%d scenarios: chart image %v for a raster of %v", n, b, size)
		}
		var svg bytes.Buffer
		if err := report.OutcomeChart(&svg, "svg", cv.m, cv.cols, report.Options{Width: int(size.Width), Height: int(size.Height)}); err != nil {
			t.Fatal(err)
		}
		px := smallestText(svg.String())
		t.Logf("%d scenarios: chart %v, smallest text %.1f px", n, size, px)
		if px < 11 {
			t.Errorf("%d scenarios at %v: smallest text %.1f px", n, size, px)
		}
		cv.w.Close()
	}
}

// smallestText returns the smallest font size in an SVG from gui/report,
// in its logical pixels (0.75 pt each).
func smallestText(svg string) float64 {
	least := 1e9
	for _, m := range regexp.MustCompile(`font-size:([0-9.]+)`).FindAllStringSubmatch(svg, -1) {
		if f, err := strconv.ParseFloat(m[1], 64); err == nil {
			least = min(least, f/0.75)
		}
	}
	return least
}

// TestCompareExport exports the comparison chart from its window as PNG
// and PDF.
func TestCompareExport(t *testing.T) {
	win, _ := openAsia(t)
	cv := win.scenarios.showComparison([]string{"smoker_with_dyspnoea", "asia_positive_xray"})
	if cv == nil {
		t.Fatal("no comparison window")
	}
	if cv.w.Title() != "Scenario comparison — differences against Smoker short of breath" {
		t.Errorf("window title %q", cv.w.Title())
	}
	dir := t.TempDir()
	for _, name := range []string{"cmp.png", "cmp.pdf", "cmp.svg"} {
		path := filepath.Join(dir, name)
		if err := cv.write(path); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 {
			t.Fatalf("%s: %d bytes, %v", name, len(data), err)
		}
		if filepath.Ext(name) == ".png" {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if b := img.Bounds(); b.Dx() != report.DefaultWidth {
				t.Errorf("%s is %v", name, b)
			}
		}
	}
	// The button asks for a path over the comparison window, not over the
	// main window behind it.
	test.Tap(cv.export)
	if cv.w.Canvas().Overlays().Top() == nil {
		t.Error("Export chart… asked nothing in the comparison window")
	}
	if texts := dialogTexts(win); len(texts) != 0 {
		t.Errorf("Export chart… asked in the main window: %q", texts)
	}
}

// TestComparisonWindowFitsScreen opens the comparison from a main window
// fitted to a 1366×768 screen: the comparison is no larger than it.
func TestComparisonWindowFitsScreen(t *testing.T) {
	main := InitialSize(fyne.NewSize(1366, 768))
	win, ws := openUSIran(t, main)
	var names []string
	for _, s := range ws.Model().Scenarios {
		names = append(names, s.Name)
	}
	cv := win.scenarios.showComparison(names)
	if cv == nil {
		t.Fatal("no comparison window")
	}
	if got := cv.w.Canvas().Size(); got.Width > main.Width || got.Height > main.Height {
		t.Errorf("comparison window %v, main window %v", got, main)
	}
}
