package network

import (
	"errors"
	"strings"
	"testing"
)

func TestNameChecks(t *testing.T) {
	nfd := "cafe\u0301"
	tests := []struct {
		name, s  string
		variable string // fragment of CheckVariableName's complaint; "" for none
		state    string // fragment of CheckStateName's complaint
	}{
		{"plain", "smoke", "", ""},
		{"spaces inside", "Blood pressure", "", ""},
		{"accented NFC", "café", "", ""},
		{"greater-or-equal state", ">=7.5", `contains '='`, ""},
		{"comma", "a,b", `contains ','`, `contains ','`},
		{"empty", "", "is empty", "is empty"},
		{"invalid UTF-8", "a\xff", "not valid UTF-8", "not valid UTF-8"},
		{"NUL", "a\x00b", "U+0000", "U+0000"},
		{"escape", "\x1b[31mred", "U+001B", "U+001B"},
		{"OSC title", "\x1b]0;pwned\x07", "U+001B", "U+001B"},
		{"C1 control", "a\u0085", "U+0085", "U+0085"},
		{"bidi override", "abc\u202edcba", "U+202E", "U+202E"},
		{"zero width", "a\u200bb", "U+200B", "U+200B"},
		{"leading space", " x", "spaces at an end", "spaces at an end"},
		{"NFD", nfd, "normal form C", "normal form C"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, err error, want string) {
				t.Helper()
				switch {
				case want == "" && err != nil:
					t.Errorf("%s: unexpected %v", what, err)
				case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
					t.Errorf("%s: %v, want %q", what, err, want)
				case err != nil && !errors.Is(err, ErrBadName):
					t.Errorf("%s: not ErrBadName", what)
				case err != nil && strings.ContainsAny(err.Error(), "\x1b\x00\x07\u202e"):
					t.Errorf("%s: message carries a control character: %q", what, err.Error())
				}
			}
			check("variable", CheckVariableName(tc.s), tc.variable)
			check("state", CheckStateName(tc.s), tc.state)
		})
	}
	if NormalName(nfd) != "café" {
		t.Error("NormalName does not compose")
	}
}

func TestNewRefusesBadNames(t *testing.T) {
	_, err := New([]VariableSpec{{Name: "a=b", States: []string{"x", "\x1b"}, CPT: []float64{0.5, 0.5}}})
	if err == nil || !errors.Is(err, ErrBadName) {
		t.Fatalf("got %v", err)
	}
	if got := err.Error(); !strings.Contains(got, `variable "a=b": invalid name: contains '='`) || !strings.Contains(got, `state "\x1b" contains the control character U+001B`) {
		t.Errorf("message %q", got)
	}
}

func TestNewCapsErrors(t *testing.T) {
	specs := []VariableSpec{{Name: "p", States: make([]string, 0)}}
	specs[0].States = []string{"a", "b"}
	specs[0].CPT = []float64{0.5, 0.5}
	parent := specs[0]
	child := VariableSpec{Name: "c", States: []string{"x", "y"}, Parents: []string{"p"}}
	// 2 states × 2 rows, every row wrong; with many children the errors
	// run far past the cap.
	specs = []VariableSpec{parent}
	for i := range 200 {
		c := child
		c.Name = "c" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		c.CPT = []float64{0.9, 0.9, 0.9, 0.9}
		specs = append(specs, c)
	}
	_, err := New(specs)
	if err == nil {
		t.Fatal("accepted")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || !strings.Contains(lines[maxErrors], "350 more") || !errors.Is(err, ErrMore) {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestNewRefusesOverflowingTable(t *testing.T) {
	var specs []VariableSpec
	var parents []string
	for i := range 64 {
		n := "p" + strings.Repeat("i", i)
		specs = append(specs, VariableSpec{Name: n, States: []string{"a", "b"}, CPT: []float64{0.5, 0.5}})
		parents = append(parents, n)
	}
	specs = append(specs, VariableSpec{Name: "child", States: []string{"x", "y"}, Parents: parents})
	_, err := New(specs)
	if err == nil || !errors.Is(err, ErrCPTShape) || !strings.Contains(err.Error(), "more than 2³¹") {
		t.Fatalf("got %v", err)
	}
}

func TestQuoteName(t *testing.T) {
	for in, want := range map[string]string{
		"plain":        `"plain"`,
		"\x1b[2J":      `"\x1b[2J"`,
		"a\xffb":       `"a\xffb"`,
		"r\u202eL":     `"r\u202eL"`,
		`q"uote\slash`: `"q\"uote\\slash"`,
		"café":         `"café"`,
	} {
		if got := QuoteName(in); got != want {
			t.Errorf("QuoteName(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCheckRow(t *testing.T) {
	tests := []struct {
		row               []float64
		bad               int
		exact, acceptable bool
	}{
		{[]float64{0.5, 0.5}, -1, true, true},
		{[]float64{0.333333, 0.333333, 0.333334}, -1, true, true},
		{[]float64{0.3333333, 0.3333333, 0.3333333}, -1, false, true},
		{[]float64{0.5, 0.49}, -1, false, false},
		{[]float64{3, 1}, -1, false, false},
		{[]float64{0.5, -0.5, 1}, 1, false, false},
		{[]float64{nanValue(), 1}, 0, false, false},
	}
	for _, tc := range tests {
		c := CheckRow(tc.row)
		if c.Bad != tc.bad || c.Exact != tc.exact || c.Acceptable != tc.acceptable {
			t.Errorf("CheckRow(%v) = %+v", tc.row, c)
		}
	}
	r := []float64{3, 1}
	if !NormaliseRow(r) || r[0] != 0.75 || r[1] != 0.25 {
		t.Errorf("NormaliseRow: %v", r)
	}
	z := []float64{0, 0}
	if NormaliseRow(z) {
		t.Error("a zero row was normalised")
	}
}

func nanValue() float64 { var z float64; return z / z }
