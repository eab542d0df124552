package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/termtext"
	"brink/network/modelfile"
)

// TestScenarioTitles checks that the scenarios listing shows each
// scenario's title with its id, in text and JSON.
func TestScenarioTitles(t *testing.T) {
	out, errs, st := brinkctl(t, "scenarios", "../../models/us-iran.toml")
	if st != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{"Maximum pressure  [maximum_pressure]  (by Brink team)\n", "\nRed Sea spark  [red_sea_spark]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, errs, st = brinkctl(t, "scenarios", "../../models/us-iran.toml", "--json")
	if st != 0 {
		t.Fatal(errs)
	}
	var got []scenarioJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, s := range got {
		titles[s.Name] = s.Title
	}
	if titles["red_sea_spark"] != "Red Sea spark" || titles["maximum_pressure"] != "Maximum pressure" {
		t.Errorf("JSON titles %v", titles)
	}
}

// TestScenarioTitleEscaped lists a scenario whose title holds control
// characters: they show as escapes, never raw.
func TestScenarioTitleEscaped(t *testing.T) {
	path, _ := hostileModel(t)
	m, err := modelfile.Load(path)
	if err != nil {
		t.Skipf("the reader refuses the hostile model: %v", err)
	}
	m.Scenarios[0].Title = "title " + hostile
	data, err := modelfile.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	titled := filepath.Join(t.TempDir(), "titled.toml")
	if err := os.WriteFile(titled, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, st := brinkctl(t, "scenarios", titled)
	if st != 0 {
		t.Fatal(errs)
	}
	if where, bad := rawControl(out); bad {
		t.Errorf("raw control character: %s", where)
	}
	if want := "title " + termtext.Escape(hostile) + "  [" + termtext.Escape(hostileScenario) + "]"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}
