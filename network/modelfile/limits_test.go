package modelfile

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"brink/internal/hostile"
	"brink/network"
	"brink/network/diag"
	"brink/network/limits"
)

// head is the start of every model below: line 3 is the first line after
// it.
const head = "[model]\nformat = 1\n"

// root is a binary node without parents, its [[node]] header on its first
// line.
func root(id string) string {
	return fmt.Sprintf("[[node]]\nid = %q\nstates = [\"x\", \"y\"]\ncpt = [{ p = [0.5, 0.5] }]\n", id)
}

// parentsModel is a node "child" with n binary parents p1…pn and one row,
// for p1…pn all x; its cpt key is on the last line.
func parentsModel(n int) string {
	var b strings.Builder
	b.WriteString(head)
	names := make([]string, n)
	given := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%q", fmt.Sprintf("p%d", i+1))
		given[i] = fmt.Sprintf("p%d = \"x\"", i+1)
		b.WriteString(root(fmt.Sprintf("p%d", i+1)))
	}
	fmt.Fprintf(&b, "[[node]]\nid = \"child\"\nstates = [\"x\", \"y\"]\nparents = [%s]\ncpt = [{ given = { %s }, p = [0.5, 0.5] }]\n",
		strings.Join(names, ", "), strings.Join(given, ", "))
	return b.String()
}

