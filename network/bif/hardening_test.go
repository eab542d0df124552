package bif

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

// TestRefusedInput checks what a hostile or careless file is refused for: text
// that is not UTF-8 or holds control characters, names that are one after
// Unicode normalisation, and what passes the limits. Each case gives the
// whole first line of the error, position included.
func TestRefusedInput(t *testing.T) {
	cases := []struct {
		name string
		src  string
		lim  limits.Limits
		want string
		is   error
	}{
		{
			name: "invalid UTF-8 in a variable name",
			src:  "variable a\xff { type discrete [ 2 ] { yes, no }; }\n",
			want: `t.bif:1:11: bif: variable name "a\xff" holds the byte 0xFF, which is not valid UTF-8`,
			is:   ErrEncoding,
		},
		{
			name: "NUL in a state name",
			src:  "variable a { type discrete [ 2 ] { \"y\x00s\", no }; }\n",
			want: `t.bif:1:38: bif: variable "a": state name "y\x00s" holds a NUL byte`,
			is:   ErrEncoding,
		},
		{
			name: "terminal escape in a name",
			src:  "variable \"a\x1b]0;pwned\x07\" { type discrete [ 2 ] { yes, no }; }\n",
			want: `t.bif:1:10: bif: variable name "a\x1b]0;pwned\x07" contains the control character U+001B`,
			is:   network.ErrBadName,
		},
		{
			name: "bidirectional override in a state",
			src:  "variable a { type discrete [ 2 ] { \"\u202eyes\", no }; }\n",
			want: `t.bif:1:36: bif: variable "a": state name "\u202eyes" contains the control character U+202E`,
			is:   network.ErrBadName,
		},
		{
			name: "NFC and NFD spellings of one variable",
			src:  "variable \"caf\u00e9\" { type discrete [ 2 ] { yes, no }; }\nvariable \"cafe\u0301\" { type discrete [ 2 ] { yes, no }; }\n",
			want: `t.bif:2:10: bif: variable "café" declared twice (first at line 1); written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C`,
			is:   ErrDuplicate,
		},
		{
			name: "NFC and NFD spellings of one state",
			src:  "variable a { type discrete [ 2 ] { \"\u00e9\", \"e\u0301\" }; }\n",
			want: `t.bif:1:42: bif: variable "a": state "é" listed twice; written "\u00e9" and "e\u0301", the same name in Unicode normal form C`,
			is:   network.ErrDuplicateState,
		},
		{
			name: "an empty quoted name",
			src:  "variable \"\" { type discrete [ 2 ] { yes, no }; }\n",
			want: `t.bif:1:10: bif: variable name "" is empty`,
			is:   network.ErrBadName,
		},
		{
			name: "file size",
			src:  tiny,
			lim:  limits.Limits{FileBytes: 100},
			want: `t.bif: bif: file size: 427 bytes, more than the limit of 100 bytes (to open it anyway, set BRINK_MAX_FILE_MB to a larger number of megabytes)`,
			is:   ErrTooLarge,
		},
		{
			name: "states",
			src:  "variable a { type discrete [ 5 ] { s1, s2, s3, s4, s5 }; }\n",
			lim:  limits.Limits{States: 3},
			want: `t.bif:1:48: bif: states of variable "a": 4, more than the limit of 3`,
			is:   ErrTooLarge,
		},
		{
			name: "variables",
			src:  head,
			lim:  limits.Limits{Variables: 1},
			want: `t.bif:2:10: bif: variables: 2, more than the limit of 1`,
			is:   ErrTooLarge,
		},
		{
			name: "parents",
			src:  head + "variable c { type discrete [ 2 ] { on, off }; }\nprobability ( a ) { table 0.5, 0.5; }\nprobability ( b ) { table 0.5, 0.5; }\nprobability ( c | a, b ) { default 0.5, 0.5; }\n",
			lim:  limits.Limits{Parents: 1},
			want: `t.bif:6:1: bif: parents of variable "c": 2, more than the limit of 1`,
			is:   ErrTooLarge,
		},
		{
			name: "a default row fills a table past the limit",
			src:  head + "variable c { type discrete [ 2 ] { on, off }; }\nprobability ( a ) { table 0.5, 0.5; }\nprobability ( b ) { table 0.5, 0.5; }\nprobability ( c | a, b ) { default 0.5, 0.5; }\n",
			lim:  limits.Limits{TableEntries: 4},
			want: `t.bif:6:1: bif: CPT entries of variable "c": 8 (2 states × 4 parent configurations), more than the limit of 4`,
			is:   ErrTooLarge,
		},
		{
			name: "the tables together pass the limit",
			src:  head + "probability ( a ) { table 0.5, 0.5; }\nprobability ( b | a ) { default 0.5, 0.5; }\n",
			lim:  limits.Limits{TotalEntries: 5},
			want: `t.bif:4:1: bif: CPT entries of the whole model, at variable "b": 6, more than the limit of 5`,
			is:   ErrTooLarge,
		},
		{
			name: "a block of more values than any table may hold",
			src:  head + "probability ( a ) { table 0.5, 0.5, 0.5; }\n",
			lim:  limits.Limits{TableEntries: 2},
			want: `t.bif:3:37: bif: values in the probability block of "a": 3, more than the limit of 2`,
			is:   ErrTooLarge,
		},
		{
			name: "underscores in a number",
			src:  head + "probability ( a ) { table 0.2_5, 0.75; }\n",
			want: `t.bif:3:27: bif: expected a probability, found "0.2_5"`,
			is:   ErrSyntax,
		},
		{
			name: "a number too large for a float64",
			src:  head + "probability ( a ) { table 1e400, 0.75; }\n",
			want: `t.bif:3:27: bif: expected a probability, found "1e400"`,
			is:   ErrSyntax,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read([]byte(c.src), "t.bif", c.lim)
			if err == nil {
				t.Fatal("no error")
			}
			first := diag.Flatten(err)[0].Error()
			if first != c.want {
				t.Errorf("error\n%s\nwant\n%s", first, c.want)
			}
			if !errors.Is(err, c.is) {
				t.Errorf("errors.Is(err, %v) = false: %v", c.is, err)
			}
			if strings.ContainsAny(err.Error(), "\x00\x1b\x07\u202e") {
				t.Errorf("the message holds a control character: %q", err.Error())
			}
		})
	}
}

