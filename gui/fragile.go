package gui

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"brink/network/analysis"
	"brink/network/model"
)

// fragileTop is how many entries Fragile? lists unless Show all is ticked.
const fragileTop = 5

// fragile shows how far each number the target state depends on must
// move, alone, before the conclusion about it changes: that P(t | e) is
// in its ICD 203 band, or on one side of the threshold typed (Chan &
// Darwiche 2002, analysis.Fragility). brinkctl fragility, in the window.
func (p *analysisPanel) fragile() {
	p.last = p.fragile
	ws := p.win.ws
	v, s := p.target()
	thresholds, err := parseThreshold(p.threshold.Text)
	if err != nil {
		p.win.showError(err)
		return
	}
	r, err := ws.Fragility(analysis.Conclusion{Target: v, State: s, Thresholds: thresholds})
	if err != nil {
		p.win.showError(err)
		return
	}
	m := ws.Model()
	t := targetText(m, v, s)
	check := widget.NewButton("Check", p.fragile)
	objs := []fyne.CanvasObject{
		p.heading(fmt.Sprintf("Fragile? How far the numbers must move to change the conclusion on %s", t)),
		container.NewBorder(nil, nil, widget.NewLabel("Changes at"), check, p.threshold),
		caption("Leave empty for the ICD 203 band of its probability (unlikely is 20–45%…), or type a level, such as 50%."),
		bold(fragileConclusion(r, t)),
	}
	changeable := 0
	for _, mg := range r.Margins {
		if !mg.CannotChange() {
			changeable++
		}
	}
	if changeable == 0 {
		objs = append(objs, wrapped("No single number the target depends on can change the conclusion, at any value from 0 to 1."))
	} else {
		objs = append(objs, caption("It holds unless one number moves (the rest of its row scaled to keep the sum 1), nearest first; "+
			"the change is in the number's own units, 0 to 1."))
	}
	shown := changeable
	if !p.showAll.Checked {
		shown = min(shown, fragileTop)
	}
	for i, mg := range r.Margins[:shown] {
		var bounds []string
		for _, ch := range []struct {
			c  analysis.Change
			up bool
		}{{mg.Down, false}, {mg.Up, true}} {
			if ch.c.Possible {
				bounds = append(bounds, boundText(ch.c, ch.up))
			}
		}
		objs = append(objs, wrapped(fmt.Sprintf("%d. Holds unless %s is %s (now %s)", i+1,
			entryText(m, mg.Entry), strings.Join(bounds, " or "), entryValue(mg.Value))))
		for _, ch := range []analysis.Change{mg.Down, mg.Up} {
			if ch.Possible {
				objs = append(objs, caption(fmt.Sprintf("At %s: %s (a change of %s).", entryValue(ch.Value),
					fragileChange(m, r, t, ch), strconv.FormatFloat(math.Abs(ch.Value-mg.Value), 'f', 3, 64))))
			}
		}
	}
	var notes []string
	if more := changeable - shown; more > 0 {
		notes = append(notes, fmt.Sprintf("%d more change it with larger moves (Show all lists them)", more))
	}
	if cannot := len(r.Margins) - changeable; cannot > 0 {
		notes = append(notes, fmt.Sprintf("%d move the target but cannot change the conclusion alone", cannot))
	}
	if r.NoEffect > 0 {
		notes = append(notes, fmt.Sprintf("%d do not affect it given the findings", r.NoEffect))
	}
	summary := fmt.Sprintf("%d tables can affect the target given the findings", len(r.Families))
	if len(notes) > 0 {
		summary += "; of their numbers, " + strings.Join(notes, "; ")
	}
	if slices.ContainsFunc(m.Nodes, func(n model.Node) bool { return n.Role == model.RoleDecision }) {
		summary += ". The decisions keep their best options for the present numbers; their tables, which are policies, are not examined"
	}
	objs = append(objs, caption(summary+"."))
	objs = append(objs, p.twoWayPicker(r, r.Margins[:shown])...)
	p.show(objs...)
}

// parseThreshold reads Fragile?'s level: empty for the ICD 203 band
// (nil), else a probability strictly between 0 and 1, as 0.5 or 50%.
func parseThreshold(text string) ([]float64, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	q, word, err := analysis.ParseProbability(text)
	switch {
	case err == nil && word != "":
		err = errors.New("type a level as a number or a percentage; leave it empty for the ICD 203 band")
	case err == nil && (q <= 0 || q >= 1):
		err = errors.New("the level must lie strictly between 0% and 100%")
	}
	if err != nil {
		return nil, fmt.Errorf("fragile? %q: %w", text, err)
	}
	return []float64{q}, nil
}

// fragileConclusion says what the conclusion is and when it changes:
// `P(Outcome = Accidental escalation) is 26.1%, "unlikely" (20–45%): the
// conclusion changes if it falls below 20% or reaches 45%.`
func fragileConclusion(r *analysis.FragilityReport, t string) string {
	q := r.Posterior[r.State]
	var when []string
	if !math.IsNaN(r.Low) {
		when = append(when, "falls below "+levelText(r.Low))
	}
	if !math.IsNaN(r.High) {
		when = append(when, "reaches "+levelText(r.High))
	}
	return fmt.Sprintf("P(%s) is %s, %s: the conclusion changes if it %s.", t, analysis.Percent(q), bandText(r), strings.Join(when, " or "))
}

// bandText says what the conclusion on a state is: `“unlikely”
// (20–45%)`, "below 50%" or "at least 50%".
func bandText(r *analysis.FragilityReport) string {
	switch {
	case slices.Equal(r.Conclusion.Thresholds, analysis.TermBounds):
		term := analysis.Term(r.Posterior[r.State])
		return fmt.Sprintf("“%s” (%s)", term, analysis.TermBand(term))
	case !math.IsNaN(r.High):
		return "below " + levelText(r.High)
	}
	return "at least " + levelText(r.Low)
}

// fragileChange says where the conclusion goes at a change.
func fragileChange(m *model.Model, r *analysis.FragilityReport, t string, ch analysis.Change) string {
	if ch.Rival >= 0 {
		return m.StateLabel(r.Conclusion.Target, ch.Rival) + " becomes the most likely"
	}
	if ch.Threshold == r.Low {
		return "P(" + t + ") falls below " + levelText(ch.Threshold)
	}
	return "P(" + t + ") reaches " + levelText(ch.Threshold)
}

// levelText writes a threshold as typed or as the band's edge: "45%",
// "12.5%".
func levelText(q float64) string {
	return strconv.FormatFloat(math.Round(1e6*100*q)/1e6, 'f', -1, 64) + "%"
}

// boundText is "below 0.094" or "above 0.906", or "0"/"1" at an end.
func boundText(ch analysis.Change, up bool) string {
	switch {
	case ch.Value == 0:
		return "0"
	case ch.Value == 1:
		return "1"
	case up:
		return "above " + entryValue(ch.Value)
	}
	return "below " + entryValue(ch.Value)
}

// entryValue writes a CPT entry's value: three decimals, two significant
// figures below 0.01, and 0 and 1 plain.
func entryValue(x float64) string {
	switch {
	case x == 0 || x == 1:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x < 0.01:
		return strconv.FormatFloat(x, 'g', 2, 64)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// entryText names a CPT entry by labels: "P(Outcome = Fragile balance |
// US intention = Pressure, …)".
func entryText(m *model.Model, e analysis.Entry) string {
	given := ""
	if c := configText(m, e.Node, e.Row); c != "" {
		given = " | " + c
	}
	return "P(" + targetText(m, e.Node, e.State) + given + ")"
}
