package gui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/network/formats"
	"brink/network/limits"
)

// loadJob is a file being opened in the background. Its fields are used
// on the UI goroutine only, except ctx.
type loadJob struct {
	path   string
	ctx    context.Context
	cancel context.CancelFunc
	// wasDirty is whether the model had unsaved changes when the open
	// began (the analyst agreed then to discard them).
	wasDirty bool
	// finished is set when the result has arrived.
	finished bool
	phase    *widget.Label
	// progress is the dialog showing phase, nil until the load has taken
	// progressDelay.
	progress  *dialog.CustomDialog
	bar       *widget.ProgressBarInfinite
	cancelBtn *widget.Button
}

// progressDelay is how long a load runs before its progress dialog (with
// its Cancel button) appears; quicker loads show none.
const progressDelay = 300 * time.Millisecond

// openPath opens a file without blocking the window: a goroutine reads,
// checks and compiles it, and the result replaces the open model on the
// UI goroutine, unless the load was cancelled or another file was opened
// meanwhile. A file that fails to load leaves the open model as it was,
// with its findings, history and unsaved changes, and shows every error
// with its position. The caller has already asked about unsaved changes.
func (win *Window) openPath(path string) {
	if win.loading != nil {
		win.loading.stop() // opening another file supersedes it
	}
	ctx, cancel := context.WithCancel(context.Background())
	ld := &loadJob{path: path, ctx: ctx, cancel: cancel, wasDirty: win.ws.Dirty(), phase: widget.NewLabel("")}
	win.loading = ld
	win.goBackground(func() {
		prep, err := loadFile(ctx, path, func(text string) {
			win.ui(func() { ld.phase.SetText(text) })
		})
		win.ui(func() { win.finishLoad(ld, prep, err) })
	})
	time.AfterFunc(progressDelay, func() {
		win.ui(func() {
			if win.loading == ld && !ld.finished && ld.progress == nil {
				win.showLoadProgress(ld)
			}
		})
	})
}

// goBackground runs f on a new goroutine; f hands its results to the UI
// goroutine with win.ui.
func (win *Window) goBackground(f func()) {
	win.background.Add(1)
	go func() {
		defer win.background.Done()
		f()
	}()
}

// loadFile reads, checks and compiles the model at path, telling phase
// what it is doing, under the limits formats.Load applies. It runs off the
// UI goroutine and touches no workspace; when ctx is done it stops at the
// next phase (or chunk of the file) with an error wrapping ctx.Err().
func loadFile(ctx context.Context, path string, phase func(string)) (*workspace.Prepared, error) {
	lim, err := limits.FromEnv()
	if err != nil {
		return nil, err
	}
	lim = lim.Resolved()
	size := ""
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		if err := lim.CheckFileSize(fi.Size()); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err) // refused before reading
		}
		size = " (" + byteCount(fi.Size()) + ")"
	}
	phase(fmt.Sprintf("Reading %s%s…", filepath.Base(path), size))
	data, err := readFile(ctx, path, lim.FileBytes)
	if err != nil {
		return nil, err
	}
	phase("Checking the model…")
	doc, err := formats.ReadWith(data, path, lim)
	if err != nil {
		return nil, err
	}
	phase("Compiling…")
	return workspace.Prepare(ctx, doc)
}

// readFile is os.ReadFile reading at most limit+1 bytes (all of the file
// for a negative limit), so that the format reader refuses a file that
// grew past the limit, and checking ctx between chunks so that a slow or
// large file can be abandoned.
func readFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if limit >= 0 {
		r = io.LimitReader(f, limit+1)
	}
	var buf bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		n := fi.Size()
		if limit >= 0 {
			n = min(n, limit)
		}
		buf.Grow(int(n) + 1)
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		switch _, err := io.CopyN(&buf, r, 1<<20); {
		case errors.Is(err, io.EOF):
			return buf.Bytes(), nil
		case err != nil:
			return nil, err
		}
	}
}

// byteCount writes a file size for the progress dialog: "12 MB",
// "3.4 kB", "812 bytes".
func byteCount(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.3g GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.3g MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.3g kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

// showLoadProgress shows the phase of a load that is taking a while, with
// a Cancel button.
func (win *Window) showLoadProgress(ld *loadJob) {
	ld.bar = widget.NewProgressBarInfinite()
	ld.cancelBtn = widget.NewButton("Cancel", func() { win.cancelLoad(ld) })
	ld.progress = dialog.NewCustomWithoutButtons("Opening "+filepath.Base(ld.path), container.NewVBox(ld.phase, ld.bar), win.w)
	ld.progress.SetButtons([]fyne.CanvasObject{ld.cancelBtn})
	ld.progress.Resize(fyne.NewSize(420, 160))
	ld.progress.Show()
}

// cancelLoad abandons a load: its result, when it comes, is dropped.
func (win *Window) cancelLoad(ld *loadJob) {
	if win.loading == ld {
		win.loading = nil
	}
	ld.stop()
}

// stop cancels the load's work and closes its dialog.
func (ld *loadJob) stop() {
	ld.cancel()
	ld.closeProgress()
}

func (ld *loadJob) closeProgress() {
	if ld.progress != nil {
		ld.bar.Stop()
		ld.progress.Hide()
	}
}

// finishLoad adopts a load's result, or shows why it failed, unless the
// load was cancelled or superseded.
func (win *Window) finishLoad(ld *loadJob, prep *workspace.Prepared, err error) {
	if win.loading != ld {
		return // cancelled, or another file is being opened
	}
	ld.finished = true
	ld.closeProgress()
	if err != nil {
		win.loading = nil
		ld.cancel()
		win.showError(err)
		return
	}
	if !ld.wasDirty && win.ws.Dirty() {
		// The model was changed after the analyst chose to open: ask
		// again rather than drop that change unasked.
		dialog.ShowConfirm("Unsaved changes", "The model was changed while "+filepath.Base(ld.path)+" was being read. Discard the changes and open it?", func(yes bool) {
			if win.loading != ld {
				return
			}
			if yes {
				win.adoptLoad(ld, prep)
				return
			}
			win.loading = nil
			ld.cancel()
		}, win.w)
		return
	}
	win.adoptLoad(ld, prep)
}

// adoptLoad makes a loaded file the open model.
func (win *Window) adoptLoad(ld *loadJob, prep *workspace.Prepared) {
	win.loading = nil
	ld.cancel()
	win.ws.Adopt(prep)
	win.rememberRecent(ld.path)
	win.w.SetMainMenu(win.mainMenu())
	if warnings := win.ws.Warnings(); len(warnings) > 0 {
		dialog.ShowInformation("Opened with warnings", strings.Join(warnings, "\n"), win.w)
	}
}