// TestNamesKept checks the names read with a change: normalised to NFC,
// or given a safe name with the text kept as a label and a warning.
func TestNamesKept(t *testing.T) {
	src := "variable \"a=b\" { type discrete [ 2 ] { \"x,y\", \"x;y\" }; }\n" +
		"variable \"cafe\u0301\" { type discrete [ 2 ] { \" lo \", hi }; }\n" +
		"probability ( \"a=b\" ) { table 0.5, 0.5; }\n" +
		"probability ( \"caf\u00e9\" | \"a=b\" ) { (\"x,y\") 0.5, 0.5; (\"x;y\") 0.1, 0.9; }\n"
	m, warnings, err := Read([]byte(src), "t.bif", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []network.VariableSpec{
		{Name: "a_b", States: []string{"x;y_2", "x;y"}, Parents: []string{}, CPT: []float64{0.5, 0.5}},
		{Name: "caf\u00e9", States: []string{"lo", "hi"}, Parents: []string{"a_b"}, CPT: []float64{0.5, 0.5, 0.1, 0.9}},
	}
	if got := m.Net.Specs(); !reflect.DeepEqual(got, want) {
		t.Errorf("specs\n%v\nwant\n%v", got, want)
	}
	if m.Nodes[0].Label != "a=b" || !reflect.DeepEqual(m.Nodes[0].StateLabels, []string{"x,y", ""}) {
		t.Errorf("labels %q, %q", m.Nodes[0].Label, m.Nodes[0].StateLabels)
	}
	if !reflect.DeepEqual(m.Nodes[1].StateLabels, []string{" lo ", ""}) {
		t.Errorf("state labels %q", m.Nodes[1].StateLabels)
	}
	wantWarnings := []string{
		`t.bif:1:10: bif: variable "a=b" contains '=', which separates names in findings and parent configurations; Brink names it "a_b" and keeps the original as its label`,
		`t.bif:1:40: bif: variable "a=b": state "x,y" contains ',', which separates states in lists; Brink names it "x;y_2" and keeps the original as its label`,
		`t.bif:2:43: bif: variable "café": state " lo " has spaces at an end; Brink names it "lo" and keeps the original as its label`,
	}
	if !reflect.DeepEqual(warnings, wantWarnings) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(wantWarnings, "\n"))
	}
}

// TestUnderflow checks that numbers too small for a normal float64 are
// read, with a warning at each.
func TestUnderflow(t *testing.T) {
	src := head + "probability ( a ) { table 1e-400, 1; }\nprobability ( b ) { table 1e-310, 1; }\n"
	m, warnings, err := Read([]byte(src), "t.bif", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`t.bif:3:27: bif: number 1e-400 is below the range of normal float64 numbers and is read as 0`,
		`t.bif:4:27: bif: number 1e-310 is below the range of normal float64 numbers and is read as 1e-310`,
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	if got := m.Net.CPT(0)[0]; got != 0 {
		t.Errorf("1e-400 read as %v", got)
	}
}
