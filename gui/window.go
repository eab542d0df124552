// Package gui is Brink's desktop workspace, built with Fyne: the network
// view where an analyst clicks evidence, the always-visible panel of
// intentions and outcomes, the node inspector and the scenario list. It
// renders the model and forwards every action to a workspace.Workspace;
// the probability arithmetic lives in the engine.
package gui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"brink/gui/graphview"
	"brink/gui/workspace"
	"brink/internal/modelio"
	"brink/network"
	"brink/network/analysis"
	"brink/network/diag"
	"brink/network/formats"
)

// Window is one Brink window on one workspace.
type Window struct {
	app   fyne.App
	w     fyne.Window
	ws    *workspace.Workspace
	graph *graphview.Graph

	outcomes  *outcomePanel
	inspector *inspector
	scenarios *scenarioPanel
	// cpt is the open table editor, if any: it follows the model's edits.
	cpt      *cptEditor
	analysis *analysisPanel
	// autosave copies unsaved edits for recovery after a crash (nil
	// until EnableAutosave).
	autosave *autosaver
	// decisions is the Decisions tab.
	decisions *decisionPanel
	// log is the Log tab (gui/log.go).
	log *logPanel
	// status is the status bar's line of findings; findingsButton
	// beside it lists them in full (frame.go).
	status         *widget.Label
	findingsButton *widget.Button
	// sideSplit divides the side panel into the outcomes and the tabs;
	// mainSplit divides the network view from the side panel.
	sideSplit, mainSplit *container.Split

	// ui runs a function on the UI goroutine: fyne.Do, or in tests a
	// queue the test drains, since the test driver's fyne.Do runs it
	// on the caller's goroutine.
	ui func(func())
	// background counts the goroutines started by goBackground that have
	// not finished, for tests to wait on.
	background sync.WaitGroup
	// loading is the file being opened in the background, or nil.
	loading *loadJob
}

// New builds a window for ws in app. Call ShowAndRun (or Show) on the
// result.
func New(app fyne.App, ws *workspace.Workspace) *Window {
	win := &Window{app: app, ws: ws, w: app.NewWindow("Brink"), ui: fyne.Do}
	win.graph = graphview.New(ws)
	win.outcomes = newOutcomePanel(ws)
	win.inspector = newInspector(win)
	win.scenarios = newScenarioPanel(win)
	win.decisions = newDecisionPanel(win)
	win.analysis = newAnalysisPanel(win)
	win.log = newLogPanel(win)
	statusBar := win.newStatusBar()
	win.graph.OnStateTapped = func(v, s int) { win.do(func() error { return win.ws.ToggleState(v, s) }) }
	win.graph.OnSelect = func(v int) { win.inspector.show(v) }
	win.graph.OnSelectUtility = func(k int) { win.inspector.showUtility(k) }
	win.graph.OnNodeMenu = win.nodeMenu
	win.graph.OnCanvasMenu = win.canvasMenu
	win.graph.OnConnect = win.connect
	win.watch()

	// The tabs' contents change size with what they show (the inspector
	// with the selected node); their fixed minimum keeps the splits where
	// the analyst put them. The inspector scrolls vertically only, so
	// that its text wraps to the panel's width; a wide CPT scrolls
	// sideways in its own scroll (see cptTable).
	win.inspector.scroll.Direction = container.ScrollVerticalOnly
	tabMin := fyne.NewSize(240, 120)
	tabs := container.NewAppTabs(
		container.NewTabItem("Inspector", withStableMin(win.inspector.scroll, tabMin)),
		container.NewTabItem("Scenarios", withStableMin(win.scenarios.content, tabMin)),
		container.NewTabItem("Analysis", withStableMin(win.analysis.content, tabMin)),
		container.NewTabItem("Decisions", withStableMin(win.decisions.scroll, tabMin)),
		container.NewTabItem("Log", withStableMin(win.log.scroll, tabMin)),
	)
	decisionsTab, logTab := tabs.Items[3], tabs.Items[4]
	win.decisions.visible = func() bool { return tabs.Selected() == decisionsTab }
	win.log.visible = func() bool { return tabs.Selected() == logTab }
	tabs.OnSelected = func(it *container.TabItem) {
		if it == decisionsTab {
			win.decisions.shown()
		}
		if it == logTab {
			win.log.shown()
		}
	}
	win.sideSplit = container.NewVSplit(win.outcomes.content, tabs)
	side := container.New(newSideLayout(win.sideSplit, win.outcomes), win.sideSplit)
	win.mainSplit = container.NewHSplit(win.graph, side)
	win.mainSplit.Offset = 0.68
	win.w.SetContent(container.NewBorder(win.toolbar(), statusBar, nil, nil, win.mainSplit))
	win.w.SetMainMenu(win.mainMenu())
	win.addShortcuts()
	win.w.SetCloseIntercept(func() {
		win.confirmDiscard("closing", func() {
			win.dropRecovery() // saved, or the analyst chose to discard
			win.w.Close()
		})
	})
	win.w.Resize(DefaultSize)
	win.refreshAll()
	return win
}

