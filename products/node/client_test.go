package node_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/internal/nodetest"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
)

var nodeUser = rest.Basic{Username: "node_user", Password: "node_pass"}

// newClient returns a node client of the simulator with auth (no retries, so that request
// counts are exact).
func newClient(t *testing.T, srv *nodesim.Server, auth rest.Auth) *node.Client {
	t.Helper()
	api, err := rest.New(srv.URL, auth, &rest.Settings{NoRetry: true})
	if err != nil {
		t.Fatal(err)
	}
	return node.New(api)
}

// start starts a simulator of a fresh folder under the contract check; it returns the
// server, its folder and a node user client.
func start(t *testing.T, cfg nodesim.Config) (*nodesim.Server, string, *node.Client) {
	t.Helper()
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	srv := nodetest.Start(t, cfg)
	return srv, cfg.Root, newClient(t, srv, nodeUser)
}

func collect(t *testing.T, it *rest.Iterator) []node.Object {
	t.Helper()
	var out []node.Object
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		o, isObj := v.(map[string]any)
		if !isObj {
			t.Fatalf("item %d is %T, not an object", len(out), v)
		}
		out = append(out, o)
	}
	if err := it.Err(); err != nil {
		t.Fatalf("listing: %v", err)
	}
	return out
}

func num(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v (%T) is not a number", v, v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatalf("%v is not an integer", v)
	}
	return i
}

func noPathErrors(t *testing.T, what string, res []node.PathResult, err error, want int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if len(res) != want {
		t.Fatalf("%s: %d results, want %d: %+v", what, len(res), want, res)
	}
	for _, r := range res {
		if r.Error != "" {
			t.Fatalf("%s: %s failed: %s", what, r.Path, r.Error)
		}
	}
}

func restError(t *testing.T, err error, status int) *rest.Error {
	t.Helper()
	var e *rest.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *rest.Error", err, err)
	}
	if e.Status != status {
		t.Fatalf("status %d, want %d: %v", e.Status, status, err)
	}
	return e
}

func writeFile(t *testing.T, p string, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestInfoPingSpace(t *testing.T) {
	ctx := context.Background()
	_, _, n := start(t, nodesim.Config{})
	info, err := n.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info["application"] != "node" || info["transfer_user"] != "xfer" || !strings.HasPrefix(fmt.Sprint(info["version"]), "4.") {
		t.Errorf("info = %v", info)
	}
	if err := n.Ping(ctx); err != nil {
		t.Errorf("ping: %v", err)
	}
	paths, err := n.Space(ctx, "/")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 1 {
		t.Fatalf("space: %v", paths)
	}
	p := paths[0].(map[string]any)
	if p["path"] != "/" || num(t, p["bytes_total"]) <= 0 || num(t, p["bytes_free"]) > num(t, p["bytes_total"]) {
		t.Errorf("space = %v", p)
	}
}

func TestCreateCatLink(t *testing.T) {
	ctx := context.Background()
	_, root, n := start(t, nodesim.Config{})
	res, err := n.Mkdir(ctx, "/a/b/c")
	noPathErrors(t, "mkdir", res, err, 1)
	if res[0].Path != "/a/b/c" {
		t.Errorf("mkdir result path %q", res[0].Path)
	}
	if st, err := os.Stat(filepath.Join(root, "a", "b", "c")); err != nil || !st.IsDir() {
		t.Fatalf("nested folder not created: %v", err)
	}
	data := []byte("hello\x00\xff world\n")
	res, err = n.Mkfile(ctx, "/a/b/c/f.bin", data)
	noPathErrors(t, "mkfile", res, err, 1)
	got, err := n.Cat(ctx, "/a/b/c/f.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("cat = %q, want %q", got, data)
	}
	// a second create of the same file fails: the only path failed, so the call fails
	res, err = n.Mkfile(ctx, "/a/b/c/f.bin", []byte("other"))
	var pe *node.PathsError
	if !errors.As(err, &pe) || len(res) != 1 || res[0].Error == "" {
		t.Fatalf("create over an existing file: %v, %+v", err, res)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "a", "b", "c", "f.bin")); !bytes.Equal(got, data) {
		t.Errorf("existing file overwritten: %q", got)
	}

	res, err = n.Mklink(ctx, "/a/b/c/f.bin", "/ln")
	noPathErrors(t, "mklink", res, err, 1)
	st, err := os.Lstat(filepath.Join(root, "ln"))
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link not created: %v", err)
	}
	if got, err := n.Cat(ctx, "/ln"); err != nil || !bytes.Equal(got, data) {
		t.Errorf("cat through the link = %q, %v", got, err)
	}
	items := collect(t, n.Browse(ctx, "/", nil, 0))
	var types []string
	for _, it := range items {
		types = append(types, fmt.Sprint(it["basename"], ":", it["type"]))
	}
	if want := []string{"a:directory", "ln:symbolic_link"}; !slices.Equal(types, want) {
		t.Errorf("browse / = %v, want %v", types, want)
	}
}

