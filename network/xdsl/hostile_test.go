package xdsl

import (
	"errors"
	"strings"
	"testing"
	"time"

	"brink/internal/hostile"
	"brink/network/diag"
	"brink/network/limits"
)

// hostileWarnings are the warnings the valid hostile files must give.
var hostileWarnings = map[string]string{
	"xdsl/underflow-1e-400": `hostile.xdsl:3:60: xdsl: node a: probability 1e-400 is below the range of normal float64 numbers and is read as 0`,
}

// TestHostile reads every generated hostile XDSL file in-process: each must
// be refused with its message (or read, when valid, with its warning),
// with no raw control character in any message, and the whole table must
// take seconds, not minutes. internal/hostile's tests run the same files
// through the built brinkctl under a memory cap.
func TestHostile(t *testing.T) {
	start := time.Now()
	n := 0
	for _, c := range hostile.Format("xdsl") {
		if !strings.HasSuffix(c.File, ".xdsl") {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			m, warnings, err := Read(c.Data, "hostile.xdsl", limits.Limits{})
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
				if w, ok := hostileWarnings[c.Name]; ok && !strings.Contains(text, w) {
					t.Errorf("warnings %q lack %q", warnings, w)
				} else if !ok && len(warnings) > 0 {
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
			if !errors.As(err, &de) || de.Pos.File != "hostile.xdsl" {
				t.Errorf("error %v has no position", err)
			}
		})
	}
	if n == 0 {
		t.Fatal("no XDSL cases")
	}
	// A generous bound, for a stuck or quadratic reader.
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("the hostile files took %v", d)
	}
	t.Logf("%d files in %v", n, time.Since(start))
}
