package canonical

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// SumTolerance is how far a parameter distribution may sum from 1 and
// still be accepted. Accepted distributions are divided by their sums
// before use, so that the expanded rows sum to 1 to rounding.
const SumTolerance = 1e-9

// DefaultMaxEntries is the largest table a CPT method expands when it is
// given a limit of zero: 2²⁴ entries, 128 MiB of float64, the same bound
// as the model-file readers' default (limits.DefaultTableEntries).
const DefaultMaxEntries = 1 << 24

// The causes of invalid parameters, reachable with errors.Is.
var (
	// ErrProbability is a probability below 0 or above 1.
	ErrProbability = errors.New("probability outside [0, 1]")
	// ErrSum is a distribution whose entries do not sum to 1 within
	// SumTolerance.
	ErrSum = errors.New("distribution does not sum to 1")
	// ErrNotFinite is a parameter that is NaN or infinite.
	ErrNotFinite = errors.New("not a finite number")
	// ErrCount is a wrong number of something: of states (fewer than
	// one), of parameters for the number of parents or states, of entries
	// in a distribution.
	ErrCount = errors.New("wrong number of values")
	// ErrState is a state index outside the states of its variable.
	ErrState = errors.New("state out of range")
	// ErrAbsent is a noisy-MAX parameter for a cause's absent state that
	// is not the certainty of the child's absent state.
	ErrAbsent = errors.New("absent state must leave the child absent")
	// ErrVariance is a ranked node's variance that is not positive.
	ErrVariance = errors.New("variance not positive")
	// ErrWeight is a ranked node's weight that is negative, or weights
	// that leave a weighted mean without a positive denominator.
	ErrWeight = errors.New("invalid weight")
	// ErrFunction is a ranked node's function that is not one of WMean,
	// WMin, WMax and MixMinMax.
	ErrFunction = errors.New("unknown ranked-node function")
	// ErrUnused is a parameter given to a model that does not use it,
	// such as per-parent weights for MixMinMax; refusing it catches a
	// caller that mapped a file's fields to the wrong ones.
	ErrUnused = errors.New("parameter not used by this model")
	// ErrTooLarge is a table of more entries than the limit.
	ErrTooLarge = errors.New("table too large")
	// ErrTooMany ends an ErrorList that stopped listing problems after
	// MaxErrors of them; its detail says how many more there were.
	ErrTooMany = errors.New("too many problems")
)

// MaxErrors is how many problems an ErrorList lists before it only counts
// them, so that a table of millions of bad outcomes does not give
// millions of errors.
const MaxErrors = 50

// Error is one invalid parameter of one model.
type Error struct {
	Model  string // the model: "noisy-OR", "noisy-MAX", "ranked", "deterministic", "rule"
	Param  string // the parameter as a Go path into the model, e.g. "Causes[1].Given[0]"; empty for the model as a whole
	Err    error  // the sentinel cause
	Detail string // more detail, e.g. the offending sum
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("canonical: ")
	b.WriteString(e.Model)
	b.WriteString(": ")
	if e.Param != "" {
		b.WriteString(e.Param)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the sentinel cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is the problems found in one model's parameters, in the order
// of the model's fields: all of them, or the first MaxErrors and an Error
// with the cause ErrTooMany counting the rest. Its message is the first problem's and a
// count of the rest, like go/scanner.ErrorList; errors.Is looks at all of
// them.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "canonical: no errors"
	case 1:
		return l[0].Error()
	}
	if len(l) == 2 {
		return fmt.Sprintf("%s (and 1 more error)", l[0])
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// checker collects the problems of one model.
type checker struct {
	model   string
	errs    ErrorList
	dropped int // problems found after the first MaxErrors
}

func (c *checker) add(param string, err error, format string, args ...any) {
	if len(c.errs) >= MaxErrors {
		c.dropped++
		return
	}
	c.errs = append(c.errs, &Error{Model: c.model, Param: param, Err: err, Detail: fmt.Sprintf(format, args...)})
}

// err returns the problems found, or nil (not a nil ErrorList) when there
// are none.
func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	if c.dropped > 0 {
		c.errs = append(c.errs, &Error{Model: c.model, Err: ErrTooMany, Detail: fmt.Sprintf("%d more not listed", c.dropped)})
		c.dropped = 0
	}
	return c.errs
}

// states checks a number of states, which must be at least one.
func (c *checker) states(param string, n int) bool {
	if n < 1 {
		c.add(param, ErrCount, "%d states; a variable needs at least one", n)
		return false
	}
	return true
}

// finite checks that x is a number.
func (c *checker) finite(param string, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		c.add(param, ErrNotFinite, "%v", x)
		return false
	}
	return true
}

// probability checks that p is a number in [0, 1].
func (c *checker) probability(param string, p float64) bool {
	if !c.finite(param, p) {
		return false
	}
	if p < 0 || p > 1 {
		c.add(param, ErrProbability, "%v", p)
		return false
	}
	return true
}

// distribution checks that d has n probabilities summing to 1 within
// SumTolerance. Each bad entry is reported, as param[j].
func (c *checker) distribution(param string, d []float64, n int) bool {
	if len(d) != n {
		c.add(param, ErrCount, "%d probabilities for %d child states", len(d), n)
		return false
	}
	ok := true
	sum := 0.0
	for j, p := range d {
		if !c.probability(fmt.Sprintf("%s[%d]", param, j), p) {
			ok = false
		}
		sum += p
	}
	if ok && math.Abs(sum-1) > SumTolerance {
		c.add(param, ErrSum, "sums to %v", sum)
		return false
	}
	return ok
}

// size checks that a table for a child of states states and parents of
// the given state counts has at most maxEntries entries (zero:
// DefaultMaxEntries; negative: any number an int can count), and returns
// the number. The counts must already be known to be positive.
func (c *checker) size(states int, parents []int, maxEntries int) (int, bool) {
	limit := maxEntries
	switch {
	case limit == 0:
		limit = DefaultMaxEntries
	case limit < 0:
		limit = math.MaxInt
	}
	n := states
	for _, k := range parents {
		if n > limit/k {
			c.add("", ErrTooLarge, "%s entries, more than the limit of %d", sizeText(states, parents), limit)
			return 0, false
		}
		n *= k
	}
	if n > limit {
		c.add("", ErrTooLarge, "%s entries, more than the limit of %d", sizeText(states, parents), limit)
		return 0, false
	}
	return n, true
}

// sizeText writes a table's size as its factors, "3 × 2 × 2 × …", which
// stays readable when the product would overflow.
func sizeText(states int, parents []int) string {
	var b strings.Builder
	fmt.Fprint(&b, states)
	for i, k := range parents {
		if i == 16 {
			fmt.Fprintf(&b, " × … (%d parents)", len(parents))
			break
		}
		fmt.Fprintf(&b, " × %d", k)
	}
	return b.String()
}
