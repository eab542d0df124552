package bif

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/network"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRoundTrip writes every standard network and reads it back; the specs
// must be identical, float for float.
func TestRoundTrip(t *testing.T) {
	for _, tc := range standardNetworks {
		t.Run(tc.name, func(t *testing.T) {
			n := readTestFile(t, filepath.Join(networksDir(t), tc.name+".bif"))
			var buf bytes.Buffer
			if err := Write(&buf, n); err != nil {
				t.Fatal(err)
			}
			m, err := readNet(buf.Bytes(), tc.name+".bif")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m.Specs(), n.Specs()) {
				t.Error("specs differ after Write and Read")
			}
		})
	}
}

// TestWriteGolden compares Write's output for asia with
// testdata/asia.golden.bif; run with -update to rewrite it, and review the
// difference before committing.
func TestWriteGolden(t *testing.T) {
	n := readTestFile(t, filepath.Join(networksDir(t), "asia.bif"))
	var buf bytes.Buffer
	if err := Write(&buf, n); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "asia.golden.bif")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("Write(asia) differs from %s:\n%s", golden, buf.Bytes())
	}
}

// TestWriteQuotes checks that names needing quotes are written in them
// and read back unchanged. Names that network.New refuses (empty, with a
// ',' in a state) cannot reach Write; TestNewRefusesNames checks that.
func TestWriteQuotes(t *testing.T) {
	specs := []network.VariableSpec{
		{Name: "Blood pressure", States: []string{"<5", "a b", "a//b", "x;y", "(p)"}, CPT: []float64{0.5, 0.125, 0.125, 0.125, 0.125}},
		{Name: "table", States: []string{"default", "property"}, Parents: []string{"Blood pressure"},
			CPT: []float64{0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 1, 0}},
	}
	n, err := network.New(specs)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, n); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`variable "Blood pressure" {`, `{ <5, "a b", "a//b", "x;y", "(p)" }`, `probability ( table | "Blood pressure" ) {`, `("x;y") 0.4, 0.6;`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, buf.String())
		}
	}
	m, err := readNet(buf.Bytes(), "quotes.bif")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Specs(), n.Specs()) {
		t.Errorf("specs differ after Write and Read:\n got %v\nwant %v", m.Specs(), n.Specs())
	}
}

// TestNewRefusesNames checks that the names Write once had to quote but
// network.New now refuses never reach it.
func TestNewRefusesNames(t *testing.T) {
	for _, c := range []struct {
		name   string
		states []string
		want   string
	}{
		{"Blood pressure", []string{"", "b"}, `state "" is empty`},
		{"Blood pressure", []string{"x,y", "b"}, `state "x,y" contains ','`},
		{"a=b", []string{"x", "y"}, `contains '='`},
	} {
		_, err := network.New([]network.VariableSpec{{Name: c.name, States: c.states, CPT: []float64{0.5, 0.5}}})
		if !errors.Is(err, network.ErrBadName) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%q, %q) = %v, want %q", c.name, c.states, err, c.want)
		}
	}
}

func TestWriteUnwritableName(t *testing.T) {
	n, err := network.New([]network.VariableSpec{{Name: `say "hi"`, States: []string{"a"}, CPT: []float64{1}}})
	if err != nil {
		t.Fatal(err)
	}
	err = Write(&bytes.Buffer{}, n)
	if err == nil || !strings.Contains(err.Error(), `bif: cannot write the name "say \"hi\""`) {
		t.Errorf("Write = %v, want an error naming the variable", err)
	}
}

type failingWriter struct{}

var errFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errFull }

func TestWriteError(t *testing.T) {
	n := readTestFile(t, filepath.Join(networksDir(t), "asia.bif"))
	if err := Write(failingWriter{}, n); !errors.Is(err, errFull) {
		t.Errorf("Write = %v, want %v", err, errFull)
	}
}
