package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"brink/gui/workspace"
	"brink/models"
	"brink/network"
	"brink/network/formats"
)

// openFlagship returns a window on the shipped model (us-iran), its
// canvas sized to size.
func openFlagship(t *testing.T, size fyne.Size) (*Window, *workspace.Workspace) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil)
	doc, err := formats.LoadFS(models.Files, models.Default)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.NewBuiltin(doc)
	if err != nil {
		t.Fatal(err)
	}
	win := New(a, ws)
	win.w.Resize(size)
	return win, ws
}

// setFindings sets hard findings on up to n nodes that are not briefing
// nodes, skipping any that would make the evidence impossible, and
// returns how many it set.
func setFindings(t *testing.T, ws *workspace.Workspace, n int) int {
	t.Helper()
	m := ws.Model()
	brief := map[int]bool{}
	for _, v := range m.BriefingNodes() {
		brief[v] = true
	}
	set := 0
	for v := range m.Net.NumVariables() {
		if set == n {
			break
		}
		if brief[v] {
			continue
		}
		for s := range m.Net.Card(v) {
			if ws.SetState(v, s) == nil {
				set++
				break
			}
		}
	}
	return set
}

func TestStatusBarUsesLabelsAndStaysNarrow(t *testing.T) {
	win, ws := openFlagship(t, fyne.NewSize(1366, 768))
	if got := setFindings(t, ws, 12); got != 12 {
		t.Fatalf("set %d findings, want 12", got)
	}
	m := ws.Model()
	text := win.status.Text
	if !strings.HasPrefix(text, "12 findings: ") {
		t.Errorf("status %q does not count the findings", text)
	}
	for _, f := range ws.Evidence().Findings() {
		v := f.Variable
		if want := m.Label(v) + " = " + m.StateLabel(v, f.State); !strings.Contains(text, want) {
			t.Errorf("status lacks %q: %q", want, text)
		}
		if id := f.Describe(m.Net); strings.Contains(text, id) {
			t.Errorf("status shows the id form %q: %q", id, text)
		}
	}
	if win.status.Truncation != fyne.TextTruncateEllipsis {
		t.Error("the status bar does not truncate")
	}
	if min := win.w.Canvas().Content().MinSize(); min.Width > 1024 || min.Height > 700 {
		t.Errorf("with 12 findings the content's minimum size is %v, want ≤ 1024×700", min)
	}
	// The full list stays reachable.
	test.Tap(win.findingsButton)
	overlays := win.w.Canvas().Overlays().List()
	if len(overlays) == 0 {
		t.Fatal("the Findings button shows no dialog")
	}
}

func TestStatusText(t *testing.T) {
	_, ws := openFlagship(t, fyne.NewSize(1366, 768))
	m := ws.Model()
	n := m.Net
	ev := network.NewEvidence(n)
	if got := statusText(m, ev, "", 1); got != noFindingsText {
		t.Errorf("no findings: %q", got)
	}
	var sc string
	if len(m.Scenarios) > 0 {
		sc = m.Scenarios[0].Name
	}
	if err := ev.SetState(0, 1); err != nil {
		t.Fatal(err)
	}
	if err := ev.SetNotState(1, 0); err != nil {
		t.Fatal(err)
	}
	got := statusText(m, ev, sc, 0.25)
	for _, want := range []string{
		"2 findings: ",
		m.Label(0) + " = " + m.StateLabel(0, 1) + "; ",
		m.Label(1) + ": not " + m.StateLabel(1, 0),
		"chance of these findings: 25%",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("status %q lacks %q", got, want)
		}
	}
	if sc != "" && !strings.Contains(got, m.Scenarios[0].DisplayTitle()) {
		t.Errorf("status %q lacks the scenario's title %q", got, m.Scenarios[0].DisplayTitle())
	}
}

