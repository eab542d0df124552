package bif

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
	"brink/network/jtree"
	"brink/network/limits"
	"brink/network/model"
)

const carpo = "msbnx-carpo-noisymax.bif"

// readCarpo reads MSBNx's CARPO network as MSBNx wrote it. The file
// declares 61 variables but has no probability block for N117 (declared
// last, named in no other block): the reader gives it equally likely
// states and says so, which changes no other node's beliefs.
func readCarpo(t *testing.T) *model.Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(interopDir(t), "unsupported", carpo))
	if err != nil {
		t.Fatal(err)
	}
	m, warnings, err := Read(data, carpo, limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := carpo + `:495:10: bif: variable "N117" has no probability block and is joined to no other node (MSBNx leaves such blocks out): its states are taken as equally likely`
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q, want only %q", warnings, want)
	}
	return m
}

// TestMSBNxCarpo reads the file as MSBNx wrote it: its 45 noisy-MAX blocks
// become noisy-MAX nodes, and N117, which has no block, is a uniform root
// (a missing block of a node that others depend on stays an error; see
// errors_test.go).
func TestMSBNxCarpo(t *testing.T) {
	m := readCarpo(t)
	if v, ok := m.Net.Index("N117"); !ok || m.Net.CPT(v)[0] != 0.5 {
		t.Error("N117 is not a uniform root")
	}
	if got := m.Net.NumVariables(); got != 61 {
		t.Errorf("%d variables, want 61", got)
	}
	noisy := 0
	for v, nd := range m.Nodes {
		c := nd.Canonical
		if c == nil {
			continue
		}
		noisy++
		if c.Kind != model.NoisyMAX || c.Absent != 0 || slices.ContainsFunc(c.ParentAbsent, func(a int) bool { return a != 0 }) {
			t.Errorf("%s: canonical model %+v, want noisy-MAX with every absent state 0", m.Net.Name(v), c)
		}
	}
	if noisy != 45 {
		t.Errorf("%d noisy-MAX nodes, want 45", noisy)
	}
}

// TestMSBNxN9 checks the table of N9 (states 0, 1, 2) given N5, N19 and
// N69 (two states each), from the rows
//
//	(0, 0, 0) 0.8999999762 , 0.05000000075 , 0.05000000075;  // Leak term
//	(1, 0, 0) 0.1000000015 , 0.8000000119 , 0.1000000015;
//	(0, 1, 0) 0.05000000075 , 0.1000000015 , 0.8500000238;
//	(0, 0, 1) 0.1000000015 , 0.8000000119 , 0.1000000015;
//
// by hand, with the numbers rounded to (0.9, 0.05, 0.05), (0.1, 0.8, 0.1),
// (0.05, 0.1, 0.85) and (0.1, 0.8, 0.1). State 0 is the absent one, so each
// distribution is accumulated from state 0 up, C = (p0, p0 + p1, 1): the
// leak C_L = (0.9, 0.95, 1), N5 C_5 = (0.1, 0.9, 1), N19 C_19 = (0.05,
// 0.15, 1), N69 C_69 = (0.1, 0.9, 1); a row is the product of C_L and the
// C of the parents in state 1, differenced:
//
//	(0, 0, 0)  C_L                     = (0.9, 0.95, 1)             → (0.9, 0.05, 0.05)
//	(1, 0, 0)  C_L·C_5                 = (0.09, 0.855, 1)           → (0.09, 0.765, 0.145)
//	(0, 1, 0)  C_L·C_19                = (0.045, 0.1425, 1)         → (0.045, 0.0975, 0.8575)
//	(1, 1, 1)  C_L·C_5·C_19·C_69       = (0.00045, 0.115425, 1)     → (0.00045, 0.114975, 0.884575)
//
// The file's numbers differ from the rounded ones by less than 3e-8, which
// moves these entries by less than 1e-7: tolerance 1e-7. Row (1, 0, 0) is
// not the file's row (1, 0, 0): that is N5's effect without the leak.
func TestMSBNxN9(t *testing.T) {
	m := readCarpo(t)
	n := m.Net
	v, _ := n.Index("N9")
	var ps []string
	for _, p := range n.Parents(v) {
		ps = append(ps, n.Name(p))
	}
	if !slices.Equal(ps, []string{"N5", "N19", "N69"}) {
		t.Fatalf("parents %q", ps)
	}
	cpt := n.CPT(v)
	for _, c := range []struct {
		row  int // configuration (N5, N19, N69), N69 fastest
		want [3]float64
	}{
		{0b000, [3]float64{0.9, 0.05, 0.05}},
		{0b100, [3]float64{0.09, 0.765, 0.145}},
		{0b010, [3]float64{0.045, 0.0975, 0.8575}},
		{0b111, [3]float64{0.00045, 0.114975, 0.884575}},
	} {
		for j, w := range c.want {
			if got := cpt[3*c.row+j]; !(math.Abs(got-w) <= 1e-7) {
				t.Errorf("P(N9=%d | row %03b) = %v, want %v", j, c.row, got, w)
			}
		}
	}
}

