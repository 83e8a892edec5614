package nodesim

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

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

// logPosition reads the position of a log listing (/events, /ops/transfers): after
// iteration_token (default 0), at most count items (default 100).
func logPosition(q url.Values) (from int64, count int) {
	from, _ = strconv.ParseInt(q.Get("iteration_token"), 10, 64)
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count <= 0 {
		count = 100
	}
	return from, count
}

// logPage returns the page of a log after from: the views of at most count items that keep
// accepts, in seq order (items are sorted by seq), and the position reached: the seq of the
// last item looked at, or last (the log's end) when the page is not full, so that the next
// call gets what changed since.
func logPage[T any](items []T, seq func(T) int64, from int64, count int, last int64, keep func(T) (any, bool)) ([]any, int64) {
	out := []any{}
	pos := from
	for _, it := range items {
		if seq(it) <= from {
			continue
		}
		if len(out) == count {
			return out, pos
		}
		pos = seq(it)
		if v, ok := keep(it); ok {
			out = append(out, v)
		}
	}
	return out, max(pos, last)
}

// writeLogPage answers a page of a log listing with the Link of its next page: the same
// query at the position reached.
func writeLogPage(w http.ResponseWriter, route string, q url.Values, pos int64, out []any) {
	next := url.Values{}
	for k, v := range q {
		next[k] = v
	}
	next.Set("iteration_token", strconv.FormatInt(pos, 10))
	w.Header().Set("Link", fmt.Sprintf(`<%s?%s>; rel="next"`, route, next.Encode()))
	writeJSON(w, 200, out)
}
