// Package limits bounds what a model file may make Brink allocate.
//
// Brink opens files from colleagues in its own process, and Go cannot
// recover from running out of memory or stack: a 2 KB file that asks for a
// table of 2²³ rows, or a 45 KB file nested ten thousand levels deep, would
// end the program and lose the analyst's unsaved work. Every reader
// therefore checks what a file declares against a Limits before it
// allocates for it, and refuses with a message naming the limit and how to
// raise it.
//
// The defaults are far above any real model (the largest network in the
// bnlearn repository, munin, has 1,041 variables, at most 21 states and
// 983,000 CPT entries in all) and far below what would exhaust a laptop.
package limits

import (
	"fmt"
	"math"

	"brink/network/diag"
)

// Limits are the bounds a reader enforces. The zero value of a field means
// its default (see Default); a negative value means no bound.
type Limits struct {
	// FileBytes bounds the size of a file.
	FileBytes int64
	// Nesting bounds how deeply tables, arrays or elements may nest.
	Nesting int
	// Variables bounds the number of variables.
	Variables int
	// States bounds the number of states of one variable.
	States int
	// Parents bounds the number of parents of one variable.
	Parents int
	// TableEntries bounds the number of entries of one CPT.
	TableEntries int
	// TotalEntries bounds the number of CPT entries of the whole model.
	TotalEntries int
	// Errors bounds how many problems are reported before a reader stops.
	Errors int
}

// The defaults, chosen so that no file within them makes a reader use
// more than a few hundred megabytes (2²⁴ float64 entries are 128 MiB).
const (
	DefaultFileBytes    = 8 << 20 // 8 MiB
	DefaultNesting      = 64
	DefaultVariables    = 1 << 20
	DefaultStates       = 1 << 12 // 4,096
	DefaultParents      = 64
	DefaultTableEntries = 1 << 24 // 16,777,216
	DefaultTotalEntries = 1 << 24
	DefaultErrors       = diag.DefaultMaxErrors
)

// Default returns the default limits.
func Default() Limits {
	return Limits{
		FileBytes: DefaultFileBytes, Nesting: DefaultNesting, Variables: DefaultVariables,
		States: DefaultStates, Parents: DefaultParents, TableEntries: DefaultTableEntries,
		TotalEntries: DefaultTotalEntries, Errors: DefaultErrors,
	}
}

// Resolved returns l with every zero field replaced by its default.
func (l Limits) Resolved() Limits {
	d := Default()
	if l.FileBytes == 0 {
		l.FileBytes = d.FileBytes
	}
	pick := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	pick(&l.Nesting, d.Nesting)
	pick(&l.Variables, d.Variables)
	pick(&l.States, d.States)
	pick(&l.Parents, d.Parents)
	pick(&l.TableEntries, d.TableEntries)
	pick(&l.TotalEntries, d.TotalEntries)
	pick(&l.Errors, d.Errors)
	return l
}

// MaxErrors returns how many problems a reader keeps before it only counts
// them (a diag.Collector's Max): Errors, its default when zero, and
// math.MaxInt when negative.
func (l Limits) MaxErrors() int {
	l = l.Resolved()
	if l.Errors < 0 {
		return math.MaxInt
	}
	return l.Errors
}

// over reports whether n exceeds the bound max (negative: no bound).
func over[T int | int64](n, max T) bool { return max >= 0 && n > max }

