package preview_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/products/preview"
)

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, mime string
		ext        bool
		body       string
		want       preview.Type
	}{
		{"a.bin", "image/jpeg", true, "", preview.Image},                            // the node's MIME type first
		{"a.docx", "", true, "", preview.Office},                                    // then the extension
		{"a.docx", "", false, "PK\x03\x04zip", preview.Office},                      // else the content
		{"noext", "", true, "%PDF-1.4\n", preview.PDF},                              // magic number
		{"noext", "", true, "just some text\n", preview.Plaintext},                  // printable UTF-8
		{"noext", "", true, "\x00\x01\x02binary", ""},                               // nothing known
		{"x.svg", "", false, "<?xml version=\"1.0\"?>\n<svg></svg>", preview.Image}, // text that is SVG
		{"m.mov", "video/quicktime", true, "", preview.Video},
		{"s.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true, "", preview.Office},
	}
	for _, c := range cases {
		path := ""
		if c.body != "" {
			path = write(c.name, c.body)
		}
		got, err := preview.Detect(c.name, c.mime, c.ext, path)
		if err != nil || got != c.want {
			t.Errorf("%s %q ext=%v: %q %v, want %q", c.name, c.mime, c.ext, got, err, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	if v, err := preview.ParseVideo("preview"); err != nil || v != preview.Blend {
		t.Fatalf("preview is blend: %v %v", v, err)
	}
	for _, bad := range []func() error{
		func() error { _, err := preview.ParseVideo("slideshow"); return err },
		func() error { _, err := preview.ParseType("sound"); return err },
		func() error { _, err := preview.ParseFormat("gif"); return err },
		func() error { _, err := preview.ParseOverwrite("sometimes"); return err },
	} {
		if bad() == nil {
			t.Fatal("a bad value was accepted")
		}
	}
	if o, err := preview.ParseOverwrite(""); err != nil || o != preview.MTime {
		t.Fatalf("default overwrite %v %v", o, err)
	}
}
