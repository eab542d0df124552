package network_test

import (
	"os/exec"
	"strings"
	"testing"
)

// forbidden lists what the engine must not depend on: the GUI (Fyne and
// brink/gui), cgo, and drawing, fonts and PDF, which are presentation
// (gui/report), and the saving of files (internal/atomicfile,
// internal/modelio), which is the app's and brinkctl's business.
var forbidden = []string{
	"fyne.io/", "brink/gui", "C", "runtime/cgo",
	"gonum.org/v1/plot", "codeberg.org/go-pdf/", "codeberg.org/go-fonts/", "codeberg.org/go-latex/",
	"github.com/go-pdf/", "golang.org/x/image/", "git.sr.ht/~sbinet/gg", "github.com/ajstarks/svgo",
	"github.com/golang/freetype", "image/draw", "image/png", "image/jpeg",
	"brink/internal/atomicfile", "brink/internal/modelio",
}

// TestEngineImportsNoGUI keeps the engine headless and pure: nothing under
// network/ may depend on a forbidden package, and everything must build
// without cgo (brinkctl is built with CGO_ENABLED=0).
func TestEngineImportsNoGUI(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./...")
	cmd.Dir = "."
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if pkg == f || strings.HasPrefix(pkg, f) && (strings.HasSuffix(f, "/") || strings.HasPrefix(pkg, f+"/")) {
				t.Errorf("network/... depends on %s", pkg)
			}
		}
	}
}

// TestBrinkctlIsPureGo keeps the command-line tool buildable without cgo:
// it may use gui/report (drawing, no Fyne) but nothing of Fyne.
func TestBrinkctlIsPureGo(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "brink/cmd/brinkctl")
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "fyne.io/") || pkg == "C" || pkg == "runtime/cgo" {
			t.Errorf("brinkctl depends on %s", pkg)
		}
	}
}
