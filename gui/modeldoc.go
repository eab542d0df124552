package gui

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"brink/network/edit"
	"brink/network/model"
)

// modelDocDialog is Edit → Model Documentation…: the model's title,
// description, authors, stated limits and notes, and the period it
// speaks for — the as-of date and the horizon — checked as they are
// typed, with the period in words below them.
type modelDocDialog struct {
	*scenarioDialog
	desc, authors, limits, notes *widget.Entry
	asOf, horizon                *widget.Entry
	handling                     *widget.Entry
	// period shows the period in words ("7 Dec 2026 to 7 Jun 2027 (6
	// months)"), the as-of date alone, a dash while a date is wrong, or
	// what to give when there are none.
	period *widget.Label
}

func (win *Window) modelDocDialog() { win.newModelDocDialog().show() }

func (win *Window) newModelDocDialog() *modelDocDialog {
	info := win.ws.Documentation()
	md := &modelDocDialog{}
	title := widget.NewEntry()
	title.SetText(info.Title)
	multi := func(text string, rows int, hint string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(rows)
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	md.desc = multi(info.Description, 3, "what the model is for and what it claims")
	md.authors = multi(strings.Join(info.Authors, "\n"), 2, "one per line")
	md.limits = multi(strings.Join(info.Limits, "\n"), 3, "what the model leaves out, one per line; the brief ends with them")
	md.notes = multi(info.Notes, 2, "")
	md.asOf, md.horizon = widget.NewEntry(), widget.NewEntry()
	md.asOf.SetText(info.AsOf)
	md.asOf.SetPlaceHolder("YYYY-MM-DD, e.g. 2026-12-07")
	md.horizon.SetText(info.Horizon)
	md.horizon.SetPlaceHolder("YYYY-MM-DD, e.g. 2027-06-07")
	md.handling = widget.NewEntry()
	md.handling.SetText(info.Handling)
	md.handling.SetPlaceHolder("e.g. UNCLASSIFIED — FOR TRAINING")
	handlingItem := widget.NewFormItem("Handling", md.handling)
	handlingItem.HintText = "Printed at the top and foot of every page of the brief"
	md.period = widget.NewLabel("")
	md.period.Wrapping = fyne.TextWrapWord
	asOfItem := widget.NewFormItem("As of", md.asOf)
	asOfItem.HintText = "The day the findings and beliefs describe"
	horizonItem := widget.NewFormItem("Horizon", md.horizon)
	horizonItem.HintText = "The outcomes are outcomes by this day"
	form := widget.NewForm(
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Description", md.desc),
		widget.NewFormItem("Authors", md.authors),
		widget.NewFormItem("Limits", md.limits),
		widget.NewFormItem("Notes", md.notes),
		asOfItem,
		horizonItem,
		widget.NewFormItem("Period", md.period),
		handlingItem,
	)
	dates := func() (string, string) { return strings.TrimSpace(md.asOf.Text), strings.TrimSpace(md.horizon.Text) }
	check := func() string {
		asOf, horizon := dates()
		return periodProblem(asOf, horizon)
	}
	md.scenarioDialog = newScenarioDialog(win, "Model documentation", "Apply", form, check, func() error {
		if why := check(); why != "" {
			return errors.New(why)
		}
		asOf, horizon := dates()
		next := edit.ModelInfo{Title: edited(info.Title, title.Text), Description: edited(info.Description, md.desc.Text),
			Authors: editedLines(info.Authors, md.authors.Text), Notes: edited(info.Notes, md.notes.Text),
			Limits: editedLines(info.Limits, md.limits.Text), AsOf: asOf, Horizon: horizon,
			Handling: edited(info.Handling, md.handling.Text)}
		notes, err := win.ws.SetDocumentation(next)
		if err == nil {
			win.afterEdit(notes, nil)
		}
		return err
	})
	md.title = title
	showPeriod := func() {
		asOf, horizon := dates()
		switch p := model.PeriodText(asOf, horizon); {
		case p != "":
			md.period.SetText(p)
		case periodProblem(asOf, horizon) != "":
			md.period.SetText("—") // the message under the fields says why
		case asOf != "":
			md.period.SetText("As of " + model.DateText(asOf) + "; no horizon for the outcomes")
		default:
			md.period.SetText("None: give an as-of date, and a horizon for the outcomes")
		}
	}
	for _, e := range []*widget.Entry{md.asOf, md.horizon} {
		e.OnChanged = chain(e.OnChanged, func() { md.revalidate(); showPeriod() })
	}
	showPeriod()
	return md
}

// periodProblem says in plain words what is wrong with an as-of date and
// a horizon as typed (model.CheckPeriod), or "" when nothing is.
func periodProblem(asOf, horizon string) string {
	asOfErr, horizonErr := model.CheckPeriod(asOf, horizon)
	switch {
	case asOfErr != nil:
		return "The as-of date is not a day of the calendar: write it year-month-day, e.g. 2026-12-07."
	case horizonErr == nil:
		return ""
	case errors.Is(horizonErr, model.ErrHorizonAlone):
		return "A horizon needs an as-of date, the day its period starts."
	case errors.Is(horizonErr, model.ErrHorizonOrder):
		return "The horizon must be after the as-of date."
	}
	return "The horizon is not a day of the calendar: write it year-month-day, e.g. 2027-06-07."
}

// edited returns text as typed, without surrounding space, or was when
// the field was left as it showed was: applying the dialog changes only
// what the analyst changed.
func edited(was, text string) string {
	if text == was {
		return was
	}
	return strings.TrimSpace(text)
}

// editedLines returns the lines of text, without surrounding space and
// leaving out empty ones, or a copy of was when the field was left as it
// showed was (so that an entry with a line break of its own is kept
// whole).
func editedLines(was []string, text string) []string {
	if text == strings.Join(was, "\n") {
		return slices.Clone(was)
	}
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
