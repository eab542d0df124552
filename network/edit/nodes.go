package edit

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/network"
	"brink/network/model"
)

// Empty returns a model with no nodes, titled title.
func Empty(title string) (Doc, error) {
	net, err := network.New(nil)
	if err != nil {
		return Doc{}, fmt.Errorf("edit: %w", err)
	}
	m := model.New(net)
	m.Title = title
	return Doc{Model: m}, nil
}

// Template returns a model to start from: an intention node ("Intention":
// Engage, Pressure, Escalate) driving an outcome node ("Outcome": Stable,
// Crisis), with tables to be revised (every row marked for review).
func Template(title string) (Doc, error) {
	d, err := Empty(title)
	if err != nil {
		return Doc{}, err
	}
	if d, err = AddNode(d, NodeSpec{ID: "intention", Label: "Intention", Role: model.RoleIntention,
		States: []string{"engage", "pressure", "escalate"}, StateLabels: []string{"Engage", "Pressure", "Escalate"},
		Position: &model.Point{X: 200, Y: 100}}); err != nil {
		return Doc{}, err
	}
	if d, err = AddNode(d, NodeSpec{ID: "outcome", Label: "Outcome", Role: model.RoleOutcome,
		States: []string{"stable", "crisis"}, StateLabels: []string{"Stable", "Crisis"},
		Position: &model.Point{X: 200, Y: 300}}); err != nil {
		return Doc{}, err
	}
	d, err = AddEdge(d, 0, 1)
	d.Notes = nil
	return d, err
}

// NodeSpec describes a node to add.
type NodeSpec struct {
	// ID is the node's name in files and scripts; empty means one made
	// from Label ("US carrier deployment" → "us_carrier_deployment").
	ID          string
	Label       string
	Role        model.Role
	Group       string
	Description string
	// States are the state ids, at least two; none means "yes", "no".
	States      []string
	StateLabels []string
	Position    *model.Point
}

// AddNode adds a node without parents and with equal probabilities for
// its states (its one row marked for review).
func AddNode(d Doc, ns NodeSpec) (Doc, error) {
	if d.Model == nil {
		return Doc{}, fmt.Errorf("edit: no model: %w", ErrNoSuch)
	}
	dr := open(d)
	id := ns.ID
	if id == "" {
		id = dr.freeID(IDFromLabel(ns.Label))
	}
	if err := dr.checkNewID(id); err != nil {
		return Doc{}, err
	}
	states := ns.States
	labels := slices.Clone(ns.StateLabels)
	if len(states) == 0 {
		states, labels = []string{"yes", "no"}, []string{"Yes", "No"}
	}
	if len(states) < 2 {
		return Doc{}, fmt.Errorf("edit: node %q: %w", id, ErrLastState)
	}
	for _, s := range states {
		if err := network.CheckStateName(s); err != nil {
			return Doc{}, fmt.Errorf("edit: node %q: state %w (%w)", id, err, ErrName)
		}
	}
	if len(labels) > len(states) {
		labels = labels[:len(states)]
	}
	nd := model.Node{Label: ns.Label, Role: ns.Role, Group: ns.Group, Description: ns.Description, StateLabels: labels, Review: []int{0}}
	if p := ns.Position; p != nil && !math.IsNaN(p.X+p.Y) && !math.IsInf(p.X+p.Y, 0) {
		c := *p
		nd.Position = &c // a position that is not finite is left to the layout
	}
	dr.vars = append(dr.vars, variable{
		spec: network.VariableSpec{Name: id, States: slices.Clone(states), CPT: uniform(len(states))},
		node: nd,
	})
	return dr.build()
}

