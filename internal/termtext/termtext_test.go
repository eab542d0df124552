package termtext

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "smoke=yes", "smoke=yes"},
		{"accents and symbols", "café ≥7.5 → ▲", "café ≥7.5 → ▲"},
		{"backslash kept", `C:\models\a.toml`, `C:\models\a.toml`},
		{"CSI colour", "a\x1b[31mred\x1b[0m", `a\x1b[31mred\x1b[0m`},
		{"OSC title", "\x1b]0;pwned\x07", `\x1b]0;pwned\a`},
		{"carriage return", "ok\rFAIL", `ok\rFAIL`},
		{"newline and tab", "a\nb\tc", `a\nb\tc`},
		{"other C0", "\x00\x01\x08\x0b\x0c\x1f", `\x00\x01\b\v\f\x1f`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"C1 CSI", "a\u009b31m", `a\u009b31m`},
		{"C1 range", "\u0080\u009f", `\u0080\u009f`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"bidi isolates and marks", "\u2066\u2069\u200e\u200f\u202a", `\u2066\u2069\u200e\u200f\u202a`},
		{"zero width", "a\u200bb\u200dc\u2060\ufeff", `a\u200bb\u200dc\u2060\ufeff`},
		{"line separators", "a\u2028b\u2029", `a\u2028b\u2029`},
		{"invalid UTF-8", "a\xffb\xc2", `a\xffb\xc2`},
		{"8-bit CSI byte", "a\x9b31m", `a\x9b31m`},
		{"replacement character kept", "a\ufffdb", "a\ufffdb"},
	}
	for _, tc := range tests {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("%s: Escape(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestWriter checks that Writer escapes like Escape but for tab and
// newline, whatever the split of the text into Writes.
func TestWriter(t *testing.T) {
	in := "name\t\x1b[31mred\u202e\u009b\n€ ≥ é\r\xff\nend\u2028"
	want := "name\t\\x1b[31mred\\u202e\\u009b\n€ ≥ é\\r\\xff\nend\\u2028"
	for step := 1; step <= len(in); step++ {
		var out bytes.Buffer
		w := NewWriter(&out)
		for i := 0; i < len(in); i += step {
			chunk := in[i:min(i+step, len(in))]
			if n, err := w.Write([]byte(chunk)); n != len(chunk) || err != nil {
				t.Fatalf("step %d: Write = %d, %v", step, n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("writes of %d bytes: %q, want %q", step, out.String(), want)
		}
	}
}

// TestWriterFlush checks that a sequence cut off at the end is held back
// and, never completed, written escaped by Flush.
func TestWriterFlush(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	_, _ = w.Write([]byte("a\xe2\x82")) // the first two bytes of €
	if out.String() != "a" {
		t.Errorf("before Flush: %q", out.String())
	}
	_ = w.Flush()
	if out.String() != `a\xe2\x82` {
		t.Errorf("after Flush: %q", out.String())
	}
}

// TestNoRawControl checks every rune from U+0000 to U+30000 through
// Escape and Writer: no control character comes out raw, and the others
// come out unchanged.
func TestNoRawControl(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r < 0x30000; r++ {
		if utf8.ValidRune(r) {
			b.WriteRune(r)
		}
	}
	in := b.String()
	var out bytes.Buffer
	w := NewWriter(&out)
	_, _ = w.Write([]byte(in))
	_ = w.Flush()
	for name, got := range map[string]string{"Escape": Escape(in), "Writer": out.String()} {
		for _, r := range got {
			if IsControl(r) && !(name == "Writer" && (r == '\n' || r == '\t')) {
				t.Errorf("%s lets %U through", name, r)
			}
		}
		if got == in {
			t.Errorf("%s changed nothing", name)
		}
	}
	if strings.Count(out.String(), "☃") != 1 {
		t.Error("Writer lost an ordinary character")
	}
}
