// Package assets holds the images the desktop app ships inside its
// binary: the application icon, used for the window, the task bar and the
// desktop entry.
package assets

import _ "embed"

// Icon is Brink's application icon, an SVG: three belief-network cards —
// an indicator (blue) and an intention (violet) feeding a latent factor
// that drives an outcome (orange) whose bar is filling.
//
//go:embed brink.svg
var Icon []byte
