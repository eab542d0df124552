package workspace

import (
	"fmt"
	"slices"
	"time"

	"brink/network"
	"brink/network/edit"
	"brink/network/model"
	"brink/network/timeline"
)

// Timeline is the presenter of the Log tab, over a workspace: the model's
// log and forecasts (each edit one undoable step, through Workspace.Edit),
// stepping the beliefs to a date of the log, the path, what changed
// between two dates, and the forecasts' scores.
//
// Stepping to a date replaces the current findings with those the log has
// in force on that date, as one undoable step, like applying a scenario:
// the network and the outcomes panel show the beliefs as of the date
// because they are the beliefs under those findings, every view agrees,
// and the analyst's own findings are never lost — Back (or Undo) brings
// them back. A Timeline remembers the findings from before the first
// step; once the findings change by hand, the workspace is no longer
// "as of" a date and Back has nothing to do.
type Timeline struct {
	w *Workspace
	// date is the date stepped to, shown while the findings are still
	// stepped (the evidence applied); saved are the findings before the
	// first step.
	date    string
	stepped *network.Evidence
	saved   *network.Evidence
	// Today returns today's date, YYYY-MM-DD; tests replace it.
	Today func() string

	// beliefs caches the beliefs of model bModel.
	beliefs *timeline.Beliefs
	bModel  *model.Model
	// path caches the path of model pathModel.
	path      *timeline.Path
	pathModel *model.Model
}

// NewTimeline returns the Log tab's presenter over w.
func NewTimeline(w *Workspace) *Timeline {
	return &Timeline{w: w, Today: func() string { return time.Now().UTC().Format("2006-01-02") }}
}

// Model returns the workspace's model.
func (t *Timeline) Model() *model.Model { return t.w.Model() }

// Entries returns the indices of the log's entries in the order they take
// effect (timeline.Order).
func (t *Timeline) Entries() []int { return timeline.Order(t.w.Model().Log) }

// Dates returns the log's dates, earliest first.
func (t *Timeline) Dates() []string { return timeline.Dates(t.w.Model().Log) }

// AsOf returns the date the findings are stepped to, or "" when they are
// the analyst's own (never stepped, stepped back, or changed since).
func (t *Timeline) AsOf() string {
	if t.stepped == nil || t.w.ev != t.stepped {
		return ""
	}
	return t.date
}

// StepTo replaces the findings with those the log has in force at the end
// of date (timeline.InForce), as one undoable step. The findings from
// before the first step are kept for Back.
func (t *Timeline) StepTo(date string) error {
	if _, err := model.ParseDate(date); err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	m := t.w.Model()
	ev := network.NewEvidence(m.Net)
	if err := m.AddFindings(ev, timeline.InForce(m.Log, date)); err != nil {
		return fmt.Errorf("workspace: the log on %s: %w", model.DateText(date), err)
	}
	saved, oldDate, oldStepped := t.saved, t.date, t.stepped
	if t.AsOf() == "" {
		t.saved = t.w.ev
	}
	// Set before applying: the views redraw while apply tells them.
	t.date, t.stepped = date, ev
	if err := t.w.apply(ev); err != nil {
		t.saved, t.date, t.stepped = saved, oldDate, oldStepped
		return err
	}
	return nil
}

// Back brings back the findings from before the first step, as one
// undoable step; nothing when the findings are not stepped.
func (t *Timeline) Back() error {
	if t.AsOf() == "" || t.saved == nil {
		return nil
	}
	saved := t.saved
	if saved.Network() != t.w.Network() {
		saved = network.NewEvidence(t.w.Network())
	}
	date, stepped, kept := t.date, t.stepped, t.saved
	t.date, t.stepped, t.saved = "", nil, nil
	if err := t.w.apply(saved); err != nil {
		t.date, t.stepped, t.saved = date, stepped, kept
		return err
	}
	return nil
}

// Unlogged returns the entries that would bring the log up to the current
// findings: for each node whose finding (or action) differs from what the
// log has in force at its end, an entry setting the current one, or
// retracting it, dated date. Provenance recorded for a finding (from a
// scenario) goes with it.
func (t *Timeline) Unlogged(date string) []model.LogEntry {
	m := t.w.Model()
	end := timeline.InForce(m.Log, "9999-12-31")
	cur := t.w.modelFindings()
	var out []model.LogEntry
	for _, f := range cur {
		k := slices.IndexFunc(end, func(g model.Finding) bool { return g.Node == f.Node })
		if k >= 0 && sameFinding(end[k], f) {
			continue
		}
		if p := t.w.prov[f.Node]; p != nil {
			cp := *p
			cp.Observed = ""
			f.Provenance = &cp
		}
		out = append(out, model.LogEntry{Date: date, Finding: f})
	}
	for _, g := range end {
		if !slices.ContainsFunc(cur, func(f model.Finding) bool { return f.Node == g.Node }) {
			out = append(out, model.LogEntry{Date: date, Finding: model.Finding{Node: g.Node}, Retract: true})
		}
	}
	return out
}

func sameFinding(a, b model.Finding) bool {
	return a.Node == b.Node && a.Kind == b.Kind && a.State == b.State && a.Action == b.Action &&
		slices.Equal(a.NotStates, b.NotStates) && slices.Equal(a.Weights, b.Weights)
}

// LogFindings adds the entries Unlogged(date) returns, each with note,
// source and grading prov (nil for none; a finding's own provenance is
// kept where prov leaves a field empty), as one undoable step. It returns
// the number of entries added; 0, and no step, when the log is up to
// date.
func (t *Timeline) LogFindings(date string, prov *model.Provenance) (int, error) {
	return t.AddEntries(t.Unlogged(date), prov)
}

