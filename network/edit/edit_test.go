package edit

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"brink/models"
	"brink/network"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/limits"
	"brink/network/model"
	"brink/network/modelfile"
)

// ok returns a function that fails the test on an edit's error and
// otherwise returns its Doc: d = ok(t)(AddNode(d, spec)).
func ok(t *testing.T) func(Doc, error) Doc {
	return func(d Doc, err error) Doc {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
}

func load(t *testing.T, name string) Doc {
	t.Helper()
	doc, err := formats.LoadFS(models.Files, name)
	if err != nil {
		t.Fatal(err)
	}
	return Doc{Model: doc.Model}
}

// posteriors returns every variable's posterior given hard findings by
// names (node → state).
func posteriors(t *testing.T, m *model.Model, findings map[string]string) [][]float64 {
	t.Helper()
	jt, err := jtree.Compile(m.Net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(m.Net)
	for node, state := range findings {
		v, s, err := m.Net.Lookup(node, state)
		if err != nil {
			t.Fatal(err)
		}
		if err := ev.SetState(v, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, m.Net.NumVariables())
	for v := range out {
		out[v] = slices.Clone(jt.Posterior(v))
	}
	return out
}

func index(t *testing.T, d Doc, name string) int {
	t.Helper()
	v, ok := d.Model.Net.Index(name)
	if !ok {
		t.Fatalf("no node %q", name)
	}
	return v
}

// TestBuildAsia builds the asia network from an empty model with the
// editing functions alone and checks its posteriors equal
// models/asia.toml's to 1e-12, with and without findings.
func TestBuildAsia(t *testing.T) {
	want := load(t, "asia.toml")
	d := ok(t)(Empty("Asia"))
	for _, id := range []string{"asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp"} {
		d = ok(t)(AddNode(d, NodeSpec{ID: id, States: []string{"yes", "no"}}))
	}
	for _, e := range [][2]string{{"asia", "tub"}, {"smoke", "lung"}, {"smoke", "bronc"}, {"lung", "either"}, {"tub", "either"}, {"either", "xray"}, {"bronc", "dysp"}, {"either", "dysp"}} {
		d = ok(t)(AddEdge(d, index(t, d, e[0]), index(t, d, e[1])))
	}
	wm := want.Model
	for v := range wm.Net.NumVariables() {
		w := index(t, d, wm.Net.Name(v))
		if got, wp := parentNames(d.Model, w), parentNames(wm, v); !slices.Equal(got, wp) {
			t.Fatalf("%s: parents %v, want %v", wm.Net.Name(v), got, wp)
		}
		k := wm.Net.Card(v)
		for r := range wm.Net.ParentConfigs(v) {
			d = ok(t)(SetRow(d, w, r, wm.Net.CPT(v)[r*k:(r+1)*k]))
		}
		if rv := d.Model.Nodes[w].Review; len(rv) != 0 {
			t.Errorf("%s: rows %v still marked for review after every row was set", wm.Net.Name(v), rv)
		}
	}
	for _, ev := range []map[string]string{nil, {"xray": "yes", "smoke": "no"}, {"dysp": "yes", "asia": "yes"}} {
		got, exp := posteriors(t, d.Model, ev), posteriors(t, wm, ev)
		for v := range wm.Net.NumVariables() {
			w := index(t, d, wm.Net.Name(v))
			for s := range exp[v] {
				if math.Abs(got[w][s]-exp[v][s]) > 1e-12 {
					t.Errorf("findings %v: P(%s = %s) = %v, want %v", ev, wm.Net.Name(v), wm.Net.Variable(v).States[s], got[w][s], exp[v][s])
				}
			}
		}
	}
}

func parentNames(m *model.Model, v int) []string {
	var out []string
	for _, p := range m.Net.Parents(v) {
		out = append(out, m.Net.Name(p))
	}
	return out
}

// TestCycleRefused checks an edge that would close a cycle is refused
// with the cycle named by labels, and the model is unchanged.
func TestCycleRefused(t *testing.T) {
	d := load(t, "asia.toml")
	_, err := AddEdge(d, index(t, d, "dysp"), index(t, d, "smoke"))
	if !errors.Is(err, ErrCycle) {
		t.Fatalf("error %v, want a cycle", err)
	}
	for _, want := range []string{"“Dyspnoea”", "“Smoker”", "“Smoker” → “Bronchitis” → “Dyspnoea” → “Smoker”"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := AddEdge(d, index(t, d, "smoke"), index(t, d, "smoke")); !errors.Is(err, ErrCycle) {
		t.Errorf("a self-loop: %v", err)
	}
	if _, err := AddEdge(d, index(t, d, "smoke"), index(t, d, "lung")); !errors.Is(err, ErrName) {
		t.Errorf("an edge already there: %v", err)
	}
}

// TestAddStateCopiesChildRows adds a state to a parent and checks the
// node's own rows split the neighbour's probability, the children's rows
// for the new state are copies of the neighbour's, all of them marked for
// review, and the beliefs about the other nodes with no findings keep the
// same values.
func TestAddStateCopiesChildRows(t *testing.T) {
	d := load(t, "asia.toml")
	smoke := index(t, d, "smoke")
	before := posteriors(t, d.Model, nil)
	d2 := ok(t)(AddState(d, smoke, 1, "former", "Former smoker"))
	m := d2.Model
	if got := m.Net.Variable(smoke).States; !slices.Equal(got, []string{"yes", "former", "no"}) {
		t.Fatalf("states %v", got)
	}
	if got := m.StateLabel(smoke, 1); got != "Former smoker" {
		t.Errorf("label %q", got)
	}
	if got := m.Net.CPT(smoke); !slices.Equal(got, []float64{0.25, 0.25, 0.5}) {
		t.Errorf("smoke's row %v, want the new state taking half of yes's 0.5", got)
	}
	lung := index(t, d2, "lung")
	if got := m.Net.CPT(lung); !slices.Equal(got, []float64{0.1, 0.9, 0.1, 0.9, 0.01, 0.99}) {
		t.Errorf("lung's table %v, want the row for former copied from yes", got)
	}
	if got := m.Nodes[lung].Review; !slices.Equal(got, []int{1}) {
		t.Errorf("lung's rows to review %v, want [1]", got)
	}
	if got := m.Nodes[smoke].Review; !slices.Equal(got, []int{0}) {
		t.Errorf("smoke's rows to review %v, want [0]", got)
	}
	after := posteriors(t, m, nil)
	for _, name := range []string{"lung", "bronc", "dysp", "xray"} {
		v, w := index(t, d, name), index(t, d2, name)
		for s := range before[v] {
			if math.Abs(before[v][s]-after[w][s]) > 1e-12 {
				t.Errorf("P(%s) moved from %v to %v", name, before[v], after[w])
			}
		}
	}
	if len(d2.Notes) < 2 {
		t.Errorf("notes %q: want one for smoke's rows and one per child", d2.Notes)
	}
}

// TestDeleteState drops a finding on the deleted state with a note,
// keeps findings elsewhere, and renormalises the node's rows.
func TestDeleteState(t *testing.T) {
	d := load(t, "asia.toml")
	smoke := index(t, d, "smoke")
	d = ok(t)(AddState(d, smoke, 2, "unknown", "Unknown"))
	d.Findings = []model.Finding{{Node: "smoke", Kind: network.Hard, State: "unknown"}, {Node: "xray", Kind: network.Hard, State: "yes"}}
	d2 := ok(t)(DeleteState(d, smoke, 2))
	if got := d2.Model.Net.Variable(smoke).States; !slices.Equal(got, []string{"yes", "no"}) {
		t.Fatalf("states %v", got)
	}
	if got := d2.Model.Net.CPT(smoke); math.Abs(got[0]+got[1]-1) > 1e-15 {
		t.Errorf("row %v does not sum to 1", got)
	}
	if len(d2.Findings) != 1 || d2.Findings[0].Node != "xray" {
		t.Errorf("findings %v, want only xray's", d2.Findings)
	}
	if !slices.ContainsFunc(d2.Notes, func(n string) bool { return strings.Contains(n, "dropped") && strings.Contains(n, "Unknown") }) {
		t.Errorf("notes %q do not say the finding on Unknown was dropped", d2.Notes)
	}
	if _, err := DeleteState(d2, smoke, 0); !errors.Is(err, ErrLastState) {
		t.Errorf("deleting one of two states: %v", err)
	}
}

// TestMoveStateKeepsBeliefs reorders a parent's states and checks every
// posterior is the same, permuted.
func TestMoveStateKeepsBeliefs(t *testing.T) {
	d := load(t, "us-iran.toml")
	v := index(t, d, "us_carrier_deployment")
	before := posteriors(t, d.Model, map[string]string{"iran_protests": "widespread"})
	d2 := ok(t)(MoveState(d, v, 0, 2))
	if got := d2.Model.Net.Variable(v).States; !slices.Equal(got, []string{"routine", "surge", "none"}) {
		t.Fatalf("states %v", got)
	}
	if got := d2.Model.StateLabel(v, 0); got != "Routine presence" {
		t.Errorf("state 0 label %q", got)
	}
	after := posteriors(t, d2.Model, map[string]string{"iran_protests": "widespread"})
	for w := range after {
		if w == v {
			if math.Abs(after[w][2]-before[w][0]) > 1e-12 || math.Abs(after[w][0]-before[w][1]) > 1e-12 {
				t.Errorf("moved node: %v from %v", after[w], before[w])
			}
			continue
		}
		for s := range after[w] {
			if math.Abs(after[w][s]-before[w][s]) > 1e-12 {
				t.Errorf("%s: %v, was %v", d2.Model.Net.Name(w), after[w], before[w])
				break
			}
		}
	}
}

// TestRenameAndDeleteNode renames a node (its children and findings
// follow; a taken id is refused), then deletes it: its children's rows
// are averaged and marked, findings on it go, and Losses said so first.
func TestRenameAndDeleteNode(t *testing.T) {
	d := load(t, "us-iran.toml")
	v := index(t, d, "iran_protests")
	if _, err := RenameNode(d, v, "us_sanctions"); !errors.Is(err, ErrName) {
		t.Errorf("a taken id: %v", err)
	}
	d2 := ok(t)(RenameNode(d, v, "protests"))
	if _, ok := d2.Model.Net.Index("iran_protests"); ok {
		t.Fatal("old id still there")
	}
	ri := index(t, d2, "regime_insecurity")
	if got := parentNames(d2.Model, ri); !slices.Equal(got, []string{"protests"}) {
		t.Errorf("regime insecurity's parents %v", got)
	}
	var onIt []string
	for _, sc := range d2.Model.Scenarios {
		for _, f := range sc.Findings {
			if f.Node == "protests" {
				onIt = append(onIt, sc.Name)
			}
		}
	}
	if len(onIt) == 0 {
		t.Fatal("no scenario finding followed the rename")
	}
	losses := Losses(d2, v)
	if len(losses) < 2 || !strings.Contains(strings.Join(losses, "; "), "Regime insecurity") {
		t.Errorf("losses %q", losses)
	}
	d3 := ok(t)(DeleteNode(d2, v))
	ri = index(t, d3, "regime_insecurity")
	if len(d3.Model.Net.Parents(ri)) != 0 {
		t.Errorf("regime insecurity still has parents")
	}
	// Its one row is the average of its rows over the protests' states.
	k := d2.Model.Net.Card(v)
	old := d2.Model.Net.CPT(index(t, d2, "regime_insecurity"))
	for s := range 2 {
		avg := 0.0
		for r := range k {
			avg += old[r*2+s] / float64(k)
		}
		if got := d3.Model.Net.CPT(ri)[s]; math.Abs(got-avg) > 1e-15 {
			t.Errorf("P(regime insecurity state %d) = %v, want the average %v", s, got, avg)
		}
	}
	if !slices.Equal(d3.Model.Nodes[ri].Review, []int{0}) {
		t.Errorf("review %v", d3.Model.Nodes[ri].Review)
	}
	for _, sc := range d3.Model.Scenarios {
		for _, f := range sc.Findings {
			if f.Node == "protests" {
				t.Errorf("scenario %s keeps a finding on the deleted node", sc.Name)
			}
		}
	}
}

// TestRemoveEdgeAveragesRows removes a parent and checks the rows are
// averaged over its states and marked; adding it back copies them.
func TestRemoveEdgeAveragesRows(t *testing.T) {
	d := load(t, "asia.toml")
	dysp, bronc := index(t, d, "dysp"), index(t, d, "bronc")
	d2 := ok(t)(RemoveEdge(d, bronc, dysp))
	// dysp | bronc, either: rows (y,y) .9 (y,n) .8 (n,y) .7 (n,n) .1 → over either: yes (.9+.7)/2, no (.8+.1)/2
	got := d2.Model.Net.CPT(dysp)
	want := []float64{0.8, 0.2, 0.45, 0.55}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("table %v, want %v", got, want)
		}
	}
	if !slices.Equal(d2.Model.Nodes[dysp].Review, []int{0, 1}) {
		t.Errorf("review %v", d2.Model.Nodes[dysp].Review)
	}
	if _, err := RemoveEdge(d2, bronc, dysp); !errors.Is(err, ErrNoSuch) {
		t.Errorf("removing an edge twice: %v", err)
	}
	d3 := ok(t)(AddEdge(d2, bronc, dysp))
	if got := parentNames(d3.Model, dysp); !slices.Equal(got, []string{"either", "bronc"}) {
		t.Errorf("parents %v", got)
	}
	d4 := ok(t)(MoveParent(d3, dysp, 1, 0))
	if got := parentNames(d4.Model, dysp); !slices.Equal(got, []string{"bronc", "either"}) {
		t.Errorf("parents after the move %v", got)
	}
}

// TestProportional checks the complement rule.
func TestProportional(t *testing.T) {
	got := Proportional([]float64{0.2, 0.3, 0.5}, 0, 0.6)
	want := []float64{0.6, 0.15, 0.25}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Fatalf("%v, want %v", got, want)
		}
	}
	got = Proportional([]float64{1, 0, 0}, 0, 0.4)
	if !slices.Equal(got, []float64{0.4, 0.3, 0.3}) {
		t.Errorf("others at zero: %v", got)
	}
	if got := Normalised([]float64{2, 2, math.NaN()}); !slices.Equal(got, []float64{0.5, 0.5, 0}) {
		t.Errorf("Normalised: %v", got)
	}
}

