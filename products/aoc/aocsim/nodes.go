package aocsim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// simNode is a node of the organization: a node simulator on its own port, with one access
// key whose tokens the simulator signs, and the shared-folder links AoC shows in its folders.
type simNode struct {
	id, name   string
	ak, secret string
	nodePass   string // of the node user
	root       string // the local folder served (symbolic links resolved)
	srv        *nodesim.Server
	api        *node.Client // as the access key (Basic): the simulator's own file operations
	rootID     string

	mu    sync.Mutex
	links map[string][]*link // folder id -> links shown in it
	perms permissions
}

// link is a shared folder shown in a folder: an entry of type link whose target is a folder
// of a node (possibly another one).
type link struct {
	id, name, parentID   string
	targetNode, targetID string
}

func (l *link) entry() object {
	return object{"id": l.id, "name": l.name, "type": "link", "path": "/" + l.name, "size": 0,
		"target_id": l.targetID, "target_node_id": l.targetNode, "access_level": "edit",
		"access_levels": []any{"list", "read", "write", "delete", "mkdir", "rename"}}
}

// linkIDBase numbers the links far from the node simulator's file ids.
const linkIDBase = 900000

// startNodes starts the main node (workspaces and packages) and the partner node (a folder
// shared with the workspace).
func (s *Server) startNodes() error {
	for i, name := range []string{"main", "partner"} {
		root := filepath.Join(s.cfg.Root, name)
		if err := os.MkdirAll(root, 0o755); err != nil {
			return err
		}
		real, err := filepath.EvalSymlinks(root)
		if err != nil {
			return err
		}
		n := &simNode{id: strconv.Itoa(i + 1), name: name, ak: "aoc_ak_" + name, secret: randomHex(12), root: real, links: map[string][]*link{}}
		wrap := n.wrap
		if s.cfg.NodeWrap != nil {
			wrap = func(h http.Handler) http.Handler { return s.cfg.NodeWrap(n.wrap(h)) }
		}
		n.nodePass = randomHex(12)
		n.srv, err = nodesim.Start(nodesim.Config{Root: real, Host: s.cfg.Host, Username: "node_user", Password: n.nodePass,
			Wrap: wrap, Logger: s.cfg.Logger, Runner: s.cfg.Runner, NoRunnerReason: s.cfg.NoRunnerReason})
		if err != nil {
			return err
		}
		s.nodes = append(s.nodes, n)
		if err := s.makeKey(n); err != nil {
			return fmt.Errorf("node %s: %w", name, err)
		}
	}
	return nil
}

// makeKey creates the node's access key (its storage: the whole folder) with the
// simulator's token verification key, as AoC registers it.
func (s *Server) makeKey(n *simNode) error {
	ctx := context.Background()
	pub, err := oauth.PublicKeyPEM(&s.nodeKey.PublicKey)
	if err != nil {
		return err
	}
	admin, err := rest.New(n.srv.URL, rest.Basic{Username: "node_user", Password: n.nodePass}, nil)
	if err != nil {
		return err
	}
	if _, err := node.New(admin).CreateAccessKey(ctx, object{"id": n.ak, "secret": n.secret,
		"storage": object{"type": "local", "path": "/"}, "token_verification_key": pub}); err != nil {
		return err
	}
	api, err := rest.New(n.srv.URL, rest.Basic{Username: n.ak, Password: n.secret}, nil)
	if err != nil {
		return err
	}
	n.api = node.New(api)
	k, err := n.api.AccessKey(ctx, "self")
	if err != nil {
		return err
	}
	n.rootID = idText(k["root_file_id"])
	return nil
}

func (s *Server) closeNodes() {
	for _, n := range s.nodes {
		if n.srv != nil {
			_ = n.srv.Close()
		}
	}
}

// node returns the node of an AoC node id.
func (s *Server) node(id string) *simNode {
	for _, n := range s.nodes {
		if n.id == id {
			return n
		}
	}
	return nil
}

// folder creates (with its parents) and returns the id of a folder of the node, by path.
func (n *simNode) folder(ctx context.Context, p string) (string, error) {
	id := n.rootID
	for _, name := range strings.Split(strings.Trim(path.Clean("/"+p), "/"), "/") {
		if name == "" {
			continue
		}
		it := n.api.Files(ctx, id, map[string][]string{"name": {name}}, 0)
		next := ""
		for v, ok := it.Next(); ok; v, ok = it.Next() {
			if e, _ := v.(object); e["name"] == name {
				next = idText(e["id"])
			}
		}
		if err := it.Err(); err != nil {
			return "", err
		}
		if next == "" {
			e, err := n.api.CreateIn(ctx, id, name, "folder", nil)
			if err != nil {
				return "", err
			}
			next = idText(e["id"])
		}
		id = next
	}
	return id, nil
}

