package gui

import (
	"fyne.io/fyne/v2"

	"brink/gui/report"
)

// edgeStrengthKey remembers View → Edge Strength between sessions.
const edgeStrengthKey = "edge_strength"

// edgeStrengthItem toggles the drawing of each edge as wide as its
// strength of influence, in the network view and in the exported network
// picture; the choice is remembered, and off by default.
func (win *Window) edgeStrengthItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Edge Strength", nil)
	item.Checked = win.app.Preferences().Bool(edgeStrengthKey)
	if win.graph.EdgeStrength() != item.Checked {
		win.graph.SetEdgeStrength(item.Checked)
	}
	item.Action = func() { win.setEdgeStrength(!win.graph.EdgeStrength()) }
	return item
}

// setEdgeStrength turns edge strength on or off.
func (win *Window) setEdgeStrength(on bool) {
	win.app.Preferences().SetBool(edgeStrengthKey, on)
	win.graph.SetEdgeStrength(on)
	win.w.SetMainMenu(win.mainMenu())
}

// exportOptions are the options of File → Export: the network picture
// draws edge strength when the view does.
func (win *Window) exportOptions() report.Options {
	return report.Options{EdgeStrength: win.graph.EdgeStrength()}
}
