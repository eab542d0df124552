// Package report turns a model and its scenarios into briefing material
// that needs no display: the network picture with the current beliefs
// (PNG, SVG or PDF), a chart of the intentions and outcomes for one
// scenario or several side by side (PNG, SVG or PDF), and a scenario brief
// as a PDF document.
//
// Pictures are drawn once, with gonum.org/v1/plot/vg, onto whichever
// canvas the format asks for, in the Liberation Sans font that gonum/plot
// embeds, so that a PNG, an SVG and a PDF of the same scenario look the
// same. The brief is laid out with fpdf and embeds the same font.
//
// Every function computes the beliefs itself with the junction tree
// (brink/network/jtree). Impossible evidence returns the engine's error,
// reachable with errors.As as a *network.ImpossibleEvidenceError, and
// nothing is written.
package report

import (
	"brink/network/analysis"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"brink/network"
	"brink/network/decision"
	"brink/network/jtree"
	"brink/network/model"
)

// Default picture size in pixels: a 16:9 slide at full HD.
const (
	DefaultWidth  = 1920
	DefaultHeight = 1080
)

// maxPixels bounds each side of a raster picture, after scaling, so that a
// typing slip cannot ask for gigabytes.
const maxPixels = 16384

// ErrFormat is the cause of errors about an unknown output format.
var ErrFormat = errors.New("unknown format")

// Options control the size of pictures and the optional sections of the
// brief. The zero value gives the defaults.
type Options struct {
	// Width and Height are the picture's size in pixels (default
	// 1920×1080). A PNG has exactly Width·Scale × Height·Scale pixels; an
	// SVG has a nominal size of Width × Height CSS pixels; a PDF picture
	// is a page of Width/2 × Height/2 points (960×540 pt by default, the
	// size of a 16:9 presentation slide).
	Width, Height int
	// Scale multiplies the pixels of a PNG, keeping its layout: 2 gives a
	// 3840×2160 picture for a high-DPI projector. Zero means 1. Vector
	// formats ignore it.
	Scale float64
	// Now is the date printed on the brief and the pictures; the zero
	// value means time.Now().
	Now time.Time
	// EdgeStrength draws each edge between variables of the network
	// picture as wide as its strength of influence (see NetworkImage);
	// off by default.
	EdgeStrength bool

	// Drivers, when set, fills the brief's "Top drivers" section of each
	// scenario: the findings that moved the intentions and outcomes most
	// (for instance from brink/network/analysis.Explain). When nil the
	// section is left out.
	Drivers func(ev *network.Evidence) ([]DriverLine, error)
	// NextToCollect, when set, fills the brief's "What to collect next"
	// section: the unobserved variables whose observation would tell the
	// most about the intentions and outcomes (for instance from
	// brink/network/analysis.VOI). When nil the section is left out.
	NextToCollect func(ev *network.Evidence) ([]CollectLine, error)
	// Narrative, when set, fills the brief's "In words" section of each
	// scenario with the key outcome's judgement in words (for instance
	// brink/network/analysis.Narrate: the judgement, what moved it, what
	// would change it, and the confidence apart), and the bottom line's
	// key judgements with its Key sentence. When nil both are left out.
	Narrative func(ev *network.Evidence) (*analysis.Narrative, error)

	// Reference names the column, by its Name, that the brief's
	// comparisons are made against; "" means the model without findings
	// (the baseline). A name that is not one of the columns is an error.
	Reference string
	// Handling is the handling line printed at the top and bottom of
	// every page of the brief, e.g. "UNCLASSIFIED — FOR TRAINING"; ""
	// prints the model's own (model.Model.Handling), or none.
	Handling string
	// Sections lists the parts of the brief to write, in any order, from
	// AllSections and OptionalSections; nil writes every one of
	// AllSections. An unknown name is an error.
	Sections []string
}

// The sections of a brief, for Options.Sections.
const (
	SectionSummary    = "summary"    // the bottom line, first
	SectionComparison = "comparison" // the scenarios side by side (two or more)
	SectionScenarios  = "scenarios"  // each scenario in turn: findings, in words, drivers
	SectionDecisions  = "decisions"  // the decisions' options, once (models with decisions)
	SectionLimits     = "limits"     // what the model leaves out
	SectionNetwork    = "network"    // the network picture, last, on a landscape page of its own
)

// AllSections names every section of a brief, in the order written.
var AllSections = []string{SectionSummary, SectionComparison, SectionScenarios, SectionDecisions, SectionLimits, SectionNetwork}

