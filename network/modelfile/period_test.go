package modelfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"brink/network/limits"
)

// TestPeriodRoundTrip checks that as_of and horizon read, are written
// after modified whatever order the file gave them in, and write back
// byte for byte.
func TestPeriodRoundTrip(t *testing.T) {
	src := strings.Replace(base, `title = "t"`, "horizon = \"2027-06-07\"\ntitle = \"t\"\nmodified = \"2026-12-08\"\nas_of = \"2026-12-07\"\ncreated = \"2026-11-01\"", 1)
	m, _, err := Read([]byte(src), "p.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.AsOf != "2026-12-07" || m.Horizon != "2027-06-07" {
		t.Fatalf("as of %q, horizon %q", m.AsOf, m.Horizon)
	}
	m.Handling = "UNCLASSIFIED — FOR TRAINING"
	first, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := "[model]\nformat = 1\ntitle = \"t\"\ncreated = \"2026-11-01\"\nmodified = \"2026-12-08\"\nas_of = \"2026-12-07\"\nhorizon = \"2027-06-07\"\nhandling = \"UNCLASSIFIED — FOR TRAINING\"\n\n[[source]]"
	if !bytes.Contains(first, []byte(want)) {
		t.Errorf("written:\n%s\nwant the model table\n%s", first, want)
	}
	back, _, err := Read(first, "p.toml", limits.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("not byte-identical:\n%s\n---\n%s", first, second)
	}

	// Without them nothing is written: old files stay as they were.
	m.AsOf, m.Horizon = "", ""
	out, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("as_of")) || bytes.Contains(out, []byte("horizon")) {
		t.Errorf("written without a period:\n%s", out)
	}
	// As of alone is enough.
	src = strings.Replace(base, `title = "t"`, "as_of = \"2026-12-07\"", 1)
	if m, _, err = Read([]byte(src), "p.toml", limits.Limits{}); err != nil || m.AsOf != "2026-12-07" || m.Horizon != "" {
		t.Errorf("as of alone: %v, %q, %q", err, m.AsOf, m.Horizon)
	}
}

// TestPeriodErrors checks each problem with as_of and horizon, where it
// is reported and that all are reported at once.
func TestPeriodErrors(t *testing.T) {
	tests := []struct {
		name  string
		model string // the lines after format = 1
		wants []string
	}{
		{"as of not a day", `as_of = "2026-02-30"`, []string{
			`bad.toml:3:1: modelfile: the as-of date "2026-02-30" is not a calendar date written YYYY-MM-DD: invalid value`}},
		{"as of in words", `title = "t"` + "\n" + `as_of = "7 Dec 2026"`, []string{
			`bad.toml:4:1: modelfile: the as-of date "7 Dec 2026" is not a calendar date written YYYY-MM-DD: invalid value`}},
		{"as of short month", `as_of = "2026-1-07"`, []string{
			`bad.toml:3:1: modelfile: the as-of date "2026-1-07" is not a calendar date written YYYY-MM-DD: invalid value`}},
		{"horizon not a day", `as_of = "2026-12-07"` + "\n" + `horizon = "2027-02-29"`, []string{
			`bad.toml:4:1: modelfile: the horizon "2027-02-29" is not a calendar date written YYYY-MM-DD: invalid value`}},
		{"horizon without as of", `title = "t"` + "\n\n" + `horizon = "2027-06-07"`, []string{
			`bad.toml:5:1: modelfile: the horizon 2027-06-07 needs an as-of date, the day the period starts: invalid value`}},
		{"horizon on the as-of date", `as_of = "2026-12-07"` + "\n" + `horizon = "2026-12-07"`, []string{
			`bad.toml:4:1: modelfile: the horizon 2026-12-07 is not after the as-of date 2026-12-07: invalid value`}},
		{"horizon before as of", `horizon = "2026-06-07"` + "\n" + `as_of = "2026-12-07"`, []string{
			`bad.toml:3:1: modelfile: the horizon 2026-06-07 is not after the as-of date 2026-12-07: invalid value`}},
		{"both bad, both reported", `as_of = "2026-13-01"` + "\n" + `horizon = "2027-00-01"`, []string{
			`bad.toml:3:1: modelfile: the as-of date "2026-13-01" is not a calendar date written YYYY-MM-DD: invalid value` + "\n" +
				`bad.toml:4:1: modelfile: the horizon "2027-00-01" is not a calendar date written YYYY-MM-DD: invalid value`}},
		{"unquoted", `as_of = 2026-12-07`, []string{
			`bad.toml:3:1: modelfile: model.as_of must be a string, not a date or time (quote it to make it a string): invalid value`}},
		{"misspelt", `asof = "2026-12-07"`, []string{
			`bad.toml:3:1: modelfile: unknown key "model.asof" (want format, title, description, authors, created, modified, as_of, horizon, handling, notes, limits): unknown key`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.model + "\n" + root("a")
			_, _, err := Read([]byte(src), "bad.toml", limits.Limits{})
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnknownKey) {
				t.Errorf("error %v is neither ErrInvalid nor ErrUnknownKey", err)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\nlacks\n%s", err, w)
				}
			}
		})
	}
}
