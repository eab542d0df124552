package hostile

import (
	"bytes"
	"fmt"
	"strings"

	"brink/network/limits"
)

// tomlCases returns the hostile Brink model files (.toml): each attack
// that once exhausted memory, the stack or the patience of the reader, and
// the names and numbers that once slipped through.
func tomlCases() []Case {
	const nfc, nfd = "caf\u00e9", "cafe\u0301" // "café" precomposed and with a combining accent
	cases := []Case{
		{Name: "toml/cpt-23-parents", Data: tomlParents(23, 1),
			Want: "8388607 parent configurations have no row"},
		{Name: "toml/cpt-too-large", Data: tomlParents(30, 1),
			Want: `CPT entries of variable "child"`},
		{Name: "toml/nested-inline-tables", Data: tomlNested("x = ", "{a=", "1", "}", 10_000),
			Want: "nesting of tables, arrays and dotted keys: 65 levels, more than the limit of 64"},
		{Name: "toml/nested-arrays", Data: tomlNested("x = ", "[", "", "]", 10_000_000),
			Want: "more than the limit of 8 MiB"},
		{Name: "toml/nested-arrays-1e6", Data: tomlNested("x = ", "[", "", "]", 1_000_000),
			Want: "nesting of tables, arrays and dotted keys: 65 levels"},
		{Name: "toml/dotted-key", Data: tomlNested("", "a.", "b = 1", "", 20_000),
			Want: "nesting of tables, arrays and dotted keys: 65 levels"},
		{Name: "toml/states-5e5", Data: tomlStates(500_000),
			Want: `states of variable "big": 500000, more than the limit of 4096`},
		{Name: "toml/unknown-key-per-node", Data: TOMLUnknownKeys(10_000),
			Want: "and 9950 more problems not shown"},
		{Name: "toml/rows-100k", Data: TOMLRows(100_000), Valid: true},
		// Just under the file size limit: the TOML decoder's appetite
		// (about 45 bytes of memory per byte of file) is what the limit
		// bounds.
		{Name: "toml/rows-near-size-limit", Data: TOMLRows(135_000), Valid: true},
		{Name: "toml/nan-position", Data: tomlNode(`id = "a"` + "\nposition = [nan, 1]"),
			Want: `node "a": position [NaN, 1] is not two finite numbers`},
		{Name: "toml/inf-probability", Data: tomlNode(`id = "a"`, "{ p = [inf, 0] }"),
			Want: `node "a": P(x) = +Inf is not a probability`},
		{Name: "toml/name-csi", Data: tomlNode(`id = "red\u001b[31m"`),
			Want: `node id "red\x1b[31m" contains the control character U+001B`},
		{Name: "toml/name-osc", Data: tomlNode(`id = "\u001b]0;owned\u0007a"`),
			Want: `node id "\x1b]0;owned\x07a" contains the control character U+001B`},
		{Name: "toml/state-bidi", Data: tomlNode("id = \"a\"\nstates = [\"x\", \"\u202ey\"]"),
			Want: `state "\u202ey" contains the control character U+202E`},
		{Name: "toml/nfc-nfd-duplicate", Data: tomlModel(tomlRoot(nfc) + tomlRoot(nfd)),
			Want: `duplicate node id "café", written differently but the same name in Unicode normal form C`},
		{Name: "toml/nfd-alone", Data: tomlModel(tomlRoot(nfd)), Valid: true},
		{Name: "toml/invalid-utf8", Data: append(tomlNode(`id = "a"`), "# caf\xe9\n"...),
			Want: "byte 0xe9, which is not valid UTF-8"},
		{Name: "toml/nul", Data: append(tomlNode(`id = "a"`), "# \x00\n"...),
			Want: "a NUL byte"},
		{Name: "toml/underflow-1e-400", Data: tomlNode(`id = "a"`, "{ p = [1e-400, 1] }"), Valid: true},
		{Name: "toml/oversized", Data: tomlOversized(limits.DefaultFileBytes),
			Want: "file size: 8 MiB, more than the limit of 8 MiB"},
		{Name: "toml/valid", Data: tomlNode(`id = "a"`), Valid: true},
		{Name: "toml/valid-labels", Data: tomlNode("id = \"a\"\nlabel = \"Café \u00e9\"\nstates = [{ id = \"x\", label = \"X\" }, \"y\"]"), Valid: true},
	}
	for k := range cases {
		cases[k].File = strings.TrimPrefix(cases[k].Name, "toml/") + ".toml"
	}
	return cases
}

// tomlModel puts nodes under a [model] header.
func tomlModel(nodes string) []byte {
	return []byte("[model]\nformat = 1\n" + nodes)
}

// tomlRoot is a binary node without parents.
func tomlRoot(id string) string {
	return fmt.Sprintf("\n[[node]]\nid = %q\nstates = [\"x\", \"y\"]\ncpt = [{ p = [0.5, 0.5] }]\n", id)
}

