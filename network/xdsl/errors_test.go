package xdsl

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

func isErr(err, target error) bool { return errors.Is(err, target) }

// doc wraps node elements, one a line from line 4, in a minimal document.
func doc(nodes ...string) string {
	return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<smile version=\"1.0\" id=\"t\">\n<nodes>\n" +
		strings.Join(nodes, "\n") + "\n</nodes>\n</smile>\n"
}

// Nodes for the error cases. <cpt id="A"> is 12 bytes, each <state> 16,
// <probabilities> 15: in nodeA, the numbers start at column 60.
const (
	nodeA  = `<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>0.5 0.5</probabilities></cpt>`
	nodeB  = `<cpt id="B"><state id="b1"/><state id="b2"/><parents>A</parents><probabilities>0.5 0.5 0.2 0.8</probabilities></cpt>`
	states = `<state id="b1"/><state id="b2"/>` // 32 bytes
	// noisyN opens a noisy-MAX node with parent A: 67 bytes.
	noisyN = `<noisymax id="N"><state id="y"/><state id="n"/><parents>A</parents>`
)

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // substrings of the error, in order; one per line
		is   error    // the sentinel the error wraps
	}{
		{
			name: "unknown parent",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A Z</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`),
			// <cpt id="B"> is 12 bytes, the states 32, <parents> 9: A at 54, Z at 56.
			want: []string{"t.xdsl:5:56: xdsl: node B: parent Z is not a node"},
			is:   network.ErrUnknownParent,
		},
		{
			name: "parent listed twice",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A A</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`),
			want: []string{"t.xdsl:5:56: xdsl: node B: parent A listed twice"},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "too many probabilities",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>0.5 0.5 0.25</probabilities></cpt>`),
			want: []string{"t.xdsl:4:68: xdsl: node A: 3 probabilities, expected 2 (2 states)"},
			is:   network.ErrCPTShape,
		},
		{
			name: "too few probabilities",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5 0.5 0.2</probabilities></cpt>`),
			// <probabilities> starts after 12 + 32 + len("<parents>A</parents>") = 64 bytes.
			want: []string{"t.xdsl:5:65: xdsl: node B: 3 probabilities, expected 4 (2 states × 2 parent configurations)"},
			is:   network.ErrCPTShape,
		},
		{
			name: "not a number",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5 0.5 0.2 O.8</probabilities></cpt>`),
			// The numbers start at 65 + len("<probabilities>") = 80; O.8 at 92.
			want: []string{`t.xdsl:5:92: xdsl: node B: P(b2 given A=a2) is "O.8", not a number`},
			is:   ErrSyntax,
		},
		{
			name: "NaN",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>NaN 1</probabilities></cpt>`),
			want: []string{`t.xdsl:4:60: xdsl: node A: P(a1) is "NaN", not a number`},
			is:   ErrSyntax,
		},
		{
			name: "hexadecimal float",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>0x1p-1 0.5</probabilities></cpt>`),
			want: []string{`t.xdsl:4:60: xdsl: node A: P(a1) is "0x1p-1", not a number`},
			is:   ErrSyntax,
		},
		{
			name: "negative",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>-0.5 1.5</probabilities></cpt>`),
			want: []string{`t.xdsl:4:60: xdsl: node A: P(a1) = -0.5 is not a probability`},
			is:   network.ErrCPTNegative,
		},
		{
			name: "infinite",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>1e999 0</probabilities></cpt>`),
			want: []string{`t.xdsl:4:60: xdsl: node A: P(a1) = 1e999 is not a probability`},
			is:   network.ErrCPTNegative,
		},
		{
			name: "row far from 1",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5 0.5 0.2 0.79</probabilities></cpt>`),
			want: []string{`t.xdsl:5:88: xdsl: node B: the probabilities given A=a2 sum to 0.99, off by more than 0.01`},
			is:   network.ErrCPTSum,
		},
		{
			name: "row of zeros",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A</parents><probabilities>0 0 0.2 0.8</probabilities></cpt>`),
			want: []string{`t.xdsl:5:80: xdsl: node B: the probabilities given A=a1 are all zero`},
			is:   network.ErrCPTSum,
		},
		{
			name: "decision without states",
			in:   doc(nodeA, `<decision id="D"><parents>A</parents></decision>`),
			want: []string{"t.xdsl:5:1: xdsl: node D has no states"},
			is:   network.ErrNoStates,
		},
		{
			name: "utility without utilities",
			in:   doc(nodeA, `<utility id="U"><parents>A</parents></utility>`),
			want: []string{"t.xdsl:5:1: xdsl: node U has no <utilities>"},
			is:   ErrNoProbability,
		},
		{
			name: "utility with states",
			in:   doc(nodeA, `<utility id="U"><state id="s"/><parents>A</parents><utilities>1 2</utilities></utility>`),
			want: []string{"t.xdsl:5:17: xdsl: node U: a utility node has no states, and a value for each configuration of its parents"},
			is:   ErrSyntax,
		},
		{
			name: "utility values short",
			in:   doc(nodeA, `<utility id="U"><parents>A</parents><utilities>1</utilities></utility>`),
			want: []string{"t.xdsl:5:37: xdsl: node U: 1 utilities, expected 2 (one per parent configuration)"},
			is:   network.ErrCPTShape,
		},
		{
			name: "utility values long",
			in:   doc(nodeA, `<utility id="U"><parents>A</parents><utilities>1 2 3</utilities></utility>`),
			want: []string{"t.xdsl:5:52: xdsl: node U: 3 utilities, expected 2 (one per parent configuration)"},
			is:   network.ErrCPTShape,
		},
		{
			name: "utility not a number",
			in:   doc(nodeA, `<utility id="U"><parents>A</parents><utilities>1 NaN</utilities></utility>`),
			want: []string{`t.xdsl:5:50: xdsl: node U: utility "NaN" given A=a2 is not a number`},
			is:   ErrSyntax,
		},
		{
			name: "utility out of range",
			in:   doc(nodeA, `<utility id="U"><utilities>-1e999</utilities></utility>`),
			want: []string{`t.xdsl:5:28: xdsl: node U: utility -1e999 is out of range`},
			is:   ErrSyntax,
		},
		{
			name: "utility as a parent",
			in:   doc(nodeA, `<utility id="U"><utilities>1</utilities></utility>`, `<cpt id="B">`+states+`<parents>U</parents><probabilities>0.5 0.5</probabilities></cpt>`),
			want: []string{"t.xdsl:6:54: xdsl: node B: parent U is a utility node, which can have no children"},
			is:   ErrUnsupported,
		},
		{
			name: "utilities only",
			in:   doc(`<utility id="U"><utilities>1</utilities></utility>`),
			want: []string{"t.xdsl:3:1: xdsl: only utility nodes, and no chance or decision node"},
			is:   ErrSyntax,
		},
		{
			name: "multi-attribute utility",
			in:   doc(nodeA, `<mau id="M"><parents>A</parents><weights>1</weights></mau>`),
			want: []string{"t.xdsl:5:1: xdsl: node M is a multi-attribute utility node; utilities that combine other utilities are not supported yet"},
			is:   ErrUnsupported,
		},
		{
			name: "noisy-adder node",
			in: doc(nodeA, `<noisyadder id="N"><state id="y"/><state id="n"/><parents>A</parents>`+
				`<dstates>1</dstates><weights>1</weights><parameters>0.8 0.2 0 1 0.1 0.9</parameters></noisyadder>`),
			want: []string{"t.xdsl:5:1: xdsl: node N is a noisy-adder node; canonical gates are not supported yet"},
			is:   ErrUnsupported,
		},
		// In the noisy-MAX cases below, noisyN (67 bytes) is followed by
		// <strengths> (11), whose numbers start at column 79; with
		// <strengths>0 1</strengths> (26 bytes) <parameters> starts at
		// column 94 and its numbers at 106.
		{
			name: "noisy-MAX strength listed twice",
			in:   doc(nodeA, noisyN+`<strengths>0 0</strengths><parameters>0.8 0.2 0 1 0.1 0.9</parameters></noisymax>`),
			want: []string{"t.xdsl:5:81: xdsl: node N: state 0 (a1) of parent A is listed twice in <strengths>"},
			is:   ErrSyntax,
		},
		{
			name: "noisy-MAX strength out of range",
			in:   doc(nodeA, noisyN+`<strengths>0 2</strengths><parameters>0.8 0.2 0 1 0.1 0.9</parameters></noisymax>`),
			want: []string{"t.xdsl:5:81: xdsl: node N: strength 2 of parent A is not one of its states, 0 to 1"},
			is:   network.ErrUnknownState,
		},
		{
			name: "noisy-MAX strength not a number",
			in:   doc(nodeA, noisyN+`<strengths>0 -1</strengths><parameters>0.8 0.2 0 1 0.1 0.9</parameters></noisymax>`),
			want: []string{`t.xdsl:5:81: xdsl: node N: strength "-1" of parent A is not a state index`},
			is:   ErrSyntax,
		},
		{
			name: "noisy-MAX too many strengths",
			in:   doc(nodeA, noisyN+`<strengths>0 1 0</strengths><parameters>0.8 0.2 0 1 0.1 0.9</parameters></noisymax>`),
			want: []string{"t.xdsl:5:83: xdsl: node N: 3 strengths, expected 2 (each state of each parent once)"},
			is:   network.ErrCPTShape,
		},
		{
			name: "noisy-MAX without parameters",
			in:   doc(nodeA, noisyN+`<strengths>0 1</strengths></noisymax>`),
			want: []string{"t.xdsl:5:1: xdsl: node N has no <parameters>"},
			is:   ErrNoProbability,
		},
		{
			name: "noisy-MAX too few parameters",
			in:   doc(nodeA, noisyN+`<strengths>0 1</strengths><parameters>0.8 0.2 0 1 0.1</parameters></noisymax>`),
			want: []string{"t.xdsl:5:94: xdsl: node N: 5 parameters, expected 6 (2 states × 2 parent states and the leak)"},
			is:   network.ErrCPTShape,
		},
		{
			name: "noisy-MAX distinguished column",
			in:   doc(nodeA, noisyN+`<strengths>0 1</strengths><parameters>0.8 0.2 0.1 0.9 0.1 0.9</parameters></noisymax>`),
			want: []string{"t.xdsl:5:114: xdsl: node N: the parameters for A=a2, its distinguished state (the last in <strengths>), are not 0 … 0 1"},
			is:   network.ErrCPTSum,
		},
		{
			name: "noisy-MAX parameters off",
			in:   doc(nodeA, noisyN+`<strengths>0 1</strengths><parameters>0.8 0.3 0 1 0.1 0.9</parameters></noisymax>`),
			want: []string{"t.xdsl:5:106: xdsl: node N: the parameters for A=a1 sum to 1.1, off by more than 0.01"},
			is:   network.ErrCPTSum,
		},
		{
			name: "noisy-MAX leak of zeros",
			in:   doc(nodeA, noisyN+`<strengths>0 1</strengths><parameters>0.8 0.2 0 1 0 0</parameters></noisymax>`),
			want: []string{"t.xdsl:5:118: xdsl: node N: the parameters of the leak are all zero"},
			is:   network.ErrCPTSum,
		},
		{
			name: "noisy-MAX parameter not a number",
			in:   doc(nodeA, noisyN+`<strengths>0 1</strengths><parameters>0.8 x 0 1 0.1 0.9</parameters></noisymax>`),
			want: []string{`t.xdsl:5:110: xdsl: node N: parameter n for A=a1 is "x", not a number`},
			is:   ErrSyntax,
		},
		{
			name: "noisy-MAX parameter above 1",
			in:   doc(nodeA, noisyN+`<strengths>0 1</strengths><parameters>1.5 -0.5 0 1 0.1 0.9</parameters></noisymax>`),
			want: []string{
				`t.xdsl:5:106: xdsl: node N: parameter y for A=a1 = 1.5 is not a probability`,
				`t.xdsl:5:110: xdsl: node N: parameter n for A=a1 = -0.5 is not a probability`,
			},
			is: network.ErrCPTNegative,
		},
		{
			name: "equation node",
			in:   doc(`<equation id="X"><definition>X=Normal(0,1)</definition></equation>`),
			want: []string{"t.xdsl:4:1: xdsl: node X is an equation node; continuous variables are not supported yet"},
			is:   ErrUnsupported,
		},
		{
			name: "unknown kind",
			in:   doc(`<gizmo id="G"/>`),
			want: []string{"t.xdsl:4:1: xdsl: node G is of the unknown kind <gizmo>"},
			is:   ErrUnsupported,
		},
		{
			name: "temporal node",
			in:   doc(`<cpt id="A" dynamic="plate"><state id="a1"/><state id="a2"/><probabilities>0.5 0.5</probabilities></cpt>`),
			want: []string{`t.xdsl:4:1: xdsl: node A is a temporal node (dynamic="plate"); dynamic networks are not supported yet`},
			is:   ErrUnsupported,
		},
		{
			name: "duplicate id",
			in:   doc(nodeA, nodeA),
			want: []string{"t.xdsl:5:1: xdsl: duplicate node id A (first at line 4)"},
			is:   network.ErrDuplicateVariable,
		},
		{
			name: "duplicate state",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a1"/><probabilities>0.5 0.5</probabilities></cpt>`),
			want: []string{"t.xdsl:4:29: xdsl: node A: duplicate state a1"},
			is:   network.ErrDuplicateState,
		},
		{
			name: "no states",
			in:   doc(`<cpt id="A"><probabilities></probabilities></cpt>`),
			want: []string{"t.xdsl:4:1: xdsl: node A has no states"},
			is:   network.ErrNoStates,
		},
		{
			name: "no probabilities",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/></cpt>`),
			want: []string{"t.xdsl:4:1: xdsl: node A has no <probabilities>"},
			is:   ErrNoProbability,
		},
		{
			name: "node without id",
			in:   doc(`<cpt><state id="a1"/><probabilities>1</probabilities></cpt>`),
			want: []string{"t.xdsl:4:1: xdsl: <cpt> element without an id"},
			is:   ErrSyntax,
		},
		{
			name: "quoted odd names",
			in:   doc(`<cpt id="A b"><state id="1st"/><probabilities>x</probabilities></cpt>`),
			// <cpt id="A b"> is 14 bytes, the state 17, <probabilities> 15.
			want: []string{`t.xdsl:4:47: xdsl: node "A b": P("1st") is "x", not a number`},
			is:   ErrSyntax,
		},
		{
			name: "cycle",
			in: doc(`<cpt id="A"><state id="a1"/><state id="a2"/><parents>B</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`,
				`<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`),
			// The arrow B -> A is declared in A's <parents>, at column 54.
			want: []string{"t.xdsl:4:54: xdsl: cycle: A -> B -> A"},
			is:   network.ErrCycle,
		},
		{
			name: "own parent",
			in:   doc(`<cpt id="A"><state id="a1"/><state id="a2"/><parents>A</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`),
			want: []string{"t.xdsl:4:54: xdsl: cycle: A -> A"},
			is:   network.ErrCycle,
		},
		{
			name: "deterministic with an unknown state",
			in:   doc(nodeA, `<deterministic id="B">`+states+`<parents>A</parents><resultingstates>b1 b3</resultingstates></deterministic>`),
			// <deterministic id="B"> is 22 bytes; the states end at 54, the
			// parents at 74, <resultingstates> at 91; b3 is at 95.
			want: []string{"t.xdsl:5:95: xdsl: node B: resulting state b3 given A=a2 is not one of its states"},
			is:   network.ErrUnknownState,
		},
		{
			name: "deterministic with too few states",
			in:   doc(nodeA, `<deterministic id="B">`+states+`<parents>A</parents><resultingstates>b1</resultingstates></deterministic>`),
			want: []string{"t.xdsl:5:75: xdsl: node B: 1 resulting states, expected 2 (one per parent configuration)"},
			is:   network.ErrCPTShape,
		},
		{
			name: "deterministic without resulting states",
			in:   doc(`<deterministic id="B">` + states + `<probabilities>1 0</probabilities></deterministic>`),
			want: []string{"t.xdsl:4:1: xdsl: node B has no <resultingstates>"},
			is:   ErrNoProbability,
		},
		{
			name: "all problems at once, in file order",
			in: doc(`<cpt id="A"><state id="a1"/><state id="a2"/><probabilities>0.5 0.5 0.5</probabilities></cpt>`,
				`<cpt id="B">`+states+`<parents>Q</parents><probabilities>0.5 0.5</probabilities></cpt>`,
				`<cpt id="C">`+strings.ReplaceAll(states, "b", "c")+`<probabilities>0.5 0.4</probabilities></cpt>`),
			want: []string{
				"t.xdsl:4:68: xdsl: node A: 3 probabilities, expected 2 (2 states)",
				"t.xdsl:5:54: xdsl: node B: parent Q is not a node",
				"t.xdsl:6:60: xdsl: node C: the probabilities sum to 0.9, off by more than 0.01",
			},
			is: network.ErrUnknownParent,
		},
		{
			name: "malformed XML",
			in:   "<smile>\n<nodes>\n<cpt id=\"A\">\n</nodes>\n</smile>\n",
			want: []string{"t.xdsl:4:9: xdsl: malformed XML: element <cpt> closed by </nodes>"},
			is:   ErrSyntax,
		},
		{
			name: "truncated",
			in:   "<smile>\n<nodes>\n<cpt id=\"A\">",
			want: []string{"t.xdsl:3:13: xdsl: malformed XML: unexpected end of file"},
			is:   ErrSyntax,
		},
		{
			name: "empty",
			in:   "",
			want: []string{"t.xdsl:1:1: xdsl: no root element"},
			is:   ErrSyntax,
		},
		{
			name: "not smile",
			in:   "<?xml version=\"1.0\"?>\n<BIF VERSION=\"0.3\"></BIF>\n",
			want: []string{"t.xdsl:2:1: xdsl: root element is <BIF>, not <smile>"},
			is:   ErrSyntax,
		},
		{
			name: "no nodes",
			in:   "<smile id=\"x\"><extensions/></smile>",
			want: []string{"t.xdsl:1:1: xdsl: no <nodes> element"},
			is:   ErrSyntax,
		},
		{
			name: "empty nodes",
			in:   "<smile id=\"x\">\n <nodes></nodes></smile>",
			want: []string{"t.xdsl:2:2: xdsl: no nodes"},
			is:   ErrSyntax,
		},
		{
			name: "second root",
			in:   doc(nodeA) + "<smile/>\n",
			want: []string{"t.xdsl:7:1: xdsl: second root element <smile>"},
			is:   ErrSyntax,
		},
		{
			name: "text after the root",
			in:   doc(nodeA) + "junk\n",
			want: []string{"t.xdsl:7:1: xdsl: text outside the root element"},
			is:   ErrSyntax,
		},
		{
			name: "unknown encoding",
			in:   "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<smile/>",
			want: []string{`t.xdsl:1:1: xdsl: opening charset "Shift_JIS": unsupported encoding "Shift_JIS" (known: UTF-8, US-ASCII, ISO-8859-1, windows-1252)`},
			is:   ErrUnsupported,
		},
		{
			name: "second declaration",
			in:   "<?xml version=\"1.0\"?>\n<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<smile/>",
			want: []string{"t.xdsl:2:"},
			is:   ErrSyntax,
		},
		{
			name: "dynamic network",
			in:   "<smile>\n" + "<nodes>" + nodeA + "</nodes>\n<dynamic numslices=\"5\"></dynamic>\n</smile>",
			want: []string{"t.xdsl:3:1: xdsl: <dynamic> element: dynamic (temporal) networks are not supported yet"},
			is:   ErrUnsupported,
		},
		{
			// In ISO-8859-1 é is one byte on disk and two in the UTF-8 the
			// decoder reads; columns count bytes on disk.
			name: "latin-1 columns",
			in: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<smile>\n<nodes>\n" +
				"<!-- caf\xe9 --><cpt id=\"B\">" + states + "<parents>Z</parents><probabilities>1 0</probabilities></cpt>\n</nodes></smile>",
			// The comment is 13 bytes, <cpt id="B"> 12, the states 32, <parents> 9: Z at 67.
			want: []string{"t.xdsl:4:67: xdsl: node B: parent Z is not a node"},
			is:   network.ErrUnknownParent,
		},
		{
			name: "utf-8 columns",
			in: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<smile>\n<nodes>\n" +
				"<!-- café --><cpt id=\"B\">" + states + "<parents>Z</parents><probabilities>1 0</probabilities></cpt>\n</nodes></smile>",
			want: []string{"t.xdsl:4:68: xdsl: node B: parent Z is not a node"},
			is:   network.ErrUnknownParent,
		},
		{
			name: "CRLF line ends",
			in:   strings.ReplaceAll(doc(nodeA, `<cpt id="B">`+states+"<parents>\r\nA\r\n  Z</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>"), "\n", "\r\n"),
			want: []string{"t.xdsl:7:3: xdsl: node B: parent Z is not a node"},
			is:   network.ErrUnknownParent,
		},
		{
			// Where the text holds an entity reference the words cannot be
			// found in the input; the text's start stands in.
			name: "entity in a parent list",
			in:   doc(nodeA, `<cpt id="B">`+states+`<parents>A &amp;</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`),
			want: []string{"t.xdsl:5:54: xdsl: node B: parent \"&\" is not a node"},
			is:   network.ErrUnknownParent,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, warnings, err := Read([]byte(tt.in), "t.xdsl", limits.Limits{})
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			if m != nil || warnings != nil {
				t.Errorf("Read returned a model or warnings with the error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("%d errors, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if i < len(lines) && !strings.Contains(lines[i], w) {
					t.Errorf("error %d\n%s\ndoes not contain\n%s", i, lines[i], w)
				}
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error does not wrap %v: %v", tt.is, err)
			}
			var list diag.List
			if !errors.As(err, &list) {
				t.Errorf("error is a %T, not a diag.List", err)
			}
		})
	}
}

// TestCycleError checks that a cycle keeps network's error for errors.As.
func TestCycleError(t *testing.T) {
	in := doc(`<cpt id="A"><state id="a1"/><state id="a2"/><parents>B</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`,
		`<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`)
	_, _, err := Read([]byte(in), "t.xdsl", limits.Limits{})
	var ce *network.CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *network.CycleError", err)
	}
	if got := strings.Join(ce.Cycle, " "); got != "A B" {
		t.Errorf("cycle %s, want A B", got)
	}
}

// maxErrors is how many problems are kept before they are only counted.
const maxErrors = limits.DefaultErrors

// TestTooManyErrors checks that a file with many problems stops at
// maxErrors of them, and then says that there were more.
func TestTooManyErrors(t *testing.T) {
	var nodes []string
	for range 2 * maxErrors {
		nodes = append(nodes, `<decision id="D"/>`)
	}
	_, _, err := Read([]byte(doc(nodes...)), "t.xdsl", limits.Limits{})
	if got := len(diag.Flatten(err)); got != maxErrors+1 {
		t.Errorf("%d errors, want %d", got, maxErrors+1)
	}
	if last := diag.Flatten(err)[maxErrors].Error(); !strings.HasPrefix(last, "t.xdsl: xdsl: and ") || !strings.HasSuffix(last, " more problems not shown") {
		t.Errorf("last line %q", last)
	}
}

// TestWarnings checks the warnings of a file that is read: a row off by
// more than network.SumTolerance and a position that is not four numbers.
func TestWarnings(t *testing.T) {
	in := doc(nodeA, `<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5 0.5 0.2 0.805</probabilities></cpt>`)
	in = strings.Replace(in, "</smile>", "<extensions><genie><node id=\"A\"><position>1 2 3</position></node></genie></extensions></smile>", 1)
	m, warnings, err := Read([]byte(in), "t.xdsl", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"t.xdsl:5:65: xdsl: node B: 1 row normalised (largest deviation 5.0e-3)",
		`t.xdsl:7:33: xdsl: node A: position "1 2 3" is not four numbers; ignored`,
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	if m.Nodes[0].Position != nil {
		t.Errorf("position %v from a bad <position>", m.Nodes[0].Position)
	}
	if got, want := m.Net.CPT(1)[3], 0.805/1.005; math.Abs(got-want) > 1e-15 {
		t.Errorf("normalised entry %v, want %v", got, want)
	}
}

// TestLargeInputs reads files that once took time quadratic in their size:
// a table of a hundred thousand bad numbers (each a problem, of which only
// maxErrors are reported), and an ISO-8859-1 file with thousands of
// warnings, each needing the position of a byte after many accented ones.
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	const k, n = 50000, 5000
	var p strings.Builder
	p.WriteString(`<cpt id="P">`)
	for i := range k {
		fmt.Fprintf(&p, `<state id="p%d"/>`, i)
	}
	p.WriteString(`<probabilities>` + strings.Repeat("0.00002 ", k) + `</probabilities></cpt>`)
	bad := doc(p.String(), `<cpt id="A"><state id="a1"/><state id="a2"/><parents>P</parents><probabilities>`+strings.Repeat("x ", 2*k)+`</probabilities></cpt>`)
	// The network is beyond the default limit on states; the limit is
	// raised, to check the time taken over its errors.
	if _, _, err := Read([]byte(bad), "t.xdsl", limits.Limits{States: 2 * k}); len(diag.Flatten(err)) != maxErrors+1 {
		t.Errorf("want %d errors, got %d", maxErrors+1, len(diag.Flatten(err)))
	}

	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<smile>\n<nodes>\n")
	for i := range n {
		fmt.Fprintf(&b, "<!-- caf\xe9 --><cpt id=\"N%d\"><state id=\"a\"/><state id=\"b\"/><probabilities>0.5 0.501</probabilities></cpt>\n", i)
	}
	b.WriteString("</nodes>\n</smile>\n")
	// Every warning is kept, to check the time taken over positions.
	_, warnings, err := Read([]byte(b.String()), "t.xdsl", limits.Limits{Errors: 2 * n})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != n {
		t.Fatalf("%d warnings, want %d", len(warnings), n)
	}
	// Line 4+i: the comment is 13 bytes on disk, so <probabilities> is at
	// 13 + len(<cpt id="N…">) + 30 + 1.
	last := fmt.Sprintf("t.xdsl:%d:%d: xdsl: node N%d: 1 row normalised", 3+n, 13+len(fmt.Sprintf(`<cpt id="N%d">`, n-1))+30+1, n-1)
	if !strings.HasPrefix(warnings[n-1], last) {
		t.Errorf("last warning %q, want %q...", warnings[n-1], last)
	}
}
