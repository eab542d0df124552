package bif

import (
	"testing"

	"brink/internal/hostile"
	"brink/network/limits"
	"brink/network/model"
)

// hostileWarnings are the warnings the valid hostile files must give.
var hostileWarnings = map[string]string{
	"bif/underflow-1e-400": `hostile.bif:2:27: bif: number 1e-400 is below the range of normal float64 numbers and is read as 0`,
	"bif/comma-in-state":   `hostile.bif:1:36: bif: variable "a": state "x,y" contains ',', which separates states in lists; Brink names it "x;y"`,
}

// TestHostile reads every generated hostile BIF file in-process (see
// hostile.Check): each is refused with its message, or read with its
// warning, in seconds.
func TestHostile(t *testing.T) {
	hostile.Check(t, "bif", "hostile.bif", func(data []byte, file string) (*model.Model, []string, error) {
		return Read(data, file, limits.Limits{})
	}, hostileWarnings)
}
