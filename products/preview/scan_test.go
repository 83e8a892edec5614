package preview_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/preview"
	"github.com/asperalm/aslmcli/products/preview/previewtest"
	"github.com/asperalm/aslmcli/products/rest"
)

// storage is a node simulator serving a folder of samples, with an access key on it.
type storage struct {
	root string
	sim  *nodesim.Server
	key  *node.Client
}

func newStorage(t *testing.T) *storage {
	root := t.TempDir()
	previewtest.Samples(t, filepath.Join(root, "in"))
	for _, d := range []string{"previews", "not_here"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(filepath.Join(root, "in", previewtest.PDF), filepath.Join(root, "not_here", previewtest.PDF)); err != nil {
		t.Fatal(err)
	}
	sim, err := nodesim.Start(nodesim.Config{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	u, p := sim.Credentials()
	admin := client(t, sim.URL, u, p)
	if _, err := admin.CreateAccessKey(context.Background(), node.Object{"id": "ak1", "secret": "s1", "storage": node.Object{"type": "local", "path": "/"}}); err != nil {
		t.Fatal(err)
	}
	return &storage{root: root, sim: sim, key: client(t, sim.URL, "ak1", "s1")}
}

func client(t testing.TB, url, user, pass string) *node.Client {
	api, err := rest.New(url, rest.Basic{Username: user, Password: pass}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return node.New(api)
}

func (s *storage) scan(t *testing.T, o preview.ScanOptions) *preview.Summary {
	t.Helper()
	o.StorageRoot, o.CheckExtension = s.root, true
	g := newGenerator(t)
	sc, err := preview.NewScanner(context.Background(), s.key, g, o)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := sc.Scan(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// previewOf returns the node entry of a file's preview, found through the node as AoC finds
// it: the file's id, then previews/ID.asp-preview/preview.FORMAT.
func (s *storage) previewOf(t *testing.T, file string, f preview.Format) (node.Object, error) {
	ctx := context.Background()
	key, err := s.key.AccessKey(ctx, "self")
	if err != nil {
		t.Fatal(err)
	}
	root := key["root_file_id"].(string)
	e, err := s.key.Resolve(ctx, root, file)
	if err != nil {
		t.Fatal(err)
	}
	return s.key.Resolve(ctx, root, "/previews/"+preview.FolderName(e["id"].(string))+"/"+preview.FileName(f))
}

func TestScanLocalIntoNodeLayout(t *testing.T) {
	s := newStorage(t)
	sum := s.scan(t, preview.ScanOptions{SkipFolders: []string{"/not_here"}, Concurrency: 2})
	// photo, logo, scan, letter, notes: a PNG each; clip: PNG and MP4; broken.jpg fails
	if sum.Generated != 7 || sum.Failed != 1 || sum.Files != 7 || len(sum.Failures) != 1 || sum.Failures[0].Path != "/in/"+previewtest.Corrupt {
		t.Fatalf("summary %+v", sum)
	}
	if msg := sum.Failures[0].Error; !strings.Contains(msg, "convert") || strings.Contains(msg, "\n") {
		t.Fatalf("failure %q", msg)
	}
	for _, c := range []struct {
		file string
		f    preview.Format
	}{{previewtest.JPEG, preview.PNG}, {previewtest.PNGA, preview.PNG}, {previewtest.TIFF16, preview.PNG}, {previewtest.DOCX, preview.PNG},
		{previewtest.Text, preview.PNG}, {previewtest.Video, preview.PNG}, {previewtest.Video, preview.MP4}} {
		e, err := s.previewOf(t, "/in/"+c.file, c.f)
		if err != nil || e["type"] != "file" {
			t.Fatalf("%s %s: %v %v", c.file, c.f, e, err)
		}
	}
	if _, err := s.previewOf(t, "/not_here/"+previewtest.PDF, preview.PNG); err == nil {
		t.Fatal("a skipped folder was previewed")
	}
	if b, err := os.ReadFile(filepath.Join(s.root, "previews", preview.MarkerFile)); err != nil || string(b) != "ak1\n" {
		t.Fatalf("marker %q %v", b, err)
	}

	// mtime: nothing is newer, nothing is made (the corrupt file fails again)
	if sum := s.scan(t, preview.ScanOptions{SkipFolders: []string{"/not_here"}}); sum.Generated != 0 || sum.Skipped != 6 || sum.Failed != 1 {
		t.Fatalf("second scan %+v", sum)
	}
	// a file changed after its preview is made again; never makes nothing
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(s.root, "in", previewtest.Text), later, later); err != nil {
		t.Fatal(err)
	}
	if sum := s.scan(t, preview.ScanOptions{SkipFolders: []string{"/not_here"}, Overwrite: preview.Never}); sum.Generated != 0 {
		t.Fatalf("never %+v", sum)
	}
	if sum := s.scan(t, preview.ScanOptions{SkipFolders: []string{"/not_here"}}); sum.Generated != 1 {
		t.Fatalf("mtime after a change %+v", sum)
	}
	// skip types and formats; always makes what is left again
	sum = s.scan(t, preview.ScanOptions{Overwrite: preview.Always, SkipTypes: []preview.Type{preview.Office, preview.Image, preview.Plaintext},
		SkipFormats: []preview.Format{preview.MP4}})
	if sum.Generated != 2 || sum.Failed != 0 { // clip.mp4's PNG, and paper.pdf now that /not_here is scanned
		t.Fatalf("always %+v", sum)
	}
}

func TestScannerRefusesAnotherKeysPreviews(t *testing.T) {
	s := newStorage(t)
	if err := os.WriteFile(filepath.Join(s.root, "previews", preview.MarkerFile), []byte("other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := preview.NewScanner(context.Background(), s.key, newGenerator(t), preview.ScanOptions{StorageRoot: s.root})
	if err == nil || !strings.Contains(err.Error(), "belongs to the access key other") {
		t.Fatalf("%v", err)
	}
	_, err = preview.NewScanner(context.Background(), s.key, newGenerator(t), preview.ScanOptions{StorageRoot: s.root, PreviewsFolder: "nope"})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("%v", err)
	}
}
