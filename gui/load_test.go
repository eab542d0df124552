package gui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// wsState is what the analyst sees of the open model, for checking that a
// failed or abandoned open changed none of it.
type wsState struct {
	path, title, evidence string
	dirty, canUndo        bool
	pos                   model.Point
}

func stateOfWS(win *Window, ws *workspace.Workspace) wsState {
	return wsState{path: ws.Path(), title: win.w.Title(), evidence: ws.Evidence().String(),
		dirty: ws.Dirty(), canUndo: ws.CanUndo(), pos: ws.Position(0)}
}

// makeChanges gives ws findings, undo history and an unsaved change.
func makeChanges(t *testing.T, ws *workspace.Workspace) {
	t.Helper()
	xray, yes, _ := ws.Network().Lookup("xray", "yes")
	if err := ws.SetState(xray, yes); err != nil {
		t.Fatal(err)
	}
	if err := ws.MoveNode(0, model.Point{X: 5, Y: 7}); err != nil {
		t.Fatal(err)
	}
	if !ws.Dirty() || !ws.CanUndo() {
		t.Fatal("setup made no changes")
	}
}

// dialogTexts returns the label texts of the top overlay (a dialog), or
// nil when there is none.
func dialogTexts(win *Window) []string {
	overlays := win.w.Canvas().Overlays().List()
	if len(overlays) == 0 {
		return nil
	}
	var texts []string
	for _, o := range test.LaidOutObjects(overlays[len(overlays)-1]) {
		switch o := o.(type) {
		case *widget.Label:
			texts = append(texts, o.Text)
		case *widget.Button:
			texts = append(texts, "["+o.Text+"]")
		}
	}
	return texts
}

func TestOpenLoadsInBackground(t *testing.T) {
	win, ws := openAsia(t)
	q := useQueue(t, win)
	path := copyModel(t, "../models/us-iran.toml")
	win.openPath(path)
	if !strings.HasSuffix(ws.Path(), "asia.toml") || win.loading == nil {
		t.Fatal("the file was opened on the UI goroutine")
	}
	q.until("the open", func() bool { return win.loading == nil })
	if ws.Path() != path || ws.Dirty() || !strings.Contains(win.w.Title(), "us-iran.toml") {
		t.Errorf("after opening: path %q dirty %v title %q", ws.Path(), ws.Dirty(), win.w.Title())
	}
	n := ws.Network().NumVariables()
	for _, e := range win.outcomes.entries {
		if e.v >= n {
			t.Fatalf("the outcome panel shows node %d of the old model", e.v)
		}
	}
	if r := win.recentFiles(); len(r) == 0 || r[0] != path {
		t.Errorf("recent files %v", r)
	}
	// A quick load shows no progress dialog, even when its timer fires.
	time.Sleep(progressDelay + 100*time.Millisecond)
	q.settle(win)
	if texts := dialogTexts(win); texts != nil {
		t.Errorf("a dialog is shown: %q", texts)
	}
}

func TestFailedOpenKeepsModelAndChanges(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("title = \"x\"\n[[node]]\nid = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		want       string // in the error dialog
	}{
		{"parse error", bad, bad + ":3:"},
		{"missing file", filepath.Join(dir, "none.toml"), "none.toml"},
		{"unknown format", copyModel(t, "../go.mod"), "unknown model format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			win, ws := openAsia(t)
			q := useQueue(t, win)
			makeChanges(t, ws)
			before := stateOfWS(win, ws)
			win.openPath(tc.path)
			q.until("the load to fail", func() bool { return win.loading == nil })
			if after := stateOfWS(win, ws); after != before {
				t.Errorf("state changed:\n%+v\nwas\n%+v", after, before)
			}
			texts := strings.Join(dialogTexts(win), "\n")
			if !strings.Contains(texts, tc.want) {
				t.Errorf("error dialog %q lacks %q", texts, tc.want)
			}
			if err := ws.Undo(); err != nil || ws.Evidence().Len() != 0 {
				t.Errorf("undo after the failed open: %v, findings %s", err, ws.Evidence())
			}
		})
	}
}

func TestLoadFilePhases(t *testing.T) {
	path := copyModel(t, "../models/asia.toml")
	var phases []string
	p, err := loadFile(context.Background(), path, func(s string) { phases = append(phases, s) })
	if err != nil || p == nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	want := []string{"Reading asia.toml (" + byteCount(fi.Size()) + ")…", "Checking the model…", "Compiling…"}
	if !slices.Equal(phases, want) {
		t.Errorf("phases %q, want %q", phases, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	phases = nil
	if _, err := loadFile(ctx, path, func(s string) { phases = append(phases, s) }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled load: %v", err)
	}
	if len(phases) != 1 {
		t.Errorf("a cancelled load went on to %q", phases)
	}
}

// TestLoadFileLimits checks that the window's loader applies the file
// size limit formats.Load does (BRINK_MAX_FILE_MB): a file over it is
// refused from its size before it is read.
func TestLoadFileLimits(t *testing.T) {
	path := copyModel(t, "../models/asia.toml") // 4.7 kB
	t.Setenv(limits.EnvMaxFileMB, "0.001")      // 1,048 bytes
	var phases []string
	_, err := loadFile(context.Background(), path, func(s string) { phases = append(phases, s) })
	if !errors.Is(err, diag.ErrTooLarge) || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want a too-large error naming the file", err)
	}
	if len(phases) != 0 {
		t.Errorf("the file was read: %q", phases)
	}
	data, err := readFile(context.Background(), path, 100)
	if err != nil || len(data) != 101 {
		t.Errorf("readFile with limit 100 read %d bytes, %v; want 101", len(data), err)
	}
}

func TestByteCount(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"}, {812, "812 bytes"}, {4732, "4.73 kB"}, {12_000_000, "12 MB"}, {12_345_678, "12.3 MB"}, {3e9, "3 GB"},
	} {
		if got := byteCount(tc.n); got != tc.want {
			t.Errorf("byteCount(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// tapDialogButton taps the button labelled text in the top dialog.
func tapDialogButton(t *testing.T, win *Window, text string) {
	t.Helper()
	overlays := win.w.Canvas().Overlays().List()
	if len(overlays) > 0 {
		for _, o := range test.LaidOutObjects(overlays[len(overlays)-1]) {
			if b, ok := o.(*widget.Button); ok && b.Text == text {
				test.Tap(b)
				return
			}
		}
	}
	t.Fatalf("no button %q in %q", text, dialogTexts(win))
}

func TestOpenRecentAsksFirst(t *testing.T) {
	win, ws := openAsia(t)
	q := useQueue(t, win)
	makeChanges(t, ws)
	path := copyModel(t, "../models/us-iran.toml")
	win.openRecent(path)
	if win.loading != nil {
		t.Fatal("loading began before the analyst agreed to discard the changes")
	}
	if texts := strings.Join(dialogTexts(win), "\n"); !strings.Contains(texts, "unsaved changes") {
		t.Fatalf("dialog %q", texts)
	}
	tapDialogButton(t, win, "No")
	if win.loading != nil || ws.Path() == path {
		t.Fatal("No opened the file")
	}
	win.openRecent(path)
	tapDialogButton(t, win, "Yes")
	q.until("the open", func() bool { return win.loading == nil })
	if ws.Path() != path || ws.Dirty() {
		t.Errorf("path %q dirty %v", ws.Path(), ws.Dirty())
	}
}
