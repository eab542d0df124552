package jtree

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"brink/network"
	"brink/network/enginetest"
)

// TestFamilyPosteriorAgainstBruteForce compares every family posterior
// with P(v, pa(v) | e) from the full joint (bruteJoint, which multiplies
// every CPT and likelihood into one table; tol 1e-9) on random networks
// and evidence. Impossible evidence must leave the tables uncalibrated.
func TestFamilyPosteriorAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	checked, impossible := 0, 0
	for trial := range 300 {
		n := enginetest.RandomNetwork(rng, 1+rng.IntN(9), 3, 3)
		ev := enginetest.RandomEvidence(rng, n)
		jt, err := Compile(n, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := jt.Propagate(ev); err != nil {
			if !errors.Is(err, network.ErrImpossibleEvidence) {
				t.Fatalf("trial %d: %v", trial, err)
			}
			if _, err := jt.FamilyPosterior(0); !errors.Is(err, ErrNotCalibrated) {
				t.Fatalf("trial %d: after impossible evidence FamilyPosterior gave %v, want ErrNotCalibrated", trial, err)
			}
			impossible++
			continue
		}
		for v := range n.NumVariables() {
			got, err := jt.FamilyPosterior(v)
			if err != nil {
				t.Fatalf("trial %d, %s: %v", trial, n.Name(v), err)
			}
			fam := append(slices.Clone(n.Parents(v)), v)
			want := bruteJoint(n, ev, fam)
			if len(got) != len(n.CPT(v)) || len(got) != len(want.Values) {
				t.Fatalf("trial %d, %s: %d entries, CPT has %d", trial, n.Name(v), len(got), len(n.CPT(v)))
			}
			for i := range got {
				if math.Abs(got[i]-want.Values[i]) > 1e-9 {
					t.Fatalf("trial %d, evidence %s: P(%s, parents) entry %d = %v, want %v",
						trial, ev, n.Name(v), i, got[i], want.Values[i])
				}
			}
			checked++
		}
	}
	if checked == 0 || impossible == 0 {
		t.Errorf("trials covered %d families and %d impossible cases; want both", checked, impossible)
	}
}

// TestFamilyPosteriorCalibration checks which calls leave the clique
// tables calibrated, on asia with xray=yes.
func TestFamilyPosteriorCalibration(t *testing.T) {
	n := asia(t)
	ev := network.NewEvidence(n)
	if err := ev.SetState(6, 0); err != nil { // xray=yes
		t.Fatal(err)
	}
	impossible := network.NewEvidence(n)
	_ = impossible.SetState(5, 1) // either=no
	_ = impossible.SetState(3, 0) // lung=yes
	other, err := n.WithCPT(0, []float64{0.5, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		then func(jt *JunctionTree) // after a successful Propagate(ev)
		want error
	}{
		{"propagate", func(*JunctionTree) {}, nil},
		{"second propagate", func(jt *JunctionTree) { _ = jt.Propagate(nil) }, nil},
		{"mpe", func(jt *JunctionTree) { _, _, _ = jt.MPE(ev) }, ErrNotCalibrated},
		{"joint in one clique", func(jt *JunctionTree) { _, _ = jt.Joint(ev, []int{5}) }, ErrNotCalibrated},
		{"failed propagate", func(jt *JunctionTree) { _ = jt.Propagate(impossible) }, ErrNotCalibrated},
		{"set network", func(jt *JunctionTree) { _ = jt.SetNetwork(other) }, ErrNotCalibrated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			jt, err := Compile(n, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := jt.FamilyPosterior(0); !errors.Is(err, ErrNotCalibrated) {
				t.Fatalf("before Propagate: %v, want ErrNotCalibrated", err)
			}
			if err := jt.Propagate(ev); err != nil {
				t.Fatal(err)
			}
			tc.then(jt)
			_, err = jt.FamilyPosterior(0)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("FamilyPosterior: %v, want %v", err, tc.want)
			}
		})
	}
}

// TestFamilyPosteriorAsia checks one family by hand: with xray=yes,
// P(either, lung, tub) must put no mass where either disagrees with
// lung ∨ tub, and its marginal on either must equal Posterior(either).
func TestFamilyPosteriorAsia(t *testing.T) {
	n := asia(t)
	jt, err := Compile(n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := network.NewEvidence(n)
	_ = ev.SetState(6, 0)
	if err := jt.Propagate(ev); err != nil {
		t.Fatal(err)
	}
	fam, err := jt.FamilyPosterior(5) // parents lung, tub; either fastest
	if err != nil {
		t.Fatal(err)
	}
	var either [2]float64
	for row := range 4 {
		lung, tub := row/2, row%2
		or := 1 // index of "no"
		if lung == 0 || tub == 0 {
			or = 0
		}
		for s := range 2 {
			p := fam[row*2+s]
			if s != or && p != 0 {
				t.Errorf("P(either=%d, lung=%d, tub=%d | xray=yes) = %v, want 0", s, lung, tub, p)
			}
			either[s] += p
		}
	}
	post := jt.Posterior(5)
	for s := range 2 {
		if math.Abs(either[s]-post[s]) > 1e-12 {
			t.Errorf("family marginal P(either=%d) = %v, Posterior %v", s, either[s], post[s])
		}
	}
	if _, err := jt.FamilyPosterior(8); !errors.Is(err, network.ErrUnknownVariable) {
		t.Errorf("FamilyPosterior(8) = %v, want ErrUnknownVariable", err)
	}
}
