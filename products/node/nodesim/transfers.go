package nodesim

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// Kinds of jobs.
const (
	kindClient = "client" // posted to /ops/transfers: the node runs it
	kindStream = "stream" // posted to /streams: runs until canceled
	kindServer = "server" // the far end of a client job whose far end is this node
)

// job is a transfer of /ops/transfers.
type job struct {
	id      string
	kind    string
	spec    map[string]any
	status  string // waiting running completed failed canceled
	errCode int
	errDesc string
	// localFiles counts the files of a completed job whose paths are none of the node's (see
	// localTotals)
	localFiles int64
	start      time.Time
	end        time.Time
	cancel     context.CancelFunc
	seq        int64  // log position of its last change: the order of /ops/transfers
	owner      string // "" for the node user, else the access key id
	base       string // the node path the owner sees as "/"
	files      []map[string]any
	bytes      int64
	server     *job // the far end, for a client job to this node
	// nodeRoot is the full node path of the node's side of the job: the folder it reads from
	// (a send) or writes to (a receive); "" when none (a stream)
	nodeRoot string
	// self: a client job whose far end is this node (a spec of upload_setup or
	// download_setup); its files are the client's, nodeRoot that of its far end
	self bool
	snid int // its async session, 0 if none
}

// running tells whether the job has not ended.
func (j *job) running() bool { return j.status == "waiting" || j.status == "running" }

// touch records a change of j: it takes the next log position (s.mu held).
func (s *Server) touch(j *job) {
	s.seq++
	j.seq = s.seq
}

// newJob registers a job of kind (s.mu held).
func (s *Server) newJob(kind string, spec map[string]any, c caller) *job {
	s.jobCount++
	j := &job{id: fmt.Sprintf("%08d-sim", s.jobCount), kind: kind, spec: spec, status: "waiting", start: time.Now(),
		base: c.base(), cancel: func() {}}
	if c.key != nil {
		j.owner = c.key.id
	}
	s.transfers = append(s.transfers, j)
	s.touch(j)
	return j
}

// visible tells whether the caller may see j: the node user sees every job (only those of
// the access key asked for, when it asks), an access key its own.
func visible(j *job, c caller, accessKey string) bool {
	if c.key != nil {
		return j.owner == c.key.id
	}
	return accessKey == "" || j.owner == accessKey
}

func (s *Server) startTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	var spec map[string]any
	if !readJSON(w, r, &spec) {
		return
	}
	for _, k := range []string{"direction", "remote_host", "paths"} {
		if spec[k] == nil {
			s.writeError(w, 400, "the transfer spec needs "+k)
			return
		}
	}
	if d := spec["direction"]; d != "send" && d != "receive" {
		s.writeError(w, 400, fmt.Sprintf("direction must be send or receive, not %v", d))
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	j := s.newJob(kindClient, spec, c)
	j.cancel = cancel
	j.nodeRoot, j.self = s.nodeSide(j, spec)
	s.jobEvent(j, "started")
	answer := startAnswer(j)
	s.mu.Unlock()
	s.wg.Add(1)
	go s.run(ctx, j)
	writeJSON(w, 200, answer)
}

// startAnswer is the answer to a start: the id and the spec without its secrets.
func startAnswer(j *job) map[string]any {
	out := map[string]any{"id": j.id}
	for k, v := range j.spec {
		if k != "paths" && k != "token" && k != "remote_password" && k != "ssh_private_key" {
			out[k] = v
		}
	}
	return out
}

func (s *Server) run(ctx context.Context, j *job) {
	defer s.wg.Done()
	defer j.cancel()
	err := s.confine(j.spec)
	switch {
	case err != nil:
	case s.cfg.Runner == nil:
		reason := s.cfg.NoRunnerReason
		if reason == "" {
			reason = "this simulator cannot run transfers: no ascp was found (install the Aspera transfer SDK, or give --ascp-path)"
		}
		err = fmt.Errorf("%s", reason)
	default:
		s.mu.Lock()
		if j.status == "waiting" { // not canceled before it could start
			j.status = "running"
			s.touch(j)
		}
		s.mu.Unlock()
		err = s.cfg.Runner(ctx, j.spec)
	}
	s.finish(j, err)
}