// TestReadHardening checks each limit and each check added against
// hostile files: the cause, the message and the position.
func TestReadHardening(t *testing.T) {
	deep := func(open, close string, n int) string {
		return head + "x = " + strings.Repeat(open, n) + "1" + strings.Repeat(close, n) + "\n"
	}
	nfc, nfd := "caf\u00e9", "cafe\u0301"
	tests := []struct {
		name  string
		src   string
		lim   limits.Limits
		is    error
		wants []string
	}{
		// 1. A table far larger than the file.
		{"23 parents, one row", parentsModel(23), limits.Limits{}, ErrMissingConfig, []string{
			"bad.toml:99:1: modelfile: node \"child\": 8388607 parent configurations have no row, e.g. " +
				"p1=x, p2=x, p3=x, p4=x, p5=x, p6=x, p7=x, p8=x, p9=x, p10=x, p11=x, p12=x, p13=x, p14=x, p15=x, p16=x, p17=x, p18=x, p19=x, p20=x, p21=x, p22=x, p23=y; ",
			"; and 8388603 more: missing parent configuration"}},
		{"table past the limit", parentsModel(3), limits.Limits{TableEntries: 15}, diag.ErrTooLarge, []string{
			`bad.toml:18:1: modelfile: CPT entries of variable "child": 16 (2 states × 8 parent configurations), more than the limit of 15`}},
		{"model total past the limit", base, limits.Limits{TotalEntries: 7}, diag.ErrTooLarge, []string{
			`bad.toml:19:1: modelfile: CPT entries of the whole model, at variable "b": 8, more than the limit of 7`}},
		{"parents past the limit", parentsModel(3), limits.Limits{Parents: 2}, diag.ErrTooLarge, []string{
			`bad.toml:18:1: modelfile: parents of variable "child": 3, more than the limit of 2`}},
		// 2. Nesting and size.
		{"nested inline tables", deep("{a=", "}", 10_000), limits.Limits{}, diag.ErrTooLarge, []string{
			"bad.toml:3:194: modelfile: nesting of tables, arrays and dotted keys: 65 levels, more than the limit of 64"}},
		{"nested arrays", deep("[", "]", 100_000), limits.Limits{}, diag.ErrTooLarge, []string{"bad.toml:3:68: modelfile: nesting"}},
		{"nested arrays, lower limit", deep("[", "]", 10), limits.Limits{Nesting: 5}, diag.ErrTooLarge, []string{"bad.toml:3:9: modelfile: nesting of tables, arrays and dotted keys: 6 levels, more than the limit of 5"}},
		{"dotted key", head + strings.Repeat("a.", 100) + "b = 1\n", limits.Limits{}, diag.ErrTooLarge, []string{"bad.toml:3:129: modelfile: nesting"}},
		{"dotted table header", head + "[" + strings.Repeat("a.", 100) + "b]\n", limits.Limits{}, diag.ErrTooLarge, []string{"bad.toml:3:130: modelfile: nesting"}},
		{"dotted key in inline table", head + "x = {" + strings.Repeat("a.", 100) + "b = 1}\n", limits.Limits{}, diag.ErrTooLarge, []string{"bad.toml:3:132: modelfile: nesting"}},
		{"file past the limit", head + "# padding\n", limits.Limits{FileBytes: 20}, diag.ErrTooLarge, []string{
			"bad.toml: modelfile: file size: 29 bytes, more than the limit of 20 bytes (to open it anyway, set BRINK_MAX_FILE_MB"}},
		// 3. States and variables.
		{"states past the limit", head + "[[node]]\nid = \"a\"\nstates = [\"1\", \"2\", \"3\", \"4\"]\n", limits.Limits{States: 3}, diag.ErrTooLarge, []string{
			`bad.toml:5:1: modelfile: states of variable "a": 4, more than the limit of 3`}},
		{"variables past the limit", head + root("a") + root("b"), limits.Limits{Variables: 1}, diag.ErrTooLarge, []string{
			"bad.toml:7:1: modelfile: variables: 2, more than the limit of 1"}},
		// 4. Errors past the limit are counted.
		{"errors past the limit", head + "colour = 1\n" + root("a") + "size = 2\n" + root("b") + "size = 3\n", limits.Limits{Errors: 2}, ErrUnknownKey, []string{
			"bad.toml:3:1: modelfile: unknown key \"model.colour\" (want format, title, description, authors, created, modified, as_of, horizon, handling, notes, limits): unknown key\n" +
				"bad.toml:8:1: modelfile: unknown key \"node.size\" in node \"a\" (want id, label, description, role, group, actor, states, parents, position, rationale, confidence, cpt, noisy_or, noisy_max, ranked, deterministic, citation): unknown key\n" +
				"bad.toml: modelfile: and 1 more problem not shown"}},
		// 5. Names.
		{"control character in a node id", head + "[[node]]\nid = \"a\\u001b]0;x\\u0007\"\n", limits.Limits{}, network.ErrBadName, []string{
			`bad.toml:4:1: modelfile: node id "a\x1b]0;x\x07" contains the control character U+001B: invalid name`}},
		{"bidi override in a state", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"\u202ey\"]\n", limits.Limits{}, network.ErrBadName, []string{
			`bad.toml:5:16: modelfile: node "a": state "\u202ey" contains the control character U+202E: invalid name`}},
		{"'=' in a node id", head + root("a=b"), limits.Limits{}, network.ErrBadName, []string{
			`bad.toml:4:1: modelfile: node id "a=b" contains '='`}},
		{"',' in a state", head + "[[node]]\nid = \"a\"\nstates = [\"x,y\", \"z\"]\n", limits.Limits{}, network.ErrBadName, []string{
			`bad.toml:5:11: modelfile: node "a": state "x,y" contains ','`}},
		{"empty node id", head + root(""), limits.Limits{}, network.ErrBadName, []string{`bad.toml:4:1: modelfile: node id "" is empty`}},
		{"NFC and NFD node ids", head + root(nfc) + root(nfd), limits.Limits{}, ErrDuplicate, []string{
			`bad.toml:8:1: modelfile: duplicate node id "café", written differently but the same name in Unicode normal form C (the other is at bad.toml:4:1): duplicate definition`}},
		{"NFC and NFD states", head + "[[node]]\nid = \"a\"\nstates = [\"" + nfc + "\", \"" + nfd + "\"]\n", limits.Limits{}, ErrDuplicate, []string{
			`bad.toml:5:20: modelfile: node "a": duplicate state "café" (the other is at bad.toml:5:11)`}},
		{"invalid UTF-8", head + root("a") + "# caf\xe9\n", limits.Limits{}, diag.ErrEncoding, []string{
			"bad.toml:7:6: modelfile: byte 0xe9, which is not valid UTF-8; a model file must be UTF-8 text: invalid text encoding"}},
		{"NUL", head + "title = \"a\x00\"\n", limits.Limits{}, diag.ErrEncoding, []string{"bad.toml:3:11: modelfile: a NUL byte"}},
		// 6. Numbers.
		{"NaN position", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\nposition = [nan, 1]\ncpt = [{ p = [0.5, 0.5] }]\n", limits.Limits{}, ErrInvalid, []string{
			`bad.toml:6:1: modelfile: node "a": position [NaN, 1] is not two finite numbers: invalid value`}},
		{"infinite position", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\nposition = [0, -inf]\ncpt = [{ p = [0.5, 0.5] }]\n", limits.Limits{}, ErrInvalid, []string{
			`bad.toml:6:1: modelfile: node "a": position [0, -Inf] is not two finite numbers`}},
		{"NaN probability", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\ncpt = [{ p = [nan, 0.5] }]\n", limits.Limits{}, network.ErrCPTNegative, []string{
			`bad.toml:6:15: modelfile: node "a": P(x) = NaN is not a probability`}},
		// 8. Unknown keys, each where it is.
		{"unknown key in a state", head + "[[node]]\nid = \"a\"\nstates = [{ id = \"x\", colour = 1 }, \"y\"]\n", limits.Limits{}, ErrUnknownKey, []string{
			`bad.toml:5:23: modelfile: unknown key "node.states.colour" (want id, label)`}},
		{"unknown key in a row", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\ncpt = [{ p = [0.5, 0.5], q = 1 }]\n", limits.Limits{}, ErrUnknownKey, []string{
			`bad.toml:6:26: modelfile: unknown key "node.cpt.q" in node "a", cpt row 1 (want given, p, review)`}},
		{"unknown key in a finding", head + root("a") + "[[scenario]]\nname = \"s\"\n[[scenario.finding]]\nnode = \"a\"\nstate = \"x\"\nweight = 2\n", limits.Limits{}, ErrUnknownKey, []string{
			`bad.toml:12:1: modelfile: unknown key "scenario.finding.weight"`}},
		{"unknown top-level key", head + "colour = 1\n" + root("a"), limits.Limits{}, ErrUnknownKey, []string{
			`bad.toml:3:1: modelfile: unknown key "model.colour"`}},
		{"unknown table", root("a") + "[extra]\nx = 1\n" + head, limits.Limits{}, ErrUnknownKey, []string{
			`bad.toml:5:1: modelfile: unknown key "extra" (want model, source, node, utility, scenario, log, forecast)`}},
		// Types.
		{"wrong type", head + "title = 3\n", limits.Limits{}, ErrInvalid, []string{`bad.toml:3:1: modelfile: model.title must be a string, not an integer`}},
		{"unquoted date", head + "created = 2024-01-02\n", limits.Limits{}, ErrInvalid, []string{`bad.toml:3:1: modelfile: model.created must be a string, not a date or time (quote it to make it a string)`}},
		{"node table, not array", head + "[node]\nid = \"a\"\n", limits.Limits{}, ErrInvalid, []string{`bad.toml:3:1: modelfile: node must be an array of tables ([[node]]), not a table`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Read([]byte(tc.src), "bad.toml", tc.lim)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%.3000s\nlacks\n%s", err, w)
				}
			}
		})
	}
}

