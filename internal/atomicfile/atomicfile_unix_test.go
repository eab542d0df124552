//go:build unix

package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStaleLock: a lock is broken when its owner on this host is gone
// (a killed save must not block the next one), or when it is older than
// StaleLock; a fresh lock of a live owner, of another host, or still
// being filled, is respected.
func TestStaleLock(t *testing.T) {
	host, _ := os.Hostname()
	dead := deadPID(t)
	old := time.Now().Add(-StaleLock - time.Minute)
	tests := []struct {
		name     string
		content  string
		modTime  time.Time
		wantLock bool
	}{
		{"fresh, owner running", fmt.Sprintf("pid %d\nhost %s\n", os.Getpid(), host), time.Now(), true},
		{"fresh, owner gone", fmt.Sprintf("pid %d\nhost %s\n", dead, host), time.Now(), false},
		{"fresh, another host", fmt.Sprintf("pid %d\nhost %s\n", dead, host+".elsewhere"), time.Now(), true},
		{"old, owner running", fmt.Sprintf("pid %d\nhost %s\n", os.Getpid(), host), old, false},
		{"old, owner gone", fmt.Sprintf("pid %d\nhost %s\n", dead, host), old, false},
		{"old, another host", fmt.Sprintf("pid %d\nhost %s\n", dead, host+".elsewhere"), old, false},
		{"old, empty", "", old, false},
		{"fresh, empty", "", time.Now(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.toml")
			if err := os.WriteFile(path+".lock", []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(path+".lock", tt.modTime, tt.modTime); err != nil {
				t.Fatal(err)
			}
			_, err := WriteWith(path, []byte("x"), Options{Wait: 20 * time.Millisecond})
			if tt.wantLock {
				var le *LockedError
				if !errors.As(err, &le) || le.Lock != path+".lock" || !strings.Contains(err.Error(), "remove the lock file") {
					t.Fatalf("got %v, want a LockedError", err)
				}
				if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
					t.Error("wrote the file without the lock")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertOnly(t, filepath.Dir(path), "m.toml")
		})
	}
}

// deadPID returns the process ID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestHardLink: a file with two names is written in place, so that both
// names see the new contents; a stamp mismatch still refuses.
func TestHardLink(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	if err := os.WriteFile(a, []byte("the old contents, longer than the new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(a, b); err != nil {
		t.Fatal(err)
	}
	st, _ := Current(a)
	if _, err := Write(a, []byte("new"), &st); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != "new" {
			t.Errorf("%s holds %q", filepath.Base(p), got)
		}
	}
	fa, _ := os.Stat(a)
	fb, _ := os.Stat(b)
	if !os.SameFile(fa, fb) || links(fa) != 2 || fa.Mode().Perm() != 0o600 {
		t.Errorf("link broken or mode changed: same %v, links %d, mode %v", os.SameFile(fa, fb), links(fa), fa.Mode().Perm())
	}
	if _, err := Write(b, []byte("mine"), &st); !errors.Is(err, ErrChangedOnDisk) {
		t.Errorf("stale stamp through the other name: %v", err)
	}
	assertOnly(t, dir, "a.toml", "b.toml")
}

func TestReadOnly(t *testing.T) {
	for _, linked := range []bool{false, true} {
		t.Run(fmt.Sprint("hard-linked=", linked), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "m.toml")
			if err := os.WriteFile(path, []byte("old"), 0o444); err != nil {
				t.Fatal(err)
			}
			if linked {
				if err := os.Link(path, filepath.Join(dir, "other.toml")); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Write(path, []byte("new"), nil); !errors.Is(err, ErrReadOnly) {
				t.Fatalf("got %v, want ErrReadOnly", err)
			}
			if got, _ := os.ReadFile(path); string(got) != "old" {
				t.Fatalf("file now %q", got)
			}
			if _, err := WriteWith(path, []byte("new"), Options{ForceReadOnly: true}); err != nil {
				t.Fatal(err)
			}
			fi, _ := os.Stat(path)
			if got, _ := os.ReadFile(path); string(got) != "new" || fi.Mode().Perm() != 0o444 {
				t.Errorf("forced: %q, mode %v; want \"new\", 0444", got, fi.Mode().Perm())
			}
		})
	}
}

// TestKeepsOwner: root's save keeps another user's file theirs.
func TestKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file away")
	}
	path := filepath.Join(t.TempDir(), "m.toml")
	if err := os.WriteFile(path, []byte("old"), 0o664); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o664); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 4321, 8765); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(path, []byte("new"), nil); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if uid, gid, _ := owner(fi); uid != 4321 || gid != 8765 || fi.Mode().Perm() != 0o664 {
		t.Errorf("owner %d:%d mode %v, want 4321:8765 0664", uid, gid, fi.Mode().Perm())
	}
}

// The helper process: the tests below run this test binary again with
// helperEnv set, to kill a save in the middle, to save under a file-size
// limit, or to save as an unprivileged user.
const helperEnv = "ATOMICFILE_TEST_HELPER"

