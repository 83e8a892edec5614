package faspex5sim

import (
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"os"
)

// File processing: with the configuration's file_processing_enabled, each file of a package
// made since it was enabled waits (to_be_processed) until an external processor takes it (POST /file_processing: it
// becomes processing) and reports its status (PUT /file_processing); without, files are
// processing_completed.

func (s *Server) processingRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+API+"/packages/{id}/file_statuses", s.admin(s.fileStatuses))
	mux.HandleFunc("POST "+API+"/file_processing", s.admin(s.nextFiles))
	mux.HandleFunc("PUT "+API+"/file_processing", s.admin(s.setFileStatuses))
}

// files returns the processing views of the files of a package (s.mu held).
func (s *Server) files(p *pkg) []obj {
	entries, _ := os.ReadDir(s.dir(p))
	var out []obj
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		sum := sha1.Sum([]byte(p.id + "/" + e.Name()))
		id := hex.EncodeToString(sum[:])
		status, ok := s.set.processing[id]
		if !ok {
			status = "processing_completed"
			if s.set.config["file_processing_enabled"] == true && !p.created.Before(s.set.processingSince) {
				status = "to_be_processed"
			}
		}
		out = append(out, obj{"id": id, "node_id": s.nodeID(), "status": status, "path": nodePath(p) + "/" + e.Name(), "file_name": e.Name()})
	}
	return out
}

func (s *Server) fileStatuses(w http.ResponseWriter, r *http.Request, c caller) {
	p, ok := s.findPackage(w, r, c)
	if !ok {
		return
	}
	s.mu.Lock()
	items := s.files(p)
	s.mu.Unlock()
	pageOf(w, r, "files", items)
}

// nextFiles hands the files waiting for processing to the caller: they become processing.
func (s *Server) nextFiles(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	var items []obj
	for _, p := range s.packages {
		for _, f := range s.files(p) {
			if f["status"] == "to_be_processed" {
				f["status"] = "processing"
				s.set.processing[f["id"].(string)] = "processing"
				items = append(items, f)
			}
		}
	}
	s.mu.Unlock()
	pageOf(w, r, "files", items)
}

// setFileStatuses records the statuses an external processor reports; unknown files are
// errors of a 207 answer.
func (s *Server) setFileStatuses(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Files []struct {
			ID      string `json:"id"`
			Status  string `json:"status"`
			Message string `json:"message"`
		} `json:"files"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if len(body.Files) == 0 {
		writeError(w, r, http.StatusBadRequest, "files is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	known := map[string]obj{}
	for _, p := range s.packages {
		for _, f := range s.files(p) {
			known[f["id"].(string)] = f
		}
	}
	updated, errs := []any{}, []any{}
	for _, f := range body.Files {
		o, ok := known[f.ID]
		if !ok {
			errs = append(errs, obj{"id": f.ID, "code": "not_found", "message": "no file " + f.ID})
			continue
		}
		s.set.processing[f.ID] = f.Status
		o["status"] = f.Status
		if f.Message != "" {
			o["message"] = f.Message
		}
		updated = append(updated, o)
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusMultiStatus
	}
	writeJSON(w, status, obj{"files": updated, "errors": errs})
}
