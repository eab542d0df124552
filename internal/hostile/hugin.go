package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// huginCases returns the hostile Hugin NET files: potentials whose parents
// multiply past the limits, a node with a million states, names and states
// that are not UTF-8 or would rewrite a terminal, spellings that are one
// name after Unicode normalisation, numbers strtod would take but NET
// does not mean, an unnormalised row (legal in NET, read with a warning),
// and a file over the size limit.
func huginCases() []Case {
	const nfc, nfd = "caf\u00e9", "cafe\u0301"
	cases := []Case{
		{Name: "hugin/tables-14x23", Data: huginParents(14, 23),
			Want: `CPT entries of the whole model, at variable "c0"`},
		{Name: "hugin/cpt-too-large", Data: huginParents(1, 30),
			Want: `CPT entries of variable "c0"`},
		{Name: "hugin/states-5e5", Data: huginStates(500_000),
			Want: `states of variable "big": 4097, more than the limit of 4096`},
		{Name: "hugin/invalid-utf8", Data: huginNode("A\xff", `"y" "n"`, "0.5 0.5"),
			Want: `node name "A\xff" holds the byte 0xFF, which is not valid UTF-8`},
		{Name: "hugin/nul", Data: huginNode("A", "\"y\x00\" \"n\"", "0.5 0.5"),
			Want: `node "A": state "y\x00" holds a NUL byte`},
		{Name: "hugin/state-osc", Data: huginNode("A", "\"\x1b]0;owned\x07y\" \"n\"", "0.5 0.5"),
			Want: `node "A": state "\x1b]0;owned\x07y" contains the control character U+001B`},
		{Name: "hugin/state-bidi", Data: huginNode("A", "\"\u202ey\" \"n\"", "0.5 0.5"),
			Want: `state "\u202ey" contains the control character U+202E`},
		{Name: "hugin/nfc-nfd-duplicate", Data: append(huginNode(nfc, `"y" "n"`, "0.5 0.5"), huginNode(nfd, `"y" "n"`, "0.5 0.5")...),
			Want: `node "café" declared twice (first at line 1); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`},
		{Name: "hugin/hex-float", Data: huginNode("A", `"y" "n"`, "0x1p-1 0.5"),
			Want: `expected a number, found "0x1p-1"`},
		{Name: "hugin/underscore", Data: huginNode("A", `"y" "n"`, "0.2_5 0.75"),
			Want: `expected a number, found "0.2_5"`},
		{Name: "hugin/underflow-1e-400", Data: huginNode("A", `"y" "n"`, "1e-400 1"), Valid: true},
		{Name: "hugin/row-3-1", Data: huginNode("A", `"y" "n"`, "3 1"), Valid: true},
		{Name: "hugin/comma-in-state", Data: huginNode("A", `"a, b" ">=7.5"`, "0.5 0.5"), Valid: true},
		{Name: "hugin/oversized", Data: oversized(),
			Want: "file size: 8 MiB, more than the limit of 8 MiB"},
		{Name: "hugin/valid", Data: huginNode("A", `"y" "n"`, "0.25 0.75"), Valid: true},
	}
	for k := range cases {
		cases[k].File = strings.TrimPrefix(cases[k].Name, "hugin/") + ".net"
	}
	return cases
}

// huginNode is a node without parents, its states and its data as written.
func huginNode(name, states, data string) []byte {
	return []byte(fmt.Sprintf("node %s { states = (%s); }\npotential (%s) { data = (%s); }\n", name, states, name, data))
}

// huginParents declares parents binary nodes p0… and children binary
// nodes c0… given all of them, each with a data list of two numbers: short
// files whose potentials ask for children × 2 × 2^parents entries.
func huginParents(children, parents int) []byte {
	var b strings.Builder
	var ps []string
	for i := range parents {
		fmt.Fprintf(&b, "node p%d { states = (\"y\" \"n\"); }\npotential (p%d) { data = (0.5 0.5); }\n", i, i)
		ps = append(ps, fmt.Sprintf("p%d", i))
	}
	for i := range children {
		fmt.Fprintf(&b, "node c%d { states = (\"y\" \"n\"); }\npotential (c%d | %s) { data = (0.5 0.5); }\n", i, i, strings.Join(ps, " "))
	}
	return []byte(b.String())
}

// huginStates declares a node with n states.
func huginStates(n int) []byte {
	var b bytes.Buffer
	b.WriteString("node big { states = (")
	for i := range n {
		fmt.Fprintf(&b, " \"s%d\"", i)
	}
	b.WriteString(" ); }\npotential (big) { data = (1); }\n")
	return b.Bytes()
}
