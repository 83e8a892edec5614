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
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// TestAdminResources: list, create, show, modify, delete and %name: lookups of every admin
// resource; email notifications by type.
func TestAdminResources(t *testing.T) {
	w := newWorld(t)
	c := w.client("admin")
	create := map[string]map[string]any{
		"accounts":           {"email": "new@example.com", "name": "newuser", "first_name": "New", "last_name": "User"},
		"workgroups":         {"name": "wg2", "submitters_instructions": "hi"},
		"shared_inboxes":     {"name": "si2"},
		"distribution_lists": {"name": "dl1", "contacts": []any{}},
		"nodes": {"name": "n2", "host": "node2.example.com", "api_port": 9092, "api_username": "nu", "api_password": "np",
			"use_ssl": true, "verify_ssl": true, "node_type": "gen4_node"},
		"metadata_profiles": {"name": "mp1", "fields": []any{}},
		"webhooks":          {"name": "wh1", "url": "https://example.com/hook"},
	}
	for _, name := range faspex5.ResourceNames() {
		r, err := faspex5.ResourceOf(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := create[name]; r.Types != nil || !ok {
			continue // TestMoreAdminResources
		}
		before := all(t, c.List(w.ctx, r, nil, 0), nil)
		o, err := c.Create(w.ctx, r, create[name])
		if err != nil {
			t.Fatalf("%s create: %v", name, err)
		}
		id := fmt.Sprint(o["id"])
		if got, err := c.Lookup(w.ctx, r, "name", fmt.Sprint(create[name]["name"])); err != nil || got != id {
			t.Fatalf("%s lookup: %q %v", name, got, err)
		}
		if _, err := c.Lookup(w.ctx, r, "name", "nothing-here"); !errors.Is(err, faspex5.ErrNotFound) {
			t.Fatalf("%s lookup of nothing: %v", name, err)
		}
		if s, err := c.Show(w.ctx, r, id); err != nil || fmt.Sprint(s["id"]) != id {
			t.Fatalf("%s show: %v %v", name, s, err)
		}
		change := map[string]any{"name": "renamed_" + name}
		if name == "webhooks" {
			change["url"] = "https://example.com/other"
		}
		if _, err := c.Modify(w.ctx, r, id, change); err != nil {
			t.Fatalf("%s modify: %v", name, err)
		}
		if after := all(t, c.List(w.ctx, r, nil, 0), nil); len(after) != len(before)+1 {
			t.Fatalf("%s: %d then %d", name, len(before), len(after))
		}
		if err := c.Remove(w.ctx, r, id); err != nil {
			t.Fatalf("%s delete: %v", name, err)
		}
		var he *rest.Error
		if _, err := c.Show(w.ctx, r, id); !errors.As(err, &he) || he.Status != 404 {
			t.Fatalf("%s after delete: %v", name, err)
		}
	}
	r, _ := faspex5.ResourceOf("email_notifications")
	if o, err := c.Modify(w.ctx, r, "package_received", map[string]any{"subject": "New package"}); err != nil || o["subject"] != "New package" {
		t.Fatalf("email modify %v %v", o, err)
	}
	if o, err := c.Show(w.ctx, r, "package_received"); err != nil || o["subject"] != "New package" {
		t.Fatalf("email show %v %v", o, err)
	}
	for _, err := range []error{errOf(c.Show(w.ctx, r, "nope")), errOf(c.Create(w.ctx, r, nil)), c.Remove(w.ctx, r, "welcome_email")} {
		if !errors.Is(err, faspex5.ErrSetup) {
			t.Errorf("email notifications: %v", err)
		}
	}
	if _, err := faspex5.ResourceOf("users"); err == nil || !strings.Contains(err.Error(), "accounts, alternate_addresses, contacts, distribution_lists, email_notifications") {
		t.Fatalf("unknown resource: %v", err)
	}
	// a user is no admin
	var he *rest.Error
	acc, _ := faspex5.ResourceOf("accounts")
	if err := w.client("user1").List(w.ctx, acc, nil, 0); err != nil {
		if _, ok := err.Next(); ok || !errors.As(err.Err(), &he) || he.Status != 403 {
			t.Fatalf("user lists accounts: %v", err.Err())
		}
	}
}

func errOf(_ any, err error) error { return err }

// TestUserAndSharedFolders: the user's profile, the shared folders and their browsing.
func TestUserAndSharedFolders(t *testing.T) {
	w := newWorld(t)
	c := w.client("user1")
	p, err := c.Profile(w.ctx)
	if err != nil || p["email"] != "user1@example.com" {
		t.Fatalf("profile %v %v", p, err)
	}
	if p, err := c.ModifyProfile(w.ctx, map[string]any{"locale": "fr", "rows_per_page": 50}); err != nil || p["locale"] != "fr" {
		t.Fatalf("modify %v %v", p, err)
	}
	os.WriteFile(filepath.Join(w.sim.Root(), "shared", "doc.txt"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(w.sim.Root(), "shared", "sub"), 0o755)
	sf := all(t, c.SharedFolders(w.ctx, 0), nil)
	if len(sf) != 1 || sf[0]["name"] != "Shared" {
		t.Fatalf("shared folders %v", sf)
	}
	for _, key := range []string{"Shared", "1"} {
		it, err := c.BrowseSharedFolder(w.ctx, key, "/", 0)
		if got := field(all(t, it, err), "basename"); !slices.Equal(got, []string{"doc.txt", "sub"}) {
			t.Fatalf("browse %s: %v", key, got)
		}
	}
	if _, err := c.BrowseSharedFolder(w.ctx, "Other", "/", 0); !errors.Is(err, faspex5.ErrNotFound) {
		t.Fatalf("unknown shared folder: %v", err)
	}
}

// TestPublicLinks: a link to a shared inbox sends a package there (recipient from the link),
// a package's link receives it; links resolve their redirects, config.js and the passcode.
func TestPublicLinks(t *testing.T) {
	w := newWorld(t)
	drop, err := w.sim.Link("shared_inbox", "Uploads")
	if err != nil {
		t.Fatal(err)
	}
	// a short link that redirects to the real one
	short := http.NewServeMux()
	short.HandleFunc("/s", func(rw http.ResponseWriter, r *http.Request) { http.Redirect(rw, r, drop, http.StatusFound) })
	srv := newHTTPServer(t, short)
	c, err := faspex5.NewFromOptions(w.ctx, faspex5.Options{Link: srv + "/s"}, oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Link["recipient_type"] != "shared_inbox" || c.Base != w.sim.URL {
		t.Fatalf("link %v base %s", c.Link, c.Base)
	}
	body, err := c.PrepareSend(w.ctx, map[string]any{"title": "from outside"}, false)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := c.CreatePackage(w.ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(pkg["id"])
	dir := t.TempDir()
	f := filepath.Join(dir, "ext.txt")
	os.WriteFile(f, []byte("external"), 0o644)
	up, err := c.UploadSpec(w.ctx, id, []string{f})
	if err != nil {
		t.Fatal(err)
	}
	transfer(t, up, []string{f}, "")
	if _, err := c.WaitStatus(w.ctx, id, []string{"completed"}, nil); err != nil {
		t.Fatal(err)
	}
	// the members of the shared inbox see it; the link cannot list boxes
	it, err := w.client("user1").Packages(w.ctx, faspex5.Mailbox{SharedInbox: "Uploads"}, nil, 0)
	if got := field(all(t, it, err), "title"); !slices.Equal(got, []string{"from outside"}) {
		t.Fatalf("shared inbox %v", got)
	}
	var he *rest.Error
	if _, err := c.Account(w.ctx); !errors.As(err, &he) || he.Status != 403 {
		t.Fatalf("a link's account: %v", err)
	}
	// receive through a package link
	link, err := w.sim.Link("package", id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := faspex5.NewFromOptions(w.ctx, faspex5.Options{URL: "https://ignored.example.com/aspera/faspex", Link: link}, oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Link["package_id"] != id {
		t.Fatalf("package link %v", r.Link)
	}
	down, err := r.DownloadSpec(w.ctx, id, faspex5.Mailbox{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	transfer(t, down, nil, out)
	if b, _ := os.ReadFile(filepath.Join(out, "ext.txt")); string(b) != "external" {
		t.Fatalf("received %q", b)
	}
	// bad links
	for _, bad := range []string{w.sim.URL + "/public/received?context=bm90IGpzb24", w.sim.URL + "/public/received?context=e30="} {
		if _, err := faspex5.NewFromOptions(w.ctx, faspex5.Options{Link: bad}, oauth.Env{}); !errors.Is(err, faspex5.ErrSetup) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	forged := strings.Replace(link, "context=", "context=x", 1)
	if _, err := faspex5.NewFromOptions(w.ctx, faspex5.Options{Link: forged}, oauth.Env{}); err == nil {
		t.Errorf("forged context accepted")
	}
	if got := faspex5.ResourceType(map[string]any{"recipient_type": "user"}); got != faspex5.LinkUploadToUser {
		t.Fatal(got)
	}
}

// TestPostprocessing: the webhook listener hands each event to the handler with its name
// below the root, answers its result, an error as a 500, and refuses what is not an event.
func TestPostprocessing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var names []string
	p, err := faspex5.ListenPostprocessing("http://127.0.0.1:0/pp", time.Second, func(ctx context.Context, name string, ev faspex5.Object) (faspex5.Object, error) {
		names = append(names, name)
		if ev["fail"] == true {
			return nil, errors.New("the script failed")
		}
		return faspex5.Object{"exit_code": 0, "package": ev["package_id"]}, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx) }()
	post := func(path, body string) (int, map[string]any) {
		resp, err := http.Post(strings.Replace(p.URL, "/pp", path, 1), "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if code, m := post("/pp/check", `{"event":"package_received","package_id":"42"}`); code != 200 || m["status"] != "success" || m["package"] != "42" || m["script"] != "check" {
		t.Fatalf("event: %d %v", code, m)
	}
	if code, m := post("/pp", `{"fail":true}`); code != 500 || m["message"] != "the script failed" {
		t.Fatalf("failure: %d %v", code, m)
	}
	for _, tc := range []struct{ path, body string }{{"/other", `{}`}, {"/ppx", `{}`}, {"/pp/x", `not json`}, {"/pp/x", `[1]`}} {
		if code, m := post(tc.path, tc.body); code != 400 || m["status"] != "error" {
			t.Errorf("%s %s: %d %v", tc.path, tc.body, code, m)
		}
	}
	if !slices.Equal(names, []string{"check", ""}) {
		t.Fatalf("names %v", names)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := faspex5.ListenPostprocessing("https://x/y", 0, nil, nil); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("https: %v", err)
	}
}

func TestWizard(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "keys", "f5.pem")
	s, err := faspex5.Wizard(faspex5.WizardOptions{URL: "https://faspex.example.com", Username: "ann@example.com", KeyPath: key, KeyBits: 2048})
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(key)
	if err != nil || st.Mode().Perm() != 0o600 || !s.KeyCreated || !strings.Contains(s.PublicKey, "PUBLIC KEY") {
		t.Fatalf("key %v %v", st, err)
	}
	if s.Preset["url"] != "https://faspex.example.com/aspera/faspex" || s.Preset["private_key"] != "@file:"+key || s.Preset["auth"] != "jwt" ||
		s.PresetName != "faspex5_faspex.example.com_ann_example.com" || len(s.Steps) != 4 || s.Preset["client_id"] != nil {
		t.Fatalf("setup %+v", s)
	}
	again, err := faspex5.Wizard(faspex5.WizardOptions{URL: "https://faspex.example.com", Username: "ann@example.com", KeyPath: key, ClientID: "cid", ClientSecret: "sec"})
	if err != nil || again.KeyCreated || again.PublicKey != s.PublicKey || again.Preset["client_id"] != "cid" || len(again.Steps) != 2 {
		t.Fatalf("again %+v %v", again, err)
	}
	if _, err := faspex5.Wizard(faspex5.WizardOptions{URL: "https://f", KeyPath: key}); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("no user: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "bad.pem"), []byte("nope"), 0o600)
	if _, err := faspex5.Wizard(faspex5.WizardOptions{URL: "https://f", Username: "u", KeyPath: filepath.Join(dir, "bad.pem")}); err == nil {
		t.Fatal("a bad key is accepted")
	}
}
