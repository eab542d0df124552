package xmlbif

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
// nesting, text that is not UTF-8 or holds control characters, names that
// are one after Unicode normalisation, numbers that are not plain
// decimals, and what passes the limits. Each case gives the whole first
// line of the error.
func TestRefusedInput(t *testing.T) {
	nested := strings.Repeat("<a>", 70) + strings.Repeat("</a>", 70)
	cases := []struct {
		name string
		src  string
		lim  limits.Limits
		want string
		is   error
	}{
		{
			name: "nesting",
			src:  doc("<VARIABLE><NAME>a</NAME><OUTCOME>x</OUTCOME><PROPERTY>" + nested + "</PROPERTY></VARIABLE>\n"),
			want: `t.xml:3:235: xmlbif: nesting of <a>: 65 levels, more than the limit of 64`,
			is:   ErrTooLarge,
		},
		{
			name: "nesting under a lower limit",
			src:  doc(vars + defA + defB("0.5 0.5 0.5 0.5")),
			lim:  limits.Limits{Nesting: 3},
			want: `t.xml:3:11: xmlbif: nesting of <NAME>: 4 levels, more than the limit of 3`,
			is:   ErrTooLarge,
		},
		{
			name: "invalid UTF-8",
			src:  doc("<VARIABLE><NAME>a\xff</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n"),
			want: `t.xml:3:19: xmlbif: malformed XML: invalid UTF-8`,
			is:   ErrEncoding,
		},
		{
			name: "NUL",
			src:  doc("<VARIABLE><NAME>a\x00</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n"),
			want: `t.xml:3:19: xmlbif: malformed XML: illegal character code U+0000`,
			is:   ErrEncoding,
		},
		{
			name: "C1 control (CSI) in a name",
			src:  doc("<VARIABLE><NAME>a\u009b2J</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n"),
			want: `t.xml:3:11: xmlbif: variable name "a\x9b2J" contains the control character U+009B`,
			is:   network.ErrBadName,
		},
		{
			name: "bidirectional override in an outcome",
			src:  doc("<VARIABLE><NAME>a</NAME><OUTCOME>\u202ex</OUTCOME></VARIABLE>\n<DEFINITION><FOR>a</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: `t.xml:3:25: xmlbif: variable "a": state "\u202ex" contains the control character U+202E`,
			is:   network.ErrBadName,
		},
		{
			name: "NFC and NFD spellings of one variable",
			src: doc("<VARIABLE><NAME>caf\u00e9</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n" +
				"<VARIABLE><NAME>cafe\u0301</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR>caf\u00e9</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: `t.xml:4:11: xmlbif: variable "café" declared twice (first at line 3); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`,
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "hexadecimal float",
			src:  doc(vars + defA + defB("0x1p-1 0.5 0.5 0.5")),
			want: `t.xml:6:48: xmlbif: <TABLE> entry 1, "0x1p-1", is not a number`,
			is:   ErrSyntax,
		},
		{
			name: "underscore in a number",
			src:  doc(vars + defA + defB("0.2_5 0.75 0.5 0.5")),
			want: `t.xml:6:48: xmlbif: <TABLE> entry 1, "0.2_5", is not a number`,
			is:   ErrSyntax,
		},
		{
			name: "Inf",
			src:  doc(vars + defA + defB("Inf 0 0.5 0.5")),
			want: `t.xml:6:48: xmlbif: <TABLE> entry 1, "Inf", is not a number`,
			is:   ErrSyntax,
		},
		{
			name: "file size",
			src:  doc(vars),
			lim:  limits.Limits{FileBytes: 100},
			want: `t.xml: xmlbif: file size: 225 bytes, more than the limit of 100 bytes (to open it anyway, set BRINK_MAX_FILE_MB to a larger number of megabytes)`,
			is:   ErrTooLarge,
		},
		{
			name: "states",
			src:  doc(vars),
			lim:  limits.Limits{States: 1},
			want: `t.xml:3:47: xmlbif: states of variable "a": 2, more than the limit of 1`,
			is:   ErrTooLarge,
		},
		{
			name: "variables",
			src:  doc(vars),
			lim:  limits.Limits{Variables: 1},
			want: `t.xml:4:1: xmlbif: variables: 2, more than the limit of 1`,
			is:   ErrTooLarge,
		},
		{
			name: "a table past the limit",
			src:  doc(vars + defA + defB("0.5 0.5 0.5 0.5")),
			lim:  limits.Limits{TableEntries: 3},
			want: `t.xml:6:60: xmlbif: entries of a <TABLE>: 4, more than the limit of 3`,
			is:   ErrTooLarge,
		},
		{
			name: "a table short of numbers but declared past the limit",
			src:  doc(vars + defA + defB("0.5")),
			lim:  limits.Limits{TableEntries: 3},
			want: `t.xml:6:1: xmlbif: CPT entries of variable "b": 4 (2 states × 2 parent configurations), more than the limit of 3`,
			is:   ErrTooLarge,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read([]byte(c.src), "t.xml", c.lim)
			if err == nil {
				t.Fatal("no error")
			}
			if first := diag.Flatten(err)[0].Error(); first != c.want {
				t.Errorf("error\n%s\nwant\n%s", first, c.want)
			}
			if !errors.Is(err, c.is) {
				t.Errorf("errors.Is(err, %v) = false: %v", c.is, err)
			}
			if strings.ContainsAny(err.Error(), "\x00\u009b\u202e") {
				t.Errorf("the message holds a control character: %q", err.Error())
			}
		})
	}
}

// TestFreeTextNames checks that NAME and OUTCOME texts that Brink's names
// cannot hold are kept as labels of safe names, with a warning each, and
// that references to a name match its NFC form.
func TestFreeTextNames(t *testing.T) {
	src := doc("<VARIABLE><NAME>Age, years</NAME><OUTCOME>&lt;18</OUTCOME><OUTCOME>18, 65</OUTCOME><OUTCOME>x=1</OUTCOME></VARIABLE>\n" +
		"<VARIABLE><NAME>cafe\u0301</NAME><OUTCOME>y</OUTCOME></VARIABLE>\n" +
		"<DEFINITION><FOR>Age, years</FOR><TABLE>0.25 0.25 0.5</TABLE></DEFINITION>\n" +
		"<DEFINITION><FOR>caf\u00e9</FOR><GIVEN>Age, years</GIVEN><TABLE>1 1 1</TABLE></DEFINITION>\n")
	m, warnings, err := Read([]byte(src), "t.xml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []network.VariableSpec{
		{Name: "Age; years", States: []string{"<18", "18; 65", "x=1"}, Parents: []string{}, CPT: []float64{0.25, 0.25, 0.5}},
		{Name: "caf\u00e9", States: []string{"y"}, Parents: []string{"Age; years"}, CPT: []float64{1, 1, 1}},
	}
	if got := m.Net.Specs(); !reflect.DeepEqual(got, want) {
		t.Errorf("specs\n%v\nwant\n%v", got, want)
	}
	if m.Label(0) != "Age, years" || m.StateLabel(0, 1) != "18, 65" || m.StateLabel(0, 0) != "<18" {
		t.Errorf("labels %q, %q", m.Nodes[0].Label, m.Nodes[0].StateLabels)
	}
	wantWarnings := []string{
		`t.xml:3:11: xmlbif: variable "Age, years" contains ',', which separates names in findings and parent configurations; Brink names it "Age; years" and keeps the original as its label`,
		`t.xml:3:59: xmlbif: variable "Age, years": state "18, 65" contains ',', which separates states in lists; Brink names it "18; 65" and keeps the original as its label`,
	}
	if !reflect.DeepEqual(warnings, wantWarnings) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(wantWarnings, "\n"))
	}
}

// TestUnderflow checks that a table entry too small for a normal float64
// is read, with a warning.
func TestUnderflow(t *testing.T) {
	_, warnings, err := Read([]byte(doc(vars+defA+defB("1e-400 1 0.5 0.5"))), "t.xml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`t.xml:6:48: xmlbif: <TABLE> entry 1, 1e-400, is below the range of normal float64 numbers and is read as 0`}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}
