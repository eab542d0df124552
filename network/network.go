// Package network holds Brink's discrete Bayesian network: variables with
// named states, the directed acyclic graph of their dependencies, and one
// conditional probability table (CPT) per variable.
//
// A Network is validated when it is built and immutable afterwards, so that
// inference engines may hold a reference to it and share it between
// goroutines. Evidence is a separate value (see Evidence), and inference lives
// in its own packages (see network/jtree).
package network

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// SumTolerance is how far a CPT row may sum from 1 and still be accepted.
// Accepted rows are divided by their sum, so that inference sees exact
// distributions; files that round their numbers (the bnlearn exports are off
// by up to 3e-7) therefore give the same answers as exact ones.
const SumTolerance = 1e-6

// Sentinel causes of validation errors, reachable with errors.Is.
var (
	ErrDuplicateVariable = errors.New("duplicate variable")
	ErrDuplicateState    = errors.New("duplicate state")
	ErrNoStates          = errors.New("variable has no states")
	ErrUnknownParent     = errors.New("unknown parent")
	ErrCycle             = errors.New("cycle")
	ErrCPTShape          = errors.New("CPT has the wrong number of entries")
	ErrCPTSum            = errors.New("CPT row does not sum to 1")
	ErrCPTNegative       = errors.New("CPT entry is negative or not finite")
	ErrUnknownVariable   = errors.New("unknown variable")
	ErrUnknownState      = errors.New("unknown state")
)

// Variable is a discrete random variable: a name and its mutually exclusive
// states.
type Variable struct {
	Name   string
	States []string
}

// StateIndex returns the index of the named state, or -1.
func (v *Variable) StateIndex(state string) int {
	return slices.Index(v.States, state)
}

// VariableSpec describes one variable for New.
//
// CPT holds P(variable | parents) as a flat table. Parent configurations are
// enumerated in row-major order over Parents (the first parent varies
// slowest, the last fastest); within one configuration the variable's own
// states follow in order. The table therefore has
// len(States) × Π len(parent states) entries, and each run of len(States)
// consecutive entries is one distribution.
type VariableSpec struct {
	Name    string
	States  []string
	Parents []string
	CPT     []float64
}

// Network is a validated, immutable discrete Bayesian network.
//
// Variables are identified by their index, 0..NumVariables()-1, in the
// order they were given to New.
type Network struct {
	vars     []Variable
	parents  [][]int
	children [][]int
	cpts     [][]float64
	index    map[string]int
	order    []int // a topological order
}

