package consolesim

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// transfer is one transfer Console monitors.
type transfer struct {
	id                 int
	name, contact      string
	status             string // queued, running, paused, completed, failed, cancelled
	source, dest       string // hosts
	sourcePath, target string
	created, started   time.Time
	stopped            time.Time // zero while not finished
	totalBytes, bytes  int64
	rate               int // target_rate_kbps
	policy             string
	errorDesc          string
	files              []simFile
}

type simFile struct {
	path string
	size int64
}

// dateLayout is Console's from/to form (UTC).
const dateLayout = "2006-01-02 15:04:05"

func stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// view is the transfer as the API shows it.
func (t *transfer) view() map[string]any {
	eta := any(nil)
	if t.status == "running" {
		eta = 60
	}
	return map[string]any{
		"id": t.id, "name": t.name, "status": t.status, "contact": t.contact,
		"source": t.source, "destination": t.dest, "source_path": t.sourcePath, "destination_path": t.target,
		"created_at": stamp(t.created), "started_at": stamp(t.started), "stopped_at": stamp(t.stopped),
		"total_bytes": t.totalBytes, "bytes_transferred": t.bytes, "bytes_written": t.bytes,
		"files_count": len(t.files), "target_rate_kbps": t.rate, "policy": t.policy,
		"error_description": emptyNil(t.errorDesc), "eta": eta, "last_calculated_rate_bps": nil,
	}
}

func emptyNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// seed places the sample transfers relative to now.
func (s *Server) seed(now time.Time) {
	files := func(prefix string, sizes ...int64) []simFile {
		var out []simFile
		for i, n := range sizes {
			out = append(out, simFile{path: fmt.Sprintf("%s/file%d.bin", prefix, i+1), size: n})
		}
		return out
	}
	add := func(t *transfer) {
		for _, f := range t.files {
			t.totalBytes += f.size
		}
		if t.status == "completed" {
			t.bytes = t.totalBytes
		}
		s.transfers = append(s.transfers, t)
	}
	add(&transfer{id: 101, name: "aoc upload to partner", contact: "aoc_user", status: "completed", source: "10.0.0.5", dest: "10.0.0.9",
		sourcePath: "/data/outgoing", target: "/partner/in", created: now.Add(-2 * time.Hour), started: now.Add(-2 * time.Hour),
		stopped: now.Add(-110 * time.Minute), rate: 100000, policy: "fair", files: files("/data/outgoing", 1048576, 2048)})
	add(&transfer{id: 102, name: "faspex package 42", contact: "faspex", status: "running", source: "10.0.0.7", dest: "10.0.0.5",
		sourcePath: "/faspex/packages/42", target: "/inbox", created: now.Add(-30 * time.Minute), started: now.Add(-30 * time.Minute),
		bytes: 500000, rate: 50000, policy: "fair", files: files("/faspex/packages/42", 1000000, 1000000, 1000000)})
	add(&transfer{id: 103, name: "aoc download", contact: "john", status: "failed", source: "10.0.0.9", dest: "10.0.0.5",
		sourcePath: "/shared", target: "/home/john", created: now.Add(-5 * time.Hour), started: now.Add(-5 * time.Hour),
		stopped: now.Add(-299 * time.Minute), bytes: 4096, rate: 10000, policy: "low", errorDesc: "Disk full on destination",
		files: files("/shared", 8192)})
	add(&transfer{id: 104, name: "nightly backup", contact: "backup", status: "paused", source: "10.0.0.5", dest: "10.0.0.20",
		sourcePath: "/srv", target: "/backup", created: now.Add(-time.Hour), started: now.Add(-time.Hour), bytes: 123456,
		rate: 200000, policy: "high", files: files("/srv", 400000, 300000)})
	add(&transfer{id: 105, name: "old sync", contact: "sync", status: "completed", source: "10.0.0.5", dest: "10.0.0.30",
		sourcePath: "/archive", target: "/archive", created: now.Add(-72 * time.Hour), started: now.Add(-72 * time.Hour),
		stopped: now.Add(-71 * time.Hour), rate: 100000, policy: "fair", files: files("/archive", 10)})
	add(&transfer{id: 106, name: "queued report", contact: "john", status: "queued", source: "10.0.0.5", dest: "10.0.0.9",
		sourcePath: "/reports", target: "/partner/reports", created: now.Add(-10 * time.Minute), rate: 10000, policy: "fair",
		files: files("/reports", 2000)})
	s.nextID = 107
	s.smart = []map[string]any{
		{"id": 1, "name": "Send to partner", "description": "user selected files to the partner's inbox", "source_type": "user_selected",
			"source": map[string]any{"host": "10.0.0.5", "path": "/data/outgoing"}, "destination": map[string]any{"host": "10.0.0.9", "path": "/partner/in"}},
		{"id": 2, "name": "Weekly archive", "description": "the archive folder to the backup node", "source_type": "fixed",
			"source": map[string]any{"host": "10.0.0.5", "path": "/archive"}, "destination": map[string]any{"host": "10.0.0.20", "path": "/backup/archive"}},
	}
}

