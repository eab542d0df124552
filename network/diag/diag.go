// Package diag reports problems found in model files with their position,
// printed "path:line:col: message" in the manner of go/scanner, so that
// editors and terminals can jump to them.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pos is a position in a file. Line and Col count from 1; zero means
// unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Error is a problem at a position. Err is the cause; it may wrap a
// sentinel error reachable with errors.Is.
type Error struct {
	Pos Pos
	Err error
}

// Errorf returns an *Error at pos whose cause is formatted as by fmt.Errorf,
// so %w wraps a sentinel.
func Errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Err: fmt.Errorf(format, args...)}
}

func (e *Error) Error() string {
	if p := e.Pos.String(); p != "" {
		return p + ": " + e.Err.Error()
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// List collects errors; its Err method sorts them by position.
type List []*Error

// Add appends an error at pos.
func (l *List) Add(pos Pos, err error) { *l = append(*l, &Error{Pos: pos, Err: err}) }

// Addf appends an error at pos formatted as by fmt.Errorf.
func (l *List) Addf(pos Pos, format string, args ...any) {
	*l = append(*l, Errorf(pos, format, args...))
}

// Sort orders the list by file, line and column, keeping the order of
// errors at the same position.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(strings.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
}

// Error prints one error per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the errors to errors.Is and errors.As.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns nil for an empty list and the sorted list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Flatten splits an error built with errors.Join or a List into its parts,
// so that each can be printed on its own line.
func Flatten(err error) []error {
	if err == nil {
		return nil
	}
	if m, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range m.Unwrap() {
			out = append(out, Flatten(e)...)
		}
		return out
	}
	var l List
	if errors.As(err, &l) {
		return l.Unwrap()
	}
	return []error{err}
}

// Cause is the cause inside an Error when the message is composed by the
// reader: it prints its own message and still answers errors.Is for a
// sentinel (or errors.As for a network error) through Err, which may be
// nil.
type Cause struct {
	Msg string
	Err error
}

func (c *Cause) Error() string { return c.Msg }

func (c *Cause) Unwrap() error { return c.Err }

// Strings returns the errors sorted by position, one string each, as
// readers report their warnings.
func (l List) Strings() []string {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Error()
	}
	return out
}

// Source maps byte offsets in a file's contents to positions; columns
// count bytes, as go/scanner's do. The line table is built on first use,
// so readers that report nothing pay nothing.
type Source struct {
	File  string
	data  []byte
	lines []int // offset of the first byte of each line
}

// NewSource returns a Source for data read from file.
func NewSource(file string, data []byte) *Source { return &Source{File: file, data: data} }

// Pos returns the position of byte offset off.
func (s *Source) Pos(off int) Pos {
	if s.lines == nil {
		s.lines = []int{0}
		for i, c := range s.data {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	}
	line, _ := slices.BinarySearch(s.lines, off+1)
	return Pos{File: s.File, Line: line, Col: off - s.lines[line-1] + 1}
}

// Quote renders a token's text for a message, cut to 40 bytes.
func Quote(b []byte) string {
	const limit = 40
	if len(b) > limit {
		return strconv.Quote(string(b[:limit])) + "..."
	}
	return strconv.Quote(string(b))
}
