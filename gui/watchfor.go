package gui

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/network/analysis"
	"brink/network/model"
)

// watchTop is how many indicators Watch for lists unless Show all is
// ticked.
const watchTop = 5

// watchFor answers "what should we watch for?": the observable nodes
// whose states tell the target state from its absence, with how many
// times likelier each state is if it holds (Heuer's diagnosticity) and
// where seeing it would take the target; and, on request, the fewest
// findings that would bring the target to a level (Reach), searched in
// the background. brinkctl indicators, in the window.
func (p *analysisPanel) watchFor() {
	p.last = p.watchFor
	ws := p.win.ws
	v, s := p.target()
	m := ws.Model()
	t := targetText(m, v, s)
	if p.searchFor != [2]int{v, s} && p.search == nil {
		p.searchBox.RemoveAll() // a result for another target
	}
	watch := p.watching(v)
	cur := ws.Posterior(v)[s]
	objs := []fyne.CanvasObject{
		p.heading(fmt.Sprintf("Watch for: the signs of %s, now %s", t, p.win.prob(cur))),
		container.NewBorder(nil, nil, widget.NewLabel("Reach"), p.searchBtn, p.reach),
		caption("Find: the fewest findings on the watched nodes that would bring it to this level (such as 50%), up or down."),
		p.searchProgress, p.searchBox,
	}
	inds, err := ws.Indicators(v, s, watch)
	if errors.Is(err, analysis.ErrCertainTarget) {
		how := "impossible"
		if cur > 0.5 {
			how = "certain"
		}
		objs = append(objs, wrapped(fmt.Sprintf("%s is %s given the evidence: no observation can move it.", t, how)))
		p.show(objs...)
		return
	}
	if err != nil {
		p.win.showError(err)
		return
	}
	objs = append(objs, caption(fmt.Sprintf("Watching %s. Likelier: how many times likelier the state is if %s than if not (Heuer's diagnosticity); "+
		"then where seeing it would take the target, and the chance of seeing it now. "+
		"J: how well the node tells the two apart, in bits (Jeffreys' divergence).", p.watchedText(len(inds), watch != nil), t)))
	shown, silent := 0, 0
	for _, ind := range inds {
		if ind.Divergence == 0 {
			silent++
			continue
		}
		if shown == watchTop && !p.showAll.Checked {
			continue
		}
		shown++
		div := fmt.Sprintf("J = %s bits", strconv.FormatFloat(ind.Divergence, 'f', 3, 64))
		if math.IsInf(ind.Divergence, 1) {
			div = "one of its states settles the question"
		}
		objs = append(objs, bold(fmt.Sprintf("%s (%s)", m.Label(ind.Node), div)))
		for _, st := range ind.States {
			if st.Possible {
				objs = append(objs, wrapped(fmt.Sprintf("%s: %s; %s; chance of seeing it %s",
					m.StateLabel(ind.Node, st.State), ratioWords(st.LikelihoodRatio), moveText(st.Delta, st.Posterior), analysis.Chance(st.Probability))))
			}
		}
	}
	if more := len(inds) - silent - shown; more > 0 {
		objs = append(objs, caption(fmt.Sprintf("%d more nodes tell less (Show all lists them).", more)))
	}
	if silent > 0 {
		objs = append(objs, caption(fmt.Sprintf("%d of the watched nodes tell nothing about the target given the evidence.", silent)))
	}
	p.show(objs...)
}

// watching returns the nodes Watch for reads for target v: those the
// model marks as observable, with "Observable indicators only", else
// nil for every unobserved node.
func (p *analysisPanel) watching(v int) []int {
	if p.indicators.Checked {
		return p.win.ws.Observable(v)
	}
	return nil
}

// watchedText says which nodes are watched: "the 9 unobserved evidence
// nodes" or "the 35 unobserved nodes".
func (p *analysisPanel) watchedText(n int, observable bool) string {
	kind := "unobserved"
	if observable {
		kind = "unobserved chance"
		for _, nd := range p.win.ws.Model().Nodes {
			if nd.Role == model.RoleEvidence {
				kind = "unobserved evidence"
				break
			}
		}
	}
	if n == 1 {
		return "the one " + kind + " node"
	}
	return fmt.Sprintf("the %d %s nodes", n, kind)
}

// ratioWords is analysis.RatioText with the condition a certain state
// needs: "seen only if it holds".
func ratioWords(lr float64) string {
	r := analysis.RatioText(lr)
	if lr == 0 || math.IsInf(lr, 1) {
		r += " if it holds"
	}
	return r
}

// moveText says how far observing a state would move the target: "would
// take it ▲ +4.9 pp, to 31.0%", or "would barely move it".
func moveText(d, post float64) string {
	if math.IsNaN(d) || math.Abs(d) < 0.0005 {
		return "would barely move it"
	}
	text, _ := deltaText(d)
	return "would take it " + text + ", to " + analysis.Percent(post)
}

