// Package modelfile reads and writes Brink model files: TOML documents that
// people can read, edit, diff and keep in version control. The format is
// documented in docs/model-format.md.
//
// Reading reports every problem it finds at once, each as
// path:line:col: message, naming the node, parent configuration, state or
// scenario concerned. Writing is deterministic, so that the same model
// always gives the same bytes and diffs show only what changed.
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

	"github.com/BurntSushi/toml"

	"brink/network"
	"brink/network/diag"
	"brink/network/model"
)

// Sentinel causes of model-file errors, reachable with errors.Is.
var (
	ErrSyntax        = errors.New("syntax error")
	ErrUnknownKey    = errors.New("unknown key")
	ErrVersion       = errors.New("unsupported format version")
	ErrDuplicate     = errors.New("duplicate")
	ErrMissing       = errors.New("missing")
	ErrInvalid       = errors.New("invalid value")
	ErrMissingConfig = errors.New("missing parent configuration")
)

// The document as decoded; the field names are the file's keys.
type fileDoc struct {
	Model    modelDoc      `toml:"model"`
	Source   []sourceDoc   `toml:"source"`
	Node     []nodeDoc     `toml:"node"`
	Scenario []scenarioDoc `toml:"scenario"`
}

type modelDoc struct {
	Format      int      `toml:"format"`
	Title       string   `toml:"title"`
	Description string   `toml:"description"`
	Authors     []string `toml:"authors"`
	Created     string   `toml:"created"`
	Modified    string   `toml:"modified"`
	Notes       string   `toml:"notes"`
	Limits      []string `toml:"limits"`
}

type sourceDoc struct {
	ID       string `toml:"id"`
	Title    string `toml:"title"`
	Author   string `toml:"author"`
	Date     string `toml:"date"`
	URL      string `toml:"url"`
	Citation string `toml:"citation"`
}

type nodeDoc struct {
	ID          string        `toml:"id"`
	Label       string        `toml:"label"`
	Description string        `toml:"description"`
	Role        string        `toml:"role"`
	Group       string        `toml:"group"`
	States      []stateDoc    `toml:"states"`
	Parents     []string      `toml:"parents"`
	Position    []float64     `toml:"position"`
	Rationale   string        `toml:"rationale"`
	Confidence  *float64      `toml:"confidence"` // nil when not given
	CPT         []rowDoc      `toml:"cpt"`
	Citation    []citationDoc `toml:"citation"`
}

type stateDoc struct {
	ID    string `toml:"id"`
	Label string `toml:"label"`
}

// UnmarshalTOML accepts a state written as a table {id, label} or as a
// bare string id.
func (s *stateDoc) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		s.ID = x
	case map[string]any:
		for k, val := range x {
			str, ok := val.(string)
			if !ok {
				return fmt.Errorf("state %s must be a string", k)
			}
			switch k {
			case "id":
				s.ID = str
			case "label":
				s.Label = str
			default:
				return fmt.Errorf("%w %q in a state (want id, label)", ErrUnknownKey, k)
			}
		}
	default:
		return fmt.Errorf("a state must be a string or { id = ..., label = ... }")
	}
	return nil
}

type rowDoc struct {
	Given map[string]string `toml:"given"`
	P     []float64         `toml:"p"`
}

type citationDoc struct {
	Source string `toml:"source"`
	Quote  string `toml:"quote"`
}

type scenarioDoc struct {
	Name        string       `toml:"name"`
	Description string       `toml:"description"`
	Author      string       `toml:"author"`
	Finding     []findingDoc `toml:"finding"`
}

type findingDoc struct {
	Node        string    `toml:"node"`
	State       string    `toml:"state"`
	Not         []string  `toml:"not"`
	Likelihood  []float64 `toml:"likelihood"`
	Note        string    `toml:"note"`
	Source      string    `toml:"source"`
	Observed    string    `toml:"observed"`
	Reliability string    `toml:"reliability"`
	Credibility int       `toml:"credibility"`
}

// Load reads the model file at path.
func Load(path string) (*model.Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %w", err)
	}
	return Read(data, path)
}

