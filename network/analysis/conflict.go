package analysis

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"brink/network"
)

// DataConflict is how well the current findings fit together (Conflict).
type DataConflict struct {
	// Conf is Jensen's conflict measure of the findings in bits,
	// log2[Π_i P(e_i) / P(e)]: positive when the findings are less
	// probable together than if each were independent of the others (a
	// possible conflict: a bad report, or a case the model finds rare),
	// 0 or negative when they fit. It is 0 with fewer than two findings,
	// and when it is rounding noise (see Conflict).
	Conf float64
	// LogProbEvidence is ln P(e), the probability of the findings given
	// the actions, as the engine gives it (likelihood weights scale it).
	LogProbEvidence float64
	// Findings holds one entry per finding, in variable order.
	Findings []FindingFit
}

// FindingFit is how one finding fits with the others.
type FindingFit struct {
	Finding network.Finding
	// Prior is P(e_i), the finding's probability before any other
	// finding (under the actions): for a hard finding the probability
	// of its state, for a negative finding that of the states it
	// allows, for a likelihood finding Σ_x P(x)·λ(x) with its weights λ
	// scaled to a largest of 1 (see Conflict).
	Prior float64
	// Retracted is P(e_i | e ∖ e_i), the same probability given every
	// other finding: what the rest of the evidence says of this report.
	Retracted float64
	// Contribution is conf(e) − conf(e ∖ e_i) in bits, which is
	// log2[P(e_i) / P(e_i | e ∖ e_i)]: positive when the rest of the
	// evidence makes the finding less probable than it was alone. 0 when
	// that is rounding noise.
	Contribution float64
}

