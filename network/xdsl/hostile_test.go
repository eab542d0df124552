package xdsl

import (
	"testing"

	"brink/internal/hostile"
	"brink/network/limits"
	"brink/network/model"
)

// hostileWarnings are the warnings the valid hostile files must give.
var hostileWarnings = map[string]string{
	"xdsl/underflow-1e-400": `hostile.xdsl:3:60: xdsl: node a: probability 1e-400 is below the range of normal float64 numbers and is read as 0`,
}

// TestHostile reads every generated hostile XDSL file in-process (see
// hostile.Check): each is refused with its message, or read with its
// warning, in seconds.
func TestHostile(t *testing.T) {
	hostile.Check(t, "xdsl", "hostile.xdsl", func(data []byte, file string) (*model.Model, []string, error) {
		return Read(data, file, limits.Limits{})
	}, hostileWarnings)
}
