package nodesim_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/internal/nodetest"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
)

var nodeUser = rest.Basic{Username: "node_user", Password: "node_pass"}

const outsideMsg = "leaves the served folder"

func client(t *testing.T, srv *nodesim.Server, auth rest.Auth) *node.Client {
	t.Helper()
	api, err := rest.New(srv.URL, auth, &rest.Settings{NoRetry: true})
	if err != nil {
		t.Fatal(err)
	}
	return node.New(api)
}

func wantStatus(t *testing.T, what string, err error, status int, msg string) {
	t.Helper()
	var e *rest.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: error %v (%T), want a %d", what, err, err, status)
		return
	}
	if e.Status != status || !strings.Contains(e.Message, msg) {
		t.Errorf("%s: %v, want %d with %q", what, err, status, msg)
	}
}

// wantPathsError checks that a gen3 call failed for each of its n paths, with msg.
func wantPathsError(t *testing.T, what string, res []node.PathResult, err error, n int, msg string) {
	t.Helper()
	var pe *node.PathsError
	if !errors.As(err, &pe) || len(res) != n {
		t.Errorf("%s: %v, %+v: want a PathsError of %d paths", what, err, res, n)
		return
	}
	for _, r := range res {
		if !strings.Contains(r.Error, msg) {
			t.Errorf("%s: %s: %q, want %q", what, r.Path, r.Error, msg)
		}
	}
}

func browseErr(n *node.Client, p string) error {
	it := n.Browse(context.Background(), p, nil, 0)
	for _, ok := it.Next(); ok; _, ok = it.Next() {
	}
	return it.Err()
}

func browseNames(t *testing.T, n *node.Client, p string) []string {
	t.Helper()
	it := n.Browse(context.Background(), p, nil, 0)
	var names []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		o := v.(map[string]any)
		names = append(names, o["basename"].(string)+":"+o["type"].(string))
	}
	if err := it.Err(); err != nil {
		t.Fatalf("browse %s: %v", p, err)
	}
	return names
}

