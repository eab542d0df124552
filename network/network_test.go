package network

import (
	"errors"
	"strings"
	"testing"
)

var yn = []string{"yes", "no"}

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name  string
		specs []VariableSpec
		is    error
		want  []string // substrings of the message
	}{
		{"duplicate variable",
			[]VariableSpec{{Name: "a", States: yn, CPT: []float64{.5, .5}}, {Name: "a", States: yn, CPT: []float64{.5, .5}}},
			ErrDuplicateVariable, []string{`variable "a"`}},
		{"no states",
			[]VariableSpec{{Name: "a"}},
			ErrNoStates, []string{`variable "a"`}},
		{"duplicate state",
			[]VariableSpec{{Name: "a", States: []string{"x", "x"}, CPT: []float64{.5, .5}}},
			ErrDuplicateState, []string{`"x"`}},
		{"unknown parent",
			[]VariableSpec{{Name: "a", States: yn, Parents: []string{"ghost"}, CPT: []float64{.5, .5}}},
			ErrUnknownParent, []string{`variable "a"`, `"ghost"`}},
		{"cycle",
			[]VariableSpec{
				{Name: "a", States: yn, Parents: []string{"c"}, CPT: []float64{.5, .5, .5, .5}},
				{Name: "b", States: yn, Parents: []string{"a"}, CPT: []float64{.5, .5, .5, .5}},
				{Name: "c", States: yn, Parents: []string{"b"}, CPT: []float64{.5, .5, .5, .5}},
				{Name: "d", States: yn, Parents: []string{"c"}, CPT: []float64{.5, .5, .5, .5}},
			},
			ErrCycle, []string{"cycle:", "a -> b -> c -> a"}},
		{"self loop",
			[]VariableSpec{{Name: "a", States: yn, Parents: []string{"a"}, CPT: []float64{.5, .5, .5, .5}}},
			ErrCycle, []string{"a -> a"}},
		{"wrong shape",
			[]VariableSpec{
				{Name: "a", States: yn, CPT: []float64{.5, .5}},
				{Name: "b", States: yn, Parents: []string{"a"}, CPT: []float64{.5, .5}},
			},
			ErrCPTShape, []string{`variable "b"`, "got 2, want 4"}},
		{"row sum",
			[]VariableSpec{
				{Name: "a", States: yn, CPT: []float64{.5, .5}},
				{Name: "b", States: yn, Parents: []string{"a"}, CPT: []float64{.5, .5, .7, .5}},
			},
			ErrCPTSum, []string{`variable "b"`, "given a=no", "sums to 1.2", "+0.2"}},
		{"negative",
			[]VariableSpec{{Name: "a", States: yn, CPT: []float64{1.5, -.5}}},
			ErrCPTNegative, []string{"P(no) = -0.5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.specs)
			if !errors.Is(err, tc.is) {
				t.Fatalf("got %v, want %v", err, tc.is)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}

func TestNewReportsEveryRow(t *testing.T) {
	_, err := New([]VariableSpec{
		{Name: "a", States: yn, CPT: []float64{.5, .5}},
		{Name: "b", States: yn, Parents: []string{"a"}, CPT: []float64{.6, .5, .7, .5}},
	})
	if got := strings.Count(err.Error(), "does not sum"); got != 2 {
		t.Errorf("%d row errors reported, want 2: %v", got, err)
	}
}

func TestNormalisesWithinTolerance(t *testing.T) {
	n, err := New([]VariableSpec{{Name: "a", States: yn, CPT: []float64{0.3333333, 0.6666666}}})
	if err != nil {
		t.Fatal(err)
	}
	if s := n.CPT(0)[0] + n.CPT(0)[1]; s != 1 {
		t.Errorf("row sums to %v after normalising", s)
	}
}

func TestEvidence(t *testing.T) {
	n, err := New([]VariableSpec{{Name: "a", States: []string{"x", "y", "z"}, CPT: []float64{.2, .3, .5}}})
	if err != nil {
		t.Fatal(err)
	}
	ev := NewEvidence(n)
	if err := ev.SetNotState(0, 0); err != nil {
		t.Fatal(err)
	}
	if err := ev.SetNotState(0, 2); err != nil {
		t.Fatal(err)
	}
	if got := ev.String(); got != "a≠x,z" {
		t.Errorf("String() = %q", got)
	}
	if err := ev.SetNotState(0, 1); !errors.Is(err, ErrImpossibleEvidence) {
		t.Errorf("excluding every state: %v", err)
	}
	if err := ev.SetLikelihood(0, []float64{1, -1, 0}); !errors.Is(err, ErrBadLikelihood) {
		t.Errorf("negative weight: %v", err)
	}
	if err := ev.SetLikelihood(0, []float64{0, 0, 0}); !errors.Is(err, ErrBadLikelihood) {
		t.Errorf("zero weights: %v", err)
	}
	if err := ev.SetState(0, 3); !errors.Is(err, ErrUnknownState) {
		t.Errorf("state out of range: %v", err)
	}
	c := ev.Clone()
	ev.Retract(0)
	if ev.Len() != 0 || c.Len() != 1 {
		t.Errorf("retract: len %d, clone len %d", ev.Len(), c.Len())
	}
	if _, _, err := n.Lookup("b", ""); !errors.Is(err, ErrUnknownVariable) || !strings.Contains(err.Error(), "variables: a") {
		t.Errorf("Lookup: %v", err)
	}
}
