package console_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/console"
	"github.com/asperalm/aslmcli/products/console/consolesim"
	"github.com/asperalm/aslmcli/products/console/internal/consoletest"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

var now = time.Date(2024, 3, 10, 15, 30, 0, 0, time.UTC)

func client(t *testing.T, url, user, pass string) *console.Client {
	t.Helper()
	c, err := console.NewFromOptions(url, oauth.Options{Username: user, Password: pass}, oauth.Env{HTTP: &rest.Settings{RetryMax: -1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(t *testing.T, it *rest.Iterator) string {
	t.Helper()
	var out []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		out = append(out, fmt.Sprint(v.(map[string]any)["id"]))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, ",")
}

func TestTransfers(t *testing.T) {
	srv, contract := consoletest.Start(t, consolesim.Config{Now: func() time.Time { return now }})
	c := client(t, srv.URL, "console_admin", "console_pass")
	ctx := context.Background()
	list := func(o console.ListOptions, max int) string {
		o.Now, o.Location = now, time.UTC
		it, err := c.Transfers(ctx, o, max)
		if err != nil {
			t.Fatal(err)
		}
		return ids(t, it)
	}
	// the default window is the last 24 h: the transfer of 3 days ago is not in it
	if got := list(console.ListOptions{}, 0); got != "101,102,103,104,106" {
		t.Fatalf("default window: %s", got)
	}
	if got := list(console.ListOptions{From: "-4h"}, 0); got != "101,102,104,106" {
		t.Fatalf("-4h: %s", got)
	}
	if got := list(console.ListOptions{From: "07-03-24 00:00:00", To: "07-03-24 23:59:59"}, 0); got != "105" {
		t.Fatalf("a day three days ago: %s", got)
	}
	if got := list(console.ListOptions{From: "2024-03-07T15:00Z", To: "now"}, 2); got != "101,102" {
		t.Fatalf("max 2: %s", got)
	}
	if got := list(console.ListOptions{Query: map[string]any{"filter": "(transfer_name contain aoc)"}}, 0); got != "101,103" {
		t.Fatalf("filter: %s", got)
	}
	if got := list(console.ListOptions{Query: map[string]any{"filter": "(contact eq john)and(status eq queued)"}}, 0); got != "106" {
		t.Fatalf("two filters: %s", got)
	}
	if got := list(console.ListOptions{Query: map[string]any{"filter1": "status", "comp1": "eq", "val1": "running"}}, 0); got != "102" {
		t.Fatalf("filter1: %s", got)
	}
	// a bad date never reaches the server
	if _, err := c.Transfers(ctx, console.ListOptions{From: "yesterday"}, 0); !errors.Is(err, console.ErrUsage) {
		t.Fatalf("bad date: %v", err)
	}
	// the server refuses an unknown comparison with its 422
	it, _ := c.Transfers(ctx, console.ListOptions{Query: map[string]any{"filter": "(name like x)"}}, 0)
	it.Next()
	var he *rest.Error
	if !errors.As(it.Err(), &he) || he.Status != 422 || !strings.Contains(he.Message, `unknown comparison "like"`) {
		t.Fatalf("bad comparison: %v", it.Err())
	}
	tr, err := c.Transfer(ctx, "103")
	if err != nil || tr["error_description"] != "Disk full on destination" || tr["status"] != "failed" {
		t.Fatalf("show: %v %v", tr, err)
	}
	if _, err := c.Transfer(ctx, "999"); !errors.As(err, &he) || he.Status != 422 || !strings.Contains(he.Message, "not found") {
		t.Fatalf("show unknown: %v", err)
	}
	if got := ids(t, c.TransferFiles(ctx, "102", nil, 0)); got != "102001,102002,102003" {
		t.Fatalf("files: %s", got)
	}
	if got := ids(t, c.TransferFiles(ctx, "102", map[string][]string{"limit": {"1"}, "offset": {"1"}}, 0)); got != "102002" {
		t.Fatalf("files limit: %s", got)
	}
	if seen := strings.Join(contract.Seen(), " "); !strings.Contains(seen, "GET /aspera/console/api/transfers/{id}/files") {
		t.Fatalf("seen: %s", seen)
	}
}

func TestControls(t *testing.T) {
	srv, _ := consoletest.Start(t, consolesim.Config{Now: func() time.Time { return now }})
	c := client(t, srv.URL, "console_admin", "console_pass")
	ctx := context.Background()
	status := func(id, action string, params console.Object) string {
		t.Helper()
		v, err := c.Control(ctx, id, action, params)
		if err != nil {
			return "error: " + err.Error()
		}
		return v["status"].(string)
	}
	for _, step := range []struct{ id, action, want string }{
		{"102", "pause", "paused"}, {"102", "pause", "error: 422"}, {"102", "resume", "running"},
		{"102", "cancel", "cancelled"}, {"102", "rerun", "queued"}, {"102", "start", "running"},
		{"104", "resume", "running"}, {"101", "rerun", "queued"}, {"106", "move_forwards", "queued"},
	} {
		if got := status(step.id, step.action, nil); !strings.HasPrefix(got, step.want) {
			t.Fatalf("%s %s: %s", step.action, step.id, got)
		}
	}
	if v, err := c.Control(ctx, "102", "change_rate", console.Object{"target_rate_kbps": 777}); err != nil || fmt.Sprint(v["target_rate_kbps"]) != "777" {
		t.Fatalf("change_rate: %v %v", v, err)
	}
	if got := status("102", "change_policy", console.Object{"policy": "sometimes"}); !strings.Contains(got, "needs policy") {
		t.Fatalf("change_policy: %s", got)
	}
	if _, err := c.Control(ctx, "102", "explode", nil); !errors.Is(err, console.ErrUsage) {
		t.Fatalf("unknown action: %v", err)
	}
	smart := ids(t, c.SmartTransfers(ctx, 0))
	if smart != "1,2" {
		t.Fatalf("smart: %s", smart)
	}
	v, err := c.SubmitSmartTransfer(ctx, "1", console.Object{"source": console.Object{"paths": []any{"a.txt"}}, "source_type": "user_selected"})
	l, _ := v.([]any)
	if err != nil || len(l) != 1 || l[0].(map[string]any)["status"] != "queued" {
		t.Fatalf("submit: %v %v", v, err)
	}
	if _, err := c.SubmitSmartTransfer(ctx, "1", nil); err == nil || !strings.Contains(err.Error(), "needs source.paths") {
		t.Fatalf("submit without paths: %v", err)
	}
}

func TestHealthAndCredentials(t *testing.T) {
	srv, _ := consoletest.Start(t, consolesim.Config{})
	h := client(t, srv.URL, "console_admin", "console_pass").Health(context.Background())
	if h[0].(map[string]any)["status"] != "ok" {
		t.Fatalf("health: %v", h)
	}
	bad := client(t, srv.URL+"/", "console_admin", "wrong")
	h = bad.Health(context.Background())
	if line := h[0].(map[string]any); line["status"] != "critical" || !strings.Contains(line["message"].(string), "401") {
		t.Fatalf("health with a bad password: %v", h)
	}
	if _, err := bad.Transfer(context.Background(), "101"); err == nil || !strings.Contains(err.Error(), "Invalid username or password") {
		t.Fatalf("bad password: %v", err)
	}
	if _, err := console.NewFromOptions(" ", oauth.Options{}, oauth.Env{}); !errors.Is(err, console.ErrUsage) {
		t.Fatalf("no URL: %v", err)
	}
	// the login page tells a Console
	resp, err := http.Get(strings.TrimSuffix(srv.URL, "/") + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "Aspera Console (v") {
		t.Fatalf("login page: %d %s", resp.StatusCode, page)
	}
}
