package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/models"
	"brink/network"
	"brink/network/analysis"
	"brink/network/bif"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/modelfile"
)

// fragilityOut is brinkctl fragility --json.
type fragilityOut struct {
	Target      string  `json:"target"`
	State       string  `json:"state"`
	Probability float64 `json:"probability"`
	Term        string  `json:"term"`
	Conclusion  struct {
		Kind                string   `json:"kind"`
		Low                 *float64 `json:"low"`
		High                *float64 `json:"high"`
		RunnerUp            string   `json:"runner_up"`
		RunnerUpProbability float64  `json:"runner_up_probability"`
	} `json:"conclusion"`
	Entries      []fragilityEntryOut `json:"entries"`
	EntriesTotal int                 `json:"entries_total"`
	NoEffect     int                 `json:"no_effect"`
	Fixed        int                 `json:"fixed"`
	Complements  int                 `json:"complements"`
	TwoWay       *struct {
		X          fragilityEntryOut `json:"x"`
		Y          fragilityEntryOut `json:"y"`
		XValue     float64           `json:"x_value"`
		YValue     float64           `json:"y_value"`
		State      string            `json:"state"`
		Current    float64           `json:"current"`
		Axis       []float64         `json:"axis"`
		Grid       [][]*float64      `json:"grid"`
		Boundaries []struct {
			Threshold *float64     `json:"threshold"`
			Rival     string       `json:"rival"`
			Points    [][2]float64 `json:"points"`
		} `json:"boundaries"`
	} `json:"two_way"`
	Policies map[string]any `json:"policies"`
}

type fragilityEntryOut struct {
	Node       string            `json:"node"`
	Given      map[string]string `json:"given"`
	State      string            `json:"state"`
	Value      float64           `json:"value"`
	Down       *fragilityChange  `json:"down"`
	Up         *fragilityChange  `json:"up"`
	Distance   *float64          `json:"distance"`
	Derivative float64           `json:"derivative"`
	Ratio      struct {
		Alpha, Beta, Gamma, Delta float64
	} `json:"ratio"`
}

type fragilityChange struct {
	Value     float64  `json:"value"`
	Threshold *float64 `json:"threshold"`
	Rival     string   `json:"rival"`
	LogOdds   *float64 `json:"log_odds"`
}

// fragilityRecompute sets the entry e (by ids) to theta in n, the rest
// of its row scaled, and returns P(target | findings) from a tree of its
// own.
func fragilityRecompute(t *testing.T, n *network.Network, e fragilityEntryOut, theta float64, target string, findings ...string) []float64 {
	t.Helper()
	v, st, err := n.Lookup(e.Node, e.State)
	if err != nil {
		t.Fatal(err)
	}
	row := 0
	for _, p := range n.Parents(v) {
		_, ps, err := n.Lookup(n.Name(p), e.Given[n.Name(p)])
		if err != nil {
			t.Fatal(err)
		}
		row = row*n.Card(p) + ps
	}
	k := n.Card(v)
	cpt := slices.Clone(n.CPT(v))
	old := cpt[row*k+st]
	for s := range k {
		if s == st {
			cpt[row*k+s] = theta
		} else {
			cpt[row*k+s] *= (1 - theta) / (1 - old)
		}
	}
	m, err := n.WithCPT(v, cpt)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(m, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(m)
	for _, f := range findings {
		fv, fs, err := lookupPair(m, f, "-e")
		if err != nil {
			t.Fatal(err)
		}
		if err := ev.SetState(fv, fs); err != nil {
			t.Fatal(err)
		}
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	tv, _, err := m.Lookup(target, "")
	if err != nil {
		t.Fatal(err)
	}
	return jt.Posterior(tv)
}

// TestFragilityJSON checks the JSON of both kinds of conclusion on asia
// against re-propagation of the network with each reported value set:
// the leader and the rival tie there, or the target sits at the
// threshold (tol 1e-9), and the entries come nearest first.
func TestFragilityJSON(t *testing.T) {
	m, err := modelfile.Load(asiaPath)
	if err != nil {
		t.Fatal(err)
	}
	n := m.Net
	findings := []string{"xray=yes", "dysp=yes"}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"most likely", []string{"--target", "lung"}},
		{"threshold", []string{"--target", "lung=yes", "--threshold", "70%"}},
		{"ICD 203 words", []string{"--target", "bronc=yes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{asiaPath, "--json", "--top", "0", "-e", findings[0], "-e", findings[1]}, tc.args...)
			out, _, err := analysisCmd(t, runFragility, args...)
			if err != nil {
				t.Fatal(err)
			}
			var got fragilityOut
			decodeStrict(t, out, &got)
			if len(got.Entries) == 0 || len(got.Entries) != got.EntriesTotal {
				t.Fatalf("%d entries of %d", len(got.Entries), got.EntriesTotal)
			}
			tv, ts, _ := n.Lookup(got.Target, got.State)
			changes := 0
			prev := 0.0
			for _, e := range got.Entries {
				d := math.Inf(1)
				if e.Distance != nil {
					d = *e.Distance
				}
				if d < prev-1e-12 {
					t.Fatalf("entries out of order: %v after %v", d, prev)
				}
				prev = d
				for _, ch := range []*fragilityChange{e.Down, e.Up} {
					if ch == nil {
						continue
					}
					changes++
					post := fragilityRecompute(t, n, e, ch.Value, got.Target, findings...)
					if got.Conclusion.Kind == "most_likely" {
						_, rs, _ := n.Lookup(got.Target, ch.Rival)
						if math.Abs(post[rs]-post[ts]) > 1e-9 {
							t.Errorf("%+v at %v: P = %v, %s and %s do not tie", e, ch.Value, post, ch.Rival, got.State)
						}
					} else if math.Abs(post[ts]-*ch.Threshold) > 1e-9 {
						t.Errorf("%+v at %v: P = %v, want %v", e, ch.Value, post[ts], *ch.Threshold)
					}
				}
			}
			if changes == 0 {
				t.Error("no change to check")
			}
			if want := asiaPosterior(t, n.Name(tv)+"="+n.Variable(tv).States[ts], findings...); math.Abs(got.Probability-want) > 1e-12 {
				t.Errorf("probability %v, want %v", got.Probability, want)
			}
			if tc.name == "threshold" && (got.Conclusion.Kind != "band" || got.Conclusion.High == nil || *got.Conclusion.High != 0.7) {
				t.Errorf("conclusion %+v, want the band below 0.7", got.Conclusion)
			}
		})
	}
}

