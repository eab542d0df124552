package decision

import (
	"math"
	"testing"

	"brink/network"
	"brink/network/jtree"
)

// TestExpectedOilWildcatter checks each utility's expected value in the
// oil wildcatter under its best policies against the textbook's
// solution (Raiffa 1968; Jensen & Nielsen 2007, §9.3), tol 1e-9: with no
// findings the test costs 10 for certain and drilling returns 32.5, the
// MEU of 22.5 between them; with the test ruled out by action drilling
// blind is worth 0.5·(−70) + 0.3·50 + 0.2·200 = 20; with the field known
// to be soaking there is no test and drilling returns 200.
func TestExpectedOilWildcatter(t *testing.T) {
	dg, net := oilWildcatter(t)
	none := network.NewEvidence(net)
	notTested := network.NewEvidence(net)
	if err := notTested.SetDo(0, 1); err != nil {
		t.Fatal(err)
	}
	soaking := network.NewEvidence(net)
	if err := soaking.SetState(1, 2); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ev   *network.Evidence
		want []float64
	}{
		{"no findings", none, []float64{-10, 32.5}},
		{"nil evidence", nil, []float64{-10, 32.5}},
		{"no test, by action", notTested, []float64{0, 20}},
		{"the field is soaking", soaking, []float64{0, 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sol, err := dg.Solve(tc.ev)
			if err != nil {
				t.Fatal(err)
			}
			got, err := dg.Expected(tc.ev, sol)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0.0
			for k := range tc.want {
				if math.Abs(got[k]-tc.want[k]) > 1e-9 {
					t.Errorf("utility %d: expected %v, want %v", k, got[k], tc.want[k])
				}
				sum += got[k]
			}
			if math.Abs(sum-sol.MEU) > 1e-9 {
				t.Errorf("the values sum to %v, the MEU is %v", sum, sol.MEU)
			}
		})
	}
}

// TestPolicyNetworkAgreesWithExpected checks that the beliefs of the
// network PolicyNetwork returns give the utilities Expected reports:
// E[U] = Σ_pa P(pa | e) · U(pa) over the policy network, by brute force,
// with an observed decision keeping its placeholder table, tol 1e-9.
func TestPolicyNetworkAgreesWithExpected(t *testing.T) {
	dg, net := oilWildcatter(t)
	ev := network.NewEvidence(net)
	if err := ev.SetState(3, 1); err != nil { // the driller is seen not to drill
		t.Fatal(err)
	}
	sol, err := dg.Solve(ev)
	if err != nil {
		t.Fatal(err)
	}
	got, err := dg.Expected(ev, sol)
	if err != nil {
		t.Fatal(err)
	}
	pn, err := dg.PolicyNetwork(ev, sol)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pn.CPT(3), net.CPT(3); &got[0] != &want[0] {
		t.Error("the observed decision lost its own table")
	}
	jt, err := jtree.Compile(pn, jtree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k, u := range dg.utilities {
		joint, err := jt.Joint(ev, u.Parents)
		if err != nil {
			t.Fatal(err)
		}
		want := 0.0
		for i, p := range joint.Values {
			want += p * u.Table[i]
		}
		if math.Abs(got[k]-want) > 1e-9 {
			t.Errorf("%s: Expected %v, the policy network's beliefs give %v", u.Name, got[k], want)
		}
	}
	// The solution's policies are left installed for NewGame.
	again, err := dg.Expected(ev, sol)
	if err != nil || math.Abs(again[1]-got[1]) > 1e-12 {
		t.Errorf("a second call gave %v (%v), the first %v", again, err, got)
	}
}

// TestExpectedRefusesAForeignSolution checks that a solution of the
// wrong shape is an error, not a panic.
func TestExpectedRefusesAForeignSolution(t *testing.T) {
	dg, net := oilWildcatter(t)
	for _, sol := range []*Solution{nil, {Policies: []Policy{{0}}}} {
		if _, err := dg.Expected(network.NewEvidence(net), sol); err == nil {
			t.Errorf("Expected took %v", sol)
		}
		if _, err := dg.PolicyNetwork(nil, sol); err == nil {
			t.Errorf("PolicyNetwork took %v", sol)
		}
	}
}
