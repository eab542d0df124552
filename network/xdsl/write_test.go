package xdsl

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/models"
	"brink/network"
	"brink/network/limits"
	"brink/network/model"
	"brink/network/modelfile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func writeModel(t testing.TB, m *model.Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// shippedModel reads one of the models Brink ships (package brink/models)
// with the model-file reader. (Package formats would choose it, but it
// imports this package.)
func shippedModel(t *testing.T, name string) *model.Model {
	t.Helper()
	data, err := models.Files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := modelfile.Read(data, name, limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// readBack reads Write's output, which must give no warnings.
func readBack(t *testing.T, out []byte) *model.Model {
	t.Helper()
	back, warnings, err := Read(out, "written.xdsl", limits.Limits{})
	if err != nil {
		t.Fatalf("reading Write's output: %v", err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings on reading Write's output:\n%s", strings.Join(warnings, "\n"))
	}
	return back
}

// sameNetwork compares two networks variable by variable, by name, since
// Write may reorder the variables: the same states, parents in the same
// order and the same CPT, float for float.
func sameNetwork(t *testing.T, got, want *network.Network) {
	t.Helper()
	if got.NumVariables() != want.NumVariables() {
		t.Fatalf("%d variables, want %d", got.NumVariables(), want.NumVariables())
	}
	for v := range want.NumVariables() {
		name := want.Name(v)
		w, ok := got.Index(name)
		if !ok {
			t.Errorf("variable %s lost", name)
			continue
		}
		if !slices.Equal(got.Variable(w).States, want.Variable(v).States) {
			t.Errorf("%s: states %q, want %q", name, got.Variable(w).States, want.Variable(v).States)
		}
		gp, wp := names(got, got.Parents(w)), names(want, want.Parents(v))
		if !slices.Equal(gp, wp) {
			t.Errorf("%s: parents %q, want %q", name, gp, wp)
		}
		if !slices.Equal(got.CPT(w), want.CPT(v)) {
			t.Errorf("%s: CPT differs", name)
		}
	}
}

func names(n *network.Network, vs []int) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = n.Name(v)
	}
	return out
}

// sameDocumentation compares what XDSL carries of a model: the title
// (unless blank, when Read takes the <smile> id), the description and
// each node's label, description, group and position, positions to 1e-9.
func sameDocumentation(t *testing.T, got, want *model.Model) {
	t.Helper()
	if strings.TrimSpace(want.Title) != "" && got.Title != want.Title {
		t.Errorf("title %q, want %q", got.Title, want.Title)
	}
	if got.Description != want.Description {
		t.Errorf("description %q, want %q", got.Description, want.Description)
	}
	for v := range want.Nodes {
		name := want.Net.Name(v)
		w, ok := got.Net.Index(name)
		if !ok {
			continue // reported by sameNetwork
		}
		g, d := got.Nodes[w], want.Nodes[v]
		if g.Label != d.Label || g.Description != d.Description || g.Group != d.Group {
			t.Errorf("node %s: label, description, group %q, %q, %q; want %q, %q, %q", name, g.Label, g.Description, g.Group, d.Label, d.Description, d.Group)
		}
		switch {
		case (g.Position == nil) != (d.Position == nil):
			t.Errorf("node %s: position %v, want %v", name, g.Position, d.Position)
		case d.Position != nil && (math.Abs(g.Position.X-d.Position.X) > 1e-9 || math.Abs(g.Position.Y-d.Position.Y) > 1e-9):
			t.Errorf("node %s: position %v, want %v", name, *g.Position, *d.Position)
		}
	}
}

// findings chooses up to three hard findings on m, on its first, middle
// and last variables, each the most probable state given the ones before,
// so that together they have a positive probability.
func findings(t *testing.T, m *model.Model) []map[string]string {
	t.Helper()
	n := m.Net
	var out []map[string]string
	current := map[string]string{}
	for _, v := range slices.Compact([]int{0, n.NumVariables() / 2, n.NumVariables() - 1}) {
		post := posteriors(t, m, current)
		s := 0
		for j, p := range post[v] {
			if p > post[v][s] {
				s = j
			}
		}
		next := map[string]string{n.Name(v): n.Variable(v).States[s]}
		for k, x := range current {
			next[k] = x
		}
		out = append(out, next)
		current = next
	}
	return out
}

// samePosteriors compares the posteriors of every variable of got and
// want, matched by name, with no findings and with those of findings.
// Both networks have the same tables, so only the order of summation
// differs: tolerance 1e-12.
func samePosteriors(t *testing.T, got, want *model.Model) {
	t.Helper()
	for _, f := range append([]map[string]string{nil}, findings(t, want)...) {
		pg, pw := posteriors(t, got, f), posteriors(t, want, f)
		for v := range pw {
			w, _ := got.Net.Index(want.Net.Name(v))
			for s := range pw[v] {
				if d := math.Abs(pg[w][s] - pw[v][s]); !(d <= 1e-12) {
					t.Errorf("findings %v: P(%s=%s) = %v, want %v", f, want.Net.Name(v), want.Net.Variable(v).States[s], pg[w][s], pw[v][s])
				}
			}
		}
	}
}

// roundTrip writes m, reads it back and checks that the network, its
// posteriors and the documentation XDSL carries survive, and that writing
// the model read back gives the same bytes.
func roundTrip(t *testing.T, m *model.Model) {
	t.Helper()
	out := writeModel(t, m)
	back := readBack(t, out)
	sameNetwork(t, back.Net, m.Net)
	samePosteriors(t, back, m)
	sameDocumentation(t, back, m)
	if again := writeModel(t, back); !bytes.Equal(again, out) {
		t.Errorf("second Write differs from the first:\n%s", again)
	}
}

// TestWriteRoundTripInterop writes every GeNIe file of shared/interop as
// read, and reads it back.
func TestWriteRoundTripInterop(t *testing.T) {
	for _, name := range []string{
		"genie-AsiaDiagnosis.xdsl", "genie-NTSB.xdsl", "genie-alarmTest.xdsl", "genie-benefits.xdsl", "genie-formed.xdsl",
	} {
		t.Run(name, func(t *testing.T) {
			m, _ := readInterop(t, name)
			roundTrip(t, m)
		})
	}
}

// TestWriteRoundTripModels writes the shipped models, which have labels,
// descriptions, groups and positions on every node, and reads them back.
func TestWriteRoundTripModels(t *testing.T) {
	for _, name := range []string{"us-iran.toml", "asia.toml"} {
		t.Run(name, func(t *testing.T) {
			m := shippedModel(t, name)
			for v, nd := range m.Nodes {
				if nd.Label == "" || nd.Group == "" || nd.Position == nil {
					t.Fatalf("%s: node %s lacks a label, group or position, which this test relies on", name, m.Net.Name(v))
				}
			}
			roundTrip(t, m)
		})
	}
}

// TestWriteGolden compares Write's output for models/asia.toml with
// testdata/asia.golden.xdsl; run with -update to rewrite it, and review
// the difference before accepting it.
func TestWriteGolden(t *testing.T) {
	out := writeModel(t, shippedModel(t, "asia.toml"))
	golden := filepath.Join("testdata", "asia.golden.xdsl")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("Write(asia.toml) differs from %s:\n%s", golden, out)
	}
}

