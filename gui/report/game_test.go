package report

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"brink/network/decision"
	"brink/network/formats"
	"brink/network/model"
)

// loadModel loads a model file for the tests.
func loadModel(t *testing.T, path string) *model.Model {
	t.Helper()
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model
}

// briefPage writes the brief of m without findings and returns the text
// of its decisions part, from the page where the kicker DECISIONS starts
// it to the network's page, and the whole text, with pdftotext -layout
// (pdfText).
func briefPage(t *testing.T, m *model.Model) (page, all string) {
	t.Helper()
	var buf bytes.Buffer
	if err := Brief(&buf, m, []Column{{Name: "no findings"}}, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	// The decisions part, from the page it starts on to the network's
	// page, which follows it.
	pages := pdfText(t, buf.Bytes())
	var part []string
	for _, p := range pages {
		switch {
		case strings.Contains(p, "THE NETWORK"):
		case len(part) > 0 || strings.Contains(p, "DECISIONS"):
			part = append(part, p)
		}
	}
	return strings.Join(part, "\n"), strings.Join(pages, "\f")
}

// words joins the words of s with single spaces, so that sentences the
// PDF wraps can be found.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// number is a number as the brief writes it, "−22" or "3.694".
const number = `(−?[0-9.]+)`

// near reports whether the number the brief shows, s, is x to the four
// significant figures it is written with.
func near(s string, x float64) bool {
	v, err := strconv.ParseFloat(strings.Replace(s, "−", "-", 1), 64)
	if err != nil {
		return false
	}
	return math.Abs(v-x) <= 5e-4*math.Max(1, math.Abs(x))
}

// TestBriefTwoSides reads the page on the two sides' options back from
// the brief of the standoff example (2×2) and of a labelled 3×3 game:
// every cell's expected utilities as decision.Diagram.NewGame computes
// them (to the four significant figures shown), the sentences of
// decision.Game.Words (so the brief says what the Decisions tab says),
// the mixed equilibrium in percent with its expected utilities, the
// utilities' units, and the utilities' rationales under the statement
// that they are judgements, with the missing ones flagged. Ids that are
// not labels do not appear.
func TestBriefTwoSides(t *testing.T) {
	for _, tc := range []struct {
		path     string
		outcomes bool     // check the most likely outcomes (cells without wrapped lines)
		want     []string // more text the page must hold
		noIDs    []string // ids the labelled model must not show
	}{
		{
			path: "../../docs/examples/standoff-game.toml", outcomes: true,
			want: []string{
				"Expected utility of United States: us_payoff (no units stated). Of Iran: iran_payoff (no units stated).",
				"us_payoff (United States): no rationale given", "iran_payoff (Iran): no rationale given",
				"Framed cell: an equilibrium",
			},
		},
		{
			path: "testdata/three-options.toml",
			want: []string{
				"Rows: United States", "US posture", "Columns: Islamic Republic of Iran — Iranian posture",
				"the sum of US interests (points on a 0 to -100 scale) and Iranian programme halted (no units stated)",
				"US interests (United States): War costs most; a limited exchange a third as much.",
				"Iranian programme halted (United States): no rationale given",
				"Regime security (Islamic Republic of Iran): no rationale given",
			},
			noIDs: []string{"us", "iran", "press", "proxy", "oilprice", "us_u", "us_prog", "ir_u", "strike"},
		},
	} {
		t.Run(tc.path, func(t *testing.T) {
			m := loadModel(t, tc.path)
			page, _ := briefPage(t, m)
			if !strings.Contains(page, "The two sides' options") {
				t.Fatalf("no page on the two sides' options:\n%s", page)
			}
			actors, ds, _, ok := decision.TwoSides(m)
			if !ok {
				t.Fatal("not two sides")
			}
			dg, err := decision.FromModel(m)
			if err != nil {
				t.Fatal(err)
			}
			watch := (&briefWriter{m: m}).gameWatch()
			g, err := dg.NewGame(nil, ds[0], ds[1], actors[0], actors[1], watch)
			if err != nil {
				t.Fatal(err)
			}
			// Each row of the table: the option and A's utility in each
			// column on one line, B's on the next.
			lines := strings.Split(page, "\n")
			for i := range g.Payoff {
				row := m.StateLabel(ds[0], i)
				first := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(row) + `\s+` + regexp.QuoteMeta(actors[0]) + `\s`)
				at := -1
				for l, line := range lines {
					if first.MatchString(line) && l+1 < len(lines) {
						at = l
						break
					}
				}
				if at < 0 {
					t.Errorf("no row %q", row)
					continue
				}
				for k := range 2 {
					line := lines[at+k]
					if k == 0 {
						line = strings.TrimPrefix(strings.TrimSpace(line), row)
					}
					re := `^`
					for range g.Payoff[i] {
						re += `\s+` + regexp.QuoteMeta(actors[k]) + `\s+` + number
					}
					got := regexp.MustCompile(re + `\s*$`).FindStringSubmatch(" " + strings.TrimSpace(line))
					if got == nil {
						t.Errorf("row %q: %s's line %q does not match %s", row, actors[k], line, re)
						continue
					}
					for j, s := range got[1:] {
						if want := g.Payoff[i][j][k]; !near(s, want) {
							t.Errorf("(%s, %s): %s's expected utility shown %s, want %v", row, m.StateLabel(ds[1], j), actors[k], s, want)
						}
					}
				}
			}
			for j := range g.Payoff[0] {
				if !strings.Contains(page, m.StateLabel(ds[1], j)) {
					t.Errorf("column %q missing", m.StateLabel(ds[1], j))
				}
			}
			b := &briefWriter{m: m}
			if tc.outcomes {
				for i := range g.Payoff {
					for j := range g.Payoff[i] {
						for w, v := range watch {
							if want := b.mostLikely(v, g.Outcomes[i][j][w]); !strings.Contains(page, want) {
								t.Errorf("(%d, %d): outcome %q missing", i, j, want)
							}
						}
					}
				}
			}
			text := words(page)
			w := g.Words(m, actors)
			for _, s := range []string{w.Sides[0], w.Sides[1], w.Stable, w.Mixed} {
				if !strings.Contains(text, s) {
					t.Errorf("sentence missing: %q", s)
				}
			}
			if g.Mixed == nil {
				t.Fatal("no mixed equilibrium")
			}
			mix := regexp.MustCompile(`At that mix ` + regexp.QuoteMeta(actors[0]) + ` expects ` + number + ` and ` + regexp.QuoteMeta(actors[1]) + ` expects ` + number + `\.`).FindStringSubmatch(text)
			if mix == nil || !near(mix[1], g.Mixed.EA) || !near(mix[2], g.Mixed.EB) {
				t.Errorf("mixed equilibrium's utilities %q, want %v and %v", mix, g.Mixed.EA, g.Mixed.EB)
			}
			for _, want := range append(tc.want, "Utilities are the analyst's judgements, not measurements:", "best response") {
				if !strings.Contains(text, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, id := range tc.noIDs {
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(id) + `\b`).MatchString(page) {
					t.Errorf("page shows the id %q", id)
				}
			}
		})
	}
}

// TestBriefDecisions reads the page on the oil wildcatter's decisions
// (one decision maker, so no game table): each option's expected
// utility as decision.Diagram.Solve finds it, the best marked, the
// drilling policy in the words of decision.PolicyText, the utilities'
// units and rationales by their labels, never their ids.
func TestBriefDecisions(t *testing.T) {
	m := loadModel(t, "../../models/oil-wildcatter.toml")
	page, _ := briefPage(t, m)
	if !strings.Contains(page, "Decisions") || strings.Contains(page, "The two sides' options") {
		t.Fatalf("no decisions page, or a game table:\n%s", page)
	}
	dg, err := decision.FromModel(m)
	if err != nil {
		t.Fatal(err)
	}
	sol, err := dg.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range dg.Decisions() {
		if want := m.Label(v) + " — Wildcatter"; !strings.Contains(page, want) {
			t.Errorf("no heading %q", want)
		}
		best := 0
		for o, eu := range sol.Options[k] {
			if eu > sol.Options[k][best] {
				best = o
			}
		}
		for o, eu := range sol.Options[k] {
			re := `(?m)^\s*` + regexp.QuoteMeta(m.StateLabel(v, o)) + `\s+` + number + `(\s+best)?\s*$`
			got := regexp.MustCompile(re).FindStringSubmatch(page)
			switch {
			case got == nil:
				t.Errorf("%s: no row %s", m.Label(v), re)
			case !near(got[1], eu):
				t.Errorf("%s = %s: expected utility shown %s, want %v", m.Label(v), m.StateLabel(v, o), got[1], eu)
			case (got[2] != "") != (o == best):
				t.Errorf("%s = %s: marked best %v, want %v", m.Label(v), m.StateLabel(v, o), got[2] != "", o == best)
			}
		}
	}
	text := words(page)
	drill := dg.Decisions()[1]
	for _, line := range strings.Split(decision.PolicyText(m, drill, sol.Policies[1]), "\n") {
		if !strings.Contains(text, line) {
			t.Errorf("policy line %q missing", line)
		}
	}
	for _, want := range []string{
		"the sum of Cost of the test (in thousands of dollars) and Return on drilling (net return in thousands of dollars)",
		"Utilities are the analyst's judgements, not measurements:",
		"Return on drilling (Wildcatter): Drilling costs 70; a wet well returns 120 and a soaking one 270.",
		"Cost of the test (Wildcatter): no rationale given",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, id := range []string{"testing", "cost", "reward", "diffuse", "closed"} {
		if regexp.MustCompile(`\b` + id + `\b`).MatchString(page) {
			t.Errorf("page shows the id %q", id)
		}
	}
}

// TestBriefNoDecisions: a model without decisions (Asia) gets no page
// on them.
func TestBriefNoDecisions(t *testing.T) {
	page, all := briefPage(t, loadModel(t, "../../models/asia.toml"))
	if page != "" || strings.Contains(all, "The two sides' options") || strings.Contains(all, "analyst's judgements") {
		t.Errorf("a brief of a model without decisions has a page on them:\n%s", page)
	}
}
