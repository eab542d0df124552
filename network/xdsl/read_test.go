package xdsl

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network/limits"
	"brink/network/model"
	"golang.org/x/text/encoding/charmap"
)

// interop returns the path of a file in shared/interop, skipping the test
// when the shared directory is missing.
func interop(t testing.TB, elem ...string) string {
	t.Helper()
	p, ok := shared.Path(append([]string{"interop"}, elem...)...)
	if !ok {
		t.Skip("shared directory not found")
	}
	return p
}

// readInterop reads a file of shared/interop under its base name, so that
// messages do not depend on where the shared directory is.
func readInterop(t *testing.T, name string) (*model.Model, []string) {
	t.Helper()
	data, err := os.ReadFile(interop(t, name))
	if err != nil {
		t.Fatal(err)
	}
	m, warnings, err := Read(data, name, limits.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m, warnings
}

// entry is one CPT entry checked by hand against the file's text:
// P(node = state | parents = given), given in the order of <parents>.
type entry struct {
	node  string
	given []string
	state string
	want  float64
	line  string // the file's <probabilities> or <resultingstates>, for the reader of the test
}

// cptEntry looks up P(node = state | given) in m.
func cptEntry(t *testing.T, m *model.Model, e entry) float64 {
	t.Helper()
	n := m.Net
	v, s, err := n.Lookup(e.node, e.state)
	if err != nil {
		t.Fatal(err)
	}
	ps := n.Parents(v)
	if len(ps) != len(e.given) {
		t.Fatalf("%s has %d parents, the test gives %d", e.node, len(ps), len(e.given))
	}
	row := 0
	for i, p := range ps {
		j := n.Variable(p).StateIndex(e.given[i])
		if j < 0 {
			t.Fatalf("%s has no state %q", n.Name(p), e.given[i])
		}
		row = row*n.Card(p) + j
	}
	return n.CPT(v)[row*n.Card(v)+s]
}

func TestReadInterop(t *testing.T) {
	tests := []struct {
		file     string
		nodes    int
		title    string
		warnings int
		// One CPT entry per file, read off the file by hand. Parent
		// configurations are row-major over <parents>, first parent
		// slowest, own state fastest.
		entry entry
		// One node's documentation from the GeNIe extension.
		node     string
		label    string
		position model.Point // centre of <position>left top right bottom</position>
	}{
		{
			file: "genie-benefits.xdsl", nodes: 14, title: "Network3",
			// Row (Org_arrangements=HIGH, IT_management=LOW) is row 1·2+0 = 2:
			// entries 4 and 5.
			entry: entry{node: "Maintenance", given: []string{"HIGH", "LOW"}, state: "LOW", want: 0.804,
				line: "0.862 0.138 0.546 0.454 [0.804] 0.196 0.261 0.739"},
			node: "Org_arrangements", label: "Org arrangements", position: model.Point{X: 541.5, Y: 163.5},
		},
		{
			file: "genie-NTSB.xdsl", nodes: 16, title: "Network1",
			// Row (Yes, No, Yes) over three binary parents is 0·4+1·2+0 = 2.
			entry: entry{node: "FlareExcessive", given: []string{"Yes", "No", "Yes"}, state: "Yes", want: 3e-9,
				line: "6e-09 0.999999994 5e-09 0.999999995 [3e-09] 0.999999997 ..."},
			// Every node of this file has the same rectangle, 250 160 426 251.
			node: "Pilotincommand", label: "", position: model.Point{X: 338, Y: 205.5},
		},
		{
			file: "genie-AsiaDiagnosis.xdsl", nodes: 8, title: "David Spiegelhalter's Asia network",
			// Row (TbOrCa=CancerORTuberculosis, Bronchitis=Absent) is 1·2+0 = 2.
			entry: entry{node: "Dyspnea", given: []string{"CancerORTuberculosis", "Absent"}, state: "Present", want: 0.7,
				line: "0.9 0.1 0.2 0.8 0.3 [0.7] 0.1 0.9"},
			node: "XRay", label: "X-Ray Result", position: model.Point{X: 94, Y: 310},
		},
		{
			file: "genie-alarmTest.xdsl", nodes: 37, title: "default lp 8k MEJROADO",
			// Row (Hypovolemia=FALSE, LVFailure=TRUE) is 0·2+1 = 1: entries 3..5.
			entry: entry{node: "StrokeVolume", given: []string{"FALSE", "TRUE"}, state: "Low", want: 0.5014577259475218,
				line: "0.0472... 0.0504... 0.9022... 0.01457725947521866 [0.5014577259475218] 0.4839650145772595 ..."},
			node: "StrokeVolume", label: "", position: model.Point{X: 336, Y: 178},
		},
		{
			file: "genie-formed.xdsl", nodes: 88, title: "Bayesys_network", warnings: 1,
			// Education=Other is state 2: entries 12..17, of which 13.
			entry: entry{node: "Intelligence", given: []string{"Other"}, state: "Borderline", want: 0.09249855741488748,
				line: "... 0.4537988074629736 [0.09249855741488748] 0.0131756106943643 ..."},
			// GeNIe wrote "625 1075 625 975": no width, bottom above top.
			node: "Intelligence", label: "", position: model.Point{X: 625, Y: 1025},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, warnings := readInterop(t, tt.file)
			if got := m.Net.NumVariables(); got != tt.nodes {
				t.Errorf("%d nodes, want %d", got, tt.nodes)
			}
			if len(m.Nodes) != m.Net.NumVariables() {
				t.Errorf("%d node documents for %d nodes", len(m.Nodes), m.Net.NumVariables())
			}
			if m.Title != tt.title {
				t.Errorf("title %q, want %q", m.Title, tt.title)
			}
			if len(warnings) != tt.warnings {
				t.Errorf("warnings %q, want %d", warnings, tt.warnings)
			}
			// Rows are divided by their sums, so an entry may move by an
			// ulp or so (or, in genie-formed's Age, by up to 2e-3).
			if got := cptEntry(t, m, tt.entry); math.Abs(got-tt.entry.want) > 1e-15 {
				t.Errorf("P(%s=%s | %s) = %v, want %v from %s", tt.entry.node, tt.entry.state,
					strings.Join(tt.entry.given, ", "), got, tt.entry.want, tt.entry.line)
			}
			v, ok := m.Net.Index(tt.node)
			if !ok {
				t.Fatalf("no node %s", tt.node)
			}
			doc := m.Nodes[v]
			if doc.Label != tt.label {
				t.Errorf("%s: label %q, want %q", tt.node, doc.Label, tt.label)
			}
			if doc.Position == nil || *doc.Position != tt.position {
				t.Errorf("%s: position %v, want %v", tt.node, doc.Position, tt.position)
			}
			for v := range m.Net.NumVariables() {
				if m.Nodes[v].Position == nil {
					t.Errorf("%s has no position", m.Net.Name(v))
				}
			}
		})
	}
}

