package aoc_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/aoc"
)

func TestPackages(t *testing.T) {
	w := newWorld(t)
	ctx := w.ctx
	// to the administrator himself (by e-mail), a user by name, the shared inbox by name, an
	// unknown e-mail (an external user is invited)
	pkg, err := w.c.CreatePackage(ctx, aoc.Object{"name": "first", "note": "hello",
		"recipients": []any{w.sim.AdminEmail, "Bob User", "Support", "new.person@example.net"},
		"metadata":   aoc.Object{"project": "x", "tags": []any{"a", "b"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := aoc.ID(pkg["id"])
	rec := pkg["recipients"].([]any)
	if len(rec) != 4 || rec[2].(aoc.Object)["type"] != "dropbox" || rec[1].(aoc.Object)["id"] != "2" || aoc.ID(pkg["contents_file_id"]) == "" {
		t.Fatalf("package: %v", pkg)
	}
	if meta := pkg["metadata"].([]any); len(meta) != 2 || meta[0].(aoc.Object)["name"] != "project" {
		t.Fatalf("metadata: %v", pkg["metadata"])
	}
	if _, err := w.c.CreatePackage(ctx, aoc.Object{"name": "bad", "recipients": []any{"No Such Name"}}, nil); !errors.Is(err, aoc.ErrNotFound) {
		t.Fatalf("unknown recipient: %v", err)
	}
	if _, err := w.c.CreatePackage(ctx, aoc.Object{"recipients": []any{w.sim.AdminEmail}}, nil); !errors.Is(err, aoc.ErrOptions) {
		t.Fatalf("no name: %v", err)
	}
	// the files: the send spec targets the package's folder
	s, err := w.c.PackageSpec(ctx, pkg, "send")
	files := s["tags"].(aoc.Object)["aspera"].(aoc.Object)["files"].(aoc.Object)
	if err != nil || files["package_id"] != id || files["package_operation"] != "upload" || files["files_transfer_action"] != "upload_package" ||
		s["tags"].(aoc.Object)["aspera"].(aoc.Object)["node"].(aoc.Object)["file_id"] != pkg["contents_file_id"] {
		t.Fatalf("send spec: %v %v", s, err)
	}
	if err := os.WriteFile(filepath.Join(w.root, "main", "packages", id, "data.bin"), []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	shown, err := w.c.Package(ctx, id)
	if err != nil || aoc.ID(shown["file_count"]) != "1" || aoc.ID(shown["size"]) != "10" || shown["received"] != true {
		t.Fatalf("show: %v %v", shown, err)
	}
	l, err := w.c.PackageLocation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(collect(t, l.Node.Files(ctx, l.FileID, nil, 0))); got != "data.bin" {
		t.Fatalf("package files: %s", got)
	}
	// boxes
	box := func(b string, q url.Values) string {
		it, err := w.c.Packages(ctx, b, q, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return names(collect(t, it))
	}
	if got := box("inbox", nil); got != "first" {
		t.Fatalf("inbox: %q", got)
	}
	if got := box("sent", nil); got != "first" {
		t.Fatalf("sent: %q", got)
	}
	if got := box("Support", nil); got != "first" {
		t.Fatalf("shared inbox: %q", got)
	}
	if got := box("archived", nil); got != "" {
		t.Fatalf("archived: %q", got)
	}
	if _, err := w.c.Packages(ctx, "nobox", nil, 0, 0); err == nil || !strings.Contains(err.Error(), "nobox") {
		t.Fatalf("unknown box: %v", err)
	}
	bob := w.client(aoc.Options{Username: "user@example.com"})
	it, _ := bob.Packages(ctx, "inbox", nil, 0, 0)
	if got := names(collect(t, it)); got != "first" {
		t.Fatalf("bob's inbox: %q", got)
	}
	it, _ = bob.Packages(ctx, "sent", nil, 0, 0)
	if got := names(collect(t, it)); got != "" {
		t.Fatalf("bob sent nothing: %q", got)
	}
	// once-only
	dir := t.TempDir()
	r, err := w.c.OpenReceived(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := w.c.Receivable(ctx, "inbox", nil, r)
	if err != nil || strings.Join(ids, ",") != id {
		t.Fatalf("receivable: %v %v", ids, err)
	}
	if err := r.Add(id); err != nil {
		t.Fatal(err)
	}
	r2, _ := w.c.OpenReceived(ctx, dir)
	if ids, _ := w.c.Receivable(ctx, "inbox", nil, r2); len(ids) != 0 || !r2.Has(id) {
		t.Fatalf("received twice: %v", ids)
	}
	if st, err := os.Stat(r.Path()); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("list file: %v %v", st, err)
	}
	if r3, _ := bob.OpenReceived(ctx, dir); r3.Path() == r.Path() || r3.Has(id) {
		t.Fatal("another user shares the list")
	}
	// the file keeps its name and its owner's fields, and a file of the earlier code still loads
	var saved map[string]any
	if b, _ := os.ReadFile(r.Path()); json.Unmarshal(b, &saved) != nil || saved["url"] == nil || saved["workspace_id"] == nil ||
		saved["user_id"] == nil || !regexp.MustCompile(`/aoc_received_[0-9a-f]{16}\.json$`).MatchString(r.Path()) {
		t.Fatalf("list file %s: %v", r.Path(), saved)
	}
	old := fmt.Sprintf("{\n  \"url\": %q,\n  \"workspace_id\": %q,\n  \"user_id\": %q,\n  \"ids\": [\n    \"old1\",\n    %q\n  ]\n}\n",
		saved["url"], saved["workspace_id"], saved["user_id"], id)
	if err := os.WriteFile(r.Path(), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	if r4, err := w.c.OpenReceived(ctx, dir); err != nil || !r4.Has("old1") || !r4.Has(id) {
		t.Fatalf("an earlier file: %v %v", r4, err)
	}
	if err := w.c.DeletePackage(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := w.c.Package(ctx, id); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("deleted: %v", err)
	}
}

func TestPackageFolders(t *testing.T) {
	base := t.TempDir()
	pkg := aoc.Object{"id": "p1", "name": "Q3: report/final?"}
	for _, tc := range []struct {
		o    aoc.FolderOptions
		make []string // folders made before
		want string
	}{
		{aoc.FolderOptions{Opt: true}, nil, "Q3_ report_final_"},
		{aoc.FolderOptions{Opt: true}, []string{"Q3_ report_final_"}, "Q3_ report_final_.p1"},
		{aoc.FolderOptions{}, nil, "Q3_ report_final_.p1"},
		{aoc.FolderOptions{Fields: []string{"id"}}, nil, "p1"},
		{aoc.FolderOptions{Seq: true, Opt: true}, nil, "Q3_ report_final_"},
		{aoc.FolderOptions{Seq: true, Opt: true}, []string{"Q3_ report_final_", "Q3_ report_final_.1"}, "Q3_ report_final_.2"},
		{aoc.FolderOptions{Seq: true}, nil, "Q3_ report_final_.1"},
	} {
		dir := t.TempDir()
		for _, m := range tc.make {
			_ = os.Mkdir(filepath.Join(dir, m), 0o755)
		}
		got, err := aoc.PackageFolder(pkg, dir, tc.o)
		if err != nil || got != filepath.Join(dir, tc.want) {
			t.Fatalf("%+v: %q %v", tc.o, got, err)
		}
	}
	for _, bad := range []aoc.FolderOptions{{Fields: []string{"nofield"}}, {Fields: []string{"a", "b", "c"}}} {
		if _, err := aoc.PackageFolder(pkg, base, bad); err == nil {
			t.Fatalf("%+v accepted", bad)
		}
	}
	for in, want := range map[string]string{"..": "_", "../etc": "_etc", " a\tb ": "a_b", "": "_", strings.Repeat("é", 150): strings.Repeat("é", 100)} {
		if got := aoc.SafeName(in); got != want {
			t.Fatalf("SafeName(%q) = %q", in, got)
		}
	}
}

func TestPublicLinks(t *testing.T) {
	w := newWorld(t)
	links := w.sim.PublicLinks()
	secret := w.sim.ClientSecret
	files := w.client(aoc.Options{URL: w.sim.PublicLinkURL(links.Files), ClientSecret: secret})
	_, it, err := files.Browse(w.ctx, home(t, files), "/", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(collect(t, it)); got != "partner_shared" {
		t.Fatalf("public link: %q", got)
	}
	prot := w.sim.PublicLinkURL(links.FilesProtected)
	// NeedsPassword: only a protected link without its password (env/url_token_check)
	for _, c := range []struct {
		o    aoc.Options
		want bool
	}{{aoc.Options{URL: prot, ClientSecret: secret}, true}, {aoc.Options{URL: prot, ClientSecret: secret, Password: "x"}, false},
		{aoc.Options{URL: w.sim.PublicLinkURL(links.Files), ClientSecret: secret}, false}, {aoc.Options{}, false}} {
		if got, err := w.client(c.o).NeedsPassword(w.ctx); err != nil || got != c.want {
			t.Fatalf("NeedsPassword %+v: %v %v", c.o, got, err)
		}
	}
	for pw, want := range map[string]string{"": "missing password for url_token", "nope": "invalid password for url_token"} {
		_, err := w.client(aoc.Options{URL: prot, ClientSecret: secret, Password: pw}).HomeLocation(w.ctx)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("password %q: %v", pw, err)
		}
	}
	if _, err := w.client(aoc.Options{URL: prot, ClientSecret: secret, Password: links.Password}).HomeLocation(w.ctx); err != nil {
		t.Fatalf("the right password: %v", err)
	}
	if _, err := w.client(aoc.Options{URL: prot, ClientSecret: "bad", Password: links.Password}).HomeLocation(w.ctx); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("bad client secret: %v", err)
	}
	// a public link to a shared inbox: packages go there
	inbox := w.client(aoc.Options{URL: w.sim.OrgURL + "/packages/public/send?token=" + links.Dropbox, ClientSecret: secret})
	pkg, err := inbox.CreatePackage(w.ctx, aoc.Object{"name": "from the link"}, nil)
	if err != nil || pkg["recipients"].([]any)[0].(aoc.Object)["type"] != "dropbox" {
		t.Fatalf("send through the link: %v %v", pkg, err)
	}
	if _, err := inbox.HomeLocation(w.ctx); err == nil || !strings.Contains(err.Error(), "not for files") {
		t.Fatalf("files through an inbox link: %v", err)
	}
	if _, err := files.CreatePackage(w.ctx, aoc.Object{"name": "x"}, nil); err == nil || !strings.Contains(err.Error(), "not for sending") {
		t.Fatalf("send through a files link: %v", err)
	}
}

func TestAdmin(t *testing.T) {
	w := newWorld(t)
	ctx := w.ctx
	a, err := w.c.WithScope(aoc.ScopeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	users, _ := aoc.LookupResource("users")
	if r, _ := aoc.LookupResource("user"); r.Path != users.Path || r.Path != "users" {
		t.Fatal("singular and plural differ")
	}
	for name, path := range map[string]string{"dropboxes": "dropboxes", "policies": "", "configuration_policies": "configuration_policies", "kms": "integrations/kms_profiles"} {
		r, err := aoc.LookupResource(name)
		if (path == "" && err == nil) || (path != "" && r.Path != path) {
			t.Fatalf("%s: %+v %v", name, r, err)
		}
	}
	created, err := a.CreateResource(ctx, users, aoc.Object{"email": "dan@example.com", "first_name": "Dan"})
	if err != nil {
		t.Fatal(err)
	}
	id := aoc.ID(created["id"])
	p, err := a.InstancePath(ctx, users, "%name:dan@example.com")
	if err != nil || p != "users/"+id {
		t.Fatalf("by name: %s %v", p, err)
	}
	if _, err := a.Modify(ctx, p, aoc.Object{"last_name": "Dev"}); err != nil {
		t.Fatal(err)
	}
	if u, err := a.Read(ctx, p); err != nil || u["last_name"] != "Dev" {
		t.Fatalf("modified: %v %v", u, err)
	}
	if err := a.Delete(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Read(ctx, p); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("deleted: %v", err)
	}
	// a user scope cannot change users; a dropbox gets the current workspace
	if _, err := w.c.CreateResource(ctx, users, aoc.Object{"email": "x@example.com"}); err == nil || !strings.Contains(err.Error(), "insufficient scope") {
		t.Fatalf("user scope: %v", err)
	}
	d, err := a.CreateResource(ctx, aoc.Resources["dropbox"], aoc.Object{"name": "Legal", "description": "d", "instructions": "i"})
	if err != nil || d["workspace_id"] != "1" {
		t.Fatalf("dropbox: %v %v", d, err)
	}
	if _, err := a.InstancePath(ctx, aoc.Resources["organization"], ""); err != nil {
		t.Fatal(err)
	}
	// set_client_key: the public key of a private key registered on a client
	c, err := a.CreateResource(ctx, aoc.Resources["client"], aoc.Object{"name": "ci"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetClientKey(ctx, aoc.ID(c["id"]), w.sim.PrivateKey, ""); err != nil {
		t.Fatal(err)
	}
	ci := w.client(aoc.Options{ClientID: aoc.ID(c["id"])})
	if self, err := ci.Self(ctx); err != nil || self["email"] != w.sim.AdminEmail {
		t.Fatalf("login with the new client: %v %v", self, err)
	}
	if err := a.SetClientKey(ctx, "x", "not a key", ""); !errors.Is(err, aoc.ErrOptions) {
		t.Fatalf("not a key: %v", err)
	}
	// node do: the access key's root as an administrator
	root, err := a.NodeLocation(ctx, "%name:partner")
	if err != nil || root.Node.ID != "2" {
		t.Fatalf("node location: %+v %v", root, err)
	}
	if got := names(collect(t, root.Node.Files(ctx, root.FileID, nil, 0))); got != "shared" {
		t.Fatalf("partner root: %s", got)
	}
	if _, err := w.client(aoc.Options{Username: "user@example.com"}).NodeLocation(ctx, "1"); err == nil || !strings.Contains(err.Error(), "administrators") {
		t.Fatalf("node do as a user: %v", err)
	}
	// events and transfers
	if _, err := w.c.CreatePackage(ctx, aoc.Object{"name": "p", "recipients": []any{w.sim.AdminEmail}}, nil); err != nil {
		t.Fatal(err)
	}
	ev, err := a.Events(ctx, nil)
	if err != nil || len(ev) < 3 {
		t.Fatalf("events: %v %v", ev, err)
	}
	tr, err := a.TransferEvents(ctx, "organizations", "", url.Values{"start_time": {"2000-01-01T00:00:00Z"}})
	if err != nil || len(tr) != 1 {
		t.Fatalf("transfers: %v %v", tr, err)
	}
	if tr, _ := a.TransferEvents(ctx, "organizations", "", url.Values{"stop_time": {"2000-01-01T00:00:00Z"}}); len(tr) != 0 {
		t.Fatalf("transfers before 2000: %v", tr)
	}
	if _, err := a.TransferEvents(ctx, "planets", "", nil); !errors.Is(err, aoc.ErrOptions) {
		t.Fatalf("bad resource: %v", err)
	}
	if v, err := a.Applications(ctx); err != nil || len(v.([]any)) == 0 {
		t.Fatalf("applications: %v %v", v, err)
	}
}

func TestGateway(t *testing.T) {
	w := newWorld(t)
	gw := httptest.NewServer(w.c.Gateway(nil))
	defer gw.Close()
	post := func(p, body string) (int, map[string]any) {
		resp, err := http.Post(gw.URL+p, "application/json", bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	code, out := post(aoc.GatewayPath, `{"delivery":{"title":"via faspex 4","note":"n","recipients":["`+w.sim.AdminEmail+`"],"sources":[{"paths":["a"]}]}}`)
	if code != 200 || out["links"].(map[string]any)["status"] != "unused" {
		t.Fatalf("gateway: %d %v", code, out)
	}
	s := out["xfer_sessions"].([]any)[0].(map[string]any)
	if s["direction"] != "send" || s["tags"].(map[string]any)["aspera"].(map[string]any)["files"].(map[string]any)["package_name"] != "via faspex 4" {
		t.Fatalf("spec: %v", s)
	}
	if code, out := post("/other", `{}`); code != 400 || out["error"] != "Unsupported endpoint" {
		t.Fatalf("other path: %d %v", code, out)
	}
	if code, _ := post(aoc.GatewayPath, `{"delivery":{"recipients":["x@example.com"]}}`); code != 500 {
		t.Fatalf("no title: %d", code)
	}
}
