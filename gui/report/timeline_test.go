package report

import (
	"bytes"
	"os"
	"testing"

	"brink/models"
	"brink/network/formats"
	"brink/network/timeline"
)

// TestPathChart draws the flagship's path in every format; with
// BRINK_PATH_OUT set it also writes the PNG there, to be looked at.
func TestPathChart(t *testing.T) {
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	b, err := timeline.NewBeliefs(m)
	if err != nil {
		t.Fatal(err)
	}
	path, err := timeline.ComputePath(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"png", "svg", "pdf"} {
		var buf bytes.Buffer
		if err := PathChart(&buf, f, m, path, Options{}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if buf.Len() < 1000 {
			t.Errorf("%s: %d bytes", f, buf.Len())
		}
		if out := os.Getenv("BRINK_PATH_OUT"); out != "" && f == "png" {
			if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	img, xs, err := PathImage(m, path, 480, 420, 1)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 480 || len(xs) != len(path.Points) {
		t.Errorf("image %v, %d xs for %d points", img.Bounds(), len(xs), len(path.Points))
	}
	for i := 1; i < len(xs); i++ {
		if xs[i] < xs[i-1] {
			t.Errorf("the dates go backwards at %d: %v", i, xs)
		}
	}
	if got := PathKey(m, path); len(got) != 8 {
		t.Errorf("key %q", got)
	}
}

// TestBriefTimeline writes the flagship's brief with only the timeline
// section; with BRINK_BRIEF_OUT set it also writes the PDF there, to be
// looked at. A model without a log leaves the section out.
func TestBriefTimeline(t *testing.T) {
	doc, err := formats.LoadFS(models.Files, "us-iran.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := doc.Model
	var buf bytes.Buffer
	if err := Brief(&buf, m, []Column{{Name: "baseline"}}, Options{Sections: []string{SectionTimeline}}); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("BRINK_BRIEF_OUT"); out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bare := *m
	bare.Log = nil
	if err := Brief(&buf, &bare, []Column{{Name: "baseline"}}, Options{Sections: []string{SectionTimeline}}); err == nil {
		t.Error("a brief of only the timeline section written for a model without a log")
	}
}
