package gwtest

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// postDownload checks and records a download request and answers its id.
func (s *Server) postDownload(w http.ResponseWriter, r *http.Request) {
	var body struct {
		TransferSpec map[string]any `json:"transfer_spec"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.TransferSpec == nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "a JSON body {transfer_spec} is expected"})
		return
	}
	ts := body.TransferSpec
	tok, _ := ts["token"].(string)
	if tok == "" || (s.Opts.Token != "" && tok != s.Opts.Token) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "invalid token"})
		return
	}
	if paths, _ := ts["paths"].([]any); len(paths) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "no paths"})
		return
	}
	s.mu.Lock()
	s.nextID++
	id := fmt.Sprintf("dl-%d", s.nextID)
	s.downloads[id] = ts
	s.posted = append(s.posted, ts)
	s.mu.Unlock()
	answer := map[string]any{}
	if s.Opts.DownloadAnswer != "transfer_spec_id" {
		answer["url"] = s.Base + "/v1/download/" + id
	}
	if s.Opts.DownloadAnswer != "url" {
		answer["transfer_spec_id"] = id
	}
	writeJSON(w, http.StatusOK, answer)
}

// local returns the file of DownloadDir a source names (relative to source_root).
func (s *Server) local(root, src string) (string, error) {
	rel := strings.TrimLeft(path.Join("/", root, src), "/")
	if rel == "" {
		rel = "."
	}
	if !filepath.IsLocal(filepath.FromSlash(rel)) && rel != "." {
		return "", fmt.Errorf("%q is outside the served folder", src)
	}
	return filepath.Join(s.Opts.DownloadDir, filepath.FromSlash(rel)), nil
}

// getDownload streams the content of a recorded download: the single file, or a zip.
func (s *Server) getDownload(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ts := s.downloads[r.PathValue("id")]
	s.mu.Unlock()
	if ts == nil {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "unknown download"})
		return
	}
	root, _ := ts["source_root"].(string)
	var sources []string
	for _, p := range ts["paths"].([]any) {
		m, _ := p.(map[string]any)
		src, _ := m["source"].(string)
		sources = append(sources, src)
	}
	// one file without zip_required comes as itself; anything else (zip_required, several
	// paths, a folder) as a zip, as a gateway must (ascli expects a zip for several files)
	if zipped, _ := ts["zip_required"].(bool); !zipped && len(sources) == 1 {
		p, err := s.local(root, sources[0])
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": err.Error()})
			return
		}
		st, err := os.Stat(p)
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]any{"message": "no such file: " + sources[0]})
			return
		}
		if st.Mode().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				writeJSON(w, http.StatusNotFound, map[string]any{"message": "no such file: " + sources[0]})
				return
			}
			defer f.Close()
			w.Header().Set("Content-Type", "application/octet-stream")
			http.ServeContent(w, r, st.Name(), st.ModTime(), f)
			return
		}
	}
	name, _ := ts["download_name"].(string)
	if name == "" {
		name = "download"
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name+".zip"))
	zw := zip.NewWriter(w)
	for _, src := range sources {
		p, err := s.local(root, src)
		if err != nil {
			s.t.Errorf("gwtest: download: %v", err)
			return
		}
		prefix := path.Base(src)
		if src == "." || src == "/" {
			prefix = ""
		}
		err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(p, fp)
			if err != nil {
				return err
			}
			entry := path.Join(prefix, filepath.ToSlash(rel))
			if rel == "." {
				entry = path.Base(filepath.ToSlash(fp))
			}
			zf, err := zw.Create(entry)
			if err != nil {
				return err
			}
			f, err := os.Open(fp)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(zf, f)
			return err
		})
		if err != nil {
			s.t.Errorf("gwtest: download: zip %s: %v", src, err)
			return
		}
	}
	if err := zw.Close(); err != nil {
		s.t.Errorf("gwtest: download: %v", err)
	}
}
