package xmlbif

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// FuzzRead checks that Read never panics or hangs, that every
// error and warning it returns is positioned, and that whatever it accepts
// survives Write and Read unchanged and without warnings, with Write's
// output stable.
func FuzzRead(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte(doc(vars + defA + defB("0.1 0.9 0.6 0.3"))))
	f.Add([]byte(doc(vars + defA + defB("0.1 0.9 0.6 0.405"))))
	f.Add([]byte(doc(vars + "<DEFINITION><FOR>a</FOR><GIVEN>b</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>\n" + defB("1 0 0 1"))))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"latin1\"?>\n<BIF><NETWORK><VARIABLE><NAME>\xe9</NAME><OUTCOME>a</OUTCOME><OUTCOME>b</OUTCOME></VARIABLE>" +
		"<PROBABILITY><FOR>\xe9</FOR><TABLE>0.333333 0.666666</TABLE></PROBABILITY></NETWORK></BIF>"))
	f.Add([]byte(doc("<VARIABLE><NAME>Age, years</NAME><OUTCOME>cafe\u0301</OUTCOME><OUTCOME>x=1</OUTCOME><PROPERTY><a><b/></a></PROPERTY></VARIABLE>\n" +
		"<DEFINITION><FOR>Age, years</FOR><TABLE>1e-400 1</TABLE></DEFINITION>\n")))
	f.Add([]byte(doc(vars + `<VARIABLE TYPE="decision"><NAME>d</NAME><OUTCOME>go</OUTCOME><OUTCOME>stay</OUTCOME></VARIABLE>` +
		`<VARIABLE TYPE="utility"><NAME>u, v</NAME><OUTCOME>0</OUTCOME><PROPERTY>position = (1, 2)</PROPERTY></VARIABLE>` + "\n" +
		defA + defB("1 0 0 1") + "<DEFINITION><FOR>d</FOR><GIVEN>a</GIVEN><TABLE>1 0 0.5 0.5</TABLE></DEFINITION>\n" +
		"<DEFINITION><FOR>u, v</FOR><GIVEN>d</GIVEN><GIVEN>b</GIVEN><TABLE>1 -2 3.5 1e300</TABLE></DEFINITION>\n")))
	if dir, ok := shared.Dir(); ok {
		for _, name := range []string{
			"interop/javabayes-car-starts.xml",
			"interop/samiam-sachs.xml",
			"interop/pyagrum-BN_with_name.bifxml",
			"interop/agrum-insurance.bifxml",
			"interop/unsupported/agrum-OilWildcatter-influence-diagram.xml",
		} {
			if data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, warnings, err := Read(data, "f.xml", limits.Limits{})
		if err != nil {
			for _, e := range diag.Flatten(err) {
				var de *diag.Error
				if !errors.As(e, &de) || de.Pos.File != "f.xml" {
					t.Fatalf("error %v is not a *diag.Error in f.xml", e)
				}
			}
			if m != nil || warnings != nil {
				t.Fatal("a model or warnings with an error")
			}
			return
		}
		for _, w := range warnings {
			if !strings.HasPrefix(w, "f.xml:") {
				t.Fatalf("warning %q is not positioned in f.xml", w)
			}
		}
		var out1 bytes.Buffer
		if err := Write(&out1, m); err != nil {
			t.Fatalf("Write refused what Read accepted: %v", err)
		}
		m2, warnings, err := Read(out1.Bytes(), "out.xml", limits.Limits{})
		if err != nil {
			t.Fatalf("Read refused what Write wrote: %v\n%s", err, out1.Bytes())
		}
		if len(warnings) > 0 {
			t.Fatalf("Read warned about what Write wrote: %q\n%s", warnings, out1.Bytes())
		}
		if !reflect.DeepEqual(m.Net.Specs(), m2.Net.Specs()) || !samePositions(m, m2) || !sameRoles(m, m2) {
			t.Fatalf("Write and Read changed the model:\n%s", out1.Bytes())
		}
		if len(m.Utilities) != len(m2.Utilities) {
			t.Fatalf("Write and Read changed the utilities:\n%s", out1.Bytes())
		}
		for k, u := range m.Utilities {
			u2 := m2.Utilities[k]
			if u.ID != u2.ID || !reflect.DeepEqual(u.Parents, u2.Parents) || !reflect.DeepEqual(u.Table, u2.Table) ||
				!reflect.DeepEqual(u.Position, u2.Position) || u.Description != u2.Description {
				t.Fatalf("Write and Read changed utility %d, %+v to %+v:\n%s", k, u, u2, out1.Bytes())
			}
		}
		var out2 bytes.Buffer
		if err := Write(&out2, m2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatalf("Write's output is not stable:\n%s\n%s", out1.Bytes(), out2.Bytes())
		}
	})
}

// sameRoles reports whether two models mark the same variables as
// decisions.
func sameRoles(a, b *model.Model) bool {
	for v := range a.Nodes {
		if (a.Nodes[v].Role == model.RoleDecision) != (b.Nodes[v].Role == model.RoleDecision) {
			return false
		}
	}
	return true
}
