package modelio

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brink/internal/atomicfile"
	"brink/network"
	"brink/network/formats"
	"brink/network/limits"
	"brink/network/model"
)

func load(t *testing.T, name string) *formats.Document {
	t.Helper()
	doc, err := formats.Load(filepath.Join("../../models", name))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestLosses lists what each format leaves out of the flagship model
// (models/us-iran.toml: 9 scenarios with 18 findings, 27 documented
// nodes, one source), as its writer and reader actually keep it.
func TestLosses(t *testing.T) {
	m := load(t, "us-iran.toml").Model
	tests := []struct {
		ext      string
		format   string
		has, not []string
	}{
		{".toml", "Brink model", nil, nil},
		{".bif", "BIF",
			[]string{"9 scenarios (18 findings)", "1 source", "the model's notes", "9 stated limits of the model", "the title", "rationales of 27 nodes", "citations of 27 nodes", "positions of 27 nodes", "descriptions of 27 nodes", "roles of 27 nodes", "state labels of 27 nodes"},
			[]string{"the exact states, parents or CPT"}},
		{".xmlbif", "XMLBIF",
			[]string{"9 scenarios (18 findings)", "1 source", "labels of 27 nodes", "rationales of 27 nodes"},
			[]string{"the title", "positions", "descriptions", "the exact states"}},
		{".net", "Hugin NET",
			[]string{"9 scenarios (18 findings)", "1 source", "groups of 27 nodes", "state labels of 27 nodes"},
			[]string{"the title", "positions", "labels of", "descriptions", "the exact states"}},
	}
	for _, tt := range tests {
		t.Run(tt.ext, func(t *testing.T) {
			lost, err := Losses(m, "m"+tt.ext)
			if err != nil {
				t.Fatal(err)
			}
			if tt.has == nil && len(lost) > 0 {
				t.Errorf("the document of record loses %q", lost)
			}
			for _, want := range tt.has {
				if !slices.Contains(lost, want) {
					t.Errorf("%q missing from %q", want, lost)
				}
			}
			for _, bad := range tt.not {
				if slices.ContainsFunc(lost, func(l string) bool { return strings.HasPrefix(l, bad) }) {
					t.Errorf("%q listed, but %s keeps it: %q", bad, tt.format, lost)
				}
			}
		})
	}
}

func TestExport(t *testing.T) {
	m := load(t, "us-iran.toml").Model
	dir := t.TempDir()
	path := filepath.Join(dir, "us-iran.bif")
	lost, err := Export(path, m, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(lost) == 0 || lost[0] != "9 scenarios (18 findings)" {
		t.Errorf("lost %q", lost)
	}
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Model.Net.NumVariables() != m.Net.NumVariables() {
		t.Errorf("%d variables, want %d", doc.Model.Net.NumVariables(), m.Net.NumVariables())
	}
	xdslPath := filepath.Join(dir, "m.xdsl")
	if lost, err := Export(xdslPath, m, 0); err != nil || len(lost) == 0 || lost[0] != "9 scenarios (18 findings)" {
		t.Errorf("export to .xdsl: lost %q, %v", lost, err)
	}
	if err := os.Remove(xdslPath); err != nil {
		t.Fatal(err)
	}
	// A read-only file is replaced only when forced.
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(path, m, 0); !errors.Is(err, atomicfile.ErrReadOnly) {
		t.Errorf("export over a read-only file: %v", err)
	}
	if _, err := Export(path, m, ForceReadOnly); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left in the directory: %v", entries)
	}
}

func TestSave(t *testing.T) {
	doc := load(t, "asia.toml")
	dir := t.TempDir()
	path := filepath.Join(dir, "asia.toml")
	st, err := Save(path, doc.Model, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Save(filepath.Join(dir, "asia.bif"), doc.Model, nil, ForceAll); !errors.Is(err, ErrNotTOML) {
		t.Errorf("Save to .bif: %v, want ErrNotTOML", err)
	}
	if err := os.WriteFile(path, []byte("# theirs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Save(path, doc.Model, &st, ForceReadOnly); !errors.Is(err, atomicfile.ErrChangedOnDisk) {
		t.Errorf("Save over a changed file: %v, want ErrChangedOnDisk", err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, err := Save(path, doc.Model, &st, ForceChanged); !errors.Is(err, atomicfile.ErrReadOnly) {
		t.Errorf("Save over a read-only file: %v, want ErrReadOnly", err)
	}
	if st, err = Save(path, doc.Model, &st, ForceAll); err != nil {
		t.Fatal(err)
	}
	if now, _ := atomicfile.Current(path); now != st {
		t.Error("the returned stamp is not the file's")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left in the directory: %v", entries)
	}
}

// TestSaveRefusesWhatDoesNotReadBack builds models that Brink's reader
// would refuse, and shows that Save refuses them with the reason and
// leaves the old file as it was. Today the writer refuses each of them
// itself; reading the bytes back before the rename (TestReadBack) is the
// net under it.
func TestSaveRefusesWhatDoesNotReadBack(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(m *model.Model)
		cause string // in the message
	}{
		{"scenario names a missing node", func(m *model.Model) {
			m.Scenarios = append(m.Scenarios, model.Scenario{Name: "ghost", Findings: []model.Finding{{Node: "deleted_node", Kind: network.Hard, State: "yes"}}})
		}, `no node "deleted_node"`},
		{"scenario names a missing state", func(m *model.Model) {
			m.Scenarios = append(m.Scenarios, model.Scenario{Name: "ghost", Findings: []model.Finding{{Node: "smoke", Kind: network.Hard, State: "sometimes"}}})
		}, `no state "sometimes"`},
		{"NaN position", func(m *model.Model) {
			m.Nodes[0].Position = &model.Point{X: math.NaN(), Y: math.Inf(1)}
		}, "NaN"},
		{"bad observation date", func(m *model.Model) {
			m.Scenarios = append(m.Scenarios, model.Scenario{Name: "late", Findings: []model.Finding{{Node: "smoke", Kind: network.Hard, State: "yes", Provenance: &model.Provenance{Observed: "yesterday"}}}})
		}, "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, "asia.toml")
			dir := t.TempDir()
			path := filepath.Join(dir, "asia.toml")
			old, _ := os.ReadFile("../../models/asia.toml")
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}
			tt.spoil(doc.Model)
			expect := atomicfile.StampOf(old)
			_, err := Save(path, doc.Model, &expect, 0)
			if err == nil || !strings.Contains(err.Error(), tt.cause) {
				t.Fatalf("got %v, want a refusal with %q", err, tt.cause)
			}
			if got, _ := os.ReadFile(path); string(got) != string(old) {
				t.Error("the old file changed")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("left in the directory: %v", entries)
			}
			if _, err := Export(filepath.Join(dir, "copy.toml"), doc.Model, 0); err == nil {
				t.Error("Export wrote it")
			}
		})
	}
}

// TestSaveRefusesBeyondTheReadersLimits: a variable with more states
// than the readers accept (limits.DefaultStates) is one the writer
// encodes but the reader refuses; Save reads it back, refuses with the
// reader's reason, and the old file stays.
func TestSaveRefusesBeyondTheReadersLimits(t *testing.T) {
	k := limits.DefaultStates + 1
	states := make([]string, k)
	cpt := make([]float64, k)
	for i := range states {
		states[i] = fmt.Sprint("s", i)
		cpt[i] = 1 / float64(k)
	}
	cpt[0] = 1 - float64(k-1)/float64(k)
	n, err := network.New([]network.VariableSpec{{Name: "wide", States: states, CPT: cpt}})
	if err != nil {
		t.Skipf("the network itself refuses %d states: %v", k, err)
	}
	path := filepath.Join(t.TempDir(), "m.toml")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Save(path, model.New(n), nil, ForceAll)
	var rb *ReadBackError
	if !errors.As(err, &rb) || !strings.Contains(err.Error(), "unchanged") || !strings.Contains(err.Error(), "states") {
		t.Fatalf("got %v, want a ReadBackError about the states", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("the old file changed")
	}
}

// TestReadBack: bytes the reader refuses give a ReadBackError carrying
// the reader's positioned reason.
func TestReadBack(t *testing.T) {
	_, err := readBack([]byte("[model]\nformat = 1\n[[node]]\nid = \"a\"\nstates = [\"x\", \"x\"]\n"), "dir/m.toml")
	var rb *ReadBackError
	if !errors.As(err, &rb) || rb.Path != "dir/m.toml" || !strings.Contains(err.Error(), "dir/m.toml:") {
		t.Errorf("got %v, want a ReadBackError with the reader's position", err)
	}
}

// TestLossesPeriod checks that exporting to a format that cannot hold a
// model's as-of date and horizon says so, and says nothing when the model
// has neither.
func TestLossesPeriod(t *testing.T) {
	tests := []struct {
		asOf, horizon string
		want          string
	}{
		{"", "", ""},
		{"2026-12-07", "", "the as-of date"},
		{"2026-12-07", "2027-06-07", "the as-of date and the horizon"},
	}
	for _, ext := range []string{".bif", ".xmlbif", ".net", ".xdsl"} {
		for _, tt := range tests {
			m := load(t, "asia.toml").Model
			m.AsOf, m.Horizon = tt.asOf, tt.horizon
			lost, err := Losses(m, "m"+ext)
			if err != nil {
				t.Fatal(err)
			}
			got := slices.DeleteFunc(lost, func(l string) bool { return !strings.HasPrefix(l, "the as-of date") })
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("%s without a period: %q", ext, got)
			case tt.want != "" && !slices.Equal(got, []string{tt.want}):
				t.Errorf("%s, as of %q, horizon %q: %q, want %q", ext, tt.asOf, tt.horizon, got, tt.want)
			}
		}
		m := load(t, "asia.toml").Model
		m.AsOf, m.Horizon = "2026-12-07", "2027-06-07"
		if lost, err := Losses(m, "m.toml"); err != nil || len(lost) > 0 {
			t.Errorf("the model file loses %q (%v)", lost, err)
		}
	}
}
