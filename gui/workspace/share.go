package workspace

import (
	"bytes"
	"fmt"
	"io"

	"brink/assets"
	"brink/internal/atomicfile"
	"brink/internal/sharepage"
)

// SharePage writes the model as one self-contained interactive web page
// (internal/sharepage, as brinkctl share writes it), offering the named
// saved scenarios, or all of them for nil. The page carries the model as
// it is now, saved or not; findings not saved as a scenario are not on
// it.
func (w *Workspace) SharePage(out io.Writer, scenarios []string) error {
	return sharepage.Write(out, w.Model(), sharepage.Options{Scenarios: scenarios, Version: assets.Version})
}

// WriteSharePage writes the page (SharePage) to path atomically and
// returns a line for the status bar.
func (w *Workspace) WriteSharePage(path string, scenarios []string) (string, error) {
	var buf bytes.Buffer
	if err := w.SharePage(&buf, scenarios); err != nil {
		return "", err
	}
	if _, err := atomicfile.Write(path, buf.Bytes(), nil); err != nil {
		return "", err
	}
	summary := fmt.Sprintf("Shared as a web page: %s (%.1f MB)", path, float64(buf.Len())/1e6)
	if w.UnsavedFindings() {
		summary += "; the current findings are not on it: save them as a scenario to share them"
	}
	return summary, nil
}
