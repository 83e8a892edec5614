package sharessim

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// adminHandler serves one request of the administration API, under the lock, for an
// administrator.
type adminHandler func(w http.ResponseWriter, r *http.Request, caller *user)

// asAdmin authenticates, requires an administrator and holds the lock while h runs.
func (s *Server) asAdmin(h adminHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := s.authenticate(w, r)
		if u == nil {
			return
		}
		if !u.admin {
			writeError(w, http.StatusForbidden, "the administration API is for administrators")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		h(w, r, u)
	}
}

// plain adapts a handler that needs no caller.
func plain(h http.HandlerFunc) adminHandler {
	return func(w http.ResponseWriter, r *http.Request, _ *user) { h(w, r) }
}

func (s *Server) adminRoutes(mux *http.ServeMux) {
	a := func(pattern string, h adminHandler) { mux.HandleFunc(pattern, s.asAdmin(h)) }
	const d = "/api/v1/data/"
	a("GET /api/v1", plain(s.apiInfo))
	a("GET "+d+"users", plain(s.listUsers))
	a("GET "+d+"users/{id}", plain(s.showUser))
	a("DELETE "+d+"users/{id}", func(w http.ResponseWriter, r *http.Request, c *user) {
		if u := s.pathUser(w, r); u != nil {
			s.deleteUser(u, w, r, c)
		}
	})
	a("GET "+d+"users/{id}/share_permissions", plain(s.userSharePermissions))
	a("GET "+d+"users/{id}/share_permissions/{share_id}", plain(s.userSharePermissions))
	a("GET "+d+"local_users", plain(s.listLocalUsers))
	a("POST "+d+"local_users", plain(s.createLocalUser))
	a("GET "+d+"local_users/{id}", func(w http.ResponseWriter, r *http.Request, _ *user) {
		if u := s.pathLocalUser(w, r); u != nil {
			writeJSON(w, 200, u.local())
		}
	})
	a("PUT "+d+"local_users/{id}", plain(s.modifyLocalUser))
	a("DELETE "+d+"local_users/{id}", func(w http.ResponseWriter, r *http.Request, c *user) {
		if u := s.pathLocalUser(w, r); u != nil {
			s.deleteUser(u, w, r, c)
		}
	})
	a("POST "+d+"ldap_users", plain(s.addLDAPUser))
	a("POST "+d+"saml_users/import", plain(s.importSAMLUser))
	a("GET "+d+"groups", plain(s.listGroups))
	a("POST "+d+"groups", plain(s.createGroup))
	a("GET "+d+"groups/{id}", plain(s.showGroup))
	a("PUT "+d+"groups/{id}", plain(s.modifyGroup))
	a("DELETE "+d+"groups/{id}", plain(s.deleteGroup))
	a("GET "+d+"shares", plain(s.listShares))
	a("POST "+d+"shares", s.createShare)
	a("GET "+d+"shares/{id}", plain(s.showShare))
	a("PUT "+d+"shares/{id}", plain(s.modifyShare))
	a("DELETE "+d+"shares/{id}", plain(s.deleteShare))
	for _, kind := range []string{"user", "group"} {
		p := d + "shares/{id}/" + kind + "_permissions"
		a("GET "+p, s.listPermissions(kind))
		a("POST "+p, s.createPermission(kind))
		a("GET "+p+"/{pid}", s.onePermission(kind, "show"))
		a("PUT "+p+"/{pid}", s.onePermission(kind, "modify"))
		a("DELETE "+p+"/{pid}", s.onePermission(kind, "delete"))
		a("GET "+d+kind+"s/{id}/transfer_settings", s.ownSettings(kind, "show"))
		a("PUT "+d+kind+"s/{id}/transfer_settings", s.ownSettings(kind, "modify"))
		a("DELETE "+d+kind+"s/{id}/transfer_settings", s.ownSettings(kind, "delete"))
	}
	a("GET "+d+"nodes", plain(s.listNodes))
	a("POST "+d+"nodes", plain(s.createNode))
	a("GET "+d+"nodes/{id}", plain(s.showNode))
	a("PUT "+d+"nodes/{id}", plain(s.modifyNode))
	a("DELETE "+d+"nodes/{id}", plain(s.deleteNode))
	a("GET "+d+"transfer_settings", plain(s.showSettings))
	a("PUT "+d+"transfer_settings", plain(s.modifySettings))
}

