package bif

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

// head declares two variables for the error cases: a (yes, no) on line 1
// and b (lo, hi) on line 2.
const head = `variable a { type discrete [ 2 ] { yes, no }; }
variable b { type discrete [ 2 ] { lo, hi }; }
`

// noisyHead opens, at line 6, a noisy-MAX block for c (n0, n1, n2) given
// a and b; its rows start at line 8.
const noisyHead = head + `variable c { type discrete [ 3 ] { n0, n1, n2 }; }
probability ( a ) { table 0.5, 0.5; }
probability ( b ) { table 0.5, 0.5; }
probability ( c | a, b ) {
  property function max;
`

func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // substrings of the error, one per line, in order
		is   error    // a cause that errors.Is must find
	}{
		{
			name: "unknown variable",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b ) { table 0.5, 0.5; }
probability ( c | a ) { (yes) 1, 0; }
`,
			want: []string{`t.bif:5:15: bif: probability block for undeclared variable "c"`},
			is:   network.ErrUnknownVariable,
		},
		{
			name: "unknown parent",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | c ) { (yes) 1, 0; }
`,
			want: []string{`t.bif:4:19: bif: variable "b": parent "c" is not declared`},
			is:   network.ErrUnknownParent,
		},
		{
			name: "parent listed twice",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a, a ) { default 1, 0; }
`,
			want: []string{`t.bif:4:22: bif: variable "b": parent "a" listed twice`},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "unknown parent state",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes) 0.1, 0.9;
  (maybe) 0.2, 0.8;
}
`,
			want: []string{`t.bif:6:4: bif: variable "b": parent "a" has no state "maybe" (states: yes, no)`},
			is:   network.ErrUnknownState,
		},
		{
			name: "too many values in a row",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes) 0.1, 0.8, 0.1;
  (no) 0.2, 0.8;
}
`,
			want: []string{`t.bif:5:19: bif: variable "b": row (yes) has 3 values, want 2`},
			is:   network.ErrCPTShape,
		},
		{
			name: "too few values in a row",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes) 0.1;
  (no) 0.2, 0.8;
}
`,
			want: []string{`t.bif:5:12: bif: variable "b": row (yes) has 1 value, want 2`},
			is:   network.ErrCPTShape,
		},
		{
			name: "wrong number of parent states",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes, lo) 0.5, 0.5;
  (no) 0.5, 0.5;
}
`,
			want: []string{`t.bif:5:3: bif: variable "b": row names 2 parent states, want 1 (a)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "row for a variable without parents",
			src: head + `probability ( a ) { (yes) 0.5, 0.5; }
probability ( b ) { table 0.5, 0.5; }
`,
			want: []string{`t.bif:3:21: bif: variable "a": row names 1 parent state, want 0 (no parents)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "no probability block",
			src: head + `probability ( a ) { table 0.5, 0.5; }
`,
			want: []string{`t.bif:2:10: bif: variable "b" has no probability block`},
			is:   ErrNoProbability,
		},
		{
			name: "empty probability block",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) { }
`,
			want: []string{`t.bif:4:1: bif: variable "b": probability block has no table and no rows`},
			is:   ErrMissingRow,
		},
		{
			name: "duplicate probability block",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b ) { table 0.5, 0.5; }
