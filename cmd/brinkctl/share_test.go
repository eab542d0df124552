package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"brink/assets"
	"brink/internal/sharepage"
)

func runShareT(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = runShare(args, &out, &errb)
	return out.String(), errb.String(), err
}

// TestShare writes the flagship's page with two of its scenarios. The
// page itself is tested in a browser by make web-test.
func TestShare(t *testing.T) {
	out := filepath.Join(t.TempDir(), "page.html")
	stdout, stderr, err := runShareT(t, "builtin:us-iran.toml", "-o", out, "--scenario", "red_sea_spark", "--scenario", "baseline")
	if !sharepage.Available() {
		if err == nil || err.Error() != "sharepage: built without the web engine: run make build" {
			t.Fatalf("without the engine: %v", err)
		}
		t.Skip("built without the web engine: make wasm")
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !regexp.MustCompile(`^wrote .*page\.html \(\d\.\d MB\)\n$`).MatchString(stdout) {
		t.Errorf("summary %q", stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) || len(data) >= 10e6 {
		t.Errorf("page of %d bytes starting %.30q", len(data), data)
	}
	page := string(data)
	if !strings.Contains(page, `red_sea_spark`) || strings.Contains(page, `maximum_pressure`) {
		t.Error("the page does not offer exactly the scenarios asked for")
	}
}

// TestShareErrors checks the command line's mistakes.
func TestShareErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no output", []string{"builtin:asia.toml"}, "want -o PAGE.html"},
		{"two models", []string{"a.toml", "b.toml", "-o", "x.html"}, "want exactly one MODEL file, got 2 arguments"},
		{"unknown scenario", []string{"builtin:us-iran.toml", "-o", filepath.Join(dir, "x.html"), "--scenario", "nosuch"},
			`sharepage: the model has no scenario "nosuch"`},
	} {
		_, _, err := runShareT(t, c.args...)
		if !sharepage.Available() && c.name == "unknown scenario" {
			c.want = "sharepage: built without the web engine"
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// TestVersion checks brinkctl --version, which packages and bug reports
// rely on.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		var out, errb bytes.Buffer
		if code := run([]string{arg}, &out, &errb); code != 0 || out.String() != "brinkctl "+assets.Version+"\n" {
			t.Errorf("%s: exit %d, %q %q", arg, code, out.String(), errb.String())
		}
	}
}
