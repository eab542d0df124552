package hostile

import (
	"context"
	"strings"
	"testing"

	"brink/gui/workspace"
	"brink/models"
	"brink/network/formats"
	"brink/network/limits"
)

// TestWorkspaceOpen opens every hostile file the way the window does
// (formats.ReadWith, then workspace.Prepare off the UI goroutine, then
// Adopt) into a workspace that has a finding set: a refused file must
// leave the open model, its finding and its beliefs as they were, and a
// valid one must open.
func TestWorkspaceOpen(t *testing.T) {
	if testing.Short() {
		t.Skip("reads large generated files")
	}
	for _, f := range []string{"toml", "bif", "xmlbif", "hugin", "xdsl"} {
		for _, c := range Format(f) {
			t.Run(c.Name, func(t *testing.T) {
				doc, err := formats.LoadFS(models.Files, "asia.toml")
				if err != nil {
					t.Fatal(err)
				}
				ws, err := workspace.New(doc)
				if err != nil {
					t.Fatal(err)
				}
				if err := ws.SetState(0, 0); err != nil {
					t.Fatal(err)
				}
				before := ws.Posterior(1)[0]
				doc2, err := formats.ReadWith(c.Data, c.File, limits.Default())
				var p *workspace.Prepared
				if err == nil {
					p, err = workspace.Prepare(context.Background(), doc2)
				}
				if !c.Valid {
					if err == nil {
						t.Fatal("opened a hostile file")
					}
					if c.Want != "" && !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.Want)) {
						t.Errorf("error\n%.1500s\nlacks %q", err, c.Want)
					}
					if ws.Model() != doc.Model || ws.Evidence().Len() != 1 || ws.Posterior(1)[0] != before {
						t.Error("a refused file changed the open model")
					}
					return
				}
				if err != nil {
					t.Fatalf("valid file refused: %v", err)
				}
				ws.Adopt(p)
				if ws.Model() != doc2.Model {
					t.Error("the valid file was not opened")
				}
			})
		}
	}
}
