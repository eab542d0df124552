package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNetworkImageEdgeStrength checks Options.EdgeStrength on the
// flagship with the Red Sea spark: off (the default) every edge line of
// the SVG has one width; on, the widths spread with the edges' strengths
// of influence, the legend says what they mean, and the PNG differs from
// the one without.
func TestNetworkImageEdgeStrength(t *testing.T) {
	m := usIran(t)
	col := scenario(t, m, "red_sea_spark")
	draw := func(format string, on bool) string {
		t.Helper()
		var buf bytes.Buffer
		if err := NetworkImage(&buf, format, m, col, Options{Now: fixedNow, EdgeStrength: on}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	// The edges are the SVG's straight strokes in the edge colour.
	r, g, b, _ := colEdge.RGBA()
	stroke := fmt.Sprintf("stroke:#%02X%02X%02X;", r>>8, g>>8, b>>8)
	lineWidths := func(svg string) map[string]bool {
		out := map[string]bool{}
		for _, mt := range regexp.MustCompile(`<path d="M[-0-9.,]+L[-0-9.,]+" style="fill:none;(stroke:#[0-9A-F]{6};)stroke-width:([0-9.]+)"`).FindAllStringSubmatch(svg, -1) {
			if mt[1] == stroke {
				out[mt[2]] = true
			}
		}
		return out
	}
	off, on := draw("svg", false), draw("svg", true)
	wOff, wOn := lineWidths(off), lineWidths(on)
	if len(wOff) != 1 || len(wOn) < 6 {
		t.Errorf("stroke widths with edge strength %v, without %v: want them spread", keys(wOn), keys(wOff))
	}
	if strings.Contains(off, "strength of influence") || !strings.Contains(on, "edge width: strength of influence") {
		t.Error("the legend line on edge widths is missing with the option, or there without it")
	}
	if draw("png", false) == draw("png", true) {
		t.Error("the PNG with edge strength is the one without")
	}
}

func keys(m map[string]bool) []float64 {
	var out []float64
	for k := range m {
		x, _ := strconv.ParseFloat(k, 64)
		out = append(out, x)
	}
	return out
}
