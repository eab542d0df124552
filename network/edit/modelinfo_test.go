package edit

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"brink/network/model"
	"brink/network/modelfile"
)

// TestSetDocumentation checks that the model's documentation, as-of date
// and horizon change together, leave the old Doc as it was and survive
// a save and a load.
func TestSetDocumentation(t *testing.T) {
	d := load(t, "asia.toml")
	before := Documentation(d)
	info := before
	info.Title, info.Description, info.Notes = "Chest clinic", "What the doctor sees.", "n"
	info.Authors = []string{"Lauritzen", "Spiegelhalter"}
	info.Limits = []string{"one clinic"}
	info.AsOf, info.Horizon = "2026-12-07", "2027-06-07"
	next := ok(t)(SetDocumentation(d, info))
	got := Documentation(next)
	if got.Title != info.Title || got.Description != info.Description || got.Notes != "n" ||
		!slices.Equal(got.Authors, info.Authors) || !slices.Equal(got.Limits, info.Limits) ||
		got.AsOf != "2026-12-07" || got.Horizon != "2027-06-07" {
		t.Errorf("documentation %+v, want %+v", got, info)
	}
	if now := Documentation(d); now.Title != before.Title || now.AsOf != "" || now.Horizon != "" {
		t.Errorf("the old Doc changed: %+v", now)
	}
	if next.Model.Net.NumVariables() != d.Model.Net.NumVariables() || len(next.Model.Scenarios) != len(d.Model.Scenarios) || len(next.Notes) != 0 {
		t.Errorf("the edit changed more than the documentation: %d nodes, %d scenarios, notes %q",
			next.Model.Net.NumVariables(), len(next.Model.Scenarios), next.Notes)
	}
	info.Authors[0] = "changed"
	if Documentation(next).Authors[0] != "Lauritzen" {
		t.Error("the edit keeps the caller's slice")
	}
	data, err := modelfile.Marshal(next.Model)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "as_of = \"2026-12-07\"\nhorizon = \"2027-06-07\"\n") {
		t.Errorf("saved without the period:\n%.400s", data)
	}
	// Clearing them clears them.
	info.AsOf, info.Horizon = "", ""
	if cleared := ok(t)(SetDocumentation(next, info)); cleared.Model.AsOf != "" || cleared.Model.Horizon != "" {
		t.Errorf("not cleared: %q, %q", cleared.Model.AsOf, cleared.Model.Horizon)
	}
}

// TestSetDocumentationRefusesBadDates checks each refused period, by its
// cause and message.
func TestSetDocumentationRefusesBadDates(t *testing.T) {
	tests := []struct {
		name, asOf, horizon string
		is                  error
		want                string
	}{
		{"no such day", "2026-02-30", "", model.ErrBadDate, `edit: the as-of date "2026-02-30" is not a calendar date written YYYY-MM-DD`},
		{"bad horizon", "2026-12-07", "June", model.ErrBadDate, `edit: the horizon "June" is not a calendar date`},
		{"horizon alone", "", "2027-06-07", model.ErrHorizonAlone, "edit: the horizon 2027-06-07 needs an as-of date"},
		{"horizon first", "2027-06-07", "2026-12-07", model.ErrHorizonOrder, "edit: the horizon 2026-12-07 is not after the as-of date 2027-06-07"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := load(t, "asia.toml")
			info := Documentation(d)
			info.AsOf, info.Horizon = tc.asOf, tc.horizon
			_, err := SetDocumentation(d, info)
			if !errors.Is(err, tc.is) {
				t.Fatalf("error %v, want %v", err, tc.is)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want %q…", err, tc.want)
			}
		})
	}
}
