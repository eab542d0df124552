// Package bif reads and writes discrete Bayesian networks in the Bayesian
// Interchange Format, version 0.15: the dialect written by bnlearn's
// write.bif (and read by pgmpy) and by JavaBayes.
//
// A file declares each variable with its states and then gives one
// probability block per variable:
//
//	network unknown {
//	}
//	variable tub {
//	  type discrete [ 2 ] { yes, no };
//	}
//	probability ( tub | asia ) {
//	  (yes) 0.05, 0.95;
//	  (no) 0.01, 0.99;
//	}
//
// The reader also accepts what JavaBayes and similar tools write: `//` and
// `/* */` comments, names in double quotes, states separated by blanks
// instead of commas, `property` lines in any block, a head without `|`
// (`probability ( "A" "B" "C" )` is A given B and C), `default` rows that
// fill every parent configuration not listed, rows in any order, and a
// `table` for a variable with parents. In such a table the variable's own
// state varies slowest and the last parent fastest, which is the transpose
// of network.VariableSpec's layout; the reader converts it.
//
// Tokens are separated by blanks, commas, semicolons, braces, brackets,
// parentheses and `|`; every other byte belongs to the word, so state names
// such as ">=7.5" or "Asy/Patch" need no quotes. A name in double quotes
// keeps every byte between them.
//
// Every problem in a file is reported with its position as a *diag.Error,
// all of them at once in a diag.List; the causes wrap the sentinels below or
// those of package network, for errors.Is.
package bif

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"brink/network"
)

// Sentinel causes of the errors that only this package reports, reachable
// with errors.Is. Problems that package network also knows (an unknown
// variable or state, a duplicate state, a table of the wrong size, a row
// that does not sum to 1) wrap network's sentinels instead.
var (
	// ErrSyntax is the cause of a malformed file: an unexpected token, an
	// unterminated string or comment, a word that is not a number.
	ErrSyntax = errors.New("syntax error")
	// ErrUnsupported is the cause of constructs that Brink does not model,
	// such as continuous variables or MSBNx's noisy-MAX functions.
	ErrUnsupported = errors.New("unsupported construct")
	// ErrNoProbability is the cause of a variable without a probability
	// block.
	ErrNoProbability = errors.New("variable has no probability block")
	// ErrDuplicate is the cause of a second definition of a variable, a
	// probability block, a row or a table.
	ErrDuplicate = errors.New("duplicate definition")
	// ErrMissingRow is the cause of a probability block that leaves a
	// parent configuration without a row.
	ErrMissingRow = errors.New("missing parent configuration")
	// ErrTooLarge is the cause of a table larger than MaxCPTEntries.
	ErrTooLarge = errors.New("table too large")
)

// MaxCPTEntries bounds the size of one CPT that a `default` row may fill
// (and, with it, the memory a short file can make the reader allocate). The
// largest table in the bnlearn repository (mildew's) has 280,000 entries.
const MaxCPTEntries = 1 << 24

// maxErrors is how many problems are shown; the reader stops reading the
// file once it has found more.
const maxErrors = 50

// Read parses a BIF file. filename is used only in error positions.
//
// The problems found are returned all at once, sorted by position, as a
// diag.List of *diag.Error (at most 50, then a note that more were found).
// CPT rows within network.SumTolerance of 1 are scaled to add up to exactly
// 1, so that a network written by Write reads back unchanged.
func Read(r io.Reader, filename string) (*network.Network, error) {
	n, _, err := ReadWithLayout(r, filename)
	return n, err
}

// ReadFile opens and reads path, as Read does.
func ReadFile(path string) (*network.Network, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bif: %w", err)
	}
	n, _, err := parse(data, path)
	return n, err
}

// ReadWithLayout parses a BIF file as Read does and also returns the
// position of each variable that has a `property "position = (x, y)"` line
// (JavaBayes writes one for every variable, in its editor's screen
// coordinates: x grows rightwards and y downwards). The map is nil when no
// variable has a position.
func ReadWithLayout(r io.Reader, filename string) (*network.Network, map[string][2]float64, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, nil, fmt.Errorf("bif: reading %s: %w", filename, err)
	}
	return parse(buf.Bytes(), filename)
}

// parse reads a whole file held in memory.
func parse(data []byte, filename string) (*network.Network, map[string][2]float64, error) {
	p := newParser(data, filename)
	p.file()
	if err := p.result(); err != nil {
		return nil, nil, err
	}
	n := p.build()
	if err := p.result(); err != nil {
		return nil, nil, err
	}
	return n, p.layout, nil
}
