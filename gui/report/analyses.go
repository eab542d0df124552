package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"brink/network"
	"brink/network/analysis"
	"brink/network/decision"
	"brink/network/jtree"
	"brink/network/model"
)

// WithAnalyses returns opts with the brief's "In words", "Top drivers"
// and "What to collect next" sections filled from brink/network/analysis:
//
//   - Narrative: the first outcome node's judgement in ICD 203 words, what
//     moved it, what would change it and the confidence (analysis.Narrate),
//     the change measured from the model with nothing set, as the
//     brief's baseline column;
//   - Drivers: for each finding, its weight on the intention or outcome
//     state it moved most (analysis.Explain), strongest first, at most
//     five;
//   - NextToCollect: the unobserved variables that would tell most about
//     the first outcome node (analysis.VOI), at most five; when the model
//     marks evidence nodes, only those, since they are what can be
//     observed.
//
// All compute on the network the brief's beliefs are shown on: for a
// model with decisions, with each decision at its best policy under the
// scenario's findings and actions (decision.BeliefNetwork); decisions are
// chosen, not observed, so none is suggested for collection.
func WithAnalyses(m *model.Model, opts Options) (Options, error) {
	plain, err := jtree.Compile(m.Net, jtree.Options{})
	if err != nil {
		return opts, fmt.Errorf("report: %w", err)
	}
	engine := func(ev *network.Evidence) (*jtree.JunctionTree, error) {
		net, _, _, err := decision.BeliefNetwork(m, ev)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		if net == m.Net {
			return plain, nil
		}
		return jtree.Compile(net, jtree.Options{})
	}
	targets := m.BriefingNodes()
	opts.Drivers = func(ev *network.Evidence) ([]DriverLine, error) {
		jt, err := engine(ev)
		if err != nil {
			return nil, err
		}
		var lines []DriverLine
		best := map[int]int{} // finding variable → index in lines
		for _, t := range targets {
			for s := range m.Net.Card(t) {
				ws, err := analysis.Explain(jt, ev, t, s)
				if err != nil {
					return nil, err
				}
				for _, w := range ws {
					line := DriverLine{
						Finding: findingText(m, w.Finding),
						Target:  m.Label(t) + " = " + m.StateLabel(t, s),
						Without: w.Without, With: w.With,
					}
					if i, ok := best[w.Finding.Variable]; !ok {
						best[w.Finding.Variable] = len(lines)
						lines = append(lines, line)
					} else if math.Abs(w.Delta) > math.Abs(lines[i].With-lines[i].Without) {
						lines[i] = line
					}
				}
			}
		}
		slices.SortStableFunc(lines, func(a, b DriverLine) int {
			return cmp.Compare(math.Abs(b.With-b.Without), math.Abs(a.With-a.Without))
		})
		return lines[:min(5, len(lines))], nil
	}
	outcome := -1
	for _, v := range targets {
		if m.Nodes[v].Role == model.RoleOutcome {
			outcome = v
			break
		}
	}
	if outcome < 0 && len(targets) > 0 {
		outcome = targets[len(targets)-1]
	}
	if outcome >= 0 {
		decisions := func(v int) bool { return m.Nodes[v].Role == model.RoleDecision }
		opts.Narrative = func(ev *network.Evidence) (*analysis.Narrative, error) {
			jt, err := engine(ev)
			if err != nil {
				return nil, err
			}
			// The change is measured from the model with nothing set, on
			// the network its beliefs are shown on then, as the brief's
			// "vs. baseline" column is.
			base := network.NewEvidence(m.Net)
			bj, err := engine(base)
			if err != nil {
				return nil, err
			}
			if err := bj.Propagate(base); err != nil {
				return nil, fmt.Errorf("report: %w", err)
			}
			baseline := slices.Clone(bj.Posterior(outcome))
			return analysis.Narrate(jt, m, ev, outcome, analysis.NarrateOptions{Skip: decisions, Baseline: baseline, BaselineName: "with nothing set"})
		}
		opts.NextToCollect = func(ev *network.Evidence) ([]CollectLine, error) {
			jt, err := engine(ev)
			if err != nil {
				return nil, err
			}
			rows, err := analysis.VOI(jt, ev, outcome)
			if err != nil {
				return nil, err
			}
			// What an analyst can collect are the indicators: when the
			// model marks evidence nodes, only those are suggested.
			observable := slices.ContainsFunc(m.Nodes, func(n model.Node) bool { return n.Role == model.RoleEvidence })
			var lines []CollectLine
			for _, r := range rows {
				if len(lines) == 5 || r.MutualInformation <= 0 {
					break
				}
				if (observable && m.Nodes[r.Node].Role != model.RoleEvidence) || m.Nodes[r.Node].Role == model.RoleDecision {
					continue
				}
				lines = append(lines, CollectLine{Node: m.Label(r.Node), Target: m.Label(outcome), Bits: r.MutualInformation})
			}
			return lines, nil
		}
	}
	return opts, nil
}
