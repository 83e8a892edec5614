package faspex5sim

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// memberLevels are the access levels of the members of a group, by kind (the first is the
// default).
var memberLevels = map[string][]string{
	"shared_inbox": {"standard", "submit_only", "shared_inbox_admin"},
	"workgroup":    {"standard", "workgroup_admin"},
}

// access returns a member's level (s.mu held).
func (g *group) access(id string) string {
	if l, ok := g.levels[id]; ok {
		return l
	}
	return memberLevels[g.kind][0]
}

// memberView is a member as the API shows it: its id is the user's.
func (g *group) memberView(a *account) obj {
	v := obj{"id": a.id, "user_id": a.id, "type": a.kind(), "name": a.name, "first_name": a.name, "email": a.email,
		"status": "active", "expiration": "never", "member_since": stamp(time.Unix(0, 0)), "access": g.access(a.id)}
	if g.kind == "workgroup" {
		v["is_wg_admin"] = g.access(a.id) == "workgroup_admin"
	} else {
		v["is_wg_admin"] = false
	}
	return v
}

func (s *Server) memberRoutes(mux *http.ServeMux) {
	for _, kind := range []string{"shared_inbox", "workgroup"} {
		base := API + "/" + collection(kind) + "/{id}/members"
		mux.HandleFunc("GET "+base, s.admin(s.members(kind, http.MethodGet)))
		mux.HandleFunc("POST "+base, s.admin(s.members(kind, http.MethodPost)))
		mux.HandleFunc("PUT "+base+"/{member}", s.admin(s.members(kind, http.MethodPut)))
		mux.HandleFunc("DELETE "+base+"/{member}", s.admin(s.members(kind, http.MethodDelete)))
	}
	mux.HandleFunc("POST "+API+"/shared_inboxes/{id}/external_collaborator", s.admin(s.inviteExternal))
}

// inviteExternal makes an external account of an email address (unless it exists) and a
// submit_only member of the shared inbox; the simulator sends no email.
func (s *Server) inviteExternal(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Email string `json:"email_address"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if body.Email == "" {
		writeError(w, r, http.StatusBadRequest, "email_address is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groupOf(w, r, "shared_inbox", r.PathValue("id"))
	if g == nil {
		return
	}
	a := s.accountByName(body.Email)
	if a == nil {
		a = s.addAccount(User{Name: body.Email, Email: body.Email})
		a.external = true
	}
	if !g.member(a) {
		g.members = append(g.members, a.id)
		_ = s.setLevel(w, r, g, a.id, "submit_only")
	}
	writeJSON(w, http.StatusCreated, obj{"message": "invitation sent to " + body.Email})
}

// members lists (GET), adds (POST {user: [{id, access}]}), changes (PUT {access}) or removes
// (DELETE) members of a group.
func (s *Server) members(kind, method string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var body struct {
			User []struct {
				ID     string `json:"id"`
				Access string `json:"access"`
			} `json:"user"`
			Access string `json:"access"`
		}
		if (method == http.MethodPost || method == http.MethodPut) && !readJSON(w, r, &body) {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.groupOf(w, r, kind, r.PathValue("id"))
		if g == nil {
			return
		}
		switch method {
		case http.MethodGet:
			var items []obj
			for _, id := range g.members {
				if a := s.accountOf(id); a != nil && (r.URL.Query().Get("access") == "" || g.access(id) == r.URL.Query().Get("access")) {
					items = append(items, g.memberView(a))
				}
			}
			pageOf(w, r, "members", filter(items, r.URL.Query().Get("q")))
		case http.MethodPost:
			if len(body.User) == 0 {
				writeError(w, r, http.StatusBadRequest, "user is required")
				return
			}
			var added []any
			for _, u := range body.User {
				a := s.accountOf(u.ID)
				if a == nil {
					writeError(w, r, http.StatusNotFound, "no account "+u.ID)
					return
				}
				if !s.setLevel(w, r, g, u.ID, u.Access) {
					return
				}
				if !g.member(a) {
					g.members = append(g.members, a.id)
				}
				added = append(added, g.memberView(a))
			}
			if kind == "workgroup" { // as documented: the members added, and what failed
				writeJSON(w, http.StatusCreated, obj{"members": added, "errors": []any{}})
				return
			}
			writeJSON(w, http.StatusCreated, added[len(added)-1])
		default:
			a := s.accountOf(r.PathValue("member"))
			if a == nil || !g.member(a) {
				writeError(w, r, http.StatusNotFound, "no member "+r.PathValue("member"))
				return
			}
			if method == http.MethodDelete {
				g.members = slices.DeleteFunc(g.members, func(id string) bool { return id == a.id })
				delete(g.levels, a.id)
				w.WriteHeader(http.StatusNoContent)
				return
			}
			if body.Access == "" {
				writeError(w, r, http.StatusBadRequest, "access is required")
				return
			}
			if s.setLevel(w, r, g, a.id, body.Access) {
				writeJSON(w, 200, g.memberView(a))
			}
		}
	}
}

// setLevel sets a member's level ("" keeps it), or answers 400 for a level of another kind.
func (s *Server) setLevel(w http.ResponseWriter, r *http.Request, g *group, id, level string) bool {
	if level == "" {
		return true
	}
	if !slices.Contains(memberLevels[g.kind], level) {
		writeError(w, r, http.StatusBadRequest, "access must be one of "+strings.Join(memberLevels[g.kind], ", "))
		return false
	}
	if g.levels == nil {
		g.levels = map[string]string{}
	}
	g.levels[id] = level
	return true
}
