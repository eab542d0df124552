package bif

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network/limits"
)

// fuzzLimits are the limits the fuzz tests read under: the defaults, with
// tables small enough to keep each input fast.
var fuzzLimits = limits.Limits{TableEntries: 1 << 16, TotalEntries: 1 << 18}

// FuzzRead checks that Read never panics or hangs, and that whatever it
// accepts survives Write and Read unchanged. The round trip is skipped for
// networks with large tables (a `default` row can ask for millions of
// entries in a few bytes), which would only slow the fuzzer down;
// TestRoundTrip covers the big real networks.
func FuzzRead(f *testing.F) {
	f.Add([]byte(tiny))
	f.Add([]byte(strings.ReplaceAll(tiny, "\n", "\r\n")))
	f.Add([]byte(head + "probability ( a ) { table 0.5, 0.5; }\nprobability ( b | a ) { (yes) 0.1, 0.9; default 0.2, 0.8; }\n"))
	f.Add([]byte(head + "probability ( \"a\" ) { table 0.5 0.5 ; }\nprobability ( \"b\" \"a\" ) { property \"x = y\" ; table 0.1 0.2 0.9 0.8 ; }\n"))
	f.Add([]byte("network \"N\" { // c\n property \"a\" ;\n}\n/* block */ variable \"x y\" { type discrete[2] { \">=7.5\" \"<5\" }; property \"position = (1, 2)\" ; }\nprobability ( \"x y\" ) { table 5.0E-4 0.9995 ; }\n"))
	f.Add([]byte(head + "probability ( a | a ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }\n"))
	f.Add([]byte(head + "probability ( b | a ) { property function max; (yes) 1, 0; }\n"))
	f.Add([]byte("variable x { type discrete [ 2 ] { a, b }; }\nprobability ( x ) { table 0.333333 0.666667; }\n"))
	f.Add([]byte("variable \"a,b\" { type discrete [ 2 ] { \"x=1\", \" y \" }; }\nprobability ( \"a,b\" ) { table 1e-400, 1; }\n"))
	f.Add([]byte("variable \"cafe\u0301\" { type discrete [ 2 ] { y, n }; }\nprobability ( \"caf\u00e9\" ) { table 0.5, 0.5; }\n"))
	f.Add([]byte(noisyHead + "  (yes, lo) 0.8, 0.15, 0.05;  // Leak term\n  (no, lo) 0.1, 0.3, 0.6;\n  (yes, hi) 0.2, 0.5, 0.3;\n}\n"))
	f.Add([]byte(noisyHead + "  (yes, lo) 1, 0, 0;\n  (no, hi) 0.1, 0.3, 0.6;\n  table 1;\n}\n"))
	if dir, ok := shared.Dir(); ok {
		if data, err := os.ReadFile(filepath.Join(dir, "interop", "unsupported", "msbnx-carpo-noisymax.bif")); err == nil {
			f.Add(append(data, "probability ( N117 ) { table 0.5, 0.5; }\n"...))
		}
		for _, name := range []string{"networks/asia.bif", "networks/child.bif", "interop/javabayes-car-starts.bif"} {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _, err := Read(data, "fuzz.bif", fuzzLimits)
		if err != nil {
			if m != nil {
				t.Fatal("Read returned a model and an error")
			}
			if !strings.Contains(err.Error(), "bif: ") {
				t.Fatalf("error without the package prefix: %v", err)
			}
			return
		}
		n := m.Net
		size := 0
		for v := range n.NumVariables() {
			size += len(n.CPT(v))
		}
		if size > 1<<16 {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, n); err != nil {
			t.Fatalf("Write of a network that Read accepted: %v", err)
		}
		back, err := readNet(buf.Bytes(), "written.bif")
		if err != nil {
			t.Fatalf("Read of Write's output: %v\n%s", err, buf.Bytes())
		}
		if !reflect.DeepEqual(back.Specs(), n.Specs()) {
			t.Fatalf("Write and Read changed the specs:\n%v\n%v", n.Specs(), back.Specs())
		}
	})
}
