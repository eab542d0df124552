package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

var record = flag.String("record", "", "write the table of times and peak memory to this Markdown file")

// memoryCap is the address-space limit each run of brinkctl gets (prlimit
// --as): a reader that allocates for what a file declares rather than
// what it holds fails here instead of on an analyst's laptop.
const memoryCap = 2 << 30

// caseTimeout bounds one run. It is not a performance test (those are
// benchmarks): a run that needs this long is stuck or quadratic.
const caseTimeout = 60 * time.Second

// TestBinaryUnderMemoryCap runs the built brinkctl's validate, query and
// convert on every hostile file, each under a 2 GiB address-space cap,
// and checks that each run ends in bounded time with a clear message and
// without a Go runtime crash (fatal error, stack overflow, panic).
func TestBinaryUnderMemoryCap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs brinkctl on large generated files")
	}
	if runtime.GOOS != "linux" {
		t.Skip("prlimit is Linux's")
	}
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("prlimit not installed (util-linux)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "brinkctl")
	build := exec.Command("go", "build", "-o", bin, "brink/cmd/brinkctl")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building brinkctl: %v\n%s", err, out)
	}
	var rows []string
	var cases []Case
	for _, f := range []string{"toml", "bif", "xmlbif", "hugin", "xdsl"} {
		cases = append(cases, Format(f)...)
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.File)
		if err := os.WriteFile(path, c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"validate", path},
			{"query", path, "--json"},
			{"convert", path, filepath.Join(dir, "out.toml")},
		} {
			name := c.Name + "/" + args[0]
			t.Run(name, func(t *testing.T) {
				r := runCapped(t, prlimit, bin, args)
				rows = append(rows, fmt.Sprintf("| %s | %s | %s | %d | %.2f s | %s |", c.Name, args[0], sizeText(len(c.Data)), r.exit, r.elapsed.Seconds(), mib(r.maxRSS)))
				checkRun(t, c, args[0], r)
				if len(c.Data) < 1<<20 && r.maxRSS > 512<<20 {
					t.Errorf("a file under 1 MB took %s of memory (at most 512 MiB)", mib(r.maxRSS))
				}
			})
		}
		os.Remove(path)
	}
	if *record != "" {
		writeRecord(t, *record, rows)
	}
}

type result struct {
	exit           int
	stdout, stderr string
	elapsed        time.Duration
	maxRSS         int64 // bytes
}

func runCapped(t *testing.T, prlimit, bin string, args []string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
	defer cancel()
	argv := append([]string{prlimit, fmt.Sprintf("--as=%d", memoryCap), "--", bin}, args...)
	// GNU time reports the peak resident memory of the process it forks
	// (the rusage of a child forked from this test would include this
	// process's own peak, inherited at exec). Without it, /proc is sampled.
	timeBin, _ := exec.LookPath("/usr/bin/time")
	rssFile := filepath.Join(t.TempDir(), "rss")
	if timeBin != "" {
		argv = append([]string{timeBin, "-f", "%M", "-o", rssFile}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("running brinkctl: %v", err)
	}
	peak := make(chan int64, 1)
	if timeBin == "" {
		go func() { peak <- watchPeak(cmd.Process.Pid, ctx) }()
	}
	err := cmd.Wait()
	cancel()
	r := result{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	if timeBin == "" {
		r.maxRSS = <-peak
	} else if data, err := os.ReadFile(rssFile); err == nil {
		var kb int64
		lines := strings.Fields(string(data))
		if len(lines) > 0 {
			fmt.Sscan(lines[len(lines)-1], &kb)
		}
		r.maxRSS = kb << 10
		if strings.Contains(string(data), "terminated by signal") {
			t.Fatalf("brinkctl %s\n%s", strings.TrimSpace(string(data)), tail(r.stderr))
		}
	}
	if r.elapsed >= caseTimeout {
		t.Fatalf("did not finish within %v", caseTimeout)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.exit = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("killed by %v\n%s", ws.Signal(), tail(r.stderr))
		}
	default:
		t.Fatalf("running brinkctl: %v", err)
	}
	return r
}

// watchPeak samples the peak resident memory of process pid (VmHWM in
// /proc/PID/status, a high-water mark, so a sample includes every peak
// before it) every 2 ms until the process is gone or ctx ends, and returns
// the last value read, in bytes. The rusage of the child is no good here:
// a child forked from this test process inherits its peak at exec.
func watchPeak(pid int, ctx context.Context) int64 {
	var hwm int64
	path := fmt.Sprintf("/proc/%d/status", pid)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		data, err := os.ReadFile(path)
		if err != nil {
			return hwm
		}
		for line := range strings.Lines(string(data)) {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				var kb int64
				if _, err := fmt.Sscan(v, &kb); err == nil && kb > 0 {
					hwm = kb << 10
				}
			}
		}
		select {
		case <-ctx.Done():
			return hwm
		case <-tick.C:
		}
	}
}

func checkRun(t *testing.T, c Case, command string, r result) {
	t.Helper()
	for _, crash := range []string{"fatal error:", "runtime: out of memory", "goroutine stack exceeds", "panic:", "SIGSEGV"} {
		if strings.Contains(r.stderr, crash) {
			t.Fatalf("crashed (%s):\n%s", crash, tail(r.stderr))
		}
	}
	if strings.ContainsAny(r.stderr+r.stdout, "\x1b\x07\u009b") {
		t.Errorf("output carries a raw control character: %q", tail(r.stderr+r.stdout))
	}
	if c.Valid {
		if r.exit != 0 {
			t.Fatalf("a valid file failed (exit %d):\n%s", r.exit, tail(r.stderr))
		}
		if command == "query" && !json.Valid([]byte(r.stdout)) {
			t.Errorf("query --json printed invalid JSON:\n%s", tail(r.stdout))
		}
		return
	}
	if r.exit != 1 {
		t.Fatalf("exit %d, want 1 (a refused file):\n%s", r.exit, tail(r.stderr))
	}
	if c.Want != "" && !strings.Contains(strings.ToLower(r.stderr), strings.ToLower(c.Want)) {
		t.Errorf("message does not contain %q:\n%s", c.Want, tail(r.stderr))
	}
	if lines := strings.Count(r.stderr, "\n"); lines > 60 {
		t.Errorf("%d lines of messages; readers stop after 50", lines)
	}
}

func tail(s string) string {
	const n = 2000
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func writeRecord(t *testing.T, path string, rows []string) {
	slices.Sort(rows)
	var b strings.Builder
	b.WriteString("| case | command | file | exit | time | peak memory |\n|---|---|---|---|---|---|\n")
	for _, r := range rows {
		b.WriteString(r + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