// Read parses a model file; filename is used in error positions.
func Read(data []byte, filename string) (*model.Model, error) {
	r := &reader{file: filename, src: string(data)}
	return r.read()
}

// ReadFrom reads a model file from r.
func ReadFrom(r io.Reader, filename string) (*model.Model, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %s: %w", filename, err)
	}
	return Read(data, filename)
}

type reader struct {
	file string
	src  string
	loc  *locator
	errs diag.List
}

// at returns the position of a key path, or of the closest enclosing one
// the locator found.
func (r *reader) at(path string) diag.Pos {
	if r.loc != nil {
		if l, ok := r.loc.find(path); ok {
			return diag.Pos{File: r.file, Line: l.line, Col: l.col}
		}
	}
	return diag.Pos{File: r.file}
}

func (r *reader) errorf(path string, cause error, format string, args ...any) {
	r.errs.Add(r.at(path), fmt.Errorf("modelfile: "+format+": %w", append(args, cause)...))
}

var (
	dateRE        = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	partialDateRE = regexp.MustCompile(`^\d{4}(-\d{2})?$`)
)

func (r *reader) read() (*model.Model, error) {
	var doc fileDoc
	md, err := toml.NewDecoder(bytes.NewReader([]byte(r.src))).Decode(&doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos := diag.Pos{File: r.file, Line: pe.Position.Line, Col: pe.Position.Col}
			msg := pe.Message
			if msg == "" {
				msg = strings.TrimPrefix(pe.Error(), "toml: ")
			}
			return nil, diag.List{{Pos: pos, Err: fmt.Errorf("modelfile: %s: %w", msg, ErrSyntax)}}
		}
		return nil, diag.List{{Pos: diag.Pos{File: r.file}, Err: fmt.Errorf("modelfile: %v: %w", err, ErrSyntax)}}
	}
	r.loc = newLocator(r.src)
	for _, k := range md.Undecoded() {
		path := r.keyPath(k)
		r.errorf(path, ErrUnknownKey, "unknown key %q", k.String())
	}
	m := r.build(&doc)
	if err := r.errs.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

