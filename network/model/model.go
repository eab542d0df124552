// Package model holds a Brink model document: a validated network together
// with everything an analyst writes around it — titles, descriptions, the
// role and group of each node, the rationale and citations behind each CPT,
// layout positions, and saved scenarios with the provenance of each
// finding. Every file format reads into a *Model and writes from one; the
// formats of other tools fill in what they carry and leave the rest empty.
package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"brink/network"
)

// FormatVersion is the version of the Brink model file format written by
// this build.
const FormatVersion = 1

// Role says what part a node plays in an analysis.
type Role string

// The roles. Decision and Utility are reserved for influence diagrams,
// which Brink does not evaluate yet.
const (
	RoleNone      Role = ""
	RoleEvidence  Role = "evidence"
	RoleLatent    Role = "latent"
	RoleIntention Role = "intention"
	RoleOutcome   Role = "outcome"
	RoleDecision  Role = "decision"
	RoleUtility   Role = "utility"
)

// Roles lists the valid roles in display order.
var Roles = []Role{RoleEvidence, RoleLatent, RoleIntention, RoleOutcome, RoleDecision, RoleUtility}

// Valid reports whether r is one of Roles or empty.
func (r Role) Valid() bool { return r == RoleNone || slices.Contains(Roles, r) }

// Model is a network with its documentation and scenarios.
type Model struct {
	Title       string
	Description string
	Authors     []string
	Created     string // ISO 8601 date, YYYY-MM-DD
	Modified    string
	// AsOf is the date the model's judgements speak for, YYYY-MM-DD: its
	// findings and beliefs describe the situation on that day. "" when
	// the model does not say.
	AsOf string
	// Horizon is the end of the period the outcome nodes speak of,
	// YYYY-MM-DD: outcomes "by this date", counted from AsOf. "" when the
	// model does not say; when set, AsOf is set and before it (see
	// CheckPeriod, and PeriodText to describe the period).
	Horizon string
	// Handling is the handling or classification line a brief prints on
	// every page ("UNCLASSIFIED — FOR TRAINING"); "" for none. An export
	// may override it.
	Handling string
	Notes    string
	Limits   []string // what the model leaves out
	Sources  []Source

	Net *network.Network
	// Nodes documents each variable of Net, by variable index.
	Nodes     []Node
	Scenarios []Scenario
	// Utilities are the influence diagram's utility tables, if any; its
	// decisions are the variables whose role is RoleDecision, in Net (their
	// parents are what each sees when deciding, their CPT a placeholder
	// that a policy replaces).
	Utilities []Utility
	// Log holds the dated entries that add, change or retract findings
	// over time, in the order the file gives them (see LogEntry and
	// package network/timeline, which replays them by date).
	Log []LogEntry
	// Forecasts are the analyst's recorded forecasts and their
	// resolutions, scored by package network/timeline.
	Forecasts []Forecast
}

// Utility is a utility node: how good each configuration of its parents
// is for an actor, in the analyst's units. Utilities are judgements and
// are argued like CPTs, with a rationale and citations.
type Utility struct {
	ID          string
	Label       string
	Description string
	// Actor is whose utility this is ("United States"); "" for a model
	// with one decision maker.
	Actor string
	// Parents are variables of Net, by name.
	Parents []string
	// Table holds one value per parent configuration, first parent
	// slowest (as CPT rows are ordered).
	Table     []float64
	Rationale string
	Citations []Citation
	Position  *Point
}

// DisplayLabel returns the utility's label, or its id.
func (u *Utility) DisplayLabel() string {
	if u.Label != "" {
		return u.Label
	}
	return u.ID
}

// Source is a document the model rests on.
type Source struct {
	ID       string
	Title    string
	Author   string
	Date     string
	URL      string
	Citation string
}

