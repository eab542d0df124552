package gui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"brink/network/analysis"
	"brink/network/edit"
	"brink/network/model"
)

// canonicalDialog gives node v's table by a canonical model's parameters
// (noisy-OR, noisy-MAX, ranked): fewer numbers to elicit. The fields start
// from the node's current table where it says something — the leak from
// the row with every parent absent, each cause from the row with only that
// parent present — and Apply is one undoable edit.
func (win *Window) canonicalDialog(v int) {
	m := win.ws.Model()
	n := m.Net
	ps := n.Parents(v)
	if len(ps) == 0 {
		dialog.ShowInformation("Canonical model", m.Label(v)+" has no parents: its table is one row, with nothing to save.", win.w)
		return
	}
	binary := n.Card(v) == 2
	for _, p := range ps {
		binary = binary && n.Card(p) == 2
	}
	kinds := []string{"Noisy-MAX", "Ranked node"}
	if binary {
		kinds = append([]string{"Noisy-OR"}, kinds...)
	}
	body := container.NewVBox()
	kind := widget.NewSelect(kinds, nil)
	var apply func() (model.Canonical, error)
	fill := func(k string) {
		body.RemoveAll()
		switch k {
		case "Noisy-OR":
			apply = win.noisyORForm(body, v)
		case "Noisy-MAX":
			apply = win.noisyMAXForm(body, v)
		default:
			apply = win.rankedForm(body, v)
		}
		body.Refresh()
	}
	kind.OnChanged = fill
	content := container.NewBorder(container.NewVBox(
		wrapped("A canonical model gives the table from a few numbers. Probabilities may be typed as 0.3, 30% or an ICD 203 word (“likely”)."),
		kind), nil, nil, nil, container.NewVScroll(body))
	d := dialog.NewCustomConfirm("Canonical model for “"+m.Label(v)+"”", "Apply", "Cancel", content, func(ok bool) {
		if !ok || apply == nil {
			return
		}
		c, err := apply()
		if err != nil {
			win.showError(err)
			return
		}
		win.afterEdit(win.ws.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetCanonical(d, v, c) }))
	}, win.w)
	kind.SetSelectedIndex(0)
	size := win.w.Canvas().Size()
	d.Resize(fyne.NewSize(min(760, size.Width*0.9), min(640, size.Height*0.9)))
	d.Show()
}

// row returns node v's row for the configuration where every parent is
// in its last state except parent j, in state s (j < 0: none).
func rowWhere(m *model.Model, v, j, s int) []float64 {
	n := m.Net
	ps := n.Parents(v)
	cfg := 0
	for i, p := range ps {
		st := n.Card(p) - 1
		if i == j {
			st = s
		}
		cfg = cfg*n.Card(p) + st
	}
	k := n.Card(v)
	return n.CPT(v)[cfg*k : (cfg+1)*k]
}

// probEntry is an entry holding a probability as a percentage.
func probEntry(p float64) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(cellPercent(p))
	return e
}

func readProb(e *widget.Entry, what string) (float64, error) {
	p, _, err := analysis.ParseProbability(e.Text)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return p, nil
}

func (win *Window) noisyORForm(body *fyne.Container, v int) func() (model.Canonical, error) {
	m := win.ws.Model()
	n := m.Net
	ps := n.Parents(v)
	leak := probEntry(rowWhere(m, v, -1, 0)[0])
	form := widget.NewForm()
	links := make([]*widget.Entry, len(ps))
	for j, p := range ps {
		// P(absent | only p present) = (1 − leak)(1 − link)
		r := rowWhere(m, v, j, 0)
		l := 0.0
		if la := 1 - rowWhere(m, v, -1, 0)[0]; la > 0 {
			l = min(1, max(0, 1-r[1]/la))
		}
		links[j] = probEntry(l)
		form.Append(fmt.Sprintf("%s = %s causes %s = %s", m.Label(p), m.StateLabel(p, 0), m.Label(v), m.StateLabel(v, 0)), links[j])
	}
	form.Append("Leak (other causes)", leak)
	body.Add(wrapped(fmt.Sprintf("Each parent in its first state causes %s = %s on its own with the probability given; their last states are absent.", m.Label(v), m.StateLabel(v, 0))))
	body.Add(form)
	return func() (model.Canonical, error) {
		c := model.Canonical{Kind: model.NoisyOR, Absent: 1, ParentAbsent: make([]int, len(ps)), Causes: make([][][]float64, len(ps))}
		for j, p := range ps {
			l, err := readProb(links[j], m.Label(p))
			if err != nil {
				return c, err
			}
			c.ParentAbsent[j] = 1
			c.Causes[j] = [][]float64{{l, 1 - l}, nil}
		}
		p0, err := readProb(leak, "leak")
		if err != nil {
			return c, err
		}
		c.Leak = []float64{p0, 1 - p0}
		return c, nil
	}
}

