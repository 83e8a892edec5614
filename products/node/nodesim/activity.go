package nodesim

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// event is an entry of the node's event log.
type event struct {
	seq   int64
	time  time.Time
	typ   string
	owner string // "" for the node user, else the access key id
	data  map[string]any
}

// maxEvents bounds the event log; the oldest events go first.
const maxEvents = 10000

// event records an event of type typ (s.mu held): it takes the next log position.
func (s *Server) event(owner string, data map[string]any, typ string) {
	s.seq++
	if len(s.events) >= maxEvents {
		s.events = append(s.events[:0], s.events[1:]...)
	}
	s.events = append(s.events, event{seq: s.seq, time: time.Now().UTC(), typ: typ, owner: owner, data: data})
}

// fileEvent records a change of the file system made through the API (s.mu not held); np is
// the caller's node path.
func (s *Server) fileEvent(c caller, typ string, data map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	owner := ""
	if c.key != nil {
		owner = c.key.id
	}
	s.event(owner, data, typ)
}

func (s *Server) eventView(e event) map[string]any {
	user := s.cfg.Username
	if e.owner != "" {
		user = e.owner
	}
	return map[string]any{"id": strconv.FormatInt(e.seq, 10), "time": e.time.Format(time.RFC3339), "user_id": user,
		"types": []any{e.typ}, "data": e.data}
}

// eventMatches applies the type filters of /events: type (transfer.started and
// transfer.ended stand for both directions) and a glob (type_glob[]).
func eventMatches(e event, typ, glob string) bool {
	if typ != "" {
		if rest, ok := strings.CutPrefix(typ, "transfer."); ok {
			if e.typ != "upload."+rest && e.typ != "download."+rest {
				return false
			}
		} else if e.typ != typ {
			return false
		}
	}
	if glob != "" {
		if ok, _ := path.Match(glob, e.typ); !ok {
			return false
		}
	}
	return true
}

// listEvents answers GET /events: the events after iteration_token (and after after_time), at
// most count (default 100), with the Link of the position reached, like /ops/transfers.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	from, _ := strconv.ParseInt(q.Get("iteration_token"), 10, 64)
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count <= 0 {
		count = 100
	}
	var after time.Time
	if v := q.Get("after_time"); v != "" {
		if after, err = time.Parse(time.RFC3339, v); err != nil {
			s.writeError(w, 400, "after_time: "+err.Error())
			return
		}
	}
	typ, glob := q.Get("type"), q.Get("type_glob[]")
	if glob == "" {
		glob = q.Get("type_glob[ ]")
	}
	s.mu.Lock()
	out := []any{}
	pos, full := from, false
	for _, e := range s.events {
		if e.seq <= from {
			continue
		}
		if len(out) == count {
			full = true
			break
		}
		pos = e.seq
		if (c.key != nil && e.owner != c.key.id) || e.time.Before(after) || !eventMatches(e, typ, glob) {
			continue
		}
		out = append(out, s.eventView(e))
	}
	if !full {
		pos = max(pos, s.seq)
	}
	s.mu.Unlock()
	next := url.Values{}
	for k, v := range q {
		next[k] = v
	}
	next.Set("iteration_token", strconv.FormatInt(pos, 10))
	w.Header().Set("Link", fmt.Sprintf(`</events?%s>; rel="next"`, next.Encode()))
	writeJSON(w, 200, out)
}

func (s *Server) showEvent(w http.ResponseWriter, r *http.Request, c caller) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.events {
		if e.seq == id && (c.key == nil || e.owner == c.key.id) {
			writeJSON(w, 200, s.eventView(e))
			return
		}
	}
	s.writeError(w, 404, "no event "+r.PathValue("id"))
}

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
