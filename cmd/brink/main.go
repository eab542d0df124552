// Command brink is Brink's desktop app. With no argument it opens the
// flagship model shipped inside the binary; with a file argument it opens
// that file.
package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2/app"

	"brink/gui"
	"brink/gui/workspace"
	"brink/models"
	"brink/network/formats"
)

func main() {
	ws, err := open(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "brink:", err)
		os.Exit(1)
	}
	a := app.NewWithID("org.brink.desktop")
	gui.New(a, ws).ShowAndRun()
}

// open loads the file named on the command line, or the default model.
func open(args []string) (*workspace.Workspace, error) {
	switch len(args) {
	case 0:
		doc, err := formats.LoadFS(models.Files, models.Default)
		if err != nil {
			return nil, err
		}
		return workspace.NewBuiltin(doc)
	case 1:
		doc, err := formats.Load(args[0])
		if err != nil {
			return nil, err
		}
		return workspace.New(doc)
	default:
		return nil, fmt.Errorf("usage: brink [MODEL]")
	}
}
