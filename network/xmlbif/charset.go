package xmlbif

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"brink/network/diag"
)

// source is the document being read and what encoding/xml's decoder sees
// of it, for turning the decoder's byte offsets into lines and columns.
//
// The decoder counts offsets in the bytes it reads. For UTF-8 and US-ASCII
// that is the file itself. For a single-byte encoding the reader gives the
// decoder the file converted to UTF-8 from the encoding declaration on, so
// offsets after it count converted bytes: stream holds that converted
// text, and columns are counted in characters, which for a single-byte
// encoding are the file's bytes.
type source struct {
	stream    []byte // the text as the decoder sees it
	charCols  bool   // count columns in characters rather than bytes
	converted bool   // a CharsetReader conversion has happened
	lines     []int  // offsets in stream where lines start; built lazily
}

// errEncoding is the cause when a file declares an encoding not handled.
var errEncoding = errors.New("unsupported encoding")

// charsetReader is the decoder's CharsetReader. r holds the rest of the
// file after the encoding declaration; src.stream is updated to hold the
// file as the decoder will see it.
func (s *source) charsetReader(label string, r io.Reader) (io.Reader, error) {
	var table *[128]rune
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii", "us", "iso646-us", "ansi_x3.4-1968", "utf8":
		// ASCII is a subset of UTF-8. A file declared as ASCII that
		// holds UTF-8 is common enough to accept.
		return r, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819":
		table = &latin1
	case "windows-1252", "cp1252", "x-cp1252":
		table = &windows1252
	default:
		return nil, fmt.Errorf("%w %q (known: UTF-8, US-ASCII, ISO-8859-1, windows-1252)", errEncoding, label)
	}
	if s.converted {
		// A second declaration later in the document: the stream no
		// longer maps simply onto the file, so refuse it.
		return nil, fmt.Errorf("%w: a second encoding declaration", errEncoding)
	}
	rest, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	done := len(s.stream) - len(rest) // bytes the decoder has consumed
	if done < 0 {
		return nil, fmt.Errorf("%w: cannot place the declaration", errEncoding)
	}
	conv := decodeSingleByte(rest, table)
	s.stream = append(s.stream[:done:done], conv...)
	s.lines = nil
	s.charCols = true
	s.converted = true
	return bytes.NewReader(conv), nil
}

// decodeSingleByte converts text in a single-byte encoding to UTF-8: bytes
// below 0x80 are ASCII, the others are looked up in high.
func decodeSingleByte(b []byte, high *[128]rune) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
			continue
		}
		out = utf8.AppendRune(out, high[c-0x80])
	}
	return out
}

// latin1 maps ISO-8859-1's upper half: each byte is the code point of the
// same value.
var latin1 = func() (t [128]rune) {
	for i := range t {
		t[i] = rune(0x80 + i)
	}
	return t
}()

// windows1252 is latin1 except in 0x80-0x9F, where Windows put
// typographic characters instead of C1 controls. The five bytes it leaves
// undefined map to the C1 controls of the same value, as browsers do.
var windows1252 = func() (t [128]rune) {
	t = latin1
	copy(t[:32], []rune{
		'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
		0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
	})
	return t
}()

// pos turns a decoder offset into a position in file. Lines end at "\n"
// (so CRLF files count right); columns count from 1.
func (s *source) pos(file string, off int64) diag.Pos {
	if off < 0 {
		return diag.Pos{File: file}
	}
	o := int(min(off, int64(len(s.stream))))
	if s.lines == nil {
		s.lines = []int{0}
		for i, c := range s.stream {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	}
	// The last line start at or before o.
	line := sort.SearchInts(s.lines, o+1) - 1
	start := s.lines[line]
	col := o - start
	if s.charCols {
		col = utf8.RuneCount(s.stream[start:o])
	}
	return diag.Pos{File: file, Line: line + 1, Col: col + 1}
}