func TestBrowseLargeFolder(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	const files = 2500
	for i := range files {
		writeFile(t, filepath.Join(root, "big", fmt.Sprintf("f%04d", i)), "")
	}
	var browses atomic.Int64
	count := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/files/browse" {
				browses.Add(1)
			}
			h.ServeHTTP(w, r)
		})
	}
	_, _, n := start(t, nodesim.Config{Root: root, Wrap: count})

	it := n.Browse(ctx, "/big", nil, 0)
	items := collect(t, it)
	if len(items) != files {
		t.Fatalf("%d entries, want %d", len(items), files)
	}
	for i, item := range items {
		if want := fmt.Sprintf("f%04d", i); item["basename"] != want || item["path"] != "/big/"+want || item["type"] != "file" {
			t.Fatalf("entry %d = %v, want %s", i, item, want)
		}
	}
	if it.Pages() != 3 || browses.Load() != 3 {
		t.Errorf("pages %d, requests %d, want 3 with %d a page", it.Pages(), browses.Load(), node.BrowsePageSize)
	}
	if it.Total() != files {
		t.Errorf("total %d", it.Total())
	}

	browses.Store(0)
	it = n.Browse(ctx, "/big", nil, 10)
	items = collect(t, it)
	if len(items) != 10 || items[9]["basename"] != "f0009" {
		t.Errorf("max 10: %d entries", len(items))
	}
	if it.Pages() != 1 || browses.Load() != 1 {
		t.Errorf("max 10: pages %d, requests %d, want 1", it.Pages(), browses.Load())
	}
}

func TestBrowseFile(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "d", "a.txt"), "12345")
	_, _, n := start(t, nodesim.Config{Root: root})
	items := collect(t, n.Browse(ctx, "/d/a.txt", nil, 0))
	if len(items) != 1 {
		t.Fatalf("browse of a file: %v", items)
	}
	if it := items[0]; it["path"] != "/d/a.txt" || it["basename"] != "a.txt" || it["type"] != "file" || num(t, it["size"]) != 5 {
		t.Errorf("browse of a file = %v", it)
	}
	// a missing path is a 404, as on a node (defect 19 of issue 12: it was a 400)
	for _, p := range []string{"/d/missing", "/d/a.txt/below"} {
		_, err := collectErr(n.Browse(ctx, p, nil, 0))
		if e := restError(t, err, http.StatusNotFound); !strings.Contains(e.Message, "no such") {
			t.Errorf("browse of a missing path %s: %v", p, err)
		}
	}
	for what, call := range map[string]func() error{
		"du":     func() error { _, err := n.Du(ctx, "/d/missing"); return err },
		"space":  func() error { _, err := n.Space(ctx, "/d/missing"); return err },
		"search": func() error { _, err := n.Search(ctx, "/d/missing", nil); return err },
		"cat":    func() error { _, err := n.Cat(ctx, "/d/missing"); return err },
	} {
		if e := restError(t, call(), http.StatusNotFound); !strings.Contains(e.Message, "no such") {
			t.Errorf("%s of a missing path: %v", what, e)
		}
	}
}

