package nodesim

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// The services the Node API document does not describe, shaped as the IBM aspera-cli sources
// use them: the run daemon's services (/rund/services), watch folders (/v3/watchfolders, which
// need their version header) and FASPStream streams (/streams, listed in /ops/transfers). They
// are kept in memory; none of them runs anything.

// WatchfolderVersion is the value of the X-Aspera-WF-Version header /v3/watchfolders needs.
const WatchfolderVersion = "2017_10_23"

func (s *Server) serviceRoutes(mux *http.ServeMux) {
	user := s.asNodeUser
	mux.HandleFunc("GET /rund/services", user(s.listServices))
	mux.HandleFunc("POST /rund/services", user(s.createService))
	mux.HandleFunc("GET /rund/services/{id}", user(s.showService))
	mux.HandleFunc("DELETE /rund/services/{id}", user(s.deleteService))
	mux.HandleFunc("GET /v3/watchfolders", user(s.wfVersion(s.listWatchFolders)))
	mux.HandleFunc("POST /v3/watchfolders", user(s.wfVersion(s.createWatchFolder)))
	mux.HandleFunc("GET /v3/watchfolders/{id}", user(s.wfVersion(s.showWatchFolder)))
	mux.HandleFunc("PUT /v3/watchfolders/{id}", user(s.wfVersion(s.modifyWatchFolder)))
	mux.HandleFunc("DELETE /v3/watchfolders/{id}", user(s.wfVersion(s.deleteWatchFolder)))
	mux.HandleFunc("GET /v3/watchfolders/{id}/state", user(s.wfVersion(s.watchFolderState)))
	mux.HandleFunc("POST /streams", s.authAny(s.createStream))
	mux.HandleFunc("PUT /streams/{id}", s.authAny(s.modifyTransfer))
	mux.HandleFunc("CANCEL /streams/{id}", s.authAny(s.cancelTransfer))
}

// only the node user manages services and watch folders
func nodeUserOnly(w http.ResponseWriter, s *Server, c caller) bool {
	if c.key != nil {
		s.writeError(w, http.StatusForbidden, "only the node user manages services and watch folders")
		return false
	}
	return true
}

func (s *Server) listServices(w http.ResponseWriter, r *http.Request, c caller) {
	if !nodeUserOnly(w, s, c) {
		return
	}
	s.mu.Lock()
	out := sortedValues(s.services)
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"services": out})
}

func sortedValues(m map[string]map[string]any) []any {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = m[id]
	}
	return out
}

// createService creates a service: type is required (e.g. WATCHFOLDERD, WATCHD), id is made
// when not given.
func (s *Server) createService(w http.ResponseWriter, r *http.Request, c caller) {
	if !nodeUserOnly(w, s, c) {
		return
	}
	var def map[string]any
	if !readJSON(w, r, &def) {
		return
	}
	if t, _ := def["type"].(string); t == "" {
		s.writeError(w, 400, "a service needs a type (e.g. WATCHFOLDERD)")
		return
	}
	def["type"] = strings.ToUpper(def["type"].(string))
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := def["id"].(string)
	if id == "" {
		s.serviceCount++
		id = fmt.Sprintf("%s_%d", strings.ToLower(def["type"].(string)), s.serviceCount)
	}
	if _, dup := s.services[id]; dup {
		s.writeError(w, 409, "service "+id+" exists")
		return
	}
	def["id"] = id
	if def["status"] == nil {
		def["status"] = "running"
	}
	s.services[id] = def
	writeJSON(w, 200, map[string]any{"id": id})
}

func (s *Server) showService(w http.ResponseWriter, r *http.Request, c caller) {
	if !nodeUserOnly(w, s, c) {
		return
	}
	s.mu.Lock()
	def := s.services[r.PathValue("id")]
	s.mu.Unlock()
	if def == nil {
		s.writeError(w, 404, "no service "+r.PathValue("id"))
		return
	}
	writeJSON(w, 200, def)
}

