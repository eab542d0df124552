package modelfile

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// fuzzLimits are small limits, so that the fuzzer reaches them.
var fuzzLimits = limits.Limits{Nesting: 8, Variables: 6, States: 5, Parents: 3, TableEntries: 40, TotalEntries: 100, Errors: 5}

// FuzzRead feeds arbitrary bytes to the reader. Nothing may panic or hang;
// whatever reads successfully must write, read back and write again to the
// same bytes; and the limits hold:
//
//   - a model read under the small fuzzLimits is within them, so that what
//     a file can make the reader allocate is bounded by the limits (the
//     cheap proxy for memory: under the defaults no input below 1 MB can
//     build more than 2²⁴ CPT entries, 128 MiB);
//   - an error lists at most Errors problems and a line counting the rest;
//   - no message or warning carries a raw control character (names are
//     quoted with their control characters escaped).
func FuzzRead(f *testing.F) {
	f.Add([]byte(base))
	if data, err := os.ReadFile("../../models/asia.toml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("[model]\nformat = 1\n[[node]]\nid = \"a\"\nstates = [{ id = \"x\", label = \"X\" }, \"y\"]\ncpt = [{ p = [1, 0] }]\n"))
	f.Add([]byte("[model]\nformat = 1\n[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\nconfidence = 2.5e1\ncpt = [{ p = [0.25, 0.75] }]\n"))
	f.Add([]byte("[[node]]\nid='''\n'''\n"))
	f.Add([]byte("[model]\nformat = 1\nx = {a={a={a={a={a={a={a={a={a=1}}}}}}}}}\n"))
	f.Add([]byte("[model]\nformat = 1\n[[node]]\nid = \"a\\u001b[31m\"\nstates = [\"x\", \"y\"]\nposition = [nan, 1e-400]\ncpt = [{ p = [0.5, 0.5] }]\n"))
	f.Add([]byte(parentsModel(4)))
	f.Add([]byte(logged))
	f.Add([]byte("[model]\nformat = 1\nas_of = \"2026-12-07\"\nhorizon = \"2027-06-07\"\n[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\ncpt = [{ p = [0.5, 0.5] }]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, warnings, err := Read(data, "fuzz.toml", limits.Limits{})
		checkMessages(t, warnings, err, limits.DefaultErrors)
		if err == nil {
			roundTrip(t, m)
		}
		m, warnings, err = Read(data, "fuzz.toml", fuzzLimits)
		checkMessages(t, warnings, err, fuzzLimits.Errors)
		if err != nil {
			return
		}
		n := m.Net
		if n.NumVariables() > fuzzLimits.Variables {
			t.Fatalf("%d variables read under a limit of %d", n.NumVariables(), fuzzLimits.Variables)
		}
		total := 0
		for v := range n.NumVariables() {
			if n.Card(v) > fuzzLimits.States || len(n.Parents(v)) > fuzzLimits.Parents || len(n.CPT(v)) > fuzzLimits.TableEntries {
				t.Fatalf("variable %q (%d states, %d parents, %d entries) read past the limits", n.Name(v), n.Card(v), len(n.Parents(v)), len(n.CPT(v)))
			}
			total += len(n.CPT(v))
		}
		if total > fuzzLimits.TotalEntries {
			t.Fatalf("%d CPT entries read under a limit of %d", total, fuzzLimits.TotalEntries)
		}
	})
}

func roundTrip(t *testing.T, m *model.Model) {
	first, err := Marshal(m)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	back, _, err := Read(first, "again.toml", limits.Limits{})
	if err != nil {
		t.Fatalf("written file does not read: %v\n%s", err, first)
	}
	second, err := Marshal(back)
	if err != nil {
		t.Fatalf("second marshal: %v", err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("write is not stable:\n%s\n---\n%s", first, second)
	}
}

// checkMessages checks the error and warnings of one read.
func checkMessages(t *testing.T, warnings []string, err error, maxErrors int) {
	t.Helper()
	if len(warnings) > maxErrors+1 {
		t.Fatalf("%d warnings under a limit of %d", len(warnings), maxErrors)
	}
	text := strings.Join(warnings, "\n")
	if err != nil {
		if n := len(diag.Flatten(err)); n > maxErrors+1 {
			t.Fatalf("%d errors under a limit of %d", n, maxErrors)
		}
		text += "\n" + err.Error()
	}
	for _, r := range text {
		if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("raw control character %U in %q", r, text)
		}
	}
}
