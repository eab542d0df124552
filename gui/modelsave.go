package gui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"brink/internal/atomicfile"
	"brink/internal/modelio"
	"brink/network/diag"
	"brink/network/formats"
)

// withForce runs write and, when it refuses for a reason the analyst may
// override (the file changed on disk since it was opened, or is
// read-only), asks and runs it again overriding that one reason; a second
// reason gets its own question. Other errors are shown.
func (win *Window) withForce(force modelio.Force, write func(modelio.Force) error) {
	err := write(force)
	var title, question string
	var more modelio.Force
	switch {
	case err == nil:
		return
	case errors.Is(err, atomicfile.ErrChangedOnDisk) && force&modelio.ForceChanged == 0:
		title, question, more = "File changed on disk", "The file was changed by another program since it was opened. Overwrite it?", modelio.ForceChanged
	case errors.Is(err, atomicfile.ErrReadOnly) && force&modelio.ForceReadOnly == 0:
		title, question, more = "Read-only file", "The file is read-only: you have no permission to write it. Replace it anyway?", modelio.ForceReadOnly
	default:
		win.showSaveError(err)
		return
	}
	dialog.ShowConfirm(title, question, func(yes bool) {
		if yes {
			win.withForce(force|more, write)
		}
	}, win.w)
}

// showSaveError shows why a save or export failed. Bytes that Brink's own
// reader would reject were not written, which the dialog says before the
// reader's reasons.
func (win *Window) showSaveError(err error) {
	var rb *modelio.ReadBackError
	if !errors.As(err, &rb) {
		win.showError(err)
		return
	}
	lines := []string{fmt.Sprintf("Not saved: Brink could not read back what it would write, so %s was left as it was.", filepath.Base(rb.Path))}
	for _, e := range diag.Flatten(rb.Err) {
		lines = append(lines, e.Error())
	}
	if len(lines) > 12 {
		lines = append(lines[:12], fmt.Sprintf("… and %d more", len(lines)-12))
	}
	dialog.ShowError(errors.New(strings.Join(lines, "\n")), win.w)
}

// exportModelDialog asks where to write a copy of the model in another
// tool's format, chosen by the extension.
func (win *Window) exportModelDialog() {
	name := strings.TrimSuffix(filepath.Base(win.ws.Path()), filepath.Ext(win.ws.Path())) + ".bif"
	win.askSavePath("Export model as", "Export", name, func(path string) error {
		win.exportModel(path)
		return nil
	})
}

// exportModel writes a copy of the model to path once the analyst has
// confirmed what its format leaves out. The window's file, title and
// unsaved-changes mark stay with the .toml document.
func (win *Window) exportModel(path string) {
	lost, err := win.ws.ExportLosses(path)
	if err != nil {
		win.showSaveError(err)
		return
	}
	f, err := formats.ByPath(path)
	if err != nil { // ExportLosses has checked the extension
		win.showError(err)
		return
	}
	write := func() {
		win.withForce(0, func(force modelio.Force) error {
			if _, err := win.ws.ExportModel(path, force); err != nil {
				return err
			}
			win.status.SetText(fmt.Sprintf("Exported a %s copy to %s.", f.Name, filepath.Base(path)))
			return nil
		})
	}
	if len(lost) == 0 {
		write()
		return
	}
	win.confirmExport(f.Name, lost, write)
}

// confirmExport lists what an export to format leaves out, one item a
// line, and calls write if the analyst goes ahead.
func (win *Window) confirmExport(format string, lost []string, write func()) {
	intro := widget.NewLabel("A " + format + " file cannot hold everything in this model. The export will leave out:")
	intro.Wrapping = fyne.TextWrapWord
	items := make([]string, len(lost))
	for i, l := range lost {
		items[i] = "•  " + l
	}
	list := widget.NewLabel(strings.Join(items, "\n"))
	list.Wrapping = fyne.TextWrapWord
	keep := "Your .toml file stays the document of record, with all of it."
	if win.ws.NeedsSaveAs() {
		keep = "Only a Brink model file (.toml) keeps all of it: use Save As for that."
	}
	outro := widget.NewLabel(keep)
	outro.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Export to "+format, "Export", "Cancel",
		container.NewVBox(intro, list, outro), func(yes bool) {
			if yes {
				write()
			}
		}, win.w)
	d.Resize(fyne.NewSize(min(620, win.w.Canvas().Size().Width-40), 0))
	d.Show()
}
