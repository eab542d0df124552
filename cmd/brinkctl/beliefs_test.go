package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"brink/gui/workspace"
	"brink/network/formats"
)

const (
	oilPath      = "../../models/oil-wildcatter.toml"
	standoffPath = "../../docs/examples/standoff-game.toml"
)

// TestQueryAgreesWithWindow checks that `brinkctl query` of the oil
// wildcatter gives the beliefs the window shows (the workspace, which
// propagates under the best policies re-solved with each change of
// findings), tol 1e-12, with no findings, with a finding on what the
// driller sees, with the test ruled out by action, and with the oil known.
func TestQueryAgreesWithWindow(t *testing.T) {
	for _, tc := range []struct {
		name     string
		findings []string // brinkctl's flags
		set      func(w *workspace.Workspace) error
	}{
		{"no findings", nil, nil},
		{"no structure", []string{"-e", "result=diffuse"}, func(w *workspace.Workspace) error {
			v, s, err := w.Network().Lookup("result", "diffuse")
			if err != nil {
				return err
			}
			return w.SetState(v, s)
		}},
		{"no test, by action", []string{"--do", "testing=no"}, func(w *workspace.Workspace) error {
			v, s, err := w.Network().Lookup("testing", "no")
			if err != nil {
				return err
			}
			return w.SetDo(v, s)
		}},
		{"soaking", []string{"-e", "oil=soaking"}, func(w *workspace.Workspace) error {
			v, s, err := w.Network().Lookup("oil", "soaking")
			if err != nil {
				return err
			}
			return w.SetState(v, s)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := formats.Load(oilPath)
			if err != nil {
				t.Fatal(err)
			}
			w, err := workspace.New(doc)
			if err != nil {
				t.Fatal(err)
			}
			if tc.set != nil {
				if err := tc.set(w); err != nil {
					t.Fatal(err)
				}
			}
			out, errs, st := brinkctl(t, append([]string{"query", oilPath, "--json"}, tc.findings...)...)
			if st != 0 {
				t.Fatalf("query: %s", errs)
			}
			var got struct {
				Marginals map[string]map[string]float64 `json:"marginals"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			n := w.Network()
			for v := range n.NumVariables() {
				for s, want := range w.Posterior(v) {
					name, state := n.Name(v), n.Variable(v).States[s]
					if p, ok := got.Marginals[name][state]; !ok || math.Abs(p-want) > 1e-12 {
						t.Errorf("P(%s=%s): brinkctl %v, window %v", name, state, p, want)
					}
				}
			}
		})
	}
}

// TestPoliciesLineAndJSON checks that a model with decisions says, in
// text, that its beliefs are under the best policies and what each
// decision takes, by the model's labels, and gives the policies in JSON
// by id (an option, or the policy's table when the choice depends on
// what the decision sees); and that a model without decisions says
// neither.
func TestPoliciesLineAndJSON(t *testing.T) {
	const oilLine = "decisions:    Beliefs are under the best policies: Seismic test? = Test; Drill? depends on Test result.\n"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"query", []string{"query", oilPath}, oilLine},
		{"query, action", []string{"query", oilPath, "--do", "testing=no"},
			"decisions:    Beliefs are under the best policies: Seismic test? = Do not test (set by action); Drill? = Drill.\n"},
		{"query, two sides", []string{"query", standoffPath},
			"decisions:    Beliefs are under the best policies: us = hold; iran = escalate.\n"},
		{"mpe", []string{"mpe", oilPath}, "Beliefs are under the best policies: Seismic test? = Test; Drill? depends on Test result."},
		{"impact", []string{"impact", oilPath, "--target", "oil=soaking"}, "decisions:  Beliefs are under the best policies"},
		{"explain", []string{"explain", oilPath, "--target", "oil=soaking", "-e", "result=open"}, "Drill? = Drill."},
		{"voi", []string{"voi", oilPath, "--target", "oil"}, "decisions:  Beliefs are under the best policies"},
		{"sensitivity", []string{"sensitivity", oilPath, "--target", "drilling=yes"}, "decisions:  Beliefs are under the best policies"},
		{"uncertainty", []string{"uncertainty", oilPath, "--target", "drilling"}, "decisions:  Beliefs are under the best policies"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, st := brinkctl(t, tc.args...)
			if st != 0 {
				t.Fatalf("%s", errs)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
		})
	}
	out, _, _ := brinkctl(t, "query", asiaPath)
	if strings.Contains(out, "decisions:") || strings.Contains(out, "policies") {
		t.Errorf("asia, without decisions, speaks of them:\n%s", out)
	}

	type row struct {
		Given  map[string]string `json:"given"`
		Choose string            `json:"choose"`
	}
	for _, args := range [][]string{
		{"query", oilPath, "--json"},
		{"mpe", oilPath, "--json"},
		{"uncertainty", oilPath, "--target", "oil", "--json"},
		{"impact", oilPath, "--target", "oil=soaking", "--json"},
		{"explain", oilPath, "--target", "oil=soaking", "--json"},
		{"voi", oilPath, "--target", "oil", "--json"},
		{"sensitivity", oilPath, "--target", "oil=soaking", "--json"},
	} {
		out, errs, st := brinkctl(t, args...)
		if st != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
		var got struct {
			Policies struct {
				Testing  string `json:"testing"`
				Drilling []row  `json:"drilling"`
			} `json:"policies"`
			Results json.RawMessage `json:"results"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		if got.Policies.Testing != "yes" || len(got.Policies.Drilling) != 6 {
			t.Fatalf("%v: policies %+v", args, got.Policies)
		}
		for _, r := range got.Policies.Drilling {
			if r.Given["testing"] == "yes" && (r.Choose == "no") != (r.Given["result"] == "diffuse") {
				t.Errorf("%v: drilling policy row %+v: drill unless there is no structure", args, r)
			}
		}
		// The analyses' lists are under "results" for such a model.
		switch args[0] {
		case "impact", "explain", "voi", "sensitivity":
			var items []map[string]any
			if err := json.Unmarshal(got.Results, &items); err != nil {
				t.Errorf("%v: results: %v\n%s", args, err, out)
			}
		}
	}
	out, _, _ = brinkctl(t, "impact", asiaPath, "--target", "lung=yes", "--json")
	if !strings.HasPrefix(out, "[") {
		t.Errorf("impact on asia, without decisions, is not a plain list:\n%s", out)
	}
}

// TestAnalysesLeaveDecisionsOut checks that no analysis offers a decision
// as something to observe (impact, voi) or doubts its table (sensitivity,
// uncertainty), whether it follows its policy, is set by action (its
// placeholder table then stands) or is observed.
func TestAnalysesLeaveDecisionsOut(t *testing.T) {
	for _, findings := range [][]string{nil, {"--do", "testing=no"}, {"-e", "drilling=no"}} {
		for _, args := range [][]string{
			{"impact", oilPath, "--target", "oil=soaking"},
			{"voi", oilPath, "--target", "oil"},
			{"sensitivity", oilPath, "--target", "oil=soaking", "--top", "0"},
		} {
			out, errs, st := brinkctl(t, append(append(args, "--json"), findings...)...)
			if st != 0 {
				t.Fatalf("%v %v: %s", args, findings, errs)
			}
			var got struct {
				Results []struct {
					Node string `json:"node"`
				} `json:"results"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out)
			}
			if len(got.Results) == 0 {
				t.Errorf("%v %v: nothing listed", args, findings)
			}
			for _, r := range got.Results {
				if r.Node == "testing" || r.Node == "drilling" {
					t.Errorf("%v %v lists the decision %s:\n%s", args, findings, r.Node, out)
				}
			}
		}
		// With every node given a confidence, only oil and result are
		// sampled: not a decision following its policy, nor one set by
		// action or observed, whose placeholder table then stands.
		out, errs, st := brinkctl(t, append([]string{"uncertainty", oilPath, "--target", "oil", "--default-confidence", "20", "--samples", "50", "--json"}, findings...)...)
		if st != 0 {
			t.Fatalf("uncertainty %v: %s", findings, errs)
		}
		got := decodeUncertainty(t, out)
		if got.UncertainNodes != 2 {
			t.Errorf("uncertainty %v: %d uncertain nodes, want 2 (oil, result)", findings, got.UncertainNodes)
		}
	}
}
