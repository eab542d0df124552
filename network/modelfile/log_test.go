package modelfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"brink/network"
	"brink/network/limits"
)

// logged is base with a log and forecasts of every kind, written as Write
// writes them.
const logged = base + `
[[log]]
date = "2027-01-04"
node = "a"
state = "x"
note = "first report"
source = "src"
reliability = "B"
credibility = 2

[[log]]
date = "2027-01-02"
node = "b"
likelihood = [0.2, 0.3, 0.5]

[[log]]
date = "2027-01-05"
node = "b"
not = ["u", "v"]

[[log]]
date = "2027-01-06"
node = "a"
do = "y"

[[log]]
date = "2027-01-07"
node = "a"
retract = true
note = "withdrawn"

[[forecast]]
date = "2027-01-01"
node = "b"
p = [0.2, 0.3, 0.5]
note = "by March"
resolved = "w"
resolved_on = "2027-03-01"

[[forecast]]
date = "2027-01-02"
node = "a"
p = [0.5, 0.5]
`

// TestLogRoundTrip: log entries and forecasts read and write back byte for
// byte, in the order the file gives them.
func TestLogRoundTrip(t *testing.T) {
	m, _, err := Read([]byte(logged), "t.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Log) != 5 || len(m.Forecasts) != 2 {
		t.Fatalf("%d entries and %d forecasts", len(m.Log), len(m.Forecasts))
	}
	if e := m.Log[4]; !e.Retract || e.Finding.Node != "a" || e.Finding.Provenance.Note != "withdrawn" {
		t.Errorf("retraction read as %+v", e)
	}
	if e := m.Log[3]; !e.Finding.Action || e.Finding.Kind != network.Hard {
		t.Errorf("action read as %+v", e)
	}
	out, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := "# Brink model file (format described in docs/model-format.md).\n\n" + logged
	if !bytes.Equal(out, []byte(want)) {
		t.Errorf("round trip differs:\n%s\nwant\n%s", out, want)
	}
}

// TestLogErrors: entries and forecasts naming a removed node or state, bad
// dates and unknown keys are reported with the line of the key at fault
// (column 1: the key's position, as for the other tables).
func TestLogErrors(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           string
		cause          error
	}{
		{"removed node", "date = \"2027-01-02\"\nnode = \"b\"", "date = \"2027-01-02\"\nnode = \"gone\"", `t.toml:48:1: modelfile: log entry 2 (2027-01-02): no node "gone"`, network.ErrUnknownVariable},
		{"removed state", `state = "x"`, `state = "q"`, `t.toml:40:1: modelfile: log entry 1 (2027-01-04): node "a" has no state "q" (states: x, y)`, network.ErrUnknownState},
		{"bad date", `date = "2027-01-05"`, `date = "2027-02-30"`, `t.toml:52:1: modelfile: log entry 3: "2027-02-30" is not a calendar date written YYYY-MM-DD`, ErrInvalid},
		{"unknown key", "retract = true", "retract = true\ncolour = 1", `t.toml:65:1: modelfile: unknown key "log.colour"`, ErrUnknownKey},
		{"two kinds", "retract = true", "retract = true\nstate = \"x\"", `t.toml:61:1: modelfile: log entry 5 (2027-01-07), node "a": an entry needs exactly one of`, ErrInvalid},
		{"forecast state", `resolved = "w"`, `resolved = "z"`, `t.toml:72:1: modelfile: forecast 1 (2027-01-01): node "b" has no state "z"`, network.ErrUnknownState},
		{"forecast sum", `p = [0.5, 0.5]`, `p = [0.5, 0.6]`, `t.toml:78:1: modelfile: forecast 2 (2027-01-02): probabilities sum to`, ErrInvalid},
		{"forecast node", "date = \"2027-01-02\"\nnode = \"a\"", "date = \"2027-01-02\"\nnode = \"gone\"", `t.toml:77:1: modelfile: forecast 2 (2027-01-02): no node "gone"`, network.ErrUnknownVariable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(logged, c.old, c.new, 1)
			if src == logged {
				t.Fatal("case changes nothing")
			}
			_, _, err := Read([]byte(src), "t.toml", limits.Limits{})
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, c.want)
			}
			if !errors.Is(err, c.cause) {
				t.Errorf("error %v is not %v", err, c.cause)
			}
		})
	}
}

// TestOldFilesHaveNoLog: a file without a log reads with none and writes
// without one.
func TestOldFilesHaveNoLog(t *testing.T) {
	m, _, err := Read([]byte(base), "t.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Log != nil || m.Forecasts != nil {
		t.Errorf("log %v forecasts %v", m.Log, m.Forecasts)
	}
	out, _ := Marshal(m)
	if strings.Contains(string(out), "[[log]]") || strings.Contains(string(out), "[[forecast]]") {
		t.Error("a log written for a model without one")
	}
}
