// Package hugin reads and writes discrete Bayesian networks in the NET
// language of the Hugin tools, in the syntax that Hugin, SamIam, UnBBayes
// and bnlearn write:
//
//	net
//	{
//	    label = "Chest clinic";
//	}
//	node Tuberculosis
//	{
//	    label = "Tuberculosis?";
//	    position = (85 185);
//	    states = ("yes" "no");
//	}
//	potential (Tuberculosis | Visit_to_asia)
//	{
//	    data = (( 0.05 0.95 )   %  Visit_to_asia=yes
//	            ( 0.01 0.99 )); %  Visit_to_asia=no
//	}
//
// In `data` the parent configurations follow one another with the first
// parent after `|` varying slowest and the node's own state fastest, which
// is network.VariableSpec's layout. Parentheses may group the numbers to
// any depth, or not at all: the reader checks that they balance and counts
// the numbers. When they are nested one level per parent, as Hugin writes
// them, a row of the wrong length is named in the error, and groups that
// do not match the rows draw a warning.
//
// Hugin normalises each row of a table when it loads a file, so a row that
// does not sum to 1 is legal here too: it is divided by its sum and, when
// it was off by more than network.SumTolerance, a warning says so, naming
// the node, the row's parent configuration and its position (see Read).
// Rows that sum to 1 up to the rounding of their float64 sum are kept as
// given, as network.New keeps them (network.CheckRow), so that what Write
// writes reads back bit for bit. A row of zeros cannot be normalised and
// is an error.
//
// What Brink keeps: node names, states and tables; each node's label (into
// model.Node.Label), position (model.Node.Position, y growing downwards as
// on screen) and HR_Desc text (model.Node.Description); the net's label, or
// else its name, as model.Model.Title and its HR_Desc as
// model.Model.Description. Everything else is read and dropped: the HR_*
// settings of the Hugin GUI, `subtype` and `state_values` (the states keep
// their names), `experience` and `fading` tables, and the attributes other
// tools add. Comments run from `%` to the end of the line. Node names are
// letters, digits and underscores, not starting with a digit. Strings may
// span lines and use the escapes \" (a quote), \\ (a backslash) and \n (a
// new line); any other backslash stands for itself.
//
// Influence diagrams are read too. A decision node (`decision NAME` or
// `decision node NAME`) lists its options as states, and the head of its potential, `potential (D | A B) {}`, its
// informational links: what is known when deciding. It becomes a network
// variable whose model.Node.Role is model.RoleDecision, with a uniform CPT
// that a policy replaces (package decision); a decision without a
// potential has no informational parents, and data given for one is
// ignored, with a warning unless it gives every option the same weight. A
// `utility` node has no states, and its potential's data one value per
// configuration of its parents, nested as for a chance node but without
// the node's own states: the first parent after `|` slowest (see
// utility); it becomes a model.Utility, keeping its label, position and
// HR_Desc. A utility may not be another node's parent. Hugin evaluates
// influence diagrams as LIMIDs, without assuming that a decision remembers
// what earlier ones saw, as package decision does.
//
// Function and continuous nodes (conditional Gaussian models), classes and
// instances (object-oriented networks) and tables given only as
// expressions (`model_data`) are refused with an error naming the node.
//
// Text is read as UTF-8: invalid UTF-8 and NUL bytes in names, states and
// labels are errors, and so are control characters in names and states.
// Names are normalised to NFC. A state that holds what Brink's state names
// may not (a ',', spaces at the ends) gets a safe name, with the text kept
// as its label and a warning (see charset.Name).
//
// Every problem is reported with its position as a *diag.Error, all of them
// at once in a diag.List; the causes wrap the sentinels below or those of
// package network, for errors.Is. What a file declares is checked against
// a limits.Limits before the reader allocates for it.
package hugin

import (
	"fmt"

	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// Sentinel causes of the errors that only this package reports. The
// general ones are diag's, shared by every reader; problems that package
// network also knows (an unknown node or parent, a duplicate node or
// state, a table of the wrong size, a negative entry, a row that cannot be
// normalised) wrap network's sentinels instead.
var (
	ErrSyntax      = diag.ErrSyntax
	ErrUnsupported = diag.ErrUnsupported
	ErrDuplicate   = diag.ErrDuplicate
	ErrTooLarge    = diag.ErrTooLarge
	ErrEncoding    = diag.ErrEncoding
	// ErrNoPotential is the cause of a node without a potential, or a
	// potential without data.
	ErrNoPotential = diag.Derive("node has no potential", diag.ErrMissing)
)

// Read parses a NET file held in data into a model; filename is used only
// in positions. It also returns the warnings about what it changed,
// dropped or doubted, each printed "path:line:col: hugin: message" and
// sorted by position: rows that it normalised although they were not
// within network.SumTolerance of 1 (one warning per node, at the first
// such row, naming its parent configuration), tables whose expression it
// ignored in favour of their data, tables nested one level per parent
// whose innermost groups do not hold one number per state, states given a
// safe name, and numbers too small for a float64. There are no warnings
// when the file needed no changes, and none with an error.
//
// Zero fields of lim take their defaults; the problems found are returned
// all at once, at most lim.Errors of them.
func Read(data []byte, filename string, lim limits.Limits) (*model.Model, []string, error) {
	lim = lim.Resolved()
	c := &diag.Collector{Max: lim.MaxErrors(), Prefix: "hugin"}
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

// formatErr is used by Write for problems that have no file position.
func formatErr(format string, args ...any) error {
	return fmt.Errorf("hugin: "+format, args...)
}
