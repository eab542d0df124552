package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// openFolderKey is the preference holding the folder of the last file
// chosen in the open dialog.
const openFolderKey = "open_folder"

// openForm is the open dialog: a path the analyst can type, or fill in
// with Browse…, which shows Fyne's file dialog in the folder of the path.
//
// Fyne 2.7's file-open dialog takes no typed path (its file name is a
// label) and, on first run, starts in the home folder; hence this form.
type openForm struct {
	entry  *widget.Entry
	form   *dialog.FormDialog
	browse *widget.Button
}

// openDialog asks, after any unsaved changes, which file to open and
// opens it with openPath.
func (win *Window) openDialog() {
	win.confirmDiscard("opening another file", func() { win.newOpenForm().form.Show() })
}

// newOpenForm builds the open dialog, its path the remembered folder.
func (win *Window) newOpenForm() *openForm {
	f := &openForm{entry: widget.NewEntry()}
	dir := openStartDir(win.app.Preferences(), win.ws.Path(), win.ws.Builtin())
	f.entry.SetText(dir + string(filepath.Separator))
	f.entry.SetPlaceHolder("Type a path, or Browse…")
	f.browse = widget.NewButton("Browse…", func() { win.browseForOpen(f) })
	f.form = dialog.NewForm("Open", "Open", "Cancel", []*widget.FormItem{
		widget.NewFormItem("File", container.NewBorder(nil, nil, nil, f.browse, f.entry)),
	}, func(ok bool) {
		if ok {
			win.openTyped(f.entry.Text)
		}
	}, win.w)
	f.entry.OnSubmitted = func(string) { f.form.Submit() }
	f.form.Resize(fyne.NewSize(720, 200))
	return f
}

// openTyped opens the typed path: "~/" is the home folder, a relative path
// is taken from the working directory. A folder or a missing file is
// reported, and nothing is opened.
func (win *Window) openTyped(text string) {
	path := strings.TrimSpace(text)
	if path == "" {
		return
	}
	if rest, ok := strings.CutPrefix(path, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, rest)
		}
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		win.showError(err)
		return
	case fi.IsDir():
		win.showError(fmt.Errorf("%s is a folder; choose a model file in it", path))
		return
	}
	win.app.Preferences().SetString(openFolderKey, filepath.Dir(path))
	win.openPath(path)
}

// browseForOpen shows Fyne's file dialog in the folder of f's path; the
// file chosen is opened.
func (win *Window) browseForOpen(f *openForm) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			win.showError(err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		f.entry.SetText(r.URI().Path())
		f.form.Submit()
	}, win.w)
	d.SetFilter(storage.NewExtensionFileFilter(extensions()))
	dir := strings.TrimSpace(f.entry.Text)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(900, 640))
	d.Show()
}

// openStartDir is the folder the open dialog starts in: the folder of the
// last file opened with it, if it still exists; else the folder of the
// current file (not for the shipped model, which is embedded); else the
// working directory's models/, where a checkout keeps the shipped models;
// else the home folder, else the working directory.
func openStartDir(prefs fyne.Preferences, current string, builtin bool) string {
	isDir := func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.IsDir() && filepath.IsAbs(p)
	}
	if d := prefs.String(openFolderKey); d != "" && isDir(d) {
		return d
	}
	if !builtin && current != "" {
		if d := filepath.Dir(current); isDir(d) {
			return d
		}
	}
	wd, _ := os.Getwd()
	if d := filepath.Join(wd, "models"); wd != "" && isDir(d) {
		return d
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return wd
}
