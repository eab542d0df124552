package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"brink/network"
	"brink/network/analysis"
	"brink/network/decision"
	"brink/network/diag"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/model"
)

// session is one page's model and its baseline: what brinkLoad reads and
// every brinkQuery computes on. The page holds one session at a time.
type session struct {
	md       *model.Model
	baseline [][]float64 // beliefs with no findings, under the best policies
}

// pageFinding is a finding as the page sends and receives it, by names:
// kind "hard" (state), "not" (states excluded), "do" (state, set by
// action) or "likelihood" (weights, one per state).
type pageFinding struct {
	Node    string    `json:"node"`
	Kind    string    `json:"kind"`
	State   string    `json:"state,omitempty"`
	States  []string  `json:"states,omitempty"`
	Weights []float64 `json:"weights,omitempty"`
}

// reply is what every call returns: a result or the message the app's
// error dialog would show.
type reply struct {
	Error string  `json:"error,omitempty"`
	Model *digest `json:"model,omitempty"`
	*beliefsReply
}

// load reads a Brink model file's text (the page carries its model as
// the Brink format) and computes the baseline: the beliefs with no
// findings, as the window's outcome panel measures its change from.
func (s *session) load(text string) reply {
	doc, err := formats.Read([]byte(text), "model.toml")
	if err != nil {
		return reply{Error: message(nil, err)}
	}
	md := doc.Model
	b, err := compute(md, network.NewEvidence(md.Net))
	if err != nil {
		return reply{Error: message(md, err)}
	}
	s.md, s.baseline = md, b.posteriors
	return reply{Model: newDigest(md), beliefsReply: s.answer(b)}
}

// beliefs are the posteriors of every variable of a model under some
// evidence, computed as brinkctl query and the window compute them: on
// decision.BeliefNetwork (for a model with decisions, its policy network
// under the findings and actions) by a junction tree.
type beliefs struct {
	ev         *network.Evidence
	posteriors [][]float64
	probEv     float64
	choices    string // decision.ChoicesText, "" without decisions
	// expected is each utility's expected value under the findings and
	// the best policies, as its card writes it (expectedText); nil for a
	// model without decisions.
	expected []string
}

func compute(md *model.Model, ev *network.Evidence) (*beliefs, error) {
	net, dg, sol, err := decision.BeliefNetwork(md, ev)
	if err != nil {
		return nil, err
	}
	jt, err := jtree.Compile(net, jtree.Options{})
	if err != nil {
		return nil, err
	}
	if err := jt.Propagate(ev); err != nil {
		return nil, err
	}
	b := &beliefs{ev: ev, probEv: jt.ProbEvidence(), posteriors: make([][]float64, net.NumVariables())}
	for v := range b.posteriors {
		b.posteriors[v] = slices.Clone(jt.Posterior(v))
	}
	if dg != nil {
		cs, err := dg.Choices(ev, sol)
		if err != nil {
			return nil, err
		}
		b.choices = decision.ChoicesText(md, cs)
		vals, err := dg.Expected(ev, sol)
		for k := range md.Utilities {
			ok := err == nil && k < len(vals)
			x := 0.0
			if ok {
				x = vals[k]
			}
			b.expected = append(b.expected, expectedText(x, ok))
		}
	}
	return b, nil
}

// expectedText writes a utility's expected value as the window's utility
// card does (gui/cardlayout.ExpectedText, which this engine does not
// import: it would bring the card layout's fonts into the page; the
// tests hold the two to the same output): "expected 42.5", "expected
// −10", "expected —" when there is none.
func expectedText(x float64, ok bool) string {
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		return "expected —"
	}
	if math.Abs(x) < 1e-9 {
		x = 0
	}
	s := fmt.Sprintf("%.4g", x)
	if math.Abs(x) >= 1e4 && math.Abs(x) < 1e15 {
		s = fmt.Sprintf("%.0f", x)
	}
	if s == "-0" {
		s = "0"
	}
	return "expected " + strings.Replace(s, "-", "−", 1)
}

// beliefsReply is the beliefs as the page shows them: by variable index,
// each state's probability, its text (analysis.Percent, as the cards
// write it) and its change from the baseline (analysis.Delta, as the
// outcome panel writes it); the findings in the findings list's words.
type beliefsReply struct {
	Beliefs  []nodeBeliefs  `json:"beliefs"`
	Chance   string         `json:"chance"` // P(findings), analysis.Chance
	Choices  string         `json:"choices,omitempty"`
	Expected []string       `json:"expected,omitempty"` // by utility
	Findings []shownFinding `json:"findings"`
}

type nodeBeliefs struct {
	P     []float64 `json:"p"`
	Text  []string  `json:"text"`
	Delta []string  `json:"delta"`
}

// shownFinding is one finding of the current evidence: its page form and
// its description (model.Model.FindingText, ActionText).
type shownFinding struct {
	pageFinding
	Text string `json:"text"`
}

