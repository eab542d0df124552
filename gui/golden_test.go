package gui

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The golden images of the views an analyst sees first: the flagship's
// main view at the two laptop sizes, the comparison window, the
// save-scenario dialog and a presentation slide. Regenerate with
//
//	go test ./gui -run Golden -update
//
// and look at every image in gui/testdata before committing it.

// assertGolden compares img with testdata/name, or rewrites that file
// under -update.
func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	if *update {
		f, err := os.Create(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertImageMatches(t, name, img)
}

// flagshipWithFindings opens the flagship at size with five findings set,
// the first node's card selected so the inspector shows it.
func flagshipWithFindings(t *testing.T, size fyne.Size) *Window {
	t.Helper()
	win, ws := openFlagship(t, size)
	if got := setFindings(t, ws, 5); got != 5 {
		t.Fatalf("set %d findings", got)
	}
	return win
}

func TestGoldenMainView(t *testing.T) {
	for _, c := range []struct {
		name string
		size fyne.Size
	}{
		{"main-1366x768.png", InitialSize(fyne.NewSize(1366, 768))},
		{"main-1440x900.png", InitialSize(fyne.NewSize(1440, 900))},
	} {
		t.Run(c.name, func(t *testing.T) {
			win := flagshipWithFindings(t, c.size)
			assertGolden(t, c.name, win.w.Canvas().Capture())
		})
	}
}

func TestGoldenSaveScenarioDialog(t *testing.T) {
	win := flagshipWithFindings(t, InitialSize(fyne.NewSize(1366, 768)))
	sd := win.scenarios.newSaveDialog()
	sd.show()
	assertGolden(t, "save-scenario-1366x768.png", win.w.Canvas().Capture())
}

func TestGoldenCompareWindow(t *testing.T) {
	win, ws := openFlagship(t, InitialSize(fyne.NewSize(1366, 768)))
	var names []string
	for _, s := range ws.Model().Scenarios {
		names = append(names, s.Name)
	}
	cv := win.scenarios.showComparison(names)
	if cv == nil {
		t.Fatal("no comparison window")
	}
	cv.w.Resize(fyne.NewSize(1000, 700))
	assertGolden(t, "compare.png", cv.w.Canvas().Capture())
}

func TestGoldenPresentationSlide(t *testing.T) {
	win, ws := openFlagship(t, InitialSize(fyne.NewSize(1366, 768)))
	p, err := openPresentation(win.app, ws)
	if err != nil {
		t.Fatal(err)
	}
	p.w.Resize(fyne.NewSize(1366, 768))
	p.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyRight})
	assertGolden(t, "presentation-1366x768.png", p.w.Canvas().Capture())
}
