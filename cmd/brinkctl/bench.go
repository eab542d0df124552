package main

import (
	"fmt"
	"io"
	"slices"
	"time"

	"brink/network"
	"brink/network/jtree"
)

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	var m modelArgs
	m.register(fs)
	reps := fs.Int("reps", 11, "number of repetitions; medians are reported")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *reps < 1 {
		return fmt.Errorf("--reps must be at least 1")
	}
	md, ev, err := m.load(pos)
	if err != nil {
		return err
	}
	n := md.Net
	compile := make([]int64, *reps)
	var jt *jtree.JunctionTree
	for i := range compile {
		start := time.Now()
		jt, err = jtree.Compile(n, jtree.Options{})
		compile[i] = time.Since(start).Nanoseconds()
		if err != nil {
			return err
		}
	}
	// Propagation includes every posterior, which Propagate computes. The
	// findings given and no findings alternate, after one untimed
	// propagation of each (the first with a new set of observed
	// variables lays out the sliced tables, see jtree.Propagate).
	none := network.NewEvidence(n)
	prop := make([]int64, *reps)
	bare := make([]int64, *reps)
	for _, e := range []*network.Evidence{ev, none} {
		if err := jt.Propagate(e); err != nil {
			return err
		}
	}
	for i := range prop {
		start := time.Now()
		if err := jt.Propagate(ev); err != nil {
			return err
		}
		prop[i] = time.Since(start).Nanoseconds()
		start = time.Now()
		if err := jt.Propagate(none); err != nil {
			return err
		}
		bare[i] = time.Since(start).Nanoseconds()
	}
	st := jt.Stats()
	if m.json {
		out := &jsonObject{}
		out.integer("compile_ns", median(compile))
		out.integer("propagate_ns", median(prop))
		out.integer("propagate_no_findings_ns", median(bare))
		out.integer("clique_entries", int64(st.CliqueEntries))
		out.integer("max_clique_entries", int64(st.MaxCliqueEntries))
		return out.writeTo(stdout)
	}
	fmt.Fprintf(stdout, "compile:        %v (median of %d)\n", time.Duration(median(compile)), *reps)
	fmt.Fprintf(stdout, "propagate:      %v (median of %d, with %d findings, all posteriors)\n", time.Duration(median(prop)), *reps, ev.Len())
	fmt.Fprintf(stdout, "  no findings:  %v (median of %d)\n", time.Duration(median(bare)), *reps)
	fmt.Fprintf(stdout, "cliques:        %d (treewidth %d, triangulated by %s)\n", st.Cliques, st.Treewidth, st.Heuristic)
	fmt.Fprintf(stdout, "clique entries: %d (largest %d; separators %d)\n", st.CliqueEntries, st.MaxCliqueEntries, st.SeparatorEntries)
	fmt.Fprintf(stdout, "memory:         %.1f MiB of tables\n", st.MemoryBytes/(1<<20))
	return nil
}

func median(xs []int64) int64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
