package preview_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/preview"
	"github.com/asperalm/aslmcli/products/preview/previewtest"
)

// TestTransferEvents: trevents scans the folder of a completed transfer into the node, not
// that of a transfer the generator made (tagged), and the iteration file makes the next run
// start after them. The simulator's jobs run through a Runner that succeeds at once.
func TestTransferEvents(t *testing.T) {
	root := t.TempDir()
	previewtest.Samples(t, filepath.Join(root, "in"))
	for _, d := range []string{"previews", "other"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{previewtest.DOCX, previewtest.Video, previewtest.PDF, previewtest.TIFF16} { // a quicker test
		os.Remove(filepath.Join(root, "in", f))
	}
	if err := os.Rename(filepath.Join(root, "in", previewtest.JPEG), filepath.Join(root, "other", previewtest.JPEG)); err != nil {
		t.Fatal(err)
	}
	sim, err := nodesim.Start(nodesim.Config{Root: root, Runner: func(context.Context, map[string]any) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	ctx := context.Background()
	u, p := sim.Credentials()
	if _, err := client(t, sim.URL, u, p).CreateAccessKey(ctx, node.Object{"id": "ak", "secret": "s", "storage": node.Object{"type": "local", "path": "/"}}); err != nil {
		t.Fatal(err)
	}
	key := client(t, sim.URL, "ak", "s")
	self, err := key.AccessKey(ctx, "self")
	if err != nil {
		t.Fatal(err)
	}
	receive := func(folder string, generator bool) {
		e, err := key.Resolve(ctx, self["root_file_id"].(string), folder)
		if err != nil {
			t.Fatal(err)
		}
		aspera := node.Object{"node": node.Object{"access_key": "ak", "file_id": e["id"]}}
		if generator {
			aspera[preview.GeneratorTag] = true
		}
		job, err := key.StartTransfer(ctx, node.Object{"direction": "receive", "remote_host": "127.0.0.1",
			"paths": []any{node.Object{"source": "x"}}, "tags": node.Object{"aspera": aspera}})
		if err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			j, err := key.Transfer(ctx, job["id"].(string))
			if err != nil || time.Now().After(deadline) {
				t.Fatalf("job %v %v", j, err)
			}
			if j["status"] == "completed" {
				break
			}
		}
	}
	receive("/in", false)
	receive("/other", true)
	sc, err := preview.NewScanner(ctx, key, newGenerator(t), preview.ScanOptions{StorageRoot: root, CheckExtension: true})
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "trevents.json")
	sum, err := sc.TransferEvents(ctx, state)
	// /in: logo.png, notes.txt made; broken.jpg fails; /other (the generator's) not scanned
	if err != nil || sum.Generated != 2 || sum.Failed != 1 || sum.Files != 3 {
		t.Fatalf("%+v %v", sum, err)
	}
	if sum, err := sc.TransferEvents(ctx, state); err != nil || sum.Files != 0 {
		t.Fatalf("second run %+v %v", sum, err)
	}
	// without the iteration file, every event again: the previews are up to date
	if sum, err := sc.TransferEvents(ctx, ""); err != nil || sum.Files != 3 || sum.Generated != 0 {
		t.Fatalf("again %+v %v", sum, err)
	}
}
