// Package xdsl reads discrete Bayesian networks from the XDSL files of
// GeNIe and SMILE (BayesFusion).
//
// An XDSL file is XML. Its <nodes> element lists the variables, each a
// <cpt> with its states, its parents and its probabilities; the GeNIe
// extension describes how each node is drawn:
//
//	<smile version="1.0" id="Asia">
//	  <nodes>
//	    <cpt id="Tuberculosis">
//	      <state id="Absent" />
//	      <state id="Present" />
//	      <parents>VisitToAsia</parents>
//	      <probabilities>0.99 0.01 0.95 0.05</probabilities>
//	    </cpt>
//	  </nodes>
//	  <extensions>
//	    <genie name="Asia network">
//	      <node id="Tuberculosis">
//	        <name>Tuberculosis?</name>
//	        <position>44 120 145 154</position>
//	        <comment>Presence or absence of tuberculosis.</comment>
//	      </node>
//	    </genie>
//	  </extensions>
//	</smile>
//
// The probabilities run over the parent configurations in row-major order,
// the first parent slowest, with the node's own state fastest: the layout
// of network.VariableSpec, so they are taken over as they stand.
// A <deterministic> node gives, for each parent configuration in the same
// order, the state it takes (<resultingstates>); it is read as a CPT of
// zeros and ones.
//
// From the GeNIe extension the model takes the network's name (else the
// <smile> id) as its title and its comment as its description, and for each
// node its name as label, its comment as description, the centre of its
// rectangle (<position>left top right bottom</position>) as position, and
// the name of the submodel it is drawn in, if any, as group. GeNIe writes a
// line break in these texts as \n; it is turned back into one.
//
// Decision, utility, noisy-MAX, noisy-adder, equation (continuous) and
// temporal nodes are refused with an error naming the node and its kind.
// Diagnostic attributes, <property> elements, text boxes and the drawing
// attributes of the GeNIe extension are ignored.
//
// GeNIe rounds its numbers, and files edited by hand or learned from data
// can have rows that sum to 1 only roughly. Rows off by at most
// MaxRowDeviation are divided by their sum, with a warning for each node
// that had a row off by more than network.SumTolerance; rows off by more,
// and rows of zeros, are errors.
//
// Files in UTF-8, ISO-8859-1 and windows-1252 are read. Every problem is
// reported with its position, all at once, as *diag.Error values in a
// diag.List; their causes wrap the sentinels below or those of package
// network, for errors.Is.
package xdsl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"brink/network/diag"
	"brink/network/model"
)

// Sentinel causes of the errors that only this package reports. Problems
// that package network also knows (a duplicate node or state, an unknown
// parent or state, a table of the wrong size, a bad row, a cycle) wrap
// network's sentinels instead.
var (
	ErrSyntax        = errors.New("syntax error")
	ErrUnsupported   = errors.New("unsupported construct")
	ErrNoProbability = errors.New("node has no probabilities")
	ErrTooLarge      = errors.New("table too large")
)

// MaxRowDeviation is how far a row of probabilities may sum from 1 and
// still be read, divided by its sum: well above the rounding seen in real
// files (2e-3, in a GeNIe file learned from data) and well below what a
// mistyped digit does.
const MaxRowDeviation = 1e-2

// MaxCPTEntries bounds the size of one CPT, and with it the memory that a
// short file can make the reader allocate.
const MaxCPTEntries = 1 << 24

// maxErrors is how many problems are reported before the reader gives up.
const maxErrors = 50

// Read parses an XDSL document. filename is used only in positions. On
// success it also returns warnings, one line each, about what it changed
// (rows normalised) or skipped (a position it could not read).
func Read(r io.Reader, filename string) (*model.Model, []string, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, nil, fmt.Errorf("xdsl: reading %s: %w", filename, err)
	}
	return parse(buf.Bytes(), filename)
}

// ReadFile opens and reads the XDSL file at path.
func ReadFile(path string) (*model.Model, []string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("xdsl: %w", err)
	}
	return parse(data, path)
}

// parse reads a whole file held in memory.
func parse(data []byte, filename string) (*model.Model, []string, error) {
	s := newSource(data, filename)
	root, xerr := s.parseXML()
	if xerr != nil {
		return nil, nil, diag.List{xerr}
	}
	b := &builder{src: s, index: map[string]int{}}
	m := b.build(root)
	if err := b.errs.Err(); err != nil {
		return nil, nil, err
	}
	return m, b.warnings, nil
}
