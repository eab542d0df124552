// Package xdsl reads and writes discrete Bayesian networks in the XDSL
// files of GeNIe and SMILE (BayesFusion).
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
// zeros and ones, with the states kept as its canonical model
// (model.Canonical, Kind Deterministic). A <noisymax> node gives the
// parameters of a noisy-MAX model, each parent's states in order of
// strength (<strengths>) and a distribution over the node's states for
// each parent state and for the leak (<parameters>; the layout, and where
// it was verified, are described in noisymax.go); it is read as the table
// they expand to, with the parameters kept as its canonical model (Kind
// NoisyMAX, the absent state the node's last, as in GeNIe, and each
// parent's absent state the last of its strengths).
//
// From the GeNIe extension the model takes the network's name (else the
// <smile> id) as its title and its comment as its description, and for each
// node its name as label, its comment as description, the centre of its
// rectangle (<position>left top right bottom</position>) as position, and
// the name of the submodel it is drawn in, if any, as group. GeNIe writes a
// line break in these texts as \n; it is turned back into one.
//
// Influence diagrams are read too. A <decision> lists its options as
// <state>s and in <parents> what is known when deciding; it becomes a
// network variable whose model.Node.Role is model.RoleDecision, with a
// uniform CPT that a policy replaces (package decision). A <utility> has
// <parents> and no states, and its <utilities> hold one value per
// configuration of the parents, in the order of <probabilities> without
// the node's own states, the first parent slowest (see utilities); it
// becomes a model.Utility, with its name, comment and position from the
// GeNIe extension. A utility may not be another node's parent. GeNIe
// reads the arcs into a decision as temporal precedence, and a classical
// influence diagram lets each decision remember what the earlier ones saw
// and chose (no forgetting); package decision sees only the parents the
// file lists, so a diagram that leaves such links implicit may be solved
// with less information than GeNIe assumes. (In the Pinball diagram no
// chance node is observed before a decision, and the two agree.)
//
// Multi-attribute utility (<mau>), noisy-adder, DeMorgan, equation
// (continuous) and temporal nodes are refused with an error naming the
// node and its kind.
// Diagnostic attributes, <property> elements, text boxes and the drawing
// attributes of the GeNIe extension are ignored.
//
// GeNIe rounds its numbers, and files edited by hand or learned from data
// can have rows that sum to 1 only roughly. Rows off by at most
// MaxRowDeviation are divided by their sum, with a warning for each node
// that had a row off by more than network.SumTolerance; rows off by more,
// and rows of zeros, are errors. A noisy-MAX node's parameter
// distributions are treated the same way.
//
// Files in UTF-8, ISO-8859-1 and windows-1252 are read (see charset.Lookup).
// Ids are normalised to NFC; an id with control characters is refused, and
// one that Brink's names cannot hold gets a safe name, with the id kept as
// the label (see charset.Name). Probabilities are plain decimal numbers.
//
// Every problem is reported with its position, all at once, as *diag.Error
// values in a diag.List; their causes wrap the sentinels below or those of
// package network, for errors.Is. What a file declares is checked against
// a limits.Limits before the reader allocates for it: the element tree
// keeps only the elements the reader uses, elements nested deeper than
// the limit are refused as they are met, and a table is counted before it
// is allocated.
package xdsl

import (
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// Sentinel causes of the errors that only this package reports. The
// general ones are diag's, shared by every reader; problems that package
// network also knows (a duplicate node or state, an unknown parent or
// state, a table of the wrong size, a bad row, a cycle) wrap network's
// sentinels instead.
var (
	ErrSyntax      = diag.ErrSyntax
	ErrUnsupported = diag.ErrUnsupported
	ErrTooLarge    = diag.ErrTooLarge
	ErrEncoding    = diag.ErrEncoding
	// ErrNoProbability is the cause of a node without its table (for a
	// noisy-MAX node, its <parameters>).
	ErrNoProbability = diag.Derive("node has no probabilities", diag.ErrMissing)
)

// MaxRowDeviation is how far a row of probabilities may sum from 1 and
// still be read, divided by its sum: well above the rounding seen in real
// files (2e-3, in a GeNIe file learned from data) and well below what a
// mistyped digit does.
const MaxRowDeviation = 1e-2

// Read parses an XDSL document held in data. filename is used only in
// positions. On success it also returns warnings, one line each, printed
// "path:line:col: xdsl: message" and sorted, about what it changed (rows
// normalised, ids given a safe name, numbers too small for a float64) or
// skipped (a position it could not read). Zero fields of lim take their
// defaults.
func Read(data []byte, filename string, lim limits.Limits) (*model.Model, []string, error) {
	lim = lim.Resolved()
	c := &diag.Collector{Max: lim.MaxErrors(), Prefix: "xdsl"}
	if err := lim.CheckFileSize(int64(len(data))); err != nil {
		c.AddErr(diag.Pos{File: filename}, err)
		return nil, nil, c.Err()
	}
	s := newSource(data, filename)
	root, xerr := s.parseXML(lim)
	if xerr != nil {
		c.Add(xerr)
		return nil, nil, c.Err()
	}
	b := &builder{src: s, lim: lim, c: c, budget: limits.NewBudget(lim), index: map[string]int{}}
	m := b.build(root)
	if err := c.Err(); err != nil {
		return nil, nil, err
	}
	return m, c.Warnings(), nil
}
