package uncertainty

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"brink/network"
	"brink/network/jtree"
	"brink/network/model"
	"brink/network/modelfile"
)

// load reads a shipped model and the evidence of one of its scenarios
// ("" for none).
func load(tb testing.TB, file, scenario string) (*model.Model, *network.Evidence) {
	tb.Helper()
	m, err := modelfile.Load("../../models/" + file)
	if err != nil {
		tb.Fatal(err)
	}
	ev := network.NewEvidence(m.Net)
	if scenario != "" {
		sc, ok := m.Scenario(scenario)
		if !ok {
			tb.Fatalf("%s has no scenario %q", file, scenario)
		}
		if ev, err = m.Evidence(sc); err != nil {
			tb.Fatal(err)
		}
	}
	return m, ev
}

func index(tb testing.TB, m *model.Model, name string) int {
	tb.Helper()
	v, ok := m.Net.Index(name)
	if !ok {
		tb.Fatalf("no variable %q", name)
	}
	return v
}

// checkSane checks what every result must satisfy: no NaN, probabilities
// in [0, 1], Low ≤ High, Mean summing to 1.
func checkSane(t *testing.T, r *Result) {
	t.Helper()
	sum := 0.0
	for j := range r.Fixed {
		for _, x := range []float64{r.Fixed[j], r.Mean[j], r.Low[j], r.High[j]} {
			if math.IsNaN(x) || x < 0 || x > 1 {
				t.Fatalf("state %d: fixed %v mean %v low %v high %v", j, r.Fixed[j], r.Mean[j], r.Low[j], r.High[j])
			}
		}
		if r.Low[j] > r.High[j] {
			t.Errorf("state %d: low %v > high %v", j, r.Low[j], r.High[j])
		}
		sum += r.Mean[j]
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("means sum to %v", sum)
	}
}

