package models_test

// The tests in this file check that models/us-iran.toml says what its
// source says. Every claim of the article (shared/source/us-iran-standoff.txt)
// that the model represents is a row of the claims table below: the
// sentence it encodes, whether it is about what an analyst sees (an
// observation) or about what a side does (an action, Pearl's do), the two
// conditions compared, the state read, and the direction. Each effect must
// be at least the model's stated resolution for differences — five
// percentage points — so that no claim rests on a difference the model
// says not to read. No test pins a level the article does not state.
//
// Beliefs are computed as the window shows them: with the two decisions
// (the US response, Iran's answer) following their best policies under
// the findings (decision.Diagram.PolicyNetwork).
//
// docs/us-iran-model.md holds the same table with the measured effects:
//
//	go test ./models -run 'TestClaims$' -v -args -claims-table

import (
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/decision"
	"brink/network/jtree"
	"brink/network/model"
	"brink/network/modelfile"
)

const usIranFile = "us-iran.toml"

// resolution is the smallest difference between two conditions that the
// model's documentation says may be read (its limits: differences are
// good to about five percentage points).
const resolution = 0.05

var claimsTable = flag.Bool("claims-table", false, "print the claims table as Markdown for docs/us-iran-model.md")

// usIran is the loaded model and its influence diagram, for queries by
// name under the best policies.
type usIran struct {
	m  *model.Model
	dg *decision.Diagram
}

func loadUSIran(t testing.TB) *usIran {
	t.Helper()
	m, err := modelfile.Load(usIranFile)
	if err != nil {
		t.Fatal(err)
	}
	dg, err := decision.FromModel(m)
	if err != nil {
		t.Fatal(err)
	}
	return &usIran{m: m, dg: dg}
}

