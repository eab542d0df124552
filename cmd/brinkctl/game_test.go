package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// standoff is a two-sided game of chicken: each side holds or escalates;
// both escalating is a clash, the worst outcome for both.
const standoff = `[model]
format = 1
title = "Standoff"

[[node]]
id = "us"
role = "decision"
actor = "United States"
states = ["hold", "escalate"]

[[node]]
id = "iran"
role = "decision"
actor = "Iran"
states = ["hold", "escalate"]

[[node]]
id = "clash"
role = "outcome"
states = ["yes", "no"]
parents = ["us", "iran"]
cpt = [
  { given = { us = "hold", iran = "hold" }, p = [0.05, 0.95] },
  { given = { us = "hold", iran = "escalate" }, p = [0.3, 0.7] },
  { given = { us = "escalate", iran = "hold" }, p = [0.3, 0.7] },
  { given = { us = "escalate", iran = "escalate" }, p = [0.9, 0.1] },
]

[[utility]]
id = "us_payoff"
actor = "United States"
parents = ["us", "iran", "clash"]
values = [
  { given = { us = "hold", iran = "hold", clash = "yes" }, value = -50 },
  { given = { us = "hold", iran = "hold", clash = "no" }, value = 0 },
  { given = { us = "hold", iran = "escalate", clash = "yes" }, value = -50 },
  { given = { us = "hold", iran = "escalate", clash = "no" }, value = -10 },
  { given = { us = "escalate", iran = "hold", clash = "yes" }, value = -50 },
  { given = { us = "escalate", iran = "hold", clash = "no" }, value = 20 },
  { given = { us = "escalate", iran = "escalate", clash = "yes" }, value = -50 },
  { given = { us = "escalate", iran = "escalate", clash = "no" }, value = 0 },
]

[[utility]]
id = "iran_payoff"
actor = "Iran"
parents = ["us", "iran", "clash"]
values = [
  { given = { us = "hold", iran = "hold", clash = "yes" }, value = -50 },
  { given = { us = "hold", iran = "hold", clash = "no" }, value = 0 },
  { given = { us = "hold", iran = "escalate", clash = "yes" }, value = -50 },
  { given = { us = "hold", iran = "escalate", clash = "no" }, value = 20 },
  { given = { us = "escalate", iran = "hold", clash = "yes" }, value = -50 },
  { given = { us = "escalate", iran = "hold", clash = "no" }, value = -10 },
  { given = { us = "escalate", iran = "escalate", clash = "yes" }, value = -50 },
  { given = { us = "escalate", iran = "escalate", clash = "no" }, value = 0 },
]
`

// TestGame builds the standoff's table: the payoff of (hold, hold) is
// E[U] = 0.05·(−50) + 0.95·0 = −2.5 for each side, both escalating is
// 0.9·(−50) = −45; the pure equilibria are the two where one side holds
// and the other escalates (a game of chicken), and a mixed one exists.
func TestGame(t *testing.T) {
	path := filepath.Join(t.TempDir(), "standoff.toml")
	if err := os.WriteFile(path, []byte(standoff), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, st := brinkctl(t, "game", path, "--json")
	if st != 0 {
		t.Fatalf("game: %s", errs)
	}
	var g struct {
		Table []struct {
			A, B     string
			PayoffA  float64                       `json:"payoff_a"`
			PayoffB  float64                       `json:"payoff_b"`
			Outcomes map[string]map[string]float64 `json:"outcomes"`
		} `json:"table"`
		Pure  [][2]string    `json:"pure_equilibria"`
		Mixed map[string]any `json:"mixed_equilibrium"`
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(g.Table) != 4 || g.Table[0].PayoffA != -2.5 || g.Table[3].PayoffB != -45 {
		t.Fatalf("table %+v", g.Table)
	}
	if g.Table[3].Outcomes["clash"]["yes"] != 0.9 {
		t.Errorf("P(clash | both escalate) = %v, want 0.9", g.Table[3].Outcomes["clash"]["yes"])
	}
	if len(g.Pure) != 2 || g.Pure[0] != [2]string{"hold", "escalate"} || g.Pure[1] != [2]string{"escalate", "hold"} {
		t.Errorf("pure equilibria %v, want (hold, escalate) and (escalate, hold)", g.Pure)
	}
	if g.Mixed == nil {
		t.Error("no mixed equilibrium in a game of chicken")
	}
	text, _, _ := brinkctl(t, "game", path)
	if !strings.Contains(text, "equilibrium: United States plays hold, Iran plays escalate") {
		t.Errorf("text output:\n%s", text)
	}
}