func TestHelperProcess(t *testing.T) {
	mode, path, ok := strings.Cut(os.Getenv(helperEnv), ":")
	if !ok {
		return
	}
	err := runHelper(mode, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Exit(0)
}

// killPayloads are what the killed saves write: distinct sizes, so that
// a torn or truncated file cannot pass for either.
var killPayloads = [2][]byte{bytes.Repeat([]byte("a"), 256<<10), bytes.Repeat([]byte("b"), 96<<10)}

func runHelper(mode, path string) error {
	switch mode {
	case "loop": // save for ever, until killed
		for i := 0; ; i++ {
			if _, err := WriteWith(path, killPayloads[i%2], Options{Wait: 10 * time.Second}); err != nil {
				return err
			}
		}
	case "fsize": // save 64 KB where no file may exceed 4 KB: "disk full"
		lim := &syscall.Rlimit{Cur: 4096, Max: 4096}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, lim); err != nil {
			return err
		}
		_, err := Write(path, bytes.Repeat([]byte("n"), 64<<10), nil)
		if err == nil {
			return errors.New("the save succeeded past the size limit")
		}
		fmt.Print(err)
		return nil
	case "write": // an ordinary save; its error is printed, not fatal
		_, err := Write(path, []byte("new"), nil)
		fmt.Print(err)
		return nil
	}
	return fmt.Errorf("unknown helper mode %q", mode)
}

func helper(t *testing.T, mode, path string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode+":"+path)
	return cmd
}

// TestKillDuringSave kills a process that saves in a loop, with SIGKILL,
// at random moments, 20 times: the file must always be one whole version.
// A killed save may leave its temporary file and its lock, which the
// next save removes at once, since the lock's owner is gone.
func TestKillDuringSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.toml")
	initial := []byte("initial")
	if _, err := Write(path, initial, nil); err != nil {
		t.Fatal(err)
	}
	leftLocks := 0
	for i := range 20 {
		cmd := helper(t, "loop", path)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(10+rand.IntN(70)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: the saver ended with %v: %s", i, err, stderr.Bytes())
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, initial) && !bytes.Equal(got, killPayloads[0]) && !bytes.Equal(got, killPayloads[1]) {
			t.Fatalf("round %d: the file is torn (%d bytes)", i, len(got))
		}
		if _, err := os.Stat(path + ".lock"); err == nil {
			leftLocks++
			// The lock's owner is dead: the next save breaks it at once.
			if _, err := WriteWith(path, initial, Options{}); err != nil {
				t.Fatalf("round %d: a killed save's lock blocked the next save: %v", i, err)
			}
		}
	}
	t.Logf("%d of 20 kills left a lock", leftLocks)
	if _, err := Write(path, initial, nil); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, "m.toml")
}

// TestDiskFull saves where the file cannot grow past 4 KB (RLIMIT_FSIZE,
// as a full disk would stop it), replacing by rename and, for a
// hard-linked file, in place: the old file stays whole and nothing is
// left behind.
func TestDiskFull(t *testing.T) {
	for _, linked := range []bool{false, true} {
		t.Run(fmt.Sprint("hard-linked=", linked), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "m.toml")
			old := bytes.Repeat([]byte("o"), 1000)
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}
			want := []string{"m.toml"}
			if linked {
				if err := os.Link(path, filepath.Join(dir, "other.toml")); err != nil {
					t.Fatal(err)
				}
				want = append(want, "other.toml")
			}
			out, err := helper(t, "fsize", path).CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if !strings.Contains(string(out), "file too large") {
				t.Errorf("error %q does not give the cause", out)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
				t.Errorf("the old file was damaged: %d bytes", len(got))
			}
			assertOnly(t, dir, want...)
		})
	}
}

// TestUnprivileged saves as a user who is not root (run as nobody when
// the tests run as root): a read-only directory refuses the save and
// keeps the old file, and a file of a group the user is in keeps its
// group though the user cannot keep its owner.
func TestUnprivileged(t *testing.T) {
	base, err := os.MkdirTemp("", "atomicfile-unpriv-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	asUser := func(mode, path string) (string, error) {
		cmd := helper(t, mode, path)
		if os.Geteuid() == 0 {
			// Run a copy of the test binary that nobody can read.
			bin := filepath.Join(base, "atomicfile.test")
			if err := copyFile(os.Args[0], bin); err != nil {
				t.Fatal(err)
			}
			cmd.Path = bin
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{65534, 4242}}}
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	uid, gid := os.Geteuid(), os.Getegid()
	if uid == 0 {
		uid, gid = 65534, 4242
	}

	t.Run("read-only directory", func(t *testing.T) {
		dir := filepath.Join(base, "ro")
		path := filepath.Join(dir, "m.toml")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("old"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o755)
		if os.Geteuid() != 0 {
			t.Skip("the directory is the user's own; as root this test runs as nobody")
		}
		out, err := asUser("write", path)
		if err != nil {
			t.Skipf("cannot run as nobody: %v %s", err, out)
		}
		if !strings.Contains(out, "permission denied") {
			t.Errorf("save into a read-only directory: %q", out)
		}
		if got, _ := os.ReadFile(path); string(got) != "old" {
			t.Errorf("file now %q", got)
		}
		assertOnly(t, dir, "m.toml")
	})

	t.Run("keeps the group", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs a second user; as root this test runs as nobody")
		}
		dir := filepath.Join(base, "grp")
		path := filepath.Join(dir, "m.toml")
		if err := os.Mkdir(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("old"), 0o664); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o664); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(path, 0, gid); err != nil {
			t.Fatal(err)
		}
		out, err := asUser("write", path)
		if err != nil {
			t.Skipf("cannot run as nobody: %v %s", err, out)
		}
		if out != "<nil>" {
			t.Fatalf("save: %s", out)
		}
		fi, _ := os.Stat(path)
		if u, g, _ := owner(fi); u != uid || g != gid || fi.Mode().Perm() != 0o664 {
			t.Errorf("owner %d:%d mode %v, want %d:%d 0664", u, g, fi.Mode().Perm(), uid, gid)
		}
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
