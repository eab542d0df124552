package analysis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"brink/network"
)

// Goal is the level an evidence search should bring the target state's
// probability to.
type Goal struct {
	Level float64 // in [0, 1]
	// Below asks for P(t | e, F) ≤ Level; otherwise P(t | e, F) ≥ Level.
	Below bool
}

// Met reports whether the probability p reaches the goal. A p short of
// the level by less than Tolerance, which is rounding noise, reaches it.
func (g Goal) Met(p float64) bool {
	if g.Below {
		return p <= g.Level+Tolerance
	}
	return p >= g.Level-Tolerance
}

// better reports whether p is nearer the goal's side than r: higher when
// the search is for ≥ Level, lower when for ≤ Level.
func (g Goal) better(p, r float64) bool {
	if g.Below {
		return p < r
	}
	return p > r
}

// DefaultBeam is the number of sets of findings SearchEvidence carries
// from one size to the next unless SearchOptions.Beam says otherwise.
const DefaultBeam = 4

// ExhaustiveLimit is the largest number of joint states of the observable
// variables that SearchEvidence tries one by one, when its beam search
// fails, to settle whether the goal can be reached at all.
const ExhaustiveLimit = 1024

// SearchOptions tunes SearchEvidence.
type SearchOptions struct {
	// Observable lists the variables whose states the search may take as
	// findings, as for Indicators; nil means every unobserved variable
	// other than the target.
	Observable []int
	// Beam is how many of the best sets of each size are extended to the
	// next size; 0 means DefaultBeam, 1 plain greedy forward selection.
	Beam int
	// Progress, if not nil, is called on the caller's goroutine after
	// each size of set has been searched, with the size done and the
	// largest there can be (the number of observable variables), and once
	// more with done = total at the end of a search that was not
	// cancelled.
	Progress func(done, total int)
}

// SearchStep is one finding of a set found by SearchEvidence.
type SearchStep struct {
	Node, State int
	// Posterior is P(t | e, this finding and those before it), in the
	// order of SearchResult.Steps.
	Posterior float64
}

// SearchResult is what SearchEvidence found.
type SearchResult struct {
	Goal     Goal
	Baseline float64 // P(t | e)
	// Reached tells whether the findings of Steps bring the target to
	// the goal. With no Steps, the evidence already does.
	Reached bool
	// Steps are the findings found: when Reached, a set that reaches the
	// goal, every one of them needed (dropping any one misses it), in the
	// order the search took them, most moving first; otherwise the set
	// the search saw come nearest the goal, less the findings that did
	// not bring it nearer.
	Steps []SearchStep
	// Posterior is P(t | e, all of Steps), Baseline when there are none.
	Posterior float64
	// Probability is P(Steps | e), the chance under the current beliefs
	// of seeing all the findings together; 1 when there are none.
	Probability float64
	// Unreachable is set when the goal is not Reached and the search has
	// shown that no findings on the observable variables can reach it:
	// every joint state of them was tried (at most ExhaustiveLimit), or
	// P(t | e) is 0 or 1, which no observation changes. Extreme is then
	// the highest P(t | e, F) over all such findings F (the lowest for a
	// goal Below). When the goal is not Reached and Unreachable is false,
	// the search gave up without proof.
	Unreachable bool
	Extreme     float64
}

// pick is a finding Node = State chosen by the search.
type pick struct{ node, state int }

// candidateSet is a set of findings the beam search holds: in the order
// taken, with P(t | e, picks) and ln P(picks | e).
type candidateSet struct {
	picks    []pick
	key      string // the picks sorted, to recognise a set reached two ways
	post     float64
	logJoint float64
}

