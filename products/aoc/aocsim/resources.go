package aocsim

import (
	"net/http"
	"strings"

	"github.com/asperalm/aslmcli/products/aoc"
)

// handler is an API handler with the caller's session.
type handler func(w http.ResponseWriter, r *http.Request, sess *session)

// user wraps a handler that any token of the organization may call.
func (s *Server) user(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if sess := s.caller(w, r); sess != nil {
			h(w, r, sess)
		}
	}
}

// admin wraps a handler that needs an administrator's token (admin:all).
func (s *Server) admin(h handler) http.HandlerFunc {
	return s.user(func(w http.ResponseWriter, r *http.Request, sess *session) {
		if !sess.hasScope(aoc.ScopeAdmin, aoc.ScopeAdminUser) || !s.isAdmin(sess.userID) {
			unauthorized(w, "insufficient scope: this operation needs admin:all")
			return
		}
		h(w, r, sess)
	})
}

func (s *Server) routes(mux *http.ServeMux) {
	const v1 = "/api/v1/"
	mux.HandleFunc("POST "+v1+"oauth2/{org}/token", s.token)
	mux.HandleFunc("GET "+v1+"oauth2/{org}/authorize", s.authorize)
	mux.HandleFunc("GET "+v1+"env/url_token_check", s.urlTokenCheck)
	mux.HandleFunc("GET "+v1+"servers", s.servers)
	mux.HandleFunc("GET "+v1+"self", s.user(s.self))
	mux.HandleFunc("GET "+v1+"organization", s.user(func(w http.ResponseWriter, r *http.Request, _ *session) {
		s.mu.Lock()
		defer s.mu.Unlock()
		writeJSON(w, http.StatusOK, s.st.org)
	}))
	mux.HandleFunc("PUT "+v1+"organization", s.admin(func(w http.ResponseWriter, r *http.Request, _ *session) {
		change, ok := readJSON(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for k, v := range change {
			s.st.org[k] = v
		}
		writeJSON(w, http.StatusOK, s.st.org)
	}))
	mux.HandleFunc("GET "+v1+"url_tokens", s.user(s.listURLTokens))
	mux.HandleFunc("GET "+v1+"contacts", s.user(s.contacts))
	mux.HandleFunc("POST "+v1+"contacts", s.user(s.createContact))
	mux.HandleFunc("PUT "+v1+"users/{id}", s.user(s.modifyUser))
	mux.HandleFunc("GET "+v1+"apps", s.admin(s.apps))
	mux.HandleFunc("GET "+v1+"apps/app_memberships", s.admin(func(w http.ResponseWriter, r *http.Request, _ *session) { page(w, r, []object{}) }))
	mux.HandleFunc("GET "+v1+"apps/{type}/settings", s.admin(s.appSettings))
	mux.HandleFunc("PUT "+v1+"apps/{type}/settings", s.admin(s.appSettings))
	s.packageRoutes(mux, v1)
	s.shortLinkRoutes(mux, v1)
	// resources: read by users, changed by administrators
	for path, c := range map[string]*collection{"workspaces": s.st.workspaces, "workspace_memberships": s.st.wsMemb,
		"nodes": s.st.nodes, "dropboxes": s.st.dropboxes, "dropbox_memberships": s.st.dbMemb} {
		s.crud(mux, v1+path, c, s.user, s.admin)
	}
	// resources of administrators only
	for path, c := range map[string]*collection{"users": s.st.users, "groups": s.st.groups, "group_memberships": s.st.groupMemb,
		"clients": s.st.clients} {
		s.crud(mux, v1+path, c, s.admin, s.admin)
	}
	for path, c := range s.st.generic {
		s.crud(mux, v1+path, c, s.admin, s.admin)
	}
	mux.HandleFunc("GET /analytics/v2/organizations/{id}/application_events", s.admin(s.applicationEvents))
	mux.HandleFunc("GET /analytics/v2/{resource}/{id}/transfers", s.admin(s.transferEvents))
}

// crud serves list, create, show, modify and delete of a collection; read guards the
// reads, write the changes. A modification of users goes through modifyUser.
func (s *Server) crud(mux *http.ServeMux, base string, c *collection, read, write func(handler) http.HandlerFunc) {
	mux.HandleFunc("GET "+base, read(func(w http.ResponseWriter, r *http.Request, _ *session) {
		s.mu.Lock()
		var out []object
		for _, o := range c.all() {
			if matches(o, r.URL.Query(), nil) {
				out = append(out, s.view(c, o))
			}
		}
		s.mu.Unlock()
		page(w, r, out)
	}))
	mux.HandleFunc("POST "+base, write(func(w http.ResponseWriter, r *http.Request, sess *session) {
		o, ok := readJSON(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if f := c.missing(o); f != "" {
			writeJSON(w, http.StatusUnprocessableEntity, object{"error": object{"code": "invalid", "user_message": c.name + ": " + f + " is required"}})
			return
		}
		if c == s.st.users && s.userByEmail(idText(o["email"])) != nil {
			writeJSON(w, http.StatusConflict, object{"error": object{"code": "conflict", "user_message": "a user has the e-mail " + idText(o["email"])}})
			return
		}
		if c == s.st.clients {
			o["secret"] = randomHex(12)
		}
		delete(o, "id")
		c.add(o)
		s.event(c.name+".created", sess.userID, object{"id": o["id"]})
		writeJSON(w, http.StatusCreated, s.view(c, o))
	}))
	mux.HandleFunc("GET "+base+"/{id}", read(func(w http.ResponseWriter, r *http.Request, _ *session) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if o := c.get(r.PathValue("id")); o != nil {
			writeJSON(w, http.StatusOK, s.view(c, o))
			return
		}
		notFound(w, c.name+" "+r.PathValue("id"))
	}))
	if c != s.st.users {
		mux.HandleFunc("PUT "+base+"/{id}", write(func(w http.ResponseWriter, r *http.Request, _ *session) {
			s.modify(w, r, c)
		}))
	}
	mux.HandleFunc("DELETE "+base+"/{id}", write(func(w http.ResponseWriter, r *http.Request, sess *session) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !c.remove(r.PathValue("id")) {
			notFound(w, c.name+" "+r.PathValue("id"))
			return
		}
		s.event(c.name+".deleted", sess.userID, object{"id": r.PathValue("id")})
		w.WriteHeader(http.StatusNoContent)
	}))
}