// TestReadWarnings checks what is accepted with a warning.
func TestReadWarnings(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"underflow to zero", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\ncpt = [{ p = [1e-400, 1] }]\n",
			[]string{`bad.toml:6:15: modelfile: number 1e-400 is below the range of normal float64 numbers and is read as 0`}},
		{"subnormal", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\nposition = [4e-320, -1E-310]\ncpt = [{ p = [0, 1] }]\n",
			[]string{
				`bad.toml:6:13: modelfile: number "4e-320" is below the smallest normal float64 (2.2e-308) and reads as 4e-320, with less precision`,
				`bad.toml:6:21: modelfile: number "-1E-310" is below`}},
		{"no warning for zero", head + "[[node]]\nid = \"a\"\nstates = [\"x\", \"y\"]\ncpt = [{ p = [0e-400, 1.0] }]\n", nil},
		{"NFD node id", head + root("cafe\u0301"), []string{`bad.toml:4:1: modelfile: node id "café" normalised to Unicode normal form C`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, warnings, err := Read([]byte(tc.src), "bad.toml", limits.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) != len(tc.want) {
				t.Fatalf("warnings %q, want %d", warnings, len(tc.want))
			}
			for k, w := range tc.want {
				if !strings.HasPrefix(warnings[k], w) {
					t.Errorf("warning %q, want %q…", warnings[k], w)
				}
			}
			if m.Net.Name(0) != network.NormalName(m.Net.Name(0)) {
				t.Errorf("name %q not normalised", m.Net.Name(0))
			}
		})
	}
}