// Conflict measures how well the findings of ev fit together, by the
// conflict measure of Jensen, Chamberlain, Nordahl & Jensen ("Analysis in
// HUGIN of data conflict", Uncertainty in Artificial Intelligence 6,
// 1991; F. V. Jensen & T. D. Nielsen, Bayesian Networks and Decision
// Graphs, 2nd ed., 2007, on data conflict),
//
//	conf(e) = log2[ Π_i P(e_i) / P(e) ],
//
// for the findings e = {e_1, …, e_n}, and weighs each finding by what
// retracting it changes,
//
//	conf(e) − conf(e ∖ e_i) = log2[ P(e_i) / P(e_i | e ∖ e_i) ],
//	P(e_i | e ∖ e_i) = Σ_x P(X_i = x | e ∖ e_i) · λ_i(x),
//
// since P(e) = P(e_i | e ∖ e_i) · P(e ∖ e_i). Findings that are
// independent give conf = 0; findings that support one another make e
// more probable than the product and conf negative; a positive conf
// says the findings are unusual together. The measure is a signal to
// look, not a test: a rare case the model allows can explain a positive
// conf (see ConflictGiven).
//
// Actions are not evidence: every probability is computed under them
// (P(e) is then the probability of the findings given the actions), and
// they are not among the findings of the product. Hard and negative
// findings enter with their 0/1 likelihoods λ_i. A likelihood finding
// enters with its weights scaled to a largest of 1
// (network.Evidence.ScaledLikelihood): the scale of the weights
// multiplies P(e_i) and P(e) alike and cancels in conf and in each
// contribution, but the finding's Prior and Retracted are probabilities
// of a virtual observation only up to that choice of scale.
//
// Every probability stays in logarithms until the end: ln P(e) is the
// engine's, and a finding's probability that a float64 cannot hold is
// recovered from the engine's ln P of the evidence with and without it,
// so that no result is NaN or infinite. Conf and the contributions are
// set to 0 when they are below Tolerance times the size of the logarithms
// they are the difference of (at least 1 bit).
//
// The cost is one propagation per finding plus three: e first (to fail
// fast on impossible e), the actions alone (for each P(e_i)), each
// e ∖ e_i, and e last, so that the engine is left on e. Impossible e
// gives the engine's *network.ImpossibleEvidenceError.
func Conflict(eng network.Engine, ev *network.Evidence) (*DataConflict, error) {
	ev, err := setupEvidence(eng, ev)
	if err != nil {
		return nil, err
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	logPE := eng.LogProbEvidence()
	findings := ev.Findings()
	out := &DataConflict{LogProbEvidence: logPE, Findings: make([]FindingFit, len(findings))}
	if len(findings) == 0 {
		return out, nil
	}
	// P(e) carries the likelihood scales, the findings' probabilities
	// below (taken with scaled weights) do not: take them out of ln P(e).
	logScale := make([]float64, len(findings))
	logPEs := logPE
	for i, f := range findings {
		_, logScale[i] = ev.ScaledLikelihood(f.Variable)
		logPEs -= logScale[i]
	}

	// The actions alone have probability 1, so ln P(actions, e_i) is
	// ln P(e_i) (given the actions); logBase is subtracted all the same.
	logBase, logPrior, err := logFindingProbs(eng, actionsOnly(ev), ev, findings)
	if err != nil {
		return nil, err
	}
	for i := range logPrior {
		logPrior[i] -= logBase
	}

	trial := ev.Clone()
	for i, f := range findings {
		trial.Retract(f.Variable)
		if err := eng.Propagate(trial); err != nil {
			return nil, err // e ∖ e_i is possible when e is
		}
		logR, ok := logFindingProb(eng, ev, f.Variable)
		if !ok {
			// P(e_i | e ∖ e_i) = P(e) / P(e ∖ e_i), scales taken out.
			logR = logPE - eng.LogProbEvidence() - logScale[i]
		}
		c := (logPrior[i] - logR) / math.Ln2
		if noise(c, max(1, (math.Abs(logPrior[i])+math.Abs(logR))/math.Ln2)) {
			c = 0
		}
		out.Findings[i] = FindingFit{
			Finding:      f,
			Prior:        math.Exp(logPrior[i]),
			Retracted:    math.Exp(logR),
			Contribution: c,
		}
		if err := trial.Set(f); err != nil {
			return nil, err // the finding came from a valid Evidence
		}
	}

	sum, scale := -logPEs, math.Abs(logPEs)
	for _, lp := range logPrior {
		sum += lp
		scale += math.Abs(lp)
	}
	out.Conf = sum / math.Ln2
	if noise(out.Conf, max(1, scale/math.Ln2)) {
		out.Conf = 0
	}
	if err := finite(out.Conf); err != nil {
		return nil, err
	}
	for _, f := range out.Findings {
		if err := finite(f.Contribution); err != nil {
			return nil, err
		}
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	return out, nil
}

// StateConflict is the conflict of the findings given one state t of a
// target variable (ConflictGiven).
type StateConflict struct {
	State int
	// Prior is P(t), under the actions; Posterior is P(t | e), both
	// without any finding on the target itself.
	Prior, Posterior float64
	// Possible is false when P(t) = 0: there is no "given t".
	Possible bool
	// Consistent is false when the findings are impossible given t
	// (P(e | t) = 0): t is ruled out, and Conf is 0.
	Consistent bool
	// Conf is conf(e | t) = log2[ Π_i P(e_i | t) / P(e | t) ] in bits,
	// 0 when Possible or Consistent is false or when it is rounding
	// noise. At most 0: the findings fit if t is the case.
	Conf float64
}

// ConflictGiven is Jensen's check for a rare case: for each state t of the
// target T, the conflict of the findings given t,
//
//	conf(e | t) = log2[ Π_i P(e_i | t) / P(e | t) ].
//
// When conf(e) > 0 but conf(e | t) ≤ 0 for some t, the findings fit
// together under t, and the conflict may be explained by t being the
// case although it is rare (its P(t) low), rather than by a bad report
// (Jensen, Chamberlain, Nordahl & Jensen 1991; Jensen & Nielsen,
// Bayesian Networks and Decision Graphs, 2007). The findings are those of
// ev other than any on T itself, which conditioning on t replaces (see
// Conflict for likelihood findings and actions, which hold here too).
//
// The cost is 2·|T| + 4 propagations: e (to fail fast), the actions alone
// (for P(t)), e without a finding on T (for P(t | e)), then for each t
// the findings with T = t and the actions with T = t, and e last, so that
// the engine is left on e. A state with P(t) = 0 is not Possible; one
// that makes the findings impossible is not Consistent (the engine then
// spends a few propagations naming the conflict). Impossible e gives the
// engine's *network.ImpossibleEvidenceError; a target set by action,
// whose state is not in question, an error wrapping
// network.ErrObservedAndSet.
func ConflictGiven(eng network.Engine, ev *network.Evidence, target int) ([]StateConflict, error) {
	n, ev, err := setup(eng, ev, target, anyState)
	if err != nil {
		return nil, err
	}
	if _, set := ev.Do(target); set {
		return nil, fmt.Errorf("analysis: target %q is set by action; no state of it is in question: %w", n.Name(target), network.ErrObservedAndSet)
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	rest := ev.Clone()
	rest.Retract(target)
	findings := rest.Findings()
	sumScale := 0.0
	for _, f := range findings {
		_, ls := rest.ScaledLikelihood(f.Variable)
		sumScale += ls
	}

	base := actionsOnly(ev)
	if err := eng.Propagate(base); err != nil {
		return nil, err
	}
	prior := append([]float64(nil), eng.Posterior(target)...)
	if err := eng.Propagate(rest); err != nil {
		return nil, err // a subset of possible evidence
	}
	post := append([]float64(nil), eng.Posterior(target)...)

	out := make([]StateConflict, n.Card(target))
	for t := range out {
		out[t] = StateConflict{State: t, Prior: prior[t], Posterior: post[t], Possible: prior[t] > 0}
		if !out[t].Possible {
			continue
		}
		ok, err := propagateOrZero(eng, withTarget(rest, target, t))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		out[t].Consistent = true
		logPet := eng.LogProbEvidence() - sumScale // ln P(e, t), scales out
		// ln P(t) and ln P(t, e_i) for each finding.
		logPt, logPi, err := logFindingProbs(eng, withTarget(base, target, t), rest, findings)
		if err != nil {
			return nil, err
		}
		sum, scale := -(logPet - logPt), math.Abs(logPet)+math.Abs(logPt)
		for _, lp := range logPi {
			sum += lp - logPt
			scale += math.Abs(lp) + math.Abs(logPt)
		}
		c := sum / math.Ln2
		if noise(c, max(1, scale/math.Ln2)) {
			c = 0
		}
		if err := finite(c); err != nil {
			return nil, err
		}
		out[t].Conf = c
	}
	if err := eng.Propagate(ev); err != nil {
		return nil, err
	}
	return out, nil
}

// logFindingProbs propagates base (evidence with no finding on the
// variables of fs) and returns ln P(base) and, for each finding f of fs,
// ln P(base, f), f's weights scaled as in ev (see logFindingProb). The
// posteriors give P(f | base) at once; a finding whose probability
// underflows is propagated together with base instead, and the engine's
// ln P(base, f), exact in logarithms, is taken. The engine is left on
// base or on base with one of the findings.
func logFindingProbs(eng network.Engine, base, ev *network.Evidence, fs []network.Finding) (logBase float64, out []float64, err error) {
	if err := eng.Propagate(base); err != nil {
		return 0, nil, err
	}
	logBase = eng.LogProbEvidence()
	out = make([]float64, len(fs))
	var redo []int
	for i, f := range fs {
		lp, ok := logFindingProb(eng, ev, f.Variable)
		if !ok {
			redo = append(redo, i)
			continue
		}
		out[i] = lp + logBase
	}
	for _, i := range redo {
		f := fs[i]
		one := base.Clone()
		if err := one.Set(f); err != nil {
			return 0, nil, err
		}
		if err := eng.Propagate(one); err != nil {
			return 0, nil, err
		}
		_, ls := ev.ScaledLikelihood(f.Variable)
		out[i] = eng.LogProbEvidence() - ls
	}
	return logBase, out, nil
}

// logFindingProb returns ln Σ_x P(X_v = x | ·) · λ̃(x) from the engine's
// last propagation, with λ̃ the likelihood of ev's finding on v scaled to
// a largest weight of 1, and false when the sum is below the smallest
// normal float64, where it has lost its digits or underflowed to 0.
func logFindingProb(eng network.Engine, ev *network.Evidence, v int) (float64, bool) {
	w, _ := ev.ScaledLikelihood(v)
	p := 0.0
	for x, q := range eng.Posterior(v) {
		p += q * w[x]
	}
	if !(p >= 0x1p-1022) {
		return 0, false
	}
	return math.Log(min(p, 1)), true
}

// actionsOnly returns evidence with ev's actions and no findings.
func actionsOnly(ev *network.Evidence) *network.Evidence {
	base := network.NewEvidence(ev.Network())
	for _, it := range ev.Interventions() {
		if err := base.SetDo(it.Variable, it.State); err != nil {
			panic("analysis: " + err.Error()) // valid in ev
		}
	}
	return base
}

// setupEvidence checks the engine and the evidence of an analysis
// without a target; a nil ev means no evidence.
func setupEvidence(e network.Engine, ev *network.Evidence) (*network.Evidence, error) {
	if isNil(e) {
		return nil, errors.New("analysis: no engine")
	}
	n := e.Network()
	if ev == nil {
		return network.NewEvidence(n), nil
	}
	if !n.SameStructure(ev.Network()) {
		return nil, errors.New("analysis: the evidence belongs to a network of another structure")
	}
	return ev, nil
}

// finite returns an error for a NaN or infinite result, which the
// computations above cannot produce from possible evidence; it keeps one
// from reaching a reader if they ever do.
func finite(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("analysis: conflict measure %v is not finite", x)
	}
	return nil
}

// SourceThreshold is the probability given the rest of the evidence
// below which CheckSources calls a finding surprising (when it is also
// below half the finding's prior): 0.1.
const SourceThreshold = 0.1

// Grading is the NATO/Admiralty grading of a report (STANAG 2511): the
// reliability of its source and the credibility of the information.
type Grading struct {
	// Reliability is "A" (completely reliable) to "F" (cannot be
	// judged); "" when not rated.
	Reliability string
	// Credibility is 1 (confirmed) to 6 (cannot be judged); 0 when not
	// rated.
	Credibility int
}

// Rated reports whether either part of the grading is given.
func (g Grading) Rated() bool { return g.Reliability != "" || g.Credibility != 0 }

// Weak reports whether the grading gives reason to doubt the report: a
// source not usually reliable, unreliable or not judged (D, E, F), or
// information doubtful, improbable or not judged (4, 5, 6).
func (g Grading) Weak() bool {
	switch strings.ToUpper(g.Reliability) {
	case "D", "E", "F":
		return true
	}
	return g.Credibility >= 4
}

// String writes the grading with its words, e.g. "E5 (unreliable,
// improbable)" or "B (usually reliable)"; "" when not rated.
func (g Grading) String() string {
	if !g.Rated() {
		return ""
	}
	code := strings.ToUpper(g.Reliability)
	var words []string
	if w, ok := reliabilityWords[code]; ok {
		words = append(words, w)
	}
	if g.Credibility != 0 {
		if code == "" {
			code = "credibility "
		}
		code += strconv.Itoa(g.Credibility)
		if w, ok := credibilityWords[g.Credibility]; ok {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return code
	}
	return code + " (" + strings.Join(words, ", ") + ")"
}

// The words of the Admiralty grading (STANAG 2511; docs/model-format.md).
var (
	reliabilityWords = map[string]string{
		"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
		"D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
	}
	credibilityWords = map[int]string{
		1: "confirmed", 2: "probably true", 3: "possibly true",
		4: "doubtful", 5: "improbable", 6: "truth cannot be judged",
	}
)

// SourceCheck is the verdict on one finding's report.
type SourceCheck struct {
	FindingFit
	Grading Grading
	// Checked is false for a likelihood finding, whose probability has
	// no scale to hold against a threshold.
	Checked bool
	// Surprising: the rest of the evidence gave the finding less than
	// the threshold and less than half its prior.
	Surprising bool
	// Suspect: surprising, and weakly graded (Grading.Weak): "possible
	// bad source or deception". An ungraded finding is never suspect.
	Suspect bool
	// Reason says why, in words, e.g. "the rest of the evidence gave
	// this report 4%; its source is graded E5 (unreliable, improbable)".
	Reason string
}

// CheckSources holds each finding of c against its grading: a hard or
// negative finding that the rest of the evidence makes surprising,
//
//	P(e_i | e ∖ e_i) < threshold  and  P(e_i | e ∖ e_i) < P(e_i) / 2,
//
// and whose report is weakly graded (Grading.Weak) is Suspect, a possible
// bad source or deception. The second condition keeps a finding that was
// improbable anyway, and that the rest of the evidence does not make
// less so, from being flagged. A surprising finding from a well-graded
// source is not suspect (the other reports, or the model, are then in
// question), and an ungraded one is reported as ungraded, not flagged.
// grading gives a finding's grading by variable (nil: none graded); a
// threshold of 0 means SourceThreshold. Results come in the order of
// c.Findings. A threshold outside [0, 1] is an error.
func CheckSources(c *DataConflict, grading func(v int) Grading, threshold float64) ([]SourceCheck, error) {
	if threshold == 0 {
		threshold = SourceThreshold
	}
	if !(threshold > 0 && threshold <= 1) {
		return nil, fmt.Errorf("analysis: source-check threshold %v is not a probability above 0", threshold)
	}
	out := make([]SourceCheck, len(c.Findings))
	for i, f := range c.Findings {
		s := SourceCheck{FindingFit: f}
		if grading != nil {
			s.Grading = grading(f.Finding.Variable)
		}
		s.Checked = f.Finding.Kind != network.Likelihood
		s.Surprising = s.Checked && f.Retracted < threshold && f.Retracted < f.Prior/2
		s.Suspect = s.Surprising && s.Grading.Rated() && s.Grading.Weak()
		s.Reason = sourceReason(s)
		out[i] = s
	}
	return out, nil
}

// sourceReason says in words why a finding is or is not flagged.
func sourceReason(s SourceCheck) string {
	gave := "the rest of the evidence gave this report " + roundPercent(s.Retracted)
	switch {
	case !s.Checked:
		return "soft finding, not checked: its weights give no probability to hold against the threshold"
	case !s.Surprising:
		return "fits the rest of the evidence, which gave it " + roundPercent(s.Retracted) + " (" + roundPercent(s.Prior) + " alone)"
	case s.Suspect:
		return gave + " (" + roundPercent(s.Prior) + " alone); its source is graded " + s.Grading.String()
	case s.Grading.Rated():
		return gave + " (" + roundPercent(s.Prior) + " alone), but its source is graded " + s.Grading.String() + ": question the other reports or the model"
	}
	return gave + " (" + roundPercent(s.Prior) + " alone); its source is not graded"
}

// roundPercent writes a probability in whole percent ("4%", "38%"),
// with Percent's one decimal below 1% and near certainty ("0.4%", "<0.1%",
// ">99.9%").
func roundPercent(p float64) string {
	if math.IsNaN(p) || p < 0.01 || p > 0.99 {
		return Percent(p)
	}
	return strconv.FormatFloat(100*p, 'f', 0, 64) + "%"
}
