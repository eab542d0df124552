package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// xdslCases returns the hostile GeNIe XDSL files: elements nested ten
// million deep, a GeNIe view of a million nodes, nodes whose parents
// multiply past the limits, a node with a million states, text that is not
// UTF-8 or would rewrite a terminal, spellings that are one id after
// Unicode normalisation, numbers strconv.ParseFloat would take but SMILE
// does not write, and a file over the size limit.
func xdslCases() []Case {
	const nfc, nfd = "caf\u00e9", "cafe\u0301"
	cases := []Case{
		{Name: "xdsl/nested-1e7", Data: xdslNested(10_000_000),
			Want: "more than the limit of 8 MiB"},
		{Name: "xdsl/nested-1e6", Data: xdslNested(1_000_000),
			Want: "nesting of <a>: 65 levels, more than the limit of 64"},
		{Name: "xdsl/view-nodes-1e6", Data: xdslViewNodes(1_100_000),
			Want: "more than the limit of 8 MiB"},
		{Name: "xdsl/tables-14x23", Data: xdslParents(14, 23),
			Want: `CPT entries of the whole model, at variable "c0"`},
		{Name: "xdsl/cpt-too-large", Data: xdslParents(1, 30),
			Want: `CPT entries of variable "c0"`},
		{Name: "xdsl/states-1e6", Data: xdslStates(1_000_000),
			Want: "more than the limit of 8 MiB"},
		{Name: "xdsl/states-1e5", Data: xdslStates(100_000),
			Want: `states of variable "big": 4097, more than the limit of 4096`},
		{Name: "xdsl/invalid-utf8", Data: xdslDoc(xdslCPT("a\xff", "0.5 0.5")),
			Want: "malformed XML: invalid UTF-8"},
		{Name: "xdsl/nul", Data: xdslDoc(xdslCPT("a\x00", "0.5 0.5")),
			Want: "malformed XML: illegal character code U+0000"},
		{Name: "xdsl/id-csi", Data: xdslDoc(xdslCPT("red\u009b31m", "0.5 0.5")),
			Want: `node id "red\x9b31m" contains the control character U+009B`},
		{Name: "xdsl/nfc-nfd-duplicate", Data: xdslDoc(xdslCPT(nfc, "0.5 0.5") + xdslCPT(nfd, "0.5 0.5")),
			Want: `duplicate node id "café" (first at line 3); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`},
		{Name: "xdsl/hex-float", Data: xdslDoc(xdslCPT("a", "0x1p-1 0.5")),
			Want: `P(y) is "0x1p-1", not a number`},
		{Name: "xdsl/underscore", Data: xdslDoc(xdslCPT("a", "0.2_5 0.75")),
			Want: `P(y) is "0.2_5", not a number`},
		{Name: "xdsl/underflow-1e-400", Data: xdslDoc(xdslCPT("a", "1e-400 1")), Valid: true},
		{Name: "xdsl/oversized", Data: oversized(),
			Want: "file size: 8 MiB, more than the limit of 8 MiB"},
		{Name: "xdsl/valid", Data: xdslDoc(xdslCPT("a", "0.25 0.75")), Valid: true},
	}
	for k := range cases {
		cases[k].File = strings.TrimPrefix(cases[k].Name, "xdsl/") + ".xdsl"
	}
	return cases
}

// xdslDoc wraps nodes, which start on line 3, in a document.
func xdslDoc(nodes string, extensions ...string) []byte {
	return []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<smile version=\"1.0\" id=\"hostile\"><nodes>\n" + nodes +
		"</nodes>" + strings.Join(extensions, "") + "</smile>\n")
}

// xdslCPT is a binary node with the given parents and probabilities, on a
// line of its own.
func xdslCPT(id, probabilities string, parents ...string) string {
	p := ""
	if len(parents) > 0 {
		p = "<parents>" + strings.Join(parents, " ") + "</parents>"
	}
	return fmt.Sprintf("<cpt id=\"%s\"><state id=\"y\" /><state id=\"n\" />%s<probabilities>%s</probabilities></cpt>\n", id, p, probabilities)
}

// xdslParents declares parents binary nodes p0… and children binary nodes
// c0… given all of them, each with two probabilities: short files whose
// nodes ask for children × 2 × 2^parents entries.
func xdslParents(children, parents int) []byte {
	var b strings.Builder
	var ps []string
	for i := range parents {
		p := fmt.Sprintf("p%d", i)
		b.WriteString(xdslCPT(p, "0.5 0.5"))
		ps = append(ps, p)
	}
	for i := range children {
		b.WriteString(xdslCPT(fmt.Sprintf("c%d", i), "0.5 0.5", ps...))
	}
	return xdslDoc(b.String())
}

// xdslStates declares a node with n states.
func xdslStates(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<cpt id="big">`)
	for i := range n {
		fmt.Fprintf(&b, `<state id="s%d" />`, i)
	}
	b.WriteString("<probabilities>1</probabilities></cpt>\n")
	return xdslDoc(b.String())
}

// xdslViewNodes is a network of one node whose GeNIe view lists n nodes: a
// reader that keeps every element of the file grows with n.
func xdslViewNodes(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<extensions><genie name="view">`)
	for range n {
		b.WriteString(`<node id="a"/>`)
	}
	b.WriteString("</genie></extensions>")
	return xdslDoc(xdslCPT("a", "0.5 0.5"), b.String())
}

// xdslNested is a document with elements nested depth deep inside a node,
// left open: a reader that builds a tree of them grows with depth.
func xdslNested(depth int) []byte {
	head := []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<smile version=\"1.0\" id=\"hostile\"><nodes>\n<cpt id=\"a\">")
	return append(head, bytes.Repeat([]byte("<a>"), depth)...)
}