// TestMSBNxLeakRows checks every noisy-MAX node of the CARPO file: its row
// with every parent absent is its leak, and a row with one parent present
// is that parent's parameters combined with the leak, C_L·C_i accumulated
// from state 0, not the parameters alone (tolerance 1e-15, rounding).
func TestMSBNxLeakRows(t *testing.T) {
	m := readCarpo(t)
	n := m.Net
	cum := func(d []float64) []float64 {
		out := make([]float64, len(d))
		acc := 0.0
		for j, p := range d {
			acc += p
			out[j] = acc
		}
		return out
	}
	for v, nd := range m.Nodes {
		c := nd.Canonical
		if c == nil {
			continue
		}
		k, cpt, ps := n.Card(v), n.CPT(v), n.Parents(v)
		for j, w := range c.Leak {
			if d := math.Abs(cpt[j] - w); !(d <= 1e-15) {
				t.Errorf("%s: all-absent row %v, want the leak %v", n.Name(v), cpt[:k], c.Leak)
				break
			}
		}
		stride := 1
		for i := len(ps) - 1; i >= 0; i-- {
			for s := 1; s < n.Card(ps[i]); s++ {
				row := cpt[s*stride*k : (s*stride+1)*k]
				cl, ci, cr := cum(c.Leak), cum(c.Causes[i][s]), cum(row)
				for j := range k {
					if d := math.Abs(cr[j] - cl[j]*ci[j]); !(d <= 1e-15) {
						t.Errorf("%s: row with %s=%d alone accumulates to %v, want %v·%v", n.Name(v), n.Name(ps[i]), s, cr, cl, ci)
						break
					}
				}
			}
			stride *= n.Card(ps[i])
		}
	}
}

// TestMSBNxNotHenrion keeps the evidence that MSBNx's rows are Díez's
// parameters, not Henrion's (see noisymax.go): Henrion's would have each
// row's distribution, accumulated from the absent state, no larger than
// the leak's, and the rows of N5, N57 and N66 are not.
func TestMSBNxNotHenrion(t *testing.T) {
	m := readCarpo(t)
	var broken []string
	for v, nd := range m.Nodes {
		c := nd.Canonical
		if c == nil {
			continue
		}
		bad := false
		for _, rows := range c.Causes {
			for _, d := range rows {
				if d == nil {
					continue
				}
				accL, accR := 0.0, 0.0
				for j := range len(d) - 1 {
					accL += c.Leak[j]
					accR += d[j]
					if accR > accL+1e-9 {
						bad = true
					}
				}
			}
		}
		if bad {
			broken = append(broken, m.Net.Name(v))
		}
	}
	slices.Sort(broken)
	if want := []string{"N5", "N57", "N66"}; !slices.Equal(broken, want) {
		t.Errorf("nodes whose rows cannot be Henrion's: %q, want %q", broken, want)
	}
}