func (win *Window) noisyMAXForm(body *fyne.Container, v int) func() (model.Canonical, error) {
	m := win.ws.Model()
	n := m.Net
	ps := n.Parents(v)
	k := n.Card(v)
	var states []string
	for s := range k {
		states = append(states, m.StateLabel(v, s))
	}
	body.Add(wrapped(fmt.Sprintf("%s's states run from the most severe (%s) to absent (%s); each parent's last state is its absent one. For each other parent state, give the distribution it causes on its own; the node takes the most severe of what the causes and the leak give.",
		m.Label(v), states[0], states[k-1])))
	grid := func(row []float64) ([]*widget.Entry, fyne.CanvasObject) {
		es := make([]*widget.Entry, k)
		box := container.NewGridWithColumns(k)
		for s := range k {
			es[s] = probEntry(row[s])
			box.Add(container.NewBorder(nil, nil, widget.NewLabel(states[s]), nil, es[s]))
		}
		return es, box
	}
	type cause struct {
		j, s    int
		entries []*widget.Entry
	}
	var causes []cause
	for j, p := range ps {
		for s := 0; s < n.Card(p)-1; s++ {
			es, box := grid(rowWhere(m, v, j, s))
			causes = append(causes, cause{j, s, es})
			body.Add(widget.NewLabelWithStyle(m.Label(p)+" = "+m.StateLabel(p, s), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			body.Add(box)
		}
	}
	leak, box := grid(rowWhere(m, v, -1, 0))
	body.Add(widget.NewLabelWithStyle("Leak (other causes)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	body.Add(box)
	read := func(es []*widget.Entry, what string) ([]float64, error) {
		out := make([]float64, len(es))
		for s, e := range es {
			p, err := readProb(e, what+", "+states[s])
			if err != nil {
				return nil, err
			}
			out[s] = p
		}
		return out, nil
	}
	return func() (model.Canonical, error) {
		c := model.Canonical{Kind: model.NoisyMAX, Absent: k - 1, ParentAbsent: make([]int, len(ps)), Causes: make([][][]float64, len(ps))}
		for j, p := range ps {
			c.ParentAbsent[j] = n.Card(p) - 1
			c.Causes[j] = make([][]float64, n.Card(p))
		}
		for _, cs := range causes {
			d, err := read(cs.entries, m.Label(ps[cs.j])+" = "+m.StateLabel(ps[cs.j], cs.s))
			if err != nil {
				return c, err
			}
			c.Causes[cs.j][cs.s] = d
		}
		d, err := read(leak, "leak")
		if err != nil {
			return c, err
		}
		c.Leak = d
		return c, nil
	}
}

func (win *Window) rankedForm(body *fyne.Container, v int) func() (model.Canonical, error) {
	m := win.ws.Model()
	ps := m.Net.Parents(v)
	fns := []string{"Weighted mean", "Weighted minimum", "Weighted maximum", "Mix of minimum and maximum"}
	codes := []string{"wmean", "wmin", "wmax", "mixminmax"}
	fn := widget.NewSelect(fns, nil)
	fn.SetSelectedIndex(0)
	weights := make([]*widget.Entry, len(ps))
	form := widget.NewForm(widget.NewFormItem("Function", fn))
	for j, p := range ps {
		weights[j] = widget.NewEntry()
		weights[j].SetText("1")
		form.Append("Weight of "+m.Label(p), weights[j])
	}
	minW, maxW := widget.NewEntry(), widget.NewEntry()
	minW.SetText("1")
	maxW.SetText("1")
	form.Append("Weight of the minimum (mix)", minW)
	form.Append("Weight of the maximum (mix)", maxW)
	variance := widget.NewEntry()
	variance.SetText("0.05")
	form.Append("Variance", variance)
	body.Add(wrapped(fmt.Sprintf("%s's states are ranks from the lowest (%s) to the highest, on a 0–1 scale; so are its parents'. Given its parents, it is spread around the function of their ranks; the variance sets how widely (0.01: tightly, 0.1: loosely).",
		m.Label(v), m.StateLabel(v, 0))))
	body.Add(form)
	num := func(e *widget.Entry, what string) (float64, error) {
		x, err := strconv.ParseFloat(strings.TrimSpace(e.Text), 64)
		if err != nil {
			return 0, errors.New(what + ": " + strconv.Quote(e.Text) + " is not a number")
		}
		return x, nil
	}
	return func() (model.Canonical, error) {
		c := model.Canonical{Kind: model.Ranked, Function: codes[max(0, fn.SelectedIndex())]}
		var err error
		if c.Function == "mixminmax" {
			if c.MinWeight, err = num(minW, "weight of the minimum"); err != nil {
				return c, err
			}
			if c.MaxWeight, err = num(maxW, "weight of the maximum"); err != nil {
				return c, err
			}
		} else {
			c.Weights = make([]float64, len(ps))
			for j, p := range ps {
				if c.Weights[j], err = num(weights[j], "weight of "+m.Label(p)); err != nil {
					return c, err
				}
			}
		}
		if c.Variance, err = num(variance, "variance"); err != nil {
			return c, err
		}
		return c, nil
	}
}
