package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"brink/network/decision"
	"brink/network/model"
)

// decideJSON is one decision of `brinkctl decide --json`.
type decideJSON struct {
	Decision string               `json:"decision"`
	Actor    string               `json:"actor,omitempty"`
	Options  []optionJSON         `json:"options"`
	Best     string               `json:"best"`
	Policy   []policyJSON         `json:"policy,omitempty"`
	Value    []valueOfInformation `json:"value_of_information"`
	// AtLeast marks the values of information of a decision taken before
	// others: lower bounds, since the later decisions do not adapt.
	AtLeast bool     `json:"value_of_information_is_lower_bound,omitempty"`
	Sees    []string `json:"sees,omitempty"`
}

type optionJSON struct {
	Option          string    `json:"option"`
	ExpectedUtility jsonFloat `json:"expected_utility"`
}

type policyJSON struct {
	Given  map[string]string `json:"given"`
	Choose string            `json:"choose"`
}

type valueOfInformation struct {
	Node  string    `json:"node"`
	Value jsonFloat `json:"value"`
}

// runDecide solves the model's influence diagram given the findings and
// actions: for each decision, the expected utility of every option, the
// best, the policy over what it sees, and the value of knowing each
// chance node before deciding.
func runDecide(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("decide", stderr)
	ma := &modelArgs{}
	ma.register(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	md, ev, err := ma.load(pos)
	if err != nil {
		return err
	}
	dg, err := decision.FromModel(md)
	if err != nil {
		return err
	}
	sol, err := dg.Solve(ev)
	if err != nil {
		return err
	}
	n := md.Net
	var out []decideJSON
	for i, d := range dg.Decisions() {
		dj := decideJSON{Decision: n.Name(d), Actor: md.Nodes[d].Actor, AtLeast: i < len(dg.Decisions())-1}
		best := 0
		for o, eu := range sol.Options[i] {
			dj.Options = append(dj.Options, optionJSON{Option: n.Variable(d).States[o], ExpectedUtility: jsonFloat(eu)})
			if !math.IsNaN(eu) && (math.IsNaN(sol.Options[i][best]) || eu > sol.Options[i][best]) {
				best = o
			}
		}
		dj.Best = n.Variable(d).States[best]
		ps := n.Parents(d)
		for _, p := range ps {
			dj.Sees = append(dj.Sees, n.Name(p))
		}
		if len(ps) > 0 {
			var states []int
			for r, o := range sol.Policies[i] {
				states = n.ParentStates(d, r, states)
				g := map[string]string{}
				for j, p := range ps {
					g[n.Name(p)] = n.Variable(p).States[states[j]]
				}
				dj.Policy = append(dj.Policy, policyJSON{Given: g, Choose: n.Variable(d).States[o]})
			}
		}
		for x := range n.NumVariables() {
			if md.Nodes[x].Role == model.RoleDecision || slices.Contains(ps, x) {
				continue
			}
			if _, observed := ev.Finding(x); observed {
				continue
			}
			if _, set := ev.Do(x); set {
				continue
			}
			v, err := dg.Value(ev, sol, d, x)
			if err != nil {
				continue // an effect of the decision: not knowable before it
			}
			dj.Value = append(dj.Value, valueOfInformation{Node: n.Name(x), Value: jsonFloat(v)})
		}
		slices.SortStableFunc(dj.Value, func(a, b valueOfInformation) int {
			switch {
			case a.Value > b.Value:
				return -1
			case a.Value < b.Value:
				return 1
			}
			return 0
		})
		out = append(out, dj)
	}
	if ma.json {
		data, err := json.MarshalIndent(struct {
			MEU       jsonFloat    `json:"maximum_expected_utility"`
			Decisions []decideJSON `json:"decisions"`
		}{jsonFloat(sol.MEU), out}, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, string(data))
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if s := ev.String(); s != "" {
		fmt.Fprintf(tw, "given:\t%s\n", s)
	}
	fmt.Fprintf(tw, "maximum expected utility:\t%s\n", trimFloat(sol.MEU))
	for i, dj := range out {
		d := dg.Decisions()[i]
		who := ""
		if dj.Actor != "" {
			who = " (" + dj.Actor + ")"
		}
		fmt.Fprintf(tw, "\ndecision %s%s: best %s\n", n.Name(d), who, dj.Best)
		for _, o := range dj.Options {
			fmt.Fprintf(tw, "  %s\texpected utility %s\n", o.Option, trimFloat(float64(o.ExpectedUtility)))
		}
		if len(dj.Policy) > 0 {
			fmt.Fprintf(tw, "  policy, by what it sees (%s):\n", strings.Join(dj.Sees, ", "))
			for _, p := range dj.Policy {
				var g []string
				for _, s := range dj.Sees {
					g = append(g, s+"="+p.Given[s])
				}
				fmt.Fprintf(tw, "    %s\t→ %s\n", strings.Join(g, ", "), p.Choose)
			}
		}
		if len(dj.Value) > 0 {
			bound := ""
			if dj.AtLeast {
				bound = ", at least: later decisions do not adapt to it"
			}
			fmt.Fprintf(tw, "  value of knowing before deciding (in the utilities' units%s):\n", bound)
			for _, v := range dj.Value {
				fmt.Fprintf(tw, "    %s\t%s\n", v.Node, trimFloat(float64(v.Value)))
			}
		}
	}
	return tw.Flush()
}

func trimFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", x), "0"), ".")
}