// startSearch runs the evidence search for the level typed in Reach, in
// the background with its progress; the button reads Cancel meanwhile.
// The result is shown only if the findings and the model are still those
// it was computed for.
func (p *analysisPanel) startSearch() {
	if p.search != nil {
		p.search.Cancel() // the button reads Cancel while a search runs
		p.searchStopped()
		return
	}
	level, err := parseLevel(p.reach.Text)
	if err != nil {
		p.win.showError(err)
		return
	}
	ws := p.win.ws
	v, s := p.target()
	goal := analysis.Goal{Level: level, Below: level < ws.Posterior(v)[s]}
	var job *workspace.SearchJob
	job, err = ws.StartSearch(v, s, goal, p.watching(v), func(done, total int) {
		p.win.ui(func() {
			if p.search == job && total > 0 {
				p.searchProgress.SetValue(float64(done) / float64(total))
			}
		})
	})
	if err != nil {
		p.win.showError(err)
		return
	}
	p.search, p.searchFor = job, [2]int{v, s}
	p.searchBtn.SetText("Cancel")
	p.searchProgress.SetValue(0)
	p.searchProgress.Show()
	p.searchBox.RemoveAll()
	p.searchBox.Add(caption("Searching…"))
	p.searchBox.Refresh()
	p.win.goBackground(func() {
		res, err := job.Run()
		p.win.ui(func() {
			if p.search == job {
				p.searchStopped()
			}
			if !ws.Current(job.Job) || p.searchFor != [2]int{job.Target, job.State} {
				return // computed for findings or a model no longer shown
			}
			p.searchBox.RemoveAll()
			switch {
			case res != nil:
				for _, o := range p.searchLines(job, res) {
					p.searchBox.Add(o)
				}
			case job.Context().Err() != nil:
				p.searchBox.Add(caption("Search cancelled."))
			default:
				p.win.showError(err)
			}
			p.searchBox.Refresh()
		})
	})
}

// searchStopped returns the search's controls to their idle state.
func (p *analysisPanel) searchStopped() {
	p.search = nil
	p.searchBtn.SetText("Find")
	p.searchProgress.Hide()
}

// abandonSearch stops waiting for the running search, which the
// workspace cancelled because the model or the findings changed, and
// drops the last result, which was for other findings.
func (p *analysisPanel) abandonSearch() {
	if p.search != nil {
		p.search.Cancel()
		p.searchStopped()
	}
	p.searchBox.RemoveAll()
	p.searchFor = [2]int{-1, -1}
}

// parseLevel reads Reach's level: 0.3 or 30%.
func parseLevel(text string) (float64, error) {
	q, word, err := analysis.ParseProbability(text)
	switch {
	case err == nil && word != "":
		err = errors.New("type the level as a number or a percentage, such as 50%")
	case err == nil && (q < 0 || q > 1):
		err = errors.New("the level must lie between 0% and 100%")
	}
	if err != nil {
		return 0, fmt.Errorf("reach %q: %w", text, err)
	}
	return q, nil
}

// searchLines are the search's result in words: the findings in the
// order taken with where each brings the target, and how likely it is to
// see them all.
func (p *analysisPanel) searchLines(job *workspace.SearchJob, res *analysis.SearchResult) []fyne.CanvasObject {
	m := p.win.ws.Model()
	t := targetText(m, job.Target, job.State)
	rel := "or more"
	if res.Goal.Below {
		rel = "or less"
	}
	level := strconv.FormatFloat(100*res.Goal.Level, 'f', -1, 64) + "%"
	objs := []fyne.CanvasObject{bold(fmt.Sprintf("To bring P(%s) from %s to %s %s:", t, analysis.Percent(res.Baseline), level, rel))}
	switch {
	case res.Reached && len(res.Steps) == 0:
		return append(objs, wrapped("Nothing more is needed: the evidence already does."))
	case res.Unreachable:
		return append(objs, wrapped(fmt.Sprintf("It cannot be done: no combination of findings on the watched nodes brings it past %s.", analysis.Percent(res.Extreme))))
	case !res.Reached:
		objs = append(objs, wrapped("No set of findings found; the nearest the search came:"))
	}
	for i, st := range res.Steps {
		objs = append(objs, wrapped(fmt.Sprintf("%d. %s → %s", i+1, targetText(m, st.Node, st.State), analysis.Percent(st.Posterior))))
	}
	switch {
	case len(res.Steps) == 1:
		objs = append(objs, wrapped("The chance of seeing it, given the evidence: "+analysis.Chance(res.Probability)+"."))
	case len(res.Steps) > 1:
		objs = append(objs, wrapped(fmt.Sprintf("Together they give %s; the chance of seeing them all, given the evidence: %s.",
			analysis.Percent(res.Posterior), analysis.Chance(res.Probability))))
	}
	how := fmt.Sprintf("Beam search: findings added one at a time by how far each moves the target, keeping the %d best sets of each size", analysis.DefaultBeam)
	if res.Reached {
		how += "; then any finding no longer needed dropped. Each one listed is needed, but a smaller set is not ruled out."
	} else {
		how += ". It does not try every combination, so it has not shown that none would do."
	}
	return append(objs, caption(how))
}
