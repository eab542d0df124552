package jtree

import (
	"testing"

	"brink/network"
	"brink/network/bif"
	"brink/network/enginetest"
)

// TestConformance runs the engine suite: brute-force enumeration on random
// networks with hard, negative and likelihood evidence, hand-built edge
// cases, MPE, and the reference posteriors of ../shared/reftests (libDAI,
// cross-checked by two variable-elimination implementations; tol 1e-9).
func TestConformance(t *testing.T) {
	enginetest.Run(t, func(n *network.Network) (network.Engine, error) {
		return Compile(n, Options{})
	}, enginetest.Options{
		ReferenceNetworks: []string{"asia", "cancer", "earthquake", "sachs", "survey", "alarm", "child", "insurance", "water", "hepar2"},
		Load:              bif.ReadFile,
	})
}
