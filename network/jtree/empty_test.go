package jtree

import (
	"testing"

	"brink/network"
)

// TestEmptyNetwork checks a network with no variables — a model being
// built, before its first node — compiles and propagates, with
// P(findings) = 1.
func TestEmptyNetwork(t *testing.T) {
	n, err := network.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := Compile(n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(network.NewEvidence(n)); err != nil {
		t.Fatal(err)
	}
	if p, lp := jt.ProbEvidence(), jt.LogProbEvidence(); p != 1 || lp != 0 {
		t.Errorf("P(findings) = %v (log %v), want 1", p, lp)
	}
}
