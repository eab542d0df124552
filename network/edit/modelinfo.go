package edit

import (
	"errors"
	"fmt"
	"slices"

	"brink/network/model"
)

// ModelInfo is the documentation of the model as a whole, as Edit →
// Model Documentation edits it: what it is, who wrote it, what it leaves
// out, and the period it speaks for (see model.Model for each field).
type ModelInfo struct {
	Title       string
	Description string
	Authors     []string
	Notes       string
	Limits      []string
	// AsOf and Horizon are YYYY-MM-DD dates or "": the day the
	// judgements speak for, and the end of the period the outcomes speak
	// of (model.Model.AsOf, model.Model.Horizon).
	AsOf, Horizon string
	// Handling is the handling line a brief prints on every page
	// (model.Model.Handling), "" for none.
	Handling string
}

// Documentation returns the documentation of d's model.
func Documentation(d Doc) ModelInfo {
	m := d.Model
	return ModelInfo{Title: m.Title, Description: m.Description, Authors: slices.Clone(m.Authors),
		Notes: m.Notes, Limits: slices.Clone(m.Limits), AsOf: m.AsOf, Horizon: m.Horizon,
		Handling: m.Handling}
}

// SetDocumentation replaces the documentation of d's model; the network,
// node documentation, sources and scenarios are kept. An as-of date or
// horizon that model.CheckPeriod refuses (not a calendar date, a horizon
// without an as-of date or not after it) is refused with its message,
// the cause reachable with errors.Is (model.ErrBadDate, …), and nothing
// changes.
func SetDocumentation(d Doc, info ModelInfo) (Doc, error) {
	if d.Model == nil {
		return Doc{}, fmt.Errorf("edit: no model: %w", ErrNoSuch)
	}
	if err := errors.Join(model.CheckPeriod(info.AsOf, info.Horizon)); err != nil {
		return Doc{}, fmt.Errorf("edit: %w", err)
	}
	dr := open(d)
	dr.info.Title, dr.info.Description, dr.info.Notes = info.Title, info.Description, info.Notes
	dr.info.Authors, dr.info.Limits = slices.Clone(info.Authors), slices.Clone(info.Limits)
	dr.info.AsOf, dr.info.Horizon, dr.info.Handling = info.AsOf, info.Horizon, info.Handling
	return dr.build()
}
