package hugin

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"brink/internal/shared"
	"brink/network/limits"
)

// FuzzRead checks that Read never panics or hangs, that every error it
// returns is positioned and speaks for this package, and that whatever it
// accepts survives Write and Read unchanged, with a second Write giving the
// same bytes. The round trip is skipped for networks with large tables,
// which would only slow the fuzzer down; TestRoundTripStandard covers the
// big real networks.
func FuzzRead(f *testing.F) {
	f.Add([]byte(head + potA + "potential (B | A) { data = ((0.1 0.9)(0.2 0.8)); }\n"))
	f.Add([]byte(strings.ReplaceAll(head+potA+"potential (B | A) { data = ((2 2)(1 3)); }\n", "\n", "\r\n")))
	f.Add([]byte("net\n{\n    label = \"T\\\"x\\\\\\n\";\n    HR_Desc = \"a\r\nb\";\n}\nnode A\n{\n    label = \"l\";\n    position = (1 -2.5);\n    states = (\"x y\" \"\");\n    HR_Desc = \"d\";\n}\npotential ( A | ) { data = ( 1E-005 3 ); experience = 1; }\n"))
	f.Add([]byte("decision D { states = (\"a\"); }\nutility U { }\nnode A { states = (\"a\" \"b\"); }\npotential (A | D) { data = ((1 0)(0 1)); }\npotential (U | A) { data = (1 2); }\n"))
	f.Add([]byte(head + "decision D\n{\n    states = (\"go\" \"stay\");\n}\nutility U\n{\n    label = \"u\";\n    position = (1 2);\n}\n" + potA +
		"potential (B | D) { data = ((0.5 0.5)(1 1)); }\npotential (D | A) { data = ((1 0)(1 1)); }\npotential (U | D B) { data = ((1 -2)(3.5 1e300)); }\n"))
	f.Add([]byte("class C { node A { states = (\"a\"); } }\n"))
	f.Add([]byte("node A { states = (a, b); %\" comment\n}\npotential (A) { model_nodes = (); model_data = ( Normal (0, 1) ); data = (0 0); }\n"))
	f.Add([]byte(head + "potential (A | B) { data = ((1 0)(0 1)); }\npotential (B | A) { data = ((1 0)(0 1)); }\n"))
	f.Add([]byte("node cafe\u0301 { states = (\"a, b\" \">=7.5\" \" c \"); }\npotential (caf\u00e9) { data = (3 1e-400 1); }\n"))
	for _, name := range []string{"hugin-ChestClinic.net", "samiam-cancer.net", "unbbayes-HumanIdentification_eng.net", "unbbayes-ChestClinicNetica.net", "bnlearn-child.net"} {
		path, ok := shared.Path("interop", name)
		if !ok {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Wall-clock time, so the limit is generous: on a loaded machine a
		// tiny input has taken half a second. A hang still shows.
		t0 := time.Now()
		defer func() {
			if d := time.Since(t0); d > 2*time.Second {
				t.Fatalf("slow: %v", d)
			}
		}()
		m, _, err := Read(data, "fuzz.net", limits.Limits{})
		if err != nil {
			if m != nil {
				t.Fatal("Read returned a model and an error")
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.net:") || !strings.Contains(line, ": hugin: ") {
					t.Fatalf("error without a position or the package prefix: %q", line)
				}
			}
			return
		}
		size := 0
		for v := range m.Net.NumVariables() {
			size += len(m.Net.CPT(v))
		}
		if size > 1<<16 {
			return
		}
		var out bytes.Buffer
		if err := Write(&out, m); err != nil {
			t.Fatalf("Write of a model that Read accepted: %v", err)
		}
		back, warnings, err := Read(out.Bytes(), "written.net", limits.Limits{})
		if err != nil {
			t.Fatalf("Read of Write's output: %v\n%s", err, out.Bytes())
		}
		if len(warnings) > 0 {
			t.Fatalf("warnings on Write's output: %v\n%s", warnings, out.Bytes())
		}
		if !reflect.DeepEqual(back.Net.Specs(), m.Net.Specs()) {
			t.Fatalf("Write and Read changed the specs:\n%v\n%v", m.Net.Specs(), back.Net.Specs())
		}
		// NET has no place for state labels (states that Read renamed
		// keep their text there); Write leaves them out.
		nodes := slices.Clone(m.Nodes)
		for i := range nodes {
			nodes[i].StateLabels = nil
		}
		if back.Title != m.Title || back.Description != m.Description || !reflect.DeepEqual(back.Nodes, nodes) ||
			!reflect.DeepEqual(back.Utilities, m.Utilities) {
			t.Fatalf("Write and Read changed the documentation:\n%+v\n%+v", m, back)
		}
		var again bytes.Buffer
		if err := Write(&again, back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), out.Bytes()) {
			t.Fatalf("second Write differs:\n%s\n%s", out.Bytes(), again.Bytes())
		}
	})
}
