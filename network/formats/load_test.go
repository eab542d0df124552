package formats

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// tinyBIF is a valid BIF file of 85 bytes.
const tinyBIF = "variable a { type discrete [ 2 ] { y, n }; }\nprobability ( a ) { table 0.25, 0.75; }\n"

// influenceDiagrams are the files of shared/interop/unsupported that hold
// influence diagrams, which are read now, with their numbers of decisions
// and of utilities.
var influenceDiagrams = map[string][2]int{
	"agrum-OilWildcatter-influence-diagram.xml": {2, 2},
	"hugin-mildew3-influence-diagram.net":       {2, 2},
	"genie-Pinball-influence-diagram.xdsl":      {3, 1},
}

// TestInterop loads every file in shared/interop through Load, which must
// read each, and every file in shared/interop/unsupported, which it must
// refuse as unsupported, but for the influence diagrams and the MSBNx
// noisy-MAX file, which it reads.
func TestInterop(t *testing.T) {
	dir, ok := shared.Path("interop")
	if !ok {
		t.Skip("no shared directory (set BRINK_SHARED)")
	}
	for _, sub := range []string{"", "unsupported"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.IsDir() || strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			n++
			t.Run(filepath.Join(sub, e.Name()), func(t *testing.T) {
				doc, err := Load(filepath.Join(dir, sub, e.Name()))
				if sub == "" {
					if err != nil {
						t.Fatal(err)
					}
					if doc.Model.Net.NumVariables() == 0 {
						t.Error("no variables")
					}
					return
				}
				// The MSBNx file's noisy-MAX blocks are read now (package
				// bif), with a warning for N117, which has no block.
				if e.Name() == "msbnx-carpo-noisymax.bif" {
					if err != nil || doc.Model.Net.NumVariables() != 61 || len(doc.Warnings) != 1 {
						t.Errorf("error %v, %d warnings; want the 61 nodes read with one warning", err, len(doc.Warnings))
					}
					return
				}
				// The influence diagrams are read now (packages xmlbif,
				// hugin and xdsl): their decisions and utilities.
				if want, ok := influenceDiagrams[e.Name()]; ok {
					if err != nil {
						t.Fatal(err)
					}
					decisions := 0
					for _, nd := range doc.Model.Nodes {
						if nd.Role == model.RoleDecision {
							decisions++
						}
					}
					if got := [2]int{decisions, len(doc.Model.Utilities)}; got != want || len(doc.Warnings) > 0 {
						t.Errorf("%d decisions and %d utilities, warnings %q; want %d and %d, no warnings", got[0], got[1], doc.Warnings, want[0], want[1])
					}
					return
				}
				if !errors.Is(err, diag.ErrUnsupported) {
					t.Errorf("error %v, want one wrapping diag.ErrUnsupported", err)
				}
			})
		}
		if n == 0 {
			t.Errorf("no files in %s", filepath.Join(dir, sub))
		}
	}
}

// TestLoadWithLimits checks that a file over the size limit is refused
// from its size, before it is read, and that the other limits reach the
// readers.
func TestLoadWithLimits(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny.bif")
	if err := os.WriteFile(path, []byte(tinyBIF), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadWith(path, limits.Limits{}); err != nil {
		t.Fatalf("LoadWith under the defaults: %v", err)
	}
	_, err := LoadWith(path, limits.Limits{FileBytes: 50})
	want := path + ": formats: file size: 85 bytes, more than the limit of 50 bytes (to open it anyway, set BRINK_MAX_FILE_MB to a larger number of megabytes)"
	if err == nil || err.Error() != want || !errors.Is(err, diag.ErrTooLarge) {
		t.Errorf("LoadWith under 50 bytes: %v, want %q", err, want)
	}
	_, err = LoadWith(path, limits.Limits{States: 1})
	if err == nil || !strings.Contains(err.Error(), `tiny.bif:1:39: bif: states of variable "a": 2, more than the limit of 1`) {
		t.Errorf("LoadWith under 1 state: %v", err)
	}
	_, err = ReadWith([]byte(tinyBIF), "tiny.bif", limits.Limits{FileBytes: 50})
	if err == nil || !strings.Contains(err.Error(), "tiny.bif: bif: file size: 85 bytes, more than the limit of 50 bytes") {
		t.Errorf("ReadWith under 50 bytes: %v", err)
	}
}

// TestLoadEnv checks that Load and Read take the file size limit from
// BRINK_MAX_FILE_MB, and refuse to guess at a value they cannot read.
func TestLoadEnv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.bif")
	// 1.5 MiB: over a limit of 1 MiB, under the default.
	data := []byte(tinyBIF + "//" + strings.Repeat("x", 3<<19) + "\n")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(limits.EnvMaxFileMB, "")
	if _, err := Load(path); err != nil {
		t.Fatalf("Load under the defaults: %v", err)
	}
	t.Setenv(limits.EnvMaxFileMB, "1")
	if _, err := Load(path); !errors.Is(err, diag.ErrTooLarge) || !strings.Contains(err.Error(), "more than the limit of 1 MiB") {
		t.Errorf("Load with BRINK_MAX_FILE_MB=1: %v", err)
	}
	if _, err := Read(data, "big.bif"); !errors.Is(err, diag.ErrTooLarge) {
		t.Errorf("Read with BRINK_MAX_FILE_MB=1: %v", err)
	}
	t.Setenv(limits.EnvMaxFileMB, "2")
	if _, err := Load(path); err != nil {
		t.Errorf("Load with BRINK_MAX_FILE_MB=2: %v", err)
	}
	t.Setenv(limits.EnvMaxFileMB, "lots")
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), `BRINK_MAX_FILE_MB="lots" is not a positive number of megabytes`) {
		t.Errorf("Load with BRINK_MAX_FILE_MB=lots: %v", err)
	}
}
