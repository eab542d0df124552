package workspace

import "brink/network/edit"

// Documentation returns the open model's own documentation: title,
// description, authors, notes, limits, as-of date and horizon.
func (w *Workspace) Documentation() edit.ModelInfo { return edit.Documentation(w.EditDoc()) }

// SetDocumentation replaces the open model's own documentation
// (edit.SetDocumentation) as one undoable step. Dates edit.SetDocumentation
// refuses change nothing.
func (w *Workspace) SetDocumentation(info edit.ModelInfo) ([]string, error) {
	return w.Edit(func(d edit.Doc) (edit.Doc, error) { return edit.SetDocumentation(d, info) })
}
