package network

import "math"

// RowCheck describes one CPT row (one distribution over a variable's
// states) as every reader and New judge it.
type RowCheck struct {
	// Sum is the sum of the entries.
	Sum float64
	// Bad is the index of the first entry that is negative, NaN or
	// infinite, or -1.
	Bad int
	// Exact is true when the row sums to 1 up to the rounding of a float64
	// sum: it is used as given.
	Exact bool
	// Acceptable is true when the row sums to 1 within SumTolerance (plus
	// rounding): it is divided by its sum without comment, so that files
	// which round their numbers give the same answers as exact ones.
	Acceptable bool
}

// CheckRow classifies row. Formats whose tables may legitimately hold
// unnormalised rows (Hugin's) or whose writers round coarsely accept more,
// but must then say so in a warning; the tolerance for silent acceptance
// is this one alone.
func CheckRow(row []float64) RowCheck {
	c := RowCheck{Bad: -1}
	for j, p := range row {
		if p < 0 || math.IsNaN(p) || math.IsInf(p, 0) {
			if c.Bad < 0 {
				c.Bad = j
			}
			continue
		}
		c.Sum += p
	}
	if c.Bad >= 0 {
		return c
	}
	// Allow for the rounding of the float64 sum itself (rows of 0.333333
	// are 1e-6 short in decimal, a hair more in binary).
	slack := float64(len(row)) * 0x1p-52
	c.Exact = math.Abs(c.Sum-1) <= slack
	c.Acceptable = math.Abs(c.Sum-1) <= SumTolerance+slack
	return c
}

// NormaliseRow divides row by its sum in place when it is not already
// exact, and reports whether it changed anything. A row of zeros or with
// a bad entry is left alone (and reported unchanged).
func NormaliseRow(row []float64) bool {
	c := CheckRow(row)
	if c.Bad >= 0 || c.Exact || c.Sum == 0 || math.IsInf(c.Sum, 0) {
		return false
	}
	for j := range row {
		row[j] /= c.Sum
	}
	return true
}
