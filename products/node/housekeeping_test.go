package node_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
)

// fakeRunner is the test double of the transfers a node runs (ascp cannot run here). A spec
// whose destination_root is a local path (the simulator's upload_setup) gets its local sources
// copied there, as ascp would. Otherwise the far end is imaginary: a receive writes each
// source's name, with the contents "from SOURCE", at the destination_root node path below the
// served folder root; a send reads its sources there and fails when one is missing.
func fakeRunner(root string) func(context.Context, map[string]any) error {
	return func(_ context.Context, spec map[string]any) error {
		dst, _ := spec["destination_root"].(string)
		src, _ := spec["source_root"].(string)
		for _, p := range spec["paths"].([]any) {
			m := p.(map[string]any)
			source, _ := m["source"].(string)
			switch {
			case strings.HasPrefix(dst, root):
				data, err := os.ReadFile(source)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(dst, filepath.Base(source)), data, 0o644); err != nil {
					return err
				}
			case spec["direction"] == "receive":
				target := filepath.Join(root, filepath.FromSlash(dst), path.Base(source))
				if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(target, []byte("from "+source), 0o644); err != nil {
					return err
				}
			default:
				if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(src), filepath.FromSlash(source))); err != nil {
					return fmt.Errorf("ascp: %s: no such file", source)
				}
			}
		}
		return nil
	}
}

// startRunning starts a simulator whose jobs run through fakeRunner.
func startRunning(t *testing.T) (*nodesim.Server, string, *node.Client) {
	t.Helper()
	root := t.TempDir()
	return start(t, nodesim.Config{Root: root, Runner: fakeRunner(root)})
}

// receive has the node download sources from an imaginary far end into the folder dest.
func receive(t *testing.T, n *node.Client, dest string, extra node.Object, sources ...string) node.Object {
	t.Helper()
	var paths []any
	for _, s := range sources {
		paths = append(paths, node.Object{"source": s})
	}
	spec := node.Object{"direction": "receive", "remote_host": "far.example", "remote_user": "xfer",
		"token": "Basic dGVzdA==", "destination_root": dest, "paths": paths}
	for k, v := range extra {
		spec[k] = v
	}
	return run(t, n, spec)
}

// send has the node send its files (below src) to an imaginary far end.
func send(t *testing.T, n *node.Client, src string, files ...string) node.Object {
	t.Helper()
	var paths []any
	for _, f := range files {
		paths = append(paths, node.Object{"source": f})
	}
	return run(t, n, node.Object{"direction": "send", "remote_host": "far.example", "remote_user": "xfer",
		"token": "Basic dGVzdA==", "source_root": src, "destination_root": "/backup", "paths": paths})
}

