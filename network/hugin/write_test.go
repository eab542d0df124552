package hugin

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/bif"
	"brink/network/limits"
	"brink/network/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// document gives every third node of m a label, a description and a
// position, and m a title and a description, with text that exercises the
// string escapes: quotes, backslashes, line breaks, % and UTF-8.
func document(m *model.Model) {
	m.Title = "Round trip of " + m.Net.Name(0)
	m.Description = "A \"quoted\" word,\na backslash \\n that is not a new line, 50% and ünïcödé."
	for v := range m.Net.NumVariables() {
		if v%3 != 0 {
			continue
		}
		m.Nodes[v].Label = fmt.Sprintf("Node %d: %s", v, m.Net.Name(v))
		m.Nodes[v].Description = fmt.Sprintf("line one of %d\nline two \"%s\" C:\\dir\\", v, m.Net.Name(v))
		m.Nodes[v].Position = &model.Point{X: float64(v) * 10.5, Y: 40 - float64(v%7)*3}
	}
}

func writeModel(t *testing.T, m *model.Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameModel compares what NET carries: the specs float for float, the
// title, the description and each node's label, description and position.
func sameModel(t *testing.T, got, want *model.Model) {
	t.Helper()
	if !reflect.DeepEqual(got.Net.Specs(), want.Net.Specs()) {
		t.Error("specs differ")
	}
	if got.Title != want.Title || got.Description != want.Description {
		t.Errorf("title and description %q, %q; want %q, %q", got.Title, got.Description, want.Title, want.Description)
	}
	for v := range want.Nodes {
		g, w := got.Nodes[v], want.Nodes[v]
		if g.Label != w.Label || g.Description != w.Description || !reflect.DeepEqual(g.Position, w.Position) {
			t.Errorf("node %s: got %q %q %v, want %q %q %v", want.Net.Name(v), g.Label, g.Description, g.Position, w.Label, w.Description, w.Position)
		}
	}
}

// TestRoundTripStandard writes every standard network under 300 KB,
// documented by document, and reads it back: the model must be the same,
// float for float, and writing it again must give the same bytes.
func TestRoundTripStandard(t *testing.T) {
	dir, ok := shared.Path("networks")
	if !ok {
		t.Skip("no shared directory")
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.bif"))
	if err != nil {
		t.Fatal(err)
	}
	tested := 0
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() >= 300<<10 {
			continue
		}
		tested++
		t.Run(strings.TrimSuffix(filepath.Base(path), ".bif"), func(t *testing.T) {
			n, err := bif.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m := model.New(n)
			document(m)
			out := writeModel(t, m)
			back, warnings, err := Read(out, "written.net", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 {
				t.Errorf("warnings on reading Write's output:\n%s", strings.Join(warnings, "\n"))
			}
			sameModel(t, back, m)
			if again := writeModel(t, back); !bytes.Equal(again, out) {
				t.Error("second Write differs from the first")
			}
		})
	}
	if tested < 10 {
		t.Errorf("only %d networks under 300 KB", tested)
	}
}

// TestRoundTripInterop reads each NET file of other tools, writes it and
// reads it back; then writing again must give the same bytes.
func TestRoundTripInterop(t *testing.T) {
	for _, name := range []string{
		"hugin-test2.net", "hugin-alarm.net", "hugin-ChestClinic.net", "samiam-cancer.net",
		"unbbayes-HumanIdentification_eng.net", "unbbayes-ChestClinicNetica.net", "bnlearn-child.net", "bndg-Water.net",
	} {
		t.Run(name, func(t *testing.T) {
			m := readInterop(t, name)
			out := writeModel(t, m)
			back, err := readModel(out, "written.net")
			if err != nil {
				t.Fatal(err)
			}
			sameModel(t, back, m)
			if again := writeModel(t, back); !bytes.Equal(again, out) {
				t.Error("second Write differs from the first")
			}
		})
	}
}

// TestWriteGolden compares Write's output for the documented asia network
// with testdata/asia.golden.net; run with -update to rewrite it, and review
// the difference before accepting it.
func TestWriteGolden(t *testing.T) {
	path, ok := shared.Path("networks", "asia.bif")
	if !ok {
		t.Skip("no shared directory")
	}
	n, err := bif.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(n)
	document(m)
	out := writeModel(t, m)
	golden := filepath.Join("testdata", "asia.golden.net")
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
		t.Errorf("Write(asia) differs from %s:\n%s", golden, out)
	}
}

// TestWriteStrings checks state names and texts that need escapes. State
// names with line breaks, which the row comments once had to keep inside
// the comment, and empty ones are refused by network.New
// (TestNewRefusesStates); a label may still hold a line break.
func TestWriteStrings(t *testing.T) {
	n, err := network.New([]network.VariableSpec{
		{Name: "A", States: []string{"a \"b\"", "c\\d", "e=f", "two lines", "100%"}, CPT: []float64{0.5, 0.125, 0.125, 0.125, 0.125}},
		{Name: "B_2", States: []string{"x", "y"}, Parents: []string{"A"},
			CPT: []float64{0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 1, 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(n)
	m.Nodes[0].Label = "two\nlines"
	m.Nodes[1].Label = "ends in a backslash \\"
	out := writeModel(t, m)
	for _, want := range []string{
		`states = ("a \"b\"" "c\\d" "e=f" "two lines" "100%");`,
		`label = "two\nlines";`,
		`label = "ends in a backslash \\";`,
		"( 0.4 0.6 )\t% A=two lines\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	back, err := readModel(out, "strings.net")
	if err != nil {
		t.Fatal(err)
	}
	sameModel(t, back, m)
}

// TestNewRefusesStates checks that the state names TestWriteStrings once
// wrote never reach Write.
func TestNewRefusesStates(t *testing.T) {
	for _, st := range []string{"", "two\nlines", "a, b"} {
		_, err := network.New([]network.VariableSpec{{Name: "A", States: []string{st, "x"}, CPT: []float64{0.5, 0.5}}})
		if !errors.Is(err, network.ErrBadName) {
			t.Errorf("New with state %q = %v, want ErrBadName", st, err)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	asia := func() *model.Model {
		n, err := network.New([]network.VariableSpec{{Name: "x", States: []string{"a"}, CPT: []float64{1}}})
		if err != nil {
			t.Fatal(err)
		}
		return model.New(n)
	}
	badName, err := network.New([]network.VariableSpec{{Name: "Blood pressure", States: []string{"a"}, CPT: []float64{1}}})
	if err != nil {
		t.Fatal(err)
	}
	nan := asia()
	nan.Nodes[0].Position = &model.Point{X: math.NaN(), Y: 1}
	cases := []struct {
		name string
		m    *model.Model
		want string
	}{
		{"nil model", nil, "hugin: no network to write"},
		{"name with a blank", model.New(badName), `hugin: cannot write the node name "Blood pressure": NET names are letters, digits and underscores`},
		{"NaN position", nan, `hugin: node "x": cannot write the position (NaN, 1)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Write(&bytes.Buffer{}, tc.m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Write = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

type failingWriter struct{}

var errFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errFull }

func TestWriteFailingWriter(t *testing.T) {
	m := readInterop(t, "hugin-ChestClinic.net")
	if err := Write(failingWriter{}, m); !errors.Is(err, errFull) {
		t.Errorf("Write = %v, want %v", err, errFull)
	}
}

// TestNormaliseRow checks that rows are divided by their sum, exactly, and
// that rows already 1 up to rounding are kept as they are, on rows built
// to be awkward: sums a few ulps off 1, large counts, tiny entries after
// large ones, sums that overflow, and pseudo-random rows.
func TestNormaliseRow(t *testing.T) {
	rows := [][]float64{
		{0.48, 0.42, 0.10},
		{1, 1, 1},
		{50, 40, 10, 0},
		{0.333333, 0.333334, 0.333333},
		{0.333333, 0.333333, 0.333333},
		{1e-17, 1},
		{0.1, 0.2, 0.3, 0.4, 1e-300},
		{math.MaxFloat64, math.MaxFloat64},
		{5e-324, 5e-324, 0},
	}
	// Pseudo-random rows from a fixed linear congruential sequence.
	x := uint64(1)
	for range 2000 {
		k := 2 + int(x%9)
		row := make([]float64, k)
		for j := range row {
			x = x*6364136223846793005 + 1442695040888963407
			row[j] = float64(x>>11) / (1 << 53)
			if x%5 == 0 {
				row[j] = 0
			}
		}
		rows = append(rows, row)
	}
	for _, row := range rows {
		orig := append([]float64(nil), row...)
		c := network.CheckRow(orig)
		if c.Sum == 0 {
			continue // refused by the reader, never normalised
		}
		normaliseRow(row, c.Sum)
		for j := range row {
			want := orig[j]
			switch {
			case c.Exact:
			case math.IsInf(c.Sum, 1):
				want = 0.5
			default:
				want = orig[j] / c.Sum
			}
			if row[j] != want {
				t.Errorf("%v: entry %d is %v, want %v", orig, j, row[j], want)
			}
		}
		if !network.CheckRow(row).Exact {
			t.Errorf("%v normalised to %v, which sums to %v", orig, row, network.CheckRow(row).Sum)
		}
	}
}
