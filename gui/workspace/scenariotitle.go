package workspace

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"brink/network/model"
)

// ErrScenarioTitleExists is returned when another scenario has the title.
var ErrScenarioTitleExists = errors.New("a scenario of that title exists")

// ScenarioID derives a scenario's name (its id in files, scripts and
// --scenario flags) from a title: lower case, each run of characters that
// are not letters or digits one underscore, none at either end. A title
// with no letter or digit gives "scenario".
//
//	ScenarioID("Red Sea spark")      = "red_sea_spark"
//	ScenarioID("US: surge (2026)!")  = "us_surge_2026"
func ScenarioID(title string) string {
	var b strings.Builder
	gap := false
	for _, r := range title {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		gap = false
		b.WriteRune(unicode.ToLower(r))
	}
	if b.Len() == 0 {
		return "scenario"
	}
	return b.String()
}

// SaveTitledScenario is SaveScenario with a title: it stores the current
// findings as a new scenario titled title, named name, or when name is
// empty ScenarioID(title). A name or title another scenario has is
// refused (ErrScenarioExists, ErrScenarioTitleExists).
func (w *Workspace) SaveTitledScenario(title, name, description, author string, provenance map[string]*model.Provenance) error {
	title = strings.TrimSpace(title)
	if title == "" {
		return errors.New("workspace: a scenario needs a title")
	}
	if name = strings.TrimSpace(name); name == "" {
		name = ScenarioID(title)
	}
	if err := w.checkTitle(title, ""); err != nil {
		return err
	}
	return w.saveScenario(model.Scenario{Name: name, Title: title, Description: description, Author: author}, provenance)
}

// RetitleScenario gives the scenario named old a new title and, when name
// is not empty and not old, a new name. Nothing changes when either is
// refused: an empty title, a name or title another scenario has.
func (w *Workspace) RetitleScenario(old, title, name string) error {
	m := w.Model()
	sc, ok := m.Scenario(old)
	if !ok {
		return fmt.Errorf("workspace: no scenario %q", old)
	}
	title, name = strings.TrimSpace(title), strings.TrimSpace(name)
	if title == "" {
		return errors.New("workspace: a scenario needs a title")
	}
	if name == "" {
		name = old
	}
	if err := w.checkTitle(title, old); err != nil {
		return err
	}
	if name != old {
		if _, taken := m.Scenario(name); taken {
			return fmt.Errorf("workspace: %q: %w", name, ErrScenarioExists)
		}
	}
	if title == sc.Title && name == old {
		return nil
	}
	m = w.forkScenarios()
	sc, _ = m.Scenario(old)
	sc.Title = title
	sc.Name = name
	if w.scenario == old {
		w.scenario = name
	}
	w.markDirty(ChangeScenarios)
	return nil
}

// checkTitle refuses a title that a scenario other than the one named
// self shows (its title, or its name when it has none).
func (w *Workspace) checkTitle(title, self string) error {
	for i := range w.Model().Scenarios {
		sc := &w.Model().Scenarios[i]
		if sc.Name != self && strings.EqualFold(sc.DisplayTitle(), title) {
			return fmt.Errorf("workspace: %q: %w", title, ErrScenarioTitleExists)
		}
	}
	return nil
}
