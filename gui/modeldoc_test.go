package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestOutcomesPeriodHeading checks the outcome panel's period heading on
// the flagship at 1366×768 and 1440×900 with its as-of date and horizon
// (set again here, so that the test does not hang on the shipped file's
// dates): it reads in full, sits above the first outcome node's heading,
// and every row still fits without scrolling; without a horizon there is
// none.
func TestOutcomesPeriodHeading(t *testing.T) {
	for _, size := range []fyne.Size{InitialSize(fyne.NewSize(1366, 768)), fyne.NewSize(1440, 900)} {
		win, ws := openFlagship(t, size)
		info := ws.Documentation()
		info.AsOf, info.Horizon = "", ""
		if _, err := ws.SetDocumentation(info); err != nil {
			t.Fatal(err)
		}
		if got := win.outcomes.periodText(); got != "" {
			t.Fatalf("the flagship without a horizon shows %q", got)
		}
		info.AsOf = "2026-12-07"
		if _, err := ws.SetDocumentation(info); err != nil {
			t.Fatal(err)
		}
		if got := win.outcomes.periodText(); got != "" {
			t.Errorf("an as-of date without a horizon shows %q", got)
		}
		info.Horizon = "2027-06-07"
		if _, err := ws.SetDocumentation(info); err != nil {
			t.Fatal(err)
		}
		// Lay the window out again, as the GLFW driver does after a
		// change of minimum sizes (the test canvas does not).
		win.w.Resize(size.AddWidthHeight(1, 1))
		win.w.Resize(size)
		p := win.outcomes
		if got, want := p.periodText(), "by 7 Jun 2027 — 6 months from 7 Dec 2026"; got != want {
			t.Errorf("at %v the heading reads %q, want %q", size, got, want)
		}
		if !visibleIn(p.period, p.content) {
			t.Errorf("at %v the heading is outside the panel", size)
		}
		if w := fyne.MeasureText(p.period.Text, p.period.TextSize, p.period.TextStyle).Width; w > p.content.Size().Width {
			t.Errorf("at %v the heading is %v wide in a panel %v wide", size, w, p.content.Size().Width)
		}
		// On the first outcome node's heading row, after its text, below
		// the rows before it.
		m := ws.Model()
		h := -1
		for i, e := range p.entries {
			if i == 0 || p.entries[i-1].v != e.v {
				h++
			}
			if e.v == p.periodAt {
				head := p.heads[h]
				if dy := p.period.Position().Y - head.Position().Y; dy < -3 || dy > 3 {
					t.Errorf("at %v the period (y %v) is not on %q's row (y %v)", size, p.period.Position().Y, m.Label(e.v), head.Position().Y)
				}
				if p.period.Position().X < head.Position().X+head.MinSize().Width {
					t.Errorf("at %v the period (x %v) overlaps %q's heading", size, p.period.Position().X, m.Label(e.v))
				}
				if i > 0 {
					prev := p.entries[i-1].bar
					if prev.Position().Y+prev.Size().Height > p.period.Position().Y {
						t.Errorf("at %v the heading overlaps the row above it", size)
					}
				}
				break
			}
		}
		for _, e := range p.entries {
			if !visibleIn(e.bar, p.content) {
				t.Errorf("at %v the row %s = %s is outside the panel", size, m.Label(e.v), m.StateLabel(e.v, e.s))
			}
		}
		if p.content.Offset.Y != 0 {
			t.Errorf("at %v the panel is scrolled to %v", size, p.content.Offset)
		}
		// Undo takes the horizon, and the heading, away.
		if err := ws.Undo(); err != nil {
			t.Fatal(err)
		}
		if got := p.periodText(); got != "" {
			t.Errorf("after undo the heading reads %q", got)
		}
	}
}

// TestOutcomesPeriodHeadingNarrow checks that a panel too narrow for the
// whole heading shows its first part, not a line cut off.
func TestOutcomesPeriodHeadingNarrow(t *testing.T) {
	win, ws := openAsia(t)
	info := ws.Documentation()
	info.AsOf, info.Horizon = "2026-12-07", "2027-06-07"
	if _, err := ws.SetDocumentation(info); err != nil {
		t.Fatal(err)
	}
	p := win.outcomes
	p.layout.Layout(nil, fyne.NewSize(260, 600))
	if got := p.periodText(); got != "by 7 Jun 2027" {
		t.Errorf("in a narrow panel the heading reads %q", got)
	}
	p.layout.Layout(nil, fyne.NewSize(600, 600))
	if got := p.periodText(); got != "by 7 Jun 2027 — 6 months from 7 Dec 2026" {
		t.Errorf("in a wide panel the heading reads %q", got)
	}
}

