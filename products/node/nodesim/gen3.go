package nodesim

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func (s *Server) info(w http.ResponseWriter, r *http.Request, c caller) {
	writeJSON(w, 200, map[string]any{
		"application": "node", "version": "4.4.6.0-simulator", "current_time": time.Now().UTC().Format(time.RFC3339),
		"transfer_user": transferUser, "docroot": "file:///", "node_id": "simulator", "os": "simulated",
		"capabilities": []any{map[string]any{"name": "sync", "value": "true"}},
		"settings":     []any{map[string]any{"name": "wss_enabled", "value": "false"}, map[string]any{"name": "wss_port", "value": "443"}},
	})
}

// existing returns the local path and information of the node path p of the caller, or
// answers the error: 400 for a path that leaves the served folder, 404 for a path that does
// not exist (as a node answers), 500 otherwise; op names the operation in the message.
func (s *Server) existing(w http.ResponseWriter, c caller, op, p string) (string, fs.FileInfo, bool) {
	full, err := s.tree.local(c.base(), p, true)
	var info fs.FileInfo
	if err == nil {
		info, err = os.Stat(full)
	}
	switch {
	case err == nil:
		return full, info, true
	case errors.Is(err, errOutside):
		s.writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		s.writeError(w, http.StatusNotFound, op+" "+clean(p)+": no such file or directory")
	default:
		s.writeError(w, http.StatusInternalServerError, op+" "+clean(p)+": "+err.Error())
	}
	return "", nil, false
}

type pathReq struct {
	Path            string         `json:"path"`
	Type            string         `json:"type"`
	Contents        string         `json:"contents"`
	Target          map[string]any `json:"target"`
	Source          string         `json:"source"`
	Destination     string         `json:"destination"`
	RecursiveDelete *bool          `json:"recursive_delete"`
}

func (s *Server) space(w http.ResponseWriter, r *http.Request, c caller) {
	var req struct{ Paths []pathReq }
	if !readJSON(w, r, &req) {
		return
	}
	out := []any{}
	for _, p := range req.Paths {
		full, _, ok := s.existing(w, c, "space", p.Path)
		if !ok {
			return
		}
		var st syscall.Statfs_t
		if err := syscall.Statfs(full, &st); err != nil {
			s.writeError(w, 400, "space "+p.Path+": "+err.Error())
			return
		}
		total, free := int64(st.Blocks)*int64(st.Bsize), int64(st.Bavail)*int64(st.Bsize)
		out = append(out, map[string]any{"path": p.Path, "bytes_total": total, "bytes_free": free, "percent_free": float64(free) * 100 / float64(max(total, 1))})
	}
	writeJSON(w, 200, map[string]any{"paths": out})
}

