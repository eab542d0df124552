// Package charset reads the text of model files for the format readers:
// it decodes the single-byte charsets that XML files declare, finds the
// bytes that no name may hold (invalid UTF-8, NUL), and turns the names
// other tools write into names Brink can keep (see Name).
//
// It exists so that every reader decodes Latin-1 and Windows-1252 from the
// same table, golang.org/x/text's, and judges names by the same rules.
package charset

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"brink/network/diag"
)

// ErrUnknown is the cause of a declared encoding the readers do not
// decode. It answers errors.Is(err, diag.ErrEncoding).
var ErrUnknown = diag.Derive("unsupported encoding", diag.ErrEncoding)

// Known lists the encodings Lookup accepts, for messages.
const Known = "UTF-8, US-ASCII, ISO-8859-1, windows-1252"

// Lookup returns how to decode text declared in the encoding label (as in
// <?xml encoding="..."?>): nil for UTF-8, or the single-byte charmap.
// ISO-8859-1 and windows-1252 are decoded with their charmaps, with the
// aliases the IANA registry gives them. US-ASCII is a subset of both UTF-8
// and ISO-8859-1, and files that declare it but hold other bytes are
// common; text (the rest of the document) decides: it is read as UTF-8
// when it is valid UTF-8 and as ISO-8859-1 otherwise.
func Lookup(label string, text []byte) (*charmap.Charmap, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8":
		return nil, nil
	case "us-ascii", "ascii", "us", "iso646-us", "ansi_x3.4-1968", "csascii":
		if utf8.Valid(text) {
			return nil, nil
		}
		return charmap.ISO8859_1, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1":
		return charmap.ISO8859_1, nil
	case "windows-1252", "cp1252", "x-cp1252":
		return charmap.Windows1252, nil
	}
	return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknown, label, Known)
}

// DecodeByte decodes one byte of a single-byte charset as the WHATWG
// Encoding Standard does: the five bytes windows-1252 leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D), which x/text decodes as U+FFFD, become
// the C1 controls of the same value, so that a name holding one is refused
// as holding a control character rather than kept with a replacement
// character that hides what the file said.
func DecodeByte(cm *charmap.Charmap, b byte) rune {
	r := cm.DecodeByte(b)
	if r == utf8.RuneError {
		return rune(b)
	}
	return r
}

// DecodedLen returns the number of bytes of UTF-8 that DecodeByte makes of b.
func DecodedLen(cm *charmap.Charmap, b byte) int {
	if b < utf8.RuneSelf {
		return 1
	}
	return utf8.RuneLen(DecodeByte(cm, b))
}

// Decode converts text in cm to UTF-8 with DecodeByte.
func Decode(cm *charmap.Charmap, text []byte) []byte {
	out := make([]byte, 0, len(text)+len(text)/8)
	for _, c := range text {
		if c < utf8.RuneSelf {
			out = append(out, c)
			continue
		}
		out = utf8.AppendRune(out, DecodeByte(cm, c))
	}
	return out
}

// BadByte returns the offset in text of the first byte that is not part
// of valid UTF-8 or is NUL, and says which; off is -1 when there is none.
// Readers of formats without a charset declaration (BIF, Hugin NET) refuse
// such bytes in the names and texts they keep: kept, they would turn into
// U+FFFD on the next save.
func BadByte(text []byte) (off int, what string) {
	for i := 0; i < len(text); {
		c := text[i]
		if c == 0 {
			return i, "a NUL byte"
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 {
			return i, fmt.Sprintf("the byte 0x%02X, which is not valid UTF-8", c)
		}
		i += size
	}
	return -1, ""
}
