package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"brink/gui/report"
	"brink/network/formats"
)

func TestScenarioID(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Red Sea spark", "red_sea_spark"},
		{"  US: surge (2026)!  ", "us_surge_2026"},
		{"Maximum   pressure", "maximum_pressure"},
		{"Café crisis", "café_crisis"},
		{"already_an_id", "already_an_id"},
		{"—", "scenario"},
		{"", "scenario"},
	}
	for _, tc := range tests {
		if got := ScenarioID(tc.title); got != tc.want {
			t.Errorf("ScenarioID(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

// TestSaveTitledScenario saves titled scenarios, refusing taken names and
// titles, and reads the title back from the saved file.
func TestSaveTitledScenario(t *testing.T) {
	w, path := open(t)
	smoke, yes := idx(t, w, "smoke", "yes")
	if err := w.ToggleState(smoke, yes); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveTitledScenario("Smoker, nothing else", "", "", "", nil); err != nil {
		t.Fatal(err)
	}
	if sc, ok := w.Model().Scenario("smoker_nothing_else"); !ok || sc.Title != "Smoker, nothing else" || len(sc.Findings) != 1 {
		t.Fatalf("saved %+v", sc)
	}
	tests := []struct {
		name, title, id string
		want            error
	}{
		{"same title", "smoker, NOTHING else", "other", ErrScenarioTitleExists},
		{"another scenario's title", "Smoker short of breath", "x", ErrScenarioTitleExists},
		{"derived id taken", "Smoker: nothing else!", "", ErrScenarioExists},
		{"id taken", "New", "asia_positive_xray", ErrScenarioExists},
	}
	for _, tc := range tests {
		if err := w.SaveTitledScenario(tc.title, tc.id, "", "", nil); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if err := w.SaveTitledScenario("  ", "", "", "", nil); err == nil {
		t.Error("empty title accepted")
	}
	if err := w.Save(false); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if sc, ok := doc.Model.Scenario("smoker_nothing_else"); !ok || sc.Title != "Smoker, nothing else" {
		t.Errorf("read back %+v", sc)
	}
}

// TestRetitleScenario edits a scenario's title and id together, changing
// nothing when either is refused.
func TestRetitleScenario(t *testing.T) {
	w, _ := open(t)
	if err := w.ApplyScenario("asia_positive_xray"); err != nil {
		t.Fatal(err)
	}
	if err := w.RetitleScenario("asia_positive_xray", "Smoker short of breath", "xray"); !errors.Is(err, ErrScenarioTitleExists) {
		t.Errorf("taken title: %v", err)
	}
	if err := w.RetitleScenario("asia_positive_xray", "X-ray", "smoker_with_dyspnoea"); !errors.Is(err, ErrScenarioExists) {
		t.Errorf("taken id: %v", err)
	}
	if sc, ok := w.Model().Scenario("asia_positive_xray"); !ok || sc.Title != "Asia visitor, positive X-ray" {
		t.Fatalf("changed by a refused edit: %+v", sc)
	}
	if err := w.RetitleScenario("asia_positive_xray", "Asia and X-ray", "asia_xray"); err != nil {
		t.Fatal(err)
	}
	sc, ok := w.Model().Scenario("asia_xray")
	if !ok || sc.Title != "Asia and X-ray" || w.AppliedScenario() != "asia_xray" || !w.Dirty() {
		t.Errorf("retitled %+v, applied %q, dirty %v", sc, w.AppliedScenario(), w.Dirty())
	}
	err := w.RetitleScenario("asia_xray", "Asia only", "")
	if sc, _ = w.Model().Scenario("asia_xray"); err != nil || sc.Title != "Asia only" {
		t.Errorf("title only: %v, %+v", err, sc)
	}
}

// TestComparisonTitlesAndChart checks that a comparison names the
// scenarios by title and that its chart writes to each format.
func TestComparisonTitlesAndChart(t *testing.T) {
	w, _ := open(t)
	names := []string{"", "smoker_with_dyspnoea"}
	c, err := w.Compare(names, []int{0})
	if err != nil {
		t.Fatal(err)
	}
	if c.Titles[0] != "baseline" || c.Titles[1] != "Smoker short of breath" {
		t.Errorf("titles %q", c.Titles)
	}
	cols, err := w.ComparisonColumns(names)
	if err != nil {
		t.Fatal(err)
	}
	if cols[1].Name != "Smoker short of breath" {
		t.Errorf("column %q", cols[1].Name)
	}
	if _, err := w.ComparisonColumns([]string{"nope"}); err == nil {
		t.Error("unknown scenario accepted")
	}
	dir := t.TempDir()
	for _, f := range []string{"c.png", "c.svg", "c.pdf"} {
		p := filepath.Join(dir, f)
		if _, err := WriteChart(w.Model(), cols, p, report.Options{Width: 640, Height: 360}); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := WriteChart(w.Model(), cols, filepath.Join(dir, "c.gif"), report.Options{}); !errors.Is(err, report.ErrFormat) {
		t.Errorf("gif: %v", err)
	}
}
