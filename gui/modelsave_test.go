package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportModelAsksAndKeepsTheDocument: File → Export → Model first
// says what BIF will leave out, writes only when the analyst agrees, and
// leaves the window on the .toml document with its unsaved mark.
func TestExportModelAsksAndKeepsTheDocument(t *testing.T) {
	win, ws := openAsia(t)
	if err := ws.SaveScenario("unsaved", "", "", nil); err != nil {
		t.Fatal(err)
	}
	doc := ws.Path()
	out := filepath.Join(filepath.Dir(doc), "asia.bif")
	win.exportModel(out)
	texts := strings.Join(dialogTexts(win), "\n")
	if !strings.Contains(texts, "The export will leave out:") || !strings.Contains(texts, "•  3 scenarios (4 findings)") || !strings.Contains(texts, "stays the document of record") {
		t.Errorf("the confirmation says %q", texts)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("exported before the analyst agreed")
	}
	tapDialogButton(t, win, "Export")
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("not exported: %v", err)
	}
	if !strings.HasPrefix(win.w.Title(), "● ") || ws.Path() != doc || !ws.Dirty() {
		t.Errorf("after export: title %q, path %s, dirty %v", win.w.Title(), ws.Path(), ws.Dirty())
	}
	if !strings.Contains(win.status.Text, "asia.bif") {
		t.Errorf("status %q", win.status.Text)
	}
}

// TestSaveAsksBeforeReplacingReadOnly: Save of a read-only file asks, and
// saves only when the analyst agrees.
func TestSaveAsksBeforeReplacingReadOnly(t *testing.T) {
	win, ws := openAsia(t)
	if err := ws.SaveScenario("unsaved", "", "", nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(ws.Path(), 0o444); err != nil {
		t.Fatal(err)
	}
	win.save()
	if texts := strings.Join(dialogTexts(win), "\n"); !strings.Contains(texts, "read-only") {
		t.Fatalf("the question says %q", texts)
	}
	if !ws.Dirty() {
		t.Fatal("saved before the analyst agreed")
	}
	tapDialogButton(t, win, "Yes")
	if ws.Dirty() || strings.HasPrefix(win.w.Title(), "● ") {
		t.Errorf("not saved after agreeing: title %q", win.w.Title())
	}
}
