package faspex5sim

import (
	"net/http"
	"slices"
	"time"
)

// SAML groups are kept as a generic resource (storeKeys); a shared inbox or a workgroup
// gives some of them access (samlAccess, by group id): an assignment's id is the SAML
// group's.

// samlLevels are the access levels of a group's SAML groups, by kind (the first is the
// default).
var samlLevels = map[string][]string{"shared_inbox": {"submit_only", "standard"}, "workgroup": {"standard"}}

func (s *Server) samlGroupRoutes(mux *http.ServeMux) {
	for _, kind := range []string{"shared_inbox", "workgroup"} {
		base := API + "/" + collection(kind) + "/{id}/saml_groups"
		mux.HandleFunc("GET "+base, s.admin(s.groupSAML(kind, http.MethodGet)))
		mux.HandleFunc("POST "+base, s.admin(s.groupSAML(kind, http.MethodPost)))
		mux.HandleFunc("PUT "+base+"/{sg}", s.admin(s.groupSAML(kind, http.MethodPut)))
		mux.HandleFunc("DELETE "+base+"/{sg}", s.admin(s.groupSAML(kind, http.MethodDelete)))
	}
}

// groupSAML lists, adds, changes or removes the SAML groups of a shared inbox or workgroup.
func (s *Server) groupSAML(kind, method string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var body struct {
			GroupID string `json:"group_id"`
			Access  string `json:"access"`
		}
		if (method == http.MethodPost || method == http.MethodPut) && !readJSON(w, r, &body) {
			return
		}
		saml := s.stores["saml_groups"]
		saml.mu.Lock()
		defer saml.mu.Unlock()
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.groupOf(w, r, kind, r.PathValue("id"))
		if g == nil {
			return
		}
		if g.saml == nil {
			g.saml = map[string]string{}
		}
		view := func(id string) obj {
			sg := saml.items[id]
			return obj{"id": id, "group_id": id, "group_name": sg["group_distinguished_name"], "group_distinguished_name": sg["group_distinguished_name"],
				"members_count": 0, "status": "active", "date_added": stamp(time.Unix(0, 0)), "access": g.saml[id]}
		}
		id := r.PathValue("sg")
		if method == http.MethodPost {
			id = body.GroupID
		}
		_, assigned := g.saml[id]
		switch {
		case method == http.MethodGet:
			var items []obj
			for _, sgID := range saml.order {
				if _, ok := g.saml[sgID]; ok {
					items = append(items, view(sgID))
				}
			}
			pageOf(w, r, "groups", filter(items, r.URL.Query().Get("q")))
			return
		case method == http.MethodPost && saml.items[id] == nil:
			writeError(w, r, http.StatusNotFound, "no SAML group "+id)
			return
		case method != http.MethodPost && !assigned:
			writeError(w, r, http.StatusNotFound, "no SAML group "+id+" in "+g.name)
			return
		case method == http.MethodDelete:
			delete(g.saml, id)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		level := body.Access
		if level == "" {
			level = samlLevels[kind][0]
		}
		if !slices.Contains(samlLevels[kind], level) {
			writeError(w, r, http.StatusBadRequest, "invalid access "+level)
			return
		}
		g.saml[id] = level
		writeJSON(w, 200, view(id)) // 200 for both, as documented
	}
}
