package faspex5sim

import (
	"fmt"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// The shared folders are folders of the embedded node (node 1): "Shared" (the root's shared
// folder) at start, the admin makes others; directory is their path on the node.

func (s *Server) seedSharedFolders() {
	st := &store{items: map[string]obj{}}
	st.put("1", obj{"name": "Shared", "node_id": s.nodeID(), "directory": "/shared", "read_permission": "public",
		"default_inbox": false, "pagination_browsing": true})
	s.stores["shared_folders"] = st
}

// sharedFolder returns a shared folder by id, or nil.
func (s *Server) sharedFolder(id string) obj {
	st := s.stores["shared_folders"]
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.items[id]
}

// folderOf is the local folder of a shared folder.
func (s *Server) folderOf(sf obj) string {
	dir, _ := sf["directory"].(string)
	return filepath.Join(s.root, filepath.FromSlash(path.Clean("/"+dir)))
}

func (s *Server) sharedFolderRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+API+"/shared_folders", s.user(func(w http.ResponseWriter, r *http.Request, c caller) {
		st := s.stores["shared_folders"]
		st.mu.Lock()
		items := st.list()
		st.mu.Unlock()
		pageOf(w, r, "shared_folders", items)
	}))
	mux.HandleFunc("POST "+API+"/nodes/{node}/shared_folders/{id}/browse/page", s.user(s.browseSharedFolder))
	base := API + "/nodes/{node}/shared_folders"
	mux.HandleFunc("GET "+base, s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		st := s.stores["shared_folders"]
		st.mu.Lock()
		var items []obj
		for _, o := range st.list() {
			if o["node_id"] == r.PathValue("node") {
				items = append(items, o)
			}
		}
		st.mu.Unlock()
		pageOf(w, r, "shared_folders", filter(items, r.URL.Query().Get("name")))
	}))
	mux.HandleFunc("POST "+base, s.admin(s.createSharedFolder))
	mux.HandleFunc("GET "+base+"/{id}", s.admin(s.onNode(s.showIn("shared_folders"))))
	mux.HandleFunc("PUT "+base+"/{id}", s.admin(s.onNode(s.modifyIn("shared_folders"))))
	mux.HandleFunc("DELETE "+base+"/{id}", s.admin(s.onNode(s.deleteIn("shared_folders"))))
	mux.HandleFunc("GET "+base+"/{id}/custom_access_users", s.admin(s.customUsers(http.MethodGet)))
	mux.HandleFunc("POST "+base+"/{id}/custom_access_users", s.admin(s.customUsers(http.MethodPost)))
	mux.HandleFunc("DELETE "+base+"/{id}/custom_access_users/{user}", s.admin(s.customUsers(http.MethodDelete)))
}

// onNode answers 404 unless the shared folder of the path is on the path's node.
func (s *Server) onNode(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		if sf := s.sharedFolder(r.PathValue("id")); sf == nil || sf["node_id"] != r.PathValue("node") {
			writeError(w, r, http.StatusNotFound, fmt.Sprintf("no shared folder %s on node %s", r.PathValue("id"), r.PathValue("node")))
			return
		}
		h(w, r, c)
	}
}

// createSharedFolder makes a shared folder of the embedded node (its directory must exist).
func (s *Server) createSharedFolder(w http.ResponseWriter, r *http.Request, c caller) {
	var body obj
	if !readJSON(w, r, &body) {
		return
	}
	name, _ := body["name"].(string)
	dir, _ := body["directory"].(string)
	if strings.TrimSpace(name) == "" || dir == "" {
		writeError(w, r, http.StatusBadRequest, "name and directory are required")
		return
	}
	if r.PathValue("node") != s.nodeID() {
		writeError(w, r, http.StatusNotFound, "no node "+r.PathValue("node"))
		return
	}
	body["node_id"], body["directory"] = s.nodeID(), path.Clean("/"+dir)
	delete(body, "test")
	for _, k := range []string{"default_inbox", "enable_linking", "enable_cloud_referencing"} {
		if body[k] == nil {
			body[k] = false
		}
	}
	if body["read_permission"] == nil {
		body["read_permission"] = "public"
	}
	s.mu.Lock()
	id := s.nextID()
	s.mu.Unlock()
	st := s.stores["shared_folders"]
	st.mu.Lock()
	st.put(id, body)
	st.mu.Unlock()
	writeJSON(w, http.StatusCreated, body)
}

func (s *Server) browseSharedFolder(w http.ResponseWriter, r *http.Request, c caller) {
	sf := s.sharedFolder(r.PathValue("id"))
	if sf == nil || sf["node_id"] != r.PathValue("node") {
		writeError(w, r, http.StatusNotFound, fmt.Sprintf("no shared folder %s on node %s", r.PathValue("id"), r.PathValue("node")))
		return
	}
	browseDir(w, r, s.folderOf(sf))
}

// customUsers lists (GET), adds (POST {user_id}) or removes (DELETE .../{user}) the users of
// custom access to a shared folder. The simulator records them; browsing does not check them.
func (s *Server) customUsers(method string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var body struct {
			UserID string `json:"user_id"`
		}
		if method == http.MethodPost && !readJSON(w, r, &body) {
			return
		}
		sf := s.sharedFolder(r.PathValue("id"))
		if sf == nil || sf["node_id"] != r.PathValue("node") {
			writeError(w, r, http.StatusNotFound, fmt.Sprintf("no shared folder %s on node %s", r.PathValue("id"), r.PathValue("node")))
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		users := s.customAccess[r.PathValue("id")]
		switch method {
		case http.MethodGet:
			var items []obj
			for _, id := range users {
				if a := s.accountOf(id); a != nil {
					items = append(items, a.view())
				}
			}
			pageOf(w, r, "users", filter(items, r.URL.Query().Get("q")))
		case http.MethodPost:
			a := s.accountOf(body.UserID)
			if a == nil {
				writeError(w, r, http.StatusNotFound, "no account "+body.UserID)
				return
			}
			if !slices.Contains(users, a.id) {
				s.customAccess[r.PathValue("id")] = append(users, a.id)
			}
			writeJSON(w, http.StatusCreated, a.view())
		case http.MethodDelete:
			if !slices.Contains(users, r.PathValue("user")) {
				writeError(w, r, http.StatusNotFound, "no custom access user "+r.PathValue("user"))
				return
			}
			s.customAccess[r.PathValue("id")] = slices.DeleteFunc(users, func(id string) bool { return id == r.PathValue("user") })
			w.WriteHeader(http.StatusNoContent)
		}
	}
}
