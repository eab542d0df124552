// Package decimal reads the numbers of model files: plain decimal
// numbers, [+-]digits[.digits][(e|E)[+-]digits] with at least one digit in
// the mantissa. strconv.ParseFloat alone would also take hexadecimal
// floats (0x1p-1), underscores between digits (0.2_5), "Inf" and "NaN",
// which no writer of these formats means; every reader uses this package
// so that all of them accept the same numbers.
package decimal

import (
	"math"
	"strconv"
)

// Valid reports whether s is a plain decimal number.
func Valid[T string | []byte](s T) bool {
	i, digits := 0, 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// Parse reads a plain decimal number that fits a float64. It fails for
// anything Valid refuses and for numbers beyond ±math.MaxFloat64; a number
// too small for a float64 is read as 0 or a subnormal (see Underflowed).
func Parse[T string | []byte](s T) (float64, bool) {
	if !Valid(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(string(s), 64)
	if err != nil && math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// Underflowed reports whether x, read from the decimal s, lost precision
// to underflow: a number written non-zero that became 0 or a subnormal
// float64 (below 2⁻¹⁰²², about 2.2e-308). Readers warn about it, since a
// probability written as 1e-400 is not the 0 it reads as.
func Underflowed[T string | []byte](x float64, s T) bool {
	if x != 0 {
		return math.Abs(x) < 0x1p-1022
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'e' || c == 'E' {
			break
		}
		if '1' <= c && c <= '9' {
			return true
		}
	}
	return false
}
