package main

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runReportT(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = runReport(args, &out, &errb)
	return out.String(), errb.String(), err
}

// TestReportBrief writes the brief of two saved scenarios and the
// findings of the flags, and reads its text back with pdftotext when
// poppler-utils is installed.
func TestReportBrief(t *testing.T) {
	out := filepath.Join(t.TempDir(), "brief.pdf")
	stdout, stderr, err := runReportT(t, "../../models/us-iran.toml",
		"--scenario", "maximum_pressure", "--scenario", "red_sea_spark",
		"-e", "turkish_mediation=active_round", "--not", "us_sanctions=eased", "-o", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	summary := regexp.MustCompile(`^wrote .*brief\.pdf: scenario brief with a comparison page, scenarios Maximum pressure, Red Sea spark, current findings \(\d+ KB\)\n$`)
	if !summary.MatchString(stdout) {
		t.Errorf("summary %q", stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", data)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found; install poppler-utils to check the brief's text")
	}
	text, err := exec.Command(tool, "-layout", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"3 scenarios compared", "Maximum pressure", "Red Sea spark", "current findings",
		"US carrier deployment is set to Surge", "Turkish mediation = Active round", "US sanctions: not Eased",
		"What the model leaves out", "In words", "We judge",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("brief lacks %q", want)
		}
	}
}

