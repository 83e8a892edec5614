package faspex5_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/faspex5/internal/faspex5test"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// TestGateway: a Faspex 4 package creation posted to the gateway makes a Faspex 5 package
// (recipients resolved by name) and answers the upload's spec in xfer_sessions; the files
// sent with it complete the package. What is not POST ROOT/send is refused.
func TestGateway(t *testing.T) {
	sim, _ := faspex5test.Start(t, faspex5sim.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := clientOf(t, sim, "admin")
	g, err := faspex5.ListenGateway("http://127.0.0.1:0/aspera/faspex", c, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- g.Serve(ctx) }()
	post := func(path, body string) (int, map[string]any) {
		resp, err := http.Post(strings.TrimSuffix(g.URL, "/aspera/faspex")+path, "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(file, []byte("gateway bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, m := post("/aspera/faspex/send", fmt.Sprintf(`{"delivery":{"title":"via gateway","note":"n","recipients":["user1"],"sources":[{"paths":[%q]}]}}`, file))
	sessions, _ := m["xfer_sessions"].([]any)
	if code != 200 || len(sessions) != 1 || m["links"] == nil {
		t.Fatalf("send: %d %v", code, m)
	}
	s := spec.Spec(sessions[0].(map[string]any))
	if s["authentication"] != nil || s["paths"] != nil || s["destination_root"] == nil {
		t.Fatalf("spec: %v", s)
	}
	s["direction"] = "send"
	transfer(t, s, []string{file}, "")
	it, err := clientOf(t, sim, "user1").Packages(ctx, faspex5.Mailbox{Box: "inbox"}, nil, 0)
	l := all(t, it, err)
	if len(l) != 1 || l[0]["title"] != "via gateway" || l[0]["status"] != "completed" {
		t.Fatalf("user1's inbox: %v", l)
	}
	for _, tc := range []struct{ path, body, want string }{
		{"/aspera/faspex/other", `{}`, "Unsupported endpoint"},
		{"/aspera/faspex/send", `{"title":"no delivery"}`, "delivery"},
		{"/aspera/faspex/send", `{"delivery":{"title":"t","recipients":["user1"]}}`, "no sources"},
		{"/aspera/faspex/send", `{"delivery":{"title":"t","recipients":["ghost"],"sources":[{"paths":["a"]}]}}`, "ghost"},
	} {
		if code, m := post(tc.path, tc.body); code < 400 || !strings.Contains(fmt.Sprint(m["error"]), tc.want) {
			t.Errorf("%s %s: %d %v", tc.path, tc.body, code, m)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := faspex5.ListenGateway("ftp://x/y", c, nil); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("ftp: %v", err)
	}
}
