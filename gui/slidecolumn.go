package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// slideColumn lays out a slide's column of headings and bar rows top to
// bottom, like a VBox, except that the bar rows share the height there is:
// each gets up to rowMax, and no less than rowMin, so that every state of
// every briefing node stays on a projector's screen (1366×768 among
// them) instead of running off its foot.
type slideColumn struct {
	isRow          func(fyne.CanvasObject) bool
	rowMin, rowMax float32
}

// rowHeight is the height of each bar row when the column is h high.
func (l slideColumn) rowHeight(objects []fyne.CanvasObject, h float32) float32 {
	fixed, rows := l.fixed(objects)
	if rows == 0 {
		return l.rowMax
	}
	return min(max((h-fixed)/float32(rows), l.rowMin), l.rowMax)
}

// fixed returns the height taken by headings and padding, and the number
// of bar rows.
func (l slideColumn) fixed(objects []fyne.CanvasObject) (float32, int) {
	pad := theme.Padding()
	var h float32
	rows, shown := 0, 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		shown++
		if l.isRow(o) {
			rows++
		} else {
			h += o.MinSize().Height
		}
	}
	if shown > 1 {
		h += pad * float32(shown-1)
	}
	return h, rows
}

// Layout places the objects one under the other at full width.
func (l slideColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	rh := l.rowHeight(objects, size.Height)
	pad := theme.Padding()
	var y float32
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		if l.isRow(o) {
			h = rh
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
	}
}

// MinSize is the widest object and the height with every row at rowMin.
func (l slideColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	fixed, rows := l.fixed(objects)
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return fyne.NewSize(w, fixed+float32(rows)*l.rowMin)
}
