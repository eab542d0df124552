// Package hostile generates model files built to break a reader: tables
// far larger than the file, nesting deep enough to exhaust a stack, names
// that rewrite a terminal, numbers at the edges of float64. The files are
// generated, not committed, so the repository stays small while the tests
// run the same attacks every time.
//
// Every reader must answer each case in bounded time and memory with a
// clear message (or, for the cases marked Valid, read the file). The
// tests in this package run the readers in-process; cmd/brinkctl's tests
// run the built binary on the same files under a 2 GiB address-space cap.
package hostile

// Case is one generated file.
type Case struct {
	// Name identifies the case in test output, e.g. "toml/cpt-23-parents".
	Name string
	// File is the file name to write it under; its extension chooses the
	// reader.
	File string
	// Data is the file's contents.
	Data []byte
	// Want is a fragment the error message must contain (case-insensitive),
	// or "" when any clear error will do. Ignored when Valid.
	Want string
	// Valid is true when the file must read successfully (for instance
	// likelihoods that carry no information, or an NFC/NFD pair that must
	// be refused as a duplicate only when both appear).
	Valid bool
}

// All returns every case, for every format.
func All() []Case {
	var out []Case
	for _, gen := range generators {
		out = append(out, gen()...)
	}
	return out
}

// Format returns the cases of one format: "toml", "bif", "xmlbif",
// "hugin" or "xdsl" (nil for another name), generating only those.
func Format(name string) []Case {
	gen, ok := map[string]func() []Case{"toml": tomlCases, "bif": bifCases, "xmlbif": xmlbifCases, "hugin": huginCases, "xdsl": xdslCases}[name]
	if !ok {
		return nil
	}
	return gen()
}