func collectErr(it *rest.Iterator) (int, error) {
	n := 0
	for _, ok := it.Next(); ok; _, ok = it.Next() {
		n++
	}
	return n, it.Err()
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	for _, f := range []string{"x.txt", "y.log", "sub/z.txt", "sub/w.TXT", "sub/deep/v.txt"} {
		writeFile(t, filepath.Join(root, "s", f), "")
	}
	_, _, n := start(t, nodesim.Config{Root: root})
	search := func(q node.Object) ([]string, int64) {
		t.Helper()
		res, err := n.Search(ctx, "/s", q)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, it := range res["items"].([]any) {
			paths = append(paths, it.(map[string]any)["path"].(string))
		}
		slices.Sort(paths)
		return paths, num(t, res["total_count"])
	}
	// basenames match regardless of case unless case_sensitive (the document's default)
	for _, c := range []struct {
		query node.Object
		want  []string
	}{
		{node.Object{"filters": node.Object{"basenames": []string{"*.txt"}}}, []string{"/s/sub/deep/v.txt", "/s/sub/w.TXT", "/s/sub/z.txt", "/s/x.txt"}},
		{node.Object{"case_sensitive": true, "filters": node.Object{"basenames": []string{"*.txt"}}}, []string{"/s/sub/deep/v.txt", "/s/sub/z.txt", "/s/x.txt"}},
		// name filters too (defect 19 of issue 12: it was ignored)
		{node.Object{"name": "z*"}, []string{"/s/sub/z.txt"}},
		{node.Object{"name": "*.txt", "filters": node.Object{"paths": []string{"/s/sub/*"}}}, []string{"/s/sub/w.TXT", "/s/sub/z.txt"}},
		{node.Object{"filters": node.Object{"types": []string{"directory"}}}, []string{"/s/sub", "/s/sub/deep"}},
	} {
		got, total := search(c.query)
		if !slices.Equal(got, c.want) || total != int64(len(c.want)) {
			t.Errorf("search %v = %v (total %d), want %v", c.query, got, total, c.want)
		}
	}
}

func TestRename(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "d", "a"), "A")
	writeFile(t, filepath.Join(root, "d", "c"), "C")
	_, _, n := start(t, nodesim.Config{Root: root})
	res, err := n.Rename(ctx, "/d", "a", "b")
	noPathErrors(t, "rename", res, err, 1)
	if _, err := os.Stat(filepath.Join(root, "d", "a")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("source still there: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "d", "b")); string(got) != "A" {
		t.Errorf("destination holds %q", got)
	}
	// onto an existing file: refused, nothing lost
	_, err = n.Rename(ctx, "/d", "b", "c")
	var pe *node.PathsError
	if !errors.As(err, &pe) || !strings.Contains(pe.Error(), "exists") {
		t.Errorf("rename onto an existing file: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "d", "c")); string(got) != "C" {
		t.Errorf("existing destination overwritten: %q", got)
	}
}

func TestDelete(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "p1"), "1")
	writeFile(t, filepath.Join(root, "p2", "sub", "f"), "2")
	writeFile(t, filepath.Join(root, "keep"), "k")
	_, _, n := start(t, nodesim.Config{Root: root})
	res, err := n.Delete(ctx, "/p1", "/missing", "/p2")
	if err != nil {
		t.Fatalf("delete with one missing path: %v", err)
	}
	if len(res) != 3 {
		t.Fatalf("results %+v", res)
	}
	for i, want := range []string{"/p1", "/missing", "/p2"} {
		if res[i].Path != want || (res[i].Error != "") != (i == 1) {
			t.Errorf("result %d = %+v", i, res[i])
		}
	}
	if !strings.Contains(res[1].Error, "no such") {
		t.Errorf("error of the missing path: %q", res[1].Error)
	}
	for _, p := range []string{"p1", "p2"} {
		if _, err := os.Lstat(filepath.Join(root, p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s not deleted: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "keep")); err != nil {
		t.Errorf("keep deleted: %v", err)
	}

	res, err = n.Delete(ctx, "/m1", "/m2")
	var pe *node.PathsError
	if !errors.As(err, &pe) || len(pe.Results) != 2 || len(res) != 2 {
		t.Fatalf("all paths missing: %v", err)
	}
	for _, r := range pe.Results {
		if r.Error == "" {
			t.Errorf("%s has no error", r.Path)
		}
	}
}

func TestDu(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "du", "a"), "abc")
	writeFile(t, filepath.Join(root, "du", "s", "b"), "defgh")
	if err := os.MkdirAll(filepath.Join(root, "du", "s", "t"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a", filepath.Join(root, "du", "l")); err != nil {
		t.Fatal(err)
	}
	_, _, n := start(t, nodesim.Config{Root: root})
	du, err := n.Du(ctx, "/du")
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]int64{"total_size": 8, "file_count": 2, "dir_count": 2, "special_count": 1, "failed_count": 0} {
		if got := num(t, du[k]); got != want {
			t.Errorf("%s = %d, want %d", k, got, want)
		}
	}
}

