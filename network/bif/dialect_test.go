package bif

import (
	"reflect"
	"strings"
	"testing"

	"brink/network"
)

// tiny is a small network in bnlearn's style: a -> c <- b.
const tiny = `network unknown {
}
variable a {
  type discrete [ 2 ] { yes, no };
}
variable b {
  type discrete [ 3 ] { lo, mid, hi };
}
variable c {
  type discrete [ 2 ] { on, off };
}
probability ( a ) {
  table 0.25, 0.75;
}
probability ( b ) {
  table 0.5, 0.25, 0.25;
}
probability ( c | a, b ) {
  (yes, lo) 0.1, 0.9;
  (no, lo) 0.2, 0.8;
  (yes, mid) 0.3, 0.7;
  (no, mid) 0.4, 0.6;
  (yes, hi) 0.5, 0.5;
  (no, hi) 0.625, 0.375;
}
`

var tinySpecs = []network.VariableSpec{
	{Name: "a", States: []string{"yes", "no"}, Parents: []string{}, CPT: []float64{0.25, 0.75}},
	{Name: "b", States: []string{"lo", "mid", "hi"}, Parents: []string{}, CPT: []float64{0.5, 0.25, 0.25}},
	{Name: "c", States: []string{"on", "off"}, Parents: []string{"a", "b"},
		CPT: []float64{0.1, 0.9, 0.3, 0.7, 0.5, 0.5, 0.2, 0.8, 0.4, 0.6, 0.625, 0.375}},
}

// TestDialects reads the tiny network written in the ways other tools
// write BIF; each must give exactly tinySpecs.
func TestDialects(t *testing.T) {
	cases := []struct {
		name string
		src  string
	}{
		{"bnlearn", tiny},
		{"crlf", strings.ReplaceAll(tiny, "\n", "\r\n")},
		{"bom", "\xEF\xBB\xBF" + tiny},
		{"javabayes", `// Bayesian network
network "Tiny" { //3 variables and 3 probability distributions
	property "author = someone" ;
}
variable  "a" { //2 values
	type discrete[2] {  "yes"  "no" };
	property "position = (47, 42)" ;
}
variable  "b" { //3 values
	type discrete[3] {  "lo"  "mid"  "hi" };
}
variable  "c" { //2 values
	type discrete[2] {  "on"  "off" };
}
probability (  "a" ) { //1 variable(s) and 2 values
	table 
		0.25	// p(yes | evidence )
		0.75; 	// p(no | evidence );
}
probability (  "b" ) { //1 variable(s) and 3 values
	table 0.5 0.25 0.25 ;
}
probability (  "c"  "a"  "b" ) { //3 variable(s) and 12 values
	property "note" ;
	table 0.1 0.3 0.5 0.2 0.4 0.625 0.9 0.7 0.5 0.8 0.6 0.375 ;
}
`},
		{"default and shuffled rows", `variable a { type discrete [ 2 ] { yes, no }; }
variable b { type discrete [ 3 ] { lo, mid, hi }; }
variable c { type discrete [ 2 ] { on, off }; }
probability ( c | a, b ) {
  (no, hi) 0.625, 0.375;
  default 0.1, 0.9;
  (no, mid) 0.4, 0.6;
  (yes, hi) 0.5, 0.5;
  (no, lo) 0.2, 0.8;
  (yes, mid) 0.3, 0.7;
}
probability ( b ) { default 0.5, 0.25, 0.25; }
probability ( a ) { table 0.25, 0.75; }
`},
		{"comments everywhere", `/* a block
comment */ variable a /* here */ { type discrete [ 2 ] { yes, // first
 no }; }
variable b { type discrete [ 3 ] { lo mid hi } }
variable c { type discrete { on, off }; }
probability ( a ) { table 0.25, 0.75; }
probability ( b ) { table 0.5 , 0.25 , 0.25 ; }
probability ( c | a b ) {
  (yes lo) 0.1 0.9; (no lo) 2e-1 8E-1;
  (yes, mid) .3, 0.70;
  (no, mid) 0.4, 0.6; ; (yes, hi) 0.5, 0.5;
  (no, hi) 6.25e-1, +0.375;
}
`},
		{"msbnx properties", `network N {
  property Source = "N"
  property displaySize = ( 2000, 1200);
}
variable a { type discrete [ 2 ] { yes, no };
  property position = (827, 511);
  property observable = false; }
variable b { type discrete [ 3 ] { lo, mid, hi }; }
variable c { type discrete [ 2 ] { on, off }; }
probability ( a ) { table 0.25, 0.75; }
probability ( b ) { table 0.5, 0.25, 0.25; }
probability ( c | a, b ) {
  (yes, lo) 0.1, 0.9;  // leak term
  (no, lo) 0.2, 0.8;
  (yes, mid) 0.3, 0.7;
  (no, mid) 0.4, 0.6;
  (yes, hi) 0.5, 0.5;
  (no, hi) 0.625, 0.375;
}
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := readNet([]byte(c.src), c.name+".bif")
			if err != nil {
				t.Fatal(err)
			}
			if got := n.Specs(); !reflect.DeepEqual(got, tinySpecs) {
				t.Errorf("specs:\n got %v\nwant %v", got, tinySpecs)
			}
		})
	}
}

// TestNames checks names that need care: punctuation inside words, and
// quoted names with blanks and delimiters.
func TestNames(t *testing.T) {
	src := `variable "Blood pressure" { type discrete [ 3 ] { <5, 5-12, ">= 12; {x}" }; }
variable x.y/z { type discrete [ 2 ] { >=7.5, Asy/Patch }; }
probability ( "Blood pressure" ) { table 0.2, 0.3, 0.5; }
probability ( x.y/z | "Blood pressure" ) {
  (<5) 0.1, 0.9;
  (5-12) 0.2, 0.8;
  (">= 12; {x}") 0.3, 0.7;
}
`
	n, err := readNet([]byte(src), "names.bif")
	if err != nil {
		t.Fatal(err)
	}
	want := []network.VariableSpec{
		{Name: "Blood pressure", States: []string{"<5", "5-12", ">= 12; {x}"}, Parents: []string{}, CPT: []float64{0.2, 0.3, 0.5}},
		{Name: "x.y/z", States: []string{">=7.5", "Asy/Patch"}, Parents: []string{"Blood pressure"}, CPT: []float64{0.1, 0.9, 0.2, 0.8, 0.3, 0.7}},
	}
	if got := n.Specs(); !reflect.DeepEqual(got, want) {
		t.Errorf("specs:\n got %v\nwant %v", got, want)
	}
}