// find returns the transfer of the path's id, or answers 422 as Console does.
func (s *Server) find(w http.ResponseWriter, r *http.Request) *transfer {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err == nil {
		for _, t := range s.transfers {
			if t.id == id {
				return t
			}
		}
	}
	writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("transfer %q not found", r.PathValue("id")))
	return nil
}

func (s *Server) listTransfers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var from, to time.Time
	for name, dst := range map[string]*time.Time{"from": &from, "to": &to} {
		if v := q.Get(name); v != "" {
			t, err := time.ParseInLocation(dateLayout, v, time.UTC)
			if err != nil {
				writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("%s: %q is not a date YYYY-MM-DD HH:MM:SS", name, v))
				return
			}
			*dst = t
		}
	}
	filters, err := parseFilters(q)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []any{}
	for _, t := range s.transfers {
		begin := t.started
		if begin.IsZero() {
			begin = t.created
		}
		if !to.IsZero() && begin.After(to) || !from.IsZero() && !t.stopped.IsZero() && t.stopped.Before(from) {
			continue
		}
		v := t.view()
		if filters.match(v) {
			out = append(out, v)
		}
	}
	writeJSON(w, 200, out)
}

func (s *Server) showTransfer(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.find(w, r); t != nil {
		writeJSON(w, 200, t.view())
	}
}

func (s *Server) transferFiles(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.find(w, r)
	if t == nil {
		return
	}
	limit, offset := 100, 0
	for name, dst := range map[string]*int{"limit": &limit, "offset": &offset} {
		if v := r.URL.Query().Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("%s: %q is not a count", name, v))
				return
			}
			*dst = n
		}
	}
	out := []any{}
	for i, f := range t.files {
		if i < offset || len(out) >= limit {
			continue
		}
		written := int64(0)
		switch {
		case t.status == "completed":
			written = f.size
		case t.bytes > 0 && i == 0:
			written = min(t.bytes, f.size)
		}
		status := "completed"
		if written < f.size {
			status = map[bool]string{true: "running", false: "queued"}[t.status == "running" && i == 0]
			if t.status == "failed" || t.status == "cancelled" {
				status = t.status
			}
		}
		out = append(out, map[string]any{"id": t.id*1000 + i + 1, "transfer_id": t.id, "path": f.path, "size": f.size,
			"bytes_written": written, "status": status})
	}
	writeJSON(w, 200, out)
}

