package main

import (
	"brink/network"
	"brink/network/model"
)

// digest is what the page shows of a model besides its beliefs: its
// documentation, its nodes with their states, roles and documentation,
// its utilities and its saved scenarios. Every string in it is the
// model's text, which the page writes as text (textContent), never as
// HTML.
type digest struct {
	Title           string     `json:"title"`
	Description     string     `json:"description,omitempty"`
	Authors         []string   `json:"authors,omitempty"`
	Created         string     `json:"created,omitempty"`
	Modified        string     `json:"modified,omitempty"`
	AsOfLine        string     `json:"asOfLine,omitempty"`        // model.Model.AsOfLine
	OutcomesHeading string     `json:"outcomesHeading,omitempty"` // model.Model.OutcomesHeading
	Handling        string     `json:"handling,omitempty"`
	Notes           string     `json:"notes,omitempty"`
	Limits          []string   `json:"limits,omitempty"`
	Sources         []source   `json:"sources,omitempty"`
	Nodes           []node     `json:"nodes"`
	Utilities       []utility  `json:"utilities,omitempty"`
	Briefing        []int      `json:"briefing"` // model.Model.BriefingNodes
	Scenarios       []scenario `json:"scenarios"`
}

type source struct {
	ID       string `json:"id"`
	Title    string `json:"title,omitempty"`
	Author   string `json:"author,omitempty"`
	Date     string `json:"date,omitempty"`
	URL      string `json:"url,omitempty"` // shown as text, never a link
	Citation string `json:"citation,omitempty"`
}

type node struct {
	ID          string     `json:"id"`
	Label       string     `json:"label"`
	Description string     `json:"description,omitempty"`
	Role        string     `json:"role,omitempty"`
	Group       string     `json:"group,omitempty"`
	Actor       string     `json:"actor,omitempty"`
	States      []state    `json:"states"`
	Parents     []int      `json:"parents"`
	Rationale   string     `json:"rationale,omitempty"`
	Citations   []citation `json:"citations,omitempty"`
}

type state struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type citation struct {
	Source string `json:"source"`
	Quote  string `json:"quote,omitempty"`
}

type utility struct {
	ID          string     `json:"id"`
	Label       string     `json:"label"`
	Description string     `json:"description,omitempty"`
	Actor       string     `json:"actor,omitempty"`
	Parents     []int      `json:"parents"`
	Rationale   string     `json:"rationale,omitempty"`
	Citations   []citation `json:"citations,omitempty"`
}

type scenario struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Author      string `json:"author,omitempty"`
}

func newDigest(md *model.Model) *digest {
	n := md.Net
	d := &digest{
		Title: md.Title, Description: md.Description, Authors: md.Authors,
		Created: md.Created, Modified: md.Modified,
		AsOfLine: md.AsOfLine(), OutcomesHeading: md.OutcomesHeading(),
		Handling: md.Handling, Notes: md.Notes, Limits: md.Limits,
		Briefing: md.BriefingNodes(), Scenarios: []scenario{},
	}
	if d.Briefing == nil {
		d.Briefing = []int{}
	}
	for _, s := range md.Sources {
		d.Sources = append(d.Sources, source(s))
	}
	for v := range n.NumVariables() {
		nd := md.Nodes[v]
		x := node{
			ID: n.Name(v), Label: md.Label(v), Description: nd.Description,
			Role: string(nd.Role), Group: nd.Group, Actor: nd.Actor,
			Parents: append([]int{}, n.Parents(v)...), Rationale: nd.Rationale,
			Citations: citations(nd.Citations),
		}
		for s, id := range n.Variable(v).States {
			x.States = append(x.States, state{ID: id, Label: md.StateLabel(v, s)})
		}
		d.Nodes = append(d.Nodes, x)
	}
	for _, u := range md.Utilities {
		x := utility{
			ID: u.ID, Label: u.DisplayLabel(), Description: u.Description, Actor: u.Actor,
			Parents: parentsOf(n, u.Parents), Rationale: u.Rationale, Citations: citations(u.Citations),
		}
		d.Utilities = append(d.Utilities, x)
	}
	for _, s := range md.Scenarios {
		d.Scenarios = append(d.Scenarios, scenario{Name: s.Name, Title: s.DisplayTitle(), Description: s.Description, Author: s.Author})
	}
	return d
}

func citations(cs []model.Citation) []citation {
	var out []citation
	for _, c := range cs {
		out = append(out, citation(c))
	}
	return out
}

// parentsOf looks up a utility's parents, which the reader has checked.
func parentsOf(n *network.Network, names []string) []int {
	out := []int{}
	for _, name := range names {
		if v, _, err := n.Lookup(name, ""); err == nil {
			out = append(out, v)
		}
	}
	return out
}