// TestScanNesting checks what the pre-scan counts as nesting: brackets in
// values and parts of keys, not brackets in strings or comments or table
// headers.
func TestScanNesting(t *testing.T) {
	tests := []struct {
		name string
		src  string
		deep bool
	}{
		{"64 arrays", "x = " + strings.Repeat("[", 64) + strings.Repeat("]", 64), false},
		{"65 arrays", "x = " + strings.Repeat("[", 65) + strings.Repeat("]", 65), true},
		{"brackets in a basic string", `x = "` + strings.Repeat("[{", 100) + `"`, false},
		{"brackets in an escaped string", `x = "\"` + strings.Repeat("[", 100) + `\\"`, false},
		{"brackets in a literal string", `x = '` + strings.Repeat("[", 100) + `'`, false},
		{"brackets in a multi-line string", "x = \"\"\"\n\"" + strings.Repeat("[", 100) + "\n\"\"\"\"", false},
		{"brackets in a multi-line literal", "x = '''\n" + strings.Repeat("{", 100) + "'''", false},
		{"brackets in a comment", "x = 1 # " + strings.Repeat("[", 100), false},
		{"brackets in a comment in an array", "x = [\n# " + strings.Repeat("[", 100) + "\n1]", false},
		{"array table headers", strings.Repeat("[[node]]\nid = 1\n", 100), false},
		{"deep header", "[" + strings.Repeat("a.", 64) + "b]", true},
		{"deep key under a header", "[" + strings.Repeat("a.", 30) + "b]\n" + strings.Repeat("c.", 34) + "d = 1", true},
		{"quoted dotted key", strings.Repeat(`"a.b".`, 65) + "c = 1", true},
		{"64 tables of a dotted key", strings.Repeat(`a.`, 64) + "c = 1", false},
		{"dots in a quoted key", `"` + strings.Repeat("a.", 100) + `" = 1`, false},
		{"dots in numbers", "x = [" + strings.Repeat("1.5, ", 100) + "2.5]", false},
		{"multi-line inline table", "x = {\n a = [\n  1,\n ],\n b = { c = 1 },\n}", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := scan([]byte(tc.src), limits.DefaultNesting, 0)
			if got := res.deep >= 0; got != tc.deep {
				t.Errorf("too deep: %v, want %v (at %d)", got, tc.deep, res.deep)
			}
		})
	}
}

// TestLoadChecksSize checks that Load refuses a file past the limit from
// its size, before reading it (the file here is sparse: reading it would
// take 8 MiB).
func TestLoadChecksSize(t *testing.T) {
	path := t.TempDir() + "/big.toml"
	if err := os.WriteFile(path, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, limits.DefaultFileBytes+1); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if !errors.Is(err, diag.ErrTooLarge) || !strings.Contains(err.Error(), "big.toml: modelfile: file size: 8 MiB, more than the limit of 8 MiB") {
		t.Errorf("Load: %v", err)
	}
}

// TestPositionInLargeFile checks the locator on the last of 10,000 rows.
func TestPositionInLargeFile(t *testing.T) {
	src := string(hostile.TOMLRows(10_000))
	last := `{ given = { p1 = "s99", p2 = "s99" }, p = [0.25, 0.75] }`
	if !strings.Contains(src, last) {
		t.Fatal("generator changed")
	}
	src = strings.Replace(src, last, `{ given = { p1 = "s99", p2 = "s99" }, p = [0.25, 0.85] }`, 1)
	_, _, err := Read([]byte(src), "rows.toml", limits.Limits{})
	want := fmt.Sprintf("rows.toml:%d:41: modelfile: node \"c\" given p1=s99, p2=s99: probabilities sum to 1.1, off by +0.1", strings.Count(src, "\n")-1)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %s", err, want)
	}
}
