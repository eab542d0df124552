package modelfile

import (
	"bytes"
	"os"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the reader. Nothing may panic or hang,
// and whatever reads successfully must write, read back and write again
// to the same bytes.
func FuzzRead(f *testing.F) {
	f.Add([]byte(base))
	if data, err := os.ReadFile("../../models/asia.toml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("[model]\nformat = 1\n[[node]]\nid = \"a\"\nstates = [{ id = \"x\", label = \"X\" }, \"y\"]\ncpt = [{ p = [1, 0] }]\n"))
	f.Add([]byte("[model]\nformat = 1\n[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\nconfidence = 2.5e1\ncpt = [{ p = [0.25, 0.75] }]\n"))
	f.Add([]byte("[[node]]\nid='''\n'''\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read(data, "fuzz.toml")
		if err != nil {
			return
		}
		first, err := Marshal(m)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := Read(first, "again.toml")
		if err != nil {
			t.Fatalf("written file does not read: %v\n%s", err, first)
		}
		second, _ := Marshal(back)
		if !bytes.Equal(first, second) {
			t.Fatalf("write is not stable:\n%s\n---\n%s", first, second)
		}
	})
}
