package gui

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"brink/gui/report"
	"brink/gui/workspace"
	"brink/network/analysis"
	"brink/network/model"
)

// comparePicker is the dialog that chooses the scenarios to compare: a
// check box per scenario, by title, in a list as tall as the window
// allows.
type comparePicker struct {
	d         dialog.Dialog
	names     []string // scenario names, in the model's order
	checks    []*widget.Check
	all, none *widget.Button
	list      *container.Scroll
}

// selected returns the names of the ticked scenarios, in the model's
// order.
func (cp *comparePicker) selected() []string {
	var out []string
	for i, c := range cp.checks {
		if c.Checked {
			out = append(out, cp.names[i])
		}
	}
	return out
}

func (cp *comparePicker) setAll(on bool) {
	for _, c := range cp.checks {
		c.SetChecked(on)
	}
}

// compareDialog lets the analyst pick scenarios and shows the intention
// and outcome probabilities side by side.
func (p *scenarioPanel) compareDialog() {
	if cp := p.newComparePicker(); cp != nil {
		cp.d.Show()
	}
}

func (p *scenarioPanel) newComparePicker() *comparePicker {
	scs := p.win.ws.Model().Scenarios
	if len(scs) == 0 {
		dialog.ShowInformation("Compare", "This model has no saved scenarios.", p.win.w)
		return nil
	}
	cp := &comparePicker{}
	boxes := container.NewVBox()
	for i := range scs {
		c := widget.NewCheck(scs[i].DisplayTitle(), nil)
		c.Checked = i < 3
		cp.names = append(cp.names, scs[i].Name)
		cp.checks = append(cp.checks, c)
		boxes.Add(c)
	}
	cp.list = container.NewVScroll(boxes)
	cp.all = widget.NewButton("Select all", func() { cp.setAll(true) })
	cp.none = widget.NewButton("None", func() { cp.setAll(false) })
	top := container.NewHBox(widget.NewLabel("Scenarios to compare, side by side:"), layout.NewSpacer(), cp.all, cp.none)
	cp.d = dialog.NewCustomConfirm("Compare scenarios", "Compare", "Cancel", container.NewBorder(top, nil, nil, nil, cp.list), func(ok bool) {
		if names := cp.selected(); ok && len(names) > 0 {
			p.showComparison(names)
		}
	}, p.win.w)
	cs := p.win.w.Canvas().Size()
	want := fyne.NewSize(max(560, top.MinSize().Width+80), boxes.MinSize().Height+top.MinSize().Height+160)
	cp.d.Resize(fyne.NewSize(min(want.Width, cs.Width-2*dialogMargin), min(want.Height, cs.Height-2*dialogMargin)))
	return cp
}

// comparisonView is a window comparing scenarios: their intention and
// outcome chart, drawn at the size shown, and a table of the
// probabilities, with an export of the chart.
type comparisonView struct {
	w      fyne.Window
	m      *model.Model
	cols   []report.Column // the scenarios as they were when compared
	chart  *canvas.Raster
	export *widget.Button

	cached image.Image // the last chart drawn, reused at the same size
}

// Chart sizes. The chart lays out for a 1920×1080 slide and scales its
// text with the smaller of width/1920 and height/1080; its smallest text
// is 17/1920 of the width (the footnote) and, when many scenarios thin the
// bars, 12/1920. At least 1280 logical pixels wide keeps the footnote at
// 11 px or more; each scenario past three adds height, so that the bars
// and their values stay as large.
const (
	chartMinWidth  = 1280
	chartMinHeight = chartMinWidth * 9 / 16
)

// chartMinSize is the smallest size at which the chart of n scenarios is
// shown: larger windows draw it larger, smaller ones scroll.
func chartMinSize(n int) fyne.Size {
	return fyne.NewSize(chartMinWidth, chartMinHeight*(1+0.35*float32(max(0, n-3))))
}

