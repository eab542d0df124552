package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrLocked is the cause of a *LockedError: another save holds the lock.
var ErrLocked = errors.New("another save holds the lock")

// StaleLock is the age after which any lock may be broken: a save holds
// its lock for the time it takes to write one file, so a lock this old was
// left by a save that was killed (on another machine, or by a process
// whose PID has since been reused, which the owner check cannot tell).
const StaleLock = 10 * time.Minute

// LockedError reports a lock file held by another save. PID, Host and
// Since are what the lock file records (zero when it records nothing).
type LockedError struct {
	Lock  string // the lock file
	PID   int
	Host  string
	Since time.Time
}

func (e *LockedError) Error() string {
	var owner []string
	if e.PID != 0 {
		owner = append(owner, "process "+strconv.Itoa(e.PID))
	}
	if e.Host != "" {
		owner = append(owner, "on "+e.Host)
	}
	if !e.Since.IsZero() {
		owner = append(owner, "since "+e.Since.Format("2006-01-02 15:04:05"))
	}
	who := ""
	if len(owner) > 0 {
		who = " (" + strings.Join(owner, " ") + ")"
	}
	return fmt.Sprintf("atomicfile: %s: %v%s; if no other program is saving this file, remove the lock file", e.Lock, ErrLocked, who)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// lock is a held lock file.
type lock struct{ path string }

// acquire takes the lock of target, waiting up to wait for another save
// to release it, and breaking it when it is stale.
func acquire(target string, wait time.Duration) (*lock, error) {
	name := target + ".lock"
	deadline := time.Now().Add(wait)
	delay := 2 * time.Millisecond
	for {
		err := create(name)
		if err == nil {
			return &lock{name}, nil
		}
		if errors.Is(err, fs.ErrNotExist) && time.Now().Before(deadline) {
			continue // our record was cleaned up by the lock's holder: again
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("atomicfile: cannot create the lock file: %w", err)
		}
		if breakStale(name) {
			continue
		}
		if !time.Now().Before(deadline) {
			return nil, lockedError(name)
		}
		time.Sleep(delay)
		delay = min(2*delay, 50*time.Millisecond)
	}
}

// create makes the lock file name holding its owner's PID, host and
// time, or fails with fs.ErrExist when it exists. The record is written
// to a file of this process's own first and hard-linked into place, which
// either succeeds whole or fails: a lock is never seen empty, so a save
// killed at any moment leaves a lock whose dead owner the next save can
// recognise (and link(2) is atomic on NFS, where O_EXCL was not always).
func create(name string) error {
	own, err := os.CreateTemp(filepath.Dir(name), lockTempPattern(name))
	if err != nil {
		return err
	}
	defer os.Remove(own.Name())
	host, _ := os.Hostname()
	_, werr := fmt.Fprintf(own, "pid %d\nhost %s\ntime %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	if cerr := own.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("writing %s: %w", own.Name(), werr)
	}
	return os.Link(own.Name(), name)
}

// lockTempPattern is the os.CreateTemp pattern of the record create links
// into place: ".m.toml.lock.123.new" for the lock "m.toml.lock".
func lockTempPattern(lockName string) string { return "." + filepath.Base(lockName) + ".*.new" }

// release removes the lock file.
func (l *lock) release() { _ = os.Remove(l.path) }

// lockInfo is what a lock file records.
type lockInfo struct {
	pid   int
	host  string
	since time.Time // when it was taken (the file's time if unrecorded)
}

func readLock(name string) (lockInfo, error) {
	var info lockInfo
	fi, err := os.Stat(name)
	if err != nil {
		return info, err
	}
	info.since = fi.ModTime()
	data, err := os.ReadFile(name)
	if err != nil {
		return info, err
	}
	for line := range strings.Lines(string(data)) {
		key, val, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch key {
		case "pid":
			info.pid, _ = strconv.Atoi(val)
		case "host":
			info.host = val
		}
	}
	return info, nil
}

func lockedError(name string) error {
	info, _ := readLock(name)
	return &LockedError{Lock: name, PID: info.pid, Host: info.host, Since: info.since}
}

// stale reports whether the lock file name may be broken: it records a
// process on this host that is no longer running (a save killed with
// kill -9 or a crash: the next save should not wait for it), or it is
// older than StaleLock. A fresh lock that records no owner yet is being
// filled by its owner and is left alone, as is a fresh lock of another
// host, whose processes cannot be checked.
func stale(name string) bool {
	info, err := readLock(name)
	if err != nil {
		return false
	}
	if time.Since(info.since) >= StaleLock {
		return true
	}
	return ownerGone(info)
}

// ownerGone reports whether a lock record names a process of this host
// that is no longer running.
func ownerGone(info lockInfo) bool {
	if info.pid == 0 {
		return false
	}
	host, _ := os.Hostname()
	return info.host == host && !running(info.pid)
}

// breakStale removes the lock file name if it is stale, and reports
// whether it did. Two saves may find the same stale lock at once; the
// one that breaks it holds a second lock, name+".break", while it checks
// again and removes it, so that the other cannot remove the fresh lock
// the first then takes.
func breakStale(name string) bool {
	if !stale(name) {
		return false
	}
	guard := name + ".break"
	g, err := os.OpenFile(guard, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		// Another save is breaking it. A guard left by a save killed
		// while breaking is itself removed once it is old.
		if fi, err := os.Stat(guard); err == nil && time.Since(fi.ModTime()) > StaleLock {
			os.Remove(guard)
		}
		return false
	}
	g.Close()
	defer os.Remove(guard)
	if !stale(name) {
		return false
	}
	return os.Remove(name) == nil
}