// Window returns the underlying Fyne window.
func (win *Window) Window() fyne.Window { return win.w }

// Graph returns the network view (for tests).
func (win *Window) Graph() *graphview.Graph { return win.graph }

// ShowAndRun shows the window and runs the application.
func (win *Window) ShowAndRun() { win.w.ShowAndRun() }

// watch redraws the views the workspace says changed.
func (win *Window) watch() {
	win.ws.OnChange(func(c workspace.Change) {
		if c&workspace.ChangeModel != 0 {
			win.newModelOpened()
			win.graph.SetWorkspace(win.ws)
			win.outcomes.rebuild()
			win.inspector.show(-1)
			win.analysis.reset()
			if win.cpt != nil {
				win.cpt.d.Hide()
			}
		}
		if c&workspace.ChangeEdit != 0 {
			win.graph.ModelEdited()
			win.outcomes.rebuild()
			win.analysis.reset()
			if win.cpt != nil {
				win.cpt.refresh()
			}
		}
		if c&workspace.ChangeBeliefs != 0 {
			win.decisions.refresh()
			win.graph.Refresh()
			win.outcomes.clearIntervals()
			win.outcomes.update()
			win.showSelection()
			win.scenarios.refresh()
			win.updateStatus()
		}
		if c&workspace.ChangeScenarios != 0 {
			win.scenarios.refresh()
		}
		if c&workspace.ChangeLayout != 0 {
			win.graph.Refresh()
		}
		if c&workspace.ChangeFile != 0 {
			win.w.SetTitle(win.ws.Title())
			if !win.ws.Dirty() {
				win.dropRecovery()
			}
		}
	})
}

// showSelection shows the selected card in the inspector: a node's, a
// utility's, or nothing.
func (win *Window) showSelection() {
	if k := win.graph.SelectedUtility(); k >= 0 {
		win.inspector.showUtility(k)
		return
	}
	win.inspector.show(win.graph.Selected())
}

func (win *Window) refreshAll() {
	win.w.SetTitle(win.ws.Title())
	win.updateStatus()
	win.decisions.refresh()
}

func (win *Window) updateStatus() {
	win.status.SetText(statusText(win.ws.Model(), win.ws.Evidence(), win.ws.AppliedScenario(), win.ws.ProbEvidence()))
}

// do runs an action on the workspace and reports its error, if any. The
// workspace leaves everything as it was when an action fails.
func (win *Window) do(action func() error) {
	if err := action(); err != nil {
		win.showError(err)
	}
}

// ShowError shows an error in the window, as every failed action does.
func (win *Window) ShowError(err error) { win.showError(err) }

// showError shows an error in a dialog: impossible evidence names the
// conflicting findings, file errors list path:line:col lines.
func (win *Window) showError(err error) { win.showErrorIn(win.w, err) }

// showErrorIn is showError over parent, for errors in another of the
// app's windows (the comparison's export).
func (win *Window) showErrorIn(parent fyne.Window, err error) {
	var ie *network.ImpossibleEvidenceError
	if errors.As(err, &ie) {
		dialog.ShowError(errors.New(win.ws.Model().ImpossibleText(ie)+"\nThe previous findings are kept."), parent)
		return
	}
	var lines []string
	for _, e := range diag.Flatten(err) {
		lines = append(lines, e.Error())
	}
	if len(lines) > 12 {
		lines = append(lines[:12], fmt.Sprintf("… and %d more", len(lines)-12))
	}
	dialog.ShowError(errors.New(capitalise(strings.Join(lines, "\n"))), parent)
}

