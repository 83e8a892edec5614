package faspex_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex"
	"github.com/asperalm/aslmcli/products/faspex/faspexsim"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func TestParseFaspe(t *testing.T) {
	// Faspex 4 leaves the token's base64 padding and "+" unencoded
	s, err := faspex.ParseFaspe("faspe://xfer@demo.example.com:33001/~faspex/packages/PKG%20-%20hi?auth=no&v=2&port=33002&policy=fair" +
		"&targetrate=10000&minrate=10&bwcap=20000&httpport=8443&enc=aes256cfb&sshfp=ab:cd&cookie=c1&createpath=yes&fallback=no" +
		"&tags64=eyJhIjoxfQ%3D%3D&token=ATM+abc/def==")
	if err != nil {
		t.Fatal(err)
	}
	want := spec.Spec{"remote_host": "demo.example.com", "remote_user": "xfer", "ssh_port": 33001,
		"paths": []any{map[string]any{"source": "/~faspex/packages/PKG - hi"}}, "fasp_port": 33002, "rate_policy": "fair",
		"target_rate_kbps": 10000, "min_rate_kbps": 10, "target_rate_cap_kbps": 20000, "http_fallback_port": 8443,
		"cipher": "aes-256-cfb", "sshfp": "ab:cd", "cookie": "c1", "create_dir": true, "http_fallback": false,
		"tags": map[string]any{"a": float64(1)}, "token": "ATM+abc/def=="}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got  %v\nwant %v", s, want)
	}
	for in, cipher := range map[string]string{"aes128": "aes-128", "aes128gcm": "aes-128-gcm", "none": "none", "aes-192": "aes-192"} {
		if s, err := faspex.ParseFaspe("faspe://h/p?enc=" + in); err != nil || s["cipher"] != cipher {
			t.Errorf("enc=%s: %v %v", in, s["cipher"], err)
		}
	}
	for _, bad := range []string{"https://h/p", "faspe://", "faspe://h/p?port=x", "faspe://h/p?tags64=!!"} {
		if _, err := faspex.ParseFaspe(bad); !errors.Is(err, faspex.ErrSetup) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func start(t *testing.T, pageSize int) (*faspexsim.Server, *faspex.Client, *faspex.Client) {
	t.Helper()
	sim, err := faspexsim.Start(faspexsim.Config{Root: t.TempDir(), PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	admin, err := faspex.NewFromOptions(faspex.Options{URL: sim.URL, Username: "admin", Password: "admin_pass"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	user1, err := faspex.NewFromOptions(faspex.Options{URL: sim.URL, Username: "user1", Password: "user1_pass"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sim, admin, user1
}

func collect(t *testing.T, f *faspex.Feed, err error) []faspex.Object {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var out []faspex.Object
	for o, ok := f.Next(); ok; o, ok = f.Next() {
		out = append(out, o)
	}
	if f.Err() != nil {
		t.Fatal(f.Err())
	}
	return out
}

func TestFeedsAndPaging(t *testing.T) {
	sim, admin, user1 := start(t, 3)
	ctx := context.Background()
	for i := 1; i <= 7; i++ {
		if _, err := sim.AddPackage(fmt.Sprintf("p%d", i), "admin", []string{"user1"}, map[string]string{"f.txt": "x"}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := user1.Packages(ctx, "inbox", nil, 0)
	in := collect(t, f, err)
	if len(in) != 7 || in[0]["title"] != "p7" || in[6]["title"] != "p1" || f.Pages() != 3 {
		t.Fatalf("inbox: %d packages, %d pages", len(in), f.Pages())
	}
	to := in[0]["to"].([]any)[0].(faspex.Object)
	if in[0]["package_id"] != to["recipient_delivery_id"] || in[0]["items"] != 1 || !strings.HasPrefix(in[0]["link"].(string), "faspe://xfer@127.0.0.1:33001/") {
		t.Fatalf("entry: %v", in[0])
	}
	f, err = user1.Packages(ctx, "inbox", nil, 4)
	if got := collect(t, f, err); len(got) != 4 || f.Pages() != 2 {
		t.Fatalf("max 4: %d packages, %d pages", len(got), f.Pages())
	}
	f, err = user1.Packages(ctx, "inbox", url.Values{"startIndex": {"5"}, "count": {"10"}}, 0)
	if got := collect(t, f, err); len(got) != 2 || got[0]["title"] != "p2" {
		t.Fatalf("startIndex 5: %v", got)
	}
	f, err = admin.Packages(ctx, "sent", nil, 0)
	sent := collect(t, f, err)
	if len(sent) != 7 || sent[0]["package_id"] != sent[0]["delivery_id"] {
		t.Fatalf("sent: %v", sent[0])
	}
	f, err = admin.Packages(ctx, "inbox", nil, 0)
	if got := collect(t, f, err); len(got) != 0 {
		t.Fatalf("admin's inbox: %v", got)
	}
	for _, bad := range []struct {
		box string
		q   url.Values
	}{{"outbox", nil}, {"inbox", url.Values{"max": {"1"}}}, {"inbox", url.Values{"page": {"1"}, "startIndex": {"1"}}}} {
		if _, err := user1.Packages(ctx, bad.box, bad.q, 0); !errors.Is(err, faspex.ErrSetup) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	var he *rest.Error
	bad, _ := faspex.NewFromOptions(faspex.Options{URL: sim.URL, Username: "user1", Password: "wrong"}, nil)
	if _, err := bad.Me(ctx); !errors.As(err, &he) || he.Status != 401 || !strings.Contains(err.Error(), "invalid username or password") {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestSendReceiveAndLinks(t *testing.T) {
	sim, admin, user1 := start(t, 0)
	ctx := context.Background()
	ts, created, err := admin.SendPackage(ctx, faspex.Send{Title: "t", Note: "n", Recipients: []string{"user1@example.com", "*Uploads"},
		Files: []string{"/tmp/a"}, Metadata: map[string]any{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	dest, _ := ts["destination_root"].(string)
	if ts["direction"] != "send" || ts["paths"] != nil || ts["token"] == nil || !strings.HasPrefix(dest, sim.Root()) {
		t.Fatalf("upload spec: %v", ts)
	}
	// the transfer (what ascp would do)
	if err := os.WriteFile(filepath.Join(dest, "a.txt"), []byte("alpha"), 0o644); err != nil {
		t.Fatal(err)
	}
	did := fmt.Sprint(created["delivery_id"])
	f, err := user1.Packages(ctx, "inbox", nil, 0)
	in := collect(t, f, err)
	if len(in) != 1 || in[0]["note"] != "n" || in[0]["metadata"].(faspex.Object)["k"] != "v" {
		t.Fatalf("inbox: %v", in)
	}
	ds, err := user1.DownloadSpec(ctx, "inbox", in[0]["package_id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	src := ds["paths"].([]any)[0].(map[string]any)["source"]
	if ds["direction"] != "receive" || ds["token"] == nil || src != dest || ds["cipher"] != "aes-128" {
		t.Fatalf("download spec: %v", ds)
	}
	if _, err := admin.DownloadSpec(ctx, "sent", did); err != nil {
		t.Fatalf("sender's download: %v", err)
	}
	if _, err := admin.DownloadSpec(ctx, "inbox", in[0]["package_id"].(string)); err == nil {
		t.Fatal("admin received user1's delivery")
	}
	// the dropbox: user1 as *Uploads sees the package with the dropbox's delivery id
	drop, _ := faspex.NewFromOptions(faspex.Options{URL: sim.URL, Username: "user1", Password: "user1_pass", Recipient: "*Uploads"}, nil)
	f, err = drop.Packages(ctx, "inbox", nil, 0)
	if got := collect(t, f, err); len(got) != 1 || got[0]["package_id"] == in[0]["package_id"] {
		t.Fatalf("dropbox: %v", got)
	}
	// public link: no credentials, the link's token padding unencoded
	link, err := sim.PublicLink(did)
	if err != nil {
		t.Fatal(err)
	}
	ls, pkg, err := faspex.LinkSpec(ctx, nil, link)
	if err != nil {
		t.Fatal(err)
	}
	if tok, _ := ls["token"].(string); !strings.HasSuffix(tok, "==") || pkg["title"] != "t" || ls["direction"] != "receive" {
		t.Fatalf("public link: %v %v", ls, pkg)
	}
	if _, _, err := faspex.LinkSpec(ctx, nil, strings.Replace(link, "passcode=", "passcode=x", 1)); !errors.Is(err, faspex.ErrNotFound) {
		t.Fatalf("wrong passcode: %v", err)
	}
	if _, _, err := faspex.LinkSpec(ctx, nil, sim.URL+"/inbox.atom"); !errors.Is(err, faspex.ErrSetup) {
		t.Fatalf("not a link: %v", err)
	}
	// send errors: Faspex's message
	if _, _, err := admin.SendPackage(ctx, faspex.Send{Title: "t", Recipients: []string{"nobody"}, Files: []string{"a"}}); err == nil || !strings.Contains(err.Error(), `unknown recipient "nobody"`) {
		t.Fatalf("unknown recipient: %v", err)
	}
	// a remote source: no spec
	id, err := admin.SourceID(ctx, "local storage")
	if err != nil {
		t.Fatal(err)
	}
	if ts, out, err := admin.SendPackage(ctx, faspex.Send{Title: "r", Recipients: []string{"user1"}, Files: []string{"/x"}, SourceID: id}); err != nil || ts != nil || out["links"] == nil {
		t.Fatalf("remote source: %v %v %v", ts, out, err)
	}
	if _, err := admin.SourceID(ctx, "nope"); !errors.Is(err, faspex.ErrNotFound) {
		t.Fatalf("unknown source: %v", err)
	}
	me, err := user1.Me(ctx)
	if err != nil || me["email"] != "user1@example.com" {
		t.Fatalf("me: %v %v", me, err)
	}
}

func TestBaseURL(t *testing.T) {
	for in, want := range map[string]string{"https://h": "https://h/aspera/faspex", "https://h/aspera/faspex/": "https://h/aspera/faspex",
		"https://u:p@h/x?y=1": "https://h/x"} {
		if got, err := faspex.BaseURL(in); err != nil || got != want {
			t.Errorf("%s: %q %v", in, got, err)
		}
	}
	if _, err := faspex.BaseURL("h/aspera"); !errors.Is(err, faspex.ErrSetup) {
		t.Error("a relative URL was taken")
	}
}

func TestV4(t *testing.T) {
	_, admin, user1 := start(t, 0)
	ctx := context.Background()
	v, err := admin.V4(oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	it, err := v.List(ctx, "user", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for x, ok := it.Next(); ok; x, ok = it.Next() {
		names = append(names, fmt.Sprint(x.(map[string]any)["name"]))
	}
	if it.Err() != nil || strings.Join(names, ",") != "admin,user1" {
		t.Fatalf("users: %v %v", names, it.Err())
	}
	created, err := v.Create(ctx, "workgroup", map[string]any{"e_wg_name": "team"})
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(created.(map[string]any)["id"])
	if _, err := v.Modify(ctx, "workgroup", id, map[string]any{"e_wg_desc": "d"}); err != nil {
		t.Fatal(err)
	}
	if got, err := v.Show(ctx, "workgroup", id); err != nil || got.(map[string]any)["e_wg_desc"] != "d" {
		t.Fatalf("show: %v %v", got, err)
	}
	if err := v.Delete(ctx, "workgroup", id); err != nil {
		t.Fatal(err)
	}
	var he *rest.Error
	if _, err := v.Show(ctx, "workgroup", id); !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("deleted: %v", err)
	}
	if _, err := v.List(ctx, "package", nil, 0); !errors.Is(err, faspex.ErrSetup) {
		t.Fatalf("unknown resource: %v", err)
	}
	// scope admin is for administrators
	v1, _ := user1.V4(oauth.Env{})
	if _, err := v1.Show(ctx, "user", "1"); err == nil || !strings.Contains(err.Error(), "invalid_scope") {
		t.Fatalf("user1: %v", err)
	}
}
