package gui

import (
	"path/filepath"
	"strings"
)

// shareDialog asks where to write the model as a web page (File → Share
// as Web Page): one HTML file that computes with Brink's own engine and
// needs no network (workspace.WriteSharePage).
func (win *Window) shareDialog() {
	name := strings.TrimSuffix(filepath.Base(win.ws.Path()), filepath.Ext(win.ws.Path()))
	if name == "" || name == "." {
		name = "model"
	}
	win.askSavePath("Share as Web Page", "Share", name+".html", func(path string) error {
		summary, err := win.ws.WriteSharePage(path, nil)
		if err != nil {
			return err
		}
		win.status.SetText(summary)
		return nil
	})
}
