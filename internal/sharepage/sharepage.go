// Package sharepage writes a model as one self-contained interactive web
// page: the network with belief bars, the intentions and outcomes with
// their change against the baseline, the saved scenarios to apply and
// compare, the model's documentation, and findings the reader sets and
// retracts.
//
// The page computes with Brink's own engine — cmd/brinkweb, the pure-Go
// model reader and belief computation compiled to WebAssembly — embedded
// in it gzip-compressed and base64-encoded, so that its numbers are the
// app's; its JavaScript only draws and forwards clicks. It needs no
// network and no other file.
//
// A model may come from someone hostile, so the page is built to keep
// every text of the model as text:
//
//   - the model travels inside the page as its Brink model file, in a JSON
//     string in a <script type="application/json"> data island, written by
//     encoding/json, which escapes '<', '>' and '&' so that no "</script>"
//     can close the island early;
//   - the page's script writes every model text with textContent and
//     never with innerHTML, and shows source URLs as text, never as links;
//   - a Content-Security-Policy allows only the page's own inline script
//     and style (by their SHA-256 hashes) and WebAssembly compilation
//     ('wasm-unsafe-eval'), and no network access of any kind.
package sharepage

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"strings"

	"brink/gui/cardlayout"
	"brink/network/formats"
	"brink/network/model"
	"brink/network/modelfile"
)

// ErrNoEngine reports a binary built without the page's engine (the
// WebAssembly build of cmd/brinkweb that make puts in wasm/).
var ErrNoEngine = errors.New("sharepage: built without the web engine: run make build")

//go:embed wasm
var engineFS embed.FS

//go:embed page.html page.css page.js
var pageFS embed.FS

// Options say what goes on the page besides the model.
type Options struct {
	// Scenarios names the saved scenarios the page offers, in the
	// model's order; nil offers all of them.
	Scenarios []string
	// Version is the Brink version the page says made it; "" for none.
	Version string
}

// Available reports whether this binary carries the page's engine.
func Available() bool {
	_, err := fs.Stat(engineFS, "wasm/brink.wasm")
	return err == nil
}

