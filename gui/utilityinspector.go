package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/cardlayout"
	"brink/network/model"
)

// maxUtilityRows is the most configurations the inspector spells out of
// a utility's table; the rest are counted.
const maxUtilityRows = 24

// showUtility fills the inspector for utility k of the open model: its
// label, whose utility it is, what it means, its expected value now, its
// table in words, and the rationale and citations behind it. A utility
// takes no evidence, so there are no evidence controls. An index that is
// not one of the model's utilities shows the empty inspector.
func (in *inspector) showUtility(k int) {
	ws := in.win.ws
	m := ws.Model()
	if k < 0 || k >= len(m.Utilities) {
		in.show(-1)
		return
	}
	same := in.v == -1 && in.u == k && in.uModel == m
	in.v, in.u, in.uModel = -1, k, m
	in.builtModel, in.builtV = nil, -1
	in.content.RemoveAll()
	u := &m.Utilities[k]
	title := widget.NewLabelWithStyle(u.DisplayLabel(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	in.content.Add(title)
	meta := "utility"
	if u.Actor != "" {
		meta += " · " + cardlayout.ActorText(u)
	}
	in.content.Add(wrapped(meta))
	id := widget.NewLabel(idLine(u.ID))
	id.SizeName = theme.SizeNameCaptionText
	in.content.Add(id)
	if u.Description != "" {
		in.content.Add(wrapped(u.Description))
	}

	in.content.Add(heading("Expected value"))
	vals, ok := ws.ExpectedUtilities()
	if ok && k < len(vals) {
		in.content.Add(wrapped(fmt.Sprintf("%s, in the model's units, under the current findings and actions with each decision taken by its best policy.", capitalise(cardlayout.ExpectedText(vals[k], true)))))
	} else {
		in.content.Add(wrapped("Not found: the model has no decision to take, or its decisions cannot be solved under the current findings."))
	}

	in.content.Add(heading("Table"))
	in.content.Add(wrapped(utilityTableText(m, u)))
	if u.Rationale != "" {
		in.content.Add(heading("Rationale"))
		in.content.Add(wrapped(u.Rationale))
	}
	if len(u.Citations) > 0 {
		in.content.Add(heading("Citations"))
		for _, c := range u.Citations {
			q := widget.NewLabelWithStyle("“"+c.Quote+"”", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
			q.Wrapping = fyne.TextWrapWord
			in.content.Add(q)
			in.content.Add(wrapped("— " + sourceTitle(m, c.Source)))
		}
	}
	in.content.Refresh()
	if !same {
		in.scroll.ScrollToTop()
	}
}

// sourceTitle is the title of the model's source id, or the id when the
// source has no title.
func sourceTitle(m *model.Model, id string) string {
	for _, s := range m.Sources {
		if s.ID == id && s.Title != "" {
			return s.Title
		}
	}
	return id
}

// utilityTableText spells out a utility's table with the model's labels:
// a line naming its parents, then one configuration of their states a
// line, first parent slowest, e.g. "Value for each case of Drill? and
// Oil in the ground:" then "Drill, Dry: −70"; a table longer than
// maxUtilityRows ends with a count of the rest.
func utilityTableText(m *model.Model, u *model.Utility) string {
	n := m.Net
	var parents []int
	var names []string
	for _, name := range u.Parents {
		v, ok := n.Index(name)
		if !ok {
			return "The table names a parent the network does not have."
		}
		parents = append(parents, v)
		names = append(names, m.Label(v))
	}
	if len(parents) == 0 {
		if len(u.Table) == 1 {
			return "The same in every case: " + valueText(u.Table[0]) + "."
		}
		return "The table is empty."
	}
	lines := []string{"Value for each case of " + andList(names) + ":"}
	cfg := make([]int, len(parents))
	for r, x := range u.Table {
		if r == maxUtilityRows {
			lines = append(lines, fmt.Sprintf("… and %d more cases", len(u.Table)-r))
			break
		}
		parts := make([]string, len(parents))
		for j, v := range parents {
			parts[j] = m.StateLabel(v, cfg[j])
		}
		lines = append(lines, strings.Join(parts, ", ")+": "+valueText(x))
		for j := len(cfg) - 1; j >= 0; j-- { // the next row: last parent fastest
			if cfg[j]++; cfg[j] < n.Card(parents[j]) {
				break
			}
			cfg[j] = 0
		}
	}
	return strings.Join(lines, "\n")
}

// andList joins names as a sentence does: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// valueText is a utility value as the cards write it: four significant
// figures and a true minus sign.
func valueText(x float64) string {
	return strings.TrimPrefix(cardlayout.ExpectedText(x, true), "expected ")
}
