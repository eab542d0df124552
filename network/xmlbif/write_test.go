package xmlbif

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/network"
	"brink/network/bif"
	"brink/network/limits"
	"brink/network/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// maxRoundTripSize bounds the BIF files TestRoundTrip converts, to keep the
// test quick.
const maxRoundTripSize = 300 << 10

// write returns Write's output for m.
func write(t testing.TB, m *model.Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// read reads a document that must be valid.
func read(t testing.TB, data []byte, name string) *model.Model {
	t.Helper()
	m, err := readModel(data, name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// samePositions reports whether two models have the same positions.
func samePositions(a, b *model.Model) bool {
	if len(a.Nodes) != len(b.Nodes) {
		return false
	}
	for i := range a.Nodes {
		p, q := a.Nodes[i].Position, b.Nodes[i].Position
		if (p == nil) != (q == nil) || p != nil && *p != *q {
			return false
		}
	}
	return true
}

// checkRoundTrip writes m, reads it back and writes that again: the
// network must be identical float for float, the positions, title and
// descriptions the same, the second read without warnings, and the two
// outputs byte for byte equal.
func checkRoundTrip(t *testing.T, m *model.Model, name string) {
	t.Helper()
	out1 := write(t, m)
	m2, warnings, err := Read(out1, name, limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("reading what Write wrote gives warnings %q", warnings)
	}
	if !reflect.DeepEqual(m2.Net.Specs(), m.Net.Specs()) {
		t.Error("specs differ after Write and Read")
	}
	if !samePositions(m, m2) {
		t.Error("positions differ after Write and Read")
	}
	if m2.Title != m.Title || m2.Description != m.Description {
		t.Errorf("title %q, description %q after Write and Read; want %q, %q", m2.Title, m2.Description, m.Title, m.Description)
	}
	for v := range m.Nodes {
		if m2.Nodes[v].Description != m.Nodes[v].Description {
			t.Errorf("description of %s: %q after Write and Read, want %q", m.Net.Name(v), m2.Nodes[v].Description, m.Nodes[v].Description)
		}
	}
	if out2 := write(t, m2); !bytes.Equal(out1, out2) {
		t.Error("writing what was read gives different bytes")
	}
}

// TestRoundTrip converts every standard network of up to 300 KB from BIF
// and writes and reads it back, with a position for every node.
func TestRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedFile(t, "networks"), "*.bif"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no networks")
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".bif")
		t.Run(name, func(t *testing.T) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Size() > maxRoundTripSize {
				t.Skipf("%d bytes, more than %d", fi.Size(), maxRoundTripSize)
			}
			n, err := bif.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m := model.New(n)
			for v := range m.Nodes {
				// Coordinates that need all 17 digits.
				m.Nodes[v].Position = &model.Point{X: float64(v) / 3, Y: -math.Pi * float64(v)}
			}
			checkRoundTrip(t, m, name+".xml")
		})
	}
}

// TestRoundTripInterop writes and reads back the files of other tools,
// which carry titles, descriptions and rows that are normalised on reading
// (pyAgrum's six-digit rows, aGrUM's row of insurance that sums to
// 1.000035): reading what was written must not move them again.
func TestRoundTripInterop(t *testing.T) {
	for _, file := range []string{"javabayes-car-starts.xml", "samiam-sachs.xml", "pyagrum-BN_with_name.bifxml", "agrum-insurance.bifxml"} {
		t.Run(file, func(t *testing.T) {
			checkRoundTrip(t, readShared(t, "interop", file), file)
		})
	}
	t.Run("agrum-insurance-repaired", func(t *testing.T) {
		checkRoundTrip(t, read(t, []byte(repairedInsurance(t, true, true)), "insurance.xml"), "insurance.xml")
	})
}

// TestWriteGolden compares Write's output for asia, with a title, a
// description and two positions, with testdata/asia.golden.xml; run with
// -update to rewrite it, and review the difference before committing.
func TestWriteGolden(t *testing.T) {
	n, err := bif.ReadFile(sharedFile(t, "networks", "asia.bif"))
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(n)
	m.Title = "Asia <chest clinic>"
	m.Description = "Lauritzen & Spiegelhalter (1988)"
	m.Nodes[0].Position = &model.Point{X: 40, Y: 20.5}
	m.Nodes[0].Description = "a recent visit to Asia\n(second line)"
	m.Nodes[1].Position = &model.Point{X: -1e-3, Y: 1e21}
	got := write(t, m)
	golden := filepath.Join("testdata", "asia.golden.xml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Write(asia) differs from %s:\n%s", golden, got)
	}
	checkRoundTrip(t, m, "asia.xml")
}

