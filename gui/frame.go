package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/network"
	"brink/network/analysis"
	"brink/network/model"
)

// This file holds the window's frame: its size on the screen, the status
// bar and the layout that keeps the side panel's splits where the analyst
// left them.

// DefaultSize is the size a window opens at on a screen with room for it.
var DefaultSize = fyne.NewSize(1440, 900)

// FallbackSize is the size a window opens at when the screen's size is not
// known: it fits a 1366×768 screen, the smallest common laptop screen, with
// room for a panel and the window's title bar.
var FallbackSize = fyne.NewSize(1280, 680)

// screenMargin is what InitialSize leaves free of the work area for the
// window manager's title bar and borders.
var screenMargin = fyne.NewSize(40, 60)

// InitialSize returns the size a window opens at on a screen whose work
// area (the screen less panels and docks, in Fyne units) is work:
// DefaultSize, or less where the work area less screenMargin is smaller.
// A zero or negative work area means it is unknown: FallbackSize.
func InitialSize(work fyne.Size) fyne.Size {
	if work.Width <= 0 || work.Height <= 0 {
		return FallbackSize
	}
	return fyne.NewSize(
		max(min(DefaultSize.Width, work.Width-screenMargin.Width), 1),
		max(min(DefaultSize.Height, work.Height-screenMargin.Height), 1),
	)
}

// FitScreen sizes the window for a screen whose work area is work (zero
// when unknown; see InitialSize). Call it before showing the window.
func (win *Window) FitScreen(work fyne.Size) {
	win.w.Resize(InitialSize(work))
}

// findingLabel describes a finding with the model's labels, for the status
// bar and the findings list: "Carrier deployment = Surge", "Carrier
// deployment: not Surge, Hold", "Carrier deployment: likelihood Surge 0.8,
// Hold 0.2".
func findingLabel(m *model.Model, f network.Finding) string { return m.FindingText(f) }

// noFindingsText is the status bar's text when there are no findings.
const noFindingsText = "No findings — click a state on any card to set it; click again to retract."

// statusText is the status bar's one line: the applied scenario's title,
// the number of findings and their labels, and how likely the model
// found them together, P(findings), in plain words. The bar
// truncates it to the window's width; the Findings button beside it lists
// them in full.
func statusText(m *model.Model, ev *network.Evidence, scenario string, pEv float64) string {
	fs := ev.Findings()
	acts := ev.Interventions()
	if len(fs) == 0 && len(acts) == 0 {
		return noFindingsText
	}
	var s string
	if len(fs) > 0 {
		parts := make([]string, len(fs))
		for i, f := range fs {
			parts[i] = findingLabel(m, f)
		}
		noun := "findings"
		if len(fs) == 1 {
			noun = "finding"
		}
		s = fmt.Sprintf("%d %s: %s · chance of these findings: %s", len(fs), noun, strings.Join(parts, "; "), analysis.Chance(pEv))
	}
	if len(acts) > 0 {
		parts := make([]string, len(acts))
		for i, it := range acts {
			parts[i] = m.Label(it.Variable) + " = " + m.StateLabel(it.Variable, it.State)
		}
		a := "set by action: " + strings.Join(parts, "; ")
		if s == "" {
			s = capitalise(a)
		} else {
			s += " · " + a
		}
	}
	if scenario != "" {
		title := scenario
		if sc, ok := m.Scenario(scenario); ok {
			title = sc.DisplayTitle()
		}
		s = "Scenario “" + title + "” · " + s
	}
	return s
}

// newStatusBar builds the status bar: a line that truncates with an
// ellipsis instead of widening the window, and a button listing the
// findings in full.
func (win *Window) newStatusBar() fyne.CanvasObject {
	win.status = widget.NewLabel("")
	win.status.Truncation = fyne.TextTruncateEllipsis
	win.findingsButton = widget.NewButton("Findings…", win.showFindings)
	return container.NewBorder(nil, nil, nil, win.findingsButton, win.status)
}