// TestFragilityText checks the text for people: labels, not ids, the
// phrase "is below … (now …)", and lines of at most 78 characters but
// for the header's.
func TestFragilityText(t *testing.T) {
	out, _, err := analysisCmd(t, runFragility, asiaPath, "--target", "lung", "-e", "xray=yes", "--two-way", "1,2")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(out), " ") // the text is wrapped
	for _, want := range []string{
		"conclusion: Lung cancer = no is the most likely",
		"1. P(Positive X-ray = yes | Tuberculosis or cancer = no) is below 0.047 (now 0.050)",
		"Lung cancer = yes becomes the most likely",
		"log-odds",
		"Two-way: P(Lung cancer = no) as two numbers vary together",
		"x = P(Positive X-ray = yes | Tuberculosis or cancer = no) (now 0.050)",
		"The conclusion changes where P(Lung cancer = yes) = P(Lung cancer = no), on a curve from",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, body, _ := strings.Cut(out, "\n\n")
	for _, line := range strings.Split(body, "\n") {
		if n := len([]rune(line)); n > textWidth {
			t.Errorf("line of %d characters: %q", n, line)
		}
	}
}

// TestFragilityDecisions runs on the flagship with decisions: no
// decision's table is examined, and the JSON carries the policies.
func TestFragilityDecisions(t *testing.T) {
	out, _, err := analysisCmd(t, runFragility, "builtin:us-iran.toml", "--target", "outcome", "--scenario", "present_conditions", "--json", "--top", "0")
	if err != nil {
		t.Fatal(err)
	}
	var got fragilityOut
	decodeStrict(t, out, &got)
	if got.Policies == nil {
		t.Error("no policies in the JSON of a model with decisions")
	}
	for _, e := range got.Entries {
		if _, ok := got.Policies[e.Node]; ok {
			t.Errorf("the table of decision %s is examined", e.Node)
		}
	}
	if got.State != "fragile_balance" || got.Conclusion.Kind != "most_likely" {
		t.Errorf("conclusion %s / %+v", got.State, got.Conclusion)
	}
}