// sections returns the set of sections opts asks for, or an error naming
// an unknown one.
func (o Options) sections() (map[string]bool, error) {
	want := o.Sections
	if len(want) == 0 {
		want = AllSections
	}
	set := make(map[string]bool, len(want))
	for _, s := range want {
		if !slices.Contains(AllSections, s) && !slices.Contains(OptionalSections, s) {
			return nil, fmt.Errorf("report: unknown section %q (sections: %s)", s, strings.Join(AllSections, ", "))
		}
		set[s] = true
	}
	return set, nil
}

// DriverLine is one row of a brief's "Top drivers": how far one of the
// scenario's findings moved one intention or outcome state.
type DriverLine struct {
	Finding string  // the finding as the analyst reads it, e.g. "Localized clash = yes"
	Target  string  // the state it moved, e.g. "Outcome = accidental escalation"
	Without float64 // P(target) with every finding but this one
	With    float64 // P(target) with all the findings
}

// CollectLine is one row of a brief's "What to collect next": a variable
// not yet observed and what observing it would be worth.
type CollectLine struct {
	Node   string  // the variable to observe, by its label
	Target string  // the intention or outcome it informs
	Bits   float64 // expected reduction of the target's entropy, in bits
	Note   string  // optional: e.g. the observation that would move the target most
}

// Column is one scenario to report on: a name, the findings, and where
// each finding came from.
type Column struct {
	Name        string
	Description string
	// Evidence holds the findings, on the model's network; nil means none.
	Evidence *network.Evidence
	// Provenance of the findings by variable name, as saved with a
	// scenario (model.Finding.Provenance); nil or missing entries mean
	// none recorded.
	Provenance map[string]*model.Provenance
}

// ScenarioColumn returns the column of a saved scenario, named by its
// display title: its findings as evidence on m.Net, with their
// provenance.
func ScenarioColumn(m *model.Model, s *model.Scenario) (Column, error) {
	ev, err := m.Evidence(s)
	if err != nil {
		return Column{}, fmt.Errorf("report: %w", err)
	}
	c := Column{Name: s.DisplayTitle(), Description: s.Description, Evidence: ev}
	for _, f := range s.Findings {
		if f.Provenance != nil {
			if c.Provenance == nil {
				c.Provenance = make(map[string]*model.Provenance)
			}
			c.Provenance[f.Node] = f.Provenance
		}
	}
	return c, nil
}

// results are the beliefs a report shows: the baseline (no findings) and
// the posterior marginals of each column, all indexed [variable][state].
type results struct {
	base  [][]float64
	posts [][][]float64
	evs   []*network.Evidence // each column's evidence, never nil
}

// checkModel refuses a model a report cannot be drawn from.
func checkModel(m *model.Model) error {
	switch {
	case m == nil || m.Net == nil:
		return errors.New("report: no model")
	case len(m.Nodes) != m.Net.NumVariables():
		return fmt.Errorf("report: model documents %d nodes for %d variables", len(m.Nodes), m.Net.NumVariables())
	}
	return nil
}

// compute compiles m's network once and propagates the baseline and each
// column's evidence — in a model with decisions under the policies that
// are best given it, as the window shows the beliefs (underPolicies).
// Impossible evidence gives the engine's error, naming the column.
func compute(m *model.Model, cols []Column) (*results, error) {
	if err := checkModel(m); err != nil {
		return nil, err
	}
	jt, err := jtree.Compile(m.Net, jtree.Options{})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	dg, _ := decision.FromModel(m) // nil: no influence diagram
	r := &results{}
	none := network.NewEvidence(m.Net)
	if err := underPolicies(jt, m.Net, dg, none); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if r.base, err = propagate(jt, none); err != nil {
		return nil, fmt.Errorf("report: the model without findings: %w", err)
	}
	for _, c := range cols {
		ev := c.Evidence
		if ev == nil {
			ev = network.NewEvidence(m.Net)
		} else if ev.Network() != m.Net {
			return nil, fmt.Errorf("report: scenario %q: the evidence is for another network", c.Name)
		}
		if err := underPolicies(jt, m.Net, dg, ev); err != nil {
			return nil, fmt.Errorf("report: scenario %q: %w", c.Name, err)
		}
		post, err := propagate(jt, ev)
		if err != nil {
			return nil, fmt.Errorf("report: scenario %q: %w", c.Name, err)
		}
		r.posts = append(r.posts, post)
		r.evs = append(r.evs, ev)
	}
	return r, nil
}

// underPolicies gives jt the network whose beliefs a report shows under
// ev: net with each decision of dg following its best policy given ev
// (decision.Diagram.PolicyNetwork), or net itself when there is no
// diagram or it cannot be solved under ev, as the window does.
func underPolicies(jt *jtree.JunctionTree, net *network.Network, dg *decision.Diagram, ev *network.Evidence) error {
	use := net
	if dg != nil {
		if sol, err := dg.Solve(ev); err == nil {
			if pn, err := dg.PolicyNetwork(ev, sol); err == nil {
				use = pn
			}
		}
	}
	if jt.Network() == use {
		return nil
	}
	return jt.SetNetwork(use)
}