// TestSetRowRefusesBadRows checks a row that is not a distribution is
// refused and nothing changes.
func TestSetRowRefusesBadRows(t *testing.T) {
	d := load(t, "asia.toml")
	v := index(t, d, "lung")
	for _, row := range [][]float64{{0.5, 0.6}, {-0.1, 1.1}, {math.NaN(), 1}, {1}} {
		if _, err := SetRow(d, v, 0, row); !errors.Is(err, ErrTable) {
			t.Errorf("row %v: %v", row, err)
		}
	}
	if _, err := SetRow(d, v, 5, []float64{0.5, 0.5}); !errors.Is(err, ErrNoSuch) {
		t.Errorf("row 5: %v", err)
	}
}

// TestRandomEdits applies random edits to the flagship and checks every
// result is a valid model whose tables sum to 1, whose review marks are
// in range, and whose scenarios still apply.
func TestRandomEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := load(t, "us-iran.toml")
	applied := 0
	for range 300 {
		n := d.Model.Net
		nv := n.NumVariables()
		v := rng.IntN(nv)
		var next Doc
		var err error
		switch rng.IntN(8) {
		case 0:
			next, err = AddState(d, v, rng.IntN(n.Card(v)+1), IDFromLabel("s"+string(rune('a'+rng.IntN(26)))), "")
		case 1:
			next, err = DeleteState(d, v, rng.IntN(n.Card(v)))
		case 2:
			next, err = MoveState(d, v, rng.IntN(n.Card(v)), rng.IntN(n.Card(v)))
		case 3:
			next, err = AddEdge(d, rng.IntN(nv), v)
		case 4:
			if ps := n.Parents(v); len(ps) > 0 {
				next, err = RemoveEdge(d, ps[rng.IntN(len(ps))], v)
			} else {
				continue
			}
		case 5:
			next, err = AddNode(d, NodeSpec{Label: "New node"})
		case 6:
			if nv > 5 {
				next, err = DeleteNode(d, v)
			} else {
				continue
			}
		case 7:
			next, err = RenameNode(d, v, n.Name(v)+"_x")
		}
		if err != nil {
			if !errors.Is(err, ErrCycle) && !errors.Is(err, ErrName) && !errors.Is(err, ErrLastState) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unexpected error: %v", err)
			}
			continue
		}
		applied++
		d = next
		m := d.Model
		for w := range m.Net.NumVariables() {
			for _, r := range m.Nodes[w].Review {
				if r < 0 || r >= m.Net.ParentConfigs(w) {
					t.Fatalf("%s: review row %d of %d", m.Net.Name(w), r, m.Net.ParentConfigs(w))
				}
			}
		}
		for i := range m.Scenarios {
			if _, err := m.Evidence(&m.Scenarios[i]); err != nil {
				t.Fatalf("scenario %s no longer applies: %v", m.Scenarios[i].Name, err)
			}
		}
		if applied%25 == 0 {
			data, err := modelfile.Marshal(m)
			if err != nil {
				t.Fatalf("after %d edits the model cannot be written: %v", applied, err)
			}
			if _, _, err := modelfile.Read(data, "edited.toml", limits.Limits{}); err != nil {
				t.Fatalf("after %d edits the written model does not read back: %v", applied, err)
			}
		}
	}
	t.Logf("%d of 300 edits applied; %d nodes at the end", applied, d.Model.Net.NumVariables())
	if applied < 100 {
		t.Errorf("only %d of 300 edits applied", applied)
	}
}

