package enginetest

import (
	"fmt"
	"math/rand/v2"

	"brink/network"
)

// RandomNetwork returns a random network of nvars variables named v0, v1,
// ... with states s0, s1, ..., drawn from rng so that the same seed gives
// the same network.
//
// The variables are placed in a random topological order, which is
// deliberately not their index order, and each picks between 0 and
// maxParents parents, in random CPT order, among the variables before it.
// About one network in four is split into several groups that never share
// an edge, so disconnected components occur besides the isolated variables
// that zero parents already give. Most variables have 2 to maxStates
// states; about one in ten has a single state.
//
// Each CPT row is drawn independently: usually from the flat Dirichlet
// distribution, by normalising independent Exp(1) variates (Devroye,
// Non-Uniform Random Variate Generation, 1986, ch. XI); sometimes with
// random entries set to exactly zero; sometimes deterministic, all mass on
// one state. The zeros are what make impossible evidence and ties in MPE
// reachable.
//
// RandomNetwork panics if nvars or maxParents is negative or maxStates is
// less than 1, which are programming errors.
func RandomNetwork(rng *rand.Rand, nvars, maxParents, maxStates int) *network.Network {
	if nvars < 0 || maxParents < 0 || maxStates < 1 {
		panic(fmt.Sprintf("enginetest: RandomNetwork(%d variables, %d parents, %d states)", nvars, maxParents, maxStates))
	}
	order := rng.Perm(nvars) // order[k] is the variable at topological position k
	groups := 1
	if nvars >= 2 && rng.IntN(4) == 0 {
		groups = 2 + rng.IntN(min(nvars-1, 3))
	}
	group := make([]int, nvars)
	card := make([]int, nvars)
	for v := range nvars {
		group[v] = rng.IntN(groups)
		card[v] = 1
		if maxStates > 1 && rng.IntN(10) != 0 {
			card[v] = 2 + rng.IntN(maxStates-1)
		}
	}

	specs := make([]network.VariableSpec, nvars)
	for v := range specs {
		specs[v].Name = fmt.Sprintf("v%d", v)
		specs[v].States = make([]string, card[v])
		for s := range card[v] {
			specs[v].States[s] = fmt.Sprintf("s%d", s)
		}
	}
	for k, v := range order {
		var candidates []int
		for _, u := range order[:k] {
			if group[u] == group[v] {
				candidates = append(candidates, u)
			}
		}
		rng.Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
		parents := candidates[:rng.IntN(min(maxParents, len(candidates))+1)]
		rows := 1
		for _, p := range parents {
			specs[v].Parents = append(specs[v].Parents, specs[p].Name)
			rows *= card[p]
		}
		cpt := make([]float64, rows*card[v])
		for r := range rows {
			randomRow(rng, cpt[r*card[v]:(r+1)*card[v]])
		}
		specs[v].CPT = cpt
	}
	n, err := network.New(specs)
	if err != nil {
		panic("enginetest: RandomNetwork built an invalid network: " + err.Error())
	}
	return n
}

// randomRow fills row with a random distribution.
func randomRow(rng *rand.Rand, row []float64) {
	if len(row) == 1 {
		row[0] = 1
		return
	}
	switch mode := rng.IntN(20); {
	case mode < 2: // deterministic
		clear(row)
		row[rng.IntN(len(row))] = 1
		return
	case mode < 5: // sparse: each entry zero with probability 1/2
		for i := range row {
			row[i] = 0
			if rng.IntN(2) == 0 {
				row[i] = rng.ExpFloat64()
			}
		}
	default: // flat Dirichlet
		for i := range row {
			row[i] = rng.ExpFloat64()
		}
	}
	sum := 0.0
	for _, p := range row {
		sum += p
	}
	if sum == 0 {
		row[rng.IntN(len(row))] = 1
		return
	}
	for i := range row {
		row[i] /= sum
	}
}

// RandomEvidence returns random evidence on n drawn from rng. Each variable
// is observed with a probability that is itself drawn uniformly from
// [0, 0.6), so that some evidence is empty and some dense. An observed
// variable gets a hard finding (about 40%), a negative finding excluding
// one or more but not all of its states (30%, via SetNotState), or a
// likelihood finding (30%) whose weights are sometimes zero and are scaled
// by 1, 1e-3 or 50 so that P(e) is not always a probability. Variables with
// a single state get only hard or likelihood findings.
//
// The evidence may well have probability zero; that is intended.
func RandomEvidence(rng *rand.Rand, n *network.Network) *network.Evidence {
	ev := network.NewEvidence(n)
	density := 0.6 * rng.Float64()
	for v := range n.NumVariables() {
		if rng.Float64() >= density {
			continue
		}
		card := n.Card(v)
		var err error
		switch kind := rng.IntN(10); {
		case kind < 4:
			err = ev.SetState(v, rng.IntN(card))
		case kind < 7 && card > 1:
			for _, s := range rng.Perm(card)[:1+rng.IntN(card-1)] {
				if err = ev.SetNotState(v, s); err != nil {
					break
				}
			}
		default:
			err = ev.SetLikelihood(v, randomWeights(rng, card))
		}
		if err != nil {
			panic("enginetest: RandomEvidence built an invalid finding: " + err.Error())
		}
	}
	return ev
}

// randomWeights returns a likelihood vector with about one zero in five
// and at least one positive weight.
func randomWeights(rng *rand.Rand, card int) []float64 {
	scale := [...]float64{1, 1, 1e-3, 50}[rng.IntN(4)]
	w := make([]float64, card)
	positive := false
	for i := range w {
		if rng.IntN(5) != 0 {
			w[i] = scale * rng.Float64()
			positive = positive || w[i] > 0
		}
	}
	if !positive {
		w[rng.IntN(card)] = scale
	}
	return w
}

// Grid returns a side×side grid of binary variables g0_0 … named by row
// and column, with states on and off, each with the variables above and to
// its left as parents: treewidth side, so that from about 20×20 no
// junction tree fits the default budget (a 40×40 grid needs some 2^41
// entries). The CPT rows are drawn from rng, away from 0 and 1, so no
// evidence on it is impossible. It is the network the tests of inference
// past exact reach share.
func Grid(rng *rand.Rand, side int) *network.Network {
	name := func(r, c int) string { return fmt.Sprintf("g%d_%d", r, c) }
	var specs []network.VariableSpec
	for r := range side {
		for c := range side {
			var ps []string
			if r > 0 {
				ps = append(ps, name(r-1, c))
			}
			if c > 0 {
				ps = append(ps, name(r, c-1))
			}
			rows := 1 << len(ps)
			cpt := make([]float64, 0, 2*rows)
			for range rows {
				p := 0.1 + 0.8*rng.Float64()
				cpt = append(cpt, p, 1-p)
			}
			specs = append(specs, network.VariableSpec{Name: name(r, c), States: []string{"on", "off"}, Parents: ps, CPT: cpt})
		}
	}
	n, err := network.New(specs)
	if err != nil {
		panic(fmt.Sprintf("enginetest: Grid(%d): %v", side, err)) // the specs above are always valid
	}
	return n
}
