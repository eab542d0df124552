package canonical

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// model is what every canonical model provides.
type model interface {
	CPT(maxEntries int) ([]float64, error)
}

var (
	_ model = NoisyOR{}
	_ model = NoisyMAX{}
	_ model = Ranked{}
	_ model = Deterministic{}
	_ model = Rule{}
)

// okCause is a valid binary cause of a 2-state noisy-MAX child.
var okCause = Cause{States: 2, Absent: 1, Given: [][]float64{{0.7, 0.3}, nil}}

// okRanked returns a valid ranked node with f for its function.
func okRanked(f RankedFunc) Ranked {
	m := Ranked{States: 3, Parents: []int{3, 3}, Func: f, Variance: 0.1}
	if f == MixMinMax {
		m.MinWeight, m.MaxWeight = 2, 1
	} else {
		m.Weights = []float64{1, 2}
	}
	return m
}

// TestErrors checks that each kind of invalid parameter gives its
// sentinel, names the parameter, speaks as the package, and gives no
// table.
func TestErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	with := func(m Ranked, edit func(*Ranked)) Ranked { edit(&m); return m }
	cases := []struct {
		name  string
		m     model
		limit int
		want  error
		param string // the first problem's Param
	}{
		{"link above 1", NoisyOR{Link: []float64{0.5, 1.5}}, 0, ErrProbability, "Link[1]"},
		{"link negative", NoisyOR{Link: []float64{-0.1}}, 0, ErrProbability, "Link[0]"},
		{"link infinite", NoisyOR{Link: []float64{inf}}, 0, ErrNotFinite, "Link[0]"},
		{"leak NaN", NoisyOR{Leak: nan}, 0, ErrNotFinite, "Leak"},
		{"noisy-OR too large", NoisyOR{Link: make([]float64, 24)}, 0, ErrTooLarge, ""},

		{"no child states", NoisyMAX{States: 0}, 0, ErrCount, "States"},
		{"no parent states", NoisyMAX{States: 2, Causes: []Cause{{States: 0}}}, 0, ErrCount, "Causes[0].States"},
		{"absent out of range", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: 2, Given: make([][]float64, 2)}}}, 0, ErrState, "Causes[0].Absent"},
		{"absent negative", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: -1, Given: make([][]float64, 2)}}}, 0, ErrState, "Causes[0].Absent"},
		{"distributions for too few states", NoisyMAX{States: 2, Causes: []Cause{{States: 3, Absent: 2, Given: okCause.Given}}}, 0, ErrCount, "Causes[0].Given"},
		{"distribution too short", NoisyMAX{States: 3, Causes: []Cause{okCause}}, 0, ErrCount, "Causes[0].Given[0]"},
		{"distribution short of 1", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{0.6, 0.3}, nil}}}}, 0, ErrSum, "Causes[0].Given[0]"},
		{"distribution over 1 by 2e-9", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{0.5, 0.5 + 2e-9}, nil}}}}, 0, ErrSum, "Causes[0].Given[0]"},
		{"negative probability", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{1.1, -0.1}, nil}}}}, 0, ErrProbability, "Causes[0].Given[0][0]"},
		{"NaN probability", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{nan, 1}, nil}}}}, 0, ErrNotFinite, "Causes[0].Given[0][0]"},
		{"absent state that causes", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{0.7, 0.3}, {0.1, 0.9}}}}}, 0, ErrAbsent, "Causes[0].Given[1]"},
		{"absent state with too few entries", NoisyMAX{States: 2, Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{0.7, 0.3}, {1}}}}}, 0, ErrAbsent, "Causes[0].Given[1]"},
		{"leak short of 1", NoisyMAX{States: 2, Leak: []float64{0.1, 0.8}}, 0, ErrSum, "Leak"},
		{"leak too long", NoisyMAX{States: 2, Leak: []float64{0.1, 0.8, 0.1}}, 0, ErrCount, "Leak"},
		{"noisy-MAX over the limit", NoisyMAX{States: 2, Causes: []Cause{okCause, okCause}}, 7, ErrTooLarge, ""},

		{"ranked without parents", Ranked{States: 3, Func: WMean, Variance: 0.1}, 0, ErrCount, "Parents"},
		{"ranked parent without states", with(okRanked(WMean), func(m *Ranked) { m.Parents = []int{3, 0} }), 0, ErrCount, "Parents[1]"},
		{"ranked child without states", with(okRanked(WMean), func(m *Ranked) { m.States = 0 }), 0, ErrCount, "States"},
		{"zero variance", with(okRanked(WMean), func(m *Ranked) { m.Variance = 0 }), 0, ErrVariance, "Variance"},
		{"negative variance", with(okRanked(WMin), func(m *Ranked) { m.Variance = -0.1 }), 0, ErrVariance, "Variance"},
		{"NaN variance", with(okRanked(WMax), func(m *Ranked) { m.Variance = nan }), 0, ErrNotFinite, "Variance"},
		{"infinite variance", with(okRanked(WMax), func(m *Ranked) { m.Variance = inf }), 0, ErrNotFinite, "Variance"},
		{"no function", with(okRanked(WMean), func(m *Ranked) { m.Func = 0 }), 0, ErrFunction, "Func"},
		{"unknown function", with(okRanked(WMean), func(m *Ranked) { m.Func = 9 }), 0, ErrFunction, "Func"},
		{"too few weights", with(okRanked(WMean), func(m *Ranked) { m.Weights = []float64{1} }), 0, ErrCount, "Weights"},
		{"negative weight", with(okRanked(WMin), func(m *Ranked) { m.Weights = []float64{1, -2} }), 0, ErrWeight, "Weights[1]"},
		{"infinite weight", with(okRanked(WMean), func(m *Ranked) { m.Weights = []float64{inf, 1} }), 0, ErrNotFinite, "Weights[0]"},
		{"WMEAN weights all 0", with(okRanked(WMean), func(m *Ranked) { m.Weights = []float64{0, 0} }), 0, ErrWeight, "Weights"},
		{"WMIN of one parent, weight 0", Ranked{States: 2, Parents: []int{2}, Func: WMin, Weights: []float64{0}, Variance: 1}, 0, ErrWeight, "Weights[0]"},
		{"MIXMINMAX with per-parent weights", with(okRanked(MixMinMax), func(m *Ranked) { m.Weights = []float64{1, 1} }), 0, ErrUnused, "Weights"},
		{"MIXMINMAX weights both 0", with(okRanked(MixMinMax), func(m *Ranked) { m.MinWeight, m.MaxWeight = 0, 0 }), 0, ErrWeight, "MaxWeight"},
		{"MIXMINMAX negative weight", with(okRanked(MixMinMax), func(m *Ranked) { m.MinWeight = -1 }), 0, ErrWeight, "MinWeight"},
		{"WMEAN with MinWeight", with(okRanked(WMean), func(m *Ranked) { m.MinWeight = 1 }), 0, ErrUnused, "MinWeight"},
		{"ranked over the limit", okRanked(WMean), 26, ErrTooLarge, ""},

		{"outcome out of range", Deterministic{States: 2, Parents: []int{2, 2}, Outcome: []int{0, 1, 1, 2}}, 0, ErrState, "Outcome[3]"},
		{"outcome negative", Deterministic{States: 2, Parents: []int{2}, Outcome: []int{-1, 0}}, 0, ErrState, "Outcome[0]"},
		{"too few outcomes", Deterministic{States: 2, Parents: []int{2, 2}, Outcome: []int{0, 1, 1}}, 0, ErrCount, "Outcome"},
		{"deterministic child without states", Deterministic{States: 0, Outcome: []int{0}}, 0, ErrCount, "States"},
		{"deterministic parent without states", Deterministic{States: 2, Parents: []int{-3}}, 0, ErrCount, "Parents[0]"},
		{"deterministic over the limit", Deterministic{States: 4, Parents: []int{1 << 12, 1 << 12}}, 0, ErrTooLarge, ""},
		{"no parents, over the limit", Deterministic{States: 10, Outcome: []int{0}}, 5, ErrTooLarge, ""},
		{"rule without a function", Rule{States: 2}, 0, ErrCount, "Of"},
		{"rule out of range", Rule{States: 2, Parents: []int{3}, Of: func(c []int) int { return c[0] }}, 0, ErrState, "Of"},
		{"rule over the limit", Rule{States: 2, Parents: slices.Repeat([]int{2}, 40), Of: func([]int) int { return 0 }}, 0, ErrTooLarge, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cpt, err := c.m.CPT(c.limit)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if cpt != nil {
				t.Errorf("a table of %d entries with the error", len(cpt))
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T, want a non-empty ErrorList", err)
			}
			if list[0].Param != c.param {
				t.Errorf("first problem is about %q, want %q (%v)", list[0].Param, c.param, err)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), "canonical: ") {
					t.Errorf("message %q does not say who speaks", e)
				}
			}
			t.Log(err)
		})
	}
}

