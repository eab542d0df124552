package main

import (
	"fmt"
	"io"
	"strings"

	"brink/network"
	"brink/network/decision"
	"brink/network/model"
)

// beliefs is the network a command computes beliefs on, as the window
// does (decision.BeliefNetwork): for a model with decisions its policy
// network under the findings and actions, with what each decision takes
// in it; the model's own network otherwise.
type beliefs struct {
	net     *network.Network
	md      *model.Model
	choices []decision.Choice // nil for a model without decisions
}

// beliefsOf finds the network to compute md's beliefs on under ev.
func beliefsOf(md *model.Model, ev *network.Evidence) (*beliefs, error) {
	net, dg, sol, err := decision.BeliefNetwork(md, ev)
	if err != nil {
		return nil, err
	}
	b := &beliefs{net: net, md: md}
	if dg != nil {
		if b.choices, err = dg.Choices(ev, sol); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// decides reports whether the beliefs are under the best policies of the
// model's decisions.
func (b *beliefs) decides() bool { return b.choices != nil }

// isDecision reports whether v is one of the model's decisions, whose
// option is chosen, not learnt: the analyses neither offer it as
// something to observe nor treat its table as a number to doubt, as they
// do a node set by action.
func (b *beliefs) isDecision(v int) bool {
	return v < len(b.md.Nodes) && b.md.Nodes[v].Role == model.RoleDecision
}

// writeLine prints, for a model with decisions, the line of a text
// report's header that says the beliefs are under the best policies and
// what each decision takes (decision.ChoicesText), in a tabwriter's
// "key:\tvalue" form; nothing otherwise.
func (b *beliefs) writeLine(w io.Writer) {
	if b.decides() {
		fmt.Fprintf(w, "decisions:\t%s\n", decision.ChoicesText(b.md, b.choices))
	}
}

// policies writes the "policies" JSON field's value: by decision id, the
// option it takes — set by action, observed (a hard finding), or chosen
// by its best policy whatever it sees — or, when the policy's choice
// depends on what the decision sees, the policy as decide writes it,
// [{"given": {...}, "choose": "..."}] over every case; null for a
// decision with a soft finding, which stands in for its choice.
func (b *beliefs) policies() []byte {
	n := b.net
	o := &jsonObject{}
	for _, c := range b.choices {
		d := c.Decision
		switch {
		case c.Option >= 0:
			o.str(n.Name(d), n.Variable(d).States[c.Option])
		case c.Kind != decision.ByPolicy:
			o.null(n.Name(d))
		default:
			ps := n.Parents(d)
			rows := make([]string, len(c.Policy))
			var states []int
			for r, opt := range c.Policy {
				states = n.ParentStates(d, r, states)
				given := &jsonObject{}
				for j, p := range ps {
					given.str(n.Name(p), n.Variable(p).States[states[j]])
				}
				row := &jsonObject{}
				row.object("given", given)
				row.str("choose", n.Variable(d).States[opt])
				rows[r] = string(row.bytes())
			}
			o.key(n.Name(d))
			o.buf.WriteString("[" + strings.Join(rows, ", ") + "]")
		}
	}
	return o.bytes()
}

// addPolicies adds the "policies" field to a JSON object for a model
// with decisions.
func (b *beliefs) addPolicies(o *jsonObject) {
	if b.decides() {
		o.key("policies")
		o.buf.Write(b.policies())
	}
}
