package gui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestScenarioPanelFitsLaptop opens the flagship at the 1366×768 work
// area with the Scenarios tab showing: at least two scenarios are whole
// above a single row of buttons, and the rarer actions (Rename…, Delete,
// Clear findings) are in the "More" menu.
func TestScenarioPanelFitsLaptop(t *testing.T) {
	win, ws := openFlagship(t, fyne.NewSize(1366, 708))
	tabs := findTabs(t, win)
	tabs.SelectIndex(1)
	win.w.Content().Refresh()
	p := win.scenarios
	if len(ws.Model().Scenarios) < 3 {
		t.Fatal("the flagship has fewer than three scenarios")
	}
	row := p.list.CreateItem().MinSize().Height + theme.SeparatorThicknessSize()
	t.Logf("list %v, row %v", p.list.Size(), row)
	if rows := int(p.list.Size().Height / row); rows < 2 {
		t.Errorf("%d whole scenarios in view (list %v, a row %v high), want at least 2", rows, p.list.Size(), row)
	}
	if h := p.content.Size().Height - p.list.Size().Height; h > 2*p.more.MinSize().Height {
		t.Errorf("the buttons take %v of the panel's height", h)
	}
	test.Tap(p.more)
	texts := menuTexts(win)
	for _, want := range []string{"Rename…", "Delete", "Clear findings"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the More menu reads %q, want %q in it", texts, want)
		}
	}
}

// menuTexts returns the texts of the top overlay, a pop-up menu.
func menuTexts(win *Window) []string {
	var texts []string
	if top := win.w.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if tx, ok := o.(*canvas.Text); ok {
				texts = append(texts, tx.Text)
			}
		}
	}
	return texts
}

// findTabs returns the side panel's tabs.
func findTabs(t *testing.T, win *Window) *container.AppTabs {
	t.Helper()
	for _, o := range test.LaidOutObjects(win.w.Content()) {
		if tabs, ok := o.(*container.AppTabs); ok {
			return tabs
		}
	}
	t.Fatal("no tabs in the window")
	return nil
}