// browse answers one page of a folder: self, items (count from skip), item_count, total_count.
func (s *Server) browse(w http.ResponseWriter, r *http.Request, c caller) {
	var req struct {
		Path  string `json:"path"`
		Count *int   `json:"count"`
		Skip  int    `json:"skip"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	np := clean(req.Path)
	full, info, ok := s.existing(w, c, "browse", req.Path)
	if !ok {
		return
	}
	self := s.entry(c, np, full)
	if !info.IsDir() {
		writeJSON(w, 200, map[string]any{"self": self, "items": []any{self}, "item_count": 1, "total_count": 1})
		return
	}
	names, err := s.tree.names(full)
	if err != nil {
		s.writeError(w, 500, err.Error())
		return
	}
	count := 100
	if req.Count != nil {
		count = *req.Count
	}
	from := min(max(req.Skip, 0), len(names))
	to := min(from+max(count, 0), len(names))
	items := make([]any, 0, to-from)
	for _, name := range names[from:to] {
		items = append(items, s.entry(c, path.Join(np, name), filepath.Join(full, name)))
	}
	writeJSON(w, 200, map[string]any{"self": self, "items": items, "item_count": len(items), "total_count": len(names)})
}

// entry describes the node path np (relative to the caller) at full.
func (s *Server) entry(c caller, np, full string) map[string]any {
	info, err := os.Lstat(full)
	if err != nil {
		return map[string]any{"path": np, "basename": path.Base(np), "type": "unknown"}
	}
	return entry(np, info, func() (string, bool) { return s.linkTarget(c, full) })
}

// linkTarget returns the target of the link at full as the caller's node path, the way a node
// shows it: false when it points outside what the caller sees (its local path is never shown).
func (s *Server) linkTarget(c caller, full string) (string, bool) {
	t, err := os.Readlink(full)
	if err != nil {
		return "", false
	}
	if !filepath.IsAbs(t) {
		t = filepath.Join(filepath.Dir(full), t)
	}
	np, ok := s.tree.nodePath(t)
	if !ok || !within(np, c.base()) {
		return "", false
	}
	return "/" + relTo(np, c.base()), true
}

func (s *Server) search(w http.ResponseWriter, r *http.Request, c caller) {
	var req struct {
		Path          string `json:"path"`
		Count         *int   `json:"count"`
		Skip          int    `json:"skip"`
		Name          string `json:"name"`
		CaseSensitive bool   `json:"case_sensitive"`
		Filters       struct {
			Basenames []string `json:"basenames"`
			Paths     []string `json:"paths"`
			Types     []string `json:"types"`
		} `json:"filters"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	np := clean(req.Path)
	full, _, ok := s.existing(w, c, "search", req.Path)
	if !ok {
		return
	}
	count := 1000
	if req.Count != nil {
		count = *req.Count
	}
	m := matcher{basenames: req.Filters.Basenames, paths: req.Filters.Paths, types: req.Filters.Types, fold: !req.CaseSensitive}
	if req.Name != "" {
		m.basenames = append(m.basenames, req.Name)
	}
	var found []any
	total := 0
	_ = filepath.WalkDir(full, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == full {
			return nil
		}
		rel, _ := filepath.Rel(full, p)
		item := s.entry(c, path.Join(np, filepath.ToSlash(rel)), p)
		if !m.match(item) {
			return nil
		}
		if total >= req.Skip && len(found) < count {
			found = append(found, item)
		}
		total++
		return nil
	})
	if found == nil {
		found = []any{}
	}
	params := map[string]any{"path": np, "count": count, "skip": req.Skip}
	if req.Name != "" {
		params["name"] = req.Name
	}
	writeJSON(w, 200, map[string]any{"items": found, "item_count": len(found), "total_count": total, "parameters": params})
}

// matcher is the filter of a search: glob patterns on the basename (filters.basenames, and
// the request's name) and on the path (filters.paths), and a list of types; matching ignores
// case unless case_sensitive, as on a node.
type matcher struct {
	basenames, paths, types []string
	fold                    bool
}

func (m matcher) match(item map[string]any) bool {
	if len(m.types) > 0 && !contains(m.types, item["type"].(string)) {
		return false
	}
	return m.any(m.basenames, item["basename"].(string)) && m.any(m.paths, item["path"].(string))
}

