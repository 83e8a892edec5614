package nodesim

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// The node's central API (/services/rest/transfers/v1, Aspera Central's "reliable query"),
// which the Node API document does not describe: sessions and file transfers, read from the
// simulator's jobs, shaped as the IBM aspera-cli sources read them (session_info_result.
// session_info, file_transfer_info_result.file_transfer_info) with the filters of Central's
// documentation (iteration_token, max_results, session_uuid, status). An iteration token is
// a log position, as in /ops/transfers; "CURRENT_POSITION" is the present (nothing yet).

// centralFilter is a session_filter or a file_filter.
type centralFilter struct {
	IterationToken string   `json:"iteration_token"`
	MaxResults     int      `json:"max_results"`
	SessionUUID    []string `json:"session_uuid"`
	Status         []string `json:"status"`
}

type centralRequest struct {
	SessionFilter centralFilter  `json:"session_filter"`
	FileFilter    centralFilter  `json:"file_filter"`
	Validation    map[string]any `json:"validation"`
}

// sessionUUID is the session id Central gives a job.
func sessionUUID(j *job) string {
	return fmt.Sprintf("%s-0000-4000-8000-%012x", j.id[:8], j.start.UnixMicro()&0xffffffffffff)
}

// centralStatus is a job status in Central's words.
func centralStatus(status string) string {
	switch status {
	case "waiting", "running":
		return "running"
	case "failed":
		return "error"
	case "canceled":
		return "cancelled"
	}
	return status
}

func (s *Server) centralSession(j *job) map[string]any {
	dir := "outgoing"
	if direction(j) == "receive" {
		dir = "incoming"
	}
	v := map[string]any{"session_uuid": sessionUUID(j), "status": centralStatus(j.status), "transport": "fasp",
		"direction": dir, "bytes_transferred": j.bytes, "files_complete": len(j.files), "transfer_id": j.id,
		"start_time": j.start.UTC().Format(time.RFC3339), "client_address": s.cfg.Host, "server_address": s.cfg.Host}
	if !j.end.IsZero() {
		v["end_time"] = j.end.UTC().Format(time.RFC3339)
	}
	if c, ok := j.spec["cookie"].(string); ok {
		v["cookie"] = c
	}
	if j.status == "failed" {
		v["error_desc"] = j.errDesc
	}
	return v
}

// centralJobs returns the caller's jobs after the filter's position that pass it, in log
// order, and the position reached (s.mu held).
func (s *Server) centralJobs(c caller, f centralFilter, status func(*job) string) ([]*job, int64, error) {
	var from int64
	switch f.IterationToken {
	case "":
	case "CURRENT_POSITION":
		return nil, s.seq, nil
	default:
		var err error
		if from, err = strconv.ParseInt(f.IterationToken, 10, 64); err != nil {
			return nil, 0, fmt.Errorf("iteration_token %q is not one this node gave", f.IterationToken)
		}
	}
	limit := f.MaxResults
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	jobs := append([]*job(nil), s.transfers...)
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].seq < jobs[b].seq })
	var out []*job
	pos, full := from, false
	for _, j := range jobs {
		if j.seq <= from {
			continue
		}
		if len(out) == limit {
			full = true
			break
		}
		pos = j.seq
		if !visible(j, c, "") || (len(f.SessionUUID) > 0 && !contains(f.SessionUUID, sessionUUID(j))) ||
			(len(f.Status) > 0 && !contains(f.Status, status(j))) {
			continue
		}
		out = append(out, j)
	}
	if !full {
		pos = max(pos, s.seq)
	}
	return out, pos, nil
}

func (s *Server) centralSessions(w http.ResponseWriter, r *http.Request, c caller) {
	var req centralRequest
	if !readJSON(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	jobs, pos, err := s.centralJobs(c, req.SessionFilter, func(j *job) string { return centralStatus(j.status) })
	if err != nil {
		s.writeError(w, 400, err.Error())
		return
	}
	out := []any{}
	for _, j := range jobs {
		out = append(out, s.centralSession(j))
	}
	writeJSON(w, 200, map[string]any{"session_info_result": map[string]any{"session_info": out,
		"iteration_token": strconv.FormatInt(pos, 10)}})
}

func (s *Server) centralFiles(w http.ResponseWriter, r *http.Request, c caller) {
	var req centralRequest
	if !readJSON(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := req.FileFilter
	statuses := f.Status
	f.Status = nil // a file filter's status applies to files
	jobs, pos, err := s.centralJobs(c, f, func(j *job) string { return centralStatus(j.status) })
	if err != nil {
		s.writeError(w, 400, err.Error())
		return
	}
	out := []any{}
	for _, j := range jobs {
		for i, file := range j.files {
			st := centralStatus(fmt.Sprint(file["status"]))
			if len(statuses) > 0 && !contains(statuses, st) {
				continue
			}
			size, _ := file["size"].(int64)
			v := map[string]any{"session_uuid": sessionUUID(j), "file_id": fmt.Sprintf("%s-%d", j.id, i+1), "status": st,
				"path": file["path"], "size": size, "bytes_transferred": size, "start_time": j.start.UTC().Format(time.RFC3339)}
			if !j.end.IsZero() {
				v["end_time"] = j.end.UTC().Format(time.RFC3339)
			}
			out = append(out, v)
		}
	}
	writeJSON(w, 200, map[string]any{"file_transfer_info_result": map[string]any{"file_transfer_info": out,
		"iteration_token": strconv.FormatInt(pos, 10)}})
}

func (s *Server) centralRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /services/rest/transfers/v1/sessions", s.asNodeUser(s.centralSessions))
	mux.HandleFunc("POST /services/rest/transfers/v1/files", s.asNodeUser(s.centralFiles))
}
