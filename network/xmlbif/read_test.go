package xmlbif

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/jtree"
	"brink/network/limits"
	"brink/network/model"
)

// sharedFile returns the path of a file in the shared directory, skipping
// the test when the directory is missing.
func sharedFile(t testing.TB, elem ...string) string {
	t.Helper()
	path, ok := shared.Path(elem...)
	if !ok {
		t.Skip("no shared directory (set BRINK_SHARED)")
	}
	return path
}

func readShared(t testing.TB, elem ...string) *model.Model {
	t.Helper()
	m, _, err := readFile(sharedFile(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func arcs(n *network.Network) int {
	a := 0
	for v := range n.NumVariables() {
		a += len(n.Parents(v))
	}
	return a
}

// TestInterop reads the XMLBIF files of other tools in
// shared/interop; node counts are from shared/interop/README.md, arc
// counts and titles from the files.
func TestInterop(t *testing.T) {
	cases := []struct {
		file        string
		nodes, arcs int
		title       string
		positions   int
	}{
		{"javabayes-car-starts.xml", 18, 17, "CarStarts", 18},
		{"samiam-sachs.xml", 11, 17, "bayesiannetwork", 11},
		{"pyagrum-BN_with_name.bifxml", 5, 4, "fastPrototype", 0},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			m := readShared(t, "interop", c.file)
			if got := m.Net.NumVariables(); got != c.nodes {
				t.Errorf("%d variables, want %d", got, c.nodes)
			}
			if got := arcs(m.Net); got != c.arcs {
				t.Errorf("%d arcs, want %d", got, c.arcs)
			}
			if m.Title != c.title {
				t.Errorf("title %q, want %q", m.Title, c.title)
			}
			pos := 0
			for _, nd := range m.Nodes {
				if nd.Position != nil {
					pos++
				}
			}
			if pos != c.positions {
				t.Errorf("%d positions, want %d", pos, c.positions)
			}
		})
	}
}

// TestAgrumInsurance reads aGrUM's insurance export, which loads with one
// warning.
//
// Compared with ../../../shared/networks/insurance.bif, its tables follow
// bnlearn's parent order (first parent slowest), but for 14 of the 27
// variables the GIVEN elements are listed in another order (the old aGrUM
// writer took them from an unordered set). Brink follows the XMLBIF
// specification and reads a table in the order of its GIVEN elements, as
// current aGrUM does, so those rows land on the wrong parent
// configurations, and nothing in the file tells which; TestReference shows
// both readings. OtherCarCost also keeps a row of the original network
// that sums to 1.000035 (bnlearn divided it by its sum); the reader
// divides it too, and says so.
func TestAgrumInsurance(t *testing.T) {
	path := sharedFile(t, "interop", "agrum-insurance.bifxml")
	m, warnings, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Net.NumVariables(); got != 27 {
		t.Errorf("%d variables, want 27", got)
	}
	want := []string{path + `:355:58: xmlbif: variable "OtherCarCost": 1 row normalised (largest deviation 3.5e-05)`}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings:\n%q\nwant\n%q", warnings, want)
	}
	// The row, 0.98 0.01 0.009985 5e-05, divided by its sum.
	sum := 0.98 + 0.01 + 0.009985 + 5e-05
	got := prob(t, m.Net, "OtherCarCost", "Thousand", "RuggedAuto=Football", "Accident=None")
	if math.Abs(got-0.98/sum) > 1e-15 {
		t.Errorf("P(OtherCarCost=Thousand | RuggedAuto=Football, Accident=None) = %v, want %v", got, 0.98/sum)
	}
}

