// Package modelfile reads and writes Brink model files: TOML documents that
// people can read, edit, diff and keep in version control. The format is
// documented in docs/model-format.md.
//
// Reading reports every problem it finds at once (up to a limit), each as
// path:line:col: message, naming the node, parent configuration, state or
// scenario concerned. A file cannot make the reader allocate beyond the
// limits of package limits, whatever it declares. Writing is
// deterministic, so that the same model always gives the same bytes and
// diffs show only what changed, and it refuses a model the reader would
// refuse.
package modelfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
	"brink/network/model"
)

// Sentinel causes of model-file errors, reachable with errors.Is. They are
// the shared causes of package diag, so that a caller can tell kinds of
// problem apart whatever the format; limits exceeded answer
// errors.Is(err, diag.ErrTooLarge), bad text encoding diag.ErrEncoding and
// bad names network.ErrBadName.
var (
	ErrSyntax        = diag.ErrSyntax
	ErrUnknownKey    = diag.ErrUnknownKey
	ErrDuplicate     = diag.ErrDuplicate
	ErrMissing       = diag.ErrMissing
	ErrInvalid       = diag.ErrInvalid
	ErrVersion       = diag.Derive("unsupported format version", diag.ErrUnsupported)
	ErrMissingConfig = diag.Derive("missing parent configuration", diag.ErrMissing)
)

// Load reads the model file at path under the default limits, checking
// its size before reading it.
func Load(path string) (*model.Model, error) {
	lim := limits.Default()
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %w", err)
	}
	if err := lim.CheckFileSize(fi.Size()); err != nil {
		return nil, diag.List{{Pos: diag.Pos{File: path}, Err: &diag.Cause{Msg: "modelfile: " + err.Error(), Err: err}}}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %w", err)
	}
	defer f.Close()
	// The file may have grown since Stat, or not be a regular file: read
	// one byte past the limit, for Read to refuse.
	data, err := io.ReadAll(io.LimitReader(f, lim.FileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("modelfile: %w", err)
	}
	m, _, err := Read(data, path, lim)
	return m, err
}

// Read parses a model file; filename is used in positions. It returns the
// model, the warnings (things accepted but changed or doubtful, such as a
// number too small for a float64, sorted, each "path:line:col: message"),
// and an error listing every problem found, sorted by position, when the
// file cannot be read. Nothing the file declares makes Read allocate
// beyond lim (zero fields take their defaults): the file size, the nesting
// of its values, the number of variables, of states per variable, of
// parents, of entries per CPT and in all CPTs are checked before anything
// proportional to them is built, and problems past lim.Errors are only
// counted.
func Read(data []byte, filename string, lim limits.Limits) (*model.Model, []string, error) {
	r := newReader(data, filename, lim)
	m := r.read()
	r.resolve()
	warnings := r.c.Warnings()
	if err := r.c.Err(); err != nil {
		return nil, warnings, err
	}
	return m, warnings, nil
}

// reader holds the state of one Read.
type reader struct {
	data   []byte
	file   string
	lim    limits.Limits
	c      diag.Collector
	nwarn  int
	budget *limits.Budget
	// pending are the kept problems whose positions are found after the
	// checks, in one pass of the locator (see resolve).
	pending []pending
}

// pending is a problem at a key path, positioned later.
type pending struct {
	e    *diag.Error
	path string
	// When ref is set, the message names the position of another path
	// (the first definition of a duplicate): msg is composed then.
	ref          string
	text, suffix string
}

func newReader(data []byte, filename string, lim limits.Limits) *reader {
	lim = lim.Resolved()
	r := &reader{data: data, file: filename, lim: lim, budget: limits.NewBudget(lim)}
	r.c.Prefix = "modelfile"
	r.c.Max = lim.Errors
	if lim.Errors < 0 {
		r.c.Max = math.MaxInt
	}
	return r
}

// counted is the stand-in added to the collector for a problem past the
// limit, which is only counted.
var counted = &diag.Error{Err: errors.New("not shown")}

