package gui

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/gui/report"
)

// briefRowCheck returns the check box of the dialog's scenario row at pos.
func briefRowCheck(t *testing.T, bd *briefDialog, pos int) *widget.Check {
	t.Helper()
	row := bd.rows.Objects[pos].(*fyne.Container)
	for _, o := range row.Objects {
		if c, ok := o.(*widget.Check); ok {
			return c
		}
	}
	t.Fatalf("row %d has no check box", pos)
	return nil
}

// briefRowButtons returns the Up and Down buttons of the row at pos.
func briefRowButtons(t *testing.T, bd *briefDialog, pos int) (up, down *widget.Button) {
	t.Helper()
	row := bd.rows.Objects[pos].(*fyne.Container)
	for _, o := range row.Objects {
		if box, ok := o.(*fyne.Container); ok && len(box.Objects) == 2 {
			return box.Objects[0].(*widget.Button), box.Objects[1].(*widget.Button)
		}
	}
	t.Fatalf("row %d has no Up/Down buttons", pos)
	return nil, nil
}

func columnNames(cols []report.Column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

func TestBriefDialogListsScenariosByTitle(t *testing.T) {
	win, ws := openFlagship(t, fyne.NewSize(1366, 768))
	m := ws.Model()
	if len(m.Scenarios) != 9 {
		t.Fatalf("the flagship has %d scenarios, want 9", len(m.Scenarios))
	}
	bd := win.newBriefDialog()
	if len(bd.rows.Objects) != 9 {
		t.Fatalf("the dialog lists %d scenarios, want 9", len(bd.rows.Objects))
	}
	for i := range m.Scenarios {
		c := briefRowCheck(t, bd, i)
		if c.Text != m.Scenarios[i].DisplayTitle() || !c.Checked {
			t.Errorf("row %d: %q checked=%v, want %q checked", i, c.Text, c.Checked, m.Scenarios[i].DisplayTitle())
		}
	}
	if bd.ref.Selected != baselineReference || len(bd.ref.Options) != 10 {
		t.Errorf("reference %q of %d choices, want the baseline of 10", bd.ref.Selected, len(bd.ref.Options))
	}
	req := bd.request()
	if !slices.Equal(req.scenarios, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}) || req.reference != -1 || !slices.Equal(req.sections, report.AllSections) || req.handling != m.Handling {
		t.Errorf("default request %+v, want every scenario in the model's order, the baseline, every section and the model's handling line", req)
	}

	// Shown in a 1366×768 window, the dialog fits it.
	bd.d.Show()
	size := bd.d.MinSize()
	if size.Width > 1366 || size.Height > 768 {
		t.Errorf("the dialog needs %v, more than a 1366×768 screen", size)
	}
}

func TestBriefDialogUncheckAndReorder(t *testing.T) {
	win, ws := openFlagship(t, fyne.NewSize(1366, 768))
	m := ws.Model()
	bd := win.newBriefDialog()

	// Untick the second scenario, move the third to the top, and take the
	// (new) first as the reference.
	test.Tap(briefRowCheck(t, bd, 1))
	up, _ := briefRowButtons(t, bd, 2)
	test.Tap(up)
	up, _ = briefRowButtons(t, bd, 1)
	test.Tap(up)
	if got := briefRowCheck(t, bd, 0).Text; got != m.Scenarios[2].DisplayTitle() {
		t.Fatalf("after moving up twice the first row is %q, want %q", got, m.Scenarios[2].DisplayTitle())
	}
	if slices.Contains(bd.ref.Options, m.Scenarios[1].DisplayTitle()) {
		t.Error("an unticked scenario is offered as the reference")
	}
	bd.ref.SetSelected(m.Scenarios[2].DisplayTitle())
	bd.handling.SetText("  UNCLASSIFIED — FOR TRAINING ")

	req := bd.request()
	want := []int{2, 0, 3, 4, 5, 6, 7, 8}
	if !slices.Equal(req.scenarios, want) || req.reference != 0 {
		t.Fatalf("request %+v, want scenarios %v with reference 0", req, want)
	}
	cols, opts, err := win.briefExport(req)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, i := range want {
		names = append(names, m.Scenarios[i].DisplayTitle())
	}
	if got := columnNames(cols); !slices.Equal(got, names) {
		t.Errorf("columns %q, want %q", got, names)
	}
	if opts.Reference != m.Scenarios[2].DisplayTitle() || opts.Handling != "UNCLASSIFIED — FOR TRAINING" || !slices.Equal(opts.Sections, report.AllSections) {
		t.Errorf("options reference %q handling %q sections %v", opts.Reference, opts.Handling, opts.Sections)
	}
	// Unticking the reference falls back to the baseline.
	test.Tap(briefRowCheck(t, bd, 0))
	if bd.ref.Selected != baselineReference || bd.request().reference != -1 {
		t.Errorf("after unticking the reference it is %q", bd.ref.Selected)
	}
	// With nothing ticked, the brief cannot be written.
	bd.setAll(false)
	if !bd.next.Disabled() || !bd.message.Visible() {
		t.Error("with no scenario ticked the dialog still offers to go on")
	}
}