// snapshot lists everything below dir (links not followed) with the contents of the files.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		entry := rel + " " + d.Type().String()
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += " " + string(b)
		}
		out = append(out, entry)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPathConfinement(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	root := filepath.Join(base, "root")
	if err := os.MkdirAll(filepath.Join(root, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "inside", "f"), []byte("in"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	sentinel := filepath.Join(outside, "sentinel")
	if err := os.WriteFile(sentinel, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	// the sentinel seen from the root with ".."
	rel, err := filepath.Rel(root, sentinel)
	if err != nil || !strings.HasPrefix(rel, "..") {
		t.Fatalf("rel %q: %v", rel, err)
	}
	up := "/" + filepath.ToSlash(rel)
	beforeBase, beforeOutside := snapshot(t, base), snapshot(t, outside)

	srv := nodetest.Start(t, nodesim.Config{Root: root})
	n := client(t, srv, nodeUser)

	t.Run("read", func(t *testing.T) {
		for _, p := range []string{"../../", "/../etc", "..", "/inside/../../inside", up, "/escape", "/escape/sentinel"} {
			wantStatus(t, "browse "+p, browseErr(n, p), http.StatusBadRequest, outsideMsg)
		}
		for _, p := range []string{up, "/escape/sentinel", "/../root/inside/f"} {
			data, err := n.Cat(ctx, p)
			wantStatus(t, "cat "+p, err, http.StatusBadRequest, outsideMsg)
			if data != nil {
				t.Errorf("cat %s gave %q", p, data)
			}
		}
		for _, p := range []string{"/escape", "../"} {
			_, err := n.Du(ctx, p)
			wantStatus(t, "du "+p, err, http.StatusBadRequest, outsideMsg)
			_, err = n.Search(ctx, p, nil)
			wantStatus(t, "search "+p, err, http.StatusBadRequest, outsideMsg)
		}
		// ".." that stays inside is fine; the link is listed, never followed
		if got := browseNames(t, n, "/inside/../inside"); !slices.Equal(got, []string{"f:file"}) {
			t.Errorf("browse /inside/../inside = %v", got)
		}
		if got := browseNames(t, n, "/"); !slices.Equal(got, []string{"escape:symbolic_link", "inside:directory"}) {
			t.Errorf("browse / = %v", got)
		}
		found, err := n.Search(ctx, "/", node.Object{"filters": node.Object{"basenames": []string{"sentinel"}}})
		if err != nil || len(found["items"].([]any)) != 0 {
			t.Errorf("search found the sentinel through the link: %v, %v", found, err)
		}
		if _, err := n.DownloadSetup(ctx, []string{"/escape/sentinel"}, nil); !errors.Is(err, node.ErrSetup) {
			t.Errorf("download_setup through the link: %v", err)
		}
	})

	t.Run("write", func(t *testing.T) {
		res, err := n.Create(ctx,
			node.Object{"path": up + "2", "type": "file", "contents": "eA=="},
			node.Object{"path": "/escape/new", "type": "file", "contents": "eA=="},
			node.Object{"path": "/escape/newdir", "type": "directory"},
			node.Object{"path": "../../evil", "type": "directory"},
			node.Object{"path": "/ln", "type": "symbolic_link", "target": node.Object{"path": "../../etc"}},
		)
		wantPathsError(t, "create", res, err, 5, outsideMsg)

		res, err = n.Delete(ctx, up, "/escape/sentinel", "../", "/", "/..")
		wantPathsError(t, "delete", res, err, 5, outsideMsg)

		for _, r := range [][3]string{
			{"/", "." + up, "stolen"},
			{"/escape", "sentinel", "../stolen"},
			{"/inside", "f", "../../moved"},
			{"/", "inside/f", "escape/f"},
			{"/..", "root/inside/f", "g"},
		} {
			res, err := n.Rename(ctx, r[0], r[1], r[2])
			wantPathsError(t, "rename "+strings.Join(r[:], " "), res, err, 1, outsideMsg)
		}

		if got := snapshot(t, base); !slices.Equal(got, beforeBase) {
			t.Errorf("the served folder's parent changed:\n%v\nwant\n%v", got, beforeBase)
		}
		if got := snapshot(t, outside); !slices.Equal(got, beforeOutside) {
			t.Errorf("the outside folder changed:\n%v\nwant\n%v", got, beforeOutside)
		}

		// deleting the link removes the link only
		res, err = n.Delete(ctx, "/escape")
		if err != nil || len(res) != 1 || res[0].Error != "" {
			t.Fatalf("delete /escape: %v, %+v", err, res)
		}
		if _, err := os.Lstat(filepath.Join(root, "escape")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("link not deleted: %v", err)
		}
		if got := snapshot(t, outside); !slices.Equal(got, beforeOutside) {
			t.Errorf("deleting the link changed its target:\n%v", got)
		}
	})
}

// newKey makes an access key whose storage is the node path p, with the node user's client n;
// it returns a client logged in with the key and the key's root file id.
func newKey(t *testing.T, srv *nodesim.Server, n *node.Client, p string) (*node.Client, string) {
	t.Helper()
	ak, err := n.CreateAccessKey(context.Background(), node.Object{"storage": node.Object{"type": "local", "path": p}})
	if err != nil {
		t.Fatal(err)
	}
	return client(t, srv, rest.Basic{Username: ak["id"].(string), Password: ak["secret"].(string)}), ak["root_file_id"].(string)
}

func TestAccessKeyConfinement(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	srv := nodetest.Start(t, nodesim.Config{Root: root})
	n := client(t, srv, nodeUser)
	k1, root1 := newKey(t, srv, n, "/ak1")
	k2, root2 := newKey(t, srv, n, "/ak2")

	secret, err := k2.CreateIn(ctx, root2, "secret.txt", "file", node.Object{"contents": "c2VjcmV0"})
	if err != nil {
		t.Fatal(err)
	}
	secretID := secret["id"].(string)
	sub, err := k2.CreateIn(ctx, root2, "sub", "folder", nil)
	if err != nil {
		t.Fatal(err)
	}
	subID := sub["id"].(string)
	mine, err := k1.CreateIn(ctx, root1, "mine", "file", nil)
	if err != nil {
		t.Fatal(err)
	}
	mineID := mine["id"].(string)
	before := snapshot(t, root)

	t.Run("by id", func(t *testing.T) {
		for _, id := range []string{secretID, subID, root2} {
			_, err := k1.File(ctx, id)
			wantStatus(t, "file "+id, err, http.StatusNotFound, "no file with id")
			it := k1.Files(ctx, id, nil, 0)
			it.Next()
			wantStatus(t, "files "+id, it.Err(), http.StatusNotFound, "no file with id")
		}
		wantStatus(t, "delete", k1.DeleteID(ctx, secretID), http.StatusNotFound, "no file with id")
		wantStatus(t, "rename", k1.Modify(ctx, secretID, node.Object{"name": "taken"}), http.StatusNotFound, "no file with id")
		_, err := k1.CreateIn(ctx, subID, "planted", "file", nil)
		wantStatus(t, "create", err, http.StatusNotFound, "no file with id")

		for _, name := range []string{"../x", "..", "a/b", "../ak2/x"} {
			_, err := k1.CreateIn(ctx, root1, name, "file", nil)
			wantStatus(t, "create "+name, err, http.StatusBadRequest, "invalid name")
			wantStatus(t, "rename to "+name, k1.Modify(ctx, mineID, node.Object{"name": name}), http.StatusBadRequest, "invalid name")
		}
		wantStatus(t, "rename the root", k1.Modify(ctx, root1, node.Object{"name": "x"}), http.StatusBadRequest, "invalid name")
	})

	t.Run("by path", func(t *testing.T) {
		if got := browseNames(t, k1, "/"); !slices.Equal(got, []string{"mine:file"}) {
			t.Errorf("key 1 browses / = %v", got)
		}
		wantStatus(t, "browse", browseErr(k1, "/../ak2"), http.StatusBadRequest, outsideMsg)
		wantStatus(t, "browse", browseErr(k1, "/ak2"), http.StatusNotFound, "no such")
		_, err := k1.Cat(ctx, "/../ak2/secret.txt")
		wantStatus(t, "cat", err, http.StatusBadRequest, outsideMsg)
		res, err := k1.Delete(ctx, "/../ak2/secret.txt", "../ak2")
		wantPathsError(t, "delete", res, err, 2, outsideMsg)
		res, err = k1.Delete(ctx, "/")
		wantPathsError(t, "delete of the key's root", res, err, 1, outsideMsg)
		res, err = k1.Mkfile(ctx, "../ak2/planted", []byte("x"))
		wantPathsError(t, "mkfile", res, err, 1, outsideMsg)
		res, err = k1.Rename(ctx, "/", "mine", "../ak2/mine")
		wantPathsError(t, "rename", res, err, 1, outsideMsg)
		if _, err := k1.DownloadSetup(ctx, []string{"/../ak2/secret.txt"}, nil); !errors.Is(err, node.ErrSetup) {
			t.Errorf("download_setup of another key's file: %v", err)
		}
		// paths of key 1 are below its storage: its "/ak2" is /ak1/ak2
		res, err = k1.Mkdir(ctx, "/ak2")
		if err != nil || res[0].Error != "" {
			t.Fatalf("mkdir: %v %+v", err, res)
		}
		if _, err := os.Stat(filepath.Join(root, "ak1", "ak2")); err != nil {
			t.Errorf("key 1's /ak2 not below its storage: %v", err)
		}
		if _, err := k1.Delete(ctx, "/ak2"); err != nil {
			t.Fatal(err)
		}
	})

	if got := snapshot(t, root); !slices.Equal(got, before) {
		t.Errorf("the folder changed:\n%v\nwant\n%v", got, before)
	}
}

func TestAuth(t *testing.T) {
	ctx := context.Background()
	srv := nodetest.Start(t, nodesim.Config{})
	n := client(t, srv, nodeUser)
	ak, err := n.CreateAccessKey(ctx, node.Object{"storage": node.Object{"type": "local", "path": "/ak"}})
	if err != nil {
		t.Fatal(err)
	}
	id := ak["id"].(string)

	_, err = client(t, srv, nil).Info(ctx)
	wantStatus(t, "no credentials", err, http.StatusUnauthorized, "authentication required")
	var e *rest.Error
	if errors.As(err, &e) && !strings.HasPrefix(e.Header.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("WWW-Authenticate = %q", e.Header.Get("WWW-Authenticate"))
	}
	wantStatus(t, "browse without credentials", browseErr(client(t, srv, nil), "/"), http.StatusUnauthorized, "")
	_, err = client(t, srv, rest.Basic{Username: "node_user", Password: "wrong"}).Info(ctx)
	wantStatus(t, "wrong password", err, http.StatusUnauthorized, "invalid credentials")
	_, err = client(t, srv, rest.Basic{Username: id, Password: "wrong"}).File(ctx, ak["root_file_id"].(string))
	wantStatus(t, "wrong key secret", err, http.StatusUnauthorized, "invalid credentials")
	_, err = client(t, srv, rest.NodeBearer{Token: "not a token", AccessKey: id}).Info(ctx)
	wantStatus(t, "bearer of a key without verification key", err, http.StatusUnauthorized, "bearer token")

	// the files-by-id API needs an access key
	_, err = n.File(ctx, ak["root_file_id"].(string))
	wantStatus(t, "gen4 file as the node user", err, http.StatusBadRequest, "access key")
	it := n.Files(ctx, ak["root_file_id"].(string), nil, 0)
	it.Next()
	wantStatus(t, "gen4 list as the node user", it.Err(), http.StatusBadRequest, "access key")
	_, err = n.CreateIn(ctx, ak["root_file_id"].(string), "x", "folder", nil)
	wantStatus(t, "gen4 create as the node user", err, http.StatusBadRequest, "access key")
}

// TestAnswersShowNoLocalPath (defect 19 of issue 12): errors and link targets show node paths,
// never the served folder's local path. Only the specs of *_setup carry it, by design (doc.go).
func TestAnswersShowNoLocalPath(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	root := filepath.Join(base, "root")
	for _, d := range []string{"d", "ak"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "d", "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// links made outside the API: absolute inside, relative inside, outside
	for link, target := range map[string]string{"abs": filepath.Join(root, "d", "f"), "rel": "d/f", "out": base, "dangling": filepath.Join(root, "gone")} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	var leaks []string
	setupShows := false
	watch := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if body := rec.Body.String(); strings.Contains(body, base) {
				if strings.HasSuffix(r.URL.Path, "_setup") {
					setupShows = true
				} else {
					leaks = append(leaks, r.Method+" "+r.URL.Path+": "+body)
				}
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
	}
	srv := nodetest.Start(t, nodesim.Config{Root: root, Wrap: watch})
	n := client(t, srv, nodeUser)

	targets := map[string]any{}
	it := n.Browse(ctx, "/", nil, 0)
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		e := v.(map[string]any)
		if tg, ok := e["target"].(map[string]any); ok {
			targets[e["basename"].(string)] = tg["path"]
		} else if e["type"] == "symbolic_link" {
			targets[e["basename"].(string)] = nil
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"abs": "/d/f", "rel": "/d/f", "out": nil, "dangling": "/gone"}
	if fmt.Sprint(targets) != fmt.Sprint(want) {
		t.Errorf("link targets %v, want %v", targets, want)
	}
	// an access key sees a target inside its storage as its own path, one outside as none
	ak, err := n.CreateAccessKey(ctx, node.Object{"storage": node.Object{"type": "local", "path": "/ak"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "ak", "mine"), filepath.Join(root, "ak", "in")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "d", "f"), filepath.Join(root, "ak", "up")); err != nil {
		t.Fatal(err)
	}
	k := client(t, srv, rest.Basic{Username: ak["id"].(string), Password: ak["secret"].(string)})
	found, err := k.Search(ctx, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, v := range found["items"].([]any) {
		e := v.(map[string]any)
		tg, _ := e["target"].(map[string]any)
		got[e["basename"].(string)] = tg["path"]
	}
	if fmt.Sprint(got) != fmt.Sprint(map[string]any{"in": "/mine", "up": nil}) {
		t.Errorf("the key's link targets %v", got)
	}

	// errors of every kind
	_ = browseErr(n, "/d/f/below")
	_ = browseErr(n, "/nosuch")
	_, _ = n.Cat(ctx, "/d")
	_, _ = n.Cat(ctx, "/d/f/x")
	_, _ = n.Du(ctx, "/d/f/x")
	_, _ = n.Space(ctx, "/d/f/x")
	_, _ = n.Search(ctx, "/d/f/x", nil)
	_, _ = n.Create(ctx, node.Object{"path": "/d/f/x", "type": "directory"}, node.Object{"path": "/d/f", "type": "file", "contents": "eA=="})
	_, _ = n.Delete(ctx, "/d/f/x", "/nosuch")
	_, _ = n.Rename(ctx, "/d", "f", "f/x")
	_, _ = n.Rename(ctx, "/d", "nosuch", "y")
	_, _ = n.CreateAccessKey(ctx, node.Object{"storage": node.Object{"type": "local", "path": "/d/f/sub"}})
	if len(leaks) > 0 {
		t.Errorf("answers show the local path:\n%s", strings.Join(leaks, "\n"))
	}
	// the check can fail: the setup spec carries the local path
	if _, err := n.UploadSetup(ctx, "/d", nil); err != nil || !setupShows {
		t.Errorf("the watch missed the local path of the setup spec (%v)", err)
	}
}

func TestCredentials(t *testing.T) {
	srv := nodetest.Start(t, nodesim.Config{})
	if u, p := srv.Credentials(); u != "node_user" || p != "node_pass" {
		t.Errorf("default credentials %s %s", u, p)
	}
	other := nodetest.Start(t, nodesim.Config{Username: "me", Password: "pw"})
	u, p := other.Credentials()
	if u != "me" || p != "pw" {
		t.Errorf("credentials %s %s", u, p)
	}
	if _, err := client(t, other, rest.Basic{Username: u, Password: p}).Info(context.Background()); err != nil {
		t.Errorf("the credentials do not work: %v", err)
	}
}

func TestPopulate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "big")
	if err := nodesim.Populate(dir, 1500); err != nil {
		t.Fatal(err)
	}
	if err := nodesim.Populate(dir, 1500); err != nil { // again: kept
		t.Fatal(err)
	}
	srv := nodetest.Start(t, nodesim.Config{Root: dir})
	names := browseNames(t, client(t, srv, nodeUser), "/")
	if len(names) != 1500 || names[0] != "e000000:file" || names[1499] != "e001499:file" {
		t.Errorf("%d entries, first %v", len(names), names[:min(2, len(names))])
	}
	if err := nodesim.Populate(filepath.Join(dir, "e000000", "x"), 1); err == nil {
		t.Error("populating below a file worked")
	}
}
