package modelfile

import (
	"testing"

	"brink/internal/hostile"
	"brink/network/limits"
	"brink/network/model"
)

// hostileWarnings are the warnings the valid hostile files must give.
var hostileWarnings = map[string]string{
	"toml/underflow-1e-400": `hostile.toml:7:15: modelfile: number 1e-400 is below the range of normal float64 numbers and is read as 0`,
	"toml/nfd-alone":        `node id "café" normalised to Unicode normal form C (it was written with decomposed characters)`,
}

// TestHostile reads every generated hostile model file in-process (see
// hostile.Check): each is refused with its message, or read with its
// warning, in seconds.
func TestHostile(t *testing.T) {
	hostile.Check(t, "toml", "hostile.toml", func(data []byte, file string) (*model.Model, []string, error) {
		return Read(data, file, limits.Limits{})
	}, hostileWarnings)
}
