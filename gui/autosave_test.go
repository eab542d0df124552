package gui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/internal/recovery"
)

// TestAutosaveAndRecover edits a model, autosaves it, and checks the
// copy is in the store; a second window started on the same store
// offers it, and Recover opens it with the edit and the unsaved mark;
// saving removes the copy.
func TestAutosaveAndRecover(t *testing.T) {
	store := recovery.Store{Dir: filepath.Join(t.TempDir(), "recovery")}
	win, ws := openAsia(t)
	win.EnableAutosave(store, time.Hour)
	smoke, _, _ := ws.Network().Lookup("smoke", "")
	if _, err := ws.RenameNode(smoke, "smoke", "Smoker (edited)"); err != nil {
		t.Fatal(err)
	}
	win.autosaveNow()
	es, err := store.List()
	if err != nil || len(es) != 1 || es[0].Origin != ws.Path() {
		t.Fatalf("after autosave the store holds %+v (%v)", es, err)
	}

	win2, ws2 := openAsia(t)
	win2.EnableAutosave(store, time.Hour)
	var recover *widget.Button
	for _, o := range test.LaidOutObjects(win2.w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Recover" {
			recover = b
		}
	}
	if recover == nil {
		t.Fatalf("no offer to recover: %q", dialogTexts(win2))
	}
	if texts := strings.Join(dialogTexts(win2), " "); !strings.Contains(texts, "Asia") {
		t.Errorf("the offer reads %q, want the model named", texts)
	}
	test.Tap(recover)
	v, _, _ := ws2.Network().Lookup("smoke", "")
	if got := ws2.Model().Label(v); got != "Smoker (edited)" || !ws2.Dirty() || ws2.Path() != ws.Path() {
		t.Fatalf("recovered label %q, dirty %v, path %q (want %q)", got, ws2.Dirty(), ws2.Path(), ws.Path())
	}
	if err := ws2.Save(false); err != nil {
		t.Fatal(err)
	}
	if es, _ := store.List(); len(es) != 0 {
		t.Errorf("after saving the store still holds %+v", es)
	}
}
