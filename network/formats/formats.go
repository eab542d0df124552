// Package formats reads and encodes models in every format Brink knows,
// choosing the reader or writer by the file's extension:
//
//	.toml                   Brink model file (read, write)
//	.bif                    Bayesian Interchange Format (read, write)
//	.xmlbif, .xml, .bifxml  XMLBIF 0.3 (read, write)
//	.net                    Hugin NET (read, write)
//	.xdsl                   GeNIe/SMILE
//
// It does not write files: saving (locked, checked, atomic) is package
// brink/internal/modelio, which calls Marshal and Read.
package formats

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"brink/network/bif"
	"brink/network/diag"
	"brink/network/hugin"
	"brink/network/limits"
	"brink/network/model"
	"brink/network/modelfile"
	"brink/network/xdsl"
	"brink/network/xmlbif"
)

// Format is one file format.
type Format struct {
	Name       string
	Extensions []string
	read       func(data []byte, filename string, lim limits.Limits) (*model.Model, []string, error)
	write      func(m *model.Model) ([]byte, error)
}

// CanWrite reports whether Brink can save in this format.
func (f *Format) CanWrite() bool { return f.write != nil }

// Formats lists the known formats, the Brink format first.
var Formats = []*Format{
	{
		Name: "Brink model", Extensions: []string{".toml"},
		read:  modelfile.Read,
		write: modelfile.Marshal,
	},
	{
		Name: "BIF", Extensions: []string{".bif"},
		read: bif.Read,
		write: func(m *model.Model) ([]byte, error) {
			var b bytes.Buffer
			err := bif.Write(&b, m.Net)
			return b.Bytes(), err
		},
	},
	{
		Name: "XMLBIF", Extensions: []string{".xmlbif", ".xml", ".bifxml"},
		read:  xmlbif.Read,
		write: writer(xmlbif.Write),
	},
	{
		Name: "Hugin NET", Extensions: []string{".net"},
		read:  hugin.Read,
		write: writer(hugin.Write),
	},
	{
		Name: "GeNIe XDSL", Extensions: []string{".xdsl"},
		read:  xdsl.Read,
		write: writer(xdsl.Write),
	},
}

// writer adapts a format's Write function to return bytes.
func writer(write func(io.Writer, *model.Model) error) func(*model.Model) ([]byte, error) {
	return func(m *model.Model) ([]byte, error) {
		var b bytes.Buffer
		err := write(&b, m)
		return b.Bytes(), err
	}
}

// ByPath returns the format for a file name's extension.
func ByPath(path string) (*Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range Formats {
		if slices.Contains(f.Extensions, ext) {
			return f, nil
		}
	}
	var known []string
	for _, f := range Formats {
		known = append(known, f.Extensions...)
	}
	return nil, fmt.Errorf("%s: unknown model format %q (known: %s)", path, ext, strings.Join(known, ", "))
}

// Document is a model as loaded from a file.
type Document struct {
	Model    *model.Model
	Path     string
	Format   *Format
	Warnings []string // e.g. rows normalised on load
	// Sum is the SHA-256 of the bytes read, so that a save can tell
	// whether the file changed on disk since (see modelio.Save).
	Sum [sha256.Size]byte
}

// Load reads the model at path under the default limits, with the file
// size limit taken from BRINK_MAX_FILE_MB when it is set (see
// limits.FromEnv).
func Load(path string) (*Document, error) {
	lim, err := limits.FromEnv()
	if err != nil {
		return nil, err
	}
	return LoadWith(path, lim)
}

// LoadWith reads the model at path under lim. A file larger than
// lim.FileBytes is refused from its size before it is read, and no more
// than that is read of it however it grows meanwhile.
func LoadWith(path string, lim limits.Limits) (*Document, error) {
	lim = lim.Resolved()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := lim.CheckFileSize(info.Size()); err != nil && info.Mode().IsRegular() {
		return nil, sizeError(path, err)
	}
	var r io.Reader = f
	if lim.FileBytes >= 0 {
		// One byte more than the limit, for the reader to refuse.
		r = io.LimitReader(f, lim.FileBytes+1)
	}
	var buf bytes.Buffer
	if info.Mode().IsRegular() {
		// Room for the whole file and the read that finds its end, so
		// that the buffer is not doubled at the last step.
		n := info.Size()
		if lim.FileBytes >= 0 {
			n = min(n, lim.FileBytes)
		}
		buf.Grow(int(n) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	return ReadWith(buf.Bytes(), path, lim)
}

// LoadFS reads a model from a file system, such as the embedded models,
// under the limits Load uses.
func LoadFS(fsys fs.FS, name string) (*Document, error) {
	lim, err := limits.FromEnv()
	if err != nil {
		return nil, err
	}
	if info, err := fs.Stat(fsys, name); err == nil && info.Mode().IsRegular() {
		if err := lim.CheckFileSize(info.Size()); err != nil {
			return nil, sizeError(name, err)
		}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return ReadWith(data, name, lim)
}

// Read parses data as the format of path's extension under the limits
// Load uses.
func Read(data []byte, path string) (*Document, error) {
	lim, err := limits.FromEnv()
	if err != nil {
		return nil, err
	}
	return ReadWith(data, path, lim)
}

// ReadWith parses data as the format of path's extension under lim.
func ReadWith(data []byte, path string, lim limits.Limits) (*Document, error) {
	f, err := ByPath(path)
	if err != nil {
		return nil, err
	}
	m, warnings, err := f.read(data, path, lim.Resolved())
	if err != nil {
		return nil, err
	}
	return &Document{Model: m, Path: path, Format: f, Warnings: warnings, Sum: sha256.Sum256(data)}, nil
}

// sizeError is a file refused for its size, at the file.
func sizeError(path string, err error) error {
	return diag.List{{Pos: diag.Pos{File: path}, Err: &diag.Cause{Msg: "formats: " + err.Error(), Err: err}}}
}

// Marshal encodes m in the format of path's extension.
func Marshal(m *model.Model, path string) ([]byte, error) {
	f, err := ByPath(path)
	if err != nil {
		return nil, err
	}
	if !f.CanWrite() {
		return nil, fmt.Errorf("%s: Brink reads %s files but cannot write them; save as .toml", path, f.Name)
	}
	return f.write(m)
}
