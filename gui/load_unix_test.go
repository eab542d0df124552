//go:build unix

package gui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/network/model"
)

// These tests open a named pipe: the load blocks until the test writes
// the model into it, which makes a slow load without a large file.

func mkfifo(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	return path
}

// release writes the asia model into the pipe, ending the read. A
// cancelled load closes the pipe unread, which is not an error here.
func release(t *testing.T, fifo string) {
	t.Helper()
	data, err := os.ReadFile("../models/asia.toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil && !errors.Is(err, syscall.EPIPE) {
		t.Fatal(err)
	}
}

// cancelButton returns the progress dialog's Cancel button, or nil while
// there is no dialog.
func cancelButton(win *Window) *widget.Button {
	if win.loading == nil || win.loading.progress == nil {
		return nil
	}
	return win.loading.cancelBtn
}

func TestOpenSlowShowsProgressAndCancels(t *testing.T) {
	win, ws := openAsia(t)
	q := useQueue(t, win)
	makeChanges(t, ws)
	before := stateOfWS(win, ws)
	fifo := mkfifo(t, "slow.toml")
	win.openPath(fifo)
	if texts := dialogTexts(win); texts != nil {
		t.Errorf("a dialog at once: %q", texts)
	}
	q.until("the progress dialog", func() bool { return cancelButton(win) != nil })
	texts := strings.Join(dialogTexts(win), "\n")
	for _, want := range []string{"Opening slow.toml", "Reading slow.toml…", "[Cancel]"} {
		if !strings.Contains(texts, want) {
			t.Errorf("progress dialog %q lacks %q", texts, want)
		}
	}
	ctx := win.loading.ctx
	test.Tap(cancelButton(win))
	if win.loading != nil || ctx.Err() == nil {
		t.Error("Cancel did not abandon the load")
	}
	if texts := dialogTexts(win); texts != nil {
		t.Errorf("dialog still shown after Cancel: %q", texts)
	}
	release(t, fifo) // a valid model: it must still not be opened
	q.settle(win)
	if after := stateOfWS(win, ws); after != before {
		t.Errorf("state changed:\n%+v\nwas\n%+v", after, before)
	}
	if texts := dialogTexts(win); texts != nil {
		t.Errorf("a dialog after the cancelled load ended: %q", texts)
	}
}

func TestOpenSupersededByAnother(t *testing.T) {
	win, ws := openAsia(t)
	q := useQueue(t, win)
	fifo := mkfifo(t, "slow.toml")
	win.openPath(fifo)
	other := copyModel(t, "../models/us-iran.toml")
	win.openPath(other)
	q.until("the second open", func() bool { return win.loading == nil })
	if ws.Path() != other {
		t.Fatalf("open %q, want %q", ws.Path(), other)
	}
	release(t, fifo)
	q.settle(win)
	if ws.Path() != other {
		t.Errorf("the superseded load replaced the model: %q", ws.Path())
	}
}

// TestOpenAsksAgainAfterChangeDuringLoad: a change made while the file
// was being read is not dropped unasked.
func TestOpenAsksAgainAfterChangeDuringLoad(t *testing.T) {
	for _, answer := range []string{"No", "Yes"} {
		t.Run(answer, func(t *testing.T) {
			win, ws := openAsia(t)
			q := useQueue(t, win)
			fifo := mkfifo(t, "slow.toml")
			win.openPath(fifo)
			if err := ws.MoveNode(1, model.Point{X: 3, Y: 4}); err != nil {
				t.Fatal(err)
			}
			release(t, fifo)
			q.settle(win)
			if ws.Path() == fifo {
				t.Fatal("opened without asking")
			}
			tapDialogButton(t, win, answer)
			if opened := ws.Path() == fifo; opened != (answer == "Yes") {
				t.Errorf("answer %s: opened %v", answer, opened)
			}
			if win.loading != nil {
				t.Error("the load is still pending")
			}
		})
	}
}