// TestModelDocDialog edits the as-of date and horizon through Edit →
// Model Documentation: each mistake is named in plain words with Apply
// disabled, the period is described as typed, and Apply makes one
// undoable edit that leaves the rest of the documentation as it was.
func TestModelDocDialog(t *testing.T) {
	win, ws := openAsia(t)
	before := ws.Documentation()
	md := win.newModelDocDialog()
	md.show()
	defer md.d.Hide()
	if md.title.Text != before.Title || md.asOf.Text != "" || md.horizon.Text != "" {
		t.Fatalf("dialog shows title %q, as of %q, horizon %q", md.title.Text, md.asOf.Text, md.horizon.Text)
	}
	steps := []struct {
		asOf, horizon string
		msg           string // "" when Apply is enabled
		period        string
	}{
		{"2026-02-30", "", "The as-of date is not a day of the calendar: write it year-month-day, e.g. 2026-12-07.", "—"},
		{"", "2027-06-07", "A horizon needs an as-of date, the day its period starts.", "—"},
		{"2026-12-07", "2026-12-01", "The horizon must be after the as-of date.", "—"},
		{"2026-12-07", "7 June", "The horizon is not a day of the calendar: write it year-month-day, e.g. 2027-06-07.", "—"},
		{"2026-12-07", "", "", "As of 7 Dec 2026; no horizon for the outcomes"},
		{"2026-12-07", "2027-06-07", "", "7 Dec 2026 to 7 Jun 2027 (6 months)"},
	}
	if md.period.Text != "None: give an as-of date, and a horizon for the outcomes" {
		t.Errorf("an undated model's period reads %q", md.period.Text)
	}
	for _, s := range steps {
		md.asOf.SetText("")
		md.horizon.SetText("")
		test.Type(md.asOf, s.asOf)
		test.Type(md.horizon, s.horizon)
		if s.msg == "" {
			if md.ok.Disabled() || md.msg.Visible() {
				t.Errorf("%q, %q: Apply disabled (%v) or a message shown: %q", s.asOf, s.horizon, md.ok.Disabled(), md.msg.Text)
			}
		} else if md.msg.Text != s.msg || !md.ok.Disabled() {
			t.Errorf("%q, %q: message %q (Apply disabled %v), want %q", s.asOf, s.horizon, md.msg.Text, md.ok.Disabled(), s.msg)
		}
		if md.period.Text != s.period {
			t.Errorf("%q, %q: period %q, want %q", s.asOf, s.horizon, md.period.Text, s.period)
		}
	}
	test.Type(md.handling, "UNCLASSIFIED — FOR TRAINING")
	test.Tap(md.ok)
	after := ws.Documentation()
	if after.AsOf != "2026-12-07" || after.Horizon != "2027-06-07" || after.Handling != "UNCLASSIFIED — FOR TRAINING" {
		t.Errorf("applied as of %q, horizon %q, handling %q", after.AsOf, after.Horizon, after.Handling)
	}
	if after.Title != before.Title || after.Description != before.Description || after.Notes != before.Notes ||
		len(after.Limits) != len(before.Limits) || len(after.Authors) != len(before.Authors) {
		t.Errorf("the rest of the documentation changed: %+v, was %+v", after, before)
	}
	if got := win.outcomes.periodText(); got == "" {
		t.Error("the outcome panel shows no heading after the edit")
	}
	if err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if ws.Model().AsOf != "" || ws.CanUndo() {
		t.Errorf("after one undo: as of %q, more to undo %v", ws.Model().AsOf, ws.CanUndo())
	}
}

// TestEditMenuHasModelDocumentation checks the dialog is reachable.
func TestEditMenuHasModelDocumentation(t *testing.T) {
	win, _ := openAsia(t)
	for _, it := range win.editMenu().Items {
		if it.Label == "Model Documentation…" {
			return
		}
	}
	t.Error("Edit has no Model Documentation… item")
}
