package gui

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/network/analysis"
)

// resultTexts returns the texts of the analysis panel's result labels.
func resultTexts(p *analysisPanel) []string {
	var out []string
	for _, o := range p.result.Objects {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

// setTarget selects target v, state s on the panel.
func setTarget(p *analysisPanel, v, s int) {
	p.node.SetSelectedIndex(v)
	p.state.SetSelectedIndex(s)
}

// TestAnalysisWhySortedWithLabels checks that Why lists the findings by
// the size of their effect, largest first, each led by its change in
// percentage points and named by labels, and that the tab explains pp
// and dB.
func TestAnalysisWhySortedWithLabels(t *testing.T) {
	win, ws := openAsia(t)
	n := ws.Network()
	m := ws.Model()
	for _, f := range [][2]string{{"smoke", "yes"}, {"xray", "yes"}, {"dysp", "yes"}} {
		v, s, _ := n.Lookup(f[0], f[1])
		if err := ws.SetState(v, s); err != nil {
			t.Fatal(err)
		}
	}
	lung, yes, _ := n.Lookup("lung", "yes")
	p := win.analysis
	setTarget(p, lung, yes)
	p.explain()
	texts := resultTexts(p)
	if !strings.HasPrefix(texts[0], "Why P(Lung cancer = yes)") {
		t.Errorf("heading %q", texts[0])
	}
	if !strings.Contains(texts[1], "decibans") || !strings.Contains(texts[1], "10×") || !strings.Contains(texts[1], "percentage points") {
		t.Errorf("caption does not explain the units: %q", texts[1])
	}
	weights, err := ws.Explain(lung, yes)
	if err != nil {
		t.Fatal(err)
	}
	lines := texts[2:]
	if len(lines) != len(weights) {
		t.Fatalf("%d lines for %d findings: %q", len(lines), len(weights), lines)
	}
	prev := math.Inf(1)
	for i, line := range lines {
		var w analysis.Weight
		found := false
		for _, x := range weights {
			if strings.Contains(line, m.Label(x.Finding.Variable)+" = ") {
				w, found = x, true
			}
		}
		if !found {
			t.Fatalf("line %d names no finding by its label: %q", i, line)
		}
		if d, _ := deltaText(w.Delta); !strings.HasPrefix(line, d+"  ") {
			t.Errorf("line %d does not lead with its change %q: %q", i, d, line)
		}
		if math.Abs(w.Delta) > prev {
			t.Errorf("line %d (%q) moves the target more than the one before", i, line)
		}
		prev = math.Abs(w.Delta)
		for _, id := range []string{"smoke=", "xray=", "dysp="} {
			if strings.Contains(line, id) {
				t.Errorf("line %d uses an id: %q", i, line)
			}
		}
	}
}

// TestAnalysisShowAllRevealsSmallRows checks that rows that cannot move
// the target (below 0.1 pp, or 1e-4 bits) are hidden with a note, and
// shown with "Show all". In asia, smoking is d-separated from
// tuberculosis given a visit to Asia and no other findings, so its
// finding and the lung-cancer and bronchitis observations move it by
// exactly 0.
func TestAnalysisShowAllRevealsSmallRows(t *testing.T) {
	win, ws := openAsia(t)
	n := ws.Network()
	for _, f := range [][2]string{{"asia", "yes"}, {"smoke", "yes"}} {
		v, s, _ := n.Lookup(f[0], f[1])
		if err := ws.SetState(v, s); err != nil {
			t.Fatal(err)
		}
	}
	tub, yes, _ := n.Lookup("tub", "yes")
	p := win.analysis
	p.indicators.SetChecked(false)
	setTarget(p, tub, yes)
	has := func(sub string) bool {
		return strings.Contains(strings.Join(resultTexts(p), "\n"), sub)
	}

	cases := []struct {
		name    string
		run     func()
		small   []string // shown only with Show all
		visible []string // shown either way
	}{
		{"why", p.explain, []string{"Smoker = yes"}, []string{"Visit to Asia = yes"}},
		{"collect next", p.voi, []string{"Lung cancer —", "Bronchitis —"}, []string{"Positive X-ray —", "Bits: "}},
		{"drivers", p.drivers, []string{"Lung cancer:", "Bronchitis:"}, []string{"Positive X-ray:"}},
		// Given the visit, only tuberculosis's own row for it matters.
		{"sensitivity", p.sensitivity, []string{"±0.00 pp per pp"}, []string{"pp per pp: P(Tuberculosis = yes | Visit to Asia = yes)"}},
	}
	for _, c := range cases {
		p.showAll.SetChecked(false)
		c.run()
		for _, s := range c.small {
			if has(s) {
				t.Errorf("%s: %q shown without Show all:\n%s", c.name, s, strings.Join(resultTexts(p), "\n"))
			}
		}
		for _, s := range c.visible {
			if !has(s) {
				t.Errorf("%s: %q missing:\n%s", c.name, s, strings.Join(resultTexts(p), "\n"))
			}
		}
		if !has("hidden") || !has("Show all") {
			t.Errorf("%s: no note of the hidden rows", c.name)
		}
		p.showAll.SetChecked(true) // redraws the same analysis
		for _, s := range append(c.small, c.visible...) {
			if !has(s) {
				t.Errorf("%s: %q missing with Show all:\n%s", c.name, s, strings.Join(resultTexts(p), "\n"))
			}
		}
		if has("hidden") {
			t.Errorf("%s: a hidden-rows note with Show all", c.name)
		}
	}
}

// TestAnalysisSensitivityWithLabels checks the sensitivity lines on the
// US–Iran model, whose nodes and states all have labels: no ids, and the
// effect in pp per pp, explained once.
func TestAnalysisSensitivityWithLabels(t *testing.T) {
	win, ws := openWindow(t, "../models/us-iran.toml")
	n := ws.Network()
	m := ws.Model()
	tm, active, err := n.Lookup("turkish_mediation", "active_round")
	if err != nil {
		t.Fatal(err)
	}
	p := win.analysis
	setTarget(p, tm, active)
	p.sensitivity()
	texts := resultTexts(p)
	if texts[0] != "Numbers P(Turkish mediation = Active round) depends on most" {
		t.Errorf("heading %q", texts[0])
	}
	if !strings.Contains(texts[1], "rose by 1 percentage point") {
		t.Errorf("caption %q", texts[1])
	}
	params, err := ws.Sensitivity(tm, active, 0)
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, line := range texts[2:] {
		if strings.Contains(line, "pp per pp: P(") {
			shown++
		}
		if strings.Contains(line, "_") {
			t.Errorf("line uses an id: %q", line)
		}
	}
	if shown == 0 {
		t.Fatalf("no sensitivity lines:\n%s", strings.Join(texts, "\n"))
	}
	// The entry of the issue: an active round given both parents.
	var q analysis.Param
	for _, x := range params {
		if x.Node == tm && x.State == active && x.Row > 0 {
			q = x
			break
		}
	}
	got := sensitivityText(m, q)
	states := n.ParentStates(tm, q.Row, nil)
	want := "pp per pp: P(Turkish mediation = Active round | "
	for i, u := range n.Parents(tm) {
		if i > 0 {
			want += ", "
		}
		want += m.Label(u) + " = " + m.StateLabel(u, states[i])
	}
	want += "), now " + analysis.Percent(q.Value)
	if !strings.HasSuffix(got, want) || !strings.Contains(got, "US intention = ") {
		t.Errorf("sensitivity text\n %q\nwant suffix\n %q", got, want)
	}
	for _, c := range []struct {
		d    float64
		want string
	}{{0.659, "+0.66"}, {-0.02, "−0.02"}, {0.0012, "+0.0012"}, {0, "±0.00"}} {
		if got := signed(c.d); got != c.want {
			t.Errorf("signed(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// TestAnalysisHowSureSettings checks the bounds of the "How sure?"
// settings, that a run with bad settings is refused with a message, and
// that a run with good ones uses them.
func TestAnalysisHowSureSettings(t *testing.T) {
	samples := []struct {
		text string
		want int
		ok   bool
	}{
		{"1000", 1000, true}, {"100", 100, true}, {"100,000", 100000, true}, {" 250 ", 250, true},
		{"99", 0, false}, {"100001", 0, false}, {"1e3", 0, false}, {"", 0, false}, {"-5", 0, false}, {"12.5", 0, false},
	}
	for _, c := range samples {
		got, err := parseSamples(c.text)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseSamples(%q) = %d, %v", c.text, got, err)
		}
	}
	confidences := []struct {
		text string
		want float64
		ok   bool
	}{
		{"0", 0, true}, {"1", 1, true}, {"20", 20, true}, {"2.5", 2.5, true}, {"10000", 10000, true},
		{"0.5", 0, false}, {"10001", 0, false}, {"-1", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"abc", 0, false},
	}
	for _, c := range confidences {
		got, err := parseConfidence(c.text)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseConfidence(%q) = %v, %v", c.text, got, err)
		}
	}

	win, _ := openAsia(t)
	q := useQueue(t, win)
	p := win.analysis
	if p.confidence.Text != "20" {
		t.Errorf("asia states no confidence; default confidence offered %q, want 20", p.confidence.Text)
	}
	p.samples.SetText("5")
	if err := p.samples.Validate(); err == nil || !strings.Contains(err.Error(), "100 to 100,000") {
		t.Errorf("5 samples: validation %v", err)
	}
	test.Tap(p.runBtn)
	if p.job != nil {
		t.Fatal("a run started with 5 samples")
	}
	if win.w.Canvas().Overlays().Top() == nil {
		t.Error("no message for the bad setting")
	}
	win.w.Canvas().Overlays().Remove(win.w.Canvas().Overlays().Top())

	p.samples.SetText("200")
	p.confidence.SetText("5")
	test.Tap(p.runBtn)
	if p.job == nil {
		t.Fatal("the run did not start")
	}
	j := p.job
	q.until("the run to finish", func() bool { return p.job != j })
	all := strings.Join(resultTexts(p), "\n")
	if !strings.Contains(all, "How sure: ") || !strings.Contains(all, "200 samples") || !strings.Contains(all, "counted as 5 observations") {
		t.Errorf("result:\n%s", all)
	}
	if got := win.outcomes.intervalNote(); got != howSureNote(200, 5) {
		t.Errorf("outcome panel's note %q, want %q", got, howSureNote(200, 5))
	}
	if got := howSureNote(1000, 20); got != "Bars show a 90% interval from 1,000 samples of the CPT numbers (nodes without a confidence of their own counted as 20 observations per CPT row)." {
		t.Errorf("interval note %q", got)
	}
}

// TestAnalysisExpectedMove checks Collect next's pp figure against the
// target's posteriors with each answer observed in turn: on asia without
// findings, E|Δ| = Σ_x P(xray = x) · |P(lung = yes | xray = x) − P(lung =
// yes)|, tol 1e-12.
func TestAnalysisExpectedMove(t *testing.T) {
	win, ws := openAsia(t)
	n := ws.Network()
	lung, yes, _ := n.Lookup("lung", "yes")
	xray, _, _ := n.Lookup("xray", "")
	rows, err := ws.Impact(lung, yes)
	if err != nil {
		t.Fatal(err)
	}
	got := expectedMove(rows, ws.Posterior)[xray]
	base := ws.Posterior(lung)[yes]
	pX := append([]float64(nil), ws.Posterior(xray)...)
	want := 0.0
	for x, px := range pX {
		if err := ws.SetState(xray, x); err != nil {
			t.Fatal(err)
		}
		want += px * math.Abs(ws.Posterior(lung)[yes]-base)
	}
	if math.Abs(got-want) > 1e-12 || want < 0.01 {
		t.Errorf("expected move %v, want %v", got, want)
	}
	if err := ws.ClearFindings(); err != nil {
		t.Fatal(err)
	}
	p := win.analysis
	p.indicators.SetChecked(false)
	setTarget(p, lung, yes)
	p.voi()
	line := "Positive X-ray — "
	for _, l := range resultTexts(p) {
		if strings.Contains(l, line) {
			if !strings.HasSuffix(l, ", moves it "+points(want)+" pp on average") {
				t.Errorf("line %q, want the move %s pp", l, points(want))
			}
			return
		}
	}
	t.Errorf("no line for %q", line)
}
