//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"syscall"
)

// owner returns the owner and group of a file.
func owner(fi fs.FileInfo) (uid, gid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}

// links returns the number of hard links to a file.
func links(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// readOnly reports whether the user may not write the file, by its
// permission bits: the owner's when the user owns it, the group's when
// the user is in its group, the others' otherwise. Root may write any
// file, so for root a file is read-only when no one may write it (0444).
func readOnly(fi fs.FileInfo) bool {
	perm := fi.Mode().Perm()
	uid, gid, ok := owner(fi)
	euid := os.Geteuid()
	switch {
	case !ok || euid == 0:
		return perm&0o222 == 0
	case uid == euid:
		return perm&0o200 == 0
	case inGroup(gid):
		return perm&0o020 == 0
	default:
		return perm&0o002 == 0
	}
}

func inGroup(gid int) bool {
	if gid == os.Getegid() {
		return true
	}
	groups, err := os.Getgroups()
	return err == nil && slices.Contains(groups, gid)
}

// keepOwner gives f the owner and group of the file fi describes, as far
// as the system allows: root may give any; another user may give a group
// they are a member of; otherwise f keeps the user's own (the save still
// succeeds).
func keepOwner(f *os.File, fi fs.FileInfo) {
	uid, gid, ok := owner(fi)
	if !ok {
		return
	}
	nfi, err := f.Stat()
	if err != nil {
		return
	}
	if nuid, ngid, ok := owner(nfi); ok && nuid == uid && ngid == gid {
		return
	}
	if err := f.Chown(uid, gid); err == nil || !errors.Is(err, fs.ErrPermission) {
		return
	}
	_ = f.Chown(-1, gid) // allowed when the user is in the group
}

// running reports whether the process pid exists on this host: signal 0
// checks without sending anything, and EPERM means it exists but belongs
// to someone else.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
