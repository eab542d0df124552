package bif

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/network"
	"brink/network/limits"
	"brink/network/model"
)

// standardNetworks lists the bnlearn exports with their node and arc counts
// from ../../../shared/networks/SOURCES.md.
var standardNetworks = []struct {
	name        string
	nodes, arcs int
}{
	{"asia", 8, 8},
	{"cancer", 5, 4},
	{"earthquake", 5, 4},
	{"sachs", 11, 17},
	{"survey", 6, 6},
	{"alarm", 37, 46},
	{"child", 20, 25},
	{"insurance", 27, 52},
	{"water", 32, 66},
	{"mildew", 35, 46},
	{"hailfinder", 56, 66},
	{"hepar2", 70, 123},
	{"win95pts", 76, 112},
	{"barley", 48, 84},
	{"andes", 223, 338},
	{"pathfinder", 109, 195},
	{"munin1", 186, 273},
	{"munin", 1041, 1397},
	{"diabetes", 413, 602},
	{"pigs", 441, 592},
	{"link", 724, 1125},
}

func readTestFile(t testing.TB, path string) *network.Network {
	t.Helper()
	n, err := ReadFile(path)
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", path, err)
	}
	return n
}

func arcs(n *network.Network) int {
	a := 0
	for v := range n.NumVariables() {
		a += len(n.Parents(v))
	}
	return a
}

func TestStandardNetworks(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(networksDir(t), "*.bif"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(standardNetworks) {
		t.Errorf("found %d .bif files in %s, want %d", len(files), networksDir(t), len(standardNetworks))
	}
	for _, tc := range standardNetworks {
		t.Run(tc.name, func(t *testing.T) {
			n := readTestFile(t, filepath.Join(networksDir(t), tc.name+".bif"))
			if got := n.NumVariables(); got != tc.nodes {
				t.Errorf("%d variables, want %d", got, tc.nodes)
			}
			if got := arcs(n); got != tc.arcs {
				t.Errorf("%d arcs, want %d", got, tc.arcs)
			}
		})
	}
}

// prob returns P(variable = state | given) from n's CPT, where given lists
// "parent=state" for every parent.
func prob(t *testing.T, n *network.Network, variable, state string, given ...string) float64 {
	t.Helper()
	v, s, err := n.Lookup(variable, state)
	if err != nil {
		t.Fatal(err)
	}
	row := 0
	for i, pa := range n.Parents(v) {
		name, st, _ := strings.Cut(given[i], "=")
		if name != n.Name(pa) {
			t.Fatalf("parent %d of %s is %s, not %s", i, variable, n.Name(pa), name)
		}
		_, ps, err := n.Lookup(name, st)
		if err != nil {
			t.Fatal(err)
		}
		row = row*n.Card(pa) + ps
	}
	if len(given) != len(n.Parents(v)) {
		t.Fatalf("%s has %d parents, %d given", variable, len(n.Parents(v)), len(given))
	}
	return n.CPT(v)[row*n.Card(v)+s]
}

// TestSpotValues compares CPT entries with the numbers in the files, read
// by hand. Rows are normalised on load, so the tolerance is 1e-12.
func TestSpotValues(t *testing.T) {
	cases := []struct {
		file     string
		variable string
		state    string
		given    []string
		want     float64
		line     string // where the number is in the file
	}{
		{"asia", "tub", "yes", []string{"asia=yes"}, 0.05, "asia.bif:30 (yes) 0.05, 0.95"},
		{"asia", "asia", "yes", nil, 0.01, "asia.bif:27 table 0.01, 0.99"},
		{"asia", "either", "yes", []string{"lung=no", "tub=yes"}, 1, "asia.bif:47 (no, yes) 1.0, 0.0"},
		{"asia", "dysp", "no", []string{"bronc=yes", "either=no"}, 0.2, "asia.bif:59 (yes, no) 0.8, 0.2"},
		{"child", "CO2Report", ">=7.5", []string{"CO2=High"}, 0.9, "child.bif (High) 0.1, 0.9"},
		{"child", "HypDistrib", "Unequal", []string{"DuctFlow=Rt_to_Lt", "CardiacMixing=None"}, 0.95, "child.bif (Rt_to_Lt, None) 0.05, 0.95"},
		{"alarm", "HISTORY", "TRUE", []string{"LVFAILURE=FALSE"}, 0.01, "alarm.bif (FALSE) 0.01, 0.99"},
		{"alarm", "HR", "HIGH", []string{"CATECHOL=HIGH"}, 0.90, "alarm.bif:407 (HIGH) 0.01, 0.09, 0.90"},
		{"barley", "komm", "state2", nil, 0.2, "barley.bif:151 table 0.2, 0.2, 0.2, 0.2, 0.2"},
		{"diabetes", "ins_indep_1", "1_2mmol_kg_h", []string{"renal_cl_1=0_4mmol_kg_h", "ins_indep_util_1=0_8mmol_kg_h"}, 0.99939994, "diabetes.bif:3266"},
		{"mildew", "dm_1", "0_00_kg_m2", []string{"foto_1=0_05_kg_m2"}, 1, "mildew.bif (0_05_kg_m2) 1.0, 0.0, ..."},
	}
	nets := map[string]*network.Network{}
	for _, c := range cases {
		n := nets[c.file]
		if n == nil {
			n = readTestFile(t, filepath.Join(networksDir(t), c.file+".bif"))
			nets[c.file] = n
		}
		if got := prob(t, n, c.variable, c.state, c.given...); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: P(%s=%s | %s) = %v, want %v (%s)", c.file, c.variable, c.state, strings.Join(c.given, ", "), got, c.want, c.line)
		}
	}
}