// errorf records a problem at a key path; the message is "modelfile: ",
// the formatted text, ": " and the cause.
func (r *reader) errorf(path string, cause error, format string, args ...any) {
	r.errorRef(path, "", cause, format, args...)
}

// errorRef is errorf for a problem that also concerns the key path ref,
// whose position the message gives.
func (r *reader) errorRef(path, ref string, cause error, format string, args ...any) {
	if r.c.Full() {
		r.c.Add(counted)
		return
	}
	text := "modelfile: " + fmt.Sprintf(format, args...)
	suffix := ": " + cause.Error()
	e := &diag.Error{Pos: diag.Pos{File: r.file}, Err: &diag.Cause{Msg: text + suffix, Err: cause}}
	r.c.Add(e)
	r.pending = append(r.pending, pending{e: e, path: path, ref: ref, text: text, suffix: suffix})
}

// limitError records a limit exceeded at a key path.
func (r *reader) limitError(path string, err error) {
	if r.c.Full() {
		r.c.Add(counted)
		return
	}
	e := &diag.Error{Pos: diag.Pos{File: r.file}, Err: &diag.Cause{Msg: "modelfile: " + err.Error(), Err: err}}
	r.c.Add(e)
	r.pending = append(r.pending, pending{e: e, path: path})
}

// errorAt records a problem at a known position.
func (r *reader) errorAt(pos diag.Pos, cause error, format string, args ...any) {
	r.c.Add(&diag.Error{Pos: pos, Err: &diag.Cause{Msg: "modelfile: " + fmt.Sprintf(format, args...) + ": " + cause.Error(), Err: cause}})
}

// warnf records a warning at a key path.
func (r *reader) warnf(path string, format string, args ...any) {
	r.nwarn++
	if r.nwarn > r.c.Max {
		r.c.Warn(counted)
		return
	}
	e := &diag.Error{Pos: diag.Pos{File: r.file}, Err: errors.New("modelfile: " + fmt.Sprintf(format, args...))}
	r.c.Warn(e)
	r.pending = append(r.pending, pending{e: e, path: path})
}

// warnAt records a warning at a known position.
func (r *reader) warnAt(pos diag.Pos, format string, args ...any) {
	r.nwarn++
	if r.nwarn > r.c.Max {
		r.c.Warn(counted)
		return
	}
	r.c.Warn(&diag.Error{Pos: pos, Err: errors.New("modelfile: " + fmt.Sprintf(format, args...))})
}

func (r *reader) pos(l loc, ok bool) diag.Pos {
	if !ok {
		return diag.Pos{File: r.file}
	}
	return diag.Pos{File: r.file, Line: l.line, Col: l.col}
}

// resolve places the pending problems, with one pass of the locator.
func (r *reader) resolve() {
	if len(r.pending) == 0 {
		return
	}
	paths := make([]string, 0, 2*len(r.pending))
	for _, p := range r.pending {
		paths = append(paths, p.path)
		if p.ref != "" {
			paths = append(paths, p.ref)
		}
	}
	at := locate(string(r.data), paths)
	for _, p := range r.pending {
		l, ok := at[p.path]
		p.e.Pos = r.pos(l, ok)
		if p.ref != "" {
			l, ok := at[p.ref]
			p.e.Err.(*diag.Cause).Msg = p.text + " (the other is at " + r.pos(l, ok).String() + ")" + p.suffix
		}
	}
	r.pending = nil
}

var (
	dateRE        = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	partialDateRE = regexp.MustCompile(`^\d{4}(-\d{2})?$`)
)

