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

// What the simulator knows of the files that arrive on it. A node logs the file changes below
// an access key's storage, whoever makes them; the simulator sees those made through its API
// and the transfers it runs (/ops/transfers), not those of a client's ascp (or its test
// double), which writes in the served folder directly: with the spec of upload_setup, or with
// a spec by file id under an access key. So it watches the folders an upload_setup spec names
// and the storage of each access key, and /events first looks there for the files that changed
// since the log last reported them (the files there when the watch began are known).

// transferUser is the node's transfer user (/info, the specs' remote_user): the maker of the
// files found in a key's storage, which arrived by transfers the simulator did not see.
const transferUser = "xfer"

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

// watch is a folder where files may arrive unseen: one an upload_setup spec names (kept in
// Server.watches until the spec's token expires), or a key's storage (for the key's life).
type watch struct {
	np    string // full node path
	owner string // who asked for the spec ("" the node user, else an access key id)
	user  string // user_id of its events ("": the owner's)
	until time.Time
}

const (
	maxWatches    = 64             // the oldest watch goes first
	maxWatchFiles = 10000          // files looked at per watched folder and look
	watchFor      = 24 * time.Hour // the life of the spec's token
)

// watchUploads watches the folder np (a full node path) for the uploads of c, the files there
// now being known unless a key's storage holds it (s.mu not held).
func (s *Server) watchUploads(c caller, np string) {
	s.mu.Lock()
	watched := false // below a key's storage, watched since the key was made
	for _, k := range s.keys {
		watched = watched || within(np, k.path)
	}
	s.mu.Unlock()
	if !watched {
		s.knowFiles(np)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
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

// knowFiles marks the files below the full node path np as known, as they are now, when the
// log never reported them (s.mu not held): the start of a watch.
func (s *Server) knowFiles(np string) {
	found := s.filesBelow(np)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range found {
		if _, ok := s.known[a.np]; !ok {
			s.known[a.np] = stampOf(a.info)
		}
	}
}

// lookForArrivals records the files of the watched folders that changed since the log last
// reported them (s.mu not held): the folders of upload_setup first (their uploader is known),
// then the storage of each access key (arrivals made by the transfer user).
func (s *Server) lookForArrivals() {
	now := time.Now()
	s.mu.Lock()
	var watches []watch
	for _, w := range s.watches {
		if now.Before(w.until) {
			watches = append(watches, w)
		}
	}
	for _, k := range s.keys {
		watches = append(watches, watch{np: k.path, user: transferUser})
	}
	s.mu.Unlock()
	done := map[string]bool{}
	for _, w := range watches {
		if done[w.np] {
			continue
		}
		done[w.np] = true
		found := s.filesBelow(w.np)
		s.mu.Lock()
		for _, a := range found {
			s.arrived(a, w.owner, w.user, nil)
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
// reported it, file.modified when it changed since, nothing when it did not; owner and user
// are the event's (see event), extra is added to its data.
func (s *Server) arrived(a arrival, owner, user string, extra map[string]any) {
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
	s.record(event{typ: typ, owner: owner, user: user, where: []string{a.np}, data: data})
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
