package xdsl

import (
	"bytes"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"brink/internal/shared"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// FuzzRead checks that Read never panics or hangs, that every error it
// gives is positioned inside the input, and that whatever it accepts is a
// consistent model with rows summing to 1. Crashers found are kept in
// testdata/fuzz/FuzzRead and run with the ordinary tests.
func FuzzRead(f *testing.F) {
	f.Add([]byte(doc(nodeA, nodeB)))
	f.Add([]byte(strings.ReplaceAll(doc(nodeA, nodeB), "\n", "\r\n")))
	f.Add([]byte(doc(nodeA, `<deterministic id="B">`+states+`<parents>A</parents><resultingstates>b1 b2</resultingstates></deterministic>`)))
	f.Add([]byte(doc(nodeA, `<decision id="D"><state id="go"/></decision>`, `<utility id="U"><parents>D</parents><utilities>1</utilities></utility>`)))
	f.Add([]byte(doc(nodeA, `<decision id="D"><state id="go"/><state id="stay"/><parents>A</parents></decision>`,
		`<utility id="U"><parents>D A</parents><utilities>1 -2 3.5 1e300</utilities></utility>`, `<utility id="V"><utilities>0</utilities></utility>`)))
	f.Add([]byte(doc(`<cpt id="A"><state id="a1"/><state id="a2"/><parents>B</parents><probabilities>0.5 0.5 0.5 0.5</probabilities></cpt>`,
		`<cpt id="B">`+states+`<parents>A</parents><probabilities>0.5 0.5 0.501 0.5</probabilities></cpt>`)))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<smile id=\"l\"><nodes><!-- caf\xe9 -->" + nodeA +
		"</nodes><extensions><genie name=\"\xe9t\xe9\"><comment>a\\nb</comment><node id=\"A\"><name>\xc0 \xff</name><position>1 2 3 4</position></node>" +
		"<submodel id=\"S\"><name>Sub</name><node id=\"A\"/></submodel></genie></extensions></smile>\n"))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<smile><nodes><cpt id=\"A\"><state id=\"\x93a\x94\"/><probabilities>1</probabilities></cpt></nodes></smile>"))
	f.Add([]byte("\uFEFF<?xml version=\"1.0\"?><smile><nodes><cpt id=\"A\"><state id=\"a\"/><probabilities>1</probabilities></cpt></nodes></smile>"))
	f.Add([]byte(doc(`<cpt id="A, B"><state id="x, y"/><state id="cafe`+"\u0301"+`"/><probabilities>1e-400 1</probabilities></cpt>`,
		`<deterministic id="C"><state id="caf`+"\u00e9"+`"/><parents>A, B</parents><resultingstates>caf`+"\u00e9"+`</resultingstates></deterministic>`)))
	f.Add([]byte(doc(nodeA, noisyN+`<strengths>1 0</strengths><parameters>0 1 0.8 0.2 0.1 0.9</parameters></noisymax>`)))
	f.Add([]byte(doc(nodeA, noisyN+`<strengths>0 0</strengths><parameters>0.8 0.2 0 1 1e-400 1</parameters></noisymax>`)))
	f.Add([]byte(doc(`<noisymax id="N"><state id="y"/><parameters>1</parameters></noisymax>`)))
	if data, err := os.ReadFile("testdata/noisymax.xdsl"); err == nil {
		f.Add(data)
	}
	for _, name := range []string{"genie-AsiaDiagnosis.xdsl", "genie-benefits.xdsl", "unsupported/genie-Pinball-influence-diagram.xdsl"} {
		path, ok := shared.Path("interop", name)
		if !ok {
			break
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The fuzzer's inputs are a few kilobytes; anything near seconds
		// is a hang or a quadratic path, not a slow machine. (A bound of
		// one second gave a false alarm on a loaded machine.)
		t0 := time.Now()
		defer func() {
			if d := time.Since(t0); d > 5*time.Second {
				t.Fatalf("slow: %v", d)
			}
		}()
		m, warnings, err := Read(data, "fuzz.xdsl", limits.Limits{})
		if err != nil {
			if m != nil || warnings != nil {
				t.Fatal("Read returned a model or warnings with an error")
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, e := range diag.Flatten(err) {
				if !strings.Contains(e.Error(), "xdsl: ") {
					t.Fatalf("error without the package prefix: %v", e)
				}
				var de *diag.Error
				if !errors.As(e, &de) {
					t.Fatalf("error is a %T, not a *diag.Error: %v", e, e)
				}
				if p := de.Pos; p.Line < 1 || p.Line > lines || p.Col < 1 || p.Col > len(data)+1 {
					t.Fatalf("position %d:%d outside the input (%d lines, %d bytes): %v", p.Line, p.Col, lines, len(data), e)
				}
			}
			return
		}
		n := m.Net
		if n == nil || len(m.Nodes) != n.NumVariables() {
			t.Fatalf("inconsistent model: net %v, %d node documents", n, len(m.Nodes))
		}
		for _, w := range warnings {
			// "path:line:col: xdsl: message", as Read documents.
			if pos, _, ok := strings.Cut(w, ": xdsl: "); !ok || !strings.HasPrefix(pos, "fuzz.xdsl:") {
				t.Fatalf("warning without prefix and position: %q", w)
			}
		}
		for v := range n.NumVariables() {
			cpt, k := n.CPT(v), n.Card(v)
			for r := 0; r < len(cpt); r += k {
				sum := 0.0
				for _, p := range cpt[r : r+k] {
					sum += p
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Fatalf("%s: row %d sums to %v", n.Name(v), r/k, sum)
				}
			}
		}
		for _, u := range m.Utilities {
			configs := 1
			for _, p := range u.Parents {
				v, ok := n.Index(p)
				if !ok {
					t.Fatalf("utility %s: parent %s is not a variable", u.ID, p)
				}
				configs *= n.Card(v)
			}
			if len(u.Table) != configs || slices.ContainsFunc(u.Table, func(x float64) bool { return math.IsInf(x, 0) || math.IsNaN(x) }) {
				t.Fatalf("utility %s: table %v for %d configurations", u.ID, u.Table, configs)
			}
		}
		// A diagram survives Write and Read, when its ids can be written.
		var out bytes.Buffer
		if len(m.Utilities) == 0 || Write(&out, m) != nil {
			return
		}
		back, _, err := Read(out.Bytes(), "written.xdsl", limits.Limits{})
		if err != nil {
			t.Fatalf("reading Write's output: %v\n%s", err, out.Bytes())
		}
		if len(back.Utilities) != len(m.Utilities) {
			t.Fatalf("Write and Read changed the utilities:\n%s", out.Bytes())
		}
		for k, u := range m.Utilities {
			b := back.Utilities[k]
			if b.ID != u.ID || !slices.Equal(b.Parents, u.Parents) || !slices.Equal(b.Table, u.Table) {
				t.Fatalf("Write and Read changed utility %s: %+v, %+v", u.ID, u, b)
			}
		}
		for v := range n.NumVariables() {
			w, ok := back.Net.Index(n.Name(v))
			if !ok || (m.Nodes[v].Role == model.RoleDecision) != (back.Nodes[w].Role == model.RoleDecision) {
				t.Fatalf("Write and Read changed node %s", n.Name(v))
			}
		}
	})
}
