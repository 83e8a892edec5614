package nodesim

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"time"
)

// direction is the job's direction as the node sees it: the far end of a client job runs the
// other way.
func direction(j *job) string {
	d, _ := j.spec["direction"].(string)
	if j.kind != kindServer {
		return d
	}
	if d == "send" {
		return "receive"
	}
	return "send"
}

// view is the job as /ops/transfers shows it (s.mu held). view "id" gives the id only;
// "summary" and "short_summary" leave out the files, as on a node.
func (s *Server) view(j *job, view string) map[string]any {
	if view == "id" {
		return map[string]any{"id": j.id}
	}
	done := j.localFiles
	for _, f := range j.files {
		if f["status"] == "completed" {
			done++
		}
	}
	v := map[string]any{"id": j.id, "status": j.status, "start_spec": s.startSpec(j),
		"start_time_usec": j.start.UnixMicro(), "bytes_transferred": j.bytes, "bytes_written": j.bytes,
		"files_completed": done, "directories_completed": 0}
	session := map[string]any{"id": j.id + "-session", "status": j.status, "start_time_usec": j.start.UnixMicro(),
		"bytes_transferred": j.bytes, "bytes_written": j.bytes, "files_completed": done,
		"client_node_id": "simulator", "server_node_id": "simulator"}
	if rate, ok := j.spec["target_rate_kbps"].(float64); ok {
		session["target_rate_kbps"] = rate
	}
	if !j.end.IsZero() {
		elapsed := j.end.Sub(j.start).Microseconds()
		v["end_time_usec"], v["elapsed_usec"] = j.end.UnixMicro(), elapsed
		session["end_time_usec"], session["elapsed_usec"] = j.end.UnixMicro(), elapsed
		if elapsed > 0 {
			rate := float64(j.bytes) * 8 / 1000 / (float64(elapsed) / 1e6)
			v["avg_rate_kbps"], session["avg_rate_kbps"] = rate, rate
		}
	}
	if j.status == "failed" {
		v["error_code"] = strconv.Itoa(j.errCode) // a string, as the document types it
		v["error_desc"] = j.errDesc
		session["error_code"], session["error_desc"] = j.errCode, j.errDesc
	}
	if j.status != "waiting" {
		v["sessions"] = []any{session}
	}
	if view == "" && j.files != nil {
		files := make([]any, len(j.files))
		for i, f := range j.files {
			files[i] = f
		}
		v["files"] = files
	}
	return v
}

// startSpec is the start_spec of a job: the fields of the spec a node reports, its secrets
// never, and local paths of the served folder as node paths.
func (s *Server) startSpec(j *job) map[string]any {
	out := map[string]any{"direction": direction(j)}
	for _, k := range []string{"remote_host", "remote_user", "fasp_port", "ssh_port", "target_rate_kbps", "min_rate_kbps",
		"rate_policy", "cipher", "cookie", "tags", "source_root_id", "destination_root_id"} {
		if v, ok := j.spec[k]; ok {
			out[k] = v
		}
	}
	if j.kind == kindServer { // the far end sees the client, on this host
		out["remote_host"] = s.cfg.Host
		delete(out, "remote_user")
	}
	out["endpoint"] = "client"
	if j.kind == kindServer {
		out["endpoint"] = "server"
	}
	sources := []any{}
	for _, p := range specPaths(j.spec) {
		sources = append(sources, p.source)
	}
	out["source_paths"] = sources
	if d, ok := j.spec["destination_root"].(string); ok {
		out["destination_path"] = s.shown(d, j.base)
	}
	return out
}

// pathPair is one entry of a spec's paths.
type pathPair struct{ source, destination string }

func specPaths(spec map[string]any) []pathPair {
	l, _ := spec["paths"].([]any)
	var out []pathPair
	for _, e := range l {
		m, _ := e.(map[string]any)
		src, _ := m["source"].(string)
		dst, _ := m["destination"].(string)
		out = append(out, pathPair{src, dst})
	}
	return out
}

