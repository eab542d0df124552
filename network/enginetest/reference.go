package enginetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"brink/network"
)

// refFile is the layout of shared/reftests/NAME.json, described in
// shared/reftests/README.md. Fields the suite does not use are ignored.
type refFile struct {
	Network string    `json:"network"`
	Cases   []refCase `json:"cases"`
}

// refCase is one evidence with its reference answer: marginals maps every
// variable and state to P(variable = state | evidence).
type refCase struct {
	Evidence        map[string]string             `json:"evidence"`
	ProbEvidence    float64                       `json:"prob_evidence"`
	LogProbEvidence float64                       `json:"log_prob_evidence"`
	Marginals       map[string]map[string]float64 `json:"marginals"`
}

// sharedDir returns the shared directory: override if set, else ../shared
// beside the module root found by walking up from the working directory
// to the first go.mod.
func sharedDir(override string) (string, error) {
	dir := override
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		for root := wd; ; {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				dir = filepath.Join(root, "..", "shared")
				break
			}
			parent := filepath.Dir(root)
			if parent == root {
				return "", fmt.Errorf("no go.mod above %s", wd)
			}
			root = parent
		}
	}
	if fi, err := os.Stat(dir); err != nil {
		return "", err
	} else if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", dir)
	}
	return dir, nil
}

func runReference(t *testing.T, newEngine func(*network.Network) (network.Engine, error), opts Options) {
	if opts.Load == nil {
		t.Skip("Options.Load is nil")
	}
	if len(opts.ReferenceNetworks) == 0 {
		t.Skip("Options.ReferenceNetworks is empty")
	}
	dir, err := sharedDir(opts.SharedDir)
	if err != nil {
		t.Skipf("no shared directory: %v", err)
	}
	for _, name := range opts.ReferenceNetworks {
		t.Run(name, func(t *testing.T) {
			netPath := filepath.Join(dir, "networks", name+".bif")
			refPath := filepath.Join(dir, "reftests", name+".json")
			n, err := opts.Load(netPath)
			if err != nil {
				t.Fatalf("loading %s: %v", netPath, err)
			}
			cases, err := readReference(refPath, n)
			if err != nil {
				t.Fatal(err)
			}
			eng := mustEngine(t, newEngine, n)
			checkReference(t, eng, name+".json", cases)
		})
	}
}

// refAnswer is one reference case translated to n's indices.
type refAnswer struct {
	ev   *network.Evidence
	want answer
}

// readReference reads a reference file and translates it to n: every
// variable and state of n must have a reference marginal, and every name
// in the file must exist in n.
func readReference(path string, n *network.Network) ([]refAnswer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rf refFile
	if err := json.Unmarshal(data, &rf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rf.Cases) == 0 {
		return nil, fmt.Errorf("%s: no cases", path)
	}
	out := make([]refAnswer, len(rf.Cases))
	for i, c := range rf.Cases {
		a, err := translate(n, c)
		if err != nil {
			return nil, fmt.Errorf("%s: case %d: %w", path, i, err)
		}
		out[i] = a
	}
	return out, nil
}

// translate turns one reference case into evidence and an answer on n.
func translate(n *network.Network, c refCase) (refAnswer, error) {
	ev := network.NewEvidence(n)
	for _, name := range slices.Sorted(maps.Keys(c.Evidence)) {
		v, s, err := n.Lookup(name, c.Evidence[name])
		if err != nil {
			return refAnswer{}, err
		}
		if err := ev.SetState(v, s); err != nil {
			return refAnswer{}, err
		}
	}
	res := result{marg: make([][]float64, n.NumVariables()), pe: c.ProbEvidence, logPE: c.LogProbEvidence}
	var errs []error
	for v := range res.marg {
		vr := n.Variable(v)
		m, ok := c.Marginals[vr.Name]
		if !ok {
			errs = append(errs, fmt.Errorf("no reference marginal for %s", vr.Name))
			continue
		}
		res.marg[v] = make([]float64, len(vr.States))
		for s, state := range vr.States {
			p, ok := m[state]
			if !ok {
				errs = append(errs, fmt.Errorf("no reference marginal for %s=%s", vr.Name, state))
			}
			res.marg[v][s] = p
		}
		for state := range m {
			if vr.StateIndex(state) < 0 {
				errs = append(errs, fmt.Errorf("reference state %s=%s is not in the network", vr.Name, state))
			}
		}
	}
	for name := range c.Marginals {
		if _, ok := n.Index(name); !ok {
			errs = append(errs, fmt.Errorf("reference variable %s is not in the network", name))
		}
	}
	if !(c.ProbEvidence > 0) || math.Abs(network.Ln(c.ProbEvidence)-c.LogProbEvidence) > probTol {
		errs = append(errs, fmt.Errorf("prob_evidence %v and log_prob_evidence %v disagree", c.ProbEvidence, c.LogProbEvidence))
	}
	if len(errs) > 0 {
		return refAnswer{}, errors.Join(errs...)
	}
	return refAnswer{ev: ev, want: answer{result: res}}, nil
}

// checkReference propagates every case on eng in order and then the first
// again, which retracts the later findings, comparing each answer with
// the reference. file names the reference in messages.
func checkReference(r reporter, eng network.Engine, file string, cases []refAnswer) {
	r.Helper()
	var prev result
	for k := range len(cases) + 1 {
		i := k % len(cases)
		prefix := fmt.Sprintf("%s case %d", file, i)
		if k == len(cases) {
			prefix += fmt.Sprintf(" again, after case %d", k-1)
		}
		sub := &prefixed{reporter: r, prefix: prefix}
		prev, _ = checkPropagate(sub, eng, cases[i].ev, cases[i].want, prev)
	}
}

// prefixed is a reporter that starts every message with prefix.
type prefixed struct {
	reporter
	prefix string
}

func (p *prefixed) Errorf(format string, args ...any) {
	p.reporter.Helper()
	p.reporter.Errorf("%s: "+format, append([]any{p.prefix}, args...)...)
}
