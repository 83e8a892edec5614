package nodesim

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"time"
)

// asyncSession is a session of the legacy /async API. The simulator runs no async: it records
// each ended job of /ops/transfers as a stopped session (push for a send, pull for a receive)
// whose files are the job's, so that the async commands have data offline. Its records carry
// the fields of the async database's tables (api/schema/node-async-tables.yaml: meta for a
// summary, counters, file_info for a file) and those the IBM aspera-cli sources read (snid,
// name, local_dir, remote_dir; fnid, filename).
type asyncSession struct {
	snid                      int
	owner                     string
	name, uuid                string
	local, remote, rhost, dir string
	start, stop               time.Time
	files                     []map[string]any
}

// sync states of the file_info table
const (
	stateSyncd = 19
	stateError = 20
)

// recordAsync records the async session of an ended client job (s.mu held).
func (s *Server) recordAsync(j *job) {
	if j.kind != kindClient {
		return
	}
	s.asyncCount++
	a := &asyncSession{snid: s.asyncCount, owner: j.owner, start: j.start, stop: j.end, files: j.files,
		uuid: fmt.Sprintf("5e55%04x-0000-4000-8000-%012x", s.asyncCount, j.start.UnixMicro())}
	a.name, _ = j.spec["cookie"].(string)
	if a.name == "" {
		a.name = "transfer_" + j.id
	}
	a.rhost, _ = j.spec["remote_host"].(string)
	src, _ := j.spec["source_root"].(string)
	dst, _ := j.spec["destination_root"].(string)
	a.local, a.remote, a.dir = s.shown(src, j.base), s.shown(dst, j.base), "push"
	if direction(j) == "receive" {
		a.local, a.remote, a.dir = a.remote, a.local, "pull"
	}
	j.snid = a.snid
	s.asyncs = append(s.asyncs, a)
}

func (a *asyncSession) counts() (synced, failed int, bytes int64) {
	for _, f := range a.files {
		if f["status"] == "completed" {
			synced++
			if n, ok := f["size"].(int64); ok {
				bytes += n
			}
		} else {
			failed++
		}
	}
	return synced, failed, bytes
}

func (a *asyncSession) summary() map[string]any {
	synced, _, bytes := a.counts()
	return map[string]any{
		"snid": a.snid, "name": a.name, "local_dir": a.local, "remote_dir": a.remote, "status": "stopped",
		"dbversion": "1.0", "pairname": a.name, "ldir": a.local, "rhost": a.rhost, "rdir": a.remote, "direction": a.dir,
		"checksum": "none", "start_time": a.start.UTC().Format(time.RFC3339), "stop_time": a.stop.UTC().Format(time.RFC3339),
		"condition": "stopped", "sync_uuid": a.uuid, "path_synced": synced, "byte_synced": bytes, "file_synced": synced,
		"path_peerxfer": 0, "byte_peerxfer": 0, "file_peerxfer": 0, "path_xferres": 0, "byte_xferres": 0, "file_xferres": 0,
	}
}

func (a *asyncSession) counters() map[string]any {
	synced, failed, _ := a.counts()
	return map[string]any{"syncd": synced, "conflict": 0, "potential_conflict": 0, "error": failed, "pending": 0, "unused": 0,
		"files_syncd": synced, "files_conflict": 0, "files_potential_conflict": 0, "files_error": failed, "files_pending": 0}
}

// fileRows returns the session's files as file_info rows, filtered by the request of
// /async/files: filename (a glob on the path or its name), status (a state), skip and count.
func (a *asyncSession) fileRows(req asyncRequest) []any {
	out := []any{}
	skipped := 0
	for i, f := range a.files {
		p, _ := f["path"].(string)
		state := stateSyncd
		msg := ""
		if f["status"] != "completed" {
			state, msg = stateError, "transfer failed"
		}
		if req.Filename != "" {
			okPath, _ := path.Match(req.Filename, p)
			okName, _ := path.Match(req.Filename, path.Base(p))
			if !okPath && !okName {
				continue
			}
		}
		if req.Status != nil && *req.Status != state {
			continue
		}
		if skipped < req.Skip {
			skipped++
			continue
		}
		if req.Count > 0 && len(out) >= req.Count {
			break
		}
		size, _ := f["size"].(int64)
		out = append(out, map[string]any{"fnid": i + 1, "filename": p, "size": size, "status": state,
			"record_id": i + 1, "state": state, "c_meta_path": p, "f_meta_path": p, "c_cont_size": size, "f_cont_size": size,
			"message": msg})
	}
	return out
}