// tomlNode is a model of one node with the given lines (id first) and,
// when given, cpt rows; it has states x and y unless the lines say
// otherwise.
func tomlNode(lines string, rows ...string) []byte {
	if !strings.Contains(lines, "states") {
		lines += "\nstates = [\"x\", \"y\"]"
	}
	if len(rows) == 0 {
		rows = []string{"{ p = [0.25, 0.75] }"}
	}
	return tomlModel("\n[[node]]\n" + lines + "\ncpt = [" + strings.Join(rows, ", ") + "]\n")
}

// tomlParents is a node "child" with n binary parents and only the given
// number of cpt rows: a table of 2ⁿ configurations declared in a few
// kilobytes.
func tomlParents(n, rows int) []byte {
	var b strings.Builder
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("p%d", i+1)
		b.WriteString(tomlRoot(names[i]))
	}
	fmt.Fprintf(&b, "\n[[node]]\nid = \"child\"\nstates = [\"x\", \"y\"]\nparents = [%s]\ncpt = [\n", quoteAll(names))
	for r := range rows {
		given := make([]string, n)
		for i, p := range names {
			s := "x"
			if r>>i&1 == 1 {
				s = "y"
			}
			given[i] = p + ` = "` + s + `"`
		}
		fmt.Fprintf(&b, "  { given = { %s }, p = [0.5, 0.5] },\n", strings.Join(given, ", "))
	}
	b.WriteString("]\n")
	return tomlModel(b.String())
}

// tomlNested is prefix, open n times, middle, close n times, under
// [model].
func tomlNested(prefix, open, middle, close string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("[model]\nformat = 1\n")
	b.WriteString(prefix)
	b.Write(bytes.Repeat([]byte(open), n))
	b.WriteString(middle)
	b.Write(bytes.Repeat([]byte(close), n))
	b.WriteString("\n")
	return b.Bytes()
}

// tomlStates is a node "big" with n states and a row for them.
func tomlStates(n int) []byte {
	var b bytes.Buffer
	b.WriteString("[model]\nformat = 1\n\n[[node]]\nid = \"big\"\nstates = [")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"s%d\"", i)
	}
	b.WriteString("]\ncpt = [{ p = [1")
	b.Write(bytes.Repeat([]byte(", 0"), n-1))
	b.WriteString("] }]\n")
	return b.Bytes()
}

// tomlOversized is a valid model padded with a comment to one byte more
// than limit.
func tomlOversized(limit int) []byte {
	head := tomlNode(`id = "a"`)
	pad := limit + 1 - len(head) - len("#\n")
	out := make([]byte, 0, limit+1)
	out = append(out, head...)
	out = append(out, '#')
	out = append(out, bytes.Repeat([]byte{' '}, pad)...)
	return append(out, '\n')
}

// TOMLRows returns a valid model whose node "c" has parents a (100
// states) and b (rows/100 states) and so rows CPT rows, one line each, for
// benchmarks and the hostile cases; rows must be a multiple of 100.
func TOMLRows(rows int) []byte { return tomlGrid([]int{100, rows / 100}) }

// TOMLGrid returns a valid model whose node "c" has the given number of
// parents, each with the given number of states, and so statesᵖᵃʳᵉⁿᵗˢ CPT
// rows.
func TOMLGrid(parents, states int) []byte {
	cards := make([]int, parents)
	for i := range cards {
		cards[i] = states
	}
	return tomlGrid(cards)
}

// tomlGrid is a model whose node "c" has parents p1, p2, … with the given
// numbers of states, and a row for each of their configurations.
func tomlGrid(cards []int) []byte {
	var b strings.Builder
	b.WriteString("[model]\nformat = 1\n")
	names := make([]string, len(cards))
	for i, n := range cards {
		names[i] = fmt.Sprintf("p%d", i+1)
		fmt.Fprintf(&b, "\n[[node]]\nid = %q\nstates = [", names[i])
		for s := range n {
			if s > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "\"s%d\"", s)
		}
		b.WriteString("]\ncpt = [{ p = [1")
		b.WriteString(strings.Repeat(", 0", n-1))
		b.WriteString("] }]\n")
	}
	fmt.Fprintf(&b, "\n[[node]]\nid = \"c\"\nstates = [\"yes\", \"no\"]\nparents = [%s]\ncpt = [\n", quoteAll(names))
	cfg := make([]int, len(cards))
	given := make([]string, len(cards))
	for {
		for i, s := range cfg {
			given[i] = fmt.Sprintf("%s = \"s%d\"", names[i], s)
		}
		fmt.Fprintf(&b, "  { given = { %s }, p = [0.25, 0.75] },\n", strings.Join(given, ", "))
		i := len(cfg) - 1
		for ; i >= 0; i-- {
			if cfg[i]++; cfg[i] < cards[i] {
				break
			}
			cfg[i] = 0
		}
		if i < 0 {
			break
		}
	}
	b.WriteString("]\n")
	return []byte(b.String())
}

// TOMLUnknownKeys returns a model of n nodes, each with one unknown key.
func TOMLUnknownKeys(n int) []byte {
	var b strings.Builder
	b.WriteString("[model]\nformat = 1\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[node]]\nid = \"n%d\"\nstates = [\"x\", \"y\"]\ncolour = \"red\"\ncpt = [{ p = [0.5, 0.5] }]\n", i)
	}
	return []byte(b.String())
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