// TestDeterministic checks the <deterministic> node of the Asia file:
//
//	<parents>Tuberculosis LungCancer</parents>
//	<resultingstates>Nothing CancerORTuberculosis CancerORTuberculosis CancerORTuberculosis</resultingstates>
func TestDeterministic(t *testing.T) {
	m, _ := readInterop(t, "genie-AsiaDiagnosis.xdsl")
	v, ok := m.Net.Index("TbOrCa")
	if !ok {
		t.Fatal("no node TbOrCa")
	}
	want := []float64{
		1, 0, // Absent, Absent: Nothing
		0, 1, // Absent, Present
		0, 1, // Present, Absent
		0, 1, // Present, Present
	}
	if got := m.Net.CPT(v); !slices.Equal(got, want) {
		t.Errorf("CPT %v, want %v", got, want)
	}
}

// TestDocumentation checks what the GeNIe extension of the Asia file says
// besides positions: names, comments with GeNIe's \n for line breaks.
func TestDocumentation(t *testing.T) {
	m, _ := readInterop(t, "genie-AsiaDiagnosis.xdsl")
	if !strings.HasPrefix(m.Description, "This is an example graphical model") ||
		!strings.Contains(m.Description, "extensions.\nReference:\nThe Asia network") {
		t.Errorf("description %q", m.Description)
	}
	v, _ := m.Net.Index("TbOrCa")
	if got, want := m.Nodes[v].Label, "Tuberculosis or Lung Cancer?"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	if got := m.Nodes[v].Description; !strings.HasPrefix(got, "Does the individual suffer from either tuberculosis or lung cancer?") {
		t.Errorf("description %q", got)
	}
	if got, want := m.Label(v), "Tuberculosis or Lung Cancer?"; got != want {
		t.Errorf("Label(TbOrCa) = %q, want %q", got, want)
	}
}