// TestNoConfidenceIsFixed: with no confidence anywhere nothing is sampled
// and the result is the posterior with the stated numbers, exactly.
func TestNoConfidenceIsFixed(t *testing.T) {
	m, ev := load(t, "asia.toml", "smoker_with_dyspnoea")
	lung := index(t, m, "lung")
	r, err := Run(context.Background(), m, ev, lung, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	jt, err := jtree.Compile(m.Net, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	want := jt.Posterior(lung)
	if !slices.Equal(r.Fixed, want) || !slices.Equal(r.Mean, want) || !slices.Equal(r.Low, want) || !slices.Equal(r.High, want) {
		t.Errorf("got fixed %v mean %v low %v high %v, want all %v", r.Fixed, r.Mean, r.Low, r.High, want)
	}
	if r.Samples != 0 || r.Impossible != 0 || len(r.Uncertain) != 0 || r.Target != lung {
		t.Errorf("samples %d, impossible %d, uncertain %v, target %d", r.Samples, r.Impossible, r.Uncertain, r.Target)
	}
}

// TestHugeConfidenceCollapses: with confidence 1e9 every sampled number is
// within about 3e-5 of the stated one, so the interval collapses onto the
// fixed posterior (tolerance 1e-4).
func TestHugeConfidenceCollapses(t *testing.T) {
	tests := []struct {
		file, scenario, target string
		perNode                bool // set Node.Confidence rather than the default
	}{
		{"asia.toml", "smoker_with_dyspnoea", "lung", true},
		{"asia.toml", "asia_positive_xray", "tub", false},
		{"us-iran.toml", "red_sea_spark", "outcome", true},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+tc.target, func(t *testing.T) {
			m, ev := load(t, tc.file, tc.scenario)
			opts := Options{Samples: 200, Seed: 2}
			if tc.perNode {
				for v := range m.Nodes {
					m.Nodes[v].Confidence = 1e9
				}
			} else {
				opts.DefaultConfidence = 1e9
			}
			r, err := Run(context.Background(), m, ev, index(t, m, tc.target), opts)
			if err != nil {
				t.Fatal(err)
			}
			checkSane(t, r)
			if r.Samples != 200 || len(r.Uncertain) != m.Net.NumVariables() {
				t.Errorf("samples %d, uncertain %d", r.Samples, len(r.Uncertain))
			}
			for j, f := range r.Fixed {
				for _, x := range []float64{r.Mean[j], r.Low[j], r.High[j]} {
					if math.Abs(x-f) > 1e-4 {
						t.Errorf("state %d: fixed %v, mean %v, interval [%v, %v]", j, f, r.Mean[j], r.Low[j], r.High[j])
					}
				}
			}
		})
	}
}

// TestRootMarginalIsBeta: without evidence the posterior of a root node is
// its own CPT row, so under confidence s the probability of state i is
// distributed Beta(s·θᵢ, s·(1 − θᵢ)). The sample mean and percentiles
// must match that Beta's mean and quantiles (reference: gonum's
// distuv.Beta, an independent implementation) within 5 standard errors;
// a percentile's standard error is √(p(1 − p)/N) / f(q), f the density.
// A descendant is made uncertain too; it is barren and must not matter.
func TestRootMarginalIsBeta(t *testing.T) {
	const samples = 20_000
	tests := []struct {
		root  string
		s     float64
		theta float64 // the stated P(root = yes)
	}{
		{"smoke", 10, 0.5},  // Beta(5, 5)
		{"asia", 300, 0.01}, // Beta(3, 297), skewed
		{"smoke", 2, 0.5},   // Beta(1, 1), the uniform
	}
	for _, tc := range tests {
		t.Run(tc.root, func(t *testing.T) {
			m, _ := load(t, "asia.toml", "")
			v := index(t, m, tc.root)
			if got := m.Net.CPT(v)[0]; got != tc.theta {
				t.Fatalf("P(%s=yes) = %v, want %v", tc.root, got, tc.theta)
			}
			m.Nodes[v].Confidence = tc.s
			m.Nodes[index(t, m, "lung")].Confidence = 3
			r, err := Run(context.Background(), m, nil, v, Options{Samples: samples, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			checkSane(t, r)
			beta := distuv.Beta{Alpha: tc.s * tc.theta, Beta: tc.s * (1 - tc.theta)}
			if se := beta.StdDev() / math.Sqrt(samples); math.Abs(r.Mean[0]-beta.Mean()) > 5*se {
				t.Errorf("mean %.5f, want %.5f ± %.5f", r.Mean[0], beta.Mean(), 5*se)
			}
			for _, q := range []struct {
				p   float64
				got float64
			}{{0.05, r.Low[0]}, {0.95, r.High[0]}} {
				want := beta.Quantile(q.p)
				se := math.Sqrt(q.p*(1-q.p)/samples) / beta.Prob(want)
				if math.Abs(q.got-want) > 5*se {
					t.Errorf("%g percentile %.5f, want %.5f ± %.5f", 100*q.p, q.got, want, 5*se)
				}
			}
		})
	}
}

// TestIntervalContainsMean runs every scenario of the flagship model with
// a moderate default confidence.
func TestIntervalContainsMean(t *testing.T) {
	m, _ := load(t, "us-iran.toml", "")
	outcome := index(t, m, "outcome")
	for _, sc := range m.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			ev, err := m.Evidence(&sc)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Run(context.Background(), m, ev, outcome, Options{Samples: 500, Seed: 3, DefaultConfidence: 20})
			if err != nil {
				t.Fatal(err)
			}
			checkSane(t, r)
			for j := range r.Mean {
				if !(r.Low[j] <= r.Mean[j] && r.Mean[j] <= r.High[j]) {
					t.Errorf("state %d: mean %v outside [%v, %v]", j, r.Mean[j], r.Low[j], r.High[j])
				}
				if !(r.High[j]-r.Low[j] > 0.01) {
					t.Errorf("state %d: interval [%v, %v] implausibly narrow for confidence 20", j, r.Low[j], r.High[j])
				}
			}
		})
	}
}

// TestBarrenNodesNotSampled: the CPT of dyspnoea cannot affect the
// prior of smoking, so with only dyspnoea uncertain nothing is sampled;
// once dyspnoea is observed it matters.
func TestBarrenNodesNotSampled(t *testing.T) {
	m, ev := load(t, "asia.toml", "")
	smoke, dysp := index(t, m, "smoke"), index(t, m, "dysp")
	m.Nodes[dysp].Confidence = 5
	r, err := Run(context.Background(), m, ev, smoke, Options{Samples: 100})
	if err != nil {
		t.Fatal(err)
	}
	if r.Samples != 0 || !slices.Equal(r.Uncertain, []int{dysp}) || !slices.Equal(r.Low, r.Fixed) || !slices.Equal(r.High, r.Fixed) {
		t.Errorf("samples %d, uncertain %v, fixed %v, interval [%v, %v]", r.Samples, r.Uncertain, r.Fixed, r.Low, r.High)
	}
	if err := ev.SetState(dysp, 0); err != nil {
		t.Fatal(err)
	}
	r, err = Run(context.Background(), m, ev, smoke, Options{Samples: 100})
	if err != nil {
		t.Fatal(err)
	}
	checkSane(t, r)
	if r.Samples != 100 || !(r.High[0]-r.Low[0] > 0.01) {
		t.Errorf("samples %d, interval [%v, %v]", r.Samples, r.Low[0], r.High[0])
	}
}

