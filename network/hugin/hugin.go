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
// it was off by more than network.SumTolerance, a warning says so (see
// ReadWithWarnings). Rows that sum to 1 up to the rounding of their float64
// sum are kept as given, as network.New keeps them, so that what Write
// writes reads back bit for bit. A row of zeros cannot be normalised and is
// an error.
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
// Brink models chance nodes only. Decision, utility, function and
// continuous nodes (influence diagrams and conditional Gaussian models),
// classes and instances (object-oriented networks) and tables given only as
// expressions (`model_data`) are refused with an error naming the node.
//
// Every problem is reported with its position as a *diag.Error, all of them
// at once in a diag.List; the causes wrap the sentinels below or those of
// package network, for errors.Is.
package hugin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"brink/network/diag"
	"brink/network/model"
)

// Sentinel causes of the errors that only this package reports. Problems
// that package network also knows (an unknown node or parent, a duplicate
// node or state, a table of the wrong size, a negative entry, a row that
// cannot be normalised) wrap network's sentinels instead.
var (
	ErrSyntax      = errors.New("syntax error")
	ErrUnsupported = errors.New("unsupported construct")
	ErrNoPotential = errors.New("node has no potential")
	ErrDuplicate   = errors.New("duplicate definition")
	ErrTooLarge    = errors.New("table too large")
	ErrRead        = errors.New("cannot read the file")
)

// MaxCPTEntries bounds the size of one table: a data list with more
// numbers is refused as soon as the reader has counted them, and so is a
// potential whose parents' states multiply beyond it, which also keeps the
// size computation from overflowing. The largest table in the bnlearn
// repository (mildew's) has 280,000 entries.
const MaxCPTEntries = 1 << 24

// maxErrors is how many problems are reported before the reader gives up.
const maxErrors = 50

// Read parses a NET file into a model. filename is used only in error
// positions.
func Read(r io.Reader, filename string) (*model.Model, error) {
	m, _, err := ReadWithWarnings(r, filename)
	return m, err
}

// ReadFile opens and reads the NET file at path.
func ReadFile(path string) (*model.Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, readError(path, err)
	}
	m, _, err := parse(data, path)
	return m, err
}

// ReadWithWarnings parses a NET file as Read does and also returns the
// warnings about what the reader changed, dropped or doubted, each printed
// "path:line:col: hugin: message": rows that it normalised although they
// were not within network.SumTolerance of 1 (one warning per node, at the
// first such row), tables whose expression it ignored in favour of their
// data, and tables nested one level per parent whose innermost groups do
// not hold one number per state. The warnings are sorted by position;
// there are none when the file needed no changes.
func ReadWithWarnings(r io.Reader, filename string) (*model.Model, []string, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, nil, readError(filename, err)
	}
	return parse(buf.Bytes(), filename)
}

// readError wraps an I/O error as a diag.Error for the file, without
// repeating the path that a *fs.PathError already names.
func readError(filename string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Op + ": " + pe.Err.Error()
	}
	return &diag.Error{Pos: diag.Pos{File: filename}, Err: &diag.Cause{Msg: "hugin: " + msg, Err: errors.Join(ErrRead, err)}}
}

// parse reads a whole file held in memory.
func parse(data []byte, filename string) (*model.Model, []string, error) {
	p := newParser(data, filename)
	p.file()
	if err := p.errs.Err(); err != nil {
		return nil, nil, err
	}
	m := p.build()
	if err := p.errs.Err(); err != nil {
		return nil, nil, err
	}
	return m, p.warns.Strings(), nil
}

// formatErr is used by Write for problems that have no file position.
func formatErr(format string, args ...any) error {
	return fmt.Errorf("hugin: "+format, args...)
}