// finish ends a job: its files and bytes, the far end of a transfer to this node, its events,
// its async session.
func (s *Server) finish(j *job, err error) {
	s.mu.Lock()
	status := j.status
	switch {
	case status == "canceled":
	case err != nil:
		status = "failed"
	default:
		status = "completed"
	}
	spec := j.spec // replaced, never changed in place (modifyTransfer)
	s.mu.Unlock()
	near, far, self := s.jobFiles(j, spec, status)
	var arrived []arrival // the files the node received, as they are now
	if self {
		arrived = s.nodeArrivals(j.base, far)
	} else if direction(j) == "receive" {
		arrived = s.nodeArrivals(j.base, near)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if j.status == "canceled" { // while its files were read
		status = "canceled"
	}
	j.end = time.Now()
	j.status, j.files, j.bytes = status, near, sumSizes(near)
	if status == "completed" && len(near) == 0 {
		j.bytes, j.localFiles = localTotals(spec)
	}
	if status == "failed" {
		j.errCode, j.errDesc = 1, err.Error()
		var coded interface{ ErrorCode() int }
		if errors.As(err, &coded) && coded.ErrorCode() != 0 {
			j.errCode = coded.ErrorCode() // the transfer's own code (an ascp code), as a node reports it
		}
	}
	s.touch(j)
	s.jobEvent(j, "ended")
	receiver := j // the job whose node side received files
	if self && status == "completed" {
		srv := &job{kind: kindServer, spec: j.spec, status: status, start: j.start, end: j.end, owner: j.owner,
			base: j.base, files: far, bytes: sumSizes(far), cancel: func() {}, nodeRoot: j.nodeRoot}
		s.jobCount++
		srv.id = fmt.Sprintf("%08d-sim", s.jobCount)
		s.transfers = append(s.transfers, srv)
		s.touch(srv)
		j.server = srv
		s.jobEvent(srv, "started")
		s.jobEvent(srv, "ended")
		receiver = srv
	}
	if status == "completed" && direction(receiver) == "receive" && !receiver.self {
		for _, a := range arrived {
			s.arrived(a, receiver.owner, "", map[string]any{"transfer_id": receiver.id})
		}
	}
	s.recordAsync(j)
}

// localTotals are the bytes and files of a spec's sources as they are on this machine
// (below source_root when set; folders walked). A job whose paths name none of the served
// folder's files (a Runner given local paths, as the transfer agents' conformance tests do)
// reports these, as a node reports what its ascp moved.
func localTotals(spec map[string]any) (bytes, files int64) {
	root, _ := spec["source_root"].(string)
	for _, p := range specPaths(spec) {
		src := p.source
		if src == "" {
			continue
		}
		if root != "" {
			src = filepath.Join(root, filepath.FromSlash(src))
		}
		_ = filepath.WalkDir(src, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil {
					bytes += info.Size()
					files++
				}
			}
			return nil
		})
	}
	return bytes, files
}

func sumSizes(files []map[string]any) int64 {
	var n int64
	for _, f := range files {
		if v, ok := f["size"].(int64); ok {
			n += v
		}
	}
	return n
}

// transferEvent is the event type of a job's start or end: upload.* when the node sends,
// download.* when it receives.
func transferEvent(j *job, what string) string {
	if direction(j) == "receive" {
		return "download." + what
	}
	return "upload." + what
}

func (s *Server) findJob(w http.ResponseWriter, r *http.Request, c caller, kinds ...string) *job {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.transfers {
		if j.id == r.PathValue("id") && visible(j, c, "") && (len(kinds) == 0 || contains(kinds, j.kind)) {
			return j
		}
	}
	s.writeError(w, 404, "no transfer "+r.PathValue("id"))
	return nil
}

func (s *Server) showTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	if j := s.findJob(w, r, c); j != nil {
		s.mu.Lock()
		v := s.view(j, r.URL.Query().Get("view"))
		s.mu.Unlock()
		writeJSON(w, 200, v)
	}
}

// listTransfers lists the jobs in log order (the position of their last change): after the
// iteration_token, at most count (default 100), filtered by active_only, direction and
// access_key. The Link header always gives the position reached, as a node does, so that a
// later call gets what changed since; a page past the end is empty.
func (s *Server) listTransfers(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	from, _ := strconv.ParseInt(q.Get("iteration_token"), 10, 64)
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count <= 0 {
		count = 100
	}
	active, dir, key, view := q.Get("active_only"), q.Get("direction"), q.Get("access_key"), q.Get("view")
	s.mu.Lock()
	jobs := append([]*job(nil), s.transfers...)
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].seq < jobs[b].seq })
	out := []any{}
	pos, full := from, false
	for _, j := range jobs {
		if j.seq <= from {
			continue
		}
		if len(out) == count {
			full = true
			break
		}
		pos = j.seq
		if !visible(j, c, key) || (active != "" && (active == "true") != j.running()) || (dir != "" && dir != direction(j)) {
			continue
		}
		out = append(out, s.view(j, view))
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
	next.Set("count", strconv.Itoa(count))
	w.Header().Set("Link", fmt.Sprintf(`</ops/transfers?%s>; rel="next"`, next.Encode()))
	writeJSON(w, 200, out)
}

func (s *Server) modifyTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	j := s.findJob(w, r, c, kindClient, kindStream)
	if j == nil {
		return
	}
	var change map[string]any
	if !readJSON(w, r, &change) {
		return
	}
	if change["status"] == "canceled" {
		s.cancelJob(j)
	}
	s.mu.Lock()
	if rate, ok := change["target_rate_kbps"]; ok && j.running() {
		spec := maps.Clone(j.spec) // finish reads the old one without the lock
		spec["target_rate_kbps"] = rate
		j.spec = spec
		s.touch(j)
	}
	v := s.view(j, "")
	s.mu.Unlock()
	writeJSON(w, 200, v)
}

// cancelJob cancels a job that runs; a stream ends here (nothing else runs it).
func (s *Server) cancelJob(j *job) {
	s.mu.Lock()
	if j.running() {
		j.status = "canceled"
		s.touch(j)
		if j.kind == kindStream {
			j.end = time.Now()
			s.jobEvent(j, "ended")
		}
	}
	s.mu.Unlock()
	j.cancel()
}

func (s *Server) cancelTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	if j := s.findJob(w, r, c, kindClient, kindStream); j != nil {
		s.cancelJob(j)
		s.mu.Lock()
		v := s.view(j, "")
		s.mu.Unlock()
		writeJSON(w, 200, v)
	}
}
