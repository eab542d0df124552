// Package modelio writes models to disk. It keeps two acts apart:
//
//   - Save writes the document of record, a Brink model file (.toml),
//     which holds everything: documentation, scenarios, layout. The window
//     title and the unsaved-changes mark follow it.
//   - Export writes a copy in any writable format (BIF, XMLBIF, Hugin NET,
//     GeNIe XDSL or .toml) and says what that format could not hold for this model,
//     as plain-English lines ("6 scenarios (52 findings)"); the document
//     of record stays what it was.
//
// Both encode the model, read the bytes back with Brink's own reader
// before anything on disk changes, and refuse (leaving the old file as it
// was) when they do not read back; then they write through package
// atomicfile: locked, checked against the stamp taken at load, atomic.
package modelio

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"brink/internal/atomicfile"
	"brink/network/formats"
	"brink/network/model"
)

// ErrNotTOML is the cause of an error when Save is given a path that is
// not a Brink model file.
var ErrNotTOML = errors.New("the document of record is a Brink model file (.toml); use Export to write other formats")

// Force says which of a save's refusals to override.
type Force uint8

// The refusals that can be overridden.
const (
	// ForceChanged overwrites a file that changed on disk since it was
	// loaded (atomicfile.ErrChangedOnDisk).
	ForceChanged Force = 1 << iota
	// ForceReadOnly overwrites a file the user has no write permission
	// on (atomicfile.ErrReadOnly).
	ForceReadOnly

	ForceAll = ForceChanged | ForceReadOnly
)

// ReadBackError reports bytes that Brink's own reader rejects: they were
// not written, and the file on disk is as it was.
type ReadBackError struct {
	Path string
	Err  error // the reader's error
}

func (e *ReadBackError) Error() string {
	return fmt.Sprintf("modelio: %s not written (the file on disk is unchanged): Brink could not read back what it would write: %v", e.Path, e.Err)
}

func (e *ReadBackError) Unwrap() error { return e.Err }

// IsTOML reports whether path names a Brink model file.
func IsTOML(path string) bool { return strings.EqualFold(filepath.Ext(path), ".toml") }

// Save writes m to path, which must be a .toml file, as the document of
// record. With expect non-nil a file that no longer matches it is not
// overwritten unless force has ForceChanged; a read-only file is not
// overwritten unless force has ForceReadOnly. It returns the stamp of the
// saved file.
func Save(path string, m *model.Model, expect *atomicfile.Stamp, force Force) (atomicfile.Stamp, error) {
	if !IsTOML(path) {
		return atomicfile.Stamp{}, fmt.Errorf("modelio: %s: %w", path, ErrNotTOML)
	}
	data, _, err := encode(m, path)
	if err != nil {
		return atomicfile.Stamp{}, err
	}
	return write(path, data, expect, force)
}

// Export writes m to path in the format of its extension and returns what
// that format left out, as plain-English lines (none for .toml). A file
// already at path is replaced (a read-only one only with ForceReadOnly),
// atomically and under the lock, as Save does.
func Export(path string, m *model.Model, force Force) ([]string, error) {
	data, lost, err := encode(m, path)
	if err != nil {
		return nil, err
	}
	if _, err := write(path, data, nil, force); err != nil {
		return nil, err
	}
	return lost, nil
}

// Losses returns what exporting m to path would leave out, without
// writing anything: the lines Export would return.
func Losses(m *model.Model, path string) ([]string, error) {
	_, lost, err := encode(m, path)
	return lost, err
}

// encode marshals m for path and reads the bytes back with Brink's own
// reader, returning them and what did not survive.
func encode(m *model.Model, path string) ([]byte, []string, error) {
	data, err := formats.Marshal(m, path)
	if err != nil {
		return nil, nil, err
	}
	back, err := readBack(data, path)
	if err != nil {
		return nil, nil, err
	}
	return data, losses(m, back), nil
}

// readBack reads data as the file path would be read: the safety net
// under the writers, which should never write what the readers refuse.
func readBack(data []byte, path string) (*model.Model, error) {
	doc, err := formats.Read(data, path)
	if err != nil {
		return nil, &ReadBackError{Path: path, Err: err}
	}
	return doc.Model, nil
}

func write(path string, data []byte, expect *atomicfile.Stamp, force Force) (atomicfile.Stamp, error) {
	opts := atomicfile.Options{Expect: expect, ForceReadOnly: force&ForceReadOnly != 0, Wait: atomicfile.DefaultWait}
	if force&ForceChanged != 0 {
		opts.Expect = nil
	}
	return atomicfile.WriteWith(path, data, opts)
}
