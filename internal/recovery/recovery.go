// Package recovery keeps autosaved copies of models with unsaved edits,
// beside the user's configuration and never over the model's own file,
// so that a crash or a killed process loses at most the minute since the
// last copy. Each copy is two files in the store's folder: the model as a
// Brink model file (<id>.toml) and a note of where it came from
// (<id>.json). Both are written atomically (internal/atomicfile), the
// model first, so that each file on disk is whole: the old version or
// the new, never a torn one.
package recovery

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"brink/internal/atomicfile"
	"brink/network/formats"
	"brink/network/model"
	"brink/network/modelfile"
)

// Store is a folder of recovery copies.
type Store struct{ Dir string }

// Default returns the store in the user's configuration folder
// (os.UserConfigDir()/brink/recovery, e.g. ~/.config/brink/recovery).
func Default() (Store, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return Store{}, fmt.Errorf("recovery: no configuration folder: %w", err)
	}
	return Store{Dir: filepath.Join(dir, "brink", "recovery")}, nil
}

// Entry is one recovery copy.
type Entry struct {
	// ID names the copy's files in the store.
	ID string `json:"-"`
	// Origin is the model's own file, "" for a model never saved.
	Origin string `json:"origin"`
	// Title is the model's title when it was copied.
	Title string `json:"title"`
	// Saved is when the copy was made.
	Saved time.Time `json:"saved"`
}

// IDFor returns the id of the copy of the model whose file is origin: the
// same for every copy of one file, so that a newer copy replaces the
// older. A model without a file gets an id of its own from session,
// which the caller keeps for the session (e.g. the process id and start
// time).
func IDFor(origin, session string) string {
	key := "file:" + origin
	if origin == "" {
		key = "new:" + session
	} else if abs, err := filepath.Abs(origin); err == nil {
		key = "file:" + abs
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

func (s Store) modelPath(id string) string { return filepath.Join(s.Dir, id+".toml") }
func (s Store) notePath(id string) string  { return filepath.Join(s.Dir, id+".json") }

// Save writes a copy of m, which came from origin, under id.
func (s Store) Save(id, origin string, m *model.Model, now time.Time) error {
	data, err := modelfile.Marshal(m)
	if err != nil {
		return fmt.Errorf("recovery: %w", err)
	}
	note, err := json.MarshalIndent(Entry{Origin: origin, Title: m.Title, Saved: now.UTC()}, "", "  ")
	if err != nil {
		return fmt.Errorf("recovery: %w", err)
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("recovery: %w", err)
	}
	if _, err := atomicfile.Write(s.modelPath(id), data, nil); err != nil {
		return fmt.Errorf("recovery: %w", err)
	}
	if _, err := atomicfile.Write(s.notePath(id), note, nil); err != nil {
		return fmt.Errorf("recovery: %w", err)
	}
	return nil
}

// List returns the copies in the store, newest first. A copy whose note
// is missing or unreadable is listed with what can be told of it.
func (s Store) List() ([]Entry, error) {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("recovery: %w", err)
	}
	var out []Entry
	for _, de := range des {
		name := de.Name()
		if !strings.HasSuffix(name, ".toml") || strings.HasPrefix(name, ".") {
			continue
		}
		e := Entry{ID: strings.TrimSuffix(name, ".toml")}
		if data, err := os.ReadFile(s.notePath(e.ID)); err == nil && json.Unmarshal(data, &e) == nil {
			e.ID = strings.TrimSuffix(name, ".toml")
		} else if fi, err := de.Info(); err == nil {
			e.Saved = fi.ModTime()
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return b.Saved.Compare(a.Saved) })
	return out, nil
}

// Load reads a copy as a document whose path is the model's own file, so
// that saving it writes there.
func (s Store) Load(e Entry) (*formats.Document, error) {
	doc, err := formats.Load(s.modelPath(e.ID))
	if err != nil {
		return nil, fmt.Errorf("recovery: the autosaved copy: %w", err)
	}
	doc.Path = e.Origin
	doc.Sum = [32]byte{}
	if e.Origin != "" {
		if st, err := atomicfile.Current(e.Origin); err == nil {
			doc.Sum = st.Sum // the file as it is now: saving over it is expected
		}
	}
	return doc, nil
}

// Remove deletes a copy; one that is not there is no error.
func (s Store) Remove(id string) error {
	var errs []error
	for _, p := range []string{s.modelPath(id), s.notePath(id)} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("recovery: %w", errors.Join(errs...))
	}
	return nil
}
