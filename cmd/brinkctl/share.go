package main

import (
	"bytes"
	"fmt"
	"io"

	"brink/assets"
	"brink/internal/atomicfile"
	"brink/internal/sharepage"
)

// runShare writes the model as one self-contained interactive web page
// (internal/sharepage): the network with belief bars, the intentions and
// outcomes, the saved scenarios and the documentation, computed in the
// page by Brink's own engine compiled to WebAssembly.
//
//	brinkctl share MODEL -o PAGE.html [--scenario NAME]...
//
// With --scenario flags the page offers only those saved scenarios.
func runShare(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("share", stderr)
	var (
		scenarios stringList
		out       string
	)
	fs.Var(&scenarios, "scenario", "offer the saved scenario `NAME` on the page (repeatable; default: every saved scenario)")
	fs.StringVar(&out, "o", "", "output file `PAGE`.html")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: brinkctl share MODEL -o PAGE.html [--scenario NAME]...")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want exactly one MODEL file, got %d arguments", len(pos))
	}
	if out == "" {
		return fmt.Errorf("want -o PAGE.html")
	}
	if !sharepage.Available() {
		return sharepage.ErrNoEngine
	}
	doc, err := loadModel(pos[0])
	if err != nil {
		return err
	}
	printWarnings(stderr, doc)
	opts := sharepage.Options{Version: assets.Version}
	if len(scenarios) > 0 {
		opts.Scenarios = scenarios
	}
	var buf bytes.Buffer
	if err := sharepage.Write(&buf, doc.Model, opts); err != nil {
		return err
	}
	if _, err := atomicfile.Write(out, buf.Bytes(), nil); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s)\n", out, byteSize(buf.Len()))
	return nil
}