// repairedInsurance returns aGrUM's insurance export with, if fixRow is
// set, OtherCarCost's row "0.98 0.01 0.009985 5e-05" divided by its sum
// and, if reorder is set, the GIVEN elements of each DEFINITION put in the
// order of the parents in insurance.bif; see TestAgrumInsurance.
func repairedInsurance(t *testing.T, reorder, fixRow bool) string {
	t.Helper()
	data, err := os.ReadFile(sharedFile(t, "interop", "agrum-insurance.bifxml"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := bif.ReadFile(sharedFile(t, "networks", "insurance.bif"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	def := regexp.MustCompile(`(?s)<FOR>([^<]*)</FOR>\s*((?:<GIVEN>[^<]*</GIVEN>\s*)*)`)
	if reorder {
		src = def.ReplaceAllStringFunc(src, func(s string) string {
			name := def.FindStringSubmatch(s)[1]
			v, ok := ref.Index(name)
			if !ok {
				t.Fatalf("insurance.bif has no variable %s", name)
			}
			out := "<FOR>" + name + "</FOR>\n"
			for _, p := range ref.Parents(v) {
				out += "\t<GIVEN>" + ref.Name(p) + "</GIVEN>\n"
			}
			return out + "\t"
		})
	}
	if !fixRow {
		return src
	}
	row := []float64{0.98, 0.01, 0.009985, 5e-05}
	sum := row[0] + row[1] + row[2] + row[3]
	fixed := make([]string, len(row))
	for i, x := range row {
		fixed[i] = strconv.FormatFloat(x/sum, 'g', -1, 64)
	}
	if strings.Count(src, " 0.98 0.01 0.009985 5e-05 ") != 1 {
		t.Fatal("the unnormalised row is not in the file exactly once")
	}
	return strings.Replace(src, " 0.98 0.01 0.009985 5e-05 ", " "+strings.Join(fixed, " ")+" ", 1)
}

// refFile is the part of shared/reftests/NAME.json used here; see
// shared/reftests/README.md.
type refFile struct {
	Cases []struct {
		Evidence  map[string]string             `json:"evidence"`
		Marginals map[string]map[string]float64 `json:"marginals"`
	} `json:"cases"`
}

// priorDiffs computes the prior marginals of n by junction tree and
// returns the largest difference from cases[0] of a reference file,
// mapping variables and states by name, and the number of probabilities
// that differ by more than tol, each of which it logs.
func priorDiffs(t *testing.T, n *network.Network, refName string, tol float64) (worst float64, bad int) {
	t.Helper()
	data, err := os.ReadFile(sharedFile(t, "reftests", refName))
	if err != nil {
		t.Fatal(err)
	}
	var ref refFile
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) == 0 || len(ref.Cases[0].Evidence) != 0 {
		t.Fatalf("%s: cases[0] is not the prior", refName)
	}
	want := ref.Cases[0].Marginals
	if len(want) != n.NumVariables() {
		t.Fatalf("%s has %d variables, the network %d", refName, len(want), n.NumVariables())
	}
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(network.NewEvidence(n)); err != nil {
		t.Fatal(err)
	}
	for v := range n.NumVariables() {
		name := n.Name(v)
		w, ok := want[name]
		if !ok {
			t.Fatalf("%s has no marginal for %s", refName, name)
		}
		post := jt.Posterior(v)
		for s, state := range n.Variable(v).States {
			p, ok := w[state]
			if !ok {
				t.Fatalf("%s has no marginal for %s=%s", refName, name, state)
			}
			d := math.Abs(post[s] - p)
			worst = max(worst, d)
			if d > tol {
				bad++
				t.Logf("P(%s=%s) = %.17g, reference %.17g (off by %.3g)", name, state, post[s], p, d)
			}
		}
	}
	return worst, bad
}

// TestReference compares prior marginals of files from other tools with
// the reference posteriors in shared/reftests (libDAI's exact junction
// tree on the bnlearn networks with normalised rows, an independent
// implementation), at 1e-9. SamIam wrote sachs with every bnlearn row
// divided by its sum, which is what the reference did. aGrUM's insurance
// matches once its GIVEN elements are put in bnlearn's order, whether its
// unnormalised row is repaired in memory or left to the reader, and not
// with its GIVEN elements as written (see TestAgrumInsurance).
func TestReference(t *testing.T) {
	const tol = 1e-9
	t.Run("samiam-sachs", func(t *testing.T) {
		m := readShared(t, "interop", "samiam-sachs.xml")
		if worst, bad := priorDiffs(t, m.Net, "sachs.json", tol); bad > 0 {
			t.Errorf("%d marginals differ from sachs.json by more than %g (largest %.3g)", bad, tol, worst)
		}
	})
	t.Run("agrum-insurance-repaired", func(t *testing.T) {
		m, warnings, err := Read([]byte(repairedInsurance(t, true, true)), "agrum-insurance.bifxml", limits.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 0 {
			t.Errorf("warnings %q, want none once the row is repaired", warnings)
		}
		if worst, bad := priorDiffs(t, m.Net, "insurance.json", tol); bad > 0 {
			t.Errorf("%d marginals differ from insurance.json by more than %g (largest %.3g)", bad, tol, worst)
		}
	})
	t.Run("agrum-insurance-reordered", func(t *testing.T) {
		m, warnings, err := Read([]byte(repairedInsurance(t, true, false)), "agrum-insurance.bifxml", limits.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 1 {
			t.Errorf("warnings %q, want one about OtherCarCost", warnings)
		}
		if worst, bad := priorDiffs(t, m.Net, "insurance.json", tol); bad > 0 {
			t.Errorf("%d marginals differ from insurance.json by more than %g (largest %.3g)", bad, tol, worst)
		}
	})
	t.Run("agrum-insurance-as-written", func(t *testing.T) {
		m := readShared(t, "interop", "agrum-insurance.bifxml")
		// Read as XMLBIF says, the scrambled tables move marginals by
		// up to 0.65.
		worst, _ := priorDiffs(t, m.Net, "insurance.json", 1)
		t.Logf("largest difference %.3g", worst)
		if worst < 0.01 {
			t.Errorf("with aGrUM's GIVEN order the marginals are within %.3g of the reference; the order should matter", worst)
		}
	})
}

// prob returns P(variable = state | given) from n's CPT, where given lists
// "parent=state" for every parent in CPT order.
func prob(t *testing.T, n *network.Network, variable, state string, given ...string) float64 {
	t.Helper()
	v, s, err := n.Lookup(variable, state)
	if err != nil {
		t.Fatal(err)
	}
	if len(given) != len(n.Parents(v)) {
		t.Fatalf("%s has %d parents, %d given", variable, len(n.Parents(v)), len(given))
	}
	row := 0
	for i, pa := range n.Parents(v) {
		name, st, _ := strings.Cut(given[i], "=")
		if name != n.Name(pa) {
			t.Fatalf("parent %d of %s is %s, not %s", i, variable, n.Name(pa), name)
		}
		_, ps, err := n.Lookup(name, st)
		if err != nil {
			t.Fatal(err)
		}
		row = row*n.Card(pa) + ps
	}
	return n.CPT(v)[row*n.Card(v)+s]
}

// TestSpotValues compares CPT entries with the numbers in the files, read
// by hand and counted from the start of the TABLE. Rows that sum to 1 are
// kept exactly or moved by an ulp, so the tolerance is 1e-15.
func TestSpotValues(t *testing.T) {
	cars := readShared(t, "interop", "javabayes-car-starts.xml")
	sachs := readShared(t, "interop", "samiam-sachs.xml")
	pyagrum := readShared(t, "interop", "pyagrum-BN_with_name.bifxml")
	insurance, err := readModel([]byte(repairedInsurance(t, true, true)), "agrum-insurance.bifxml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		n        *network.Network
		variable string
		state    string
		given    []string
		want     float64
		where    string
	}{
		// javabayes-car-starts.xml:194, GIVEN Alternator, FanBelt, Leak:
		// 0.0 1.0 1.0 0.0 0.0 1.0 ...; entry 3 is (Ok, Ok, NoLeak), Good.
		{cars.Net, "Charge", "Good", []string{"Alternator=Ok", "FanBelt=Ok", "Leak=NoLeak"}, 1, "entry 3"},
		{cars.Net, "Charge", "Low", []string{"Alternator=Faulted", "FanBelt=Broken", "Leak=NoLeak"}, 0.5, "entry 24"},
		{cars.Net, "Alternator", "Faulted", nil, 5.0e-4, "5.0E-4, entry 2"},
		// samiam-sachs.xml:129, P38 GIVEN PKA, PKC: entry 4 starts the
		// row (PKA=LOW, PKC=AVG): 0.6558227251 0.343941537 2.357379E-4.
		{sachs.Net, "P38", "LOW", []string{"PKA=LOW", "PKC=AVG"}, 0.6558227251, "entry 4"},
		{sachs.Net, "P38", "HIGH", []string{"PKA=LOW", "PKC=AVG"}, 2.357379e-4, "entry 6"},
		// pyagrum-BN_with_name.bifxml:88, C GIVEN B, row 3 (B=c):
		// 0.18846 0.345871 0.000456366 0.465212, which sums to
		// 0.999999366 and is divided by that.
		{pyagrum.Net, "C", "400", []string{"B=c"}, 0.465212 / 0.999999366, "row 3, entry 4"},
		// agrum-insurance.bifxml:251, RiskAversion GIVEN Age, SocioEcon
		// (already in bnlearn's order): row 5 is (Adult, Prole),
		// 0.015 0.285 0.5 0.2.
		{insurance.Net, "RiskAversion", "Adventurous", []string{"Age=Adult", "SocioEcon=Prole"}, 0.285, "row 5, entry 2"},
	}
	for _, c := range cases {
		if got := prob(t, c.n, c.variable, c.state, c.given...); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("P(%s=%s | %s) = %v, want %v (%s)", c.variable, c.state, strings.Join(c.given, ", "), got, c.want, c.where)
		}
	}
}

// TestCarStartsMatchesBIF reads JavaBayes's XMLBIF and BIF exports of the
// same network (the BIF one with the child state slowest in its tables)
// and expects the same network. (The two files lay the nodes out
// differently, so positions are not compared.)
func TestCarStartsMatchesBIF(t *testing.T) {
	m := readShared(t, "interop", "javabayes-car-starts.xml")
	n, err := bif.ReadFile(sharedFile(t, "interop", "javabayes-car-starts.bif"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Net.Specs(), n.Specs()) {
		t.Error("the XMLBIF and BIF exports give different networks")
	}
}

// TestProperties checks what PROPERTY elements fill in.
func TestProperties(t *testing.T) {
	cars := readShared(t, "interop", "javabayes-car-starts.xml")
	sachs := readShared(t, "interop", "samiam-sachs.xml")
	pyagrum := readShared(t, "interop", "pyagrum-BN_with_name.bifxml")
	pos := func(m *model.Model, name string) *model.Point {
		v, ok := m.Net.Index(name)
		if !ok {
			t.Fatalf("no variable %s", name)
		}
		return m.Nodes[v].Position
	}
	// javabayes-car-starts.xml:38 and samiam-sachs.xml:19.
	if p := pos(cars, "Alternator"); p == nil || *p != (model.Point{X: 47, Y: 42}) {
		t.Errorf("Alternator at %v, want (47, 42)", p)
	}
	if p := pos(sachs, "PIP3"); p == nil || *p != (model.Point{X: 790, Y: -332}) {
		t.Errorf("PIP3 at %v, want (790, -332)", p)
	}
	// pyagrum-BN_with_name.bifxml:11: "description = A"; "fast = ..." is
	// ignored.
	for v := range pyagrum.Net.NumVariables() {
		if got, want := pyagrum.Nodes[v].Description, pyagrum.Net.Name(v); got != want {
			t.Errorf("description of %s = %q, want %q", want, got, want)
		}
	}
	for v, nd := range cars.Nodes {
		if nd.Description != "" {
			t.Errorf("%s has description %q, want none", cars.Net.Name(v), nd.Description)
		}
	}

	cases := []struct {
		in   string
		pos  *model.Point
		desc string
	}{
		{"position = (1.5, -2)", &model.Point{X: 1.5, Y: -2}, ""},
		{"position=(3,4)", &model.Point{X: 3, Y: 4}, ""},
		{"  Position = ( 5 , 6 ) ", &model.Point{X: 5, Y: 6}, ""},
		{"position = (NaN, 1)", nil, ""},
		{"position = (1, 2", nil, ""},
		{"position = 1, 2", nil, ""},
		{"position = (a, b)", nil, ""},
		{"description = A tall = story", nil, "A tall = story"},
		{"description =", nil, ""},
		{"desc", nil, ""},
		{"observed Weak", nil, ""},
	}
	for _, c := range cases {
		var v variable
		v.property(c.in)
		if !reflect.DeepEqual(v.position, c.pos) || v.description != c.desc {
			t.Errorf("property %q: position %v, description %q; want %v, %q", c.in, v.position, v.description, c.pos, c.desc)
		}
	}
}

// small is a valid document used by several tests: a (yes, no) and b
// (lo, hi) given a.
const small = `<?xml version="1.0"?>
<BIF VERSION="0.3">
<NETWORK>
<NAME>small</NAME>
<VARIABLE TYPE="nature">
	<NAME>a</NAME>
	<OUTCOME>yes</OUTCOME>
	<OUTCOME>no</OUTCOME>
	<PROPERTY>position = (10, 20)</PROPERTY>
</VARIABLE>
<VARIABLE TYPE="nature">
	<NAME>b</NAME>
	<OUTCOME>lo</OUTCOME>
	<OUTCOME>hi</OUTCOME>
</VARIABLE>
<DEFINITION>
	<FOR>a</FOR>
	<TABLE>0.25 0.75</TABLE>
</DEFINITION>
<DEFINITION>
	<FOR>b</FOR>
	<GIVEN>a</GIVEN>
	<TABLE>0.1 0.9 0.6 0.4</TABLE>
</DEFINITION>
</NETWORK>
</BIF>
`

// TestDialects reads variants of small that other writers produce; each
// must give small's network.
func TestDialects(t *testing.T) {
	want, err := readModel([]byte(small), "small.xml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(string) string
	}{
		{"PROBABILITY for DEFINITION", func(s string) string {
			return strings.ReplaceAll(s, "DEFINITION>", "PROBABILITY>")
		}},
		{"lower-case elements", func(s string) string {
			return regexp.MustCompile(`</?[A-Z]+`).ReplaceAllStringFunc(s, strings.ToLower)
		}},
		{"CRLF", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
		{"comments everywhere", func(s string) string {
			s = strings.ReplaceAll(s, "<TABLE>0.1 0.9 ", "<TABLE><!-- a=yes -->0.1 0.9 <!-- a=no -->")
			return strings.ReplaceAll(s, "<NAME>b</NAME>", "<NAME><!-- x -->b</NAME><!-- y -->")
		}},
		{"CDATA and references", func(s string) string {
			s = strings.ReplaceAll(s, "<TABLE>0.25 0.75</TABLE>", "<TABLE><![CDATA[0.25]]>&#32;0.75</TABLE>")
			return strings.ReplaceAll(s, "<OUTCOME>lo</OUTCOME>", "<OUTCOME>&#108;o</OUTCOME>")
		}},
		{"rows on lines", func(s string) string {
			return strings.ReplaceAll(s, "<TABLE>0.1 0.9 0.6 0.4</TABLE>", "<TABLE>\n\t\t0.1 0.9\n\t\t0.6 0.4\n\t</TABLE>")
		}},
		{"no TYPE, no VERSION, padded names", func(s string) string {
			s = strings.ReplaceAll(s, ` TYPE="nature"`, "")
			s = strings.ReplaceAll(s, ` VERSION="0.3"`, "")
			return strings.ReplaceAll(s, "<FOR>b</FOR>", "<FOR>\n\t\tb\n\t</FOR>")
		}},
		{"DTD and byte order mark", func(s string) string {
			return "\uFEFF" + strings.Replace(s, "?>", "?>\n<!DOCTYPE BIF [\n\t<!ELEMENT BIF ( NETWORK )*>\n]>", 1)
		}},
		{"properties in DEFINITION and NETWORK", func(s string) string {
			s = strings.ReplaceAll(s, "<FOR>b</FOR>", "<FOR>b</FOR><PROPERTY>note</PROPERTY>")
			return strings.ReplaceAll(s, "<NAME>small</NAME>", "<NAME>small</NAME><PROPERTY>software Brink</PROPERTY>")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := readModel([]byte(c.edit(small)), "small.xml")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m.Net.Specs(), want.Net.Specs()) {
				t.Errorf("specs %v, want %v", m.Net.Specs(), want.Net.Specs())
			}
		})
	}
}

// TestEncodings reads small with a state name outside ASCII in each
// encoding the reader knows.
func TestEncodings(t *testing.T) {
	doc := func(enc, state string) string {
		s := strings.Replace(small, `<?xml version="1.0"?>`, `<?xml version="1.0" encoding="`+enc+`"?>`, 1)
		return strings.Replace(s, "<OUTCOME>hi</OUTCOME>", "<OUTCOME>"+state+"</OUTCOME>", 1)
	}
	cases := []struct {
		enc, raw, want string
	}{
		{"UTF-8", "h\u00e9", "h\u00e9"},
		{"ISO-8859-1", "h\xe9", "h\u00e9"},
		{"latin1", "\xe9t\xe9", "\u00e9t\u00e9"},
		{"windows-1252", "\x80\x9f", "\u20ac\u0178"},
		{"US-ASCII", "high", "high"},
		{"us-ascii", "h\u00e9", "h\u00e9"}, // mislabelled UTF-8 is taken as UTF-8
	}
	for _, c := range cases {
		t.Run(c.enc, func(t *testing.T) {
			m, err := readModel([]byte(doc(c.enc, c.raw)), "e.xml")
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Net.Variable(1).States[1]; got != c.want {
				t.Errorf("state %q, want %q", got, c.want)
			}
		})
	}
	// Columns count the file's bytes, which in latin1 are characters:
	// after a comment holding "é", the bad entry "x" is at byte 17 in
	// latin1 and 18 in UTF-8.
	for _, c := range []struct{ enc, e, want string }{
		{"ISO-8859-1", "\xe9", "e.xml:23:17: xmlbif: <TABLE> entry 1, \"x\", is not a number"},
		{"UTF-8", "\u00e9", "e.xml:23:18: xmlbif: <TABLE> entry 1, \"x\", is not a number"},
	} {
		s := strings.Replace(doc(c.enc, "hi"), "<TABLE>0.1 0.9 0.6 0.4</TABLE>", "<TABLE><!--"+c.e+"-->x 0.9 0.6 0.4</TABLE>", 1)
		_, err := readModel([]byte(s), "e.xml")
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.enc, err, c.want)
		}
	}
	_, err := readModel([]byte(doc("UTF-16", "hi")), "e.xml")
	if err == nil || !strings.Contains(err.Error(), `e.xml:1:`) || !strings.Contains(err.Error(), `unsupported encoding "UTF-16"`) || !errors.Is(err, ErrXML) {
		t.Errorf("UTF-16: error %v, want an unsupported encoding at line 1", err)
	}
}
