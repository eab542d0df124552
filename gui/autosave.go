package gui

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"brink/internal/recovery"
)

// autosaver copies the open model to the recovery store while it has
// unsaved edits (package internal/recovery), and removes the copy once
// the edits are saved or discarded.
type autosaver struct {
	store   recovery.Store
	session string // tells apart the copies of new models of two runs
	id      string // the current model's copy, "" before the first
	// newID is the id kept for a model without a file: a recovered new
	// model keeps its copy's id.
	newID string
}

// EnableAutosave copies the model to store every interval while it has
// unsaved edits, and offers, now, to recover the copies an earlier run
// left behind (it crashed or was killed). Call it once, before
// ShowAndRun.
func (win *Window) EnableAutosave(store recovery.Store, interval time.Duration) {
	win.autosave = &autosaver{store: store, session: strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	win.offerRecovery()
	go func() {
		for range time.Tick(interval) {
			fyne.Do(win.autosaveNow)
		}
	}()
}

// recoveryOrigin is the file the current model's copy stands for: its
// file, or none for a shipped or new model.
func (win *Window) recoveryOrigin() string {
	if win.ws.Builtin() {
		return ""
	}
	return win.ws.Path()
}

func (win *Window) recoveryID() string {
	a := win.autosave
	origin := win.recoveryOrigin()
	if origin == "" {
		if a.newID == "" {
			a.newID = recovery.IDFor("", a.session)
		}
		return a.newID
	}
	return recovery.IDFor(origin, a.session)
}

// autosaveNow copies the model when it has unsaved edits, and drops the
// copy when it has none.
func (win *Window) autosaveNow() {
	a := win.autosave
	if a == nil {
		return
	}
	id := win.recoveryID()
	if a.id != "" && a.id != id {
		_ = a.store.Remove(a.id) // the model was saved elsewhere or another opened
		a.id = ""
	}
	if !win.ws.Dirty() {
		win.dropRecovery()
		return
	}
	if err := a.store.Save(id, win.recoveryOrigin(), win.ws.Model(), time.Now()); err != nil {
		win.status.SetText("Autosave failed: " + err.Error())
		return
	}
	a.id = id
}

// dropRecovery removes the current model's copy: its edits were saved,
// or the analyst discarded them.
func (win *Window) dropRecovery() {
	a := win.autosave
	if a == nil || a.id == "" {
		return
	}
	_ = a.store.Remove(a.id)
	a.id = ""
}

// newModelOpened forgets the id kept for a new model's copy.
func (win *Window) newModelOpened() {
	if win.autosave != nil {
		win.dropRecovery()
		win.autosave.newID = ""
	}
}

// offerRecovery asks about the newest copy an earlier run left: recover
// it (opened with its edits unsaved, to be saved over its file), discard
// it, or decide later (it stays for the next start).
func (win *Window) offerRecovery() {
	a := win.autosave
	entries, err := a.store.List()
	if err != nil || len(entries) == 0 {
		return
	}
	e := entries[0]
	what := "a new model"
	if e.Origin != "" {
		what = e.Origin
	}
	title := e.Title
	if title == "" {
		title = "an untitled model"
	}
	msg := widget.NewLabel(fmt.Sprintf("Brink closed without saving the edits to “%s” (%s). A copy was autosaved at %s.\n\nRecover opens the copy with its edits unsaved; Save then writes them to the model's file.",
		title, what, e.Saved.Local().Format("2 January 15:04")))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	recover := widget.NewButton("Recover", func() {
		d.Hide()
		doc, err := a.store.Load(e)
		if err != nil {
			win.showError(err)
			return
		}
		if err := win.ws.OpenRecovered(doc); err != nil {
			win.showError(err)
			return
		}
		if e.Origin == "" {
			a.newID = e.ID
		}
		a.id = e.ID
	})
	recover.Importance = widget.HighImportance
	discard := widget.NewButton("Discard", func() {
		d.Hide()
		_ = a.store.Remove(e.ID)
	})
	later := widget.NewButton("Later", func() { d.Hide() })
	body := container.NewBorder(nil, container.NewHBox(recover, discard, later), nil, nil, msg)
	d = dialog.NewCustomWithoutButtons("Recover unsaved edits?", body, win.w)
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
}