// TestZerosStayZero: the tuberculosis-or-cancer node is a logical OR, its
// rows all zeros and ones, so P(either = yes | tub = yes) is 1 in every
// sample however uncertain the other numbers are.
func TestZerosStayZero(t *testing.T) {
	m, ev := load(t, "asia.toml", "")
	if err := ev.SetState(index(t, m, "tub"), 0); err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), m, ev, index(t, m, "either"), Options{Samples: 300, DefaultConfidence: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range [][]float64{r.Fixed, r.Mean, r.Low, r.High} {
		if math.Abs(x[0]-1) > 1e-12 || x[1] > 1e-12 {
			t.Errorf("P(either | tub=yes) = %v, want [1 0]", x)
		}
	}
}

// TestReproducible: the seed fixes the result.
func TestReproducible(t *testing.T) {
	m, ev := load(t, "us-iran.toml", "maximum_pressure")
	outcome := index(t, m, "outcome")
	run := func(seed uint64) *Result {
		r, err := Run(context.Background(), m, ev, outcome, Options{Samples: 100, Seed: seed, DefaultConfidence: 15})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b, c := run(9), run(9), run(10)
	if !slices.Equal(a.Mean, b.Mean) || !slices.Equal(a.Low, b.Low) || !slices.Equal(a.High, b.High) {
		t.Errorf("same seed, different results: %v %v", a.Mean, b.Mean)
	}
	if slices.Equal(a.Mean, c.Mean) {
		t.Errorf("different seeds, same means %v", a.Mean)
	}
}

// TestCancel: Run stops between samples when its context is done and
// returns what it had.
func TestCancel(t *testing.T) {
	m, ev := load(t, "us-iran.toml", "domestic_unrest")
	outcome := index(t, m, "outcome")
	const total = 10_000_000 // hours of work if cancellation failed

	t.Run("from progress", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var calls []int
		opts := Options{Samples: total, DefaultConfidence: 10, Progress: func(done, n int) {
			calls = append(calls, done)
			if n != total {
				t.Errorf("progress total %d, want %d", n, total)
			}
			cancel()
		}}
		r, err := Run(ctx, m, ev, outcome, opts)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
		if r == nil {
			t.Fatal("no partial result")
		}
		checkSane(t, r)
		if len(calls) != 1 || r.Samples != calls[0] || r.Samples == 0 {
			t.Errorf("progress calls %v, samples %d", calls, r.Samples)
		}
	})

	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		r, err := Run(ctx, m, ev, outcome, Options{Samples: total, DefaultConfidence: 10})
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("took %v to notice a 100 ms deadline", elapsed)
		}
		if !errors.Is(err, context.DeadlineExceeded) || r == nil || r.Samples == 0 || r.Samples >= total {
			t.Fatalf("error %v, result %+v", err, r)
		}
		checkSane(t, r)
	})

	t.Run("before the first sample", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r, err := Run(ctx, m, ev, outcome, Options{Samples: total, DefaultConfidence: 10})
		if !errors.Is(err, context.Canceled) || r == nil {
			t.Fatalf("error %v, result %v", err, r)
		}
		if r.Samples != 0 || !slices.Equal(r.Mean, r.Fixed) || !slices.Equal(r.Low, r.Fixed) {
			t.Errorf("samples %d, mean %v, fixed %v", r.Samples, r.Mean, r.Fixed)
		}
	})
}