// keyPath converts a decoder key (which omits array indices) to a locator
// path by taking the first element of each array. Unknown keys are rare
// enough that the first matching spot is a fair pointer; when the locator
// knows the exact key under some element, that element is used.
func (r *reader) keyPath(k toml.Key) string {
	want := strings.Join(k, ".")
	// Search the recorded paths for one that equals k with indices
	// removed; keep the earliest in the file.
	best, bestLoc := "", loc{}
	for p, l := range r.loc.pos {
		if stripIndices(p) == want && (best == "" || l.line < bestLoc.line || (l.line == bestLoc.line && l.col < bestLoc.col)) {
			best, bestLoc = p, l
		}
	}
	if best != "" {
		return best
	}
	return want
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func stripIndices(p string) string { return indexRE.ReplaceAllString(p, "") }

func (r *reader) build(doc *fileDoc) *model.Model {
	md := doc.Model
	switch {
	case md.Format == 0:
		r.errorf("model", ErrMissing, "[model] needs format = %d", model.FormatVersion)
	case md.Format > model.FormatVersion:
		r.errorf("model.format", ErrVersion, "format %d is newer than this Brink reads (%d); update Brink", md.Format, model.FormatVersion)
	case md.Format < 0:
		r.errorf("model.format", ErrVersion, "format %d", md.Format)
	}
	for _, d := range []struct{ key, val string }{{"model.created", md.Created}, {"model.modified", md.Modified}} {
		if d.val != "" && !dateRE.MatchString(d.val) {
			r.errorf(d.key, ErrInvalid, "date %q is not YYYY-MM-DD", d.val)
		}
	}
	m := &model.Model{
		Title: md.Title, Description: md.Description, Authors: md.Authors,
		Created: md.Created, Modified: md.Modified, Notes: md.Notes, Limits: md.Limits,
	}
	sourceIDs := map[string]bool{}
	for i, s := range doc.Source {
		path := fmt.Sprintf("source[%d]", i)
		switch {
		case s.ID == "":
			r.errorf(path, ErrMissing, "source needs an id")
		case sourceIDs[s.ID]:
			r.errorf(path+".id", ErrDuplicate, "duplicate source id %q", s.ID)
		}
		sourceIDs[s.ID] = true
		if s.Date != "" && !dateRE.MatchString(s.Date) && !partialDateRE.MatchString(s.Date) {
			r.errorf(path+".date", ErrInvalid, "source %q: date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s.ID, s.Date)
		}
		m.Sources = append(m.Sources, model.Source{ID: s.ID, Title: s.Title, Author: s.Author, Date: s.Date, URL: s.URL, Citation: s.Citation})
	}
	specs, nodes := r.nodes(doc.Node, sourceIDs)
	if specs == nil {
		return nil
	}
	n, err := network.New(specs)
	if err != nil {
		r.networkErrors(err, doc.Node)
		return nil
	}
	m.Net = n
	m.Nodes = nodes
	m.Scenarios = r.scenarios(doc.Scenario, n)
	return m
}

// nodes checks the node tables and turns them into network specifications
// and node documentation.
func (r *reader) nodes(docs []nodeDoc, sourceIDs map[string]bool) ([]network.VariableSpec, []model.Node) {
	errsBefore := len(r.errs)
	index := map[string]int{}
	for i, d := range docs {
		path := fmt.Sprintf("node[%d]", i)
		switch {
		case d.ID == "":
			r.errorf(path, ErrMissing, "node needs an id")
		case strings.TrimSpace(d.ID) != d.ID || strings.ContainsAny(d.ID, "\n\t\"="):
			r.errorf(path+".id", ErrInvalid, "node id %q: no spaces at the ends, no quotes, tabs, newlines or '='", d.ID)
		default:
			if _, dup := index[d.ID]; dup {
				r.errorf(path+".id", ErrDuplicate, "duplicate node id %q", d.ID)
				continue
			}
			index[d.ID] = i
		}
	}
	specs := make([]network.VariableSpec, len(docs))
	nodes := make([]model.Node, len(docs))
	for i, d := range docs {
		path := fmt.Sprintf("node[%d]", i)
		states := make([]string, len(d.States))
		labels := make([]string, len(d.States))
		seen := map[string]bool{}
		for k, s := range d.States {
			if s.ID == "" {
				r.errorf(fmt.Sprintf("%s.states[%d]", path, k), ErrMissing, "node %q: state %d has no id", d.ID, k+1)
			} else if seen[s.ID] {
				r.errorf(fmt.Sprintf("%s.states[%d]", path, k), ErrDuplicate, "node %q: duplicate state %q", d.ID, s.ID)
			}
			seen[s.ID] = true
			states[k], labels[k] = s.ID, s.Label
		}
		if len(d.States) == 0 {
			r.errorf(path, ErrMissing, "node %q has no states", d.ID)
		}
		if !slices.ContainsFunc(labels, func(l string) bool { return l != "" }) {
			labels = nil
		}
		role := model.Role(d.Role)
		if !role.Valid() {
			r.errorf(path+".role", ErrInvalid, "node %q: role %q is not one of %v", d.ID, d.Role, model.Roles)
		}
		var pos *model.Point
		switch len(d.Position) {
		case 0:
		case 2:
			pos = &model.Point{X: d.Position[0], Y: d.Position[1]}
		default:
			r.errorf(path+".position", ErrInvalid, "node %q: position needs two numbers [x, y], got %d", d.ID, len(d.Position))
		}
		var confidence float64
		if d.Confidence != nil {
			confidence = *d.Confidence
			if !(confidence > 0) || math.IsInf(confidence, 0) {
				r.errorf(path+".confidence", ErrInvalid, "node %q: confidence %v is not a positive number (an equivalent sample size)", d.ID, confidence)
				confidence = 0
			}
		}
		var cites []model.Citation
		for k, c := range d.Citation {
			if c.Source != "" && !sourceIDs[c.Source] {
				r.errorf(fmt.Sprintf("%s.citation[%d].source", path, k), ErrInvalid, "node %q: citation of unknown source %q", d.ID, c.Source)
			}
			cites = append(cites, model.Citation{Source: c.Source, Quote: c.Quote})
		}
		for k, p := range d.Parents {
			if _, ok := index[p]; !ok {
				r.errorf(fmt.Sprintf("%s.parents[%d]", path, k), network.ErrUnknownParent, "node %q: unknown parent %q", d.ID, p)
			} else if slices.Contains(d.Parents[:k], p) {
				r.errorf(fmt.Sprintf("%s.parents[%d]", path, k), ErrDuplicate, "node %q: parent %q listed twice", d.ID, p)
			}
		}
		nodes[i] = model.Node{Label: d.Label, Description: d.Description, Role: role, Group: d.Group,
			StateLabels: labels, Rationale: d.Rationale, Confidence: confidence, Citations: cites, Position: pos}
		specs[i] = network.VariableSpec{Name: d.ID, States: states, Parents: d.Parents}
	}
	if len(r.errs) > errsBefore {
		return nil, nil // structural problems: CPTs cannot be checked
	}
	for i, d := range docs {
		specs[i].CPT = r.cpt(i, d, docs, index)
	}
	if len(r.errs) > errsBefore {
		return nil, nil
	}
	return specs, nodes
}

// maxCPTEntries bounds the size of one CPT, so that a file cannot make the
// reader allocate without limit. Written out, such a table would be a
// gigabyte of text.
const maxCPTEntries = 1 << 24

// cpt assembles the flat CPT of node i from its rows, each keyed by parent
// states, checking every row and that every configuration is given once.
func (r *reader) cpt(i int, d nodeDoc, docs []nodeDoc, index map[string]int) []float64 {
	path := fmt.Sprintf("node[%d]", i)
	k := len(d.States)
	cards := make([]int, len(d.Parents))
	configs := 1
	for j, p := range d.Parents {
		cards[j] = len(docs[index[p]].States)
		configs *= cards[j]
		if configs*max(k, 1) > maxCPTEntries {
			r.errorf(path+".parents", ErrInvalid, "node %q: its CPT would have more than %d entries; use fewer parents or states", d.ID, maxCPTEntries)
			return nil
		}
	}
	if len(d.CPT) == 0 {
		r.errorf(path, ErrMissing, "node %q has no cpt", d.ID)
		return nil
	}
	errsBefore := len(r.errs)
	table := make([]float64, configs*k)
	filled := make([]int, configs) // row number+1 that gave each configuration
	for ri, row := range d.CPT {
		rpath := fmt.Sprintf("%s.cpt[%d]", path, ri)
		cfg, ok := 0, true
		for j, p := range d.Parents {
			st, given := row.Given[p]
			if !given {
				r.errorf(rpath, ErrMissing, "node %q, cpt row %d: given does not name parent %q", d.ID, ri+1, p)
				ok = false
				continue
			}
			sidx := slices.IndexFunc(docs[index[p]].States, func(s stateDoc) bool { return s.ID == st })
			if sidx < 0 {
				r.errorf(rpath+".given."+p, network.ErrUnknownState, "node %q, cpt row %d: parent %q has no state %q (states: %s)",
					d.ID, ri+1, p, st, strings.Join(stateIDs(docs[index[p]].States), ", "))
				ok = false
				continue
			}
			cfg = cfg*cards[j] + sidx
		}
		for g := range row.Given {
			if !slices.Contains(d.Parents, g) {
				r.errorf(rpath+".given."+g, ErrInvalid, "node %q, cpt row %d: %q is not a parent (parents: %s)", d.ID, ri+1, g, strings.Join(d.Parents, ", "))
				ok = false
			}
		}
		if !ok {
			continue
		}
		cfgText := configText(d, row.Given)
		if prev := filled[cfg]; prev > 0 {
			r.errorf(rpath, ErrDuplicate, "node %q: two rows%s (rows %d and %d)", d.ID, cfgText, prev, ri+1)
			continue
		}
		filled[cfg] = ri + 1
		if len(row.P) != k {
			r.errorf(rpath+".p", network.ErrCPTShape, "node %q%s: %d probabilities for %d states (%s)",
				d.ID, cfgText, len(row.P), k, strings.Join(stateIDs(d.States), ", "))
			continue
		}
		sum, bad := 0.0, false
		for s, p := range row.P {
			if p < 0 || math.IsNaN(p) || math.IsInf(p, 0) {
				r.errorf(fmt.Sprintf("%s.p[%d]", rpath, s), network.ErrCPTNegative, "node %q%s: P(%s) = %v is not a probability",
					d.ID, cfgText, d.States[s].ID, p)
				bad = true
			}
			sum += p
		}
		if bad {
			continue
		}
		if math.Abs(sum-1) > network.SumTolerance {
			r.errorf(rpath+".p", network.ErrCPTSum, "node %q%s: probabilities sum to %s, off by %+.3g",
				d.ID, cfgText, strconv.FormatFloat(sum, 'g', 10, 64), sum-1)
			continue
		}
		copy(table[cfg*k:], row.P)
	}
	var missing []string
	for cfg, f := range filled {
		if f == 0 {
			missing = append(missing, configName(d, docs, index, cards, cfg))
		}
	}
	// A bad row also leaves its configuration unfilled; report it once.
	if len(missing) > 0 && len(r.errs) == errsBefore {
		shown := missing
		if len(shown) > 4 {
			shown = append(shown[:4:4], fmt.Sprintf("and %d more", len(missing)-4))
		}
		r.errorf(path+".cpt", ErrMissingConfig, "node %q: no cpt row for %s", d.ID, strings.Join(shown, "; "))
	}
	return table
}

func stateIDs(ss []stateDoc) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// configText renders a row's configuration for messages: " given a=x, b=y"
// in parent order, or "" for a root.
func configText(d nodeDoc, given map[string]string) string {
	if len(d.Parents) == 0 {
		return ""
	}
	parts := make([]string, len(d.Parents))
	for j, p := range d.Parents {
		parts[j] = p + "=" + given[p]
	}
	return " given " + strings.Join(parts, ", ")
}

func configName(d nodeDoc, docs []nodeDoc, index map[string]int, cards []int, cfg int) string {
	parts := make([]string, len(d.Parents))
	for j := len(d.Parents) - 1; j >= 0; j-- {
		s := cfg % cards[j]
		cfg /= cards[j]
		parts[j] = d.Parents[j] + "=" + docs[index[d.Parents[j]]].States[s].ID
	}
	return strings.Join(parts, ", ")
}

// networkErrors places the errors of network.New (a cycle, mostly; the
// CPT checks were done above) at the node they name.
func (r *reader) networkErrors(err error, docs []nodeDoc) {
	nodePath := func(name string) string {
		for i, d := range docs {
			if d.ID == name {
				return fmt.Sprintf("node[%d]", i)
			}
		}
		return ""
	}
	for _, e := range diag.Flatten(err) {
		var ce *network.CycleError
		var ne *network.Error
		switch {
		case errors.As(e, &ce):
			r.errs.Add(r.at(nodePath(ce.Cycle[0])+".parents"), fmt.Errorf("modelfile: %w", e))
		case errors.As(e, &ne):
			r.errs.Add(r.at(nodePath(ne.Variable)), fmt.Errorf("modelfile: %w", e))
		default:
			r.errs.Add(diag.Pos{File: r.file}, fmt.Errorf("modelfile: %w", e))
		}
	}
}

// scenarios checks the saved scenarios against the network.
func (r *reader) scenarios(docs []scenarioDoc, n *network.Network) []model.Scenario {
	var out []model.Scenario
	names := map[string]bool{}
	for i, sd := range docs {
		path := fmt.Sprintf("scenario[%d]", i)
		switch {
		case sd.Name == "":
			r.errorf(path, ErrMissing, "scenario needs a name")
		case names[sd.Name]:
			r.errorf(path+".name", ErrDuplicate, "duplicate scenario %q", sd.Name)
		}
		names[sd.Name] = true
		sc := model.Scenario{Name: sd.Name, Description: sd.Description, Author: sd.Author}
		onNode := map[string]bool{}
		for k, fd := range sd.Finding {
			fpath := fmt.Sprintf("%s.finding[%d]", path, k)
			f, ok := r.finding(fpath, sd.Name, fd, n)
			if !ok {
				continue
			}
			if onNode[fd.Node] {
				r.errorf(fpath+".node", ErrDuplicate, "scenario %q: two findings on node %q", sd.Name, fd.Node)
				continue
			}
			onNode[fd.Node] = true
			sc.Findings = append(sc.Findings, f)
		}
		out = append(out, sc)
	}
	return out
}

func (r *reader) finding(path, scenario string, fd findingDoc, n *network.Network) (model.Finding, bool) {
	f := model.Finding{Node: fd.Node}
	v, _, err := n.Lookup(fd.Node, "")
	if err != nil {
		r.errorf(path+".node", network.ErrUnknownVariable, "scenario %q: no node %q", scenario, fd.Node)
		return f, false
	}
	kinds := 0
	for _, set := range []bool{fd.State != "", len(fd.Not) > 0, len(fd.Likelihood) > 0} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		r.errorf(path, ErrInvalid, "scenario %q, node %q: a finding needs exactly one of state, not, likelihood", scenario, fd.Node)
		return f, false
	}
	checkState := func(key, st string) bool {
		if _, _, err := n.Lookup(fd.Node, st); err != nil {
			r.errorf(key, network.ErrUnknownState, "scenario %q: node %q has no state %q (states: %s)",
				scenario, fd.Node, st, strings.Join(n.Variable(v).States, ", "))
			return false
		}
		return true
	}
	ok := true
	switch {
	case fd.State != "":
		f.Kind, f.State = network.Hard, fd.State
		ok = checkState(path+".state", fd.State)
	case len(fd.Not) > 0:
		f.Kind, f.NotStates = network.Negative, fd.Not
		for k, st := range fd.Not {
			ok = checkState(fmt.Sprintf("%s.not[%d]", path, k), st) && ok
		}
		if ok && len(fd.Not) >= n.Card(v) {
			r.errorf(path+".not", network.ErrImpossibleEvidence, "scenario %q: node %q: every state excluded", scenario, fd.Node)
			ok = false
		}
	default:
		f.Kind, f.Weights = network.Likelihood, fd.Likelihood
		if err := network.NewEvidence(n).SetLikelihood(v, fd.Likelihood); err != nil {
			r.errorf(path+".likelihood", network.ErrBadLikelihood, "scenario %q: %v", scenario, strings.TrimPrefix(err.Error(), "network: "))
			ok = false
		}
	}
	if fd.Note != "" || fd.Source != "" || fd.Observed != "" || fd.Reliability != "" || fd.Credibility != 0 {
		f.Provenance = &model.Provenance{Note: fd.Note, Source: fd.Source, Observed: fd.Observed, Reliability: fd.Reliability, Credibility: fd.Credibility}
		if fd.Observed != "" && !dateRE.MatchString(fd.Observed) {
			r.errorf(path+".observed", ErrInvalid, "scenario %q, node %q: date %q is not YYYY-MM-DD", scenario, fd.Node, fd.Observed)
			ok = false
		}
		if fd.Reliability != "" && (len(fd.Reliability) != 1 || fd.Reliability[0] < 'A' || fd.Reliability[0] > 'F') {
			r.errorf(path+".reliability", ErrInvalid, "scenario %q, node %q: reliability %q is not A–F (Admiralty scale)", scenario, fd.Node, fd.Reliability)
			ok = false
		}
		if fd.Credibility < 0 || fd.Credibility > 6 {
			r.errorf(path+".credibility", ErrInvalid, "scenario %q, node %q: credibility %d is not 1–6 (Admiralty scale)", scenario, fd.Node, fd.Credibility)
			ok = false
		}
	}
	return f, ok
}
