package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// xmlbifCases returns the hostile XMLBIF files: elements nested ten
// million deep, definitions whose parents multiply past the limits, a
// variable with a million outcomes, text that is not UTF-8 or would
// rewrite a terminal, spellings that are one name after Unicode
// normalisation, numbers strconv.ParseFloat would take but XMLBIF does not
// mean, and a file over the size limit.
func xmlbifCases() []Case {
	const nfc, nfd = "caf\u00e9", "cafe\u0301"
	cases := []Case{
		{Name: "xmlbif/nested-1e7", Data: xmlbifNested(10_000_000),
			Want: "more than the limit of 8 MiB"},
		{Name: "xmlbif/nested-1e6", Data: xmlbifNested(1_000_000),
			Want: "nesting of <a>: 65 levels, more than the limit of 64"},
		{Name: "xmlbif/tables-14x23", Data: xmlbifParents(14, 23),
			Want: `CPT entries of the whole model, at variable "c0"`},
		{Name: "xmlbif/cpt-too-large", Data: xmlbifParents(1, 30),
			Want: `CPT entries of variable "c0"`},
		{Name: "xmlbif/outcomes-1e6", Data: xmlbifOutcomes(1_000_000),
			Want: "more than the limit of 8 MiB"},
		{Name: "xmlbif/outcomes-1e5", Data: xmlbifOutcomes(100_000),
			Want: `states of variable "big": 4097, more than the limit of 4096`},
		{Name: "xmlbif/invalid-utf8", Data: xmlbifRoot("a\xff", "0.5 0.5"),
			Want: "malformed XML: invalid UTF-8"},
		{Name: "xmlbif/nul", Data: xmlbifRoot("a\x00", "0.5 0.5"),
			Want: "malformed XML: illegal character code U+0000"},
		{Name: "xmlbif/name-esc", Data: xmlbifRoot("\x1b]0;owned\x07a", "0.5 0.5"),
			Want: "malformed XML: illegal character code U+001B"},
		{Name: "xmlbif/name-csi", Data: xmlbifRoot("red\u009b31m", "0.5 0.5"),
			Want: `variable name "red\x9b31m" contains the control character U+009B`},
		{Name: "xmlbif/nfc-nfd-duplicate", Data: xmlbifDoc(xmlbifVariable(nfc) + xmlbifVariable(nfd) + xmlbifDefinition(nfc, "0.5 0.5")),
			Want: `variable "café" declared twice (first at line 3); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`},
		{Name: "xmlbif/hex-float", Data: xmlbifRoot("a", "0x1p-1 0.5"),
			Want: `<TABLE> entry 1, "0x1p-1", is not a number`},
		{Name: "xmlbif/underscore", Data: xmlbifRoot("a", "0.2_5 0.75"),
			Want: `<TABLE> entry 1, "0.2_5", is not a number`},
		{Name: "xmlbif/underflow-1e-400", Data: xmlbifRoot("a", "1e-400 1"), Valid: true},
		{Name: "xmlbif/comma-in-name", Data: xmlbifRoot("Age, years", "0.5 0.5"), Valid: true},
		{Name: "xmlbif/oversized", Data: oversized(),
			Want: "file size: 8 MiB, more than the limit of 8 MiB"},
		{Name: "xmlbif/valid", Data: xmlbifRoot("a", "0.25 0.75"), Valid: true},
	}
	for k := range cases {
		cases[k].File = strings.TrimPrefix(cases[k].Name, "xmlbif/") + ".xml"
	}
	return cases
}

// xmlbifDoc wraps the body of a NETWORK, which starts on line 3.
func xmlbifDoc(body string) []byte {
	return []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BIF VERSION=\"0.3\"><NETWORK><NAME>hostile</NAME>\n" + body + "</NETWORK></BIF>\n")
}

// xmlbifVariable declares a binary variable, on a line of its own.
func xmlbifVariable(name string) string {
	return "<VARIABLE TYPE=\"nature\"><NAME>" + name + "</NAME><OUTCOME>y</OUTCOME><OUTCOME>n</OUTCOME></VARIABLE>\n"
}

// xmlbifDefinition defines a variable's table given its parents.
func xmlbifDefinition(name, table string, given ...string) string {
	var b strings.Builder
	b.WriteString("<DEFINITION><FOR>" + name + "</FOR>")
	for _, g := range given {
		b.WriteString("<GIVEN>" + g + "</GIVEN>")
	}
	b.WriteString("<TABLE>" + table + "</TABLE></DEFINITION>\n")
	return b.String()
}

// xmlbifRoot is a document of one binary variable with the given table.
func xmlbifRoot(name, table string) []byte {
	return xmlbifDoc(xmlbifVariable(name) + xmlbifDefinition(name, table))
}

// xmlbifParents declares parents binary variables p0… and children binary
// variables c0… given all of them, each with a table of two numbers: short
// files whose definitions ask for children × 2 × 2^parents entries.
func xmlbifParents(children, parents int) []byte {
	var b strings.Builder
	var ps []string
	for i := range parents {
		p := fmt.Sprintf("p%d", i)
		b.WriteString(xmlbifVariable(p))
		ps = append(ps, p)
	}
	for i := range children {
		b.WriteString(xmlbifVariable(fmt.Sprintf("c%d", i)))
	}
	for _, p := range ps {
		b.WriteString(xmlbifDefinition(p, "0.5 0.5"))
	}
	for i := range children {
		b.WriteString(xmlbifDefinition(fmt.Sprintf("c%d", i), "0.5 0.5", ps...))
	}
	return xmlbifDoc(b.String())
}

// xmlbifOutcomes declares a variable with n outcomes.
func xmlbifOutcomes(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<VARIABLE><NAME>big</NAME>")
	for i := range n {
		fmt.Fprintf(&b, "<OUTCOME>s%d</OUTCOME>", i)
	}
	b.WriteString("</VARIABLE>\n")
	return xmlbifDoc(b.String() + xmlbifDefinition("big", "1"))
}

// xmlbifNested is a document with elements nested depth deep inside a
// variable's PROPERTY, left open: a reader that builds a tree, or lets the
// decoder skip them, grows with depth.
func xmlbifNested(depth int) []byte {
	head := xmlbifDoc("<VARIABLE><NAME>a</NAME><OUTCOME>y</OUTCOME><PROPERTY>")
	head = head[:bytes.LastIndex(head, []byte("</NETWORK>"))]
	return append(head, bytes.Repeat([]byte("<a>"), depth)...)
}
