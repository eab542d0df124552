package canonical

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

// fuzzReader hands out the fuzzer's bytes as small numbers and
// probabilities, and zeros once they run out.
type fuzzReader struct{ data []byte }

func (r *fuzzReader) byte() byte {
	if len(r.data) == 0 {
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

// float returns a float64 made of the next 8 bytes, any bit pattern:
// NaNs, infinities, negatives and numbers above 1 included.
func (r *fuzzReader) float() float64 {
	var b [8]byte
	for i := range b {
		b[i] = r.byte()
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
}

// dist returns m probabilities: raw floats when raw, else bytes divided
// by their sum, a valid distribution (the certainty of the last state if
// every byte is 0).
func (r *fuzzReader) dist(m int, raw bool) []float64 {
	d := make([]float64, m)
	if raw {
		for j := range d {
			d[j] = r.float()
		}
		return d
	}
	sum := 0.0
	for j := range d {
		d[j] = float64(r.byte())
		sum += d[j]
	}
	if sum == 0 {
		d[m-1], sum = 1, 1
	}
	for j := range d {
		d[j] /= sum
	}
	return d
}

// FuzzNoisyMAX checks that expanding any noisy-MAX model never panics,
// that a refusal is an ErrorList of messages from this package, refusing
// a table over the limit exactly when it is over, and that a model made
// of valid distributions within the limit is accepted, with every entry
// in [0, 1], every row summing to 1 within 1e-12 and the all-absent row
// equal to the leak. Inputs the fuzzer found are kept in
// testdata/fuzz/FuzzNoisyMAX and run with the ordinary tests.
func FuzzNoisyMAX(f *testing.F) {
	f.Add([]byte{0x02, 0x31, 0x12, 0x50, 0x50, 0x01, 0x20, 0x30})
	f.Add([]byte{0x81, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf8, 0x7f})
	f.Add([]byte{0x03, 0x44, 0x32, 0x21, 0x10, 9, 8, 7, 6, 5, 4, 3, 2, 1})
	f.Add([]byte{0x80, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{data: data}
		flags := r.byte()
		raw := flags&0x80 != 0                     // raw floats, mostly invalid
		m := NoisyMAX{States: int(flags&0x07) - 1} // -1 … 6: 0 and -1 are invalid
		shape := r.byte()
		m.Causes = make([]Cause, shape&0x07)
		for i := range m.Causes {
			b := r.byte()
			k := int(b&0x03) + 1
			c := Cause{States: k, Absent: int(b>>2&0x03) % k, Given: make([][]float64, k)}
			if raw && b&0x80 != 0 {
				c.Absent = int(b >> 2 & 0x07) // possibly out of range
			}
			for s := range c.Given {
				switch {
				case s == c.Absent && b&0x40 != 0:
					c.Given[s] = absentDist(m.States)
				case s == c.Absent:
				case m.States >= 1:
					c.Given[s] = r.dist(m.States, raw)
				}
			}
			m.Causes[i] = c
		}
		if shape&0x08 != 0 && m.States >= 1 {
			m.Leak = r.dist(m.States, raw)
		}

		// Bit 6 sets a small limit, to exercise the refusal of large
		// tables; the largest table made here, 6 × 4^7 entries, is far
		// below the default.
		limit, size := 0, max(m.States, 0)
		if flags&0x40 != 0 {
			limit = int(r.byte()) + 1
		}
		for _, c := range m.Causes {
			size *= c.States
		}

		cpt, err := m.CPT(limit)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v of type %T, want an ErrorList", err, err)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), "canonical: noisy-MAX: ") || e.Err == nil {
					t.Fatalf("problem %q", e)
				}
			}
			tooLarge := limit > 0 && size > limit
			if tooLarge != errors.Is(err, ErrTooLarge) {
				t.Fatalf("table of %d entries under a limit of %d: %v", size, limit, err)
			}
			if !raw && m.States >= 1 && !tooLarge {
				t.Fatalf("valid model refused: %v\n%+v", err, m)
			}
			return
		}
		if len(cpt) != size {
			t.Fatalf("%d entries, want %d", len(cpt), size)
		}
		checkRows(t, cpt, m.States, 1e-12)
		leak := m.Leak
		if leak == nil {
			leak = absentDist(m.States)
		}
		// The all-absent configuration's row.
		r0 := 0
		for _, c := range m.Causes {
			r0 = r0*c.States + c.Absent
		}
		for j, p := range cpt[r0*m.States : (r0+1)*m.States] {
			if math.Abs(p-leak[j]) > 1e-12 {
				t.Fatalf("all-absent row %v, want the leak %v", cpt[r0*m.States:(r0+1)*m.States], leak)
			}
		}
	})
}
