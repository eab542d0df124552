package modelfile

import (
	"bytes"
	"strings"
	"testing"

	"brink/network/limits"
)

// TestScenarioTitle reads, writes and reads back a scenario's title, and
// keeps files without one (written before titles existed) valid, their
// scenarios reading under their names.
func TestScenarioTitle(t *testing.T) {
	titled := strings.Replace(base, "[[scenario]]\nname = \"s1\"\n", "[[scenario]]\nname = \"s1\"\ntitle = \"Red Sea spark — \\\"quoted\\\"\"\n", 1)
	if titled == base {
		t.Fatalf("the base model's scenario is not where the test expects it:\n%s", base)
	}
	tests := []struct {
		name, file, title, display string
	}{
		{"no title", base, "", "s1"},
		{"title", titled, `Red Sea spark — "quoted"`, `Red Sea spark — "quoted"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, err := Read([]byte(tc.file), "t.toml", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			sc := &m.Scenarios[0]
			if sc.Title != tc.title || sc.DisplayTitle() != tc.display {
				t.Errorf("title %q, shown as %q; want %q, %q", sc.Title, sc.DisplayTitle(), tc.title, tc.display)
			}
			out, err := Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if hasTitle := bytes.Contains(out, []byte("name = \"s1\"\ntitle = ")); hasTitle != (tc.title != "") {
				t.Errorf("written with title key %v, want %v:\n%s", hasTitle, tc.title != "", out)
			}
			back, _, err := Read(out, "back.toml", limits.Limits{})
			if err != nil {
				t.Fatalf("written file does not read back: %v\n%s", err, out)
			}
			if got := back.Scenarios[0].Title; got != tc.title {
				t.Errorf("read back title %q, want %q", got, tc.title)
			}
		})
	}
}
