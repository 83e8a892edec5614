package faspex5sim

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

func removeAll(dir string) error { return os.RemoveAll(dir) }

// uploadSpec answers the spec of an upload into a package: the embedded node's upload_setup
// spec for the package's folder; the names announced are what completes the package.
func (s *Server) uploadSpec(w http.ResponseWriter, r *http.Request, c caller) {
	p, ok := s.findPackage(w, r, c)
	if !ok {
		return
	}
	if sent, _ := s.visible(c, p); !sent && c.link == nil {
		writeError(w, r, http.StatusForbidden, "only the sender uploads into a package")
		return
	}
	paths, ok := s.packagePaths(w, r, p)
	if !ok {
		return
	}
	ts, err := s.node.UploadSetup(r.Context(), nodePath(p), nil)
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, "node: "+err.Error())
		return
	}
	s.mu.Lock()
	p.expected = nil
	for _, n := range paths {
		p.expected = append(p.expected, path.Base(filepath.ToSlash(n)))
	}
	s.mu.Unlock()
	ts["paths"] = paths
	s.forConnect(ts, p.ear, "encrypt")
	writeJSON(w, 200, ts)
}

// forConnect adds what Faspex adds to a spec for Connect.
func (s *Server) forConnect(ts map[string]any, ear bool, protection string) {
	ts["authentication"] = "token"
	tags, _ := ts["tags"].(map[string]any)
	if tags == nil {
		tags = map[string]any{}
	}
	tags["aspera"] = map[string]any{"app": "faspex5", "node": map[string]any{"simulator": true}}
	ts["tags"] = tags
	if ear {
		ts["content_protection"] = protection
	}
}

// downloadSpec answers the spec of a download of a package's files (all, or the paths asked).
func (s *Server) downloadSpec(w http.ResponseWriter, r *http.Request, c caller) {
	p, ok := s.findPackage(w, r, c)
	if !ok {
		return
	}
	q := r.URL.Query()
	if t := q.Get("type"); t != "received" && t != "sent" {
		writeError(w, r, http.StatusBadRequest, "type must be received or sent")
		return
	}
	var body struct {
		Paths []struct {
			Path string `json:"path"`
		} `json:"paths"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	var sources []string
	if len(body.Paths) == 0 {
		entries, err := os.ReadDir(s.dir(p))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			writeError(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		for _, e := range entries {
			sources = append(sources, nodePath(p)+"/"+e.Name())
		}
		if len(sources) == 0 {
			writeError(w, r, http.StatusBadRequest, "package "+p.id+" has no files")
			return
		}
	}
	for _, bp := range body.Paths {
		rel := path.Clean("/" + bp.Path)
		if _, err := os.Lstat(filepath.Join(s.dir(p), filepath.FromSlash(rel))); err != nil {
			writeError(w, r, http.StatusBadRequest, "package "+p.id+" has no file "+bp.Path)
			return
		}
		sources = append(sources, nodePath(p)+rel)
	}
	ts, err := s.node.DownloadSetup(r.Context(), sources, nil)
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, "node: "+err.Error())
		return
	}
	s.forConnect(ts, p.ear, "decrypt")
	writeJSON(w, 200, ts)
}

// browseDir answers one page of a folder below base (a local folder) with the iteration
// token header (the offset of the next page).
func browseDir(w http.ResponseWriter, r *http.Request, base string) {
	var body struct {
		Path           string `json:"path"`
		IterationToken string `json:"iteration_token"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	rel := path.Clean("/" + body.Path)
	entries, err := os.ReadDir(filepath.Join(base, filepath.FromSlash(rel)))
	if err != nil {
		writeError(w, r, http.StatusBadRequest, "no folder "+body.Path)
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	q := r.URL.Query()
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per <= 0 {
		per = 500
	}
	token := q.Get("iteration_token")
	if token == "" {
		token = body.IterationToken
	}
	start := 0
	if token != "" {
		b, err := base64.RawURLEncoding.DecodeString(token)
		if n, perr := strconv.Atoi(string(b)); err != nil || perr != nil || n < 0 {
			writeError(w, r, http.StatusBadRequest, "invalid iteration_token")
			return
		} else {
			start = min(n, len(entries))
		}
	}
	end := min(start+per, len(entries))
	items := []any{}
	for _, e := range entries[start:end] {
		info, err := e.Info()
		if err != nil {
			continue
		}
		typ, size := "file", info.Size()
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			typ = "symbolic_link"
		case info.IsDir():
			typ, size = "directory", 0
		}
		items = append(items, obj{"basename": e.Name(), "path": strings.TrimSuffix(rel, "/") + "/" + e.Name(), "type": typ,
			"size": strconv.FormatInt(size, 10), "mtime": stamp(info.ModTime()),
			"permissions": []any{obj{"name": "view"}, obj{"name": "edit"}, obj{"name": "delete"}}})
	}
	if end < len(entries) {
		w.Header().Set("X-Aspera-Next-Iteration-Token", base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))))
	}
	writeJSON(w, 200, obj{"items": items, "item_count": len(items), "path": rel, "basename": path.Base(rel)})
}