// TestNormaliseWarning checks the rows of genie-formed.xdsl's Age, which
// sum to 1 only within 2e-3, and the one warning they give.
func TestNormaliseWarning(t *testing.T) {
	m, warnings := readInterop(t, "genie-formed.xdsl")
	want := []string{"genie-formed.xdsl:544:4: xdsl: node Age: 2 rows normalised (largest deviation 1.9e-3)"}
	if !slices.Equal(warnings, want) {
		t.Errorf("warnings\n%q\nwant\n%q", warnings, want)
	}
	v, _ := m.Net.Index("Age")
	cpt, k := m.Net.CPT(v), m.Net.Card(v)
	for r := 0; r < len(cpt); r += k {
		sum := 0.0
		for _, p := range cpt[r : r+k] {
			sum += p
		}
		if math.Abs(sum-1) > 1e-15 {
			t.Errorf("row %d sums to %v", r/k, sum)
		}
	}
}

// TestRefused reads the GeNIe file of shared/interop/unsupported that
// holds continuous nodes, and checks that it is refused naming a node and
// its kind. (The Pinball influence diagram there is read: see
// TestPinball.)
func TestRefused(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"genie-gauss-continuous.xdsl", []string{
			"genie-gauss-continuous.xdsl:5:3: xdsl: node A is an equation node; continuous variables are not supported yet",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(interop(t, "unsupported", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			m, _, err := Read(data, tt.file, limits.Limits{})
			if err == nil || m != nil {
				t.Fatalf("Read = %v, %v; want an error", m, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not say\n%s", err, w)
				}
			}
			if !isErr(err, ErrUnsupported) {
				t.Errorf("error does not wrap ErrUnsupported: %v", err)
			}
		})
	}
}

