package modelfile

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"brink/network"
	"brink/network/limits"
	"brink/network/model"
)

// TestWriteRefuses checks that the writer refuses, with an error naming
// what is wrong, each model the reader would refuse.
func TestWriteRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *model.Model)
		is     error
		want   string
	}{
		{"NaN position", func(m *model.Model) { m.Nodes[1].Position = &model.Point{X: math.NaN(), Y: 1} },
			ErrInvalid, `modelfile: node "b": position [NaN, 1] is not two finite numbers`},
		{"infinite position", func(m *model.Model) { m.Nodes[0].Position = &model.Point{X: 0, Y: math.Inf(-1)} },
			ErrInvalid, `node "a": position [0, -Inf] is not two finite numbers`},
		{"finding on no node", func(m *model.Model) { m.Scenarios[0].Findings[0].Node = "nope" },
			network.ErrUnknownVariable, `modelfile: scenario "s1": no node "nope"`},
		{"finding on no state", func(m *model.Model) { m.Scenarios[0].Findings[0].State = "zz" },
			network.ErrUnknownState, `scenario "s1": node "b" has no state "zz" (states: u, v, w)`},
		{"excluded state that is not", func(m *model.Model) {
			m.Scenarios[0].Findings[0] = model.Finding{Node: "b", Kind: network.Negative, NotStates: []string{"q"}}
		}, network.ErrUnknownState, `node "b" has no state "q"`},
		{"every state excluded", func(m *model.Model) {
			m.Scenarios[0].Findings[0] = model.Finding{Node: "a", Kind: network.Negative, NotStates: []string{"x", "y"}}
		}, network.ErrImpossibleEvidence, `scenario "s1": node "a": every state excluded`},
		{"nothing excluded", func(m *model.Model) {
			m.Scenarios[0].Findings[0] = model.Finding{Node: "a", Kind: network.Negative}
		}, ErrInvalid, `node "a": a negative finding excludes no state`},
		{"NaN likelihood", func(m *model.Model) {
			m.Scenarios[0].Findings[0] = model.Finding{Node: "a", Kind: network.Likelihood, Weights: []float64{math.NaN(), 1}}
		}, network.ErrBadLikelihood, `scenario "s1": variable "a", state "x": weight NaN`},
		{"infinite likelihood", func(m *model.Model) {
			m.Scenarios[0].Findings[0] = model.Finding{Node: "a", Kind: network.Likelihood, Weights: []float64{1, math.Inf(1)}}
		}, network.ErrBadLikelihood, `weight +Inf`},
		{"likelihood of the wrong length", func(m *model.Model) {
			m.Scenarios[0].Findings[0] = model.Finding{Node: "a", Kind: network.Likelihood, Weights: []float64{1}}
		}, network.ErrBadLikelihood, `1 weights for 2 states`},
		{"two findings on a node", func(m *model.Model) {
			m.Scenarios[0].Findings = append(m.Scenarios[0].Findings, m.Scenarios[0].Findings[0])
		}, ErrDuplicate, `scenario "s1": two findings on node "b"`},
		{"unnamed scenario", func(m *model.Model) { m.Scenarios[0].Name = "" }, ErrMissing, "scenario 1 has no name"},
		{"duplicate scenario", func(m *model.Model) { m.Scenarios = append(m.Scenarios, m.Scenarios[0]) }, ErrDuplicate, `duplicate scenario "s1"`},
		{"bad reliability", func(m *model.Model) { m.Scenarios[0].Findings[0].Provenance.Reliability = "Z" }, ErrInvalid, `reliability "Z" is not A–F`},
		{"bad role", func(m *model.Model) { m.Nodes[0].Role = "villain" }, ErrInvalid, `node "a": role "villain"`},
		{"NaN confidence", func(m *model.Model) { m.Nodes[0].Confidence = math.NaN() }, ErrInvalid, `node "a": confidence NaN is not a positive number`},
		{"citation of no source", func(m *model.Model) { m.Nodes[1].Citations[0].Source = "gone" }, ErrInvalid, `node "b": citation of unknown source "gone"`},
		{"duplicate source", func(m *model.Model) { m.Sources = append(m.Sources, m.Sources[0]) }, ErrDuplicate, `duplicate source id "src"`},
		{"bad date", func(m *model.Model) { m.Created = "yesterday" }, ErrInvalid, `model created date "yesterday" is not YYYY-MM-DD`},
		{"as of not a day", func(m *model.Model) { m.AsOf = "2026-02-30" }, ErrInvalid,
			`modelfile: model the as-of date "2026-02-30" is not a calendar date written YYYY-MM-DD: invalid value`},
		{"horizon without as of", func(m *model.Model) { m.Horizon = "2027-06-07" }, ErrInvalid,
			`modelfile: model the horizon 2027-06-07 needs an as-of date, the day the period starts`},
		{"horizon before as of", func(m *model.Model) { m.AsOf, m.Horizon = "2027-06-07", "2026-12-07" }, ErrInvalid,
			`modelfile: model the horizon 2026-12-07 is not after the as-of date 2027-06-07`},
		{"node documents missing", func(m *model.Model) { m.Nodes = m.Nodes[:1] }, ErrInvalid, "1 node documents for 2 variables"},
		{"review row out of range", func(m *model.Model) { m.Nodes[1].Review = []int{0, 9} }, ErrInvalid, `node "b": rows to review [0 9] are not increasing row numbers below 2`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, err := Read([]byte(base), "base.toml", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			tc.change(m)
			out, err := Marshal(m)
			if err == nil {
				t.Fatalf("written:\n%s", out)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}

// TestWriteReadProperty builds random models, awkward ones included, and
// checks the writer's promise: whatever it accepts reads back, and writes
// again to the same bytes.
func TestWriteReadProperty(t *testing.T) {
	accepted := 0
	const runs = 400
	for seed := range uint64(runs) {
		m := randomModel(rand.New(rand.NewPCG(seed, 1)))
		if m == nil {
			continue
		}
		first, err := Marshal(m)
		if err != nil {
			continue
		}
		accepted++
		back, _, err := Read(first, "rt.toml", limits.Limits{})
		if err != nil {
			t.Fatalf("seed %d: the writer accepted a model the reader refuses: %v\n%s", seed, err, first)
		}
		second, err := Marshal(back)
		if err != nil {
			t.Fatalf("seed %d: the model read back does not write: %v", seed, err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("seed %d: not byte-identical:\n%s\n---\n%s", seed, first, second)
		}
	}
	t.Logf("%d of %d random models written and read back", accepted, runs)
	if accepted < runs/2 || accepted > runs*9/10 {
		t.Errorf("%d of %d random models written; the generator should exercise both sides", accepted, runs)
	}
}

// Awkward but valid names, and text that tests the writer's quoting.
var (
	varNames   = []string{"a", "b c", `q"uote`, `back\slash`, "ünï", "日本", "a-b_c", "1", "with.dot", "café", "[x]", "#", "long" + strings.Repeat("o", 90)}
	stateNames = []string{"x", "y", ">=7.5", "a=b", "no way", "ja", `"`, "é", "0"}
	texts      = []string{"", "plain", "line one\nline two", "tab\there", "esc\x1b[31m", "quote \" and \\", strings.Repeat("word ", 40), "trailing space ", "\u202e", "nul\x00"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// randomModel returns a random model, or nil when the random network is
// not valid.
func randomModel(r *rand.Rand) *model.Model {
	nv := 1 + r.IntN(4)
	perm := r.Perm(len(varNames))
	specs := make([]network.VariableSpec, nv)
	for i := range specs {
		k := 1 + r.IntN(3)
		sp := r.Perm(len(stateNames))
		states := make([]string, k)
		for s := range states {
			states[s] = stateNames[sp[s]]
		}
		var parents []string
		for j := range i {
			if r.IntN(3) == 0 {
				parents = append(parents, specs[j].Name)
			}
		}
		specs[i] = network.VariableSpec{Name: varNames[perm[i]], States: states, Parents: parents}
	}
	for i := range specs {
		configs := 1
		for _, p := range specs[i].Parents {
			for _, s := range specs {
				if s.Name == p {
					configs *= len(s.States)
				}
			}
		}
		k := len(specs[i].States)
		cpt := make([]float64, configs*k)
		for row := range configs {
			sum := 0.0
			for s := range k {
				x := pick(r, []float64{0, 1, 0.5, r.Float64(), 1e-310, 1e-9})
				cpt[row*k+s] = x
				sum += x
			}
			if sum == 0 {
				cpt[row*k] = 1
				sum = 1
			}
			for s := range k {
				cpt[row*k+s] /= sum
			}
		}
		specs[i].CPT = cpt
	}
	n, err := network.New(specs)
	if err != nil {
		return nil
	}
	m := model.New(n)
	m.Title, m.Description, m.Notes = pick(r, texts), pick(r, texts), pick(r, texts)
	m.Created = pick(r, []string{"", "2024-01-02"})
	period := pick(r, [][2]string{{"", ""}, {"2026-12-07", ""}, {"2026-12-07", "2027-06-07"}, {"2028-02-29", "2028-03-01"}})
	m.AsOf, m.Horizon = period[0], period[1]
	if r.IntN(2) == 0 {
		m.Authors = []string{pick(r, texts), pick(r, texts)}
	}
	for range r.IntN(3) {
		m.Sources = append(m.Sources, model.Source{ID: fmt.Sprint("s", len(m.Sources)+1), Title: pick(r, texts), Date: pick(r, []string{"", "2020", "2020-05", "2020-05-06"})})
	}
	for v := range m.Nodes {
		nd := &m.Nodes[v]
		nd.Label, nd.Description, nd.Rationale, nd.Group = pick(r, texts), pick(r, texts), pick(r, texts), pick(r, texts)
		nd.Role = pick(r, []model.Role{"", model.RoleEvidence, model.RoleOutcome})
		if r.IntN(2) == 0 {
			nd.Position = &model.Point{X: pick(r, []float64{0, math.Copysign(0, -1), 12.5, -1e300, 5e-324, 1e21, 123456789, 1e6}), Y: r.NormFloat64() * 100}
		}
		nd.Confidence = pick(r, []float64{0, 0, 2.5, 1e-7, 1e21, 5e-324})
		if r.IntN(3) == 0 {
			nd.StateLabels = []string{pick(r, texts)}
		}
		if r.IntN(3) == 0 {
			c := model.Citation{Quote: pick(r, texts)}
			if len(m.Sources) > 0 {
				c.Source = m.Sources[0].ID
			}
			nd.Citations = []model.Citation{c}
		}
	}
	for k := range r.IntN(3) {
		sc := model.Scenario{Name: fmt.Sprint("scenario ", k), Title: pick(r, texts), Description: pick(r, texts)}
		for v := range n.NumVariables() {
			if r.IntN(2) == 0 {
				continue
			}
			vr := n.Variable(v)
			f := model.Finding{Node: vr.Name}
			switch r.IntN(3) {
			case 0:
				f.Kind, f.State = network.Hard, pick(r, vr.States)
			case 1:
				if len(vr.States) < 2 {
					continue
				}
				f.Kind, f.NotStates = network.Negative, []string{pick(r, vr.States)}
			default:
				w := make([]float64, len(vr.States))
				for s := range w {
					w[s] = pick(r, []float64{0.5, 1, 0, 2e-310, 1e300})
				}
				w[0] = 1
				f.Kind, f.Weights = network.Likelihood, w
			}
			if r.IntN(2) == 0 {
				f.Provenance = &model.Provenance{Note: pick(r, texts), Observed: pick(r, []string{"", "2024-02-03"}),
					Reliability: pick(r, []string{"", "A", "F"}), Credibility: r.IntN(7)}
			}
			sc.Findings = append(sc.Findings, f)
		}
		m.Scenarios = append(m.Scenarios, sc)
	}
	if r.IntN(3) == 0 {
		pick(r, mistakes)(r, m)
	}
	return m
}

// mistakes each make a model one the reader would refuse (or, for a few,
// one it reads all the same).
var mistakes = []func(r *rand.Rand, m *model.Model){
	func(r *rand.Rand, m *model.Model) {
		m.Nodes[0].Position = &model.Point{X: pick(r, []float64{math.NaN(), math.Inf(-1)})}
	},
	func(r *rand.Rand, m *model.Model) {
		m.Nodes[0].Confidence = pick(r, []float64{-1, math.NaN(), math.Inf(1)})
	},
	func(r *rand.Rand, m *model.Model) { m.Nodes[0].Role = "villain" },
	func(r *rand.Rand, m *model.Model) { m.Modified = "2024-1-2" },
	func(r *rand.Rand, m *model.Model) {
		period := pick(r, [][2]string{{"", "2027-06-07"}, {"2027-06-07", "2027-06-07"}, {"2026-02-30", ""}, {"2026-12-07", "2027-6-7"}})
		m.AsOf, m.Horizon = period[0], period[1]
	},
	func(r *rand.Rand, m *model.Model) { m.Sources = append(m.Sources, model.Source{}) },
	func(r *rand.Rand, m *model.Model) { m.Nodes[0].Citations = []model.Citation{{Source: "ghost"}} },
	func(r *rand.Rand, m *model.Model) { m.Scenarios = append(m.Scenarios, model.Scenario{}) },
	func(r *rand.Rand, m *model.Model) {
		m.Scenarios = append(m.Scenarios, model.Scenario{Name: "x", Findings: []model.Finding{{Node: "ghost", Kind: network.Hard, State: "x"}}})
	},
	func(r *rand.Rand, m *model.Model) {
		m.Scenarios = append(m.Scenarios, model.Scenario{Name: "x", Findings: []model.Finding{{Node: m.Net.Name(0), Kind: network.Hard, State: "ghost"}}})
	},
	func(r *rand.Rand, m *model.Model) {
		w := make([]float64, m.Net.Card(0))
		w[0] = pick(r, []float64{math.NaN(), -1, math.Inf(1), 0})
		m.Scenarios = append(m.Scenarios, model.Scenario{Name: "x", Findings: []model.Finding{{Node: m.Net.Name(0), Kind: network.Likelihood, Weights: w}}})
	},
	func(r *rand.Rand, m *model.Model) {
		m.Scenarios = append(m.Scenarios, model.Scenario{Name: "x", Findings: []model.Finding{{Node: m.Net.Name(0), Kind: network.Negative, NotStates: m.Net.Variable(0).States}}})
	},
	func(r *rand.Rand, m *model.Model) {
		f := model.Finding{Node: m.Net.Name(0), Kind: network.Hard, State: m.Net.Variable(0).States[0], Provenance: &model.Provenance{Reliability: "Q", Credibility: 9}}
		m.Scenarios = append(m.Scenarios, model.Scenario{Name: "x", Findings: []model.Finding{f}})
	},
	func(r *rand.Rand, m *model.Model) {
		m.Scenarios = append(m.Scenarios, model.Scenario{Name: "x", Findings: []model.Finding{{Node: m.Net.Name(0), Kind: network.Negative}}})
	},
}

// TestReviewMarksRoundTrip checks that CPT rows marked for review are
// written as review = true and read back as the same rows.
func TestReviewMarksRoundTrip(t *testing.T) {
	m, _, err := Read([]byte(base), "base.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	m.Nodes[1].Review = []int{1}
	out, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if c := strings.Count(string(out), "review = true"); c != 1 {
		t.Fatalf("%d rows marked in:\n%s", c, out)
	}
	back, _, err := Read(out, "out.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Nodes[1].Review; len(got) != 1 || got[0] != 1 {
		t.Errorf("rows to review read back as %v, want [1]", got)
	}
	bad := strings.Replace(string(out), "review = true", `review = "yes"`, 1)
	if _, _, err := Read([]byte(bad), "bad.toml", limits.Limits{}); err == nil || !strings.Contains(err.Error(), "review") {
		t.Errorf("review = \"yes\" read with error %v", err)
	}
}

// TestActionFindingRoundTrip checks a scenario's node set by action is
// written as do = "state" and read back as an action, and that the
// scenario's evidence sets it rather than observing it.
func TestActionFindingRoundTrip(t *testing.T) {
	m, _, err := Read([]byte(base), "base.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	m.Scenarios[0].Findings = []model.Finding{{Node: "a", Kind: network.Hard, State: "y", Action: true}}
	out, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `do = "y"`) {
		t.Fatalf("no do line in:\n%s", out)
	}
	back, _, err := Read(out, "out.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	f := back.Scenarios[0].Findings[0]
	if !f.Action || f.State != "y" {
		t.Errorf("read back as %+v", f)
	}
	ev, err := back.Evidence(&back.Scenarios[0])
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := ev.Do(0); !ok || s != 1 || ev.Len() != 0 {
		t.Errorf("the scenario's evidence: do %v %v, %d findings", s, ok, ev.Len())
	}
	bad := strings.Replace(string(out), `do = "y"`, "do = \"y\"\nstate = \"x\"", 1)
	if _, _, err := Read([]byte(bad), "bad.toml", limits.Limits{}); err == nil || !strings.Contains(err.Error(), "exactly one of state, not, likelihood, do") {
		t.Errorf("a finding with both do and state: %v", err)
	}
}
