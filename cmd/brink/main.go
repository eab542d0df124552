// Command brink is Brink's desktop app. With no argument it opens the
// flagship model shipped inside the binary; with a file argument it opens
// that file. A file that cannot be read is reported in the window, over
// the shipped model, rather than ending the program.
package main

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"brink/assets"
	"brink/gui"
	"brink/gui/workspace"
	"brink/internal/recovery"
	"brink/models"
	"brink/network/formats"
)

func main() {
	if len(os.Args) == 2 && (os.Args[1] == "--version" || os.Args[1] == "-version") {
		fmt.Println("brink", assets.Version)
		return
	}
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: brink [MODEL]")
		os.Exit(2)
	}
	var loadErr error
	var ws *workspace.Workspace
	if len(os.Args) == 2 {
		ws, loadErr = openFile(os.Args[1])
	}
	if ws == nil {
		var err error
		if ws, err = openBuiltin(); err != nil {
			fmt.Fprintln(os.Stderr, "brink:", err) // the shipped model is broken: a build error
			os.Exit(1)
		}
	}
	// Read the screen before the app starts its driver (see workArea).
	work := workArea()
	a := app.NewWithID("org.brink.desktop")
	a.SetIcon(fyne.NewStaticResource("brink.svg", assets.Icon))
	win := gui.New(a, ws)
	win.FitScreen(work)
	if store, err := recovery.Default(); err == nil {
		win.EnableAutosave(store, time.Minute)
	}
	if loadErr != nil {
		win.ShowError(loadErr)
	}
	win.ShowAndRun()
}

func openFile(path string) (*workspace.Workspace, error) {
	doc, err := formats.Load(path)
	if err != nil {
		return nil, err
	}
	return workspace.New(doc)
}

func openBuiltin() (*workspace.Workspace, error) {
	doc, err := formats.LoadFS(models.Files, models.Default)
	if err != nil {
		return nil, err
	}
	return workspace.NewBuiltin(doc)
}
