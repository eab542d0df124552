// Package edit revises a model: nodes, states, edges, tables and
// documentation, one change at a time, as the app's Edit menu, card menu
// and inspector do. Every edit is a function from one Doc (a model and
// the findings set on it) to a new Doc; the old one is never changed, so
// that undo is keeping the old value. An edit that would leave an invalid
// network (a cycle, a duplicate name, a row that does not sum to 1) is
// refused with an error that names the nodes by their labels, and nothing
// changes.
//
// Edits keep what still makes sense and say what they dropped or filled
// in, in Doc.Notes: a finding on a deleted state goes, a child's rows for
// a new parent state are copied from a neighbouring state and marked for
// review (model.Node.Review), rows over a removed parent are averaged and
// marked.
package edit

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"brink/network"
	"brink/network/model"
)

// Doc is what an edit changes: a model and the findings currently set on
// it, by names (so that they survive the rebuilt network).
type Doc struct {
	Model    *model.Model
	Findings []model.Finding
	// Notes says what the edit that made this Doc dropped or filled in,
	// for the analyst; empty when it changed only what was asked.
	Notes []string
}

// MaxTableEntries is the largest CPT an edit may create: adding a parent
// multiplies a table's size, and a table this large is already more than
// anyone elicits by hand.
const MaxTableEntries = 1 << 20

// Sentinel causes, reachable with errors.Is.
var (
	// ErrName: an id that is empty, malformed or already taken.
	ErrName = errors.New("bad or duplicate name")
	// ErrNoSuch: a node, state or edge that is not there.
	ErrNoSuch = errors.New("no such node, state or edge")
	// ErrCycle: an edge that would close a directed cycle.
	ErrCycle = errors.New("cycle")
	// ErrTable: a table of the wrong size, or a row that is not a
	// distribution.
	ErrTable = errors.New("bad table")
	// ErrTooLarge: a table larger than MaxTableEntries.
	ErrTooLarge = errors.New("table too large")
	// ErrLastState: deleting a node's last two states would leave it
	// with fewer than two.
	ErrLastState = errors.New("a node needs two states")
)

// variable is one node of a draft: its specification by names and its
// documentation.
type variable struct {
	spec network.VariableSpec
	node model.Node
}

// draft is a model being edited: deep copies of everything an edit may
// change.
type draft struct {
	info      model.Model // model-level fields; Net, Nodes and Scenarios unused
	vars      []variable
	scenarios []model.Scenario
	findings  []model.Finding
	notes     []string
}

func open(d Doc) *draft {
	m := d.Model
	dr := &draft{info: *m}
	dr.info.Net, dr.info.Nodes, dr.info.Scenarios = nil, nil, nil
	dr.info.Authors = slices.Clone(m.Authors)
	dr.info.Limits = slices.Clone(m.Limits)
	dr.info.Sources = slices.Clone(m.Sources)
	dr.copyUtilities()
	dr.copyLog()
	n := m.Net
	for v := range n.NumVariables() {
		vr := n.Variable(v)
		parents := make([]string, len(n.Parents(v)))
		for i, p := range n.Parents(v) {
			parents[i] = n.Name(p)
		}
		dr.vars = append(dr.vars, variable{
			spec: network.VariableSpec{Name: vr.Name, States: slices.Clone(vr.States), Parents: parents, CPT: slices.Clone(n.CPT(v))},
			node: copyNode(m.Nodes[v]),
		})
	}
	for _, sc := range m.Scenarios {
		sc.Findings = copyFindings(sc.Findings)
		dr.scenarios = append(dr.scenarios, sc)
	}
	dr.findings = copyFindings(d.Findings)
	return dr
}

func copyNode(nd model.Node) model.Node {
	nd.StateLabels = slices.Clone(nd.StateLabels)
	nd.Citations = slices.Clone(nd.Citations)
	nd.Review = slices.Clone(nd.Review)
	if c := nd.Canonical; c != nil {
		cc := *c
		cc.ParentAbsent = slices.Clone(c.ParentAbsent)
		cc.Causes = make([][][]float64, len(c.Causes))
		for i, rows := range c.Causes {
			cc.Causes[i] = make([][]float64, len(rows))
			for s, r := range rows {
				cc.Causes[i][s] = slices.Clone(r)
			}
		}
		cc.Leak = slices.Clone(c.Leak)
		cc.Weights = slices.Clone(c.Weights)
		cc.Outcome = slices.Clone(c.Outcome)
		nd.Canonical = &cc
	}
	if nd.Position != nil {
		p := *nd.Position
		nd.Position = &p
	}
	return nd
}

