package canonical

import (
	"fmt"
	"strings"
)

// Deterministic is a child that is a function of its parents, given as a
// table: Outcome[r] is the child's state for parent configuration r, the
// configurations in row-major order over Parents (the first parent
// slowest, the last fastest), as in the CPT. The expanded row r is
//
//	P(Y = j | configuration r) = 1 if j = Outcome[r], else 0.
//
// This is the form of GeNIe's deterministic node, whose
// resultingstates list one child state per configuration.
type Deterministic struct {
	States  int   // the number of the child's states, at least 1
	Parents []int // the number of states of each parent, each at least 1
	Outcome []int // one child state per parent configuration: len(Outcome) == Π Parents
}

// CPT returns the table of the deterministic model: States × Π Parents
// entries, refused above maxEntries (zero: DefaultMaxEntries; negative: no
// bound but overflow).
func (m Deterministic) CPT(maxEntries int) ([]float64, error) {
	c := checker{model: "deterministic"}
	n, ok := shape(&c, m.States, m.Parents, maxEntries)
	if !ok {
		return nil, c.err()
	}
	if configs := n / m.States; len(m.Outcome) != configs {
		c.add("Outcome", ErrCount, "%d outcomes for %d parent configurations", len(m.Outcome), configs)
		return nil, c.err()
	}
	config := make([]int, len(m.Parents))
	for r, j := range m.Outcome {
		if j < 0 || j >= m.States {
			c.add(fmt.Sprintf("Outcome[%d]", r), ErrState, "state %d of a child with %d states (given parent states %s)", j, m.States, configText(config))
		}
		next(config, m.Parents)
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return oneHot(m.States, m.Outcome), nil
}

// Rule is a deterministic child given as a function: Of(config) is the
// child's state when parent i is in state config[i]. Of is called once
// per parent configuration, in the CPT's row-major order; it must not
// keep or change config, which is reused.
type Rule struct {
	States  int                    // the number of the child's states, at least 1
	Parents []int                  // the number of states of each parent, each at least 1
	Of      func(config []int) int // the child's state for a parent configuration
}

// CPT returns the table of the rule, as Deterministic.CPT does for the
// outcomes it gives. A state out of range is reported with the parent
// configuration it was given for.
func (m Rule) CPT(maxEntries int) ([]float64, error) {
	c := checker{model: "rule"}
	n, ok := shape(&c, m.States, m.Parents, maxEntries)
	if m.Of == nil {
		c.add("Of", ErrCount, "no rule function")
		ok = false
	}
	if !ok {
		return nil, c.err()
	}
	outcome := make([]int, n/m.States)
	config := make([]int, len(m.Parents))
	for r := range outcome {
		j := m.Of(config)
		if j < 0 || j >= m.States {
			c.add("Of", ErrState, "state %d of a child with %d states, given parent states %s", j, m.States, configText(config))
		}
		outcome[r] = j
		next(config, m.Parents)
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return oneHot(m.States, outcome), nil
}

// shape checks the state counts of a child and its parents and the size
// of their table, and returns the size.
func shape(c *checker, states int, parents []int, maxEntries int) (int, bool) {
	ok := c.states("States", states)
	for i, k := range parents {
		if !c.states(fmt.Sprintf("Parents[%d]", i), k) {
			ok = false
		}
	}
	if !ok {
		return 0, false
	}
	return c.size(states, parents, maxEntries)
}

// oneHot expands outcomes, each in [0, states), to 0/1 rows.
func oneHot(states int, outcome []int) []float64 {
	cpt := make([]float64, states*len(outcome))
	for r, j := range outcome {
		cpt[r*states+j] = 1
	}
	return cpt
}

// configText writes a parent configuration as its state indices, "(1, 0, 2)".
func configText(config []int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, s := range config {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, s)
	}
	b.WriteByte(')')
	return b.String()
}
