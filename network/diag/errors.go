package diag

import (
	"errors"
	"fmt"
)

// The causes every reader reports, reachable with errors.Is whatever the
// format, so that a caller of formats.Read can tell a syntax error from an
// over-large file without knowing which reader ran. Format packages keep
// their own names for these (bif.ErrSyntax is diag.ErrSyntax) and derive
// narrower causes from them with Derive.
var (
	// ErrSyntax is the cause of a malformed file: an unexpected token, an
	// unterminated string, a word that is not a number.
	ErrSyntax = errors.New("syntax error")
	// ErrUnsupported is the cause of a construct Brink does not model, such
	// as a continuous variable or a decision node.
	ErrUnsupported = errors.New("unsupported construct")
	// ErrDuplicate is the cause of a second definition of something that
	// may be defined once.
	ErrDuplicate = errors.New("duplicate definition")
	// ErrMissing is the cause of something required that is absent: a
	// table, a row for a parent configuration, a key.
	ErrMissing = errors.New("missing")
	// ErrInvalid is the cause of a value of the right type but outside
	// what it may be (a date that is not a date, a negative count).
	ErrInvalid = errors.New("invalid value")
	// ErrTooLarge is the cause of a file, a nesting, a variable or a table
	// beyond the reader's limits (see package limits).
	ErrTooLarge = errors.New("too large")
	// ErrEncoding is the cause of text that is not valid in its declared
	// encoding (invalid UTF-8, a NUL byte, an unknown charset).
	ErrEncoding = errors.New("invalid text encoding")
	// ErrUnknownKey is the cause of a key or element the format does not
	// define; readers report it so that a misspelling is not silently lost.
	ErrUnknownKey = errors.New("unknown key")
)

// derived is a sentinel that is also its parent under errors.Is.
type derived struct {
	msg    string
	parent error
}

func (d *derived) Error() string { return d.msg }

func (d *derived) Unwrap() error { return d.parent }

// Derive returns a new sentinel error with message msg for which
// errors.Is(err, parent) also holds; readers use it for narrower causes
// (bif.ErrMissingRow is derived from ErrMissing).
func Derive(msg string, parent error) error { return &derived{msg: msg, parent: parent} }

// DefaultMaxErrors is how many problems a reader reports before it stops
// and says how many more it found.
const DefaultMaxErrors = 50

// Collector gathers the problems of one read, keeping the first Max (50
// when Max is zero) and counting the rest, so that a hostile file with a
// million problems costs neither memory nor time in formatting them.
// Warnings are kept apart, with the same cap.
type Collector struct {
	// Max is how many errors are kept; zero means DefaultMaxErrors.
	Max int
	// Prefix names the package in the summary line, e.g. "bif".
	Prefix string

	errs     List
	dropped  int
	warnings List
	wdropped int
}

func (c *Collector) max() int {
	if c.Max > 0 {
		return c.Max
	}
	return DefaultMaxErrors
}

// Add records a problem; past Max it is only counted.
func (c *Collector) Add(e *Error) {
	if len(c.errs) < c.max() {
		c.errs = append(c.errs, e)
		return
	}
	c.dropped++
}

// Addf records a problem at pos whose cause is formatted as by
// fmt.Errorf, so %w wraps a sentinel.
func (c *Collector) Addf(pos Pos, format string, args ...any) {
	if len(c.errs) >= c.max() {
		c.dropped++
		return
	}
	c.Add(Errorf(pos, format, args...))
}

// AddErr records err at pos, its message prefixed with the collector's
// package name, err itself still reachable with errors.Is and errors.As:
// the form of a limit or a decoder's error that has no sentinel of its own.
func (c *Collector) AddErr(pos Pos, err error) {
	c.Add(&Error{Pos: pos, Err: &Cause{Msg: c.prefix() + err.Error(), Err: err}})
}

// Warn records a warning (something accepted but changed, such as a row
// normalised); past Max it is only counted.
func (c *Collector) Warn(e *Error) {
	if len(c.warnings) < c.max() {
		c.warnings = append(c.warnings, e)
		return
	}
	c.wdropped++
}

