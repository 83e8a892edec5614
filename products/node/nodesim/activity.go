package nodesim

import "net/http"

// usage sums the bytes of the ended jobs that pick: bytes_in what the node received,
// bytes_out what it sent (s.mu held).
func (s *Server) usage(pick func(*job) bool) (in, out int64, n int) {
	for _, j := range s.transfers {
		if j.running() || j.kind == kindStream || !pick(j) {
			continue
		}
		n++
		if direction(j) == "receive" {
			in += j.bytes
		} else {
			out += j.bytes
		}
	}
	return in, out, n
}

// showUsage answers GET /usage: the bytes of the caller (an access key: its own; the node
// user: every job, or those of ?access_key=).
func (s *Server) showUsage(w http.ResponseWriter, r *http.Request, c caller) {
	id, key := s.cfg.Username, r.URL.Query().Get("access_key")
	if c.key != nil {
		id = c.key.id
	} else if key != "" {
		id = key
	}
	s.mu.Lock()
	in, out, _ := s.usage(func(j *job) bool { return visible(j, c, key) })
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"id": id, "bytes_in": in, "bytes_out": out, "bytes_total": in + out})
}

// showUsageID answers GET /usage/{id}: the bytes of the jobs whose spec has that usage_id.
func (s *Server) showUsageID(w http.ResponseWriter, r *http.Request, c caller) {
	id := r.PathValue("id")
	s.mu.Lock()
	in, out, n := s.usage(func(j *job) bool { return visible(j, c, "") && j.spec["usage_id"] == id })
	s.mu.Unlock()
	if n == 0 {
		s.writeError(w, 404, "no usage for id "+id)
		return
	}
	writeJSON(w, 200, map[string]any{"id": id, "bytes_in": in, "bytes_out": out, "bytes_total": in + out})
}
