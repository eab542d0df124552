package sharepage

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"brink/network/formats"
	"brink/network/model"
)

func load(t *testing.T, path string) *model.Model {
	t.Helper()
	doc, err := formats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Model
}

func build(t *testing.T, md *model.Model, opts Options) string {
	t.Helper()
	if !Available() {
		t.Skip("built without the web engine (make wasm puts it in internal/sharepage/wasm)")
	}
	page, err := Build(md, opts)
	if err != nil {
		t.Fatal(err)
	}
	return string(page)
}

var (
	scriptRE = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	styleRE  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	cspRE    = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	dataRE   = regexp.MustCompile(`(?s)<script type="application/json" id="brink-data">(.*?)</script>`)
)

// TestPolicy checks that the page's Content-Security-Policy allows its
// own script and style by their hashes, WebAssembly, and nothing from
// anywhere.
func TestPolicy(t *testing.T) {
	page := build(t, load(t, "../../models/asia.toml"), Options{})
	csp := cspRE.FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy")
	}
	policy := strings.ReplaceAll(csp[1], "&#39;", "'")
	for _, want := range []string{"default-src 'none'", "'wasm-unsafe-eval'", "base-uri 'none'", "form-action 'none'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("policy %q lacks %q", policy, want)
		}
	}
	for _, bad := range []string{"unsafe-inline", "'unsafe-eval'", "http:", "https:", "*"} {
		if strings.Contains(policy, bad) {
			t.Errorf("policy %q allows %q", policy, bad)
		}
	}
	hashOf := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	scripts := scriptRE.FindAllStringSubmatch(page, -1)
	if len(scripts) != 1 {
		t.Fatalf("%d inline scripts, want 1", len(scripts))
	}
	if !strings.Contains(policy, "script-src "+hashOf(scripts[0][1])+" ") {
		t.Errorf("the policy does not allow the page's script by its hash")
	}
	style := styleRE.FindStringSubmatch(page)
	if style == nil || !strings.Contains(policy, "style-src "+hashOf(style[1])) {
		t.Errorf("the policy does not allow the page's style by its hash")
	}
}

// TestHostileText builds the page of a model whose every text holds a
// payload and checks that none reaches the HTML as markup: the model
// travels as JSON whose '<' and '>' are escaped, and the title is
// HTML-escaped. (web/test/share.test.js checks in the browser that
// nothing runs and the text shows literally.)
func TestHostileText(t *testing.T) {
	md := load(t, "../../web/test/hostile.toml")
	page := build(t, md, Options{})
	for _, bad := range []string{"<img", "window.__pwned=1</script>", "<script>window", "</script><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page's HTML holds %q", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 3 {
		t.Errorf("%d script elements, want the page's 3", n)
	}
	if !strings.Contains(page, "<title>&lt;/script&gt;&lt;script&gt;window.__pwned=4&lt;/script&gt;</title>") {
		t.Error("the title is not escaped")
	}
	// The data island reads back to the model's own text.
	m := dataRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no data island")
	}
	var data island
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatal(err)
	}
	doc, err := formats.Read([]byte(data.Model), "model.toml")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Model.Title != md.Title || doc.Model.Nodes[0].Label != md.Nodes[0].Label {
		t.Errorf("the page's model reads back as %q, %q", doc.Model.Title, doc.Model.Nodes[0].Label)
	}
	if len(data.Layout.Cards) != 2 || len(data.Layout.Arcs) != 1 {
		t.Errorf("layout %+v", data.Layout)
	}
}

// TestScenarios checks the choice of scenarios offered.
func TestScenarios(t *testing.T) {
	md := load(t, "../../models/us-iran.toml")
	for _, c := range []struct {
		name  string
		names []string
		want  []string
		err   string
	}{
		{"all", nil, scenarioNames(md), ""},
		{"two, in the model's order", []string{"red_sea_spark", "maximum_pressure"}, []string{"maximum_pressure", "red_sea_spark"}, ""},
		{"unknown", []string{"nosuch"}, nil, `sharepage: the model has no scenario "nosuch" (scenarios: baseline, present_conditions,`},
	} {
		got, err := withScenarios(md, c.names)
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if g := scenarioNames(got); strings.Join(g, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: %v, want %v", c.name, g, c.want)
		}
	}
	if len(md.Scenarios) != len(scenarioNames(md)) {
		t.Error("withScenarios changed the model")
	}
}

func scenarioNames(md *model.Model) []string {
	var out []string
	for _, s := range md.Scenarios {
		out = append(out, s.Name)
	}
	return out
}

// TestFlagshipSize keeps the flagship's page under the 10 MB the README
// promises.
func TestFlagshipSize(t *testing.T) {
	page := build(t, load(t, "../../models/us-iran.toml"), Options{Version: "test"})
	if len(page) >= 10e6 {
		t.Errorf("the flagship's page is %d bytes, over 10 MB", len(page))
	}
	t.Logf("the flagship's page is %d bytes", len(page))
}

// TestNoEngine checks the error a binary built without the engine gives.
func TestNoEngine(t *testing.T) {
	if Available() {
		if _, _, err := readEngine(); err != nil {
			t.Fatal(err)
		}
		return
	}
	_, err := Build(load(t, "../../models/asia.toml"), Options{})
	if !errors.Is(err, ErrNoEngine) || !strings.Contains(err.Error(), "built without the web engine: run make build") {
		t.Errorf("error %v", err)
	}
}