// IDFromLabel makes a node or state id from a label: lower case, letters
// and digits kept, everything else run together into underscores ("Iran's
// threat perception" → "iran_s_threat_perception"); "node" when nothing
// is left.
func IDFromLabel(label string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(label) {
		if r == '_' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || (r > 127 && network.CheckVariableName(string(r)) == nil) {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	id := b.String()
	if id == "" || network.CheckVariableName(id) != nil {
		return "node"
	}
	return id
}

// freeID returns id, or id_2, id_3, … when it is taken.
func (dr *draft) freeID(id string) string {
	if dr.index(id) < 0 {
		return id
	}
	for k := 2; ; k++ {
		if c := fmt.Sprintf("%s_%d", id, k); dr.index(c) < 0 {
			return c
		}
	}
}

func (dr *draft) checkNewID(id string) error {
	if err := network.CheckVariableName(id); err != nil {
		return fmt.Errorf("edit: node id %w (%w)", err, ErrName)
	}
	if i := dr.index(id); i >= 0 {
		return fmt.Errorf("edit: the id %q is taken by %s: %w", id, dr.label(i), ErrName)
	}
	for k := range dr.info.Utilities {
		if dr.info.Utilities[k].ID == id {
			return fmt.Errorf("edit: the id %q is taken by the utility %s: %w", id, dr.utilityLabel(k), ErrName)
		}
	}
	return nil
}

// DeleteNode removes node v: its edges go (each child's rows are
// averaged over v's states and marked for review), and so do findings on
// it, in the scenarios and among the current findings.
func DeleteNode(d Doc, v int) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	name := dr.vars[v].spec.Name
	label := dr.label(v)
	for c := range dr.vars {
		if j := slices.Index(dr.vars[c].spec.Parents, name); j >= 0 {
			dr.removeParentRows(c, j)
			dr.note("%s no longer depends on %s: its rows were averaged over the states of %s; check them", dr.label(c), label, label)
		}
	}
	dr.removeUtilityParent(name, label)
	dr.vars = slices.Delete(dr.vars, v, v+1)
	dr.dropFindings(name, label, func(*model.Finding) (bool, string) { return false, "the node was deleted" })
	return dr.build()
}

// Losses describes what deleting node v would take with it, for a
// confirmation: its edges to children, and the findings on it.
func Losses(d Doc, v int) []string {
	if check(d, v) != nil {
		return nil
	}
	m := d.Model
	var out []string
	if cs := m.Net.Children(v); len(cs) > 0 {
		names := make([]string, len(cs))
		for i, c := range cs {
			names[i] = m.Label(c)
		}
		out = append(out, fmt.Sprintf("its edges to %s (their tables are averaged over its states)", strings.Join(names, ", ")))
	}
	if ps := m.Net.Parents(v); len(ps) > 0 {
		out = append(out, fmt.Sprintf("its table of %d rows over %d parents", m.Net.ParentConfigs(v), len(ps)))
	}
	name := m.Net.Name(v)
	var us []string
	for _, u := range m.Utilities {
		if slices.Contains(u.Parents, name) {
			us = append(us, u.DisplayLabel())
		}
	}
	if len(us) > 0 {
		out = append(out, utilitiesOver(us))
	}
	for _, sc := range m.Scenarios {
		if slices.ContainsFunc(sc.Findings, func(f model.Finding) bool { return f.Node == name }) {
			out = append(out, fmt.Sprintf("its finding in scenario “%s”", sc.DisplayTitle()))
		}
	}
	if slices.ContainsFunc(d.Findings, func(f model.Finding) bool { return f.Node == name }) {
		out = append(out, "its current finding")
	}
	return out
}

// RenameNode gives node v a new id; its children's parents and the
// findings on it follow. An id another node has is refused.
func RenameNode(d Doc, v int, id string) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	old := dr.vars[v].spec.Name
	if id == old {
		return dr.build()
	}
	if err := dr.checkNewID(id); err != nil {
		return Doc{}, err
	}
	dr.vars[v].spec.Name = id
	dr.renameUtilityParents(old, id)
	dr.renameLog(old, id)
	for c := range dr.vars {
		for j, p := range dr.vars[c].spec.Parents {
			if p == old {
				dr.vars[c].spec.Parents[j] = id
			}
		}
	}
	for _, fs := range dr.findingLists() {
		for i := range *fs {
			if (*fs)[i].Node == old {
				(*fs)[i].Node = id
			}
		}
	}
	return dr.build()
}

