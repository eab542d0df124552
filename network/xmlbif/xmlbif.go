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
// variable (see Read); rows off by more than that, rows of zeros and rows
// with negative or non-finite entries are errors. Table entries are plain
// decimal numbers; strconv.ParseFloat's hexadecimal floats, underscores,
// "Inf" and "NaN" are errors.
//
// The reader accepts <PROBABILITY> for <DEFINITION>, as some writers
// have it, element names in any letter case, comments anywhere, an internal
// DTD, and the encodings UTF-8, US-ASCII, ISO-8859-1 (latin1) and
// windows-1252. It fills Model.Title from the network's NAME, Node.Position
// from a "position = (x, y)" PROPERTY and Node.Description (and
// Model.Description) from a "description = text" PROPERTY, as pyAgrum
// writes it; other properties are ignored.
//
// Influence diagrams are read as aGrUM writes them (BIFXMLIDWriter). A
// VARIABLE of TYPE "decision" lists its options as OUTCOMEs, and its
// DEFINITION its informational parents (what is known when deciding) as
// GIVEN elements and no TABLE; aGrUM writes no DEFINITION at all for a
// decision without parents. It becomes a network variable whose
// model.Node.Role is model.RoleDecision, with a uniform CPT that a policy
// replaces (package decision); a TABLE given for it is ignored, with a
// warning unless it is uniform. A VARIABLE of TYPE "utility" has one
// OUTCOME, whose name means nothing, and its DEFINITION's TABLE holds one
// value per configuration of its GIVEN variables; it becomes a
// model.Utility. Those values are in CPT order, the first GIVEN slowest:
// aGrUM's BIFXMLIDReader adds the GIVEN variables to the utility's table
// in reverse and fills it with its first variable fastest, as it does a
// CPT, and the oil wildcatter diagram aGrUM ships (shared/interop) reads
// right only so: Reward given Drilling, OilContents is -70 50 200 for
// drilling a dry, wet or soaking well and 0 0 0 for not drilling, and
// solved it gives Raiffa's (1968) expected utility of 22.5. A utility may
// not be another node's parent.
//
// NAME and OUTCOME are free text, and other tools write names that Brink's
// own syntax cannot hold: "a, b", "x=1". Such a variable or state gets a
// safe name, with the text kept as its label and a warning (see
// charset.Name); names are normalised to NFC, and names with control
// characters are refused.
//
// Every problem in a file is reported with the line and column of the
// element or table entry concerned (columns count bytes, which in a
// single-byte encoding are characters), as a *diag.Error, all of them at
// once in a diag.List. The causes wrap the sentinels below or those of
// package network, for errors.Is and errors.As. What a file declares is
// checked against a limits.Limits before the reader allocates for it, and
// elements nested deeper than its Nesting are refused as they are met.
package xmlbif

import (
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// Sentinel causes of the errors that only this package reports. The
// general ones are diag's, shared by every reader; problems that package
// network also knows (an unknown variable, parent or state, a duplicate
// state, a table of the wrong size, a row that does not sum to 1) wrap
// network's sentinels instead.
var (
	// ErrXML means the file is not well-formed XML (or declares an
	// encoding the reader does not know).
	ErrXML = diag.Derive("malformed XML", diag.ErrSyntax)
	// ErrSyntax means well-formed XML that is not XMLBIF: an unknown
	// element, stray text, a missing or repeated NAME, FOR or TABLE, a
	// table entry that is not a number. ErrXML answers to it too.
	ErrSyntax = diag.ErrSyntax
	// ErrUnsupported marks what XMLBIF can say but Brink cannot model:
	// variable TYPEs other than nature, decision and utility, a utility
	// as a parent, several networks in one file.
	ErrUnsupported = diag.ErrUnsupported
	// ErrDuplicate means a variable has two DEFINITIONs.
	ErrDuplicate = diag.ErrDuplicate
	// ErrTooLarge means a file, a nesting or a table beyond the limits.
	ErrTooLarge = diag.ErrTooLarge
	// ErrEncoding means text that is not valid in its encoding, or an
	// encoding the reader does not know.
	ErrEncoding = diag.ErrEncoding
	// ErrNoDefinition means a variable has no DEFINITION.
	ErrNoDefinition = diag.Derive("variable has no definition", diag.ErrMissing)
)

// MaxRowDeviation is how far from 1 a TABLE row may sum and still be
// divided by its sum (with a warning) rather than refused. It is the
// bound the GeNIe reader uses (xdsl.MaxRowDeviation): wide enough for
// rows rounded to a few digits, narrow enough that a mistyped entry is
// still caught.
const MaxRowDeviation = 1e-2

// Read parses an XMLBIF document held in data; filename is used in error
// positions. It also returns warnings about what the reader changed, one
// line each, printed "path:line:col: xmlbif: message" and sorted by
// position: names given a safe name, numbers too small for a float64, and
// rows normalised. Each variable with rows off from 1 by more than
// network.SumTolerance (and at most MaxRowDeviation), which were divided
// by their sum, gets one warning at the first entry of the first such
// row, e.g.
//
//	insurance.bifxml:355:58: xmlbif: variable "OtherCarCost": 1 row normalised (largest deviation 3.5e-05)
//
// There are no warnings when the file needed no changes, and none with an
// error. Zero fields of lim take their defaults.
func Read(data []byte, filename string, lim limits.Limits) (*model.Model, []string, error) {
	lim = lim.Resolved()
	c := &diag.Collector{Max: lim.MaxErrors(), Prefix: "xmlbif"}
	if err := lim.CheckFileSize(int64(len(data))); err != nil {
		c.AddErr(diag.Pos{File: filename}, err)
		return nil, nil, c.Err()
	}
	p := newParser(data, filename, lim, c)
	p.document()
	m := p.build()
	if err := c.Err(); err != nil {
		return nil, nil, err
	}
	return m, c.Warnings(), nil
}
