package sharessim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// The Node API of Shares: each request is checked against the caller's permissions on the
// shares its paths name, then served by the embedded node simulator (as the node user).

func (s *Server) nodeRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /node_api/ping", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("GET /node_api", s.asUser(func(w http.ResponseWriter, r *http.Request, _ *user, _ []byte) {
		writeJSON(w, 200, map[string]any{"apis": []any{map[string]any{"name": "node", "version": 4.4, "url": NodeAPIPrefix}}})
	}))
	mux.HandleFunc("GET /node_api/info", s.asUser(s.nodeInfo))
	mux.HandleFunc("POST /node_api/files/browse", s.asUser(s.browse))
	for _, op := range []string{"space", "files/create", "files/rename", "files/delete", "files/upload_setup", "files/download_setup"} {
		mux.HandleFunc("POST /node_api/"+op, s.asUser(s.checked(op)))
	}
}

// userHandler serves a Node API request of an authenticated user; body is the request's.
type userHandler func(w http.ResponseWriter, r *http.Request, u *user, body []byte)

func (s *Server) asUser(h userHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := s.authenticate(w, r)
		if u == nil {
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		h(w, r, u, body)
	}
}

func (s *Server) nodeInfo(w http.ResponseWriter, r *http.Request, _ *user, _ []byte) {
	var caps []any
	for _, c := range []string{"browse", "create", "rename", "delete", "upload", "download", "space"} {
		caps = append(caps, map[string]any{"name": c, "value": true})
	}
	writeJSON(w, 200, map[string]any{"current_time": stamp(time.Now()), "application": "shares", "version": Version, "capabilities": caps})
}

// NodeProxy serves the requests of a node API mounted below Prefix with the handler of an
// embedded node simulator, as its node user (whatever credentials the request carried). The
// Shares 2 simulator uses it too.
type NodeProxy struct {
	Prefix             string // "/node_api"
	Handler            http.Handler
	Username, Password string
}

// Serve has the node serve r, whose body (already read) is body.
func (p NodeProxy) Serve(w http.ResponseWriter, r *http.Request, body []byte) {
	req := r.Clone(r.Context())
	req.URL.Path = strings.TrimPrefix(r.URL.Path, p.Prefix)
	req.URL.RawPath = ""
	req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	req.Header.Del("Authorization")
	req.Header.Del("X-Aspera-AccessKey")
	req.SetBasicAuth(p.Username, p.Password)
	p.Handler.ServeHTTP(w, req)
}

// need is a path of a request and the permission it asks for.
type need struct{ path, what string }

// needs returns what a Node API request asks on which paths.
func needs(op string, body []byte) ([]need, error) {
	type entry struct {
		Path, Type, Source, Destination string
	}
	var req struct {
		Path             string  `json:"path"`
		Paths            []entry `json:"paths"`
		TransferRequests []struct {
			TransferRequest struct {
				Paths []entry `json:"paths"`
			} `json:"transfer_request"`
		} `json:"transfer_requests"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, err
	}
	var out []need
	switch op {
	case "files/browse":
		out = append(out, need{req.Path, "browse"})
	case "space":
		for _, p := range req.Paths {
			out = append(out, need{p.Path, "browse"})
		}
	case "files/create":
		for _, p := range req.Paths {
			what := "upload"
			if p.Type == "directory" {
				what = "mkdir"
			}
			out = append(out, need{p.Path, what})
		}
	case "files/rename":
		for _, p := range req.Paths {
			out = append(out, need{path.Join(p.Path, p.Source), "rename"}, need{path.Join(p.Path, p.Destination), "rename"})
		}
	case "files/delete":
		for _, p := range req.Paths {
			out = append(out, need{p.Path, "delete"})
		}
	case "files/upload_setup", "files/download_setup":
		for _, tr := range req.TransferRequests {
			for _, p := range tr.TransferRequest.Paths {
				if op == "files/upload_setup" {
					dest := p.Destination
					if dest == "" {
						dest = "/"
					}
					out = append(out, need{dest, "upload"})
				} else {
					out = append(out, need{p.Source, "download"})
				}
			}
		}
	}
	return out, nil
}

// checked serves an operation after checking the permissions on every path it names.
func (s *Server) checked(op string) userHandler {
	return func(w http.ResponseWriter, r *http.Request, u *user, body []byte) {
		list, err := needs(op, body)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
			return
		}
		s.mu.Lock()
		status, msg := 0, ""
		for _, n := range list {
			if status, msg = s.check(u, n, op); status != 0 {
				break
			}
		}
		s.mu.Unlock()
		if status != 0 {
			writeError(w, status, msg)
			return
		}
		s.node.Serve(w, r, body)
	}
}

// check returns the refusal of a need (0 when allowed). The shares themselves (the first
// level) are the administrator's: only browsed and uploaded into here.
func (s *Server) check(u *user, n need, op string) (int, string) {
	p := path.Clean("/" + n.path)
	name, rest, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if name == "" {
		return http.StatusForbidden, fmt.Sprintf("%s: the top level holds the shares, which an administrator creates", p)
	}
	if rest == "" && (n.what != "browse" && n.what != "upload" && n.what != "download" || op == "files/create") {
		return http.StatusForbidden, fmt.Sprintf("%s: a share is created, renamed and deleted by an administrator", p)
	}
	sh := s.shareNamed(name)
	if sh == nil || !s.allowed(u, sh, "browse") {
		return http.StatusNotFound, fmt.Sprintf("%s: no share named %s", p, name)
	}
	if !s.allowed(u, sh, n.what) {
		return http.StatusForbidden, fmt.Sprintf("%s: no %s permission on share %s", p, n.what, name)
	}
	return 0, ""
}

// browse lists the shares of the user at "/", and hands the rest to the node.
func (s *Server) browse(w http.ResponseWriter, r *http.Request, u *user, body []byte) {
	var req struct {
		Path  string `json:"path"`
		Skip  int    `json:"skip"`
		Count int    `json:"count"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return
	}
	if path.Clean("/"+req.Path) != "/" {
		s.checked("files/browse")(w, r, u, body)
		return
	}
	s.mu.Lock()
	var items []any
	for _, sh := range s.shares {
		if s.allowed(u, sh, "browse") {
			items = append(items, s.shareEntry(u, sh))
		}
	}
	s.mu.Unlock()
	total := len(items)
	if req.Skip > 0 {
		items = items[min(req.Skip, len(items)):]
	}
	if req.Count > 0 && len(items) > req.Count {
		items = items[:req.Count]
	}
	if items == nil {
		items = []any{}
	}
	self := map[string]any{"path": "/", "basename": "", "type": "directory", "size": 0, "mtime": stamp(time.Now())}
	writeJSON(w, 200, map[string]any{"self": self, "items": items, "item_count": len(items), "total_count": total})
}

// shareEntry is a share as a folder of the top level, with the user's permissions.
func (s *Server) shareEntry(u *user, sh *share) map[string]any {
	mtime := time.Now()
	if fi, err := os.Stat(filepath.Join(s.cfg.Root, sh.name)); err == nil {
		mtime = fi.ModTime()
	}
	var perms []any
	for _, p := range [][2]string{{"browse", "view"}, {"upload", "edit"}, {"delete", "delete"}} {
		if s.allowed(u, sh, p[0]) {
			perms = append(perms, map[string]any{"name": p[1]})
		}
	}
	return map[string]any{"path": "/" + sh.name, "basename": sh.name, "type": "directory", "size": 0,
		"mtime": stamp(mtime), "permissions": perms}
}
