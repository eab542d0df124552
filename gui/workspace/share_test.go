package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/sharepage"
)

// TestWriteSharePage writes the model's page, which carries the model as
// it is now, and says when the current findings are not on it.
func TestWriteSharePage(t *testing.T) {
	w, path := open(t)
	out := filepath.Join(filepath.Dir(path), "asia.html")
	summary, err := w.WriteSharePage(out, nil)
	if !sharepage.Available() {
		if !errors.Is(err, sharepage.ErrNoEngine) {
			t.Fatalf("without the engine: %v", err)
		}
		t.Skip("built without the web engine: make wasm")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(summary, "Shared as a web page: "+out+" (") || strings.Contains(summary, "not on it") {
		t.Errorf("summary %q", summary)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(data), "<!DOCTYPE html>") {
		t.Fatalf("page %.30q, %v", data, err)
	}
	if err := w.SetState(0, 0); err != nil {
		t.Fatal(err)
	}
	if summary, err = w.WriteSharePage(out, nil); err != nil || !strings.Contains(summary, "the current findings are not on it") {
		t.Errorf("with unsaved findings: %q, %v", summary, err)
	}
	if _, err := w.WriteSharePage(out, []string{"nosuch"}); err == nil || !strings.Contains(err.Error(), `no scenario "nosuch"`) {
		t.Errorf("unknown scenario: %v", err)
	}
}
