package models_test

// The tests in this file check that models/us-iran.toml says what its source
// says. Each claim test quotes the sentence of the article it encodes
// (shared/source/us-iran-standoff.txt) and asserts, through the junction
// tree, both the direction of the effect and a size band. The bands are
// judgements, as the CPTs are: wide enough to survive a retuning that keeps
// the model's argument, narrow enough to fail if a number stops making it.
// docs/us-iran-model.md maps each claim to its nodes and to these tests.

import (
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"brink/internal/shared"
	"brink/network"
	"brink/network/jtree"
	"brink/network/model"
	"brink/network/modelfile"
)

const usIranFile = "us-iran.toml"

// usIran is the loaded model with a compiled junction tree, for queries by
// name.
type usIran struct {
	m  *model.Model
	jt *jtree.JunctionTree
}

func loadUSIran(t *testing.T) *usIran {
	t.Helper()
	m, err := modelfile.Load(usIranFile)
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(m.Net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &usIran{m: m, jt: jt}
}

// post returns P(target | given), target and each finding written
// "variable=state".
func (u *usIran) post(t *testing.T, target string, given ...string) float64 {
	t.Helper()
	ev := network.NewEvidence(u.m.Net)
	for _, g := range given {
		v, s := u.lookup(t, g)
		if err := ev.SetState(v, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.jt.Propagate(ev); err != nil {
		t.Fatalf("findings %v: %v", given, err)
	}
	v, s := u.lookup(t, target)
	return u.jt.Posterior(v)[s]
}

// shift returns P(target | given) − P(target | base).
func (u *usIran) shift(t *testing.T, target string, given, base []string) float64 {
	t.Helper()
	return u.post(t, target, given...) - u.post(t, target, base...)
}

func (u *usIran) lookup(t *testing.T, vs string) (v, s int) {
	t.Helper()
	name, state, ok := strings.Cut(vs, "=")
	if !ok {
		t.Fatalf("%q: want variable=state", vs)
	}
	v, s, err := u.m.Net.Lookup(name, state)
	if err != nil {
		t.Fatal(err)
	}
	return v, s
}

// within fails unless lo <= got <= hi. Probabilities and shifts are printed
// in percentage points.
func within(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi || math.IsNaN(got) {
		t.Errorf("%s = %.1f%%, want between %.1f%% and %.1f%%", what, 100*got, 100*lo, 100*hi)
	}
}

// more fails unless a > b.
func more(t *testing.T, what string, a, b float64) {
	t.Helper()
	if !(a > b) {
		t.Errorf("%s: %.1f%% is not above %.1f%%", what, 100*a, 100*b)
	}
}

var (
	none            []string
	maximumPressure = []string{"us_carrier_deployment=surge", "us_sanctions=expanded"}
)

// TestStructureAsSpecified pins the identifiers, roles, states and parents
// that scripts, scenarios and the issue rely on.
func TestStructureAsSpecified(t *testing.T) {
	u := loadUSIran(t)
	tests := []struct {
		id      string
		role    model.Role
		states  []string
		parents []string
	}{
		{"us_carrier_deployment", model.RoleEvidence, []string{"none", "routine", "surge"}, []string{"us_intention"}},
		{"us_sanctions", model.RoleEvidence, []string{"eased", "maintained", "expanded"}, []string{"us_intention"}},
		{"iran_protests", model.RoleEvidence, []string{"calm", "localized", "widespread"}, []string{"us_sanctions"}},
		{"leader_rhetoric", model.RoleEvidence, []string{"conciliatory", "defiant", "threatening"}, []string{"iran_intention"}},
		{"turkish_mediation", model.RoleEvidence, []string{"none", "exploratory", "active_round"}, []string{"us_intention", "iran_intention"}},
		{"proxy_incidents", model.RoleEvidence, []string{"none", "isolated", "multi_theater"}, []string{"iran_intention"}},
		{"us_strategic_distraction", model.RoleEvidence, []string{"low", "high"}, nil},
		{"localized_clash", model.RoleEvidence, []string{"no", "yes"}, []string{"proxy_incidents", "us_carrier_deployment"}},
		{"miscalculation_risk", model.RoleLatent, []string{"low", "medium", "high"}, []string{"red_line_clarity", "proxy_incidents", "us_carrier_deployment"}},
		{"iran_intention", model.RoleIntention, []string{"concede", "endure", "escalate"}, []string{"iran_threat_perception", "regime_insecurity", "us_deterrence_credibility"}},
		{"us_intention", model.RoleIntention, []string{"engage", "pressure", "strike"}, []string{"us_cost_tolerance", "mutual_trust"}},
		{"outcome", model.RoleOutcome, []string{"fragile_balance", "accidental_escalation", "limited_settlement"}, []string{"iran_intention", "us_intention", "escalation_spiral"}},
		{"direct_conflict", model.RoleOutcome, []string{"no", "yes"}, []string{"outcome", "us_intention"}},
		{"us_cost_tolerance", model.RoleLatent, []string{"low", "high"}, []string{"us_strategic_distraction"}},
		{"mutual_trust", model.RoleLatent, []string{"very_low", "low", "moderate"}, nil},
		{"red_line_clarity", model.RoleLatent, []string{"absent", "partial"}, nil},
		{"regime_insecurity", model.RoleLatent, []string{"low", "high"}, []string{"iran_protests"}},
		{"iran_threat_perception", model.RoleLatent, []string{"moderate", "high", "existential"}, []string{"us_carrier_deployment", "us_sanctions", "regime_insecurity"}},
		{"us_deterrence_credibility", model.RoleLatent, []string{"low", "high"}, []string{"us_cost_tolerance", "us_carrier_deployment"}},
		{"escalation_spiral", model.RoleLatent, []string{"contained", "spiralling"}, []string{"miscalculation_risk", "localized_clash"}},
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
		var parents []string
		for _, p := range n.Parents(v) {
			parents = append(parents, n.Name(p))
		}
		if !slices.Equal(parents, tt.parents) {
			t.Errorf("%s: parents %v, want %v", tt.id, parents, tt.parents)
		}
	}
}

// TestEveryNodeIsArgued checks the documentation the model promises: every
// node has a label, a group, labelled states, a position, a description, a
// rationale and at least one citation of the article; the model says what
// it leaves out.
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

// TestQuotesAreInTheArticle checks that every citation quotes the article
// verbatim, up to runs of whitespace.
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
}

// TestLayoutFitsTheCanvas keeps the network view readable on a 1700×900
// canvas: every card (220 px wide, about 90 high, positioned by its
// centre) lies inside it, and cards on the same row stand at least 240 px
// apart.
func TestLayoutFitsTheCanvas(t *testing.T) {
	u := loadUSIran(t)
	ps := make([]model.Point, len(u.m.Nodes))
	for v, nd := range u.m.Nodes {
		if nd.Position == nil {
			t.Fatalf("%s: no position", u.m.Net.Name(v))
		}
		p := *nd.Position
		ps[v] = p
		// Positions are card centres; cards are 220×~90 px.
		if p.X < 110 || p.X+110 > 1700 || p.Y < 45 || p.Y+45 > 900 {
			t.Errorf("%s at (%v, %v): card leaves the canvas", u.m.Net.Name(v), p.X, p.Y)
		}
	}
	for a := range ps {
		for b := a + 1; b < len(ps); b++ {
			if math.Abs(ps[a].Y-ps[b].Y) < 110 && math.Abs(ps[a].X-ps[b].X) < 240 {
				t.Errorf("%s and %s overlap", u.m.Net.Name(a), u.m.Net.Name(b))
			}
		}
	}
}

// TestScenariosArePossible applies each saved scenario: all six are there,
// each finding carries a note, and the evidence has positive probability.
func TestScenariosArePossible(t *testing.T) {
	u := loadUSIran(t)
	want := []string{"baseline", "maximum_pressure", "domestic_unrest", "turkish_channel", "red_sea_spark", "us_distracted"}
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
		if err := u.jt.Propagate(ev); err != nil {
			t.Errorf("scenario %s: %v", sc.Name, err)
			continue
		}
		if pe := u.jt.ProbEvidence(); !(pe > 0) {
			t.Errorf("scenario %s: P(evidence) = %g", sc.Name, pe)
		}
	}
}

// TestClaim01Baseline: "At best, they may yield one of three outcomes:
// first, the continuation of a fragile balance, where both sides exchange
// pressure without tipping into direct confrontation" — "expectations for a
// breakthrough are low"; "Washington has adopted a strategy of pressure
// without resolution"; "Iran isn't aiming for decisive victory as much as it
// is demonstrating endurance"; "the risk of miscalculation remains high".
func TestClaim01Baseline(t *testing.T) {
	u := loadUSIran(t)
	p := func(target string) float64 { return u.post(t, target) }
	within(t, "P(fragile balance)", p("outcome=fragile_balance"), 0.50, 0.65)
	within(t, "P(accidental escalation)", p("outcome=accidental_escalation"), 0.20, 0.35)
	within(t, "P(limited settlement)", p("outcome=limited_settlement"), 0.03, 0.20)
	within(t, "P(direct conflict)", p("direct_conflict=yes"), 0.03, 0.15)
	within(t, "P(US pressure)", p("us_intention=pressure"), 0.55, 0.85)
	more(t, "US pressure over engagement", p("us_intention=pressure"), p("us_intention=engage"))
	within(t, "P(US strike)", p("us_intention=strike"), 0.03, 0.15)
	within(t, "P(Iran endures)", p("iran_intention=endure"), 0.50, 0.70)
	more(t, "Iran endures rather than escalates", p("iran_intention=endure"), p("iran_intention=escalate"))
	more(t, "Iran escalates rather than concedes", p("iran_intention=escalate"), p("iran_intention=concede"))
	more(t, "miscalculation risk high over low", p("miscalculation_risk=high"), p("miscalculation_risk=low"))
}

// TestClaim02OptionsNarrowPostureHardens: "The defining feature of Iran's
// strategy today is this paradox of weakness and rigidity: the more its
// options narrow, the more uncompromising its posture becomes."
func TestClaim02OptionsNarrowPostureHardens(t *testing.T) {
	u := loadUSIran(t)
	within(t, "maximum pressure: shift in P(concede)", u.shift(t, "iran_intention=concede", maximumPressure, none), -0.10, -0.01)
	within(t, "maximum pressure: shift in P(escalate)", u.shift(t, "iran_intention=escalate", maximumPressure, none), 0.02, 0.20)
	within(t, "maximum pressure: shift in P(existential threat)", u.shift(t, "iran_threat_perception=existential", maximumPressure, none), 0.15, 0.40)
}

// TestClaim03UnrestHardensTheLine: "Iranian leaders view external
// compromise as a potential spark for domestic unrest. Thus, hardline
// foreign policy becomes a tool to preserve internal cohesion".
func TestClaim03UnrestHardensTheLine(t *testing.T) {
	u := loadUSIran(t)
	unrest := []string{"iran_protests=widespread"}
	within(t, "protests: shift in P(regime insecurity)", u.shift(t, "regime_insecurity=high", unrest, none), 0.20, 0.45)
	within(t, "protests: shift in P(concede)", u.shift(t, "iran_intention=concede", unrest, none), -0.10, -0.01)
	within(t, "protests: shift in P(escalate)", u.shift(t, "iran_intention=escalate", unrest, none), 0.02, 0.20)
}

// TestClaim04TurkishTalksATemporaryBalm: "Despite ongoing Turkish
// diplomatic efforts, they appear to serve more as a temporary balm than a
// reflection of any real progress toward resolution." and "There are some
// faint signals of a new round of negotiations under Turkish auspices, but
// expectations for a breakthrough are low."
func TestClaim04TurkishTalksATemporaryBalm(t *testing.T) {
	u := loadUSIran(t)
	round := []string{"turkish_mediation=active_round"}
	within(t, "active round: shift in P(limited settlement)", u.shift(t, "outcome=limited_settlement", round, none), 0.03, 0.12)
	settle, balance := u.post(t, "outcome=limited_settlement", round...), u.post(t, "outcome=fragile_balance", round...)
	within(t, "active round: P(limited settlement)", settle, 0, 0.25)
	more(t, "active round: fragile balance well above settlement (by 30 points)", balance-0.30, settle)
	// A balm, not a signal that changes minds: no intention moves by more
	// than ten points.
	for _, s := range []string{"iran_intention=concede", "iran_intention=endure", "iran_intention=escalate",
		"us_intention=engage", "us_intention=pressure", "us_intention=strike"} {
		within(t, "active round: shift in P("+s+")", u.shift(t, s, round, none), -0.10, 0.10)
	}
}

// TestClaim05IncidentsSpiral: "This dispersion makes it harder for the US
// to manage escalation dynamics, as a minor incident in one theater could
// rapidly spiral into a broader crisis." and "Second, accidental escalation
// triggered by a misread signal or localized clash."
func TestClaim05IncidentsSpiral(t *testing.T) {
	u := loadUSIran(t)
	clash := []string{"localized_clash=yes"}
	within(t, "clash: shift in P(accidental escalation)", u.shift(t, "outcome=accidental_escalation", clash, none), 0.15, 0.40)
	within(t, "clash: shift in P(direct conflict)", u.shift(t, "direct_conflict=yes", clash, none), 0.03, 0.20)
	within(t, "multi-theater incidents: shift in P(miscalculation risk high)",
		u.shift(t, "miscalculation_risk=high", []string{"proxy_incidents=multi_theater"}, none), 0.10, 0.35)
}

// TestClaim06WashingtonAvoidsLongWars: "This rationale provides political
// and psychological space for brinkmanship, rooted in the belief that the
// United States is unwilling to bear the cost of full-scale war. This belief
// is reinforced by past experiences showing that Washington, despite its
// superior military capabilities, often avoids direct long-term engagements
// especially in the Middle East."
func TestClaim06WashingtonAvoidsLongWars(t *testing.T) {
	u := loadUSIran(t)
	distracted := []string{"us_strategic_distraction=high"}
	within(t, "distraction: shift in P(US strike)", u.shift(t, "us_intention=strike", distracted, none), -0.06, -0.005)
	within(t, "distraction: shift in P(cost tolerance high)", u.shift(t, "us_cost_tolerance=high", distracted, none), -0.25, -0.05)
	within(t, "distraction: shift in P(deterrence credible)", u.shift(t, "us_deterrence_credibility=high", distracted, none), -0.15, -0.01)
	// The chain to Tehran is long and partly offset (a distracted
	// Washington also surges less), so the effect is small: "a little".
	within(t, "distraction: shift in P(Iran escalates)", u.shift(t, "iran_intention=escalate", distracted, none), 0.002, 0.03)
	within(t, "distracted vs attentive Washington: shift in P(Iran escalates)",
		u.shift(t, "iran_intention=escalate", distracted, []string{"us_strategic_distraction=low"}), 0.005, 0.05)
}

// TestClaim07EscalationPointsToMisreading: "Second, accidental escalation
// triggered by a misread signal or localized clash." Seeing the escalation,
// an analyst should think miscalculation likelier than before.
func TestClaim07EscalationPointsToMisreading(t *testing.T) {
	u := loadUSIran(t)
	within(t, "accidental escalation: shift in P(miscalculation risk high)",
		u.shift(t, "miscalculation_risk=high", []string{"outcome=accidental_escalation"}, none), 0.05, 0.25)
}

// TestClaim08RestraintAndForce: "Excessive restraint may be read in Tehran
// as weakness, while a forceful response could unleash an escalation
// spiral."
func TestClaim08RestraintAndForce(t *testing.T) {
	u := loadUSIran(t)
	withdrawn, routine := []string{"us_carrier_deployment=none"}, []string{"us_carrier_deployment=routine"}
	within(t, "no carrier vs routine: shift in P(deterrence credible)", u.shift(t, "us_deterrence_credibility=high", withdrawn, routine), -0.40, -0.10)
	within(t, "no carrier vs routine: shift in P(Iran escalates)", u.shift(t, "iran_intention=escalate", withdrawn, routine), 0.005, 0.08)
	strike := []string{"us_intention=strike"}
	within(t, "US strike: shift in P(direct conflict)", u.shift(t, "direct_conflict=yes", strike, none), 0.25, 0.50)
	within(t, "US strike: P(direct conflict)", u.post(t, "direct_conflict=yes", strike...), 0.35, 0.60)
}

// TestClaim09RetreatWorseThanEscalation: "Statements from Iranian military
// and political leaders underscore this approach. They see retreat as more
// dangerous than escalation."
func TestClaim09RetreatWorseThanEscalation(t *testing.T) {
	u := loadUSIran(t)
	existential := []string{"iran_threat_perception=existential"}
	esc, con := u.post(t, "iran_intention=escalate", existential...), u.post(t, "iran_intention=concede", existential...)
	more(t, "existential threat: escalation over concession", esc, con)
	within(t, "existential threat: P(escalate) − P(concede)", esc-con, 0.25, 0.60)
	within(t, "existential threat: P(concede)", con, 0, 0.08)
}

// TestClaim10IndicatorsAreDiagnostic: "Statements from Iranian military and
// political leaders underscore this approach." and "This logic drives
// Iran's preference for asymmetric tools and calculated risk-taking".
func TestClaim10IndicatorsAreDiagnostic(t *testing.T) {
	u := loadUSIran(t)
	for _, finding := range []string{"leader_rhetoric=threatening", "proxy_incidents=multi_theater"} {
		within(t, finding+": shift in P(Iran escalates)", u.shift(t, "iran_intention=escalate", []string{finding}, none), 0.10, 0.35)
		within(t, finding+": shift in P(Iran concedes)", u.shift(t, "iran_intention=concede", []string{finding}, none), -0.10, -0.02)
	}
}

// TestClaim11NoPoliticalHorizon: "In the absence of mutually understood red
// lines, the risk of miscalculation remains high from both sides." and "In
// the absence of a political horizon, escalation becomes the default, not
// the exception."
func TestClaim11NoPoliticalHorizon(t *testing.T) {
	u := loadUSIran(t)
	noHorizon := []string{"red_line_clarity=absent", "mutual_trust=very_low"}
	settle := u.post(t, "outcome=limited_settlement", noHorizon...)
	within(t, "no horizon: P(limited settlement)", settle, 0.02, 0.20)
	// Escalation the default, settlement the exception: at least twice as
	// likely.
	more(t, "no horizon: accidental escalation over twice the settlement", u.post(t, "outcome=accidental_escalation", noHorizon...), 2*settle)
	within(t, "no horizon vs partial red lines and moderate trust: shift in P(accidental escalation)",
		u.shift(t, "outcome=accidental_escalation", noHorizon, []string{"red_line_clarity=partial", "mutual_trust=moderate"}), 0.02, 0.15)
}

// TestClaimThreatsFuseIntoOne: "From US pressure to domestic protests and
// regional turmoil, Tehran sees a unified threat targeting the regime's
// survival." Each front adds to one existential threat.
func TestClaimThreatsFuseIntoOne(t *testing.T) {
	u := loadUSIran(t)
	pressure := u.post(t, "iran_threat_perception=existential", maximumPressure...)
	both := u.post(t, "iran_threat_perception=existential", append(slices.Clone(maximumPressure), "iran_protests=widespread")...)
	within(t, "maximum pressure: shift in P(existential)", pressure-u.post(t, "iran_threat_perception=existential"), 0.10, 0.40)
	within(t, "adding widespread protests: shift in P(existential)", both-pressure, 0.03, 0.20)
}

// TestClaimCompromiseSparksUnrest: "Iranian leaders view external
// compromise as a potential spark for domestic unrest." Holding the
// external threat fixed, an insecure regime concedes less and escalates
// more.
func TestClaimCompromiseSparksUnrest(t *testing.T) {
	u := loadUSIran(t)
	secure := []string{"iran_threat_perception=high", "regime_insecurity=low"}
	insecure := []string{"iran_threat_perception=high", "regime_insecurity=high"}
	within(t, "insecure regime: shift in P(concede)", u.shift(t, "iran_intention=concede", insecure, secure), -0.12, -0.03)
	within(t, "insecure regime: shift in P(escalate)", u.shift(t, "iran_intention=escalate", insecure, secure), 0.03, 0.15)
}

// TestClaimFragileBalanceAvoidsConfrontation: "the continuation of a
// fragile balance, where both sides exchange pressure without tipping into
// direct confrontation, relying increasingly on mutual deterrence."
func TestClaimFragileBalanceAvoidsConfrontation(t *testing.T) {
	u := loadUSIran(t)
	within(t, "fragile balance: P(direct conflict)", u.post(t, "direct_conflict=yes", "outcome=fragile_balance"), 0, 0.05)
}

// TestClaimSettlementNeedsBothSides: "Or third, a limited and temporary
// political settlement that freezes, but doesn't resolve, the conflict" —
// with "a zero-sum equation that leaves little room for compromise", a
// settlement is evidence that both sides moved.
func TestClaimSettlementNeedsBothSides(t *testing.T) {
	u := loadUSIran(t)
	settled := []string{"outcome=limited_settlement"}
	within(t, "settlement: shift in P(Iran concedes)", u.shift(t, "iran_intention=concede", settled, none), 0.15, 0.45)
	within(t, "settlement: shift in P(US engages)", u.shift(t, "us_intention=engage", settled, none), 0.15, 0.45)
}

// TestClaimDistrustBluntsDiplomacy: "Mutual distrust and domestic political
// constraints in both countries render any meaningful diplomatic initiative
// vulnerable to breakdown."
func TestClaimDistrustBluntsDiplomacy(t *testing.T) {
	u := loadUSIran(t)
	gain := func(trust string) float64 {
		return u.shift(t, "outcome=limited_settlement",
			[]string{"mutual_trust=" + trust, "turkish_mediation=active_round"}, []string{"mutual_trust=" + trust})
	}
	veryLow, moderate := gain("very_low"), gain("moderate")
	more(t, "a round of talks gains more with moderate trust than with very low", moderate, veryLow)
	within(t, "very low trust, active round: P(limited settlement)",
		u.post(t, "outcome=limited_settlement", "mutual_trust=very_low", "turkish_mediation=active_round"), 0.02, 0.15)
}

// TestClaimForceCannotControlAftermath: "The US can inflict significant
// harm on Iran, but it cannot fully control the aftermath." A US strike
// makes escalation the likeliest outcome, not a return to balance.
func TestClaimForceCannotControlAftermath(t *testing.T) {
	u := loadUSIran(t)
	strike := []string{"us_intention=strike"}
	esc, bal := u.post(t, "outcome=accidental_escalation", strike...), u.post(t, "outcome=fragile_balance", strike...)
	within(t, "US strike: P(accidental escalation)", esc, 0.45, 0.75)
	more(t, "US strike: escalation over balance", esc, bal)
}