// NodeInfo is a node's documentation, as the inspector edits it.
type NodeInfo struct {
	Label       string
	Description string
	Rationale   string
	Role        model.Role
	Group       string
	Citations   []model.Citation
}

// Info returns node v's documentation.
func Info(d Doc, v int) NodeInfo {
	nd := d.Model.Nodes[v]
	return NodeInfo{Label: nd.Label, Description: nd.Description, Rationale: nd.Rationale, Role: nd.Role, Group: nd.Group, Citations: slices.Clone(nd.Citations)}
}

// SetInfo replaces node v's documentation. A citation of a source the
// model does not list is refused.
func SetInfo(d Doc, v int, info NodeInfo) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	for _, c := range info.Citations {
		if c.Source != "" && !slices.ContainsFunc(dr.info.Sources, func(s model.Source) bool { return s.ID == c.Source }) {
			return Doc{}, fmt.Errorf("edit: node %s: citation of source %q, which the model does not list: %w", dr.label(v), c.Source, ErrNoSuch)
		}
	}
	nd := &dr.vars[v].node
	nd.Label, nd.Description, nd.Rationale, nd.Role, nd.Group = info.Label, info.Description, info.Rationale, info.Role, info.Group
	nd.Citations = slices.Clone(info.Citations)
	return dr.build()
}

// SetSources replaces the model's list of sources. A source still cited
// by a node cannot be removed.
func SetSources(d Doc, sources []model.Source) (Doc, error) {
	if d.Model == nil {
		return Doc{}, fmt.Errorf("edit: no model: %w", ErrNoSuch)
	}
	dr := open(d)
	ids := map[string]bool{}
	for _, s := range sources {
		if s.ID == "" || ids[s.ID] {
			return Doc{}, fmt.Errorf("edit: source id %q is empty or given twice: %w", s.ID, ErrName)
		}
		ids[s.ID] = true
	}
	for i, v := range dr.vars {
		for _, c := range v.node.Citations {
			if c.Source != "" && !ids[c.Source] {
				return Doc{}, fmt.Errorf("edit: source %q is cited by %s: %w", c.Source, dr.label(i), ErrNoSuch)
			}
		}
	}
	dr.info.Sources = slices.Clone(sources)
	return dr.build()
}

// MoveNode sets node v's position.
func MoveNode(d Doc, v int, p model.Point) (Doc, error) {
	if err := check(d, v); err != nil {
		return Doc{}, err
	}
	dr := open(d)
	dr.vars[v].node.Position = &p
	return dr.build()
}

// findingLists returns the draft's lists of findings: each scenario's,
// then the current ones.
func (dr *draft) findingLists() []*[]model.Finding {
	out := make([]*[]model.Finding, 0, len(dr.scenarios)+1)
	for i := range dr.scenarios {
		out = append(out, &dr.scenarios[i].Findings)
	}
	return append(out, &dr.findings)
}

// dropFindings applies fix to every finding on node name (read as
// label), in the scenarios and the current findings; a finding fix does
// not keep is dropped with a note saying why.
func (dr *draft) dropFindings(name, label string, fix func(*model.Finding) (keep bool, why string)) {
	for x, fs := range dr.findingLists() {
		where := "the current findings"
		if x < len(dr.scenarios) {
			where = "scenario “" + dr.scenarios[x].DisplayTitle() + "”"
		}
		kept := (*fs)[:0]
		for _, f := range *fs {
			if f.Node == name {
				keep, why := fix(&f)
				if !keep {
					dr.note("the finding on %s in %s was dropped: %s", label, where, why)
					continue
				}
			}
			kept = append(kept, f)
		}
		*fs = kept
	}
	dr.fixLog(name, label, fix)
}
