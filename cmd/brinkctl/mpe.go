package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

func runMPE(args []string, stdout, stderr io.Writer) error {
	m, md, ev, jt, err := compiled("mpe", args, stderr)
	if err != nil {
		return err
	}
	n := md.Net
	assign, p, err := jt.MPE(ev)
	if err != nil {
		return err
	}
	if m.json {
		a := &jsonObject{}
		for v, s := range assign {
			a.str(n.Name(v), n.Variable(v).States[s])
		}
		out := &jsonObject{}
		out.object("assignment", a)
		out.number("probability", p)
		return out.writeTo(stdout)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if ev.Len() > 0 {
		fmt.Fprintf(tw, "evidence:\t%s\n", ev.String())
	}
	fmt.Fprintf(tw, "probability of this explanation:\t%.6g\n\n", p)
	for v, s := range assign {
		fmt.Fprintf(tw, "%s\t%s\n", n.Name(v), n.Variable(v).States[s])
	}
	return tw.Flush()
}
