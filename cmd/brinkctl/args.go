package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"brink/models"
	"brink/network"
	"brink/network/formats"
	"brink/network/jtree"
	"brink/network/model"
)

// errUsage reports a command line that could not be parsed; the flag
// package has already printed why.
var errUsage = errors.New("usage")

// findingFlags collects the finding options shared by the commands that
// condition on evidence, in the order given.
type findingFlags struct {
	hard, not, likelihood, do stringList
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, " ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func (f *findingFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.hard, "e", "hard finding `VAR=STATE` (repeatable)")
	fs.Var(&f.not, "not", "negative finding `VAR=STATE`: VAR is not STATE (repeatable)")
	fs.Var(&f.likelihood, "likelihood", "soft evidence `VAR=w1,w2,...`, one weight per state (repeatable)")
	fs.Var(&f.do, "do", "set `VAR=STATE` by action (Pearl's do: VAR's causes are not updated), rather than observe it (repeatable)")
}

// addTo adds the flags' findings to ev (replacing findings on the same
// variables). Errors name the variable or state and list the valid ones.
func (f *findingFlags) addTo(ev *network.Evidence) error {
	_, err := f.add(ev)
	return err
}

func (f *findingFlags) add(ev *network.Evidence) (*network.Evidence, error) {
	n := ev.Network()
	for _, s := range f.hard {
		v, st, err := lookupPair(n, s, "-e")
		if err != nil {
			return nil, err
		}
		if err := ev.SetState(v, st); err != nil {
			return nil, err
		}
	}
	for _, s := range f.not {
		v, st, err := lookupPair(n, s, "--not")
		if err != nil {
			return nil, err
		}
		if err := ev.SetNotState(v, st); err != nil {
			return nil, err
		}
	}
	for _, s := range f.do {
		v, st, err := lookupPair(n, s, "--do")
		if err != nil {
			return nil, err
		}
		if err := ev.SetDo(v, st); err != nil {
			return nil, err
		}
	}
	for _, s := range f.likelihood {
		name, list, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("--likelihood %q: want VAR=w1,w2,... (one weight per state)", s)
		}
		v, _, err := n.Lookup(name, "")
		if err != nil {
			return nil, err
		}
		parts := strings.Split(list, ",")
		w := make([]float64, len(parts))
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return nil, fmt.Errorf("--likelihood %s: weight %d %q is not a number", name, i+1, p)
			}
			w[i] = x
		}
		if err := ev.SetLikelihood(v, w); err != nil {
			return nil, err
		}
	}
	return ev, nil
}

// lookupPair splits VAR=STATE at the first '=' (state names such as
// ">=7.5" keep their own '=') and looks both up.
func lookupPair(n *network.Network, s, flagName string) (v, state int, err error) {
	name, st, ok := strings.Cut(s, "=")
	if !ok {
		return 0, 0, fmt.Errorf("%s %q: want VAR=STATE", flagName, s)
	}
	return n.Lookup(name, st)
}

// parseInterleaved parses flags that may come before or after positional
// arguments ("query MODEL -e A=b" as well as "query -e A=b MODEL") and
// returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlagSet returns a flag set that reports errors on stderr.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("brinkctl "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// modelArgs parses the common "COMMAND MODEL [--scenario NAME] [findings]"
// form.
type modelArgs struct {
	findings findingFlags
	scenario string
	json     bool
	warn     io.Writer // where the reader's warnings go: the flag set's stderr
}

func (m *modelArgs) register(fs *flag.FlagSet) {
	m.warn = fs.Output()
	m.findings.register(fs)
	fs.StringVar(&m.scenario, "scenario", "", "apply the saved scenario `NAME` first (findings given with -e etc. add to it)")
	fs.BoolVar(&m.json, "json", false, "machine-readable JSON output")
}

// load parses the positional model argument, loads it and builds the
// evidence: the scenario's findings, then those of the flags.
func (m *modelArgs) load(pos []string) (*model.Model, *network.Evidence, error) {
	if len(pos) != 1 {
		return nil, nil, fmt.Errorf("want exactly one MODEL file, got %d arguments", len(pos))
	}
	doc, err := loadModel(pos[0])
	if err != nil {
		return nil, nil, err
	}
	printWarnings(m.warn, doc)
	md := doc.Model
	ev := network.NewEvidence(md.Net)
	if m.scenario != "" {
		sc, ok := md.Scenario(m.scenario)
		if !ok {
			var names []string
			for _, s := range md.Scenarios {
				names = append(names, s.Name)
			}
			return nil, nil, fmt.Errorf("%s has no scenario %q (scenarios: %s)", pos[0], m.scenario, strings.Join(names, ", "))
		}
		if ev, err = md.Evidence(sc); err != nil {
			return nil, nil, err
		}
	}
	if err := m.findings.addTo(ev); err != nil {
		return nil, nil, err
	}
	return md, ev, nil
}

// builtinPrefix names a model shipped inside the binary, e.g.
// "builtin:us-iran.toml".
const builtinPrefix = "builtin:"

// printWarnings prints what the reader changed on reading doc (rows
// normalised, names given safe ids, numbers that underflowed), one
// "warning: path:line:col: message" line each, so that no command uses a
// model that differs from its file without saying so.
func printWarnings(w io.Writer, doc *formats.Document) {
	for _, msg := range doc.Warnings {
		fmt.Fprintln(w, "warning: "+msg)
	}
}

// loadModel reads a model file, or a shipped one named builtin:NAME.
func loadModel(path string) (*formats.Document, error) {
	if name, ok := strings.CutPrefix(path, builtinPrefix); ok {
		doc, err := formats.LoadFS(models.Files, name)
		if err != nil {
			entries, _ := models.Files.ReadDir(".")
			var names []string
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".toml") {
					names = append(names, builtinPrefix+e.Name())
				}
			}
			return nil, fmt.Errorf("no shipped model %q (shipped: %s)", name, strings.Join(names, ", "))
		}
		return doc, nil
	}
	return formats.Load(path)
}

// compiled parses "COMMAND MODEL [findings]" with no other options, loads
// the model and compiles the network its beliefs are computed on
// (beliefsOf: for a model with decisions, under the best policies): the
// start of query and mpe.
func compiled(name string, args []string, stderr io.Writer) (*modelArgs, *network.Evidence, *beliefs, *jtree.JunctionTree, error) {
	fs := newFlagSet(name, stderr)
	m := &modelArgs{}
	m.register(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	md, ev, err := m.load(pos)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	b, err := beliefsOf(md, ev)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	jt, err := jtree.Compile(b.net, jtree.Options{})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return m, ev, b, jt, nil
}