func (r *reader) read() *model.Model {
	data := r.data
	if err := r.lim.CheckFileSize(int64(len(data))); err != nil {
		r.c.AddErr(diag.Pos{File: r.file}, err)
		return nil
	}
	if off, what := badEncoding(data); off >= 0 {
		l := positions(data, []int{off})[0]
		r.errorAt(r.pos(l, true), diag.ErrEncoding, "%s; a model file must be UTF-8 text", what)
		return nil
	}
	sc := scan(data, r.lim.Nesting, r.c.Max)
	if sc.deep >= 0 {
		l := positions(data, []int{sc.deep})[0]
		err := &limits.Error{What: "nesting of tables, arrays and dotted keys", Got: fmt.Sprintf("%d levels", r.lim.Nesting+1), Limit: strconv.Itoa(r.lim.Nesting)}
		r.c.AddErr(r.pos(l, true), err)
		return nil
	}
	r.underflows(sc)
	var raw any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos := diag.Pos{File: r.file, Line: pe.Position.Line, Col: pe.Position.Col}
			msg := pe.Message
			if msg == "" {
				msg = strings.TrimPrefix(pe.Error(), "toml: ")
			}
			r.errorAt(pos, ErrSyntax, "%s", decoderText(msg))
			return nil
		}
		r.errorAt(diag.Pos{File: r.file}, ErrSyntax, "%s", decoderText(strings.TrimPrefix(err.Error(), "toml: ")))
		return nil
	}
	top, _ := raw.(map[string]any)
	return r.build(&tbl{r: r, m: top})
}