func capitalise(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// nodeMenu offers every kind of finding for node v.
func (win *Window) nodeMenu(v int, at fyne.Position) {
	m := win.ws.Model()
	edit := fyne.NewMenuItem("Edit Node", nil)
	edit.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("Rename…", func() { win.renameNodeDialog(v) }),
		fyne.NewMenuItem("Documentation…", func() { win.docDialog(v) }),
		fyne.NewMenuItem("States…", func() { win.statesDialog(v) }),
		fyne.NewMenuItem("Parents…", func() { win.parentsDialog(v) }),
		fyne.NewMenuItem("Edit Table…", func() { win.editTable(v) }),
		fyne.NewMenuItem("Canonical Model…", func() { win.canonicalDialog(v) }),
		fyne.NewMenuItem("Delete Node…", func() { win.deleteNodeDialog(v) }),
	)
	var items []*fyne.MenuItem
	for s := range m.Net.Card(v) {
		s := s
		items = append(items, fyne.NewMenuItem("Set: "+m.StateLabel(v, s), func() {
			win.do(func() error { return win.ws.SetState(v, s) })
		}))
	}
	act := fyne.NewMenuItem("Set by Action", nil)
	act.ChildMenu = fyne.NewMenu("")
	for s := range m.Net.Card(v) {
		s := s
		act.ChildMenu.Items = append(act.ChildMenu.Items, fyne.NewMenuItem(m.StateLabel(v, s), func() {
			win.do(func() error { return win.ws.SetDo(v, s) })
		}))
	}
	items = append(items, act, fyne.NewMenuItemSeparator())
	for s := range m.Net.Card(v) {
		s := s
		items = append(items, fyne.NewMenuItem("Not: "+m.StateLabel(v, s), func() {
			win.do(func() error { return win.ws.ExcludeState(v, s) })
		}))
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Likelihood evidence…", func() { win.likelihoodDialog(v) }),
		fyne.NewMenuItem("Retract finding", func() { win.do(func() error { return win.ws.Retract(v) }) }),
		fyne.NewMenuItemSeparator(),
		edit,
	)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), win.w.Canvas(), at)
}

func (win *Window) toolbar() fyne.CanvasObject {
	return widget.NewToolbar(
		widget.NewToolbarAction(theme.FolderOpenIcon(), win.openDialog),
		widget.NewToolbarAction(theme.DocumentSaveIcon(), win.save),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.ContentUndoIcon(), func() { win.do(win.ws.Undo) }),
		widget.NewToolbarAction(theme.ContentRedoIcon(), func() { win.do(win.ws.Redo) }),
		widget.NewToolbarAction(theme.ContentClearIcon(), func() { win.do(win.ws.ClearFindings) }),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.ZoomInIcon(), func() { win.graph.ZoomBy(1.2) }),
		widget.NewToolbarAction(theme.ZoomOutIcon(), func() { win.graph.ZoomBy(1 / 1.2) }),
		widget.NewToolbarAction(theme.ZoomFitIcon(), win.graph.Fit),
	)
}

func (win *Window) mainMenu() *fyne.MainMenu {
	recent := fyne.NewMenuItem("Open Recent", nil)
	recent.ChildMenu = fyne.NewMenu("")
	for _, p := range win.recentFiles() {
		p := p
		recent.ChildMenu.Items = append(recent.ChildMenu.Items, fyne.NewMenuItem(p, func() { win.openRecent(p) }))
	}
	return fyne.NewMainMenu(
		fyne.NewMenu("File",
			fyne.NewMenuItem("New Model", func() { win.newModel(false) }),
			fyne.NewMenuItem("New from Template", func() { win.newModel(true) }),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Open…", win.openDialog),
			recent,
			fyne.NewMenuItem("Save", win.save),
			fyne.NewMenuItem("Save As…", win.saveAsDialog),
			fyne.NewMenuItemSeparator(),
			win.exportMenu(),
			fyne.NewMenuItem("Share as Web Page…", win.shareDialog),
		),
		win.editMenu(),
		fyne.NewMenu("Evidence",
			fyne.NewMenuItem("Clear All Findings", func() { win.do(win.ws.ClearFindings) }),
		),
		fyne.NewMenu("View",
			fyne.NewMenuItem("Zoom In", func() { win.graph.ZoomBy(1.2) }),
			fyne.NewMenuItem("Zoom Out", func() { win.graph.ZoomBy(1 / 1.2) }),
			fyne.NewMenuItem("Fit to Window", win.graph.Fit),
			fyne.NewMenuItem("Arrange", func() { win.ws.Arrange(); win.graph.Fit() }),
			fyne.NewMenuItemSeparator(),
			win.wordsItem(),
			win.edgeStrengthItem(),
			fyne.NewMenuItem("Presentation Mode", win.present),
		),
	)
}

