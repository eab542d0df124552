package xmlbif

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

// doc wraps the body of a NETWORK in a document whose line 3 is the first
// line of body.
func doc(body string) string {
	return "<?xml version=\"1.0\"?>\n<BIF VERSION=\"0.3\"><NETWORK>\n" + body + "</NETWORK></BIF>\n"
}

// Lines 3 and 4 of a document: a (yes, no) and b (lo, hi).
const vars = `<VARIABLE><NAME>a</NAME><OUTCOME>yes</OUTCOME><OUTCOME>no</OUTCOME></VARIABLE>
<VARIABLE><NAME>b</NAME><OUTCOME>lo</OUTCOME><OUTCOME>hi</OUTCOME></VARIABLE>
`

// defA is a's definition; where it is line 5, <FOR> is at column 13.
const defA = "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>\n"

// defB returns b's definition given a with the table entries given; where
// it is line 6, <GIVEN> is at column 25, <TABLE> at 41 and its first entry
// at 48.
func defB(table string) string {
	return "<DEFINITION><FOR>b</FOR><GIVEN>a</GIVEN><TABLE>" + table + "</TABLE></DEFINITION>\n"
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // one substring per reported error, in order
		is   error    // a cause errors.Is must find
	}{
		{
			name: "unknown FOR",
			src:  doc(vars + defA + defB("0.5 0.5 0.5 0.5") + "<DEFINITION><FOR>c</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:7:13: xmlbif: <FOR> names "c", which is not a declared variable`},
			is:   network.ErrUnknownVariable,
		},
		{
			name: "unknown GIVEN",
			src:  doc(vars + defA + "<DEFINITION><FOR>b</FOR><GIVEN>c</GIVEN><TABLE>0.5 0.5</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:6:25: xmlbif: variable "b": <GIVEN> names "c", which is not a declared variable`},
			is:   network.ErrUnknownParent,
		},
		{
			name: "GIVEN twice",
			src:  doc(vars + defA + "<DEFINITION><FOR>b</FOR><GIVEN>a</GIVEN><GIVEN>a</GIVEN><TABLE>1 0 1 0 1 0 1 0</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:6:41: xmlbif: variable "b": parent "a" given twice`},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "too few entries",
			src:  doc(vars + defA + defB("0.5 0.5 0.5")),
			want: []string{`t.xml:6:41: xmlbif: variable "b": <TABLE> has 3 entries, want 4 = 2 states × 2 (a)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "too many entries",
			src:  doc(vars + defA + defB("0.5 0.5 0.5 0.5 0.2")),
			want: []string{`t.xml:6:64: xmlbif: variable "b": <TABLE> has 5 entries, want 4 = 2 states × 2 (a)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "empty table of a root",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><TABLE> </TABLE></DEFINITION>\n" + defB("0.5 0.5 0.5 0.5")),
			want: []string{`t.xml:5:25: xmlbif: variable "a": <TABLE> has 0 entries, want 2 = 2 states`},
			is:   network.ErrCPTShape,
		},
		{
			name: "not a number",
			src:  doc(vars + defA + defB("0.5 abc 0.5 0.5")),
			want: []string{`t.xml:6:52: xmlbif: <TABLE> entry 2, "abc", is not a number`},
			is:   ErrSyntax,
		},
		{
			name: "comma separated",
			src:  doc(vars + defA + defB("0.5, 0.5, 0.5, 0.5")),
			want: []string{`t.xml:6:48: xmlbif: <TABLE> entry 1, "0.5,", is not a number`, `6:53: `, `6:58: `},
			is:   ErrSyntax,
		},
		{
			name: "number out of range",
			src:  doc(vars + defA + defB("0.5 0.5 1e999 0")),
			want: []string{`t.xml:6:56: xmlbif: <TABLE> entry 3, "1e999", is out of range`},
			is:   ErrSyntax,
		},
		{
			name: "no definition",
			src:  doc(vars + defA),
			want: []string{`t.xml:4:1: xmlbif: variable "b" has no <DEFINITION>`},
			is:   ErrNoDefinition,
		},
		{
			name: "two definitions",
			src:  doc(vars + defA + defA + defB("0.5 0.5 0.5 0.5")),
			want: []string{`t.xml:6:1: xmlbif: a second definition of variable "a" (first at line 5)`},
			is:   ErrDuplicate,
		},
		{
			name: "row does not sum to 1",
			src:  doc(vars + defA + defB("0.1 0.9 0.6 0.3")),
			want: []string{`t.xml:6:56: xmlbif: variable "b": CPT row does not sum to 1 (given a=no): sums to 0.9 (off by -0.1)`},
			is:   network.ErrCPTSum,
		},
		{
			name: "row off by 0.02",
			src:  doc(vars + defA + defB("0.1 0.9 0.6 0.42")),
			want: []string{`t.xml:6:56: xmlbif: variable "b": CPT row does not sum to 1 (given a=no): sums to 1.02 (off by +0.02)`},
			is:   network.ErrCPTSum,
		},
		{
			name: "row of zeros",
			src:  doc(vars + defA + defB("0 0 0.6 0.405")),
			want: []string{`t.xml:6:48: xmlbif: variable "b": CPT row does not sum to 1 (given a=yes): sums to 0 (off by -1)`},
			is:   network.ErrCPTSum,
		},
		{
			name: "root row does not sum to 1",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.6</TABLE></DEFINITION>\n" + defB("0.1 0.9 0.6 0.4")),
			want: []string{`t.xml:5:32: xmlbif: variable "a": CPT row does not sum to 1: sums to 1.1`},
			is:   network.ErrCPTSum,
		},
		{
			name: "negative entry",
			src:  doc(vars + defA + defB("0.5 0.5 1.5 -0.5")),
			want: []string{`t.xml:6:60: xmlbif: variable "b": CPT entry is negative or not finite (given a=no): P(hi) = -0.5`},
			is:   network.ErrCPTNegative,
		},
		{
			name: "not finite",
			src:  doc(vars + defA + defB("NaN 1 0.5 0.5")),
			want: []string{`t.xml:6:48: xmlbif: <TABLE> entry 1, "NaN", is not a number`},
			is:   ErrSyntax,
		},
		{
			name: "cycle",
			src: doc(vars + "<DEFINITION><FOR>a</FOR><GIVEN>b</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>\n" +
				defB("1 0 0 1")),
			want: []string{`t.xml:5:25: xmlbif: cycle: a -> b -> a`},
			is:   network.ErrCycle,
		},
		{
			name: "own parent",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><GIVEN>a</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>\n" + defB("1 0 0 1")),
			want: []string{`t.xml:5:25: xmlbif: cycle: a -> a`},
			is:   network.ErrCycle,
		},
		{
			name: "no TABLE",
			src:  doc(vars + defA + "<DEFINITION><FOR>b</FOR><GIVEN>a</GIVEN></DEFINITION>\n"),
			want: []string{`t.xml:6:1: xmlbif: variable "b": definition has no <TABLE>`},
			is:   ErrSyntax,
		},
		{
			name: "two TABLEs",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE><TABLE>1 0</TABLE></DEFINITION>\n" + defB("1 0 0 1")),
			want: []string{`t.xml:5:47: xmlbif: <DEFINITION> has a second <TABLE> (first at line 5)`},
			is:   ErrSyntax,
		},
		{
			name: "no FOR",
			src:  doc(vars + defA + "<DEFINITION><GIVEN>a</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:6:1: xmlbif: <DEFINITION> has no <FOR>`},
			is:   ErrSyntax,
		},
		{
			name: "two FORs",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><FOR>b</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>\n" + defB("1 0 0 1")),
			want: []string{`t.xml:5:25: xmlbif: <DEFINITION> for "a" has a second <FOR> "b"`},
			is:   ErrSyntax,
		},
		{
			name: "unknown element in VARIABLE",
			src:  doc("<VARIABLE><NAME>a</NAME><STATE>x</STATE><OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR>a</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:25: xmlbif: unknown element <STATE> inside <VARIABLE>`},
			is:   ErrSyntax,
		},
		{
			name: "unknown element in DEFINITION",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE><DEFAULT>1 0</DEFAULT></DEFINITION>\n" + defB("1 0 0 1")),
			want: []string{`t.xml:5:47: xmlbif: unknown element <DEFAULT> inside <DEFINITION>`},
			is:   ErrSyntax,
		},
		{
			name: "unknown element in NETWORK",
			src:  doc(vars + defA + defB("1 0 0 1") + "<EDGE from=\"a\" to=\"b\"/>\n"),
			want: []string{`t.xml:7:1: xmlbif: unknown element <EDGE> inside <NETWORK>`},
			is:   ErrSyntax,
		},
		{
			name: "element inside NAME",
			src:  doc("<VARIABLE><NAME>a<B>bold</B></NAME><OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR>a</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:18: xmlbif: element <B> inside <NAME>, which holds text only`},
			is:   ErrSyntax,
		},
		{
			name: "element inside TABLE",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><TABLE>0.5 <V>0.5</V></TABLE></DEFINITION>\n" + defB("1 0 0 1")),
			want: []string{`t.xml:5:36: xmlbif: element <V> inside <TABLE>, which holds numbers only`},
			is:   ErrSyntax,
		},
		{
			name: "text inside VARIABLE",
			src:  doc("<VARIABLE><NAME>a</NAME>stray<OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR>a</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:25: xmlbif: text "stray" inside <VARIABLE>`},
			is:   ErrSyntax,
		},
		{
			name: "no NAME",
			src:  doc("<VARIABLE><OUTCOME>x</OUTCOME></VARIABLE>\n<VARIABLE><NAME>b</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR>b</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:1: xmlbif: <VARIABLE> has no <NAME>`},
			is:   ErrSyntax,
		},
		{
			name: "empty NAME",
			src:  doc("<VARIABLE><NAME> </NAME><OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR></FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:11: xmlbif: a variable with an empty <NAME>`, `t.xml:4:13: xmlbif: <FOR> names "", which is not a declared variable`},
			is:   ErrSyntax,
		},
		{
			name: "two NAMEs",
			src:  doc("<VARIABLE><NAME>a</NAME><NAME>b</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR>a</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:25: xmlbif: variable "a": a second <NAME> "b"`},
			is:   ErrSyntax,
		},
		{
			name: "no OUTCOME",
			src:  doc("<VARIABLE><NAME>a</NAME></VARIABLE>\n<DEFINITION><FOR>a</FOR><TABLE></TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:1: xmlbif: variable "a" has no <OUTCOME>`},
			is:   network.ErrNoStates,
		},
		{
			name: "OUTCOME twice",
			src:  doc("<VARIABLE><NAME>a</NAME><OUTCOME>x</OUTCOME>\n<OUTCOME>x</OUTCOME></VARIABLE>\n<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:4:1: xmlbif: variable "a": state "x" listed twice (first at line 3)`},
			is:   network.ErrDuplicateState,
		},
		{
			name: "variable twice",
			src:  doc(vars + "<VARIABLE><NAME>a</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n" + defA + defB("1 0 0 1")),
			want: []string{`t.xml:5:11: xmlbif: variable "a" declared twice (first at line 3)`},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "utility as a parent",
			src:  doc(vars + `<VARIABLE TYPE="Utility"><NAME>u</NAME><OUTCOME>0</OUTCOME></VARIABLE>` + "\n" + defA + "<DEFINITION><FOR>b</FOR><GIVEN>u</GIVEN><TABLE>1 0</TABLE></DEFINITION>\n<DEFINITION><FOR>u</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:7:25: xmlbif: variable "b": <GIVEN> names the utility "u"; a utility node has no children`},
			is:   ErrUnsupported,
		},
		{
			name: "utility without DEFINITION",
			src:  doc(vars + `<VARIABLE TYPE="utility"><NAME>u</NAME><OUTCOME>0</OUTCOME></VARIABLE>` + "\n" + defA + defB("1 0 0 1")),
			want: []string{`t.xml:5:1: xmlbif: utility "u" has no <DEFINITION>`},
			is:   ErrNoDefinition,
		},
		{
			name: "utility without TABLE",
			src:  doc(vars + `<VARIABLE TYPE="utility"><NAME>u</NAME></VARIABLE>` + "\n" + defA + defB("1 0 0 1") + "<DEFINITION><FOR>u</FOR><GIVEN>a</GIVEN></DEFINITION>\n"),
			want: []string{`t.xml:8:1: xmlbif: utility "u": definition has no <TABLE>`},
			is:   ErrSyntax,
		},
		{
			name: "utility values short",
			src:  doc(vars + `<VARIABLE TYPE="utility"><NAME>u</NAME></VARIABLE>` + "\n" + defA + defB("1 0 0 1") + "<DEFINITION><FOR>u</FOR><GIVEN>a</GIVEN><GIVEN>b</GIVEN><TABLE>1 2 3</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:8:57: xmlbif: utility "u": <TABLE> has 3 values, want one per configuration of its parents, 4 = 2 (a) × 2 (b)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "utility values long",
			src:  doc(vars + `<VARIABLE TYPE="utility"><NAME>u</NAME></VARIABLE>` + "\n" + defA + defB("1 0 0 1") + "<DEFINITION><FOR>u</FOR><TABLE>-1 2</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:8:35: xmlbif: utility "u": <TABLE> has 2 values, want one per configuration of its parents, 1 = 1, as it has no <GIVEN>`},
			is:   network.ErrCPTShape,
		},
		{
			name: "utility with two OUTCOMEs",
			src:  doc(vars + "<VARIABLE TYPE=\"utility\"><NAME>u</NAME><OUTCOME>0</OUTCOME>\n<OUTCOME>1</OUTCOME></VARIABLE>\n" + defA + defB("1 0 0 1") + "<DEFINITION><FOR>u</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:6:1: xmlbif: utility "u" has 2 <OUTCOME>s; a utility node has at most one`},
			is:   ErrSyntax,
		},
		{
			name: "utilities only",
			src:  doc(`<VARIABLE TYPE="utility"><NAME>u</NAME></VARIABLE>` + "\n<DEFINITION><FOR>u</FOR><TABLE>1</TABLE></DEFINITION>\n"),
			want: []string{`t.xml:3:1: xmlbif: the network declares utilities only, and no chance or decision variable`},
			is:   ErrSyntax,
		},
		{
			name: "decision without OUTCOME",
			src:  doc(vars + `<VARIABLE TYPE="decision"><NAME>d</NAME></VARIABLE>` + "\n" + defA + defB("1 0 0 1")),
			want: []string{`t.xml:5:1: xmlbif: variable "d" has no <OUTCOME>`},
			is:   network.ErrNoStates,
		},
		{
			name: "other TYPE",
			src:  doc(`<VARIABLE TYPE="continuous"><NAME>x</NAME></VARIABLE>` + "\n"),
			want: []string{`t.xml:3:1: xmlbif: variable "x" has TYPE "continuous"; only "nature", "decision" and "utility" are supported`},
			is:   ErrUnsupported,
		},
		{
			name: "second NETWORK",
			src:  "<BIF>\n<NETWORK>\n" + vars + defA + defB("1 0 0 1") + "</NETWORK>\n<NETWORK></NETWORK>\n</BIF>",
			want: []string{`t.xml:8:1: xmlbif: a second <NETWORK>: only one network per file is supported`},
			is:   ErrUnsupported,
		},
		{
			name: "no NETWORK",
			src:  "<BIF VERSION=\"0.3\">\n</BIF>\n",
			want: []string{`t.xml:1:1: xmlbif: <BIF> holds no <NETWORK>`},
			is:   ErrSyntax,
		},
		{
			name: "no variables",
			src:  doc(""),
			want: []string{`t.xml:1:1: xmlbif: the network declares no variables`},
			is:   ErrSyntax,
		},
		{
			name: "illegal character",
			src:  doc("<VARIABLE><NAME>\x01</NAME></VARIABLE>\n"),
			want: []string{`t.xml:3:18: xmlbif: malformed XML: illegal character code U+0001`},
			is:   ErrXML,
		},
		{
			name: "unknown encoding",
			src:  `<?xml version="1.0" encoding="EBCDIC"?>` + "\n" + doc(vars),
			want: []string{`t.xml:1:40: xmlbif: malformed XML: opening charset "EBCDIC": unsupported encoding "EBCDIC" (known: UTF-8, US-ASCII, ISO-8859-1, windows-1252)`},
			is:   ErrXML,
		},
		{
			name: "second encoding declaration",
			src:  `<?xml version="1.0" encoding="latin1"?>` + "\n<BIF><?xml version=\"1.0\" encoding=\"latin1\"?></BIF>",
			want: []string{`t.xml:2:45: xmlbif: malformed XML: opening charset "latin1": unsupported encoding: a second encoding declaration`},
			is:   ErrXML,
		},
		{
			name: "not XMLBIF",
			src:  "<?xml version=\"1.0\"?>\n<smile version=\"1.0\"><nodes/></smile>\n",
			want: []string{`t.xml:2:1: xmlbif: the document element is <smile>, want <BIF>`},
			is:   ErrSyntax,
		},
		{
			name: "empty file",
			src:  "",
			want: []string{`t.xml:1:1: xmlbif: no <BIF> element`},
			is:   ErrSyntax,
		},
		{
			name: "text outside BIF",
			src:  "BIF\n" + doc(vars+defA+defB("1 0 0 1")),
			want: []string{`t.xml:1:1: xmlbif: text "BIF" outside <BIF>`},
			is:   ErrSyntax,
		},
		{
			name: "element after BIF",
			src:  doc(vars+defA+defB("1 0 0 1")) + "<BIF/>\n",
			want: []string{`t.xml:8:1: xmlbif: element <BIF> after </BIF>`},
			is:   ErrSyntax,
		},
		{
			name: "mismatched tags",
			src:  doc(vars + "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE></DEFINTION>\n"),
			want: []string{`t.xml:5:59: xmlbif: malformed XML: element <DEFINITION> closed by </DEFINTION>`},
			is:   ErrXML,
		},
		{
			name: "unclosed document",
			src:  "<BIF><NETWORK>\n" + vars,
			want: []string{`t.xml:4:1: xmlbif: malformed XML: unexpected EOF`},
			is:   ErrXML,
		},
		{
			name: "undefined entity",
			src:  doc("<VARIABLE><NAME>a&nbsp;b</NAME><OUTCOME>x</OUTCOME></VARIABLE>\n"),
			want: []string{`t.xml:3:24: xmlbif: malformed XML: invalid character entity &nbsp;`},
			is:   ErrXML,
		},
		{
			name: "problems found together, sorted",
			src: doc(vars + "<DEFINITION><FOR>a</FOR><TABLE>0.5 x</TABLE><X/></DEFINITION>\n" +
				"<DEFINITION><FOR>b</FOR><GIVEN>c</GIVEN><TABLE>0.5 0.5</TABLE></DEFINITION>\n"),
			want: []string{
				`t.xml:5:36: xmlbif: <TABLE> entry 2, "x", is not a number`,
				`t.xml:5:45: xmlbif: unknown element <X> inside <DEFINITION>`,
				`t.xml:6:25: xmlbif: variable "b": <GIVEN> names "c", which is not a declared variable`,
			},
			is: ErrSyntax,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readModel([]byte(c.src), "t.xml")
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			parts := diag.Flatten(err)
			if len(parts) != len(c.want) {
				t.Errorf("%d errors, want %d:\n%v", len(parts), len(c.want), err)
			}
			for i, w := range c.want {
				if i < len(parts) && !strings.Contains(parts[i].Error(), w) {
					t.Errorf("error %d:\n%v\nwant it to contain\n%s", i, parts[i], w)
				}
			}
			if !errors.Is(err, c.is) {
				t.Errorf("errors.Is(err, %v) = false for %v", c.is, err)
			}
			for _, e := range parts {
				var de *diag.Error
				if !errors.As(e, &de) || de.Pos.File != "t.xml" || de.Pos.Line == 0 {
					t.Errorf("%v is not a positioned *diag.Error", e)
				}
			}
		})
	}
}

// TestWarnings checks the warnings of Read: a variable with
// rows off from 1 by more than network.SumTolerance but at most
// MaxRowDeviation gets one, at the first entry of its first such row, and
// its rows are divided by their sums.
func TestWarnings(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "row off by 0.005",
			src:  doc(vars + defA + defB("0.1 0.9 0.6 0.405")),
			want: []string{`t.xml:6:56: xmlbif: variable "b": 1 row normalised (largest deviation 0.005)`},
		},
		{
			name: "two rows of a variable",
			src:  doc(vars + defA + defB("0.1 0.8999 0.6 0.408")),
			want: []string{`t.xml:6:48: xmlbif: variable "b": 2 rows normalised (largest deviation 0.008)`},
		},
		{
			name: "two variables, sorted",
			src:  doc(vars + defB("0.1 0.9 0.6 0.395") + "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5001</TABLE></DEFINITION>\n"),
			want: []string{
				`t.xml:5:56: xmlbif: variable "b": 1 row normalised (largest deviation 0.005)`,
				`t.xml:6:32: xmlbif: variable "a": 1 row normalised (largest deviation 0.0001)`,
			},
		},
		{
			name: "within tolerance",
			src:  doc(vars + defA + defB("0.1 0.9 0.6 0.4000005")),
		},
		{
			name: "exact",
			src:  doc(vars + defA + defB("0.1 0.9 0.6 0.4")),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, warnings, err := Read([]byte(c.src), "t.xml", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(warnings, c.want) {
				t.Errorf("warnings:\n%q\nwant\n%q", warnings, c.want)
			}
			for v := range m.Net.NumVariables() {
				cpt, k := m.Net.CPT(v), m.Net.Card(v)
				for r := 0; r < len(cpt); r += k {
					if c := network.CheckRow(cpt[r : r+k]); !c.Exact {
						t.Errorf("variable %s: row %v sums to %v", m.Net.Name(v), cpt[r:r+k], c.Sum)
					}
				}
			}
		})
	}
	// With an error elsewhere, there are no warnings.
	src := doc(vars + defB("0.1 0.9 0.6 0.395") + "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.6</TABLE></DEFINITION>\n")
	m, warnings, err := Read([]byte(src), "t.xml", limits.Limits{})
	if err == nil || m != nil || warnings != nil {
		t.Errorf("got %v, %q, %v; want only an error", m, warnings, err)
	}
}

// TestNetworkErrorKept checks that a row error keeps network's error value
// for errors.As.
func TestNetworkErrorKept(t *testing.T) {
	_, err := readModel([]byte(doc(vars+defA+defB("0.1 0.9 0.6 0.3"))), "t.xml")
	var ne *network.Error
	if !errors.As(err, &ne) || ne.Variable != "b" || ne.Config != "a=no" {
		t.Errorf("errors.As(%v) gives %+v, want variable b, config a=no", err, ne)
	}
}

// maxErrors is how many problems are kept before they are only counted.
const maxErrors = limits.DefaultErrors

// TestTooManyErrors checks that reading stops after maxErrors problems,
// with a line saying that there were more.
func TestTooManyErrors(t *testing.T) {
	body := vars + "<DEFINITION><FOR>a</FOR><TABLE>" + strings.Repeat("x ", 1000) + "</TABLE></DEFINITION>\n"
	_, err := readModel([]byte(doc(body)), "t.xml")
	if n := len(diag.Flatten(err)); n != maxErrors+1 {
		t.Errorf("%d errors, want %d", n, maxErrors+1)
	}
}

// TestManyBadRows checks that a large table of bad rows is reported
// quickly, up to maxErrors problems.
func TestManyBadRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("<VARIABLE><NAME>a</NAME>")
	for i := range 1000 {
		b.WriteString("<OUTCOME>s" + strconv.Itoa(i) + "</OUTCOME>")
	}
	b.WriteString("</VARIABLE>\n<VARIABLE><NAME>b</NAME><OUTCOME>lo</OUTCOME><OUTCOME>hi</OUTCOME></VARIABLE>\n")
	b.WriteString("<DEFINITION><FOR>a</FOR><TABLE>" + strings.Repeat("0.001 ", 1000) + "</TABLE></DEFINITION>\n")
	b.WriteString("<DEFINITION><FOR>b</FOR><GIVEN>a</GIVEN><TABLE>" + strings.Repeat("0.5 0.6 ", 1000) + "</TABLE></DEFINITION>\n")
	_, err := readModel([]byte(doc(b.String())), "t.xml")
	if n := len(diag.Flatten(err)); n != maxErrors+1 {
		t.Errorf("%d errors, want %d", n, maxErrors+1)
	}
	if !errors.Is(err, network.ErrCPTSum) {
		t.Errorf("want row sum errors, got %v", err)
	}
}
