package limits

import (
	"errors"
	"strings"
	"testing"

	"brink/network/diag"
)

func TestBudget(t *testing.T) {
	tests := []struct {
		name    string
		lim     Limits
		tables  [][]int // states, then parent state counts
		wantErr string  // fragment; "" for none
	}{
		{"small", Limits{}, [][]int{{2, 2, 2}, {3}}, ""},
		{"23 binary parents fit one table", Limits{}, [][]int{append([]int{2}, repeat(2, 23)...)}, ""},
		{"24 binary parents do not", Limits{}, [][]int{append([]int{2}, repeat(2, 24)...)}, `CPT entries of variable "v"`},
		{"64 binary parents do not overflow to zero", Limits{Parents: -1}, [][]int{append([]int{2}, repeat(2, 64)...)}, "CPT entries"},
		{"too many parents", Limits{}, [][]int{append([]int{2}, repeat(1, 65)...)}, "parents of variable"},
		{"model total", Limits{TotalEntries: 10}, [][]int{{2, 2}, {2, 2}, {2, 2}}, "whole model"},
		{"unbounded", Limits{TableEntries: -1, TotalEntries: -1, Parents: -1}, [][]int{append([]int{2}, repeat(2, 40)...)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBudget(tc.lim)
			var err error
			for _, tb := range tc.tables {
				if err = b.Table("v", tb[0], tb[1:]); err != nil {
					break
				}
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			case err != nil && !errors.Is(err, diag.ErrTooLarge):
				t.Fatalf("%v does not answer errors.Is(ErrTooLarge)", err)
			}
		})
	}
}

func repeat(x, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = x
	}
	return out
}

func TestChecks(t *testing.T) {
	l := Limits{FileBytes: 1000, States: 3, Variables: 2}
	if err := l.CheckFileSize(1001); err == nil || !strings.Contains(err.Error(), "1001 bytes, more than the limit of 1000 bytes") || !strings.Contains(err.Error(), "BRINK_MAX_FILE_MB") {
		t.Errorf("file size: %v", err)
	}
	if l.CheckFileSize(1000) != nil || l.CheckStates("x", 3) != nil || l.CheckVariables(2) != nil {
		t.Error("a value at the limit was refused")
	}
	if err := l.CheckStates("x", 4); err == nil || !strings.Contains(err.Error(), `states of variable "x": 4`) {
		t.Errorf("states: %v", err)
	}
	if err := (Limits{FileBytes: -1}).CheckFileSize(1 << 40); err != nil {
		t.Errorf("unbounded: %v", err)
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{812: "812 bytes", 2253: "2.2 KiB", 64 << 20: "64 MiB", 3 << 30: "3 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