// TestErrorMessages checks the wording of a message and that every
// problem is reported at once.
func TestErrorMessages(t *testing.T) {
	m := NoisyMAX{
		States: 2,
		Causes: []Cause{{States: 2, Absent: 1, Given: [][]float64{{0.6, 0.3}, nil}}, {States: 2, Absent: 5}},
		Leak:   []float64{2, -1},
	}
	_, err := m.CPT(0)
	const want = "canonical: noisy-MAX: Causes[0].Given[0]: distribution does not sum to 1: sums to 0.8999999999999999 (and 3 more errors)"
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
	var list ErrorList
	errors.As(err, &list)
	var got []string
	for _, e := range list {
		got = append(got, e.Param+": "+e.Err.Error())
	}
	wantAll := []string{
		"Causes[0].Given[0]: distribution does not sum to 1",
		"Causes[1].Absent: state out of range",
		"Leak[0]: probability outside [0, 1]",
		"Leak[1]: probability outside [0, 1]",
	}
	if !slices.Equal(got, wantAll) {
		t.Errorf("problems\n%q\nwant\n%q", got, wantAll)
	}
	for _, s := range []error{ErrSum, ErrState, ErrProbability} {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) is false", s)
		}
	}
}

// TestTooManyErrors checks that a table of bad outcomes lists MaxErrors
// problems and counts the rest.
func TestTooManyErrors(t *testing.T) {
	m := Deterministic{States: 2, Parents: []int{1000}, Outcome: slices.Repeat([]int{7}, 1000)}
	_, err := m.CPT(0)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v", err)
	}
	if len(list) != MaxErrors+1 {
		t.Fatalf("%d problems listed, want %d", len(list), MaxErrors+1)
	}
	last := list[len(list)-1]
	if !errors.Is(last, ErrTooMany) || last.Detail != "950 more not listed" {
		t.Errorf("last problem %v, want ErrTooMany with 950 more", last)
	}
}