// control applies an action; the state machine is Console's: see the package comment.
func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	params, ok := readJSON(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.find(w, r)
	if t == nil {
		return
	}
	action := r.PathValue("action")
	now := s.cfg.Now()
	refuse := func(allowed ...string) bool {
		if slices.Contains(allowed, t.status) {
			return false
		}
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("cannot %s transfer %d: it is %s", action, t.id, t.status))
		return true
	}
	switch action {
	case "start":
		if refuse("queued") {
			return
		}
		t.status, t.started = "running", now
	case "pause":
		if refuse("running") {
			return
		}
		t.status = "paused"
	case "resume":
		if refuse("paused") {
			return
		}
		t.status = "running"
	case "cancel":
		if refuse("running", "paused", "queued") {
			return
		}
		t.status, t.stopped = "cancelled", now
	case "rerun":
		if refuse("completed", "failed", "cancelled") {
			return
		}
		t.status, t.errorDesc, t.bytes, t.started, t.stopped, t.created = "queued", "", 0, time.Time{}, time.Time{}, now
	case "change_rate":
		rate, ok := params["target_rate_kbps"].(float64)
		if !ok || rate <= 0 || rate != float64(int(rate)) {
			writeError(w, http.StatusUnprocessableEntity, "change_rate needs target_rate_kbps, a positive integer")
			return
		}
		if refuse("running", "paused", "queued") {
			return
		}
		t.rate = int(rate)
	case "change_policy":
		p, _ := params["policy"].(string)
		if !slices.Contains([]string{"fixed", "high", "fair", "low"}, p) {
			writeError(w, http.StatusUnprocessableEntity, "change_policy needs policy: fixed, high, fair or low")
			return
		}
		if refuse("running", "paused", "queued") {
			return
		}
		t.policy = p
	case "move_forwards", "move_back":
		if refuse("queued") {
			return
		}
		s.move(t, action == "move_forwards")
	default:
		writeError(w, http.StatusNotFound, "unknown action "+action)
		return
	}
	writeJSON(w, 200, t.view())
}

// move swaps a queued transfer with its neighbour in the queue.
func (s *Server) move(t *transfer, forwards bool) {
	var queue []int
	for i, x := range s.transfers {
		if x.status == "queued" {
			queue = append(queue, i)
		}
	}
	for k, i := range queue {
		if s.transfers[i] != t {
			continue
		}
		j := k + 1
		if forwards {
			j = k - 1
		}
		if j >= 0 && j < len(queue) {
			s.transfers[i], s.transfers[queue[j]] = s.transfers[queue[j]], s.transfers[i]
		}
		return
	}
}

func (s *Server) listSmart(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, 200, s.smart)
}

// submitSmart queues a transfer of a smart transfer; user_selected ones need source.paths.
func (s *Server) submitSmart(w http.ResponseWriter, r *http.Request) {
	params, ok := readJSON(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := strconv.Atoi(r.PathValue("id"))
	var smart map[string]any
	for _, st := range s.smart {
		if st["id"] == id {
			smart = st
		}
	}
	if smart == nil {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("smart transfer %q not found", r.PathValue("id")))
		return
	}
	src, _ := smart["source"].(map[string]any)
	dst, _ := smart["destination"].(map[string]any)
	t := &transfer{id: s.nextID, name: smart["name"].(string), contact: s.cfg.Username, status: "queued",
		source: src["host"].(string), dest: dst["host"].(string), sourcePath: src["path"].(string), target: dst["path"].(string),
		created: s.cfg.Now(), rate: 100000, policy: "fair"}
	if smart["source_type"] == "user_selected" {
		ps, _ := params["source"].(map[string]any)
		paths, _ := ps["paths"].([]any)
		if len(paths) == 0 {
			writeError(w, http.StatusUnprocessableEntity, "this smart transfer needs source.paths (the files the user selected)")
			return
		}
		for _, p := range paths {
			t.files = append(t.files, simFile{path: strings.TrimSuffix(src["path"].(string), "/") + "/" + strings.TrimPrefix(fmt.Sprint(p), "/"), size: 1024})
			t.totalBytes += 1024
		}
	} else {
		t.files = []simFile{{path: src["path"].(string), size: 4096}}
		t.totalBytes = 4096
	}
	s.nextID++
	s.transfers = append(s.transfers, t)
	writeJSON(w, 200, []any{t.view()})
}
