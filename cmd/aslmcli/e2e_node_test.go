package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/node/nodesim"
)

// TestNodeTourExample runs the README's first command.
func TestNodeTourExample(t *testing.T) {
	e := newEnv(t)
	script, _ := filepath.Abs("../../scripts/examples/node_tour.lua")
	out := e.ok("run", script)
	for _, want := range []string{"simulator: http://127.0.0.1:", "readme: Hello from the tour", "delete /projects/missing: no such file or directory",
		"access key tour_key", "resolved delta/notes.txt: id ", "browse /nowhere: http 404:", "done"} {
		if !strings.Contains(out, want) {
			t.Errorf("the tour lacks %q:\n%s", want, out)
		}
	}
}

// startSimulator runs `aslmcli node simulator` and returns its URL and the process.
func startSimulator(t *testing.T, e *env, args ...string) (string, *exec.Cmd) {
	t.Helper()
	p := runSimulator(t, e, "node", args...)
	return p.url, p.cmd
}

func TestNodeCommandsAgainstSimulator(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	url, sim := startSimulator(t, e, "--root="+root, "--username=nu", "--password=np")
	e.ok("config", "preset", "update", "mynode", "--url="+url, "--username=nu", "--password=np")
	e.ok("config", "preset", "set", "default", "node", "mynode")
	e.ok("node", "mkdir", "/in/a", "/in/b")
	e.ok("node", "mkfile", "/in/a/f.txt", "contents here")
	if got := e.ok("node", "cat", "/in/a/f.txt"); got != "contents here" {
		t.Fatalf("cat %q", got)
	}
	got := e.ok("node", "browse", "/in", "--format=csv", "--fields=basename,type")
	if got != "a,directory\nb,directory\n" {
		t.Fatalf("browse %q", got)
	}
	e.ok("node", "rename", "/in", "b", "c")
	var del []map[string]any
	out := e.ok("node", "delete", "/in/c", "/in/zz", "--format=json")
	if err := json.Unmarshal([]byte(out), &del); err != nil || len(del) != 2 || del[0]["error"] != nil || del[1]["error"] == nil {
		t.Fatalf("delete %s", out)
	}
	e.fails(1, "ERROR: http: 404 Not Found: POST "+url+"/files/browse: browse /nowhere: no such file or directory", "node", "browse", "/nowhere")
	e.fails(1, "401 Unauthorized", "node", "browse", "/", "--password=bad")
	spec := e.ok("node", "spec", "upload", "local.bin", "--to-folder=/in", "--format=json", "--show-secrets=yes")
	var ts map[string]any
	if err := json.Unmarshal([]byte(spec), &ts); err != nil || ts["direction"] != "send" || ts["remote_host"] != "127.0.0.1" || !strings.HasPrefix(ts["token"].(string), "ATV7_") {
		t.Fatalf("spec %s", spec)
	}
	// no ascp here: the direct agent says where it looked; the node agent runs the job on the
	// simulator, which has no ascp: the job fails and says why
	e.fails(1, "ERROR: config: transfer.start: ascp not found (looked in: ", "node", "upload", "local.bin", "--to-folder=/in")
	r := e.fails(1, "ERROR: transfer: node: error 1: this simulator cannot run transfers: ascp not found", "node", "upload", "local.bin", "--to-folder=/in",
		"--transfer=node", `--transfer-info=@json:{"poll":0.01}`)
	if strings.Contains(r.err, "np") && strings.Contains(r.err, "password") {
		t.Fatalf("secret in the error: %s", r.err)
	}
	// the original manual's --transfer-node=@preset:NAME names the node of the node agent
	// (here one that does not answer: the job is posted there, not to the command's node)
	e.ok("config", "preset", "update", "deadnode", "--url=http://127.0.0.1:1", "--username=x", "--password=y")
	e.fails(1, "POST http://127.0.0.1:1/ops/transfers", "node", "upload", "local.bin", "--to-folder=/in",
		"--transfer=node", "--transfer-node=@preset:deadnode")
	// access keys and the gen4 commands
	e.ok("node", "access_key", "create", `@json:{"id":"ak1","secret":"s1","storage":{"type":"local","path":"/in"}}`)
	got = e.ok("node", "access_key", "do", "ak1", "browse", "/", "--secret=s1", "--format=csv", "--fields=name,type")
	if got != "a,folder\n" {
		t.Fatalf("gen4 browse %q", got)
	}
	e.ok("node", "access_key", "do", "self", "mkdir", "/a/deep", "--username=ak1", "--password=s1")
	if _, err := os.Stat(filepath.Join(root, "in", "a", "deep")); err != nil {
		t.Fatalf("gen4 mkdir: %v", err)
	}
	// SIGTERM stops the simulator
	if err := sim.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sim.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the simulator did not stop on SIGTERM")
	}
}

// TestNodeBrowseIsLazy: --query max=10 fetches a single page of a 2,500-entry folder.
func TestNodeBrowseIsLazy(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "big")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2500; i++ {
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("f%04d", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	url, _ := startSimulator(t, e, "--root="+root)
	auth := []string{"--url=" + url, "--username=node_user", "--password=node_pass"}
	all := e.ok(append([]string{"node", "browse", "/", "--format=csv", "--fields=basename"}, auth...)...)
	if n := strings.Count(all, "\n"); n != 2500 || !strings.HasPrefix(all, "f0000\n") || !strings.HasSuffix(all, "f2499\n") {
		t.Fatalf("browse: %d lines", n)
	}
	r := e.run(append([]string{"node", "browse", "/", "--format=csv", "--fields=basename", `--query=@json:{"max":10}`, "-r"}, auth...)...)
	if r.code != 0 || strings.Count(r.out, "\n") != 10 || strings.Count(r.err, "> POST "+url+"/files/browse") != 1 {
		t.Fatalf("max=10: %d lines, %d requests\n%s", strings.Count(r.out, "\n"), strings.Count(r.err, "> POST"), r.err)
	}
}

// TestTransferProgressBar: a transfer through the node agent draws a progress bar on a
// terminal, none when stderr is piped or with --progress-bar=no, and ends with a status table.
func TestTransferProgressBar(t *testing.T) {
	sim, err := nodesim.Start(nodesim.Config{Root: t.TempDir(), Runner: func(ctx context.Context, s map[string]any) error {
		select {
		case <-time.After(800 * time.Millisecond):
		case <-ctx.Done():
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	e := newEnv(t)
	e.write("f.bin", "data")
	args := []string{"node", "upload", "f.bin", "--url=" + sim.URL, "--username=node_user", "--password=node_pass",
		"--transfer=node", `--transfer-info=@json:{"poll":0.05}`}
	tm := e.onTerminal(args...)
	tm.expect("node  [")
	if code, out := tm.wait(); code != 0 || !strings.Contains(out, "success") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	// --progress-bar=no on a terminal: no bar
	tm = e.onTerminal(append(args, "--progress-bar=no")...)
	if code, out := tm.wait(); code != 0 || strings.Contains(out, "node  [") || !strings.Contains(out, "success") {
		t.Fatalf("--progress-bar=no: exit %d:\n%s", code, out)
	}
	r := e.run(append(args, "--format=csv", "--fields=status,agent")...)
	if r.code != 0 || r.out != "success,node\n" || strings.Contains(r.err, "node  [") {
		t.Fatalf("piped: %v", r)
	}
}
