package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"brink/network/decision"
	"brink/network/model"
)

// runGame builds the table of two sides' options against each other.
func runGame(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("game", stderr)
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
	actors, ds, names, ok := decision.TwoSides(md)
	if !ok {
		return fmt.Errorf("a game table needs decisions of exactly two actors (role = \"decision\" and an actor on each); this model has %d: %s", len(names), strings.Join(names, ", "))
	}
	dg, err := decision.FromModel(md)
	if err != nil {
		return err
	}
	var watch []int
	for _, v := range md.BriefingNodes() {
		if md.Nodes[v].Role != model.RoleDecision {
			watch = append(watch, v)
		}
	}
	g, err := dg.NewGame(ev, ds[0], ds[1], actors[0], actors[1], watch)
	if err != nil {
		return err
	}
	n := md.Net
	opt := func(d, i int) string { return n.Variable(d).States[i] }
	type cell struct {
		A        string                        `json:"a"`
		B        string                        `json:"b"`
		PayoffA  jsonFloat                     `json:"payoff_a"`
		PayoffB  jsonFloat                     `json:"payoff_b"`
		BestForA bool                          `json:"best_response_of_a"`
		BestForB bool                          `json:"best_response_of_b"`
		Outcomes map[string]map[string]float64 `json:"outcomes"`
	}
	var cells []cell
	for i := range g.Payoff {
		for j := range g.Payoff[i] {
			c := cell{A: opt(ds[0], i), B: opt(ds[1], j), PayoffA: jsonFloat(g.Payoff[i][j][0]), PayoffB: jsonFloat(g.Payoff[i][j][1]),
				BestForA: slices.Contains(g.BestA[j], i), BestForB: slices.Contains(g.BestB[i], j), Outcomes: map[string]map[string]float64{}}
			for w, v := range watch {
				if len(g.Outcomes[i][j]) > w {
					st := map[string]float64{}
					for s, p := range g.Outcomes[i][j][w] {
						st[n.Variable(v).States[s]] = p
					}
					c.Outcomes[n.Name(v)] = st
				}
			}
			cells = append(cells, c)
		}
	}
	var pure [][2]string
	for _, e := range g.Pure {
		pure = append(pure, [2]string{opt(ds[0], e[0]), opt(ds[1], e[1])})
	}
	if ma.json {
		out := map[string]any{
			"a":     map[string]string{"actor": actors[0], "decision": n.Name(ds[0])},
			"b":     map[string]string{"actor": actors[1], "decision": n.Name(ds[1])},
			"table": cells, "pure_equilibria": pure,
		}
		if m := g.Mixed; m != nil {
			mix := func(d int, p []float64) map[string]jsonFloat {
				o := map[string]jsonFloat{}
				for i, x := range p {
					o[opt(d, i)] = jsonFloat(x)
				}
				return o
			}
			out["mixed_equilibrium"] = map[string]any{"a": mix(ds[0], m.A), "b": mix(ds[1], m.B), "payoff_a": jsonFloat(m.EA), "payoff_b": jsonFloat(m.EB)}
		}
		data, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, string(data))
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s (%s, rows) against %s (%s, columns); each cell: %s's payoff, %s's payoff; * a best response\n\n",
		actors[0], n.Name(ds[0]), actors[1], n.Name(ds[1]), actors[0], actors[1])
	head := []string{""}
	for j := range g.Payoff[0] {
		head = append(head, opt(ds[1], j))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for i := range g.Payoff {
		row := []string{opt(ds[0], i)}
		for j := range g.Payoff[i] {
			ma, mb := "", ""
			if slices.Contains(g.BestA[j], i) {
				ma = "*"
			}
			if slices.Contains(g.BestB[i], j) {
				mb = "*"
			}
			row = append(row, fmt.Sprintf("%s%s, %s%s", trimFloat(g.Payoff[i][j][0]), ma, trimFloat(g.Payoff[i][j][1]), mb))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if len(pure) == 0 {
		fmt.Fprintln(tw, "\nno pure-strategy equilibrium")
	}
	for _, e := range pure {
		fmt.Fprintf(tw, "\nequilibrium: %s plays %s, %s plays %s\n", actors[0], e[0], actors[1], e[1])
	}
	if m := g.Mixed; m != nil {
		var pa, pb []string
		for i, p := range m.A {
			pa = append(pa, fmt.Sprintf("%s %.0f%%", opt(ds[0], i), 100*p))
		}
		for j, p := range m.B {
			pb = append(pb, fmt.Sprintf("%s %.0f%%", opt(ds[1], j), 100*p))
		}
		fmt.Fprintf(tw, "mixed equilibrium: %s plays %s; %s plays %s\n", actors[0], strings.Join(pa, ", "), actors[1], strings.Join(pb, ", "))
	}
	return tw.Flush()
}
