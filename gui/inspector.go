package gui

import (
	"brink/network/analysis"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/network"
	"brink/network/model"
)

// inspector shows the selected node: its documentation, the evidence
// controls for each state, the rationale and citations behind its CPT,
// and the CPT itself.
type inspector struct {
	win     *Window
	v       int
	content *fyne.Container
	scroll  *container.Scroll
}

func newInspector(win *Window) *inspector {
	in := &inspector{win: win, v: -1, content: container.NewVBox()}
	in.scroll = container.NewVScroll(in.content)
	in.show(-1)
	return in
}

// show fills the inspector for node v (-1: nothing selected).
func (in *inspector) show(v int) {
	in.v = v
	in.content.RemoveAll()
	ws := in.win.ws
	if v < 0 || v >= ws.Network().NumVariables() {
		in.content.Add(widget.NewLabel("Select a node to see its description, evidence controls, rationale and CPT."))
		in.content.Refresh()
		return
	}
	m := ws.Model()
	n := m.Net
	nd := m.Nodes[v]
	title := widget.NewLabelWithStyle(m.Label(v), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	meta := []string{n.Name(v)}
	if nd.Role != "" {
		meta = append(meta, string(nd.Role))
	}
	if nd.Group != "" {
		meta = append(meta, nd.Group)
	}
	in.content.Add(title)
	in.content.Add(widget.NewLabel(strings.Join(meta, " · ")))
	if nd.Description != "" {
		in.content.Add(wrapped(nd.Description))
	}

	in.content.Add(heading("Evidence"))
	f, observed := ws.Finding(v)
	status := "No finding."
	if observed {
		status = "Finding: " + f.Describe(n)
	}
	in.content.Add(widget.NewLabel(status))
	if pv := ws.Provenance(v); pv != nil {
		in.content.Add(wrapped(provenanceText(pv)))
	}
	for s := range n.Card(v) {
		s := s
		label := graphview.FindingMark(f, observed, s) + m.StateLabel(v, s)
		set := widget.NewButton("Set", func() { in.win.do(func() error { return ws.SetState(v, s) }) })
		not := widget.NewButton("Not", func() { in.win.do(func() error { return ws.ExcludeState(v, s) }) })
		pct := widget.NewLabel(analysis.Percent(ws.Posterior(v)[s]))
		in.content.Add(container.NewBorder(nil, nil, widget.NewLabel(label), container.NewHBox(pct, set, not)))
	}
	in.content.Add(container.NewHBox(
		widget.NewButton("Likelihood…", func() { in.win.likelihoodDialog(v) }),
		widget.NewButton("Retract", func() { in.win.do(func() error { return ws.Retract(v) }) }),
	))

	if nd.Rationale != "" {
		in.content.Add(heading("Rationale"))
		in.content.Add(wrapped(nd.Rationale))
	}
	if len(nd.Citations) > 0 {
		in.content.Add(heading("Citations"))
		for _, c := range nd.Citations {
			src := c.Source
			for _, s := range m.Sources {
				if s.ID == c.Source && s.Title != "" {
					src = s.Title
				}
			}
			q := widget.NewLabelWithStyle("“"+c.Quote+"”", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
			q.Wrapping = fyne.TextWrapWord
			in.content.Add(q)
			in.content.Add(widget.NewLabel("— " + src))
		}
	}
	in.content.Add(heading("Conditional probability table"))
	in.content.Add(cptTable(n, v))
	in.content.Refresh()
	in.scroll.ScrollToTop()
}

// cptTable shows P(v | parents) with one row per parent configuration.
func cptTable(n *network.Network, v int) fyne.CanvasObject {
	ps := n.Parents(v)
	k := n.Card(v)
	rows := n.ParentConfigs(v)
	cols := len(ps) + k
	var states []int
	t := widget.NewTable(
		func() (int, int) { return rows + 1, cols },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			switch {
			case id.Row == 0 && id.Col < len(ps):
				l.SetText(n.Name(ps[id.Col]))
			case id.Row == 0:
				l.SetText(n.Variable(v).States[id.Col-len(ps)])
			case id.Col < len(ps):
				states = n.ParentStates(v, id.Row-1, states)
				l.SetText(n.Variable(ps[id.Col]).States[states[id.Col]])
			default:
				l.SetText(fmt.Sprintf("%.4g", n.CPT(v)[(id.Row-1)*k+id.Col-len(ps)]))
			}
		})
	for c := range cols {
		t.SetColumnWidth(c, 96)
	}
	h := float32(min(rows+1, 12)) * 38
	return container.NewGridWrap(fyne.NewSize(float32(cols)*98, h), t)
}

func heading(s string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// provenanceText renders a finding's provenance in one paragraph, e.g.
// "Note: … Source: standoff. Observed 2026-01-05. Graded B2."
func provenanceText(p *model.Provenance) string {
	var parts []string
	if p.Note != "" {
		parts = append(parts, "Note: "+p.Note)
	}
	if p.Source != "" {
		parts = append(parts, "Source: "+p.Source+".")
	}
	if p.Observed != "" {
		parts = append(parts, "Observed "+p.Observed+".")
	}
	if p.Reliability != "" || p.Credibility > 0 {
		g := p.Reliability
		if p.Credibility > 0 {
			g += fmt.Sprint(p.Credibility)
		}
		parts = append(parts, "Graded "+g+" (Admiralty scale).")
	}
	return strings.Join(parts, " ")
}
