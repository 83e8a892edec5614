package aocsim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// permissions are the node permissions of a simulated node (what AoC's sharing records on a
// folder), which the node simulator does not keep: GET /permissions?file_id=, POST
// /permissions and DELETE /permissions/{id}. The caller must be able to read the file
// (GET /files/{id} with its credentials answers 200); the permissions are kept, not enforced.
type permissions struct {
	mu    sync.Mutex
	items map[string]object
	next  int
}

// serve answers a /permissions request; false when the path is not one.
func (p *permissions) serve(n *simNode, next http.Handler, w http.ResponseWriter, r *http.Request) bool {
	id, isOne := strings.CutPrefix(r.URL.Path, "/permissions/")
	switch {
	case r.URL.Path == "/permissions" && r.Method == http.MethodGet:
		fileID := r.URL.Query().Get("file_id")
		if !n.readable(next, w, r, fileID) {
			return true
		}
		p.mu.Lock()
		out := []object{}
		for _, o := range p.items {
			if o["file_id"] == fileID {
				out = append(out, o)
			}
		}
		p.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	case r.URL.Path == "/permissions" && r.Method == http.MethodPost:
		var o object
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			writeJSON(w, http.StatusBadRequest, object{"error": object{"code": 400, "reason": "Bad Request", "user_message": err.Error()}})
			return true
		}
		fileID := idText(o["file_id"])
		if idText(o["access_type"]) == "" || idText(o["access_id"]) == "" {
			writeJSON(w, http.StatusBadRequest, object{"error": object{"code": 400, "reason": "Bad Request", "user_message": "access_type and access_id are required"}})
			return true
		}
		if !n.readable(next, w, r, fileID) {
			return true
		}
		now := time.Now().UTC().Format(time.RFC3339)
		p.mu.Lock()
		p.next++
		o["id"], o["file_id"], o["created_at"], o["last_updated_at"] = strconv.Itoa(p.next), fileID, now, now
		if p.items == nil {
			p.items = map[string]object{}
		}
		p.items[idText(o["id"])] = o
		p.mu.Unlock()
		writeJSON(w, http.StatusOK, o)
	case isOne && r.Method == http.MethodDelete:
		p.mu.Lock()
		o := p.items[id]
		p.mu.Unlock()
		if o == nil {
			writeJSON(w, http.StatusNotFound, object{"error": object{"code": 404, "reason": "Not Found", "user_message": "permission " + id}})
			return true
		}
		if !n.readable(next, w, r, idText(o["file_id"])) {
			return true
		}
		p.mu.Lock()
		delete(p.items, id)
		p.mu.Unlock()
		w.WriteHeader(http.StatusOK) // as the document says (200, no body)
	default:
		return false
	}
	return true
}

// readable tells whether the caller of r may read the file id (GET /files/{id} with its
// credentials); when not, the node's answer is written.
func (n *simNode) readable(next http.Handler, w http.ResponseWriter, r *http.Request, fileID string) bool {
	r2, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "/files/"+fileID, nil)
	if err != nil || fileID == "" {
		writeJSON(w, http.StatusBadRequest, object{"error": object{"code": 400, "reason": "Bad Request", "user_message": "file_id is required"}})
		return false
	}
	r2.Header = r.Header.Clone()
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r2)
	if rec.Code != http.StatusOK {
		copyAnswer(w, rec)
		return false
	}
	return true
}
