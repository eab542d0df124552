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
// MSBNx writes a noisy-MAX node as `property function max;` followed by
// the model's parameters, partial rows: the leak, with every parent in its
// first state, and one row for each other state of each parent, the rest
// in their first. The first state of the node and of each parent is the
// absent (normal) one, and a row is the distribution that parent causes
// on its own, without the leak (Díez's parameters; the evidence for that
// reading is in noisymax.go). Such a block is read as the table the model
// expands to, with the parameters kept as the node's canonical model
// (model.Canonical, Kind NoisyMAX, Absent 0). Write writes the table.
// Other functions are refused.
//
// Tokens are separated by blanks, commas, semicolons, braces, brackets,
// parentheses and `|`; every other byte belongs to the word, so state names
// such as ">=7.5" or "Asy/Patch" need no quotes. A name in double quotes
// keeps every byte between them.
//
// Names are read as UTF-8 and normalised to NFC; invalid UTF-8, NUL bytes
// and control characters in a name are errors. A quoted name that holds
// what Brink's names may not (a ',' or '=', spaces at the ends) gets a safe
// name, with the text as written kept as its label (see charset.Name).
//
// Every problem in a file is reported with its position as a *diag.Error,
// all of them at once in a diag.List; the causes wrap the sentinels below or
// those of package network, for errors.Is. What a file declares is checked
// against a limits.Limits before the reader allocates for it.
package bif

import (
	"fmt"
	"os"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// Sentinel causes of the errors that only this package reports, reachable
// with errors.Is. The general ones are diag's, shared by every reader;
// problems that package network also knows (an unknown variable or state,
// a duplicate state, a table of the wrong size, a row that does not sum to
// 1) wrap network's sentinels instead.
var (
	// ErrSyntax is the cause of a malformed file: an unexpected token, an
	// unterminated string or comment, a word that is not a number.
	ErrSyntax = diag.ErrSyntax
	// ErrUnsupported is the cause of constructs that Brink does not model,
	// such as continuous variables or a probability given by a function
	// other than MSBNx's max.
	ErrUnsupported = diag.ErrUnsupported
	// ErrDuplicate is the cause of a second definition of a variable, a
	// probability block, a row or a table.
	ErrDuplicate = diag.ErrDuplicate
	// ErrTooLarge is the cause of a file, a variable or a table beyond the
	// limits (see package limits).
	ErrTooLarge = diag.ErrTooLarge
	// ErrEncoding is the cause of a name that is not valid UTF-8 or holds
	// a NUL byte.
	ErrEncoding = diag.ErrEncoding
	// ErrNoProbability is the cause of a variable without a probability
	// block.
	ErrNoProbability = diag.Derive("variable has no probability block", diag.ErrMissing)
	// ErrMissingRow is the cause of a probability block that leaves a
	// parent configuration without a row.
	ErrMissingRow = diag.Derive("missing parent configuration", diag.ErrMissing)
)

// Read parses a BIF file held in data; filename is used only in positions.
// It returns the model, with each variable's position when the file has a
// JavaBayes `property "position = (x, y)"` line for it (in the editor's
// screen coordinates: x grows rightwards and y downwards), and warnings
// about what it changed, one line each, printed "path:line:col: bif:
// message" and sorted: names given a safe name, numbers too small for a
// float64.
//
// The problems found are returned all at once, sorted by position, as a
// diag.List of *diag.Error (at most lim.Errors, then a line saying how many
// more there were). Zero fields of lim take their defaults. CPT rows within
// network.SumTolerance of 1 are scaled to add up to 1, as network.New
// does.
func Read(data []byte, filename string, lim limits.Limits) (*model.Model, []string, error) {
	lim = lim.Resolved()
	c := &diag.Collector{Max: lim.MaxErrors(), Prefix: "bif"}
	if err := lim.CheckFileSize(int64(len(data))); err != nil {
		c.AddErr(diag.Pos{File: filename}, err)
		return nil, nil, c.Err()
	}
	p := newParser(data, filename, lim, c)
	p.file()
	if err := c.Err(); err != nil {
		return nil, nil, err
	}
	m := p.build()
	if err := c.Err(); err != nil {
		return nil, nil, err
	}
	return m, c.Warnings(), nil
}

// ReadFile opens and reads path with the default limits, as Read does,
// and returns the network alone.
func ReadFile(path string) (*network.Network, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bif: %w", err)
	}
	m, _, err := Read(data, path, limits.Limits{})
	if err != nil {
		return nil, err
	}
	return m.Net, nil
}