// Error is one validation problem, naming the variable and, for CPT rows,
// the parent configuration.
type Error struct {
	Variable string // the variable concerned, if any
	Config   string // the parent configuration, e.g. "smoke=yes, asia=no"
	Err      error  // the sentinel cause
	Detail   string // more detail, e.g. the offending sum
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("network: ")
	if e.Variable != "" {
		fmt.Fprintf(&b, "variable %q: ", e.Variable)
	}
	b.WriteString(e.Err.Error())
	if e.Config != "" {
		fmt.Fprintf(&b, " (given %s)", e.Config)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Subject returns the variable and parent configuration the error is
// about, so that readers can place it in their file without knowing this
// type (see diag.Collector.AddNetworkErrors).
func (e *Error) Subject() (variable, config string) { return e.Variable, e.Config }

// CycleError reports a directed cycle among the variables. Cycle lists the
// variables along one cycle, in the direction of the arrows.
type CycleError struct {
	Cycle []string
}

func (e *CycleError) Error() string {
	c := append(slices.Clone(e.Cycle), e.Cycle[0])
	return "network: cycle: " + strings.Join(c, " -> ")
}

func (e *CycleError) Unwrap() error { return ErrCycle }

// CycleVariables returns the variables along the cycle, so that readers
// can place the error in their file without knowing this type (see
// diag.Collector.AddNetworkErrors).
func (e *CycleError) CycleVariables() []string { return e.Cycle }

// New validates the specifications and builds a network. Every problem found
// is reported, joined with errors.Join; each is an *Error or a *CycleError.
// Names must pass CheckVariableName and CheckStateName (readers normalise
// them with NormalName first).
// CPT rows within SumTolerance of 1 are normalised to sum exactly to 1.
func New(specs []VariableSpec) (*Network, error) {
	n := &Network{
		vars:     make([]Variable, len(specs)),
		parents:  make([][]int, len(specs)),
		children: make([][]int, len(specs)),
		cpts:     make([][]float64, len(specs)),
		index:    make(map[string]int, len(specs)),
	}
	var errs errorList
	for i, s := range specs {
		if _, dup := n.index[s.Name]; dup {
			errs.add(&Error{Variable: s.Name, Err: ErrDuplicateVariable})
			continue
		}
		n.index[s.Name] = i
		if err := CheckVariableName(s.Name); err != nil {
			errs.add(&Error{Variable: s.Name, Err: ErrBadName, Detail: err.(*NameError).Reason})
		}
		if len(s.States) == 0 {
			errs.add(&Error{Variable: s.Name, Err: ErrNoStates})
		}
		seen := make(map[string]bool, len(s.States))
		for _, st := range s.States {
			if err := CheckStateName(st); err != nil {
				errs.add(&Error{Variable: s.Name, Err: ErrBadName, Detail: "state " + err.Error()})
				continue
			}
			if seen[st] {
				errs.add(&Error{Variable: s.Name, Err: ErrDuplicateState, Detail: fmt.Sprintf("%q", st)})
			}
			seen[st] = true
		}
		n.vars[i] = Variable{Name: s.Name, States: slices.Clone(s.States)}
	}
	if errs.n > 0 {
		return nil, errs.err()
	}
	for i, s := range specs {
		ps := make([]int, 0, len(s.Parents))
		for _, p := range s.Parents {
			j, ok := n.index[p]
			if !ok {
				errs.add(&Error{Variable: s.Name, Err: ErrUnknownParent, Detail: fmt.Sprintf("%q", p)})
				continue
			}
			if slices.Contains(ps, j) {
				errs.add(&Error{Variable: s.Name, Err: ErrDuplicateVariable, Detail: fmt.Sprintf("parent %q listed twice", p)})
				continue
			}
			ps = append(ps, j)
			n.children[j] = append(n.children[j], i)
		}
		n.parents[i] = ps
	}
	if errs.n > 0 {
		return nil, errs.err()
	}
	order, err := topoOrder(n)
	if err != nil {
		return nil, err
	}
	n.order = order
	for i, s := range specs {
		cpt, cerrs := n.checkCPT(i, s.CPT)
		errs.merge(cerrs)
		n.cpts[i] = cpt
	}
	if errs.n > 0 {
		return nil, errs.err()
	}
	return n, nil
}

// maxErrors is how many problems New reports in detail; the rest are
// counted, so that a table with a million bad rows costs neither time nor
// memory in messages.
const maxErrors = 50

// ErrMore is the cause of the last error New reports when it found more
// than it shows.
var ErrMore = errors.New("more problems not shown")

// errorList keeps the first maxErrors errors and counts the rest.
type errorList struct {
	errs []error
	n    int
}

func (l *errorList) add(e error) {
	if len(l.errs) < maxErrors {
		l.errs = append(l.errs, e)
	}
	l.n++
}

func (l *errorList) merge(m errorList) {
	for _, e := range m.errs {
		if len(l.errs) < maxErrors {
			l.errs = append(l.errs, e)
		}
	}
	l.n += m.n
}

func (l *errorList) err() error {
	if l.n == 0 {
		return nil
	}
	errs := l.errs
	if l.n > len(errs) {
		errs = append(errs, &Error{Err: ErrMore, Detail: fmt.Sprintf("%d more", l.n-len(l.errs))})
	}
	return errors.Join(errs...)
}

// topoOrder sorts the variables topologically with gonum's topo.Sort and
// turns an unorderable graph into a CycleError.
func topoOrder(n *Network) ([]int, error) {
	g := simple.NewDirectedGraph()
	for i := range n.vars {
		g.AddNode(simple.Node(i))
	}
	for i, ps := range n.parents {
		for _, p := range ps {
			if p == i {
				return nil, &CycleError{Cycle: []string{n.vars[i].Name}}
			}
			g.SetEdge(simple.Edge{F: simple.Node(p), T: simple.Node(i)})
		}
	}
	sorted, err := topo.Sort(g)
	if err == nil {
		order := make([]int, len(sorted))
		for k, nd := range sorted {
			order[k] = int(nd.ID())
		}
		return order, nil
	}
	var unorderable topo.Unorderable
	if errors.As(err, &unorderable) && len(unorderable) > 0 {
		comp := unorderable[0]
		return nil, &CycleError{Cycle: n.cycleWithin(comp)}
	}
	return nil, fmt.Errorf("network: sorting variables: %w", err)
}

// cycleWithin finds one directed cycle inside a strongly connected
// component and returns it in arrow order.
func (n *Network) cycleWithin(comp []graph.Node) []string {
	in := make(map[int]bool, len(comp))
	for _, nd := range comp {
		in[int(nd.ID())] = true
	}
	start := int(comp[0].ID())
	// Walk backwards along parents inside the component until a variable
	// repeats; the repeated stretch is a cycle.
	pos := map[int]int{}
	var path []int
	v := start
	for {
		if k, ok := pos[v]; ok {
			cyc := path[k:]
			slices.Reverse(cyc)
			// Start at the variable given first, for stable messages.
			m := slices.Index(cyc, slices.Min(cyc))
			cyc = slices.Concat(cyc[m:], cyc[:m])
			names := make([]string, len(cyc))
			for i, c := range cyc {
				names[i] = n.vars[c].Name
			}
			return names
		}
		pos[v] = len(path)
		path = append(path, v)
		for _, p := range n.parents[v] {
			if in[p] {
				v = p
				break
			}
		}
	}
}

// checkCPT validates one CPT and returns it normalised.
func (n *Network) checkCPT(v int, cpt []float64) ([]float64, errorList) {
	name := n.vars[v].Name
	k := len(n.vars[v].States)
	want := k
	for _, p := range n.parents[v] {
		c := len(n.vars[p].States)
		if want > math.MaxInt32/c {
			var errs errorList
			errs.add(&Error{Variable: name, Err: ErrCPTShape, Detail: "the table would have more than 2³¹ entries"})
			return nil, errs
		}
		want *= c
	}
	if len(cpt) != want {
		var errs errorList
		errs.add(&Error{Variable: name, Err: ErrCPTShape,
			Detail: fmt.Sprintf("got %d, want %d (%d states × %d parent configurations)", len(cpt), want, k, want/k)})
		return nil, errs
	}
	out := slices.Clone(cpt)
	var errs errorList
	for row := 0; row*k < len(out); row++ {
		r := out[row*k : (row+1)*k]
		c := CheckRow(r)
		if c.Bad >= 0 {
			for j, p := range r {
				if p < 0 || math.IsNaN(p) || math.IsInf(p, 0) {
					errs.add(&Error{Variable: name, Config: n.ConfigString(v, row), Err: ErrCPTNegative,
						Detail: fmt.Sprintf("P(%s) = %v", n.vars[v].States[j], p)})
				}
			}
			continue
		}
		if !c.Acceptable {
			errs.add(&Error{Variable: name, Config: n.ConfigString(v, row), Err: ErrCPTSum,
				Detail: fmt.Sprintf("sums to %.9g (off by %+.3g)", c.Sum, c.Sum-1)})
			continue
		}
		// Rows already 1 up to rounding are kept as given, so that
		// New(n.Specs()) reproduces n exactly; others are divided by
		// their sum.
		NormaliseRow(r)
	}
	return out, errs
}

// NumVariables returns the number of variables.
func (n *Network) NumVariables() int { return len(n.vars) }

// Variable returns variable v. The result must not be modified.
func (n *Network) Variable(v int) *Variable { return &n.vars[v] }

// Name returns the name of variable v.
func (n *Network) Name(v int) string { return n.vars[v].Name }

// Card returns the number of states of variable v.
func (n *Network) Card(v int) int { return len(n.vars[v].States) }

// Index returns the index of the named variable.
func (n *Network) Index(name string) (int, bool) {
	i, ok := n.index[name]
	return i, ok
}

// Parents returns the parents of v in CPT order. The result must not be
// modified.
func (n *Network) Parents(v int) []int { return n.parents[v] }

// Children returns the children of v. The result must not be modified.
func (n *Network) Children(v int) []int { return n.children[v] }

// CPT returns the conditional probability table of v in the layout described
// at VariableSpec. The result must not be modified.
func (n *Network) CPT(v int) []float64 { return n.cpts[v] }

// TopologicalOrder returns the variables ordered parents before children.
// The result must not be modified.
func (n *Network) TopologicalOrder() []int { return n.order }

// ParentConfigs returns the number of parent configurations of v, the
// number of rows of its CPT.
func (n *Network) ParentConfigs(v int) int {
	c := 1
	for _, p := range n.parents[v] {
		c *= len(n.vars[p].States)
	}
	return c
}

// ParentStates decodes CPT row number row of v into one state index per
// parent, in parent order, writing into dst (grown if needed).
func (n *Network) ParentStates(v, row int, dst []int) []int {
	ps := n.parents[v]
	dst = slices.Grow(dst[:0], len(ps))[:len(ps)]
	for i := len(ps) - 1; i >= 0; i-- {
		c := len(n.vars[ps[i]].States)
		dst[i] = row % c
		row /= c
	}
	return dst
}

// ConfigString describes CPT row number row of v, e.g. "smoke=yes, asia=no".
func (n *Network) ConfigString(v, row int) string {
	ps := n.parents[v]
	if len(ps) == 0 {
		return ""
	}
	states := n.ParentStates(v, row, nil)
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = n.vars[p].Name + "=" + n.vars[p].States[states[i]]
	}
	return strings.Join(parts, ", ")
}

// Specs returns the specifications that rebuild this network, with the
// normalised CPTs.
func (n *Network) Specs() []VariableSpec {
	specs := make([]VariableSpec, len(n.vars))
	for i, v := range n.vars {
		ps := make([]string, len(n.parents[i]))
		for j, p := range n.parents[i] {
			ps[j] = n.vars[p].Name
		}
		specs[i] = VariableSpec{Name: v.Name, States: slices.Clone(v.States), Parents: ps, CPT: slices.Clone(n.cpts[i])}
	}
	return specs
}

// WithCPT returns a network identical to n except that variable v has the
// given CPT. The structure is shared, so engines compiled for n can accept
// the result without recompiling (see SameStructure).
func (n *Network) WithCPT(v int, cpt []float64) (*Network, error) {
	checked, errs := n.checkCPT(v, cpt)
	if errs.n > 0 {
		return nil, errs.err()
	}
	m := *n
	m.cpts = slices.Clone(n.cpts)
	m.cpts[v] = checked
	return &m, nil
}

// SameStructure reports whether m has the same variables, states and
// parents as n, so that a junction tree compiled for one serves the other.
func (n *Network) SameStructure(m *Network) bool {
	if n == m {
		return true
	}
	if len(n.vars) != len(m.vars) {
		return false
	}
	for i := range n.vars {
		if len(n.vars[i].States) != len(m.vars[i].States) || !slices.Equal(n.parents[i], m.parents[i]) {
			return false
		}
	}
	return true
}
