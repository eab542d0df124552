package timeline_test

import (
	"fmt"

	"brink/network/analysis"
	"brink/network/modelfile"
	"brink/network/timeline"
)

// Load the flagship, follow direct conflict over its illustrative log,
// and say what moved it most in the last three weeks.
func Example() {
	m, err := modelfile.Load("../../models/us-iran.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := timeline.NewBeliefs(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	path, _ := timeline.ComputePath(b)
	v, _ := m.Net.Index("direct_conflict")
	k := 0
	for k < len(path.Nodes) && path.Nodes[k] != v {
		k++
	}
	first, last := path.Points[0], path.Points[len(path.Points)-1]
	fmt.Printf("%s: %s on %s, %s on %s\n", timeline.StateText(m, v, 1),
		analysis.Percent(first.P[k][1]), first.Date, analysis.Percent(last.P[k][1]), last.Date)
	cs, _ := timeline.ComputeChanges(b, "2027-01-25", "2027-02-15")
	for _, c := range cs.Changes {
		if c.Node == v && c.State == 1 {
			fmt.Println(timeline.ChangeText(m, c))
		}
	}
	sc, _ := timeline.ScoreForecasts(m)
	fmt.Printf("Brier %.3f, log score %.2f bits over %d resolved forecast(s)\n", sc.Brier, sc.Log, sc.Resolved)
	// Output:
	// Yes (Direct conflict): 27.8% on 2026-12-07, 46.6% on 2027-02-15
	// Yes (Direct conflict) rose from 34.6% to 46.6% (▲ +12 pp), from unlikely to roughly even chance; mostly from 15 Feb 2027, Proxy incidents = Multi-theatre (▲ +11 pp).
	// Brier 0.180, log score 0.51 bits over 1 resolved forecast(s)
}