// TestEncodings reads one small network written in each charset the
// reader knows, with a non-ASCII node name.
func TestEncodings(t *testing.T) {
	body := func(name string) string {
		return "<smile version=\"1.0\" id=\"enc\"><nodes><cpt id=\"A\"><state id=\"a\"/><state id=\"b\"/>" +
			"<probabilities>0.5 0.5</probabilities></cpt></nodes><extensions><genie><node id=\"A\"><name>" +
			name + "</name><position>0 0 10 10</position></node></genie></extensions></smile>\n"
	}
	tests := []struct {
		name, decl, text, want string
	}{
		{"utf-8", `<?xml version="1.0" encoding="UTF-8"?>`, "Kaffee ☕ é", "Kaffee ☕ é"},
		{"no declaration", ``, "é", "é"},
		{"utf8 spelled without hyphen", `<?xml version="1.0" encoding="utf8"?>`, "é", "é"},
		{"utf-8 with BOM", "\uFEFF" + `<?xml version="1.0" encoding="UTF-8"?>`, "é", "é"},
		{"iso-8859-1", `<?xml version="1.0" encoding="ISO-8859-1"?>`, "Caf\xe9 \xa0\xff", "Café \u00a0ÿ"},
		{"latin1 alias", `<?xml version="1.0" encoding="latin1"?>`, "Caf\xe9", "Café"},
		{"us-ascii with a stray high byte", `<?xml version="1.0" encoding="US-ASCII"?>`, "Caf\xe9", "Café"},
		{"windows-1252", `<?xml version="1.0" encoding="windows-1252"?>`, "\x93Caf\xe9\x94 \x80", "“Café” €"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _, err := Read([]byte(tt.decl+"\n"+body(tt.text)), "enc.xdsl", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Nodes[0].Label; got != tt.want {
				t.Errorf("label %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, "plain"},
		{`one\ntwo`, "one\ntwo"},
		{`back\\slash`, `back\slash`},
		{`back\\n`, `back\n`},
		{`C:\temp\x`, `C:\temp\x`},
		{`trailing\`, `trailing\`},
	}
	for _, tt := range tests {
		if got := unescape(tt.in); got != tt.want {
			t.Errorf("unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShort(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{1.920104141241774e-3, "1.9e-3"},
		{5e-6, "5.0e-6"},
		{0.0099, "9.9e-3"},
		{1.5e-10, "1.5e-10"},
	}
	for _, tt := range tests {
		if got := short(tt.x); got != tt.want {
			t.Errorf("short(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

// TestInputOffset checks the mapping from the decoder's offsets back to
// the input against a byte-by-byte walk, for charsets whose high bytes
// become two (ISO-8859-1) and up to three (windows-1252, €) UTF-8 bytes.
func TestInputOffset(t *testing.T) {
	for _, tt := range []struct {
		name string
		cm   *charmap.Charmap
	}{{"iso-8859-1", charmap.ISO8859_1}, {"windows-1252", charmap.Windows1252}} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte("<?xml?>ab\x80\xe9c\x80\x80d\xff\x81")
			s := newSource(data, "x")
			s.cm, s.declEnd = tt.cm, 7
			out := int64(7)
			for i := 7; i <= len(data); i++ {
				if got := s.inputOffset(out); got != i {
					t.Errorf("inputOffset(%d) = %d, want %d", out, got, i)
				}
				if i < len(data) {
					out += int64(s.decodedLen(data[i]))
				}
			}
			for o := int64(0); o <= 7; o++ {
				if got := s.inputOffset(o); got != int(o) {
					t.Errorf("inputOffset(%d) = %d before the declaration's end", o, got)
				}
			}
		})
	}
}

// TestSubmodels checks that nodes drawn inside GeNIe submodels get the
// submodel's name, or the path of names for nested ones, as their group.
func TestSubmodels(t *testing.T) {
	in := doc(nodeA, nodeB, `<cpt id="C"><state id="c"/><probabilities>1</probabilities></cpt>`)
	in = strings.Replace(in, "</smile>", `<extensions><genie name="Sub\\models">
<node id="A"><name>A</name><position>0 0 10 10</position></node>
<submodel id="S1"><name>Outer</name><position>0 0 1 1</position>
<node id="B"><name>Bee</name></node>
<submodel id="S2"><node id="C"><comment>line\nbreak</comment></node></submodel>
</submodel>
<node id="Ghost"><name>not in the network</name></node>
</genie></extensions></smile>`, 1)
	m, warnings, err := Read([]byte(in), "t.xdsl", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings %q", warnings)
	}
	if m.Title != `Sub\models` {
		t.Errorf("title %q", m.Title)
	}
	want := []model.Node{
		{Position: &model.Point{X: 5, Y: 5}},
		{Label: "Bee", Group: "Outer"},
		{Description: "line\nbreak", Group: "Outer/S2"},
	}
	for v, w := range want {
		got := m.Nodes[v]
		if got.Label != w.Label || got.Group != w.Group || got.Description != w.Description ||
			(got.Position == nil) != (w.Position == nil) || got.Position != nil && *got.Position != *w.Position {
			t.Errorf("%s: %+v, want %+v", m.Net.Name(v), got, w)
		}
	}
}