// SearchEvidence looks for the smallest set of hard findings on the
// observable variables that would bring P(t | e), t being target =
// state, to the goal's level or beyond, and says how likely the analyst
// is to see those findings together, P(F | e). "What would we have to see
// to believe escalation is more likely than not?"
//
// Finding a smallest set is a search over every combination of states of
// every subset of the observable variables, which grows exponentially, so
// SearchEvidence uses a beam search (Lowerre 1976; Russell & Norvig,
// Artificial Intelligence, §4.1.3), greedy forward selection kept from
// committing too early: starting from the empty set, each set in the beam
// is extended by every possible finding on an observable variable it does
// not hold, scored by the target's posterior after the finding,
//
//	P(t | e, S, x) = P(x | e, S, t) · P(t | e, S) / P(x | e, S),
//
// read for every x at once from two propagations (Impact); the Beam best
// new sets, furthest towards the goal (ties: most probable, then by name),
// go on to the next size. At the first size where some set reaches the
// goal, the most probable such set is taken, with
//
//	P(S | e) = Π_i P(x_i | e, x_1, …, x_{i−1}),
//
// and pruned: while dropping some finding leaves the goal reached, the
// finding whose removal leaves the most probable set is dropped, so that
// no finding in the result is redundant. The set found is therefore
// minimal in the sense that none of its findings can go, but it is not
// guaranteed to be a smallest one, nor the most probable of that size: a
// pair of findings that move the target only together may be missed.
//
// When the beam search ends without reaching the goal and the observable
// variables have at most ExhaustiveLimit joint states, each is tried: a
// full set of findings, since P(t | e, F) for a partial F is an average of
// P(t | e, F, rest) over the rest, so that the extremes are reached by
// full ones. Then either a set reaching the goal is found (and pruned as
// above) or the result is marked Unreachable with the extreme level. Past
// that limit a failed search proves nothing, and the result says so.
//
// The cost is two propagations per set in the beam and size, at most
// 2 · Beam · (number of observable variables), plus a few per finding for
// the pruning. The context is checked before each of them; when it is
// done, SearchEvidence propagates e once more and returns ctx.Err().
// Otherwise it leaves the engine propagated on e.
//
// Errors: a level outside [0, 1] or NaN, a negative Beam, an observable
// index out of range (wrapping network.ErrUnknownVariable), and impossible
// e (the engine's *network.ImpossibleEvidenceError).
func SearchEvidence(ctx context.Context, eng network.Engine, ev *network.Evidence, target, state int, goal Goal, opts SearchOptions) (*SearchResult, error) {
	n, ev, err := setup(eng, ev, target, state)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(goal.Level) || goal.Level < 0 || goal.Level > 1 {
		return nil, fmt.Errorf("analysis: level %v is not a probability between 0 and 1", goal.Level)
	}
	width := opts.Beam
	if width == 0 {
		width = DefaultBeam
	}
	if width < 0 {
		return nil, fmt.Errorf("analysis: beam width %d is negative", width)
	}
	cands, err := candidates(n, ev, target, opts.Observable)
	if err != nil {
		return nil, err
	}
	s := &searcher{ctx: ctx, eng: eng, ev: ev, target: target, state: state, goal: goal,
		observable: make([]bool, n.NumVariables()), cands: cands}
	for _, v := range cands {
		s.observable[v] = true
	}
	res, err := s.run(width, opts.Progress)
	if err != nil {
		if ctx.Err() != nil {
			_ = eng.Propagate(ev)
			return nil, ctx.Err()
		}
		return nil, err
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	return res, nil
}

// searcher holds what one SearchEvidence call works with.
type searcher struct {
	ctx           context.Context
	eng           network.Engine
	ev            *network.Evidence
	target, state int
	goal          Goal
	observable    []bool // by variable: may be taken as a finding
	cands         []int
	logPE         float64 // ln P(e)
}

// propagate propagates e with picks, after checking the context, and
// reports false when that is impossible.
func (s *searcher) propagate(picks []pick) (bool, error) {
	if err := s.ctx.Err(); err != nil {
		return false, err
	}
	return propagateOrZero(s.eng, s.with(picks))
}

// with returns e with the hard findings picks.
func (s *searcher) with(picks []pick) *network.Evidence {
	e := s.ev.Clone()
	for _, p := range picks {
		if err := e.SetState(p.node, p.state); err != nil {
			// Picks are unobserved, unset variables of the network.
			panic("analysis: " + err.Error())
		}
	}
	return e
}

func (s *searcher) run(width int, progress func(done, total int)) (*SearchResult, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.eng.Propagate(s.ev); err != nil {
		return nil, err
	}
	p0 := s.eng.Posterior(s.target)[s.state]
	s.logPE = s.eng.LogProbEvidence()
	res := &SearchResult{Goal: s.goal, Baseline: p0, Posterior: p0, Probability: 1}
	total := len(s.cands)
	done := func() {
		if progress != nil {
			progress(total, total)
		}
	}
	if s.goal.Met(p0) {
		res.Reached = true
		done()
		return res, nil
	}
	if _, set := s.ev.Do(s.target); set || p0 == 0 || p0 == 1 {
		res.Unreachable, res.Extreme = true, p0
		done()
		return res, nil
	}

	best := candidateSet{post: p0} // the set nearest the goal seen so far
	beam := []candidateSet{{}}
	for size := 1; size <= total; size++ {
		var next []candidateSet
		seen := make(map[string]bool)
		for _, parent := range beam {
			children, err := s.extend(parent)
			if err != nil {
				return nil, err
			}
			for _, c := range children {
				if !seen[c.key] {
					seen[c.key] = true
					next = append(next, c)
				}
			}
		}
		if progress != nil {
			progress(size, total)
		}
		if len(next) == 0 {
			break
		}
		var reached []candidateSet
		for _, c := range next {
			if s.goal.Met(c.post) {
				reached = append(reached, c)
			}
			if s.goal.better(c.post, best.post) {
				best = c
			}
		}
		if len(reached) > 0 {
			slices.SortFunc(reached, s.byProbability)
			if err := s.finish(res, reached[0].picks); err != nil {
				return nil, err
			}
			done()
			return res, nil
		}
		slices.SortFunc(next, s.byPosterior)
		beam = next[:min(width, len(next))]
	}

	found, extreme, decided, err := s.exhaustive(p0)
	if err != nil {
		return nil, err
	}
	if found != nil {
		best.picks = found
	}
	if err := s.finish(res, best.picks); err != nil {
		return nil, err
	}
	if decided && !res.Reached {
		res.Unreachable, res.Extreme = true, extreme
	}
	done()
	return res, nil
}

// extend returns every set of one more finding than parent, on an
// observable variable parent does not hold, with a possible state.
func (s *searcher) extend(parent candidateSet) ([]candidateSet, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	evS := s.with(parent.picks)
	rows, err := Impact(s.eng, evS, s.target, s.state) // leaves the engine on e + S
	if err != nil {
		return nil, err
	}
	var out []candidateSet
	for _, r := range rows {
		if !r.Possible || !s.observable[r.Node] {
			continue
		}
		picks := append(slices.Clip(parent.picks), pick{r.Node, r.State})
		out = append(out, candidateSet{
			picks:    picks,
			key:      setKey(picks),
			post:     r.Posterior,
			logJoint: parent.logJoint + math.Log(s.eng.Posterior(r.Node)[r.State]),
		})
	}
	return out, nil
}

// setKey names a set of picks whatever their order.
func setKey(picks []pick) string {
	sorted := slices.SortedFunc(slices.Values(picks), func(a, b pick) int { return cmp.Compare(a.node, b.node) })
	var b strings.Builder
	for _, p := range sorted {
		b.WriteString(strconv.Itoa(p.node))
		b.WriteByte('=')
		b.WriteString(strconv.Itoa(p.state))
		b.WriteByte(' ')
	}
	return b.String()
}

// byPosterior orders sets furthest towards the goal first, then the most
// probable, then by key.
func (s *searcher) byPosterior(a, b candidateSet) int {
	pa, pb := tieKey(a.post), tieKey(b.post)
	if s.goal.Below {
		pa, pb = -pa, -pb
	}
	if c := cmp.Compare(pb, pa); c != 0 {
		return c
	}
	if c := cmp.Compare(b.logJoint, a.logJoint); c != 0 {
		return c
	}
	return cmp.Compare(a.key, b.key)
}

// byProbability orders sets most probable first, then furthest towards
// the goal, then by key.
func (s *searcher) byProbability(a, b candidateSet) int {
	if c := cmp.Compare(b.logJoint, a.logJoint); c != 0 {
		return c
	}
	return s.byPosterior(a, b)
}

// finish fills in res for the set picks: pruned (when it reaches the
// goal, see SearchEvidence; when not, of the findings that do not bring
// the target nearer the goal) and, when it reaches the goal, ordered so
// that each finding moves the target furthest towards it of those left,
// which for a set the beam search built is mostly the order it took them
// in; then the posterior after each step, and the posterior and
// probability of the whole set.
func (s *searcher) finish(res *SearchResult, picks []pick) error {
	picks = slices.Clone(picks)
	post, err := s.posterior(picks)
	if err != nil {
		return err
	}
	reached := s.goal.Met(post)
	for len(picks) > 0 {
		// Reached: drop the finding whose removal keeps the goal and
		// leaves the most probable set. Not reached: drop the finding
		// whose removal brings the target nearest the goal, if no further
		// from it than with the finding.
		drop, dropLog, dropPost := -1, math.Inf(-1), post
		trial := make([]pick, 0, len(picks)-1)
		for i := range picks {
			trial = append(append(trial[:0], picks[:i]...), picks[i+1:]...)
			p, err := s.posterior(trial)
			if err != nil {
				return err
			}
			switch {
			case reached:
				if s.goal.Met(p) && s.eng.LogProbEvidence() > dropLog {
					drop, dropLog = i, s.eng.LogProbEvidence()
				}
			case !s.goal.better(post, p) && (drop < 0 || s.goal.better(p, dropPost)):
				drop, dropPost = i, p
			}
		}
		if drop < 0 {
			break
		}
		picks = slices.Delete(picks, drop, drop+1)
		if !reached {
			post = dropPost
		}
	}
	if reached {
		// Selection sort by the move of each next finding.
		for i := range picks {
			bestJ, bestP := -1, 0.0
			for j := i; j < len(picks); j++ {
				picks[i], picks[j] = picks[j], picks[i]
				p, err := s.posterior(picks[:i+1])
				if err != nil {
					return err
				}
				if bestJ < 0 || s.goal.better(p, bestP) {
					bestJ, bestP = j, p
				}
				picks[i], picks[j] = picks[j], picks[i]
			}
			picks[i], picks[bestJ] = picks[bestJ], picks[i]
		}
	}
	res.Steps = make([]SearchStep, len(picks))
	res.Posterior, res.Probability = res.Baseline, 1
	for i, p := range picks {
		post, err := s.posterior(picks[:i+1])
		if err != nil {
			return err
		}
		res.Steps[i] = SearchStep{Node: p.node, State: p.state, Posterior: post}
		res.Posterior = post
		res.Probability = math.Exp(s.eng.LogProbEvidence() - s.logPE)
	}
	res.Reached = s.goal.Met(res.Posterior)
	return nil
}

// posterior propagates e with picks and returns P(t | e, picks), leaving
// the engine on e + picks for LogProbEvidence. The search only takes
// findings of positive probability together, so e + picks is possible.
func (s *searcher) posterior(picks []pick) (float64, error) {
	ok, err := s.propagate(picks)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errors.New("analysis: the evidence search took findings of probability zero")
	}
	return s.eng.Posterior(s.target)[s.state], nil
}

