package network

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrBadName is the cause of a variable or state name that Brink cannot
// keep: empty, not valid UTF-8, holding control characters, not in Unicode
// normal form C, or holding the characters Brink's own syntax uses to
// separate names.
var ErrBadName = errors.New("invalid name")

// NameError says what is wrong with a name.
type NameError struct {
	Name   string // the name as given
	Reason string
}

func (e *NameError) Error() string { return fmt.Sprintf("%s %s", QuoteName(e.Name), e.Reason) }

// Unwrap makes the error answer errors.Is(err, ErrBadName).
func (e *NameError) Unwrap() error { return ErrBadName }

// NormalName returns s in Unicode normal form C, the form every name is
// kept in, so that "café" typed with a combining accent and with a
// precomposed é is one name, not two look-alikes.
func NormalName(s string) string { return norm.NFC.String(s) }

// CheckVariableName reports why s cannot name a variable, or nil. A
// variable name must be a valid, NFC-normalised, non-empty UTF-8 string
// without control characters, without spaces at either end, and without
// '=' or ',', which separate names in "VAR=STATE" findings and in
// parent configurations ("smoke=yes, asia=no").
func CheckVariableName(s string) error {
	if err := checkName(s); err != nil {
		return err
	}
	if i := strings.IndexAny(s, "=,"); i >= 0 {
		return &NameError{Name: s, Reason: fmt.Sprintf("contains %q, which separates names in findings and parent configurations", s[i])}
	}
	return nil
}

// CheckStateName reports why s cannot name a state, or nil. A state name
// follows the rules of CheckVariableName except that '=' is allowed
// (bnlearn's child network has a state ">=7.5"); ',' is not, since it
// separates states in lists.
func CheckStateName(s string) error {
	if err := checkName(s); err != nil {
		return err
	}
	if strings.Contains(s, ",") {
		return &NameError{Name: s, Reason: "contains ',', which separates states in lists"}
	}
	return nil
}

func checkName(s string) error {
	switch {
	case s == "":
		return &NameError{Name: s, Reason: "is empty"}
	case !utf8.ValidString(s):
		return &NameError{Name: s, Reason: "is not valid UTF-8"}
	}
	for _, r := range s {
		if IsControl(r) {
			return &NameError{Name: s, Reason: fmt.Sprintf("contains the control character %U", r)}
		}
	}
	if strings.TrimSpace(s) != s {
		return &NameError{Name: s, Reason: "has spaces at an end"}
	}
	if !norm.NFC.IsNormalString(s) {
		return &NameError{Name: s, Reason: "is not in Unicode normal form C (readers normalise names; build names with NormalName)"}
	}
	return nil
}

// IsControl reports whether r is a character that must not appear in a
// name: C0 and C1 controls, DEL, and the invisible formatting characters
// that can make text display differently from what it is (bidirectional
// overrides and isolates, zero-width characters, the line and paragraph
// separators).
func IsControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == 0x200b, r == 0x200c, r == 0x200d, r == 0x2060, r == 0xfeff: // zero-width
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f: // bidi
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return unicode.Is(unicode.Cs, r) // surrogates cannot occur in valid UTF-8; kept for clarity
}

// QuoteName quotes a name for a message with every control character
// escaped, so that a name cannot rewrite the terminal it is printed on.
func QuoteName(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case IsControl(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