// chain builds A → B → C with two states each, or with the given names.
func chain(t *testing.T, a, b, c string, states ...string) *model.Model {
	t.Helper()
	if states == nil {
		states = []string{"s0", "s1"}
	}
	n, err := network.New([]network.VariableSpec{
		{Name: a, States: states, CPT: []float64{0.3, 0.7}},
		{Name: b, States: states, Parents: []string{a}, CPT: []float64{0.9, 0.1, 0.2, 0.8}},
		{Name: c, States: states, Parents: []string{b}, CPT: []float64{0.6, 0.4, 0.125, 0.875}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return model.New(n)
}

// TestWriteIDs checks that names GeNIe would refuse as ids are refused,
// each named in the error.
func TestWriteIDs(t *testing.T) {
	cases := []struct {
		name    string
		a, b, c string
		states  []string
		want    string
	}{
		{"space", "A", "two words", "C", nil,
			`xdsl: cannot write variable "two words": an XDSL id is ASCII letters, digits and underscores, starting with a letter; rename it to write the model for GeNIe`},
		{"digit first", "1st", "B", "C", nil, `variable "1st"`},
		{"underscore first", "_a", "B", "C", nil, `variable "_a"`},
		{"hyphen", "A", "B", "c-d", nil, `variable "c-d"`},
		{"non-ASCII", "café", "B", "C", nil, `variable "café"`},
		{"quote", `say"hi`, "B", "C", nil, `variable "say\"hi"`},
		{"states", "A", "B", "C", []string{"low", ">=7.5"},
			`xdsl: cannot write 3 names that are not XDSL ids (ASCII letters, digits and underscores, starting with a letter): variable "A", state ">=7.5"; variable "B", state ">=7.5"; variable "C", state ">=7.5"; rename them to write the model for GeNIe`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := chain(t, c.a, c.b, c.c, c.states...)
			var buf bytes.Buffer
			err := Write(&buf, m)
			if err == nil {
				t.Fatalf("no error; wrote\n%s", buf.Bytes())
			}
			if !strings.HasPrefix(err.Error(), "xdsl: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
			if !errors.Is(err, network.ErrBadName) {
				t.Errorf("error %v does not answer errors.Is(err, network.ErrBadName)", err)
			}
			if buf.Len() > 0 {
				t.Errorf("wrote %d bytes before refusing", buf.Len())
			}
		})
	}
	// A long list is cut short.
	specs := make([]network.VariableSpec, 15)
	for i := range specs {
		specs[i] = network.VariableSpec{Name: fmt.Sprintf("v %d", i), States: []string{"x"}, CPT: []float64{1}}
	}
	n, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	err = Write(&bytes.Buffer{}, model.New(n))
	if err == nil || !strings.Contains(err.Error(), `cannot write 15 names`) || !strings.Contains(err.Error(), `variable "v 9" and 5 more;`) {
		t.Errorf("error %v", err)
	}
}

// TestWriteText checks texts that need escaping, for XML and for GeNIe:
// markup characters, quotes, backslashes (one before an n, one at the
// end), line breaks, tabs, carriage returns and non-ASCII letters, in the
// title, descriptions, labels and group names.
func TestWriteText(t *testing.T) {
	m := chain(t, "A", "B", "C")
	tricky := "a <b> & \"c\" 'd' ]]> \\n not a line break,\nbut this is;\ttab\r\nCRLF, ünïcödé ✓ C:\\dir\\"
	m.Title = "Title: " + tricky
	m.Description = tricky
	m.Nodes[0] = model.Node{Label: tricky, Description: tricky, Group: tricky}
	m.Nodes[1] = model.Node{Description: "  spaces at the ends  ", Group: "Group: B/C"}
	m.Nodes[2] = model.Node{Label: "\\", Group: "Group: B/C"}
	out := writeModel(t, m)
	for _, want := range []string{
		`name="Title: a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; ]]&gt; \\n not a line break,\nbut this is;&#x9;tab&#xD;\nCRLF, ünïcödé ✓ C:\\dir\\"`,
		`<comment>a &lt;b&gt; &amp; "c" 'd' ]]&gt; \\n not a line break,\nbut this is;&#x9;tab&#xD;\nCRLF, ünïcödé ✓ C:\\dir\\</comment>`,
		`<submodel id="a_b_c_d_n_not_a_line_break_but_this_is_tab_CRLF_n_c_d_C_dir">`,
		`<submodel id="Group_B_C">`,
		`<name>\\</name>`,
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	back := readBack(t, out)
	sameDocumentation(t, back, m)
	// A label that is the node's name is no label.
	m.Nodes[1].Label = "B"
	if !bytes.Equal(writeModel(t, m), out) {
		t.Error("an empty label and a label equal to the name are written differently")
	}
	// Characters XML cannot hold become U+FFFD.
	m.Nodes[0].Description = "bell \a, invalid \xff"
	if out := writeModel(t, m); !bytes.Contains(out, []byte("<comment>bell \uFFFD, invalid \uFFFD</comment>")) {
		t.Errorf("control character and invalid UTF-8 not replaced:\n%s", out)
	} else {
		readBack(t, out)
	}
}

// TestWritePositions checks the rectangle written for each centre and the
// centre Read takes from it: whole and half units come back exactly, other
// centres at the nearest half unit, and centres GeNIe cannot hold are left
// out.
func TestWritePositions(t *testing.T) {
	cases := []struct {
		x, y float64
		rect string // "" for none
		back *model.Point
	}{
		{110, 60, "74 42 146 78", &model.Point{X: 110, Y: 60}},
		{94.5, 137, "58 119 131 155", &model.Point{X: 94.5, Y: 137}}, // genie-AsiaDiagnosis: 44 120 145 154
		{-3.5, -0.5, "-40 -19 33 18", &model.Point{X: -3.5, Y: -0.5}},
		{0, 0, "-36 -18 36 18", &model.Point{X: 0, Y: 0}},
		{0.1, 10.3, "-36 -8 36 29", &model.Point{X: 0, Y: 10.5}},
		{123.456787109375, -7.76, "87 -26 160 10", &model.Point{X: 123.5, Y: -8}},
		{2.25, -2.25, "-34 -21 39 16", &model.Point{X: 2.5, Y: -2.5}}, // halfway: away from zero, as math.Round
		{1e9, -1e9, "999999964 -1000000018 1000000036 -999999982", &model.Point{X: 1e9, Y: -1e9}},
		{1e9 + 1, 0, "", nil},
		{math.NaN(), 0, "", nil},
		{0, math.Inf(-1), "", nil},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.x, c.y), func(t *testing.T) {
			m := chain(t, "A", "B", "C")
			m.Nodes[1].Position = &model.Point{X: c.x, Y: c.y}
			out := writeModel(t, m)
			if c.rect != "" && !bytes.Contains(out, []byte("<position>"+c.rect+"</position>")) {
				t.Errorf("no <position>%s</position> in\n%s", c.rect, out)
			}
			if c.rect == "" && bytes.Contains(out, []byte("<position>")) {
				t.Errorf("a position written for (%v, %v):\n%s", c.x, c.y, out)
			}
			got := readBack(t, out).Nodes[1].Position
			if (got == nil) != (c.back == nil) || got != nil && *got != *c.back {
				t.Errorf("read back %v, want %v", got, c.back)
			}
		})
	}
}

// TestWriteSubmodelPosition checks that a group's submodel is drawn at the
// middle of its members, and without a position when none has one.
func TestWriteSubmodelPosition(t *testing.T) {
	m := chain(t, "A", "B", "C")
	for v := range m.Nodes {
		m.Nodes[v].Group = "G"
	}
	out := writeModel(t, m)
	if bytes.Contains(out, []byte("<position>")) {
		t.Errorf("positions written for nodes without:\n%s", out)
	}
	m.Nodes[0].Position = &model.Point{X: 100, Y: 0}
	m.Nodes[2].Position = &model.Point{X: 300, Y: 51}
	out = writeModel(t, m)
	if want := "<name>G</name>\n\t\t\t\t<interior color=\"e5f6f7\" />\n\t\t\t\t<outline color=\"000080\" />\n\t\t\t\t<font color=\"000000\" name=\"Arial\" size=\"8\" />\n\t\t\t\t<position>164 7 236 44</position>\n"; !bytes.Contains(out, []byte(want)) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	sameDocumentation(t, readBack(t, out), m)
}

// TestWriteOrder checks that parents are written before their children
// whatever the network's order, and that the network's order is kept where
// it allows.
func TestWriteOrder(t *testing.T) {
	n, err := network.New([]network.VariableSpec{
		{Name: "Z", States: []string{"z"}, Parents: []string{"Y", "X"}, CPT: []float64{1, 1, 1, 1}},
		{Name: "W", States: []string{"w"}, CPT: []float64{1}},
		{Name: "Y", States: []string{"y", "n"}, Parents: []string{"X"}, CPT: []float64{0.5, 0.5, 0.25, 0.75}},
		{Name: "X", States: []string{"y", "n"}, CPT: []float64{0.1, 0.9}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(n)
	out := writeModel(t, m)
	back := readBack(t, out)
	if got := names(back.Net, []int{0, 1, 2, 3}); !slices.Equal(got, []string{"W", "X", "Y", "Z"}) {
		t.Errorf("written in the order %q", got)
	}
	sameNetwork(t, back.Net, m.Net)
	samePosteriors(t, back, m)
	if again := writeModel(t, back); !bytes.Equal(again, out) {
		t.Error("second Write differs from the first")
	}
}

// TestWriteTitle checks the <smile> id made of the title, and that a model
// without a title is written as one titled by that id, so that writing it
// again gives the same bytes.
func TestWriteTitle(t *testing.T) {
	for _, c := range []struct{ title, id, name string }{
		{"US–Iran standoff", "US_Iran_standoff", "US–Iran standoff"},
		{"Asia (chest clinic)", "Asia_chest_clinic", "Asia (chest clinic)"},
		{"2024 review", "Network_2024_review", "2024 review"},
		{"__x__", "Network___x__", "__x__"},
		{"", "Network", "Network"},
		{" \t", "Network", "Network"},
		{"ünïcödé", "n_c_d", "ünïcödé"},
	} {
		m := chain(t, "A", "B", "C")
		m.Title = c.title
		out := writeModel(t, m)
		want := fmt.Sprintf(`<smile version="1.0" id="%s" numsamples="10000" discsamples="10000">`, c.id)
		if !bytes.Contains(out, []byte(want)) || !bytes.Contains(out, []byte(`app="Brink" name="`+c.name+`">`)) {
			t.Errorf("title %q: want id %q and name %q in\n%s", c.title, c.id, c.name, out)
		}
		back := readBack(t, out)
		if want := strings.TrimSpace(c.title); want != "" && back.Title != c.title || want == "" && back.Title != c.id {
			t.Errorf("title %q read back as %q", c.title, back.Title)
		}
		if again := writeModel(t, back); !bytes.Equal(again, out) {
			t.Errorf("title %q: second Write differs from the first", c.title)
		}
	}
}

// TestWriteSubmodelIDs checks that submodel ids are unique and differ from
// the node ids.
func TestWriteSubmodelIDs(t *testing.T) {
	m := chain(t, "Risk", "Risk_2", "C")
	m.Nodes[0].Group = "Risk"
	m.Nodes[1].Group = "risk?"
	m.Nodes[2].Group = "Risk!"
	out := writeModel(t, m)
	for _, want := range []string{`<submodel id="Risk_3">`, `<submodel id="risk">`, `<submodel id="Risk_4">`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	sameDocumentation(t, readBack(t, out), m)
}

// TestWriteRefused checks the models Write cannot write and a writer that
// fails.
func TestWriteRefused(t *testing.T) {
	empty, err := network.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		m    *model.Model
		want string
	}{
		{"nil", nil, "xdsl: the model has no network"},
		{"no network", &model.Model{Title: "t"}, "xdsl: the model has no network"},
		{"no variables", model.New(empty), "xdsl: the network has no variables, and an XDSL file needs at least one"},
	} {
		if err := Write(&bytes.Buffer{}, c.m); err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	boom := errors.New("disk full")
	err = Write(failingWriter{boom}, chain(t, "A", "B", "C"))
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "xdsl: ") {
		t.Errorf("error %v, want xdsl: disk full", err)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestWriteShortDocumentation checks a model with fewer node documents
// than variables, which Write must not index past.
func TestWriteShortDocumentation(t *testing.T) {
	m := chain(t, "A", "B", "C")
	m.Nodes = m.Nodes[:1]
	m.Nodes[0].Label = "first"
	back := readBack(t, writeModel(t, m))
	if back.Nodes[0].Label != "first" || back.Nodes[2].Label != "" {
		t.Errorf("labels %q, %q", back.Nodes[0].Label, back.Nodes[2].Label)
	}
}

// TestWriteLargeTable checks a table larger than the encoder's buffer:
// 5^6 parent configurations of a node with five states.
func TestWriteLargeTable(t *testing.T) {
	states := []string{"a", "b", "c", "d", "e"}
	var specs []network.VariableSpec
	var parents []string
	for i := range 6 {
		name := fmt.Sprintf("P%d", i)
		specs = append(specs, network.VariableSpec{Name: name, States: states, CPT: []float64{0.1, 0.2, 0.3, 0.15, 0.25}})
		parents = append(parents, name)
	}
	cpt := make([]float64, 5*15625)
	for i := range cpt {
		cpt[i] = float64(i%5+1) / 15
	}
	specs = append(specs, network.VariableSpec{Name: "Child", States: states, Parents: parents, CPT: cpt})
	n, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(n)
	out := writeModel(t, m)
	sameNetwork(t, readBack(t, out).Net, n)
}

// FuzzWrite checks that whatever Read accepts, Write either refuses with
// an *idError (ids that are not XDSL ids, as other tools write them) or
// writes a file that reads back as the same network and documentation,
// and that writing it again gives the same bytes.
func FuzzWrite(f *testing.F) {
	f.Add([]byte(doc(nodeA, nodeB)))
	f.Add([]byte(doc(nodeA, `<deterministic id="B">`+states+`<parents>A</parents><resultingstates>b1 b2</resultingstates></deterministic>`)))
	f.Add([]byte(doc(`<cpt id="A, B"><state id="x"/><probabilities>1</probabilities></cpt>`)))
	f.Add([]byte(strings.Replace(doc(nodeA, nodeB), "</smile>", `<extensions><genie name="a\\nb &amp; c"><comment>x\\y</comment>
<node id="A"><name>line\nbreak</name><position>0 0 1 3</position></node>
<submodel id="S"><name>Sub</name><node id="B"><comment>&#x9;</comment><position>-1e3 2.5 7 1e2</position></node></submodel>
</genie></extensions></smile>`, 1)))
	f.Add([]byte(doc(nodeA, noisyN+`<strengths>1 0</strengths><parameters>0 1 0.8 0.2 0.1 0.9</parameters></noisymax>`)))
	if data, err := os.ReadFile(filepath.Join("testdata", "noisymax.xdsl")); err == nil {
		f.Add(data)
	}
	for _, name := range []string{"genie-AsiaDiagnosis.xdsl", "genie-benefits.xdsl"} {
		path, ok := shared.Path("interop", name)
		if !ok {
			break
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _, err := Read(data, "fuzz.xdsl", limits.Limits{})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, m); err != nil {
			var ie *idError
			if !errors.As(err, &ie) {
				t.Fatalf("Write refused a model Read gave: %v", err)
			}
			return
		}
		back, _, err := Read(buf.Bytes(), "written.xdsl", limits.Limits{})
		if err != nil {
			t.Fatalf("reading Write's output: %v\n%s", err, buf.Bytes())
		}
		sameNetwork(t, back.Net, m.Net)
		for v := range m.Nodes {
			w, _ := back.Net.Index(m.Net.Name(v))
			g, d := back.Nodes[w], m.Nodes[v]
			if g.Label != d.Label || g.Description != d.Description || g.Group != d.Group {
				t.Fatalf("node %s: %q %q %q, want %q %q %q", m.Net.Name(v), g.Label, g.Description, g.Group, d.Label, d.Description, d.Group)
			}
		}
		var again bytes.Buffer
		if err := Write(&again, back); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Fatalf("second Write differs from the first (%v)", err)
		}
	})
}

// ExampleWrite writes a two-node model for GeNIe.
func ExampleWrite() {
	n, err := network.New([]network.VariableSpec{
		{Name: "Rain", States: []string{"yes", "no"}, CPT: []float64{0.2, 0.8}},
		{Name: "Wet", States: []string{"yes", "no"}, Parents: []string{"Rain"}, CPT: []float64{0.9, 0.1, 0.1, 0.9}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := model.New(n)
	m.Title = "Rain & wet grass"
	m.Nodes[1] = model.Node{Label: "Wet grass", Description: "Seen at dawn.\nNo sprinkler.", Position: &model.Point{X: 140, Y: 120}}
	if err := Write(os.Stdout, m); err != nil {
		fmt.Println(err)
	}

	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <smile version="1.0" id="Rain_wet_grass" numsamples="10000" discsamples="10000">
	// 	<nodes>
	// 		<cpt id="Rain">
	// 			<state id="yes" />
	// 			<state id="no" />
	// 			<probabilities>0.2 0.8</probabilities>
	// 		</cpt>
	// 		<cpt id="Wet">
	// 			<state id="yes" />
	// 			<state id="no" />
	// 			<parents>Rain</parents>
	// 			<probabilities>0.9 0.1 0.1 0.9</probabilities>
	// 		</cpt>
	// 	</nodes>
	// 	<extensions>
	// 		<genie version="1.0" app="Brink" name="Rain &amp; wet grass">
	// 			<node id="Rain">
	// 				<name>Rain</name>
	// 				<interior color="e5f6f7" />
	// 				<outline color="000080" />
	// 				<font color="000000" name="Arial" size="8" />
	// 			</node>
	// 			<node id="Wet">
	// 				<name>Wet grass</name>
	// 				<interior color="e5f6f7" />
	// 				<outline color="000080" />
	// 				<font color="000000" name="Arial" size="8" />
	// 				<position>104 102 176 138</position>
	// 				<comment>Seen at dawn.\nNo sprinkler.</comment>
	// 			</node>
	// 		</genie>
	// 	</extensions>
	// </smile>
}