func run(t *testing.T, n *node.Client, spec node.Object) node.Object {
	t.Helper()
	started, err := n.StartTransfer(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return waitDone(t, n, started["id"].(string))
}

func filePaths(t *testing.T, tr node.Object) []string {
	t.Helper()
	var out []string
	for _, f := range tr["files"].([]any) {
		out = append(out, f.(map[string]any)["path"].(string))
	}
	return out
}

func TestJobFilesEventsUsage(t *testing.T) {
	ctx := context.Background()
	_, root, n := startRunning(t)
	tr := receive(t, n, "/in", node.Object{"usage_id": "u1", "cookie": "c1"}, "/far/a.txt", "/far/b.txt")
	if tr["status"] != "completed" || !slices.Equal(filePaths(t, tr), []string{"/in/a.txt", "/in/b.txt"}) ||
		num(t, tr["bytes_transferred"]) != 30 || num(t, tr["files_completed"]) != 2 {
		t.Fatalf("received: %v", tr)
	}
	spec := tr["start_spec"].(map[string]any)
	if spec["direction"] != "receive" || spec["destination_path"] != "/in" || spec["token"] != nil {
		t.Errorf("start_spec %v", spec)
	}
	writeFile(t, filepath.Join(root, "out", "c.bin"), "0123456789")
	if tr := send(t, n, "/out", "c.bin"); !slices.Equal(filePaths(t, tr), []string{"/out/c.bin"}) {
		t.Errorf("sent: %v", tr)
	}
	if tr := send(t, n, "/out", "missing.bin"); tr["status"] != "failed" || !strings.Contains(tr["error_desc"].(string), "no such file") {
		t.Errorf("failed send: %v", tr)
	}

	events, token, err := n.EventsSince(ctx, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range events {
		types = append(types, e["types"].([]any)[0].(string))
	}
	// the files the receive brought are file.created events, after its end
	want := []string{"download.started", "download.ended", "file.created", "file.created", "upload.started", "upload.ended", "upload.started", "upload.ended"}
	if !slices.Equal(types, want) || token == "" {
		t.Fatalf("events %v (token %q), want %v", types, token, want)
	}
	if d := events[2]["data"].(map[string]any); d["path"] != "/in/a.txt" || d["type"] != "file" || d["transfer_id"] != tr["id"] ||
		num(t, d["size"]) != 15 || d["parent_file_id"] != events[1]["data"].(map[string]any)["file_id"] {
		t.Errorf("file.created %v", d)
	}
	if e, err := n.Event(ctx, events[1]["id"].(string)); err != nil || e["data"].(map[string]any)["id"] != tr["id"] {
		t.Errorf("event %v: %v %v", events[1]["id"], e, err)
	}
	ended, _, err := n.EventsSince(ctx, url.Values{"type": {"transfer.ended"}}, "")
	if err != nil || len(ended) != 3 {
		t.Errorf("transfer.ended: %d events, %v", len(ended), err)
	}
	globbed, _, err := n.EventsSince(ctx, url.Values{"type_glob[]": {"download.*"}}, "")
	if err != nil || len(globbed) != 2 {
		t.Errorf("download.*: %d events, %v", len(globbed), err)
	}
	// since the token: only what happened after
	if _, err := n.Mkdir(ctx, "/made"); err != nil {
		t.Fatal(err)
	}
	later, token2, err := n.EventsSince(ctx, nil, token)
	if err != nil || len(later) != 1 || later[0]["types"].([]any)[0] != "file.created" || token2 == token {
		t.Errorf("events since %s: %v (token %s) %v", token, later, token2, err)
	}
	if none, token3, err := n.EventsSince(ctx, nil, token2); err != nil || len(none) != 0 || token3 != token2 {
		t.Errorf("events since %s: %v (token %s) %v", token2, none, token3, err)
	}

	u, err := n.Usage(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	um := u.(map[string]any)
	if num(t, um["bytes_in"]) != 30 || num(t, um["bytes_out"]) != 10 || num(t, um["bytes_total"]) != 40 {
		t.Errorf("usage %v", um)
	}
	if u1, err := n.UsageOf(ctx, "u1"); err != nil || num(t, u1["bytes_in"]) != 30 || u1["id"] != "u1" {
		t.Errorf("usage u1: %v %v", u1, err)
	}
	_, err = n.UsageOf(ctx, "nosuch")
	restError(t, err, 404)
}

func TestTransfersSince(t *testing.T) {
	ctx := context.Background()
	_, _, n := startRunning(t)
	var ids []string
	for i := range 5 {
		ids = append(ids, receive(t, n, "/in", nil, fmt.Sprintf("/f%d", i))["id"].(string))
	}
	// pages of 2: three pages and the empty one past the end
	l, token, err := n.TransfersSince(ctx, url.Values{"count": {"2"}}, "")
	if err != nil || len(l) != 5 || token == "" {
		t.Fatalf("since the start: %d transfers, token %q, %v", len(l), token, err)
	}
	for i, tr := range l {
		if tr["id"] != ids[i] {
			t.Errorf("transfer %d is %v, want %s", i, tr["id"], ids[i])
		}
	}
	if l, again, err := n.TransfersSince(ctx, nil, token); err != nil || len(l) != 0 || again != token {
		t.Errorf("nothing new: %d transfers, token %q, %v", len(l), again, err)
	}
	last := receive(t, n, "/in", nil, "/f5")
	l, token2, err := n.TransfersSince(ctx, url.Values{"count": {"2"}}, token)
	if err != nil || len(l) != 1 || l[0]["id"] != last["id"] || token2 == token {
		t.Errorf("one new: %v, token %q, %v", l, token2, err)
	}
	// filters apply: active_only=true finds none, direction=send none
	for _, q := range []url.Values{{"active_only": {"true"}}, {"direction": {"send"}}} {
		if l, _, err := n.TransfersSince(ctx, q, ""); err != nil || len(l) != 0 {
			t.Errorf("%v: %d transfers, %v", q, len(l), err)
		}
	}
	if got := node.Query(node.Object{"active_only": false, "count": json.Number("10"), "type": []any{"a", "b"}, "x": nil}); got.Encode() != "active_only=false&count=10&type=a&type=b" {
		t.Errorf("Query = %s", got.Encode())
	}
}

func TestPersistency(t *testing.T) {
	dir := t.TempDir()
	p, err := node.OpenPersistency(filepath.Join(dir, "state"), "http://node")
	if err != nil || p.Token != "" {
		t.Fatalf("a missing file: %+v %v", p, err)
	}
	if err := p.Commit("42", []string{"/a"}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p.Path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", st, err)
	}
	q, err := node.OpenPersistency(p.Path, "http://node/")
	if err != nil || q.Token != "42" || !slices.Equal(q.Done, []string{"/a"}) || q.LastRun.IsZero() {
		t.Errorf("reopened: %+v %v", q, err)
	}
	if _, err := node.OpenPersistency(p.Path, "http://other"); err == nil || !strings.Contains(err.Error(), "belongs to the node http://node") {
		t.Errorf("another node's file: %v", err)
	}
	// the original tool's file holds the token alone
	orig := filepath.Join(dir, "persistency_cleanup.txt")
	writeFile(t, orig, "1234\n")
	if o, err := node.OpenPersistency(orig, "http://node"); err != nil || o.Token != "1234" {
		t.Errorf("original file: %+v %v", o, err)
	}
	// a JSON file as Commit wrote it before internal/statefile saved it
	earlier := filepath.Join(dir, "earlier.json")
	writeFile(t, earlier, "{\n  \"node\": \"http://node\",\n  \"iteration_token\": \"77\",\n  \"last_run\": \"2026-01-02T03:04:05Z\",\n  \"done\": [\n    \"/x\"\n  ]\n}\n")
	if e, err := node.OpenPersistency(earlier, "http://node"); err != nil || e.Token != "77" || !slices.Equal(e.Done, []string{"/x"}) || e.LastRun.Year() != 2026 {
		t.Errorf("earlier file: %+v %v", e, err)
	}
	bad := filepath.Join(dir, "bad")
	writeFile(t, bad, "{not json")
	if _, err := node.OpenPersistency(bad, "http://node"); err == nil {
		t.Error("a corrupt file was read")
	}
	// a missing folder is made; a folder that cannot be (its parent is a file) fails
	// and leaves the state as it was
	made := &node.Persistency{Path: filepath.Join(dir, "new", "state"), Token: "7"}
	if err := made.Commit("8", nil); err != nil || made.Token != "8" {
		t.Errorf("commit into a missing folder: %v, token %s", err, made.Token)
	}
	gone := &node.Persistency{Path: filepath.Join(bad, "sub", "state"), Token: "7"}
	if err := gone.Commit("8", nil); err == nil || gone.Token != "7" {
		t.Errorf("commit below a file: %v, token %s", err, gone.Token)
	}
}

func TestCleanup(t *testing.T) {
	ctx := context.Background()
	srv, root, n := startRunning(t)
	for _, f := range []string{"a.txt", "b.log", "keep.txt"} {
		writeFile(t, filepath.Join(root, "out", f), f)
	}
	send(t, n, "/out", "a.txt", "b.log")
	send(t, n, "/out", "nosuch")            // failed: nothing of it is deleted
	receive(t, n, "/in", nil, "/far/r.txt") // received: not a source of this node
	p, err := node.OpenPersistency(filepath.Join(t.TempDir(), "state"), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	dry, err := n.Cleanup(ctx, p, node.CleanupOptions{DryRun: true})
	if err != nil || dry.Transfers != 3 || !slices.Equal(dry.Selected, []string{"/out/a.txt", "/out/b.log"}) || dry.Deleted != nil {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	if _, err := os.Stat(filepath.Join(root, "out", "a.txt")); err != nil || p.Token != "" {
		t.Fatalf("the dry run deleted or committed: %v, token %q", err, p.Token)
	}
	// the file filter keeps b.log
	res, err := n.Cleanup(ctx, p, node.CleanupOptions{File: func(f map[string]any) bool { return strings.HasSuffix(f["path"].(string), ".txt") }})
	if err != nil || !slices.Equal(res.Selected, []string{"/out/a.txt"}) || len(res.Deleted) != 1 || res.Deleted[0].Error != "" {
		t.Fatalf("cleanup: %+v %v", res, err)
	}
	for f, want := range map[string]bool{"out/a.txt": false, "out/b.log": true, "out/keep.txt": true, "in/r.txt": true} {
		if _, err := os.Stat(filepath.Join(root, f)); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", f, err == nil, want)
		}
	}
	saved, err := node.OpenPersistency(p.Path, srv.URL)
	if err != nil || saved.Token == "" || !slices.Equal(saved.Done, []string{"/out/a.txt"}) {
		t.Fatalf("state after cleanup: %+v %v", saved, err)
	}
	// the next run sees only what happened since
	send(t, n, "/out", "keep.txt")
	res, err = n.Cleanup(ctx, saved, node.CleanupOptions{Transfer: func(tr map[string]any) bool { return tr["status"] == "completed" }})
	if err != nil || res.Transfers != 1 || !slices.Equal(res.Selected, []string{"/out/keep.txt"}) {
		t.Fatalf("second cleanup: %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(root, "out", "keep.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("keep.txt not deleted: %v", err)
	}
	if res, err := n.Cleanup(ctx, saved, node.CleanupOptions{}); err != nil || res.Transfers != 0 || len(res.Selected) != 0 {
		t.Errorf("third cleanup: %+v %v", res, err)
	}
}

func TestForward(t *testing.T) {
	ctx := context.Background()
	srv, root, n := startRunning(t)
	receive(t, n, "/in", nil, "/far/a.txt", "/far/b.txt")
	send(t, n, "/in", "a.txt") // sent: not an arrival
	p, err := node.OpenPersistency(filepath.Join(t.TempDir(), "state"), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	// a failed download commits nothing
	_, err = n.Forward(ctx, p, node.ForwardOptions{}, func(context.Context, node.Object) error { return errors.New("link down") })
	if err == nil || !strings.Contains(err.Error(), "link down") || p.Token != "" {
		t.Fatalf("failed download: %v, token %q", err, p.Token)
	}
	var got []string
	download := func(_ context.Context, spec node.Object) error {
		for _, e := range spec["paths"].([]any) {
			got = append(got, e.(map[string]any)["source"].(string))
		}
		return nil
	}
	res, err := n.Forward(ctx, p, node.ForwardOptions{Delete: true}, download)
	if err != nil || !slices.Equal(res.Paths, []string{"/in/a.txt", "/in/b.txt"}) || !slices.Equal(got, res.Paths) || len(res.Deleted) != 2 {
		t.Fatalf("forward: %+v (downloaded %v) %v", res, got, err)
	}
	if _, err := os.Stat(filepath.Join(root, "in", "b.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("b.txt not deleted: %v", err)
	}
	// nothing new: no download, the state moves on
	got = nil
	if res, err := n.Forward(ctx, p, node.ForwardOptions{}, download); err != nil || len(res.Paths) != 0 || got != nil {
		t.Errorf("nothing new: %+v %v %v", res, got, err)
	}
	// an upload through the simulator's own upload_setup arrives too: its far end is logged
	local := filepath.Join(t.TempDir(), "n.txt")
	writeFile(t, local, "via setup")
	spec, err := n.UploadSetup(ctx, "/in", nil)
	if err != nil {
		t.Fatal(err)
	}
	spec["paths"] = []any{node.Object{"source": local}}
	client := run(t, n, spec)
	if client["status"] != "completed" || !slices.Equal(filePaths(t, client), []string{local}) {
		t.Fatalf("upload job: %v", client)
	}
	b, paths, err := n.Arrivals(ctx, p, nil)
	if err != nil || !slices.Equal(paths, []string{"/in/n.txt"}) || len(b.Transfers) != 2 {
		t.Fatalf("arrivals: %v %v %v", paths, b, err)
	}
	far := b.Transfers[1]
	if sp := far["start_spec"].(map[string]any); sp["direction"] != "receive" || sp["endpoint"] != "server" || sp["destination_path"] != "/in" {
		t.Errorf("the far end: %v", far)
	}
	if err := b.Commit(paths); err != nil {
		t.Fatal(err)
	}
}

func TestPostprocess(t *testing.T) {
	ctx := context.Background()
	srv, _, n := startRunning(t)
	received := receive(t, n, "/in", nil, "/far/a.txt")
	send(t, n, "/in", "a.txt")
	p, err := node.OpenPersistency(filepath.Join(t.TempDir(), "state"), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	l, err := n.Postprocess(ctx, p, nil)
	if err != nil || len(l) != 1 || l[0]["id"] != received["id"] || l[0]["files"] != nil {
		t.Fatalf("postprocess: %v %v", l, err)
	}
	if l, err := n.Postprocess(ctx, p, nil); err != nil || len(l) != 0 {
		t.Errorf("second postprocess: %v %v", l, err)
	}
}

func TestCentral(t *testing.T) {
	ctx := context.Background()
	_, _, n := startRunning(t)
	receive(t, n, "/in", nil, "/far/a.txt", "/far/b.txt")
	send(t, n, "/in", "nosuch")
	sessions, token, err := n.CentralSessions(ctx, nil, "aslmcli")
	if err != nil || len(sessions) != 2 || token == "" {
		t.Fatalf("sessions: %v %q %v", sessions, token, err)
	}
	first, second := sessions[0].(map[string]any), sessions[1].(map[string]any)
	if first["direction"] != "incoming" || first["status"] != "completed" || num(t, first["bytes_transferred"]) != 30 ||
		second["direction"] != "outgoing" || second["status"] != "error" {
		t.Errorf("sessions %v", sessions)
	}
	byStatus, _, err := n.CentralSessions(ctx, node.Object{"session_filter": node.Object{"status": []any{"error"}}}, "")
	if err != nil || len(byStatus) != 1 {
		t.Errorf("sessions in error: %v %v", byStatus, err)
	}
	none, _, err := n.CentralSessions(ctx, node.Object{"session_filter": node.Object{"iteration_token": "CURRENT_POSITION"}}, "")
	if err != nil || len(none) != 0 {
		t.Errorf("from the current position: %v %v", none, err)
	}
	files, _, err := n.CentralFiles(ctx, node.Object{"file_filter": node.Object{"session_uuid": []any{first["session_uuid"]}}}, "v")
	if err != nil || len(files) != 2 || files[0].(map[string]any)["path"] != "/in/a.txt" {
		t.Errorf("files: %v %v", files, err)
	}
	_, _, err = n.CentralFiles(ctx, node.Object{"file_filter": node.Object{"iteration_token": "not one"}}, "")
	restError(t, err, 400)
}

func TestAsync(t *testing.T) {
	ctx := context.Background()
	_, _, n := startRunning(t)
	receive(t, n, "/in", node.Object{"cookie": "nightly"}, "/far/a.txt", "/far/b.log")
	send(t, n, "/in", "nosuch")
	ids, err := n.AsyncIDs(ctx)
	if err != nil || len(ids) != 2 {
		t.Fatalf("ids %v %v", ids, err)
	}
	sums, err := n.AsyncSummaries(ctx, 1, 2, 99)
	if err != nil || len(sums) != 2 {
		t.Fatalf("summaries %v %v", sums, err)
	}
	s1 := sums[0].(map[string]any)
	if s1["name"] != "nightly" || s1["local_dir"] != "/in" || s1["direction"] != "pull" || num(t, s1["snid"]) != 1 {
		t.Errorf("summary %v", s1)
	}
	if c, err := n.AsyncCountersOf(ctx, 1); err != nil || num(t, c["syncd"]) != 2 || num(t, c["error"]) != 0 {
		t.Errorf("counters of 1: %v %v", c, err)
	}
	if c, err := n.AsyncCountersOf(ctx, 2); err != nil || num(t, c["syncd"]) != 0 {
		t.Errorf("counters of 2: %v %v", c, err)
	}
	if l, err := n.AsyncCounters(ctx, 1); err != nil || len(l) != 1 {
		t.Errorf("counters %v %v", l, err)
	}
	files, err := n.AsyncFiles(ctx, 1, node.Object{"filename": "*.txt"})
	if err != nil || len(files) != 1 || files[0].(map[string]any)["filename"] != "/in/a.txt" {
		t.Errorf("files %v %v", files, err)
	}
	if files, err := n.AsyncFiles(ctx, 1, node.Object{"skip": 1}); err != nil || len(files) != 1 {
		t.Errorf("files after 1: %v %v", files, err)
	}
	if _, err := n.AsyncDelete(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if ids, err := n.AsyncIDs(ctx); err != nil || len(ids) != 1 {
		t.Errorf("ids after delete %v %v", ids, err)
	}
	_, err = n.Call(ctx, "POST", "async/summary", nil, node.Object{"syncs": []any{"x"}}, nil)
	restError(t, err, 400)
}

func TestServicesWatchFoldersStreams(t *testing.T) {
	ctx := context.Background()
	_, _, n := startRunning(t)
	created, err := n.CreateService(ctx, node.Object{"type": "WATCHD", "run_as": node.Object{"user": "xfer"}})
	if err != nil || created["id"] == "" {
		t.Fatalf("create service: %v %v", created, err)
	}
	if l, err := n.Services(ctx); err != nil || len(l) != 1 || l[0].(map[string]any)["type"] != "WATCHD" {
		t.Errorf("services %v %v", l, err)
	}
	_, err = n.CreateService(ctx, node.Object{"run_as": node.Object{"user": "xfer"}})
	restError(t, err, 400)
	if err := n.DeleteService(ctx, created["id"].(string)); err != nil {
		t.Fatal(err)
	}
	restError(t, n.DeleteService(ctx, created["id"].(string)), 404)

	wf, err := n.CreateWatchFolder(ctx, node.Object{"source_dir": "/in", "target_dir": "/out"})
	if err != nil {
		t.Fatal(err)
	}
	id := wf["id"].(string)
	if ids, err := n.WatchFolders(ctx); err != nil || !slices.Equal(ids, []any{id}) {
		t.Errorf("watch folders %v %v", ids, err)
	}
	if err := n.ModifyWatchFolder(ctx, id, node.Object{"target_dir": "/elsewhere"}); err != nil {
		t.Fatal(err)
	}
	if got, err := n.WatchFolder(ctx, id); err != nil || got["target_dir"] != "/elsewhere" || got["id"] != id {
		t.Errorf("watch folder %v %v", got, err)
	}
	if st, err := n.WatchFolderState(ctx, id); err != nil || st["id"] != id {
		t.Errorf("state %v %v", st, err)
	}
	_, err = n.Call(ctx, "GET", "v3/watchfolders", nil, nil, nil) // without the version header
	if e := restError(t, err, 400); !strings.Contains(e.Message, "2016_09_14") {
		t.Errorf("without the header: %v", e)
	}
	_, err = n.CreateWatchFolder(ctx, node.Object{"source_dir": "/in"})
	restError(t, err, 400)
	if err := n.DeleteWatchFolder(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err = n.WatchFolder(ctx, id)
	restError(t, err, 404)

	st, err := n.CreateStream(ctx, node.Object{"direction": "send", "source": "udp://", "destination": "udp://",
		"remote_host": "localhost", "remote_user": "stream", "remote_password": "secret"})
	if err != nil {
		t.Fatal(err)
	}
	sid := st.(map[string]any)["id"].(string)
	if st.(map[string]any)["remote_password"] != nil {
		t.Errorf("the answer shows the password: %v", st)
	}
	listed := collect(t, n.Streams(ctx, url.Values{"active_only": {"true"}}, 0))
	if len(listed) != 1 || listed[0]["id"] != sid || listed[0]["status"] != "running" {
		t.Errorf("streams %v", listed)
	}
	if m, err := n.ModifyStream(ctx, sid, node.Object{"target_rate_kbps": 5000}); err != nil || m.(map[string]any)["status"] != "running" {
		t.Errorf("modify stream %v %v", m, err)
	}
	if c, err := n.CancelStream(ctx, sid); err != nil || c.(map[string]any)["status"] != "canceled" {
		t.Errorf("cancel stream %v %v", c, err)
	}
	_, err = n.CreateStream(ctx, node.Object{"direction": "send"})
	restError(t, err, 400)
}
