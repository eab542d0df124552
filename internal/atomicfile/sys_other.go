//go:build !unix

package atomicfile

import (
	"io/fs"
	"os"
)

func links(fs.FileInfo) uint64 { return 1 }

func readOnly(fi fs.FileInfo) bool { return fi.Mode().Perm()&0o200 == 0 }

func keepOwner(*os.File, fs.FileInfo) {}

// running cannot tell here, so a lock's owner is taken to be running and
// its lock is never broken automatically.
func running(int) bool { return true }
