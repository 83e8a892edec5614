package preview_test

import (
	"context"
	"encoding/base64"
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

// TestEventsFindUploads: `preview events` with an access key whose storage is a folder of
// the node finds the files that arrived below its root whoever brought them: the node user
// through the files API and with ascp (the spec of upload_setup; the test writes where that
// spec says, as ascp or its double does), the key itself through the gen4 API. Their previews
// are made where AoC reads them (previews/ID.asp-preview/preview.png below the key's root), a
// file outside the key's root is not looked at, and a second run with the same iteration file
// finds nothing new. trevents then finds an upload the node ran itself (the node agent: a
// job of /ops/transfers with the spec of upload_setup) by its download.ended event.
func TestEventsFindUploads(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	samples := previewtest.Samples(t, t.TempDir())
	store := filepath.Join(root, "store")
	for _, d := range []string{"previews", "in", "up"} {
		if err := os.MkdirAll(filepath.Join(store, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// the node's runner copies the sources into destination_root, as the node's ascp would
	runner := func(_ context.Context, s map[string]any) error {
		for _, p := range s["paths"].([]any) {
			src := p.(map[string]any)["source"].(string)
			if err := copyTree(src, filepath.Join(s["destination_root"].(string), filepath.Base(src))); err != nil {
				return err
			}
		}
		return nil
	}
	sim, err := nodesim.Start(nodesim.Config{Root: root, Runner: runner})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	u, p := sim.Credentials()
	admin := client(t, sim.URL, u, p)
	ak, err := admin.CreateAccessKey(ctx, node.Object{"id": "ak", "secret": "s", "storage": node.Object{"type": "local", "path": "/store"}})
	if err != nil {
		t.Fatal(err)
	}
	key := client(t, sim.URL, "ak", "s")
	keyRoot := ak["root_file_id"].(string)
	sc, err := preview.NewScanner(ctx, key, newGenerator(t), preview.ScanOptions{StorageRoot: store, CheckExtension: true})
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "events.json")
	if sum, err := sc.Events(ctx, state); err != nil || sum.Files != 0 {
		t.Fatalf("before the uploads: %+v %v", sum, err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// the node user: a file through the files API, one with ascp, one outside the key's root
	if _, err := admin.Mkfile(ctx, "/store/in/"+previewtest.PNGA, read(previewtest.PNGA)); err != nil {
		t.Fatal(err)
	}
	spec, err := admin.UploadSetup(ctx, "/store/in", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := copyTree(filepath.Join(samples, previewtest.JPEG), filepath.Join(spec["destination_root"].(string), previewtest.JPEG)); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Mkfile(ctx, "/elsewhere/"+previewtest.JPEG, read(previewtest.JPEG)); err != nil {
		t.Fatal(err)
	}
	// the key: a file through the gen4 API
	in, err := key.Resolve(ctx, keyRoot, "/in")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := key.CreateIn(ctx, in["id"].(string), previewtest.Text, "file",
		node.Object{"contents": base64.StdEncoding.EncodeToString(read(previewtest.Text))}); err != nil {
		t.Fatal(err)
	}

	sum, err := sc.Events(ctx, state)
	if err != nil || sum.Files != 3 || sum.Generated != 3 || sum.Failed != 0 {
		t.Fatalf("events: %+v %v", sum, err)
	}
	for _, f := range []string{previewtest.PNGA, previewtest.JPEG, previewtest.Text} {
		e, err := key.Resolve(ctx, keyRoot, "/in/"+f)
		if err != nil {
			t.Fatal(err)
		}
		local := filepath.Join(store, "previews", preview.FolderName(e["id"].(string)), preview.FileName(preview.PNG))
		if got := previewtest.Probe(t, local); got.Format != "PNG" || got.Width == 0 {
			t.Fatalf("%s: preview %+v", f, got)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "elsewhere", "previews")); !os.IsNotExist(err) {
		t.Fatal("a file outside the key's root was previewed")
	}
	if sum, err := sc.Events(ctx, state); err != nil || sum.Files != 0 {
		t.Fatalf("second run: %+v %v", sum, err)
	}

	// the node agent's upload: the node runs the upload_setup spec and logs both ends
	tstate := filepath.Join(t.TempDir(), "trevents.json")
	if sum, err := sc.TransferEvents(ctx, tstate); err != nil || sum.Files != 0 {
		t.Fatalf("trevents before: %+v %v", sum, err)
	}
	spec, err = admin.UploadSetup(ctx, "/store/up", nil)
	if err != nil {
		t.Fatal(err)
	}
	spec["paths"] = []any{node.Object{"source": filepath.Join(samples, previewtest.PNGA)}}
	job, err := admin.StartTransfer(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		j, err := admin.Transfer(ctx, job["id"].(string))
		if err != nil || time.Now().After(deadline) || j["status"] == "failed" {
			t.Fatalf("job %v %v", j, err)
		}
		if j["status"] == "completed" {
			break
		}
	}
	if sum, err := sc.TransferEvents(ctx, tstate); err != nil || sum.Files != 1 || sum.Generated != 1 {
		t.Fatalf("trevents: %+v %v", sum, err)
	}
	if sum, err := sc.TransferEvents(ctx, tstate); err != nil || sum.Files != 0 {
		t.Fatalf("trevents again: %+v %v", sum, err)
	}
	// events sees that upload too (its preview, made by trevents, is up to date), and nothing else new
	if sum, err := sc.Events(ctx, state); err != nil || sum.Files != 1 || sum.Skipped != 1 || sum.Generated != 0 {
		t.Fatalf("events after the job: %+v %v", sum, err)
	}
}