// exhaustive tries every joint state of the observable variables when
// there are at most ExhaustiveLimit, and reports whether it did
// (decided), the most probable full set of findings that reaches the
// goal (nil if none does) and the extreme P(t | e, F) over them all,
// starting from p0 = P(t | e).
func (s *searcher) exhaustive(p0 float64) (found []pick, extreme float64, decided bool, err error) {
	n := s.eng.Network()
	size := 1
	for _, v := range s.cands {
		size *= n.Card(v)
		if size > ExhaustiveLimit {
			return nil, 0, false, nil
		}
	}
	picks := make([]pick, len(s.cands))
	for i, v := range s.cands {
		picks[i] = pick{v, 0}
	}
	extreme = p0
	foundLog := math.Inf(-1)
	for {
		ok, err := s.propagate(picks)
		if err != nil {
			return nil, 0, false, err
		}
		if ok {
			p := s.eng.Posterior(s.target)[s.state]
			if s.goal.better(p, extreme) {
				extreme = p
			}
			if s.goal.Met(p) && s.eng.LogProbEvidence() > foundLog {
				found, foundLog = slices.Clone(picks), s.eng.LogProbEvidence()
			}
		}
		// Next joint state, the last variable fastest.
		i := len(picks) - 1
		for ; i >= 0; i-- {
			picks[i].state++
			if picks[i].state < n.Card(picks[i].node) {
				break
			}
			picks[i].state = 0
		}
		if i < 0 {
			return found, extreme, true, nil
		}
	}
}
