package xdsl

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/network"
	"brink/network/limits"
	"brink/network/model"
)

// readTestdata reads a file of testdata under its base name.
func readTestdata(t *testing.T, name string) *model.Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	m, warnings, err := Read(data, name, limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings:\n%s", strings.Join(warnings, "\n"))
	}
	return m
}

// noisyCanonical is the model of Y in testdata/noisymax.xdsl, by each
// parent's own state order: B's states are mild, none, severe, and its
// <strengths> 2 0 1 put severe first and none, the distinguished state,
// last.
var noisyCanonical = &model.Canonical{
	Kind:         model.NoisyMAX,
	Absent:       2,
	ParentAbsent: []int{1, 1},
	Causes: [][][]float64{
		{{0.6, 0.3, 0.1}, nil},
		{{0.1, 0.3, 0.6}, nil, {0.5, 0.4, 0.1}},
	},
	Leak: []float64{0.05, 0.15, 0.8},
}

// TestNoisyMAX reads testdata/noisymax.xdsl, whose node Y (states high,
// low, none) is a noisy-MAX of A (present, absent) and B (mild, none,
// severe):
//
//	<strengths>0 1 2 0 1</strengths>
//	<parameters>0.6 0.3 0.1  0 0 1  0.5 0.4 0.1  0.1 0.3 0.6  0 0 1  0.05 0.15 0.8</parameters>
//
// A's columns are present, then absent; B's are severe, mild, none; the
// last is the leak. Accumulating each distribution from the absent end,
// C = (1, low + none, none), the leak gives C_L = (1, 0.95, 0.8), A
// present C_A = (1, 0.4, 0.1), B severe C_s = (1, 0.5, 0.1) and B mild
// C_m = (1, 0.9, 0.6). Each row is the product of the C of the leak and
// the parents not absent, differenced (by hand, exact in decimal):
//
//	A=present, B=mild    C_L·C_A·C_m = (1, 0.342, 0.048) → (0.658, 0.294, 0.048)
//	A=present, B=none    C_L·C_A     = (1, 0.38, 0.08)   → (0.62, 0.3, 0.08)
//	A=present, B=severe  C_L·C_A·C_s = (1, 0.19, 0.008)  → (0.81, 0.182, 0.008)
//	A=absent,  B=mild    C_L·C_m     = (1, 0.855, 0.48)  → (0.145, 0.375, 0.48)
//	A=absent,  B=none    C_L         = the leak            (0.05, 0.15, 0.8)
//	A=absent,  B=severe  C_L·C_s     = (1, 0.475, 0.08)  → (0.525, 0.395, 0.08)
//
// Reading B's strengths as one rank per state instead (the inverse
// permutation) would make mild the distinguished state, and the first row
// would be A's alone with the leak. With P(A) = (0.2, 0.8) and P(B) =
// (0.3, 0.5, 0.2), P(Y=high) = 0.2·(0.3·0.658 + 0.5·0.62 + 0.2·0.81) +
// 0.8·(0.3·0.145 + 0.5·0.05 + 0.2·0.525) = 0.13388 + 0.1388 = 0.27268, and
// P(Y=none) = 0.2·0.056 + 0.8·0.56 = 0.4592, so that P(Z=alarm) = 0.5408
// for the deterministic Z, alarm unless Y=none. Tolerance 1e-12: the
// products round in float64.
func TestNoisyMAX(t *testing.T) {
	m := readTestdata(t, "noisymax.xdsl")
	y, _ := m.Net.Index("Y")
	want := []float64{
		0.658, 0.294, 0.048,
		0.62, 0.3, 0.08,
		0.81, 0.182, 0.008,
		0.145, 0.375, 0.48,
		0.05, 0.15, 0.8,
		0.525, 0.395, 0.08,
	}
	got := m.Net.CPT(y)
	if len(got) != len(want) {
		t.Fatalf("CPT of Y has %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= 1e-12) {
			t.Errorf("CPT[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if c := m.Nodes[y].Canonical; !reflect.DeepEqual(c, noisyCanonical) {
		t.Errorf("canonical model\n%+v\nwant\n%+v", c, noisyCanonical)
	}
	z, _ := m.Net.Index("Z")
	if c, want := m.Nodes[z].Canonical, (&model.Canonical{Kind: model.Deterministic, Outcome: []int{0, 0, 1}}); !reflect.DeepEqual(c, want) {
		t.Errorf("Z: canonical model %+v, want %+v", c, want)
	}
	for _, v := range []string{"A", "B"} {
		i, _ := m.Net.Index(v)
		if c := m.Nodes[i].Canonical; c != nil {
			t.Errorf("%s: canonical model %+v for a <cpt>", v, c)
		}
	}
	post := posteriors(t, m, nil)
	for _, c := range []struct {
		v    int
		s    int
		want float64
	}{{y, 0, 0.27268}, {y, 2, 0.4592}, {z, 0, 0.5408}} {
		if d := math.Abs(post[c.v][c.s] - c.want); !(d <= 1e-12) {
			t.Errorf("P(%s=%s) = %v, want %v", m.Net.Name(c.v), m.Net.Variable(c.v).States[c.s], post[c.v][c.s], c.want)
		}
	}
}

// TestNoisyMAXRoundTrip writes testdata/noisymax.xdsl as read and reads it
// back: the canonical models, the tables (float for float: they are
// expanded from the same parameters) and the posteriors survive, and the
// second write is the first. Write lists B's strengths in B's own order
// with the absent state moved last, 0 2 1, not the file's 2 0 1, and the
// parameters to match.
func TestNoisyMAXRoundTrip(t *testing.T) {
	m := readTestdata(t, "noisymax.xdsl")
	out := writeModel(t, m)
	for _, s := range []string{
		"\t\t<noisymax id=\"Y\">\n",
		"\t\t\t<strengths>0 1 0 2 1</strengths>\n",
		"\t\t\t<parameters>0.6 0.3 0.1 0 0 1 0.1 0.3 0.6 0.5 0.4 0.1 0 0 1 0.05 0.15 0.8</parameters>\n\t\t</noisymax>\n",
		"\t\t<deterministic id=\"Z\">\n",
		"\t\t\t<resultingstates>alarm alarm quiet</resultingstates>\n\t\t</deterministic>\n",
	} {
		if !strings.Contains(string(out), s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
	back := readBack(t, out)
	sameNetwork(t, back.Net, m.Net)
	samePosteriors(t, back, m)
	for v := range m.Nodes {
		w, _ := back.Net.Index(m.Net.Name(v))
		if got, want := back.Nodes[w].Canonical, m.Nodes[v].Canonical; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: canonical model %+v, want %+v", m.Net.Name(v), got, want)
		}
	}
	if again := writeModel(t, back); !bytes.Equal(again, out) {
		t.Errorf("second Write differs from the first:\n%s", again)
	}
}

// TestDeterministicRoundTrip checks the <deterministic> node of the Asia
// file: read with its outcomes as canonical model, written back as a
// <deterministic> with the same resulting states.
func TestDeterministicRoundTrip(t *testing.T) {
	m, _ := readInterop(t, "genie-AsiaDiagnosis.xdsl")
	v, _ := m.Net.Index("TbOrCa")
	want := &model.Canonical{Kind: model.Deterministic, Outcome: []int{0, 1, 1, 1}}
	if c := m.Nodes[v].Canonical; !reflect.DeepEqual(c, want) {
		t.Fatalf("canonical model %+v, want %+v", c, want)
	}
	out := writeModel(t, m)
	if s := "<resultingstates>Nothing CancerORTuberculosis CancerORTuberculosis CancerORTuberculosis</resultingstates>"; !strings.Contains(string(out), s) {
		t.Errorf("output lacks %s", s)
	}
	back := readBack(t, out)
	w, _ := back.Net.Index("TbOrCa")
	if c := back.Nodes[w].Canonical; !reflect.DeepEqual(c, want) {
		t.Errorf("read back: canonical model %+v, want %+v", c, want)
	}
}

// TestWriteCanonicalAsTable checks the canonical models Write gives as a
// <cpt>: a noisy-MAX in MSBNx's order (absent state first), which GeNIe
// cannot hold; one that no longer gives the node's table; and a ranked
// node. In each case the table itself is written, and read back without a
// canonical model.
func TestWriteCanonicalAsTable(t *testing.T) {
	// Y (none, low, high) is a noisy-MAX of A (absent, present), absent
	// states first.
	msbnx := &model.Canonical{Kind: model.NoisyMAX, Absent: 0, ParentAbsent: []int{0},
		Causes: [][][]float64{{nil, {0.1, 0.3, 0.6}}}, Leak: []float64{0.8, 0.15, 0.05}}
	cpt, err := msbnx.Table(3, []int{2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	build := func(cpt []float64, c *model.Canonical) *model.Model {
		n, err := network.New([]network.VariableSpec{
			{Name: "A", States: []string{"absent", "present"}, CPT: []float64{0.9, 0.1}},
			{Name: "Y", States: []string{"none", "low", "high"}, Parents: []string{"A"}, CPT: cpt},
		})
		if err != nil {
			t.Fatal(err)
		}
		m := model.New(n)
		m.Nodes[1].Canonical = c
		return m
	}
	edited := append([]float64(nil), cpt...)
	edited[3], edited[4] = edited[3]+0.01, edited[4]-0.01
	genie := &model.Canonical{Kind: model.NoisyMAX, Absent: 2, ParentAbsent: []int{0},
		Causes: [][][]float64{{nil, {0.6, 0.3, 0.1}}}, Leak: []float64{0.05, 0.15, 0.8}}
	gcpt, err := genie.Table(3, []int{2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	ranked := &model.Canonical{Kind: model.Ranked, Function: "wmean", Weights: []float64{1}, Variance: 0.1}
	rcpt, err := ranked.Table(3, []int{2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		m    *model.Model
	}{
		{"MSBNx order", build(cpt, msbnx)},
		{"table edited", build(edited, genie)},
		{"ranked", build(rcpt, ranked)},
		{"GeNIe order, table edited", build(append(gcpt[:3:3], 0.2, 0.3, 0.5), genie)},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := writeModel(t, c.m)
			if !strings.Contains(string(out), "<cpt id=\"Y\">") || strings.Contains(string(out), "<noisymax") {
				t.Errorf("Y not written as a <cpt>:\n%s", out)
			}
			back := readBack(t, out)
			sameNetwork(t, back.Net, c.m.Net)
			if cb := back.Nodes[1].Canonical; cb != nil {
				t.Errorf("read back with canonical model %+v", cb)
			}
		})
	}
	// The same GeNIe-order model, with its own table, is a <noisymax>.
	out := writeModel(t, build(gcpt, genie))
	if !strings.Contains(string(out), "<noisymax id=\"Y\">") || !strings.Contains(string(out), "<strengths>1 0</strengths>") {
		t.Errorf("Y not written as a <noisymax> with A's absent state last:\n%s", out)
	}
	back := readBack(t, out)
	if cb := back.Nodes[1].Canonical; !reflect.DeepEqual(cb, genie) {
		t.Errorf("read back with canonical model %+v, want %+v", cb, genie)
	}
}

// TestNoisyMAXDefaultStrengths reads a noisy-MAX node without
// <strengths>, which SMILE's schema allows: A's states count in their own
// order, a2 distinguished. With the leak (0.1, 0.9) and A=a1 alone
// (0.8, 0.2), accumulated from the absent end, C_L = (1, 0.9) and C_A =
// (1, 0.2): the row for a1 is (1, 0.18) → (0.82, 0.18), and for a2 the
// leak (tolerance 1e-15).
func TestNoisyMAXDefaultStrengths(t *testing.T) {
	m, _, err := Read([]byte(doc(nodeA, noisyN+`<parameters>0.8 0.2 0 1 0.1 0.9</parameters></noisymax>`)), "t.xdsl", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.82, 0.18, 0.1, 0.9}
	got := m.Net.CPT(1)
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= 1e-15) {
			t.Fatalf("CPT %v, want %v", got, want)
		}
	}
	wantC := &model.Canonical{Kind: model.NoisyMAX, Absent: 1, ParentAbsent: []int{1},
		Causes: [][][]float64{{{0.8, 0.2}, nil}}, Leak: []float64{0.1, 0.9}}
	if c := m.Nodes[1].Canonical; !reflect.DeepEqual(c, wantC) {
		t.Errorf("canonical model %+v, want %+v", c, wantC)
	}
}