func copyFindings(fs []model.Finding) []model.Finding {
	out := make([]model.Finding, len(fs))
	for i, f := range fs {
		f.NotStates = slices.Clone(f.NotStates)
		f.Weights = slices.Clone(f.Weights)
		if f.Provenance != nil {
			p := *f.Provenance
			f.Provenance = &p
		}
		out[i] = f
	}
	return out
}

// build validates the draft and returns it as a Doc.
func (dr *draft) build() (Doc, error) {
	specs := make([]network.VariableSpec, len(dr.vars))
	for i, v := range dr.vars {
		specs[i] = v.spec
	}
	net, err := network.New(specs)
	if err != nil {
		var ce *network.CycleError
		if errors.As(err, &ce) {
			return Doc{}, fmt.Errorf("edit: %w: %s", ErrCycle, dr.cycleText(ce.CycleVariables()))
		}
		return Doc{}, fmt.Errorf("edit: %w", err)
	}
	dr.pruneLog(net)
	m := dr.info
	m.Net = net
	m.Nodes = make([]model.Node, len(dr.vars))
	for i, v := range dr.vars {
		m.Nodes[i] = v.node
		if !v.node.Role.Valid() {
			return Doc{}, fmt.Errorf("edit: node %s: role %q is not one of %v", dr.label(i), v.node.Role, model.Roles)
		}
	}
	m.Scenarios = dr.scenarios
	if err := m.CheckUtilities("id"); err != nil {
		return Doc{}, fmt.Errorf("edit: %w", err)
	}
	return Doc{Model: &m, Findings: dr.findings, Notes: dr.notes}, nil
}

// cycleText names a cycle by labels: "A → B → C → A".
func (dr *draft) cycleText(names []string) string {
	labels := make([]string, 0, len(names)+1)
	for _, name := range names {
		if i := dr.index(name); i >= 0 {
			labels = append(labels, dr.label(i))
		} else {
			labels = append(labels, name)
		}
	}
	if len(labels) > 0 && labels[0] != labels[len(labels)-1] {
		labels = append(labels, labels[0])
	}
	return strings.Join(labels, " → ")
}

func (dr *draft) index(name string) int {
	return slices.IndexFunc(dr.vars, func(v variable) bool { return v.spec.Name == name })
}

// label is what a person reads for node i: its label in quotes, or its
// id.
func (dr *draft) label(i int) string {
	if l := dr.vars[i].node.Label; l != "" {
		return "“" + l + "”"
	}
	return "“" + dr.vars[i].spec.Name + "”"
}

func (dr *draft) stateLabel(i, s int) string {
	if ls := dr.vars[i].node.StateLabels; s < len(ls) && ls[s] != "" {
		return ls[s]
	}
	return dr.vars[i].spec.States[s]
}

func (dr *draft) note(format string, args ...any) {
	dr.notes = append(dr.notes, fmt.Sprintf(format, args...))
}

// check reports an error when v is not a node of d.
func check(d Doc, v int) error {
	if d.Model == nil || v < 0 || v >= d.Model.Net.NumVariables() {
		return fmt.Errorf("edit: node %d: %w", v, ErrNoSuch)
	}
	return nil
}

// checkState reports an error when s is not a state of node v.
func checkState(d Doc, v, s int) error {
	if err := check(d, v); err != nil {
		return err
	}
	if s < 0 || s >= d.Model.Net.Card(v) {
		return fmt.Errorf("edit: node %s has no state %d: %w", d.Model.Label(v), s, ErrNoSuch)
	}
	return nil
}

// strides returns the row strides of a table over parents with the given
// numbers of states: the first parent varies slowest.
func strides(cards []int) []int {
	st := make([]int, len(cards))
	k := 1
	for j := len(cards) - 1; j >= 0; j-- {
		st[j] = k
		k *= cards[j]
	}
	return st
}

// cards returns the numbers of states of node i's parents.
func (dr *draft) cards(i int) []int {
	ps := dr.vars[i].spec.Parents
	out := make([]int, len(ps))
	for j, p := range ps {
		out[j] = len(dr.vars[dr.index(p)].spec.States)
	}
	return out
}

// plain turns node i's canonical model, if it has one, into the plain
// table it gives (which the draft already holds), with a note saying why:
// an edit of the table, or of the states or parents it is over, has no
// place in the model's parameters.
func (dr *draft) plain(i int, why string) {
	nd := &dr.vars[i].node
	if nd.Canonical == nil {
		return
	}
	dr.note("%s is now a plain table (its %s parameters were dropped) because %s; Undo brings them back", dr.label(i), nd.Canonical.Kind, why)
	nd.Canonical = nil
}

// markReview adds rows to node i's review marks, keeping them sorted and
// unique.
func (dr *draft) markReview(i int, rows ...int) {
	nd := &dr.vars[i].node
	nd.Review = append(nd.Review, rows...)
	slices.Sort(nd.Review)
	nd.Review = slices.Compact(nd.Review)
}
