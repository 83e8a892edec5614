package nodesim

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// event is an entry of the node's event log. Its paths are node paths relative to base ("/"
// for the file events: full node paths); each caller reads them relative to its own root.
type event struct {
	seq   int64
	time  time.Time
	typ   string
	user  string   // user_id: who made it (the node user's name or an access key id)
	owner string   // "" for the node user, else the access key that made it: it always sees it
	base  string   // the node path the paths of data are relative to
	where []string // the full node paths it concerns: an access key sees it when one is below its root
	data  map[string]any
	// clientFiles: the files of data are the client's paths of a transfer to this node, shown
	// as given to every caller
	clientFiles bool
	// nodeDestination: the destination_path of data's start_spec is a node path (a receive)
	nodeDestination bool
}

// maxEvents bounds the event log; the oldest events go first.
const maxEvents = 10000

// record appends e to the log (s.mu held): it takes the next log position.
func (s *Server) record(e event) {
	s.seq++
	if len(s.events) >= maxEvents {
		s.events = append(s.events[:0], s.events[1:]...)
	}
	e.seq, e.time = s.seq, time.Now().UTC()
	if e.user == "" {
		e.user = s.cfg.Username
		if e.owner != "" {
			e.user = e.owner
		}
	}
	if e.base == "" {
		e.base = "/"
	}
	s.events = append(s.events, e)
}

// jobEvent records the start or end (what) of job j (s.mu held): its view, with at the top its
// direction, tags and (at its end) error_code, as the IBM tools read them, and for a job that
// brought files to the node the id of the folder they went to (file_id). An access key sees
// it when it made it or when the node's side of the job is below its root.
func (s *Server) jobEvent(j *job, what string) {
	data := s.view(j, "")
	data["direction"] = direction(j)
	if what == "ended" { // an integer here, as the IBM tools compare it (0: no error)
		data["error_code"] = 0
		if j.status == "failed" {
			data["error_code"] = j.errCode
		}
	}
	if tags, ok := j.spec["tags"]; ok {
		data["tags"] = tags
	}
	var where []string
	if j.nodeRoot != "" && !j.self { // the client's end of a transfer to this node is the client's only
		where = []string{j.nodeRoot}
		if direction(j) == "receive" {
			data["file_id"] = s.tree.id(j.nodeRoot)
		}
	}
	s.record(event{typ: transferEvent(j, what), owner: j.owner, base: j.base, where: where, data: data, clientFiles: j.self,
		nodeDestination: direction(j) == "receive"})
}

// fileEvent records a change of the file system made through the API by c (s.mu not held):
// data's paths are full node paths, where those it concerns.
func (s *Server) fileEvent(c caller, typ string, data map[string]any, where ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := event{typ: typ, where: where, data: data}
	if c.key != nil {
		e.owner = c.key.id
	}
	s.record(e)
}

// fileData is the data of a file event about the full node path np (at the local path full):
// the entry the files API gives (id, name, path, type file, folder or link, size,
// modified_time) and its folder's id (parent_file_id), as the IBM tools read it.
func (s *Server) fileData(np, full string) map[string]any {
	d := s.gen4Entry(caller{}, np, full)
	delete(d, "access_level")
	delete(d, "access_levels")
	if np != "/" {
		d["parent_file_id"] = s.tree.id(path.Dir(np))
	}
	return d
}

// sees tells whether the caller may read e: the node user reads every event, an access key
// those it made and those about a path below its root.
func (e event) sees(c caller) bool {
	if c.key == nil || e.owner == c.key.id {
		return true
	}
	for _, w := range e.where {
		if within(w, c.key.path) {
			return true
		}
	}
	return false
}

// pathKeys are the fields of event data (and of its files) that hold node paths.
var pathKeys = []string{"path", "source", "destination"}

// eventView is e as the caller reads it: its paths relative to the caller's root (a path
// outside it is left out).
func (s *Server) eventView(e event, c caller) map[string]any {
	data := maps.Clone(e.data)
	if e.base != c.base() {
		rebase(data, e.base, c.base(), pathKeys...)
		if spec, ok := data["start_spec"].(map[string]any); ok && e.nodeDestination {
			spec = maps.Clone(spec)
			rebase(spec, e.base, c.base(), "destination_path")
			data["start_spec"] = spec
		}
		if files, ok := data["files"].([]any); ok && !e.clientFiles {
			moved := make([]any, len(files))
			for i, f := range files {
				if m, ok := f.(map[string]any); ok {
					m = maps.Clone(m)
					rebase(m, e.base, c.base(), pathKeys...)
					f = m
				}
				moved[i] = f
			}
			data["files"] = moved
		}
	}
	return map[string]any{"id": strconv.FormatInt(e.seq, 10), "time": e.time.Format(time.RFC3339), "user_id": e.user,
		"types": []any{e.typ}, "data": data}
}

// rebase rewrites the fields keys of m from paths relative to the node path from into paths
// relative to the node path to; one outside to is removed.
func rebase(m map[string]any, from, to string, keys ...string) {
	for _, k := range keys {
		p, ok := m[k].(string)
		if !ok || !strings.HasPrefix(p, "/") {
			continue
		}
		full := clean(path.Join(from, p))
		if within(full, to) {
			m[k] = "/" + relTo(full, to)
		} else {
			delete(m, k)
		}
	}
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
// most count (default 100), with the Link of the position reached, like /ops/transfers. The
// files that arrived by transfers this node did not run are looked for first (see arrivals).
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
	s.lookForArrivals()
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
		if !e.sees(c) || e.time.Before(after) || !eventMatches(e, typ, glob) {
			continue
		}
		out = append(out, s.eventView(e, c))
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
		if e.seq == id && e.sees(c) {
			writeJSON(w, 200, s.eventView(e, c))
			return
		}
	}
	s.writeError(w, 404, "no event "+r.PathValue("id"))
}
