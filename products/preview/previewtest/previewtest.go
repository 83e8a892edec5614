// Package previewtest gives the tests of the preview generator their sample files, made with
// the real tools (ImageMagick, ffmpeg, LibreOffice), and the probes that check a preview's
// format and dimensions. Without the tools the tests skip, except under CI (ASLMCLI_CI set),
// where .ci/run installs them and their absence fails.
package previewtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Tools are the executables the samples and probes need.
var Tools = []string{"convert", "identify", "ffmpeg", "ffprobe", "soffice", "gs"}

// Require skips the test when a tool is missing (fails it under CI).
func Require(t testing.TB) {
	t.Helper()
	for _, name := range Tools {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("ASLMCLI_CI") != "" {
				t.Fatalf("%s is not installed (.ci/run installs it)", name)
			}
			t.Skipf("%s is not installed", name)
		}
	}
}

// Sample names: what Samples makes.
const (
	JPEG    = "photo.jpg"   // 1200x900 JPEG
	PNGA    = "logo.png"    // 400x300 PNG with transparency
	TIFF16  = "scan.tif"    // 1000x500 16-bit TIFF
	PDF     = "paper.pdf"   // a one-page PDF (A4 at 72 dpi: 595x842 points)
	Video   = "clip.mp4"    // 3 s, 320x240, 25 fps, with sound
	DOCX    = "letter.docx" // a DOCX made by LibreOffice from text
	Text    = "notes.txt"   // plain text
	Corrupt = "broken.jpg"  // a .jpg that is no image
)

var (
	once    sync.Once
	onceDir string
	onceErr error
)

// Samples copies the sample files into dir (made once per test process, in a folder of its
// own, with the real tools) and returns dir.
func Samples(t testing.TB, dir string) string {
	t.Helper()
	Require(t)
	once.Do(func() { onceDir, onceErr = makeSamples() })
	if onceErr != nil {
		t.Fatal(onceErr)
	}
	entries, err := os.ReadDir(onceDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(onceDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// makeSamples makes the samples in a new temporary folder (left for the process's life).
func makeSamples() (string, error) {
	dir, err := os.MkdirTemp("", "previewtest")
	if err != nil {
		return "", err
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	steps := [][]string{
		{"convert", "-size", "1200x900", "plasma:red-blue", "-quality", "90", p(JPEG)},
		{"convert", "-size", "400x300", "xc:none", "-fill", "red", "-draw", "circle 200,150 200,60", p(PNGA)},
		{"convert", "-size", "1000x500", "gradient:black-white", "-depth", "16", p(TIFF16)},
		{"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25", "-f", "lavfi",
			"-i", "sine=duration=3", "-shortest", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", p(Video)},
	}
	for _, s := range steps {
		if out, err := exec.Command(s[0], s[1:]...).CombinedOutput(); err != nil {
			return "", &sampleError{s[0], string(out), err}
		}
	}
	files := map[string]string{
		Text:         "Preview of a text file\nline 2: 100% sure \\ @home\n\tindented\n",
		Corrupt:      "this is not a JPEG at all",
		PDF:          minimalPDF,
		"letter.txt": "Dear reader,\n\nThis letter was written by LibreOffice.\n",
	}
	for name, body := range files {
		if err := os.WriteFile(p(name), []byte(body), 0o644); err != nil {
			return "", err
		}
	}
	profile := "-env:UserInstallation=file://" + filepath.ToSlash(p("lo-profile"))
	cmd := exec.Command("soffice", profile, "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, p("letter.txt"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &sampleError{"soffice", string(out), err}
	}
	os.RemoveAll(p("lo-profile"))
	os.Remove(p("letter.txt"))
	if _, err := os.Stat(p(DOCX)); err != nil {
		return "", err
	}
	return dir, nil
}

type sampleError struct {
	tool, out string
	err       error
}

func (e *sampleError) Error() string {
	return "sample with " + e.tool + ": " + e.err.Error() + ": " + e.out
}

// minimalPDF is a valid one-page PDF with a line of text (written by hand: ImageMagick's PDF
// writer is disabled by Debian's policy).
const minimalPDF = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 44 >> stream
BT /F1 24 Tf 72 700 Td (Hello PDF) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
`

// Info is what a probe tells of a preview file.
type Info struct {
	Format        string // PNG, or the container of a video (mov,mp4,...)
	Width, Height int
	Codec         string // video codec (h264)
	Duration      float64
}

// Probe reads a preview's format and dimensions: identify for a PNG, ffprobe for an MP4.
func Probe(t testing.TB, path string) Info {
	t.Helper()
	if strings.HasSuffix(path, ".mp4") {
		out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
			"stream=codec_name,width,height:format=format_name,duration", "-of", "default=noprint_wrappers=1", path).Output()
		if err != nil {
			t.Fatalf("ffprobe %s: %v", path, err)
		}
		var i Info
		for _, l := range strings.Split(string(out), "\n") {
			k, v, _ := strings.Cut(l, "=")
			switch k {
			case "codec_name":
				i.Codec = v
			case "width":
				i.Width, _ = strconv.Atoi(v)
			case "height":
				i.Height, _ = strconv.Atoi(v)
			case "format_name":
				i.Format = v
			case "duration":
				i.Duration, _ = strconv.ParseFloat(v, 64)
			}
		}
		return i
	}
	out, err := exec.Command("identify", "-format", "%m %w %h\n", path).Output()
	if err != nil {
		t.Fatalf("identify %s: %v", path, err)
	}
	f := strings.Fields(firstLine(string(out)))
	if len(f) != 3 {
		t.Fatalf("identify %s: %q", path, out)
	}
	w, _ := strconv.Atoi(f[1])
	h, _ := strconv.Atoi(f[2])
	return Info{Format: f[0], Width: w, Height: h}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
