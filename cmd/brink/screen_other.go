//go:build ci || js || wasm || android || ios

package main

import "fyne.io/fyne/v2"

// workArea reports an unknown screen size where GLFW is not the driver
// (the headless ci build, the browser, mobile): the window opens at
// gui.FallbackSize.
func workArea() fyne.Size { return fyne.Size{} }
