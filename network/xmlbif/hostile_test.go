package xmlbif

import (
	"testing"

	"brink/internal/hostile"
	"brink/network/limits"
	"brink/network/model"
)

// hostileWarnings are the warnings the valid hostile files must give.
var hostileWarnings = map[string]string{
	"xmlbif/underflow-1e-400": `hostile.xml:4:32: xmlbif: <TABLE> entry 1, 1e-400, is below the range of normal float64 numbers and is read as 0`,
	"xmlbif/comma-in-name":    `hostile.xml:3:25: xmlbif: variable "Age, years" contains ','`,
}

// TestHostile reads every generated hostile XMLBIF file in-process (see
// hostile.Check): each is refused with its message, or read with its
// warning, in seconds.
func TestHostile(t *testing.T) {
	hostile.Check(t, "xmlbif", "hostile.xml", func(data []byte, file string) (*model.Model, []string, error) {
		return Read(data, file, limits.Limits{})
	}, hostileWarnings)
}