// addShortcuts binds the keyboard: Ctrl+O open, Ctrl+S save,
// Ctrl+Shift+S save as, Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo,
// Ctrl+Delete clear findings, Ctrl+= / Ctrl+- zoom, Ctrl+0 fit, the arrow
// keys pan, F5 or Ctrl+Shift+P presentation mode.
func (win *Window) addShortcuts() {
	c := win.w.Canvas()
	mod := fyne.KeyModifierShortcutDefault
	bind := func(key fyne.KeyName, m fyne.KeyModifier, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: m}, func(fyne.Shortcut) { f() })
	}
	bind(fyne.KeyO, mod, win.openDialog)
	bind(fyne.KeyS, mod, win.save)
	bind(fyne.KeyS, mod|fyne.KeyModifierShift, win.saveAsDialog)
	// The GLFW driver turns Ctrl+Z and Ctrl+Y into fyne.ShortcutUndo and
	// fyne.ShortcutRedo before any key binding sees them
	// (internal/driver/glfw/window.go, triggersShortcut); a focused Entry
	// takes them for its own text first. Ctrl+Shift+Z is not translated:
	// it arrives as a desktop.CustomShortcut. The menu items carry no
	// Shortcut: the driver would run them before a focused Entry's own
	// undo.
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { win.do(win.ws.Undo) })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { win.do(win.ws.Redo) })
	bind(fyne.KeyZ, mod|fyne.KeyModifierShift, func() { win.do(win.ws.Redo) })
	bind(fyne.KeyDelete, mod, func() { win.do(win.ws.ClearFindings) })
	bind(fyne.KeyEqual, mod, func() { win.graph.ZoomBy(1.2) })
	bind(fyne.KeyPlus, mod, func() { win.graph.ZoomBy(1.2) })
	bind(fyne.KeyMinus, mod, func() { win.graph.ZoomBy(1 / 1.2) })
	bind(fyne.Key0, mod, win.graph.Fit)
	bind(fyne.KeyP, mod|fyne.KeyModifierShift, win.present)
	const step = 80
	win.w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyF5:
			win.present()
		case fyne.KeyLeft:
			win.graph.PanBy(-step, 0)
		case fyne.KeyRight:
			win.graph.PanBy(step, 0)
		case fyne.KeyUp:
			win.graph.PanBy(0, -step)
		case fyne.KeyDown:
			win.graph.PanBy(0, step)
		}
	})
}

// present opens the full-screen presentation of the saved scenarios.
func (win *Window) present() {
	if _, err := openPresentation(win.app, win.ws); err != nil {
		win.showError(err)
	}
}

// confirmDiscard runs then, first asking when there are unsaved changes.
func (win *Window) confirmDiscard(what string, then func()) {
	if !win.ws.Dirty() {
		then()
		return
	}
	dialog.ShowConfirm("Unsaved changes", "The model has unsaved changes. Discard them before "+what+"?", func(yes bool) {
		if yes {
			then()
		}
	}, win.w)
}

// extensions lists the file types the open dialog offers.
func extensions() []string {
	var out []string
	for _, f := range formats.Formats {
		out = append(out, f.Extensions...)
	}
	return out
}

// openRecent opens a file from the Open Recent menu, first asking when
// there are unsaved changes.
func (win *Window) openRecent(path string) {
	win.confirmDiscard("opening "+filepath.Base(path), func() { win.openPath(path) })
}

// save writes the model to its .toml file, the document of record; a
// model without one (shipped, or opened from another format) goes to
// Save As.
func (win *Window) save() {
	if win.ws.NeedsSaveAs() {
		win.saveAsDialog()
		return
	}
	win.withForce(0, win.ws.SaveWith)
}

// saveAsDialog asks for a .toml file to make the model's file. A name in
// another format is an export, which first says what it leaves out.
func (win *Window) saveAsDialog() {
	name := strings.TrimSuffix(filepath.Base(win.ws.Path()), filepath.Ext(win.ws.Path())) + ".toml"
	win.askSavePath("Save as", "Save", name, func(path string) error {
		if !modelio.IsTOML(path) {
			win.exportModel(path)
			return nil
		}
		// askSavePath has asked before replacing a file.
		win.withForce(modelio.ForceChanged, func(force modelio.Force) error {
			if err := win.ws.SaveAs(path, force); err != nil {
				return err
			}
			win.rememberRecent(path)
			win.w.SetMainMenu(win.mainMenu())
			return nil
		})
		return nil
	})
}

// askSavePath asks where to write a file, suggesting name in the current
// model's folder, and calls write with the chosen path (given name's
// extension when it has none); write's error is shown.
//
// It does not use Fyne's file-save dialog: that dialog opens, and so
// truncates, an existing file before handing it over, and a save that
// then failed would lose the old file. Here only write touches the disk,
// atomically.
func (win *Window) askSavePath(title, action, name string, write func(path string) error) {
	win.askSavePathIn(win.w, title, action, name, write)
}

