package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/network"
	"brink/network/model"
)

// Narrative is a short account, in the estimative language of ICD 203
// (Intelligence Community Directive 203, Analytic Standards, 2015), of
// what the model judges about one target and why. Its parts are separate
// sentences so that a brief can set them apart; Text joins them.
type Narrative struct {
	// Judgement is the key judgement: the target's most likely state in
	// an estimative word with its number, and its change from the model
	// without findings.
	Judgement string
	// Key is the judgement's first sentence alone, the likelihood led by
	// any action it depends on, without the change: the one line a
	// summary of several scenarios gives each.
	Key string
	// Drivers says which findings moved it most and through which nodes
	// (empty without findings).
	Drivers string
	// Change says what would change the judgement: the model's number it
	// rests on most narrowly, and the indicator that would move it most
	// the other way.
	Change string
	// Confidence is the confidence statement, kept apart from the
	// likelihood as ICD 203 asks: how firmly the numbers under the
	// judgement are held and how narrowly it holds.
	Confidence string
	// State is the target's most likely state, and Probability and
	// Baseline its probability with the findings and without them.
	State                 int
	Probability, Baseline float64
}

// Paragraphs returns the narrative's parts that say something, in order:
// the judgement, what moved it, what would change it, the confidence.
func (n *Narrative) Paragraphs() []string {
	var parts []string
	for _, s := range []string{n.Judgement, n.Drivers, n.Change, n.Confidence} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return parts
}

// Text returns the narrative as one paragraph.
func (n *Narrative) Text() string { return strings.Join(n.Paragraphs(), " ") }

// NarrateOptions configures Narrate.
type NarrateOptions struct {
	// Skip names variables whose tables are not numbers to doubt (the
	// model's decisions, whose tables are policies).
	Skip func(v int) bool
	// Observable lists the variables an analyst could watch, for "what
	// would change it"; nil means Observable(md, ev, target).
	Observable []int
	// Drivers is the largest number of findings named; 0 means 3.
	Drivers int
	// Baseline, when not nil, is the target's distribution without the
	// findings, as the caller shows it (for a model with decisions, under
	// the policies best without findings); nil means the engine's
	// posterior with the findings retracted and the actions kept.
	Baseline []float64
	// BaselineName says what Baseline is, after "from 21% ": nil Baseline
	// or "" means "without the findings".
	BaselineName string
}

