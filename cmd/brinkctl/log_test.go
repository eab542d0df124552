package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

type logJSON struct {
	AsOf    string `json:"as_of"`
	Entries []struct {
		Index       int       `json:"index"`
		Date        string    `json:"date"`
		Node        string    `json:"node"`
		Kind        string    `json:"kind"`
		State       string    `json:"state"`
		Not         []string  `json:"not"`
		Likelihood  []float64 `json:"likelihood"`
		Text        string    `json:"text"`
		Note        string    `json:"note"`
		Source      string    `json:"source"`
		Reliability string    `json:"reliability"`
		Credibility int       `json:"credibility"`
	} `json:"entries"`
	Nodes []string `json:"nodes"`
	Path  []struct {
		Date    string                        `json:"date"`
		Entries []int                         `json:"entries"`
		Beliefs map[string]map[string]float64 `json:"beliefs"`
	} `json:"path"`
}

type queryJSON struct {
	Marginals map[string]map[string]float64 `json:"marginals"`
}

// TestLogJSONEqualsQuery: the last point of the flagship's path equals
// brinkctl query with the findings the log has in force at its end,
// given as flags (tol 1e-12).
func TestLogJSONEqualsQuery(t *testing.T) {
	out, _, err := analysisCmd(t, runLog, "builtin:us-iran.toml", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var lg logJSON
	decodeStrict(t, out, &lg)
	if len(lg.Entries) != 8 || len(lg.Path) != 9 || lg.Path[0].Date != "2026-12-07" {
		t.Fatalf("%d entries, %d points, start %q", len(lg.Entries), len(lg.Path), lg.Path[0].Date)
	}
	for _, e := range lg.Entries {
		if !strings.HasPrefix(e.Note, "Illustrative") {
			t.Errorf("entry %d is not marked illustrative: %q", e.Index, e.Note)
		}
	}
	qout, _, err := analysisCmd(t, runQuery, "builtin:us-iran.toml", "--json",
		"-e", "red_line_clarity=absent", "-e", "leader_rhetoric=defiant", "--likelihood", "iran_protests=0.2,0.5,0.3",
		"-e", "us_carrier_deployment=surge", "-e", "proxy_incidents=multi_theater")
	if err != nil {
		t.Fatal(err)
	}
	var q queryJSON
	if err := json.Unmarshal([]byte(qout), &q); err != nil {
		t.Fatal(err)
	}
	last := lg.Path[len(lg.Path)-1]
	for _, node := range lg.Nodes {
		for st, p := range last.Beliefs[node] {
			if d := math.Abs(p - q.Marginals[node][st]); d > 1e-12 {
				t.Errorf("%s=%s: path %v, query %v", node, st, p, q.Marginals[node][st])
			}
		}
	}
}

type changesJSON struct {
	From         string `json:"from"`
	To           string `json:"to"`
	Entries      []any  `json:"entries"`
	Exact        bool   `json:"exact"`
	Permutations int    `json:"permutations"`
	Changes      []struct {
		Node        string  `json:"node"`
		State       string  `json:"state"`
		From        float64 `json:"from"`
		To          float64 `json:"to"`
		Change      float64 `json:"change"`
		Unexplained float64 `json:"unexplained"`
		Causes      []struct {
			Entry  int     `json:"entry"`
			Date   string  `json:"date"`
			Text   string  `json:"text"`
			Share  float64 `json:"share"`
			StdErr float64 `json:"std_err"`
		} `json:"causes"`
		Text string `json:"text"`
	} `json:"changes"`
}

// TestChangesJSONAddUp: the shares of the entries between two dates add
// up to each change (1e-9), and dates are checked.
func TestChangesJSONAddUp(t *testing.T) {
	out, _, err := analysisCmd(t, runChanges, "builtin:us-iran.toml", "--from", "2026-12-14", "--to", "2027-02-15", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var cs changesJSON
	decodeStrict(t, out, &cs)
	if !cs.Exact || len(cs.Entries) != 6 || len(cs.Changes) != 12 {
		t.Fatalf("exact %v, %d entries, %d changes", cs.Exact, len(cs.Entries), len(cs.Changes))
	}
	for _, c := range cs.Changes {
		sum := 0.0
		for _, k := range c.Causes {
			sum += k.Share
		}
		if math.Abs(sum-(c.To-c.From)) > 1e-9 || math.Abs(c.Unexplained) > 1e-9 {
			t.Errorf("%s=%s: shares sum to %v, change %v", c.Node, c.State, sum, c.To-c.From)
		}
		if strings.Contains(c.Text, c.Node) && strings.Contains(c.Node, "_") {
			t.Errorf("the words name an id: %q", c.Text)
		}
	}
	for _, bad := range [][]string{{"--from", "2027-02-15", "--to", "2026-12-14"}, {"--to", "2027-02-30"}} {
		if _, _, err := analysisCmd(t, runChanges, append([]string{"builtin:us-iran.toml"}, bad...)...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestScoreJSON: the flagship's resolved forecast, 70% on "no" for what
// happened, scores (0.3² + 0.3²) = 0.18 (Brier) and −log₂ 0.7 = 0.515
// bits, by hand.
func TestScoreJSON(t *testing.T) {
	out, _, err := analysisCmd(t, runScore, "builtin:us-iran.toml", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var sc struct {
		Resolved  int     `json:"resolved"`
		Open      int     `json:"open"`
		Brier     float64 `json:"brier"`
		LogBits   float64 `json:"log_score_bits"`
		Needed    int     `json:"calibration_needs"`
		Bins      []any   `json:"calibration"`
		Forecasts []any   `json:"forecasts"`
	}
	decodeStrict(t, out, &sc)
	if sc.Resolved != 1 || sc.Open != 1 || sc.Needed != 9 || len(sc.Bins) != 0 {
		t.Errorf("%+v", sc)
	}
	if math.Abs(sc.Brier-0.18) > 1e-12 || math.Abs(sc.LogBits+math.Log2(0.7)) > 1e-12 {
		t.Errorf("Brier %v, log %v", sc.Brier, sc.LogBits)
	}
	text, _, err := analysisCmd(t, runScore, "builtin:us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "needs 9 more") || strings.Contains(text, "NaN") {
		t.Errorf("score text:\n%s", text)
	}
}