// TestTemplate checks the starting model has an intention driving an
// outcome.
func TestTemplate(t *testing.T) {
	d := ok(t)(Template("New standoff"))
	m := d.Model
	if m.Net.NumVariables() != 2 || m.Nodes[0].Role != model.RoleIntention || m.Nodes[1].Role != model.RoleOutcome {
		t.Fatalf("template %+v", m.Nodes)
	}
	if got := parentNames(m, 1); !slices.Equal(got, []string{"intention"}) {
		t.Errorf("outcome's parents %v", got)
	}
}

func TestIDFromLabel(t *testing.T) {
	for label, want := range map[string]string{
		"US carrier deployment":    "us_carrier_deployment",
		"Iran's threat perception": "iran_s_threat_perception",
		"  ":                       "node",
		"Über-risk 2":              "über_risk_2",
	} {
		if got := IDFromLabel(label); got != want {
			t.Errorf("IDFromLabel(%q) = %q, want %q", label, got, want)
		}
	}
}

// TestCanonicalNodeEdits gives asia's "either" node its table as a
// noisy-OR without leak and links of 1 (the logical OR it is), checks the
// table is unchanged, then checks that an edit of its parents' states
// makes it a plain table with a note, and that ToTable does so on demand.
func TestCanonicalNodeEdits(t *testing.T) {
	d := load(t, "asia.toml")
	either := index(t, d, "either")
	old := slices.Clone(d.Model.Net.CPT(either))
	one := []float64{1, 0}
	c := model.Canonical{Kind: model.NoisyOR, Absent: 1, ParentAbsent: []int{1, 1},
		Causes: [][][]float64{{one, nil}, {one, nil}}}
	d2 := ok(t)(SetCanonical(d, either, c))
	if got := d2.Model.Net.CPT(either); !slices.Equal(got, old) {
		t.Fatalf("noisy-OR with links of 1 gives %v, want the OR table %v", got, old)
	}
	if d2.Model.Nodes[either].Canonical == nil {
		t.Fatal("parameters not kept")
	}
	d3 := ok(t)(AddState(d2, index(t, d2, "lung"), 1, "maybe", "Maybe"))
	if d3.Model.Nodes[either].Canonical != nil {
		t.Error("a parent's new state left the noisy-OR parameters in place")
	}
	if !slices.ContainsFunc(d3.Notes, func(n string) bool { return strings.Contains(n, "plain table") }) {
		t.Errorf("notes %q do not say the node became a plain table", d3.Notes)
	}
	d4 := ok(t)(ToTable(d2, either))
	if d4.Model.Nodes[either].Canonical != nil || !slices.Equal(d4.Model.Net.CPT(either), old) {
		t.Error("ToTable did not keep the table and drop the parameters")
	}
	if _, err := ToTable(d4, either); !errors.Is(err, ErrNoSuch) {
		t.Errorf("ToTable on a plain node: %v", err)
	}
	bad := c
	bad.Causes = [][][]float64{{{1.5, -0.5}, nil}, {one, nil}}
	if _, err := SetCanonical(d, either, bad); !errors.Is(err, ErrTable) {
		t.Errorf("bad parameters: %v", err)
	}
}
