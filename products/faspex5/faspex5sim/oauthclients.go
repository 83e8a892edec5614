package faspex5sim

import (
	"net/http"
	"slices"
	"strings"
)

// oauthPath is the collection of API clients: on the authorization server, where ascli
// reaches them (the document places some of their operations there too).
const oauthPath = BasePath + "/auth/oauth_clients"

// seedClients registers the simulator's API client and its web client as API clients.
func (s *Server) seedClients() {
	st := &store{items: map[string]obj{}}
	st.put(s.nextID(), obj{"client_id": s.cfg.ClientID, "name": "aslmcli", "client_type": "confidential", "allow_jwt_grant": true,
		"allow_global_key": false, "redirect_uris": []any{"http://localhost:12345"}, "access_grant_all_users": true})
	st.put(s.nextID(), obj{"client_id": s.cfg.WebClientID, "name": "Faspex web", "client_type": "public", "allow_jwt_grant": false,
		"allow_global_key": false, "redirect_uris": []any{}, "access_grant_all_users": true})
	s.stores["oauth_clients"] = st
}

func (s *Server) oauthClientRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+oauthPath, s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		st := s.stores["oauth_clients"]
		st.mu.Lock()
		var items []obj
		types := r.URL.Query()["client_types[]"]
		for _, o := range st.list() {
			if len(types) == 0 || slices.Contains(types, o["client_type"].(string)) {
				items = append(items, o)
			}
		}
		st.mu.Unlock()
		pageOf(w, r, "oauth_clients", filter(items, r.URL.Query().Get("q")))
	}))
	mux.HandleFunc("POST "+oauthPath, s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		var body obj
		if !readJSON(w, r, &body) {
			return
		}
		if name, _ := body["name"].(string); strings.TrimSpace(name) == "" {
			writeError(w, r, http.StatusBadRequest, "name is required")
			return
		}
		s.mu.Lock()
		id := s.nextID()
		s.mu.Unlock()
		body["client_id"], body["creator_id"] = randomHex(16), c.user.id
		if body["client_type"] == nil {
			body["client_type"] = "confidential"
		}
		st := s.stores["oauth_clients"]
		st.mu.Lock()
		st.put(id, body)
		out := obj{}
		for k, v := range body {
			out[k] = v
		}
		st.mu.Unlock()
		if body["client_type"] == "confidential" {
			out["client_secret"] = randomHex(24) // shown once, at creation; the simulator keeps none
		}
		writeJSON(w, http.StatusCreated, out)
	}))
	mux.HandleFunc("GET "+oauthPath+"/{id}", s.admin(s.showIn("oauth_clients")))
	mux.HandleFunc("PUT "+oauthPath+"/{id}", s.admin(s.modifyIn("oauth_clients")))
	mux.HandleFunc("DELETE "+oauthPath+"/{id}", s.admin(s.deleteIn("oauth_clients")))
}
