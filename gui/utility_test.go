package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/models"
	"brink/network/formats"
)

// inspectorText returns the texts of the inspector's labels, one a line.
func inspectorText(win *Window) string {
	var texts []string
	for _, o := range test.LaidOutObjects(win.inspector.content) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// TestUtilityInspector opens the oil wildcatter and taps the return on
// drilling's card: the inspector shows the utility with labels (its
// actor, description, expected value and table in words, no evidence
// controls), keeps showing it as findings change, and a secondary tap
// on it opens no node menu.
func TestUtilityInspector(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil)
	doc, err := formats.LoadFS(models.Files, "oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.New(doc)
	if err != nil {
		t.Fatal(err)
	}
	win := New(a, ws)
	win.w.Resize(fyne.NewSize(1366, 768))
	at := win.graph.UtilityCentre(1)
	win.graph.Tapped(&fyne.PointEvent{Position: at})
	all := inspectorText(win)
	for _, want := range []string{
		"Return on drilling", "utility · for Wildcatter", "Net return in thousands of dollars.",
		"Expected 32.5, in the model's units",
		"Value for each case of Drill? and Oil in the ground:\nDrill, Dry: −70\nDrill, Wet: 50\nDrill, Soaking: 200\nDo not drill, Dry: 0",
		"Drilling costs 70",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the inspector lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Set: observed") {
		t.Errorf("the inspector offers evidence on a utility:\n%s", all)
	}

	// A finding: the panel stays on the utility, with the new value.
	oil, soaking, err := ws.Network().Lookup("oil", "soaking")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.SetState(oil, soaking); err != nil { // drill, without a test
		t.Fatal(err)
	}
	if all := inspectorText(win); !strings.Contains(all, "Return on drilling") || !strings.Contains(all, "Expected 200,") {
		t.Errorf("after a finding the inspector shows:\n%s", all)
	}
	win.graph.TappedSecondary(&fyne.PointEvent{Position: win.graph.UtilityCentre(1), AbsolutePosition: win.graph.UtilityCentre(1)})
	if c := win.w.Canvas().Overlays().Top(); c != nil {
		t.Errorf("a secondary tap on a utility opened %T", c)
	}
}
