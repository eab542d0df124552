package xdsl

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

// TestRefusedInput checks what a hostile or careless file is refused for: deep
// nesting, elements beyond what a model can use, text that is not UTF-8
// or holds control characters, ids that are one after Unicode
// normalisation, numbers that are not plain decimals, and tables past the
// limits. Each case gives the whole first line of the error.
func TestRefusedInput(t *testing.T) {
	genie := func(body string) string {
		return strings.Replace(doc(nodeA), "</smile>", "<extensions><genie name=\"g\">"+body+"</genie></extensions></smile>", 1)
	}
	cases := []struct {
		name string
		in   string
		lim  limits.Limits
		want string
		is   error
	}{
		{
			name: "nesting",
			in:   genie(strings.Repeat("<submodel id=\"s\">", 100) + strings.Repeat("</submodel>", 100)),
			want: `t.xdsl:6:1066: xdsl: nesting of <submodel>: 65 levels, more than the limit of 64`,
			is:   ErrTooLarge,
		},
		{
			name: "nesting in dropped elements",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>0.5 0.5</probabilities>` + strings.Repeat("<x>", 70) + strings.Repeat("</x>", 70) + `</cpt>`),
			want: `t.xdsl:4:266: xdsl: nesting of <x>: 65 levels, more than the limit of 64`,
			is:   ErrTooLarge,
		},
		{
			name: "invalid UTF-8",
			in:   doc("<cpt id=\"A\xff\"><state id=\"a1\"/><probabilities>1</probabilities></cpt>"),
			want: `t.xdsl:4:13: xdsl: malformed XML: invalid UTF-8`,
			is:   ErrEncoding,
		},
		{
			name: "NUL",
			in:   doc("<cpt id=\"A\x00\"><state id=\"a1\"/><probabilities>1</probabilities></cpt>"),
			want: `t.xdsl:4:13: xdsl: malformed XML: illegal character code U+0000`,
			is:   ErrEncoding,
		},
		{
			name: "C1 control in a node id",
			in:   doc("<cpt id=\"A\u009b\"><state id=\"a1\"/><probabilities>1</probabilities></cpt>"),
			want: `t.xdsl:4:1: xdsl: node id "A\x9b" contains the control character U+009B`,
			is:   network.ErrBadName,
		},
		{
			name: "NFC and NFD spellings of one node",
			in:   doc(`<cpt id="caf`+"\u00e9"+`"><state id="a1"/><probabilities>1</probabilities></cpt>`, `<cpt id="cafe`+"\u0301"+`"><state id="a1"/><probabilities>1</probabilities></cpt>`),
			want: `t.xdsl:5:1: xdsl: duplicate node id "café" (first at line 4); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`,
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "hexadecimal float",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>0x1p-1 0.5</probabilities></cpt>`),
			want: `t.xdsl:4:60: xdsl: node A: P(a1) is "0x1p-1", not a number`,
			is:   ErrSyntax,
		},
		{
			name: "underscore in a number",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>0.2_5 0.75</probabilities></cpt>`),
			want: `t.xdsl:4:60: xdsl: node A: P(a1) is "0.2_5", not a number`,
			is:   ErrSyntax,
		},
		{
			name: "file size",
			in:   doc(nodeA),
			lim:  limits.Limits{FileBytes: 100},
			want: `t.xdsl: xdsl: file size: 183 bytes, more than the limit of 100 bytes (to open it anyway, set BRINK_MAX_FILE_MB to a larger number of megabytes)`,
			is:   ErrTooLarge,
		},
		{
			name: "states",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><state id="a3"/><probabilities>0.5 0.5</probabilities></cpt>`),
			lim:  limits.Limits{States: 2},
			want: `t.xdsl:4:45: xdsl: states of variable "A": 3, more than the limit of 2`,
			is:   ErrTooLarge,
		},
		{
			name: "nodes",
			in:   doc(nodeA, nodeB),
			lim:  limits.Limits{Variables: 1},
			want: `t.xdsl:5:1: xdsl: elements in <nodes>: 2, more than the limit of 1`,
			is:   ErrTooLarge,
		},
		{
			name: "a table declared past the limit",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5</probabilities></cpt>`),
			lim:  limits.Limits{TableEntries: 3},
			want: `t.xdsl:5:1: xdsl: CPT entries of variable "B": 4 (2 states × 2 parent configurations), more than the limit of 3`,
			is:   ErrTooLarge,
		},
		{
			name: "the tables together past the limit",
			in:   doc(nodeA, nodeB),
			lim:  limits.Limits{TotalEntries: 5},
			want: `t.xdsl:5:1: xdsl: CPT entries of the whole model, at variable "B": 6, more than the limit of 5`,
			is:   ErrTooLarge,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read([]byte(c.in), "t.xdsl", c.lim)
			if err == nil {
				t.Fatal("no error")
			}
			if first := diag.Flatten(err)[0].Error(); first != c.want {
				t.Errorf("error\n%s\nwant\n%s", first, c.want)
			}
			if !errors.Is(err, c.is) {
				t.Errorf("errors.Is(err, %v) = false: %v", c.is, err)
			}
			if strings.ContainsAny(err.Error(), "\x00\u009b") {
				t.Errorf("the message holds a control character: %q", err.Error())
			}
		})
	}
}

// TestDeepSubmodels checks that submodels nested as deep as the limit on
// nesting allows are read, with the path of their names as the group.
func TestDeepSubmodels(t *testing.T) {
	const depth = 55 // smile, extensions, genie, 55 submodels, node, name: 60 levels
	var b strings.Builder
	for range depth {
		b.WriteString(`<submodel id="s"><name>S</name>`)
	}
	b.WriteString(`<node id="A"><name>Deep</name></node>`)
	for range depth {
		b.WriteString(`</submodel>`)
	}
	in := strings.Replace(doc(nodeA), "</smile>", "<extensions><genie name=\"g\">"+b.String()+"</genie></extensions></smile>", 1)
	m, _, err := Read([]byte(in), "t.xdsl", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Nodes[0].Group, strings.Repeat("S/", depth-1)+"S"; got != want || m.Nodes[0].Label != "Deep" {
		t.Errorf("group %q, label %q", got, m.Nodes[0].Label)
	}
}

// TestNamesKept checks ids that Brink's names cannot hold, kept as labels
// of safe names with a warning, references matched in NFC, and numbers too
// small for a normal float64, read with a warning.
func TestNamesKept(t *testing.T) {
	in := doc(`<cpt id="A, B"><state id="x, y"/><state id="z"/><probabilities>1e-400 1</probabilities></cpt>`,
		`<cpt id="cafe`+"\u0301"+`"><state id="a1"/><parents>A, B</parents><probabilities>1 1</probabilities></cpt>`)
	// "A, B" as a parent list is two words, "A," and "B": the parent is
	// named in NFC instead, to check that references are normalised.
	in = strings.Replace(in, "<parents>A, B</parents>", "", 1)
	in = strings.Replace(in, `<probabilities>1 1</probabilities>`, `<probabilities>1</probabilities>`, 1)
	m, warnings, err := Read([]byte(in), "t.xdsl", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Net.Specs()[0]; got.Name != "A; B" || !reflect.DeepEqual(got.States, []string{"x; y", "z"}) {
		t.Errorf("spec %+v", got)
	}
	if m.Label(0) != "A, B" || m.StateLabel(0, 0) != "x, y" {
		t.Errorf("labels %q, %q", m.Nodes[0].Label, m.Nodes[0].StateLabels)
	}
	if m.Net.Name(1) != "caf\u00e9" {
		t.Errorf("name %q not in NFC", m.Net.Name(1))
	}
	want := []string{
		`t.xdsl:4:1: xdsl: node "A, B" contains ',', which separates names in findings and parent configurations; Brink names it "A; B" and keeps the original as its label`,
		`t.xdsl:4:16: xdsl: node "A, B": state "x, y" contains ',', which separates states in lists; Brink names it "x; y" and keeps the original as its label`,
		`t.xdsl:4:64: xdsl: node "A, B": probability 1e-400 is below the range of normal float64 numbers and is read as 0`,
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}
