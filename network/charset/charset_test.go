package charset

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"brink/network"
	"brink/network/diag"
)

func TestLookup(t *testing.T) {
	cases := []struct {
		label string
		text  string
		want  *charmap.Charmap
		err   string
	}{
		{"UTF-8", "", nil, ""},
		{" utf8 ", "", nil, ""},
		{"ISO-8859-1", "", charmap.ISO8859_1, ""},
		{"latin1", "", charmap.ISO8859_1, ""},
		{"windows-1252", "", charmap.Windows1252, ""},
		{"CP1252", "", charmap.Windows1252, ""},
		{"US-ASCII", "plain", nil, ""},
		{"US-ASCII", "caf\u00e9", nil, ""}, // mislabelled UTF-8 is taken as UTF-8
		{"us-ascii", "caf\xe9", charmap.ISO8859_1, ""},
		{"Shift_JIS", "", nil, `unsupported encoding "Shift_JIS" (known: UTF-8, US-ASCII, ISO-8859-1, windows-1252)`},
	}
	for _, c := range cases {
		got, err := Lookup(c.label, []byte(c.text))
		if c.err != "" {
			if err == nil || err.Error() != c.err || !errors.Is(err, ErrUnknown) || !errors.Is(err, diag.ErrEncoding) {
				t.Errorf("Lookup(%q) error %v, want %q", c.label, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Lookup(%q, %q) = %v, %v; want %v", c.label, c.text, got, err, c.want)
		}
	}
}

// TestDecodeByte checks windows-1252 against the WHATWG Encoding Standard's
// index (index-windows-1252.txt): the typographic characters in 0x80-0x9F,
// and the C1 controls for the five bytes it leaves undefined.
func TestDecodeByte(t *testing.T) {
	for b, want := range map[byte]rune{0x80: '€', 0x81: 0x81, 0x8A: 'Š', 0x8D: 0x8D, 0x8F: 0x8F, 0x90: 0x90, 0x91: '‘', 0x9D: 0x9D, 0x9F: 'Ÿ', 0xA0: 0xA0, 0xE9: 'é', 0xFF: 'ÿ', 'a': 'a'} {
		if got := DecodeByte(charmap.Windows1252, b); got != want {
			t.Errorf("windows-1252 %#x = %U, want %U", b, got, want)
		}
	}
	for b := range 256 {
		if got := DecodeByte(charmap.ISO8859_1, byte(b)); got != rune(b) {
			t.Errorf("ISO-8859-1 %#x = %U", b, got)
		}
	}
	if got := string(Decode(charmap.Windows1252, []byte("\x93Caf\xe9\x94 \x80"))); got != "“Café” €" {
		t.Errorf("Decode = %q", got)
	}
	if DecodedLen(charmap.Windows1252, 0x80) != 3 || DecodedLen(charmap.ISO8859_1, 0xE9) != 2 || DecodedLen(charmap.ISO8859_1, 'a') != 1 {
		t.Error("DecodedLen")
	}
}

func TestBadByte(t *testing.T) {
	cases := []struct {
		text string
		off  int
		what string
	}{
		{"plain", -1, ""},
		{"caf\u00e9 ☕", -1, ""},
		{"a\xffb", 1, "the byte 0xFF, which is not valid UTF-8"},
		{"ab\x00", 2, "a NUL byte"},
		{"\xe2\x82", 0, "the byte 0xE2, which is not valid UTF-8"},     // truncated €
		{"\xed\xa0\x80", 0, "the byte 0xED, which is not valid UTF-8"}, // a surrogate
	}
	for _, c := range cases {
		off, what := BadByte([]byte(c.text))
		if off != c.off || what != c.what {
			t.Errorf("BadByte(%q) = %d, %q; want %d, %q", c.text, off, what, c.off, c.what)
		}
	}
}

func TestNames(t *testing.T) {
	cases := []struct {
		raw   string
		state bool
		want  Name   // Raw is filled in from raw
		err   string // the error, when refused
	}{
		{raw: "smoke", want: Name{Text: "smoke", ID: "smoke"}},
		{raw: "cafe\u0301", want: Name{Text: "caf\u00e9", ID: "caf\u00e9"}},
		{raw: ">=7.5", state: true, want: Name{Text: ">=7.5", ID: ">=7.5"}},
		{raw: "a, b", state: true, want: Name{Text: "a, b", ID: "a; b", Why: "contains ',', which separates states in lists"}},
		{raw: "x=1", want: Name{Text: "x=1", ID: "x_1", Why: "contains '=', which separates names in findings and parent configurations"}},
		{raw: " padded ", want: Name{Text: " padded ", ID: "padded", Why: "has spaces at an end"}},
		{raw: "", err: `"" is empty`},
		{raw: "  ", err: `"  " has spaces at an end`},
		{raw: "a\x1b]0;x\x07", err: `"a\x1b]0;x\x07" contains the control character U+001B`},
		{raw: "a\x1b, b", state: true, err: `"a\x1b, b" contains the control character U+001B`},
		{raw: "a\u202eb", err: `"a\u202eb" contains the control character U+202E`},
		{raw: "a\xff", err: `"a\xff" is not valid UTF-8`},
	}
	for _, c := range cases {
		read := VariableName
		if c.state {
			read = StateName
		}
		got, err := read(c.raw)
		if c.err != "" {
			var ne *network.NameError
			if err == nil || err.Error() != c.err || !errors.As(err, &ne) || !errors.Is(err, network.ErrBadName) {
				t.Errorf("%q: error %v, want %q", c.raw, err, c.err)
			}
			continue
		}
		c.want.Raw = c.raw
		if err != nil || got != c.want {
			t.Errorf("%q: %+v, %v; want %+v", c.raw, got, err, c.want)
		}
		if got.Changed() != (c.want.Why != "") {
			t.Errorf("%q: Changed() = %v", c.raw, got.Changed())
		}
	}
}

func TestUnique(t *testing.T) {
	var names []Name
	for _, raw := range []string{"a,b", "a;b", "a,b", "c", " c", "c "} {
		n, err := StateName(raw)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	Unique(names)
	var ids []string
	for _, n := range names {
		ids = append(ids, n.ID)
	}
	// "a,b" is taken by the clean "a;b"; its second spelling keeps its
	// ID, to be reported as a duplicate; " c" and "c " differ in text.
	if want := []string{"a;b_2", "a;b", "a;b_2", "c", "c_2", "c_3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs %q, want %q", ids, want)
	}
}

func TestMessages(t *testing.T) {
	n, _ := VariableName("a, b")
	if got, want := n.Renamed("variable"), `variable "a, b" contains ',', which separates names in findings and parent configurations; Brink names it "a; b" and keeps the original as its label`; got != want {
		t.Errorf("Renamed:\n%s\nwant\n%s", got, want)
	}
	nfc, _ := VariableName("caf\u00e9")
	nfd, _ := VariableName("cafe\u0301")
	if got := Same(nfc, nfd); got != `written "caf\u00e9" and "cafe\u0301", the same name in Unicode normal form C` {
		t.Errorf("Same = %s", got)
	}
	if got := Same(nfc, nfc); got != "" {
		t.Errorf("Same of one spelling = %q", got)
	}
	if strings.ContainsRune(n.Renamed("variable"), 0x1b) {
		t.Error("control character in a message")
	}
}