// askSavePathIn is askSavePath with its dialogs over parent: the
// comparison window asks over itself, not over the main window behind it.
func (win *Window) askSavePathIn(parent fyne.Window, title, action, name string, write func(path string) error) {
	dir := filepath.Dir(win.ws.Path())
	if win.ws.Builtin() || !filepath.IsAbs(dir) {
		if home, err := os.UserHomeDir(); err == nil {
			dir = home
		}
	}
	entry := widget.NewEntry()
	entry.SetText(filepath.Join(dir, name))
	browse := widget.NewButton("Choose folder…", func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				entry.SetText(filepath.Join(u.Path(), filepath.Base(entry.Text)))
			}
		}, parent)
		d.Resize(fyne.NewSize(900, 640))
		d.Show()
	})
	save := func(path string) {
		if filepath.Ext(path) == "" {
			path += filepath.Ext(name)
		}
		if err := write(path); err != nil {
			win.showErrorIn(parent, err)
		}
	}
	form := dialog.NewForm(title, action, "Cancel", []*widget.FormItem{
		widget.NewFormItem("File", container.NewBorder(nil, nil, nil, browse, entry)),
	}, func(ok bool) {
		path := strings.TrimSpace(entry.Text)
		if !ok || path == "" {
			return
		}
		if fi, err := os.Stat(path); err == nil {
			if fi.IsDir() {
				win.showErrorIn(parent, fmt.Errorf("%s is a folder; add a file name", path))
				return
			}
			dialog.ShowConfirm("Replace file?", filepath.Base(path)+" exists. Replace it?", func(yes bool) {
				if yes {
					save(path)
				}
			}, parent)
			return
		}
		save(path)
	}, parent)
	form.Resize(fyne.NewSize(720, 200))
	form.Show()
}

const recentKey = "recent_files"

func (win *Window) recentFiles() []string {
	return win.app.Preferences().StringList(recentKey)
}

// rememberRecent puts path first in File → Open Recent and makes its
// folder the one the open dialog starts in, for a file opened any way
// (the dialog, Open Recent, the command line) or saved under a new name.
func (win *Window) rememberRecent(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	win.app.Preferences().SetString(openFolderKey, filepath.Dir(path))
	list := slices.DeleteFunc(win.recentFiles(), func(p string) bool { return p == path })
	list = append([]string{path}, list...)
	if len(list) > 8 {
		list = list[:8]
	}
	win.app.Preferences().SetStringList(recentKey, list)
}

// wordsItem toggles the ICD 203 estimative words beside the outcome
// panel's percentages; the choice is remembered.
func (win *Window) wordsItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Estimative Words (ICD 203)", nil)
	item.Checked = win.app.Preferences().Bool(wordsKey)
	win.outcomes.words = item.Checked
	item.Action = func() {
		win.setWords(!win.outcomes.words)
	}
	return item
}

const wordsKey = "estimative_words"

// setWords shows or hides the estimative words.
func (win *Window) setWords(on bool) {
	win.app.Preferences().SetBool(wordsKey, on)
	win.outcomes.words = on
	win.outcomes.update()
	win.w.SetMainMenu(win.mainMenu())
}

// prob formats a probability for the analysis views, with its estimative
// word when that setting is on.
func (win *Window) prob(p float64) string {
	if win.outcomes.words {
		return analysis.Percent(p) + " (" + analysis.Term(p) + ")"
	}
	return analysis.Percent(p)
}

// exportMenu offers the briefing exports (the network picture, the
// outcome chart and the PDF brief) and a copy of the model in another
// tool's format.
func (win *Window) exportMenu() *fyne.MenuItem {
	item := fyne.NewMenuItem("Export", nil)
	item.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("Network Picture (PNG, SVG, PDF)…", func() { win.exportDialog(workspace.ExportNetwork, "network.png") }),
		fyne.NewMenuItem("Outcome Chart (PNG, SVG, PDF)…", func() { win.exportDialog(workspace.ExportOutcomes, "outcomes.png") }),
		fyne.NewMenuItem("Path Chart of the Log (PNG, SVG, PDF)…", win.log.exportPath),
		fyne.NewMenuItem("Scenario Brief (PDF)…", win.exportBriefDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Model (BIF, XMLBIF, Hugin NET, GeNIe XDSL)…", win.exportModelDialog),
	)
	return item
}

// exportDialog asks where to write an export; the extension picks the
// format.
func (win *Window) exportDialog(what, name string) {
	win.askSavePath("Export as", "Export", name, func(path string) error {
		summary, err := win.ws.Export(what, path, win.exportOptions())
		if err != nil {
			return err
		}
		win.status.SetText(summary)
		return nil
	})
}
