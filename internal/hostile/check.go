package hostile

import (
	"errors"
	"strings"
	"testing"
	"time"

	"brink/network/diag"
	"brink/network/model"
)

// ReadFunc is a reader under test: it reads data as the file name says.
type ReadFunc func(data []byte, file string) (*model.Model, []string, error)

// Check reads every case of one format in-process with read, under the
// name file (e.g. "hostile.bif"): a hostile case must be refused with a
// positioned error containing its Want; a valid one must read, giving the
// warning in warnings[case name] when there is one and no other. No
// message may carry a raw control character or run past the reader's cap,
// and the whole table must take seconds: a generous bound, for a stuck or
// quadratic reader (the speed figures are the benchmarks'). The tests in
// this package run the same files through the built brinkctl under a
// memory cap.
func Check(t *testing.T, format, file string, read ReadFunc, warnings map[string]string) {
	t.Helper()
	start := time.Now()
	cases := Format(format)
	if len(cases) == 0 {
		t.Fatalf("no %s cases", format)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { checkCase(t, c, file, read, warnings[c.Name]) })
	}
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("the hostile files took %v", d)
	}
	t.Logf("%d files in %v", len(cases), time.Since(start))
}

func checkCase(t *testing.T, c Case, file string, read ReadFunc, warning string) {
	m, warnings, err := read(c.Data, file)
	text := strings.Join(warnings, "\n")
	if err != nil {
		text += "\n" + err.Error()
	}
	if strings.ContainsAny(text, "\x00\x07\x1b\u009b\u202e") {
		t.Errorf("a message carries a raw control character: %q", text)
	}
	if lines := strings.Count(text, "\n"); lines > 2*diag.DefaultMaxErrors+2 {
		t.Errorf("%d lines of messages", lines)
	}
	if c.Valid {
		if err != nil {
			t.Fatalf("valid file refused: %v", err)
		}
		if m == nil || m.Net == nil {
			t.Fatal("no model")
		}
		switch {
		case warning != "" && !strings.Contains(text, warning):
			t.Errorf("warnings %q lack %q", warnings, warning)
		case warning == "" && len(warnings) > 0:
			t.Errorf("unexpected warnings %q", warnings)
		}
		return
	}
	if err == nil {
		t.Fatal("hostile file read without an error")
	}
	if !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.Want)) {
		t.Errorf("error\n%.2000s\nlacks %q", err, c.Want)
	}
	var de *diag.Error
	if !errors.As(err, &de) || de.Pos.File != file {
		t.Errorf("error %v has no position", err)
	}
}
