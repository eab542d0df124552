package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWriteReplacesAndGuards(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.toml")
	st, err := Write(path, []byte("one"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "one" {
		t.Fatalf("wrote %q", got)
	}
	// Someone else edits the file: a save against the old stamp refuses
	// and leaves their version.
	if err := os.WriteFile(path, []byte("theirs"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(path, []byte("mine"), &st); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("got %v, want ErrChangedOnDisk", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "theirs" {
		t.Fatalf("file now %q", got)
	}
	// Forcing overwrites, keeping the file's mode.
	if _, err := Write(path, []byte("mine"), nil); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "m.toml")
	if _, err := Write(path, []byte("old"), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	if _, err := Write(path, []byte("new"), nil); err == nil {
		t.Fatal("write into a read-only directory succeeded")
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatalf("file now %q", got)
	}
}

func TestFailedWriteIntoMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "m.toml")
	if _, err := Write(path, []byte("x"), nil); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
}

// TestEngineDoesNotWriteFiles keeps file writing out of the engine tree:
// nothing under network/ may depend on this package (saving lives in
// internal/modelio, which the GUI and brinkctl call).
func TestEngineDoesNotWriteFiles(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "brink/network/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "brink/internal/atomicfile" || pkg == "brink/internal/modelio" {
			t.Errorf("network/... depends on %s", pkg)
		}
	}
}

// TestLockRace runs writers that each read a counter and write it back
// plus one, against the stamp they read, retrying when it changed: with
// the check and the rename under one lock, no increment is lost. (With
// the check outside the lock, two writers could both pass it and the
// second rename would drop the first's increment.)
func TestLockRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "count.toml")
	if _, err := Write(path, []byte("0"), nil); err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < each; {
				data, err := os.ReadFile(path)
				if err != nil {
					errs <- err
					return
				}
				n, _ := strconv.Atoi(string(data))
				st := StampOf(data)
				_, err = WriteWith(path, []byte(strconv.Itoa(n+1)), Options{Expect: &st, Wait: 10 * time.Second})
				switch {
				case errors.Is(err, ErrChangedOnDisk):
					continue // someone else's save came first: read it again
				case err != nil:
					errs <- err
					return
				}
				done++
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != strconv.Itoa(writers*each) {
		t.Errorf("counter %s, want %d: updates were lost", got, writers*each)
	}
	assertOnly(t, filepath.Dir(path), "count.toml")
}

// TestCheckUnderLock shows the order lock, check, write, rename: a change
// made after the lock is taken is still seen by the check, and another
// save cannot get in between the check and the rename.
func TestCheckUnderLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.toml")
	st, err := Write(path, []byte("one"), nil)
	if err != nil {
		t.Fatal(err)
	}
	lockName := path + ".lock"
	opts := Options{Expect: &st, afterLock: func() {
		if _, err := os.Stat(lockName); err != nil {
			t.Errorf("no lock file before the check: %v", err)
		}
		// Another program (one that does not lock) saves now.
		if err := os.WriteFile(path, []byte("theirs"), 0o644); err != nil {
			t.Fatal(err)
		}
	}}
	if _, err := WriteWith(path, []byte("mine"), opts); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("got %v, want ErrChangedOnDisk", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "theirs" {
		t.Fatalf("file now %q", got)
	}

	st = StampOf([]byte("theirs"))
	opts = Options{Expect: &st, beforeReplace: func() {
		_, err := WriteWith(path, []byte("intruder"), Options{})
		var le *LockedError
		if !errors.As(err, &le) || !errors.Is(err, ErrLocked) || le.Lock != lockName || le.PID != os.Getpid() {
			t.Errorf("a save during another's write: %v, want a LockedError naming %s", err, lockName)
		}
	}}
	if _, err := WriteWith(path, []byte("mine"), opts); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "mine" {
		t.Fatalf("file now %q", got)
	}
	assertOnly(t, filepath.Dir(path), "m.toml")
}

func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "m.toml")
	if err := os.Mkdir(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.toml")
	chain := filepath.Join(dir, "chain.toml")
	if err := os.Symlink("real/m.toml", link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("link.toml", chain); err != nil {
		t.Fatal(err)
	}
	for i, path := range []string{link, chain} {
		want := fmt.Sprint("new ", i)
		if _, err := Write(path, []byte(want), nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(real); string(got) != want {
			t.Errorf("through %s: the target holds %q", filepath.Base(path), got)
		}
		if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", filepath.Base(path))
		}
		if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o640 {
			t.Errorf("mode %v, want 0640", fi.Mode().Perm())
		}
	}
	assertOnly(t, filepath.Dir(real), "m.toml")
	assertOnly(t, dir, "chain.toml", "link.toml", "real")

	// A link to a file not there yet creates it where the link points.
	dangling := filepath.Join(dir, "new.toml")
	if err := os.Symlink("real/created.toml", dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dangling, []byte("created"), nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "real", "created.toml")); string(got) != "created" {
		t.Errorf("the link's target holds %q", got)
	}
	if fi, _ := os.Lstat(dangling); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("the dangling link was replaced by a file")
	}
}

// TestStaleTempsRemoved: the temporary files of killed saves of the same
// file go; other files, and in-place backups, stay.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.toml")
	keep := []string{"model.toml", ".model.toml.12.bak", ".model.toml.x.tmp", ".other.toml.12.tmp", ".model.toml.5.toml.7.tmp"}
	for _, name := range append(keep[1:], ".model.toml.123.tmp", ".model.toml.4567890.tmp") {
		if err := os.WriteFile(filepath.Join(dir, name), bytes.Repeat([]byte("x"), 1<<16), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(path, []byte("new"), nil); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, keep...)
}

// assertOnly fails unless dir holds exactly names.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(names))
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %v, want %v", dir, got, want)
	}
}
