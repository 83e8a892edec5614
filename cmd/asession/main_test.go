package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/products/node/nodesim"
)

func simulator(t *testing.T, runner func(context.Context, map[string]any) error) string {
	sim, err := nodesim.Start(nodesim.Config{Root: t.TempDir(), Runner: runner})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim.URL
}

func requestJSON(url string) string {
	return fmt.Sprintf(`{"agent":"node","settings":{"url":%q,"username":"node_user","password":"node_pass","poll":0.01},
		"spec":{"direction":"send","remote_host":"127.0.0.1","remote_user":"xfer","token":"Basic x","paths":[{"source":"a"}]}}`, url)
}

func lines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var all []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not a JSON line: %q", sc.Text())
		}
		all = append(all, m)
	}
	return all
}

func TestAsession(t *testing.T) {
	url := simulator(t, func(context.Context, map[string]any) error { return nil })
	var out, errb strings.Builder
	if code := run(context.Background(), nil, strings.NewReader(requestJSON(url)), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	ev := lines(t, out.String())
	if len(ev) != 3 || ev[0]["type"] != "session_start" || ev[1]["type"] != "done" || ev[2]["type"] != "result" || ev[2]["status"] != "success" {
		t.Fatalf("events %v", ev)
	}
	// the argument form, and a failure: exit 1 (the peer tool exits 0 here)
	bad := simulator(t, func(context.Context, map[string]any) error { return errors.New("no space left") })
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"@json:" + requestJSON(bad)}, strings.NewReader(""), &out, &errb); code != 1 {
		t.Fatalf("failure: exit %d", code)
	}
	ev = lines(t, out.String())
	if last := ev[len(ev)-1]; last["type"] != "result" || last["status"] != "failed" || !strings.Contains(errb.String(), "no space left") {
		t.Fatalf("failure: %v %s", ev, errb.String())
	}
	for in, want := range map[string]string{
		"[1,2]":                   "a transfer spec (a JSON object) expected",
		"{bad":                    "@json:",
		`{"spec":{},"agent":"x"}`: `no transfer agent "x"`,
	} {
		errb.Reset()
		if code := run(context.Background(), nil, strings.NewReader(in), &out, &errb); code != 2 || !strings.Contains(errb.String(), want) {
			t.Errorf("%s: exit %d, %s", in, code, errb.String())
		}
	}
	out.Reset()
	if code := run(context.Background(), []string{"@json:@stdin"}, strings.NewReader(requestJSON(url)), &out, &errb); code != 0 {
		t.Errorf("the original spelling @json:@stdin: exit %d", code)
	}
	if code := run(context.Background(), []string{"a", "b"}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Errorf("two arguments: exit %d", code)
	}
}

// TestAsessionSFTP runs the sftp agent against a real sshd: the host is added to aslmcli's
// known_hosts (never to ~/.ssh), and the file arrives.
func TestAsessionSFTP(t *testing.T) {
	srv := sshtest.Start(t)
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("ASLMCLI_HOME", filepath.Join(dir, "aslm"))
	src := filepath.Join(dir, "a.txt")
	os.WriteFile(src, []byte("over sftp"), 0o644)
	key, _ := json.Marshal(string(srv.ClientPEM))
	req := fmt.Sprintf(`{"agent":"sftp","spec":{"direction":"send","remote_host":"127.0.0.1","ssh_port":%d,"remote_user":%q,
		"ssh_private_key":%s,"destination_root":%q,"paths":[{"source":%q}]}}`, srv.Port, srv.User, key, filepath.Join(dir, "dest"), src)
	var out, errb strings.Builder
	if code := run(context.Background(), nil, strings.NewReader(req), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	if b, err := os.ReadFile(filepath.Join(dir, "dest", "a.txt")); err != nil || string(b) != "over sftp" {
		t.Fatalf("upload: %q %v", b, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "aslm", "known_hosts")); err != nil || !strings.Contains(string(b), srv.KnownHostsLine()) {
		t.Fatalf("known_hosts: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".ssh", "known_hosts")); err == nil {
		t.Fatal("~/.ssh/known_hosts must not be written")
	}
}

// TestAsessionHelpAndChecks: -h prints the usage (exit 0); an invalid spec is refused before
// any agent runs (issue 12 defect 6: the sftp agent took it); an unknown setting is a usage
// error naming the known ones; no ascp is exit 1, as in aslmcli (the input is right, the
// machine lacks ascp).
func TestAsessionHelpAndChecks(t *testing.T) {
	for _, arg := range []string{"-h", "--help"} {
		var out, errb strings.Builder
		if code := run(context.Background(), []string{arg}, strings.NewReader(""), &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "Usage: asession [VALUE]") {
			t.Fatalf("%s: exit %d, %q %q", arg, code, out.String(), errb.String())
		}
	}
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("ASLMCLI_HOME", filepath.Join(dir, "aslm"))
	t.Setenv("PATH", dir)
	dest := filepath.Join(dir, "dest")
	for _, c := range []struct{ in, want string }{
		{`{"agent":"sftp","spec":{"direction":"sideways","remote_host":"127.0.0.1","target_rate_kbps":"fast","paths":[{"source":"a"}],"destination_root":"` + dest + `"}}`,
			`ERROR: usage: transfer spec: field "direction": "sideways" is not one of send, receive; transfer spec: field "target_rate_kbps": integer expected, got a string`},
		{`{"agent":"sftp","settings":{"parralel":2},"spec":{"direction":"send","remote_host":"127.0.0.1","paths":[{"source":"a"}]}}`,
			`ERROR: usage: sftp agent: unknown setting "parralel" (known: known_hosts, parallel, strict_host_key_checking)`},
		{`{"agent":"httpgw","spec":{"direction":"send","remote_host":"h","paths":[{"source":"a"}]}}`,
			`ERROR: usage: transfer spec: field "token" is required`},
	} {
		var out, errb strings.Builder
		if code := run(context.Background(), nil, strings.NewReader(c.in), &out, &errb); code != 2 || strings.TrimSpace(errb.String()) != c.want {
			t.Errorf("%s: exit %d\n%s\nwant %s", c.in, code, errb.String(), c.want)
		}
		if out.String() != "" {
			t.Errorf("%s: a refused request printed %q", c.in, out.String())
		}
	}
	if _, err := os.Stat(dest); err == nil {
		t.Fatal("the invalid spec moved files")
	}
	var out, errb strings.Builder
	code := run(context.Background(), nil, strings.NewReader(`{"direction":"send","remote_host":"h","paths":[{"source":"a"}]}`), &out, &errb)
	if code != 1 || !strings.HasPrefix(errb.String(), "ERROR: config: ascp not found (looked in: ") {
		t.Fatalf("no ascp: exit %d, %s", code, errb.String())
	}
}
