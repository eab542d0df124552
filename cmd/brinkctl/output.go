package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"brink/internal/termtext"
)

// jsonObject writes a JSON object whose keys keep the order they were
// added in, so that variables and states appear in model order.
type jsonObject struct {
	buf   bytes.Buffer
	count int
}

func (o *jsonObject) key(k string) {
	if o.count == 0 {
		o.buf.WriteByte('{')
	} else {
		o.buf.WriteString(", ")
	}
	o.count++
	o.buf.Write(jsonString(k))
	o.buf.WriteString(": ")
}

// number adds a float, written so that it reads back exactly, or null
// when it is NaN or infinite, which JSON cannot carry.
func (o *jsonObject) number(k string, x float64) {
	o.key(k)
	o.buf.WriteString(jsonNumber(x))
}

// null adds a null.
func (o *jsonObject) null(k string) {
	o.key(k)
	o.buf.WriteString("null")
}

// jsonNumber writes x as a JSON number that reads back exactly, or as
// null when x is NaN or ±Inf: every number brinkctl writes as JSON goes
// through it (jsonObject.number, jsonFloat).
func jsonNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "null"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// jsonFloat is a float64 that encoding/json writes through jsonNumber:
// null when it is not finite, where a plain float64 makes Marshal fail.
type jsonFloat float64

// MarshalJSON implements json.Marshaler.
func (x jsonFloat) MarshalJSON() ([]byte, error) { return []byte(jsonNumber(float64(x))), nil }

// jsonFloats converts a slice for encoding with jsonFloat.
func jsonFloats(xs []float64) []jsonFloat {
	if xs == nil {
		return nil
	}
	out := make([]jsonFloat, len(xs))
	for i, x := range xs {
		out[i] = jsonFloat(x)
	}
	return out
}

func (o *jsonObject) integer(k string, x int64) {
	o.key(k)
	o.buf.WriteString(strconv.FormatInt(x, 10))
}

func (o *jsonObject) str(k, s string) {
	o.key(k)
	o.buf.Write(jsonString(s))
}

func (o *jsonObject) object(k string, v *jsonObject) {
	o.key(k)
	o.buf.Write(v.bytes())
}

func (o *jsonObject) bytes() []byte {
	if o.count == 0 {
		return []byte("{}")
	}
	return append(o.buf.Bytes(), '}')
}

func (o *jsonObject) writeTo(w io.Writer) error {
	_, err := w.Write(append(o.bytes(), '\n'))
	return err
}

// jsonString quotes s for JSON without escaping <, > and & (state names
// such as "<7.5" stay readable), with every control character escaped
// (see jsonEscapeControls).
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return jsonEscapeControls(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// jsonEscapeControls rewrites JSON text from encoding/json so that it
// holds no raw control character (termtext.IsControl). The encoder escapes
// C0 controls and U+2028/U+2029 in strings and replaces invalid UTF-8 with
// U+FFFD, but leaves DEL, the C1 controls and the bidi and zero-width
// characters raw; here they become \u00XX / \u202e escapes. Outside
// strings JSON text is ASCII, so those characters can only be inside a
// string, where the escape denotes the same character: the value is
// unchanged, and the text cannot act on a terminal it is shown on. Raw C0
// bytes left are the encoder's own layout (newlines of indentation).
func jsonEscapeControls(b []byte) []byte {
	var out []byte // nil until the first escape
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x7f && termtext.IsControl(r) {
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}

// num wraps a float for the fmt verbs of text output so that NaN and ±Inf,
// which the engine should not produce but a reader must never see, print
// as "n/a"; other values print as the verb says.
type num float64

// Format implements fmt.Formatter.
func (x num) Format(f fmt.State, verb rune) {
	v := float64(x)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		_, _ = io.WriteString(f, "n/a")
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}

// percent writes the probability p as a percentage with prec decimals,
// "12.50%", or "n/a" when p is NaN or infinite.
func percent(p float64, prec int) string {
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return "n/a"
	}
	return strconv.FormatFloat(100*p, 'f', prec, 64) + "%"
}

// probabilityText writes a probability p known also as its natural
// logarithm logp, for text output: p itself when it is finite and not 0,
// otherwise, as when a float64 overflows or underflows, "not representable
// (ln P = -812.3)", or "not representable" when logp is not finite either.
func probabilityText(p, logp float64) string {
	if representable(p) {
		return strconv.FormatFloat(p, 'g', 6, 64)
	}
	if math.IsNaN(logp) || math.IsInf(logp, 0) {
		return "not representable"
	}
	return "not representable (ln P = " + strconv.FormatFloat(logp, 'f', 1, 64) + ")"
}

// representable reports whether the probability p can be written as a
// number: finite and, since P(e) > 0 for any evidence an engine accepts,
// not flushed to 0 by underflow.
func representable(p float64) bool { return p > 0 && !math.IsInf(p, 1) }
