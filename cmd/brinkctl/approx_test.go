package main

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/network/bif"
	"brink/network/enginetest"
)

// approxJSON is query's JSON output with the fields of --method.
type approxJSON struct {
	Method           string                        `json:"method"`
	Approximate      string                        `json:"approximate"`
	Fallback         string                        `json:"fallback"`
	Samples          int                           `json:"samples"`
	EffectiveSamples float64                       `json:"effective_samples"`
	Converged        *bool                         `json:"converged"`
	LogProbEvidence  float64                       `json:"log_prob_evidence"`
	Marginals        map[string]map[string]float64 `json:"marginals"`
	StandardErrors   map[string]map[string]float64 `json:"standard_errors"`
}

func approxQueryOf(t *testing.T, args ...string) approxJSON {
	t.Helper()
	out, errs, st := brinkctl(t, append([]string{"query"}, append(args, "--json")...)...)
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	var got approxJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	return got
}

// gridFile writes a 40×40 grid of binary variables, each with the ones
// above and to its left as parents (enginetest.Grid; treewidth 40: no
// junction tree fits), as BIF, and returns its path.
func gridFile(t *testing.T) string {
	t.Helper()
	n := enginetest.Grid(rand.New(rand.NewPCG(1, 2)), 40)
	path := filepath.Join(t.TempDir(), "grid40.bif")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := bif.Write(f, n); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestQueryMethodsAgree: on asia with findings, sampling's marginals lie
// within four of its standard errors of the exact ones (a margin that a
// correct sampler misses about once in 16,000), LBP's within 0.05, and
// each run says which method ran.
func TestQueryMethodsAgree(t *testing.T) {
	args := []string{"../../models/asia.toml", "-e", "xray=yes", "--not", "dysp=no"}
	exact := approxQueryOf(t, append(args, "--method", "exact")...)
	if exact.Method != "exact" || exact.StandardErrors != nil || exact.Approximate != "" {
		t.Errorf("exact: method %q, standard errors %v", exact.Method, exact.StandardErrors)
	}
	s := approxQueryOf(t, append(args, "--method", "sampling", "--samples", "20000", "--seed", "4")...)
	if s.Method != "sampling" || s.Samples != 20000 || !(s.EffectiveSamples > 0) || !strings.Contains(s.Approximate, "importance sampling") {
		t.Errorf("sampling: %+v", s)
	}
	for v, states := range exact.Marginals {
		for st, p := range states {
			if se := s.StandardErrors[v][st]; math.Abs(s.Marginals[v][st]-p) > 4*se+1e-12 {
				t.Errorf("P(%s=%s): sampled %v ± %v, exact %v", v, st, s.Marginals[v][st], se, p)
			}
		}
	}
	l := approxQueryOf(t, append(args, "--method", "lbp")...)
	if l.Method != "lbp" || l.Converged == nil || !*l.Converged || l.StandardErrors != nil {
		t.Errorf("lbp: %+v", l)
	}
	for v, states := range exact.Marginals {
		for st, p := range states {
			if math.Abs(l.Marginals[v][st]-p) > 0.05 {
				t.Errorf("P(%s=%s): LBP %v, exact %v", v, st, l.Marginals[v][st], p)
			}
		}
	}
}

// TestQueryPastExactReach: the default auto answers the 40×40 grid, which
// --method exact refuses, by sampling, and says so and why.
func TestQueryPastExactReach(t *testing.T) {
	if testing.Short() {
		t.Skip("grid skipped in -short mode")
	}
	path := gridFile(t)
	_, errs, st := brinkctl(t, "query", path, "--method", "exact")
	if st != 1 || !strings.Contains(errs, "junction tree too large") {
		t.Errorf("exact: status %d, %s", st, errs)
	}
	out, errs, st := brinkctl(t, "query", path, "-e", "g39_39=on", "--samples", "3000")
	if st != 0 {
		t.Fatalf("status %d: %s", st, errs)
	}
	for _, want := range []string{
		"method:       approximate: importance sampling (EPIS-BN), 3,000 samples",
		"two standard errors",
		"why:          exact inference is out of reach (jtree: junction tree too large",
		"P(evidence):  about ",
		"(estimated from the samples)",
		"  on      ", "±",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%.1000s", want, out)
		}
	}
	j := approxQueryOf(t, path, "-e", "g39_39=on", "--samples", "3000")
	if j.Method != "sampling" || !strings.Contains(j.Fallback, "junction tree too large") || len(j.StandardErrors) != 1600 {
		t.Errorf("json: method %q, fallback %q, %d standard errors", j.Method, j.Fallback, len(j.StandardErrors))
	}
	if p := j.Marginals["g39_39"]["on"]; p != 1 {
		t.Errorf("P(g39_39=on | g39_39=on) = %v", p)
	}
}

// TestQuerySeed: the same seed gives the same output, another seed
// another.
func TestQuerySeed(t *testing.T) {
	run := func(seed string) string {
		out, errs, st := brinkctl(t, "query", "../../models/asia.toml", "-e", "xray=yes", "--method", "sampling", "--samples", "2000", "--seed", seed)
		if st != 0 {
			t.Fatalf("status %d: %s", st, errs)
		}
		return out
	}
	if a, b := run("5"), run("5"); a != b {
		t.Error("seed 5 gave two outputs")
	}
	if run("5") == run("6") {
		t.Error("seeds 5 and 6 gave the same output")
	}
}

func TestQueryMethodErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown method", []string{"--method", "gibbs"}, `method "gibbs" (want auto, exact, lbp or sampling)`},
		{"no samples", []string{"--method", "sampling", "--samples", "0"}, "--samples 0: want a positive number"},
		{"impossible, lbp", []string{"--method", "lbp", "-e", "either=no", "-e", "lung=yes"}, "impossible evidence (probability 0): lung=yes, either=no"},
		{"impossible, sampling", []string{"--method", "sampling", "-e", "either=no", "-e", "lung=yes"}, "impossible evidence (probability 0): lung=yes, either=no"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, st := brinkctl(t, append([]string{"query", "../../models/asia.toml"}, tc.args...)...)
			if st != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("status %d, stderr %q; want %q", st, errs, tc.want)
			}
		})
	}
}