func (s *Server) apiInfo(w http.ResponseWriter, r *http.Request) {
	var links []any
	for _, rel := range []string{"users", "local_users", "groups", "shares", "nodes", "transfer_settings"} {
		links = append(links, map[string]any{"rel": rel, "href": "/api/v1/data/" + rel})
	}
	writeJSON(w, 200, map[string]any{"resource_type": "api_v1", "links": links})
}

// group is a group of users (the simulator keeps no members).
type group struct {
	id                int
	name, description string
	created, updated  time.Time
}

func (g *group) view() map[string]any {
	return map[string]any{"id": g.id, "name": g.name, "description": g.description, "member_count": 0,
		"created_at": stamp(g.created), "updated_at": stamp(g.updated)}
}

func (s *Server) pathGroup(w http.ResponseWriter, r *http.Request) *group {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil
	}
	for _, g := range s.groups {
		if g.id == id {
			return g
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("group %d not found", id))
	return nil
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	out := []any{}
	for _, g := range s.groups {
		out = append(out, g.view())
	}
	writeJSON(w, 200, out)
}

func (s *Server) showGroup(w http.ResponseWriter, r *http.Request) {
	if g := s.pathGroup(w, r); g != nil {
		writeJSON(w, 200, g.view())
	}
}

// nameFields reads name and description; name is required on creation, unique, not empty.
func nameFields(w http.ResponseWriter, r *http.Request, create bool, taken func(string) bool) (map[string]any, bool) {
	var body map[string]any
	if !readJSON(w, r, &body) {
		return nil, false
	}
	name, hasName := body["name"].(string)
	switch {
	case create && !hasName, hasName && strings.TrimSpace(name) == "":
		writeError(w, http.StatusBadRequest, "name is required")
		return nil, false
	case hasName && taken(name):
		writeError(w, http.StatusBadRequest, "name has already been taken")
		return nil, false
	}
	return body, true
}

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request) {
	body, ok := nameFields(w, r, true, func(n string) bool { return s.groupNamed(n) != nil })
	if !ok {
		return
	}
	now := time.Now()
	g := &group{id: s.newID("group"), name: body["name"].(string), created: now, updated: now}
	g.description, _ = body["description"].(string)
	s.groups = append(s.groups, g)
	writeJSON(w, http.StatusCreated, g.view())
}

func (s *Server) groupNamed(name string) *group {
	for _, g := range s.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

func (s *Server) modifyGroup(w http.ResponseWriter, r *http.Request) {
	g := s.pathGroup(w, r)
	if g == nil {
		return
	}
	body, ok := nameFields(w, r, false, func(n string) bool { x := s.groupNamed(n); return x != nil && x != g })
	if !ok {
		return
	}
	if n, ok := body["name"].(string); ok {
		g.name = n
	}
	if d, ok := body["description"].(string); ok {
		g.description = d
	}
	g.updated = time.Now()
	writeJSON(w, 200, g.view())
}

func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request) {
	g := s.pathGroup(w, r)
	if g == nil {
		return
	}
	for i, x := range s.groups {
		if x == g {
			s.groups = append(s.groups[:i], s.groups[i+1:]...)
			break
		}
	}
	s.dropPermissions(func(p *permission) bool { return p.kind == "group" && p.owner == g.id })
	delete(s.settings, fmt.Sprintf("group/%d", g.id))
	writeJSON(w, http.StatusNoContent, nil)
}

// share is a share: the node folder /<name> of node 1.
type share struct {
	id                int
	name, description string
	nodeID, createdBy int
	created, updated  time.Time
}

