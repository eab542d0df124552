// Package termtext makes text from models, files and command lines safe to
// print on a terminal: every character that could move the cursor, change
// colours or the window title, hide text or reorder it on screen is
// written as a visible escape (\x1b, \r, \u202e), so that a hostile or
// damaged model file cannot rewrite what the analyst sees.
package termtext

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"brink/network"
)

// IsControl reports whether r must not reach a terminal raw:
//
//   - the C0 controls U+0000–U+001F (ESC starts ANSI CSI and OSC
//     sequences, CR rewrites the line, BEL, BS and the rest), and DEL;
//   - the C1 controls U+0080–U+009F (U+009B is CSI, U+009D OSC on
//     terminals that honour 8-bit controls);
//   - the bidirectional marks, embeddings, overrides and isolates
//     U+200E, U+200F, U+202A–U+202E and U+2066–U+2069, which show text
//     in another order than it has (the "Trojan Source" attack, CVE-2021-42574);
//   - the zero-width characters U+200B–U+200D, U+2060 and U+FEFF, which
//     make different names look the same;
//   - the line and paragraph separators U+2028 and U+2029.
//
// It is network.IsControl: the characters kept out of variable and state
// names. Tab and newline are among them; Writer lets those two
// through because its callers lay out text with them.
func IsControl(r rune) bool { return network.IsControl(r) }

// Escape returns s with every control character (IsControl, tab and
// newline included) written as a visible escape, and every byte that is
// not valid UTF-8 as \xNN: the form for a single name or line. Other
// text, backslashes included, is unchanged, so ordinary names and paths
// read as they are.
func Escape(s string) string {
	if !needsEscape(s, false) {
		return s
	}
	var b strings.Builder
	escapeTo(&b, []byte(s), false)
	return b.String()
}

// needsEscape reports whether s holds anything Escape would change; with
// layout, tab and newline are allowed.
func needsEscape(s string, layout bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || IsControl(r) && !(layout && (r == '\t' || r == '\n')) {
			return true
		}
	}
	return false
}

// escapeTo writes p to b with the escapes of Escape; with layout, tab and
// newline pass through. An incomplete UTF-8 sequence at the end of p is
// escaped byte by byte like any other invalid one.
func escapeTo(b *strings.Builder, p []byte, layout bool) {
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(b, `\x%02x`, p[0])
		case layout && (r == '\t' || r == '\n'):
			b.WriteRune(r)
		case IsControl(r):
			b.WriteString(escapeRune(r))
		default:
			b.Write(p[:size])
		}
		p = p[size:]
	}
}

// escapeRune writes a control character the way Go source would: \n, \t,
// \r and the other single-letter escapes, \xNN below U+0080, \uNNNN above.
func escapeRune(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	}
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// Writer passes text to an underlying writer with every control character
// but tab and newline escaped as by Escape: the output boundary of a
// command-line program whose own layout uses tabs and newlines, and whose
// text carries names, messages and paths from outside. A UTF-8 sequence
// split between two Writes is kept back until it is complete; Flush writes
// (escaped) whatever is still held. Writer is not safe for concurrent use.
type Writer struct {
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence cut off by the end of a Write
	buf     strings.Builder
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it to the underlying writer. It returns
// len(p) when the escaped text was written in full, as io.Writer requires
// of the bytes consumed; an error of the underlying writer is returned
// as is.
func (t *Writer) Write(p []byte) (int, error) {
	n := len(p)
	if len(t.pending) > 0 {
		p = append(t.pending, p...)
		t.pending = nil
	}
	// Keep back a final sequence that is incomplete rather than invalid.
	if cut := incompleteTail(p); cut < len(p) {
		t.pending = append([]byte(nil), p[cut:]...)
		p = p[:cut]
	}
	if !needsEscape(string(p), true) {
		if _, err := t.w.Write(p); err != nil {
			return 0, err
		}
		return n, nil
	}
	t.buf.Reset()
	escapeTo(&t.buf, p, true)
	if _, err := io.WriteString(t.w, t.buf.String()); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes, escaped, the bytes of an incomplete UTF-8 sequence held
// back from the last Write.
func (t *Writer) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	var b strings.Builder
	escapeTo(&b, t.pending, true)
	t.pending = nil
	_, err := io.WriteString(t.w, b.String())
	return err
}

// incompleteTail returns the index at which p ends in the first bytes of
// a multi-byte UTF-8 sequence that more bytes could complete, or len(p).
func incompleteTail(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax+1; i-- {
		c := p[i]
		if c < 0x80 {
			return len(p) // ASCII: nothing cut off
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			return len(p)
		}
	}
	return len(p)
}