// AddEntries adds log entries (from Unlogged, say: the analyst may keep
// only some), each given provenance prov as LogFindings does, as one
// undoable step; 0 and no step for none.
func (t *Timeline) AddEntries(es []model.LogEntry, prov *model.Provenance) (int, error) {
	es = model.CloneLog(es)
	if len(es) == 0 {
		return 0, nil
	}
	for i := range es {
		if prov != nil && *prov != (model.Provenance{}) {
			p := *prov
			if old := es[i].Finding.Provenance; old != nil {
				if p.Note == "" {
					p.Note = old.Note
				}
				if p.Source == "" {
					p.Source = old.Source
				}
			}
			es[i].Finding.Provenance = &p
		}
	}
	_, err := t.w.Edit(func(d edit.Doc) (edit.Doc, error) {
		for _, e := range es {
			var err error
			if d, err = edit.AddLogEntry(d, e); err != nil {
				return edit.Doc{}, err
			}
		}
		return d, nil
	})
	if err != nil {
		return 0, err
	}
	// The edit rebuilt the evidence: a step is no longer current.
	t.date, t.stepped, t.saved = "", nil, nil
	return len(es), nil
}

// SetEntry replaces log entry i, as one undoable step.
func (t *Timeline) SetEntry(i int, e model.LogEntry) error {
	_, err := t.w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetLogEntry(d, i, e) })
	return err
}

// DeleteEntry removes log entry i, as one undoable step.
func (t *Timeline) DeleteEntry(i int) error {
	_, err := t.w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.DeleteLogEntry(d, i) })
	return err
}

// Beliefs returns the beliefs of the current model, kept while it stays.
func (t *Timeline) Beliefs() (*timeline.Beliefs, error) {
	m := t.w.Model()
	if t.beliefs == nil || t.bModel != m {
		b, err := timeline.NewBeliefs(m)
		if err != nil {
			return nil, err
		}
		t.beliefs, t.bModel = b, m
	}
	return t.beliefs, nil
}

// Path returns the path of the model's intentions and outcomes over the
// log's dates (timeline.ComputePath), kept while the model stays: it does
// not depend on the current findings.
func (t *Timeline) Path() (*timeline.Path, error) {
	m := t.w.Model()
	if t.path != nil && t.pathModel == m {
		return t.path, nil
	}
	b, err := t.Beliefs()
	if err != nil {
		return nil, err
	}
	p, err := timeline.ComputePath(b)
	if err != nil {
		return nil, err
	}
	t.path, t.pathModel = p, m
	return p, nil
}

// DefaultSpan returns the dates "what changed" starts with: from the
// model's as-of date (the date its last brief spoke for; the start of the
// log when it has none) to today, or to the log's last date when that is
// later.
func (t *Timeline) DefaultSpan() (from, to string) {
	m := t.w.Model()
	from = m.AsOf
	to = t.Today()
	if ds := timeline.Dates(m.Log); len(ds) > 0 {
		if from == "" {
			from = ds[0]
		}
		if ds[len(ds)-1] > to {
			to = ds[len(ds)-1]
		}
	}
	if from > to {
		from = to
	}
	return from, to
}

// Changes says what changed between two dates and which entries caused
// it (timeline.ComputeChanges). It can take a second or two for many
// entries: call it off the UI goroutine, on a Timeline nothing else uses
// meanwhile, or on a fresh Beliefs.
func (t *Timeline) Changes(from, to string) (*timeline.Changes, error) {
	b, err := t.Beliefs()
	if err != nil {
		return nil, err
	}
	return timeline.ComputeChanges(b, from, to)
}

// RecordForecast records a forecast of node v on date: its current
// beliefs (the probabilities the window shows), or p when it is not nil
// (typed by the analyst; it must be a distribution). One undoable step.
func (t *Timeline) RecordForecast(v int, date string, p []float64, note string) error {
	if err := t.w.checkNode(v); err != nil {
		return err
	}
	if p == nil {
		p = slices.Clone(t.w.Posterior(v))
	}
	f := model.Forecast{Date: date, Node: t.w.Network().Name(v), P: p, Note: note}
	_, err := t.w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.AddForecast(d, f) })
	return err
}

// Resolve records that state s of forecast i's node happened, on date;
// s < 0 reopens the forecast. One undoable step.
func (t *Timeline) Resolve(i, s int, date string) error {
	m := t.w.Model()
	if i < 0 || i >= len(m.Forecasts) {
		return fmt.Errorf("workspace: no forecast %d", i+1)
	}
	f := m.Forecasts[i]
	f.Resolved, f.ResolvedOn = "", ""
	if s >= 0 {
		v, ok := m.Net.Index(f.Node)
		if !ok || s >= m.Net.Card(v) {
			return fmt.Errorf("workspace: forecast %d has no state %d", i+1, s)
		}
		f.Resolved, f.ResolvedOn = m.Net.Variable(v).States[s], date
	}
	_, err := t.w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetForecast(d, i, f) })
	return err
}

// DeleteForecast removes forecast i, as one undoable step.
func (t *Timeline) DeleteForecast(i int) error {
	_, err := t.w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.DeleteForecast(d, i) })
	return err
}

// Score scores the resolved forecasts (timeline.ScoreForecasts).
func (t *Timeline) Score() (*timeline.Score, error) { return timeline.ScoreForecasts(t.w.Model()) }