probability ( a ) { table 0.4, 0.6; }
`,
			want: []string{`t.bif:5:1: bif: second probability block for variable "a" (first at line 3)`},
			is:   ErrDuplicate,
		},
		{
			name: "missing parent configuration",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (no) 0.2, 0.8;
}
`,
			want: []string{`t.bif:4:1: bif: variable "b": no row for parent configuration (a=yes)`},
			is:   ErrMissingRow,
		},
		{
			name: "missing parent configurations",
			src: head + `variable c { type discrete [ 2 ] { on, off }; }
probability ( a ) { table 0.5, 0.5; }
probability ( b ) { table 0.5, 0.5; }
probability ( c | a, b ) {
  (yes, lo) 0.1, 0.9;
  (no, hi) 0.1, 0.9;
}
`,
			want: []string{`t.bif:6:1: bif: variable "c": no row for parent configuration (a=yes, b=hi) and 1 more`},
			is:   ErrMissingRow,
		},
		{
			name: "duplicate row",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes) 0.1, 0.9;
  (no) 0.2, 0.8;
  (yes) 0.3, 0.7;
}
`,
			want: []string{`t.bif:7:3: bif: variable "b": second row for (a=yes) (first at line 5)`},
			is:   ErrDuplicate,
		},
		{
			name: "bad default row",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes) 0.1, 0.9;
  default 1;
}
`,
			want: []string{`t.bif:6:12: bif: variable "b": default row has 1 value, want 2`},
			is:   network.ErrCPTShape,
		},
		{
			name: "table of the wrong size",
			src: head + `probability ( a ) { table 0.2, 0.3, 0.5; }
probability ( b ) { table 0.5, 0.5; }
`,
			want: []string{`t.bif:3:37: bif: variable "a": table has 3 values, want 2`},
			is:   network.ErrCPTShape,
		},
		{
			name: "javabayes table of the wrong size",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( "b" "a" ) { table 0.1 0.2 0.9 ; }
`,
			want: []string{`t.bif:4:45: bif: variable "b": table has 3 values, want 4 (2 states × 2 parent configurations)`},
			is:   network.ErrCPTShape,
		},
		{
			name: "table and rows",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) { table 0.1 0.2 0.9 0.8; (yes) 0.5, 0.5; }
`,
			want: []string{`t.bif:4:48: bif: variable "b": rows given as well as a table (at line 4)`},
			is:   ErrDuplicate,
		},
		{
			name: "row does not sum to 1",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes) 0.1, 0.9;
  (no) 0.2, 0.7;
}
`,
			want: []string{`t.bif:6:3: bif: variable "b": CPT row does not sum to 1 (given a=no): sums to 0.9 (off by -0.1)`},
			is:   network.ErrCPTSum,
		},
		{
			name: "default row does not sum to 1",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (yes) 0.1, 0.9;
  default 0.3, 0.3;
}
`,
			want: []string{`t.bif:6:3: bif: variable "b": CPT row does not sum to 1 (given a=no): sums to 0.6`},
			is:   network.ErrCPTSum,
		},
		{
			name: "negative probability",
			src: head + `probability ( a ) { table -0.5, 1.5; }
probability ( b ) { table 0.5, 0.5; }
`,
			want: []string{`t.bif:3:21: bif: variable "a": CPT entry is negative or not finite: P(yes) = -0.5`},
			is:   network.ErrCPTNegative,
		},
		{
			name: "cycle",
			src: head + `probability ( a | b ) { (lo) 0.5, 0.5; (hi) 0.5, 0.5; }
probability ( b | a ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }
`,
			want: []string{`t.bif:3:19: bif: cycle: a -> b -> a`},
			is:   network.ErrCycle,
		},
		{
			name: "own parent",
			src: head + `probability ( a | a ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }
probability ( b ) { table 0.5, 0.5; }
`,
			want: []string{`t.bif:3:19: bif: cycle: a -> a`},
			is:   network.ErrCycle,
		},
		{
			name: "missing semicolon",
			src: head + `probability ( a ) { table 0.5, 0.5 }
probability ( b ) { table 0.5, 0.5; }
`,
			want: []string{`t.bif:3:36: bif: expected a probability or ";", found "}"`},
			is:   ErrSyntax,
		},
		{
			name: "not a number",
			src: head + `probability ( a ) { table 0.5, 0.5x; }
`,
			want: []string{`t.bif:3:32: bif: expected a probability, found "0.5x"`},
			is:   ErrSyntax,
		},
		{
			name: "hexadecimal number",
			src: head + `probability ( a ) { table 0x1p-1, 0.5; }
`,
			want: []string{`t.bif:3:27: bif: expected a probability, found "0x1p-1"`},
			is:   ErrSyntax,
		},
		{
			name: "unterminated string",
			src: head + `probability ( "a ) { table 0.5, 0.5; }
`,
			want: []string{`t.bif:3:15: bif: string not terminated`},
			is:   ErrSyntax,
		},
		{
			name: "unterminated comment",
			src:  head + "/* comment\n",
			want: []string{`t.bif:3:1: bif: comment not terminated`},
			is:   ErrSyntax,
		},
		{
			name: "missing closing brace",
			src: head + `probability ( a ) { table 0.5, 0.5;
`,
			want: []string{`t.bif:4:1: bif: expected "(", "table", "default", "property" or "}" in the probability block, found end of file`},
			is:   ErrSyntax,
		},
		{
			name: "garbage",
			src:  head + "foo bar\n",
			want: []string{`t.bif:3:1: bif: expected "network", "variable" or "probability", found "foo"`},
			is:   ErrSyntax,
		},
		{
			name: "continuous variable",
			src:  `variable x { type continuous; }`,
			want: []string{`t.bif:1:19: bif: variable "x" has type "continuous"; only discrete variables are supported`},
			is:   ErrUnsupported,
		},
		{
			name: "function other than max",
			src: head + `probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  property function or;
  (yes) 0.1, 0.9;
}
`,
			want: []string{`t.bif:5:3: bif: variable "b": probability given by function "or", which is not supported (only tables and MSBNx's noisy-MAX, function max, are)`},
			is:   ErrUnsupported,
		},
		{
			name: "noisy max, two parents in one row",
			src: noisyHead + `  (yes, lo) 0.8, 0.15, 0.05;
  (no, lo) 0.1, 0.3, 0.6;
  (yes, hi) 0.2, 0.5, 0.3;
  (no, hi) 0.1, 0.1, 0.8;
}
`,
			want: []string{`t.bif:11:3: bif: variable "c": row (no, hi) puts 2 parents in a state other than their first; in a noisy-MAX block (function max) a row is the leak`},
			is:   ErrSyntax,
		},
		{
			name: "noisy max without a leak",
			src: noisyHead + `  (no, lo) 0.1, 0.3, 0.6;
  (yes, hi) 0.2, 0.5, 0.3;
}
`,
			want: []string{`t.bif:6:1: bif: variable "c": noisy-MAX block (function max) has no leak row (a=yes, b=lo)`},
			is:   ErrMissingRow,
		},
		{
			name: "noisy max without a cause",
			src: noisyHead + `  (yes, lo) 0.8, 0.15, 0.05;
  (no, lo) 0.1, 0.3, 0.6;
}
`,
			want: []string{`t.bif:6:1: bif: variable "c": noisy-MAX block (function max) has no row for b=hi alone`},
			is:   ErrMissingRow,
		},
		{
			name: "noisy max with a table",
			src: noisyHead + `  table 0.8, 0.15, 0.05, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8;
}
`,
			want: []string{`t.bif:8:3: bif: variable "c": a noisy-MAX block (function max, at line 7) gives the leak and one row for each parent state, not a table or a default row`},
			is:   ErrSyntax,
		},
		{
			name: "noisy max row sum",
			src: noisyHead + `  (yes, lo) 0.5, 0.2, 0.2;
  (no, lo) 0.1, 0.3, 0.6;
  (yes, hi) 0.2, 0.5, 0.3;
}
`,
			want: []string{`t.bif:8:3: bif: variable "c": row (yes, lo) sums to 0.9 (off by -0.1)`},
			is:   network.ErrCPTSum,
		},
		{
			name: "noisy max negative",
			src: noisyHead + `  (yes, lo) 0.8, 0.15, 0.05;
  (no, lo) 1.5, -0.5, 0;
  (yes, hi) 0.2, 0.5, 0.3;
}
`,
			want: []string{`t.bif:9:17: bif: variable "c": row (no, lo): P(n1) = -0.5 is not a probability`},
			is:   network.ErrCPTNegative,
		},
		{
			name: "noisy max row twice",
			src: noisyHead + `  (yes, lo) 0.8, 0.15, 0.05;
  (no, lo) 0.1, 0.3, 0.6;
  (yes, lo) 0.8, 0.15, 0.05;
  (yes, hi) 0.2, 0.5, 0.3;
}
`,
			want: []string{`t.bif:10:3: bif: variable "c": second row for (a=yes, b=lo) (first at line 8)`},
			is:   ErrDuplicate,
		},
		{
			name: "noisy max, function twice",
			src: noisyHead + `  property function max;
  (yes, lo) 0.8, 0.15, 0.05;
  (no, lo) 0.1, 0.3, 0.6;
  (yes, hi) 0.2, 0.5, 0.3;
}
`,
			want: []string{`t.bif:8:3: bif: variable "c": second function property (first at line 7)`},
			is:   ErrDuplicate,
		},
		{
			name: "state count",
			src:  `variable x { type discrete [ 3 ] { a, b }; }`,
			want: []string{`t.bif:1:30: bif: variable "x" declares 3 states but lists 2`},
			is:   network.ErrCPTShape,
		},
		{
			name: "duplicate state",
			src:  `variable x { type discrete [ 2 ] { a, a }; }`,
			want: []string{`t.bif:1:39: bif: variable "x": state "a" listed twice`},
			is:   network.ErrDuplicateState,
		},
		{
			name: "no states",
			src:  `variable x { type discrete [ 0 ] { }; }`,
			want: []string{`t.bif:1:34: bif: variable "x" has no states`},
			is:   network.ErrNoStates,
		},
		{
			name: "no type",
			src:  `variable x { }`,
			want: []string{`t.bif:1:10: bif: variable "x" has no type declaration`},
			is:   ErrSyntax,
		},
		{
			name: "duplicate variable",
			src: head + `variable a { type discrete [ 2 ] { yes, no }; }
`,
			want: []string{`t.bif:3:10: bif: variable "a" declared twice (first at line 1)`},
			is:   ErrDuplicate,
		},
		{
			name: "empty file",
			src:  "// nothing here\n",
			want: []string{`t.bif:1:1: bif: no variables declared`},
			is:   ErrSyntax,
		},
		{
			name: "several errors, sorted",
			src: head + `probability ( c ) { table 1; }
probability ( a ) { table 0.5, 0.5; }
probability ( b | a ) {
  (perhaps) 0.2, 0.8;
  (maybe) 0.2, 0.8;
}
`,
			want: []string{
				`t.bif:3:15: bif: probability block for undeclared variable "c"`,
				`t.bif:6:4: bif: variable "b": parent "a" has no state "perhaps"`,
				`t.bif:7:4: bif: variable "b": parent "a" has no state "maybe"`,
			},
		},
		{
			name: "several syntax errors",
			src: head + `probability ( a ) { table 0.5 0.5 }
probability ( b ) { table 0.5 0.5; }
variable c { type discrete [ 2 ] { x y } } extra
probability ( c ) { table 0.5 0.5; }
`,
			want: []string{
				`t.bif:3:35: bif: expected a probability or ";", found "}"`,
				`t.bif:5:44: bif: expected "network", "variable" or "probability", found "extra"`,
			},
			is: ErrSyntax,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readNet([]byte(c.src), "t.bif")
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Errorf("error %T is not a *diag.Error", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(c.want) {
				t.Errorf("%d errors, want %d:\n%v", len(lines), len(c.want), err)
			}
			for i, w := range c.want {
				if i < len(lines) && !strings.Contains(lines[i], w) {
					t.Errorf("error %d = %q, want it to contain %q", i+1, lines[i], w)
				}
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("errors.Is(err, %v) = false", c.is)
			}
		})
	}
}