func (p *scenarioPanel) showComparison(names []string) *comparisonView {
	ws := p.win.ws
	cmp, err := ws.Compare(names, ws.Model().BriefingNodes())
	if err != nil {
		p.win.showError(err)
		return nil
	}
	cv := &comparisonView{m: ws.Model()}
	if cv.cols, err = ws.ComparisonColumns(names); err != nil {
		p.win.showError(err)
		return nil
	}
	cv.w = fyne.CurrentApp().NewWindow("Scenario comparison — differences against " + cmp.Titles[0])
	cv.chart = canvas.NewRaster(cv.draw)
	cv.chart.SetMinSize(chartMinSize(len(names)))
	cv.export = widget.NewButton("Export chart…", func() {
		p.win.askSavePathIn(cv.w, "Export comparison chart as", "Export", "comparison.png", cv.write)
	})
	note := widget.NewLabel(fmt.Sprintf("%d scenarios compared; the table gives differences in percentage points against “%s”.", len(names), cmp.Titles[0]))
	note.Truncation = fyne.TextTruncateEllipsis
	head := container.NewBorder(nil, nil, nil, cv.export, note)
	tabs := container.NewAppTabs(
		container.NewTabItem("Chart", container.NewScroll(cv.chart)),
		container.NewTabItem("Table", comparisonTable(cmp)),
	)
	cv.w.SetContent(container.NewBorder(head, nil, nil, nil, tabs))
	// No larger than the main window, which was fitted to the screen.
	main := p.win.w.Canvas().Size()
	if main.Width <= 0 || main.Height <= 0 {
		main = FallbackSize
	}
	cv.w.Resize(fyne.NewSize(min(chartMinWidth+40, main.Width), min(900, main.Height)))
	cv.w.Show()
	return cv
}

// draw renders the chart for a raster of pw×ph pixels: at the raster's
// size in logical pixels times the canvas scale, so that the picture is
// shown pixel for pixel, never scaled down.
func (cv *comparisonView) draw(pw, ph int) image.Image {
	if c := cv.cached; c != nil && c.Bounds().Dx() == pw && c.Bounds().Dy() == ph {
		return c
	}
	scale := 1.0
	if s := cv.chart.Size(); s.Width > 0 {
		scale = float64(pw) / float64(s.Width)
	}
	opts := report.Options{Width: max(1, int(math.Round(float64(pw)/scale))), Height: max(1, int(math.Round(float64(ph)/scale))), Scale: scale}
	var buf bytes.Buffer
	if err := report.OutcomeChart(&buf, "png", cv.m, cv.cols, opts); err != nil {
		return image.NewNRGBA(image.Rect(0, 0, pw, ph))
	}
	img, err := png.Decode(&buf)
	if err != nil {
		return image.NewNRGBA(image.Rect(0, 0, pw, ph))
	}
	cv.cached = img
	return img
}

// write exports the chart to path, as File → Export → Outcome Chart
// does: PNG, SVG or PDF by the extension, at the default slide size.
func (cv *comparisonView) write(path string) error {
	_, err := workspace.WriteChart(cv.m, cv.cols, path, report.Options{})
	return err
}

// comparisonTable lists the probabilities of each state under each
// scenario, with the difference against the first.
func comparisonTable(cmp *workspace.Comparison) *widget.Table {
	cols := 2 + len(cmp.Scenarios)
	t := widget.NewTable(
		func() (int, int) { return len(cmp.Rows) + 1, cols },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			if id.Row == 0 {
				switch id.Col {
				case 0:
					l.SetText("node")
				case 1:
					l.SetText("state")
				default:
					l.SetText(cmp.Titles[id.Col-2])
				}
				return
			}
			r := cmp.Rows[id.Row-1]
			switch id.Col {
			case 0:
				l.SetText(r.Node)
			case 1:
				l.SetText(r.State)
			default:
				i := id.Col - 2
				txt := analysis.Percent(r.Values[i])
				if i > 0 {
					d, _ := deltaText(r.Values[i] - r.Values[0])
					txt += "  " + d
				}
				l.SetText(txt)
			}
		})
	t.SetColumnWidth(0, 200)
	t.SetColumnWidth(1, 170)
	for c := 2; c < cols; c++ {
		t.SetColumnWidth(c, 200)
	}
	return t
}