// expectedUtilities returns the expected value of each of m's utilities
// under ev with the decisions following their best policies
// (decision.Diagram.Expected), as the window's utility cards show them;
// ok false when the model has no decisions or they cannot be solved.
func expectedUtilities(m *model.Model, ev *network.Evidence) ([]float64, bool) {
	if len(m.Utilities) == 0 {
		return nil, false
	}
	dg, err := decision.FromModel(m)
	if err != nil {
		return nil, false
	}
	sol, err := dg.Solve(ev)
	if err != nil {
		return nil, false
	}
	vals, err := dg.Expected(ev, sol)
	if err != nil || len(vals) != len(m.Utilities) {
		return nil, false
	}
	return vals, true
}

// propagate returns a copy of every posterior given ev.
func propagate(jt *jtree.JunctionTree, ev *network.Evidence) ([][]float64, error) {
	if err := jt.Propagate(ev); err != nil {
		return nil, err
	}
	n := jt.Network()
	out := make([][]float64, n.NumVariables())
	for v := range out {
		out[v] = slices.Clone(jt.Posterior(v))
		for s, p := range out[v] {
			if math.IsNaN(p) { // cannot happen after a successful propagation; never draw NaN
				out[v][s] = 0
			}
		}
	}
	return out, nil
}

// term is the ICD 203 estimative word for p.
func term(p float64) string { return analysis.Term(p) }

// findingText describes a finding for a reader: "US sanctions = expanded",
// "US sanctions: not eased, unchanged", "US sanctions: likelihood eased
// 0.2, unchanged 0.3, expanded 0.5".
func findingText(m *model.Model, f network.Finding) string { return m.FindingText(f) }

// findingsSummary lists the findings of ev on one line, "; "-separated.
func findingsSummary(m *model.Model, ev *network.Evidence) string {
	var parts []string
	for _, f := range ev.Findings() {
		parts = append(parts, findingText(m, f))
	}
	for _, it := range ev.Interventions() {
		parts = append(parts, m.ActionText(it))
	}
	return strings.Join(parts, "; ")
}

// reliabilityWords and credibilityWords spell out the NATO/Admiralty
// grading (STANAG 2511; docs/model-format.md).
var (
	reliabilityWords = map[string]string{
		"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
		"D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
	}
	credibilityWords = map[int]string{
		1: "confirmed", 2: "probably true", 3: "possibly true",
		4: "doubtful", 5: "improbable", 6: "truth cannot be judged",
	}
)

// grading renders a provenance's Admiralty grading, e.g. "B2 (usually
// reliable, probably true)"; "" when neither part is rated.
func grading(p *model.Provenance) string {
	if p == nil || (p.Reliability == "" && p.Credibility == 0) {
		return ""
	}
	code := p.Reliability
	var words []string
	if w, ok := reliabilityWords[strings.ToUpper(p.Reliability)]; ok {
		words = append(words, w)
	}
	if p.Credibility != 0 {
		if code == "" {
			code = "credibility "
		}
		code += strconv.Itoa(p.Credibility)
		if w, ok := credibilityWords[p.Credibility]; ok {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return code
	}
	return code + " (" + strings.Join(words, ", ") + ")"
}

// sourceName resolves a provenance source: the title of the model's source
// with that ID, or the text as written.
func sourceName(m *model.Model, src string) string {
	for _, s := range m.Sources {
		if s.ID == src && s.Title != "" {
			return s.Title
		}
	}
	return src
}

// now returns opts.Now, or the current time.
func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// size returns the picture's size in pixels and the PNG scale, checked.
func (o Options) size() (w, h int, scale float64, err error) {
	w, h, scale = o.Width, o.Height, o.Scale
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	if scale == 0 {
		scale = 1
	}
	switch {
	case math.IsNaN(scale) || scale <= 0 || scale > 8:
		return 0, 0, 0, fmt.Errorf("report: scale %v: want a number in (0, 8]", o.Scale)
	case w < 160 || h < 90:
		return 0, 0, 0, fmt.Errorf("report: picture size %d×%d: want at least 160×90 pixels", w, h)
	case float64(w)*scale > maxPixels || float64(h)*scale > maxPixels:
		return 0, 0, 0, fmt.Errorf("report: picture size %d×%d at scale %v: at most %d pixels a side", w, h, scale, maxPixels)
	}
	return w, h, scale, nil
}

// guard turns a panic inside a drawing library into an error, so that a
// report never takes the program down; our own code does not panic on
// any input.
func guard(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("report: drawing failed: %v", r)
	}
}
