package workspace

import (
	"fmt"
	"os"
	"path/filepath"

	"brink/internal/modelio"
)

// ExportLosses returns what exporting the model to path (format by
// extension) would leave out, as plain-English lines, without writing:
// what the GUI asks the analyst to confirm.
func (w *Workspace) ExportLosses(path string) ([]string, error) {
	return modelio.Losses(w.Model(), path)
}

// ExportModel writes a copy of the model to path in the format of its
// extension (BIF, XMLBIF, Hugin NET, GeNIe XDSL, or .toml) and returns what that
// format left out. The workspace's file, title and unsaved-changes mark
// stay as they were: the .toml file remains the document of record. force
// may override a read-only file.
func (w *Workspace) ExportModel(path string, force modelio.Force) ([]string, error) {
	if !w.NeedsSaveAs() && samePath(path, w.doc.Path) {
		return nil, fmt.Errorf("workspace: %s is the model's own file; use Save", filepath.Base(path))
	}
	return modelio.Export(path, w.Model(), force)
}

// samePath reports whether a and b name the same file: the same path, or
// two paths (relative, absolute, through links) to one existing file.
func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}
