package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brink/internal/atomicfile"
	"brink/internal/modelio"
	"brink/network/formats"
)

// TestExportModelKeepsTheDocument: exporting to BIF writes the copy and
// says what it left out, but the workspace's file, title and unsaved
// mark stay with the .toml document.
func TestExportModelKeepsTheDocument(t *testing.T) {
	w, path := open(t)
	if err := w.SaveScenario("unsaved", "", "", nil); err != nil {
		t.Fatal(err)
	}
	title := w.Title()
	var changes []Change
	w.OnChange(func(c Change) { changes = append(changes, c) })

	out := filepath.Join(filepath.Dir(path), "asia.bif")
	want, err := w.ExportLosses(out)
	if err != nil {
		t.Fatal(err)
	}
	lost, err := w.ExportModel(out, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lost, want) || len(lost) == 0 || lost[0] != "3 scenarios (4 findings)" {
		t.Errorf("lost %q, announced %q", lost, want)
	}
	if _, err := formats.Load(out); err != nil {
		t.Errorf("the export does not load: %v", err)
	}
	if !w.Dirty() || w.Path() != path || w.Title() != title || len(changes) != 0 {
		t.Errorf("after export: dirty %v, path %s, title %q, changes %v", w.Dirty(), w.Path(), w.Title(), changes)
	}
	if _, err := w.ExportModel(path, 0); err == nil || !strings.Contains(err.Error(), "use Save") {
		t.Errorf("export over the document itself: %v", err)
	}
}

// TestSaveAsWritesOnlyTOML: Save As to another format is refused and
// changes nothing; a model opened from BIF must be saved as .toml first.
func TestSaveAsWritesOnlyTOML(t *testing.T) {
	w, path := open(t)
	if err := w.SaveScenario("unsaved", "", "", nil); err != nil {
		t.Fatal(err)
	}
	bif := filepath.Join(filepath.Dir(path), "asia.bif")
	if err := w.SaveAs(bif, 0); !errors.Is(err, modelio.ErrNotTOML) {
		t.Fatalf("Save As .bif: %v, want ErrNotTOML", err)
	}
	if _, err := os.Stat(bif); err == nil || !w.Dirty() || w.Path() != path {
		t.Errorf("a refused Save As changed something: dirty %v, path %s", w.Dirty(), w.Path())
	}

	if _, err := w.ExportModel(bif, 0); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Load(bif)
	if err != nil {
		t.Fatal(err)
	}
	w2, err := New(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !w2.NeedsSaveAs() {
		t.Error("a model opened from BIF does not need Save As")
	}
	if err := w2.Save(true); !errors.Is(err, ErrNeedsSaveAs) {
		t.Errorf("Save of a BIF model: %v, want ErrNeedsSaveAs", err)
	}
	toml := filepath.Join(filepath.Dir(path), "from-bif.toml")
	if err := w2.SaveAs(toml, 0); err != nil {
		t.Fatal(err)
	}
	if w2.NeedsSaveAs() || w2.Path() != toml || w2.Dirty() {
		t.Errorf("after Save As: needs Save As %v, path %s, dirty %v", w2.NeedsSaveAs(), w2.Path(), w2.Dirty())
	}
	if err := w2.Save(false); err != nil {
		t.Errorf("Save after Save As: %v", err)
	}
}

// TestSaveRefusals: a read-only file and a file changed on disk are each
// overridden only by their own force.
func TestSaveRefusals(t *testing.T) {
	w, path := open(t)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveWith(modelio.ForceChanged); !errors.Is(err, atomicfile.ErrReadOnly) {
		t.Fatalf("got %v, want ErrReadOnly", err)
	}
	if err := w.SaveWith(modelio.ForceReadOnly); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o444 {
		t.Errorf("mode %v, want 0444 kept", fi.Mode().Perm())
	}
	// Another program saves: the next save is refused until forced, and
	// a save through another path to the same file is checked too.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("# theirs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(filepath.Dir(path), "link.toml")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveAs(link, modelio.ForceReadOnly); !errors.Is(err, atomicfile.ErrChangedOnDisk) {
		t.Fatalf("Save As through a link to the changed file: %v, want ErrChangedOnDisk", err)
	}
	if err := w.SaveWith(modelio.ForceChanged); err != nil {
		t.Fatal(err)
	}
	if doc, err := formats.Load(link); err != nil || doc.Model.Net.NumVariables() != 8 {
		t.Errorf("the link does not lead to the saved model: %v", err)
	}
}
