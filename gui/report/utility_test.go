package report

import (
	"bytes"
	"image/png"
	"regexp"
	"testing"

	"brink/models"
	"brink/network"
	"brink/network/formats"
)

// svgTexts returns the texts of an SVG picture.
func svgTexts(svg string) map[string]bool {
	texts := map[string]bool{}
	for _, mt := range regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg, -1) {
		texts[html(mt[1])] = true
	}
	return texts
}

// TestNetworkImageUtilities draws the shipped oil wildcatter: its two
// utilities have cards with their labels, actor and expected values
// under the best policies (−10 and 32.5, which sum to the MEU 22.5 of
// ../../network/decision's tests), the legend names them, and the
// decisions' cards show the best policies (drill with probability 0.59)
// rather than their placeholder tables, as the window does. With the test
// ruled out by action the values are 0 and 20. The PNG draws too.
func TestNetworkImageUtilities(t *testing.T) {
	doc, err := formats.LoadFS(models.Files, "oil-wildcatter.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	noTest := network.NewEvidence(m.Net)
	testing_, no, err := m.Net.Lookup("testing", "no")
	if err != nil {
		t.Fatal(err)
	}
	if err := noTest.SetDo(testing_, no); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		col  Column
		want []string
	}{
		{"no findings", Column{}, []string{"Cost of the test", "Return on drilling", "for Wildcatter", "expected −10", "expected 32.5", "utility", "59.0%", "100%"}},
		{"no test, by action", Column{Name: "No test", Evidence: noTest}, []string{"expected 0", "expected 20"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := NetworkImage(&buf, "svg", m, tc.col, Options{Now: fixedNow}); err != nil {
				t.Fatal(err)
			}
			texts := svgTexts(buf.String())
			for _, want := range tc.want {
				if !texts[want] {
					t.Errorf("no text %q", want)
				}
			}
		})
	}
	var buf bytes.Buffer
	if err := NetworkImage(&buf, "png", m, Column{}, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !hasColour(img, roleColor("utility")) {
		t.Error("the picture has no utility colour")
	}
}
