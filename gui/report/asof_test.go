package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"brink/network/formats"
	"brink/network/model"
)

// datedAsia returns models/asia.toml, dated as of 7 Dec 2026 with a
// horizon of 7 Jun 2027.
func datedAsia(t *testing.T) *model.Model {
	t.Helper()
	doc, err := formats.Load("../../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	doc.Model.AsOf, doc.Model.Horizon = "2026-12-07", "2027-06-07"
	return doc.Model
}

// TestBriefAsOf reads the brief back: the first page's header says when
// the model speaks for and over what period, every page's footer says
// as of when, and a model without the dates says neither.
func TestBriefAsOf(t *testing.T) {
	const line = "As of 7 Dec 2026 · outcomes over 7 Dec 2026 to 7 Jun 2027 (6 months)"
	for _, n := range []int{1, 2} { // one scenario; two, with the comparison page first
		m := datedAsia(t)
		var cols []Column
		for i := range n {
			cols = append(cols, scenario(t, m, m.Scenarios[i].Name))
		}
		var buf bytes.Buffer
		if err := Brief(&buf, m, cols, Options{Now: fixedNow}); err != nil {
			t.Fatal(err)
		}
		pages := pdfText(t, buf.Bytes())
		if len(pages) < n {
			t.Fatalf("%d pages for %d scenarios", len(pages), n)
		}
		flat := func(p string) string { return strings.Join(strings.Fields(p), " ") }
		first := flat(pages[0])
		if i := strings.Index(first, line); i < 0 || i < strings.Index(first, m.Title) {
			t.Errorf("%d columns: the first page's header lacks %q after the model's title:\n%s", n, line, pages[0])
		}
		for k, p := range pages {
			if !strings.Contains(flat(p), "As of 7 Dec 2026 · page "+strconv.Itoa(k+1)+" of ") {
				t.Errorf("%d columns: page %d's footer lacks the as-of date:\n%s", n, k+1, p)
			}
			if k > 0 && strings.Contains(p, "outcomes over") {
				t.Errorf("%d columns: page %d repeats the period in its header", n, k+1)
			}
		}

		m.AsOf, m.Horizon = "", ""
		buf.Reset()
		if err := Brief(&buf, m, cols, Options{Now: fixedNow}); err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(pdfText(t, buf.Bytes()), "\n"); strings.Contains(text, "As of") {
			t.Errorf("an undated model's brief says %q", "As of")
		}
	}
}
