package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"brink/network"
)

func runMPE(args []string, stdout, stderr io.Writer) error {
	m, ev, b, jt, err := compiled("mpe", args, stderr)
	if err != nil {
		return err
	}
	n := b.net // for a model with decisions, their tables are the policies
	assign, p, err := jt.MPE(ev)
	if err != nil {
		return err
	}
	logp := logJoint(n, ev, assign)
	if m.json {
		a := &jsonObject{}
		for v, s := range assign {
			a.str(n.Name(v), n.Variable(v).States[s])
		}
		out := &jsonObject{}
		out.object("assignment", a)
		if representable(p) {
			out.number("probability", p)
		} else {
			out.null("probability")
		}
		out.number("log_probability", logp)
		b.addPolicies(out)
		return out.writeTo(stdout)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if ev.Len() > 0 || ev.DoLen() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", ev.String())
	}
	b.writeLine(tw)
	fmt.Fprintf(tw, "probability of this explanation:\t%s\n\n", probabilityText(p, logp))
	for v, s := range assign {
		fmt.Fprintf(tw, "%s\t%s\n", n.Name(v), n.Variable(v).States[s])
	}
	return tw.Flush()
}

// logJoint returns the natural logarithm of P(x, e), the probability that
// the engine's MPE reports, summed term by term so that it stays accurate
// when the product under- or overflows a float64:
//
//	ln P(x, e) = Σ_v ln θ(x_v | x_pa(v)) + Σ_{findings on v} ln λ_v(x_v),
//
// λ the finding's weights (one-hot for a hard finding, 0/1 for a negative
// one). It is −Inf when x has probability zero.
func logJoint(n *network.Network, ev *network.Evidence, x []int) float64 {
	lp := 0.0
	for v := range n.NumVariables() {
		row := 0
		for _, u := range n.Parents(v) {
			row = row*n.Card(u) + x[u]
		}
		lp += network.Ln(n.CPT(v)[row*n.Card(v)+x[v]])
		if f, ok := ev.Finding(v); ok {
			lp += network.Ln(f.Weights[x[v]])
		}
	}
	return lp
}
