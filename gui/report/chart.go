package report

import (
	"brink/network/analysis"
	"errors"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"brink/network/model"
)

// scenarioColors tell the scenarios of a chart apart: strong, distinct
// hues that stay apart for the common forms of colour blindness as far as
// eight can; a brief of more than ten scenarios repeats them.
var scenarioColors = []color.NRGBA{
	{0x25, 0x63, 0xeb, 0xff}, // blue
	{0xea, 0x58, 0x0c, 0xff}, // orange
	{0x05, 0x96, 0x69, 0xff}, // green
	{0x7c, 0x3a, 0xed, 0xff}, // violet
	{0xdb, 0x27, 0x77, 0xff}, // pink
	{0x0e, 0x74, 0x90, 0xff}, // cyan
	{0xa1, 0x62, 0x07, 0xff}, // amber
	{0x4b, 0x55, 0x63, 0xff}, // slate
	{0x65, 0xa3, 0x0d, 0xff}, // lime
	{0x99, 0x1b, 0x1b, 0xff}, // dark red
}

func scenarioColor(i int) color.NRGBA { return scenarioColors[i%len(scenarioColors)] }

// OutcomeChart draws the intentions and outcomes (the nodes whose role is
// intention or outcome; without any, the nodes with no children) as
// horizontal bars, one per state and scenario, each labelled with its
// percentage and the ICD 203 estimative words, and writes the chart to w
// in format ("png", "svg" or "pdf"). Several columns are drawn side by
// side: grouped bars, one colour per scenario, with a legend. A thin mark
// on each bar of a scenario with findings shows the probability without
// findings.
//
// Impossible evidence in any column returns the engine's error and writes
// nothing.
func OutcomeChart(w io.Writer, format string, m *model.Model, cols []Column, opts Options) error {
	if len(cols) == 0 {
		return errors.New("report: no scenario to chart")
	}
	r, err := compute(m, cols)
	if err != nil {
		return err
	}
	return render(w, format, opts, func(p pen, pw, ph float64) {
		drawChart(p, pw, ph, m, cols, r, opts, true, chartLook{})
	})
}

// chartGroup is one node of the chart and the height it needs.
type chartGroup struct {
	v int
	h float64
}

// chartLook adjusts a chart drawn inside the brief.
type chartLook struct {
	// colours gives each column's index in scenarioColors, so that a
	// scenario keeps its colour on every page; nil means the column's own
	// index.
	colours []int
	// minText is the smallest text, in logical pixels at the chart's
	// scale; 0 keeps the slide's sizes. Bars are kept thick enough for
	// their labels not to overlap.
	minText float64
	// bare leaves the bars without their percentages and words, for a
	// chart whose numbers stand in a table beside it; its bars are thin.
	bare bool
}

// minBar is the thinnest bar the look allows, in logical pixels at
// scale k.
func (l chartLook) minBar(k float64) float64 {
	if l.bare {
		return math.Max(4*k, 0.45*l.minText*k)
	}
	return math.Max(4*k, 0.85*l.minText*k)
}

func (l chartLook) colour(c int) color.NRGBA {
	if c < len(l.colours) {
		return scenarioColor(l.colours[c])
	}
	return scenarioColor(c)
}

// text returns size, or the look's smallest text when that is larger.
func (l chartLook) text(size, k float64) float64 { return math.Max(size, l.minText*k) }