// TestFragilityGrid writes the heat map as SVG and PNG and checks the
// files: well-formed XML naming the two entries in words, and a PNG of
// the drawn size. The pictures were looked at by eye when the drawing
// changed (rsvg-convert for the SVG).
func TestFragilityGrid(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "grid.svg")
	out, _, err := analysisCmd(t, runFragility, asiaPath, "--target", "lung=yes", "--threshold", "0.5", "-e", "xray=yes",
		"--two-way", "xray=yes|either=no;lung=yes|smoke=yes", "--grid", svg, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got fragilityOut
	decodeStrict(t, out, &got)
	tw := got.TwoWay
	if tw == nil || len(tw.Axis) != analysis.DefaultSteps+1 || len(tw.Grid) != len(tw.Axis) || len(tw.Boundaries) == 0 {
		t.Fatalf("two-way %+v", tw)
	}
	if tw.X.Node != "xray" || tw.X.Given["either"] != "no" || tw.Y.Node != "lung" || tw.XValue != 0.05 || tw.YValue != 0.1 {
		t.Errorf("two-way entries %+v, %+v at %v, %v", tw.X, tw.Y, tw.XValue, tw.YValue)
	}
	data, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
	for _, want := range []string{"Positive X-ray", "Lung cancer", "the conclusion changes on this line", "now: "} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}

	pngPath := filepath.Join(dir, "grid.png")
	if _, _, err := analysisCmd(t, runFragility, asiaPath, "--target", "lung", "-e", "xray=yes", "--grid", pngPath); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1960 || b.Dy() != 1800 {
		t.Errorf("PNG is %v, want 1960×1800", b)
	}
}

// TestFragilityErrors checks the command line's mistakes.
func TestFragilityErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"threshold without state", []string{"--target", "lung", "--threshold", "0.5"}, "give the state"},
		{"threshold words", []string{"--target", "lung=yes", "--threshold", "likely"}, "number or a percentage"},
		{"threshold 1", []string{"--target", "lung=yes", "--threshold", "1"}, "strictly between"},
		{"grid format", []string{"--target", "lung", "--grid", "x.pdf"}, "want .svg or .png"},
		{"rank", []string{"--target", "lung", "--two-way", "1,99"}, "rank 99"},
		{"syntax", []string{"--target", "lung", "--two-way", "xray=yes"}, "want I,J"},
		{"missing parent", []string{"--target", "lung", "--two-way", "xray=yes;lung=yes|smoke=yes"}, "give the row of xray's table"},
		{"not a parent", []string{"--target", "lung", "--two-way", "xray=yes|smoke=yes;lung=yes|smoke=yes"}, "not a parent"},
		{"same row", []string{"--target", "lung", "--two-way", "lung=yes|smoke=yes;lung=no|smoke=yes"}, "both entries are in the row"},
		{"steps", []string{"--target", "lung", "--steps", "0"}, "--steps"},
		{"top", []string{"--target", "lung", "--top", "-1"}, "--top"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := analysisCmd(t, runFragility, append([]string{asiaPath}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// BenchmarkFragilityReport times the full single-parameter report as the
// command computes it: the flagship (formats.LoadFS(models.Files), beliefs
// under the best policies, decisions skipped, the present_conditions
// scenario, target outcome, both conclusions) and alarm
// (../shared/networks, HYPOVOLEMIA given CVP = LOW and BP = LOW). The
// tree is compiled once.
func BenchmarkFragilityReport(b *testing.B) {
	type job struct {
		name string
		jt   *jtree.JunctionTree
		ev   *network.Evidence
		con  analysis.Conclusion
		skip func(int) bool
	}
	var jobs []job
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		b.Fatal(err)
	}
	md := doc.Model
	sc, _ := md.Scenario("present_conditions")
	ev, err := md.Evidence(sc)
	if err != nil {
		b.Fatal(err)
	}
	bel, err := beliefsOf(md, ev)
	if err != nil {
		b.Fatal(err)
	}
	jt, err := jtree.Compile(bel.net, jtree.Options{})
	if err != nil {
		b.Fatal(err)
	}
	outcome, fragile, _ := bel.net.Lookup("outcome", "fragile_balance")
	jobs = append(jobs,
		job{"us-iran/words", jt, ev, analysis.Conclusion{Target: outcome, State: fragile}, bel.isDecision},
		job{"us-iran/most-likely", jt, ev, analysis.Conclusion{Target: outcome, State: analysis.MostLikely}, bel.isDecision})
	if path, ok := shared.Path("networks", "alarm.bif"); ok {
		n, err := bif.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		ajt, err := jtree.Compile(n, jtree.Options{})
		if err != nil {
			b.Fatal(err)
		}
		aev := network.NewEvidence(n)
		for _, f := range []string{"CVP=LOW", "BP=LOW"} {
			v, s, _ := lookupPair(n, f, "-e")
			if err := aev.SetState(v, s); err != nil {
				b.Fatal(err)
			}
		}
		hypo, yes, _ := n.Lookup("HYPOVOLEMIA", "TRUE")
		jobs = append(jobs,
			job{"alarm/words", ajt, aev, analysis.Conclusion{Target: hypo, State: yes}, nil},
			job{"alarm/most-likely", ajt, aev, analysis.Conclusion{Target: hypo, State: analysis.MostLikely}, nil})
	}
	for _, jb := range jobs {
		b.Run(jb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := analysis.Fragility(jb.jt, jb.ev, jb.con, jb.skip); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
