package hugin

import (
	"testing"

	"brink/internal/hostile"
	"brink/network/limits"
	"brink/network/model"
)

// hostileWarnings are the warnings the valid hostile files must give.
var hostileWarnings = map[string]string{
	"hugin/underflow-1e-400": `hostile.net:2:25: hugin: number 1e-400 is below the range of normal float64 numbers and is read as 0`,
	"hugin/row-3-1":          `hostile.net:2:24: hugin: node "A": table normalised (sum 4)`,
	"hugin/comma-in-state":   `hostile.net:1:20: hugin: node "A": state "a, b" contains ','`,
}

// TestHostile reads every generated hostile NET file in-process (see
// hostile.Check): each is refused with its message, or read with its
// warning, in seconds.
func TestHostile(t *testing.T) {
	hostile.Check(t, "hugin", "hostile.net", func(data []byte, file string) (*model.Model, []string, error) {
		return Read(data, file, limits.Limits{})
	}, hostileWarnings)
}
