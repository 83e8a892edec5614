package preview_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/preview"
	"github.com/asperalm/aslmcli/products/preview/previewtest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// transferDouble stands in for ascp, which cannot run here: it moves what a gen4 spec asks
// between this machine and the simulator's folder (the folder of tags.aspera.node.file_id),
// and counts the transfers that carry the generator's tag.
func transferDouble(root string, key *node.Client, tagged *atomic.Int32) func(context.Context, spec.Spec) error {
	return func(ctx context.Context, s spec.Spec) error {
		aspera := s["tags"].(map[string]any)["aspera"].(map[string]any)
		if aspera[preview.GeneratorTag] == true {
			tagged.Add(1)
		}
		folder, err := key.File(ctx, aspera["node"].(map[string]any)["file_id"].(string))
		if err != nil {
			return err
		}
		remote := filepath.Join(root, filepath.FromSlash(folder["path"].(string)))
		source := s["paths"].([]any)[0].(map[string]any)["source"].(string)
		dest := s["destination_root"].(string)
		if s["direction"] == "receive" {
			return copyTree(filepath.Join(remote, source), filepath.Join(dest, filepath.Base(source)))
		}
		return copyTree(source, filepath.Join(remote, dest, filepath.Base(source)))
	}
}

// copyTree copies a file or a folder, replacing what exists.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// TestScanRemote: originals downloaded, previews uploaded into the node's previews folder,
// each transfer tagged as the generator's; a second run finds them (mtime) and moves nothing.
func TestScanRemote(t *testing.T) {
	s := newStorage(t)
	var tagged atomic.Int32
	o := preview.ScanOptions{Remote: true, CheckExtension: true, SkipFolders: []string{"/not_here"},
		SkipTypes: []preview.Type{preview.Office, preview.Video}, Transfer: transferDouble(s.root, s.key, &tagged)}
	sc, err := preview.NewScanner(context.Background(), s.key, newGenerator(t), o)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := sc.Scan(context.Background(), "", "/in")
	if err != nil {
		t.Fatal(err)
	}
	// photo, logo, scan, notes: a PNG each (4 downloads, 4 uploads); broken.jpg: a download
	if sum.Generated != 4 || sum.Failed != 1 || tagged.Load() != 9 {
		t.Fatalf("summary %+v, %d tagged transfers", sum, tagged.Load())
	}
	for _, f := range []string{previewtest.JPEG, previewtest.PNGA, previewtest.TIFF16, previewtest.Text} {
		e, err := s.previewOf(t, "/in/"+f, preview.PNG)
		if err != nil || e["type"] != "file" {
			t.Fatalf("%s: %v %v", f, e, err)
		}
	}
	tagged.Store(0)
	sum, err = sc.Scan(context.Background(), "", "")
	if err != nil || sum.Generated != 0 || tagged.Load() != 1 { // only broken.jpg, downloaded again
		t.Fatalf("second run %+v %v, %d transfers", sum, err, tagged.Load())
	}
}

// TestScanRemoteNeedsPreviewsFolder: remotely, the previews folder must exist on the node.
func TestScanRemoteNeedsPreviewsFolder(t *testing.T) {
	s := newStorage(t)
	o := preview.ScanOptions{Remote: true, PreviewsFolder: "nope", Transfer: func(context.Context, spec.Spec) error { return nil }}
	if _, err := preview.NewScanner(context.Background(), s.key, newGenerator(t), o); err == nil {
		t.Fatal("no error for a missing previews folder")
	}
}