// modify merges a change into a resource (PUT answers 204, as the document says).
func (s *Server) modify(w http.ResponseWriter, r *http.Request, c *collection) {
	change, ok := readJSON(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := c.get(r.PathValue("id"))
	if o == nil {
		notFound(w, c.name+" "+r.PathValue("id"))
		return
	}
	for k, v := range change {
		if k != "id" {
			o[k] = v
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// view returns what the API shows of an object: a client's secret is shown once, at its
// creation, never in reads... except that the simulator's clients are its own: it keeps
// them out of every answer but POST.
func (s *Server) view(c *collection, o object) object {
	if c != s.st.clients {
		return o
	}
	out := object{}
	for k, v := range o {
		if k != "secret" {
			out[k] = v
		}
	}
	return out
}

func (s *Server) self(w http.ResponseWriter, r *http.Request, sess *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(sess.userID)
	if u == nil {
		unauthorized(w, "a public link has no user")
		return
	}
	out := object{"organization_id": s.st.org["id"]}
	for k, v := range u {
		out[k] = v
	}
	writeJSON(w, http.StatusOK, out)
}

// modifyUser is PUT users/{id}: an administrator changes anyone, a user only himself (his
// profile, his public key).
func (s *Server) modifyUser(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	if id != sess.userID && (!sess.hasScope(aoc.ScopeAdmin) || !s.isAdmin(sess.userID)) {
		unauthorized(w, "insufficient scope: a user changes only his own profile")
		return
	}
	change, ok := readJSON(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(id)
	if u == nil {
		notFound(w, "user "+id)
		return
	}
	for k, v := range change {
		switch k {
		case "id":
		case "public_key":
			s.st.userKeys[id] = idText(v)
		default:
			u[k] = v
		}
	}
	if _, ok := change["first_name"]; ok || change["last_name"] != nil {
		u["name"] = strings.TrimSpace(idText(u["first_name"]) + " " + idText(u["last_name"]))
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listURLTokens(w http.ResponseWriter, r *http.Request, sess *session) {
	if sess.link == nil {
		writeJSON(w, http.StatusOK, []any{})
		return
	}
	writeJSON(w, http.StatusOK, []any{sess.link.value()})
}

// urlTokenCheck tells, without authentication, whether a link needs a password.
func (s *Server) urlTokenCheck(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	l := s.st.urlTokens[r.URL.Query().Get("token")]
	s.mu.Unlock()
	if l == nil {
		notFound(w, "url token")
		return
	}
	writeJSON(w, http.StatusOK, object{"password_protected": l.password != ""})
}

// contacts lists the users and groups of the organization as contacts (source_type,
// source_id), filtered by q.
func (s *Server) contacts(w http.ResponseWriter, r *http.Request, _ *session) {
	q := r.URL.Query()
	s.mu.Lock()
	var out []object
	for _, u := range s.st.users.all() {
		c := object{"source_type": "user", "source_id": idText(u["id"]), "name": u["name"], "email": u["email"]}
		if matches(c, q, map[string]bool{"current_workspace_id": true, "workspace_id": true, "context": true}) {
			out = append(out, c)
		}
	}
	for _, g := range s.st.groups.all() {
		c := object{"source_type": "group", "source_id": idText(g["id"]), "name": g["name"], "email": ""}
		if matches(c, q, map[string]bool{"current_workspace_id": true, "workspace_id": true, "context": true}) {
			out = append(out, c)
		}
	}
	s.mu.Unlock()
	page(w, r, out)
}

// createContact invites an external user (a package recipient unknown to the organization).
func (s *Server) createContact(w http.ResponseWriter, r *http.Request, sess *session) {
	o, ok := readJSON(w, r)
	if !ok {
		return
	}
	email := idText(o["email"])
	s.mu.Lock()
	defer s.mu.Unlock()
	if email == "" || !strings.Contains(email, "@") {
		writeJSON(w, http.StatusUnprocessableEntity, object{"error": object{"code": "invalid", "user_message": "a contact needs an e-mail"}})
		return
	}
	u := s.userByEmail(email)
	if u == nil {
		u = s.st.users.add(object{"email": email, "name": email, "external": true, "organization_admin": false, "deactivated": false})
		s.event("user.invited", sess.userID, object{"email": email})
	}
	writeJSON(w, http.StatusCreated, object{"source_type": "user", "source_id": idText(u["id"]), "name": u["name"], "email": email})
}

func (s *Server) apps(w http.ResponseWriter, r *http.Request, _ *session) {
	var out []any
	for _, t := range []string{"Files", "Packages", "Activity", "Automation"} {
		out = append(out, object{"app_type": strings.ToLower(t), "app_name": t, "enabled": true})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) appSettings(w http.ResponseWriter, r *http.Request, _ *session) {
	if r.Method == http.MethodPut {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, object{"app_type": r.PathValue("type"), "organization_id": "1"})
}

// servers lists the transfer servers, without authentication: the nodes' hosts here.
func (s *Server) servers(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []any{}
	for _, n := range s.st.nodes.all() {
		out = append(out, object{"id": n["id"], "name": n["name"], "host": n["host"], "port": n["port"]})
	}
	writeJSON(w, http.StatusOK, out)
}
