package network_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEngineImportsNoGUI keeps the engine headless: nothing under network/
// may depend on Fyne or on brink/gui, and everything must build without
// cgo (brinkctl is built with CGO_ENABLED=0).
func TestEngineImportsNoGUI(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./...")
	cmd.Dir = "."
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "fyne.io") || pkg == "brink/gui" || strings.HasPrefix(pkg, "brink/gui/") || pkg == "C" || pkg == "runtime/cgo" {
			t.Errorf("network/... depends on %s", pkg)
		}
	}
}
