package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenDialogStartsInRememberedFolder(t *testing.T) {
	win, ws := openAsia(t)
	// First run: nothing remembered; the current file's folder.
	f := win.newOpenForm()
	if want := filepath.Dir(ws.Path()) + string(filepath.Separator); f.entry.Text != want {
		t.Errorf("first run starts at %q, want %q", f.entry.Text, want)
	}
	dir := t.TempDir()
	win.app.Preferences().SetString(openFolderKey, dir)
	f = win.newOpenForm()
	if want := dir + string(filepath.Separator); f.entry.Text != want {
		t.Errorf("starts at %q, want the remembered %q", f.entry.Text, want)
	}
	// A remembered folder that has gone is skipped.
	win.app.Preferences().SetString(openFolderKey, filepath.Join(dir, "gone"))
	if got := openStartDir(win.app.Preferences(), ws.Path(), false); got != filepath.Dir(ws.Path()) {
		t.Errorf("with the remembered folder gone: %q", got)
	}
}

func TestOpenStartDirForShippedModel(t *testing.T) {
	win, _ := openAsia(t)
	// The shipped model is embedded: the working directory's models/
	// (gui/ has none), else home.
	wd := t.TempDir()
	if err := os.Mkdir(filepath.Join(wd, "models"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(wd)
	if got := openStartDir(win.app.Preferences(), "", true); got != filepath.Join(wd, "models") {
		t.Errorf("shipped model: %q, want %q", got, filepath.Join(wd, "models"))
	}
}

func TestOpenTypedPath(t *testing.T) {
	win, ws := openAsia(t)
	q := useQueue(t, win)
	path := copyModel(t, "../models/us-iran.toml")
	f := win.newOpenForm()
	f.form.Show()
	f.entry.SetText(path)
	f.form.Submit()
	q.until("the open", func() bool { return win.loading == nil })
	if ws.Path() != path {
		t.Fatalf("opened %q, want %q", ws.Path(), path)
	}
	if got := win.app.Preferences().String(openFolderKey); got != filepath.Dir(path) {
		t.Errorf("remembered folder %q, want %q", got, filepath.Dir(path))
	}
	if got := win.newOpenForm().entry.Text; got != filepath.Dir(path)+string(filepath.Separator) {
		t.Errorf("next open starts at %q", got)
	}
}

func TestOpenTypedFolderIsRefused(t *testing.T) {
	win, ws := openAsia(t)
	before := ws.Path()
	dir := t.TempDir()
	win.openTyped(dir)
	if win.loading != nil || ws.Path() != before {
		t.Fatal("a folder was opened")
	}
	if texts := strings.Join(dialogTexts(win), "\n"); !strings.Contains(texts, "is a folder") {
		t.Errorf("dialog says %q", texts)
	}
}

// TestOpenRecentRemembersFolder opens a file as File → Open Recent does:
// the open dialog then starts in that file's folder.
func TestOpenRecentRemembersFolder(t *testing.T) {
	win, ws := openAsia(t)
	q := useQueue(t, win)
	path := copyModel(t, "../models/us-iran.toml")
	win.openPath(path)
	q.until("the open", func() bool { return win.loading == nil })
	if ws.Path() != path {
		t.Fatalf("opened %q, want %q", ws.Path(), path)
	}
	if got := win.app.Preferences().String(openFolderKey); got != filepath.Dir(path) {
		t.Errorf("remembered folder %q, want %q", got, filepath.Dir(path))
	}
}
