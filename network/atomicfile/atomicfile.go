// Package atomicfile saves files so that a reader, or a crash, never sees
// half a file: the data go to a temporary file in the same directory,
// which is synced and then renamed over the target. A failed save leaves
// the previous file as it was.
//
// It also guards against overwriting someone else's change: a Stamp taken
// when a file was loaded can be checked when it is saved.
package atomicfile

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrChangedOnDisk is returned by Write when the file on disk no longer
// matches the stamp taken when it was loaded.
var ErrChangedOnDisk = errors.New("file changed on disk since it was loaded")

// Stamp identifies the contents of a file at one moment.
type Stamp struct {
	Exists bool
	Sum    [sha256.Size]byte
}

// StampOf returns the stamp of data as it would be on disk.
func StampOf(data []byte) Stamp { return Stamp{Exists: true, Sum: sha256.Sum256(data)} }

// Current returns the stamp of the file at path now; a missing file has
// the zero Stamp.
func Current(path string) (Stamp, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Stamp{}, nil
	}
	if err != nil {
		return Stamp{}, err
	}
	return StampOf(data), nil
}

// Write replaces path with data atomically. If expect is non-nil and the
// file on disk does not match it, Write refuses with ErrChangedOnDisk
// (pass nil to force). A new file gets mode 0644; an existing file keeps
// its mode. It returns the stamp of what it wrote.
func Write(path string, data []byte, expect *Stamp) (Stamp, error) {
	if expect != nil {
		now, err := Current(path)
		if err != nil {
			return Stamp{}, fmt.Errorf("atomicfile: %w", err)
		}
		if now != *expect {
			return Stamp{}, fmt.Errorf("atomicfile: %s: %w", path, ErrChangedOnDisk)
		}
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return Stamp{}, fmt.Errorf("atomicfile: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return Stamp{}, fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return Stamp{}, fmt.Errorf("atomicfile: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return Stamp{}, fmt.Errorf("atomicfile: syncing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return Stamp{}, fmt.Errorf("atomicfile: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Stamp{}, fmt.Errorf("atomicfile: %w", err)
	}
	ok = true
	// Sync the directory so the rename itself survives a crash.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every file system supports it
		d.Close()
	}
	return StampOf(data), nil
}