func TestRelabelFinding(t *testing.T) {
	_, ws := openAsia(t)
	m := ws.Model()
	n := m.Net
	smoke, yes, _ := n.Lookup("smoke", "yes")
	_, no, _ := n.Lookup("smoke", "no")
	sm, y, nl := m.Label(smoke), m.StateLabel(smoke, yes), m.StateLabel(smoke, no)
	tests := []struct{ name, in, want string }{
		{"hard", "smoke=yes", sm + " = " + y},
		{"negative", "smoke≠yes,no", sm + ": not " + y + ", " + nl},
		{"likelihood", "smoke~(yes:0.8, no:0.2)", sm + ": likelihood " + y + " 0.8, " + nl + " 0.2"},
		{"unknown node", "nosuch=yes", "nosuch=yes"},
		{"unknown state", "smoke=maybe", "smoke=maybe"},
	}
	for _, tt := range tests {
		if got := m.RelabelFinding(tt.in); got != tt.want {
			t.Errorf("%s: RelabelFinding(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
	// Every finding's Describe form comes back as its label form.
	ev := network.NewEvidence(n)
	_ = ev.SetLikelihood(smoke, []float64{0.8, 0.2})
	for _, f := range ev.Findings() {
		if got, want := m.RelabelFinding(f.Describe(n)), findingLabel(m, f); got != want {
			t.Errorf("RelabelFinding(%q) = %q, findingLabel %q", f.Describe(n), got, want)
		}
	}
}

func TestInitialSize(t *testing.T) {
	tests := []struct {
		name       string
		work, want fyne.Size
	}{
		{"unknown", fyne.NewSize(0, 0), FallbackSize},
		{"negative", fyne.NewSize(-1, 900), FallbackSize},
		{"1366×768 laptop", fyne.NewSize(1366, 768), fyne.NewSize(1326, 708)},
		{"1366×768 less a 27 px panel", fyne.NewSize(1366, 741), fyne.NewSize(1326, 681)},
		{"1920×1080", fyne.NewSize(1920, 1080), DefaultSize},
		{"exactly room", fyne.NewSize(1480, 960), DefaultSize},
		{"tall narrow", fyne.NewSize(1080, 1920), fyne.NewSize(1040, 900)},
	}
	for _, tt := range tests {
		if got := InitialSize(tt.work); got != tt.want {
			t.Errorf("%s: InitialSize(%v) = %v, want %v", tt.name, tt.work, got, tt.want)
		}
	}
	if FallbackSize.Width > 1366-screenMargin.Width || FallbackSize.Height > 768-screenMargin.Height {
		t.Errorf("the fallback %v does not fit a 1366×768 screen", FallbackSize)
	}
}

func TestShortcutsUndoRedo(t *testing.T) {
	win, ws := openAsia(t)
	smoke, yes, _ := ws.Network().Lookup("smoke", "yes")
	if err := ws.SetState(smoke, yes); err != nil {
		t.Fatal(err)
	}
	c := win.w.Canvas().(fyne.Shortcutable)
	set := func() bool { _, ok := ws.Finding(smoke); return ok }
	steps := []struct {
		name string
		sc   fyne.Shortcut
		want bool
	}{
		{"Ctrl+Z", &fyne.ShortcutUndo{}, false},
		{"Ctrl+Y", &fyne.ShortcutRedo{}, true},
		{"Ctrl+Z again", &fyne.ShortcutUndo{}, false},
		{"Ctrl+Shift+Z", &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, true},
	}
	for _, st := range steps {
		c.TypedShortcut(st.sc)
		if got := set(); got != st.want {
			t.Fatalf("after %s the finding is set: %v, want %v", st.name, got, st.want)
		}
	}
}

// visibleIn reports whether o lies wholly inside the area of within, in
// canvas coordinates.
func visibleIn(o, within fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	p, q := d.AbsolutePositionForObject(o), d.AbsolutePositionForObject(within)
	s, w := o.Size(), within.Size()
	const eps = 0.5
	return o.Visible() && s.Height > 0 &&
		p.X >= q.X-eps && p.Y >= q.Y-eps &&
		p.X+s.Width <= q.X+w.Width+eps && p.Y+s.Height <= q.Y+w.Height+eps
}

func TestOutcomesAboveTheFold(t *testing.T) {
	for _, size := range []fyne.Size{
		InitialSize(fyne.NewSize(1366, 768)),
		fyne.NewSize(1366, 768),
		fyne.NewSize(1440, 900),
	} {
		win, ws := openFlagship(t, size)
		m := ws.Model()
		if len(win.outcomes.entries) < 9 {
			t.Fatalf("the flagship shows %d briefing rows", len(win.outcomes.entries))
		}
		panel := win.outcomes.content
		for _, e := range win.outcomes.entries {
			if !visibleIn(e.bar, panel) {
				d := fyne.CurrentApp().Driver()
				t.Errorf("at %v the row %s = %s (at %v, %v) is outside the outcome panel (at %v, %v)", size,
					m.Label(e.v), m.StateLabel(e.v, e.s), d.AbsolutePositionForObject(e.bar), e.bar.Size(),
					d.AbsolutePositionForObject(panel), panel.Size())
			}
		}
		if panel.Offset.Y != 0 {
			t.Errorf("at %v the outcome panel is scrolled to %v", size, panel.Offset)
		}
	}
}

func TestSelectingNodeKeepsSplits(t *testing.T) {
	size := InitialSize(fyne.NewSize(1366, 768))
	win, ws := openFlagship(t, size)
	// sizes lays the window out again with its objects' current minimum
	// sizes, as the GLFW driver does after a change (the test canvas does
	// not), and returns the sizes either side of the splits.
	sizes := func() [2]fyne.Size {
		win.w.Resize(size.AddWidthHeight(1, 1))
		win.w.Resize(size)
		return [2]fyne.Size{win.graph.Size(), win.outcomes.content.Size()}
	}
	// The side panel's minimum size does not depend on what its tabs
	// show: the analyses and the inspector's content change it otherwise.
	sideMin := win.mainSplit.Trailing.MinSize()
	defer func() {
		if got := win.mainSplit.Trailing.MinSize(); got != sideMin {
			t.Errorf("the side panel's minimum size changed from %v to %v", sideMin, got)
		}
	}()
	before := sizes()
	offsets := [2]float64{win.mainSplit.Offset, win.sideSplit.Offset}
	for v := range ws.Network().NumVariables() {
		win.graph.Select(v)
		if got := sizes(); got != before {
			t.Fatalf("selecting %s moved the splits: network view and outcomes %v, before %v", ws.Model().Label(v), got, before)
		}
	}
	win.graph.Select(-1)
	if got := [2]float64{win.mainSplit.Offset, win.sideSplit.Offset}; got != offsets || sizes() != before {
		t.Errorf("split offsets %v, before %v", got, offsets)
	}
}

func TestOutcomeIntervalsBelowText(t *testing.T) {
	win, ws := openFlagship(t, fyne.NewSize(1440, 900))
	p := win.outcomes
	e := p.entries[0]
	p.setIntervals(e.v, []float64{0.1, 0.2, 0.3}, []float64{0.5, 0.6, 0.7})
	const note = "Bars show a 90% interval from 1,000 samples of the CPTs"
	p.setIntervalNote(note)
	if got := p.intervalNote(); got != note {
		t.Errorf("legend %q, want %q", got, note)
	}
	if !visibleIn(p.note, p.content) {
		t.Error("the legend is not visible in the outcome panel")
	}
	for _, compact := range []bool{false, true} {
		rows := normalRows
		if compact {
			rows = compactRows
		}
		e.bar.compact = compact
		e.bar.Resize(fyne.NewSize(300, rows.bar))
		e.bar.Refresh()
		r := test.WidgetRenderer(e.bar).(*bigBarRenderer)
		if !r.err.Visible() {
			t.Fatal("the interval is not drawn")
		}
		top := r.err.Position().Y
		for _, tx := range []fyne.CanvasObject{r.name, r.pct} {
			if bottom := tx.Position().Y + tx.Size().Height; bottom > top+0.5 {
				t.Errorf("compact %v: text ends at %v, below the interval's top %v", compact, bottom, top)
			}
		}
		if got := r.err.Position().Y + r.err.Size().Height; got > e.bar.Size().Height+0.5 {
			t.Errorf("compact %v: interval ends at %v, past the bar's height %v", compact, got, e.bar.Size().Height)
		}
	}
	// New beliefs clear the intervals and their legend.
	smoke := -1
	for v := range ws.Network().NumVariables() {
		if v != e.v {
			smoke = v
			break
		}
	}
	if err := ws.SetState(smoke, 0); err != nil {
		t.Fatal(err)
	}
	if got := p.intervalNote(); got != "" || p.note.Visible() || errorBars(win) != 0 {
		t.Errorf("after new findings: legend %q visible %v, %d error bars", got, p.note.Visible(), errorBars(win))
	}
	p.setIntervals(e.v, []float64{0.1, 0.2, 0.3}, []float64{0.5, 0.6, 0.7})
	if got := p.intervalNote(); got != defaultIntervalNote {
		t.Errorf("legend without a note %q, want the default", got)
	}
}

func TestDraggedSplitKeepsItsOffset(t *testing.T) {
	win, _ := openFlagship(t, fyne.NewSize(1440, 900))
	auto := win.sideSplit.Offset
	win.sideSplit.SetOffset(0.3) // what dragging the divider does
	win.w.Resize(fyne.NewSize(1366, 768))
	if got := win.sideSplit.Offset; got != 0.3 {
		t.Errorf("after a drag and a resize the offset is %v, want 0.3 (chosen %v)", got, auto)
	}
}
