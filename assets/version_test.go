package assets

import (
	"fmt"
	"image/png"
	"os"
	"regexp"
	"testing"
)

// TestFyneAppVersion keeps FyneApp.toml, which the packaging tool reads,
// at the version the binaries print, and its icon at one of ours.
func TestFyneAppVersion(t *testing.T) {
	data, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version = "([^"]*)"`).FindSubmatch(data)
	if m == nil || string(m[1]) != Version {
		t.Errorf("FyneApp.toml's version %q, want assets.Version %q", m, Version)
	}
	if !regexp.MustCompile(`(?m)^\s*Icon = "../../assets/icons/brink-512.png"`).Match(data) {
		t.Error("FyneApp.toml's icon is not ../../assets/icons/brink-512.png (relative to cmd/brink)")
	}
}

// TestIconPNGs checks the PNG renderings of brink.svg that packages use:
// square, at their stated sizes.
func TestIconPNGs(t *testing.T) {
	for _, size := range []int{16, 32, 48, 64, 128, 256, 512} {
		f, err := os.Open(fmt.Sprintf("icons/brink-%d.png", size))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != size || cfg.Height != size {
			t.Errorf("brink-%d.png is %d×%d", size, cfg.Width, cfg.Height)
		}
	}
}
