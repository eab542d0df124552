package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
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

// number adds a float, written so that it reads back exactly.
func (o *jsonObject) number(k string, x float64) {
	o.key(k)
	o.buf.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
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
// such as "<7.5" stay readable).
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
