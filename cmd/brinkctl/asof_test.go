package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// datedAsia writes a copy of models/asia.toml with an as-of date, and a
// horizon unless horizon is "", and returns its path.
func datedAsia(t *testing.T, horizon string) string {
	t.Helper()
	data, err := os.ReadFile(asiaPath)
	if err != nil {
		t.Fatal(err)
	}
	keys := "format = 1\nas_of = \"2026-12-07\"\n"
	if horizon != "" {
		keys += "horizon = \"" + horizon + "\"\n"
	}
	src := strings.Replace(string(data), "format = 1\n", keys, 1)
	if src == string(data) {
		t.Fatal("models/asia.toml has no format = 1 line")
	}
	path := filepath.Join(t.TempDir(), "asia-dated.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestQueryAsOf checks that query's text output starts with the model's
// as-of line, and that --json carries "as_of" and "horizon" as written,
// each only when the model has it.
func TestQueryAsOf(t *testing.T) {
	tests := []struct {
		name, path    string
		line          string // the first line of the text output, "" for none
		asOf, horizon string
	}{
		{"dated, with a horizon", datedAsia(t, "2027-06-07"),
			"As of 7 Dec 2026 · outcomes over 7 Dec 2026 to 7 Jun 2027 (6 months)", "2026-12-07", "2027-06-07"},
		{"dated, no horizon", datedAsia(t, ""), "As of 7 Dec 2026", "2026-12-07", ""},
		{"undated", asiaPath, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, st := brinkctl(t, "query", tc.path)
			if st != 0 {
				t.Fatalf("status %d: %s", st, errs)
			}
			first, _, _ := strings.Cut(out, "\n")
			switch {
			case tc.line != "" && first != tc.line:
				t.Errorf("first line %q, want %q", first, tc.line)
			case tc.line == "" && strings.Contains(out, "As of"):
				t.Errorf("an undated model's output says as of when:\n%s", out)
			}

			out, errs, st = brinkctl(t, "query", tc.path, "--json")
			if st != 0 {
				t.Fatalf("status %d: %s", st, errs)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			for key, want := range map[string]string{"as_of": tc.asOf, "horizon": tc.horizon} {
				raw, ok := got[key]
				switch {
				case want == "" && ok:
					t.Errorf("%q is %s, want it left out", key, raw)
				case want != "" && string(raw) != `"`+want+`"`:
					t.Errorf("%q is %s, want %q", key, raw, want)
				}
			}
			if _, ok := got["marginals"]; !ok {
				t.Errorf("no marginals in %s", out)
			}
		})
	}
}
