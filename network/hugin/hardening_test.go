package hugin

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

// TestRefusedText checks what a hostile or careless file is refused for: text
// that is not UTF-8 or holds control characters, names that are one after
// Unicode normalisation, numbers that are not plain decimals, and what
// passes the limits. Each case gives the whole first line of the error.
func TestRefusedText(t *testing.T) {
	cases := []struct {
		name string
		src  string
		lim  limits.Limits
		want string
		is   error
	}{
		{
			name: "invalid UTF-8 in a node name",
			src:  "node A\xe9 { states = (\"x\" \"y\"); }\n",
			want: `t.net:1:7: hugin: node name "A\xe9" holds the byte 0xE9, which is not valid UTF-8`,
			is:   ErrEncoding,
		},
		{
			name: "NUL in a state",
			src:  "node A { states = (\"x\x00\" \"y\"); }\n",
			want: `t.net:1:22: hugin: node "A": state "x\x00" holds a NUL byte`,
			is:   ErrEncoding,
		},
		{
			name: "invalid UTF-8 in a label",
			src:  "node A { label = \"caf\xe9\"; states = (\"x\" \"y\"); }\n",
			want: `t.net:1:22: hugin: the string "caf\xe9" holds the byte 0xE9, which is not valid UTF-8`,
			is:   ErrEncoding,
		},
		{
			name: "terminal escape in a state",
			src:  "node A { states = (\"\x1b[2J\" \"y\"); }\n",
			want: `t.net:1:20: hugin: node "A": state "\x1b[2J" contains the control character U+001B`,
			is:   network.ErrBadName,
		},
		{
			name: "NFC and NFD spellings of one node",
			src:  "node caf\u00e9 { states = (\"x\" \"y\"); }\nnode cafe\u0301 { states = (\"x\" \"y\"); }\n",
			want: `t.net:2:6: hugin: node "café" declared twice (first at line 1); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`,
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "hexadecimal number",
			src:  "node A { states = (\"x\" \"y\"); }\npotential (A) { data = (0x1p-1 0.5); }\n",
			want: `t.net:2:25: hugin: expected a number, found "0x1p-1"`,
			is:   ErrSyntax,
		},
		{
			name: "underscore in a number",
			src:  "node A { states = (\"x\" \"y\"); }\npotential (A) { data = (0.2_5 0.75); }\n",
			want: `t.net:2:25: hugin: expected a number, found "0.2_5"`,
			is:   ErrSyntax,
		},
		{
			name: "file size",
			src:  head + potA,
			lim:  limits.Limits{FileBytes: 10},
			want: `t.net: hugin: file size: 125 bytes, more than the limit of 10 bytes (to open it anyway, set BRINK_MAX_FILE_MB to a larger number of megabytes)`,
			is:   ErrTooLarge,
		},
		{
			name: "states",
			src:  "node A { states = (\"a\" \"b\" \"c\" \"d\"); }\n",
			lim:  limits.Limits{States: 3},
			want: `t.net:1:32: hugin: states of variable "A": 4, more than the limit of 3`,
			is:   ErrTooLarge,
		},
		{
			name: "variables",
			src:  head,
			lim:  limits.Limits{Variables: 1},
			want: `t.net:8:6: hugin: variables: 2, more than the limit of 1`,
			is:   ErrTooLarge,
		},
		{
			name: "a table past the limit",
			src:  head + potA + "potential (B | A) { data = (0.5 0.5); }\n",
			lim:  limits.Limits{TableEntries: 3},
			want: `t.net:16:1: hugin: CPT entries of variable "B": 4 (2 states × 2 parent configurations), more than the limit of 3`,
			is:   ErrTooLarge,
		},
		{
			name: "a data list of more numbers than any table may hold",
			src:  head + "potential (A) { data = (0.5 0.5 0.5 0.5); }\n",
			lim:  limits.Limits{TableEntries: 3},
			want: `t.net:12:37: hugin: numbers in the table: 4, more than the limit of 3`,
			is:   ErrTooLarge,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read([]byte(c.src), "t.net", c.lim)
			if err == nil {
				t.Fatal("no error")
			}
			if first := diag.Flatten(err)[0].Error(); first != c.want {
				t.Errorf("error\n%s\nwant\n%s", first, c.want)
			}
			if !errors.Is(err, c.is) {
				t.Errorf("errors.Is(err, %v) = false: %v", c.is, err)
			}
			if strings.ContainsAny(err.Error(), "\x00\x1b") {
				t.Errorf("the message holds a control character: %q", err.Error())
			}
		})
	}
}

// TestAccepted checks what is read with a warning: an unnormalised row
// (Hugin normalises on load), states that Brink must rename, and numbers
// too small for a normal float64.
func TestAccepted(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "row (3, 1)",
			src:  "node A { states = (\"x\" \"y\"); }\npotential (A) { data = (3 1); }\n",
			want: []string{`t.net:2:24: hugin: node "A": table normalised (sum 4)`},
		},
		{
			name: "row (3, 1) given a parent",
			src:  head + potA + "potential (B | A) { data = ((0.5 0.5) (3 1)); }\n",
			want: []string{`t.net:16:39: hugin: node "B": row given A=no normalised (sum 4)`},
		},
		{
			name: "a state with a comma",
			src:  "node A { states = (\"a, b\" \">=7.5\"); }\npotential (A) { data = (0.5 0.5); }\n",
			want: []string{`t.net:1:20: hugin: node "A": state "a, b" contains ',', which separates states in lists; Brink names it "a; b" and keeps the original as its label`},
		},
		{
			name: "underflow",
			src:  "node A { states = (\"x\" \"y\"); }\npotential (A) { data = (1e-400 1); }\n",
			want: []string{`t.net:2:25: hugin: number 1e-400 is below the range of normal float64 numbers and is read as 0`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, warnings, err := Read([]byte(c.src), "t.net", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(warnings, c.want) {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(c.want, "\n"))
			}
			if c.name == "a state with a comma" {
				if got := m.Net.Variable(0).States; !reflect.DeepEqual(got, []string{"a; b", ">=7.5"}) {
					t.Errorf("states %q", got)
				}
				if got := m.StateLabel(0, 0); got != "a, b" {
					t.Errorf("state label %q", got)
				}
			}
		})
	}
}