// Node documents one variable.
type Node struct {
	Label       string
	Description string
	Role        Role
	Group       string
	StateLabels []string // display labels by state index; "" means the state id
	Rationale   string   // why the CPT has the numbers it has
	Citations   []Citation
	Position    *Point // layout position, nil when the file has none
	// Confidence is how firmly the CPT's numbers are held, as an
	// equivalent sample size s: each row θ is read as the mean of a
	// Dirichlet(s·θ), as if it had been estimated from s observations of
	// the node in that parent configuration (see network/uncertainty and
	// docs/model-format.md). Zero means not given; the numbers are then
	// taken as exact unless an analysis supplies a default.
	Confidence float64
	// Actor is the side a decision node belongs to ("United States");
	// "" when the model has one decision maker or the node is not a
	// decision.
	Actor string
	// Canonical, when set, gives the node's table by the parameters of a
	// canonical model (noisy-OR, noisy-MAX, ranked, deterministic) rather
	// than number by number; Net holds the table they expand to
	// (Canonical.Table), and files store the parameters.
	Canonical *Canonical
	// Review lists, in increasing order, the parent configurations (CPT
	// rows, by index) whose numbers an edit filled in — copied from a
	// neighbouring state, averaged over a removed parent — for the analyst
	// to check. Editing a row's numbers clears its mark.
	Review []int
}

// Citation ties a node's CPT to a passage of a source.
type Citation struct {
	Source string // a Source ID
	Quote  string
}

// Point is a layout position in model units (roughly pixels at zoom 1).
type Point struct{ X, Y float64 }

// Scenario is a named, saved set of findings.
type Scenario struct {
	// Name identifies the scenario in files, scripts and --scenario
	// flags, e.g. "red_sea_spark".
	Name string
	// Title is what a person reads, e.g. "Red Sea spark"; empty means
	// Name (see DisplayTitle).
	Title       string
	Description string
	Author      string
	Findings    []Finding
}

// DisplayTitle returns the scenario's title, or its name when it has none.
func (s *Scenario) DisplayTitle() string {
	if s.Title != "" {
		return s.Title
	}
	return s.Name
}

// Finding is one finding of a scenario, by names so that it survives edits
// to the network that keep the names.
type Finding struct {
	Node      string
	Kind      network.FindingKind
	State     string    // Hard
	NotStates []string  // Negative: the excluded states
	Weights   []float64 // Likelihood: one weight per state
	// Action marks a node set to State by action (Pearl's do), not
	// observed: Kind is Hard; files write it as do = "state".
	Action     bool
	Provenance *Provenance
}

// Provenance records why a finding was set and how far to trust it.
type Provenance struct {
	Note     string // the analyst's note
	Source   string // a Source ID or free text
	Observed string // date observed, YYYY-MM-DD
	// Reliability of the source on the NATO/Admiralty scale, "A"
	// (completely reliable) to "F" (cannot be judged); "" when not rated.
	Reliability string
	// Credibility of the information, 1 (confirmed) to 6 (cannot be
	// judged); 0 when not rated.
	Credibility int
}

// New wraps a network in a model with empty documentation.
func New(n *network.Network) *Model {
	return &Model{Net: n, Nodes: make([]Node, n.NumVariables())}
}

// Label returns the display label of variable v: its label, or its name.
func (m *Model) Label(v int) string {
	if l := m.Nodes[v].Label; l != "" {
		return l
	}
	return m.Net.Name(v)
}

// StateLabel returns the display label of state s of variable v.
func (m *Model) StateLabel(v, s int) string {
	if ls := m.Nodes[v].StateLabels; s < len(ls) && ls[s] != "" {
		return ls[s]
	}
	return m.Net.Variable(v).States[s]
}

// Scenario returns the scenario of that name.
func (m *Model) Scenario(name string) (*Scenario, bool) {
	for i := range m.Scenarios {
		if m.Scenarios[i].Name == name {
			return &m.Scenarios[i], true
		}
	}
	return nil, false
}

// Evidence turns a scenario's findings into evidence on m.Net. Unknown
// nodes or states give an error naming the scenario, node and state.
func (m *Model) Evidence(s *Scenario) (*network.Evidence, error) {
	ev := network.NewEvidence(m.Net)
	if err := m.AddFindings(ev, s.Findings); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	return ev, nil
}