// drawChart draws the chart on a page of pw×ph logical pixels. With
// heading false it leaves out the title and date, for a figure inside the
// brief.
func drawChart(p pen, pw, ph float64, m *model.Model, cols []Column, r *results, opts Options, heading bool, look chartLook) {
	k := math.Min(pw/DefaultWidth, ph/DefaultHeight)
	if look.minText > 0 {
		k = pw / DefaultWidth // a figure: as wide as the page, as tall as it needs
	}
	margin := 56 * k
	if look.minText > 0 {
		margin = 28 * k
	}
	p.rect(0, 0, pw, ph, color.White)
	nc := len(cols)
	withFindings := false
	for _, ev := range r.evs {
		withFindings = withFindings || ev.Len() > 0 || ev.DoLen() > 0
	}

	y := margin
	if heading {
		title := "Intentions and outcomes"
		date := opts.now().Format("2 January 2006")
		p.text(pw-margin, y+30*k, date, 20*k, false, colMuted, 1)
		p.text(margin, y+34*k, title, 42*k, true, colInk, 0)
		sub := m.Title
		if nc == 1 {
			s := cols[0].Name
			if ev := r.evs[0]; ev.Len() > 0 || ev.DoLen() > 0 {
				if s != "" {
					s += " — "
				}
				what := "findings: "
				if ev.Len() == 0 {
					what = "actions: "
				}
				s += what + findingsSummary(m, ev)
			} else if s == "" {
				s = "no findings"
			}
			sub = joinNonEmpty(" · ", sub, s)
		} else {
			sub = joinNonEmpty(" · ", sub, strconv.Itoa(nc)+" scenarios compared")
		}
		p.text(margin, y+72*k, p.fit(sub, 24*k, false, pw-2*margin), 24*k, false, colMuted, 0)
		y += 96 * k
	}

	// Legend: the scenarios' colours, and the baseline mark.
	if nc > 1 || withFindings {
		size := look.text(20*k, k)
		sw := 18 * k
		x := margin
		room := pw - 2*margin
		if withFindings {
			room -= p.width("without findings", size, false) + 60*k
		}
		// The scenarios in one row when their names fit, else in as many
		// columns as the widest name allows, so that no name is cut
		// short.
		perRow := max(1, nc)
		widest, total := 0.0, 0.0
		for i, c := range cols {
			w := p.width(columnName(c, i), size, false)
			widest = math.Max(widest, w)
			total += w + sw + 36*k
		}
		if total > room && nc > 1 {
			perRow = int(math.Max(1, math.Floor(room/(widest+sw+36*k))))
		}
		rowH := math.Max(52*k, size*1.5)
		if nc > 1 {
			each := room/float64(perRow) - sw - 36*k
			for i, c := range cols {
				if i > 0 && i%perRow == 0 {
					x = margin
					y += rowH
				}
				p.fill(p.roundRect(x, y+10*k, sw, sw, 4*k, 4*k), look.colour(i))
				x += sw + 8*k
				name := p.fit(columnName(c, i), size, false, each)
				p.text(x, y+10*k+sw-3*k, name, size, false, colInk, 0)
				if perRow < nc {
					x = margin + float64(i%perRow+1)*(room/float64(perRow))
				} else {
					x += p.width(name, size, false) + 28*k
				}
			}
		}
		if withFindings {
			if perRow < nc {
				x = pw - margin - p.width("without findings", size, false) - sw - 8*k
			}
			p.line(x+sw/2, y+6*k, x+sw/2, y+10*k+sw+4*k, 3*k, colInk)
			x += sw + 8*k
			p.text(x, y+10*k+sw-3*k, "without findings", size, false, colInk, 0)
		}
		y += rowH
	}

	footSize := look.text(17*k, k)
	foot := "Estimative words of ICD 203: almost no chance <5% · very unlikely 5–20% · unlikely 20–45% · roughly even chance 45–55% · likely 55–80% · very likely 80–95% · almost certainly >95%"
	if look.bare {
		foot = "Bars: each scenario's probability, in its colour; the thin mark shows the probability without findings."
	}
	p.text(margin, ph-margin+footSize*0.3, p.fit(foot, footSize, false, pw-2*margin), footSize, false, colMuted, 0)
	bottom := ph - margin - math.Max(30*k, footSize*1.2)

	nodes := m.BriefingNodes()
	if len(nodes) == 0 {
		p.text(margin, y+40*k, "The model has no intentions or outcomes to show.", 24*k, false, colMuted, 0)
		return
	}

	// Choose the bar thickness b: the largest that fits the page, in one
	// column of groups or, when that makes bars thin, two.
	layout := func(b float64, ncols int) (groups [][]chartGroup, ok bool) {
		var all []chartGroup
		total := 0.0
		for _, v := range nodes {
			h := groupHeight(b, k, m.Net.Card(v), nc)
			all = append(all, chartGroup{v, h})
			total += h
		}
		// Fill columns in order, each up to the page height.
		groups = make([][]chartGroup, 1)
		used := 0.0
		for _, g := range all {
			if used+g.h > bottom-y && len(groups[len(groups)-1]) > 0 {
				if len(groups) == ncols {
					return nil, false
				}
				groups = append(groups, nil)
				used = 0
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], g)
			used += g.h
		}
		return groups, used <= bottom-y
	}
	maxB := 46 * k
	if nc > 1 && heading {
		maxB = 34 * k // a slide: keep groups of bars apart
	}
	// The thickest bars that fit in one, two or three columns of groups;
	// more columns only when they make the bars clearly thicker.
	var groups [][]chartGroup
	b := 0.0
	minB := look.minBar(k)
	for ncols := 1; ncols <= 3; ncols++ {
		for try := maxB; try >= minB; try -= 1 * k {
			if g, ok := layout(try, ncols); ok {
				if try > 1.15*b {
					groups, b = g, try
				}
				break
			}
		}
	}
	if groups == nil { // too many states for the page: draw them small and let the rest fall off
		b = minB
		groups, _ = layout(b, 3)
		if groups == nil {
			return
		}
	}

	gap := 48 * k
	colW := (pw - 2*margin - gap*float64(len(groups)-1)) / float64(len(groups))
	stateBlock := float64(nc)*b + float64(nc-1)*0.2*b
	valueSize := look.text(math.Min(26*k, math.Max(12*k, 0.62*b)), k)
	labelSize := look.text(math.Min(28*k, math.Max(15*k, 1.1*valueSize)), k)
	headSize := look.text(math.Min(30*k, math.Max(21*k, labelSize*1.15)), k)

	for gi, col := range groups {
		x0 := margin + float64(gi)*(colW+gap)
		// Widths: state labels on the left, values on the right, bars between.
		labelW, valueW := 0.0, 0.0
		for _, g := range col {
			for s := range m.Net.Card(g.v) {
				labelW = math.Max(labelW, p.width(m.StateLabel(g.v, s), labelSize, false))
				for c := range cols {
					pr := r.posts[c][g.v][s]
					valueW = math.Max(valueW, p.width(term(pr), valueSize, false))
				}
			}
		}
		// The words start in a column of their own after the widest
		// percentage, so that they line up, and do not run into the
		// numbers when a viewer substitutes a wider font in an SVG.
		pctW := p.width("100.0%", valueSize, true) + 0.6*valueSize
		labelW = math.Min(labelW, 0.33*colW) + 20*k
		valueW += 18*k + pctW
		if look.bare {
			valueW = 12 * k
		}
		bx := x0 + labelW
		bw := math.Max(40*k, colW-labelW-valueW)

		gy := y
		for _, g := range col {
			v := g.v
			role := roleColor(string(m.Nodes[v].Role))
			heads := math.Max(1.9*b, 40*k)
			p.fill(p.roundRect(x0, gy+heads-headSize*0.95-6*k, 8*k, headSize*0.95, 3*k, 3*k), role)
			p.text(x0+18*k, gy+heads-10*k, p.fit(m.Label(v), headSize, true, colW-18*k), headSize, true, colInk, 0)
			sy := gy + heads
			for s := range m.Net.Card(v) {
				p.text(bx-16*k, sy+stateBlock/2+labelSize*0.36, p.fit(m.StateLabel(v, s), labelSize, false, labelW-20*k), labelSize, false, colInk, 1)
				for c := range cols {
					by := sy + float64(c)*1.2*b
					pr := clamp01(r.posts[c][v][s])
					fill := role
					if nc > 1 {
						fill = look.colour(c)
					}
					p.fill(p.roundRect(bx, by, bw, b, 3*k, 3*k), colTrack)
					if pr > 0 {
						p.fill(p.roundRect(bx, by, math.Max(bw*pr, 2*k), b, math.Min(3*k, bw*pr/2), math.Min(3*k, bw*pr/2)), fill)
					}
					if r.evs[c].Len() > 0 || r.evs[c].DoLen() > 0 {
						tx := bx + bw*clamp01(r.base[v][s])
						p.line(tx, by-3*k, tx, by+b+3*k, math.Max(1, 3*k), colInk)
					}
					if look.bare {
						continue
					}
					pct := analysis.Percent(r.posts[c][v][s])
					vx := bx + bw + 18*k
					vy := by + b/2 + valueSize*0.36
					p.text(vx, vy, pct, valueSize, true, colInk, 0)
					p.text(vx+pctW, vy, term(r.posts[c][v][s]), valueSize, false, colMuted, 0)
				}
				sy += stateBlock + 0.55*b
			}
			gy += g.h
		}
	}
}

