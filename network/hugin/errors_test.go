package hugin

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

// head declares two nodes for the error cases: A (yes, no), named on line
// 4, and B (lo, hi), named on line 8.
const head = `net
{
}
node A
{
    states = ("yes" "no");
}
node B
{
    states = ("lo" "hi");
}
`

// potA is a valid potential for A, on lines 12 to 15 after head.
const potA = `potential (A)
{
    data = ( 0.5 0.5 );
}
`

func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // substrings of the error, one per line, in order
		is   error    // a cause that errors.Is must find
	}{
		{
			name: "unknown node in potential",
			src:  head + potA + "potential (B) { data = (0.5 0.5); }\npotential (C | A) { data = ((1 0)(0 1)); }\n",
			want: []string{`t.net:17:12: hugin: potential for undeclared node "C"`},
			is:   network.ErrUnknownVariable,
		},
		{
			name: "unknown parent",
			src:  head + potA + "potential (B | A Z) { data = ((1 0)(0 1)); }\n",
			want: []string{`t.net:16:18: hugin: node "B": parent "Z" is not declared`},
			is:   network.ErrUnknownParent,
		},
		{
			name: "parent listed twice",
			src:  head + potA + "potential (B | A A) { data = (((1 0)(0 1))((1 0)(0 1))); }\n",
			want: []string{`t.net:16:18: hugin: node "B": parent "A" listed twice`},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "own parent",
			src:  head + potA + "potential (B | B) { data = ((1 0)(0 1)); }\n",
			want: []string{`t.net:16:16: hugin: node "B" is listed as its own parent`},
			is:   network.ErrCycle,
		},
		{
			name: "too many numbers",
			src:  head + potA + "potential (B | A)\n{\n    data = ( 0.1 0.9 0.2 0.8 0.7 );\n}\n",
			want: []string{`t.net:18:30: hugin: node "B": data has 5 numbers, want 4 (2 states × 2 configurations of A)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "too few numbers in a flat list",
			src:  head + potA + "potential (B | A)\n{\n    data = ( 0.1 0.9 0.2 );\n}\n",
			want: []string{`t.net:18:26: hugin: node "B": data has 3 numbers, want 4 (2 states × 2 configurations of A)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "too few numbers for a root",
			src:  head + "potential (A) { data = ( 1 ); }\npotential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:12:28: hugin: node "A": data has 1 number, want 2 (one per state)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "short row in a nested table",
			src:  head + potA + "potential (B | A)\n{\n    data = (( 0.1 0.9 )\n            ( 0.2 ));\n}\n",
			want: []string{`t.net:19:13: hugin: node "B": row given A=no has 1 number, want 2 (data has 3 numbers, want 4: 2 states × 2 configurations of A)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "all-zero row",
			src:  head + potA + "potential (B | A)\n{\n    data = (( 0.1 0.9 )\n            ( 0 0 ));\n}\n",
			want: []string{`t.net:19:13: hugin: node "B": row given A=no is all zeros and cannot be normalised`},
			is:   network.ErrCPTSum,
		},
		{
			name: "all-zero table of a root",
			src:  head + "potential (A) { data = ( 0 0 ); }\npotential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:12:24: hugin: node "A": table is all zeros and cannot be normalised`},
			is:   network.ErrCPTSum,
		},
		{
			name: "negative entry",
			src:  head + potA + "potential (B | A) { data = ((0.1 0.9) (1.2 -0.2)); }\n",
			want: []string{`t.net:16:44: hugin: node "B": negative probability -0.2 for state "hi" given A=no`},
			is:   network.ErrCPTNegative,
		},
		{
			name: "missing potential",
			src:  head + potA,
			want: []string{`t.net:8:6: hugin: node "B" has no potential`},
			is:   ErrNoPotential,
		},
		{
			name: "potential without data",
			src:  head + potA + "potential (B | A)\n{\n    experience = (1 1);\n}\n",
			want: []string{`t.net:16:1: hugin: potential for node "B" has no data`},
			is:   ErrNoPotential,
		},
		{
			name: "duplicate potential",
			src:  head + potA + "potential (B) { data = (0.5 0.5); }\npotential (B) { data = (0.1 0.9); }\n",
			want: []string{`t.net:17:1: hugin: second potential for node "B" (first at line 16)`},
			is:   ErrDuplicate,
		},
		{
			name: "duplicate data",
			src:  head + potA + "potential (B) { data = (0.5 0.5); data = (0.1 0.9); }\n",
			want: []string{`t.net:16:35: hugin: potential for "B": second data attribute (first at line 16)`},
			is:   ErrDuplicate,
		},
		{
			name: "node declared twice",
			src:  head + "node A { states = (\"x\"); }\n" + potA + "potential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:12:6: hugin: node "A" declared twice (first at line 4)`},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "no states",
			src:  "node A\n{\n    label = \"A\";\n}\npotential (A) { data = (1); }\n",
			want: []string{`t.net:1:6: hugin: node "A" has no states`},
			is:   network.ErrNoStates,
		},
		{
			name: "duplicate state",
			src:  "node A\n{\n    states = (\"x\" \"y\" \"x\");\n}\npotential (A) { data = (0.2 0.3 0.5); }\n",
			want: []string{`t.net:3:23: hugin: node "A": state "x" listed twice`},
			is:   network.ErrDuplicateState,
		},
		{
			name: "cycle",
			src:  head + "potential (A | B) { data = ((1 0)(0 1)); }\npotential (B | A) { data = ((1 0)(0 1)); }\n",
			want: []string{`t.net:12:16: hugin: cycle: A -> B -> A`},
			is:   network.ErrCycle,
		},
		{
			name: "missing semicolon",
			src:  "node A\n{\n    states = (\"x\" \"y\")\n    label = \"A\";\n}\n",
			want: []string{`t.net:4:5: hugin: expected ";" after the attribute value, found "label"`},
			is:   ErrSyntax,
		},
		{
			name: "missing equals",
			src:  "node A\n{\n    states (\"x\" \"y\");\n}\n",
			want: []string{`t.net:3:12: hugin: expected "=" after "states", found "("`},
			is:   ErrSyntax,
		},
		{
			name: "missing brace after node name",
			src:  "node A\n    states = (\"x\");\n",
			want: []string{`t.net:2:5: hugin: expected "{" after the node name, found "states"`},
			is:   ErrSyntax,
		},
		{
			name: "unexpected top-level word",
			src:  head + potA + "potentail (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:16:1: hugin: expected "net", "node" or "potential", found "potentail"`},
			is:   ErrSyntax,
		},
		{
			name: "unterminated string",
			src:  "node A\n{\n    states = (\"x\");\n    label = \"A;\n}\n",
			want: []string{`t.net:4:13: hugin: string not terminated`},
			is:   ErrSyntax,
		},
		{
			name: "not a number",
			src:  head + potA + "potential (B) { data = (0.5 0,5x); }\n",
			want: []string{`t.net:16:31: hugin: expected a number, found "5x"`},
			is:   ErrSyntax,
		},
		{
			name: "string in data",
			src:  head + potA + "potential (B) { data = (0.5 \"0.5\"); }\n",
			want: []string{`t.net:16:29: hugin: expected a number, "(" or ")" in the table, found string "0.5"`},
			is:   ErrSyntax,
		},
		{
			name: "number out of range",
			src:  head + potA + "potential (B) { data = (1e999 1); }\n",
			want: []string{`t.net:16:25: hugin: number "1e999" is out of range`},
			is:   ErrSyntax,
		},
		{
			name: "unbalanced parentheses in data",
			src:  head + potA + "potential (B) { data = ((0.5 0.5); }\n",
			want: []string{`t.net:16:34: hugin: expected a number, "(" or ")" in the table, found ";"`},
			is:   ErrSyntax,
		},
		{
			name: "invalid node name",
			src:  "node 2A { states = (\"x\"); }\npotential (2A) { data = (1); }\n",
			want: []string{`t.net:1:6: hugin: invalid node name "2A": names are letters, digits and underscores and do not start with a digit`},
			is:   ErrSyntax,
		},
		{
			name: "empty file",
			src:  "% nothing but a comment\r\n",
			want: []string{`t.net:1:1: hugin: no nodes declared`},
			is:   ErrSyntax,
		},
		{
			name: "second net block",
			src:  head + "net { }\n" + potA + "potential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:12:1: hugin: second net block (first at line 1)`},
			is:   ErrDuplicate,
		},
		{
			name: "utility without a potential",
			src:  head + "decision D\n{\n    states = (\"go\" \"stay\");\n}\nutility node U\n{\n}\n" + potA + "potential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:16:14: hugin: utility node "U" has no potential`},
			is:   ErrNoPotential,
		},
		{
			name: "utility as a parent",
			src:  head + "utility U\n{\n}\n" + potA + "potential (B | U) { data = (0.5 0.5); }\npotential (U) { data = (1); }\n",
			want: []string{`t.net:19:16: hugin: node "B": parent "U" is a utility node, which can have no children`},
			is:   ErrUnsupported,
		},
		{
			name: "utility data too long",
			src:  head + "utility U\n{\n}\n" + potA + "potential (B) { data = (0.5 0.5); }\npotential (U | A B) { data = ((1 2)(3 4 5)); }\n",
			want: []string{`t.net:20:41: hugin: utility node "U": data has 5 numbers, want 4 (one per configuration of A, B)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "utility data too short",
			src:  head + "utility U\n{\n}\n" + potA + "potential (B) { data = (0.5 0.5); }\npotential (U) { data = (); }\n",
			want: []string{`t.net:20:25: hugin: utility node "U": data has 0 numbers, want 1 (one, as it has no parents)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "utility declared twice",
			src:  head + "utility A\n{\n}\n" + potA + "potential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:12:9: hugin: node "A" declared twice (first at line 4)`},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "utilities only",
			src:  "utility U\n{\n}\npotential (U) { data = (1); }\n",
			want: []string{`t.net:1:9: hugin: only utility nodes declared, and no chance or decision node`},
			is:   ErrSyntax,
		},
		{
			name: "decision without states",
			src:  head + "decision D\n{\n}\n" + potA + "potential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:12:10: hugin: node "D" has no states`},
			is:   network.ErrNoStates,
		},
		{
			name: "function node",
			src:  head + "function node F\n{\n}\n" + potA + "potential (B) { data = (0.5 0.5); }\n",
			want: []string{`t.net:12:1: hugin: function node "F": function nodes are not supported`},
			is:   ErrUnsupported,
		},
		{
			name: "continuous node",
			src:  head + "continuous node X\n{\n}\n" + potA + "potential (X | A) { model_nodes = (); }\n",
			want: []string{`t.net:12:1: hugin: continuous node "X": continuous (Gaussian) nodes are not supported`},
			is:   ErrUnsupported,
		},
		{
			name: "function node",
			src:  head + "discrete function node F\n{\n    states = (\"a\" \"b\");\n}\n" + potA,
			want: []string{`t.net:12:1: hugin: function node "F": function nodes are not supported`},
			is:   ErrUnsupported,
		},
		{
			name: "class",
			src:  "class Inner\n{\n    node A { states = (\"x\"); }\n    potential (A) { data = (1); }\n}\n",
			want: []string{`t.net:1:1: hugin: class "Inner": object-oriented networks (classes and instances) are not supported`},
			is:   ErrUnsupported,
		},
		{
			name: "joint potential",
			src:  head + potA + "potential (B A) { data = ((0.25 0.25)(0.25 0.25)); }\n",
			want: []string{`t.net:16:14: hugin: potential (B A ...): a joint potential over several nodes is not supported`},
			is:   ErrUnsupported,
		},
		{
			name: "table given only as an expression",
			src:  head + potA + "potential (B | A)\n{\n    model_nodes = ();\n    model_data = ( Distribution (0.5, 0.5) );\n}\n",
			want: []string{`t.net:18:5: hugin: node "B": the table is given only as an expression (model_data), which Brink cannot evaluate`},
			is:   ErrUnsupported,
		},
		{
			name: "table too large",
			src:  tooLarge(),
			want: []string{`t.net:15:1: hugin: CPT entries of variable "A": 2.7e+07 (300 states × 9e+04 parent configurations), more than the limit of 16777216`},
			is:   ErrTooLarge,
		},
		{
			name: "several problems at once, sorted",
			src:  head + "potential (B | A) { data = ((1 0)(0 0)); }\npotential (A) { data = (1 2 3); }\n",
			want: []string{
				`t.net:12:34: hugin: node "B": row given A=no is all zeros`,
				`t.net:13:29: hugin: node "A": data has 3 numbers, want 2 (one per state)`,
			},
			is: network.ErrCPTShape,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := readModel([]byte(tc.src), "t.net")
			if err == nil {
				t.Fatalf("no error; read %d nodes", m.Net.NumVariables())
			}
			if m != nil {
				t.Error("a model as well as an error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Errorf("%d errors, want %d:\n%v", len(lines), len(tc.want), err)
			}
			for i, want := range tc.want {
				if i < len(lines) && !strings.Contains(lines[i], want) {
					t.Errorf("error %d:\n got %s\nwant %s", i+1, lines[i], want)
				}
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(err, %v) is false", tc.is)
			}
			var list diag.List
			if !errors.As(err, &list) {
				t.Errorf("error is a %T, not a diag.List", err)
			}
			for _, e := range list {
				if e.Pos.Line == 0 {
					t.Errorf("error without a line: %v", e)
				}
			}
		})
	}
}

// TestTooManyErrors checks that the list stops after maxErrors, and that a
// table full of bad numbers is not rescanned once per number.
func TestTooManyErrors(t *testing.T) {
	// X has 100,000 states and a table of as many negative numbers.
	const k = 100000
	var b strings.Builder
	b.WriteString(head + potA + "potential (B) { data = (1 1); }\nnode X { states = (")
	for i := range k {
		fmt.Fprintf(&b, "\"s%d\" ", i)
	}
	b.WriteString("); }\npotential (X) { data = (")
	for range k {
		b.WriteString("-1 ")
	}
	b.WriteString("); }\n")
	for i := range 80 {
		fmt.Fprintf(&b, "potential (C%d) { data = (1); }\n", i)
	}
	t0 := time.Now()
	_, _, err := Read([]byte(b.String()), "t.net", limits.Limits{States: 2 * k})
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("Read took %v", d)
	}
	lines := strings.Split(fmt.Sprint(err), "\n")
	const maxErrors = limits.DefaultErrors
	if len(lines) != maxErrors+1 {
		t.Fatalf("%d errors, want %d", len(lines), maxErrors+1)
	}
	if want := "t.net: hugin: and 1 more problem not shown"; lines[maxErrors] != want {
		t.Errorf("error lacks %q", want)
	}
}

