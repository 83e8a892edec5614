package nodesim_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/internal/nodetest"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
)

// seen is what a caller reads of the events since token: "type path" lines (source>destination
// for a move), and the token reached.
func seen(t *testing.T, n *node.Client, token string) ([]string, []node.Object, string) {
	t.Helper()
	events, next, err := n.EventsSince(context.Background(), nil, token)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		d := e["data"].(map[string]any)
		p := fmt.Sprint(d["path"])
		if d["source"] != nil {
			p = fmt.Sprintf("%v>%v", d["source"], d["destination"])
		}
		out = append(out, e["types"].([]any)[0].(string)+" "+p)
	}
	return out, events, next
}

func wantSeen(t *testing.T, who string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s sees %q, want %q", who, got, want)
	}
}

// TestEventsByPath: an access key reads the file events below its root whoever made them
// (the node user through gen3, another key through gen4), with paths relative to its root;
// the node user reads them all with node paths.
func TestEventsByPath(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	srv := nodetest.Start(t, nodesim.Config{Root: root})
	n := client(t, srv, nodeUser)
	outer, outerRoot := newKey(t, srv, n, "/ak")
	inner, innerRoot := newKey(t, srv, n, "/ak/in")
	other, _ := newKey(t, srv, n, "/other")

	if _, err := n.Mkfile(ctx, "/ak/in/a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	b, err := inner.CreateIn(ctx, innerRoot, "b.txt", "file", node.Object{"contents": "Yg=="})
	if err != nil {
		t.Fatal(err)
	}
	if err := inner.Modify(ctx, b["id"].(string), node.Object{"name": "c.txt"}); err != nil {
		t.Fatal(err)
	}
	if _, err := outer.CreateIn(ctx, outerRoot, "top", "folder", nil); err != nil {
		t.Fatal(err)
	}
	if err := inner.DeleteID(ctx, b["id"].(string)); err != nil {
		t.Fatal(err)
	}

	got, events, _ := seen(t, inner, "")
	wantSeen(t, "the inner key", got, "file.created /a.txt", "file.created /b.txt", "file.moved /b.txt>/c.txt", "file.deleted /c.txt")
	d := events[0]["data"].(map[string]any)
	if a, err := inner.Resolve(ctx, innerRoot, "/a.txt"); err != nil || d["id"] != a["id"] || d["type"] != "file" ||
		d["parent_file_id"] != innerRoot || d["name"] != "a.txt" || events[0]["user_id"] != "node_user" {
		t.Errorf("file.created of the node user: %v (the file: %v %v)", events[0], a, err)
	}
	got, _, _ = seen(t, outer, "")
	wantSeen(t, "the outer key", got, "file.created /in/a.txt", "file.created /in/b.txt", "file.moved /in/b.txt>/in/c.txt",
		"file.created /top", "file.deleted /in/c.txt")
	got, _, _ = seen(t, n, "")
	wantSeen(t, "the node user", got, "file.created /ak/in/a.txt", "file.created /ak/in/b.txt", "file.moved /ak/in/b.txt>/ak/in/c.txt",
		"file.created /ak/top", "file.deleted /ak/in/c.txt")
	got, _, _ = seen(t, other, "")
	wantSeen(t, "another key", got)
	if _, err := other.Event(ctx, events[0]["id"].(string)); err == nil {
		t.Error("another key reads an event of a path it does not see")
	}
	if e, err := inner.Event(ctx, events[0]["id"].(string)); err != nil || e["data"].(map[string]any)["path"] != "/a.txt" {
		t.Errorf("event %v: %v %v", events[0]["id"], e, err)
	}
}

// TestEventsOfArrivals: the files an upload brings are file.created events for the keys
// whose root holds them, once: those a client's ascp wrote (found when the events are read:
// in the folder of an upload_setup spec, by its caller; elsewhere in a key's storage, by the
// transfer user), those of a job of /ops/transfers; the job's end gives the folder it wrote
// to (file_id). The files there before the key are no events.
func TestEventsOfArrivals(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	// the runner writes each source's name at destination_root, as ascp would
	runner := func(_ context.Context, spec map[string]any) error {
		dest := spec["destination_root"].(string)
		for _, p := range spec["paths"].([]any) {
			src := p.(map[string]any)["source"].(string)
			if err := os.WriteFile(filepath.Join(dest, filepath.Base(src)), []byte("job "+src), 0o644); err != nil {
				return err
			}
		}
		return nil
	}
	srv := nodetest.Start(t, nodesim.Config{Root: root, Runner: runner})
	n := client(t, srv, nodeUser)
	if _, err := n.Mkdir(ctx, "/store/up"); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "store", "up", "old.txt"), "there before the key: no event")
	ak, err := n.CreateAccessKey(ctx, node.Object{"id": "ak", "secret": "s", "storage": node.Object{"type": "local", "path": "/store"}})
	if err != nil {
		t.Fatal(err)
	}
	key := client(t, srv, rest.Basic{Username: "ak", Password: "s"})
	_, _, token := seen(t, key, "")

	spec, err := n.UploadSetup(ctx, "/store/up", nil)
	if err != nil {
		t.Fatal(err)
	}
	dest := spec["destination_root"].(string)
	// a client's ascp writes the file, then the events are read
	writeFile(t, filepath.Join(dest, "x.jpg"), "by ascp")
	got, events, token := seen(t, key, token)
	wantSeen(t, "the key", got, "file.created /up/x.jpg")
	if d := events[0]["data"].(map[string]any); events[0]["user_id"] != "node_user" || fmt.Sprint(d["size"]) != "7" {
		t.Errorf("arrival %v", events[0])
	}
	got, _, token = seen(t, key, token)
	wantSeen(t, "the key again", got)
	writeFile(t, filepath.Join(dest, "x.jpg"), "by ascp, again")
	got, _, token = seen(t, key, token)
	wantSeen(t, "the key after a change", got, "file.modified /up/x.jpg")

	// a file a transfer wrote in the key's storage, with a spec by file id (no upload_setup)
	writeFile(t, filepath.Join(root, "store", "gen4", "z.jpg"), "by gen4")
	got, events, token = seen(t, key, token)
	wantSeen(t, "the key after a gen4 upload", got, "file.created /gen4/z.jpg")
	if events[0]["user_id"] != "xfer" {
		t.Errorf("gen4 arrival %v", events[0])
	}

	// the node agent's upload: a job of /ops/transfers with the spec of upload_setup
	spec["paths"] = []any{node.Object{"source": "/client/y.png"}}
	job, err := n.StartTransfer(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, n, job["id"].(string))
	got, events, _ = seen(t, key, token)
	wantSeen(t, "the key after the job", got, "download.started <nil>", "download.ended <nil>", "file.created /up/y.png")
	up, err := key.Resolve(ctx, ak["root_file_id"].(string), "/up")
	if err != nil {
		t.Fatal(err)
	}
	ended := events[1]["data"].(map[string]any)
	if ended["file_id"] != up["id"] || ended["direction"] != "receive" || ended["status"] != "completed" || fmt.Sprint(ended["error_code"]) != "0" ||
		ended["start_spec"].(map[string]any)["destination_path"] != "/up" {
		t.Errorf("download.ended %v", ended)
	}
	if d := events[2]["data"].(map[string]any); d["transfer_id"] != ended["id"] {
		t.Errorf("file.created of the job %v", d)
	}
}

