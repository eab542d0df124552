package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/font"
)

// viridis is the heat maps' colour map (van der Walt & Smith's matplotlib
// default): perceptually uniform, readable in grey and by the
// colour-blind.
var viridis = []color.NRGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x48, 0x28, 0x78, 0xff}, {0x3e, 0x4a, 0x89, 0xff},
	{0x31, 0x68, 0x8e, 0xff}, {0x26, 0x82, 0x8e, 0xff}, {0x1f, 0x9e, 0x89, 0xff},
	{0x35, 0xb7, 0x79, 0xff}, {0x6d, 0xcd, 0x59, 0xff}, {0xb4, 0xde, 0x2c, 0xff},
	{0xfd, 0xe7, 0x25, 0xff},
}

// HeatColour maps a probability to the heat maps' colour scale, linearly
// between its stops; grey for NaN (where the findings would be
// impossible). The window's two-way chart and brinkctl fragility --grid
// both use it, so that one probability has one colour everywhere.
func HeatColour(p float64) color.NRGBA {
	if math.IsNaN(p) {
		return color.NRGBA{0xd1, 0xd5, 0xdb, 0xff}
	}
	t := min(max(p, 0), 1) * float64(len(viridis)-1)
	i := min(int(t), len(viridis)-2)
	f := t - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// Fonts returns the font cache the pictures draw with (Liberation Sans
// regular and bold, parsed once), for pictures drawn outside this package.
func Fonts() (*font.Cache, error) { return sansFaces() }
