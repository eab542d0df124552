package hugin

import (
	"io"
	"os"
	"testing"
)

// BenchmarkRead reads bndg-Water.net (224 KB, 10,083 table entries) from
// memory.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(interopPath(b, "bndg-Water.net"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readModel(data, "bndg-Water.net"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite writes the model of bndg-Water.net.
func BenchmarkWrite(b *testing.B) {
	m, err := readFile(interopPath(b, "bndg-Water.net"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}
