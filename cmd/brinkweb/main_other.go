//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains that brinkweb is the web page's engine, built for the
// browser; on other systems only its tests run.
func main() {
	fmt.Fprintln(os.Stderr, "brinkweb is the engine of Brink's shared web pages: build it with GOOS=js GOARCH=wasm (make build does)")
	os.Exit(2)
}
