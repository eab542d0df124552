package bif

import (
	"brink/internal/shared"
	"brink/network"
	"brink/network/limits"
	"path/filepath"
	"testing"
)

// readNet parses data with the default limits and returns the network.
func readNet(data []byte, filename string) (*network.Network, error) {
	m, _, err := Read(data, filename, limits.Limits{})
	if err != nil {
		return nil, err
	}
	return m.Net, nil
}

// sharedPath returns the path of a file in the shared directory, skipping
// the test when the directory is not there.
func sharedPath(t testing.TB, elem ...string) string {
	t.Helper()
	dir, ok := shared.Dir()
	if !ok {
		t.Skip("no shared directory (set BRINK_SHARED)")
	}
	return filepath.Join(append([]string{dir}, elem...)...)
}

// networksDir is the shared directory of standard networks.
func networksDir(t testing.TB) string { return sharedPath(t, "networks") }

// interopDir is the shared directory of files written by other tools.
func interopDir(t testing.TB) string { return sharedPath(t, "interop") }
