// Package formats opens and saves models in every format Brink knows,
// choosing the reader or writer by the file's extension:
//
//	.toml                   Brink model file (read, write)
//	.bif                    Bayesian Interchange Format (read, write)
//	.xmlbif, .xml, .bifxml  XMLBIF 0.3 (read, write)
//	.net                    Hugin NET (read, write)
//	.xdsl                   GeNIe/SMILE (read only)
//
// Saving is atomic and refuses to overwrite a file that changed on disk
// since it was loaded (see package atomicfile).
package formats

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"brink/network/atomicfile"
	"brink/network/bif"
	"brink/network/hugin"
	"brink/network/model"
	"brink/network/modelfile"
	"brink/network/xdsl"
	"brink/network/xmlbif"
)

// Format is one file format.
type Format struct {
	Name       string
	Extensions []string
	read       func(data []byte, filename string) (*model.Model, []string, error)
	write      func(m *model.Model) ([]byte, error)
}

// CanWrite reports whether Brink can save in this format.
func (f *Format) CanWrite() bool { return f.write != nil }

// Formats lists the known formats, the Brink format first.
var Formats = []*Format{
	{
		Name: "Brink model", Extensions: []string{".toml"},
		read: func(data []byte, filename string) (*model.Model, []string, error) {
			m, err := modelfile.Read(data, filename)
			return m, nil, err
		},
		write: modelfile.Marshal,
	},
	{
		Name: "BIF", Extensions: []string{".bif"},
		read: func(data []byte, filename string) (*model.Model, []string, error) {
			n, layout, err := bif.ReadWithLayout(bytes.NewReader(data), filename)
			if err != nil {
				return nil, nil, err
			}
			m := model.New(n)
			for v := range n.NumVariables() {
				if p, ok := layout[n.Name(v)]; ok {
					m.Nodes[v].Position = &model.Point{X: p[0], Y: p[1]}
				}
			}
			return m, nil, nil
		},
		write: func(m *model.Model) ([]byte, error) {
			var b bytes.Buffer
			err := bif.Write(&b, m.Net)
			return b.Bytes(), err
		},
	},
	{
		Name: "XMLBIF", Extensions: []string{".xmlbif", ".xml", ".bifxml"},
		read: func(data []byte, filename string) (*model.Model, []string, error) {
			return xmlbif.ReadWithWarnings(bytes.NewReader(data), filename)
		},
		write: writer(xmlbif.Write),
	},
	{
		Name: "Hugin NET", Extensions: []string{".net"},
		read: func(data []byte, filename string) (*model.Model, []string, error) {
			return hugin.ReadWithWarnings(bytes.NewReader(data), filename)
		},
		write: writer(hugin.Write),
	},
	{
		Name: "GeNIe XDSL", Extensions: []string{".xdsl"},
		read: func(data []byte, filename string) (*model.Model, []string, error) {
			return xdsl.Read(bytes.NewReader(data), filename)
		},
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
	Warnings []string         // e.g. rows normalised on load
	Stamp    atomicfile.Stamp // the file's contents when loaded
}

// Load reads the model at path.
func Load(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Read(data, path)
}

// LoadFS reads a model from a file system, such as the embedded models.
func LoadFS(fsys fs.FS, name string) (*Document, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return Read(data, name)
}

// Read parses data as the format of path's extension.
func Read(data []byte, path string) (*Document, error) {
	f, err := ByPath(path)
	if err != nil {
		return nil, err
	}
	m, warnings, err := f.read(data, path)
	if err != nil {
		return nil, err
	}
	return &Document{Model: m, Path: path, Format: f, Warnings: warnings, Stamp: atomicfile.StampOf(data)}, nil
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

// Save writes m to path atomically in the format of its extension. With
// expect non-nil, a file that no longer matches it is not overwritten
// (atomicfile.ErrChangedOnDisk); pass nil to force. It returns the stamp
// of the saved file.
func Save(path string, m *model.Model, expect *atomicfile.Stamp) (atomicfile.Stamp, error) {
	data, err := Marshal(m, path)
	if err != nil {
		return atomicfile.Stamp{}, err
	}
	return atomicfile.Write(path, data, expect)
}
