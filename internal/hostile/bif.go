package hostile

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"brink/network/limits"
)

// bifCases returns the hostile BIF files: tables that a few bytes of
// `default` rows would make huge, a variable with a million states, names
// that are not UTF-8 or would rewrite a terminal, spellings that are one
// name after Unicode normalisation, numbers strconv would take but BIF
// does not mean, and a file over the size limit.
func bifCases() []Case {
	const nfc, nfd = "caf\u00e9", "cafe\u0301"
	cases := []Case{
		{Name: "bif/default-rows-14x23", Data: bifDefaultRows(14, 23),
			Want: `CPT entries of the whole model, at variable "c0"`},
		{Name: "bif/cpt-too-large", Data: bifDefaultRows(1, 30),
			Want: `CPT entries of variable "c0"`},
		{Name: "bif/states-5e5", Data: bifStates(500_000),
			Want: `states of variable "big": 4097, more than the limit of 4096`},
		{Name: "bif/invalid-utf8", Data: bifRoot("a\xff"),
			Want: `variable name "a\xff" holds the byte 0xFF, which is not valid UTF-8`},
		{Name: "bif/nul", Data: bifRoot("\"a\x00b\""),
			Want: `variable name "a\x00b" holds a NUL byte`},
		{Name: "bif/name-osc", Data: bifRoot("\"\x1b]0;owned\x07a\""),
			Want: `variable name "\x1b]0;owned\x07a" contains the control character U+001B`},
		{Name: "bif/name-csi", Data: bifRoot("\"red\x1b[31m\""),
			Want: `variable name "red\x1b[31m" contains the control character U+001B`},
		{Name: "bif/state-bidi", Data: []byte("variable a { type discrete [ 2 ] { \"\u202ey\", n }; }\nprobability ( a ) { table 0.5, 0.5; }\n"),
			Want: `state name "\u202ey" contains the control character U+202E`},
		{Name: "bif/nfc-nfd-duplicate", Data: append(bifRoot(`"`+nfc+`"`), bifRoot(`"`+nfd+`"`)...),
			Want: `variable "café" declared twice (first at line 1); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`},
		{Name: "bif/nfd-referenced-as-nfc", Data: []byte(`variable "` + nfd + `" { type discrete [ 2 ] { y, n }; }` + "\n" +
			`probability ( "` + nfc + `" ) { table 0.5, 0.5; }` + "\n"), Valid: true},
		{Name: "bif/hex-float", Data: bifTable("0x1p-1, 0.5"),
			Want: `expected a probability, found "0x1p-1"`},
		{Name: "bif/underscore", Data: bifTable("0.2_5, 0.75"),
			Want: `expected a probability, found "0.2_5"`},
		{Name: "bif/overflow-1e400", Data: bifTable("1e400, 0"),
			Want: `expected a probability, found "1e400"`},
		{Name: "bif/underflow-1e-400", Data: bifTable("1e-400, 1"), Valid: true},
		{Name: "bif/comma-in-state", Data: []byte("variable a { type discrete [ 2 ] { \"x,y\", z }; }\nprobability ( a ) { table 0.5, 0.5; }\n"), Valid: true},
		{Name: "bif/oversized", Data: oversized(),
			Want: "file size: 8 MiB, more than the limit of 8 MiB"},
		{Name: "bif/valid", Data: bifTable("0.25, 0.75"), Valid: true},
	}
	for k := range cases {
		cases[k].File = strings.TrimPrefix(cases[k].Name, "bif/") + ".bif"
	}
	return cases
}

// bifRoot declares a binary variable of the given name, as written
// (quoted or not), with its table.
func bifRoot(name string) []byte {
	return []byte(fmt.Sprintf("variable %s { type discrete [ 2 ] { y, n }; }\nprobability ( %s ) { table 0.5, 0.5; }\n", name, name))
}

// bifTable is a binary variable whose table is the given values.
func bifTable(values string) []byte {
	return []byte("variable a { type discrete [ 2 ] { y, n }; }\nprobability ( a ) { table " + values + "; }\n")
}

// bifDefaultRows declares parents binary variables p0… and children
// binary variables c0… given all of them, each with a single `default`
// row: a few kilobytes that ask for children × 2 × 2^parents entries.
func bifDefaultRows(children, parents int) []byte {
	var b strings.Builder
	var ps []string
	for i := range parents {
		fmt.Fprintf(&b, "variable p%d { type discrete [ 2 ] { y, n }; }\n", i)
		ps = append(ps, fmt.Sprintf("p%d", i))
	}
	for i := range children {
		fmt.Fprintf(&b, "variable c%d { type discrete [ 2 ] { y, n }; }\n", i)
	}
	for i := range parents {
		fmt.Fprintf(&b, "probability ( p%d ) { table 0.5, 0.5; }\n", i)
	}
	for i := range children {
		fmt.Fprintf(&b, "probability ( c%d | %s ) { default 0.5, 0.5; }\n", i, strings.Join(ps, ", "))
	}
	return []byte(b.String())
}

// bifStates declares a variable with n states.
func bifStates(n int) []byte {
	var b bytes.Buffer
	b.WriteString("variable big { type discrete [ ")
	fmt.Fprint(&b, n)
	b.WriteString(" ] { ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "s%d", i)
	}
	b.WriteString(" }; }\nprobability ( big ) { table 1; }\n")
	return b.Bytes()
}

// oversized returns a file one byte over the default size limit, all
// blanks: every reader must refuse it for its size before reading it. The
// formats other than TOML share one, which must not be modified.
var oversized = sync.OnceValue(func() []byte {
	return bytes.Repeat([]byte{' '}, limits.DefaultFileBytes+1)
})
