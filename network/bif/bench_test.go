package bif

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRead reads the largest bnlearn files from memory.
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"alarm", "munin", "pathfinder", "barley", "mildew", "diabetes"} {
		data, err := os.ReadFile(filepath.Join(networksDir(b), name+".bif"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := readNet(data, name+".bif"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWrite writes the largest bnlearn networks to memory.
func BenchmarkWrite(b *testing.B) {
	for _, name := range []string{"munin", "mildew", "diabetes"} {
		n, err := ReadFile(filepath.Join(networksDir(b), name+".bif"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := Write(&buf, n); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