func TestSetup(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "f"), "x")
	_, _, n := start(t, nodesim.Config{Root: root})
	up, err := n.UploadSetup(ctx, "/up", nil)
	if err != nil {
		t.Fatal(err)
	}
	down, err := n.DownloadSetup(ctx, []string{"/f"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for dir, spec := range map[string]node.Object{"send": up, "receive": down} {
		tok, _ := spec["token"].(string)
		if spec["direction"] != dir || spec["remote_host"] != "127.0.0.1" || tok == "" || spec["remote_user"] != "xfer" {
			t.Errorf("%s spec = %v", dir, spec)
		}
	}
	if _, ok := up["paths"]; ok {
		t.Errorf("upload spec keeps its paths: %v", up["paths"])
	}
	if ps, _ := down["paths"].([]any); len(ps) != 1 || ps[0].(map[string]any)["source"] != "/f" {
		t.Errorf("download paths = %v", down["paths"])
	}

	// an error inside the 200 answer
	// the root itself is a valid destination
	if _, err := n.UploadSetup(ctx, "/", nil); err != nil {
		t.Fatalf("upload to the root: %v", err)
	}
	if _, err := n.UploadSetup(ctx, "../../etc", nil); !errors.Is(err, node.ErrSetup) || !strings.Contains(err.Error(), "leaves the served folder") {
		t.Errorf("upload to ../../etc: %v", err)
	}
	if _, err := n.DownloadSetup(ctx, []string{"/f", "/../../etc/passwd"}, nil); !errors.Is(err, node.ErrSetup) {
		t.Errorf("download of /../../etc/passwd: %v", err)
	}
}

func publicPEM(t *testing.T, key *rsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func rsaKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// createKey creates an access key of storage path p; it returns the key's id and secret.
func createKey(t *testing.T, n *node.Client, p string, extra node.Object) (node.Object, string, string) {
	t.Helper()
	body := node.Object{"storage": node.Object{"type": "local", "path": p}}
	for k, v := range extra {
		body[k] = v
	}
	ak, err := n.CreateAccessKey(context.Background(), body)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := ak["id"].(string)
	secret, _ := ak["secret"].(string)
	if id == "" || secret == "" {
		t.Fatalf("access key without id or secret: %v", ak)
	}
	return ak, id, secret
}

func TestAccessKeys(t *testing.T) {
	ctx := context.Background()
	srv, root, n := start(t, nodesim.Config{})
	pem1, pem2 := publicPEM(t, rsaKey(t)), publicPEM(t, rsaKey(t))
	ak, id, secret := createKey(t, n, "/ak1", node.Object{"token_verification_key": pem1})
	if st, err := os.Stat(filepath.Join(root, "ak1")); err != nil || !st.IsDir() {
		t.Errorf("storage folder not created: %v", err)
	}
	if ak["token_verification_key"] != pem1 || ak["storage"].(map[string]any)["path"] != "/ak1" || ak["root_file_id"] == nil {
		t.Errorf("created key = %v", ak)
	}
	_, id2, _ := createKey(t, n, "/ak2", nil)

	var ids []string
	for _, k := range collect(t, n.AccessKeys(ctx, nil, 0)) {
		ids = append(ids, k["id"].(string))
	}
	slices.Sort(ids)
	want := []string{id, id2}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("list = %v, want %v", ids, want)
	}

	shown, err := n.AccessKey(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if shown["id"] != id || shown["storage"].(map[string]any)["path"] != "/ak1" || shown["secret"] != nil {
		t.Errorf("show = %v", shown)
	}
	keyClient := newClient(t, srv, rest.Basic{Username: id, Password: secret})
	self, err := keyClient.AccessKey(ctx, "self")
	if err != nil {
		t.Fatal(err)
	}
	if self["id"] != id || self["root_file_id"] != ak["root_file_id"] {
		t.Errorf("self = %v", self)
	}
	// a key sees only itself
	if _, err := keyClient.AccessKey(ctx, id2); err == nil {
		t.Errorf("key %s sees key %s", id, id2)
	} else {
		restError(t, err, http.StatusNotFound)
	}

	if err := n.ModifyAccessKey(ctx, id, node.Object{"token_verification_key": pem2}); err != nil {
		t.Fatal(err)
	}
	if shown, err := n.AccessKey(ctx, id); err != nil || shown["token_verification_key"] != pem2 {
		t.Errorf("after modify: %v, %v", shown, err)
	}

	if err := n.DeleteAccessKey(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err = n.AccessKey(ctx, id)
	restError(t, err, http.StatusNotFound)
	_, err = keyClient.AccessKey(ctx, "self")
	restError(t, err, http.StatusUnauthorized)
	if l := collect(t, n.AccessKeys(ctx, nil, 0)); len(l) != 1 || l[0]["id"] != id2 {
		t.Errorf("list after delete = %v", l)
	}
}

func TestGen4Basic(t *testing.T) {
	ctx := context.Background()
	srv, root, n := start(t, nodesim.Config{})
	ak, id, secret := createKey(t, n, "/ak1", nil)
	rootID := ak["root_file_id"].(string)
	for _, f := range []string{"c", "a", "b"} {
		writeFile(t, filepath.Join(root, "ak1", f), f+f)
	}
	k := newClient(t, srv, rest.Basic{Username: id, Password: secret})

	r, err := k.File(ctx, rootID)
	if err != nil {
		t.Fatal(err)
	}
	if r["id"] != rootID || r["type"] != "folder" || r["name"] != "/" || r["path"] != "/" {
		t.Errorf("root = %v", r)
	}

	dir, err := k.CreateIn(ctx, rootID, "dir", "folder", nil)
	if err != nil {
		t.Fatal(err)
	}
	dirID, _ := dir["id"].(string)
	if dirID == "" || dir["type"] != "folder" || dir["name"] != "dir" {
		t.Fatalf("created folder = %v", dir)
	}
	file, err := k.CreateIn(ctx, dirID, "f.txt", "file", nil)
	if err != nil {
		t.Fatal(err)
	}
	fileID, _ := file["id"].(string)
	if fileID == "" || file["type"] != "file" || num(t, file["size"]) != 0 {
		t.Fatalf("created file = %v", file)
	}
	if st, err := os.Stat(filepath.Join(root, "ak1", "dir", "f.txt")); err != nil || st.Size() != 0 {
		t.Fatalf("file not created in the key's storage: %v", err)
	}
	if _, err := k.CreateIn(ctx, dirID, "f.txt", "file", nil); err == nil {
		t.Errorf("second create of f.txt succeeded")
	}

	it := k.Files(ctx, rootID, nil, 0)
	var names []string
	for _, e := range collect(t, it) {
		names = append(names, fmt.Sprint(e["name"], ":", e["type"], ":", e["path"]))
	}
	if want := []string{"a:file:/a", "b:file:/b", "c:file:/c", "dir:folder:/dir"}; !slices.Equal(names, want) {
		t.Errorf("files = %v, want %v", names, want)
	}
	if it.Total() != 4 || it.Pages() != 1 {
		t.Errorf("X-Total-Count %d, pages %d", it.Total(), it.Pages())
	}

	if err := k.Modify(ctx, fileID, node.Object{"name": "g.txt"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "ak1", "dir", "g.txt")); err != nil {
		t.Errorf("not renamed: %v", err)
	}
	got, err := k.Resolve(ctx, rootID, "dir/g.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got["id"] != fileID || got["path"] != "/dir/g.txt" {
		t.Errorf("resolve dir/g.txt = %v, want id %s", got, fileID)
	}
	if _, err := k.Resolve(ctx, rootID, "dir/f.txt"); err == nil || !strings.Contains(err.Error(), "no such") {
		t.Errorf("resolve of the old name: %v", err)
	}
	if got, err := k.Resolve(ctx, rootID, "/"); err != nil || got["id"] != rootID {
		t.Errorf("resolve / = %v, %v", got, err)
	}

	if err := k.DeleteID(ctx, fileID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(root, "ak1", "dir", "g.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("not deleted: %v", err)
	}
	_, err = k.File(ctx, fileID)
	restError(t, err, http.StatusNotFound)
	restError(t, k.DeleteID(ctx, rootID), http.StatusNotFound)
}

func TestGen4Bearer(t *testing.T) {
	ctx := context.Background()
	srv, _, n := start(t, nodesim.Config{})
	key, other := rsaKey(t), rsaKey(t)
	ak, id, _ := createKey(t, n, "/ak1", node.Object{"token_verification_key": publicPEM(t, key)})
	rootID := ak["root_file_id"].(string)

	tok, err := node.NewBearerToken(key, id, node.BearerPayload{UserID: "user1"}, nil, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	k := newClient(t, srv, rest.NodeBearer{Token: tok, AccessKey: id})
	r, err := k.File(ctx, rootID)
	if err != nil {
		t.Fatal(err)
	}
	if r["id"] != rootID || r["type"] != "folder" {
		t.Errorf("root = %v", r)
	}
	if _, err := k.CreateIn(ctx, rootID, "by_bearer", "folder", nil); err != nil {
		t.Errorf("create with a bearer token: %v", err)
	}

	forged, err := node.NewBearerToken(other, id, node.BearerPayload{UserID: "user1"}, nil, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, err = newClient(t, srv, rest.NodeBearer{Token: forged, AccessKey: id}).File(ctx, rootID)
	restError(t, err, http.StatusUnauthorized)

	expired, err := node.NewBearerToken(key, id, node.BearerPayload{UserID: "user1"}, nil, time.Hour, time.Now().Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	_, err = newClient(t, srv, rest.NodeBearer{Token: expired, AccessKey: id}).File(ctx, rootID)
	if e := restError(t, err, http.StatusUnauthorized); !strings.Contains(e.Message, "expired") {
		t.Errorf("expired token: %v", err)
	}
}

// waitDone polls a transfer until it leaves waiting and running.
func waitDone(t *testing.T, n *node.Client, id string) node.Object {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tr, err := n.Transfer(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if s := tr["status"]; (s != "waiting" && s != "running" && tr["end_time_usec"] != nil) || time.Now().After(deadline) {
			return tr
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func transferSpec() node.Object {
	return node.Object{"direction": "send", "remote_host": "127.0.0.1", "remote_user": "xfer",
		"paths": []any{node.Object{"source": "/a", "destination": "/b"}}, "token": "Basic dGVzdA=="}
}

func TestTransfers(t *testing.T) {
	ctx := context.Background()

	t.Run("no runner", func(t *testing.T) {
		_, _, n := start(t, nodesim.Config{})
		started, err := n.StartTransfer(ctx, transferSpec())
		if err != nil {
			t.Fatal(err)
		}
		id, _ := started["id"].(string)
		if id == "" || started["token"] != nil || started["direction"] != "send" {
			t.Fatalf("start = %v", started)
		}
		tr := waitDone(t, n, id)
		if tr["status"] != "failed" || !strings.Contains(fmt.Sprint(tr["error_desc"]), "ascp") {
			t.Errorf("transfer = %v", tr)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		running := make(chan struct{}, 1)
		runner := func(ctx context.Context, spec map[string]any) error {
			running <- struct{}{}
			<-ctx.Done()
			return ctx.Err()
		}
		_, _, n := start(t, nodesim.Config{Runner: runner})
		started, err := n.StartTransfer(ctx, transferSpec())
		if err != nil {
			t.Fatal(err)
		}
		id := started["id"].(string)
		<-running
		if tr, err := n.Transfer(ctx, id); err != nil || tr["status"] != "running" {
			t.Errorf("before cancel: %v, %v", tr, err)
		}
		c, err := n.CancelTransfer(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c["status"] != "canceled" {
			t.Errorf("cancel answer = %v", c)
		}
		if tr := waitDone(t, n, id); tr["status"] != "canceled" {
			t.Errorf("after the runner ended: %v", tr)
		}
		_, err = n.CancelTransfer(ctx, "nope")
		restError(t, err, http.StatusNotFound)
	})

	t.Run("cancel at once", func(t *testing.T) {
		// cancelled before the runner starts: it must stay canceled
		runner := func(ctx context.Context, spec map[string]any) error {
			<-ctx.Done()
			return ctx.Err()
		}
		_, _, n := start(t, nodesim.Config{Runner: runner})
		for range 20 {
			started, err := n.StartTransfer(ctx, transferSpec())
			if err != nil {
				t.Fatal(err)
			}
			id := started["id"].(string)
			if _, err := n.CancelTransfer(ctx, id); err != nil {
				t.Fatal(err)
			}
			if tr := waitDone(t, n, id); tr["status"] != "canceled" {
				t.Fatalf("transfer = %v", tr)
			}
		}
	})

	t.Run("completed", func(t *testing.T) {
		var got atomic.Value
		runner := func(ctx context.Context, spec map[string]any) error {
			got.Store(spec["remote_host"])
			return nil
		}
		_, _, n := start(t, nodesim.Config{Runner: runner})
		started, err := n.StartTransfer(ctx, transferSpec())
		if err != nil {
			t.Fatal(err)
		}
		if tr := waitDone(t, n, started["id"].(string)); tr["status"] != "completed" || tr["error_desc"] != nil {
			t.Errorf("transfer = %v", tr)
		}
		if got.Load() != "127.0.0.1" {
			t.Errorf("the runner got remote_host %v", got.Load())
		}
	})

}

func TestTransfersPaging(t *testing.T) {
	ctx := context.Background()
	var lists atomic.Int64
	count := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/ops/transfers" {
				lists.Add(1)
			}
			h.ServeHTTP(w, r)
		})
	}
	_, _, n := start(t, nodesim.Config{Wrap: count})
	want := map[string]bool{}
	for range 150 {
		tr, err := n.StartTransfer(ctx, transferSpec())
		if err != nil {
			t.Fatal(err)
		}
		want[tr["id"].(string)] = true
	}
	// the jobs fail at once (no runner); a job that changes is listed again after its
	// change, so the listing waits for them to end
	for id := range want {
		waitDone(t, n, id)
	}
	lists.Store(0)
	it := n.Transfers(ctx, nil, 0)
	items := collect(t, it)
	seen := map[string]bool{}
	for _, tr := range items {
		id := tr["id"].(string)
		if !want[id] || seen[id] {
			t.Errorf("unexpected or repeated transfer %s", id)
		}
		seen[id] = true
	}
	if len(seen) != 150 {
		t.Errorf("%d transfers listed, want 150", len(seen))
	}
	// 100 and 50, then the page past the end: a node always links to the position reached
	// (so that a later call gets what changed since), and that page is empty
	if it.Pages() != 3 || lists.Load() != 3 {
		t.Errorf("pages %d, requests %d, want 3", it.Pages(), lists.Load())
	}
	// max stops within the first page
	lists.Store(0)
	if l := collect(t, n.Transfers(ctx, nil, 5)); len(l) != 5 || lists.Load() != 1 {
		t.Errorf("max 5: %d items in %d requests", len(l), lists.Load())
	}
}

// TestNewFromOptions: Basic with a user, a node bearer token given as Token or as a
// "Bearer ..." password (the access key from access_key, the username, or the token's scope),
// and the URL's own user info.
func TestNewFromOptions(t *testing.T) {
	var got []string
	srv := httptestServer(t, func(r *http.Request) {
		got = append(got, r.Header.Get("Authorization")+"|"+r.Header.Get("X-Aspera-AccessKey"))
	})
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := node.NewBearerToken(key, "akscope", node.BearerPayload{UserID: "u1", Scope: "node.akscope:user:all"}, nil, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tok = "Bearer " + tok
	host := strings.TrimPrefix(srv, "http://")
	for _, c := range []struct {
		o    node.Options
		want string
	}{
		{node.Options{URL: srv, Username: "nu", Password: "np"}, "Basic bnU6bnA=|"},
		{node.Options{URL: srv, Username: "ak1", Password: tok}, tok + "|ak1"},
		{node.Options{URL: srv, Token: tok, AccessKey: "ak2"}, tok + "|ak2"},
		{node.Options{URL: srv, Token: tok}, tok + "|akscope"},
		{node.Options{URL: "http://nu:np@" + host}, "Basic bnU6bnA=|"},
	} {
		got = nil
		n, err := node.NewFromOptions(c.o, &rest.Settings{NoRetry: true})
		if err != nil {
			t.Fatal(err)
		}
		_ = n.Ping(context.Background())
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%+v: sent %q, want %q", c.o, got, c.want)
		}
	}
	if _, err := node.NewFromOptions(node.Options{}, nil); !errors.Is(err, node.ErrNoURL) {
		t.Errorf("no url: %v", err)
	}
	if _, err := node.NewFromOptions(node.Options{URL: "ftp://x"}, nil); err == nil || !strings.Contains(err.Error(), "invalid URL") {
		t.Errorf("bad url: %v", err)
	}
}

// httptestServer answers 200 to everything and shows each request to see.
func httptestServer(t *testing.T, see func(*http.Request)) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { see(r) }))
	t.Cleanup(srv.Close)
	return srv.URL
}
