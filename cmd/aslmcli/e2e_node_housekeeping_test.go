package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
)

// farEnd is the double of the far end of the transfers the simulated node runs: a receive
// writes "from SOURCE" at destination_root (a node path), a send only checks its sources.
func farEnd(root string) func(context.Context, map[string]any) error {
	return func(_ context.Context, spec map[string]any) error {
		dst, _ := spec["destination_root"].(string)
		src, _ := spec["source_root"].(string)
		for _, p := range spec["paths"].([]any) {
			source, _ := p.(map[string]any)["source"].(string)
			if spec["direction"] == "receive" {
				target := filepath.Join(root, filepath.FromSlash(dst), path.Base(source))
				if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(target, []byte("from "+source), 0o644); err != nil {
					return err
				}
			} else if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(src), filepath.FromSlash(source))); err != nil {
				return fmt.Errorf("ascp: %s: no such file", source)
			}
		}
		return nil
	}
}

// nodeJob has the simulated node run spec and waits for its end.
func nodeJob(t *testing.T, n *node.Client, spec node.Object) {
	t.Helper()
	ctx := context.Background()
	started, err := n.StartTransfer(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		tr, err := n.Transfer(ctx, started["id"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if tr["status"] == "completed" {
			return
		}
		if tr["status"] == "failed" {
			t.Fatalf("job failed: %v", tr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("job did not end")
}

// TestNodeHousekeeping runs the original tool's postprocess, forward, cleanup and central on
// transfers the simulated node ran, each twice: the second run finds nothing new.
func TestNodeHousekeeping(t *testing.T) {
	root := t.TempDir()
	sim, err := nodesim.Start(nodesim.Config{Root: root, Runner: farEnd(root)})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	api, _ := rest.New(sim.URL, rest.Basic{Username: "node_user", Password: "node_pass"}, nil)
	n := node.New(api)
	// the node received two files into /in and sends /out/x.txt away
	nodeJob(t, n, node.Object{"direction": "receive", "remote_host": "far", "remote_user": "xfer", "token": "Basic dA==",
		"destination_root": "/in", "paths": []any{node.Object{"source": "/far/a.txt"}, node.Object{"source": "/far/b.txt"}}})
	if err := os.MkdirAll(filepath.Join(root, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "out", "x.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	nodeJob(t, n, node.Object{"direction": "send", "remote_host": "far", "remote_user": "xfer", "token": "Basic dA==",
		"source_root": "/out", "destination_root": "/backup", "paths": []any{node.Object{"source": "x.txt"}}})

	e := newEnv(t)
	args := []string{"--url=" + sim.URL, "--username=node_user", "--password=node_pass", "--ascp-path=" + fakeascp(t)}
	run := func(a ...string) string { return e.ok(append(a, args...)...) }

	// postprocess: the received transfer once
	out := run("node", "postprocess", "--format=json", "--fields=status")
	if strings.Count(out, `"status":"completed"`) != 1 {
		t.Fatalf("postprocess: %s", out)
	}
	if out := run("node", "postprocess", "--format=json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("postprocess again: %s", out)
	}
	// forward: the files that arrived, downloaded with the direct agent, then deleted
	dest := filepath.Join(e.dir, "forwarded")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	out = run("node", "forward", "--to-folder="+dest, "--delete-source=yes", "--format=json")
	if !strings.Contains(out, `"paths":["/in/a.txt","/in/b.txt"]`) {
		t.Fatalf("forward: %s", out)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "a.txt")); err != nil || string(b) != "from /far/a.txt" {
		t.Fatalf("forwarded a.txt: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(root, "in", "a.txt")); !os.IsNotExist(err) {
		t.Fatalf("--delete-source left the file: %v", err)
	}
	if out := run("node", "forward", "--to-folder="+dest, "--format=json"); !strings.Contains(out, `"transfers":0`) {
		t.Fatalf("forward again: %s", out)
	}
	// cleanup: the files the node sent, selected by Lua expressions
	e.fails(2, "--filter-file", append([]string{"node", "cleanup", "--filter-file=f.path ==", "--persistency=" + filepath.Join(e.dir, "c.json")}, args...)...)
	out = run("node", "cleanup", `--filter-transfer=t.status == "completed"`, `--filter-file=f.path:match("x")`,
		"--persistency="+filepath.Join(e.dir, "c.json"), "--format=csv")
	if !strings.Contains(out, "/out/x.txt") {
		t.Fatalf("cleanup: %s", out)
	}
	if _, err := os.Stat(filepath.Join(root, "out", "x.txt")); !os.IsNotExist(err) {
		t.Fatalf("cleanup left the file: %v", err)
	}
	if out := run("node", "cleanup", "--persistency="+filepath.Join(e.dir, "c.json"), "--format=json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("cleanup again: %s", out)
	}
	// central: the sessions of the jobs
	out = run("node", "central", "session", "list", `--parameters=@json:{"session_filter":{"max_results":10}}`, "--format=json")
	if strings.Count(out, `"session_uuid"`) != 2 {
		t.Fatalf("central sessions: %s", out)
	}
	if out := run("node", "central", "file", "list", "--format=csv", "--fields=path"); !strings.Contains(out, "/in/a.txt") {
		t.Fatalf("central files: %s", out)
	}
}

// TestNodeSimulatorPrintsCredentials: the URL first, then the credentials to use.
func TestNodeSimulatorPrintsCredentials(t *testing.T) {
	e := newEnv(t)
	lines, _ := productSimulator(t, e, "node", 3, "--username=u1", "--password=p1")
	if lines[1] != "username: u1" || lines[2] != "password: p1" {
		t.Fatalf("simulator output %q", lines)
	}
}