func (s *Server) deleteService(w http.ResponseWriter, r *http.Request, c caller) {
	if !nodeUserOnly(w, s, c) {
		return
	}
	s.mu.Lock()
	_, ok := s.services[r.PathValue("id")]
	delete(s.services, r.PathValue("id"))
	s.mu.Unlock()
	if !ok {
		s.writeError(w, 404, "no service "+r.PathValue("id"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// wfVersion refuses a watch folder request without the version header, as a node does.
func (s *Server) wfVersion(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		if !nodeUserOnly(w, s, c) {
			return
		}
		if r.Header.Get("X-Aspera-Wf-Version") != WatchfolderVersion {
			s.writeError(w, 400, "Unable to convert 2016_09_14 configuration: send the header X-aspera-WF-version: "+WatchfolderVersion)
			return
		}
		h(w, r, c)
	}
}

func (s *Server) listWatchFolders(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	ids := make([]any, 0, len(s.watchfolders))
	for _, wf := range sortedValues(s.watchfolders) {
		ids = append(ids, wf.(map[string]any)["id"])
	}
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"ids": ids})
}

// createWatchFolder creates a watch folder: source_dir and target_dir are required.
func (s *Server) createWatchFolder(w http.ResponseWriter, r *http.Request, c caller) {
	var def map[string]any
	if !readJSON(w, r, &def) {
		return
	}
	for _, k := range []string{"source_dir", "target_dir"} {
		if v, _ := def[k].(string); v == "" {
			s.writeError(w, 400, "a watch folder needs "+k)
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wfCount++
	id := fmt.Sprintf("%08x-5e55-4000-8000-%012d", s.wfCount, s.wfCount)
	def["id"] = id
	s.watchfolders[id] = def
	writeJSON(w, 200, map[string]any{"id": id})
}

// watchFolder returns the watch folder of the request, or answers 404 (s.mu held).
func (s *Server) watchFolder(w http.ResponseWriter, r *http.Request) map[string]any {
	wf := s.watchfolders[r.PathValue("id")]
	if wf == nil {
		s.writeError(w, 404, "no watch folder "+r.PathValue("id"))
	}
	return wf
}

func (s *Server) showWatchFolder(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if wf := s.watchFolder(w, r); wf != nil {
		writeJSON(w, 200, wf)
	}
}

// modifyWatchFolder merges the change into the watch folder (its id stays).
func (s *Server) modifyWatchFolder(w http.ResponseWriter, r *http.Request, c caller) {
	var change map[string]any
	if !readJSON(w, r, &change) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if wf := s.watchFolder(w, r); wf != nil {
		for k, v := range change {
			if k != "id" {
				wf[k] = v
			}
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) deleteWatchFolder(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if wf := s.watchFolder(w, r); wf != nil {
		delete(s.watchfolders, r.PathValue("id"))
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) watchFolderState(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if wf := s.watchFolder(w, r); wf != nil {
		writeJSON(w, 200, map[string]any{"id": wf["id"], "state": "running", "healthy": true, "files_pending": 0})
	}
}

// createStream starts a FASPStream: a job listed in /ops/transfers that runs until canceled
// (CANCEL /streams/{id} or /ops/transfers/{id}); the simulator moves no data.
func (s *Server) createStream(w http.ResponseWriter, r *http.Request, c caller) {
	var spec map[string]any
	if !readJSON(w, r, &spec) {
		return
	}
	for _, k := range []string{"direction", "remote_host"} {
		if spec[k] == nil {
			s.writeError(w, 400, "a stream needs "+k)
			return
		}
	}
	_, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	j := s.newJob(kindStream, spec, c)
	j.cancel, j.status = cancel, "running"
	s.touch(j)
	s.jobEvent(j, "started")
	answer := startAnswer(j)
	s.mu.Unlock()
	writeJSON(w, 200, answer)
}