// TestMSBNxPosteriors checks the prior marginals of the CARPO network, as
// the junction tree computes them, against brute-force enumeration
// (enginetest.Enumerate) of each variable's ancestral network, the
// variable with its ancestors, which alone decide its prior. Every
// marginal must be a distribution, and the two computations agree to
// 1e-12.
func TestMSBNxPosteriors(t *testing.T) {
	m := readCarpo(t)
	n := m.Net
	jt, err := jtree.Compile(n, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(network.NewEvidence(n)); err != nil {
		t.Fatal(err)
	}
	specs := n.Specs()
	for v := range n.NumVariables() {
		post := jt.Posterior(v)
		sum := 0.0
		for _, p := range post {
			if !(p >= 0 && p <= 1) {
				t.Errorf("%s: P = %v", n.Name(v), post)
			}
			sum += p
		}
		if !(math.Abs(sum-1) <= 1e-12) {
			t.Errorf("%s: marginal %v sums to %v", n.Name(v), post, sum)
		}

		// The ancestral network of v, in the network's order.
		keep := make([]bool, n.NumVariables())
		stack := []int{v}
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if keep[u] {
				continue
			}
			keep[u] = true
			stack = append(stack, n.Parents(u)...)
		}
		var sub []network.VariableSpec
		at := -1
		for u, ok := range keep {
			if ok {
				if u == v {
					at = len(sub)
				}
				sub = append(sub, specs[u])
			}
		}
		an, err := network.New(sub)
		if err != nil {
			t.Fatal(err)
		}
		marg, _, err := enginetest.Enumerate(an, nil)
		if err != nil {
			t.Fatalf("%s: %v", n.Name(v), err)
		}
		for s, p := range marg[at] {
			if d := math.Abs(post[s] - p); !(d <= 1e-12) {
				t.Errorf("P(%s=%s) = %v, enumeration %v", n.Name(v), n.Variable(v).States[s], post[s], p)
			}
		}
	}
}

// TestMSBNxWrite writes the CARPO network as BIF, which keeps full tables:
// read back, the tables are the same and the canonical models are gone.
func TestMSBNxWrite(t *testing.T) {
	m := readCarpo(t)
	var out bytes.Buffer
	if err := Write(&out, m.Net); err != nil {
		t.Fatal(err)
	}
	back, _, err := Read(out.Bytes(), "written.bif", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Net.Specs(), m.Net.Specs()) {
		t.Error("tables changed")
	}
	for v, nd := range back.Nodes {
		if nd.Canonical != nil {
			t.Errorf("%s: canonical model read from a full table", back.Net.Name(v))
		}
	}
}

// TestNoisyMAXSmall reads a small block by hand: c (n0, n1, n2) given a
// (yes, no) and b (lo, hi), first states absent, with leak (0.8, 0.15,
// 0.05), a=no alone (0.1, 0.3, 0.6) and b=hi alone (0.2, 0.5, 0.3).
// Accumulated from n0: C_L = (0.8, 0.95, 1), C_a = (0.1, 0.4, 1), C_b =
// (0.2, 0.7, 1), so that
//
//	(yes, lo)  C_L         = (0.8, 0.95, 1)   → (0.8, 0.15, 0.05)
//	(yes, hi)  C_L·C_b     = (0.16, 0.665, 1) → (0.16, 0.505, 0.335)
//	(no, lo)   C_L·C_a     = (0.08, 0.38, 1)  → (0.08, 0.3, 0.62)
//	(no, hi)   C_L·C_a·C_b = (0.016, 0.266, 1) → (0.016, 0.25, 0.734)
//
// to rounding (1e-15).
func TestNoisyMAXSmall(t *testing.T) {
	src := noisyHead + `  (yes, lo) 0.8, 0.15, 0.05;  // Leak term
  (yes, hi) 0.2, 0.5, 0.3;
  (no, lo) 0.1, 0.3, 0.6;
}
`
	m, _, err := Read([]byte(src), "t.bif", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.8, 0.15, 0.05, 0.16, 0.505, 0.335, 0.08, 0.3, 0.62, 0.016, 0.25, 0.734}
	got := m.Net.CPT(2)
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= 1e-15) {
			t.Errorf("CPT %v, want %v", got, want)
			break
		}
	}
	wantC := &model.Canonical{Kind: model.NoisyMAX, Absent: 0, ParentAbsent: []int{0, 0},
		Causes: [][][]float64{{nil, {0.1, 0.3, 0.6}}, {nil, {0.2, 0.5, 0.3}}}, Leak: []float64{0.8, 0.15, 0.05}}
	if c := m.Nodes[2].Canonical; !reflect.DeepEqual(c, wantC) {
		t.Errorf("canonical model %+v, want %+v", c, wantC)
	}
}