// TestWriteNames checks names that need escaping and names that cannot be
// written.
func TestWriteNames(t *testing.T) {
	build := func(name string, states ...string) *model.Model {
		cpt := make([]float64, len(states))
		for i := range cpt {
			cpt[i] = 1 / float64(len(cpt))
		}
		cpt[0] = 1 - float64(len(cpt)-1)/float64(len(cpt))
		n, err := network.New([]network.VariableSpec{{Name: name, States: states, CPT: cpt}})
		if err != nil {
			t.Fatal(err)
		}
		return model.New(n)
	}
	// Written and read back as they are.
	for _, m := range []*model.Model{
		build(`a<b & "c" 'd'`, "<5", ">=7.5", "x&y", "[1;1.4["),
		build("ünïcödé 😀", "é", "inner\u00a0space", "a=b"),
	} {
		checkRoundTrip(t, m, "names.xml")
	}
	// Names with control characters, spaces at the ends or bytes that are
	// not UTF-8, which Write once had to refuse, no longer reach it:
	// network.New refuses them.
	for _, c := range []struct {
		name   string
		states []string
	}{
		{"tab\tinside", []string{"a"}},
		{"v", []string{"line\nbreak"}},
		{"v", []string{"cr\rinside"}},
		{"v", []string{""}},
		{" padded", []string{"a"}},
		{"v", []string{"b\n"}},
		{"v\x01", []string{"a"}},
		{"v", []string{"\xff"}},
	} {
		_, err := network.New([]network.VariableSpec{{Name: c.name, States: c.states, CPT: []float64{1}}})
		if !errors.Is(err, network.ErrBadName) {
			t.Errorf("New(%q, %q) = %v, want ErrBadName", c.name, c.states, err)
		}
	}
	if err := Write(&bytes.Buffer{}, &model.Model{}); err == nil || !strings.Contains(err.Error(), "xmlbif: the model has no network") {
		t.Errorf("Write of an empty model: error %v", err)
	}
}

// TestRowsExact checks that rows within MaxRowDeviation are made to sum
// to exactly 1, so that writing and reading does not move them, and that
// only those off by more than network.SumTolerance are counted for a
// warning.
func TestRowsExact(t *testing.T) {
	rows := []struct {
		row    []float64
		warned bool
	}{
		{[]float64{0.333333, 0.333333, 0.333333}, false}, // JavaBayes's uniform row, 1e-6 short
		{[]float64{0.48, 0.42, 0.1}, false},              // sums to 1-2⁻⁵³ in float64
		{[]float64{0.1, 0.2, 0.7000001}, false},
		{[]float64{0.2184310, 0.4473238, 0.3342453}, false},
		{[]float64{1e-9, 1 - 1e-9}, false},
		{[]float64{0.9999995}, false},
		{[]float64{0.25, 0.25, 0.25, 0.25, 0.0000005}, false},
		{[]float64{0.98, 0.01, 0.009985, 5e-05}, true}, // aGrUM's insurance, 3.5e-5 over
		{[]float64{0.6, 0.405}, true},
		{[]float64{0.3, 0.3, 0.391}, true},
		{[]float64{0.999}, true},
	}
	for _, c := range rows {
		r := c.row
		row := append([]float64(nil), r...)
		fix := normaliseRows(row, len(row))
		sum := network.CheckRow(r).Sum
		want := rowFix{}
		if c.warned {
			want = rowFix{rows: 1, first: 0, worst: math.Abs(sum - 1)}
			if !network.CheckRow(row).Exact {
				t.Errorf("row %v becomes %v, which sums to %v", r, row, network.CheckRow(row).Sum)
			}
			for j := range row {
				if math.Abs(row[j]-r[j]/sum) > 4e-16 {
					t.Errorf("row %v: entry %d is %v, want about %v", r, j, row[j], r[j]/sum)
				}
			}
		} else if !reflect.DeepEqual(row, r) {
			// network.New divides these silently.
			t.Errorf("row %v within tolerance changed to %v", r, row)
		}
		if fix != want {
			t.Errorf("row %v: normaliseRows says %+v, want %+v", r, fix, want)
		}
	}
	// Rows network.New rejects are left alone.
	for _, r := range [][]float64{{0.5, 0.4}, {0.6, 0.42}, {-0.5, 1.5}, {math.NaN(), 1}, {math.Inf(1), 0}, {0, 0}} {
		row := append([]float64(nil), r...)
		fix := normaliseRows(row, len(row))
		if !reflect.DeepEqual(row, r) && !(math.IsNaN(r[0]) && math.IsNaN(row[0])) {
			t.Errorf("row %v changed to %v", r, row)
		}
		if fix != (rowFix{}) {
			t.Errorf("row %v: normaliseRows says %+v, want nothing done", r, fix)
		}
	}
	// A table counts its rows and reports the first and the worst.
	cpt := []float64{0.5, 0.5, 0.6, 0.405, 0.2, 0.8, 0.3, 0.692, 0.5, 0.6}
	worst := math.Abs(network.CheckRow(cpt[6:8]).Sum - 1) // 0.008, the larger of 0.005 and 0.008
	fix := normaliseRows(cpt, 2)
	if want := (rowFix{rows: 2, first: 1, worst: worst}); fix != want {
		t.Errorf("table: normaliseRows says %+v, want %+v", fix, want)
	}
}
