package aoc_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/asperalm/aslmcli/products/aoc"
)

func TestFilesOperations(t *testing.T) {
	w := newWorld(t)
	ctx := w.ctx
	h := home(t, w.c)
	if _, err := w.c.Mkdir(ctx, h, "/docs"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.c.Mkdir(ctx, h, "/docs/deep"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.c.Mkdir(ctx, h, "/nowhere/x"); !errors.Is(err, aoc.ErrNotFound) {
		t.Fatalf("mkdir in a missing folder: %v", err)
	}
	_, it, err := w.c.Browse(ctx, h, "/", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(collect(t, it)); got != "docs,partner_shared" {
		t.Fatalf("home: %s", got)
	}
	if err := w.c.Rename(ctx, h, "/docs/deep", "deeper"); err != nil {
		t.Fatal(err)
	}
	if e, err := w.c.Show(ctx, h, "/docs/deeper"); err != nil || e["type"] != "folder" {
		t.Fatalf("show: %v %v", e, err)
	}
	if err := w.c.Rename(ctx, h, "/docs", "a/b"); err == nil {
		t.Fatal("a name with a slash")
	}
	if err := w.c.DeletePath(ctx, h, "/docs/deeper"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.c.Show(ctx, h, "/docs/deeper"); !errors.Is(err, aoc.ErrNotFound) {
		t.Fatalf("deleted: %v", err)
	}
	if err := w.c.DeletePath(ctx, h, "/"); err == nil {
		t.Fatal("the home deleted")
	}
	// the shared folder is a link to the partner node: followed when browsed or walked through
	l, it, err := w.c.Browse(ctx, h, "/partner_shared", nil, 0)
	if err != nil || l.Node.ID != "2" {
		t.Fatalf("shared folder: %+v %v", l, err)
	}
	if got := names(collect(t, it)); got != "welcome.txt" {
		t.Fatalf("shared folder: %s", got)
	}
	if e, err := w.c.Show(ctx, h, "/partner_shared"); err != nil || e["type"] != "link" || aoc.ID(e["target_node_id"]) != "2" {
		t.Fatalf("the link itself: %v %v", e, err)
	}
	if _, err := w.c.Mkdir(ctx, h, "/partner_shared/sub"); err != nil {
		t.Fatalf("mkdir across the link: %v", err)
	}
	if l, err := w.c.Resolve(ctx, h, "/partner_shared/sub", false); err != nil || l.Node.ID != "2" || l.Path != "/partner_shared/sub" {
		t.Fatalf("resolve across the link: %+v %v", l, err)
	}
	if _, err := w.c.Resolve(ctx, h, "/partner_shared/welcome.txt/x", false); !errors.Is(err, aoc.ErrNotFound) || !strings.Contains(err.Error(), "is a file") {
		t.Fatalf("below a file: %v", err)
	}
	// specs: gen4, with AoC's tags, through a bearer token of the node's access key
	s, err := w.c.UploadSpec(ctx, h, "/docs")
	if err != nil {
		t.Fatal(err)
	}
	tags := s["tags"].(aoc.Object)["aspera"].(aoc.Object)
	files := tags["files"].(aoc.Object)
	if s["direction"] != "send" || !strings.HasPrefix(aoc.ID(s["token"]), "Bearer ") || tags["node"].(aoc.Object)["access_key"] != "aoc_ak_main" ||
		files["files_transfer_action"] != "upload_file" || files["workspace_name"] != "Default" || tags["app"] != "files" ||
		!strings.HasPrefix(aoc.ID(s["cookie"]), "aspera.aoc:ZmlsZXM=:") || files["parentCwd"] != "1:"+aoc.ID(tags["node"].(aoc.Object)["file_id"]) {
		t.Fatalf("upload spec: %v", s)
	}
	s, rel, err := w.c.DownloadSpec(ctx, h, []string{"/partner_shared/welcome.txt"})
	if err != nil || s["direction"] != "receive" || strings.Join(rel, ",") != "welcome.txt" || s["tags"].(aoc.Object)["aspera"].(aoc.Object)["node"].(aoc.Object)["access_key"] != "aoc_ak_partner" {
		t.Fatalf("download spec across nodes: %v %v %v", s, rel, err)
	}
	_, rel, err = w.c.DownloadSpec(ctx, h, []string{"/docs/a", "/docs/b/c"})
	if err == nil && strings.Join(rel, ",") != "a,b/c" {
		t.Fatalf("relative sources: %v", rel)
	}
	// --secret: the node is reached with the access key's secret instead of a token
	bad := w.client(aoc.Options{Secret: "wrong"})
	if _, err := bad.Show(ctx, home(t, bad), "/docs"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a wrong secret: %v", err)
	}
}

// tree makes folders*files files below dir of the main node's local storage.
func tree(t testing.TB, dir string, folders, files int) {
	for i := 0; i < folders; i++ {
		d := filepath.Join(dir, fmt.Sprintf("f%02d", i%10), fmt.Sprintf("g%03d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < files/folders; j++ {
			name := fmt.Sprintf("file%03d.txt", j)
			if j%10 == 0 {
				name = fmt.Sprintf("image%03d.png", j)
			}
			if err := os.WriteFile(filepath.Join(d, name), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func homeDir(t testing.TB, root string) string {
	return filepath.Join(root, "main", "workspaces", "1", "home")
}

func TestFind(t *testing.T) {
	w := newWorld(t)
	c := w.c
	tree(t, filepath.Join(homeDir(t, w.root), "big"), 30, 300)
	home, err := c.HomeLocation(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	count := func(o aoc.FindOptions) (int, []string) {
		f := c.Find(w.ctx, home, o)
		n := 0
		var paths []string
		for e, ok := f.Next(); ok; e, ok = f.Next() {
			n++
			paths = append(paths, aoc.ID(e["path"]))
		}
		if err := f.Err(); err != nil {
			t.Fatal(err)
		}
		sort.Strings(paths)
		return n, paths
	}
	all, _ := count(aoc.FindOptions{})
	// 300 files, 30 folders, 10 parents, big, the link, the shared folder's file
	if all != 300+30+10+1+1+1 {
		t.Fatalf("all: %d", all)
	}
	n, paths := count(aoc.FindOptions{Glob: "*.png", Concurrency: 1})
	if n != 30 || !strings.HasPrefix(paths[0], "/big/f00/g000/image000.png") {
		t.Fatalf("glob: %d %v", n, paths[:1])
	}
	var calls atomic.Int32
	n, paths = count(aoc.FindOptions{Match: func(e aoc.Object) (bool, error) {
		calls.Add(1)
		return strings.HasPrefix(aoc.ID(e["path"]), "/partner_shared/"), nil
	}})
	if n != 1 || paths[0] != "/partner_shared/welcome.txt" || int(calls.Load()) != all {
		t.Fatalf("predicate across the link: %d %v (%d calls)", n, paths, calls.Load())
	}
	f := c.Find(w.ctx, home, aoc.FindOptions{Match: func(aoc.Object) (bool, error) { return false, errors.New("predicate failed") }})
	if _, ok := f.Next(); ok || f.Err() == nil || f.Err().Error() != "predicate failed" {
		t.Fatalf("a failing predicate: %v", f.Err())
	}
	f = c.Find(w.ctx, home, aoc.FindOptions{Glob: "[bad"})
	if _, ok := f.Next(); ok || f.Err() == nil {
		t.Fatal("a bad pattern")
	}
	// Close stops early; a cancelled context is an error
	f = c.Find(w.ctx, home, aoc.FindOptions{})
	f.Next()
	f.Close()
	if _, ok := f.Next(); ok || f.Err() != nil {
		t.Fatalf("closed: %v", f.Err())
	}
	ctx, cancel := context.WithCancel(w.ctx)
	f = c.Find(ctx, home, aoc.FindOptions{Concurrency: 2})
	f.Next()
	cancel()
	for _, ok := f.Next(); ok; _, ok = f.Next() {
	}
	if !errors.Is(f.Err(), context.Canceled) {
		t.Fatalf("cancelled: %v", f.Err())
	}
}

// TestPrivateLinks: a private short link to a shared folder names its target (node and file
// of the partner node) and the workspace; the listing of a folder shows its links only; a
// file has none; delete removes one.
func TestPrivateLinks(t *testing.T) {
	w := newWorld(t)
	h := home(t, w.c)
	link, err := w.c.CreatePrivateLink(w.ctx, h, "/partner_shared")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := link["data"].(aoc.Object)
	if link["purpose"] != aoc.PurposePrivateLink || aoc.ID(data["node_id"]) != "2" || aoc.ID(data["workspace_id"]) != "1" ||
		!strings.HasPrefix(aoc.ID(link["short_url"]), "https://") {
		t.Fatalf("link %v", link)
	}
	if _, err := w.c.CreatePrivateLink(w.ctx, h, "/"); err != nil {
		t.Fatal(err)
	}
	l, err := w.c.PrivateLinks(w.ctx, h, "/partner_shared")
	if err != nil || len(l) != 1 || aoc.ID(l[0].(aoc.Object)["id"]) != aoc.ID(link["id"]) {
		t.Fatalf("links of the shared folder: %v %v", l, err)
	}
	if _, err := w.c.PrivateLinks(w.ctx, h, "/partner_shared/welcome.txt"); err == nil || !strings.Contains(err.Error(), "a folder expected") {
		t.Fatalf("a file: %v", err)
	}
	if err := w.c.DeleteShortLink(w.ctx, aoc.ID(link["id"])); err != nil {
		t.Fatal(err)
	}
	if l, err := w.c.PrivateLinks(w.ctx, h, "/partner_shared"); err != nil || len(l) != 0 {
		t.Fatalf("after delete: %v %v", l, err)
	}
}

// TestPermissions: a shared folder's permissions live on its own node (partner): created,
// listed, deleted; a file is refused.
func TestPermissions(t *testing.T) {
	w := newWorld(t)
	h := home(t, w.c)
	p, err := w.c.CreatePermission(w.ctx, h, "/partner_shared", aoc.Object{"access_type": "user", "access_id": "2",
		"access_levels": []any{"list", "read"}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := w.c.Permissions(w.ctx, h, "/partner_shared")
	list, _ := l.([]any)
	if err != nil || len(list) != 1 || aoc.ID(list[0].(aoc.Object)["id"]) != aoc.ID(p["id"]) || aoc.ID(list[0].(aoc.Object)["access_id"]) != "2" {
		t.Fatalf("permissions: %v %v", l, err)
	}
	if l, err := w.c.Permissions(w.ctx, h, "/"); err != nil || len(l.([]any)) != 0 {
		t.Fatalf("the home has none: %v %v", l, err)
	}
	if _, err := w.c.Permissions(w.ctx, h, "/partner_shared/welcome.txt"); err == nil || !strings.Contains(err.Error(), "a folder expected") {
		t.Fatalf("a file: %v", err)
	}
	if err := w.c.DeletePermission(w.ctx, h, "/partner_shared", aoc.ID(p["id"])); err != nil {
		t.Fatal(err)
	}
	if l, err := w.c.Permissions(w.ctx, h, "/partner_shared"); err != nil || len(l.([]any)) != 0 {
		t.Fatalf("after delete: %v %v", l, err)
	}
}

// TestPublicShortLink: a public short link to a shared folder makes a URL token whose link
// opens the folder without a login, and a node permission for the token on the folder's
// node; it is listed by its token's data, and deleted with its token.
func TestPublicShortLink(t *testing.T) {
	w := newWorld(t)
	h := home(t, w.c)
	link, err := w.c.CreatePublicLink(w.ctx, h, "/partner_shared")
	if err != nil {
		t.Fatal(err)
	}
	if link["resource_type"] != "UrlToken" || aoc.ID(link["token_value"]) == "" {
		t.Fatalf("link %v", link)
	}
	perms, err := w.c.Permissions(w.ctx, h, "/partner_shared")
	list, _ := perms.([]any)
	if err != nil || len(list) != 1 || aoc.ID(list[0].(aoc.Object)["access_id"]) != aoc.ID(link["resource_id"]) {
		t.Fatalf("the token's permission: %v %v", perms, err)
	}
	// the link opens the shared folder (its target on the partner node) without a login
	pub := w.client(aoc.Options{URL: w.sim.PublicLinkURL(aoc.ID(link["token_value"])), ClientSecret: w.sim.ClientSecret})
	_, it, err := pub.Browse(w.ctx, home(t, pub), "/", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(collect(t, it)); got != "welcome.txt" {
		t.Fatalf("through the public link: %q", got)
	}
	l, err := w.c.PublicLinks(w.ctx, h, "/partner_shared")
	if err != nil || len(l) != 1 {
		t.Fatalf("public links: %v %v", l, err)
	}
	if l, err := w.c.PrivateLinks(w.ctx, h, "/partner_shared"); err != nil || len(l) != 0 {
		t.Fatalf("no private link: %v %v", l, err)
	}
	if err := w.c.DeleteShortLink(w.ctx, aoc.ID(link["id"])); err != nil {
		t.Fatal(err)
	}
	again := w.client(aoc.Options{URL: w.sim.PublicLinkURL(aoc.ID(link["token_value"])), ClientSecret: w.sim.ClientSecret})
	if _, err := again.HomeLocation(w.ctx); err == nil {
		t.Fatal("the deleted link still opens")
	}
}
