// Package formats opens model files of every format Brink reads, choosing
// the reader by the file's extension.
package formats

import (
	"fmt"
	"path/filepath"
	"strings"

	"brink/network"
	"brink/network/bif"
)

// Load reads the network in path. The format is chosen by extension:
// .bif for the Bayesian Interchange Format.
func Load(path string) (*network.Network, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".bif":
		return bif.ReadFile(path)
	default:
		return nil, fmt.Errorf("%s: unknown model format %q (known: .bif)", path, ext)
	}
}
