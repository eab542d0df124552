package gui

import (
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// slideTexts returns the texts of the findings shown on the slide.
func slideTexts(p *presentation) []*widget.Label {
	var out []*widget.Label
	for _, o := range p.finds.Objects {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l)
		}
	}
	return out
}

func TestPresentationUsesLabelsAndTitles(t *testing.T) {
	win, ws := openWindow(t, "../models/us-iran.toml")
	m := ws.Model()
	// The shipped scenarios have no titles yet; give one a title.
	sc, ok := m.Scenario("maximum_pressure")
	if !ok {
		t.Fatal("no scenario maximum_pressure")
	}
	sc.Title = "Maximum pressure"
	p, err := openPresentation(win.app, ws)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for v := range m.Net.NumVariables() {
		if m.Label(v) != m.Net.Name(v) {
			ids[m.Net.Name(v)] = true
		}
	}
	sawTitle := false
	for i := range p.steps {
		p.show(i, false)
		if strings.Contains(p.title.Text, "maximum_pressure") {
			t.Errorf("slide %d title %q shows the scenario's name, not its title", i, p.title.Text)
		}
		if strings.HasPrefix(p.title.Text, "Maximum pressure") {
			sawTitle = true
		}
		if st := p.steps[i]; st.scenario != nil && st.scenario.Title == "" && !strings.HasPrefix(p.title.Text, st.scenario.Name) {
			t.Errorf("slide %d title %q, want the name %q of an untitled scenario", i, p.title.Text, st.scenario.Name)
		}
		for _, l := range slideTexts(p) {
			for id := range ids {
				if strings.Contains(l.Text, id) {
					t.Errorf("slide %d shows id %q: %q", i, id, l.Text)
				}
			}
		}
	}
	if !sawTitle {
		t.Error("no slide shows the title Maximum pressure")
	}
}

func TestPresentationShowsDroppedFindings(t *testing.T) {
	win, ws := openAsia(t)
	p, err := openPresentation(win.app, ws)
	if err != nil {
		t.Fatal(err)
	}
	// Step 1 (smoker_with_dyspnoea) observes smoke and dysp; step 2
	// (asia_positive_xray) observes asia and xray instead. Jumping to
	// step 2 from the baseline still compares with step 1.
	p.show(2, false)
	var removed, added []string
	for _, l := range slideTexts(p) {
		switch {
		case strings.HasPrefix(l.Text, "− removed: "):
			if l.Importance != widget.DangerImportance {
				t.Errorf("%q is not in the removed colour", l.Text)
			}
			removed = append(removed, strings.TrimPrefix(l.Text, "− removed: "))
		case strings.HasPrefix(l.Text, "+ "):
			added = append(added, l.Text)
		}
	}
	if strings.Join(removed, "; ") != "Smoker: yes; Dyspnoea: yes" {
		t.Errorf("removed findings %q, want Smoker: yes and Dyspnoea: yes", removed)
	}
	if len(added) != 2 {
		t.Errorf("new findings %q, want the two of asia_positive_xray", added)
	}
	// Step 1 after the baseline: nothing removed.
	p.show(1, false)
	for _, l := range slideTexts(p) {
		if strings.Contains(l.Text, "removed") {
			t.Errorf("step 1 shows %q", l.Text)
		}
	}
}

// contrast is the WCAG 2.x contrast ratio of two colours, (L1 + 0.05) /
// (L2 + 0.05) with L the relative luminance of sRGB
// (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA() // opaque colours: alpha is ignored
		lin := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.04045 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(bl)
	}
	l1, l2 := lum(a), lum(b)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

func TestContrastFormula(t *testing.T) {
	black, white := color.NRGBA{0, 0, 0, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}
	if c := contrast(black, white); math.Abs(c-21) > 1e-9 {
		t.Errorf("black on white %v, want 21", c)
	}
	// #767676 on white is the usual example of the AA minimum, 4.54:1.
	if c := contrast(color.NRGBA{0x76, 0x76, 0x76, 0xff}, white); math.Abs(c-4.54) > 0.01 {
		t.Errorf("#767676 on white %v, want 4.54", c)
	}
}

func TestPresentationContrast(t *testing.T) {
	test := func(t *testing.T, v fyne.ThemeVariant) {
		th := largeTheme{}
		bg := th.Color(theme.ColorNameBackground, v)
		// The colour names the slide's labels use: body text, notes and
		// help (LowImportance), new and removed findings.
		for _, n := range []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameDisabled,
			theme.ColorNameSuccess, theme.ColorNameError} {
			if c := contrast(th.Color(n, v), bg); c < 4.5 {
				t.Errorf("%s on the background: %.2f:1, want ≥ 4.5:1", n, c)
			}
		}
		pal := projectorPalette(v)
		for _, d := range []string{"▲ +12 pp", "▼ −3 pp", "±0 pp"} {
			if c := contrast(pal.deltaColor(d), pal.bg); c < 4.5 {
				t.Errorf("delta %q: %.2f:1, want ≥ 4.5:1", d, c)
			}
		}
	}
	t.Run("light", func(t *testing.T) { test(t, theme.VariantLight) })
	t.Run("dark", func(t *testing.T) { test(t, theme.VariantDark) })

	// The slide's description is body text, not the faint LowImportance.
	win, ws := openAsia(t)
	p, err := openPresentation(win.app, ws)
	if err != nil {
		t.Fatal(err)
	}
	if p.sub.Importance == widget.LowImportance {
		t.Error("the description is drawn in the muted colour")
	}
}

func TestPresentationNetworkSlide(t *testing.T) {
	win, ws := openAsia(t)
	p, err := openPresentation(win.app, ws)
	if err != nil {
		t.Fatal(err)
	}
	press := func(k fyne.KeyName) { p.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	press(fyne.KeyRight)
	press(fyne.KeyN)
	if !p.showNetwork || p.network.Visible() == false || p.body.Visible() {
		t.Fatal("N did not show the network slide")
	}
	wait := func() {
		done := make(chan struct{})
		go func() { p.rendering.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatal("the network picture was not rendered")
		}
	}
	wait()
	img := p.netImage.Image
	if img == nil {
		t.Fatalf("no picture; status %q", p.netStatus.Text)
	}
	size := p.w.Canvas().Size()
	scale := p.w.Canvas().Scale()
	if b := img.Bounds(); b.Dx() != int(float32(int(size.Width))*scale) || b.Dy() != int(float32(int(size.Height))*scale) {
		t.Errorf("picture %v, slide %v at scale %v", b, size, scale)
	}
	if p.netStatus.Visible() {
		t.Errorf("status %q still shown over the picture", p.netStatus.Text)
	}
	// Another step renders its own picture; going back reuses the first.
	press(fyne.KeyRight)
	wait()
	if p.netImage.Image == nil || p.netImage.Image == img {
		t.Error("step 3 did not get its own picture")
	}
	press(fyne.KeyLeft)
	if p.netImage.Image != img {
		t.Error("step 2's picture was not reused")
	}
	press(fyne.KeyN)
	if p.network.Visible() || !p.body.Visible() {
		t.Error("N again did not bring back the bars")
	}
}
