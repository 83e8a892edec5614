package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/products/server/servertest"
)

func TestShellQuote(t *testing.T) {
	got := ShellQuote([]string{"asconfigurator", "-x", "get_user_data;user_name,xfer", "it's", "", "a b"})
	want := `asconfigurator -x 'get_user_data;user_name,xfer' 'it'\''s' '' 'a b'`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestParseToolOutput(t *testing.T) {
	rec := func(v []map[string]any) string { b, _ := json.Marshal(v); return string(b) }
	conf := ParseToolOutput("success\n\"user\",\"xfer\",\"absolute\",\"/data\",\"AS_NULL\"\n\"server\",\"x\",\"true\",\"false\"\n")
	if got := rec(conf); got != `[{"default":null,"parameter":"absolute","section":"user","user":"xfer","value":"/data"},{"default":false,"parameter":"x","section":"server","value":true}]` {
		t.Fatalf("configurator: %s", got)
	}
	nv := ParseToolOutput("  user: \"xfer\"\n    absolute: \"/data\"\n    read: \"true\"\n  default:\n    rate: \"10\"\n")
	if got := rec(nv); got != `[{"name":"user","value":"xfer"},{"name":"user.absolute","value":"/data"},{"name":"user.read","value":"true"},{"name":"default","value":""},{"name":"default.rate","value":"10"}]` {
		t.Fatalf("name/value: %s", got)
	}
	for _, other := range []string{"    List of Node API user(s):\n ==== ====\n  node_user  xfer  []\n", "success\nnot,csv\n"} {
		if r := ParseToolOutput(other); r != nil {
			t.Errorf("%q parsed as %v", other, r)
		}
	}
}

func TestToolsOverRealSSH(t *testing.T) {
	srv := sshtest.StartWith(t, sshtest.Options{Path: servertest.ToolsDouble(t)})
	f, err := OpenFiles(context.Background(), Target{Scheme: "ssh", Host: "127.0.0.1", Port: srv.Port, User: srv.User,
		KeyPaths: []string{writeKey(t, srv.ClientPEM)}}, nil, StrictNo, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := RunnerOf(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Run(context.Background(), []string{"asuserdata", "-a"})
	if err != nil || !strings.Contains(out, `absolute: "/data/xfer"`) {
		t.Fatalf("asuserdata -a: %q %v", out, err)
	}
	out, err = r.Run(context.Background(), []string{"asconfigurator", "-x", "get_user_data;user_name,xfer"})
	if err != nil || len(ParseToolOutput(out)) != 2 {
		t.Fatalf("asconfigurator: %q %v", out, err)
	}
	if _, err := r.Run(context.Background(), []string{"asuserdata", "--bad"}); err == nil || !strings.Contains(err.Error(), "Usage: asuserdata") {
		t.Fatalf("a failing tool: %v", err)
	}
	if _, err := r.Run(context.Background(), []string{"asnosuchtool"}); err == nil || !strings.Contains(err.Error(), "not found on the server") {
		t.Fatalf("a missing tool: %v", err)
	}
	if _, err := RunnerOf(nil); err == nil {
		t.Fatal("nil files run")
	}
	if out, err := (Local{}).Run(context.Background(), []string{"echo", "a b"}); err != nil || out != "a b\n" {
		t.Fatalf("local: %q %v", out, err)
	}
}

func writeKey(t *testing.T, pem []byte) string {
	p := filepath.Join(t.TempDir(), "id")
	if err := os.WriteFile(p, pem, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
