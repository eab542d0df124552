package report

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"brink/network/model"
)

// TestBriefNoIDs reads back the flagship's brief of all nine scenarios,
// with every section and analysis: no node, state, scenario or utility
// id that a reader could tell from a label (those written with an
// underscore) appears anywhere, and every word of every scenario's title
// stands whole on the comparison pages, whose headers wrap between
// words.
func TestBriefNoIDs(t *testing.T) {
	m := usIran(t)
	var cols []Column
	for i := range m.Scenarios {
		cols = append(cols, scenario(t, m, m.Scenarios[i].Name))
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
	if len(pages) > 12 {
		t.Errorf("the nine scenarios' brief takes %d pages, want at most 12", len(pages))
	}
	all := strings.Join(pages, "\n")
	var ids []string
	for v := range m.Net.NumVariables() {
		ids = append(ids, m.Net.Name(v))
		ids = append(ids, m.Net.Variable(v).States...)
	}
	for _, s := range m.Scenarios {
		ids = append(ids, s.Name)
	}
	for _, u := range m.Utilities {
		ids = append(ids, u.ID)
	}
	for _, id := range ids {
		if strings.Contains(id, "_") && strings.Contains(all, id) {
			t.Errorf("the brief shows the id %q", id)
		}
	}
	var comparison string
	for _, p := range pages {
		if strings.Contains(p, "Intentions and outcomes (") {
			comparison += p + "\n"
		}
	}
	if comparison == "" {
		t.Fatal("no comparison tables")
	}
	for _, c := range cols {
		for _, w := range strings.Fields(c.Name) {
			w = strings.Trim(w, ",:;")
			if len(w) < 3 {
				continue
			}
			if !regexp.MustCompile(`(^|[\s,])` + regexp.QuoteMeta(w) + `($|[\s,:])`).MatchString(comparison) {
				t.Errorf("%q of %q is not whole on the comparison pages", w, c.Name)
			}
		}
	}
}

// TestGoldenBriefPage1 renders the first page of the flagship's brief of
// all nine scenarios with pdftoppm at 60 dpi and compares it with
// testdata/brief-page1.png: the bottom line a senior reader sees first.
// Regenerate with go test ./gui/report -run GoldenBriefPage1 -update and
// look at the image before committing it.
func TestGoldenBriefPage1(t *testing.T) {
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm not found; install poppler-utils to render the brief's pages")
	}
	m := usIran(t)
	var cols []Column
	for i := range m.Scenarios {
		cols = append(cols, scenario(t, m, m.Scenarios[i].Name))
	}
	opts, err := WithAnalyses(m, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Brief(&buf, m, cols, opts); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "brief.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, filepath.Join(dir, "page1")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "page1.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "brief-page1.png", data, img)
}

// TestNetworkPageText checks the size the network page's card text comes
// out at: the flagship's 29 cards need an A3 fold-out for 8 pt, and the
// brief gives them one (its last page, landscape A3); Asia's eight fit A4.
func TestNetworkPageText(t *testing.T) {
	m := usIran(t)
	b := &briefWriter{m: m}
	if pt := b.networkTextPt(pageA4); pt >= 8 {
		t.Errorf("the flagship on A4: %.2f pt, want it under 8 (else A3 is not needed)", pt)
	}
	if pt := b.networkTextPt(pageA3); pt < 7.95 {
		t.Errorf("the flagship on A3: %.2f pt, want 8", pt)
	}
	asia := loadModel(t, "../../models/asia.toml")
	if pt := (&briefWriter{m: asia}).networkTextPt(pageA4); pt < 8 {
		t.Errorf("Asia on A4: %.2f pt, want at least 8", pt)
	}

	tool, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo not found; install poppler-utils")
	}
	for _, tc := range []struct {
		m    *model.Model
		size string
	}{{m, "1190.55 x 841.89 pts (A3)"}, {asia, "841.89 x 595.28 pts (A4)"}} {
		var buf bytes.Buffer
		if err := Brief(&buf, tc.m, []Column{{Name: "no findings"}}, Options{Now: fixedNow, Sections: []string{SectionNetwork}}); err != nil {
			t.Fatal(err)
		}
		pdf := filepath.Join(t.TempDir(), "net.pdf")
		if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "-f", "1", "-l", "1", pdf).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), tc.size) {
			t.Errorf("%s: the network's page is not %s:\n%s", tc.m.Title, tc.size, out)
		}
	}
}