// TestReportPictures writes the network picture and the outcome chart in
// each format and checks sizes and content.
func TestReportPictures(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		file   string
		w, h   int    // PNG size
		inText string // SVG content
	}{
		{"network png 2x", []string{"-e", "localized_clash=yes", "--scale", "2"}, "net.png", 3840, 2160, ""},
		{"network png size", []string{"--scenario", "us_distracted", "--width", "1280", "--height", "720"}, "small.png", 1280, 720, ""},
		{"network svg", []string{"--scenario", "turkish_channel"}, "net.svg", 0, 0, "Turkish mediation"},
		{"outcomes svg", []string{"--what", "outcomes", "--scenario", "baseline", "--scenario", "domestic_unrest"}, "out.svg", 0, 0, "Unrest at home"},
		{"outcomes png", []string{"--what", "outcomes", "--scenario", "red_sea_spark"}, "out.png", 1920, 1080, ""},
		{"outcomes pdf", []string{"--what", "outcomes", "--scenario", "red_sea_spark"}, "out.pdf", 0, 0, ""},
		{"network pdf", []string{"--what", "network"}, "net.pdf", 0, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.file)
			args := append([]string{"../../models/us-iran.toml", "-o", out}, tc.args...)
			stdout, stderr, err := runReportT(t, args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			if !strings.HasPrefix(stdout, "wrote "+out+": ") {
				t.Errorf("summary %q", stdout)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			switch filepath.Ext(out) {
			case ".png":
				cfg, err := png.DecodeConfig(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Width != tc.w || cfg.Height != tc.h {
					t.Errorf("size %d×%d, want %d×%d", cfg.Width, cfg.Height, tc.w, tc.h)
				}
			case ".svg":
				if !bytes.Contains(data, []byte("<svg")) || !bytes.Contains(data, []byte(tc.inText)) {
					t.Errorf("SVG lacks %q", tc.inText)
				}
			case ".pdf":
				if !bytes.HasPrefix(data, []byte("%PDF-")) {
					t.Error("not a PDF")
				}
			}
		})
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	model := "../../models/us-iran.toml"
	tests := []struct {
		name string
		args []string
		want string // substring of the error; "" for errUsage
	}{
		{"no output", []string{model}, "want -o OUT.pdf"},
		{"bad extension", []string{model, "-o", filepath.Join(dir, "x.gif")}, `unknown format ".gif"`},
		{"no model", []string{"-o", filepath.Join(dir, "x.pdf")}, "exactly one MODEL"},
		{"unknown scenario", []string{model, "--scenario", "nope", "-o", filepath.Join(dir, "x.pdf")}, `no scenario "nope" (scenarios: baseline, present_conditions, maximum_pressure`},
		{"two in one picture", []string{model, "--scenario", "baseline", "--scenario", "red_sea_spark", "-o", filepath.Join(dir, "x.png")}, "shows one scenario, not 2"},
		{"brief as png", []string{model, "--what", "brief", "-o", filepath.Join(dir, "x.png")}, "the brief is a PDF"},
		{"bad what", []string{model, "--what", "slides", "-o", filepath.Join(dir, "x.png")}, `--what "slides"`},
		{"unknown state", []string{model, "-e", "localized_clash=maybe", "-o", filepath.Join(dir, "x.png")}, `no state "maybe"`},
		{"bad scale", []string{model, "--scale", "0", "-o", filepath.Join(dir, "x.png")}, "scale"},
		{"impossible", []string{"../../models/asia.toml", "-e", "either=no", "-e", "lung=yes", "-o", filepath.Join(dir, "x.pdf")}, "impossible evidence"},
		{"unknown flag", []string{model, "--colour", "red"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runReportT(t, tc.args...)
			switch {
			case tc.want == "" && !errors.Is(err, errUsage):
				t.Errorf("err = %v, want errUsage", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

// TestReportKeepsOldFileOnError: a report that fails leaves the file it
// would have replaced as it was.
func TestReportKeepsOldFileOnError(t *testing.T) {
	out := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runReportT(t, "../../models/asia.toml", "-e", "either=no", "-e", "lung=yes", "-o", out); err == nil {
		t.Fatal("no error")
	}
	if data, _ := os.ReadFile(out); string(data) != "old" {
		t.Errorf("file now %.20q", data)
	}
	if _, _, err := runReportT(t, "../../models/asia.toml", "-e", "xray=yes", "-o", out); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(out); !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Error("the file was not replaced")
	}
}

// TestReportReference compares against a scenario named by --reference,
// and refuses one that is not among the --scenario flags.
func TestReportReference(t *testing.T) {
	out := filepath.Join(t.TempDir(), "brief.pdf")
	if _, stderr, err := runReportT(t, "../../models/us-iran.toml", "--scenario", "maximum_pressure", "--scenario", "red_sea_spark",
		"--reference", "maximum_pressure", "-o", out); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if tool, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(tool, "-layout", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), "differences against Maximum pressure") {
			t.Error("the comparison is not against Maximum pressure")
		}
	}
	if _, _, err := runReportT(t, "../../models/us-iran.toml", "--scenario", "red_sea_spark", "--reference", "maximum_pressure", "-o", out); err == nil {
		t.Error("a reference outside the brief gave no error")
	}
}

// TestReportHandling prints --handling on the brief's pages.
func TestReportHandling(t *testing.T) {
	out := filepath.Join(t.TempDir(), "brief.pdf")
	if _, stderr, err := runReportT(t, "../../models/us-iran.toml", "--scenario", "red_sea_spark", "--handling", "UNCLASSIFIED — FOR TRAINING", "-o", out); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found")
	}
	text, err := exec.Command(tool, "-layout", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Count(string(text), "\f")
	if n := strings.Count(string(text), "UNCLASSIFIED — FOR TRAINING"); n != 2*pages {
		t.Errorf("the handling line is printed %d times on %d pages", n, pages)
	}
}

// TestReportSections writes the sections --sections names, and refuses
// an unknown one.
func TestReportSections(t *testing.T) {
	out := filepath.Join(t.TempDir(), "brief.pdf")
	if _, stderr, err := runReportT(t, "../../models/us-iran.toml", "--scenario", "maximum_pressure", "--scenario", "red_sea_spark",
		"--sections", "summary, limits", "-o", out); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if tool, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(tool, "-layout", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), "BOTTOM LINE") || !strings.Contains(string(text), "What the model leaves out") || strings.Contains(string(text), "scenarios compared") {
			t.Errorf("--sections summary,limits wrote:\n%s", text)
		}
	}
	if _, _, err := runReportT(t, "../../models/us-iran.toml", "--sections", "appendix", "-o", out); err == nil {
		t.Error("an unknown section gave no error")
	}
}

// TestReportBriefDefaultsToEveryScenario: without --scenario or findings
// a brief covers every saved scenario, in the model's order, as the
// window's export dialog starts; a picture shows the model without
// findings.
func TestReportBriefDefaultsToEveryScenario(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, err := runReportT(t, "../../models/us-iran.toml", "-o", filepath.Join(dir, "brief.pdf"))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "scenarios Baseline: no findings, The article's present, Maximum pressure,") || !strings.Contains(stdout, "Lethal clash, forceful answer (") {
		t.Errorf("summary %q, want every scenario in order", stdout)
	}
	stdout, stderr, err = runReportT(t, "../../models/us-iran.toml", "-o", filepath.Join(dir, "net.svg"))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if strings.Contains(stdout, "Maximum pressure") {
		t.Errorf("the picture's summary %q names a scenario", stdout)
	}
}

// TestReportPath draws the flagship's log as the path chart, as the Log
// tab exports it, and refuses a model without a log with a clear error.
func TestReportPath(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "path.png")
	stdout, stderr, err := runReportT(t, "../../models/us-iran.toml", "--what", "path", "-o", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "path chart, 8 log entries") {
		t.Errorf("summary %q", stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width != 1920 || cfg.Height != 1080 {
		t.Errorf("path.png: %v, %dx%d", err, cfg.Width, cfg.Height)
	}
	_, _, err = runReportT(t, "../../models/asia.toml", "--what", "path", "-o", filepath.Join(dir, "p.svg"))
	if err == nil || !strings.Contains(err.Error(), "has no log") {
		t.Errorf("asia's path: %v, want a refusal naming the missing log", err)
	}
}