// columnName is a column's name for legends and tables.
func columnName(c Column, i int) string {
	if c.Name != "" {
		return c.Name
	}
	return "scenario " + strconv.Itoa(i+1)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// groupHeight is the height drawChart gives one node's group of bars, bars
// b thick at scale k: its heading, then a block of nc bars per state.
func groupHeight(b, k float64, states, nc int) float64 {
	heads := math.Max(1.9*b, 40*k)
	stateH := float64(nc)*b + float64(nc-1)*0.2*b + 0.55*b
	return heads + float64(states)*stateH + 0.5*b
}

// chartHeight returns the logical height a chart of nc scenarios needs at
// the full default width when its text is at least minText pixels and
// its groups of bars go in two columns: the height the brief gives its
// figures, so that they are as tall as their content and no taller. It
// follows drawChart's layout at the thinnest bars minText allows, and
// counts the legend as rows of two.
func chartHeight(m *model.Model, nc int, look chartLook) float64 {
	const k = 1.0
	minText := look.minText
	b := look.minBar(k)
	var hs []float64
	total := 0.0
	for _, v := range m.BriefingNodes() {
		h := groupHeight(b, k, m.Net.Card(v), nc)
		hs = append(hs, h)
		total += h
	}
	// The smallest column height that holds the groups in two columns,
	// filled in order as drawChart fills them.
	fits := func(limit float64) bool {
		cols, used := 1, 0.0
		for _, h := range hs {
			if used+h > limit && used > 0 {
				cols++
				used = 0
			}
			used += h
		}
		return cols <= 2 && used <= limit
	}
	lo, hi := total/2, total+1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fits(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	margin := 28 * k
	legend := float64(max(1, (nc+1)/2)) * math.Max(52*k, minText*1.5)
	return margin + legend + hi + margin + math.Max(30*k, minText*1.2) + 4*k
}