// showFindings lists the current findings, one a line, with their labels.
func (win *Window) showFindings() {
	m := win.ws.Model()
	ev := win.ws.Evidence()
	var lines []string
	if sc := win.ws.AppliedScenario(); sc != "" {
		title := sc
		if s, ok := m.Scenario(sc); ok {
			title = s.DisplayTitle()
		}
		lines = append(lines, "Scenario: "+title, "")
	}
	for _, f := range ev.Findings() {
		lines = append(lines, findingLabel(m, f))
	}
	for _, it := range ev.Interventions() {
		lines = append(lines, m.ActionText(it)+": what follows if it is made so; its causes keep their beliefs")
	}
	if len(ev.Findings()) == 0 {
		if ev.DoLen() == 0 {
			lines = append(lines, "No findings.")
		}
	} else {
		lines = append(lines, "", "Chance of these findings: "+analysis.Chance(win.ws.ProbEvidence())+
			". Before they were seen, this is how likely the model found all of them together (P(findings)). A small chance says the case is unusual for the model; a very small one can mean the model misses something.")
	}
	text := widget.NewLabel(strings.Join(lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	d := dialog.NewCustom("Findings", "Close", scroll, win.w)
	d.Resize(fyne.NewSize(560, 420))
	d.Show()
}

// stableMin lays its one object out at the full size it is given, but
// reports a fixed minimum size whatever the object's own: a Split keeps
// its offset when the object's content changes (selecting a node fills
// the inspector), and content larger than the space scrolls or is clipped
// inside the object rather than moving the split.
type stableMin struct{ min fyne.Size }

func (l stableMin) MinSize([]fyne.CanvasObject) fyne.Size { return l.min }

func (l stableMin) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// withStableMin wraps o in a container of minimum size min; see stableMin.
func withStableMin(o fyne.CanvasObject, min fyne.Size) *fyne.Container {
	return container.New(stableMin{min: min}, o)
}

// sideLayout places the side panel's split (outcomes above, tabs below)
// and, until the analyst drags its divider, chooses its offset for the
// height it is given: the outcome panel gets the height of its normal rows
// when the tabs keep at least tabsShare of the panel, else the height of
// its compact rows when the tabs keep their minimum, else
// defaultSideOffset (and the outcomes scroll). Once the analyst has moved
// the divider, the offset is theirs and is left alone.
type sideLayout struct {
	split    *container.Split
	outcomes *outcomePanel
	// auto is the offset last chosen here; a different Offset means the
	// analyst dragged the divider.
	auto float64
}

const (
	defaultSideOffset = 0.55
	tabsShare         = 0.35
)

func newSideLayout(split *container.Split, outcomes *outcomePanel) *sideLayout {
	split.Offset = defaultSideOffset
	return &sideLayout{split: split, outcomes: outcomes, auto: defaultSideOffset}
}

func (l *sideLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.split.MinSize() }

func (l *sideLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	if l.split.Offset == l.auto && size.Height > 0 {
		l.auto = l.offsetFor(size.Height)
		l.split.Offset = l.auto
	}
	l.split.Move(fyne.NewPos(0, 0))
	l.split.Resize(size)
}

// offsetFor returns the split offset for a side panel of height h.
func (l *sideLayout) offsetFor(h float32) float64 {
	avail := h - 2*theme.Padding() // the divider, as container.Split draws it
	if avail <= 0 {
		return defaultSideOffset
	}
	ol := l.outcomes.layout
	tabsMin := l.split.Trailing.MinSize().Height
	const slack = 1 // rounding: the rows must not need a scroll bar
	if need := ol.roomFor(normalRows) + slack; need <= avail-max(tabsMin, tabsShare*avail) {
		return float64(need / avail)
	}
	if need := ol.roomFor(compactRows) + slack; need <= avail-tabsMin {
		return float64(need / avail)
	}
	return defaultSideOffset
}