// Error is a limit exceeded: what was counted, how many, and the bound.
// It answers errors.Is(err, diag.ErrTooLarge).
type Error struct {
	What  string // e.g. "states of variable \"x\""
	Got   string // the count, or "more than N" when counting stopped
	Limit string // the bound
	Hint  string // how to raise it, when it can be raised
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %s, more than the limit of %s", e.What, e.Got, e.Limit)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Unwrap makes the error answer errors.Is(err, diag.ErrTooLarge).
func (e *Error) Unwrap() error { return diag.ErrTooLarge }

// FileSizeHint says how to open a larger file, for messages.
const FileSizeHint = "to open it anyway, set BRINK_MAX_FILE_MB to a larger number of megabytes"

// CheckFileSize refuses a file of n bytes beyond FileBytes.
func (l Limits) CheckFileSize(n int64) error {
	l = l.Resolved()
	if over(n, l.FileBytes) {
		return &Error{What: "file size", Got: Bytes(n), Limit: Bytes(l.FileBytes), Hint: FileSizeHint}
	}
	return nil
}

// CheckVariables refuses more than Variables variables.
func (l Limits) CheckVariables(n int) error {
	l = l.Resolved()
	if over(n, l.Variables) {
		return &Error{What: "variables", Got: fmt.Sprint(n), Limit: fmt.Sprint(l.Variables)}
	}
	return nil
}

// CheckStates refuses a variable with more than States states.
func (l Limits) CheckStates(variable string, n int) error {
	l = l.Resolved()
	if over(n, l.States) {
		return &Error{What: fmt.Sprintf("states of variable %q", variable), Got: fmt.Sprint(n), Limit: fmt.Sprint(l.States)}
	}
	return nil
}

// Budget counts CPT entries across one model as its tables are declared,
// so that a reader refuses a table before allocating it.
type Budget struct {
	lim  Limits
	used int
}

// NewBudget returns an empty budget under l.
func NewBudget(l Limits) *Budget { return &Budget{lim: l.Resolved()} }

// Limits returns the limits the budget enforces, with defaults filled in.
func (b *Budget) Limits() Limits { return b.lim }

// Used returns the entries accounted for so far.
func (b *Budget) Used() int { return b.used }

// Table accounts for the CPT of variable with the given number of states
// and parents' state counts, and refuses it when the table, or the model's
// total with it, would exceed the limits, or when it has too many parents.
// The product is computed without overflow: a variable with 64 binary
// parents is refused, not wrapped to zero.
func (b *Budget) Table(variable string, states int, parentStates []int) error {
	if over(len(parentStates), b.lim.Parents) {
		return &Error{What: fmt.Sprintf("parents of variable %q", variable), Got: fmt.Sprint(len(parentStates)), Limit: fmt.Sprint(b.lim.Parents)}
	}
	size, ok := TableSize(states, parentStates, b.lim.TableEntries)
	if !ok {
		return &Error{What: fmt.Sprintf("CPT entries of variable %q", variable), Got: tableText(states, parentStates), Limit: fmt.Sprint(b.lim.TableEntries)}
	}
	if b.lim.TotalEntries >= 0 && size > b.lim.TotalEntries-b.used {
		return &Error{What: fmt.Sprintf("CPT entries of the whole model, at variable %q", variable),
			Got: fmt.Sprint(b.used + size), Limit: fmt.Sprint(b.lim.TotalEntries)}
	}
	b.used += size
	return nil
}

// TableSize returns states × Π parentStates, or ok=false when the product
// exceeds max (negative: only overflow refuses) or a count is negative.
func TableSize(states int, parentStates []int, max int) (size int, ok bool) {
	if max < 0 {
		max = math.MaxInt
	}
	if states < 0 {
		return 0, false
	}
	size = states
	for _, c := range parentStates {
		if c < 0 {
			return 0, false
		}
		if c != 0 && size > max/c {
			return 0, false
		}
		size *= c
	}
	return size, size <= max
}

// tableText describes a table's size as a product, e.g. "2 × 2²³", which
// stays readable where the number itself would overflow.
func tableText(states int, parentStates []int) string {
	f := float64(states)
	for _, c := range parentStates {
		f *= float64(c)
	}
	return fmt.Sprintf("%.3g (%d states × %.3g parent configurations)", f, states, f/math.Max(1, float64(states)))
}

// Bytes writes a byte count for people: "64 MiB", "2.2 KiB", "812 bytes".
func Bytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.3g GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.3g MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.3g KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
