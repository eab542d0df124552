package gui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/network/model"
)

// inWords shows the model's judgement on the target in the estimative
// language of ICD 203 (analysis.Narrate): the key judgement with its
// number and its change from the outcome panel's baseline, the findings
// that moved it most, what would change it, and the confidence statement
// apart. Copy puts the paragraph on the clipboard, for a brief.
func (p *analysisPanel) inWords() {
	p.last = p.inWords
	v, _ := p.target()
	nr, err := p.win.ws.Narrate(v)
	if err != nil {
		p.win.showError(err)
		return
	}
	m := p.win.ws.Model()
	text := nr.Text()
	copyBtn := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		p.win.app.Clipboard().SetContent(text)
		p.win.status.SetText("Copied the judgement on " + m.Label(v) + " to the clipboard.")
	})
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, nil, copyBtn, p.heading("In words: "+m.Label(v))),
		caption("The judgement in the estimative words of ICD 203 (almost no chance … almost certain), " +
			"the findings that moved it most, what would change it, and how far to trust it. " +
			"The state judged is the most likely one, whichever state is chosen above."),
		bold(nr.Judgement),
	}
	for _, part := range []string{nr.Drivers, nr.Change} {
		if part != "" {
			objs = append(objs, wrapped(part))
		}
	}
	objs = append(objs, italic(nr.Confidence))
	if slices.ContainsFunc(m.Nodes, func(n model.Node) bool { return n.Role == model.RoleDecision }) {
		objs = append(objs, caption("Each decision takes its best option for the present findings (the Decisions tab)."))
	}
	p.show(objs...)
}

// bold is a wrapped label in bold.
func bold(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// italic is a wrapped label in italics, at the normal size.
func italic(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}
