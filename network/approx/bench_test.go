package approx

import (
	"context"
	"testing"

	"brink/network"
)

// benchInputs are the networks benchmarked: alarm with four sampled
// findings, and the 40×40 grid with three, which exact inference refuses.
func benchInputs(b *testing.B) []struct {
	name string
	n    *network.Network
	ev   *network.Evidence
} {
	alarm := loadStandard(b, "alarm")
	g := grid(b, 40, 1)
	gev := network.NewEvidence(g)
	for _, name := range []string{"g39_39", "g20_39", "g39_10"} {
		v, _ := g.Index(name)
		if err := gev.SetState(v, 0); err != nil {
			b.Fatal(err)
		}
	}
	return []struct {
		name string
		n    *network.Network
		ev   *network.Evidence
	}{{"alarm", alarm, sampledEvidence(alarm, 4, 7)}, {"grid40", g, gev}}
}

// BenchmarkLoopyBP times loopy propagation to convergence (tolerance
// 1e-8).
func BenchmarkLoopyBP(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			var iters int
			for b.Loop() {
				r, err := LoopyBP(context.Background(), in.n, in.ev, Options{})
				if err != nil {
					b.Fatal(err)
				}
				iters = r.LBP.Iterations
			}
			b.ReportMetric(float64(iters), "iterations")
		})
	}
}

// BenchmarkSample times 10,000 samples with each importance function,
// EPIS including its loopy pre-propagation.
func BenchmarkSample(b *testing.B) {
	for _, in := range benchInputs(b) {
		for _, im := range []Importance{EPIS, LikelihoodWeighting} {
			b.Run(in.name+"/"+map[Importance]string{EPIS: "epis", LikelihoodWeighting: "lw"}[im], func(b *testing.B) {
				b.ReportAllocs()
				var r *Result
				for b.Loop() {
					var err error
					r, err = Sample(context.Background(), in.n, in.ev, Options{Samples: 10_000, Importance: im})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(r.Sampling.Effective, "effective")
				b.ReportMetric(2*100*r.MaxStdErr(), "±points")
			})
		}
	}
}
