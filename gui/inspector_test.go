package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// inspectorLabels returns the texts of the inspector's labels, outside the
// CPT table.
func inspectorLabels(in *inspector) []string {
	var out []string
	for _, o := range test.LaidOutObjects(in.content) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

func TestInspectorUsesLabels(t *testing.T) {
	win, ws := openWindow(t, "../models/us-iran.toml")
	m := ws.Model()
	v, ok := m.Net.Index("iran_intention")
	if !ok {
		t.Fatal("no node iran_intention")
	}
	win.graph.Select(v)
	ids := map[string]bool{}
	for u := range m.Net.NumVariables() {
		if m.Label(u) != m.Net.Name(u) {
			ids[m.Net.Name(u)] = true
		}
	}
	var idLines []string
	for _, text := range inspectorLabels(win.inspector) {
		if strings.HasPrefix(text, "id: ") {
			idLines = append(idLines, text)
			continue
		}
		for id := range ids {
			if strings.Contains(text, id) {
				t.Errorf("the inspector shows id %q in %q", id, text)
			}
		}
	}
	if len(idLines) != 1 || idLines[0] != "id: iran_intention" {
		t.Errorf("detail lines %q, want one \"id: iran_intention\"", idLines)
	}

	// The CPT's headers are the parents' labels and the states' labels.
	c := newCPTView(m, v)
	_, cols := c.size()
	var head []string
	for col := range cols {
		head = append(head, c.cell(0, col))
	}
	var want []string
	for _, p := range m.Net.Parents(v) {
		want = append(want, m.Label(p))
	}
	want = append(want, "Concede", "Endure", "Escalate")
	if got, want := strings.Join(head, "|"), strings.Join(want, "|"); got != want {
		t.Errorf("CPT headers %q, want %q", got, want)
	}
	for _, h := range head {
		if ids[h] || strings.Contains(h, "_") {
			t.Errorf("CPT header %q is an id", h)
		}
	}
	rows, _ := c.size()
	for row := 1; row < rows; row++ {
		for col := range len(c.parents) {
			if text := c.cell(row, col); ids[text] || strings.Contains(text, "_") {
				t.Errorf("CPT cell (%d, %d) is an id: %q", row, col, text)
			}
		}
	}
	if !strings.HasPrefix(c.caption(), "P(Iran intention | "+m.Label(m.Net.Parents(v)[0])+", ") {
		t.Errorf("caption %q", c.caption())
	}
}

func TestInspectorCPTHeadersDoNotOverlap(t *testing.T) {
	win, ws := openWindow(t, "../models/us-iran.toml")
	m := ws.Model()
	v, _ := m.Net.Index("iran_intention")
	win.graph.Select(v)
	c := newCPTView(m, v)
	rows, cols := c.size()
	pad := 2 * theme.InnerPadding()
	for col := range cols {
		for row := range min(rows, 65) {
			w := fyne.MeasureText(c.cell(row, col), theme.TextSize(), fyne.TextStyle{Bold: row == 0}).Width + pad
			if w > c.widths[col] && c.widths[col] < maxCPTColumn {
				t.Errorf("column %d is %v wide, its text %q needs %v", col, c.widths[col], c.cell(row, col), w)
			}
		}
	}
	// Text wider than its column is cut with an ellipsis, not drawn over
	// the next one.
	var table *widget.Table
	for _, o := range test.LaidOutObjects(win.inspector.content) {
		if tb, ok := o.(*widget.Table); ok {
			table = tb
		}
	}
	if table == nil {
		t.Fatal("no CPT table")
	}
	if l := table.CreateCell().(*widget.Label); l.Truncation != fyne.TextTruncateEllipsis {
		t.Errorf("CPT cells truncate with %v", l.Truncation)
	}
	if table.StickyRowCount != 1 {
		t.Error("the CPT's header row scrolls away")
	}
}