// TestProgress: calls rise to (total, total).
func TestProgress(t *testing.T) {
	m, ev := load(t, "asia.toml", "smoker_with_dyspnoea")
	var calls [][2]int
	_, err := Run(context.Background(), m, ev, 0, Options{Samples: 250, DefaultConfidence: 5, Progress: func(d, n int) {
		calls = append(calls, [2]int{d, n})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 10 || calls[len(calls)-1] != [2]int{250, 250} {
		t.Fatalf("progress calls %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] <= calls[i-1][0] {
			t.Fatalf("progress not increasing: %v", calls)
		}
	}
}

// TestImpossibleSamples: confidences far below 1 make sampled rows
// near-vertices whose small entries underflow to 0; samples in which the
// evidence becomes impossible are counted and left out.
func TestImpossibleSamples(t *testing.T) {
	m, ev := load(t, "asia.toml", "")
	smoke := index(t, m, "smoke")
	if err := ev.SetState(smoke, 0); err != nil {
		t.Fatal(err)
	}
	m.Nodes[smoke].Confidence = 1e-3 // Dirichlet(5e-4, 5e-4): a vertex, half the time "no"
	const total = 400
	r, err := Run(context.Background(), m, ev, index(t, m, "lung"), Options{Samples: total, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	checkSane(t, r)
	if r.Impossible == 0 || r.Samples == 0 || r.Samples+r.Impossible != total {
		t.Errorf("samples %d, impossible %d, want both > 0 summing to %d", r.Samples, r.Impossible, total)
	}

	// One sample, impossible: the result comes with an error.
	for seed := range uint64(64) {
		r, err := Run(context.Background(), m, ev, index(t, m, "lung"), Options{Samples: 1, Seed: seed})
		if err == nil {
			continue
		}
		if !errors.Is(err, network.ErrImpossibleEvidence) || r == nil || r.Samples != 0 || r.Impossible != 1 || !slices.Equal(r.Mean, r.Fixed) {
			t.Errorf("error %v, result %+v", err, r)
		}
		return
	}
	t.Error("no seed of 64 gave an impossible sample")
}

// TestErrors: bad arguments are errors, never panics.
func TestErrors(t *testing.T) {
	m, _ := load(t, "asia.toml", "")
	impossible := network.NewEvidence(m.Net)
	_ = impossible.SetState(index(t, m, "either"), 1)
	_ = impossible.SetState(index(t, m, "lung"), 0)
	tests := []struct {
		name   string
		m      func() *model.Model
		ev     *network.Evidence
		target int
		opts   Options
		is     error
	}{
		{"negative samples", nil, nil, 0, Options{Samples: -1}, ErrInvalid},
		{"interval 1", nil, nil, 0, Options{Interval: 1}, ErrInvalid},
		{"negative interval", nil, nil, 0, Options{Interval: -0.1}, ErrInvalid},
		{"NaN interval", nil, nil, 0, Options{Interval: math.NaN()}, ErrInvalid},
		{"negative default", nil, nil, 0, Options{DefaultConfidence: -1}, ErrInvalid},
		{"NaN default", nil, nil, 0, Options{DefaultConfidence: math.NaN()}, ErrInvalid},
		{"infinite default", nil, nil, 0, Options{DefaultConfidence: math.Inf(1)}, ErrInvalid},
		{"target -1", nil, nil, -1, Options{}, ErrInvalid},
		{"target too large", nil, nil, 8, Options{}, ErrInvalid},
		{"nil model", func() *model.Model { return nil }, nil, 0, Options{}, ErrInvalid},
		{"no network", func() *model.Model { return &model.Model{} }, nil, 0, Options{}, ErrInvalid},
		{"negative node confidence", func() *model.Model {
			c := *m
			c.Nodes = slices.Clone(m.Nodes)
			c.Nodes[3].Confidence = -2
			return &c
		}, nil, 0, Options{}, ErrInvalid},
		{"impossible evidence", nil, impossible, 0, Options{DefaultConfidence: 5}, network.ErrImpossibleEvidence},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mm := m
			if tc.m != nil {
				mm = tc.m()
			}
			r, err := Run(context.Background(), mm, tc.ev, tc.target, tc.opts)
			if !errors.Is(err, tc.is) || r != nil {
				t.Errorf("got %v, %v; want an error wrapping %v", r, err, tc.is)
			}
		})
	}
}

// BenchmarkRun times 1000 samples on the flagship model, every node
// uncertain (confidence 20), with the findings of one scenario.
func BenchmarkRun(b *testing.B) {
	m, ev := load(b, "us-iran.toml", "red_sea_spark")
	outcome := index(b, m, "outcome")
	opts := Options{Samples: 1000, Seed: 1, DefaultConfidence: 20}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), m, ev, outcome, opts); err != nil {
			b.Fatal(err)
		}
	}
}