func TestBriefDialogKeepsOneSection(t *testing.T) {
	win, _ := openFlagship(t, fyne.NewSize(1366, 768))
	bd := win.newBriefDialog()
	// The flagship has a log: its timeline is offered, not ticked.
	if n := len(bd.sections); n != len(report.AllSections)+1 || bd.sections[n-1].Checked || bd.names[n-1] != report.SectionTimeline {
		t.Fatalf("sections %v, want every default one ticked and the timeline after them unticked", bd.names)
	}
	var ticked []*widget.Check
	for _, c := range bd.sections {
		if c.Checked {
			ticked = append(ticked, c)
		}
	}
	for _, c := range ticked {
		test.Tap(c)
	}
	last := ticked[len(ticked)-1]
	if !last.Checked || !bd.message.Visible() || !strings.Contains(bd.message.Text, "At least one section") {
		t.Errorf("turning every section off: last checked=%v, message %q", last.Checked, bd.message.Text)
	}
	test.Tap(briefRowCheck(t, bd, 0)) // another change leaves the refusal shown
	if !bd.message.Visible() || !strings.Contains(bd.message.Text, "At least one section") {
		t.Errorf("after unticking a scenario the message is %q", bd.message.Text)
	}
	if got := bd.request().sections; !slices.Equal(got, report.AllSections[len(report.AllSections)-1:]) {
		t.Errorf("sections %v, want only the last", got)
	}
	if _, _, err := win.briefExport(briefRequest{scenarios: []int{0}, reference: -1}); !errors.Is(err, errNoSection) {
		t.Errorf("a request without sections: %v, want %v", err, errNoSection)
	}
	// Turning another back on clears the message.
	test.Tap(bd.sections[0])
	if bd.message.Visible() {
		t.Errorf("message %q still shown", bd.message.Text)
	}
}

func TestBriefDialogRemembersHandling(t *testing.T) {
	win, ws := openFlagship(t, fyne.NewSize(1366, 768))
	// The model's own handling line comes first.
	info := ws.Documentation()
	if got := win.newBriefDialog().handling.Text; got == "" || got != info.Handling {
		t.Fatalf("handling %q, want the model's %q", got, info.Handling)
	}
	// Without one, the dialog remembers the last export's.
	info.Handling = ""
	if _, err := ws.SetDocumentation(info); err != nil {
		t.Fatal(err)
	}
	bd := win.newBriefDialog()
	if bd.handling.Text != "" {
		t.Fatalf("handling %q before any export, want empty", bd.handling.Text)
	}
	bd.handling.SetText("UNCLASSIFIED — FOR TRAINING")
	bd.confirm()
	if got := win.app.Preferences().String(handlingKey); got != "UNCLASSIFIED — FOR TRAINING" {
		t.Errorf("remembered %q", got)
	}
	if got := win.newBriefDialog().handling.Text; got != "UNCLASSIFIED — FOR TRAINING" {
		t.Errorf("the next export starts with %q", got)
	}

	// The columns and options go on to a brief that can be written.
	cols, opts, err := win.briefExport(briefRequest{scenarios: []int{3, 1}, reference: 1, sections: []string{report.SectionSummary, report.SectionComparison}, handling: "X"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "brief.pdf")
	if _, err := ws.WriteBrief(path, cols, opts); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(data), "%PDF") {
		t.Errorf("brief: %v", err)
	}
	if _, err := ws.WriteBrief(filepath.Join(t.TempDir(), "brief.png"), cols, opts); err == nil {
		t.Error("a brief written to .png: no error")
	}
}