// AddFindings adds findings to ev, replacing any on the same variables.
func (m *Model) AddFindings(ev *network.Evidence, fs []Finding) error {
	n := m.Net
	for _, f := range fs {
		v, _, err := n.Lookup(f.Node, "")
		if err != nil {
			return err
		}
		switch f.Kind {
		case network.Hard:
			_, s, err := n.Lookup(f.Node, f.State)
			if err != nil {
				return err
			}
			if f.Action {
				ev.Retract(v)
				if err := ev.SetDo(v, s); err != nil {
					return err
				}
				continue
			}
			ev.Retract(v) // an action on v, which a finding replaces
			if err := ev.SetState(v, s); err != nil {
				return err
			}
		case network.Negative:
			ev.Retract(v)
			for _, st := range f.NotStates {
				_, s, err := n.Lookup(f.Node, st)
				if err != nil {
					return err
				}
				if err := ev.SetNotState(v, s); err != nil {
					return err
				}
			}
		case network.Likelihood:
			ev.Retract(v)
			if err := ev.SetLikelihood(v, f.Weights); err != nil {
				return err
			}
		default:
			return fmt.Errorf("model: node %q: unknown finding kind %v", f.Node, f.Kind)
		}
	}
	return nil
}

// BriefingNodes returns the nodes an analyst watches: the intentions,
// then the outcomes. A model that marks neither (an imported file, say)
// gets its leaves, the nodes without children, which are usually the
// effects of interest.
func (m *Model) BriefingNodes() []int {
	var out []int
	for _, role := range []Role{RoleIntention, RoleOutcome} {
		for v, nd := range m.Nodes {
			if nd.Role == role {
				out = append(out, v)
			}
		}
	}
	if len(out) == 0 {
		for v := range m.Net.NumVariables() {
			if len(m.Net.Children(v)) == 0 {
				out = append(out, v)
			}
		}
	}
	return out
}

// ActionText describes a node set by action for a reader, in labels: "US
// carrier deployment set to Surge (by action)".
func (m *Model) ActionText(it network.Intervention) string {
	return m.Label(it.Variable) + " set to " + m.StateLabel(it.Variable, it.State) + " (by action)"
}

// FindingText describes a finding for a reader, in labels: "US sanctions
// = Expanded", "US sanctions: not Eased, Maintained", "US sanctions:
// likelihood Eased 0.2, Maintained 0.3, Expanded 0.5".
func (m *Model) FindingText(f network.Finding) string {
	v := f.Variable
	switch f.Kind {
	case network.Hard:
		return m.Label(v) + " = " + m.StateLabel(v, f.State)
	case network.Negative:
		var ex []string
		for s, w := range f.Weights {
			if w == 0 {
				ex = append(ex, m.StateLabel(v, s))
			}
		}
		return m.Label(v) + ": not " + strings.Join(ex, ", ")
	}
	ws := make([]string, len(f.Weights))
	for s, w := range f.Weights {
		ws[s] = m.StateLabel(v, s) + " " + strconv.FormatFloat(w, 'g', 4, 64)
	}
	return m.Label(v) + ": likelihood " + strings.Join(ws, ", ")
}

// RelabelFinding rewrites a finding as network.Finding.Describe renders it
// ("smoke=yes", "smoke≠yes,no", "smoke~(yes:0.8, no:0.2)", the form an
// ImpossibleEvidenceError carries) in m's labels, as FindingText writes
// a finding. Text it cannot read is returned unchanged.
func (m *Model) RelabelFinding(d string) string {
	n := m.Net
	v, rest := -1, ""
	for u := range n.NumVariables() {
		name := n.Name(u)
		if r, ok := strings.CutPrefix(d, name); ok && r != "" && (v < 0 || len(name) > len(n.Name(v))) {
			if strings.ContainsRune("=≠~", []rune(r)[0]) {
				v, rest = u, r
			}
		}
	}
	if v < 0 {
		return d
	}
	vr := n.Variable(v)
	state := func(name string) (string, bool) {
		if s := vr.StateIndex(name); s >= 0 {
			return m.StateLabel(v, s), true
		}
		return "", false
	}
	switch {
	case strings.HasPrefix(rest, "="):
		if l, ok := state(rest[1:]); ok {
			return m.Label(v) + " = " + l
		}
	case strings.HasPrefix(rest, "≠"):
		var ls []string
		for _, st := range strings.Split(strings.TrimPrefix(rest, "≠"), ",") {
			l, ok := state(st)
			if !ok {
				return d
			}
			ls = append(ls, l)
		}
		return m.Label(v) + ": not " + strings.Join(ls, ", ")
	case strings.HasPrefix(rest, "~(") && strings.HasSuffix(rest, ")"):
		var ls []string
		for _, sw := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(rest, "~("), ")"), ", ") {
			i := strings.LastIndex(sw, ":")
			if i < 0 {
				return d
			}
			l, ok := state(sw[:i])
			if !ok {
				return d
			}
			ls = append(ls, l+" "+sw[i+1:])
		}
		return m.Label(v) + ": likelihood " + strings.Join(ls, ", ")
	}
	return d
}