func (s *session) answer(b *beliefs) *beliefsReply {
	r := &beliefsReply{Chance: analysis.Chance(b.probEv), Choices: b.choices, Expected: b.expected, Findings: []shownFinding{}}
	for v, p := range b.posteriors {
		nb := nodeBeliefs{P: p, Text: make([]string, len(p)), Delta: make([]string, len(p))}
		for st, x := range p {
			nb.Text[st] = analysis.Percent(x)
			nb.Delta[st] = analysis.Delta(x - s.baseline[v][st])
		}
		r.Beliefs = append(r.Beliefs, nb)
	}
	r.Findings = append(r.Findings, findingsOf(s.md, b.ev)...)
	return r
}

// findingsOf lists ev's findings and actions in the page's form.
func findingsOf(md *model.Model, ev *network.Evidence) []shownFinding {
	n := md.Net
	var out []shownFinding
	for _, it := range ev.Interventions() {
		out = append(out, shownFinding{
			pageFinding: pageFinding{Node: n.Name(it.Variable), Kind: "do", State: n.Variable(it.Variable).States[it.State]},
			Text:        md.ActionText(it),
		})
	}
	for _, f := range ev.Findings() {
		pf := pageFinding{Node: n.Name(f.Variable)}
		states := n.Variable(f.Variable).States
		switch f.Kind {
		case network.Hard:
			pf.Kind, pf.State = "hard", states[f.State]
		case network.Negative:
			pf.Kind = "not"
			for s, w := range f.Weights {
				if w == 0 {
					pf.States = append(pf.States, states[s])
				}
			}
		default:
			pf.Kind, pf.Weights = "likelihood", slices.Clone(f.Weights)
		}
		out = append(out, shownFinding{pageFinding: pf, Text: md.FindingText(f)})
	}
	return out
}

// query computes the beliefs under findings, a JSON list of pageFinding.
// Impossible findings are refused with the app's message, which names
// them; the page keeps its previous findings then, as the app does.
func (s *session) query(findingsJSON string) reply {
	if s.md == nil {
		return reply{Error: "No model is loaded."}
	}
	var fs []pageFinding
	if err := json.Unmarshal([]byte(findingsJSON), &fs); err != nil {
		return reply{Error: "The page sent findings that are not JSON: " + err.Error()}
	}
	ev, err := s.evidence(fs)
	if err != nil {
		return reply{Error: message(s.md, err)}
	}
	b, err := compute(s.md, ev)
	if err != nil {
		return reply{Error: message(s.md, err)}
	}
	return reply{beliefsReply: s.answer(b)}
}

// scenario computes the beliefs under a saved scenario's findings, which
// the reply lists for the page to adopt.
func (s *session) scenario(name string) reply {
	if s.md == nil {
		return reply{Error: "No model is loaded."}
	}
	sc, ok := s.md.Scenario(name)
	if !ok {
		return reply{Error: fmt.Sprintf("The model has no scenario %q.", name)}
	}
	ev, err := s.md.Evidence(sc)
	if err == nil {
		var b *beliefs
		if b, err = compute(s.md, ev); err == nil {
			return reply{beliefsReply: s.answer(b)}
		}
	}
	return reply{Error: message(s.md, err)}
}

// evidence builds the evidence of the page's findings, in order, each
// replacing any earlier one on its node, as the app's clicks do.
func (s *session) evidence(fs []pageFinding) (*network.Evidence, error) {
	n := s.md.Net
	ev := network.NewEvidence(n)
	for _, f := range fs {
		v, _, err := n.Lookup(f.Node, "")
		if err != nil {
			return nil, err
		}
		ev.Retract(v)
		switch f.Kind {
		case "hard", "do":
			_, st, err := n.Lookup(f.Node, f.State)
			if err != nil {
				return nil, err
			}
			if f.Kind == "do" {
				err = ev.SetDo(v, st)
			} else {
				err = ev.SetState(v, st)
			}
			if err != nil {
				return nil, err
			}
		case "not":
			for _, name := range f.States {
				_, st, err := n.Lookup(f.Node, name)
				if err != nil {
					return nil, err
				}
				if err := ev.SetNotState(v, st); err != nil {
					return nil, err
				}
			}
		case "likelihood":
			if err := ev.SetLikelihood(v, f.Weights); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("brinkweb: node %q: unknown finding kind %q", f.Node, f.Kind)
		}
	}
	return ev, nil
}

// message is the text the app's error dialog shows for err
// (gui.Window.showError): impossible evidence names the findings in
// conflict in the model's labels and says the previous findings are
// kept; other errors are listed one a line (diag.Flatten), capitalised.
func message(md *model.Model, err error) string {
	var ie *network.ImpossibleEvidenceError
	if md != nil && errors.As(err, &ie) {
		return md.ImpossibleText(ie) + "\nThe previous findings are kept."
	}
	var lines []string
	for _, e := range diag.Flatten(err) {
		lines = append(lines, e.Error())
	}
	if len(lines) > 12 {
		lines = append(lines[:12], fmt.Sprintf("… and %d more", len(lines)-12))
	}
	r := []rune(strings.Join(lines, "\n"))
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