// Narrate writes the Narrative for target given ev, by the model's
// labels. It draws on the analyses of this package, each cited where it
// is defined:
//
//   - the judgement: the most likely state s of the target, its ICD 203
//     term (Term) and probability, against the target's distribution
//     with every finding retracted and the actions kept;
//   - the drivers: the findings' Shapley values for s (Shapley), the
//     largest first, each with the nodes on the shortest path from the
//     finding to the target in the network's skeleton, the way its
//     influence travels (ties broken towards the stronger edges of
//     Influences);
//   - what would change it: the CPT entry on which "s is the most likely
//     state" rests most narrowly (Fragility with MostLikely), and the
//     observable state that would lower P(s) most (Indicators);
//   - the confidence: the confidences the model states for the tables the
//     target depends on (model.Node.Confidence, an equivalent sample
//     size: below 10 low, below 50 moderate, above that high), one level
//     lower when a single entry moved by less than a factor of two in its
//     odds would change the judgement (Chan & Darwiche's distance below
//     ln 2), and "not stated" when no table has a confidence.
//
// The engine is left on ev. Impossible evidence gives the engine's error.
func Narrate(eng FamilyEngine, md *model.Model, ev *network.Evidence, target int, opts NarrateOptions) (*Narrative, error) {
	n, ev, err := setup(eng, ev, target, anyState)
	if err != nil {
		return nil, err
	}
	if md == nil || md.Net.NumVariables() != n.NumVariables() {
		return nil, errors.New("analysis: the model does not match the engine's network")
	}
	if opts.Drivers <= 0 {
		opts.Drivers = 3
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	post := slices.Clone(eng.Posterior(target))
	state := 0
	for s, p := range post {
		if p > post[state] {
			state = s
		}
	}
	base := ev.Clone()
	for _, f := range ev.Findings() {
		base.Retract(f.Variable)
	}
	if err := eng.Propagate(base); err != nil {
		return nil, err
	}
	prior := eng.Posterior(target)[state]
	if len(opts.Baseline) == len(post) {
		prior = opts.Baseline[state]
	}
	nr := &Narrative{State: state, Probability: post[state], Baseline: prior}
	name := opts.BaselineName
	if name == "" || opts.Baseline == nil {
		name = "without the findings"
	}
	nr.Key, nr.Judgement = judgementText(md, target, state, post[state], prior, ev, name)

	if ev.Len() > 0 {
		sh, err := Shapley(eng, ev, target, state, ShapleyOptions{})
		if err != nil {
			return nil, err
		}
		// How far each node's beliefs move when a finding is retracted
		// shows the way its influence travels.
		full := make([][]float64, n.NumVariables())
		if err := eng.Propagate(ev); err != nil {
			return nil, err
		}
		for v := range full {
			full[v] = slices.Clone(eng.Posterior(v))
		}
		moved := func(f network.Finding) []float64 {
			out := make([]float64, n.NumVariables())
			rest := ev.Clone()
			rest.Retract(f.Variable)
			if eng.Propagate(rest) != nil {
				return out
			}
			for v := range out {
				for s, p := range eng.Posterior(v) {
					out[v] += math.Abs(p-full[v][s]) / 2
				}
			}
			return out
		}
		nr.Drivers = driversText(md, n, target, sh, opts.Drivers, moved)
		if sum := sh.Posterior - sh.Baseline; math.Abs(sum-(post[state]-prior)) >= 0.005 {
			nr.Drivers += fmt.Sprintf(" The shares add up to %s rather than %s: they share out the change the findings make with the actions and every decision's choice held as they are now, which the baseline does not hold.",
				signedPoints(sum), signedPoints(post[state]-prior))
		}
	}

	frag, err := Fragility(eng, ev, Conclusion{Target: target, State: MostLikely}, opts.Skip)
	if err != nil {
		return nil, err
	}
	watch := opts.Observable
	if watch == nil {
		watch = Observable(md, ev, target)
	}
	var inds []Indicator
	if post[state] < 1-Tolerance && len(watch) > 0 {
		if inds, err = Indicators(eng, ev, target, state, watch); err != nil && !errors.Is(err, ErrCertainTarget) {
			return nil, err
		}
	}
	nr.Change = changeText(md, target, state, frag, inds)
	nr.Confidence = confidenceText(md, frag)
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	return nr, nil
}

// judgementText is the key judgement's sentence.
func judgementText(md *model.Model, target, state int, p, prior float64, ev *network.Evidence, baseName string) (key, full string) {
	var b strings.Builder
	by := ""
	if md.Nodes[target].Role == model.RoleOutcome && md.Horizon != "" {
		by = " by " + model.DateText(md.Horizon)
	}
	what, st := md.Label(target), md.StateLabel(target, state)
	switch term := Term(p); term {
	case Likely, VeryLikely:
		fmt.Fprintf(&b, "We judge it %s (%s) that %s will be %s%s", term, Percent(p), what, st, by)
	case AlmostCertainly:
		fmt.Fprintf(&b, "We judge that %s will almost certainly be %s%s (%s)", what, st, by, Percent(p))
	case RoughlyEvenChance:
		fmt.Fprintf(&b, "We judge there is a roughly even chance (%s) that %s will be %s%s, its likeliest state", Percent(p), what, st, by)
	default:
		// The likeliest state is itself unlikely: say both, so that the
		// reader does not take "most likely" for "likely".
		fmt.Fprintf(&b, "We judge that the likeliest %s%s is %s, at %s, though it is itself %s", what, by, st, Percent(p), term)
	}
	b.WriteString(".")
	if acts := ev.Interventions(); len(acts) > 0 {
		// An action is a condition of the judgement: it leads.
		var as []string
		for _, it := range acts {
			as = append(as, md.Label(it.Variable)+" is set to "+md.StateLabel(it.Variable, it.State))
		}
		main := b.String()
		b.Reset()
		fmt.Fprintf(&b, "If %s, w%s", strings.Join(as, " and "), strings.TrimPrefix(main, "W"))
	}
	key = b.String()
	switch d := p - prior; {
	case ev.Len() == 0 && baseName == "without the findings":
		b.WriteString(" No findings are set.")
	case math.Abs(d) < 0.005:
		fmt.Fprintf(&b, " That is about as %s (%s).", baseName, Percent(prior))
	default:
		word := "higher"
		if d < 0 {
			word = "lower"
		}
		fmt.Fprintf(&b, " That is %s %s than the %s %s.", pointsText(math.Abs(d), true), word, Percent(prior), baseName)
	}
	return key, b.String()
}

// driversText names the findings with the largest Shapley values and
// the path each takes to the target.
func driversText(md *model.Model, n *network.Network, target int, sh *ShapleyResult, k int, moved func(f network.Finding) []float64) string {
	vals := slices.Clone(sh.Values)
	slices.SortStableFunc(vals, func(a, b ShapleyValue) int { return cmp.Compare(math.Abs(b.Value), math.Abs(a.Value)) })
	var parts []string
	for _, v := range vals {
		if len(parts) == k || math.Abs(v.Value) < 0.005 {
			break
		}
		dir := "raised"
		if v.Value < 0 {
			dir = "lowered"
		}
		part := fmt.Sprintf("%s %s it by %s", md.FindingText(v.Finding), dir, pointsText(math.Abs(v.Value), false))
		if via := pathLabels(md, n, v.Finding.Variable, target, moved(v.Finding)); len(via) > 0 {
			part += ", through " + joinAnd(via)
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "No finding moved it by as much as half a point."
	}
	what := "What moved it most"
	if len(parts) == 1 {
		what = "What moved it"
	}
	return what + " (each finding's fair share, its Shapley value): " + strings.Join(parts, "; ") + "."
}

// pathLabels returns the labels of the nodes strictly between from and
// to on a shortest path in the skeleton of n, preferring at each step the
// node whose beliefs the finding moves most (moved, the total variation
// between its distributions with and without the finding): the way the
// finding's influence travels; nil when they are adjacent or not
// connected.
func pathLabels(md *model.Model, n *network.Network, from, to int, moved []float64) []string {
	prev := make([]int, n.NumVariables())
	for i := range prev {
		prev[i] = -2
	}
	prev[from] = -1
	queue := []int{from}
	for len(queue) > 0 && prev[to] == -2 {
		v := queue[0]
		queue = queue[1:]
		nb := append(slices.Clone(n.Parents(v)), n.Children(v)...)
		slices.SortStableFunc(nb, func(a, b int) int { return cmp.Compare(moved[b], moved[a]) })
		for _, w := range nb {
			if prev[w] == -2 {
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	if prev[to] == -2 {
		return nil
	}
	var via []string
	for v := prev[to]; v != from && v >= 0; v = prev[v] {
		via = append(via, md.Label(v))
	}
	slices.Reverse(via)
	return via
}

// changeText says what would change the judgement.
func changeText(md *model.Model, target, state int, frag *FragilityReport, inds []Indicator) string {
	var parts []string
	var m *Margin
	for i := range frag.Margins {
		if !frag.Margins[i].CannotChange() {
			m = &frag.Margins[i]
			break
		}
	}
	if m == nil {
		parts = append(parts, "No single number of the model, moved alone, would change which state is most likely.")
	} else {
		ch, dir := m.Up, "rose above"
		if !ch.Possible || (m.Down.Possible && math.Abs(m.Down.Value-m.Value) < math.Abs(m.Up.Value-m.Value)) {
			ch, dir = m.Down, "fell below"
		}
		rival := "another state"
		if ch.Rival >= 0 {
			rival = md.StateLabel(target, ch.Rival)
		}
		parts = append(parts, fmt.Sprintf("It rests most narrowly on %s, now %s: if it %s %s, %s would become the most likely.",
			entryText(md, m.Entry), number(m.Value), dir, number(ch.Value), rival))
	}
	var best *IndicatorState
	var bestNode int
	for i := range inds {
		for j := range inds[i].States {
			s := &inds[i].States[j]
			if s.Possible && s.Delta < 0 && (best == nil || s.Delta < best.Delta) {
				best, bestNode = s, inds[i].Node
			}
		}
	}
	if best != nil && best.Delta <= -0.005 {
		lr := ""
		if best.LikelihoodRatio > 0 && !math.IsInf(best.LikelihoodRatio, 0) {
			lr = fmt.Sprintf("; %s as likely if %s is not %s", Factor(1/best.LikelihoodRatio), md.Label(target), md.StateLabel(target, state))
		}
		parts = append(parts, fmt.Sprintf("The indicator to watch is %s = %s (%s likely now%s): seeing it would take %s to %s.",
			md.Label(bestNode), md.StateLabel(bestNode, best.State), Percent(best.Probability), lr,
			md.StateLabel(target, state), Percent(best.Posterior)))
	}
	return strings.Join(parts, " ")
}

// pointsText writes a change of probability in percentage points, the
// unit named in full the first time (long).
func pointsText(d float64, long bool) string {
	unit := "points"
	if long {
		unit = "percentage points"
	}
	if d >= 0.095 {
		return fmt.Sprintf("%.0f %s", 100*d, unit)
	}
	return fmt.Sprintf("%.1f %s", 100*d, unit)
}

// signedPoints writes a change in points with its sign: "−15.7 points".
func signedPoints(d float64) string {
	sign := "+"
	if d < 0 {
		sign = "−"
	}
	return sign + pointsText(math.Abs(d), false)
}

// entryText names a CPT entry by labels: "P(Outcome = Fragile balance |
// US intention = Pressure, …)".
func entryText(md *model.Model, e Entry) string {
	n := md.Net
	head := md.Label(e.Node) + " = " + md.StateLabel(e.Node, e.State)
	ps := n.Parents(e.Node)
	if len(ps) == 0 {
		return "P(" + head + ")"
	}
	states := n.ParentStates(e.Node, e.Row, nil)
	var given []string
	for j, p := range ps {
		given = append(given, md.Label(p)+" = "+md.StateLabel(p, states[j]))
	}
	return "P(" + head + " | " + strings.Join(given, ", ") + ")"
}

// number writes a probability parameter as the file does, to two
// significant places.
func number(x float64) string { return fmt.Sprintf("%.2g", x) }

// confidenceText is the confidence statement.
func confidenceText(md *model.Model, frag *FragilityReport) string {
	var confs []float64
	for _, v := range frag.Families {
		if c := md.Nodes[v].Confidence; c > 0 {
			confs = append(confs, c)
		}
	}
	if len(confs) == 0 {
		return "The model states no confidence in its numbers, so this judgement carries none of its own: treat it as the model's, not as a measured one."
	}
	slices.Sort(confs)
	med := confs[len(confs)/2]
	level := 2
	switch {
	case med < 10:
		level = 0
	case med < 50:
		level = 1
	}
	narrow := false
	for i := range frag.Margins {
		m := &frag.Margins[i]
		for _, c := range []Change{m.Down, m.Up} {
			if c.Possible && c.LogOdds < math.Ln2 {
				narrow = true
			}
		}
	}
	if narrow && level > 0 {
		level--
	}
	words := []string{"low", "moderate", "high"}[level]
	why := fmt.Sprintf("the numbers it rests on are judgements worth about %s observations each", trimFloat(med))
	if narrow {
		why += ", and a single one of them, moved by less than a factor of two in its odds, would change it"
	}
	return fmt.Sprintf("We have %s confidence in this judgement: %s.", words, why)
}

func trimFloat(x float64) string { return strings.TrimSuffix(fmt.Sprintf("%.3g", x), ".0") }

// joinAnd joins words as "a, b and c".
func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
