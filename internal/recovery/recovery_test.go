package recovery

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"brink/internal/modelio"
	"brink/models"
	"brink/network/formats"
	"brink/network/limits"
	"brink/network/model"
	"brink/network/modelfile"
)

func flagship(t testing.TB) *model.Model {
	t.Helper()
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model
}

// TestSaveListLoadRemove checks a copy's round trip: listed with its
// origin and title, loaded as a document of its origin, removed.
func TestSaveListLoadRemove(t *testing.T) {
	s := Store{Dir: filepath.Join(t.TempDir(), "recovery")}
	if es, err := s.List(); err != nil || len(es) != 0 {
		t.Fatalf("empty store: %v, %v", es, err)
	}
	m := flagship(t)
	origin := filepath.Join(t.TempDir(), "standoff.toml")
	if err := os.WriteFile(origin, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := IDFor(origin, "")
	if id != IDFor(origin, "other session") {
		t.Error("a saved model's id depends on the session")
	}
	if IDFor("", "a") == IDFor("", "b") {
		t.Error("two new models share an id")
	}
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	if err := s.Save(id, origin, m, now); err != nil {
		t.Fatal(err)
	}
	es, err := s.List()
	if err != nil || len(es) != 1 {
		t.Fatalf("list: %v, %v", es, err)
	}
	e := es[0]
	if e.ID != id || e.Origin != origin || e.Title != m.Title || !e.Saved.Equal(now) {
		t.Errorf("entry %+v", e)
	}
	doc, err := s.Load(e)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Path != origin || doc.Model.Net.NumVariables() != m.Net.NumVariables() {
		t.Errorf("loaded %q with %d nodes", doc.Path, doc.Model.Net.NumVariables())
	}
	if err := s.Remove(id); err != nil {
		t.Fatal(err)
	}
	if es, _ := s.List(); len(es) != 0 {
		t.Errorf("after Remove: %v", es)
	}
	if err := s.Remove(id); err != nil {
		t.Errorf("removing twice: %v", err)
	}
}

// childEnv names the folder the child process saves into.
const childEnv = "BRINK_RECOVERY_CHILD"

// TestKilledMidWrite runs a child process that saves the model file and
// its recovery copy over and over, alternating two versions, and kills it
// with SIGKILL at random moments. After every kill the model file and the
// recovery copy each read back as one of the two versions: never torn,
// never missing.
func TestKilledMidWrite(t *testing.T) {
	if dir := os.Getenv(childEnv); dir != "" {
		child(dir)
		return
	}
	if testing.Short() {
		t.Skip("kills child processes")
	}
	dir := t.TempDir()
	m := flagship(t)
	a, b := versions(t, m)
	file := filepath.Join(dir, "standoff.toml")
	if err := os.WriteFile(file, a, 0o644); err != nil {
		t.Fatal(err)
	}
	s := Store{Dir: filepath.Join(dir, "recovery")}
	if err := s.Save(IDFor(file, ""), file, m, time.Now()); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	seen := map[bool]int{} // model file found as version b
	for round := range 12 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledMidWrite$")
		cmd.Env = append(os.Environ(), childEnv+"="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The child prints a line after each completed save. Waiting for
		// a random number of them, rather than a fixed time, keeps the
		// test meaningful on a loaded machine where the child starts
		// slowly: the kill then falls at a random moment of a later save.
		want := 1 + rng.IntN(4)
		if err := awaitSaves(out, want, time.Minute); err != nil {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			t.Fatalf("round %d: %v; the child said:\n%s", round, err, stderr.Bytes())
		}
		time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("round %d: the model file: %v", round, err)
		}
		if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
			t.Fatalf("round %d: the model file is neither version (%d bytes)", round, len(got))
		}
		seen[bytes.Equal(got, b)]++
		if stderr.Len() > 0 {
			t.Fatalf("round %d: the child's saves failed:\n%s", round, stderr.Bytes())
		}
		rec, err := os.ReadFile(s.modelPath(IDFor(file, "")))
		if err != nil {
			t.Fatalf("round %d: the recovery copy: %v", round, err)
		}
		if !bytes.Equal(rec, a) && !bytes.Equal(rec, b) {
			t.Fatalf("round %d: the recovery copy is neither version (%d bytes)", round, len(rec))
		}
		if _, _, err := modelfile.Read(rec, "copy.toml", readLimits()); err != nil {
			t.Fatalf("round %d: the recovery copy does not read: %v", round, err)
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Errorf("the model file was found as one version only (%v): the child did not save, or not often", seen)
	}
}

// awaitSaves reads the child's lines until it has reported n completed
// saves, or fails after the timeout.
func awaitSaves(out io.Reader, n int, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		got := 0
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "saved ") {
				got++
				if got == n {
					done <- nil
					// Keep draining so the child never blocks on a full pipe.
					for sc.Scan() {
					}
					return
				}
			}
		}
		done <- fmt.Errorf("the child stopped after %d of %d saves", got, n)
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("the child did not complete %d saves in %v", n, timeout)
	}
}

// versions returns the flagship written as two different files.
func versions(t testing.TB, m *model.Model) ([]byte, []byte) {
	t.Helper()
	a, err := modelfile.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	m2 := *m
	m2.Title = m.Title + " (revised)"
	b, err := modelfile.Marshal(&m2)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// child saves for ever, alternating the two versions, until killed.
func child(dir string) {
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	m := doc.Model
	m2 := *m
	m2.Title = m.Title + " (revised)"
	file := filepath.Join(dir, "standoff.toml")
	s := Store{Dir: filepath.Join(dir, "recovery")}
	for i := 0; ; i++ {
		cur := m
		if i%2 == 1 {
			cur = &m2
		}
		if _, err := modelio.Save(file, cur, nil, modelio.ForceChanged); err != nil {
			fmt.Fprintln(os.Stderr, "save", strconv.Itoa(i), err)
		}
		if err := s.Save(IDFor(file, ""), file, cur, time.Now()); err != nil {
			fmt.Fprintln(os.Stderr, "recovery", err)
		}
		fmt.Println("saved", i)
	}
}

func readLimits() limits.Limits { return limits.Limits{} }