func TestJavaBayes(t *testing.T) {
	cases := []struct {
		file  string
		nodes int
		arcs  int
	}{
		{"javabayes-alarm.bif", 37, 46},
		{"javabayes-car-starts.bif", 18, 17},
		{"javabayes-hailfinder25.bif", 56, 66},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(interopDir(t), c.file))
			if err != nil {
				t.Fatal(err)
			}
			m, warnings, err := Read(data, c.file, limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 {
				t.Errorf("warnings: %q", warnings)
			}
			n := m.Net
			if got := n.NumVariables(); got != c.nodes {
				t.Errorf("%d variables, want %d", got, c.nodes)
			}
			if got := arcs(n); got != c.arcs {
				t.Errorf("%d arcs, want %d", got, c.arcs)
			}
			for v, doc := range m.Nodes {
				if doc.Position == nil {
					t.Errorf("variable %s has no position", n.Name(v))
				}
			}
		})
	}
}

// TestJavaBayesTransposed checks tables of variables with parents, in which
// the child's state varies slowest, against the files read by hand.
func TestJavaBayesTransposed(t *testing.T) {
	cars := readTestFile(t, filepath.Join(interopDir(t), "javabayes-car-starts.bif"))
	hail := readTestFile(t, filepath.Join(interopDir(t), "javabayes-hailfinder25.bif"))
	alarm := readTestFile(t, filepath.Join(interopDir(t), "javabayes-alarm.bif"))
	cases := []struct {
		n        *network.Network
		variable string
		state    string
		given    []string
		want     float64
		where    string
	}{
		// car-starts.bif:93-95, `table 0.0 1.0 0.0 ...`: 12 values for Good, then 12 for Low.
		{cars, "Charge", "Good", []string{"Alternator=Ok", "FanBelt=Ok", "Leak=NoLeak"}, 1, "value 2"},
		{cars, "Charge", "Good", []string{"Alternator=Ok", "FanBelt=Slipping", "Leak=Leak"}, 0, "value 3"},
		{cars, "Charge", "Low", []string{"Alternator=Ok", "FanBelt=Slipping", "Leak=Leak"}, 1, "value 15"},
		{cars, "Charge", "Low", []string{"Alternator=Faulted", "FanBelt=Broken", "Leak=NoLeak"}, 0.5, "value 24"},
		// car-starts.bif, `"BatteryState" "BatteryAge"`: table 0.99 0.8 0.01 0.2.
		{cars, "BatteryState", "Ok", []string{"BatteryAge=Old"}, 0.8, "value 2"},
		{cars, "BatteryState", "Weak", []string{"BatteryAge=New"}, 0.01, "value 3"},
		// car-starts.bif, root with a comment after each value: 0.9995, 5.0E-4.
		{cars, "Alternator", "Faulted", nil, 5.0e-4, "value 2"},
		// hailfinder25.bif:232, WindFieldMt given Scenario (11 states): 0.8 0.35 ... 0.2 0.65.
		{hail, "WindFieldMt", "Westerly", []string{"Scenario=B"}, 0.35, "value 2"},
		{hail, "WindFieldMt", "LVorOther", []string{"Scenario=B"}, 0.65, "value 13"},
		// alarm.bif:204, HREKG given HR, ErrCauter; rows of 0.333333 sum to 0.999999
		// and are normalised.
		{alarm, "HREKG", "Low", []string{"HR=Low", "ErrCauter=False"}, 0.98, "value 2"},
		{alarm, "HREKG", "Normal", []string{"HR=Normal", "ErrCauter=True"}, 1.0 / 3, "value 9, normalised"},
	}
	for _, c := range cases {
		if got := prob(t, c.n, c.variable, c.state, c.given...); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("P(%s=%s | %s) = %v, want %v (%s)", c.variable, c.state, strings.Join(c.given, ", "), got, c.want, c.where)
		}
	}
}

func TestLayout(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(interopDir(t), "javabayes-car-starts.bif"))
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := Read(data, "car-starts.bif", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// car-starts.bif:6 and :27: property "position = (47, 42)" ; and the
	// same block as `property "observed Weak" ;`.
	for name, want := range map[string]model.Point{"Alternator": {X: 47, Y: 42}, "BatteryState": {X: 286, Y: 121}, "Starts": {X: 539, Y: 472}} {
		v, ok := m.Net.Index(name)
		if !ok {
			t.Fatalf("no variable %s", name)
		}
		if got := m.Nodes[v].Position; got == nil || *got != want {
			t.Errorf("position of %s = %v, want %v", name, got, want)
		}
	}
	m, _, err = Read([]byte(tiny), "tiny.bif", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for v, doc := range m.Nodes {
		if doc.Position != nil {
			t.Errorf("variable %s of a file without positions has position %v", m.Net.Name(v), doc.Position)
		}
	}
}