// decoderText makes a message of the TOML decoder safe to print: the
// decoder quotes what it found with the NUL it uses for the end of the
// file ("'0b\x00'"), which is dropped (the file holds no NUL: that was
// refused), and any other control character is escaped.
func decoderText(msg string) string {
	var b strings.Builder
	for _, c := range msg {
		switch {
		case c == 0:
		case network.IsControl(c):
			b.WriteString(strings.Trim(network.QuoteName(string(c)), `"`))
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// underflows warns of the number literals that read as zero or as a
// subnormal float64.
func (r *reader) underflows(sc scanResult) {
	if sc.smallCount == 0 {
		return
	}
	offs := make([]int, len(sc.small))
	for k, s := range sc.small {
		offs[k] = s[0]
	}
	at := positions(r.data, offs)
	for k, s := range sc.small {
		lit := string(r.data[s[0]:s[1]])
		f, _ := strconv.ParseFloat(strings.ReplaceAll(lit, "_", ""), 64)
		if f == 0 {
			r.warnAt(r.pos(at[k], true), "number %s is below the range of normal float64 numbers and is read as 0", lit)
		} else {
			r.warnAt(r.pos(at[k], true), "number %s is below the smallest normal float64 (2.2e-308) and reads as %g, with less precision", diag.Quote([]byte(lit)), f)
		}
	}
	for range sc.smallCount - len(sc.small) {
		r.warnAt(diag.Pos{File: r.file}, "") // past the limit: counted
	}
}

func (r *reader) build(top *tbl) *model.Model {
	mt := top.table("model")
	if mt == nil {
		mt = &tbl{r: r, path: "model", key: "model"}
	}
	m := r.modelTable(mt)
	var sourceIDs map[string]bool
	m.Sources, sourceIDs = r.sources(top.tables("source"))
	nodes := top.tables("node")
	utilities := top.tables("utility")
	scenarios := top.tables("scenario")
	logs, forecasts := top.tables("log"), top.tables("forecast")
	top.end()

	specs, docs := r.nodes(nodes, sourceIDs)
	if specs == nil {
		return nil
	}
	n, err := network.New(specs)
	if err != nil {
		r.networkErrors(err, docs)
		return nil
	}
	m.Net = n
	m.Nodes = make([]model.Node, len(docs))
	for i, d := range docs {
		m.Nodes[i] = d.node
	}
	m.Utilities = r.utilities(utilities, n, sourceIDs)
	m.Scenarios = r.scenarios(scenarios, n, docs)
	m.Log = r.log(logs, n, docs)
	m.Forecasts = r.forecasts(forecasts, n, docs)
	return m
}

func (r *reader) modelTable(t *tbl) *model.Model {
	format, ok := t.integer("format")
	_, given := t.m["format"]
	switch {
	case !given:
		r.errorf(t.path, ErrMissing, "[model] needs format = %d", model.FormatVersion)
	case !ok:
	case format > model.FormatVersion:
		r.errorf("model.format", ErrVersion, "format %d is newer than this Brink reads (%d); update Brink", format, model.FormatVersion)
	case format < 1:
		r.errorf("model.format", ErrVersion, "format %d", format)
	}
	m := &model.Model{
		Title: t.str("title"), Description: t.str("description"), Authors: t.strs("authors"),
		Created: t.str("created"), Modified: t.str("modified"), AsOf: t.str("as_of"), Horizon: t.str("horizon"),
		Handling: t.str("handling"),
		Notes:    t.str("notes"), Limits: t.strs("limits"),
	}
	for _, d := range []struct{ key, val string }{{"created", m.Created}, {"modified", m.Modified}} {
		if d.val != "" && !dateRE.MatchString(d.val) {
			r.errorf("model."+d.key, ErrInvalid, "date %q is not YYYY-MM-DD", d.val)
		}
	}
	asOfErr, horizonErr := model.CheckPeriod(m.AsOf, m.Horizon)
	if asOfErr != nil {
		r.errorf("model.as_of", ErrInvalid, "%v", asOfErr)
	}
	if horizonErr != nil {
		r.errorf("model.horizon", ErrInvalid, "%v", horizonErr)
	}
	t.end()
	return m
}

func (r *reader) sources(ts []*tbl) ([]model.Source, map[string]bool) {
	var out []model.Source
	ids := map[string]bool{}
	for _, t := range ts {
		s := model.Source{ID: t.str("id"), Title: t.str("title"), Author: t.str("author"), Date: t.str("date"), URL: t.str("url"), Citation: t.str("citation")}
		t.end()
		switch {
		case s.ID == "":
			r.errorf(t.path, ErrMissing, "source needs an id")
		case ids[s.ID]:
			r.errorf(t.path+".id", ErrDuplicate, "duplicate source id %q", s.ID)
		}
		ids[s.ID] = true
		if s.Date != "" && !dateRE.MatchString(s.Date) && !partialDateRE.MatchString(s.Date) {
			r.errorf(t.path+".date", ErrInvalid, "source %q: date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s.ID, s.Date)
		}
		out = append(out, s)
	}
	return out, ids
}

// nodeDoc is a node as read, with its names in normal form C.
type nodeDoc struct {
	path    string // "node[3]"
	raw     string // the id as written
	id      string // the id in normal form C, or "" when it is bad
	states  []string
	stateAt map[string]int // state index by name, built on first use
	parents []string
	rows    []any // the cpt array, checked after the structure
	node    model.Node
	// canon is the node's canonical model's sub-table (noisy_or, …),
	// under canonKey, checked after the structure; nil when it has none.
	canon     *tbl
	canonKey  string
	canonKind model.CanonicalKind
}

// stateIndex returns the index of state s of d, or -1.
func (d *nodeDoc) stateIndex(s string) int {
	if d.stateAt == nil {
		d.stateAt = make(map[string]int, len(d.states))
		for k, st := range d.states {
			d.stateAt[st] = k
		}
	}
	if k, ok := d.stateAt[s]; ok {
		return k
	}
	return -1
}

// q quotes a name for a message, escaping control characters.
func q(name string) string { return network.QuoteName(name) }

// normal returns s in normal form C, cheaply for ASCII.
func normal(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return network.NormalName(s)
		}
	}
	return s
}

// nodes checks the node tables and turns them into network specifications
// and node documentation.
func (r *reader) nodes(ts []*tbl, sourceIDs map[string]bool) ([]network.VariableSpec, []*nodeDoc) {
	if err := r.lim.CheckVariables(len(ts)); err != nil {
		r.limitError(ts[r.lim.Variables].path, err)
		return nil, nil
	}
	errsBefore := r.c.Len()
	docs := make([]*nodeDoc, len(ts))
	index := make(map[string]int, len(ts))
	for i, t := range ts {
		d := r.node(t, sourceIDs)
		docs[i] = d
		if d.id == "" {
			continue
		}
		if j, dup := index[d.id]; dup {
			how := ""
			if d.raw != docs[j].raw {
				how = ", written differently but the same name in Unicode normal form C"
			}
			r.errorRef(t.path+".id", ts[j].path+".id", ErrDuplicate, "duplicate node id %s%s", q(d.id), how)
			continue
		}
		index[d.id] = i
	}
	for _, d := range docs {
		seen := make(map[string]bool, len(d.parents))
		for k, p := range d.parents {
			if _, ok := index[p]; !ok {
				r.errorf(fmt.Sprintf("%s.parents[%d]", d.path, k), network.ErrUnknownParent, "node %s: unknown parent %s", q(d.id), q(p))
			} else if seen[p] {
				r.errorf(fmt.Sprintf("%s.parents[%d]", d.path, k), ErrDuplicate, "node %s: parent %s listed twice", q(d.id), q(p))
			}
			seen[p] = true
		}
	}
	if r.c.Len() > errsBefore {
		return nil, nil // structural problems: CPTs cannot be checked
	}
	specs := make([]network.VariableSpec, len(docs))
	for i, d := range docs {
		var cpt []float64
		switch {
		case d.canon != nil:
			cpt = r.canonical(d, docs, index)
		case len(d.rows) == 0 && d.node.Role == model.RoleDecision:
			cpt = r.placeholder(d, docs, index) // a policy replaces it
		default:
			cpt = r.cpt(d, docs, index)
		}
		specs[i] = network.VariableSpec{Name: d.id, States: d.states, Parents: d.parents, CPT: cpt}
	}
	if r.c.Len() > errsBefore {
		return nil, nil
	}
	return specs, docs
}

// node reads one node table.
func (r *reader) node(t *tbl, sourceIDs map[string]bool) *nodeDoc {
	d := &nodeDoc{path: t.path}
	raw, given := t.m["id"].(string)
	t.str("id")
	if !given {
		if _, there := t.m["id"]; !there {
			r.errorf(t.path, ErrMissing, "node needs an id")
		}
	} else if id := normal(raw); network.CheckVariableName(id) != nil {
		r.errorf(t.path+".id", network.ErrBadName, "node id %s", network.CheckVariableName(id))
	} else {
		d.id = id
		if id != raw {
			r.warnf(t.path+".id", "node id %s normalised to Unicode normal form C (it was written with decomposed characters)", q(id))
		}
	}
	d.raw = raw
	name := raw
	nd := &d.node
	nd.Label, nd.Description, nd.Group, nd.Rationale = t.str("label"), t.str("description"), t.str("group"), t.str("rationale")
	nd.Actor = t.str("actor")
	role := t.str("role")
	nd.Role = model.Role(role)
	if !nd.Role.Valid() {
		r.errorf(t.path+".role", ErrInvalid, "node %s: role %q is not one of %v", q(name), role, model.Roles)
	}
	r.states(t, d, name)
	for k, p := range t.strs("parents") {
		np := normal(p)
		if err := network.CheckVariableName(np); err != nil {
			r.errorf(fmt.Sprintf("%s.parents[%d]", t.path, k), network.ErrBadName, "node %s: parent %s", q(name), err)
		}
		d.parents = append(d.parents, np)
	}
	if len(d.parents) > r.lim.Parents && r.lim.Parents >= 0 {
		r.limitError(t.path+".parents", &limits.Error{What: fmt.Sprintf("parents of variable %q", name), Got: strconv.Itoa(len(d.parents)), Limit: strconv.Itoa(r.lim.Parents)})
	}
	if v, ok := t.get("position"); ok {
		xy, ok := t.numbers("position", v)
		switch {
		case !ok:
		case len(xy) != 2:
			r.errorf(t.path+".position", ErrInvalid, "node %s: position needs two numbers [x, y], got %d", q(name), len(xy))
		case !finite(xy[0]) || !finite(xy[1]):
			r.errorf(t.path+".position", ErrInvalid, "node %s: position [%v, %v] is not two finite numbers", q(name), xy[0], xy[1])
		default:
			nd.Position = &model.Point{X: xy[0], Y: xy[1]}
		}
	}
	if c, ok := t.number("confidence"); ok {
		if !(c > 0) || math.IsInf(c, 0) {
			r.errorf(t.path+".confidence", ErrInvalid, "node %s: confidence %v is not a positive number (an equivalent sample size)", q(name), c)
		} else {
			nd.Confidence = c
		}
	}
	if v, ok := t.get("cpt"); ok {
		rows, ok := v.([]any)
		if !ok {
			r.typeError(t.path+".cpt", t.key+".cpt", "an array of rows", v)
		}
		d.rows = rows
	}
	r.readCanonical(t, d)
	for _, c := range t.tables("citation") {
		cite := model.Citation{Source: c.str("source"), Quote: c.str("quote")}
		c.end()
		if cite.Source != "" && !sourceIDs[cite.Source] {
			r.errorf(c.path+".source", ErrInvalid, "node %s: citation of unknown source %q", q(name), cite.Source)
		}
		nd.Citations = append(nd.Citations, cite)
	}
	t.end()
	return d
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// states reads the states of node d: each a string id or a table
// { id, label }.
func (r *reader) states(t *tbl, d *nodeDoc, name string) {
	v, ok := t.get("states")
	if !ok {
		r.errorf(t.path, ErrMissing, "node %s has no states", q(name))
		return
	}
	list, ok := v.([]any)
	if !ok {
		r.typeError(t.path+".states", t.key+".states", "an array of states", v)
		return
	}
	if err := r.lim.CheckStates(name, len(list)); err != nil {
		r.limitError(t.path+".states", err)
		return
	}
	if len(list) == 0 {
		r.errorf(t.path+".states", ErrMissing, "node %s has no states", q(name))
		return
	}
	d.states = make([]string, len(list))
	labels := make([]string, len(list))
	hasLabels := false
	seen := make(map[string]int, len(list))
	for k, s := range list {
		path := fmt.Sprintf("%s.states[%d]", t.path, k)
		var raw string
		switch x := s.(type) {
		case string:
			raw = x
		case map[string]any:
			st := &tbl{r: r, m: x, path: path, key: t.key + ".states"}
			raw = st.str("id")
			labels[k] = st.str("label")
			hasLabels = hasLabels || labels[k] != ""
			st.end()
			if _, ok := x["id"]; !ok {
				r.errorf(path, ErrMissing, "node %s: state %d has no id", q(name), k+1)
				continue
			}
			path += ".id"
		default:
			r.typeError(path, t.key+".states", `a state: a string or { id = "...", label = "..." }`, s)
			continue
		}
		id := normal(raw)
		if err := network.CheckStateName(id); err != nil {
			r.errorf(path, network.ErrBadName, "node %s: state %s", q(name), err)
			continue
		}
		if j, dup := seen[id]; dup {
			r.errorRef(path, fmt.Sprintf("%s.states[%d]", t.path, j), ErrDuplicate, "node %s: duplicate state %s", q(name), q(id))
			continue
		}
		if id != raw {
			r.warnf(path, "node %s: state %s normalised to Unicode normal form C (it was written with decomposed characters)", q(name), q(id))
		}
		seen[id] = k
		d.states[k] = id
	}
	if hasLabels {
		d.node.StateLabels = labels
	}
}

// networkErrors places the errors of network.New (a cycle, mostly; the
// other checks were done above) at the node they name.
func (r *reader) networkErrors(err error, docs []*nodeDoc) {
	index := make(map[string]int, len(docs))
	for i, d := range docs {
		index[d.id] = i
	}
	// Find the positions the errors need in one pass of the locator.
	var paths []string
	nl := &netLocator{r: r, index: index, docs: docs}
	for _, e := range diag.Flatten(err) {
		var ce *network.CycleError
		var ne *network.Error
		switch {
		case errors.As(e, &ce):
			paths = append(paths, nl.cyclePath(ce.Cycle))
		case errors.As(e, &ne):
			paths = append(paths, nl.variablePath(ne.Variable, ne.Config))
		}
	}
	nl.at = locate(string(r.data), paths)
	r.c.AddNetworkErrors(err, r.file, nl)
}

// netLocator answers diag.NetworkLocator from positions found beforehand.
type netLocator struct {
	r     *reader
	index map[string]int
	docs  []*nodeDoc
	at    map[string]loc
}

func (nl *netLocator) variablePath(variable, config string) string {
	i, ok := nl.index[variable]
	if !ok {
		return ""
	}
	if config != "" {
		return nl.docs[i].path + ".cpt"
	}
	return nl.docs[i].path
}

// cyclePath is the parents entry of the cycle's first variable that names
// its last: the arrow that closes the cycle.
func (nl *netLocator) cyclePath(cycle []string) string {
	if len(cycle) == 0 {
		return ""
	}
	i, ok := nl.index[cycle[0]]
	if !ok {
		return ""
	}
	d := nl.docs[i]
	if k := slices.Index(d.parents, cycle[len(cycle)-1]); k >= 0 {
		return fmt.Sprintf("%s.parents[%d]", d.path, k)
	}
	return d.path + ".parents"
}

func (nl *netLocator) Variable(variable, config string) (diag.Pos, bool) {
	l, ok := nl.at[nl.variablePath(variable, config)]
	return nl.r.pos(l, ok), ok
}

func (nl *netLocator) Cycle(cycle []string) (diag.Pos, bool) {
	l, ok := nl.at[nl.cyclePath(cycle)]
	return nl.r.pos(l, ok), ok
}

// scenarios checks the saved scenarios against the network.
func (r *reader) scenarios(ts []*tbl, n *network.Network, docs []*nodeDoc) []model.Scenario {
	var out []model.Scenario
	names := map[string]int{}
	ev := network.NewEvidence(n)
	for i, t := range ts {
		sc := model.Scenario{Name: t.str("name"), Title: t.str("title"), Description: t.str("description"), Author: t.str("author")}
		findings := t.tables("finding")
		t.end()
		switch j, dup := names[sc.Name]; {
		case sc.Name == "":
			r.errorf(t.path, ErrMissing, "scenario needs a name")
		case dup:
			r.errorRef(t.path+".name", ts[j].path+".name", ErrDuplicate, "duplicate scenario %q", sc.Name)
		default:
			names[sc.Name] = i
		}
		onNode := map[string]string{}
		for _, ft := range findings {
			f, ok := r.finding(ft, sc.Name, n, docs, ev)
			if !ok {
				continue
			}
			if first, dup := onNode[f.Node]; dup {
				r.errorRef(ft.path+".node", first, ErrDuplicate, "scenario %q: two findings on node %s", sc.Name, q(f.Node))
				continue
			}
			onNode[f.Node] = ft.path + ".node"
			sc.Findings = append(sc.Findings, f)
		}
		out = append(out, sc)
	}
	return out
}

func (r *reader) finding(t *tbl, scenario string, n *network.Network, docs []*nodeDoc, ev *network.Evidence) (model.Finding, bool) {
	path := t.path
	fd := struct {
		node, state, do, note, source, observed, reliability string
		not                                                  []string
		likelihood                                           []float64
		hasLikelihood                                        bool
		credibility                                          int64
	}{
		node: normal(t.str("node")), state: t.str("state"), do: t.str("do"), not: t.strs("not"),
		note: t.str("note"), source: t.str("source"), observed: t.str("observed"), reliability: t.str("reliability"),
	}
	if v, ok := t.get("likelihood"); ok {
		fd.likelihood, fd.hasLikelihood = t.numbers("likelihood", v)
	}
	fd.credibility, _ = t.integer("credibility")
	t.end()
	f := model.Finding{Node: fd.node}
	v, ok := n.Index(fd.node)
	if !ok {
		r.errorf(path+".node", network.ErrUnknownVariable, "scenario %q: no node %s", scenario, q(fd.node))
		return f, false
	}
	d := docs[v]
	kinds := 0
	for _, set := range []bool{fd.state != "", fd.do != "", len(fd.not) > 0, fd.hasLikelihood} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		r.errorf(path, ErrInvalid, "scenario %q, node %s: a finding needs exactly one of state, not, likelihood, do", scenario, q(fd.node))
		return f, false
	}
	checkState := func(key, st string) (string, bool) {
		st = normal(st)
		if d.stateIndex(st) < 0 {
			r.errorf(key, network.ErrUnknownState, "scenario %q: node %s has no state %s (states: %s)",
				scenario, q(fd.node), q(st), list(d.states))
			return st, false
		}
		return st, true
	}
	ok = true
	switch {
	case fd.state != "":
		f.Kind = network.Hard
		f.State, ok = checkState(path+".state", fd.state)
	case fd.do != "":
		f.Kind, f.Action = network.Hard, true
		f.State, ok = checkState(path+".do", fd.do)
	case len(fd.not) > 0:
		f.Kind = network.Negative
		seen := make(map[string]bool, len(fd.not))
		for k, st := range fd.not {
			key := fmt.Sprintf("%s.not[%d]", path, k)
			st, good := checkState(key, st)
			if good && seen[st] {
				r.errorf(key, ErrDuplicate, "scenario %q, node %s: state %s excluded twice", scenario, q(fd.node), q(st))
				good = false
			}
			seen[st] = true
			f.NotStates = append(f.NotStates, st)
			ok = ok && good
		}
		if ok && len(fd.not) >= n.Card(v) {
			r.errorf(path+".not", network.ErrImpossibleEvidence, "scenario %q: node %s: every state excluded", scenario, q(fd.node))
			ok = false
		}
	default:
		f.Kind, f.Weights = network.Likelihood, fd.likelihood
		// One Evidence for all findings: the rule is SetLikelihood's, and
		// a new Evidence per finding would cost a network's worth each.
		if err := ev.SetLikelihood(v, fd.likelihood); err != nil {
			r.errorf(path+".likelihood", network.ErrBadLikelihood, "scenario %q: %v", scenario, strings.TrimSuffix(strings.TrimPrefix(err.Error(), "network: "), ": "+network.ErrBadLikelihood.Error()))
			ok = false
		}
		ev.Retract(v)
	}
	if fd.note != "" || fd.source != "" || fd.observed != "" || fd.reliability != "" || fd.credibility != 0 {
		f.Provenance = &model.Provenance{Note: fd.note, Source: fd.source, Observed: fd.observed, Reliability: fd.reliability, Credibility: int(fd.credibility)}
		if fd.observed != "" && !dateRE.MatchString(fd.observed) {
			r.errorf(path+".observed", ErrInvalid, "scenario %q, node %s: date %q is not YYYY-MM-DD", scenario, q(fd.node), fd.observed)
			ok = false
		}
		if fd.reliability != "" && (len(fd.reliability) != 1 || fd.reliability[0] < 'A' || fd.reliability[0] > 'F') {
			r.errorf(path+".reliability", ErrInvalid, "scenario %q, node %s: reliability %q is not A–F (Admiralty scale)", scenario, q(fd.node), fd.reliability)
			ok = false
		}
		if fd.credibility < 0 || fd.credibility > 6 {
			r.errorf(path+".credibility", ErrInvalid, "scenario %q, node %s: credibility %d is not 1–6 (Admiralty scale)", scenario, q(fd.node), fd.credibility)
			ok = false
		}
	}
	return f, ok
}
