package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"brink/network/timeline"
)

// labelsIn returns the texts of the labels under o.
func labelsIn(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// TestLogTab: the Log tab lists the flagship's entries, steps the
// beliefs to a date and back, and explains what changed in words, in the
// background.
func TestLogTab(t *testing.T) {
	win, ws := openWindow(t, "../models/us-iran.toml")
	q := useQueue(t, win)
	p := win.log
	p.visible = nil
	p.redraw()
	q.settle(win)
	text := strings.Join(labelsIn(p.content), "\n")
	for _, want := range []string{"Entries (8)", "25 Jan 2027 · US carrier deployment = Surge", "Forecasts (2)", "Brier score 0.180", "needs 9 more"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Log tab lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "rose from") && !strings.Contains(text, "fell from") {
		t.Errorf("no change explained:\n%s", text)
	}
	mine := ws.Evidence().String()
	if err := p.tl.StepTo("2027-01-25"); err != nil {
		t.Fatal(err)
	}
	text = strings.Join(labelsIn(p.content), "\n")
	if !strings.Contains(text, "As of 25 Jan 2027") {
		t.Errorf("after stepping the tab says:\n%s", text)
	}
	b, _ := timeline.NewBeliefs(ws.Model())
	want, _ := b.At("2027-01-25")
	v, _ := ws.Network().Index("direct_conflict")
	if got := ws.Posterior(v)[1]; got != want[v][1] {
		t.Errorf("direct conflict as of 25 Jan: window %v, timeline %v", got, want[v][1])
	}
	if err := p.tl.Back(); err != nil {
		t.Fatal(err)
	}
	if ws.Evidence().String() != mine {
		t.Errorf("Back left %s", ws.Evidence())
	}
	if strings.Contains(strings.Join(labelsIn(p.content), "\n"), "As of 25 Jan 2027") {
		t.Error("the tab still says it is stepped")
	}
	q.settle(win)
}

// TestParsePercents reads typed forecasts.
func TestParsePercents(t *testing.T) {
	cases := []struct {
		in   string
		k    int
		want []float64
		ok   bool
	}{
		{"", 2, nil, true},
		{"20, 80", 2, []float64{0.2, 0.8}, true},
		{"20% 80%", 2, []float64{0.2, 0.8}, true},
		{"20, 70", 2, nil, false},
		{"20", 2, nil, false},
		{"-5, 105", 2, nil, false},
	}
	for _, c := range cases {
		got, err := parsePercents(c.in, c.k)
		if (err == nil) != c.ok || len(got) != len(c.want) {
			t.Errorf("%q: %v, %v", c.in, got, err)
			continue
		}
		for i := range got {
			if d := got[i] - c.want[i]; d > 1e-12 || d < -1e-12 {
				t.Errorf("%q: %v", c.in, got)
			}
		}
	}
}
