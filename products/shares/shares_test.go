package shares_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/products/shares"
	"github.com/asperalm/aslmcli/products/shares/internal/sharestest"
	"github.com/asperalm/aslmcli/products/shares/sharessim"
)

func client(t *testing.T, url, user, pass string) *shares.Client {
	t.Helper()
	c, err := shares.NewFromOptions(url, oauth.Options{Username: user, Password: pass}, oauth.Env{HTTP: &rest.Settings{RetryMax: -1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func names(t *testing.T, it *rest.Iterator, key string) string {
	t.Helper()
	var out []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		out = append(out, fmt.Sprint(v.(map[string]any)[key]))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, ",")
}

func status(err error) int {
	var he *rest.Error
	if errors.As(err, &he) {
		return he.Status
	}
	return 0
}

func TestAdmin(t *testing.T) {
	srv, contract := sharestest.Start(t, sharessim.Config{})
	c := client(t, srv.URL, "shares_admin", "shares_pass")
	ctx := context.Background()
	must := func(v shares.Object, err error) shares.Object {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// shares: by name or id
	sh := must(c.Create(ctx, shares.Shares, shares.Object{"name": "n8-sh1", "node_id": 1, "description": "team"}))
	if sh["path"] != "/n8-sh1" {
		t.Fatalf("share: %v", sh)
	}
	must(c.Create(ctx, shares.Shares, shares.Object{"name": "other", "node_id": 1}))
	if _, err := c.Create(ctx, shares.Shares, shares.Object{"name": "x", "node_id": 1, "path": "/elsewhere"}); status(err) != 400 || !strings.Contains(err.Error(), "path must be /x") {
		t.Fatalf("share path: %v", err)
	}
	if got := must(c.Show(ctx, shares.Shares, "n8-sh1")); got["description"] != "team" {
		t.Fatalf("show by name: %v", got)
	}
	if got := must(c.Modify(ctx, shares.Shares, "other", shares.Object{"name": "renamed"})); got["name"] != "renamed" {
		t.Fatalf("rename: %v", got)
	}
	if got := names(t, c.List(ctx, shares.Shares, nil, 0), "name"); got != "n8-sh1,renamed" {
		t.Fatalf("shares: %s", got)
	}
	if _, err := c.Show(ctx, shares.Shares, "nothing"); !errors.Is(err, shares.ErrNotFound) {
		t.Fatalf("unknown name: %v", err)
	}
	if _, err := c.Show(ctx, shares.Shares, "999"); status(err) != 404 {
		t.Fatalf("unknown id: %v", err)
	}
	if err := c.Delete(ctx, shares.Shares, "renamed"); err != nil {
		t.Fatal(err)
	}
	// users: created as local users, modified through their local user
	u := must(c.Create(ctx, shares.Users, shares.Object{"username": "john", "email": "john@example.com", "password": "john_pass1"}))
	if u["username"] != "john" || u["user_id"] == nil {
		t.Fatalf("local user: %v", u)
	}
	if _, err := c.Create(ctx, shares.Users, shares.Object{"username": "john", "email": "j@example.com"}); status(err) != 400 {
		t.Fatalf("duplicate: %v", err)
	}
	if got := must(c.Modify(ctx, shares.Users, "john", shares.Object{"first_name": "John"})); got["first_name"] != "John" {
		t.Fatalf("modify user: %v", got)
	}
	must(c.AddLDAPUser(ctx, "ldap_bob"))
	must(c.ImportSAMLUser(ctx, shares.Object{"ID": "saml_ann", "Name ID": "ann@idp"}))
	if _, err := c.ImportSAMLUser(ctx, shares.Object{"id": "x"}); !errors.Is(err, shares.ErrUsage) {
		t.Fatalf("saml without name_id: %v", err)
	}
	if _, err := c.Modify(ctx, shares.Users, "saml_ann", shares.Object{"first_name": "Ann"}); !errors.Is(err, shares.ErrUsage) || !strings.Contains(err.Error(), "saml user") {
		t.Fatalf("modify a saml user: %v", err)
	}
	if got := names(t, c.List(ctx, shares.Users, nil, 0), "username"); got != "shares_admin,john,ldap_bob,saml_ann" {
		t.Fatalf("users: %s", got)
	}
	if got := names(t, c.List(ctx, shares.LocalUsers, nil, 0), "username"); got != "shares_admin,john" {
		t.Fatalf("local users: %s", got)
	}
	// permissions of a share, by user name
	p := must(c.CreateSharePermission(ctx, "n8-sh1", shares.UserPermission, shares.Object{"user": "john", "upload_permission": true}))
	if p["browse_permission"] != true || p["upload_permission"] != true || p["delete_permission"] != false {
		t.Fatalf("permission: %v", p)
	}
	pid := fmt.Sprint(p["id"])
	if got := must(c.ModifySharePermission(ctx, "n8-sh1", shares.UserPermission, pid, shares.Object{"delete_permission": true})); got["delete_permission"] != true {
		t.Fatalf("modify permission: %v", got)
	}
	it, err := c.UserSharePermissions(ctx, "john", 0)
	if err != nil || names(t, it, "share_id") != fmt.Sprint(sh["id"]) {
		t.Fatalf("user's permissions: %v", err)
	}
	if _, err := c.CreateSharePermission(ctx, "n8-sh1", shares.UserPermission, shares.Object{"upload_permission": true}); !errors.Is(err, shares.ErrUsage) {
		t.Fatalf("permission without user: %v", err)
	}
	g := must(c.Create(ctx, shares.Groups, shares.Object{"name": "staff"}))
	must(c.CreateSharePermission(ctx, "n8-sh1", shares.GroupPermission, shares.Object{"group": "staff"}))
	it, _ = c.SharePermissions(ctx, "n8-sh1", shares.GroupPermission, 0)
	if got := names(t, it, "group_id"); got != fmt.Sprint(g["id"]) {
		t.Fatalf("group permissions: %s", got)
	}
	if err := c.DeleteSharePermission(ctx, "n8-sh1", shares.UserPermission, pid); err != nil {
		t.Fatal(err)
	}
	// nodes
	n := must(c.Create(ctx, shares.Nodes, shares.Object{"name": "far", "host": "10.0.0.1", "api_username": "nu", "api_password": "np"}))
	if got := must(c.Modify(ctx, shares.Nodes, "far", shares.Object{"port": 9093})); got["api_port"] != float64(9093) && fmt.Sprint(got["api_port"]) != "9093" {
		t.Fatalf("modify node: %v", got)
	}
	if got := names(t, c.List(ctx, shares.Nodes, nil, 0), "name"); got != "local,far" {
		t.Fatalf("nodes: %s", got)
	}
	if err := c.Delete(ctx, shares.Nodes, fmt.Sprint(n["id"])); err != nil {
		t.Fatal(err)
	}
	// transfer settings: global, and a user's (404 while it inherits)
	ts := must(c.ModifyTransferSettings(ctx, "", "", shares.Object{"min_connect_version": "3.9.0", "starting_policy": "fair"}))
	if ts["min_connect_version"] != "3.9.0" {
		t.Fatalf("settings: %v", ts)
	}
	if _, err := c.TransferSettings(ctx, shares.UserPermission, "john"); status(err) != 404 {
		t.Fatalf("inherited settings: %v", err)
	}
	if got := must(c.ModifyTransferSettings(ctx, shares.UserPermission, "john", shares.Object{"encryption": "AES-128"})); got["authorizable_type"] != "Authorizable::User" {
		t.Fatalf("user settings: %v", got)
	}
	if err := c.DeleteTransferSettings(ctx, shares.UserPermission, "john"); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, shares.Users, "john"); err != nil {
		t.Fatal(err)
	}
	// the administration API is for administrators
	must(c.Create(ctx, shares.Users, shares.Object{"username": "plain", "email": "p@example.com", "password": "plain_pass"}))
	if _, err := client(t, srv.URL, "plain", "plain_pass").Show(ctx, shares.Shares, "1"); status(err) != 403 {
		t.Fatalf("non admin: %v", err)
	}
	seen := strings.Join(contract.Seen(), "\n")
	for _, op := range []string{"POST /api/v1/data/local_users", "PUT /api/v1/data/local_users/{id}", "DELETE /api/v1/data/users/{id}",
		"POST /api/v1/data/ldap_users", "POST /api/v1/data/saml_users/import", "GET /api/v1/data/users/{id}/share_permissions",
		"PUT /api/v1/data/nodes/{id}", "PUT /api/v1/data/users/{id}/transfer_settings", "PUT /api/v1/data/shares/{id}"} {
		if !strings.Contains(seen, op+":") {
			t.Errorf("not validated: %s\n%s", op, seen)
		}
	}
}

func TestRepository(t *testing.T) {
	root := t.TempDir()
	srv, _ := sharestest.Start(t, sharessim.Config{Root: root})
	admin := client(t, srv.URL, "shares_admin", "shares_pass")
	ctx := context.Background()
	for _, name := range []string{"alpha", "beta"} {
		if _, err := admin.Create(ctx, shares.Shares, shares.Object{"name": name, "node_id": 1}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := admin.Create(ctx, shares.Users, shares.Object{"username": "ann", "email": "ann@example.com", "password": "ann_pass1"}); err != nil {
		t.Fatal(err)
	}
	browse := func(n *node.Client, p string) (string, error) {
		it := n.Browse(ctx, p, nil, 0)
		var out []string
		for v, ok := it.Next(); ok; v, ok = it.Next() {
			out = append(out, v.(map[string]any)["path"].(string))
		}
		sort.Strings(out)
		return strings.Join(out, ","), it.Err()
	}
	if got, err := browse(admin.Node, "/"); err != nil || got != "/alpha,/beta" {
		t.Fatalf("admin browse /: %q %v", got, err)
	}
	if _, err := admin.Node.Mkdir(ctx, "/alpha/sub"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Node.Mkfile(ctx, "/alpha/sub/f.txt", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "alpha", "sub", "f.txt")); err != nil || string(b) != "hello" {
		t.Fatalf("on the node: %q %v", b, err)
	}
	if _, err := admin.Node.Mkdir(ctx, "/newshare"); status(err) != 403 {
		t.Fatalf("mkdir at the top: %v", err)
	}
	if _, err := admin.Node.Delete(ctx, "/alpha"); status(err) != 403 {
		t.Fatalf("delete a share: %v", err)
	}
	// a user sees the shares it has a permission on, and does what the permission says
	ann := client(t, srv.URL, "ann", "ann_pass1")
	if got, err := browse(ann.Node, "/"); err != nil || got != "" {
		t.Fatalf("ann browse / without permission: %q %v", got, err)
	}
	if _, err := browse(ann.Node, "/alpha"); status(err) != 404 {
		t.Fatalf("ann browse /alpha without permission: %v", err)
	}
	if _, err := admin.CreateSharePermission(ctx, "alpha", shares.UserPermission, shares.Object{"user": "ann", "download_permission": true}); err != nil {
		t.Fatal(err)
	}
	if got, err := browse(ann.Node, "/"); err != nil || got != "/alpha" {
		t.Fatalf("ann browse /: %q %v", got, err)
	}
	if got, err := browse(ann.Node, "/alpha/sub"); err != nil || got != "/alpha/sub/f.txt" {
		t.Fatalf("ann browse /alpha/sub: %q %v", got, err)
	}
	if _, err := ann.Node.Mkdir(ctx, "/alpha/mine"); status(err) != 403 || !strings.Contains(err.Error(), "no mkdir permission") {
		t.Fatalf("ann mkdir: %v", err)
	}
	if _, err := ann.Node.UploadSetup(ctx, "/alpha", nil); status(err) != 403 {
		t.Fatalf("ann upload: %v", err)
	}
	spec, err := ann.Node.DownloadSetup(ctx, []string{"/alpha/sub/f.txt"}, nil)
	if err != nil || spec["direction"] != "receive" || spec["source_root"] != root {
		t.Fatalf("ann download: %v %v", spec, err)
	}
	spec, err = admin.Node.UploadSetup(ctx, "/beta", nil)
	if err != nil || spec["destination_root"] != filepath.Join(root, "beta") {
		t.Fatalf("admin upload: %v %v", spec, err)
	}
	if _, err := admin.Node.Rename(ctx, "/alpha/sub", "f.txt", "g.txt"); err != nil {
		t.Fatal(err)
	}
	if r, err := admin.Node.Space(ctx, "/alpha"); err != nil || len(r) != 1 {
		t.Fatalf("space: %v %v", r, err)
	}
	if _, err := admin.Node.Delete(ctx, "/alpha/sub"); err != nil {
		t.Fatal(err)
	}
	if _, err := client(t, srv.URL, "ann", "wrong").Node.Info(ctx); status(err) != 401 || !strings.Contains(err.Error(), "authentication failed") {
		t.Fatalf("bad password: %v", err)
	}
}

func TestHealth(t *testing.T) {
	srv, _ := sharestest.Start(t, sharessim.Config{})
	var lines []string
	for _, l := range client(t, srv.URL, "shares_admin", "shares_pass").Health(context.Background()) {
		m := l.(map[string]any)
		lines = append(lines, fmt.Sprintf("%s %s %s", m["component"], m["status"], m["message"]))
	}
	if got := strings.Join(lines, "\n"); got != "version ok "+sharessim.Version+"\nping ok ping ok\napi ok available (shares "+sharessim.Version+")" {
		t.Fatalf("health:\n%s", got)
	}
	h := client(t, srv.URL, "shares_admin", "bad").Health(context.Background())
	if m := h[2].(map[string]any); m["status"] != "critical" || !strings.Contains(m["message"].(string), "401") {
		t.Fatalf("bad password: %v", h)
	}
}