func (sh *share) view() map[string]any {
	return map[string]any{"id": sh.id, "name": sh.name, "description": sh.description, "node_id": sh.nodeID,
		"path": "/" + sh.name, "directory": "/" + sh.name, "created_by": sh.createdBy,
		"created_at": stamp(sh.created), "updated_at": stamp(sh.updated)}
}

func (s *Server) shareNamed(name string) *share {
	for _, sh := range s.shares {
		if sh.name == name {
			return sh
		}
	}
	return nil
}

func (s *Server) pathShare(w http.ResponseWriter, r *http.Request) *share {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil
	}
	for _, sh := range s.shares {
		if sh.id == id {
			return sh
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("share %d not found", id))
	return nil
}

func (s *Server) listShares(w http.ResponseWriter, r *http.Request) {
	out := []any{}
	for _, sh := range s.shares {
		out = append(out, sh.view())
	}
	writeJSON(w, 200, out)
}

func (s *Server) showShare(w http.ResponseWriter, r *http.Request) {
	if sh := s.pathShare(w, r); sh != nil {
		writeJSON(w, 200, sh.view())
	}
}

// shareFields checks what a share may be: a name that is one path segment, on node 1, at
// the path /<name>.
func shareFields(w http.ResponseWriter, body map[string]any, name string) bool {
	if strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		writeError(w, http.StatusBadRequest, "a share name cannot hold / or be . or ..")
		return false
	}
	if n, ok := body["node_id"]; ok && n != float64(1) {
		writeError(w, http.StatusBadRequest, "this simulator serves files from node 1 only")
		return false
	}
	if p, ok := body["path"].(string); ok && strings.Trim(p, "/") != name {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("this simulator serves each share from the node folder /<name>: path must be /%s", name))
		return false
	}
	return true
}

func (s *Server) createShare(w http.ResponseWriter, r *http.Request, caller *user) {
	body, ok := nameFields(w, r, true, func(n string) bool { return s.shareNamed(n) != nil })
	if !ok {
		return
	}
	name := body["name"].(string)
	if _, has := body["node_id"]; !has {
		writeError(w, http.StatusBadRequest, "node_id is required")
		return
	}
	if !shareFields(w, body, name) {
		return
	}
	if err := os.MkdirAll(filepath.Join(s.cfg.Root, name), 0o755); err != nil {
		writeError(w, http.StatusInternalServerError, "create the share's folder: "+err.Error())
		return
	}
	now := time.Now()
	sh := &share{id: s.newID("share"), name: name, nodeID: 1, createdBy: caller.id, created: now, updated: now}
	sh.description, _ = body["description"].(string)
	s.shares = append(s.shares, sh)
	writeJSON(w, http.StatusCreated, sh.view())
}

func (s *Server) modifyShare(w http.ResponseWriter, r *http.Request) {
	sh := s.pathShare(w, r)
	if sh == nil {
		return
	}
	body, ok := nameFields(w, r, false, func(n string) bool { x := s.shareNamed(n); return x != nil && x != sh })
	if !ok {
		return
	}
	name := sh.name
	if n, ok := body["name"].(string); ok {
		name = n
	}
	if !shareFields(w, body, name) {
		return
	}
	if name != sh.name {
		if err := os.Rename(filepath.Join(s.cfg.Root, sh.name), filepath.Join(s.cfg.Root, name)); err != nil {
			writeError(w, http.StatusBadRequest, "rename the share's folder: "+err.Error())
			return
		}
		sh.name = name
	}
	if d, ok := body["description"].(string); ok {
		sh.description = d
	}
	sh.updated = time.Now()
	writeJSON(w, 200, sh.view())
}

func (s *Server) deleteShare(w http.ResponseWriter, r *http.Request) {
	sh := s.pathShare(w, r)
	if sh == nil {
		return
	}
	for i, x := range s.shares {
		if x == sh {
			s.shares = append(s.shares[:i], s.shares[i+1:]...)
			break
		}
	}
	s.dropPermissions(func(p *permission) bool { return p.share == sh.id })
	writeJSON(w, http.StatusNoContent, nil)
}