func waitJob(t *testing.T, n *node.Client, id string) node.Object {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		j, err := n.Transfer(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j["status"] != "waiting" && j["status"] != "running" {
			return j
		}
	}
	t.Fatalf("job %s did not end", id)
	return nil
}

// TestGen4SpecConfined: a spec by file id names a folder of the far node; the simulator's
// runner would take its destination_root as a path of this machine: such an upload fails
// and the runner never runs; one below the root runs.
func TestGen4SpecConfined(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	var runs atomic.Int32
	srv := nodetest.Start(t, nodesim.Config{Root: root, Runner: func(context.Context, map[string]any) error {
		runs.Add(1)
		return nil
	}})
	n := client(t, srv, nodeUser)
	gen4 := func(dest string) node.Object {
		job, err := n.StartTransfer(ctx, node.Object{"direction": "send", "remote_host": "127.0.0.1", "token": "Bearer x", "destination_root": dest,
			"paths": []any{node.Object{"source": "a.txt"}},
			"tags":  node.Object{"aspera": node.Object{"node": node.Object{"access_key": "ak", "file_id": "12"}}}})
		if err != nil {
			t.Fatal(err)
		}
		return waitJob(t, n, job["id"].(string))
	}
	for _, dest := range []string{"/", filepath.Join(root, "..", "elsewhere"), ""} {
		if j := gen4(dest); j["status"] != "failed" || !strings.Contains(fmt.Sprint(j["error_desc"]), "writes only below its root") {
			t.Errorf("destination_root %q: %v", dest, j)
		}
	}
	if runs.Load() != 0 {
		t.Fatalf("the runner ran %d times", runs.Load())
	}
	if j := gen4(filepath.Join(root, "in")); j["status"] != "completed" || runs.Load() != 1 {
		t.Errorf("below the root: %v, %d runs", j, runs.Load())
	}
}

func writeFile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