// asyncRequest is the body of the POST /async/* requests: syncs holds ids, as numbers or
// strings (the IBM aspera-cli sources send both).
type asyncRequest struct {
	Syncs    []any  `json:"syncs"`
	Filename string `json:"filename"`
	Status   *int   `json:"status"`
	Skip     int    `json:"skip"`
	Count    int    `json:"count"`
}

// sessions returns the caller's sessions of the request's ids, in the order asked; an id
// that is not a number is a 400, an unknown one is left out.
func (s *Server) sessions(w http.ResponseWriter, r *http.Request, c caller) ([]*asyncSession, asyncRequest, bool) {
	var req asyncRequest
	if !readJSON(w, r, &req) {
		return nil, req, false
	}
	var out []*asyncSession
	for _, v := range req.Syncs {
		id, err := strconv.Atoi(fmt.Sprint(v))
		if err != nil {
			s.writeError(w, 400, fmt.Sprintf("syncs: %v is not a sync id", v))
			return nil, req, false
		}
		for _, a := range s.asyncs {
			if a.snid == id && (c.key == nil || a.owner == c.key.id) {
				out = append(out, a)
			}
		}
	}
	return out, req, true
}

func (s *Server) asyncList(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	ids := []any{}
	for _, a := range s.asyncs {
		if c.key == nil || a.owner == c.key.id {
			ids = append(ids, a.snid)
		}
	}
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"sync_ids": ids})
}

// asyncEach answers a POST /async/* request with key and, for each session asked, what one
// gives: a list of records (summary), or a map of the session id to its records.
func (s *Server) asyncEach(key string, byID bool, one func(*asyncSession, asyncRequest) any) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		s.mu.Lock()
		defer s.mu.Unlock()
		list, req, ok := s.sessions(w, r, c)
		if !ok {
			return
		}
		out := []any{}
		m := map[string]any{}
		for _, a := range list {
			if byID {
				m[strconv.Itoa(a.snid)] = one(a, req)
			} else {
				out = append(out, one(a, req))
			}
		}
		if byID && len(m) > 0 {
			out = append(out, m)
		}
		writeJSON(w, 200, map[string]any{key: out})
	}
}

func (s *Server) asyncDelete(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list, _, ok := s.sessions(w, r, c)
	if !ok {
		return
	}
	deleted := []any{}
	for _, a := range list {
		for i, b := range s.asyncs {
			if a == b {
				s.asyncs = append(s.asyncs[:i], s.asyncs[i+1:]...)
				deleted = append(deleted, a.snid)
				break
			}
		}
	}
	writeJSON(w, 200, map[string]any{"syncs": deleted})
}

func (s *Server) asyncRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /async/list", s.authAny(s.asyncList))
	mux.HandleFunc("POST /async/summary", s.authAny(s.asyncEach("sync_summaries", false,
		func(a *asyncSession, _ asyncRequest) any { return a.summary() })))
	mux.HandleFunc("POST /async/counters", s.authAny(s.asyncEach("sync_counters", true,
		func(a *asyncSession, _ asyncRequest) any { return []any{a.counters()} })))
	mux.HandleFunc("POST /async/files", s.authAny(s.asyncEach("sync_files", true,
		func(a *asyncSession, req asyncRequest) any { return a.fileRows(req) })))
	mux.HandleFunc("POST /async/delete", s.authAny(s.asyncDelete))
}
