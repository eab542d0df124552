package modelfile

import (
	"fmt"
	"testing"

	"brink/internal/hostile"
	"brink/network/limits"
)

// BenchmarkReadRows reads a model whose one node has 25k, 50k and 100k
// CPT rows over two parents, and 100k over five: the cost must grow
// linearly in the rows.
func BenchmarkReadRows(b *testing.B) {
	inputs := []struct {
		name string
		data []byte
	}{
		{"rows=25000", hostile.TOMLRows(25_000)},
		{"rows=50000", hostile.TOMLRows(50_000)},
		{"rows=100000", hostile.TOMLRows(100_000)},
		{"rows=100000/parents=5", hostile.TOMLGrid(5, 10)},
	}
	for _, in := range inputs {
		data := in.data
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := Read(data, "rows.toml", limits.Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadUnknownKeys reads models of 2,000 and 10,000 nodes, each
// with an unknown key: the cost of reporting must grow linearly.
func BenchmarkReadUnknownKeys(b *testing.B) {
	for _, nodes := range []int{2_000, 10_000} {
		data := hostile.TOMLUnknownKeys(nodes)
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := Read(data, "keys.toml", limits.Limits{}); err == nil {
					b.Fatal("no error")
				}
			}
		})
	}
}
