package preview_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/preview"
	"github.com/asperalm/aslmcli/products/preview/previewtest"
)

func newGenerator(t *testing.T) *preview.Generator {
	return &preview.Generator{Tools: preview.FindTools(nil), TempDir: t.TempDir(),
		Options: preview.Options{VidFramecount: 4, VidBlendframes: 2, VidFramepause: 2, ClipsCount: 2, ClipsLength: 1}}
}

// TestGenerateRealTools makes the preview of each sample with the real tools and checks the
// format and dimensions of each.
func TestGenerateRealTools(t *testing.T) {
	src := previewtest.Samples(t, t.TempDir())
	g := newGenerator(t)
	cases := []struct {
		file   string
		format preview.Format
		video  preview.VideoMethod
		want   previewtest.Info
	}{
		{previewtest.JPEG, preview.PNG, "", previewtest.Info{Format: "PNG", Width: 800, Height: 600}},
		{previewtest.PNGA, preview.PNG, "", previewtest.Info{Format: "PNG", Width: 400, Height: 300}},
		{previewtest.TIFF16, preview.PNG, "", previewtest.Info{Format: "PNG", Width: 800, Height: 400}},
		{previewtest.PDF, preview.PNG, "", previewtest.Info{Format: "PNG", Width: 565, Height: 800}},
		{previewtest.DOCX, preview.PNG, "", previewtest.Info{Format: "PNG"}},
		{previewtest.Text, preview.PNG, "", previewtest.Info{Format: "PNG"}},
		{previewtest.Video, preview.PNG, "", previewtest.Info{Format: "PNG", Width: 133, Height: 100}},
		{previewtest.Video, preview.MP4, preview.Reencode, previewtest.Info{Format: "mov,mp4,m4a,3gp,3g2,mj2", Codec: "h264", Width: 320, Height: 240}},
		{previewtest.Video, preview.MP4, preview.Clips, previewtest.Info{Format: "mov,mp4,m4a,3gp,3g2,mj2", Codec: "h264", Width: 320, Height: 240}},
		{previewtest.Video, preview.MP4, preview.Blend, previewtest.Info{Format: "mov,mp4,m4a,3gp,3g2,mj2", Codec: "h264", Width: 320, Height: 240}},
	}
	for _, c := range cases {
		t.Run(c.file+"_"+string(c.format)+"_"+string(c.video), func(t *testing.T) {
			typ, err := preview.Detect(c.file, "", true, filepath.Join(src, c.file))
			if err != nil {
				t.Fatal(err)
			}
			gen := *g
			gen.Options.Video = c.video
			dst := filepath.Join(t.TempDir(), "x", "preview."+string(c.format))
			if err := gen.Generate(context.Background(), filepath.Join(src, c.file), dst, typ, c.format); err != nil {
				t.Fatal(err)
			}
			got := previewtest.Probe(t, dst)
			if c.want.Width == 0 { // documents and text: a PNG that fits the thumbnail size
				if got.Format != "PNG" || got.Width < 50 || got.Width > 800 || got.Height < 20 || got.Height > 800 {
					t.Fatalf("%+v", got)
				}
				return
			}
			if got.Format != c.want.Format || got.Width != c.want.Width || got.Height != c.want.Height || got.Codec != c.want.Codec {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
			if c.format == preview.MP4 && (got.Duration <= 0.5 || got.Duration > 3.5) {
				t.Fatalf("duration %v", got.Duration)
			}
		})
	}
}

func TestGenerateKeepsTransparency(t *testing.T) {
	src := previewtest.Samples(t, t.TempDir())
	dst := filepath.Join(t.TempDir(), "preview.png")
	if err := newGenerator(t).Generate(context.Background(), filepath.Join(src, previewtest.PNGA), dst, preview.Image, preview.PNG); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); len(b) < 26 || (b[25] != 6 && b[25] != 4 && b[25] != 3) { // IHDR colour type: RGBA, grey+alpha, or palette with tRNS
		t.Fatalf("colour type %v", b[25])
	}
}

func TestGenerateCorruptAndMissingTool(t *testing.T) {
	src := previewtest.Samples(t, t.TempDir())
	dst := filepath.Join(t.TempDir(), "preview.png")
	err := newGenerator(t).Generate(context.Background(), filepath.Join(src, previewtest.Corrupt), dst, preview.Image, preview.PNG)
	if err == nil || !strings.Contains(err.Error(), "convert") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("corrupt input: %v", err)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Fatal("a failed generation left a file")
	}
	noFF := &preview.Generator{Tools: preview.FindTools(func(name string) (string, error) {
		if strings.HasPrefix(name, "ff") {
			return "", errors.New("not found")
		}
		return "/usr/bin/" + name, nil
	})}
	err = noFF.Generate(context.Background(), filepath.Join(src, previewtest.Video), dst, preview.Video, preview.MP4)
	if !errors.Is(err, preview.ErrMissingTool) || !strings.Contains(err.Error(), "Debian package ffmpeg") {
		t.Fatalf("missing ffmpeg: %v", err)
	}
}

// TestGenerateCancelled: a cancellation stops the tool (LibreOffice and its children) and the
// generation returns the context's error at once, leaving nothing.
func TestGenerateCancelled(t *testing.T) {
	src := previewtest.Samples(t, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	dst := filepath.Join(t.TempDir(), "preview.png")
	began := time.Now()
	err := newGenerator(t).Generate(ctx, filepath.Join(src, previewtest.DOCX), dst, preview.Office, preview.PNG)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > 10*time.Second {
		t.Fatalf("%v after %v", err, time.Since(began))
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Fatal("a cancelled generation left a file")
	}
}
