package nodesim

import (
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// What the simulator knows of the files that arrive on it. A node logs every file a transfer
// brings, whoever sent it; the simulator sees the transfers it runs (/ops/transfers), not
// those a client's ascp makes with the spec of upload_setup (the client's ascp, or its test
// double, writes in the served folder directly). So upload_setup watches the folder it names,
// and /events first looks there for files that changed since the log last reported them.

// fileStamp is what the log last reported of a file: its size and modification time.
type fileStamp struct {
	size  int64
	mtime time.Time
}

func stampOf(info fs.FileInfo) fileStamp { return fileStamp{info.Size(), info.ModTime()} }

// arrival is a file on the node's side: its full node path, local path and information.
type arrival struct {
	np, full string
	info     fs.FileInfo
}

// watch is a folder an upload_setup spec names: a client's uploads may arrive there.
type watch struct {
	np    string // full node path
	owner string // who asked for the spec ("" the node user, else an access key id)
	until time.Time
}

const (
	maxWatches    = 64             // the oldest watch goes first
	maxWatchFiles = 10000          // files looked at per watched folder and look
	watchFor      = 24 * time.Hour // the life of the spec's token
)

// watchUploads watches the folder np (a full node path) for the uploads of c, the files there
// now being known (s.mu not held).
func (s *Server) watchUploads(c caller, np string) {
	found := s.filesBelow(np)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range found {
		if _, ok := s.known[a.np]; !ok {
			s.known[a.np] = stampOf(a.info)
		}
	}
	w := watch{np: np, until: time.Now().Add(watchFor)}
	if c.key != nil {
		w.owner = c.key.id
	}
	kept := s.watches[:0]
	for _, o := range s.watches {
		if (o.np != w.np || o.owner != w.owner) && time.Now().Before(o.until) {
			kept = append(kept, o)
		}
	}
	s.watches = append(kept, w)
	if len(s.watches) > maxWatches {
		s.watches = s.watches[len(s.watches)-maxWatches:]
	}
}

// lookForArrivals records the files of the watched folders that changed since the log last
// reported them (s.mu not held).
func (s *Server) lookForArrivals() {
	s.mu.Lock()
	watches := append([]watch(nil), s.watches...)
	s.mu.Unlock()
	for _, w := range watches {
		if time.Now().After(w.until) {
			continue
		}
		found := s.filesBelow(w.np)
		s.mu.Lock()
		for _, a := range found {
			s.arrived(a, w.owner, nil)
		}
		s.mu.Unlock()
	}
}

// filesBelow lists the regular files below the full node path np (np itself when it is one),
// at most maxWatchFiles.
func (s *Server) filesBelow(np string) []arrival {
	full, err := s.tree.local("/", np, true)
	if err != nil {
		return nil
	}
	var out []arrival
	_ = filepath.WalkDir(full, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if len(out) >= maxWatchFiles {
			return filepath.SkipAll
		}
		if info, err := d.Info(); err == nil {
			rel, _ := filepath.Rel(full, p)
			out = append(out, arrival{np: clean(path.Join(np, filepath.ToSlash(rel))), full: p, info: info})
		}
		return nil
	})
	return out
}

// arrived records that a file is on the node (s.mu held): file.created when the log never
// reported it, file.modified when it changed since, nothing when it did not; extra is added
// to the event's data.
func (s *Server) arrived(a arrival, owner string, extra map[string]any) {
	st := stampOf(a.info)
	old, ok := s.known[a.np]
	if ok && old == st {
		return
	}
	s.known[a.np] = st
	typ := "file.created"
	if ok {
		typ = "file.modified"
	}
	data := s.fileData(a.np, a.full)
	maps.Copy(data, extra)
	s.record(event{typ: typ, owner: owner, where: []string{a.np}, data: data})
}

// created records the file.created event of what c made at the full node path np through the
// files API (s.mu not held).
func (s *Server) created(c caller, np, full string) {
	info, err := os.Lstat(full)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := event{typ: "file.created", where: []string{np}, data: s.fileData(np, full)}
	if c.key != nil {
		e.owner = c.key.id
	}
	if err == nil && info.Mode().IsRegular() {
		s.known[np] = stampOf(info)
	}
	s.record(e)
}

// renamed moves the ids and what the log knows of the full node path from to the full node
// path to (at the local path full) and records file.moved (s.mu not held): its data is the
// entry at to, with source and destination.
func (s *Server) renamed(c caller, from, to, full string) {
	s.tree.moved(from, to)
	s.knownMoved(from, to)
	data := s.fileData(to, full)
	data["source"], data["destination"] = from, to
	s.fileEvent(c, "file.moved", data, from, to)
}

// deleted forgets the full node path np, deleted by c, and records file.deleted (s.mu not
// held): its data is the id it had and its path.
func (s *Server) deleted(c caller, np string) {
	id := s.tree.id(np)
	s.tree.moved(np, "")
	s.knownMoved(np, "")
	s.fileEvent(c, "file.deleted", map[string]any{"id": id, "name": path.Base(np), "path": np}, np)
}

// knownMoved moves what the log knows of the files below the full node path from to the node
// path to ("": deleted), as tree.moved moves their ids (s.mu not held).
func (s *Server) knownMoved(from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	moved := map[string]fileStamp{}
	for p, st := range s.known {
		if p == from || strings.HasPrefix(p, from+"/") {
			delete(s.known, p)
			if to != "" {
				moved[to+strings.TrimPrefix(p, from)] = st
			}
		}
	}
	maps.Copy(s.known, moved)
}

// nodeArrivals returns the files of a job's file list (paths relative to the node path base)
// as they are now on the node.
func (s *Server) nodeArrivals(base string, files []map[string]any) []arrival {
	var out []arrival
	for _, f := range files {
		p, _ := f["path"].(string)
		np := clean(path.Join(base, p))
		full, err := s.tree.local("/", np, true)
		if err != nil {
			continue
		}
		if info, err := os.Stat(full); err == nil && info.Mode().IsRegular() {
			out = append(out, arrival{np: np, full: full, info: info})
		}
	}
	return out
}