// local returns the local path of a node path of the key's storage.
func (n *simNode) local(p string) string {
	return filepath.Join(n.root, filepath.FromSlash(path.Clean("/"+p)))
}

// addLink shows a link named name in the folder parentID, to the folder targetID of target.
func (n *simNode) addLink(parentID, name string, target *simNode, targetID string) *link {
	n.mu.Lock()
	defer n.mu.Unlock()
	count := 0
	for _, l := range n.links {
		count += len(l)
	}
	l := &link{id: strconv.Itoa(linkIDBase + count + 1), name: name, parentID: parentID, targetNode: target.id, targetID: targetID}
	n.links[parentID] = append(n.links[parentID], l)
	return l
}

func (n *simNode) linkByID(id string) *link {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, ls := range n.links {
		for _, l := range ls {
			if l.id == id {
				return l
			}
		}
	}
	return nil
}

func (n *simNode) linksOf(folder string) []*link {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]*link(nil), n.links[folder]...)
}

// wrap adds to the node simulator what AoC's nodes have and it does not: the shared-folder
// links in their folders' listings (GET /files/{id} of a link, its entry), the contents
// of a file by id (GET /files/{id}/content), and the permissions (permissions.go).
func (n *simNode) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.perms.serve(n, next, w, r) {
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, "/files/")
		if !ok || r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		id, sub, _ := strings.Cut(rest, "/")
		switch {
		case sub == "" && n.linkByID(id) != nil:
			l := n.linkByID(id)
			if rec := n.forward(next, r, "/files/"+l.parentID); rec.Code != http.StatusOK {
				copyAnswer(w, rec)
				return
			}
			writeJSON(w, http.StatusOK, l.entry())
		case sub == "files" && len(n.linksOf(id)) > 0:
			n.listWithLinks(w, r, next, id)
		case sub == "content":
			n.content(w, r, next, id)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// forward runs r on next with another path (the caller's credentials kept).
func (n *simNode) forward(next http.Handler, r *http.Request, p string) *httptest.ResponseRecorder {
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath, r2.URL.RawQuery = p, "", ""
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r2)
	return rec
}

func copyAnswer(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// listWithLinks answers a folder's listing with its links after its files (on the last
// page, counted in X-Total-Count; the name filter applies).
func (n *simNode) listWithLinks(w http.ResponseWriter, r *http.Request, next http.Handler, id string) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		copyAnswer(w, rec)
		return
	}
	var items []any
	if err := json.Unmarshal(rec.Body.Bytes(), &items); err != nil {
		copyAnswer(w, rec)
		return
	}
	total, _ := strconv.Atoi(rec.Header().Get("X-Total-Count"))
	var extra []any
	name := r.URL.Query().Get("name")
	for _, l := range n.linksOf(id) {
		if name == "" || name == l.name {
			extra = append(extra, l.entry())
		}
	}
	per, err := strconv.Atoi(r.URL.Query().Get("per_page"))
	if err != nil || per <= 0 {
		per = 1000
	}
	pg, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || pg <= 0 {
		pg = 1
	}
	if total <= pg*per && total+len(extra) > (pg-1)*per { // the page where the files end
		items = append(items, extra...)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total+len(extra)))
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(items)
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}

// content serves a file's bytes: the entry (GET /files/{id} as the caller) gives its path
// below the access key's storage, which is the whole served folder.
func (n *simNode) content(w http.ResponseWriter, r *http.Request, next http.Handler, id string) {
	rec := n.forward(next, r, "/files/"+id)
	if rec.Code != http.StatusOK {
		copyAnswer(w, rec)
		return
	}
	var e object
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e["type"] != "file" {
		writeJSON(w, http.StatusBadRequest, object{"error": object{"code": 400, "reason": "Bad Request", "user_message": "not a file"}})
		return
	}
	f, err := os.Open(n.local(idText(e["path"])))
	if err != nil {
		writeJSON(w, http.StatusNotFound, object{"error": object{"code": 404, "reason": "Not Found", "user_message": err.Error()}})
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, object{"error": object{"code": 500, "reason": "Internal Server Error", "user_message": err.Error()}})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	http.ServeContent(w, r, path.Base(idText(e["path"])), st.ModTime(), f)
}
