package modelfile

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// tbl is one TOML table of the file being read, with its path ("node[3]")
// and its key as the decoder spells it ("node"), for messages.
type tbl struct {
	r    *reader
	m    map[string]any
	path string
	key  string
	used int // keys taken; end reports the others
}

// The keys each table may hold.
var tableKeys = map[string][]string{
	"":                           {"model", "source", "node", "utility", "scenario", "log", "forecast"},
	"utility":                    {"id", "label", "actor", "parents", "position", "description", "rationale", "values", "citation"},
	"utility.values":             {"given", "value"},
	"utility.citation":           {"source", "quote"},
	"model":                      {"format", "title", "description", "authors", "created", "modified", "as_of", "horizon", "handling", "notes", "limits"},
	"source":                     {"id", "title", "author", "date", "url", "citation"},
	"node":                       {"id", "label", "description", "role", "group", "actor", "states", "parents", "position", "rationale", "confidence", "cpt", "noisy_or", "noisy_max", "ranked", "deterministic", "citation"},
	"node.noisy_or":              {"absent", "parent_absent", "link", "leak"},
	"node.noisy_max":             {"absent", "parent_absent", "cause", "leak"},
	"node.noisy_max.cause":       {"parent", "state", "p"},
	"node.ranked":                {"function", "weights", "min_weight", "max_weight", "variance"},
	"node.deterministic":         {"outcome"},
	"node.deterministic.outcome": {"given", "state"},
	"node.states":                {"id", "label"},
	"node.citation":              {"source", "quote"},
	"scenario":                   {"name", "description", "author", "finding"},
	"scenario.finding":           {"node", "state", "do", "not", "likelihood", "note", "source", "observed", "reliability", "credibility"},
	"log":                        {"date", "node", "state", "do", "not", "likelihood", "retract", "note", "source", "reliability", "credibility"},
	"forecast":                   {"date", "node", "p", "note", "resolved", "resolved_on"},
}

func (t *tbl) sub(key string) string {
	if t.path == "" {
		return key
	}
	return t.path + "." + key
}

func (t *tbl) subKey(key string) string {
	if t.key == "" {
		return key
	}
	return t.key + "." + key
}

// get returns the value of key, if present, and marks it as read.
func (t *tbl) get(key string) (any, bool) {
	v, ok := t.m[key]
	if ok {
		t.used++
	}
	return v, ok
}

// str returns the string at key, "" when absent.
func (t *tbl) str(key string) string {
	v, ok := t.get(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.r.typeError(t.sub(key), t.subKey(key), "a string", v)
	}
	return s
}

// strs returns the array of strings at key.
func (t *tbl) strs(key string) []string {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		t.r.typeError(t.sub(key), t.subKey(key), "an array of strings", v)
		return nil
	}
	out := make([]string, 0, len(arr))
	for k, x := range arr {
		s, ok := x.(string)
		if !ok {
			t.r.typeError(fmt.Sprintf("%s[%d]", t.sub(key), k), t.subKey(key), "a string", x)
			continue
		}
		out = append(out, s)
	}
	return out
}

// number returns the number (integer or float) at key.
func (t *tbl) number(key string) (float64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	f, ok := toFloat(v)
	if !ok {
		t.r.typeError(t.sub(key), t.subKey(key), "a number", v)
	}
	return f, ok
}

// numbers converts the array v at key to numbers.
func (t *tbl) numbers(key string, v any) ([]float64, bool) {
	arr, ok := v.([]any)
	if !ok {
		t.r.typeError(t.sub(key), t.subKey(key), "an array of numbers", v)
		return nil, false
	}
	out := make([]float64, len(arr))
	for k, x := range arr {
		if out[k], ok = toFloat(x); !ok {
			t.r.typeError(fmt.Sprintf("%s[%d]", t.sub(key), k), t.subKey(key), "a number", x)
			return nil, false
		}
	}
	return out, true
}

// integer returns the integer at key.
func (t *tbl) integer(key string) (int64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	i, ok := v.(int64)
	if !ok {
		t.r.typeError(t.sub(key), t.subKey(key), "an integer", v)
	}
	return i, ok
}

// table returns the table at key, or nil.
func (t *tbl) table(key string) *tbl {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.r.typeError(t.sub(key), t.subKey(key), "a table", v)
		return nil
	}
	return &tbl{r: t.r, m: m, path: t.sub(key), key: t.subKey(key)}
}

// tables returns the array of tables at key: [[key]] sections or an array
// of inline tables.
func (t *tbl) tables(key string) []*tbl {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	var ms []map[string]any
	switch x := v.(type) {
	case []map[string]any:
		ms = x
	case []any:
		for k, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				t.r.typeError(fmt.Sprintf("%s[%d]", t.sub(key), k), t.subKey(key), "a table", e)
				return nil
			}
			ms = append(ms, m)
		}
	default:
		t.r.typeError(t.sub(key), t.subKey(key), "an array of tables ([["+t.subKey(key)+"]])", v)
		return nil
	}
	out := make([]*tbl, len(ms))
	for k, m := range ms {
		out[k] = &tbl{r: t.r, m: m, path: fmt.Sprintf("%s[%d]", t.sub(key), k), key: t.subKey(key)}
	}
	return out
}

// end reports the keys of t that were not read: unknown keys are errors,
// so that a misspelt key never loses what its author meant.
func (t *tbl) end() {
	if t.used >= len(t.m) || t.m == nil {
		return
	}
	known := tableKeys[t.key]
	where := ""
	if strings.HasPrefix(t.path, "node[") {
		if id, ok := t.r.nodeName(t); ok {
			where = " in node " + q(id)
		}
	}
	for _, k := range sortedKeys(t.m) {
		if !slices.Contains(known, k) {
			t.r.errorf(t.sub(k), ErrUnknownKey, "unknown key %q%s (want %s)", t.subKey(tomlKey(k)), where, strings.Join(known, ", "))
		}
	}
}

// nodeName returns the id of the node a table belongs to, for messages.
func (r *reader) nodeName(t *tbl) (string, bool) {
	id, ok := t.m["id"].(string)
	return id, ok && t.key == "node"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// typeError reports a value of the wrong type at path; key is the key as
// the decoder spells it.
func (r *reader) typeError(path, key, want string, v any) {
	r.errorf(path, ErrInvalid, "%s must be %s, not %s", key, want, typeName(v))
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date or time (quote it to make it a string)"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}

// toFloat converts a TOML number to a float64; integers convert exactly
// up to 2⁵³.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}