// ImpossibleText says which findings cannot all be true, in m's labels:
// "These findings cannot all be true (probability 0): Smoke = Yes;
// Dyspnoea: not Yes." — the message the window and the shared page show
// for impossible evidence.
func (m *Model) ImpossibleText(e *network.ImpossibleEvidenceError) string {
	names := make([]string, len(e.Findings))
	for i, d := range e.Findings {
		names[i] = m.RelabelFinding(d)
	}
	return "These findings cannot all be true (probability 0): " + strings.Join(names, "; ") + "."
}
// CanonicalKind names a canonical model of a table.
type CanonicalKind string

// The canonical models (package network/canonical).
const (
	// NoisyOR: a binary node with binary parents, each present parent
	// causing it independently with its link probability, plus a leak.
	NoisyOR CanonicalKind = "noisy-or"
	// NoisyMAX: ordered states; each parent independently drives the
	// node to some level and the node takes the most severe, plus a leak.
	NoisyMAX CanonicalKind = "noisy-max"
	// Ranked: ordered states on a [0, 1] scale; the node is a truncated
	// normal around a weighted mean, minimum or maximum of its parents'.
	Ranked CanonicalKind = "ranked"
	// Deterministic: one state of the node for each parent configuration.
	Deterministic CanonicalKind = "deterministic"
)

// Canonical holds the parameters of a node's canonical model. States and
// parents are by index, in the network's order (so renaming one changes
// nothing here); the fields used depend on Kind.
type Canonical struct {
	Kind CanonicalKind

	// NoisyOR and NoisyMAX. Absent is the node's distinguished (absent,
	// normal) state; the other states are ordered by severity from it
	// outwards: for Absent = the last state, state 0 is the most severe
	// (GeNIe's order); for Absent = 0, the last state is (MSBNx's).
	Absent int
	// ParentAbsent is each parent's absent state, by parent position.
	ParentAbsent []int
	// Causes[i][s] is the distribution over the node's states that
	// parent i in state s causes on its own, without the leak (Díez's
	// parameters, as GeNIe stores them); nil for the parent's absent
	// state. For NoisyOR each present row is (p, 1 − p) in the node's
	// state order.
	Causes [][][]float64
	// Leak is the distribution when every parent is absent; nil for no
	// leak.
	Leak []float64

	// Ranked: the function ("wmean", "wmin", "wmax", "mixminmax"), one
	// weight per parent (WMEAN, WMIN, WMAX), the weights of the minimum
	// and maximum (MIXMINMAX), and the variance of the truncated normal.
	// State 0 is the lowest rank.
	Function             string
	Weights              []float64
	MinWeight, MaxWeight float64
	Variance             float64

	// Deterministic: the node's state for each parent configuration, in
	// the table's row order.
	Outcome []int
}

// CheckUtilities reports the first utility node that no writer can hold:
// an id that another node or utility has, a parent that is not a
// variable of Net or is listed twice, a table of the wrong size, or a
// value that is not finite. Writers add their own rules on names; idWord
// is what the format calls an id ("id", "name"), for the message.
func (m *Model) CheckUtilities(idWord string) error {
	n := m.Net
	seen := map[string]bool{}
	for k := range m.Utilities {
		u := &m.Utilities[k]
		if _, clash := n.Index(u.ID); clash || seen[u.ID] {
			return fmt.Errorf("utility %q: the %s is also another node's", u.ID, idWord)
		}
		seen[u.ID] = true
		configs := 1
		for j, pa := range u.Parents {
			v, ok := n.Index(pa)
			if !ok || slices.Contains(u.Parents[:j], pa) {
				return fmt.Errorf("utility %q: parent %q is not a variable of the network, or is listed twice", u.ID, pa)
			}
			configs *= n.Card(v)
		}
		if len(u.Table) != configs {
			return fmt.Errorf("utility %q: %d values for %d parent configurations", u.ID, len(u.Table), configs)
		}
		for _, x := range u.Table {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("utility %q: the value %v is not a finite number", u.ID, x)
			}
		}
	}
	return nil
}
