package xmlbif

import (
	"io"
	"testing"

	"brink/network/bif"
	"brink/network/model"
)

// hailfinder returns hailfinder (56 variables)
// converted from shared/networks/hailfinder.bif, and its XMLBIF text.
func hailfinder(b *testing.B) (*model.Model, []byte) {
	n, err := bif.ReadFile(sharedFile(b, "networks", "hailfinder.bif"))
	if err != nil {
		b.Fatal(err)
	}
	m := model.New(n)
	return m, write(b, m)
}

func BenchmarkRead(b *testing.B) {
	_, data := hailfinder(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := readModel(data, "hailfinder.xml"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	m, data := hailfinder(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Write(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}
