package gui

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// likelihoodForm is the content of the soft-evidence dialog for one node:
// a typed weight per state with a slider showing it relative to the
// largest, and a second way in, "the report says X; the source is right
// N% of the time", which fills in the matching weights.
type likelihoodForm struct {
	win *Window
	v   int

	entries []*widget.Entry  // the weights as typed
	sliders []*widget.Slider // each weight as a percentage of ref
	shares  []*widget.Label  // each weight as a percentage of the largest
	// ref is the weight a slider at 100% stands for: the largest weight
	// when the sliders were last normalised. While a slider is dragged it
	// stays put, so that the other sliders keep still; when the drag ends
	// the sliders are normalised again.
	ref float64
	// syncing is set while the form writes to its own widgets, whose
	// change callbacks must then do nothing.
	syncing bool
	// exact holds the weights the reliability path computed, by the text
	// it wrote into each entry, so that rounding for display does not
	// change them.
	exact map[string]float64

	report *widget.Select // the state the report names
	right  *widget.Entry  // how often the source is right, in percent
	use    *widget.Button

	message *widget.Label // what the weights mean, or what is wrong with them
	apply   *widget.Button
	content fyne.CanvasObject
	// done closes the dialog; nil outside one.
	done func()
}

// likelihoodDialog asks for soft evidence on v: one weight per state,
// typed or by slider, or from how often the reporting source is right.
func (win *Window) likelihoodDialog(v int) {
	f := newLikelihoodForm(win, v)
	cancel := widget.NewButton("Cancel", nil)
	d := dialog.NewCustomWithoutButtons("Likelihood evidence on "+win.ws.Model().Label(v), f.content, win.w)
	d.SetButtons([]fyne.CanvasObject{cancel, f.apply})
	cancel.OnTapped = d.Hide
	f.done = d.Hide
	d.Resize(fyne.NewSize(640, float32(420+48*len(f.entries))))
	d.Show()
}

func newLikelihoodForm(win *Window, v int) *likelihoodForm {
	m := win.ws.Model()
	k := m.Net.Card(v)
	f := &likelihoodForm{win: win, v: v, exact: map[string]float64{}}
	f.message = wrapped("")
	f.apply = widget.NewButton("Apply", f.submit)
	f.apply.Importance = widget.HighImportance

	weights := make([]float64, k)
	for s := range weights {
		weights[s] = 1
	}
	if fd, observed := win.ws.Finding(v); observed {
		copy(weights, fd.Weights)
	}
	rows := container.NewVBox()
	states := make([]string, k)
	for s := range k {
		s := s
		states[s] = m.StateLabel(v, s)
		e := widget.NewEntry()
		e.SetText(formatWeight(weights[s]))
		e.OnChanged = func(string) { f.typed() }
		sl := widget.NewSlider(0, 100)
		sl.Step = 0.1
		sl.OnChanged = func(x float64) { f.slid(s, x) }
		sl.OnChangeEnded = func(float64) { f.slideEnded() }
		share := widget.NewLabel("")
		f.entries = append(f.entries, e)
		f.sliders = append(f.sliders, sl)
		f.shares = append(f.shares, share)
		right := container.NewHBox(container.NewGridWrap(fyne.NewSize(64, 36), share), container.NewGridWrap(fyne.NewSize(96, 36), e))
		rows.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(140, 36), widget.NewLabel(states[s])), right, sl))
	}

	f.report = widget.NewSelect(states, nil)
	f.report.SetSelectedIndex(largest(weights))
	f.right = widget.NewEntry()
	f.right.SetText("80")
	f.use = widget.NewButton("Use these weights", f.fromReliability)

	explain := wrapped(fmt.Sprintf("A weight says how much more likely this report is if the state is true. "+
		"Only the ratios count: weights 1 and 4 say the report is four times as likely if the second state is true as if the first is. "+
		"The sliders show each weight relative to the largest (100%%); the boxes hold the weights as typed. "+
		"A weight of 0 rules a state of %s out.", m.Label(v)))
	reliability := wrapped(reliabilityText(k))
	f.content = container.NewVBox(
		explain,
		rows,
		f.message,
		widget.NewSeparator(),
		heading("Or from how reliable the source is"),
		container.NewBorder(nil, nil, widget.NewLabel("The report says"), nil, f.report),
		container.NewBorder(nil, nil, widget.NewLabel("The source is right"), container.NewHBox(widget.NewLabel("% of the time"), f.use),
			f.right),
		reliability,
	)
	f.typed()
	return f
}

// reliabilityText explains the reliability path for a node of k states.
func reliabilityText(k int) string {
	if k < 2 {
		return "A node with one state takes no evidence."
	}
	others := "the other state"
	if k > 2 {
		others = fmt.Sprintf("each of the %d other states", k-1)
	}
	return fmt.Sprintf("A source right N%% of the time gives weight N/100 to the state it reports and "+
		"(1 − N/100)/%d to %s: when it is wrong, its error is taken to fall evenly on the others. "+
		"Right 80%% of the time, on this node the report is %s times as likely if the reported state is true. "+
		"A source right less than %s of the time does worse than a guess, and its report counts against the state it names.",
		k-1, others, strconv.FormatFloat(0.8*float64(k-1)/0.2, 'g', 3, 64), strconv.FormatFloat(100/float64(k), 'g', 3, 64)+"%")
}

// reliabilityWeights returns the likelihood weights of the report "the
// node is in state x" from a source that is right with probability
// right, its errors spread evenly over the other k − 1 states:
//
//	w_x = right,  w_s = (1 − right)/(k − 1) for s ≠ x.
func reliabilityWeights(k, x int, right float64) []float64 {
	w := make([]float64, k)
	for s := range w {
		if s == x {
			w[s] = right
		} else {
			w[s] = (1 - right) / float64(k-1)
		}
	}
	return w
}

