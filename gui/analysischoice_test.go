package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
)

// texts returns the texts of the labels in o, at any depth (rows of a
// table, a heading beside its button).
func texts(o fyne.CanvasObject) []string {
	switch x := o.(type) {
	case *widget.Label:
		return []string{x.Text}
	case *fyne.Container:
		var out []string
		for _, c := range x.Objects {
			out = append(out, texts(c)...)
		}
		return out
	case *container.Scroll:
		return texts(x.Content)
	}
	return nil
}

// findButton returns the button labelled text in o, or nil.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	case *container.Scroll:
		return findButton(x.Content, text)
	}
	return nil
}

// redSeaSpark opens the flagship at 1366×768 with the Red Sea spark
// applied and the outcome's fragile balance as the target.
func redSeaSpark(t *testing.T) (*Window, *workspace.Workspace, *analysisPanel) {
	t.Helper()
	win, ws := openFlagship(t, fyne.NewSize(1366, 768))
	if err := ws.ApplyScenario("red_sea_spark"); err != nil {
		t.Fatal(err)
	}
	p := win.analysis
	v, s, err := ws.Network().Lookup("outcome", "fragile_balance")
	if err != nil {
		t.Fatal(err)
	}
	setTarget(p, v, s)
	return win, ws, p
}

// TestEachAnalysisShowsItsSection picks each analysis on the flagship
// with the Red Sea spark and checks that its section appears, in the
// model's labels, with no NaN, no node or state id and nothing that
// would widen the side panel.
func TestEachAnalysisShowsItsSection(t *testing.T) {
	win, ws, p := redSeaSpark(t)
	want := map[string][]string{
		"In words":     {"In words: Outcome", "We judge that the likeliest Outcome by 7 Jun 2027 is Fragile balance", "Localized clash = Yes", "confidence"},
		"Why":          {"Why P(Outcome = Fragile balance) is 44.9%", "Localized clash = Yes"},
		"Fair shares":  {"Fair shares of P(Outcome = Fragile balance)", "59.2% with no findings, 44.9% with them", "▼ −12 pp  Localized clash = Yes\n▼ −2.6 pp  Proxy incidents = Multi-theatre", "Total: ▼ −14 pp"},
		"Do they fit?": {"Do the findings fit together?", "The findings fit together: 1.91 times more probable", "Proxy incidents = Multi-theatre", "Source check", "ungraded", "A rare case? Does some state of Outcome make the findings fit?", "Accidental escalation"},
		"Drivers":      {"What would move P(Outcome = Fragile balance), now 44.9%"},
		"Watch for":    {"Watch for: the signs of Outcome = Fragile balance, now 44.9%", "Red-line clarity (J = ", "chance of seeing it", "Watching the 9 unobserved evidence nodes"},
		"Collect next": {"What to collect next about Outcome"},
		"Sensitivity":  {"Numbers P(Outcome = Fragile balance) depends on most", "pp per pp: P("},
		"Fragile?":     {"Fragile? How far the numbers must move", "P(Outcome = Fragile balance) is 44.9%, “unlikely” (20–45%): the conclusion changes if it falls below 20% or reaches 45%.", "1. Holds unless P(", "(now "},
	}
	if len(want) != len(analyses) {
		t.Fatalf("%d analyses offered, %d checked", len(analyses), len(want))
	}
	n := ws.Network()
	for _, a := range analyses {
		p.choice.SetSelected(a.name) // shows it at once
		all := strings.Join(texts(p.result), "\n")
		for _, s := range want[a.name] {
			if !strings.Contains(all, s) {
				t.Errorf("%s: %q missing from\n%s", a.name, s, all)
			}
		}
		for _, bad := range []string{"NaN", "Inf", "–%"} {
			if strings.Contains(all, bad) {
				t.Errorf("%s shows %q:\n%s", a.name, bad, all)
			}
		}
		for v := range n.NumVariables() {
			if id := n.Name(v); strings.Contains(id, "_") && strings.Contains(all, id) {
				t.Errorf("%s names a node by its id %q", a.name, id)
			}
		}
		if w := p.scroll.Content.MinSize().Width; w > 400 {
			t.Errorf("%s needs %v pixels across; the side panel at 1366×768 has about 420", a.name, w)
		}
		p.runChoice() // Run shows the same again
		if again := strings.Join(texts(p.result), "\n"); again != all {
			t.Errorf("%s: Run shows something else", a.name)
		}
	}
	if win.w.Canvas().Overlays().Top() != nil {
		t.Error("an analysis showed an error")
	}
}

