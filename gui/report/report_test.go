package report

import (
	"brink/gui/cardlayout"
	"brink/network/analysis"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"brink/internal/shared"
	"brink/network"
	"brink/network/decision"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixedNow keeps dates, and so the golden picture, the same on every run.
var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func usIran(t testing.TB) *model.Model {
	t.Helper()
	doc, err := formats.Load("../../models/us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model
}

func scenario(t testing.TB, m *model.Model, name string) Column {
	t.Helper()
	sc, ok := m.Scenario(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	c, err := ScenarioColumn(m, sc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// posteriors propagates ev with a junction tree of its own, independent
// of the package's code path, for the numbers the tests expect: on the
// network with the decisions at their best policies under ev
// (decision.BeliefNetwork), as the brief shows them.
func posteriors(t testing.TB, m *model.Model, ev *network.Evidence) [][]float64 {
	t.Helper()
	if ev == nil {
		ev = network.NewEvidence(m.Net)
	}
	net, _, _, err := decision.BeliefNetwork(m, ev)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, m.Net.NumVariables())
	for v := range out {
		out[v] = append([]float64(nil), jt.Posterior(v)...)
	}
	return out
}

// pdfText extracts the text of a PDF, one string per page, with
// pdftotext -layout (Debian's poppler-utils). The test is skipped when
// the tool is missing.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found; install poppler-utils (apt-get install poppler-utils) to check the PDF's text")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// TestBriefText reads the brief of two scenarios of the US–Iran model
// back with pdftotext: the bottom line, a comparison page giving each
// intention and outcome state the probability the engine computes (as
// analysis.Percent writes it) and its change against the model without
// findings, then each scenario's part naming it and listing its findings
// with their notes; and the model's limits. A brief of one scenario,
// without a comparison, gives the probabilities in the scenario's part,
// with the ICD 203 words, all on the state's row.
func TestBriefText(t *testing.T) {
	m := usIran(t)
	cols := []Column{scenario(t, m, "maximum_pressure"), scenario(t, m, "red_sea_spark")}
	var buf bytes.Buffer
	if err := Brief(&buf, m, cols, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	all := strings.Join(pages, "\n")
	if !strings.Contains(pages[0], "BOTTOM LINE") {
		t.Errorf("page 1 is not the bottom line:\n%s", pages[0])
	}
	comparison := pages[1]
	if !strings.Contains(comparison, "2 scenarios compared") || !strings.Contains(comparison, "differences against the baseline") {
		t.Errorf("page 2 is not the comparison page:\n%s", comparison)
	}
	base := posteriors(t, m, nil)
	parts := scenarioParts(t, all, cols)
	for i, c := range cols {
		page := parts[i]
		if page == "" {
			continue
		}
		for _, want := range []string{"27 November 2026", "Model: US–Iran standoff"} {
			if !strings.Contains(all[:strings.Index(all, page)], want) {
				t.Errorf("%s: the scenarios' heading before it lacks %q", c.Name, want)
			}
		}
		var sc *model.Scenario
		for i := range m.Scenarios {
			if m.Scenarios[i].DisplayTitle() == c.Name {
				sc = &m.Scenarios[i]
			}
		}
		if sc == nil {
			t.Fatalf("column %q is not named by a scenario's title", c.Name)
		}
		for _, f := range c.Evidence.Findings() {
			if want := findingText(m, f); !strings.Contains(page, want) {
				t.Errorf("%s: finding %q missing", c.Name, want)
			}
		}
		for _, f := range sc.Findings {
			words := strings.Fields(f.Provenance.Note)
			if want := strings.Join(words[:4], " "); !strings.Contains(strings.Join(strings.Fields(page), " "), want) {
				t.Errorf("%s: note of %s (%q…) missing", c.Name, f.Node, want)
			}
		}
		post := posteriors(t, m, c.Evidence)
		// The comparison page has the numbers and the differences.
		for _, v := range m.BriefingNodes() {
			for s := range m.Net.Card(v) {
				p := post[v][s]
				want := regexp.QuoteMeta(analysis.Percent(p)) + `\s+` + regexp.QuoteMeta(analysis.Delta(p-base[v][s]))
				if !regexp.MustCompile(regexp.QuoteMeta(m.StateLabel(v, s)) + `\s.*` + want).MatchString(comparison) {
					t.Errorf("comparison: %s=%s of %s: want %s", m.Net.Name(v), m.Net.Variable(v).States[s], c.Name, want)
				}
			}
		}
	}
	if !strings.Contains(all, "What the model leaves out") || !strings.Contains(all, "One period: the six months from the as-of date") {
		t.Error("the model's limits are missing")
	}
	for _, absent := range []string{"Top drivers", "What to collect next", "NaN"} {
		if strings.Contains(all, absent) {
			t.Errorf("brief contains %q", absent)
		}
	}

	// One scenario: its part has the table, with the ICD 203 words.
	buf.Reset()
	if err := Brief(&buf, m, cols[:1], Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	all = strings.Join(pdfText(t, buf.Bytes()), "\n")
	page := scenarioParts(t, all, cols[:1])[0]
	post := posteriors(t, m, cols[0].Evidence)
	for _, v := range m.BriefingNodes() {
		for s := range m.Net.Card(v) {
			p := post[v][s]
			row := regexp.QuoteMeta(m.StateLabel(v, s)) + `\s+` + regexp.QuoteMeta(analysis.Percent(p)) +
				`\s+` + regexp.QuoteMeta(term(p)) + `\s+` + regexp.QuoteMeta(analysis.Delta(p-base[v][s]))
			if !regexp.MustCompile(row).MatchString(page) {
				t.Errorf("one scenario: no row %q", row)
			}
		}
	}
}

// scenarioParts returns the text of each column's part of a brief's
// scenarios section, from the line that names it to the next column's,
// or to the decisions or limits after the last; "" with an error for a
// column not found.
func scenarioParts(t *testing.T, all string, cols []Column) []string {
	t.Helper()
	start := strings.Index(all, "SCENARIOS")
	if start < 0 {
		t.Error("no scenarios section")
		return make([]string, len(cols))
	}
	at := make([]int, len(cols)+1)
	for i, c := range cols {
		loc := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(c.Name) + `\s*$`).FindStringIndex(all[start:])
		if loc == nil {
			t.Errorf("no part for scenario %q", c.Name)
			return make([]string, len(cols))
		}
		at[i] = start + loc[0]
		start = at[i] + 1
	}
	at[len(cols)] = len(all)
	for _, end := range []string{"DECISIONS", "What the model leaves out"} {
		if k := strings.Index(all[at[len(cols)-1]:], end); k >= 0 {
			at[len(cols)] = min(at[len(cols)], at[len(cols)-1]+k)
		}
	}
	out := make([]string, len(cols))
	for i := range cols {
		out[i] = all[at[i]:at[i+1]]
	}
	return out
}

// TestBriefProvenanceAndCallbacks checks a finding's source, date and
// grading, and that the optional sections appear when their callbacks
// are set, with the lines they return.
func TestBriefProvenanceAndCallbacks(t *testing.T) {
	m := usIran(t)
	v, s, err := m.Net.Lookup("leader_rhetoric", "threatening")
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(m.Net)
	if err := ev.SetState(v, s); err != nil {
		t.Fatal(err)
	}
	if err := ev.SetLikelihood(0, []float64{0.3, 0.7}); err != nil { // us_strategic_distraction
		t.Fatal(err)
	}
	col := Column{
		Name:     "speech",
		Evidence: ev,
		Provenance: map[string]*model.Provenance{"leader_rhetoric": {
			Note: "Televised address.", Source: "standoff", Observed: "2026-11-20", Reliability: "B", Credibility: 2,
		}},
	}
	var gotEv *network.Evidence
	opts := Options{
		Now: fixedNow,
		Drivers: func(e *network.Evidence) ([]DriverLine, error) {
			gotEv = e
			return []DriverLine{{Finding: "Leaders' rhetoric = Threatening", Target: "Iran intention = Escalate", Without: 0.30, With: 0.42}}, nil
		},
		NextToCollect: func(*network.Evidence) ([]CollectLine, error) {
			return []CollectLine{{Node: "Proxy incidents", Target: "Outcome", Bits: 0.1234, Note: "multi-theater would raise escalation most"}}, nil
		},
	}
	var buf bytes.Buffer
	if err := Brief(&buf, m, []Column{col}, opts); err != nil {
		t.Fatal(err)
	}
	if gotEv == nil || gotEv.Len() != 2 {
		t.Errorf("Drivers got evidence %v, want the column's two findings", gotEv)
	}
	text := strings.Join(pdfText(t, buf.Bytes()), "\n")
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Leaders' rhetoric = Threatening", "Televised address.",
		"Source: US–Iran standoff analysis", "Observed: 2026-11-20", "Grading: B2 (usually reliable, probably true)",
		"US strategic distraction: likelihood Low 0.3, High 0.7", "Source, date observed and grading not recorded.",
		"Top drivers", "Iran intention = Escalate", "30.0% → 42.0%", "▲ +12 pp",
		"What to collect next", "Proxy incidents", "0.123 bits", "multi-theater would raise escalation most",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
	if strings.Contains(text, "compared") {
		t.Error("a brief of one scenario has a comparison page")
	}

	// A failing callback is the brief's error, and nothing is written.
	boom := errors.New("boom")
	opts.NextToCollect = func(*network.Evidence) ([]CollectLine, error) { return nil, boom }
	buf.Reset()
	if err := Brief(&buf, m, []Column{col}, opts); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written after an error", buf.Len())
	}
}

// TestImpossibleEvidence: every export returns the engine's error for
// evidence of probability zero and writes nothing. In the chest clinic,
// either = tub OR lung, so either = no and lung = yes cannot both hold.
func TestImpossibleEvidence(t *testing.T) {
	doc, err := formats.Load("../../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	ev := network.NewEvidence(m.Net)
	for _, f := range [][2]string{{"either", "no"}, {"lung", "yes"}} {
		v, s, err := m.Net.Lookup(f[0], f[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := ev.SetState(v, s); err != nil {
			t.Fatal(err)
		}
	}
	col := Column{Name: "impossible", Evidence: ev}
	calls := map[string]func(*bytes.Buffer) error{
		"NetworkImage": func(b *bytes.Buffer) error { return NetworkImage(b, "png", m, col, Options{}) },
		"OutcomeChart": func(b *bytes.Buffer) error { return OutcomeChart(b, "svg", m, []Column{{Name: "ok"}, col}, Options{}) },
		"Brief":        func(b *bytes.Buffer) error { return Brief(b, m, []Column{col}, Options{}) },
	}
	for name, call := range calls {
		var buf bytes.Buffer
		err := call(&buf)
		var ie *network.ImpossibleEvidenceError
		if !errors.As(err, &ie) || !errors.Is(err, network.ErrImpossibleEvidence) {
			t.Errorf("%s: err = %v, want *network.ImpossibleEvidenceError", name, err)
		} else if !strings.Contains(err.Error(), `scenario "impossible"`) {
			t.Errorf("%s: %v does not name the scenario", name, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written", name, buf.Len())
		}
	}
}

// TestNetworkImagePNG checks the picture's size (default, custom and 2×),
// that it is not blank, and the golden picture of maximum_pressure.
// Regenerate with go test -run TestNetworkImagePNG -update and look at
// testdata/us-iran-maximum_pressure.png before accepting it.
func TestNetworkImagePNG(t *testing.T) {
	m := usIran(t)
	col := scenario(t, m, "maximum_pressure")
	tests := []struct {
		name string
		opts Options
		w, h int
	}{
		{"default", Options{Now: fixedNow}, 1920, 1080},
		{"2x", Options{Now: fixedNow, Scale: 2}, 3840, 2160},
		{"4:3", Options{Now: fixedNow, Width: 1024, Height: 768}, 1024, 768},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := NetworkImage(&buf, "png", m, col, tc.opts); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
				t.Fatalf("size %v, want %d×%d", b.Size(), tc.w, tc.h)
			}
			if n := colours(img); n < 200 {
				t.Errorf("only %d colours: blank?", n)
			}
			// The role and finding colours are there.
			for _, c := range []color.NRGBA{roleColor("evidence"), roleColor("intention"), roleColor("outcome"), colFinding} {
				if !hasColour(img, c) {
					t.Errorf("no pixel of %v", c)
				}
			}
			if tc.name == "default" {
				golden(t, "us-iran-maximum_pressure.png", buf.Bytes(), img)
			}
		})
	}
}

func colours(img image.Image) int {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			seen[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
		}
	}
	return len(seen)
}

func hasColour(img image.Image, c color.NRGBA) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B {
				return true
			}
		}
	}
	return false
}

// golden compares img with testdata/name, or rewrites it with -update.
// Anti-aliasing may differ in the last bit between platforms (fused
// multiply-add), so pixels may differ by a few levels, and a few in a
// thousand by more.
func golden(t *testing.T, name string, data []byte, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s; look at it before committing", path)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("size %v, golden %v", img.Bounds(), want.Bounds())
	}
	b := img.Bounds()
	bad := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r0, g0, b0, _ := img.At(x, y).RGBA()
			r1, g1, b1, _ := want.At(x, y).RGBA()
			d := max(absDiff(r0, r1), absDiff(g0, g1), absDiff(b0, b1)) >> 8
			if d > 8 {
				bad++
			}
		}
	}
	if frac := float64(bad) / float64(b.Dx()*b.Dy()); frac > 0.002 {
		out := filepath.Join(t.TempDir(), name)
		os.WriteFile(out, data, 0o644)
		t.Errorf("%.2f%% of pixels differ from %s; got %s (run with -update if the change is intended)", 100*frac, path, out)
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestNetworkImageSVG: the nominal size is the picture's size in CSS
// pixels, and every node and state label is there as text.
func TestNetworkImageSVG(t *testing.T) {
	m := usIran(t)
	var buf bytes.Buffer
	if err := NetworkImage(&buf, "svg", m, scenario(t, m, "red_sea_spark"), Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if !strings.Contains(svg, `<svg width="1440pt" height="810pt" viewBox="0 0 1440 810"`) {
		t.Errorf("unexpected size: %.200s", svg)
	}
	texts := map[string]bool{}
	for _, mt := range regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg, -1) {
		texts[html(mt[1])] = true
	}
	for v := range m.Net.NumVariables() {
		if !texts[m.Label(v)] {
			t.Errorf("no text %q", m.Label(v))
		}
	}
	for _, want := range []string{"US–Iran standoff", "Red Sea spark — findings: Proxy incidents = Multi-theatre; Localized clash = Yes", "100%", "27 November 2026"} {
		if !texts[want] {
			t.Errorf("no text %q", want)
		}
	}
	if strings.Contains(svg, "NaN") {
		t.Error("NaN in the SVG")
	}
}

func html(s string) string {
	return strings.NewReplacer("&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`).Replace(s)
}

// TestOutcomeChart checks the chart in the three formats: the PNG's size,
// the SVG's words and legend, and the PDF's text.
func TestOutcomeChart(t *testing.T) {
	m := usIran(t)
	cols := []Column{scenario(t, m, "maximum_pressure"), scenario(t, m, "red_sea_spark"), scenario(t, m, "turkish_channel")}
	for _, format := range []string{"png", "svg", "pdf"} {
		for _, n := range []int{1, 3} {
			var buf bytes.Buffer
			if err := OutcomeChart(&buf, format, m, cols[:n], Options{Now: fixedNow, Scale: 2}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			var text string
			switch format {
			case "png":
				img, err := png.Decode(&buf)
				if err != nil {
					t.Fatal(err)
				}
				if img.Bounds().Dx() != 3840 || img.Bounds().Dy() != 2160 {
					t.Errorf("png: size %v", img.Bounds())
				}
				if colours(img) < 50 {
					t.Error("png: blank?")
				}
				continue
			case "svg":
				text = html(buf.String())
			case "pdf":
				if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
					t.Fatal("pdf: not a PDF")
				}
				text = strings.Join(pdfText(t, buf.Bytes()), "\n")
			}
			post := posteriors(t, m, cols[n-1].Evidence)
			for _, v := range m.BriefingNodes() {
				if !strings.Contains(text, m.Label(v)) {
					t.Errorf("%s: no %q", format, m.Label(v))
				}
				for s := range m.Net.Card(v) {
					if want := analysis.Percent(post[v][s]); !strings.Contains(text, want) {
						t.Errorf("%s: no %s for %s", format, want, m.StateLabel(v, s))
					}
				}
			}
			for _, want := range []string{"Intentions and outcomes", "without findings", "likely", "ICD 203"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s, %d scenarios: no %q", format, n, want)
				}
			}
			if n > 1 {
				for _, c := range cols {
					if !strings.Contains(text, c.Name) {
						t.Errorf("%s: legend lacks %q", format, c.Name)
					}
				}
			}
		}
	}
}

func TestOptionsAndFormats(t *testing.T) {
	m := usIran(t)
	col := Column{Name: "none"}
	tests := []struct {
		name   string
		format string
		opts   Options
		want   string
	}{
		{"unknown format", "gif", Options{}, "unknown format"},
		{"negative scale", "png", Options{Scale: -1}, "scale"},
		{"NaN scale", "png", Options{Scale: math.NaN()}, "scale"},
		{"tiny", "png", Options{Width: 10, Height: 10}, "at least"},
		{"huge", "png", Options{Width: 9000, Height: 5000, Scale: 2}, "at most"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		err := NetworkImage(&buf, tc.format, m, col, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes", tc.name, buf.Len())
		}
	}
	var buf bytes.Buffer
	if err := NetworkImage(&buf, "gif", m, col, Options{}); !errors.Is(err, ErrFormat) {
		t.Errorf("err = %v, want ErrFormat", err)
	}
	if err := OutcomeChart(&buf, "png", m, nil, Options{}); err == nil {
		t.Error("a chart of no scenario: no error")
	}
	if err := Brief(&buf, m, nil, Options{}); err == nil {
		t.Error("a brief of no scenario: no error")
	}
	other := usIran(t) // another network, same shape
	if err := NetworkImage(&buf, "png", m, Column{Name: "x", Evidence: network.NewEvidence(other.Net)}, Options{}); err == nil || !strings.Contains(err.Error(), "another network") {
		t.Errorf("evidence of another network: err = %v", err)
	}
}

func TestTerm(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{0, "almost no chance"}, {0.0499, "almost no chance"}, {0.05, "very unlikely"},
		{0.1999, "very unlikely"}, {0.20, "unlikely"}, {0.4499, "unlikely"},
		{0.45, "roughly even chance"}, {0.5, "roughly even chance"}, {0.55, "roughly even chance"},
		{0.5501, "likely"}, {0.80, "likely"}, {0.8001, "very likely"}, {0.95, "very likely"},
		{0.9501, "almost certainly"}, {1, "almost certainly"}, {math.NaN(), ""},
	}
	for _, tc := range tests {
		if got := term(tc.p); got != tc.want {
			t.Errorf("term(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	pct := []struct {
		p    float64
		want string
	}{
		{0, "0%"}, {1, "100%"}, {0.0004, "<0.1%"}, {0.9996, ">99.9%"}, {0.5791, "57.9%"}, {math.NaN(), "–"},
	}
	for _, tc := range pct {
		if got := analysis.Percent(tc.p); got != tc.want {
			t.Errorf("analysis.Percent(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
	delta := []struct {
		d    float64
		want string
	}{
		{0, "±0 pp"}, {0.0004, "±0 pp"}, {0.12, "▲ +12 pp"}, {-0.034, "▼ −3.4 pp"}, {0.0995, "▲ +10 pp"}, {math.NaN(), "±0 pp"},
	}
	for _, tc := range delta {
		if got := analysis.Delta(tc.d); got != tc.want {
			t.Errorf("analysis.Delta(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	grades := []struct {
		p    model.Provenance
		want string
	}{
		{model.Provenance{}, ""},
		{model.Provenance{Reliability: "B", Credibility: 2}, "B2 (usually reliable, probably true)"},
		{model.Provenance{Reliability: "F"}, "F (reliability cannot be judged)"},
		{model.Provenance{Credibility: 6}, "credibility 6 (truth cannot be judged)"},
	}
	for _, tc := range grades {
		if got := grading(&tc.p); got != tc.want {
			t.Errorf("grading(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestFallbackLayout lays out ALARM, which comes without positions:
// every card on the picture, none overlapping, and every parent in an
// earlier row than its child or before it in the same row.
func TestFallbackLayout(t *testing.T) {
	path, ok := shared.Path("networks", "alarm.bif")
	if !ok {
		t.Skip("shared networks not found")
	}
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	pos := positions(m)
	n := m.Net
	for a := range n.NumVariables() {
		for b := a + 1; b < n.NumVariables(); b++ {
			if math.Abs(pos[a].X-pos[b].X) < (cardlayout.CardWidth(m, a)+cardlayout.CardWidth(m, b))/2 && math.Abs(pos[a].Y-pos[b].Y) < (cardH(n.Card(a))+cardH(n.Card(b)))/2 {
				t.Errorf("cards %s and %s overlap", n.Name(a), n.Name(b))
			}
		}
		for _, p := range n.Parents(a) {
			if pos[p].Y > pos[a].Y+cardRow*4 || (math.Abs(pos[p].Y-pos[a].Y) < cardRow*4 && pos[p].X > pos[a].X) {
				t.Errorf("parent %s at %v not before child %s at %v", n.Name(p), pos[p], n.Name(a), pos[a])
			}
		}
	}
	var buf bytes.Buffer
	if err := NetworkImage(&buf, "png", m, Column{}, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
}

// TestNoPanicOnOddModels draws models at the edges: no title, no roles
// (the chart falls back to the nodes without children), no scenarios.
func TestNoPanicOnOddModels(t *testing.T) {
	doc, err := formats.Load("../../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	m.Title = ""
	m.Limits = nil
	for v := range m.Nodes {
		m.Nodes[v].Role = model.RoleNone
		m.Nodes[v].Position = nil
	}
	nodes := m.BriefingNodes()
	if len(nodes) == 0 {
		t.Fatal("no fallback nodes")
	}
	for _, v := range nodes {
		if len(m.Net.Children(v)) != 0 {
			t.Errorf("fallback node %s has children", m.Net.Name(v))
		}
	}
	for _, format := range []string{"png", "svg", "pdf"} {
		var buf bytes.Buffer
		if err := NetworkImage(&buf, format, m, Column{}, Options{Width: 640, Height: 360}); err != nil {
			t.Error(err)
		}
		if err := OutcomeChart(&buf, format, m, []Column{{}, {}}, Options{Width: 640, Height: 360}); err != nil {
			t.Error(err)
		}
	}
	var buf bytes.Buffer
	if err := Brief(&buf, m, []Column{{}}, Options{}); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfText(t, buf.Bytes()), "\n")
	for _, want := range []string{"scenario 1", "No findings", "The model states no limits"} {
		if !strings.Contains(text, want) {
			t.Errorf("brief lacks %q", want)
		}
	}
}

// TestBriefDeterministic: with Options.Now fixed, the same input gives
// the same bytes, so that briefs can be compared and kept under version
// control.
func TestBriefDeterministic(t *testing.T) {
	m := usIran(t)
	cols := []Column{scenario(t, m, "maximum_pressure"), scenario(t, m, "red_sea_spark")}
	var a, b bytes.Buffer
	if err := Brief(&a, m, cols, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if err := Brief(&b, m, cols, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two briefs of the same scenarios differ")
	}
}

// TestBriefReference checks the comparison page's differences: against
// the model without findings by default, and against the column opts.Reference names; an unknown
// reference is an error.
func TestBriefReference(t *testing.T) {
	m := usIran(t)
	cols := []Column{scenario(t, m, "baseline"), scenario(t, m, "maximum_pressure"), scenario(t, m, "red_sea_spark")}
	cases := []struct {
		name, reference string
		ref             int // the column compared against
		against         string
	}{
		{"baseline", "", 0, "differences against the baseline"},
		{"scenario", "Maximum pressure", 1, "differences against Maximum pressure"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Brief(&buf, m, cols, Options{Now: fixedNow, Reference: tc.reference}); err != nil {
				t.Fatal(err)
			}
			page := ""
			for _, p := range pdfText(t, buf.Bytes()) {
				if strings.Contains(p, "3 scenarios compared") {
					page = p
				}
			}
			if !strings.Contains(page, tc.against) {
				t.Fatalf("no comparison page saying %q", tc.against)
			}
			ref := posteriors(t, m, cols[tc.ref].Evidence)
			posts := make([][][]float64, len(cols))
			for i, c := range cols {
				posts[i] = posteriors(t, m, c.Evidence)
			}
			// The reference comes first, marked as such; the others follow
			// in order with their differences.
			order := []int{tc.ref}
			for i := range cols {
				if i != tc.ref {
					order = append(order, i)
				}
			}
			for _, v := range m.BriefingNodes() {
				for s := range m.Net.Card(v) {
					row := regexp.QuoteMeta(m.StateLabel(v, s))
					for _, i := range order {
						p := posts[i][v][s]
						diff := analysis.Delta(p - ref[v][s])
						if i == tc.ref {
							diff = "reference"
						}
						row += `\s+` + regexp.QuoteMeta(analysis.Percent(p)) + `\s+` + regexp.QuoteMeta(diff)
					}
					if !regexp.MustCompile(row).MatchString(page) {
						t.Errorf("no row %q", row)
					}
				}
			}
		})
	}
	if err := Brief(io.Discard, m, cols, Options{Reference: "no such scenario"}); err == nil {
		t.Error("an unknown reference gave no error")
	}
}

// TestBottomLine checks the brief's first page for the flagship's nine
// scenarios: it holds every intention and outcome's label and, for each
// scenario, the probability the engine gives its most likely state, with
// its change against the baseline; each scenario's key judgement; and
// the top drivers and what to watch — all on the one page.
func TestBottomLine(t *testing.T) {
	m := usIran(t)
	var cols []Column
	for _, name := range []string{"baseline", "present_conditions", "maximum_pressure", "domestic_unrest", "turkish_channel",
		"red_sea_spark", "us_distracted", "clash_restrained", "clash_forceful"} {
		cols = append(cols, scenario(t, m, name))
	}
	opts, err := WithAnalyses(m, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Brief(&buf, m, cols, opts); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	page := pages[0]
	flat := strings.Join(strings.Fields(page), " ")
	for _, want := range []string{"BOTTOM LINE", "Most likely, by scenario", "Key judgements", "Top drivers", "What to watch"} {
		if !strings.Contains(page, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	for _, v := range m.BriefingNodes() {
		if !strings.Contains(page, m.Label(v)) {
			t.Errorf("page 1 lacks the label %q", m.Label(v))
		}
	}
	base := posteriors(t, m, nil)
	for _, c := range cols {
		post := posteriors(t, m, c.Evidence)
		for _, v := range m.BriefingNodes() {
			s := argmax(post[v])
			want := analysis.Percent(post[v][s]) + " " + analysis.Delta(post[v][s]-base[v][s])
			if !strings.Contains(flat, want) {
				t.Errorf("%s, %s: page 1 lacks %q", c.Name, m.Label(v), want)
			}
		}
		nr, err := opts.Narrative(c.Evidence.Clone())
		if err != nil {
			t.Fatal(err)
		}
		// The judgement's first sentence, whole, and nothing after it.
		first := strings.Join(strings.Fields(nr.Judgement), " ")
		if i := strings.Index(first, ". That is"); i >= 0 {
			first = first[:i+1]
		}
		if want := c.Name + ": " + first; !strings.Contains(flat, want) || !strings.HasSuffix(want, ".") {
			t.Errorf("page 1 lacks the judgement %q", want)
		}
	}
}

// TestBriefHandling checks that the handling line is printed at the top
// and the bottom of every page: the export's own when one is given, else
// the model's, else none.
func TestBriefHandling(t *testing.T) {
	const handling = "UNCLASSIFIED — FOR TRAINING"
	const own = "UNCLASSIFIED — ILLUSTRATIVE MODEL FROM OPEN SOURCES" // the flagship's
	for _, tc := range []struct {
		name, handling, model, look string
		want                        int // times on each page
	}{
		{"none", "", "", handling, 0},
		{"set", handling, "", handling, 2},
		{"the model's own", "", own, own, 2},
		{"the export's over the model's", handling, own, own, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := usIran(t)
			if m.Handling != own {
				t.Fatalf("the flagship's handling line is %q, want %q", m.Handling, own)
			}
			m.Handling = tc.model
			cols := []Column{scenario(t, m, "maximum_pressure"), scenario(t, m, "red_sea_spark")}
			var buf bytes.Buffer
			if err := Brief(&buf, m, cols, Options{Now: fixedNow, Handling: tc.handling}); err != nil {
				t.Fatal(err)
			}
			handling := tc.look
			for i, p := range pdfText(t, buf.Bytes()) {
				if n := strings.Count(p, handling); n != tc.want {
					t.Errorf("page %d has the handling line %d times, want %d", i+1, n, tc.want)
				}
				lines := strings.Split(strings.TrimSpace(p), "\n")
				if tc.want > 0 && (!strings.Contains(lines[0], handling) || !strings.Contains(lines[len(lines)-1], handling)) {
					t.Errorf("page %d: the handling line is not first and last:\n%s", i+1, p)
				}
			}
		})
	}
}

// TestBriefSections writes only the sections asked for.
func TestBriefSections(t *testing.T) {
	m := usIran(t)
	cols := []Column{scenario(t, m, "maximum_pressure"), scenario(t, m, "red_sea_spark")}
	marks := map[string]string{ // a text only each section writes, at the start of a line
		SectionSummary:    "BOTTOM LINE",
		SectionComparison: "COMPARISON",
		SectionScenarios:  "SCENARIOS",
		SectionDecisions:  "DECISIONS",
		SectionNetwork:    "THE NETWORK",
		SectionLimits:     "What the model leaves out",
	}
	cases := []struct {
		name     string
		sections []string
		want     []string // the sections expected; the others must be absent
		err      bool
	}{
		{"default", nil, AllSections, false},
		{"summary", []string{SectionSummary}, []string{SectionSummary}, false},
		{"comparison and limits", []string{SectionLimits, SectionComparison}, []string{SectionComparison, SectionLimits}, false},
		{"scenarios without network", []string{SectionScenarios}, []string{SectionScenarios}, false},
		{"decisions", []string{SectionDecisions}, []string{SectionDecisions}, false},
		{"limits", []string{SectionLimits}, []string{SectionLimits}, false},
		{"network alone", []string{SectionNetwork}, []string{SectionNetwork}, false},
		{"unknown", []string{"appendix"}, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Brief(&buf, m, cols, Options{Now: fixedNow, Sections: tc.sections})
			if (err != nil) != tc.err {
				t.Fatalf("error %v, want error %v", err, tc.err)
			}
			if err != nil {
				if buf.Len() != 0 {
					t.Error("wrote something with an error")
				}
				return
			}
			text := strings.ToUpper(strings.Join(pdfText(t, buf.Bytes()), "\n"))
			for _, s := range AllSections {
				has := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(strings.ToUpper(marks[s]))).MatchString(text)
				if want := slices.Contains(tc.want, s); has != want {
					t.Errorf("section %s: written %v, want %v", s, has, want)
				}
			}
		})
	}
}

// TestBriefKeepWithNext renders every page of several briefs with
// pdftoppm at 30 dpi and checks, by the last row that is not white
// between the header and the footer bands, that no page but the last
// ends in its top third: a page that does holds only what was stranded
// from the page before (a heading, a table's last row, a caption).
func TestBriefKeepWithNext(t *testing.T) {
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm not found; install poppler-utils to render the brief's pages")
	}
	m := usIran(t)
	names := []string{"baseline", "present_conditions", "maximum_pressure", "domestic_unrest", "turkish_channel",
		"red_sea_spark", "us_distracted", "clash_restrained", "clash_forceful"}
	var all []Column
	for _, n := range names {
		all = append(all, scenario(t, m, n))
	}
	opts, err := WithAnalyses(m, Options{Now: fixedNow, Handling: "UNCLASSIFIED — FOR TRAINING"})
	if err != nil {
		t.Fatal(err)
	}
	briefs := map[string][]Column{"all nine": all}
	for i, n := range names {
		briefs[n] = all[i : i+1]
	}
	for name, cols := range briefs {
		var buf bytes.Buffer
		if err := Brief(&buf, m, cols, opts); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		pdf := filepath.Join(dir, "brief.pdf")
		if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(tool, "-r", "30", "-gray", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		pages, err := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
		if err != nil || len(pages) == 0 {
			t.Fatalf("%s: no pages rendered (%v)", name, err)
		}
		slices.Sort(pages) // zero-padded numbers sort as numbers
		for i, p := range pages[:len(pages)-1] {
			end, landscape, err := contentEnd(p)
			if err != nil {
				t.Fatal(err)
			}
			// The network's landscape page starts a page of its own,
			// whatever the page before holds.
			if _, next, err := contentEnd(pages[i+1]); err != nil || next || landscape {
				continue
			}
			if end < bPageH/3 {
				t.Errorf("%s: page %d of %d ends at %.0f mm, in its top third", name, i+1, len(pages), end)
			}
		}
	}
}

// contentEnd returns how far down the page, in millimetres, the last row
// darker than near-white lies in a binary PGM rendering, looking only
// between the handling line at the top and the footer, and whether the
// page is landscape (it is then not measured).
func contentEnd(path string) (end float64, landscape bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false, err
	}
	// The header is four whitespace-separated fields ("P5", width,
	// height, maximum value); the pixels follow the single whitespace
	// after the fourth.
	var fields []string
	hdr, start := 0, -1
	for ; hdr < len(data) && len(fields) < 4; hdr++ {
		switch c := data[hdr]; {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			if start >= 0 {
				fields = append(fields, string(data[start:hdr]))
				start = -1
			}
		case start < 0:
			start = hdr
		}
	}
	var w, h int
	if len(fields) != 4 || fields[0] != "P5" || fields[3] != "255" {
		return 0, false, fmt.Errorf("%s: not an 8-bit binary PGM", path)
	}
	if _, err := fmt.Sscan(fields[1]+" "+fields[2], &w, &h); err != nil {
		return 0, false, fmt.Errorf("%s: %v", path, err)
	}
	px := data[hdr:]
	if len(px) < w*h {
		return 0, false, fmt.Errorf("%s: short PGM", path)
	}
	if w > h {
		return 0, true, nil
	}
	mm := func(y int) float64 { return float64(y) * bPageH / float64(h) }
	last := 0
	for y := range h {
		if mm(y) < bMargin || mm(y) > bPageH-bBottom {
			continue
		}
		if slices.Min(px[y*w:(y+1)*w]) < 200 {
			last = y
		}
	}
	return mm(last), false, nil
}