func (s *Server) browsePackage(w http.ResponseWriter, r *http.Request, c caller) {
	p, ok := s.findPackage(w, r, c)
	if !ok {
		return
	}
	if b := r.PathValue("box"); b != "received" && b != "sent" {
		writeError(w, r, http.StatusNotFound, "no files box "+b)
		return
	}
	browseDir(w, r, s.dir(p))
}

// browseNode lists a folder of a node (admin): node 1 is the embedded node, its root the
// simulator's.
func (s *Server) browseNode(w http.ResponseWriter, r *http.Request, c caller) {
	if r.PathValue("id") != s.nodeID() {
		writeError(w, r, http.StatusNotFound, "no node "+r.PathValue("id"))
		return
	}
	browseDir(w, r, s.root)
}

// remoteTransfer fills a package from a shared folder: the paths are copied into the
// package's folder at once, as a completed remote transfer.
func (s *Server) remoteTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	p, ok := s.findPackage(w, r, c)
	if !ok {
		return
	}
	if sent, _ := s.visible(c, p); !sent {
		writeError(w, r, http.StatusForbidden, "only the sender fills a package")
		return
	}
	sf := s.sharedFolder(r.URL.Query().Get("shared_folder_id"))
	if sf == nil {
		writeError(w, r, http.StatusBadRequest, "invalid shared_folder_id "+r.URL.Query().Get("shared_folder_id"))
		return
	}
	paths, ok := s.packagePaths(w, r, p)
	if !ok {
		return
	}
	var total int64
	var names []string
	for _, src := range paths {
		rel := path.Clean("/" + src)
		b, err := os.ReadFile(filepath.Join(s.folderOf(sf), filepath.FromSlash(rel)))
		if err != nil {
			writeError(w, r, http.StatusBadRequest, "no file "+src+" in the shared folder")
			return
		}
		if err := os.WriteFile(filepath.Join(s.dir(p), path.Base(rel)), b, 0o644); err != nil {
			writeError(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		total += int64(len(b))
		names = append(names, path.Base(rel))
	}
	s.mu.Lock()
	p.expected = names
	s.mu.Unlock()
	now := stamp(time.Now())
	writeJSON(w, http.StatusCreated, obj{"user": c.user.name, "transfer_id": randomHex(8), "bytes_transferred": total,
		"percentage": 100, "status": "completed", "start_time": now, "stop_time": now, "direction": "receive"})
}

// packagePaths reads the paths of a request that fills package p ({"paths": [...]}, required)
// and makes the package's folder; false when it answered an error.
func (s *Server) packagePaths(w http.ResponseWriter, r *http.Request, p *pkg) ([]string, bool) {
	var body struct {
		Paths []string `json:"paths"`
	}
	if !readJSON(w, r, &body) {
		return nil, false
	}
	if len(body.Paths) == 0 {
		writeError(w, r, http.StatusBadRequest, "paths is required")
		return nil, false
	}
	if err := os.MkdirAll(s.dir(p), 0o755); err != nil {
		writeError(w, r, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	return body.Paths, true
}