// TestNetworkErrorKept checks that an error found by network.New keeps its
// type through the diag.Error, for callers that want the variable.
func TestNetworkErrorKept(t *testing.T) {
	src := head + `probability ( a ) { table 0.5, 0.6; }
probability ( b ) { table 0.5, 0.5; }
`
	_, err := readNet([]byte(src), "t.bif")
	var ne *network.Error
	if !errors.As(err, &ne) || ne.Variable != "a" || !errors.Is(ne, network.ErrCPTSum) {
		t.Errorf("errors.As(%v) gave %+v, want the network.Error for a", err, ne)
	}
}

func TestTooManyErrors(t *testing.T) {
	const maxErrors = limits.DefaultErrors
	cases := []struct {
		name string
		src  string
		last string
	}{
		{"syntax", strings.Repeat("variable x { type continuous; }\n", 2*maxErrors), "t.bif: bif: and 1 more problem not shown"},
		{"one block", head + "probability ( a ) { table 0.5, 0.5; }\nprobability ( b | a ) {\n" + strings.Repeat("  (maybe) 0.5, 0.5;\n", maxErrors+7) + "}\n", "t.bif: bif: and 7 more problems not shown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readNet([]byte(c.src), "t.bif")
			errs := diag.Flatten(err)
			if len(errs) != maxErrors+1 || errs[maxErrors].Error() != c.last {
				t.Errorf("got %d errors, the last %v; want %d and then %q", len(errs), errs[len(errs)-1], maxErrors, c.last)
			}
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	_, err := ReadFile(filepath.Join(t.TempDir(), "none.bif"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "bif: ") {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}