// any tells whether s matches one of the patterns (true when there are none).
func (m matcher) any(patterns []string, s string) bool {
	if len(patterns) == 0 {
		return true
	}
	if m.fold {
		s = strings.ToLower(s)
	}
	for _, g := range patterns {
		if m.fold {
			g = strings.ToLower(g)
		}
		if ok, _ := path.Match(g, s); ok {
			return true
		}
	}
	return false
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// pathError is one path's error in a gen3 answer.
func (s *Server) pathError(p string, err error) map[string]any {
	status, msg := fsError(err)
	return map[string]any{"path": p, "error": errorBody(status, s.tree.scrub(msg))["error"]}
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, c caller) {
	var req struct{ Paths []pathReq }
	if !readJSON(w, r, &req) {
		return
	}
	out := []any{}
	for _, p := range req.Paths {
		np := clean(p.Path)
		full, err := s.tree.local(c.base(), p.Path, false)
		if err == nil {
			err = s.createOne(full, c, p)
		}
		if err != nil {
			out = append(out, s.pathError(np, err))
			continue
		}
		s.created(c, path.Join(c.base(), np), full)
		out = append(out, map[string]any{"path": np})
	}
	writeJSON(w, 200, map[string]any{"paths": out})
}

func (s *Server) createOne(full string, c caller, p pathReq) error {
	switch p.Type {
	case "directory", "folder":
		return os.MkdirAll(full, 0o755)
	case "file":
		data, err := base64.StdEncoding.DecodeString(p.Contents)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	case "symbolic_link":
		target, _ := p.Target["path"].(string)
		if _, err := s.tree.local(c.base(), target, true); err != nil && !strings.Contains(err.Error(), "no such") {
			return err
		}
		rel := clean(target)
		// links are made relative to the served folder, so they never point outside
		dest := filepath.Join(s.tree.root, filepath.FromSlash(clean(path.Join(c.base(), rel))))
		relTarget, err := filepath.Rel(filepath.Dir(full), dest)
		if err != nil {
			return err
		}
		return os.Symlink(relTarget, full)
	}
	return &os.PathError{Op: "create", Path: p.Path, Err: errBadType}
}

var errBadType = simpleError("type must be directory, file or symbolic_link")

type simpleError string

func (e simpleError) Error() string { return string(e) }

func (s *Server) deletePaths(w http.ResponseWriter, r *http.Request, c caller) {
	var req struct{ Paths []pathReq }
	if !readJSON(w, r, &req) {
		return
	}
	out := []any{}
	for _, p := range req.Paths {
		np := clean(p.Path)
		full, err := s.tree.local(c.base(), p.Path, false)
		if err == nil && np == "/" { // the root of the caller is never deleted
			err = errOutside
		}
		if err == nil {
			_, err = os.Lstat(full)
		}
		if err == nil {
			err = os.RemoveAll(full)
		}
		if err != nil {
			out = append(out, s.pathError(np, err))
			continue
		}
		s.deleted(c, path.Join(c.base(), np))
		out = append(out, map[string]any{"path": np})
	}
	writeJSON(w, 200, map[string]any{"paths": out})
}

func (s *Server) rename(w http.ResponseWriter, r *http.Request, c caller) {
	var req struct{ Paths []pathReq }
	if !readJSON(w, r, &req) {
		return
	}
	out := []any{}
	for _, p := range req.Paths {
		rawSrc, rawDst := p.Path+"/"+p.Source, p.Path+"/"+p.Destination
		src, dst := clean(rawSrc), clean(rawDst)
		res := map[string]any{"path": clean(p.Path), "source": p.Source, "destination": p.Destination}
		from, err := s.tree.local(c.base(), rawSrc, false)
		if err == nil && (src == "/" || dst == "/") { // nor renamed
			err = errOutside
		}
		var to string
		if err == nil {
			to, err = s.tree.local(c.base(), rawDst, false)
		}
		if err == nil {
			if _, serr := os.Lstat(to); serr == nil {
				err = fs.ErrExist
			} else {
				err = os.Rename(from, to)
			}
		}
		if err != nil {
			status, msg := fsError(err)
			res["error"] = errorBody(status, s.tree.scrub(msg))["error"]
		} else {
			s.renamed(c, path.Join(c.base(), src), path.Join(c.base(), dst), to)
		}
		out = append(out, res)
	}
	writeJSON(w, 200, map[string]any{"paths": out})
}

func (s *Server) du(w http.ResponseWriter, r *http.Request, c caller) {
	var req pathReq
	if !readJSON(w, r, &req) {
		return
	}
	full, _, ok := s.existing(w, c, "du", req.Path)
	if !ok {
		return
	}
	var size, files, dirs, special, failed int64
	_ = filepath.WalkDir(full, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			failed++
			return nil
		}
		switch {
		case d.IsDir():
			if p != full {
				dirs++
			}
		case d.Type().IsRegular():
			files++
			if info, err := d.Info(); err == nil {
				size += info.Size()
			}
		default:
			special++
		}
		return nil
	})
	writeJSON(w, 200, map[string]any{"path": clean(req.Path), "total_size": size, "file_count": files, "dir_count": dirs,
		"special_count": special, "failed_count": failed})
}

// maxContents is the largest file /contents serves, as a node does.
const maxContents = 4 << 20

func (s *Server) contents(w http.ResponseWriter, r *http.Request, c caller) {
	np := clean(r.PathValue("path"))
	full, info, ok := s.existing(w, c, "contents", r.PathValue("path"))
	switch {
	case !ok:
		return
	case !info.Mode().IsRegular():
		s.writeError(w, 400, np+": not a file")
		return
	case info.Size() > maxContents:
		s.writeError(w, 400, np+": too large for /contents")
		return
	}
	data, err := os.ReadFile(full)
	if err != nil {
		s.writeError(w, 500, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.WriteHeader(200)
	_, _ = w.Write(data)
}