// tooLarge declares nodes A, B and C with 300 states each and gives A the
// parents B and C, a table of 27 million entries, in its potential on
// line 15.
func tooLarge() string {
	var states, data strings.Builder
	for i := range 300 {
		fmt.Fprintf(&states, "\"s%d\" ", i)
		data.WriteString("1 ")
	}
	var b strings.Builder
	for _, name := range []string{"A", "B", "C"} {
		fmt.Fprintf(&b, "node %s\n{\n    states = (%s);\n}\n", name, states.String()) // 4 lines each
	}
	fmt.Fprintf(&b, "potential (B) { data = (%s); }\npotential (C) { data = (%s); }\n", data.String(), data.String())
	b.WriteString("potential (A | B C) { data = (1); }\n")
	return b.String()
}

// TestWarnings checks what the reader accepts but reports.
func TestWarnings(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "rows normalised",
			src:  head + potA + "potential (B | A)\n{\n    data = (( 2 2 )\n            ( 1 3 ));\n}\n",
			want: []string{`t.net:18:13: hugin: node "B": row given A=yes normalised (sum 4); 1 more row of this table normalised`},
		},
		{
			name: "rounding within tolerance is silent",
			src:  head + potA + "potential (B | A) { data = ((0.3333333 0.6666666)(0.5 0.5)); }\n",
		},
		{
			name: "expression ignored",
			src:  head + potA + "potential (B)\n{\n    model_nodes = ();\n    model_data = ( Distribution (1, 1) );\n    data = ( 0.5 0.5 );\n}\n",
			want: []string{`t.net:18:5: hugin: node "B": the table's expression is ignored; the numbers in data are used`},
		},
		{
			name: "irregular grouping",
			src:  head + potA + "potential (B | A) { data = ((0.1 0.9 0.2)(0.8)); }\n",
			want: []string{`t.net:16:29: hugin: node "B": a group of 3 numbers where a row of 2 is expected (at number 1); the numbers are read in order regardless`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, warnings, err := Read([]byte(tc.src), "t.net", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(warnings, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestDialects reads the variants of the syntax that real files use.
func TestDialects(t *testing.T) {
	cases := []struct {
		name string
		src  string
	}{
		{"no net block", "node A { states = (\"x\" \"y\"); }\npotential (A) { data = (0.5 0.5); }\n"},
		{"CRLF and tabs", "net\r\n{\r\n}\r\nnode A\r\n{\r\n\tstates = (\"x\" \"y\" );\r\n}\r\npotential ( A | )\r\n{\r\n\tdata = (\t0.5\t0.5\t);\r\n}\r\n"},
		{"data and = on separate lines", "node A { states = (\"x\" \"y\"); }\npotential (A)\n{\n    data\n     = ( 0.5 0.5 );\n}\n"},
		{"comments with quotes", "node A\n{\n    %frase \"unbalanced \"quote\"\" \"\n    states = (\"x\" \"y\"); % \"\n}\npotential (A) { data = (0.5 0.5); % \" ; }\n}\n"},
		{"byte order mark", "\xEF\xBB\xBFnode A { states = (\"x\" \"y\"); }\npotential (A) { data = (0.5 0.5); }\n"},
		{"discrete chance node", "discrete chance node A { states = (\"x\" \"y\"); }\nchance node B { states = (\"x\" \"y\"); }\npotential (A) { data = (0.5 0.5); }\npotential (B | A) { data = (1 0 0 1); }\n"},
		{"potential before node", "potential (A) { data = (0.5 0.5); }\nnode A { states = (\"x\" \"y\"); }\n"},
		{"unquoted states and commas", "node A { states = (x, y); }\npotential (A) { data = (0.5, 0.5); }\n"},
		{"subtype and state values", "node A { states = (\"1\" \"2\"); subtype = number; state_values = (1 2); }\npotential (A) { data = (0.5 0.5); experience = 10; fading = 1; }\n"},
		{"interval subtype", "node A { states = (\"low\" \"high\"); subtype = interval; state_values = (-infinity 0 infinity); }\npotential (A) { data = (0.5 0.5); }\n"},
		{"exponents", "node A { states = (\"x\" \"y\" \"z\"); }\npotential (A) { data = (9.0465E-005 5e-1 +.4999095350); }\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := readModel([]byte(tc.src), "t.net")
			if err != nil {
				t.Fatal(err)
			}
			if m.Net.NumVariables() == 0 {
				t.Fatal("no nodes")
			}
		})
	}
}
