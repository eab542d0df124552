// Package atomicfile saves files so that a reader, or a crash, never sees
// half a file, and so that two programs saving the same file do not lose
// each other's work.
//
// A save goes through five steps, in this order:
//
//  1. Resolve: a symbolic link is followed (filepath.EvalSymlinks, or the
//     link's text for a link to a file not yet there) and the real file is
//     written; the link stays a link.
//  2. Lock: a lock file "<name>.lock" beside the real file is created
//     exclusively, as Git creates index.lock (its record of PID, host and
//     time is hard-linked into place, so a lock is never seen empty), and
//     held until the save is over. A save that finds it held waits up to
//     Options.Wait and then refuses with a *LockedError (errors.Is
//     ErrLocked) naming the lock file. A lock whose owner, a process on
//     this host, is no longer running is broken at once, so a save killed
//     by a crash does not block the next; any lock older than StaleLock is
//     broken too.
//  3. Check, under the lock: temporary files left by earlier saves of the
//     same file that failed or were killed (".<name>.<digits>.tmp") are
//     removed; the file must still match the Stamp taken when it was loaded
//     (ErrChangedOnDisk), and must be writable by this user (ErrReadOnly),
//     unless forced.
//  4. Write: the data go to a temporary file in the same directory, which
//     gets the old file's mode, and its owner and group where the system
//     allows (root keeps both; another user keeps the group when a member
//     of it), and is synced.
//  5. Rename the temporary file over the target, sync the directory, and
//     remove the lock.
//
// A failed save leaves the previous file as it was and removes its own
// temporary file.
//
// A file with more than one hard link cannot be replaced by rename without
// cutting it off from its other names, so it is written in place instead:
// its old contents are first copied to ".<name>.<digits>.bak" beside it
// (and synced), then the new contents are written over it, truncated and
// synced, and the backup is removed. If the write fails, the old contents
// are put back from the backup. Such a write is not atomic: a crash in the
// middle leaves a torn file, and the backup, which is never removed
// automatically, holds the old contents.
package atomicfile

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrChangedOnDisk is returned by Write when the file on disk no longer
// matches the stamp taken when it was loaded.
var ErrChangedOnDisk = errors.New("file changed on disk since it was loaded")

// ErrReadOnly is returned by Write when the user has no write permission
// on the file (a rename would replace it all the same, so Write checks).
var ErrReadOnly = errors.New("file is read-only")

// DefaultWait is how long Write waits for another save's lock.
const DefaultWait = 2 * time.Second

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

// Options control WriteWith.
type Options struct {
	// Expect, when non-nil, is the stamp the file must still have; a file
	// that no longer matches is not overwritten (ErrChangedOnDisk).
	Expect *Stamp
	// ForceReadOnly overwrites a file the user has no write permission
	// on; without it such a file is refused with ErrReadOnly.
	ForceReadOnly bool
	// Wait is how long to wait for another save's lock before refusing
	// with ErrLocked; zero does not wait.
	Wait time.Duration

	// Test hooks, called with the lock held.
	afterLock, beforeReplace func()
}

// Write replaces path with data atomically, waiting up to DefaultWait for
// another save's lock. If expect is non-nil and the file on disk does not
// match it, Write refuses with ErrChangedOnDisk (pass nil to force). A
// read-only file is refused with ErrReadOnly. A new file gets mode 0644;
// an existing file keeps its mode. It returns the stamp of what it wrote.
func Write(path string, data []byte, expect *Stamp) (Stamp, error) {
	return WriteWith(path, data, Options{Expect: expect, Wait: DefaultWait})
}

// WriteWith is Write with options; see the package documentation for the
// steps of a save.
func WriteWith(path string, data []byte, opts Options) (Stamp, error) {
	target, err := resolve(path, 0)
	if err != nil {
		return Stamp{}, fmt.Errorf("atomicfile: %w", err)
	}
	l, err := acquire(target, opts.Wait)
	if err != nil {
		return Stamp{}, err
	}
	defer l.release()
	if opts.afterLock != nil {
		opts.afterLock()
	}
	removeStaleTemps(target)
	if opts.Expect != nil {
		now, err := Current(target)
		if err != nil {
			return Stamp{}, fmt.Errorf("atomicfile: %w", err)
		}
		if now != *opts.Expect {
			return Stamp{}, fmt.Errorf("atomicfile: %s: %w", path, ErrChangedOnDisk)
		}
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fi = nil
	case err != nil:
		return Stamp{}, fmt.Errorf("atomicfile: %w", err)
	case !fi.Mode().IsRegular():
		return Stamp{}, fmt.Errorf("atomicfile: %s is not a regular file", path)
	case readOnly(fi) && !opts.ForceReadOnly:
		return Stamp{}, fmt.Errorf("atomicfile: %s: %w (no write permission)", path, ErrReadOnly)
	}
	if fi != nil && links(fi) > 1 {
		err = writeInPlace(target, data, fi, opts)
	} else {
		err = replace(target, data, fi, opts)
	}
	if err != nil {
		return Stamp{}, err
	}
	return StampOf(data), nil
}

// maxLinks bounds the symbolic links followed, as the kernel's ELOOP does.
const maxLinks = 40

