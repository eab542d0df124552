// Package xmlbif reads and writes discrete Bayesian networks in XMLBIF 0.3,
// the XML interchange format of JavaBayes, also written by SamIam, Weka,
// pgmpy and (as .bifxml) aGrUM and pyAgrum:
//
//	<BIF VERSION="0.3">
//	<NETWORK>
//	<NAME>asia</NAME>
//	<VARIABLE TYPE="nature">
//		<NAME>tub</NAME>
//		<OUTCOME>yes</OUTCOME>
//		<OUTCOME>no</OUTCOME>
//		<PROPERTY>position = (120, 40)</PROPERTY>
//	</VARIABLE>
//	...
//	<DEFINITION>
//		<FOR>tub</FOR>
//		<GIVEN>asia</GIVEN>
//		<TABLE>0.05 0.95 0.01 0.99</TABLE>
//	</DEFINITION>
//	</NETWORK>
//	</BIF>
//
// A TABLE lists P(FOR | GIVEN...) with the parent configurations in
// row-major order over the GIVEN elements (the first GIVEN varies slowest)
// and the FOR variable's own state fastest: the layout of
// network.VariableSpec, so tables are taken over unchanged. (Checked
// against SamIam's export of sachs and JavaBayes's of car-starts, which
// also exist as BIF. The aGrUM export of insurance in shared/interop was
// written by an old aGrUM that listed the GIVEN elements of 14 variables
// in an order unrelated to their tables; nothing in the file shows it,
// and any reader misreads those tables.)
//
// Tools round their numbers, and some keep rows of the networks they
// export that sum to 1 only roughly. A row within network.SumTolerance of
// 1 is divided by its sum silently. A row off by more, but by at most
// MaxRowDeviation, is divided by its sum too, with one warning per
// variable (see ReadWithWarnings); rows off by more than that, rows of
// zeros and rows with negative or non-finite entries are errors.
//
// The reader accepts <PROBABILITY> for <DEFINITION>, as some writers
// have it, element names in any letter case, comments anywhere, an internal
// DTD, and the encodings UTF-8, US-ASCII, ISO-8859-1 (latin1) and
// windows-1252. It fills Model.Title from the network's NAME, Node.Position
// from a "position = (x, y)" PROPERTY and Node.Description (and
// Model.Description) from a "description = text" PROPERTY, as pyAgrum
// writes it; other properties are ignored. Influence diagrams (variables of
// TYPE "decision" or "utility") are refused.
//
// Every problem in a file is reported with the line and column of the
// element or table entry concerned (columns count bytes, which in a
// single-byte encoding are characters), as a *diag.Error, all of them at
// once in a diag.List. The causes wrap the sentinels below or those of
// package network, for errors.Is and errors.As.
package xmlbif

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"brink/network/model"
)

// Sentinel causes of the errors that only this package reports. Problems
// that package network also knows (an unknown variable, parent or state, a
// duplicate state, a table of the wrong size, a row that does not sum to 1)
// wrap network's sentinels instead.
var (
	// ErrXML means the file is not well-formed XML (or declares an
	// encoding the reader does not know).
	ErrXML = errors.New("malformed XML")
	// ErrSyntax means well-formed XML that is not XMLBIF: an unknown
	// element, stray text, a missing or repeated NAME, FOR or TABLE, a
	// table entry that is not a number.
	ErrSyntax = errors.New("not XMLBIF")
	// ErrUnsupported marks what XMLBIF can say but Brink cannot model:
	// decision and utility nodes, several networks in one file.
	ErrUnsupported = errors.New("unsupported construct")
	// ErrNoDefinition means a variable has no DEFINITION.
	ErrNoDefinition = errors.New("variable has no definition")
	// ErrDuplicate means a variable has two DEFINITIONs.
	ErrDuplicate = errors.New("duplicate definition")
)

// MaxRowDeviation is how far from 1 a TABLE row may sum and still be
// divided by its sum (with a warning) rather than refused. It is the
// bound the GeNIe reader uses (xdsl.MaxRowDeviation): wide enough for
// rows rounded to a few digits, narrow enough that a mistyped entry is
// still caught.
const MaxRowDeviation = 1e-2

// maxErrors is how many problems are reported before the reader gives up.
const maxErrors = 50

// Read parses an XMLBIF document; filename is used in error positions.
// It reads as ReadWithWarnings does and drops the warnings.
func Read(r io.Reader, filename string) (*model.Model, error) {
	m, _, err := ReadWithWarnings(r, filename)
	return m, err
}

// ReadWithWarnings parses an XMLBIF document as Read does and also
// returns warnings about what the reader changed, one line each, printed
// "path:line:col: xmlbif: message" and sorted by position. Each variable
// with rows off from 1 by more than network.SumTolerance (and at most
// MaxRowDeviation), which were divided by their sum, gets one warning at
// the first entry of the first such row, e.g.
//
//	insurance.bifxml:355:58: xmlbif: variable "OtherCarCost": 1 row normalised (largest deviation 3.5e-05)
//
// There are no warnings when the file needed no changes, and none with an
// error.
func ReadWithWarnings(r io.Reader, filename string) (*model.Model, []string, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, nil, fmt.Errorf("xmlbif: reading %s: %w", filename, err)
	}
	return parse(buf.Bytes(), filename)
}

// ReadFile opens and reads the XMLBIF file at path. It reads as
// ReadFileWithWarnings does and drops the warnings.
func ReadFile(path string) (*model.Model, error) {
	m, _, err := ReadFileWithWarnings(path)
	return m, err
}

// ReadFileWithWarnings opens and reads the XMLBIF file at path and
// returns the warnings described at ReadWithWarnings.
func ReadFileWithWarnings(path string) (*model.Model, []string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("xmlbif: %w", err)
	}
	return parse(data, path)
}

// parse reads a whole document held in memory.
func parse(data []byte, filename string) (*model.Model, []string, error) {
	p := newParser(data, filename)
	p.document()
	m := p.build()
	if err := p.errs.Err(); err != nil {
		return nil, nil, err
	}
	return m, p.warns.Strings(), nil
}
