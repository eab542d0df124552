package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestShareMenu checks that File offers Share as Web Page and that it
// asks where to write the page, proposing the model's name as .html.
func TestShareMenu(t *testing.T) {
	win, _ := openAsia(t)
	var item *fyne.MenuItem
	for _, m := range win.mainMenu().Items {
		if m.Label != "File" {
			continue
		}
		for _, it := range m.Items {
			if it.Label == "Share as Web Page…" {
				item = it
			}
		}
	}
	if item == nil {
		t.Fatal("the File menu has no Share as Web Page…")
	}
	item.Action()
	overlay := win.w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no dialog")
	}
	var entry *widget.Entry
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && entry == nil {
			entry = e
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			if r := test.WidgetRenderer(w); r != nil {
				for _, k := range r.Objects() {
					walk(k)
				}
			}
		}
	}
	walk(overlay)
	if entry == nil {
		t.Fatal("the dialog has no file entry")
	}
	if got := entry.Text; len(got) < len("asia.html") || got[len(got)-len("asia.html"):] != "asia.html" {
		t.Errorf("the dialog proposes %q, want …/asia.html", got)
	}
}
