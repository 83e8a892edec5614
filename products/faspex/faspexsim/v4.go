package faspexsim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// v4Collections are the v4 API's collections, below /aspera/faspex/api.
var v4Collections = []string{"admin/dropboxes", "dropbox_memberships", "admin/workgroups", "workgroup_memberships", "users", "metadata_profiles"}

// v4Seed makes the first items of the v4 collections (s.mu held).
func (s *Server) v4Seed() {
	s.v4 = map[string][]map[string]any{}
	for i, u := range s.cfg.Users {
		s.v4["users"] = append(s.v4["users"], map[string]any{"id": i + 1, "name": u.Name, "email": u.Email, "first_name": u.Name, "last_name": ""})
	}
	s.v4["admin/dropboxes"] = []map[string]any{{"id": 1, "e_wg_name": Dropbox, "e_wg_desc": "everyone's dropbox", "created_at": "2026-01-01T00:00:00Z"}}
	s.v4["admin/workgroups"] = []map[string]any{}
	s.v4["dropbox_memberships"] = []map[string]any{}
	s.v4["workgroup_memberships"] = []map[string]any{}
	s.v4["metadata_profiles"] = []map[string]any{}
	s.v4Seq = 100
}

// v4Routes adds the token endpoint (password grant; scope admin for admins, or none), the v4
// admin collections (list, show, create, modify, delete; a token of scope admin) and the
// packages of a user (users/{id|me}/packages: list, show, delete; see v4Package).
func (s *Server) v4Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST "+BasePath+"/auth/oauth2/token", s.v4Token)
	for _, c := range v4Collections {
		mux.HandleFunc("GET "+BasePath+"/api/"+c, s.v4Auth(func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			writeJSON(w, 200, s.v4[c])
		}))
		mux.HandleFunc("POST "+BasePath+"/api/"+c, s.v4Auth(func(w http.ResponseWriter, r *http.Request) {
			var item map[string]any
			if err := json.NewDecoder(r.Body).Decode(&item); err != nil || item == nil {
				writeError(w, http.StatusBadRequest, "the body is not a JSON object")
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			s.v4Seq++
			item["id"] = s.v4Seq
			s.v4[c] = append(s.v4[c], item)
			writeJSON(w, 201, item)
		}))
		for _, m := range []string{"GET", "PUT", "DELETE"} {
			mux.HandleFunc(m+" "+BasePath+"/api/"+c+"/{id}", s.v4Auth(func(w http.ResponseWriter, r *http.Request) { s.v4Item(w, r, c) }))
		}
	}
	mux.HandleFunc("GET "+BasePath+"/api/users/{user}/packages", s.v4Packages)
	for _, m := range []string{"GET", "DELETE"} {
		mux.HandleFunc(m+" "+BasePath+"/api/users/{user}/packages/{id}", s.v4Package)
	}
}

// v4Item answers GET, PUT and DELETE of one item.
func (s *Server) v4Item(w http.ResponseWriter, r *http.Request, c string) {
	id := r.PathValue("id")
	var change map[string]any
	if r.Method == "PUT" {
		if err := json.NewDecoder(r.Body).Decode(&change); err != nil {
			writeError(w, http.StatusBadRequest, "the body is not a JSON object")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, item := range s.v4[c] {
		if strconv.Itoa(toInt(item["id"])) != id {
			continue
		}
		switch r.Method {
		case "PUT":
			for k, v := range change {
				if k != "id" {
					item[k] = v
				}
			}
		case "DELETE":
			s.v4[c] = append(s.v4[c][:i], s.v4[c][i+1:]...)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, 200, item)
		return
	}
	writeError(w, http.StatusNotFound, strings.TrimPrefix(c, "admin/")+" "+id+" not found")
}

func toInt(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case float64:
		return int(x)
	}
	return -1
}

// v4Token answers the password grant: the user's credentials in the form (or as the client's,
// Basic), scope admin, an admin's account.
func (s *Server) v4Token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "password" {
		writeJSON(w, 400, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	name, pass := r.PostForm.Get("username"), r.PostForm.Get("password")
	if name == "" {
		name, pass, _ = r.BasicAuth()
	}
	var u *User
	for i := range s.cfg.Users {
		if s.cfg.Users[i].Name == name && s.cfg.Users[i].Password == pass {
			u = &s.cfg.Users[i]
		}
	}
	if u == nil {
		writeJSON(w, 401, map[string]any{"error": "invalid_grant", "error_description": "invalid username or password"})
		return
	}
	scope := r.PostForm.Get("scope")
	if (scope != "" && scope != "admin") || (scope == "admin" && u.Name != "admin") {
		writeJSON(w, 400, map[string]any{"error": "invalid_scope", "error_description": "scope admin is for administrators"})
		return
	}
	tok := randomHex(16)
	s.mu.Lock()
	s.v4Tokens[tok] = v4Session{user: u, admin: scope == "admin"}
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600, "scope": scope})
}

// v4Session is what a bearer token of the v4 API stands for: its user, and scope admin.
type v4Session struct {
	user  *User
	admin bool
}

// v4Session returns the session of the request's bearer token (false: none or unknown).
func (s *Server) v4Session(r *http.Request) (v4Session, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	v, known := s.v4Tokens[tok]
	return v, ok && known
}

// v4Auth checks the bearer token of the v4 API's admin resources (scope admin).
func (s *Server) v4Auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if v, ok := s.v4Session(r); !ok || !v.admin {
			writeError(w, http.StatusUnauthorized, "a bearer token of the password grant (scope admin) is required")
			return
		}
		h(w, r)
	}
}