// resolve returns the file that writing path should replace: path with
// its symbolic links followed. A link to a file that does not exist yet
// resolves to where the link points, so that the save creates it there.
func resolve(path string, depth int) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		return real, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	fi, lerr := os.Lstat(path)
	if lerr != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return path, nil // a new file; a missing directory fails later
	}
	if depth >= maxLinks {
		return "", fmt.Errorf("%s: too many levels of symbolic links", path)
	}
	dest, err := os.Readlink(path)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(dest) {
		// Relative to the link's directory as the kernel sees it, which
		// need not be the lexical parent when that is itself a link.
		dir, err := filepath.EvalSymlinks(filepath.Dir(path))
		if err != nil {
			return "", err
		}
		dest = filepath.Join(dir, dest)
	}
	return resolve(dest, depth+1)
}

// tempPattern is the os.CreateTemp pattern of a save's temporary file for
// target, and backupPattern that of an in-place write's backup.
func tempPattern(target string) string   { return "." + filepath.Base(target) + ".*.tmp" }
func backupPattern(target string) string { return "." + filepath.Base(target) + ".*.bak" }

// isTempOf reports whether name is one of our temporary files for the
// file base: "." + base + "." + the digits os.CreateTemp puts in + ".tmp".
func isTempOf(name, base string) bool {
	mid, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return false
	}
	mid, ok = strings.CutSuffix(mid, ".tmp")
	if !ok || mid == "" {
		return false
	}
	for _, c := range mid {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// removeStaleTemps removes the temporary files that earlier saves of
// target left when they failed or were killed. It runs with the lock
// held, so no other save of target is writing one now. Backups of
// in-place writes are left alone: they may be the only copy of the old
// contents.
func removeStaleTemps(target string) {
	dir, base := filepath.Dir(target), filepath.Base(target)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if isTempOf(e.Name(), base) {
			_ = os.Remove(filepath.Join(dir, e.Name())) // best effort
			continue
		}
		// A lock record (see create) outlives its save only when the save
		// was killed between creating it and linking it: one whose owner
		// is gone, or that is still empty, or a minute old, belongs to no
		// save in progress. (Removing a record another save is about to
		// link only makes that save try again.)
		if m, _ := filepath.Match(lockTempPattern(target+".lock"), e.Name()); m {
			name := filepath.Join(dir, e.Name())
			if info, err := readLock(name); err == nil && (info.pid == 0 || time.Since(info.since) > time.Minute || ownerGone(info)) {
				_ = os.Remove(name)
			}
		}
	}
}

// modeOf is the mode to give the new contents: the old file's, or 0644.
func modeOf(fi fs.FileInfo) fs.FileMode {
	if fi == nil {
		return 0o644
	}
	return fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
}

// replace writes data to a temporary file beside target and renames it
// over target.
func replace(target string, data []byte, fi fs.FileInfo, opts Options) (err error) {
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, tempPattern(target))
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", target, err)
	}
	if fi != nil {
		keepOwner(tmp, fi) // before Chmod: chown may clear set-id bits
	}
	if err := tmp.Chmod(modeOf(fi)); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("atomicfile: syncing %s: %w", target, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if opts.beforeReplace != nil {
		opts.beforeReplace()
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	renamed = true
	syncDir(dir)
	return nil
}

// syncDir syncs a directory so that a rename in it survives a crash.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every file system supports it
		d.Close()
	}
}

// writeInPlace overwrites a hard-linked target without renaming, so that
// every name of the file sees the new contents: it backs up the old
// contents beside it, writes, and puts the old contents back if the write
// fails.
func writeInPlace(target string, data []byte, fi fs.FileInfo, opts Options) error {
	old, err := os.ReadFile(target)
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	bak, err := os.CreateTemp(filepath.Dir(target), backupPattern(target))
	if err != nil {
		return fmt.Errorf("atomicfile: backing up %s: %w", target, err)
	}
	if err := writeAll(bak, old); err != nil {
		bak.Close()
		os.Remove(bak.Name())
		return fmt.Errorf("atomicfile: backing up %s: %w", target, err)
	}
	if err := bak.Close(); err != nil {
		os.Remove(bak.Name())
		return fmt.Errorf("atomicfile: backing up %s: %w", target, err)
	}
	if opts.beforeReplace != nil {
		opts.beforeReplace()
	}
	// A forced write of a read-only file needs write permission for as
	// long as it lasts.
	if readOnly(fi) {
		if err := os.Chmod(target, fi.Mode().Perm()|0o200); err != nil {
			os.Remove(bak.Name())
			return fmt.Errorf("atomicfile: %w", err)
		}
		defer os.Chmod(target, modeOf(fi))
	}
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		os.Remove(bak.Name())
		return fmt.Errorf("atomicfile: %w", err)
	}
	werr := writeAll(f, data)
	if werr == nil {
		werr = f.Close()
	} else {
		f.Close()
	}
	if werr == nil {
		os.Remove(bak.Name())
		return nil
	}
	// Put the old contents back; they fit where they were.
	f, err = os.OpenFile(target, os.O_WRONLY, 0)
	if err == nil {
		err = writeAll(f, old)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("atomicfile: writing %s in place: %w; restoring the old contents failed too (%v): they are in %s", target, werr, err, bak.Name())
	}
	os.Remove(bak.Name())
	return fmt.Errorf("atomicfile: writing %s in place: %w (the old contents were put back)", target, werr)
}

// writeAll writes data at the start of f, cuts f to its length and syncs.
func writeAll(f *os.File, data []byte) error {
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	if err := f.Truncate(int64(len(data))); err != nil {
		return err
	}
	return f.Sync()
}
