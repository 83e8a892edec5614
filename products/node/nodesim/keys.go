package nodesim

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"sort"
	"strconv"
)

// accessKey is an access key of the simulator: its storage is a folder below the root.
type accessKey struct {
	id, secret   string
	path         string // node path of its storage ("/" = the whole root)
	verification string // token_verification_key (PEM)
}

func (s *Server) keyView(k *accessKey) map[string]any {
	v := map[string]any{
		"id":           k.id,
		"root_file_id": s.tree.id(k.path),
		"storage":      map[string]any{"type": "local", "path": k.path},
	}
	if k.verification != "" {
		v["token_verification_key"] = k.verification
	}
	return v
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request, c caller) {
	if c.key != nil {
		s.writeError(w, 400, "only the node user creates access keys")
		return
	}
	var req struct {
		ID      string `json:"id"`
		Secret  string `json:"secret"`
		Storage struct {
			Type string `json:"type"`
			Path string `json:"path"`
		} `json:"storage"`
		TokenVerificationKey string `json:"token_verification_key"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	k := &accessKey{id: req.ID, secret: req.Secret, path: clean(req.Storage.Path), verification: req.TokenVerificationKey}
	if k.id == "" {
		k.id = "ak_" + randomHex(8)
	}
	if k.secret == "" {
		k.secret = randomHex(16)
	}
	full, err := s.tree.local("/", req.Storage.Path, true)
	if err == nil {
		err = os.MkdirAll(full, 0o755)
	}
	if err != nil {
		s.writeError(w, 400, "storage path "+k.path+": "+err.Error())
		return
	}
	s.mu.Lock()
	if _, dup := s.keys[k.id]; dup {
		s.mu.Unlock()
		s.writeError(w, 409, "access key "+k.id+" exists")
		return
	}
	s.keys[k.id] = k
	s.mu.Unlock()
	s.knowFiles(k.path) // what is there now is no event: see arrivals.go
	v := s.keyView(k)
	v["secret"] = k.secret
	writeJSON(w, 200, v)
}

// lookupKey finds the key of the {id} in the path ("self" is the caller's).
func (s *Server) lookupKey(w http.ResponseWriter, r *http.Request, c caller) *accessKey {
	id := r.PathValue("id")
	if id == "self" && c.key != nil {
		return c.key
	}
	s.mu.Lock()
	k := s.keys[id]
	s.mu.Unlock()
	if k == nil || (c.key != nil && c.key != k) {
		s.writeError(w, 404, "no access key "+id)
		return nil
	}
	return k
}

func (s *Server) showKey(w http.ResponseWriter, r *http.Request, c caller) {
	if k := s.lookupKey(w, r, c); k != nil {
		writeJSON(w, 200, s.keyView(k))
	}
}

func (s *Server) modifyKey(w http.ResponseWriter, r *http.Request, c caller) {
	k := s.lookupKey(w, r, c)
	if k == nil {
		return
	}
	var req map[string]any
	if !readJSON(w, r, &req) {
		return
	}
	s.mu.Lock()
	if v, ok := req["token_verification_key"].(string); ok {
		k.verification = v
	}
	if v, ok := req["secret"].(string); ok && v != "" {
		k.secret = v
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteKey(w http.ResponseWriter, r *http.Request, c caller) {
	k := s.lookupKey(w, r, c)
	if k == nil {
		return
	}
	s.mu.Lock()
	delete(s.keys, k.id)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	var keys []*accessKey
	for _, k := range s.keys {
		if c.key == nil || c.key == k {
			keys = append(keys, k)
		}
	}
	s.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool { return keys[i].id < keys[j].id })
	page, per := pageParams(r, 100)
	from, to := min((page-1)*per, len(keys)), min(page*per, len(keys))
	out := []any{}
	for _, k := range keys[from:to] {
		out = append(out, s.keyView(k))
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(len(keys)))
	writeJSON(w, 200, out)
}

// pageParams reads page (from 1) and per_page.
func pageParams(r *http.Request, def int) (int, int) {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	per, err := strconv.Atoi(r.URL.Query().Get("per_page"))
	if err != nil || per < 1 {
		per = def
	}
	return page, per
}