// Warnf records a warning at pos formatted as by fmt.Sprintf.
func (c *Collector) Warnf(pos Pos, format string, args ...any) {
	if len(c.warnings) >= c.max() {
		c.wdropped++
		return
	}
	c.Warn(&Error{Pos: pos, Err: &Cause{Msg: fmt.Sprintf(format, args...)}})
}

// Full reports whether Max problems have been kept, after which a reader
// may stop looking for more.
func (c *Collector) Full() bool { return len(c.errs) >= c.max() }

// Len returns the number of problems found, counted or kept.
func (c *Collector) Len() int { return len(c.errs) + c.dropped }

// Err returns nil when no problem was found, and otherwise the kept
// problems sorted by position followed, when some were dropped, by a line
// saying how many more there were ("bif: and 812 more problems not shown").
func (c *Collector) Err() error {
	if len(c.errs) == 0 && c.dropped == 0 {
		return nil
	}
	c.errs.Sort()
	out := c.errs
	if c.dropped > 0 {
		file := ""
		if len(out) > 0 {
			file = out[0].Pos.File
		}
		out = append(out[:len(out):len(out)], &Error{Pos: Pos{File: file},
			Err: &Cause{Msg: c.prefix() + fmt.Sprintf("and %d more %s not shown", c.dropped, plural(c.dropped, "problem")), Err: c.lastCause()}})
	}
	return out
}

// Warnings returns the warnings sorted by position, one string each, with
// a last line counting those not shown.
func (c *Collector) Warnings() []string {
	out := c.warnings.Strings()
	if c.wdropped > 0 {
		out = append(out, c.prefix()+fmt.Sprintf("and %d more %s not shown", c.wdropped, plural(c.wdropped, "warning")))
	}
	return out
}

func (c *Collector) prefix() string {
	if c.Prefix == "" {
		return ""
	}
	return c.Prefix + ": "
}

// lastCause lets the summary line answer errors.Is like the problems it
// stands for, taking the cause of the last kept one.
func (c *Collector) lastCause() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs[len(c.errs)-1].Err
}

func plural(n int, thing string) string {
	if n == 1 {
		return thing
	}
	return thing + "s"
}

// NetworkLocator places the errors of network.New in a reader's file.
type NetworkLocator interface {
	// Variable returns the position of what a problem about variable
	// concerns: the CPT row of the parent configuration config (as
	// network.Error prints it, "smoke=yes, asia=no"), or the variable's
	// table or declaration when config is "" or has no row.
	Variable(variable, config string) (Pos, bool)
	// Cycle returns the position of the arrow that closes the cycle, from
	// its last variable back to its first.
	Cycle(cycle []string) (Pos, bool)
}

// The methods by which network's errors say what they are about, so that
// this package need not import network.
type (
	subjectError interface {
		error
		Subject() (variable, config string)
	}
	cycleError interface {
		error
		CycleVariables() []string
	}
)

// AddNetworkErrors adds each error of network.New (joined with
// errors.Join) at the position loc gives, or at the start of file when it
// gives none, with its message prefixed by the reader's package name in
// place of "network: ". Each added error still answers errors.Is and
// errors.As for the network error and its sentinel.
func (c *Collector) AddNetworkErrors(err error, file string, loc NetworkLocator) {
	for _, e := range Flatten(err) {
		pos, ok := Pos{}, false
		var se subjectError
		var ce cycleError
		switch {
		case errors.As(e, &ce) && len(ce.CycleVariables()) > 0:
			pos, ok = loc.Cycle(ce.CycleVariables())
		case errors.As(e, &se):
			v, cfg := se.Subject()
			if v != "" {
				pos, ok = loc.Variable(v, cfg)
			}
		}
		if !ok {
			pos = Pos{File: file}
		}
		msg := e.Error()
		if len(msg) > len("network: ") && msg[:len("network: ")] == "network: " {
			msg = msg[len("network: "):]
		}
		c.Add(&Error{Pos: pos, Err: &Cause{Msg: c.prefix() + msg, Err: e}})
	}
}