// evidence builds the findings on n: each "variable=state" is observed,
// each "do:variable=state" set by action.
func evidence(t testing.TB, n *network.Network, given []string) *network.Evidence {
	t.Helper()
	ev := network.NewEvidence(n)
	for _, g := range given {
		do := strings.HasPrefix(g, "do:")
		v, s := lookup(t, n, strings.TrimPrefix(g, "do:"))
		var err error
		if do {
			err = ev.SetDo(v, s)
		} else {
			err = ev.SetState(v, s)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return ev
}

func lookup(t testing.TB, n *network.Network, vs string) (v, s int) {
	t.Helper()
	name, state, ok := strings.Cut(vs, "=")
	if !ok {
		t.Fatalf("%q: want variable=state", vs)
	}
	v, s, err := n.Lookup(name, state)
	if err != nil {
		t.Fatal(err)
	}
	return v, s
}

// beliefs returns the junction tree propagated under given, on the
// network whose decisions follow their best policies under given.
func (u *usIran) beliefs(t testing.TB, given []string) (*jtree.JunctionTree, *network.Network) {
	t.Helper()
	ev := evidence(t, u.m.Net, given)
	sol, err := u.dg.Solve(ev)
	if err != nil {
		t.Fatalf("findings %v: %v", given, err)
	}
	pn, err := u.dg.PolicyNetwork(ev, sol)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(pn, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(evidence(t, pn, given)); err != nil {
		t.Fatalf("findings %v: %v", given, err)
	}
	return jt, pn
}

// post returns P(target | given); target is "variable=state" or several
// states of one variable joined by "+" ("outcome=a+b").
func (u *usIran) post(t testing.TB, target string, given ...string) float64 {
	t.Helper()
	jt, n := u.beliefs(t, given)
	name, states, _ := strings.Cut(target, "=")
	p := 0.0
	for _, s := range strings.Split(states, "+") {
		v, k := lookup(t, n, name+"="+s)
		p += jt.Posterior(v)[k]
	}
	return p
}

// claim is one row of the claims table: P(target | given) − P(target |
// base) has the sign of dir and a size of at least resolution.
type claim struct {
	name   string   // a short title, also the subtest's name
	quote  string   // the article's words
	target string   // the state read
	given  []string // the condition the claim speaks of
	base   []string // what it is compared with
	dir    int      // +1: the claim raises the target; −1: lowers it
}

// kind says whether a claim is tested as an action (a side's choice, set
// with do) or as an observation.
func (c claim) kind() string {
	for _, g := range append(slices.Clone(c.given), c.base...) {
		if strings.HasPrefix(g, "do:") {
			return "action"
		}
	}
	return "observation"
}

var (
	surgeAndSanctions = []string{"do:us_carrier_deployment=surge", "do:us_sanctions=expanded"}
	routineAndHeld    = []string{"do:us_carrier_deployment=routine", "do:us_sanctions=maintained"}
	present           = []string{"red_line_clarity=absent", "mutual_trust=very_low", "turkish_mediation=exploratory", "us_strategic_distraction=high", "us_domestic_constraint=strong"}
	escalation        = "outcome=accidental_escalation+deliberate_escalation"
)

// claims lists every claim of the article that the model represents at an
// effect it lets the analyst read. docs/us-iran-model.md lists the claims
// it does not represent, with the reason.
var claims = []claim{
	{"options narrow, posture hardens: concession", "the more its options narrow, the more uncompromising its posture becomes",
		"iran_intention=concede", surgeAndSanctions, routineAndHeld, -1},
	{"options narrow, posture hardens: escalation", "the more its options narrow, the more uncompromising its posture becomes",
		"iran_intention=escalate", surgeAndSanctions, routineAndHeld, +1},
	{"pressure fuses into one existential threat", "From US pressure to domestic protests and regional turmoil, Tehran sees a unified threat targeting the regime’s survival.",
		"iran_threat_perception=existential", surgeAndSanctions, routineAndHeld, +1},
	{"protests fuse into the same threat", "From US pressure to domestic protests and regional turmoil, Tehran sees a unified threat targeting the regime’s survival.",
		"iran_threat_perception=existential", []string{"iran_protests=widespread"}, []string{"iran_protests=calm"}, +1},
	{"unrest makes compromise dangerous", "Iranian leaders view external compromise as a potential spark for domestic unrest.",
		"iran_intention=concede", []string{"regime_insecurity=high"}, []string{"regime_insecurity=low"}, -1},
	{"hardline policy preserves cohesion", "Thus, hardline foreign policy becomes a tool to preserve internal cohesion",
		"iran_intention=escalate", []string{"iran_protests=widespread"}, []string{"iran_protests=calm"}, +1},
	{"retreat more dangerous than escalation", "They see retreat as more dangerous than escalation.",
		"iran_intention=escalate", []string{"iran_threat_perception=existential"}, []string{"iran_threat_perception=moderate"}, +1},
	{"brinkmanship rests on US unwillingness", "rooted in the belief that the United States is unwilling to bear the cost of full-scale war",
		"iran_intention=escalate", []string{"us_deterrence_credibility=low"}, []string{"us_deterrence_credibility=high"}, +1},
	{"a distracted Washington gives room for brinkmanship", "Washington, despite its superior military capabilities, often avoids direct long-term engagements",
		"iran_intention=escalate", []string{"us_strategic_distraction=high"}, []string{"us_strategic_distraction=low"}, +1},
	{"war a costly gamble: fatigue and distraction", "Military action is now seen as a costly gamble rather than a default instrument of policy.",
		"us_intention=strike", []string{"us_strategic_distraction=high", "us_domestic_constraint=strong"}, []string{"us_strategic_distraction=low", "us_domestic_constraint=weak"}, -1},
	{"the US aims to prevent capabilities", "prevent the development of capabilities that pose a direct threat to US and allied interests",
		"us_intention=strike", []string{"iran_capabilities=threshold"}, []string{"iran_capabilities=constrained"}, +1},
	{"Iranian capabilities raise the danger of war", "prevent the development of capabilities that pose a direct threat to US and allied interests",
		"direct_conflict=yes", []string{"iran_capabilities=threshold"}, []string{"iran_capabilities=constrained"}, +1},
	{"engagement needs trust", "the Biden administration fears that unconditional engagement would only embolden Iran’s regional ambitions",
		"us_intention=engage", []string{"mutual_trust=moderate"}, []string{"mutual_trust=very_low"}, +1},
	{"distrust closes Iran's road to concession", "US-Iran relations are now governed by mutual suspicion and a deep structural mistrust.",
		"iran_intention=concede", []string{"mutual_trust=very_low"}, []string{"mutual_trust=moderate"}, -1},
	{"distrust blocks a settlement", "Mutual distrust and domestic political constraints in both countries render any meaningful diplomatic initiative vulnerable to breakdown.",
		"outcome=limited_settlement", []string{"turkish_mediation=active_round", "mutual_trust=very_low"}, []string{"turkish_mediation=active_round", "mutual_trust=moderate"}, -1},
	{"Turkish talks a temporary balm", "they appear to serve more as a temporary balm than a reflection of any real progress toward resolution",
		"outcome=limited_settlement", []string{"turkish_mediation=active_round"}, []string{"turkish_mediation=none"}, +1},
	{"no red lines, miscalculation", "In the absence of mutually understood red lines, the risk of miscalculation remains high from both sides.",
		"miscalculation_risk=high", []string{"red_line_clarity=absent"}, []string{"red_line_clarity=partial"}, +1},
	{"no red lines, accidental escalation", "In the absence of mutually understood red lines, the risk of miscalculation remains high from both sides.",
		"outcome=accidental_escalation", []string{"red_line_clarity=absent", "proxy_incidents=multi_theater"}, []string{"red_line_clarity=partial", "proxy_incidents=multi_theater"}, +1},
	{"no horizon, escalation the default", "In the absence of a political horizon, escalation becomes the default, not the exception.",
		escalation, []string{"red_line_clarity=absent", "mutual_trust=very_low", "turkish_mediation=none"}, []string{"red_line_clarity=partial", "mutual_trust=moderate", "turkish_mediation=exploratory"}, +1},
	{"pressure's gray zone", "While partially effective, this approach creates a dangerous gray zone between deterrence and escalation.",
		escalation, surgeAndSanctions, routineAndHeld, +1},
	{"a minor incident can spiral", "a minor incident in one theater could rapidly spiral into a broader crisis",
		"outcome=accidental_escalation", []string{"localized_clash=yes"}, []string{"localized_clash=no"}, +1},
	{"entanglement, accidental descent", "increasing the risk of accidental descent into direct conflict",
		"outcome=accidental_escalation", []string{"proxy_incidents=multi_theater"}, []string{"proxy_incidents=none"}, +1},
	{"restraint read as weakness", "Excessive restraint may be read in Tehran as weakness",
		"resolve_read=weak", []string{"localized_clash=yes", "do:us_response=restrained"}, []string{"localized_clash=yes", "do:us_response=proportionate"}, +1},
	{"restraint invites deliberate escalation", "Excessive restraint may be read in Tehran as weakness",
		"outcome=deliberate_escalation", []string{"localized_clash=yes", "do:us_response=restrained"}, []string{"localized_clash=yes", "do:us_response=proportionate"}, +1},
	{"force unleashes a spiral", "a forceful response could unleash an escalation spiral",
		"outcome=accidental_escalation", []string{"localized_clash=yes", "do:us_response=forceful"}, []string{"localized_clash=yes", "do:us_response=proportionate"}, +1},
	{"the aftermath cannot be controlled", "The US can inflict significant harm on Iran, but it cannot fully control the aftermath.",
		"direct_conflict=yes", []string{"do:us_intention=strike"}, []string{"do:us_intention=pressure"}, +1},
	{"threats reveal intent", "Statements from Iranian military and political leaders underscore this approach.",
		"iran_intention=escalate", []string{"leader_rhetoric=threatening"}, []string{"leader_rhetoric=defiant"}, +1},
	{"asymmetric tools reveal intent", "This logic drives Iran’s preference for asymmetric tools and calculated risk-taking",
		"iran_intention=escalate", []string{"proxy_incidents=multi_theater"}, []string{"proxy_incidents=none"}, +1},
	{"many actors, more incidents", "Complicating matters further is the proliferation of actors and arenas involved.",
		"proxy_incidents=multi_theater", []string{"proxy_autonomy=high"}, []string{"proxy_autonomy=low"}, +1},
	{"escalation points to a misread signal or clash", "Second, accidental escalation triggered by a misread signal or localized clash.",
		"escalation_spiral=spiralling", []string{"outcome=accidental_escalation"}, nil, +1},
	{"a settlement needs Iran to move", "Or third, a limited and temporary political settlement that freezes, but doesn’t resolve, the conflict",
		"iran_intention=concede", []string{"outcome=limited_settlement"}, nil, +1},
	{"a settlement needs Washington to move", "Or third, a limited and temporary political settlement that freezes, but doesn’t resolve, the conflict",
		"us_intention=engage", []string{"outcome=limited_settlement"}, nil, +1},
	{"the article's present darkens the outlook", "In the absence of a political horizon, escalation becomes the default, not the exception.",
		"outcome=limited_settlement", present, nil, -1},
}

// TestClaims checks each claim's direction and that its size reaches the
// model's resolution.
func TestClaims(t *testing.T) {
	u := loadUSIran(t)
	if *claimsTable {
		fmt.Println("| claim | the article | tested as | compares | reads | effect |")
		fmt.Println("|---|---|---|---|---|---|")
	}
	for _, c := range claims {
		t.Run(c.name, func(t *testing.T) {
			a, b := u.post(t, c.target, c.given...), u.post(t, c.target, c.base...)
			d := a - b
			if *claimsTable {
				fmt.Printf("| %s | “%s” | %s | %s against %s | %s | %+.1f points (%.1f%% → %.1f%%) |\n",
					c.name, c.quote, c.kind(), describe(u.m, c.given), describe(u.m, c.base), describe(u.m, []string{c.target}), 100*d, 100*b, 100*a)
			}
			if float64(c.dir)*d < resolution || math.IsNaN(d) {
				t.Errorf("%s: P(%s) moves %+.1f points (%.1f%% → %.1f%%), want %s at least %.0f",
					c.quote, c.target, 100*d, 100*b, 100*a, map[int]string{1: "up", -1: "down"}[c.dir], 100*resolution)
			}
		})
	}
}

// describe renders findings by the model's labels, as the docs show them.
func describe(m *model.Model, fs []string) string {
	if len(fs) == 0 {
		return "no findings"
	}
	var out []string
	for _, f := range fs {
		do := strings.HasPrefix(f, "do:")
		name, states, _ := strings.Cut(strings.TrimPrefix(f, "do:"), "=")
		v, ok := m.Net.Index(name)
		if !ok {
			out = append(out, f)
			continue
		}
		var ls []string
		for _, s := range strings.Split(states, "+") {
			k := slices.Index(m.Net.Variable(v).States, s)
			if k >= 0 && k < len(m.Nodes[v].StateLabels) {
				s = m.Nodes[v].StateLabels[k]
			}
			ls = append(ls, s)
		}
		w := m.Nodes[v].Label + " = " + strings.Join(ls, " or ")
		if do {
			w += " (by action)"
		}
		out = append(out, w)
	}
	return strings.Join(out, ", ")
}

// TestBaselineReading checks the baseline against what the article states
// in words, as orderings rather than pinned numbers: pressure is
// Washington's likeliest intention ("a strategy of pressure without
// resolution"), endurance Tehran's ("demonstrating endurance"), the
// fragile balance the likeliest outcome and the settlement the least
// likely ("expectations for a breakthrough are low").
func TestBaselineReading(t *testing.T) {
	u := loadUSIran(t)
	p := func(target string) float64 { return u.post(t, target) }
	more := func(what string, a, b float64) {
		t.Helper()
		if !(a > b) {
			t.Errorf("%s: %.1f%% is not above %.1f%%", what, 100*a, 100*b)
		}
	}
	more("US pressure over engagement", p("us_intention=pressure"), p("us_intention=engage"))
	more("US pressure over a strike", p("us_intention=pressure"), p("us_intention=strike"))
	more("Iran endures rather than escalates", p("iran_intention=endure"), p("iran_intention=escalate"))
	more("Iran escalates rather than concedes", p("iran_intention=escalate"), p("iran_intention=concede"))
	for _, s := range []string{"accidental_escalation", "deliberate_escalation", "limited_settlement"} {
		more("fragile balance over "+s, p("outcome=fragile_balance"), p("outcome="+s))
	}
	more("escalation of either kind over settlement", p(escalation), p("outcome=limited_settlement"))
}

// TestThreadingTheNeedle checks the article's dilemma as Washington's own
// choice: after a lethal clash, a proportionate response is its best
// option by its utility, and both restraint and force bring direct
// conflict nearer than it — "Between these narrow options, US policy is
// left threading a needle".
func TestThreadingTheNeedle(t *testing.T) {
	u := loadUSIran(t)
	clash := []string{"localized_clash=yes"}
	ev := evidence(t, u.m.Net, clash)
	sol, err := u.dg.Solve(ev)
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := u.m.Net.Index("us_response")
	var opts []float64
	for i, d := range u.dg.Decisions() {
		if d == resp {
			opts = sol.Options[i]
		}
	}
	if len(opts) != 3 {
		t.Fatalf("options of the US response: %v", opts)
	}
	if !(opts[1] > opts[0] && opts[1] > opts[2]) {
		t.Errorf("after a clash the US options are worth %v (restrained, proportionate, forceful); want proportionate best", opts)
	}
	prop := u.post(t, "direct_conflict=yes", "localized_clash=yes", "do:us_response=proportionate")
	for _, o := range []string{"restrained", "forceful"} {
		if got := u.post(t, "direct_conflict=yes", "localized_clash=yes", "do:us_response="+o); !(got > prop) {
			t.Errorf("direct conflict after a %s response %.1f%%, not above %.1f%% after a proportionate one", o, 100*got, 100*prop)
		}
	}
}

// TestOutcomeIsWellDefined checks the logic the outcome's definition
// promises: direct conflict is exactly the two escalation outcomes.
func TestOutcomeIsWellDefined(t *testing.T) {
	u := loadUSIran(t)
	for _, o := range []string{"fragile_balance", "limited_settlement"} {
		if p := u.post(t, "direct_conflict=yes", "outcome="+o); p != 0 {
			t.Errorf("P(direct conflict | %s) = %g, want 0", o, p)
		}
	}
	for _, o := range []string{"accidental_escalation", "deliberate_escalation"} {
		if p := u.post(t, "direct_conflict=yes", "outcome="+o); p != 1 {
			t.Errorf("P(direct conflict | %s) = %g, want 1", o, p)
		}
	}
	for _, sc := range [][]string{nil, present, {"localized_clash=yes"}} {
		if a, b := u.post(t, "direct_conflict=yes", sc...), u.post(t, escalation, sc...); math.Abs(a-b) > 1e-12 {
			t.Errorf("given %v: direct conflict %g, escalation outcomes %g", sc, a, b)
		}
	}
}

// TestUtilitiesFollowTheArticle checks the utility tables' order, which
// the article states: each side values war below every other outcome
// ("more focused on avoiding catastrophic defeat than achieving decisive
// victory"), and Tehran values absorbing an attack below answering it
// ("They see retreat as more dangerous than escalation").
func TestUtilitiesFollowTheArticle(t *testing.T) {
	u := loadUSIran(t)
	if len(u.m.Utilities) != 2 {
		t.Fatalf("%d utilities, want the two sides'", len(u.m.Utilities))
	}
	for _, ut := range u.m.Utilities {
		if ut.Rationale == "" || len(ut.Citations) == 0 || ut.Actor == "" {
			t.Errorf("utility %s: not argued (rationale, citation, actor)", ut.ID)
		}
		worstPeace, bestWar := math.Inf(1), math.Inf(-1)
		absorb, calibrated := 0.0, 0.0
		forEachRow(u.m, ut, func(given map[string]string, value float64) {
			switch given["outcome"] {
			case "fragile_balance", "limited_settlement":
				worstPeace = min(worstPeace, value)
			default:
				bestWar = max(bestWar, value)
			}
			switch given["iran_answer"] {
			case "absorb":
				absorb += value
			case "calibrated":
				calibrated += value
			}
		})
		if !(bestWar < worstPeace) {
			t.Errorf("utility %s: war is worth up to %v, peace as little as %v", ut.ID, bestWar, worstPeace)
		}
		if ut.Actor == "Iran" && !(absorb < calibrated) {
			t.Errorf("utility %s: absorbing (%v in all) not below a calibrated answer (%v)", ut.ID, absorb, calibrated)
		}
	}
}

// forEachRow calls f with each configuration of a utility's parents, the
// first parent slowest, and its value.
func forEachRow(m *model.Model, ut model.Utility, f func(map[string]string, float64)) {
	idx := make([]int, len(ut.Parents))
	for k := range ut.Table {
		given := map[string]string{}
		for i, p := range ut.Parents {
			v, _ := m.Net.Index(p)
			given[p] = m.Net.Variable(v).States[idx[i]]
		}
		f(given, ut.Table[k])
		for i := len(idx) - 1; i >= 0; i-- {
			v, _ := m.Net.Index(ut.Parents[i])
			idx[i]++
			if idx[i] < m.Net.Card(v) {
				break
			}
			idx[i] = 0
		}
	}
}

// TestStructure pins the identifiers, roles and states that scripts,
// scenarios and the documentation rely on. The first edition's twenty
// ids are all kept; the outcome gained a state, deliberate escalation.
func TestStructure(t *testing.T) {
	u := loadUSIran(t)
	tests := []struct {
		id     string
		role   model.Role
		states []string
	}{
		{"us_strategic_distraction", model.RoleEvidence, []string{"low", "high"}},
		{"us_domestic_constraint", model.RoleEvidence, []string{"weak", "strong"}},
		{"us_cost_tolerance", model.RoleLatent, []string{"low", "high"}},
		{"iran_capabilities", model.RoleEvidence, []string{"constrained", "advancing", "threshold"}},
		{"us_threat_perception", model.RoleLatent, []string{"moderate", "high"}},
		{"mutual_trust", model.RoleLatent, []string{"very_low", "low", "moderate"}},
		{"red_line_clarity", model.RoleEvidence, []string{"absent", "partial"}},
		{"us_intention", model.RoleIntention, []string{"engage", "pressure", "strike"}},
		{"us_carrier_deployment", model.RoleEvidence, []string{"none", "routine", "surge"}},
		{"us_sanctions", model.RoleEvidence, []string{"eased", "maintained", "expanded"}},
		{"us_deterrence_credibility", model.RoleLatent, []string{"low", "high"}},
		{"iran_protests", model.RoleEvidence, []string{"calm", "localized", "widespread"}},
		{"regime_insecurity", model.RoleLatent, []string{"low", "high"}},
		{"iran_threat_perception", model.RoleLatent, []string{"moderate", "high", "existential"}},
		{"iran_intention", model.RoleIntention, []string{"concede", "endure", "escalate"}},
		{"leader_rhetoric", model.RoleEvidence, []string{"conciliatory", "defiant", "threatening"}},
		{"proxy_autonomy", model.RoleLatent, []string{"low", "high"}},
		{"proxy_incidents", model.RoleEvidence, []string{"none", "isolated", "multi_theater"}},
		{"turkish_mediation", model.RoleEvidence, []string{"none", "exploratory", "active_round"}},
		{"miscalculation_risk", model.RoleLatent, []string{"low", "medium", "high"}},
		{"localized_clash", model.RoleEvidence, []string{"no", "yes"}},
		{"us_response", model.RoleDecision, []string{"restrained", "proportionate", "forceful"}},
		{"resolve_read", model.RoleLatent, []string{"weak", "firm"}},
		{"iran_answer", model.RoleDecision, []string{"absorb", "calibrated", "escalate"}},
		{"escalation_spiral", model.RoleLatent, []string{"contained", "spiralling"}},
		{"outcome", model.RoleOutcome, []string{"fragile_balance", "accidental_escalation", "deliberate_escalation", "limited_settlement"}},
		{"direct_conflict", model.RoleOutcome, []string{"no", "yes"}},
	}
	n := u.m.Net
	if n.NumVariables() != len(tests) {
		t.Errorf("%d nodes, want %d", n.NumVariables(), len(tests))
	}
	for _, tt := range tests {
		v, ok := n.Index(tt.id)
		if !ok {
			t.Errorf("no node %q", tt.id)
			continue
		}
		if got := u.m.Nodes[v].Role; got != tt.role {
			t.Errorf("%s: role %q, want %q", tt.id, got, tt.role)
		}
		if got := n.Variable(v).States; !slices.Equal(got, tt.states) {
			t.Errorf("%s: states %v, want %v", tt.id, got, tt.states)
		}
	}
}

// TestEveryNodeIsArgued checks the documentation the model promises: every
// node has a label, a group, labelled states, a position, a description, a
// rationale and at least one citation of the article; every chance node
// says how firmly its numbers are held (a confidence) except the logical
// direct-conflict node; the model states its as-of date and horizon and
// what it leaves out.
func TestEveryNodeIsArgued(t *testing.T) {
	u := loadUSIran(t)
	m := u.m
	if m.Title == "" || m.Description == "" || m.Notes == "" || len(m.Limits) == 0 {
		t.Error("model lacks a title, description, notes or limits")
	}
	if len(m.Sources) != 1 || m.Sources[0].ID != "standoff" {
		t.Fatalf("sources %+v, want one with id standoff", m.Sources)
	}
	groups := []string{"United States", "Iran", "Region", "Diplomacy"}
	for v := range m.Net.NumVariables() {
		name, nd := m.Net.Name(v), m.Nodes[v]
		if nd.Label == "" || nd.Description == "" || nd.Rationale == "" {
			t.Errorf("%s: missing label, description or rationale", name)
		}
		if !slices.Contains(groups, nd.Group) {
			t.Errorf("%s: group %q, want one of %q", name, nd.Group, groups)
		}
		if nd.Position == nil {
			t.Errorf("%s: no position", name)
		}
		if nd.Role != model.RoleDecision && name != "direct_conflict" && !(nd.Confidence > 0) {
			t.Errorf("%s: no confidence", name)
		}
		for s := range m.Net.Card(v) {
			if s >= len(nd.StateLabels) || nd.StateLabels[s] == "" {
				t.Errorf("%s: state %s has no label", name, m.Net.Variable(v).States[s])
			}
		}
		if len(nd.Citations) == 0 {
			t.Errorf("%s: no citation", name)
		}
		for _, c := range nd.Citations {
			if c.Source != "standoff" || c.Quote == "" {
				t.Errorf("%s: citation %+v, want a quote from source standoff", name, c)
			}
		}
	}
}

// TestQuotesAreInTheArticle checks that every citation and every claim
// quotes the article verbatim, up to runs of whitespace.
func TestQuotesAreInTheArticle(t *testing.T) {
	path, ok := shared.Path("source", "us-iran-standoff.txt")
	if !ok {
		t.Skip("shared directory not found")
	}
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s not found", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	space := regexp.MustCompile(`\s+`)
	norm := func(s string) string { return space.ReplaceAllString(strings.TrimSpace(s), " ") }
	article := norm(string(data))
	u := loadUSIran(t)
	for v, nd := range u.m.Nodes {
		for _, c := range nd.Citations {
			if !strings.Contains(article, norm(c.Quote)) {
				t.Errorf("%s: quote not in the article: %q", u.m.Net.Name(v), c.Quote)
			}
		}
	}
	for _, ut := range u.m.Utilities {
		for _, c := range ut.Citations {
			if !strings.Contains(article, norm(c.Quote)) {
				t.Errorf("%s: quote not in the article: %q", ut.ID, c.Quote)
			}
		}
	}
	for _, c := range claims {
		if !strings.Contains(article, norm(c.quote)) {
			t.Errorf("claim %q: quote not in the article: %q", c.name, c.quote)
		}
	}
}

// TestLayoutDoesNotOverlap keeps the network view readable: no two cards
// (positions are card centres; at most 380 units wide and 140 high)
// overlap, and every card lies at positive coordinates.
func TestLayoutDoesNotOverlap(t *testing.T) {
	u := loadUSIran(t)
	type card struct {
		name string
		p    model.Point
	}
	var cs []card
	for v, nd := range u.m.Nodes {
		if nd.Position == nil {
			t.Fatalf("%s: no position", u.m.Net.Name(v))
		}
		cs = append(cs, card{u.m.Net.Name(v), *nd.Position})
	}
	for _, ut := range u.m.Utilities {
		if ut.Position == nil {
			t.Fatalf("%s: no position", ut.ID)
		}
		cs = append(cs, card{ut.ID, *ut.Position})
	}
	for a := range cs {
		if cs[a].p.X < 0 || cs[a].p.Y < 0 {
			t.Errorf("%s at (%v, %v): off the canvas", cs[a].name, cs[a].p.X, cs[a].p.Y)
		}
		for b := a + 1; b < len(cs); b++ {
			if math.Abs(cs[a].p.Y-cs[b].p.Y) < 140 && math.Abs(cs[a].p.X-cs[b].p.X) < 290 {
				t.Errorf("%s and %s overlap", cs[a].name, cs[b].name)
			}
		}
	}
}

// TestScenariosArePossible applies each saved scenario: all are there,
// each finding carries a note, and the evidence has positive probability
// under the best policies.
func TestScenariosArePossible(t *testing.T) {
	u := loadUSIran(t)
	want := []string{"baseline", "present_conditions", "maximum_pressure", "domestic_unrest", "turkish_channel", "red_sea_spark", "us_distracted", "clash_restrained", "clash_forceful"}
	var got []string
	for _, sc := range u.m.Scenarios {
		got = append(got, sc.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("scenarios %v, want %v", got, want)
	}
	for i := range u.m.Scenarios {
		sc := &u.m.Scenarios[i]
		if sc.Description == "" || sc.Author == "" {
			t.Errorf("scenario %s: no description or author", sc.Name)
		}
		for _, f := range sc.Findings {
			if f.Provenance == nil || f.Provenance.Note == "" {
				t.Errorf("scenario %s: finding on %s has no note", sc.Name, f.Node)
			}
		}
		ev, err := u.m.Evidence(sc)
		if err != nil {
			t.Errorf("scenario %s: %v", sc.Name, err)
			continue
		}
		if _, err := u.dg.Solve(ev); err != nil {
			t.Errorf("scenario %s: %v", sc.Name, err)
		}
	}
	// The paired scenarios differ in the US response alone, set by action.
	pair := map[string]*model.Scenario{}
	for i := range u.m.Scenarios {
		pair[u.m.Scenarios[i].Name] = &u.m.Scenarios[i]
	}
	for _, name := range []string{"clash_restrained", "clash_forceful"} {
		sc := pair[name]
		if sc == nil {
			continue
		}
		acts := 0
		for _, f := range sc.Findings {
			if f.Node == "us_response" && f.Action {
				acts++
			}
		}
		if acts != 1 {
			t.Errorf("scenario %s: want the US response set by action", name)
		}
	}
}