// Write writes md's page to w. It refuses a scenario name md does not
// have, and a model that would not read back from its own file (the page
// carries the model as its Brink model file).
func Write(w io.Writer, md *model.Model, opts Options) error {
	page, err := Build(md, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(page)
	return err
}

// Build returns md's page.
func Build(md *model.Model, opts Options) ([]byte, error) {
	engine, loader, err := readEngine()
	if err != nil {
		return nil, err
	}
	shared, err := withScenarios(md, opts.Scenarios)
	if err != nil {
		return nil, err
	}
	text, err := modelfile.Marshal(shared)
	if err != nil {
		return nil, fmt.Errorf("sharepage: %w", err)
	}
	// The page's engine reads the model from this text: check here, where
	// the analyst can be told, that it reads back.
	if _, err := formats.Read(text, "model.toml"); err != nil {
		return nil, fmt.Errorf("sharepage: the model does not read back from its own file: %w", err)
	}
	data, err := json.Marshal(island{Model: string(text), Layout: layoutOf(shared), Version: opts.Version})
	if err != nil {
		return nil, fmt.Errorf("sharepage: %w", err)
	}
	packed, err := gzipped(engine)
	if err != nil {
		return nil, err
	}
	page, err := pageFS.ReadFile("page.html")
	if err != nil {
		return nil, err
	}
	style, err := pageFS.ReadFile("page.css")
	if err != nil {
		return nil, err
	}
	own, err := pageFS.ReadFile("page.js")
	if err != nil {
		return nil, err
	}
	script := string(loader) + "\n" + string(own)
	for _, part := range []string{script, string(style)} {
		if l := strings.ToLower(part); strings.Contains(l, "</script") || strings.Contains(l, "</style") || strings.Contains(l, "<!--") {
			return nil, errors.New("sharepage: the page's own script or style would end its element early")
		}
	}
	title := md.Title
	if title == "" {
		title = "Brink model"
	}
	r := strings.NewReplacer(
		"{{CSP}}", html.EscapeString(policy(script, string(style))),
		"{{TITLE}}", html.EscapeString(title),
		"{{STYLE}}", string(style),
		"{{SCRIPT}}", script,
		"{{DATA}}", string(data),
		"{{ENGINE}}", base64.StdEncoding.EncodeToString(packed),
	)
	return []byte(r.Replace(string(page))), nil
}

// policy is the page's Content-Security-Policy: nothing from anywhere
// (default-src 'none', which covers connect-src, img-src, font-src,
// frame-src and the rest), but its own inline script and style, known by
// their hashes, and the compilation of its WebAssembly engine. Images
// may be data: URLs (none are used; a model text never becomes one).
func policy(script, style string) string {
	return "default-src 'none'; script-src " + hash(script) + " 'wasm-unsafe-eval'; style-src " + hash(style) +
		"; img-src data:; base-uri 'none'; form-action 'none'"
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// readEngine returns the engine and its loader, or ErrNoEngine.
func readEngine() (engine, loader []byte, err error) {
	engine, err = engineFS.ReadFile("wasm/brink.wasm")
	if err != nil {
		return nil, nil, ErrNoEngine
	}
	loader, err = engineFS.ReadFile("wasm/wasm_exec.js")
	if err != nil {
		return nil, nil, ErrNoEngine
	}
	return engine, loader, nil
}

func gzipped(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// withScenarios returns a shallow copy of md offering only the named
// scenarios (all of them for nil names), in md's order. An unknown name
// is an error that lists the scenarios md has.
func withScenarios(md *model.Model, names []string) (*model.Model, error) {
	out := *md
	if names == nil {
		return &out, nil
	}
	keep := map[string]bool{}
	for _, n := range names {
		if _, ok := md.Scenario(n); !ok {
			var have []string
			for _, s := range md.Scenarios {
				have = append(have, s.Name)
			}
			return nil, fmt.Errorf("sharepage: the model has no scenario %q (scenarios: %s)", n, strings.Join(have, ", "))
		}
		keep[n] = true
	}
	out.Scenarios = nil
	for _, s := range md.Scenarios {
		if keep[s.Name] {
			out.Scenarios = append(out.Scenarios, s)
		}
	}
	return &out, nil
}

// island is the page's data: the model as its Brink model file, where
// its cards go, and the version of Brink that wrote it.
type island struct {
	Model   string `json:"model"`
	Layout  layout `json:"layout"`
	Version string `json:"version,omitempty"`
}

// layout places the cards as the window does (cardlayout.Place): each
// card's rectangle, the variables' then the utilities', in model units,
// and each arc as a polyline from the edge of its parent's card to the
// edge of its child's, around the cards in its way (cardlayout.Route).
type layout struct {
	Cards []rect `json:"cards"`
	Arcs  []arc  `json:"arcs"`
}

type rect struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

type arc struct {
	From   int          `json:"from"`
	To     int          `json:"to"`
	Points [][2]float64 `json:"points"`
}

func layoutOf(md *model.Model) layout {
	pts, _ := cardlayout.Place(md)
	cards := cardlayout.Cards(md, pts, cardlayout.Widths(md))
	var l layout
	for _, c := range cards {
		l.Cards = append(l.Cards, rect{c.X, c.Y, c.W, c.H})
	}
	add := func(from, to int) {
		bends := cardlayout.Route(cards, from, to)
		first, last := cards[to].Centre(), cards[from].Centre()
		if len(bends) > 0 {
			first, last = bends[0], bends[len(bends)-1]
		}
		a := arc{From: from, To: to}
		p := cardlayout.Clip(cards[from], first)
		a.Points = append(a.Points, [2]float64{p.X, p.Y})
		for _, b := range bends {
			a.Points = append(a.Points, [2]float64{b.X, b.Y})
		}
		p = cardlayout.Clip(cards[to], last)
		a.Points = append(a.Points, [2]float64{p.X, p.Y})
		l.Arcs = append(l.Arcs, a)
	}
	n := md.Net
	for v := range n.NumVariables() {
		for _, p := range n.Parents(v) {
			add(p, v)
		}
	}
	for k, u := range md.Utilities {
		for _, name := range u.Parents {
			if p, _, err := n.Lookup(name, ""); err == nil {
				add(p, cardlayout.UtilityCard(md, k))
			}
		}
	}
	return l
}
