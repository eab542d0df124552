//go:build !ci && !js && !wasm && !android && !ios

package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// workArea returns the primary monitor's work area (the screen less
// panels and docks, as the window manager reports it through
// _NET_WORKAREA on X11) in Fyne units, or a zero size when it cannot be
// read (no display, GLFW fails to start).
//
// It starts GLFW, which Fyne's driver starts again later: glfwInit does
// nothing when GLFW is already initialised. It must run on the main
// thread, before the app runs, as main does: Fyne's driver locks main to
// the main thread in its init.
//
// Pixels become Fyne units by the scale Fyne detects for a monitor
// (internal/driver/glfw/scale.go): its DPI over 96, at least 1. A scale
// set by FYNE_SCALE or the user's settings is not applied; a window that
// then comes out too large is still clamped by the window manager.
func workArea() fyne.Size {
	if err := glfw.Init(); err != nil {
		return fyne.Size{}
	}
	// Without a display GLFW reports the platform's error and stays
	// uninitialised, and its calls then panic: there is no window to
	// open, so say so and stop rather than crash.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "brink: cannot open a window: no display could be opened (DISPLAY=%q).\nThe desktop app needs a graphical session; brinkctl does the analyses without one.\n", os.Getenv("DISPLAY"))
			os.Exit(1)
		}
	}()
	mon := glfw.GetPrimaryMonitor()
	if mon == nil {
		return fyne.Size{}
	}
	_, _, w, h := mon.GetWorkarea()
	if w <= 0 || h <= 0 {
		if mode := mon.GetVideoMode(); mode != nil {
			w, h = mode.Width, mode.Height
		}
	}
	scale := float32(1)
	if mm, _ := mon.GetPhysicalSize(); mm > 0 {
		if mode := mon.GetVideoMode(); mode != nil {
			dpi := float32(mode.Width) / (float32(mm) / 25.4)
			if dpi >= 10 && dpi <= 1000 {
				scale = max(dpi/96, 1)
			}
		}
	}
	return fyne.NewSize(float32(w)/scale, float32(h)/scale)
}
