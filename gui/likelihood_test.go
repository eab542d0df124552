package gui

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"brink/network"
)

// TestLikelihoodSlidersFollowTypedWeights checks that the sliders show
// the typed weights relative to the largest, and that a slider writes
// its weight back.
func TestLikelihoodSlidersFollowTypedWeights(t *testing.T) {
	win, ws := openAsia(t)
	smoke, _, _ := ws.Network().Lookup("smoke", "")
	f := newLikelihoodForm(win, smoke)
	f.entries[0].SetText("1")
	f.entries[1].SetText("4")
	for s, want := range []float64{25, 100} {
		if got := f.sliders[s].Value; math.Abs(got-want) > 1e-9 {
			t.Errorf("state %d: slider at %v%%, want %v%%", s, got, want)
		}
	}
	if f.shares[0].Text != "25%" || f.shares[1].Text != "100%" {
		t.Errorf("shares %q, %q", f.shares[0].Text, f.shares[1].Text)
	}
	if !strings.Contains(f.message.Text, "4 times as likely if Smoker is no as if it is yes") {
		t.Errorf("meaning %q", f.message.Text)
	}

	// Dragging the first slider to 50% of the largest makes its weight 2.
	f.sliders[0].SetValue(50)
	if f.entries[0].Text != "2" || f.entries[1].Text != "4" {
		t.Errorf("after the drag the weights read %q, %q", f.entries[0].Text, f.entries[1].Text)
	}
	if f.sliders[0].Value != 50 || f.sliders[1].Value != 100 {
		t.Errorf("after the drag the sliders read %v, %v", f.sliders[0].Value, f.sliders[1].Value)
	}

	// A bad weight is named and blocks Apply.
	f.entries[1].SetText("lots")
	if !f.apply.Disabled() || !strings.Contains(f.message.Text, "no") || !strings.Contains(f.message.Text, "not a number") {
		t.Errorf("bad weight: apply disabled %v, message %q", f.apply.Disabled(), f.message.Text)
	}
	f.entries[1].SetText("0")
	f.entries[0].SetText("0")
	if !f.apply.Disabled() || !strings.Contains(f.message.Text, "above 0") {
		t.Errorf("all zero: apply disabled %v, message %q", f.apply.Disabled(), f.message.Text)
	}
	f.entries[0].SetText("3")
	test.Tap(f.apply)
	fd, ok := ws.Finding(smoke)
	if !ok || fd.Weights[0] != 3 || fd.Weights[1] != 0 {
		t.Errorf("finding after Apply: %+v %v", fd, ok)
	}
}

// TestLikelihoodFromReliability checks the second way in: "the report
// says Active round; the source is right 80% of the time" on a
// three-state node gives weight 0.8 to Active round and 0.1 to each of
// the two others, and Apply sets that finding.
func TestLikelihoodFromReliability(t *testing.T) {
	win, ws := openWindow(t, "../models/us-iran.toml")
	tm, active, _ := ws.Network().Lookup("turkish_mediation", "active_round")
	f := newLikelihoodForm(win, tm)
	if got := f.report.Options; len(got) != 3 || got[active] != "Active round" {
		t.Fatalf("report offers %q", got)
	}
	f.right.SetText("120")
	test.Tap(f.use)
	if !strings.Contains(f.message.Text, "from 0 to 100") {
		t.Errorf("120%%: message %q", f.message.Text)
	}
	f.report.SetSelectedIndex(active)
	f.right.SetText("80")
	test.Tap(f.use)
	want := []float64{0.1, 0.1, 0.1}
	want[active] = 0.8
	if f.sliders[active].Value != 100 || math.Abs(f.sliders[(active+1)%3].Value-12.5) > 1e-9 {
		t.Errorf("sliders %v, %v, %v", f.sliders[0].Value, f.sliders[1].Value, f.sliders[2].Value)
	}
	test.Tap(f.apply)
	fd, ok := ws.Finding(tm)
	if !ok || fd.Kind != network.Likelihood {
		t.Fatalf("no likelihood finding: %+v", fd)
	}
	for s, w := range want {
		if math.Abs(fd.Weights[s]-w) > 1e-12 {
			t.Errorf("weight of state %d: %v, want %v", s, fd.Weights[s], w)
		}
	}
	if got := reliabilityWeights(4, 1, 0.7); math.Abs(got[1]-0.7) > 1e-15 || math.Abs(got[0]-0.1) > 1e-15 || math.Abs(got[3]-0.1) > 1e-15 {
		t.Errorf("reliabilityWeights(4, 1, 0.7) = %v", got)
	}
	// The dialog itself opens over the window.
	win.likelihoodDialog(tm)
	if win.w.Canvas().Overlays().Top() == nil {
		t.Error("the dialog did not open")
	}
}
