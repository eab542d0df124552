package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCollectorCaps(t *testing.T) {
	c := &Collector{Prefix: "bif"}
	for i := range 1000 {
		c.Addf(Pos{File: "f.bif", Line: 1000 - i, Col: 1}, "problem %d: %w", i, ErrSyntax)
	}
	err := c.Err()
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != DefaultMaxErrors+1 {
		t.Fatalf("got %d lines, want %d", len(lines), DefaultMaxErrors+1)
	}
	if want := "f.bif: bif: and 950 more problems not shown"; lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
	}
	if !strings.HasPrefix(lines[0], "f.bif:951:1: problem 49") {
		t.Errorf("first line %q: not sorted by position", lines[0])
	}
	if !errors.Is(err, ErrSyntax) {
		t.Error("the list does not answer errors.Is(ErrSyntax)")
	}
	if c.Len() != 1000 || !c.Full() {
		t.Errorf("Len %d Full %v", c.Len(), c.Full())
	}
}

func TestCollectorEmptyAndWarnings(t *testing.T) {
	c := &Collector{Max: 2}
	if c.Err() != nil {
		t.Fatal("empty collector has an error")
	}
	for i := range 5 {
		c.Warnf(Pos{File: "a", Line: i + 1}, "row %d normalised", i)
	}
	w := c.Warnings()
	if len(w) != 3 || w[2] != "and 3 more warnings not shown" {
		t.Errorf("warnings %q", w)
	}
}

func TestDerive(t *testing.T) {
	missingRow := Derive("missing parent configuration", ErrMissing)
	err := fmt.Errorf("node x: %w", missingRow)
	if !errors.Is(err, missingRow) || !errors.Is(err, ErrMissing) || errors.Is(err, ErrSyntax) {
		t.Error("derived sentinel does not answer as its parent")
	}
	if missingRow.Error() != "missing parent configuration" {
		t.Error(missingRow.Error())
	}
}

type subj struct{ v, c string }

func (s *subj) Error() string                      { return "network: variable " + s.v + ": bad" }
func (s *subj) Subject() (variable, config string) { return s.v, s.c }

type cyc []string

func (c cyc) Error() string            { return "network: cycle" }
func (c cyc) CycleVariables() []string { return c }

type locator struct{}

func (locator) Variable(v, cfg string) (Pos, bool) {
	if v == "a" {
		return Pos{File: "m.net", Line: 3, Col: cfg2col(cfg)}, true
	}
	return Pos{}, false
}
func (locator) Cycle(c []string) (Pos, bool) { return Pos{File: "m.net", Line: 9, Col: 1}, true }

func cfg2col(cfg string) int { return len(cfg) + 1 }

func TestAddNetworkErrors(t *testing.T) {
	c := &Collector{Prefix: "hugin"}
	err := errors.Join(&subj{"a", "b=1"}, &subj{"zz", ""}, cyc{"a", "b"})
	c.AddNetworkErrors(err, "m.net", locator{})
	got := c.Err().Error()
	want := "m.net: hugin: variable zz: bad\nm.net:3:4: hugin: variable a: bad\nm.net:9:1: hugin: cycle"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var s *subj
	if !errors.As(c.Err(), &s) {
		t.Error("the network error is not reachable with errors.As")
	}
}
