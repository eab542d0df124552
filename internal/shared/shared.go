// Package shared locates the team's shared test material (standard
// networks, reference posteriors, files from other tools), which lives in
// ../shared beside the repository rather than inside it.
package shared

import (
	"os"
	"path/filepath"
)

// Dir returns the shared directory: $BRINK_SHARED if set, else ../shared
// next to the module root found by walking up from the working directory.
// ok is false when it does not exist.
func Dir() (dir string, ok bool) {
	if d := os.Getenv("BRINK_SHARED"); d != "" {
		_, err := os.Stat(d)
		return d, err == nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			s := filepath.Join(filepath.Dir(d), "shared")
			_, err := os.Stat(s)
			return s, err == nil
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Path joins elem onto the shared directory.
func Path(elem ...string) (string, bool) {
	d, ok := Dir()
	return filepath.Join(append([]string{d}, elem...)...), ok
}
