package gui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"brink/gui/workspace"
	"brink/network/formats"
)

// uiQueue stands in for Fyne's event loop. The test driver's fyne.Do runs
// a function at once on the goroutine that calls it, so a background job
// reporting with fyne.Do would touch widgets concurrently with the test;
// the real driver runs it on the UI goroutine. Functions posted here run
// on the test goroutine when it drains the queue, as in the app.
type uiQueue struct {
	t     *testing.T
	mu    sync.Mutex
	fns   []func()
	ready chan struct{}
}

// useQueue makes win report background work through a queue.
func useQueue(t *testing.T, win *Window) *uiQueue {
	q := &uiQueue{t: t, ready: make(chan struct{}, 1)}
	win.ui = q.post
	return q
}

func (q *uiQueue) post(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// drain runs what has been posted, including what that posts.
func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
		}
	}
}

// until drains the queue as work is posted until cond holds.
func (q *uiQueue) until(what string, cond func() bool) {
	q.t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		q.drain()
		if cond() {
			return
		}
		select {
		case <-q.ready:
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			q.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// settle waits for every background goroutine of win to finish and then
// runs what they posted.
func (q *uiQueue) settle(win *Window) {
	q.t.Helper()
	done := make(chan struct{})
	go func() { win.background.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		q.t.Fatal("background work did not finish")
	}
	q.drain()
}

// copyModel copies a model file into a temporary directory.
func copyModel(t *testing.T, src string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// openWindow returns a window on a temporary copy of a model file.
func openWindow(t *testing.T, src string) (*Window, *workspace.Workspace) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(nil)
	doc, err := formats.Load(copyModel(t, src))
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.New(doc)
	if err != nil {
		t.Fatal(err)
	}
	win := New(a, ws)
	win.w.Resize(fyne.NewSize(1280, 800))
	return win, ws
}

// errorBars counts the outcome panel's shown uncertainty intervals.
func errorBars(win *Window) int {
	n := 0
	for _, e := range win.outcomes.entries {
		if e.bar.lo >= 0 {
			n++
		}
	}
	return n
}

// shownHowSure reports whether the analysis panel shows a "How sure"
// result.
func shownHowSure(p *analysisPanel) bool {
	for _, o := range p.result.Objects {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "How sure") {
			return true
		}
	}
	return false
}

// TestHowSureWhileFindingsChange runs "How sure?" with the default 1,000
// samples on the US–Iran model while findings change and another model
// is opened. Under -race it fails on any data race; it checks that each
// change abandons the run at once (button and progress reset, context
// cancelled), that a result computed for findings or a model no longer
// shown never reaches the outcome panel (no error bars) or the analysis
// panel, and that nothing panics when a result for the old model — with
// other node indices — arrives after the new one is open.
func TestHowSureWhileFindingsChange(t *testing.T) {
	win, ws := openWindow(t, "../models/us-iran.toml")
	q := useQueue(t, win)
	p := win.analysis
	asia := copyModel(t, "../models/asia.toml")

	start := func() *workspace.UncertaintyJob {
		t.Helper()
		test.Tap(p.runBtn)
		if p.job == nil || p.runBtn.Text != "Cancel" || !p.progress.Visible() {
			t.Fatalf("the run did not start: job %v, button %q", p.job, p.runBtn.Text)
		}
		return p.job
	}
	abandoned := func(j *workspace.UncertaintyJob, by string) {
		t.Helper()
		if p.job != nil || p.runBtn.Text != "How sure?" || p.progress.Visible() {
			t.Errorf("%s: the panel still waits for the run (button %q)", by, p.runBtn.Text)
		}
		if j.Context().Err() == nil {
			t.Errorf("%s: the run was not cancelled", by)
		}
		if n := errorBars(win); n != 0 {
			t.Errorf("%s: %d error bars shown", by, n)
		}
	}
	running := func(j *workspace.UncertaintyJob) {
		t.Helper()
		q.until("progress", func() bool { return p.progress.Value > 0 || p.job != j })
		if p.job != j {
			t.Fatal("the run finished before the test could change anything; use more samples")
		}
	}

	// A click on a state while the run is going.
	a := start()
	running(a)
	test.TapAt(win.graph, win.graph.StatePosition(0, 0))
	if _, ok := ws.Finding(0); !ok {
		t.Fatal("the tap set no finding")
	}
	abandoned(a, "a finding")

	// Another model opened while the run is going.
	b := start()
	running(b)
	win.openPath(asia)
	q.until("asia to open", func() bool { return win.loading == nil })
	if ws.Path() != asia {
		t.Fatalf("open %q, want %q", ws.Path(), asia)
	}
	if b.Target < ws.Network().NumVariables() {
		t.Logf("the old target %d is also a node of asia", b.Target)
	}
	abandoned(b, "opening a model")
	q.settle(win) // the late results of both runs arrive now
	if n := errorBars(win); n != 0 || shownHowSure(p) {
		t.Errorf("late results shown: %d error bars, result %v", n, shownHowSure(p))
	}

	// A result already on its way when the findings change.
	c := start()
	<-c.Context().Done() // Run has returned; its result is posted or about to be
	test.TapAt(win.graph, win.graph.StatePosition(0, 0))
	abandoned(c, "a finding with the result in flight")
	q.settle(win)
	if n := errorBars(win); n != 0 || shownHowSure(p) {
		t.Errorf("a result for the old findings is shown: %d error bars, result %v", n, shownHowSure(p))
	}

	// The control: an undisturbed run shows its error bars, and the next
	// click clears them.
	d := start()
	q.until("the run to finish", func() bool { return p.job != d })
	if n := errorBars(win); n == 0 || !shownHowSure(p) {
		t.Fatalf("an undisturbed run shows %d error bars, result %v", n, shownHowSure(p))
	}
	if err := ws.ClearFindings(); err != nil {
		t.Fatal(err)
	}
	if n := errorBars(win); n != 0 {
		t.Errorf("%d error bars after the findings changed", n)
	}

	// Cancel keeps the partial result: it is for the findings shown.
	e := start()
	test.Tap(p.runBtn)
	q.settle(win)
	if p.job != nil || e.Context().Err() == nil {
		t.Error("Cancel did not stop the run")
	}
	if !shownHowSure(p) {
		t.Error("the partial result of a cancelled run is not shown")
	}
}

// TestStaleIntervalsIgnored checks the outcome panel's own guard: error
// bars for states the node does not have are not drawn.
func TestStaleIntervalsIgnored(t *testing.T) {
	win, _ := openAsia(t)
	e := win.outcomes.entries[0]
	win.outcomes.setIntervals(e.v, nil, nil)
	if n := errorBars(win); n != 0 {
		t.Errorf("%d error bars from empty intervals", n)
	}
	win.outcomes.setIntervals(e.v, []float64{0.1, 0.2, 0.3}, []float64{0.4, 0.5, 0.6})
	if n := errorBars(win); n == 0 {
		t.Error("no error bars from matching intervals")
	}
}