// target is where a path of the spec lands: its destination, else the source's name.
func (p pathPair) target() string {
	if p.destination != "" {
		return p.destination
	}
	return path.Base(p.source)
}

// shown is how the node shows a root of a spec: a local path of the served folder as the
// owner's node path, anything else as given.
func (s *Server) shown(p, base string) string {
	if np, ok := s.tree.nodePath(p); ok {
		if within(np, base) {
			return "/" + relTo(np, base)
		}
		return np
	}
	return p
}

// nodeSide returns the full node path of the node's side of a client job (the folder it
// reads from for a send, writes to for a receive) and whether its far end is this node (self).
// A spec made by this simulator's upload_setup or download_setup names the served folder by its
// local path (see oneSpec): that side is the node's, the other the client's. In any other
// spec, the node's side is the source of a send and the destination of a receive, given as
// node paths below the owner's root.
func (s *Server) nodeSide(j *job, spec map[string]any) (root string, self bool) {
	src, _ := spec["source_root"].(string)
	dst, _ := spec["destination_root"].(string)
	if d, _ := spec["direction"].(string); d == "send" {
		if np, ok := s.tree.nodePath(dst); ok { // an upload to this node
			return np, true
		}
		return path.Join(j.base, clean(src)), false
	}
	if np, ok := s.tree.nodePath(src); ok { // a download from this node
		return np, true
	}
	return path.Join(j.base, clean(dst)), false
}

// jobFiles returns the files of an ended job: near, those of the node's side of it; far,
// those of its far end when the far end is this node (self, see nodeSide), whose near files
// are the client's, shown as given.
func (s *Server) jobFiles(j *job, spec map[string]any, status string) (near, far []map[string]any, self bool) {
	if j.kind != kindClient {
		return nil, nil, false
	}
	dst, _ := spec["destination_root"].(string)
	pairs := specPaths(spec)
	fileStatus := "completed"
	if status != "completed" {
		fileStatus = "failed"
	}
	nodeRoot, self := s.nodeSide(j, spec)
	send := spec["direction"] == "send"
	var names, given []string
	for _, p := range pairs {
		switch {
		case send && self:
			names, given = append(names, p.target()), append(given, p.source)
		case send:
			names = append(names, p.source)
		case self:
			names, given = append(names, p.source), append(given, path.Join(dst, p.target()))
		default:
			names = append(names, p.target())
		}
	}
	onNode := s.nodeFiles(nodeRoot, names, j.base, fileStatus, j.start)
	if !self {
		return onNode, nil, false
	}
	for _, g := range given {
		near = append(near, map[string]any{"path": g, "type": "file", "status": fileStatus})
	}
	return near, onNode, true
}

// maxJobFiles bounds the files a job reports, as a node's max_response_entries does.
const maxJobFiles = 1000

// nodeFiles describes the files named below the node path root (folders give the files
// inside them), with paths as the owner (confined to base) sees them; names that do not exist
// are left out.
func (s *Server) nodeFiles(root string, names []string, base, status string, start time.Time) []map[string]any {
	out := []map[string]any{}
	now := time.Now()
	add := func(np string, info fs.FileInfo) {
		if len(out) >= maxJobFiles || !within(np, base) {
			return
		}
		out = append(out, map[string]any{"id": s.tree.id(np), "path": "/" + relTo(np, base), "size": info.Size(), "type": "file",
			"status": status, "start_time_usec": start.UnixMicro(), "end_time_usec": now.UnixMicro(),
			"elapsed_usec": now.Sub(start).Microseconds(), "bytes_written": info.Size()})
	}
	for _, name := range names {
		np := clean(path.Join(root, name))
		full, err := s.tree.local("/", np, true)
		if err != nil {
			continue
		}
		info, err := os.Stat(full)
		if err != nil {
			continue
		}
		if !info.IsDir() {
			add(np, info)
			continue
		}
		_ = filepath.WalkDir(full, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				rel, _ := filepath.Rel(full, p)
				add(path.Join(np, filepath.ToSlash(rel)), fi)
			}
			return nil
		})
	}
	return out
}
