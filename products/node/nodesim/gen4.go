package nodesim

import (
	"encoding/base64"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"time"
)

// byID returns the node path of the {id} of the request, checked against the caller's root.
func (s *Server) byID(w http.ResponseWriter, r *http.Request, c caller) (string, string, bool) {
	np, ok := s.tree.pathOf(r.PathValue("id"))
	if !ok || !within(np, c.base()) {
		s.writeError(w, 404, "no file with id "+r.PathValue("id"))
		return "", "", false
	}
	full, err := s.tree.local("/", np, false)
	if err != nil {
		status, msg := fsError(err)
		s.writeError(w, status, msg)
		return "", "", false
	}
	if _, err := os.Lstat(full); err != nil {
		s.writeError(w, 404, "no file with id "+r.PathValue("id"))
		return "", "", false
	}
	return np, full, true
}

// gen4Entry describes an entry the way the files-by-id API does.
func (s *Server) gen4Entry(c caller, np, full string) map[string]any {
	e := map[string]any{"id": s.tree.id(np), "name": path.Base(np), "path": "/" + relTo(np, c.base()),
		"access_level": "edit", "access_levels": []any{"list", "read", "write", "delete", "mkdir", "rename"}}
	if np == c.base() {
		e["name"] = "/"
		e["path"] = "/"
	}
	info, err := os.Lstat(full)
	if err != nil {
		return e
	}
	e["modified_time"] = info.ModTime().UTC().Format(time.RFC3339)
	e["size"] = info.Size()
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		e["type"] = "link"
	case info.IsDir():
		e["type"] = "folder"
		e["size"] = int64(0)
	default:
		e["type"] = "file"
	}
	return e
}

func relTo(np, base string) string {
	rel := np[len(clean(base)):]
	if clean(base) == "/" {
		rel = np
	}
	return trimSlash(rel)
}

func trimSlash(s string) string {
	for len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	return s
}

func (s *Server) fileByID(w http.ResponseWriter, r *http.Request, c caller) {
	if np, full, ok := s.byID(w, r, c); ok {
		writeJSON(w, 200, s.gen4Entry(c, np, full))
	}
}

func (s *Server) listByID(w http.ResponseWriter, r *http.Request, c caller) {
	np, full, ok := s.byID(w, r, c)
	if !ok {
		return
	}
	if info, err := os.Stat(full); err != nil || !info.IsDir() {
		s.writeError(w, 400, "not a folder")
		return
	}
	names, err := s.tree.names(full)
	if err != nil {
		s.writeError(w, 500, err.Error())
		return
	}
	if name := r.URL.Query().Get("name"); name != "" {
		names = filterNames(names, name)
	}
	page, per := pageParams(r, 1000)
	from, to := min((page-1)*per, len(names)), min(page*per, len(names))
	out := make([]any, 0, to-from)
	for _, name := range names[from:to] {
		out = append(out, s.gen4Entry(c, path.Join(np, name), filepath.Join(full, name)))
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(len(names)))
	writeJSON(w, 200, out)
}

func filterNames(names []string, name string) []string {
	for _, n := range names {
		if n == name {
			return []string{n}
		}
	}
	return nil
}

func (s *Server) createByID(w http.ResponseWriter, r *http.Request, c caller) {
	np, full, ok := s.byID(w, r, c)
	if !ok {
		return
	}
	var req struct {
		Name     string `json:"name"`
		Type     string `json:"type"`
		Contents string `json:"contents"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	if req.Name == "" || req.Name != path.Base(req.Name) || req.Name == ".." || req.Name == "." {
		s.writeError(w, 400, "invalid name "+strconv.Quote(req.Name))
		return
	}
	child, cfull := path.Join(np, req.Name), filepath.Join(full, req.Name)
	var err error
	switch req.Type {
	case "folder":
		err = os.Mkdir(cfull, 0o755)
	case "file":
		var data []byte
		if data, err = base64.StdEncoding.DecodeString(req.Contents); err == nil {
			var f *os.File
			if f, err = os.OpenFile(cfull, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err == nil {
				_, err = f.Write(data)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
		}
	default:
		s.writeError(w, 400, "type must be folder or file")
		return
	}
	if err != nil {
		status, msg := fsError(err)
		if status == 500 || status == 403 {
			status = 400
		}
		s.writeError(w, status, msg)
		return
	}
	s.created(c, child, cfull)
	e := s.gen4Entry(c, child, cfull)
	writeJSON(w, 200, map[string]any{"id": e["id"], "name": e["name"], "type": e["type"], "size": e["size"], "modified_time": e["modified_time"]})
}

func (s *Server) modifyByID(w http.ResponseWriter, r *http.Request, c caller) {
	np, full, ok := s.byID(w, r, c)
	if !ok {
		return
	}
	var req struct {
		Name string `json:"name"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	if req.Name != "" {
		if req.Name != path.Base(req.Name) || req.Name == ".." || np == c.base() {
			s.writeError(w, 400, "invalid name "+strconv.Quote(req.Name))
			return
		}
		dest := filepath.Join(filepath.Dir(full), req.Name)
		if _, err := os.Lstat(dest); err == nil {
			s.writeError(w, 400, req.Name+" exists")
			return
		}
		if err := os.Rename(full, dest); err != nil {
			s.writeError(w, 500, err.Error())
			return
		}
		s.renamed(c, np, path.Join(path.Dir(np), req.Name), dest)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteByID(w http.ResponseWriter, r *http.Request, c caller) {
	np, full, ok := s.byID(w, r, c)
	if !ok {
		return
	}
	if np == c.base() {
		s.writeError(w, 404, "the root of an access key cannot be deleted")
		return
	}
	if err := os.RemoveAll(full); err != nil {
		s.writeError(w, 500, err.Error())
		return
	}
	s.deleted(c, np)
	w.WriteHeader(http.StatusNoContent)
}