// TestInWordsCopy checks that Copy puts the whole narrative on the
// clipboard.
func TestInWordsCopy(t *testing.T) {
	win, ws, p := redSeaSpark(t)
	p.choice.SetSelected("In words")
	b := findButton(p.result, "Copy")
	if b == nil {
		t.Fatal("no Copy button")
	}
	test.Tap(b)
	v, _ := p.target()
	nr, err := ws.Narrate(v)
	if err != nil {
		t.Fatal(err)
	}
	got := win.app.Clipboard().Content()
	if got != nr.Text() || !strings.HasPrefix(got, "We judge that the likeliest Outcome") {
		t.Errorf("clipboard %q, want %q", got, nr.Text())
	}
}

// TestFragileThreshold checks the threshold entry: empty is the ICD 203
// band, 50% makes the conclusion "below 50%", and words are refused with
// a message.
func TestFragileThreshold(t *testing.T) {
	win, _, p := redSeaSpark(t)
	p.choice.SetSelected("Fragile?")
	p.threshold.SetText("50%")
	test.Tap(findButton(p.result, "Check"))
	all := strings.Join(texts(p.result), "\n")
	if !strings.Contains(all, "is 44.9%, below 50%: the conclusion changes if it reaches 50%.") {
		t.Errorf("with 50%%:\n%s", all)
	}
	p.threshold.SetText("likely")
	p.fragile()
	if win.w.Canvas().Overlays().Top() == nil {
		t.Error("no message for a threshold in words")
	}
	for _, c := range []struct {
		text string
		ok   bool
	}{{"", true}, {"0.3", true}, {"12.5%", true}, {"0", false}, {"100%", false}, {"abc", false}} {
		if _, err := parseThreshold(c.text); (err == nil) != c.ok {
			t.Errorf("parseThreshold(%q): %v", c.text, err)
		}
	}
}

// TestWatchForSearch runs the evidence search from Watch for to its end,
// then cancels one, then has one abandoned by a new finding.
func TestWatchForSearch(t *testing.T) {
	win, ws, p := redSeaSpark(t)
	q := useQueue(t, win)
	p.choice.SetSelected("Watch for")
	p.reach.SetText("50%")

	test.Tap(p.searchBtn)
	job := p.search
	if job == nil || p.searchBtn.Text != "Cancel" || !p.searchProgress.Visible() {
		t.Fatalf("the search did not start: button %q", p.searchBtn.Text)
	}
	q.until("the search to finish", func() bool { return p.search == nil })
	q.settle(win)
	found := strings.Join(texts(p.searchBox), "\n")
	if !strings.Contains(found, "To bring P(Outcome = Fragile balance) from 44.9% to 50% or more:") || !strings.Contains(found, "1. ") {
		t.Errorf("search result:\n%s", found)
	}
	if p.searchBtn.Text != "Find" || p.searchProgress.Visible() {
		t.Errorf("after the search: button %q, progress shown %v", p.searchBtn.Text, p.searchProgress.Visible())
	}

	// Cancel: the button stops the run at once.
	test.Tap(p.searchBtn)
	job = p.search
	test.Tap(p.searchBtn)
	if p.search != nil || p.searchBtn.Text != "Find" || p.searchProgress.Visible() || job.Context().Err() == nil {
		t.Errorf("Cancel left the search going: button %q", p.searchBtn.Text)
	}
	q.settle(win)
	after := strings.Join(texts(p.searchBox), "\n")
	if !strings.Contains(after, "Search cancelled.") && !strings.Contains(after, "To bring") {
		t.Errorf("after Cancel:\n%s", after)
	}

	// A new finding abandons the run and its result.
	test.Tap(p.searchBtn)
	job = p.search
	x, s, _ := ws.Network().Lookup("red_line_clarity", "absent")
	if err := ws.SetState(x, s); err != nil {
		t.Fatal(err)
	}
	if p.search != nil || job.Context().Err() == nil {
		t.Error("a new finding did not stop the search")
	}
	q.settle(win)
	if got := texts(p.searchBox); len(got) != 0 {
		t.Errorf("a result for the old findings is shown: %q", got)
	}

	p.reach.SetText("likely")
	test.Tap(p.searchBtn)
	if p.search != nil || win.w.Canvas().Overlays().Top() == nil {
		t.Error("a level in words started a search without a message")
	}
}
