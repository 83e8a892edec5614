package nodesim

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"strconv"
	"time"
)

// job is a transfer of /ops/transfers.
type job struct {
	id      string
	spec    map[string]any
	status  string // waiting running completed failed canceled
	errCode int
	errDesc string
	bytes   int64 // bytes and files of a completed job
	files   int64
	start   time.Time
	end     time.Time
	cancel  context.CancelFunc
}

func (s *Server) view(j *job) map[string]any {
	v := map[string]any{"id": j.id, "status": j.status, "start_spec": j.spec,
		"start_time_usec": j.start.UnixMicro(), "bytes_transferred": j.bytes, "files_completed": j.files}
	if !j.end.IsZero() {
		v["end_time_usec"] = j.end.UnixMicro()
	}
	if j.status == "failed" {
		v["error_code"] = strconv.Itoa(j.errCode) // a string, as the document types it
		v["error_desc"] = j.errDesc
	}
	return v
}

func (s *Server) startTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	var spec map[string]any
	if !readJSON(w, r, &spec) {
		return
	}
	for _, k := range []string{"direction", "remote_host", "paths"} {
		if spec[k] == nil {
			writeError(w, 400, "the transfer spec needs "+k)
			return
		}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	j := &job{id: fmt.Sprintf("%08d-sim", len(s.transfers)+1), spec: spec, status: "waiting", start: time.Now(), cancel: cancel}
	s.transfers = append(s.transfers, j)
	s.mu.Unlock()
	s.wg.Add(1)
	go s.run(ctx, j)
	s.mu.Lock()
	out := map[string]any{"id": j.id}
	for k, v := range spec {
		if k != "paths" && k != "token" && k != "remote_password" && k != "ssh_private_key" {
			out[k] = v
		}
	}
	s.mu.Unlock()
	writeJSON(w, 200, out)
}

func (s *Server) run(ctx context.Context, j *job) {
	defer s.wg.Done()
	defer j.cancel()
	var err error
	if s.cfg.Runner == nil {
		reason := s.cfg.NoRunnerReason
		if reason == "" {
			reason = "this simulator cannot run transfers: no ascp was found (install the Aspera transfer SDK, or give --ascp-path)"
		}
		err = fmt.Errorf("%s", reason)
	} else {
		s.mu.Lock()
		if j.status == "waiting" { // not canceled before it could start
			j.status = "running"
		}
		s.mu.Unlock()
		err = s.cfg.Runner(ctx, j.spec)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j.end = time.Now()
	switch {
	case j.status == "canceled":
	case err != nil:
		j.status, j.errCode, j.errDesc = "failed", 1, err.Error()
		var coded interface{ ErrorCode() int }
		if errors.As(err, &coded) && coded.ErrorCode() != 0 {
			j.errCode = coded.ErrorCode() // the transfer's own code (an ascp code), as a node reports it
		}
	default:
		j.status = "completed"
		j.bytes, j.files = totals(j.spec)
	}
}

// totals are the bytes and files of the paths of a spec as they are on this machine
// (sources below source_root when it is set; folders walked): what a completed job moved.
func totals(spec map[string]any) (bytes, files int64) {
	root, _ := spec["source_root"].(string)
	paths, _ := spec["paths"].([]any)
	for _, p := range paths {
		pm, _ := p.(map[string]any)
		src, _ := pm["source"].(string)
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

func (s *Server) findJob(w http.ResponseWriter, r *http.Request) *job {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.transfers {
		if j.id == r.PathValue("id") {
			return j
		}
	}
	writeError(w, 404, "no transfer "+r.PathValue("id"))
	return nil
}

func (s *Server) showTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	if j := s.findJob(w, r); j != nil {
		s.mu.Lock()
		v := s.view(j)
		s.mu.Unlock()
		writeJSON(w, 200, v)
	}
}

// listTransfers pages with iteration_token and a Link header, as a node does.
func (s *Server) listTransfers(w http.ResponseWriter, r *http.Request, c caller) {
	from, _ := strconv.Atoi(r.URL.Query().Get("iteration_token"))
	count, err := strconv.Atoi(r.URL.Query().Get("count"))
	if err != nil || count <= 0 {
		count = 100
	}
	s.mu.Lock()
	total := len(s.transfers)
	from = min(max(from, 0), total)
	to := min(from+count, total)
	out := make([]any, 0, to-from)
	for _, j := range s.transfers[from:to] {
		out = append(out, s.view(j))
	}
	s.mu.Unlock()
	if to < total {
		w.Header().Set("Link", fmt.Sprintf(`</ops/transfers?iteration_token=%d&count=%d>; rel="next"`, to, count))
	}
	writeJSON(w, 200, out)
}

func (s *Server) modifyTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	j := s.findJob(w, r)
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
	v := s.view(j)
	s.mu.Unlock()
	writeJSON(w, 200, v)
}

func (s *Server) cancelJob(j *job) {
	s.mu.Lock()
	if j.status == "waiting" || j.status == "running" {
		j.status = "canceled"
	}
	s.mu.Unlock()
	j.cancel()
}

func (s *Server) cancelTransfer(w http.ResponseWriter, r *http.Request, c caller) {
	if j := s.findJob(w, r); j != nil {
		s.cancelJob(j)
		s.mu.Lock()
		v := s.view(j)
		s.mu.Unlock()
		writeJSON(w, 200, v)
	}
}