// formatWeight writes a weight for its entry.
func formatWeight(w float64) string { return strconv.FormatFloat(w, 'g', 4, 64) }

// largest returns the index of the largest weight, the first of equals.
func largest(ws []float64) int {
	best := 0
	for s, w := range ws {
		if w > ws[best] {
			best = s
		}
	}
	return best
}

// weights reads the typed weights: each a number, 0 or more, and not all
// 0.
func (f *likelihoodForm) weights() ([]float64, error) {
	m := f.win.ws.Model()
	out := make([]float64, len(f.entries))
	positive := false
	for s, e := range f.entries {
		text := strings.TrimSpace(e.Text)
		x, ok := f.exact[text]
		if !ok {
			var err error
			x, err = strconv.ParseFloat(text, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("the weight of %s, %q, is not a number", m.StateLabel(f.v, s), e.Text)
			}
		}
		if x < 0 {
			return nil, fmt.Errorf("the weight of %s is negative; weights are 0 or more", m.StateLabel(f.v, s))
		}
		positive = positive || x > 0
		out[s] = x
	}
	if !positive {
		return nil, errors.New("at least one weight must be above 0: a report cannot be impossible whatever the truth")
	}
	return out, nil
}

// typed follows an edit of a weight: the sliders are normalised to the
// largest weight.
func (f *likelihoodForm) typed() {
	if f.syncing {
		return
	}
	if ws, ok := f.check(); ok {
		f.ref = ws[largest(ws)]
		f.showSliders(ws)
	}
}

// check validates the weights, shows what they mean or what is wrong,
// enables Apply accordingly, and updates the percentage beside each
// slider.
func (f *likelihoodForm) check() ([]float64, bool) {
	ws, err := f.weights()
	if err != nil {
		f.message.SetText(capitalise(err.Error()) + ".")
		f.message.Importance = widget.DangerImportance
		f.message.Refresh()
		f.apply.Disable()
		return nil, false
	}
	top := ws[largest(ws)]
	for s, w := range ws {
		f.shares[s].SetText(percentOf(w, top))
	}
	f.message.Importance = widget.MediumImportance
	f.message.SetText(f.meaning(ws))
	f.apply.Enable()
	return ws, true
}

// percentOf writes w as a percentage of top, to at most one decimal.
func percentOf(w, top float64) string {
	return strconv.FormatFloat(math.Round(1000*w/top)/10, 'f', -1, 64) + "%"
}

// meaning says in words what valid weights claim: the ratio between the
// most and least favoured states, and which states they rule out.
func (f *likelihoodForm) meaning(ws []float64) string {
	m := f.win.ws.Model()
	hi, lo := largest(ws), 0
	var out []string
	for s, w := range ws {
		if w == 0 {
			out = append(out, m.StateLabel(f.v, s))
		} else if ws[lo] == 0 || w < ws[lo] {
			lo = s
		}
	}
	switch {
	case len(out) == len(ws)-1:
		return fmt.Sprintf("This rules out every state but %s: it is as good as observing %s.", m.StateLabel(f.v, hi), m.StateLabel(f.v, hi))
	case len(out) > 0:
		return "This rules out " + strings.Join(out, ", ") + "."
	case ws[hi] == ws[lo]:
		return "Equal weights: the report tells nothing about " + m.Label(f.v) + "."
	}
	return fmt.Sprintf("The report is %s times as likely if %s is %s as if it is %s.",
		strconv.FormatFloat(ws[hi]/ws[lo], 'g', 3, 64), m.Label(f.v), m.StateLabel(f.v, hi), m.StateLabel(f.v, lo))
}

// showSliders sets each slider to its weight as a percentage of ref.
func (f *likelihoodForm) showSliders(ws []float64) {
	f.syncing = true
	defer func() { f.syncing = false }()
	for s, w := range ws {
		f.sliders[s].SetValue(min(100*w/f.ref, 100))
	}
}

// slid follows a drag of state s's slider to x percent of ref: its weight
// becomes x/100 · ref, and the other sliders stay where they are.
func (f *likelihoodForm) slid(s int, x float64) {
	if f.syncing {
		return
	}
	f.syncing = true
	f.entries[s].SetText(formatWeight(x / 100 * f.ref))
	f.syncing = false
	f.check()
}

// slideEnded normalises the sliders again when a drag ends, so that the
// largest weight shows at 100%.
func (f *likelihoodForm) slideEnded() {
	if f.syncing {
		return
	}
	f.typed()
}

// fromReliability fills in the weights of "the report says X; the source
// is right N% of the time" (see reliabilityWeights).
func (f *likelihoodForm) fromReliability() {
	k := len(f.entries)
	text := strings.TrimSuffix(strings.TrimSpace(f.right.Text), "%")
	n, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	switch {
	case k < 2:
		return
	case err != nil || !(n >= 0 && n <= 100):
		f.message.SetText(fmt.Sprintf("How often the source is right must be a percentage from 0 to 100, not %q.", f.right.Text))
		f.message.Importance = widget.DangerImportance
		f.message.Refresh()
		return
	}
	x := max(f.report.SelectedIndex(), 0)
	ws := reliabilityWeights(k, x, n/100)
	clear(f.exact)
	f.syncing = true
	for s, w := range ws {
		t := formatWeight(w)
		f.exact[t] = w
		f.entries[s].SetText(t)
	}
	f.syncing = false
	f.typed()
}

// submit applies the weights as the node's likelihood finding and closes
// the dialog.
func (f *likelihoodForm) submit() {
	ws, ok := f.check()
	if !ok {
		return
	}
	if f.done != nil {
		f.done()
	}
	f.win.do(func() error { return f.win.ws.SetLikelihood(f.v, ws) })
}
