package xmlbif

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"brink/network/charset"
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
	err       error  // the error charsetReader last returned
}

// charsetReader is the decoder's CharsetReader. r holds the rest of the
// file after the encoding declaration; src.stream is updated to hold the
// file as the decoder will see it. The decoder keeps only the text of an
// error it returns, so the error is also kept in s.err, for errors.Is.
func (s *source) charsetReader(label string, r io.Reader) (io.Reader, error) {
	rest, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	cm, err := charset.Lookup(label, rest)
	if err != nil {
		s.err = err
		return nil, err
	}
	if cm == nil {
		return bytes.NewReader(rest), nil
	}
	if s.converted {
		// A second declaration later in the document: the stream no
		// longer maps simply onto the file, so refuse it.
		s.err = fmt.Errorf("%w: a second encoding declaration", charset.ErrUnknown)
		return nil, s.err
	}
	done := len(s.stream) - len(rest) // bytes the decoder has consumed
	if done < 0 {
		s.err = fmt.Errorf("%w: cannot place the declaration", charset.ErrUnknown)
		return nil, s.err
	}
	conv := charset.Decode(cm, rest)
	s.stream = append(s.stream[:done:done], conv...)
	s.lines = nil
	s.charCols = true
	s.converted = true
	return bytes.NewReader(conv), nil
}

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
