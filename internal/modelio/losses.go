package modelio

import (
	"fmt"
	"math"
	"reflect"
	"slices"

	"brink/network/model"
)

// losses compares a model with what a format's writer and reader gave
// back for it, and lists in plain English what did not survive. It asks
// the round trip rather than a table of what each format holds, so that
// the list stays true when a writer learns to keep more (or a reader to
// read it): BIF, for one, keeps only the network, XMLBIF and Hugin NET
// also titles, descriptions and positions, NET labels too.
//
// Only losses count: a field the original has and the copy has not, or
// has differently. A node missing from the copy is named; numbers are
// compared exactly, as every writer promises to keep them.
func losses(m, back *model.Model) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	if n := len(m.Scenarios); n > 0 {
		lost, findings := 0, 0
		for i := range m.Scenarios {
			sc := &m.Scenarios[i]
			if b, ok := back.Scenario(sc.Name); !ok || !sameScenario(sc, b) {
				lost++
				findings += len(sc.Findings)
			}
		}
		if lost > 0 {
			add("%s (%s)", count(lost, "scenario"), count(findings, "finding"))
		}
	}
	if len(m.Utilities) > 0 {
		values, docs := 0, 0
		for _, u := range m.Utilities {
			i := slices.IndexFunc(back.Utilities, func(b model.Utility) bool { return b.ID == u.ID })
			if i < 0 {
				values++
				continue
			}
			b := back.Utilities[i]
			if !slices.Equal(u.Parents, b.Parents) || !slices.Equal(u.Table, b.Table) {
				values++
			}
			if u.Label != b.Label || u.Description != b.Description || u.Actor != b.Actor || u.Rationale != b.Rationale ||
				!slices.Equal(u.Citations, b.Citations) || !reflect.DeepEqual(u.Position, b.Position) {
				docs++
			}
		}
		if values > 0 {
			add("the values or parents of %s", count(values, "utility node"))
		}
		if docs > 0 {
			add("labels, descriptions, actors, positions, rationales or citations of %s", count(docs, "utility node"))
		}
	}
	if m.Title != "" && back.Title != m.Title {
		add("the title")
	}
	if m.Description != "" && back.Description != m.Description {
		add("the model's description")
	}
	if len(m.Authors) > 0 && !slices.Equal(m.Authors, back.Authors) {
		add("the authors")
	}
	if (m.Created != "" && back.Created != m.Created) || (m.Modified != "" && back.Modified != m.Modified) {
		add("the dates created and modified")
	}
	switch {
	case m.Horizon != "" && back.Horizon != m.Horizon:
		add("the as-of date and the horizon")
	case m.AsOf != "" && back.AsOf != m.AsOf:
		add("the as-of date")
	}
	if m.Notes != "" && back.Notes != m.Notes {
		add("the model's notes")
	}
	if len(m.Limits) > 0 && !slices.Equal(m.Limits, back.Limits) {
		add("%s of the model", count(len(m.Limits), "stated limit"))
	}
	if len(m.Sources) > 0 && !slices.Equal(m.Sources, back.Sources) {
		add("%s", count(len(m.Sources), "source"))
	}

	// Node documentation, counted by field over the nodes that have it.
	type field struct {
		what string
		has  func(nd *model.Node) bool
		same func(a, b *model.Node) bool
	}
	fields := []field{
		{"labels", func(nd *model.Node) bool { return nd.Label != "" },
			func(a, b *model.Node) bool { return a.Label == b.Label }},
		{"descriptions", func(nd *model.Node) bool { return nd.Description != "" },
			func(a, b *model.Node) bool { return a.Description == b.Description }},
		{"roles", func(nd *model.Node) bool { return nd.Role != model.RoleNone },
			func(a, b *model.Node) bool { return a.Role == b.Role }},
		{"groups", func(nd *model.Node) bool { return nd.Group != "" },
			func(a, b *model.Node) bool { return a.Group == b.Group }},
		{"state labels", func(nd *model.Node) bool { return !sameLabels(nd.StateLabels, nil) },
			func(a, b *model.Node) bool { return sameLabels(a.StateLabels, b.StateLabels) }},
		{"rationales", func(nd *model.Node) bool { return nd.Rationale != "" },
			func(a, b *model.Node) bool { return a.Rationale == b.Rationale }},
		{"citations", func(nd *model.Node) bool { return len(nd.Citations) > 0 },
			func(a, b *model.Node) bool { return slices.Equal(a.Citations, b.Citations) }},
		{"positions", func(nd *model.Node) bool { return nd.Position != nil },
			func(a, b *model.Node) bool { return b.Position != nil && *a.Position == *b.Position }},
		{"confidence values", func(nd *model.Node) bool { return nd.Confidence != 0 },
			func(a, b *model.Node) bool { return a.Confidence == b.Confidence }},
		{"actors of decisions", func(nd *model.Node) bool { return nd.Actor != "" },
			func(a, b *model.Node) bool { return a.Actor == b.Actor }},
		{"canonical models (written as the full tables they give)", func(nd *model.Node) bool { return nd.Canonical != nil },
			func(a, b *model.Node) bool { return reflect.DeepEqual(a.Canonical, b.Canonical) }},
		{"marks on CPT rows to review", func(nd *model.Node) bool { return len(nd.Review) > 0 },
			func(a, b *model.Node) bool { return slices.Equal(a.Review, b.Review) }},
	}
	lostBy := make([]int, len(fields))
	var missing []string
	cpts := 0
	for v := range m.Net.NumVariables() {
		name := m.Net.Name(v)
		w, ok := back.Net.Index(name)
		if !ok {
			missing = append(missing, name)
			continue
		}
		a, b := &m.Nodes[v], &back.Nodes[w]
		for i, f := range fields {
			if f.has(a) && !f.same(a, b) {
				lostBy[i]++
			}
		}
		if !slices.Equal(m.Net.Variable(v).States, back.Net.Variable(w).States) || !sameNumbers(m.Net.CPT(v), back.Net.CPT(w)) || !sameParents(m, back, v, w) {
			cpts++
		}
	}
	for _, name := range missing {
		add("the node %q", name)
	}
	if cpts > 0 {
		add("the exact states, parents or CPT of %s", count(cpts, "node"))
	}
	for i, f := range fields {
		if lostBy[i] > 0 {
			add("%s of %s", f.what, count(lostBy[i], "node"))
		}
	}
	return out
}

func sameScenario(a, b *model.Scenario) bool {
	return a.Name == b.Name && a.Description == b.Description && a.Author == b.Author &&
		slices.EqualFunc(a.Findings, b.Findings, func(x, y model.Finding) bool {
			return x.Node == y.Node && x.Kind == y.Kind && x.State == y.State &&
				slices.Equal(x.NotStates, y.NotStates) && sameNumbers(x.Weights, y.Weights) &&
				(x.Provenance == nil) == (y.Provenance == nil) && (x.Provenance == nil || *x.Provenance == *y.Provenance)
		})
}

// sameLabels compares state labels, an empty label being the same as
// none.
func sameLabels(a, b []string) bool {
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return false
		}
	}
	return true
}

// sameNumbers compares exactly, NaN equal to NaN.
func sameNumbers(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) })
}

func sameParents(m, back *model.Model, v, w int) bool {
	pa, pb := m.Net.Parents(v), back.Net.Parents(w)
	return slices.EqualFunc(pa, pb, func(x, y int) bool { return m.Net.Name(x) == back.Net.Name(y) })
}

// count writes "1 node", "3 nodes".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
